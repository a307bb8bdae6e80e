//! Listing calls: [`Client::list_calls`], its [`CallFilter`], and the one paging loop every
//! binding drives ([`CallPager`]).
//!
//! The API pages Laravel-style (`page`, `per_page`, a `pagination` object). A server that
//! misbehaves must not make a listing loop forever or skip calls silently, so the pager
//! follows the stop rules of the vendor's docs and refuses answers that contradict them:
//!
//! - it stops after `last_page`; without one, once `page * per_page >= total`; without
//!   either, at a page shorter than asked for; and always at an empty page;
//! - a `current_page` other than the page asked for, a page that repeats the previous one, an
//!   empty page before the `total` the server announced, or more than [`MAX_PAGES`] pages
//!   are an [`Error::Response`]: the listing cannot be trusted past that point.

use crate::client::{Client, RequestOptions};
use crate::envelope::decode_call_page;
use crate::error::{Error, Result};
use crate::filter::CallFilter;
use crate::log::Endpoint;
use crate::model::{CallPage, CallRecord};
use crate::transport::PreparedRequest;
use futures_util::stream::{self, Stream, TryStreamExt};
use reqwest::Method;
use std::collections::HashSet;

/// Most pages one listing reads: 10 million calls at 100 a page. A server that never says
/// it is done is stopped here.
pub const MAX_PAGES: u64 = 100_000;

/// Reads a listing one page at a time, lazily: one request per [`CallPager::next_page`],
/// each with the client's retries, timeouts and cancellation. The bindings' iterators and
/// [`CallPager::items`] are built on it.
#[derive(Debug)]
pub struct CallPager {
    client: Client,
    filter: CallFilter,
    opts: RequestOptions,
    next: u64,
    done: bool,
    delivered: u64,
    previous_ids: HashSet<String>,
}

impl Client {
    /// Lists calls, newest first as the API orders them: all of them, or one agent's
    /// (`filter.agent_id`), narrowed by the filter. Nothing is sent until the first page is
    /// asked for; the filter is checked now.
    ///
    /// ```no_run
    /// # async fn run(client: talkover::Client) -> talkover::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let yesterday = talkover::chrono::Utc::now().date_naive().pred_opt().unwrap();
    /// let filter = talkover::CallFilter::new().date_from(yesterday).date_to(yesterday);
    /// let mut calls = std::pin::pin!(client.list_calls(filter)?.items());
    /// while let Some(call) = calls.try_next().await? {
    ///     println!("{} {} {:?}s", call.id, call.status, call.duration);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list_calls(&self, filter: CallFilter) -> Result<CallPager> {
        self.list_calls_with(filter, RequestOptions::default())
    }

    /// [`Client::list_calls`] with per-call options, applied to every page request.
    pub fn list_calls_with(&self, filter: CallFilter, opts: RequestOptions) -> Result<CallPager> {
        filter.validate()?;
        Ok(CallPager {
            client: self.clone(),
            filter,
            opts,
            next: 1,
            done: false,
            delivered: 0,
            previous_ids: HashSet::new(),
        })
    }
}

impl CallPager {
    /// The next page, or `None` once the listing is done. After an error the pager is done.
    pub async fn next_page(&mut self) -> Result<Option<CallPage>> {
        if self.done {
            return Ok(None);
        }
        let outcome = self.fetch().await;
        // Only a finished request moves the pager: if this future is dropped while the
        // request is in flight (a cancelled task, a timeout around it), nothing above has
        // changed and the next call asks for the same page again, so no page is skipped.
        match outcome {
            Ok(page) => {
                self.delivered += page.items.len() as u64;
                self.previous_ids = page.items.iter().map(|c| c.id.clone()).collect();
                self.next = page.number + 1;
                self.done = !page.has_more;
                Ok(Some(page))
            }
            Err(err) => {
                // After an error the listing cannot be trusted to resume where it was.
                self.done = true;
                Err(err)
            }
        }
    }

    /// Requests page `self.next` and checks it against the pages before it.
    async fn fetch(&self) -> Result<CallPage> {
        let number = self.next;
        if number > MAX_PAGES {
            return Err(inconsistent(format!(
                "the listing did not end after {MAX_PAGES} pages"
            )));
        }
        let req = PreparedRequest {
            method: Method::GET,
            url: self.filter.url(self.client.base_url(), number),
            json_body: None,
            endpoint: Endpoint::ListCalls {
                agent_id: self.filter.agent_id.as_deref(),
            },
        };
        let mut page = self
            .client
            .execute_change(&req, &self.opts, |raw| decode_call_page(raw, number), None)
            .await?;
        self.check(&page)?;
        page.has_more = self.more_after(&page);
        Ok(page)
    }

    /// Refuses a page that contradicts the pages before it.
    fn check(&self, page: &CallPage) -> Result<()> {
        let p = &page.pagination;
        if let Some(current) = p.current_page.filter(|c| *c != page.number) {
            return Err(inconsistent(format!(
                "asked for page {}, the server answered page {current}",
                page.number
            )));
        }
        if !page.items.is_empty()
            && page.items.len() == self.previous_ids.len()
            && page.items.iter().all(|c| self.previous_ids.contains(&c.id))
        {
            return Err(inconsistent(format!(
                "page {} repeats page {}",
                page.number,
                page.number - 1
            )));
        }
        if page.items.is_empty() {
            if let Some(total) = p.total.filter(|t| self.delivered < *t) {
                return Err(inconsistent(format!(
                    "the server announced {total} calls but page {} is empty after {}",
                    page.number, self.delivered
                )));
            }
        }
        Ok(())
    }

    /// Whether another page follows `page`, by the stop rules in the module docs.
    fn more_after(&self, page: &CallPage) -> bool {
        if page.items.is_empty() {
            return false;
        }
        let p = &page.pagination;
        if let Some(last) = p.last_page {
            return page.number < last;
        }
        let asked = self.filter.per_page.map(u64::from);
        if let (Some(total), Some(per_page)) = (p.total, p.per_page.or(asked)) {
            return page.number.saturating_mul(per_page) < total;
        }
        match p.per_page.or(asked) {
            Some(per_page) => page.items.len() as u64 >= per_page,
            // Nothing to go by: read on until a page comes back empty.
            None => true,
        }
    }

    /// Every page, as a stream.
    pub fn pages(self) -> impl Stream<Item = Result<CallPage>> + Send {
        stream::try_unfold(self, |mut pager| async move {
            Ok(pager.next_page().await?.map(|page| (page, pager)))
        })
    }

    /// Every call of every page, as a stream; pages are fetched as the stream is read.
    pub fn items(self) -> impl Stream<Item = Result<CallRecord>> + Send {
        self.pages()
            .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
    }
}

fn inconsistent(message: String) -> Error {
    Error::Response {
        status: 200,
        message: format!("inconsistent pagination: {message}"),
        request_id: None,
        body: String::new(),
    }
}
