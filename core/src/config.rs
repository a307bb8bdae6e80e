//! Client configuration: arguments first, then environment variables, then defaults.
//!
//! Everything is checked in [`ClientBuilder::build`], so a missing or malformed token or base
//! URL fails when the client is made, not on the first call in production.

use crate::client::Client;
use crate::error::{Error, Result};
use crate::hooks::{Attempt, AttemptHook};
use crate::log::LogSink;
use crate::validate::{extra_headers, validate_token};
use reqwest::header::HeaderMap;
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

/// A proxy URL. Its `Debug` leaves out any credentials it holds.
#[derive(Clone)]
pub(crate) struct ProxyUrl(pub(crate) reqwest::Url);

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = &self.0;
        let host = url.host_str().unwrap_or_default();
        match url.port() {
            Some(port) => write!(f, "\"{}://{host}:{port}\"", url.scheme()),
            None => write!(f, "\"{}://{host}\"", url.scheme()),
        }
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
    pub(crate) proxy: Option<ProxyUrl>,
    /// Sent with every request, before a call's own headers.
    pub(crate) headers: HeaderMap,
    pub(crate) root_certificates_pem: Vec<Vec<u8>>,
    pub(crate) log_sink: Option<LogSink>,
    pub(crate) on_attempt: Option<AttemptHook>,
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
    binding: Option<(String, String)>,
    app_info: Option<String>,
    proxy: Option<String>,
    headers: Vec<(String, String)>,
    root_certificates_pem: Vec<Vec<u8>>,
    log_sink: Option<LogSink>,
    on_attempt: Option<AttemptHook>,
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

    /// Your application, appended to the `User-Agent` so the API's operators can tell its
    /// traffic apart: a product token such as `my-app/2.3` (several, space-separated, are
    /// fine). The header reads `talkover-rust/0.2.0 (linux x86_64) my-app/2.3`.
    ///
    /// ```
    /// let client = talkover::Client::builder()
    ///     .token("talq_example")
    ///     .app_info("billing-worker/1.4")
    ///     .build()?;
    /// assert!(client.user_agent().ends_with(" billing-worker/1.4"));
    /// # Ok::<(), talkover::Error>(())
    /// ```
    pub fn app_info(mut self, product: impl Into<String>) -> Self {
        self.app_info = Some(product.into());
        self
    }

    /// The package this client runs in and its runtime, for the `User-Agent`: the Python
    /// package passes `("talkover-python/0.2.0", "CPython 3.12.3")`. Not for applications:
    /// they use [`app_info`](ClientBuilder::app_info).
    #[doc(hidden)]
    pub fn binding(mut self, product: impl Into<String>, runtime: impl Into<String>) -> Self {
        self.binding = Some((product.into(), runtime.into()));
        self
    }

    /// Sends every request through this proxy: an `http://` or `https://` URL, which may
    /// hold credentials (`http://user:pass@proxy:3128`; they never appear in any output).
    /// Default: the `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` environment
    /// variables, as curl reads them. [`build`](ClientBuilder::build) fails with
    /// [`Error::InvalidRequest`] on a malformed URL.
    ///
    /// ```
    /// let client = talkover::Client::builder()
    ///     .token("talq_example")
    ///     .proxy("http://proxy.internal:3128")
    ///     .build()?;
    /// # Ok::<(), talkover::Error>(())
    /// ```
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// A header sent with every request, such as a tenant id for your own gateway. A call's
    /// own headers ([`RequestOptions::header`](crate::RequestOptions::header)) replace one
    /// of the same name. Headers the client sets itself (`Authorization`, `User-Agent`,
    /// `Content-Type`, ...) are refused by [`build`](ClientBuilder::build).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Calls `hook` after every HTTP attempt, retries included, with what it was and how it
    /// went (see [`Attempt`]): the way to feed the client's requests to tracing or metrics,
    /// since the native HTTP stack is invisible to instrumentation of the host language.
    /// It runs on the client's I/O thread: keep it quick, and never block in it.
    pub fn on_attempt(mut self, hook: impl Fn(&Attempt) + Send + Sync + 'static) -> Self {
        self.on_attempt = Some(AttemptHook::new(hook));
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
        let user_agent = user_agent(self.binding, self.app_info.as_deref())?;
        let proxy = self.proxy.as_deref().map(parse_proxy).transpose()?;
        let headers = extra_headers("default_headers", &self.headers)?;
        Ok(Config {
            token: Token(token),
            base_url: normalize_base_url(&base_url)?,
            timeout,
            connect_timeout,
            max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            user_agent,
            proxy,
            headers,
            root_certificates_pem: self.root_certificates_pem,
            log_sink: self.log_sink,
            on_attempt: self.on_attempt,
        })
    }
}

/// `{package}/{version} ({runtime}; {os} {arch})`, then the application's own product.
fn user_agent(binding: Option<(String, String)>, app_info: Option<&str>) -> Result<String> {
    let platform = format!("{} {}", std::env::consts::OS, std::env::consts::ARCH);
    let mut agent = match binding {
        Some((product, runtime)) if !runtime.trim().is_empty() => {
            format!("{} ({}; {platform})", product.trim(), runtime.trim())
        }
        Some((product, _)) => format!("{} ({platform})", product.trim()),
        None => format!("talkover-rust/{} ({platform})", env!("CARGO_PKG_VERSION")),
    };
    if let Some(app) = app_info.map(str::trim).filter(|a| !a.is_empty()) {
        if app.chars().any(|c| c.is_control() || !c.is_ascii()) {
            return Err(Error::invalid("app_info", "must be printable ASCII"));
        }
        agent.push(' ');
        agent.push_str(app);
    }
    Ok(agent)
}

/// Checks a proxy URL: `http` or `https`, with a host.
fn parse_proxy(raw: &str) -> Result<ProxyUrl> {
    let url = reqwest::Url::parse(raw.trim())
        .map_err(|e| Error::invalid("proxy", format!("not a valid URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::invalid(
            "proxy",
            "must be an http:// or https:// URL",
        ));
    }
    Ok(ProxyUrl(url))
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
    fn user_agent_names_the_binding_runtime_platform_and_app() {
        let config = ClientBuilder::default()
            .token("talq_x")
            .binding("talkover-python/0.2.0", "CPython 3.12.3")
            .app_info(" my-app/2.3 ")
            .into_config()
            .unwrap();
        let platform = format!("{} {}", std::env::consts::OS, std::env::consts::ARCH);
        assert_eq!(
            config.user_agent,
            format!("talkover-python/0.2.0 (CPython 3.12.3; {platform}) my-app/2.3")
        );
        let plain = ClientBuilder::default()
            .token("talq_x")
            .into_config()
            .unwrap();
        assert!(plain.user_agent.starts_with("talkover-rust/"));
        let bad = ClientBuilder::default()
            .token("talq_x")
            .app_info("caf\u{e9}/1");
        assert!(bad.into_config().is_err());
    }

    #[test]
    fn proxies_are_checked_and_their_credentials_never_shown() {
        let config = ClientBuilder::default()
            .token("talq_x")
            .proxy("http://user:s3cret@proxy.internal:3128")
            .into_config()
            .unwrap();
        let shown = format!("{config:?}");
        assert!(shown.contains("http://proxy.internal:3128"), "{shown}");
        assert!(!shown.contains("s3cret"));
        for bad in ["proxy.internal:3128", "socks5://proxy:1080", "http://"] {
            let builder = ClientBuilder::default().token("talq_x").proxy(bad);
            assert!(builder.into_config().is_err(), "{bad}");
        }
    }
}
