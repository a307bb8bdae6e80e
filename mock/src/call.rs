//! One stored call: the fields the endpoints reason about, its cached active-call JSON,
//! and, for a placed call, how its status moves on with time.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::state::rfc3339;

/// How a placed call's status moves on: `ringing` at `ring_at`, `answered` at `answer_at`,
/// both measured from `created`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Progress {
    pub(crate) created: Instant,
    pub(crate) ring_at: Duration,
    pub(crate) answer_at: Duration,
}

/// One stored call: the fields the endpoints reason about, plus its cached JSON.
#[derive(Debug)]
pub(crate) struct StoredCall {
    pub(crate) id: String,
    pub(crate) agent_id: String,
    pub(crate) to: String,
    pub(crate) status: String,
    /// `None`: the agent's phone number, looked up when listed.
    pub(crate) from: Option<String>,
    pub(crate) sid: String,
    pub(crate) direction: String,
    pub(crate) is_testing: bool,
    pub(crate) duration: i64,
    pub(crate) created_at: String,
    /// `created_at` parsed, for ordering and date filters; `None` if it is not a date.
    pub(crate) created: Option<DateTime<Utc>>,
    pub(crate) updated_at: String,
    /// A seeded call's `extra` fields, also shown in list items.
    pub(crate) extra: Map<String, Value>,
    /// Fields shown by `calls()` but not by active-call (listing and placement facts).
    pub(crate) state_extra: Map<String, Value>,
    pub(crate) progress: Option<Progress>,
    pub(crate) json: Value,
    pub(crate) rendered: String,
}

impl StoredCall {
    pub(crate) fn render(&mut self) {
        self.rendered = self.json.to_string();
    }

    pub(crate) fn set_status(&mut self, status: &str) {
        self.status = status.to_owned();
        if let Value::Object(map) = &mut self.json {
            map.insert("status".into(), Value::from(status));
        }
    }

    /// Moves a placed call's status on to where it is at `now`; re-renders if it changed.
    pub(crate) fn advance(&mut self, now: Instant) {
        let Some(progress) = self.progress else {
            return;
        };
        let elapsed = now.saturating_duration_since(progress.created);
        let (status, since) = if elapsed >= progress.answer_at {
            self.progress = None;
            ("answered", progress.answer_at)
        } else if elapsed >= progress.ring_at {
            ("ringing", progress.ring_at)
        } else {
            return;
        };
        if self.status != status {
            self.set_status(status);
            if let Some(created) = self.created {
                let at = chrono::Duration::from_std(since).unwrap_or_default();
                self.updated_at = rfc3339(created + at);
            }
            self.render();
        }
    }

    /// The call as `calls()` shows it: the active-call JSON plus the state-only fields.
    pub(crate) fn state_view(&self) -> Value {
        let mut out = self.json.clone();
        if let Value::Object(map) = &mut out {
            for (k, v) in &self.state_extra {
                map.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        out
    }
}
