//! Client configuration: arguments first, then environment variables, then defaults.
//!
//! Everything is checked in [`ClientBuilder::build`], so a missing or malformed token or base
//! URL fails when the client is made, not on the first call in production.

use crate::client::Client;
use crate::error::{Error, Result};
use crate::log::LogSink;
use crate::validate::validate_token;
use std::fmt;
use std::time::Duration;

/// The TalkOver API base URL used when none is configured.
pub const DEFAULT_BASE_URL: &str = "https://app.talkover.ai/api/v1";
/// Per-attempt timeout used when none is configured.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Time allowed to open a TCP + TLS connection (within the attempt's timeout).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Retries after the first attempt, when none is configured.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Environment variable read for the token when none is given.
pub const ENV_TOKEN: &str = "TALKOVER_API_TOKEN";
/// Read for the token when [`ENV_TOKEN`] is unset: the name the vendor's documentation tells
/// users to export.
pub const ENV_TOKEN_FALLBACK: &str = "TALKOVER_TOKEN";
/// Environment variable read for the base URL when none is given.
pub const ENV_BASE_URL: &str = "TALKOVER_BASE_URL";

/// The API token. Its `Debug` is redacted so it cannot end up in logs by accident.
#[derive(Clone)]
pub(crate) struct Token(pub(crate) String);

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// Validated settings of a [`Client`].
#[derive(Clone, Debug)]
pub(crate) struct Config {
    pub(crate) token: Token,
    pub(crate) base_url: String,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) user_agent: String,
    pub(crate) root_certificates_pem: Vec<Vec<u8>>,
    pub(crate) log_sink: Option<LogSink>,
}

/// Builds a [`Client`]. Get one from [`Client::builder`].
///
/// ```
/// use std::time::Duration;
///
/// let client = talkover::Client::builder()
///     .token("talq_example")
///     .base_url("http://127.0.0.1:8080/api/v1")
///     .timeout(Duration::from_secs(10))
///     .max_retries(3)
///     .build()?;
/// assert_eq!(client.max_retries(), 3);
/// # Ok::<(), talkover::Error>(())
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct ClientBuilder {
    token: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_retries: Option<u32>,
    user_agent_prefix: Option<String>,
    root_certificates_pem: Vec<Vec<u8>>,
    log_sink: Option<LogSink>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The API token (`talq_...`). Default: the `TALKOVER_API_TOKEN` environment variable, else
    /// `TALKOVER_TOKEN`.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The API base URL. Default: `TALKOVER_BASE_URL`, else [`DEFAULT_BASE_URL`].
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Timeout of each attempt, including reading the body. Default 30 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed to connect. Default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt for transient failures. Default 2; 0 disables them.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// A product token put before the library's own in `User-Agent`, such as
    /// `talkover-python/0.1.0` or `my-app/2.3`.
    pub fn user_agent(mut self, product: impl Into<String>) -> Self {
        self.user_agent_prefix = Some(product.into());
        self
    }

    /// Trusts this CA certificate (PEM; a bundle of several is fine) in addition to the
    /// system's roots: for a corporate proxy or a test server with its own certificate
    /// authority. [`build`](ClientBuilder::build) fails with [`Error::InvalidRequest`] when it
    /// holds no valid certificate.
    ///
    /// The PEM bundle named by the `SSL_CERT_FILE` environment variable is trusted too, on
    /// every platform (on Linux and other Unix systems it takes the place of the system
    /// store, as with OpenSSL; elsewhere it is added to it).
    ///
    /// ```
    /// use talkover::{Client, ErrorKind};
    ///
    /// let err = Client::builder()
    ///     .token("talq_example")
    ///     .add_root_certificate_pem("not a certificate")
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    /// ```
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates_pem.push(pem.into());
        self
    }

    /// Sends this client's log lines (redacted, see [`crate::log`]) to `sink` as well as to
    /// `tracing`. The Python and Node packages use it to feed `logging` and `logger`.
    pub fn log_sink(mut self, sink: LogSink) -> Self {
        self.log_sink = Some(sink);
        self
    }

    /// Validates the settings and builds the client (and its connection pool).
    ///
    /// Fails with [`Error::InvalidRequest`] when no token is given or set in the environment,
    /// when the token has whitespace or control characters, when the base URL is not an
    /// `http(s)` URL, when a timeout is zero, or when a CA certificate is not valid PEM.
    pub fn build(self) -> Result<Client> {
        Client::from_config(self.into_config()?)
    }

    pub(crate) fn into_config(self) -> Result<Config> {
        let token = match self.token {
            Some(token) => token,
            None => std::env::var(ENV_TOKEN)
                .or_else(|_| std::env::var(ENV_TOKEN_FALLBACK))
                .map_err(|_| {
                    Error::invalid(
                        "token",
                        format!(
                            "no API token: pass one or set the {ENV_TOKEN} (or {ENV_TOKEN_FALLBACK}) environment variable"
                        ),
                    )
                })?,
        };
        validate_token(&token)?;
        let base_url = match self.base_url {
            Some(url) => url,
            None => std::env::var(ENV_BASE_URL)
                .ok()
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned()),
        };
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        if timeout.is_zero() || connect_timeout.is_zero() {
            return Err(Error::invalid("timeout", "must be greater than zero"));
        }
        let own = concat!("talkover-rust/", env!("CARGO_PKG_VERSION"));
        let user_agent = match self.user_agent_prefix {
            Some(prefix) if !prefix.trim().is_empty() => format!("{} {own}", prefix.trim()),
            _ => own.to_owned(),
        };
        if user_agent.chars().any(|c| c.is_control() || !c.is_ascii()) {
            return Err(Error::invalid("user_agent", "must be printable ASCII"));
        }
        Ok(Config {
            token: Token(token),
            base_url: normalize_base_url(&base_url)?,
            timeout,
            connect_timeout,
            max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            user_agent,
            root_certificates_pem: self.root_certificates_pem,
            log_sink: self.log_sink,
        })
    }
}

/// Checks that the base URL is an absolute `http`/`https` URL without credentials, query or
/// fragment, and drops trailing slashes so paths join with exactly one `/`.
fn normalize_base_url(raw: &str) -> Result<String> {
    let trimmed = raw.trim();
    let url = reqwest::Url::parse(trimmed)
        .map_err(|e| Error::invalid("base_url", format!("not a valid URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::invalid(
            "base_url",
            "must be an http:// or https:// URL",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::invalid(
            "base_url",
            "must not contain credentials; pass the token separately",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::invalid(
            "base_url",
            "must not have a query or fragment",
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_normalised_or_refused() {
        assert_eq!(
            normalize_base_url(" http://127.0.0.1:8080/api/v1/ ").unwrap(),
            "http://127.0.0.1:8080/api/v1"
        );
        assert_eq!(
            normalize_base_url("https://app.talkover.ai/api/v1").unwrap(),
            DEFAULT_BASE_URL
        );
        for bad in [
            "",
            "app.talkover.ai",
            "ftp://x/api",
            "https://user:pw@x/api",
            "https://x/api?x=1",
            "http://",
        ] {
            assert!(normalize_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn builder_debug_never_shows_the_token() {
        let builder = ClientBuilder::default().token("talq_very_secret");
        assert!(!format!("{builder:?}").contains("very_secret"));
        let config = builder.into_config().unwrap();
        assert!(!format!("{config:?}").contains("very_secret"));
    }

    #[test]
    fn user_agent_puts_the_binding_first() {
        let config = ClientBuilder::default()
            .token("talq_x")
            .user_agent("talkover-python/0.1.0")
            .into_config()
            .unwrap();
        assert!(config
            .user_agent
            .starts_with("talkover-python/0.1.0 talkover-rust/"));
    }
}
