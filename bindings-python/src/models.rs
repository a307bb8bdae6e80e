//! The core's models, wrapped as frozen Python classes: `Call` and `EndedCall` here, the
//! call workflow's in `models/placed.rs` (`PlacedCall`, `CampaignCall`, `Campaign`),
//! `models/record.rs` (`CallRecord`, `AgentRef`) and `models/page.rs` (`CallPage`), much as
//! in the core's `model/`.
//!
//! Each object keeps the core's Rust value and builds Python values when an attribute is
//! read, so a response becomes Python objects with one allocation per call and no JSON
//! detour. Users can also construct them, with keyword arguments, for their own tests.
//! Every class follows the same pattern: its constructor, getters (each with the docstring
//! `help()` and Jupyter show), `__eq__` (by value) and `__hash__`; `models/data.rs` adds the
//! rest once for all of them (`extra`, `to_dict`, `to_json`, `_repr_html_`,
//! `__match_args__`, `__repr__`, and `__reduce__` for pickling and copying).

mod data;
mod page;
mod placed;
mod record;

pub(crate) use page::PyCallPage;
pub(crate) use placed::{PyCampaign, PyCampaignCall, PyPlacedCall};
pub(crate) use record::{PyAgentRef, PyCallRecord};

use crate::convert::dict_to_map;
use chrono::{DateTime, Utc};
use data::model_methods;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyTuple, PyTzInfo};
use pyo3::IntoPyObjectExt;
use std::hash::{DefaultHasher, Hash, Hasher};

/// A call between an agent and a phone number.
#[pyclass(frozen, eq, module = "talkover", name = "Call")]
#[derive(PartialEq)]
pub(crate) struct PyCall(talkover::Call);

/// The result of ending a call.
#[pyclass(frozen, eq, module = "talkover", name = "EndedCall")]
#[derive(PartialEq)]
pub(crate) struct PyEndedCall(talkover::EndedCall);

impl From<talkover::EndedCall> for PyEndedCall {
    fn from(ended: talkover::EndedCall) -> Self {
        PyEndedCall(ended)
    }
}

/// The calls as a `list[Call]`.
pub(crate) fn calls_to_list(py: Python<'_>, calls: Vec<talkover::Call>) -> PyResult<Py<PyAny>> {
    let items = calls
        .into_iter()
        .map(|call| Py::new(py, PyCall(call)))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(PyList::new(py, items)?.into_any().unbind())
}

model_methods!(PyCall, "Call",
    fields: ["id", "agent_id", "to", "status", "started_at", "duration_seconds", "extra"],
    repr: ["id", "agent_id", "to", "status", "started_at", "duration_seconds"],
    adds: [extra, response],
{
    #[new]
    #[pyo3(signature = (id, agent_id, to, status, started_at=None, duration_seconds=None, extra=None))]
    fn new(
        id: String,
        agent_id: String,
        to: String,
        status: String,
        started_at: Option<&Bound<'_, PyAny>>,
        duration_seconds: Option<u64>,
        extra: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let mut call = talkover::Call::new(id, agent_id, to, status.as_str().into());
        call.started_at = started_at.map(to_utc).transpose()?;
        call.duration_seconds = duration_seconds;
        call.extra = extra_map(extra, Self::FIELDS)?;
        Ok(PyCall(call))
    }

    /// The call id: the `call_sid` that `end_call` takes.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// The agent placing or receiving the call.
    #[getter]
    fn agent_id(&self) -> &str {
        &self.0.agent_id
    }

    /// The other party, in E.164.
    #[getter]
    fn to(&self) -> &str {
        &self.0.to
    }

    /// Where the call is in its life (a `CallStatus`); unknown statuses are kept, never an
    /// error.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        call_status(py, self.0.status.as_str())
    }

    /// When the call started (an aware `datetime` in UTC); `None` while it has not.
    #[getter]
    fn started_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        time_or_none(py, self.0.started_at)
    }

    /// Seconds since the call started; `None` while it has not.
    #[getter]
    fn duration_seconds(&self) -> Option<u64> {
        self.0.duration_seconds
    }

    fn __hash__(&self) -> u64 {
        let c = &self.0;
        let mut h = DefaultHasher::new();
        (&c.id, &c.agent_id, &c.to, c.status.as_str(), c.started_at).hash(&mut h);
        c.duration_seconds.hash(&mut h);
        h.finish()
    }
});

model_methods!(PyEndedCall, "EndedCall",
    fields: ["id", "status", "ended_at", "ended_reason", "extra"],
    repr: ["id", "status", "ended_at", "ended_reason"],
    adds: [extra, response],
{
    #[new]
    #[pyo3(signature = (id, status, ended_at=None, ended_reason=None, extra=None))]
    fn new(
        id: String,
        status: String,
        ended_at: Option<&Bound<'_, PyAny>>,
        ended_reason: Option<String>,
        extra: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let mut ended = talkover::EndedCall::new(id, status.as_str().into());
        ended.ended_at = ended_at.map(to_utc).transpose()?;
        ended.ended_reason = ended_reason;
        ended.extra = extra_map(extra, Self::FIELDS)?;
        Ok(PyEndedCall(ended))
    }

    /// The call id.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// `CallStatus.COMPLETED` once the hang-up is accepted.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        call_status(py, self.0.status.as_str())
    }

    /// When the call ended (an aware `datetime` in UTC).
    #[getter]
    fn ended_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        time_or_none(py, self.0.ended_at)
    }

    /// Why it ended: `"ended_by_api"` for calls ended through the API.
    #[getter]
    fn ended_reason(&self) -> Option<&str> {
        self.0.ended_reason.as_deref()
    }

    fn __hash__(&self) -> u64 {
        let e = &self.0;
        let mut h = DefaultHasher::new();
        (&e.id, e.status.as_str(), e.ended_at, &e.ended_reason).hash(&mut h);
        h.finish()
    }
});

/// `Name(field=repr, ...)`, with open enums shown as their plain strings and `extra` only
/// when it has something in it.
pub(crate) fn repr_of(obj: &Bound<'_, PyAny>, name: &str, fields: &[&str]) -> PyResult<String> {
    let mut parts = Vec::with_capacity(fields.len() + 1);
    for field in fields {
        let mut value = obj.getattr(*field)?;
        if (*field == "status" || *field == "direction") && !value.is_none() {
            if let Ok(plain) = value.getattr("value") {
                value = plain;
            }
        }
        parts.push(format!("{field}={}", value.repr()?));
    }
    let extra = obj
        .getattr("extra")
        .ok()
        .filter(|e| e.len().is_ok_and(|n| n > 0));
    if let Some(extra) = extra {
        parts.push(format!("extra={}", extra.repr()?));
    }
    Ok(format!("{name}({})", parts.join(", ")))
}

/// `(type(obj), (field values...))`, so the object pickles and copies.
pub(crate) fn reduce_of<'py>(
    obj: &Bound<'py, PyAny>,
    fields: &[&str],
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
    let values = fields
        .iter()
        .map(|f| obj.getattr(*f))
        .collect::<PyResult<Vec<_>>>()?;
    Ok((obj.get_type().into_any(), PyTuple::new(obj.py(), values)?))
}

/// An aware `datetime` in any time zone, as UTC. Naive datetimes are refused: their time
/// zone would be a guess.
pub(crate) fn to_utc(value: &Bound<'_, PyAny>) -> PyResult<DateTime<Utc>> {
    let py = value.py();
    if value
        .getattr("tzinfo")
        .map(|tz| tz.is_none())
        .unwrap_or(true)
    {
        return Err(PyTypeError::new_err(
            "expected an aware datetime (with tzinfo), such as datetime.now(timezone.utc)",
        ));
    }
    value
        .call_method1("astimezone", (PyTzInfo::utc(py)?,))?
        .extract()
}

/// The `CallStatus` member for a wire value; unknown values become pseudo-members.
pub(crate) fn call_status<'py>(py: Python<'py>, value: &str) -> PyResult<Bound<'py, PyAny>> {
    static CLASS: PyOnceLock<(Py<PyAny>, Py<PyDict>)> = PyOnceLock::new();
    open_enum(py, &CLASS, "CallStatus", value)
}

/// The `Direction` member for a wire value; unknown values become pseudo-members.
pub(crate) fn direction<'py>(py: Python<'py>, value: &str) -> PyResult<Bound<'py, PyAny>> {
    static CLASS: PyOnceLock<(Py<PyAny>, Py<PyDict>)> = PyOnceLock::new();
    open_enum(py, &CLASS, "Direction", value)
}

/// The member of the open `str` enum `name` of `talkover._models` for `value`, looked up in
/// its value map first (the common case costs one dict lookup), else made by the class.
fn open_enum<'py>(
    py: Python<'py>,
    cell: &PyOnceLock<(Py<PyAny>, Py<PyDict>)>,
    name: &str,
    value: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let (class, members) = cell.get_or_try_init(py, || {
        let class = py.import("talkover._models")?.getattr(name)?;
        let members = class.getattr("_value2member_map_")?.cast_into::<PyDict>()?;
        Ok::<_, PyErr>((class.unbind(), members.unbind()))
    })?;
    let key = PyString::new(py, value);
    match members.bind(py).get_item(&key)? {
        Some(member) => Ok(member),
        None => class.bind(py).call1((key,)),
    }
}

/// An optional timestamp as an aware `datetime`, or `None`.
pub(crate) fn time_or_none<'py>(
    py: Python<'py>,
    at: Option<DateTime<Utc>>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    at.map(|t| t.into_bound_py_any(py)).transpose()
}

/// The `extra` argument of a constructor as a JSON map (empty when not given). A key that
/// names one of the model's own `fields` (by its API name: `from_` is `from`) is refused:
/// `to_dict()` merges `extra` back among the fields, as the API sends them, so that key
/// would stand for the field there.
pub(crate) fn extra_map(
    extra: Option<&Bound<'_, PyDict>>,
    fields: &[&str],
) -> PyResult<serde_json::Map<String, serde_json::Value>> {
    let map = extra.map(dict_to_map).transpose()?.unwrap_or_default();
    let field = |key: &str| {
        fields
            .iter()
            .find(|f| **f != "extra" && f.trim_end_matches('_') == key)
    };
    if let Some((key, name)) = map.keys().find_map(|k| field(k).map(|f| (k, f))) {
        return Err(PyValueError::new_err(format!(
            "extra[{key:?}] is a field of the model: pass it as {name}="
        )));
    }
    Ok(map)
}
