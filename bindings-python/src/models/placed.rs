//! `PlacedCall`, `CampaignCall` and `Campaign`: what placing a call returns.

use super::data::model_methods;
use super::{call_status, extra_map, time_or_none, to_utc};
use pyo3::prelude::*;
use pyo3::types::PyDict;
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

model_methods!(PyPlacedCall, "PlacedCall",
    fields: ["id", "agent_id", "to", "status", "created_at", "extra"],
    repr: ["id", "agent_id", "to", "status", "created_at"],
    adds: [extra, response],
{
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
        placed.extra = extra_map(extra, Self::FIELDS)?;
        Ok(PyPlacedCall(placed))
    }

    /// The call id: what `end_call` takes and webhooks carry.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// The agent placing the call, when the API said.
    #[getter]
    fn agent_id(&self) -> Option<&str> {
        self.0.agent_id.as_deref()
    }

    /// The number dialled, in E.164, when the API said.
    #[getter]
    fn to(&self) -> Option<&str> {
        self.0.to.as_deref()
    }

    /// The status (a `CallStatus`, usually `INITIATED`), when the API said.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0
            .status
            .as_ref()
            .map(|s| call_status(py, s.as_str()))
            .transpose()
    }

    /// When the API accepted the call (an aware `datetime` in UTC).
    #[getter]
    fn created_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        time_or_none(py, self.0.created_at)
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
});

/// A campaign, as described next to a `CampaignCall`.
#[pyclass(frozen, eq, module = "talkover", name = "Campaign")]
#[derive(PartialEq)]
pub(crate) struct PyCampaign(talkover::Campaign);

model_methods!(PyCampaign, "Campaign",
    fields: ["id", "name", "status", "extra"],
    repr: ["id", "name", "status"],
    adds: [extra],
{
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
        campaign.extra = extra_map(extra, Self::FIELDS)?;
        Ok(PyCampaign(campaign))
    }

    /// The campaign id.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// Its name.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }

    /// `draft`, `active`, `paused`, `completed`, `cancelled`, or a status added later.
    #[getter]
    fn status(&self) -> Option<&str> {
        self.0.status.as_deref()
    }

    fn __hash__(&self) -> u64 {
        let c = &self.0;
        let mut h = DefaultHasher::new();
        (&c.id, &c.name, &c.status).hash(&mut h);
        h.finish()
    }
});

/// A call queued in a campaign, or the existing one a `DuplicateCallError` names.
#[pyclass(frozen, eq, module = "talkover", name = "CampaignCall")]
#[derive(PartialEq)]
pub(crate) struct PyCampaignCall(talkover::CampaignCall);

impl From<talkover::CampaignCall> for PyCampaignCall {
    fn from(call: talkover::CampaignCall) -> Self {
        PyCampaignCall(call)
    }
}

model_methods!(PyCampaignCall, "CampaignCall",
    fields: [
        "id", "status", "campaign_id", "to", "scheduled_at", "created_at", "campaign", "extra",
    ],
    repr: ["id", "status", "campaign_id", "to", "scheduled_at", "created_at", "campaign"],
    adds: [extra, response],
{
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
        call.extra = extra_map(extra, Self::FIELDS)?;
        Ok(PyCampaignCall(call))
    }

    /// The campaign call's id, to correlate with webhooks.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// `CallStatus.QUEUED` (waiting for dispatch) or `SCHEDULED`, then any call's statuses.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        call_status(py, self.0.status.as_str())
    }

    /// The campaign it belongs to, when the API said.
    #[getter]
    fn campaign_id(&self) -> Option<&str> {
        self.0.campaign_id.as_deref()
    }

    /// The number to call, in E.164, when the API said.
    #[getter]
    fn to(&self) -> Option<&str> {
        self.0.to.as_deref()
    }

    /// When a `SCHEDULED` call will be placed (an aware `datetime` in UTC).
    #[getter]
    fn scheduled_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        time_or_none(py, self.0.scheduled_at)
    }

    /// When the campaign call was created (an aware `datetime` in UTC).
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

    fn __hash__(&self) -> u64 {
        let c = &self.0;
        let mut h = DefaultHasher::new();
        (&c.id, c.status.as_str(), &c.campaign_id, &c.to).hash(&mut h);
        (c.scheduled_at, c.created_at).hash(&mut h);
        c.campaign.as_ref().map(|c| &c.id).hash(&mut h);
        h.finish()
    }
});
