//! The `on_attempt` hook: the core's [`talkover::Attempt`] handed to a Python callable.
//!
//! The hook runs on a runtime worker, like the log sink (`log.rs`), under the same rules:
//! it attaches with `Python::try_attach`, does nothing once Python callbacks are stopped at
//! exit, sends an exception raised by the callable to `sys.unraisablehook`, and never lets
//! a failure of the hook reach the request it describes.

use chrono::{DateTime, Utc};
use pyo3::prelude::*;

/// One HTTP attempt, given to the client's ``on_attempt`` hook once it is over (a retry is
/// a new attempt). It holds no token, and ``path`` masks the phone number as logs do.
///
/// Example::
///
///     def record(attempt: talkover.Attempt) -> None:
///         print(attempt.method, attempt.path, attempt.status, attempt.duration, attempt.retry)
///
///     client = talkover.Client(on_attempt=record)
#[pyclass(frozen, module = "talkover", name = "Attempt")]
pub(crate) struct PyAttempt(talkover::Attempt);

#[pymethods]
impl PyAttempt {
    /// The HTTP method, ``"GET"`` or ``"POST"``.
    #[getter]
    fn method(&self) -> &str {
        &self.0.method
    }

    /// The path after the base URL, ids percent-encoded and the phone number masked
    /// (``/agents/a1/active-call/+*********4321``); never the query.
    #[getter]
    fn path(&self) -> &str {
        &self.0.path
    }

    /// 0 for a call's first attempt, then 1, 2, ... for its retries.
    #[getter]
    fn retry(&self) -> u32 {
        self.0.retry
    }

    /// When the attempt started, an aware ``datetime`` in UTC.
    #[getter]
    fn started_at(&self) -> DateTime<Utc> {
        DateTime::<Utc>::from(self.0.started_at)
    }

    /// How long the attempt took, in seconds.
    #[getter]
    fn duration(&self) -> f64 {
        self.0.duration.as_secs_f64()
    }

    /// The HTTP status, when a response arrived.
    #[getter]
    fn status(&self) -> Option<u16> {
        self.0.status
    }

    /// The response's ``x-request-id``, when one arrived.
    #[getter]
    fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// The name of the exception class the attempt failed with (``"RateLimitError"``), or
    /// ``None`` when it succeeded.
    #[getter]
    fn error(&self) -> Option<&'static str> {
        self.0.error.map(|kind| kind.class_name())
    }

    /// Whether the client tries again after this attempt.
    #[getter]
    fn will_retry(&self) -> bool {
        self.0.will_retry
    }

    fn __repr__(&self) -> String {
        let a = &self.0;
        format!(
            "Attempt(method={:?}, path={:?}, retry={}, status={}, duration={:.6}, error={})",
            a.method,
            a.path,
            a.retry,
            a.status
                .map_or_else(|| "None".to_owned(), |s| s.to_string()),
            a.duration.as_secs_f64(),
            a.error
                .map_or_else(|| "None".to_owned(), |k| format!("{:?}", k.class_name())),
        )
    }
}

/// The core hook that calls `callable(Attempt)`.
pub(crate) fn on_attempt(callable: Py<PyAny>) -> impl Fn(&talkover::Attempt) + Send + Sync {
    move |attempt| {
        crate::log::from_worker(|py| {
            let callable = callable.bind(py);
            let called =
                Py::new(py, PyAttempt(attempt.clone())).and_then(|value| callable.call1((value,)));
            called.err().map(|err| (err, callable.clone()))
        });
    }
}
