//! `CallRecord` and `AgentRef`: the calls of a listing (the page itself is in `page.rs`).

use super::{call_status, direction, extra_map, reduce_of, repr_of, time_or_none, to_utc};
use crate::convert::map_to_py;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use std::hash::{DefaultHasher, Hash, Hasher};

/// A call as listed by `list_calls`.
#[pyclass(frozen, eq, module = "talkover", name = "CallRecord")]
#[derive(PartialEq)]
pub(crate) struct PyCallRecord(pub(super) talkover::CallRecord);

/// The agent of a `CallRecord`.
#[pyclass(frozen, eq, module = "talkover", name = "AgentRef")]
#[derive(PartialEq)]
pub(crate) struct PyAgentRef(talkover::AgentRef);

#[pymethods]
impl PyCallRecord {
    #[new]
    #[pyo3(signature = (id, status, to, sid=None, to_formatted=None, from_=None, from_formatted=None, is_testing=None, direction=None, duration=None, agent=None, created_at=None, updated_at=None, extra=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        id: String,
        status: String,
        to: String,
        sid: Option<String>,
        to_formatted: Option<String>,
        from_: Option<String>,
        from_formatted: Option<String>,
        is_testing: Option<bool>,
        direction: Option<String>,
        duration: Option<u64>,
        agent: Option<&Bound<'_, PyAgentRef>>,
        created_at: Option<&Bound<'_, PyAny>>,
        updated_at: Option<&Bound<'_, PyAny>>,
        extra: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let mut record = talkover::CallRecord::new(id, status.as_str().into(), to);
        record.sid = sid;
        record.to_formatted = to_formatted;
        record.from = from_;
        record.from_formatted = from_formatted;
        record.is_testing = is_testing;
        record.direction = direction.map(|d| d.as_str().into());
        record.duration = duration;
        record.agent = agent.map(|a| a.get().0.clone());
        record.created_at = created_at.map(to_utc).transpose()?;
        record.updated_at = updated_at.map(to_utc).transpose()?;
        record.extra = extra_map(extra)?;
        Ok(PyCallRecord(record))
    }

    /// The call id: what `end_call` takes.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        call_status(py, self.0.status.as_str())
    }

    #[getter]
    fn to(&self) -> &str {
        &self.0.to
    }

    /// The telephony provider's call SID (not the id `end_call` takes).
    #[getter]
    fn sid(&self) -> Option<&str> {
        self.0.sid.as_deref()
    }

    #[getter]
    fn to_formatted(&self) -> Option<&str> {
        self.0.to_formatted.as_deref()
    }

    /// The caller's number (`from` in the API, a keyword in Python).
    #[getter(from_)]
    fn caller(&self) -> Option<&str> {
        self.0.from.as_deref()
    }

    #[getter(from_formatted)]
    fn formatted_from(&self) -> Option<&str> {
        self.0.from_formatted.as_deref()
    }

    #[getter]
    fn is_testing(&self) -> Option<bool> {
        self.0.is_testing
    }

    #[getter]
    fn direction<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0
            .direction
            .as_ref()
            .map(|d| direction(py, d.as_str()))
            .transpose()
    }

    #[getter]
    fn duration(&self) -> Option<u64> {
        self.0.duration
    }

    #[getter]
    fn agent(&self, py: Python<'_>) -> PyResult<Option<Py<PyAgentRef>>> {
        self.0
            .agent
            .as_ref()
            .map(|a| Py::new(py, PyAgentRef(a.clone())))
            .transpose()
    }

    #[getter]
    fn created_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        time_or_none(py, self.0.created_at)
    }

    #[getter]
    fn updated_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        time_or_none(py, self.0.updated_at)
    }

    /// Fields the API sent that this version does not know, as a new `dict`.
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        map_to_py(py, &self.0.extra)
    }

    fn __hash__(&self) -> u64 {
        let r = &self.0;
        let mut h = DefaultHasher::new();
        (&r.id, r.status.as_str(), &r.to, &r.sid, &r.from).hash(&mut h);
        (
            r.direction.as_ref().map(|d| d.as_str()),
            r.duration,
            r.is_testing,
        )
            .hash(&mut h);
        (r.created_at, r.updated_at).hash(&mut h);
        h.finish()
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let fields = [
            "id",
            "status",
            "to",
            "from_",
            "direction",
            "duration",
            "created_at",
        ];
        repr_of(slf, "CallRecord", &fields)
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let fields = [
            "id",
            "status",
            "to",
            "sid",
            "to_formatted",
            "from_",
            "from_formatted",
            "is_testing",
            "direction",
            "duration",
            "agent",
            "created_at",
            "updated_at",
            "extra",
        ];
        reduce_of(slf, &fields)
    }
}

#[pymethods]
impl PyAgentRef {
    #[new]
    #[pyo3(signature = (id, name=None, label=None, extra=None))]
    fn new(
        id: String,
        name: Option<String>,
        label: Option<String>,
        extra: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let mut agent = talkover::AgentRef::new(id);
        agent.name = name;
        agent.label = label;
        agent.extra = extra_map(extra)?;
        Ok(PyAgentRef(agent))
    }

    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    #[getter]
    fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }

    #[getter]
    fn label(&self) -> Option<&str> {
        self.0.label.as_deref()
    }

    /// Fields the API sent that this version does not know, as a new `dict`.
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        map_to_py(py, &self.0.extra)
    }

    fn __hash__(&self) -> u64 {
        let a = &self.0;
        let mut h = DefaultHasher::new();
        (&a.id, &a.name, &a.label).hash(&mut h);
        h.finish()
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        repr_of(slf, "AgentRef", &["id", "name", "label"])
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        reduce_of(slf, &["id", "name", "label", "extra"])
    }
}
