//! What a result or an error knows of its HTTP response, for Python: `RateLimit`, and the
//! conversions behind the models' `_request_id` / `_rate_limit` and the errors' `headers` /
//! `rate_limit` (the core's `ResponseMeta` and `RateLimit`).

use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::time::SystemTime;

/// The rate-limit state a response reported (``X-RateLimit-Limit``, ``-Remaining`` and
/// ``-Reset``); each value is ``None`` when the header was absent or unreadable.
///
/// Example::
///
///     calls = client.active_call("agent-uuid", "+5511987654321")
///     rate = calls[0]._rate_limit if calls else None
///     if rate and rate.remaining == 0:
///         time.sleep((rate.reset_at - datetime.now(timezone.utc)).total_seconds())
#[pyclass(frozen, eq, module = "talkover", name = "RateLimit")]
#[derive(PartialEq)]
pub(crate) struct PyRateLimit(talkover::RateLimit);

impl PyRateLimit {
    const FIELDS: [&'static str; 3] = ["limit", "remaining", "reset_at"];
}

#[pymethods]
impl PyRateLimit {
    #[new]
    #[pyo3(signature = (limit=None, remaining=None, reset_at=None))]
    fn new(
        limit: Option<u64>,
        remaining: Option<u64>,
        reset_at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let reset_at = reset_at.map(crate::models::to_utc).transpose()?;
        Ok(PyRateLimit(talkover::RateLimit::new(
            limit,
            remaining,
            reset_at.map(SystemTime::from),
        )))
    }
    /// Requests allowed per window.
    #[getter]
    fn limit(&self) -> Option<u64> {
        self.0.limit
    }

    /// Requests left in the current window.
    #[getter]
    fn remaining(&self) -> Option<u64> {
        self.0.remaining
    }

    /// When the window resets, an aware ``datetime`` in UTC.
    #[getter]
    fn reset_at(&self) -> Option<DateTime<Utc>> {
        self.0.reset_at.map(DateTime::<Utc>::from)
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        crate::models::repr_of(slf, "RateLimit", &Self::FIELDS)
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, pyo3::types::PyTuple>)> {
        crate::models::reduce_of(slf, &Self::FIELDS)
    }
}

/// A rate-limit state as a Python value, or `None`.
pub(crate) fn rate_limit(
    py: Python<'_>,
    rate: Option<talkover::RateLimit>,
) -> PyResult<Option<Py<PyRateLimit>>> {
    rate.map(|rate| Py::new(py, PyRateLimit(rate))).transpose()
}

/// The `x-request-id` of the response a result came from.
pub(crate) fn request_id(meta: Option<&talkover::ResponseMeta>) -> Option<String> {
    meta.and_then(|m| m.request_id.clone())
}

/// The response headers of an error as a `dict` (names in lower case; the core joined a
/// repeated one).
pub(crate) fn headers<'py>(
    py: Python<'py>,
    headers: &[(String, String)],
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, value) in headers {
        dict.set_item(name, value)?;
    }
    Ok(dict)
}
