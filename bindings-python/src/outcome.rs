//! What an operation produced, on its way from a runtime worker to the Python caller.
//!
//! Workers never hold the GIL, so they hand over plain Rust values; the Python objects are
//! built on the caller's thread, by the event loop's drain (async) or the waiting call
//! (blocking). A panic anywhere in an operation is caught here and becomes an outcome too:
//! `PanicException` derives from `BaseException` and would slip past `except Exception`.

use crate::errors::{panic_message, talkover_error, PyTalkoverError};
use crate::models::{calls_to_list, PyEndedCall};
use futures_util::FutureExt;
use pyo3::prelude::*;
use std::future::Future;
use std::panic::AssertUnwindSafe;

/// The result of one operation, still in Rust types.
pub(crate) enum Outcome {
    /// `active_call` succeeded.
    Calls(Vec<talkover::Call>),
    /// `end_call` succeeded.
    Ended(talkover::EndedCall),
    /// The core reported a failure.
    Failed(talkover::Error),
    /// The operation panicked; the message says where.
    Panicked(String),
    /// The runtime stopped (interpreter exit) before the operation finished.
    Stopped,
}

impl From<talkover::Result<Vec<talkover::Call>>> for Outcome {
    fn from(result: talkover::Result<Vec<talkover::Call>>) -> Self {
        result.map_or_else(Outcome::Failed, Outcome::Calls)
    }
}

impl From<talkover::Result<talkover::EndedCall>> for Outcome {
    fn from(result: talkover::Result<talkover::EndedCall>) -> Self {
        result.map_or_else(Outcome::Failed, Outcome::Ended)
    }
}

impl Outcome {
    /// The Python result, or the exception to raise.
    pub(crate) fn into_py(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            Outcome::Calls(calls) => calls_to_list(py, calls),
            Outcome::Ended(ended) => Ok(Py::new(py, PyEndedCall::from(ended))?.into_any()),
            Outcome::Failed(err) => Err(PyTalkoverError(err).into()),
            Outcome::Panicked(message) => Err(talkover_error(message)),
            Outcome::Stopped => Err(talkover_error(
                "the talkover runtime stopped before the request finished",
            )),
        }
    }
}

/// Runs `fut`, turning a panic into [`Outcome::Panicked`].
pub(crate) async fn guarded<F>(fut: F) -> Outcome
where
    F: Future<Output = Outcome>,
{
    AssertUnwindSafe(fut)
        .catch_unwind()
        .await
        .unwrap_or_else(|payload| Outcome::Panicked(panic_message(&*payload)))
}

/// Runs synchronous binding code, turning a panic into `TalkoverError`.
pub(crate) fn guard_sync<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    std::panic::catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(talkover_error(panic_message(&*payload))))
}
