//! The calls the simulator knows about: seeded ones and ones placed through the API.
//!
//! Calls are kept in insertion order because the real API returns every active call for a
//! phone number and tests compare that list as a whole. Each call keeps its active-call JSON
//! rendering cached: the active-call endpoint is the benchmark hot path, so serving it should
//! be a copy of ready-made bytes, not a fresh serialisation per request. A placed call's
//! status moves on with time; it is worked out when the call is read, and the cache is
//! re-rendered only when the status actually changed.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};

use crate::call::Progress;
pub(crate) use crate::call::StoredCall;
use crate::seed::SeedCall;

/// Statuses that count as "active" for both endpoints.
const ACTIVE: [&str; 3] = ["initiated", "ringing", "answered"];

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

/// A call placed through `POST /agents/{agent_id}/call`, already validated.
#[derive(Debug)]
pub(crate) struct Placement {
    pub(crate) agent_id: String,
    pub(crate) to: String,
    pub(crate) from: String,
    pub(crate) payload: Option<Value>,
    pub(crate) context: Option<Value>,
    pub(crate) delay_seconds: u64,
    pub(crate) is_testing: bool,
    pub(crate) ring_after_ms: u64,
    pub(crate) answer_after_ms: u64,
}

/// All calls, in insertion order, with an index by agent.
#[derive(Debug, Default)]
pub(crate) struct CallStore {
    calls: Vec<StoredCall>,
    by_agent: HashMap<String, Vec<usize>>,
    next_id: u64,
    next_sid: u64,
}

impl CallStore {
    /// Stores a call (replacing one with the same agent and id) and returns its JSON.
    pub(crate) fn seed(&mut self, seed: SeedCall) -> Value {
        let id = match seed.id {
            Some(id) => id,
            None => self.fresh_id(),
        };
        let started_at = seed.started_at.unwrap_or_else(now_rfc3339);
        let duration = seed.duration_seconds.unwrap_or(0);
        let mut json = base_json(&id, &seed.agent_id, &seed.to, &seed.status);
        json.insert("started_at".into(), Value::from(started_at.as_str()));
        json.insert("duration_seconds".into(), Value::from(duration));
        json.extend(seed.extra.clone());
        let mut state_extra = Map::new();
        let mut keep = |key: &str, value: Option<Value>| {
            if let Some(value) = value {
                state_extra.insert(key.to_owned(), value);
            }
        };
        keep("created_at", seed.created_at.clone().map(Value::from));
        keep("direction", seed.direction.clone().map(Value::from));
        keep("from", seed.from.clone().map(Value::from));
        keep("sid", seed.sid.clone().map(Value::from));
        keep("is_testing", seed.is_testing.map(Value::from));
        let created_at = seed.created_at.unwrap_or(started_at);
        let sid = seed.sid.unwrap_or_else(|| self.fresh_sid());
        let call = StoredCall {
            id,
            agent_id: seed.agent_id,
            to: seed.to,
            status: seed.status,
            from: seed.from,
            sid,
            direction: seed.direction.unwrap_or_else(|| "outbound".to_owned()),
            is_testing: seed.is_testing.unwrap_or(false),
            duration,
            created: parse_time(&created_at),
            updated_at: created_at.clone(),
            created_at,
            extra: seed.extra,
            state_extra,
            progress: None,
            json: Value::Object(json),
            rendered: String::new(),
        };
        let out = call.json.clone();
        self.insert(call);
        out
    }

    /// Stores a placed call (status `initiated`) and returns the make-call `data` object.
    pub(crate) fn place(&mut self, p: Placement) -> Value {
        let id = self.fresh_id();
        let sid = self.fresh_sid();
        let now = Utc::now();
        let created_at = rfc3339(now);
        let delay = Duration::from_secs(p.delay_seconds);
        let mut json = base_json(&id, &p.agent_id, &p.to, "initiated");
        json.insert("started_at".into(), Value::from(created_at.as_str()));
        json.insert("duration_seconds".into(), Value::from(0));
        let mut state_extra = Map::new();
        state_extra.insert("direction".into(), Value::from("outbound"));
        state_extra.insert("from".into(), Value::from(p.from.as_str()));
        state_extra.insert("sid".into(), Value::from(sid.as_str()));
        state_extra.insert("is_testing".into(), Value::from(p.is_testing));
        if let Some(payload) = p.payload {
            state_extra.insert("payload".into(), payload);
        }
        if let Some(context) = p.context {
            state_extra.insert("context".into(), context);
        }
        state_extra.insert("delay_seconds".into(), Value::from(p.delay_seconds));
        state_extra.insert("created_at".into(), Value::from(created_at.as_str()));
        let mut data = Map::new();
        data.insert("id".into(), Value::from(id.as_str()));
        data.insert("agent_id".into(), Value::from(p.agent_id.as_str()));
        data.insert("to".into(), Value::from(p.to.as_str()));
        data.insert("status".into(), Value::from("initiated"));
        data.insert("created_at".into(), Value::from(created_at.as_str()));
        self.insert(StoredCall {
            id,
            agent_id: p.agent_id,
            to: p.to,
            status: "initiated".to_owned(),
            from: Some(p.from),
            sid,
            direction: "outbound".to_owned(),
            is_testing: p.is_testing,
            duration: 0,
            created: Some(now),
            updated_at: created_at.clone(),
            created_at,
            extra: Map::new(),
            state_extra,
            progress: Some(Progress {
                created: Instant::now(),
                ring_at: delay + Duration::from_millis(p.ring_after_ms),
                answer_at: delay + Duration::from_millis(p.answer_after_ms),
            }),
            json: Value::Object(json),
            rendered: String::new(),
        });
        Value::Object(data)
    }

    fn insert(&mut self, mut call: StoredCall) {
        call.render();
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
    }

    /// Appends the cached JSON of every active call of `agent_id` with `to` to `out`,
    /// comma-separated; returns how many were written.
    pub(crate) fn write_active(&mut self, agent_id: &str, to: &str, out: &mut String) -> usize {
        let Some(indexes) = self.by_agent.get(agent_id) else {
            return 0;
        };
        let mut now = None;
        let mut count = 0;
        for &i in indexes {
            let Some(call) = self.calls.get_mut(i) else {
                continue;
            };
            if call.to != to {
                continue;
            }
            if call.progress.is_some() {
                call.advance(*now.get_or_insert_with(Instant::now));
            }
            if is_active(&call.status) {
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
        call.progress = None;
        call.set_status("completed");
        if let Value::Object(map) = &mut call.json {
            map.insert("ended_at".into(), Value::from(ended_at.as_str()));
            map.insert("ended_reason".into(), Value::from("ended_by_api"));
        }
        call.updated_at = ended_at.clone();
        call.render();
        let mut data = Map::new();
        data.insert("id".into(), Value::from(call.id.as_str()));
        data.insert("status".into(), Value::from("completed"));
        data.insert("ended_at".into(), Value::from(ended_at));
        data.insert("ended_reason".into(), Value::from("ended_by_api"));
        EndOutcome::Ended(Value::Object(data))
    }

    /// Every call with its status brought up to date, in insertion order.
    pub(crate) fn current(&mut self) -> &[StoredCall] {
        let now = Instant::now();
        for call in &mut self.calls {
            call.advance(now);
        }
        &self.calls
    }

    /// Every stored call's state view, in insertion order.
    pub(crate) fn list(&mut self) -> Vec<Value> {
        self.current().iter().map(StoredCall::state_view).collect()
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

    /// A Twilio-style SID, numbered so runs are reproducible.
    fn fresh_sid(&mut self) -> String {
        self.next_sid += 1;
        format!("CA{:032x}", self.next_sid)
    }
}

fn base_json(id: &str, agent_id: &str, to: &str, status: &str) -> Map<String, Value> {
    let mut json = Map::new();
    json.insert("id".into(), Value::from(id));
    json.insert("agent_id".into(), Value::from(agent_id));
    json.insert("to".into(), Value::from(to));
    json.insert("status".into(), Value::from(status));
    json
}

pub(crate) fn is_active(status: &str) -> bool {
    ACTIVE.contains(&status)
}

/// A seeded time: RFC 3339, else a bare `YYYY-MM-DD...` date taken as midnight UTC.
fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The current time as the API writes it: RFC 3339, UTC, whole seconds, `Z` suffix.
pub(crate) fn now_rfc3339() -> String {
    rfc3339(Utc::now())
}
