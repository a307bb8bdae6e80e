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
use crate::log::Endpoint;
use crate::model::{CallPage, CallRecord};
use crate::transport::PreparedRequest;
use crate::validate::{path_segment, query_value, validate_id, validate_text};
use chrono::NaiveDate;
use futures_util::stream::{self, Stream, TryStreamExt};
use reqwest::Method;
use std::collections::HashSet;
use std::fmt::Write as _;

/// Most calls per page the API serves.
pub const MAX_PER_PAGE: u32 = 100;
/// Most pages one listing reads: 10 million calls at 100 a page. A server that never says
/// it is done is stopped here.
pub const MAX_PAGES: u64 = 100_000;

/// Which calls [`Client::list_calls`] lists: all of them, or one agent's, narrowed by any of
/// the documented filters.
///
/// ```
/// use talkover::{CallFilter, CallStatus};
/// let date = talkover::chrono::NaiveDate::from_ymd_opt(2024, 1, 31).unwrap();
/// let filter = CallFilter::new()
///     .agent_id("agent-uuid")
///     .status(CallStatus::Completed)
///     .date_from(date)
///     .per_page(100);
/// assert_eq!(filter.per_page, Some(100));
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallFilter {
    /// One agent's calls (`GET /agents/{agent_id}/calls`) instead of all (`GET /calls`).
    pub agent_id: Option<String>,
    /// Only calls with this status.
    pub status: Option<String>,
    /// Only `inbound` or `outbound` calls.
    pub direction: Option<String>,
    /// Only calls from this day on (UTC).
    pub date_from: Option<NaiveDate>,
    /// Only calls up to this day (UTC), inclusive.
    pub date_to: Option<NaiveDate>,
    /// Only calls whose phone numbers or SID contain this text.
    pub search: Option<String>,
    /// Calls per page, 1 to [`MAX_PER_PAGE`] (the API's default is 20).
    pub per_page: Option<u32>,
}

impl CallFilter {
    /// Every call.
    pub fn new() -> CallFilter {
        CallFilter::default()
    }

    /// Only this agent's calls.
    #[must_use]
    pub fn agent_id(mut self, agent_id: impl Into<String>) -> CallFilter {
        self.agent_id = Some(agent_id.into());
        self
    }

    /// Only calls with this status (a [`crate::CallStatus`] or its wire string).
    #[must_use]
    pub fn status(mut self, status: impl std::fmt::Display) -> CallFilter {
        self.status = Some(status.to_string());
        self
    }

    /// Only calls in this direction (a [`crate::Direction`] or its wire string).
    #[must_use]
    pub fn direction(mut self, direction: impl std::fmt::Display) -> CallFilter {
        self.direction = Some(direction.to_string());
        self
    }

    /// Only calls from this day on. For a date-time, convert it to UTC first:
    /// `at.with_timezone(&Utc).date_naive()`.
    #[must_use]
    pub fn date_from(mut self, day: NaiveDate) -> CallFilter {
        self.date_from = Some(day);
        self
    }

    /// Only calls up to this day, inclusive.
    #[must_use]
    pub fn date_to(mut self, day: NaiveDate) -> CallFilter {
        self.date_to = Some(day);
        self
    }

    /// Only calls whose numbers or SID contain `text`.
    #[must_use]
    pub fn search(mut self, text: impl Into<String>) -> CallFilter {
        self.search = Some(text.into());
        self
    }

    /// Calls per page.
    #[must_use]
    pub fn per_page(mut self, per_page: u32) -> CallFilter {
        self.per_page = Some(per_page);
        self
    }

    /// Checks every value before any request is made.
    fn validate(&self) -> Result<()> {
        if let Some(agent_id) = &self.agent_id {
            validate_id("agent_id", agent_id)?;
        }
        for (param, value) in [
            ("status", &self.status),
            ("direction", &self.direction),
            ("search", &self.search),
        ] {
            if let Some(value) = value {
                validate_text(param, value)?;
            }
        }
        if let Some(per_page) = self.per_page {
            if !(1..=MAX_PER_PAGE).contains(&per_page) {
                return Err(Error::invalid(
                    "per_page",
                    format!("must be between 1 and {MAX_PER_PAGE}"),
                ));
            }
        }
        if let (Some(from), Some(to)) = (self.date_from, self.date_to) {
            if to < from {
                return Err(Error::invalid("date_to", "must not be before date_from"));
            }
        }
        Ok(())
    }

    /// The URL of page `page`: path, then each filter as one percent-encoded query value.
    fn url(&self, base_url: &str, page: u64) -> String {
        let mut url = match &self.agent_id {
            Some(agent_id) => format!("{base_url}/agents/{}/calls", path_segment(agent_id)),
            None => format!("{base_url}/calls"),
        };
        let _ = write!(url, "?page={page}");
        if let Some(per_page) = self.per_page {
            let _ = write!(url, "&per_page={per_page}");
        }
        let texts = [
            ("status", self.status.as_deref()),
            ("direction", self.direction.as_deref()),
            ("search", self.search.as_deref()),
        ];
        for (key, value) in texts.into_iter().filter_map(|(k, v)| Some((k, v?))) {
            let _ = write!(url, "&{key}={}", query_value(value));
        }
        for (key, day) in [("date_from", self.date_from), ("date_to", self.date_to)] {
            if let Some(day) = day {
                let _ = write!(url, "&{key}={}", day.format("%Y-%m-%d"));
            }
        }
        url
    }
}

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
        // Done unless the page below says otherwise, so no error path can loop.
        self.done = true;
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
        self.delivered += page.items.len() as u64;
        self.previous_ids = page.items.iter().map(|c| c.id.clone()).collect();
        self.next = number + 1;
        self.done = !page.has_more;
        Ok(Some(page))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_one_query_value_each() {
        let filter = CallFilter::new()
            .status("no-answer")
            .search("+55 11&x=1#ção")
            .per_page(5)
            .date_to(NaiveDate::from_ymd_opt(2024, 1, 2).unwrap());
        assert_eq!(
            filter.url("http://h/api/v1", 3),
            "http://h/api/v1/calls?page=3&per_page=5&status=no-answer\
             &search=%2B55%2011%26x%3D1%23%C3%A7%C3%A3o&date_to=2024-01-02"
        );
        let agent = CallFilter::new().agent_id("a/b");
        assert_eq!(
            agent.url("http://h", 1),
            "http://h/agents/a%2Fb/calls?page=1"
        );
    }

    #[test]
    fn bad_filters_are_refused() {
        let day = |d| NaiveDate::from_ymd_opt(2024, 1, d).unwrap();
        let cases = [
            (CallFilter::new().per_page(0), "per_page"),
            (CallFilter::new().per_page(101), "per_page"),
            (CallFilter::new().agent_id(".."), "agent_id"),
            (CallFilter::new().status(""), "status"),
            (CallFilter::new().search("a\nb"), "search"),
            (
                CallFilter::new().date_from(day(2)).date_to(day(1)),
                "date_to",
            ),
        ];
        for (filter, param) in cases {
            assert_eq!(filter.validate().unwrap_err().param(), Some(param));
        }
    }
}
