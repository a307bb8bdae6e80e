//! Campaigns and the calls made in them.
//!
//! A campaign call is queued inside a campaign, not dialled, so campaign calls live in a
//! list of their own (they are not in `calls()` and active-call does not see them) and
//! their status never moves. The endpoint that makes them is in `campaign_call`.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// A campaign to add, as sent to `POST /__mock/campaigns` or [`MockServer::seed_campaign`].
///
/// ```
/// use talkover_mock::SeedCampaign;
///
/// let campaign: SeedCampaign =
///     serde_json::from_str(r#"{"id": "camp_1", "status": "paused"}"#).unwrap();
/// assert_eq!(campaign, SeedCampaign::new("camp_1").status("paused"));
/// ```
///
/// [`MockServer::seed_campaign`]: crate::MockServer::seed_campaign
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedCampaign {
    /// The campaign id.
    pub id: String,
    /// Name; default `"Campaign <id>"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Status; only `active` accepts calls. Any string is kept. Default `"active"`.
    #[serde(default = "default_status")]
    pub status: String,
    /// The campaign's agent, if any (shown by the control API only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    /// `false` (default): new calls are `queued`; `true`: `scheduled`, with `scheduled_at`.
    #[serde(default)]
    pub scheduled: bool,
}

fn default_status() -> String {
    "active".to_owned()
}

impl SeedCampaign {
    /// An active, unscheduled campaign named `Campaign <id>`.
    ///
    /// ```
    /// assert_eq!(talkover_mock::SeedCampaign::new("c").status, "active");
    /// ```
    pub fn new(id: impl Into<String>) -> Self {
        SeedCampaign {
            id: id.into(),
            name: None,
            status: default_status(),
            agent_id: None,
            scheduled: false,
        }
    }

    /// Sets the name.
    ///
    /// ```
    /// let c = talkover_mock::SeedCampaign::new("c").name("Q1 Outreach");
    /// assert_eq!(c.name.as_deref(), Some("Q1 Outreach"));
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the status.
    ///
    /// ```
    /// assert_eq!(talkover_mock::SeedCampaign::new("c").status("draft").status, "draft");
    /// ```
    pub fn status(mut self, status: impl Into<String>) -> Self {
        self.status = status.into();
        self
    }

    /// Sets the agent.
    ///
    /// ```
    /// let c = talkover_mock::SeedCampaign::new("c").agent_id("agent_1");
    /// assert_eq!(c.agent_id.as_deref(), Some("agent_1"));
    /// ```
    pub fn agent_id(mut self, agent_id: impl Into<String>) -> Self {
        self.agent_id = Some(agent_id.into());
        self
    }

    /// Makes new calls `scheduled` instead of `queued`.
    ///
    /// ```
    /// assert!(talkover_mock::SeedCampaign::new("c").scheduled(true).scheduled);
    /// ```
    pub fn scheduled(mut self, scheduled: bool) -> Self {
        self.scheduled = scheduled;
        self
    }
}

/// One stored campaign call.
#[derive(Debug)]
pub(crate) struct CampaignCall {
    /// The public object, as in the 201 and in a 409's `existing_call`.
    pub(crate) json: Value,
    pub(crate) campaign_id: String,
    pub(crate) to: String,
    pub(crate) status: String,
    /// Request facts shown by `campaign_calls()` only.
    pub(crate) state_extra: Map<String, Value>,
}

/// Campaigns (defaults filled in) and their calls, in insertion order.
#[derive(Debug, Default)]
pub(crate) struct CampaignStore {
    pub(crate) campaigns: Vec<SeedCampaign>,
    pub(crate) calls: Vec<CampaignCall>,
    pub(crate) next_call: u64,
}

impl CampaignStore {
    /// Stores (or replaces) a campaign and returns it as JSON, defaults filled in.
    pub(crate) fn seed(&mut self, mut seed: SeedCampaign) -> Value {
        if seed.name.is_none() {
            seed.name = Some(format!("Campaign {}", seed.id));
        }
        let out = campaign_json(&seed);
        match self.campaigns.iter().position(|c| c.id == seed.id) {
            Some(i) => self.campaigns[i] = seed,
            None => self.campaigns.push(seed),
        }
        out
    }

    pub(crate) fn list(&self) -> Vec<Value> {
        self.campaigns.iter().map(campaign_json).collect()
    }

    pub(crate) fn calls(&self) -> Vec<Value> {
        self.calls
            .iter()
            .map(|c| {
                let mut out = c.json.clone();
                if let Value::Object(map) = &mut out {
                    map.extend(c.state_extra.clone());
                }
                out
            })
            .collect()
    }
}

fn campaign_json(c: &SeedCampaign) -> Value {
    json!({"id": c.id, "name": c.name, "status": c.status, "agent_id": c.agent_id, "scheduled": c.scheduled})
}
