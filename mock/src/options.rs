//! How a simulator is started: the token it accepts, its port, plain HTTP or HTTPS, and the
//! starting values of the run-time settings (credits, rate limit, call progression, ...).
//!
//! Kept apart from the server so the bindings' `MockServer(token=..., port=..., tls=...)`
//! constructors map onto one plain struct with defaults.

use std::fmt;

use crate::config::PagingFault;

/// The token a server accepts when none is given.
///
/// ```
/// assert_eq!(talkover_mock::MockOptions::default().token, talkover_mock::DEFAULT_TOKEN);
/// ```
pub const DEFAULT_TOKEN: &str = "talq_test_token";

/// Default delay, from creation, before a placed call is `ringing`.
///
/// ```
/// assert_eq!(talkover_mock::MockOptions::default().ring_after_ms, talkover_mock::DEFAULT_RING_AFTER_MS);
/// ```
pub const DEFAULT_RING_AFTER_MS: u64 = 500;

/// Default delay, from creation, before a placed call is `answered`.
///
/// ```
/// assert_eq!(talkover_mock::MockOptions::default().answer_after_ms, talkover_mock::DEFAULT_ANSWER_AFTER_MS);
/// ```
pub const DEFAULT_ANSWER_AFTER_MS: u64 = 2000;

/// How to start a [`MockServer`](crate::MockServer).
///
/// Build it with `..MockOptions::default()` so fields added later keep their defaults. The
/// fields after `tls` are the starting values of the run-time settings; `reset` restores
/// them, and `POST /__mock/config` or the `MockServer` setters change them while running.
///
/// ```
/// use talkover_mock::MockOptions;
///
/// let opts = MockOptions { token: "talq_other".into(), ..MockOptions::default() };
/// assert_eq!(opts.port, 0);
/// assert!(!opts.tls);
/// assert_eq!(opts.credits, None);                 // unlimited
/// assert_eq!(opts.rate_limit_per_minute, None);   // headers only, never 429
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct MockOptions {
    /// The bearer token requests must carry. Default [`DEFAULT_TOKEN`].
    pub token: String,
    /// Port to listen on; 0 (the default) picks a free one.
    pub port: u16,
    /// Serve HTTPS with a self-signed certificate, generated at start for `localhost` and
    /// `127.0.0.1` (see [`MockServer::ca_pem`](crate::MockServer::ca_pem)). Default `false`.
    pub tls: bool,
    /// Account balance: each placed call that is not `is_testing` costs 1. `None` (the
    /// default) is unlimited.
    pub credits: Option<u64>,
    /// Requests per token per one-minute window before a 429. `None` (the default) never
    /// answers 429; the rate-limit headers then show a limit of 1000.
    pub rate_limit_per_minute: Option<u32>,
    /// A placed call is `ringing` this many ms after creation (plus its `delay_seconds`).
    /// Default [`DEFAULT_RING_AFTER_MS`].
    pub ring_after_ms: u64,
    /// A placed call is `answered` this many ms after creation (plus its `delay_seconds`).
    /// Default [`DEFAULT_ANSWER_AFTER_MS`].
    pub answer_after_ms: u64,
    /// Add `"code":"DUPLICATE_CALL"` to the 409 of a duplicate campaign call (the vendor's
    /// example has no `code`). Default `false`.
    pub duplicate_code: bool,
    /// Make the list endpoints page wrongly, for testing defensive paging. Default `None`.
    pub paging_fault: Option<PagingFault>,
}

impl Default for MockOptions {
    fn default() -> Self {
        MockOptions {
            token: DEFAULT_TOKEN.to_owned(),
            port: 0,
            tls: false,
            credits: None,
            rate_limit_per_minute: None,
            ring_after_ms: DEFAULT_RING_AFTER_MS,
            answer_after_ms: DEFAULT_ANSWER_AFTER_MS,
            duplicate_code: false,
            paging_fault: None,
        }
    }
}

impl fmt::Debug for MockOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockOptions")
            .field("token", &"<redacted>")
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("credits", &self.credits)
            .field("rate_limit_per_minute", &self.rate_limit_per_minute)
            .field("ring_after_ms", &self.ring_after_ms)
            .field("answer_after_ms", &self.answer_after_ms)
            .field("duplicate_code", &self.duplicate_code)
            .field("paging_fault", &self.paging_fault)
            .finish()
    }
}
