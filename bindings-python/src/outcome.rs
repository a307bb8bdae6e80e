//! What an operation produced, as a Python value or the exception to raise.
//!
//! The outcome type and the panic guard are shared with the Node binding
//! (`talkover_bindings_common::outcome`): workers never hold the GIL, so they hand over plain
//! Rust values, and the Python objects are built here, on the caller's thread, by the event
//! loop's drain (async) or the waiting call (blocking).
//!
//! What the runtime hands back is an `Option<Outcome>`: `None` is an operation that finished
//! with nothing to return, which only a pager at the end of its listing does (Python `None`).
//! Keeping that here, rather than as a variant of the shared enum, leaves the Node binding's
//! exhaustive match untouched.

use crate::errors::{talkover_error, PyTalkoverError};
use crate::models::{calls_to_list, PyCallPage, PyCampaignCall, PyEndedCall, PyPlacedCall};
use futures_util::FutureExt;
use pyo3::prelude::*;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use talkover_bindings_common::{panic_message, Outcome};

/// An [`Outcome`] as what the Python caller gets.
pub(crate) trait IntoPython {
    /// The Python result, or the exception to raise.
    fn into_py(self, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

impl IntoPython for Outcome {
    fn into_py(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            Outcome::Calls(calls) => calls_to_list(py, calls),
            Outcome::Ended(ended) => Ok(Py::new(py, PyEndedCall::from(ended))?.into_any()),
            Outcome::Placed(placed) => Ok(Py::new(py, PyPlacedCall::from(placed))?.into_any()),
            Outcome::CampaignCall(call) => Ok(Py::new(py, PyCampaignCall::from(call))?.into_any()),
            Outcome::Page(page) => Ok(Py::new(py, PyCallPage::from(page))?.into_any()),
            Outcome::Failed(err) => Err(PyTalkoverError(err).into()),
            Outcome::Panicked(message) => Err(talkover_error(message)),
            Outcome::Stopped => Err(talkover_error(
                "the talkover runtime stopped before the request finished",
            )),
        }
    }
}

impl IntoPython for Option<Outcome> {
    fn into_py(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            Some(outcome) => outcome.into_py(py),
            None => Ok(py.None()),
        }
    }
}

/// Runs `fut`, turning a panic into [`Outcome::Panicked`] (the shared guard, for results that
/// may be `None`).
pub(crate) async fn guarded<F>(fut: F) -> Option<Outcome>
where
    F: Future,
    F::Output: Into<Option<Outcome>>,
{
    AssertUnwindSafe(async move { fut.await.into() })
        .catch_unwind()
        .await
        .unwrap_or_else(|payload| Some(Outcome::Panicked(panic_message(&*payload))))
}

/// Runs synchronous binding code, turning a panic into `TalkoverError`.
pub(crate) fn guard_sync<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    talkover_bindings_common::guard_sync(f, talkover_error)
}
