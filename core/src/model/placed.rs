//! What placing a call returns: [`PlacedCall`], and [`CampaignCall`] with its [`Campaign`].
//!
//! The vendor's pages disagree on the make-call answer (`{"success", "data": {"id", ...}}` on
//! the endpoint page, an unwrapped `{"call_id", ...}` in the guides, an unwrapped `{"id",
//! "sid", ...}` in the OpenAPI file), and the campaign-call answer comes without the success
//! envelope. So these models are read from a JSON object by hand, accepting each shape, rather
//! than derived: see `envelope.rs` for which object is passed in.

use super::CallStatus;
use crate::response::{from_response, Origin};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

/// The call the API accepted from [`Client::make_call`](crate::Client::make_call). The call
/// is placed asynchronously: it starts `initiated`, and [`Client::active_call`] finds it while
/// it is active.
///
/// [`Client::active_call`]: crate::Client::active_call
///
/// ```
/// use talkover::PlacedCall;
/// let placed = PlacedCall::new("call-1");
/// assert_eq!(placed.id, "call-1");
/// assert_eq!(placed.status, None);
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlacedCall {
    /// The call id: what [`Client::end_call`](crate::Client::end_call) takes and webhooks carry.
    pub id: String,
    /// The agent placing the call, when the API said.
    pub agent_id: Option<String>,
    /// The number dialled, in E.164, when the API said.
    pub to: Option<String>,
    /// The status, usually `initiated`, when the API said.
    pub status: Option<CallStatus>,
    /// When the API accepted the call.
    pub created_at: Option<DateTime<Utc>>,
    /// Fields this version of the library does not know, as the API sent them.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

/// A call queued in a campaign, from
/// [`Client::make_campaign_call`](crate::Client::make_campaign_call), or the existing one a
/// `DuplicateCallError` names.
///
/// ```
/// use talkover::{CallStatus, CampaignCall};
/// let call = CampaignCall::new("call-1", CallStatus::Queued);
/// assert!(call.campaign.is_none());
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CampaignCall {
    /// The campaign call's id, to correlate with webhooks.
    pub id: String,
    /// The campaign it belongs to, when the API said.
    pub campaign_id: Option<String>,
    /// The number to call, in E.164, when the API said.
    pub to: Option<String>,
    /// `queued` (waiting for dispatch) or `scheduled` (later, within the campaign's hours),
    /// then the statuses of any call.
    pub status: CallStatus,
    /// When a `scheduled` call will be placed.
    pub scheduled_at: Option<DateTime<Utc>>,
    /// When the campaign call was created.
    pub created_at: Option<DateTime<Utc>>,
    /// The campaign, as the API described it in the same answer; `None` for the
    /// `existing_call` of a duplicate, which comes without it.
    pub campaign: Option<Campaign>,
    /// Fields this version of the library does not know, as the API sent them.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

/// A campaign, as described next to a [`CampaignCall`].
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Campaign {
    /// The campaign id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// `draft`, `active`, `paused`, `completed`, `cancelled`, or a status added later.
    pub status: Option<String>,
    /// Fields this version of the library does not know, as the API sent them.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

from_response!(PlacedCall, CampaignCall);

impl PlacedCall {
    /// A placed call with only its id, for users' own tests and fixtures.
    pub fn new(id: impl Into<String>) -> PlacedCall {
        PlacedCall {
            id: id.into(),
            agent_id: None,
            to: None,
            status: None,
            created_at: None,
            extra: Map::new(),
            origin: Origin::default(),
        }
    }

    /// Reads the call object of a make-call answer; its id may be under `id` or `call_id`.
    pub(crate) fn from_object(mut obj: Map<String, Value>) -> Result<PlacedCall, String> {
        let id = take_string(&mut obj, "id")?
            .or(take_string(&mut obj, "call_id")?)
            .ok_or("the call has no `id` (nor `call_id`)")?;
        Ok(PlacedCall {
            id,
            agent_id: take_string(&mut obj, "agent_id")?,
            to: take_string(&mut obj, "to")?,
            status: take_string(&mut obj, "status")?.map(|s| CallStatus::from(s.as_str())),
            created_at: take_time(&mut obj, "created_at")?,
            extra: obj,
            origin: Origin::default(),
        })
    }
}

impl CampaignCall {
    /// A campaign call with its id and status, for users' own tests and fixtures.
    pub fn new(id: impl Into<String>, status: CallStatus) -> CampaignCall {
        CampaignCall {
            id: id.into(),
            campaign_id: None,
            to: None,
            status,
            scheduled_at: None,
            created_at: None,
            campaign: None,
            extra: Map::new(),
            origin: Origin::default(),
        }
    }

    /// Reads a `campaign_call` (or `existing_call`) object.
    pub(crate) fn from_object(
        mut obj: Map<String, Value>,
        campaign: Option<Campaign>,
    ) -> Result<CampaignCall, String> {
        Ok(CampaignCall {
            id: take_string(&mut obj, "id")?.ok_or("the campaign call has no `id`")?,
            campaign_id: take_string(&mut obj, "campaign_id")?,
            to: take_string(&mut obj, "to")?,
            status: CallStatus::from(
                take_string(&mut obj, "status")?
                    .ok_or("the campaign call has no `status`")?
                    .as_str(),
            ),
            scheduled_at: take_time(&mut obj, "scheduled_at")?,
            created_at: take_time(&mut obj, "created_at")?,
            campaign,
            extra: obj,
            origin: Origin::default(),
        })
    }
}

impl Campaign {
    /// A campaign with only its id, for users' own tests and fixtures.
    ///
    /// ```
    /// let campaign = talkover::Campaign::new("campaign-1");
    /// assert_eq!(campaign.name, None);
    /// ```
    pub fn new(id: impl Into<String>) -> Campaign {
        Campaign {
            id: id.into(),
            name: None,
            status: None,
            extra: Map::new(),
        }
    }

    /// Reads a `campaign` object.
    pub(crate) fn from_object(mut obj: Map<String, Value>) -> Result<Campaign, String> {
        Ok(Campaign {
            id: take_string(&mut obj, "id")?.ok_or("the campaign has no `id`")?,
            name: take_string(&mut obj, "name")?,
            status: take_string(&mut obj, "status")?,
            extra: obj,
        })
    }
}

/// Removes `key` and returns it as a string; `null` or absent is `None`, a number is
/// accepted as its text (ids are strings in the docs, but a numeric id must not fail).
fn take_string(obj: &mut Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match obj.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(format!("`{key}` is not a string: {}", kind_of(&other))),
    }
}

/// Removes `key` and parses it as an RFC 3339 timestamp.
fn take_time(obj: &mut Map<String, Value>, key: &str) -> Result<Option<DateTime<Utc>>, String> {
    match take_string(obj, key)? {
        None => Ok(None),
        Some(text) => text
            .parse::<DateTime<Utc>>()
            .map(Some)
            .map_err(|e| format!("`{key}` is not an RFC 3339 timestamp ({e})")),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    #[test]
    fn the_id_may_be_call_id_and_unknown_fields_are_kept() {
        let placed = PlacedCall::from_object(object(json!({
            "call_id": "c1", "agent_id": "a1", "to": "+15551234567", "status": "initiated",
            "created_at": "2024-01-15T10:30:00Z", "estimated_duration": 120
        })))
        .unwrap();
        assert_eq!(placed.id, "c1");
        assert_eq!(placed.status, Some(CallStatus::Initiated));
        assert_eq!(placed.extra["estimated_duration"], 120);
        assert!(!placed.extra.contains_key("call_id"));
        assert!(PlacedCall::from_object(object(json!({"status": "initiated"}))).is_err());
        assert!(PlacedCall::from_object(object(json!({"id": ["x"]}))).is_err());
    }

    #[test]
    fn campaign_calls_keep_their_campaign() {
        let campaign = Campaign::from_object(object(
            json!({"id": "k1", "name": "Q1", "status": "active", "budget": 3}),
        ))
        .unwrap();
        let call = CampaignCall::from_object(
            object(json!({"id": "c1", "campaign_id": "k1", "status": "queued",
                          "scheduled_at": "2024-01-15T10:30:00Z"})),
            Some(campaign),
        )
        .unwrap();
        assert_eq!(call.status, CallStatus::Queued);
        assert_eq!(call.campaign.unwrap().extra["budget"], 3);
    }
}
