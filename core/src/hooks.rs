//! Watching each HTTP attempt: [`Attempt`] and the hook a client calls with it.
//!
//! The HTTP stack is native, so what an application uses to see HTTP traffic (APM
//! auto-instrumentation, `nock`, `responses`) never sees these requests. A hook given to
//! [`ClientBuilder::on_attempt`](crate::ClientBuilder::on_attempt) is the way in: it is
//! called once per attempt, with what a trace span or a metric needs and nothing secret.
//! Together with per-call headers ([`RequestOptions::header`](crate::RequestOptions::header)),
//! which can carry a `traceparent`, it links the client's requests into the application's
//! traces.

use crate::error::ErrorKind;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// One HTTP attempt, as a hook sees it once it is over: a retry is a new attempt.
///
/// It holds no token and no phone number in clear: `path` masks the number as logs do.
///
/// ```
/// use std::sync::{Arc, Mutex};
///
/// let seen = Arc::new(Mutex::new(Vec::new()));
/// let sink = seen.clone();
/// let client = talkover::Client::builder()
///     .token("talq_example")
///     .on_attempt(move |attempt: &talkover::Attempt| {
///         sink.lock().unwrap().push(format!(
///             "{} {} -> {:?} in {:?} (retry {})",
///             attempt.method, attempt.path, attempt.status, attempt.duration, attempt.retry
///         ));
///     })
///     .build()?;
/// # Ok::<(), talkover::Error>(())
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// The HTTP method, `GET` or `POST`.
    pub method: String,
    /// The path after the base URL, ids percent-encoded and any phone number masked
    /// (`/agents/a1/active-call/+*********4321`); never the query.
    pub path: String,
    /// 0 for the first attempt of a call, then 1, 2, ... for its retries.
    pub retry: u32,
    /// When the attempt started.
    pub started_at: SystemTime,
    /// How long it took, until its body was read or it failed.
    pub duration: Duration,
    /// The HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// The response's `x-request-id`, when one arrived.
    pub request_id: Option<String>,
    /// The class of the failure, when the attempt failed (a response that decodes to an
    /// error, or no response at all).
    pub error: Option<ErrorKind>,
    /// Whether the client will try again after this attempt.
    pub will_retry: bool,
}

/// A function called after each attempt; see [`Attempt`].
#[derive(Clone)]
pub(crate) struct AttemptHook(Arc<dyn Fn(&Attempt) + Send + Sync>);

impl AttemptHook {
    pub(crate) fn new(hook: impl Fn(&Attempt) + Send + Sync + 'static) -> AttemptHook {
        AttemptHook(Arc::new(hook))
    }

    /// Calls the hook. A hook that panics is the application's bug, but it must not take
    /// the request (or the runtime thread it runs on) down with it.
    pub(crate) fn call(&self, attempt: &Attempt) {
        let hook = &self.0;
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| hook(attempt))).is_err() {
            tracing::warn!(target: crate::log::TARGET, "the on_attempt hook panicked");
        }
    }
}

impl fmt::Debug for AttemptHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AttemptHook")
    }
}
