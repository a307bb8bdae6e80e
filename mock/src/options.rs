//! How a simulator is started: the token it accepts, its port, and plain HTTP or HTTPS.
//!
//! Kept apart from the server so the bindings' `MockServer(token=..., port=..., tls=...)`
//! constructors map onto one plain struct with defaults.

use std::fmt;

/// The token a server accepts when none is given.
///
/// ```
/// assert_eq!(talkover_mock::MockOptions::default().token, talkover_mock::DEFAULT_TOKEN);
/// ```
pub const DEFAULT_TOKEN: &str = "talq_test_token";

/// How to start a [`MockServer`](crate::MockServer).
///
/// Build it with `..MockOptions::default()` so fields added later keep their defaults.
///
/// ```
/// use talkover_mock::MockOptions;
///
/// let opts = MockOptions { token: "talq_other".into(), ..MockOptions::default() };
/// assert_eq!(opts.port, 0);
/// assert!(!opts.tls);
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
}

impl Default for MockOptions {
    fn default() -> Self {
        MockOptions {
            token: DEFAULT_TOKEN.to_owned(),
            port: 0,
            tls: false,
        }
    }
}

impl fmt::Debug for MockOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockOptions")
            .field("token", &"<redacted>")
            .field("port", &self.port)
            .field("tls", &self.tls)
            .finish()
    }
}
