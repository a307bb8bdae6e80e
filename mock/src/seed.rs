//! The seeding shape that creates calls.
//!
//! The first fields feed the active-call rendering, exactly as before; the listing fields
//! (`created_at`, `direction`, `from`, `sid`, `is_testing`) are optional and omitted from
//! the serialised seed when absent, so seeds written before they existed stay valid and
//! render the same.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A call to add to the simulator, as sent to `POST /__mock/calls` or [`MockServer::seed_call`].
///
/// Only `agent_id` and `to` are required; everything else has a default. `extra` fields are
/// merged into the call's JSON after the standard ones (and win on a name clash), which is how
/// tests serve fields the client does not know yet, or deliberately odd values. Seeded calls
/// keep their status: only calls placed through the API progress on their own.
///
/// ```
/// use talkover_mock::SeedCall;
///
/// let call: SeedCall = serde_json::from_str(
///     r#"{"agent_id": "agent_1", "to": "+5511987654321", "status": "ringing"}"#,
/// ).unwrap();
/// assert_eq!(call, SeedCall::new("agent_1", "+5511987654321").status("ringing"));
/// ```
///
/// [`MockServer::seed_call`]: crate::MockServer::seed_call
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedCall {
    /// The agent that owns the call (created, published, if it does not exist).
    pub agent_id: String,
    /// The phone number the call is with, as the client will ask for it (E.164).
    pub to: String,
    /// Call status; any string is accepted. Default `"answered"`.
    #[serde(default = "default_status")]
    pub status: String,
    /// Call id; default `call_<n>`, unique within the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Start time; default now, RFC 3339 UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// Duration so far; default 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<i64>,
    /// Extra fields merged into the call's JSON (and into its list items).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
    /// Creation time for listing (ordering, `date_from`/`date_to`); default `started_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// `inbound` or `outbound` (any string is kept); default `outbound`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// The other end of the call; default the agent's `phone_number`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Telephony SID; default `CA` followed by 32 hex digits, numbered per server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Whether it was a test call; default `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_testing: Option<bool>,
}

fn default_status() -> String {
    "answered".to_owned()
}

impl Default for SeedCall {
    fn default() -> Self {
        SeedCall {
            agent_id: String::new(),
            to: String::new(),
            status: default_status(),
            id: None,
            started_at: None,
            duration_seconds: None,
            extra: Map::new(),
            created_at: None,
            direction: None,
            from: None,
            sid: None,
            is_testing: None,
        }
    }
}

impl SeedCall {
    /// An answered call for `agent_id` with `to`, every other field defaulted.
    ///
    /// ```
    /// let call = talkover_mock::SeedCall::new("agent_1", "+5511987654321");
    /// assert_eq!(call.status, "answered");
    /// ```
    pub fn new(agent_id: impl Into<String>, to: impl Into<String>) -> Self {
        SeedCall {
            agent_id: agent_id.into(),
            to: to.into(),
            ..SeedCall::default()
        }
    }

    /// Sets the status.
    ///
    /// ```
    /// let call = talkover_mock::SeedCall::new("a", "+5511987654321").status("completed");
    /// assert_eq!(call.status, "completed");
    /// ```
    pub fn status(mut self, status: impl Into<String>) -> Self {
        self.status = status.into();
        self
    }

    /// Sets the call id.
    ///
    /// ```
    /// let call = talkover_mock::SeedCall::new("a", "+5511987654321").id("CA123");
    /// assert_eq!(call.id.as_deref(), Some("CA123"));
    /// ```
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Adds one extra field to the call's JSON.
    ///
    /// ```
    /// let call = talkover_mock::SeedCall::new("a", "+5511987654321")
    ///     .extra("direction", serde_json::json!("inbound"));
    /// assert_eq!(call.extra["direction"], "inbound");
    /// ```
    pub fn extra(mut self, key: impl Into<String>, value: Value) -> Self {
        self.extra.insert(key.into(), value);
        self
    }

    /// Sets the creation time used by listing (RFC 3339).
    ///
    /// ```
    /// let call = talkover_mock::SeedCall::new("a", "+5511987654321")
    ///     .created_at("2024-01-15T10:30:00Z");
    /// assert_eq!(call.created_at.as_deref(), Some("2024-01-15T10:30:00Z"));
    /// ```
    pub fn created_at(mut self, created_at: impl Into<String>) -> Self {
        self.created_at = Some(created_at.into());
        self
    }

    /// Sets the direction (`inbound` or `outbound`).
    ///
    /// ```
    /// let call = talkover_mock::SeedCall::new("a", "+5511987654321").direction("inbound");
    /// assert_eq!(call.direction.as_deref(), Some("inbound"));
    /// ```
    pub fn direction(mut self, direction: impl Into<String>) -> Self {
        self.direction = Some(direction.into());
        self
    }

    /// Sets the `from` number.
    ///
    /// ```
    /// let call = talkover_mock::SeedCall::new("a", "+5511987654321").from("+15550100001");
    /// assert_eq!(call.from.as_deref(), Some("+15550100001"));
    /// ```
    pub fn from(mut self, from: impl Into<String>) -> Self {
        self.from = Some(from.into());
        self
    }

    /// Sets the telephony SID.
    ///
    /// ```
    /// let call = talkover_mock::SeedCall::new("a", "+5511987654321").sid("CAabc");
    /// assert_eq!(call.sid.as_deref(), Some("CAabc"));
    /// ```
    pub fn sid(mut self, sid: impl Into<String>) -> Self {
        self.sid = Some(sid.into());
        self
    }

    /// Marks it a test call (or not).
    ///
    /// ```
    /// let call = talkover_mock::SeedCall::new("a", "+5511987654321").is_testing(true);
    /// assert_eq!(call.is_testing, Some(true));
    /// ```
    pub fn is_testing(mut self, is_testing: bool) -> Self {
        self.is_testing = Some(is_testing);
        self
    }
}
