//! `PlacedCall`, `CampaignCall` and `Campaign`: what placing a call returns.

use super::{call_status, extra_map, reduce_of, repr_of, time_or_none, to_utc};
use crate::convert::map_to_py;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use std::hash::{DefaultHasher, Hash, Hasher};

/// The call the API accepted from `make_call`.
#[pyclass(frozen, eq, module = "talkover", name = "PlacedCall")]
#[derive(PartialEq)]
pub(crate) struct PyPlacedCall(talkover::PlacedCall);

impl From<talkover::PlacedCall> for PyPlacedCall {
    fn from(placed: talkover::PlacedCall) -> Self {
        PyPlacedCall(placed)
    }
}

#[pymethods]
impl PyPlacedCall {
    #[new]
    #[pyo3(signature = (id, agent_id=None, to=None, status=None, created_at=None, extra=None))]
    fn new(
        id: String,
        agent_id: Option<String>,
        to: Option<String>,
        status: Option<String>,
        created_at: Option<&Bound<'_, PyAny>>,
        extra: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let mut placed = talkover::PlacedCall::new(id);
        placed.agent_id = agent_id;
        placed.to = to;
        placed.status = status.map(|s| s.as_str().into());
        placed.created_at = created_at.map(to_utc).transpose()?;
        placed.extra = extra_map(extra)?;
        Ok(PyPlacedCall(placed))
    }

    /// The call id: what `end_call` takes and webhooks carry.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    #[getter]
    fn agent_id(&self) -> Option<&str> {
        self.0.agent_id.as_deref()
    }

    #[getter]
    fn to(&self) -> Option<&str> {
        self.0.to.as_deref()
    }

    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0
            .status
            .as_ref()
            .map(|s| call_status(py, s.as_str()))
            .transpose()
    }

    #[getter]
    fn created_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        time_or_none(py, self.0.created_at)
    }

    /// Fields the API sent that this version does not know, as a new `dict`.
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        map_to_py(py, &self.0.extra)
    }

    fn __hash__(&self) -> u64 {
        let p = &self.0;
        let mut h = DefaultHasher::new();
        (
            &p.id,
            &p.agent_id,
            &p.to,
            p.status.as_ref().map(|s| s.as_str()),
        )
            .hash(&mut h);
        p.created_at.hash(&mut h);
        h.finish()
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        repr_of(slf, "PlacedCall", &FIELDS[..5])
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        reduce_of(slf, &FIELDS)
    }
}

const FIELDS: [&str; 6] = ["id", "agent_id", "to", "status", "created_at", "extra"];

/// A campaign, as described next to a `CampaignCall`.
#[pyclass(frozen, eq, module = "talkover", name = "Campaign")]
#[derive(PartialEq)]
pub(crate) struct PyCampaign(talkover::Campaign);

#[pymethods]
impl PyCampaign {
    #[new]
    #[pyo3(signature = (id, name=None, status=None, extra=None))]
    fn new(
        id: String,
        name: Option<String>,
        status: Option<String>,
        extra: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let mut campaign = talkover::Campaign::new(id);
        campaign.name = name;
        campaign.status = status;
        campaign.extra = extra_map(extra)?;
        Ok(PyCampaign(campaign))
    }

    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    #[getter]
    fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }

    /// `draft`, `active`, `paused`, `completed`, `cancelled`, or a status added later.
    #[getter]
    fn status(&self) -> Option<&str> {
        self.0.status.as_deref()
    }

    /// Fields the API sent that this version does not know, as a new `dict`.
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        map_to_py(py, &self.0.extra)
    }

    fn __hash__(&self) -> u64 {
        let c = &self.0;
        let mut h = DefaultHasher::new();
        (&c.id, &c.name, &c.status).hash(&mut h);
        h.finish()
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        repr_of(slf, "Campaign", &["id", "name", "status"])
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        reduce_of(slf, &["id", "name", "status", "extra"])
    }
}

/// A call queued in a campaign, or the existing one a `DuplicateCallError` names.
#[pyclass(frozen, eq, module = "talkover", name = "CampaignCall")]
#[derive(PartialEq)]
pub(crate) struct PyCampaignCall(talkover::CampaignCall);

impl From<talkover::CampaignCall> for PyCampaignCall {
    fn from(call: talkover::CampaignCall) -> Self {
        PyCampaignCall(call)
    }
}

#[pymethods]
impl PyCampaignCall {
    #[new]
    #[pyo3(signature = (id, status, campaign_id=None, to=None, scheduled_at=None, created_at=None, campaign=None, extra=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        id: String,
        status: String,
        campaign_id: Option<String>,
        to: Option<String>,
        scheduled_at: Option<&Bound<'_, PyAny>>,
        created_at: Option<&Bound<'_, PyAny>>,
        campaign: Option<&Bound<'_, PyCampaign>>,
        extra: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let mut call = talkover::CampaignCall::new(id, status.as_str().into());
        call.campaign_id = campaign_id;
        call.to = to;
        call.scheduled_at = scheduled_at.map(to_utc).transpose()?;
        call.created_at = created_at.map(to_utc).transpose()?;
        call.campaign = campaign.map(|c| c.get().0.clone());
        call.extra = extra_map(extra)?;
        Ok(PyCampaignCall(call))
    }

    /// The campaign call's id, to correlate with webhooks.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        call_status(py, self.0.status.as_str())
    }

    #[getter]
    fn campaign_id(&self) -> Option<&str> {
        self.0.campaign_id.as_deref()
    }

    #[getter]
    fn to(&self) -> Option<&str> {
        self.0.to.as_deref()
    }

    #[getter]
    fn scheduled_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        time_or_none(py, self.0.scheduled_at)
    }

    #[getter]
    fn created_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        time_or_none(py, self.0.created_at)
    }

    /// The campaign, when the API described it in the same answer.
    #[getter]
    fn campaign(&self, py: Python<'_>) -> PyResult<Option<Py<PyCampaign>>> {
        self.0
            .campaign
            .as_ref()
            .map(|c| Py::new(py, PyCampaign(c.clone())))
            .transpose()
    }

    /// Fields the API sent that this version does not know, as a new `dict`.
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        map_to_py(py, &self.0.extra)
    }

    fn __hash__(&self) -> u64 {
        let c = &self.0;
        let mut h = DefaultHasher::new();
        (&c.id, c.status.as_str(), &c.campaign_id, &c.to).hash(&mut h);
        (c.scheduled_at, c.created_at).hash(&mut h);
        c.campaign.as_ref().map(|c| &c.id).hash(&mut h);
        h.finish()
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        repr_of(slf, "CampaignCall", &CAMPAIGN_CALL_FIELDS[..7])
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        reduce_of(slf, &CAMPAIGN_CALL_FIELDS)
    }
}

const CAMPAIGN_CALL_FIELDS: [&str; 8] = [
    "id",
    "status",
    "campaign_id",
    "to",
    "scheduled_at",
    "created_at",
    "campaign",
    "extra",
];
