//! What an operation produced, as a Python value or the exception to raise.
//!
//! The outcome type and the panic guard are shared with the Node binding
//! (`talkover_bindings_common::outcome`): workers never hold the GIL, so they hand over plain
//! Rust values, and the Python objects are built here, on the caller's thread, by the event
//! loop's drain (async) or the waiting call (blocking).

use crate::errors::{talkover_error, PyTalkoverError};
use crate::models::{calls_to_list, PyCallPage, PyCampaignCall, PyEndedCall, PyPlacedCall};
use pyo3::prelude::*;
use talkover_bindings_common::Outcome;

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

/// Runs synchronous binding code, turning a panic into `TalkoverError`.
pub(crate) fn guard_sync<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    talkover_bindings_common::guard_sync(f, talkover_error)
}
