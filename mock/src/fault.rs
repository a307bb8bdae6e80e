//! Faults: scripted misbehaviour for the next matching API requests.
//!
//! Retries, timeouts and error decoding can only be tested against a server that fails on
//! demand, in ways a real network fails: an error status, a slow answer, a connection closed
//! before or during the body. Faults wait in a FIFO queue; each API request takes one use of
//! the first fault whose `path` filter matches it, before the token is even checked, so a
//! fault behaves the same whoever sends the request. A fault marked `apply` lets the request
//! take effect first and then loses or mangles its answer, the failure that makes retries of
//! state-changing requests dangerous.

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How a fault misbehaves.
///
/// ```
/// use talkover_mock::FaultKind;
///
/// let kind: FaultKind = serde_json::from_str(r#""truncate""#).unwrap();
/// assert_eq!(kind, FaultKind::Truncate);
/// assert_eq!(FaultKind::default(), FaultKind::Respond);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultKind {
    /// Answer `status`, `headers` and `body` after `delay_ms`.
    #[default]
    Respond,
    /// Close the connection after `delay_ms` without sending a byte.
    Drop,
    /// Never answer, until the client goes away or the server stops.
    Hang,
    /// Send the head with a `content-length` larger than the body, send the body, then close.
    Truncate,
    /// Send the head and the first half of the body, then reset the connection.
    Reset,
    /// Send the body one byte every `chunk_delay_ms`.
    Trickle,
}

/// One scripted misbehaviour, as sent to `POST /__mock/faults` or [`MockServer::add_fault`].
///
/// `body` is sent verbatim when it is a JSON string and serialised otherwise; `null` (the
/// default) sends an empty body. `body_bytes` replaces the body with that many `x` bytes,
/// streamed, for oversized-body tests.
///
/// ```
/// use talkover_mock::{Fault, FaultKind};
///
/// let fault: Fault = serde_json::from_str(
///     r#"{"status": 503, "headers": {"retry-after": "1"}, "times": 2}"#,
/// ).unwrap();
/// assert_eq!(fault.kind, FaultKind::Respond);
/// assert_eq!(fault, Fault::respond(503).header("retry-after", "1").times(2));
/// ```
///
/// [`MockServer::add_fault`]: crate::MockServer::add_fault
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// What to do; default [`FaultKind::Respond`].
    #[serde(default)]
    pub kind: FaultKind,
    /// Status for the kinds that answer; default 500.
    #[serde(default = "default_status")]
    pub status: u16,
    /// Body: a JSON string is sent as is, any other value serialised, `null` means empty.
    #[serde(default)]
    pub body: Value,
    /// If set, the body is this many `x` bytes instead of `body`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_bytes: Option<u64>,
    /// Response headers; they override the defaults (`content-type`, `x-request-id`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Delay before the response starts, in milliseconds.
    #[serde(default)]
    pub delay_ms: u64,
    /// How many matching requests this fault applies to; default 1.
    #[serde(default = "default_times")]
    pub times: u32,
    /// Only requests whose raw path contains this substring match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Delay between bytes for [`FaultKind::Trickle`]; default 100 ms.
    #[serde(default = "default_chunk_delay")]
    pub chunk_delay_ms: u64,
    /// Serve the request against the state first (the call is placed, ended, listed,
    /// credits spent), then misbehave with the real answer: `drop` and `hang` lose it,
    /// `respond` sends it after `delay_ms` (the fault's `status`, `body` and `headers` are
    /// ignored), `truncate`, `reset` and `trickle` mangle it. Default `false`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub apply: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn default_status() -> u16 {
    500
}

fn default_times() -> u32 {
    1
}

fn default_chunk_delay() -> u64 {
    100
}

impl Default for Fault {
    fn default() -> Self {
        Fault {
            kind: FaultKind::Respond,
            status: default_status(),
            body: Value::Null,
            body_bytes: None,
            headers: BTreeMap::new(),
            delay_ms: 0,
            times: default_times(),
            path: None,
            chunk_delay_ms: default_chunk_delay(),
            apply: false,
        }
    }
}

impl Fault {
    /// A fault of `kind` with every other field defaulted.
    ///
    /// ```
    /// use talkover_mock::{Fault, FaultKind};
    /// assert_eq!(Fault::new(FaultKind::Drop).status, 500);
    /// ```
    pub fn new(kind: FaultKind) -> Self {
        Fault {
            kind,
            ..Fault::default()
        }
    }

    /// Answer `status` (with an empty body unless [`Fault::body`] is set).
    ///
    /// ```
    /// let fault = talkover_mock::Fault::respond(429).header("retry-after", "2");
    /// assert_eq!(fault.status, 429);
    /// ```
    pub fn respond(status: u16) -> Self {
        Fault {
            status,
            ..Fault::default()
        }
    }

    /// Sets the body (a JSON string is sent verbatim).
    ///
    /// ```
    /// let fault = talkover_mock::Fault::respond(502).body(serde_json::json!("<html>"));
    /// assert_eq!(fault.body, "<html>");
    /// ```
    pub fn body(mut self, body: Value) -> Self {
        self.body = body;
        self
    }

    /// Adds a response header.
    ///
    /// ```
    /// let fault = talkover_mock::Fault::respond(503).header("retry-after", "1");
    /// assert_eq!(fault.headers["retry-after"], "1");
    /// ```
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.insert(name.into(), value.into());
        self
    }

    /// Sets the delay before the response starts.
    ///
    /// ```
    /// let fault = talkover_mock::Fault::respond(200).delay_ms(250);
    /// assert_eq!(fault.delay_ms, 250);
    /// ```
    pub fn delay_ms(mut self, ms: u64) -> Self {
        self.delay_ms = ms;
        self
    }

    /// Sets how many matching requests the fault applies to.
    ///
    /// ```
    /// let fault = talkover_mock::Fault::respond(500).times(3);
    /// assert_eq!(fault.times, 3);
    /// ```
    pub fn times(mut self, times: u32) -> Self {
        self.times = times;
        self
    }

    /// Restricts the fault to requests whose raw path contains `fragment`.
    ///
    /// ```
    /// let fault = talkover_mock::Fault::respond(500).path("/end-call");
    /// assert_eq!(fault.path.as_deref(), Some("/end-call"));
    /// ```
    pub fn path(mut self, fragment: impl Into<String>) -> Self {
        self.path = Some(fragment.into());
        self
    }

    /// Makes the fault apply the request first, then fail (see the `apply` field).
    /// This is how a client proves that a retry after a lost answer does not act twice.
    ///
    /// ```
    /// use talkover_mock::{Fault, FaultKind};
    /// let fault = Fault::new(FaultKind::Drop).path("/call").apply();
    /// assert!(fault.apply);
    /// ```
    pub fn apply(mut self) -> Self {
        self.apply = true;
        self
    }

    /// Checks what serde cannot: a valid status code and header names and values.
    ///
    /// ```
    /// assert!(talkover_mock::Fault::respond(1000).validate().is_err());
    /// assert!(talkover_mock::Fault::respond(503).validate().is_ok());
    /// ```
    pub fn validate(&self) -> Result<(), String> {
        if hyper::StatusCode::from_u16(self.status).is_err() {
            return Err(format!("invalid status {}", self.status));
        }
        for (name, value) in &self.headers {
            if hyper::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
                return Err(format!("invalid header name {name:?}"));
            }
            if hyper::header::HeaderValue::from_str(value).is_err() {
                return Err(format!("invalid value for header {name:?}"));
            }
        }
        Ok(())
    }

    /// The body bytes as configured (ignoring `body_bytes`).
    pub(crate) fn body_text(&self) -> bytes::Bytes {
        match &self.body {
            Value::Null => bytes::Bytes::new(),
            Value::String(s) => bytes::Bytes::copy_from_slice(s.as_bytes()),
            other => bytes::Bytes::from(other.to_string()),
        }
    }
}

/// Waiting faults, first in first out.
#[derive(Debug, Default)]
pub(crate) struct FaultQueue {
    queue: VecDeque<Fault>,
}

impl FaultQueue {
    /// Queues a fault; one with `times == 0` would never apply and is ignored.
    pub(crate) fn push(&mut self, fault: Fault) {
        if fault.times > 0 {
            self.queue.push_back(fault);
        }
    }

    /// Takes one use of the first fault matching `raw_path`, if any.
    pub(crate) fn take(&mut self, raw_path: &str) -> Option<Fault> {
        if self.queue.is_empty() {
            return None;
        }
        let index = self.queue.iter().position(|f| match &f.path {
            Some(fragment) => raw_path.contains(fragment.as_str()),
            None => true,
        })?;
        let fault = self.queue.get_mut(index)?;
        fault.times -= 1;
        if fault.times == 0 {
            self.queue.remove(index)
        } else {
            Some(fault.clone())
        }
    }

    /// Forgets every fault.
    pub(crate) fn clear(&mut self) {
        self.queue.clear();
    }
}
