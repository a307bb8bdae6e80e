//! The typed results: [`Call`], [`EndedCall`] and the open enum [`CallStatus`].
//!
//! Decoding is hand-written instead of `#[serde(flatten)]`: flatten buffers every field into
//! an intermediate tree, which costs more than the rest of the decode on the hot path. The
//! visitors below read each key once, keep the known ones typed and everything else in
//! `extra`, so a field the API adds tomorrow is kept, never an error.

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

/// The status of a call. Unknown values are kept as [`CallStatus::Other`], never an error.
///
/// ```
/// use talkover::CallStatus;
///
/// assert_eq!(CallStatus::from("no-answer"), CallStatus::NoAnswer);
/// assert!(CallStatus::from("ringing").is_active());
/// let future = CallStatus::from("on-hold");
/// assert_eq!(future.as_str(), "on-hold");
/// assert!(!future.is_active());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CallStatus {
    /// `initiated`: placed, not yet ringing.
    Initiated,
    /// `ringing`.
    Ringing,
    /// `answered`: in conversation.
    Answered,
    /// `completed`: ended normally or by the API.
    Completed,
    /// `failed`.
    Failed,
    /// `busy`.
    Busy,
    /// `no-answer`.
    NoAnswer,
    /// A status this version of the library does not know, kept verbatim.
    Other(String),
}

impl CallStatus {
    /// The wire spelling (`"no-answer"`, ...).
    pub fn as_str(&self) -> &str {
        match self {
            CallStatus::Initiated => "initiated",
            CallStatus::Ringing => "ringing",
            CallStatus::Answered => "answered",
            CallStatus::Completed => "completed",
            CallStatus::Failed => "failed",
            CallStatus::Busy => "busy",
            CallStatus::NoAnswer => "no-answer",
            CallStatus::Other(s) => s,
        }
    }

    /// `initiated`, `ringing` and `answered` are active; everything else is not.
    pub fn is_active(&self) -> bool {
        matches!(
            self,
            CallStatus::Initiated | CallStatus::Ringing | CallStatus::Answered
        )
    }
}

impl From<&str> for CallStatus {
    fn from(s: &str) -> Self {
        match s {
            "initiated" => CallStatus::Initiated,
            "ringing" => CallStatus::Ringing,
            "answered" => CallStatus::Answered,
            "completed" => CallStatus::Completed,
            "failed" => CallStatus::Failed,
            "busy" => CallStatus::Busy,
            "no-answer" => CallStatus::NoAnswer,
            other => CallStatus::Other(other.to_owned()),
        }
    }
}

impl fmt::Display for CallStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CallStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CallStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct StatusVisitor;
        impl Visitor<'_> for StatusVisitor {
            type Value = CallStatus;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a call status string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CallStatus, E> {
                Ok(CallStatus::from(v))
            }
        }
        d.deserialize_str(StatusVisitor)
    }
}

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
        }
    }
}

/// Declares a hand-written `Deserialize` for a model: required fields error when missing,
/// optional ones accept `null`, unknown keys go to `extra`.
macro_rules! deserialize_model {
    ($model:ident, $expecting:literal,
     required { $($req:ident : $req_ty:ty),* },
     optional { $($opt:ident : $opt_ty:ty),* }) => {
        impl<'de> Deserialize<'de> for $model {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct ModelVisitor;
                impl<'de> Visitor<'de> for ModelVisitor {
                    type Value = $model;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$model, A::Error> {
                        $(let mut $req: Option<$req_ty> = None;)*
                        $(let mut $opt: Option<$opt_ty> = None;)*
                        let mut extra = Map::new();
                        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                            match key.as_ref() {
                                $(stringify!($req) => $req = Some(map.next_value()?),)*
                                $(stringify!($opt) => $opt = map.next_value()?,)*
                                _ => {
                                    let value: Value = map.next_value()?;
                                    extra.insert(key.into_owned(), value);
                                }
                            }
                        }
                        Ok($model {
                            $($req: $req.ok_or_else(|| de::Error::missing_field(stringify!($req)))?,)*
                            $($opt,)*
                            extra,
                        })
                    }
                }
                d.deserialize_map(ModelVisitor)
            }
        }
    };
}

deserialize_model!(Call, "a call object",
    required { id: String, agent_id: String, to: String, status: CallStatus },
    optional { started_at: DateTime<Utc>, duration_seconds: u64 });

deserialize_model!(EndedCall, "an ended-call object",
    required { id: String, status: CallStatus },
    optional { ended_at: DateTime<Utc>, ended_reason: String });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_status_round_trips_and_unknown_ones_are_kept() {
        for s in [
            "initiated",
            "ringing",
            "answered",
            "completed",
            "failed",
            "busy",
            "no-answer",
            "voicemail",
            "",
        ] {
            let status: CallStatus = serde_json::from_value(Value::from(s)).unwrap();
            assert_eq!(status.as_str(), s);
            assert_eq!(serde_json::to_value(&status).unwrap(), Value::from(s));
        }
        assert_eq!(
            CallStatus::from("voicemail"),
            CallStatus::Other("voicemail".into())
        );
    }

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
