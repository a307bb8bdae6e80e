//! Open enums: [`CallStatus`] and [`Direction`] keep values this version does not know.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
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
    /// `queued`: a campaign call waiting for dispatch.
    Queued,
    /// `scheduled`: a campaign call to be placed later, within the campaign's hours.
    Scheduled,
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
            CallStatus::Queued => "queued",
            CallStatus::Scheduled => "scheduled",
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
            "queued" => CallStatus::Queued,
            "scheduled" => CallStatus::Scheduled,
            other => CallStatus::Other(other.to_owned()),
        }
    }
}

/// Which way a call went. Unknown values are kept as [`Direction::Other`].
///
/// ```
/// use talkover::Direction;
/// assert_eq!(Direction::from("inbound"), Direction::Inbound);
/// assert_eq!(Direction::from("transfer").as_str(), "transfer");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `inbound`: the other party called the agent.
    Inbound,
    /// `outbound`: the agent called the other party.
    Outbound,
    /// A direction this version of the library does not know, kept verbatim.
    Other(String),
}

impl Direction {
    /// The wire spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
            Direction::Other(s) => s,
        }
    }
}

impl From<&str> for Direction {
    fn from(s: &str) -> Self {
        match s {
            "inbound" => Direction::Inbound,
            "outbound" => Direction::Outbound,
            other => Direction::Other(other.to_owned()),
        }
    }
}

/// `Display`, `Serialize` and `Deserialize` as the wire string, for an open enum with
/// `as_str` and `From<&str>`.
macro_rules! wire_string {
    ($ty:ident, $expecting:literal) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct WireVisitor;
                impl Visitor<'_> for WireVisitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                        Ok($ty::from(v))
                    }
                }
                d.deserialize_str(WireVisitor)
            }
        }
    };
}

wire_string!(CallStatus, "a call status string");
wire_string!(Direction, "a call direction string");

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

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
            "queued",
            "scheduled",
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
}
