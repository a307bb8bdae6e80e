//! One page of a call listing: [`CallRecord`]s and the [`Pagination`] the API sent with them.

use super::{deserialize_model, CallStatus, Direction};
use crate::response::{from_response, Origin};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

/// A call as listed by [`Client::list_calls`](crate::Client::list_calls): any call, past or
/// present, with its direction, numbers and duration.
///
/// ```
/// let record: talkover::CallRecord = serde_json::from_str(r#"{
///     "id": "call-1", "sid": "CA123", "to": "+1234567890", "from": "+0987654321",
///     "direction": "outbound", "status": "completed", "duration": 120,
///     "agent": {"id": "agent-1", "name": "Sales"}, "created_at": "2024-01-01T00:00:00Z"
/// }"#).unwrap();
/// assert_eq!(record.duration, Some(120));
/// assert_eq!(record.agent.unwrap().name.as_deref(), Some("Sales"));
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CallRecord {
    /// The call id: what [`Client::end_call`](crate::Client::end_call) takes.
    pub id: String,
    /// Where the call is in its life.
    pub status: CallStatus,
    /// The other party's number (E.164).
    pub to: String,
    /// The telephony provider's call SID (not the id `end_call` takes).
    pub sid: Option<String>,
    /// `to` formatted for display.
    pub to_formatted: Option<String>,
    /// The caller's number.
    pub from: Option<String>,
    /// `from` formatted for display.
    pub from_formatted: Option<String>,
    /// Whether it was a test call (no credits used, not in analytics).
    pub is_testing: Option<bool>,
    /// `inbound` or `outbound`.
    pub direction: Option<Direction>,
    /// Length in seconds (0 while the call has not completed).
    pub duration: Option<u64>,
    /// The agent, in the all-calls listing (an agent's own listing leaves it out).
    pub agent: Option<AgentRef>,
    /// When the call was created.
    pub created_at: Option<DateTime<Utc>>,
    /// When the call last changed.
    pub updated_at: Option<DateTime<Utc>>,
    /// Fields this version of the library does not know, as the API sent them.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The agent of a [`CallRecord`].
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgentRef {
    /// The agent id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Its label.
    pub label: Option<String>,
    /// Fields this version of the library does not know, as the API sent them.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CallRecord {
    /// A call record with its id, status and number, for users' own tests and fixtures.
    ///
    /// ```
    /// use talkover::{CallRecord, CallStatus};
    /// let record = CallRecord::new("call-1", CallStatus::Completed, "+5511987654321");
    /// assert_eq!(record.duration, None);
    /// ```
    pub fn new(id: impl Into<String>, status: CallStatus, to: impl Into<String>) -> CallRecord {
        CallRecord {
            id: id.into(),
            status,
            to: to.into(),
            sid: None,
            to_formatted: None,
            from: None,
            from_formatted: None,
            is_testing: None,
            direction: None,
            duration: None,
            agent: None,
            created_at: None,
            updated_at: None,
            extra: Map::new(),
        }
    }
}

impl AgentRef {
    /// An agent reference with only its id, for users' own tests and fixtures.
    ///
    /// ```
    /// let agent = talkover::AgentRef::new("agent-1");
    /// assert_eq!(agent.label, None);
    /// ```
    pub fn new(id: impl Into<String>) -> AgentRef {
        AgentRef {
            id: id.into(),
            name: None,
            label: None,
            extra: Map::new(),
        }
    }
}

deserialize_model!(CallRecord, "a call record object",
required { id: String, status: CallStatus, to: String },
optional {
    sid: String, to_formatted: String, from: String, from_formatted: String,
    is_testing: bool, direction: Direction, duration: u64, agent: AgentRef,
    created_at: DateTime<Utc>, updated_at: DateTime<Utc>
});

deserialize_model!(
    AgentRef,
    "an agent object",
    required { id: String },
    optional {
        name: String,
        label: String
    }
);

/// The `pagination` object of a listing (Laravel's), every field as the server sent it.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Pagination {
    /// The page this is (1-based).
    pub current_page: Option<u64>,
    /// The last page there is.
    pub last_page: Option<u64>,
    /// Items per page.
    pub per_page: Option<u64>,
    /// Items in the whole listing.
    pub total: Option<u64>,
}

/// One page of a call listing.
///
/// ```
/// let page = talkover::CallPage::default();
/// assert!(page.items.is_empty());
/// assert_eq!(page.number, 0);
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CallPage {
    /// The calls on this page, in the server's order.
    pub items: Vec<CallRecord>,
    /// Which page this is (1-based): the one asked for.
    pub number: u64,
    /// What the server said about the listing.
    pub pagination: Pagination,
    /// Whether another page follows, by the paging rules (see
    /// [`Client::list_calls`](crate::Client::list_calls)).
    pub has_more: bool,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

from_response!(CallPage);
