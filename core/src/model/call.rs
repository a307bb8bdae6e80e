//! The results of the two call-control operations: [`Call`] and [`EndedCall`].

use super::{deserialize_model, CallStatus};
use crate::response::{from_response, Origin};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

/// A call between an agent and a phone number, as returned by
/// [`Client::active_call`](crate::Client::active_call).
///
/// ```
/// let call: talkover::Call = serde_json::from_str(r#"{
///     "id": "call-1", "agent_id": "agent-1", "to": "+5511987654321",
///     "status": "answered", "started_at": "2024-01-15T11:00:00Z",
///     "duration_seconds": 42, "region": "sa-east-1"
/// }"#).unwrap();
/// assert!(call.status.is_active());
/// assert_eq!(call.duration_seconds, Some(42));
/// assert_eq!(call.extra["region"], "sa-east-1");
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Call {
    /// The call id (the `call_sid` that [`Client::end_call`](crate::Client::end_call) takes).
    pub id: String,
    /// The agent placing or receiving the call.
    pub agent_id: String,
    /// The other party, in E.164.
    pub to: String,
    /// Where the call is in its life.
    pub status: CallStatus,
    /// When the call started; absent while it has not.
    pub started_at: Option<DateTime<Utc>>,
    /// Seconds since the call started; absent while it has not.
    pub duration_seconds: Option<u64>,
    /// Fields this version of the library does not know, as the API sent them.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

/// The result of [`Client::end_call`](crate::Client::end_call).
///
/// ```
/// let ended: talkover::EndedCall = serde_json::from_str(r#"{
///     "id": "call-1", "status": "completed",
///     "ended_at": "2024-01-15T11:35:42Z", "ended_reason": "ended_by_api"
/// }"#).unwrap();
/// assert_eq!(ended.status, talkover::CallStatus::Completed);
/// assert_eq!(ended.ended_reason.as_deref(), Some("ended_by_api"));
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EndedCall {
    /// The call id.
    pub id: String,
    /// `completed` once the hang-up is accepted.
    pub status: CallStatus,
    /// When the call ended.
    pub ended_at: Option<DateTime<Utc>>,
    /// Why it ended: `ended_by_api` for calls ended through this endpoint.
    pub ended_reason: Option<String>,
    /// Fields this version of the library does not know, as the API sent them.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

impl Call {
    /// A call with the given fields and no extras, for users' own tests and fixtures.
    ///
    /// ```
    /// use talkover::{Call, CallStatus};
    /// let call = Call::new("call-1", "agent-1", "+5511987654321", CallStatus::Ringing);
    /// assert_eq!(call.started_at, None);
    /// ```
    pub fn new(
        id: impl Into<String>,
        agent_id: impl Into<String>,
        to: impl Into<String>,
        status: CallStatus,
    ) -> Call {
        Call {
            id: id.into(),
            agent_id: agent_id.into(),
            to: to.into(),
            status,
            started_at: None,
            duration_seconds: None,
            extra: Map::new(),
            origin: Origin::default(),
        }
    }
}

impl EndedCall {
    /// An ended call with the given fields and no extras, for users' own tests and fixtures.
    ///
    /// ```
    /// use talkover::{CallStatus, EndedCall};
    /// let ended = EndedCall::new("call-1", CallStatus::Completed);
    /// assert_eq!(ended.ended_reason, None);
    /// ```
    pub fn new(id: impl Into<String>, status: CallStatus) -> EndedCall {
        EndedCall {
            id: id.into(),
            status,
            ended_at: None,
            ended_reason: None,
            extra: Map::new(),
            origin: Origin::default(),
        }
    }
}

deserialize_model!(Call, "a call object",
    required { id: String, agent_id: String, to: String, status: CallStatus },
    optional { started_at: DateTime<Utc>, duration_seconds: u64 },
    origin);

deserialize_model!(EndedCall, "an ended-call object",
    required { id: String, status: CallStatus },
    optional { ended_at: DateTime<Utc>, ended_reason: String },
    origin);

from_response!(Call, EndedCall);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_optionals_are_none_and_missing_required_fields_fail() {
        let call: Call = serde_json::from_str(
            r#"{"id":"c","agent_id":"a","to":"+1555","status":"initiated","started_at":null,"duration_seconds":null}"#,
        )
        .unwrap();
        assert_eq!(call.started_at, None);
        assert!(call.extra.is_empty());
        assert!(serde_json::from_str::<Call>(r#"{"id":"c","agent_id":"a","to":"+1"}"#).is_err());
        assert!(serde_json::from_str::<EndedCall>(r#"{"status":"completed"}"#).is_err());
    }

    #[test]
    fn serialising_puts_extra_fields_back_at_the_top_level() {
        let src = r#"{"id":"c","status":"completed","ended_at":"2024-01-15T11:35:42Z","ended_reason":"ended_by_api","billing":{"units":2}}"#;
        let ended: EndedCall = serde_json::from_str(src).unwrap();
        let back = serde_json::to_value(&ended).unwrap();
        assert_eq!(back["billing"]["units"], 2);
        assert_eq!(back["ended_at"], "2024-01-15T11:35:42Z");
    }
}
