//! The calls the simulator knows about, and the seeding shape that creates them.
//!
//! Calls are kept in seeding order because the real API returns every active call for a
//! phone number and tests compare that list as a whole. Each call keeps its JSON rendering
//! cached: the active-call endpoint is the benchmark hot path, so serving it should be a
//! copy of ready-made bytes, not a fresh serialisation per request.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Statuses that count as "active" for both endpoints.
const ACTIVE: [&str; 3] = ["initiated", "ringing", "answered"];

/// A call to add to the simulator, as sent to `POST /__mock/calls` or [`MockServer::seed_call`].
///
/// Only `agent_id` and `to` are required; everything else has a default. `extra` fields are
/// merged into the call's JSON after the standard ones (and win on a name clash), which is how
/// tests serve fields the client does not know yet, or deliberately odd values.
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
    /// The agent that owns the call.
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
    /// Extra fields merged into the call's JSON.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
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
}

/// One stored call: the fields the endpoints reason about, plus its cached JSON.
#[derive(Debug)]
struct StoredCall {
    id: String,
    agent_id: String,
    to: String,
    status: String,
    json: Value,
    rendered: String,
}

impl StoredCall {
    fn render(&mut self) {
        self.rendered = self.json.to_string();
    }
}

/// What ending a call produced.
#[derive(Debug)]
pub(crate) enum EndOutcome {
    /// The call was active and is now completed: the `data` object to answer with.
    Ended(Value),
    /// No call with that id for that agent.
    NotFound,
    /// The call exists but is no longer active.
    NotActive,
}

/// All calls, in seeding order, with an index by agent.
#[derive(Debug, Default)]
pub(crate) struct CallStore {
    calls: Vec<StoredCall>,
    by_agent: HashMap<String, Vec<usize>>,
    next_id: u64,
}

impl CallStore {
    /// Stores a call (replacing one with the same agent and id) and returns its JSON.
    pub(crate) fn seed(&mut self, seed: SeedCall) -> Value {
        let id = match seed.id {
            Some(id) => id,
            None => self.fresh_id(),
        };
        let mut json = Map::new();
        json.insert("id".into(), Value::from(id.as_str()));
        json.insert("agent_id".into(), Value::from(seed.agent_id.as_str()));
        json.insert("to".into(), Value::from(seed.to.as_str()));
        json.insert("status".into(), Value::from(seed.status.as_str()));
        let started_at = seed.started_at.unwrap_or_else(now_rfc3339);
        json.insert("started_at".into(), Value::from(started_at));
        let duration = seed.duration_seconds.unwrap_or(0);
        json.insert("duration_seconds".into(), Value::from(duration));
        json.extend(seed.extra);
        let mut call = StoredCall {
            id,
            agent_id: seed.agent_id,
            to: seed.to,
            status: seed.status,
            json: Value::Object(json),
            rendered: String::new(),
        };
        call.render();
        let out = call.json.clone();
        match self.find(&call.agent_id, &call.id) {
            Some(index) => self.calls[index] = call,
            None => {
                let index = self.calls.len();
                self.by_agent
                    .entry(call.agent_id.clone())
                    .or_default()
                    .push(index);
                self.calls.push(call);
            }
        }
        out
    }

    /// Appends the cached JSON of every active call of `agent_id` with `to` to `out`,
    /// comma-separated; returns how many were written.
    pub(crate) fn write_active(&self, agent_id: &str, to: &str, out: &mut String) -> usize {
        let Some(indexes) = self.by_agent.get(agent_id) else {
            return 0;
        };
        let mut count = 0;
        for call in indexes.iter().filter_map(|&i| self.calls.get(i)) {
            if call.to == to && is_active(&call.status) {
                if count > 0 {
                    out.push(',');
                }
                out.push_str(&call.rendered);
                count += 1;
            }
        }
        count
    }

    /// Ends the call `call_sid` of `agent_id` if it is active.
    pub(crate) fn end(&mut self, agent_id: &str, call_sid: &str) -> EndOutcome {
        let Some(index) = self.find(agent_id, call_sid) else {
            return EndOutcome::NotFound;
        };
        let call = &mut self.calls[index];
        if !is_active(&call.status) {
            return EndOutcome::NotActive;
        }
        let ended_at = now_rfc3339();
        call.status = "completed".to_owned();
        if let Value::Object(map) = &mut call.json {
            map.insert("status".into(), Value::from("completed"));
            map.insert("ended_at".into(), Value::from(ended_at.as_str()));
            map.insert("ended_reason".into(), Value::from("ended_by_api"));
        }
        call.render();
        let mut data = Map::new();
        data.insert("id".into(), Value::from(call.id.as_str()));
        data.insert("status".into(), Value::from("completed"));
        data.insert("ended_at".into(), Value::from(ended_at));
        data.insert("ended_reason".into(), Value::from("ended_by_api"));
        EndOutcome::Ended(Value::Object(data))
    }

    /// Every stored call's JSON, in seeding order.
    pub(crate) fn list(&self) -> Vec<Value> {
        self.calls.iter().map(|c| c.json.clone()).collect()
    }

    /// Forgets every call and restarts id numbering.
    pub(crate) fn clear(&mut self) {
        *self = CallStore::default();
    }

    fn find(&self, agent_id: &str, id: &str) -> Option<usize> {
        self.by_agent
            .get(agent_id)?
            .iter()
            .copied()
            .find(|&i| self.calls.get(i).is_some_and(|c| c.id == id))
    }

    fn fresh_id(&mut self) -> String {
        loop {
            self.next_id += 1;
            let id = format!("call_{}", self.next_id);
            if !self.calls.iter().any(|c| c.id == id) {
                return id;
            }
        }
    }
}

fn is_active(status: &str) -> bool {
    ACTIVE.contains(&status)
}

/// The current time as the API writes it: RFC 3339, UTC, whole seconds, `Z` suffix.
pub(crate) fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
