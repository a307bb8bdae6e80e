//! `list_calls`: the filter as Python callers give it, and [`NativeCallPager`], the one
//! native object a listing reads its pages through, behind `talkover.AsyncCallPager` and
//! `talkover.CallPager`.
//!
//! The paging loop is the core's ([`talkover::CallPager`]): which page comes next, when the
//! listing is over, and what makes a server's pages untrustworthy. The pager is kept here
//! behind an async mutex, so the async and blocking wrappers, and any tasks sharing one, read
//! the listing in turn, one request per page. A page request is an operation like any other:
//! retries and timeouts are the core's, and cancelling the awaiting task aborts it (dropping
//! the request and, with it, the lock). The core's "no more pages" (`None`) reaches Python as
//! `None` (see `outcome.rs`), so this file keeps no state of its own about the listing.

use crate::bridge::{self, Op};
use crate::errors::PyTalkoverError;
use crate::outcome::IntoPython;
use crate::place::{count, invalid, Arg};
use crate::runtime;
use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateTime, PyString, PyTzInfo};
use std::sync::Arc;
use talkover::validate::parse_date;
use talkover::{CallFilter, MAX_PER_PAGE};
use talkover_bindings_common::Outcome;
use tokio::sync::Mutex;

/// `status`, `direction`: a `str`, which `CallStatus` and `Direction` members are.
fn text(param: &'static str, value: Arg<'_, '_>) -> PyResult<Option<String>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let text = value
        .cast::<PyString>()
        .map_err(|_| invalid(param, "must be a str"))?;
    Ok(Some(text.to_str()?.to_owned()))
}

/// `date_from`, `date_to`: a `date` is that day; a `datetime` is converted to UTC first (a
/// naive one is taken as UTC); a `str` must be `YYYY-MM-DD`, as the core parses it.
fn day(param: &'static str, value: Arg<'_, '_>) -> PyResult<Option<NaiveDate>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Some(
            parse_date(param, text.to_str()?).map_err(PyTalkoverError)?,
        ));
    }
    let date = if value.is_instance_of::<PyDateTime>() {
        // `utcoffset()`, not `tzinfo`: a tzinfo that gives no offset makes a naive datetime,
        // and `astimezone` would read that as local time.
        let utc = if value.call_method0("utcoffset")?.is_none() {
            value.clone()
        } else {
            value.call_method1("astimezone", (PyTzInfo::utc(value.py())?,))?
        };
        utc.call_method0("date")?
    } else if value.is_instance_of::<PyDate>() {
        value.clone()
    } else {
        return Err(invalid(
            param,
            "must be a date, a datetime or a YYYY-MM-DD str",
        ));
    };
    Ok(Some(date.extract()?))
}

/// The filter of `list_calls`, as given; the core checks it when the listing is made.
#[allow(clippy::too_many_arguments)]
pub(crate) fn call_filter(
    agent_id: Option<String>,
    status: Arg<'_, '_>,
    direction: Arg<'_, '_>,
    date_from: Arg<'_, '_>,
    date_to: Arg<'_, '_>,
    search: Option<String>,
    per_page: Arg<'_, '_>,
) -> PyResult<CallFilter> {
    let mut filter = CallFilter::new();
    filter.agent_id = agent_id;
    filter.status = text("status", status)?;
    filter.direction = text("direction", direction)?;
    filter.date_from = day("date_from", date_from)?;
    filter.date_to = day("date_to", date_to)?;
    filter.search = search;
    let per_page_range = format!("must be between 1 and {MAX_PER_PAGE}");
    filter.per_page = count("per_page", per_page, &per_page_range)?;
    Ok(filter)
}

/// A call listing being read.
#[pyclass(frozen, module = "talkover._native")]
pub(crate) struct NativeCallPager {
    pager: Arc<Mutex<talkover::CallPager>>,
}

impl From<talkover::CallPager> for NativeCallPager {
    fn from(pager: talkover::CallPager) -> Self {
        NativeCallPager {
            pager: Arc::new(Mutex::new(pager)),
        }
    }
}

impl NativeCallPager {
    /// The next page as an outcome; `None` once the listing is over.
    fn next(&self) -> impl std::future::Future<Output = Option<Outcome>> + Send + 'static {
        let pager = Arc::clone(&self.pager);
        async move {
            let mut pager = pager.lock().await;
            pager.next_page().await.transpose().map(Outcome::from)
        }
    }
}

#[pymethods]
impl NativeCallPager {
    /// `(future, op)`: the future resolves with the next `CallPage`, or `None` at the end.
    fn next_page_async(&self, py: Python<'_>) -> PyResult<(Py<PyAny>, Op)> {
        bridge::spawn(py, self.next())
    }

    /// The next `CallPage`, or `None` at the end, waiting with the GIL released.
    fn next_page(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        runtime::block_on(py, self.next())?.into_py(py)
    }
}
