//! `CallRecord` and `AgentRef`: the calls of a listing (the page itself is in `page.rs`).

use super::data::model_methods;
use super::{call_status, direction, extra_map, time_or_none, to_utc};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::hash::{DefaultHasher, Hash, Hasher};

/// A call as listed by `list_calls`.
#[pyclass(frozen, eq, module = "talkover", name = "CallRecord")]
#[derive(PartialEq)]
pub(crate) struct PyCallRecord(pub(super) talkover::CallRecord);

/// The agent of a `CallRecord`.
#[pyclass(frozen, eq, module = "talkover", name = "AgentRef")]
#[derive(PartialEq)]
pub(crate) struct PyAgentRef(talkover::AgentRef);

model_methods!(PyCallRecord, "CallRecord",
    fields: [
        "id", "status", "to", "sid", "to_formatted", "from_", "from_formatted", "is_testing",
        "direction", "duration", "agent", "created_at", "updated_at", "extra",
    ],
    repr: ["id", "status", "to", "from_", "direction", "duration", "created_at"],
    adds: [extra],
{
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
        record.extra = extra_map(extra, Self::FIELDS)?;
        Ok(PyCallRecord(record))
    }

    /// The call id: what `end_call` takes.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// Where the call is in its life (a `CallStatus`).
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        call_status(py, self.0.status.as_str())
    }

    /// The other party's number (E.164).
    #[getter]
    fn to(&self) -> &str {
        &self.0.to
    }

    /// The telephony provider's call SID (not the id `end_call` takes).
    #[getter]
    fn sid(&self) -> Option<&str> {
        self.0.sid.as_deref()
    }

    /// `to` formatted for display.
    #[getter]
    fn to_formatted(&self) -> Option<&str> {
        self.0.to_formatted.as_deref()
    }

    /// The caller's number (`from` in the API, a keyword in Python).
    #[getter(from_)]
    fn caller(&self) -> Option<&str> {
        self.0.from.as_deref()
    }

    /// `from_` formatted for display.
    #[getter(from_formatted)]
    fn formatted_from(&self) -> Option<&str> {
        self.0.from_formatted.as_deref()
    }

    /// Whether it was a test call (no credits used, not in analytics).
    #[getter]
    fn is_testing(&self) -> Option<bool> {
        self.0.is_testing
    }

    /// `Direction.INBOUND` or `OUTBOUND`; unknown directions are kept.
    #[getter]
    fn direction<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0
            .direction
            .as_ref()
            .map(|d| direction(py, d.as_str()))
            .transpose()
    }

    /// Length in seconds (0 while the call has not completed).
    #[getter]
    fn duration(&self) -> Option<u64> {
        self.0.duration
    }

    /// The agent (an `AgentRef`), in the all-calls listing (an agent's own listing leaves it
    /// out).
    #[getter]
    fn agent(&self, py: Python<'_>) -> PyResult<Option<Py<PyAgentRef>>> {
        self.0
            .agent
            .as_ref()
            .map(|a| Py::new(py, PyAgentRef(a.clone())))
            .transpose()
    }

    /// When the call was created (an aware `datetime` in UTC).
    #[getter]
    fn created_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        time_or_none(py, self.0.created_at)
    }

    /// When the call last changed (an aware `datetime` in UTC).
    #[getter]
    fn updated_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        time_or_none(py, self.0.updated_at)
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
});

model_methods!(PyAgentRef, "AgentRef",
    fields: ["id", "name", "label", "extra"],
    repr: ["id", "name", "label"],
    adds: [extra],
{
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
        agent.extra = extra_map(extra, Self::FIELDS)?;
        Ok(PyAgentRef(agent))
    }

    /// The agent id.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// Its name.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }

    /// Its label.
    #[getter]
    fn label(&self) -> Option<&str> {
        self.0.label.as_deref()
    }

    fn __hash__(&self) -> u64 {
        let a = &self.0;
        let mut h = DefaultHasher::new();
        (&a.id, &a.name, &a.label).hash(&mut h);
        h.finish()
    }
});
