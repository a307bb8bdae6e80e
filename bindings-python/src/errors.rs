//! Core errors to Python exceptions: the one conversion every call site ends in.
//!
//! The exception classes are ordinary Python classes users can subclass, pickle and catch
//! with `except`: `TalkoverError` is written in `talkover/_error_base.py`, and every other
//! class is generated from the core's catalogue into `talkover/_errors.py` (`make generate`).
//! Which class a failure is was decided by the core ([`talkover::ErrorKind::class_name`]);
//! this module only looks the class up by that name and copies the structured fields across,
//! naming the argument at fault the way Python callers wrote it.

use crate::convert::json_to_py;
use crate::models::PyCampaignCall;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyModule};

/// A core error on its way to Python. `?` on a `talkover::Result` produces one, and PyO3
/// turns it into the matching `talkover` exception.
pub(crate) struct PyTalkoverError(pub(crate) talkover::Error);

impl From<talkover::Error> for PyTalkoverError {
    fn from(err: talkover::Error) -> Self {
        PyTalkoverError(err)
    }
}

impl From<PyTalkoverError> for PyErr {
    fn from(err: PyTalkoverError) -> PyErr {
        Python::attach(|py| build(py, &err.0).unwrap_or_else(|e| e))
    }
}

/// `talkover._errors`, imported once.
fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    MODULE
        .get_or_try_init(py, || Ok(py.import("talkover._errors")?.unbind()))
        .map(|m| m.bind(py))
}

/// The argument's name as Python callers write it. The core's neutral words are already
/// Python's snake_case, so this is the identity; it is the one place to change should a
/// Python spelling ever differ (as Node's `timeoutMs` does).
fn param_name(param: &'static str) -> &'static str {
    param
}

/// The exception's text: for bad input, `invalid <argument>: <reason>` in Python's words;
/// otherwise the core's description.
fn text(err: &talkover::Error) -> String {
    match err.param() {
        Some(param) => format!("invalid {}: {}", param_name(param), err.message()),
        None => err.to_string(),
    }
}

/// Instantiates the exception class named by the core, with every structured field.
fn build(py: Python<'_>, err: &talkover::Error) -> PyResult<PyErr> {
    let class = errors_module(py)?.getattr(err.kind().class_name())?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("message", err.message())?;
    kwargs.set_item("status", err.status())?;
    kwargs.set_item("code", err.code())?;
    kwargs.set_item("request_id", err.request_id())?;
    let body = match err.body_value() {
        Some(value) => json_to_py(py, &value)?,
        None => py.None(),
    };
    kwargs.set_item("body", body)?;
    kwargs.set_item("retry_after", err.retry_after().map(|d| d.as_secs_f64()))?;
    if !err.field_errors().is_empty() {
        let fields = PyDict::new(py);
        for (field, messages) in err.field_errors() {
            fields.set_item(field, PyList::new(py, messages)?)?;
        }
        kwargs.set_item("field_errors", fields)?;
    }
    if !err.headers().is_empty() {
        kwargs.set_item("headers", crate::response::headers(py, err.headers())?)?;
    }
    if let Some(rate) = crate::response::rate_limit(py, err.rate_limit())? {
        kwargs.set_item("rate_limit", rate)?;
    }
    if let Some(call) = err.existing_call() {
        kwargs.set_item("existing_call", PyCampaignCall::from(call.clone()))?;
    }
    if err.may_have_succeeded() {
        kwargs.set_item("may_have_succeeded", true)?;
    }
    if let Some(param) = err.param() {
        kwargs.set_item("param", param_name(param))?;
    }
    let exc = class.call((text(err),), Some(&kwargs))?;
    Ok(PyErr::from_value(exc))
}

/// The base `TalkoverError` with `message`: for failures that are the binding's own (a
/// panic, a runtime that is gone), never for API failures, which always come from the core.
pub(crate) fn talkover_error(message: impl Into<String>) -> PyErr {
    let message = message.into();
    Python::attach(|py| {
        let built = errors_module(py)
            .and_then(|m| m.getattr("TalkoverError"))
            .and_then(|class| class.call1((message.as_str(),)));
        match built {
            Ok(exc) => PyErr::from_value(exc),
            Err(_) => PyRuntimeError::new_err(message),
        }
    })
}
