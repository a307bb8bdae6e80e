//! `listCalls`: the filter as the TypeScript layer hands it over, and [`NativeCallPager`],
//! the one native object a listing reads its pages through.
//!
//! The paging loop is the core's [`talkover::CallPager`]: its stop rules, its refusal of
//! inconsistent pages, one request per page. This file only keeps it between two reads and
//! says, without asking the core, when it is over. The core answers "no more pages" with
//! `None`, which no promise of the shared `Outcome` type can carry, so the pager's state
//! tracks it instead: after the last page, an error or an abort the pager is gone, and the
//! next read resolves with `null` at once, before any task is started.

use std::ptr;
use std::sync::{Arc, Mutex, MutexGuard};

use napi::bindgen_prelude::Either;
use napi::{sys, Env, Result};
use napi_derive::napi;
use talkover::chrono::DateTime;
use talkover::validate::parse_date;
use talkover::{CallFilter, CallPager, Error};
use talkover_bindings_common::Outcome;

use crate::client::{attach, AbortHandle};
use crate::convert::{check, null};
use crate::place::whole;
use crate::{bridge, errors};

/// The filter of `listCalls` after its types were checked. A date is a `YYYY-MM-DD` string
/// or a `Date`'s milliseconds since the epoch (its UTC day is meant).
#[napi(object)]
pub struct NativeCallFilter {
    /// One agent's calls instead of all.
    pub agent_id: Option<String>,
    /// Only calls with this status.
    pub status: Option<String>,
    /// Only `inbound` or `outbound` calls.
    pub direction: Option<String>,
    /// Only calls from this day on.
    pub date_from: Option<Either<String, f64>>,
    /// Only calls up to this day, inclusive.
    pub date_to: Option<Either<String, f64>>,
    /// Only calls whose numbers or SID contain this text.
    pub search: Option<String>,
    /// Calls per page.
    pub per_page: Option<f64>,
}

impl NativeCallFilter {
    /// The core's filter. Its values are checked by the core when the listing is made.
    pub(crate) fn filter(self) -> talkover::Result<CallFilter> {
        let mut filter = CallFilter::new();
        filter.agent_id = self.agent_id;
        filter.status = self.status;
        filter.direction = self.direction;
        filter.search = self.search;
        filter.date_from = self.date_from.map(|d| day("date_from", d)).transpose()?;
        filter.date_to = self.date_to.map(|d| day("date_to", d)).transpose()?;
        if let Some(n) = self.per_page {
            filter = filter.per_page(whole("per_page", n)?);
        }
        Ok(filter)
    }
}

/// The day a filter means: a `YYYY-MM-DD` string as the core parses it, or the UTC day of a
/// `Date` (SPEC 5: a date-time is converted to UTC first).
fn day(
    param: &'static str,
    value: Either<String, f64>,
) -> talkover::Result<talkover::chrono::NaiveDate> {
    match value {
        Either::A(text) => parse_date(param, &text),
        Either::B(ms) if ms.is_finite() => DateTime::from_timestamp_millis(ms as i64)
            .map(|at| at.date_naive())
            .ok_or_else(|| Error::invalid(param, "is a Date out of range")),
        Either::B(_) => Err(Error::invalid(param, "must be a valid Date")),
    }
}

/// Where a listing is.
enum State {
    /// Between two reads: more pages follow.
    Idle(Box<CallPager>),
    /// A page is being read.
    Reading,
    /// The last page was read, or a read failed or was aborted: every read is `null`.
    Done,
}

/// One listing's pages, read lazily, one request per `nextPage()`.
#[napi]
pub struct NativeCallPager {
    state: Arc<Mutex<State>>,
}

impl NativeCallPager {
    pub(crate) fn new(pager: CallPager) -> NativeCallPager {
        NativeCallPager {
            state: Arc::new(Mutex::new(State::Idle(Box::new(pager)))),
        }
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

/// Ends a read: puts the pager back when more pages follow; dropped otherwise (the task
/// failed, or was dropped by an abort), it leaves the listing done.
struct Read {
    state: Arc<Mutex<State>>,
}

impl Read {
    fn put_back(&self, pager: Box<CallPager>) {
        *lock(&self.state) = State::Idle(pager);
    }
}

impl Drop for Read {
    fn drop(&mut self) {
        let mut state = lock(&self.state);
        if matches!(*state, State::Reading) {
            *state = State::Done;
        }
    }
}

#[napi]
impl NativeCallPager {
    /// Resolves with the next page (see `models.rs`), or `null` once the
    /// listing is over; rejects with an error payload. One read at a time: the TypeScript
    /// layer queues them, so a second read while one is pending is a bug, and rejects.
    #[napi(catch_unwind, ts_return_type = "Promise<object | null>")]
    pub fn next_page(&self, env: Env, abort: Option<&AbortHandle>) -> Result<sys::napi_value> {
        let mut pager = {
            let mut state = lock(&self.state);
            match std::mem::replace(&mut *state, State::Reading) {
                State::Idle(pager) => pager,
                other => {
                    let reading = matches!(other, State::Reading);
                    *state = other;
                    drop(state);
                    return settled(env.raw(), reading);
                }
            }
        };
        let read = Read {
            state: Arc::clone(&self.state),
        };
        let task = async move {
            match pager.next_page().await {
                Ok(Some(page)) => {
                    if page.has_more {
                        read.put_back(pager);
                    }
                    Outcome::Page(page)
                }
                Ok(None) => Outcome::Panicked(
                    "internal error in the talkover native module (please report it): \
                     a listing was read past its end"
                        .to_owned(),
                ),
                Err(err) => Outcome::Failed(err),
            }
        };
        bridge::spawn(env.raw(), task, |handle| attach(abort, handle))
    }
}

/// A promise settled at once: `null` for a listing that is over, a rejection for a read
/// that overlaps another.
fn settled(env: sys::napi_env, overlapping: bool) -> Result<sys::napi_value> {
    let mut deferred = ptr::null_mut();
    let mut promise = ptr::null_mut();
    check(unsafe { sys::napi_create_promise(env, &mut deferred, &mut promise) })?;
    unsafe {
        if overlapping {
            let reason = errors::internal(
                env,
                "internal error in the talkover native module (please report it): \
                 a page was asked for while another was being read",
            )?;
            check(sys::napi_reject_deferred(env, deferred, reason))?;
        } else {
            check(sys::napi_resolve_deferred(env, deferred, null(env)?))?;
        }
    }
    Ok(promise)
}
