//! The request log: what reached the server, and what became of each request.
//!
//! Tests assert on what the client actually sent (the raw, still percent-encoded path, the
//! retry counter, the body) and on how each exchange ended, including requests the client
//! gave up on. The log never holds the `Authorization` header, only whether it was right, so
//! it can be printed or shipped to another language without leaking the token.
//!
//! The log keeps the last [`LOG_CAPACITY`] entries: benchmarks push tens of thousands of
//! requests a second through the server and memory must stay flat.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::server::Shared;

/// How many requests the log keeps; older entries are dropped first.
///
/// ```
/// assert_eq!(talkover_mock::LOG_CAPACITY, 10_000);
/// ```
pub const LOG_CAPACITY: usize = 10_000;

/// How a logged request ended.
///
/// ```
/// use talkover_mock::Outcome;
/// assert_eq!(serde_json::to_string(&Outcome::Cancelled).unwrap(), r#""cancelled""#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// A response head was sent (the body may still have been cut by a fault).
    Responded,
    /// The server closed the connection without answering (a `drop` or a stopped `hang`).
    Dropped,
    /// The client went away while the request was still being processed.
    Cancelled,
    /// Still being processed.
    Pending,
}

/// One request as the server saw it. Never contains the token.
///
/// ```
/// # use talkover_mock::{MockOptions, MockServer};
/// let server = MockServer::start(MockOptions::default()).unwrap();
/// for entry in server.requests() {
///     println!("{} {} -> {:?}", entry.method, entry.path, entry.status);
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedRequest {
    /// HTTP method.
    pub method: String,
    /// Raw path as received, still percent-encoded.
    pub path: String,
    /// Raw query string, if any.
    pub query: Option<String>,
    /// Request body, as lossy UTF-8.
    pub body: String,
    /// Parsed `X-Talkover-Retry-Count` header, if present and numeric.
    pub retry_count: Option<u32>,
    /// `User-Agent` header, if present.
    pub user_agent: Option<String>,
    /// Headers beyond the ones every client request carries (`traceparent`, a tenant id),
    /// names in lower case. Serialised only when there are some.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Whether the request carried the right bearer token.
    pub authorized: bool,
    /// Status answered; `None` if no response head was sent.
    pub status: Option<u16>,
    /// How the exchange ended.
    pub outcome: Outcome,
    /// The `x-request-id` the server assigned to this request.
    pub request_id: String,
    /// Whether the request was served against the state before a fault (with `apply`)
    /// played out: it took effect even if the client saw a failure. Serialised only when
    /// `true`, so logs of requests without such a fault look as they always did.
    #[serde(default, skip_serializing_if = "is_false")]
    pub applied: bool,
}

/// Headers every request of a client carries, left out of [`LoggedRequest::headers`].
pub(crate) const USUAL_HEADERS: [&str; 10] = [
    "accept",
    "accept-encoding",
    "authorization",
    "connection",
    "content-length",
    "content-type",
    "host",
    "user-agent",
    "x-talkover-retry-count",
    "transfer-encoding",
];

fn is_false(b: &bool) -> bool {
    !*b
}

/// The capped log, with a sequence number per entry so in-flight requests can update theirs.
#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    entries: VecDeque<LoggedRequest>,
    /// Sequence number of `entries[0]`.
    first_seq: u64,
}

impl RequestLog {
    /// Appends an entry and returns its sequence number.
    pub(crate) fn push(&mut self, entry: LoggedRequest) -> u64 {
        if self.entries.len() >= LOG_CAPACITY {
            self.entries.pop_front();
            self.first_seq += 1;
        }
        self.entries.push_back(entry);
        self.first_seq + self.entries.len() as u64 - 1
    }

    /// Records how request `seq` ended, if it is still in the log.
    pub(crate) fn finish(&mut self, seq: u64, outcome: Outcome, status: Option<u16>) {
        let Some(offset) = seq.checked_sub(self.first_seq) else {
            return;
        };
        let Ok(offset) = usize::try_from(offset) else {
            return;
        };
        if let Some(entry) = self.entries.get_mut(offset) {
            entry.outcome = outcome;
            entry.status = status;
        }
    }

    /// Records that request `seq` was served against the state before its fault.
    pub(crate) fn mark_applied(&mut self, seq: u64) {
        let offset = seq
            .checked_sub(self.first_seq)
            .and_then(|o| usize::try_from(o).ok());
        if let Some(entry) = offset.and_then(|o| self.entries.get_mut(o)) {
            entry.applied = true;
        }
    }

    /// A copy of every entry, oldest first.
    pub(crate) fn snapshot(&self) -> Vec<LoggedRequest> {
        self.entries.iter().cloned().collect()
    }

    /// Empties the log. Sequence numbers keep counting so requests still in flight cannot
    /// update an entry that arrived after the clear.
    pub(crate) fn clear(&mut self) {
        self.first_seq += self.entries.len() as u64;
        self.entries.clear();
    }
}

/// Finishes a log entry when a faulted request completes, or marks it `cancelled` if the
/// handler future is dropped first.
///
/// hyper drops the in-flight service future when the client closes the connection (it reads
/// EOF on a busy HTTP/1 connection), so `Drop` is the one place that sees a cancellation.
pub(crate) struct LogGuard {
    shared: Arc<Shared>,
    seq: u64,
    done: bool,
}

impl LogGuard {
    pub(crate) fn new(shared: Arc<Shared>, seq: u64) -> Self {
        LogGuard {
            shared,
            seq,
            done: false,
        }
    }

    /// Records the final outcome.
    pub(crate) fn finish(mut self, outcome: Outcome, status: Option<u16>) {
        self.done = true;
        self.shared.lock().log.finish(self.seq, outcome, status);
    }
}

impl Drop for LogGuard {
    fn drop(&mut self) {
        if !self.done {
            self.shared
                .lock()
                .log
                .finish(self.seq, Outcome::Cancelled, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: usize) -> LoggedRequest {
        LoggedRequest {
            method: "GET".into(),
            path: format!("/{n}"),
            query: None,
            body: String::new(),
            retry_count: None,
            user_agent: None,
            headers: BTreeMap::new(),
            authorized: true,
            status: None,
            outcome: Outcome::Pending,
            request_id: format!("req_{n}"),
            applied: false,
        }
    }

    #[test]
    fn keeps_the_last_entries_and_updates_by_sequence() {
        let mut log = RequestLog::default();
        let seqs: Vec<u64> = (0..LOG_CAPACITY + 5).map(|n| log.push(entry(n))).collect();
        let snapshot = log.snapshot();
        assert_eq!(snapshot.len(), LOG_CAPACITY);
        assert_eq!(snapshot[0].path, "/5");
        log.finish(seqs[0], Outcome::Responded, Some(200));
        log.finish(seqs[LOG_CAPACITY + 4], Outcome::Cancelled, None);
        let snapshot = log.snapshot();
        assert!(snapshot.iter().all(|e| e.status.is_none()));
        assert_eq!(snapshot[LOG_CAPACITY - 1].outcome, Outcome::Cancelled);
    }

    #[test]
    fn clear_orphans_in_flight_entries() {
        let mut log = RequestLog::default();
        let old = log.push(entry(1));
        log.clear();
        let new = log.push(entry(2));
        log.finish(old, Outcome::Cancelled, None);
        assert_eq!(log.snapshot()[0].outcome, Outcome::Pending);
        log.finish(new, Outcome::Responded, Some(200));
        assert_eq!(log.snapshot()[0].status, Some(200));
    }
}
