//! The [`Client`] and its two operations, with the retry loop that wraps every request.

use crate::config::{ClientBuilder, Config, Token};
use crate::envelope::{decode_active_call, decode_end_call};
use crate::error::{Error, Result};
use crate::hooks::Attempt;
use crate::log::{self, Endpoint};
use crate::model::{Call, EndedCall};
use crate::response::{FromResponse, ResponseMeta};
use crate::retry::{decide_replay, unconfirmed, Decision, Replay};
use crate::transport::{bearer, PreparedRequest, RawResponse, Transport};
use crate::validate::{
    extra_headers, normalize_phone, path_segment, timeout_from_secs, validate_id, validate_token,
};
use bytes::Bytes;
use reqwest::header::{HeaderMap, AUTHORIZATION};
use reqwest::Method;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// A TalkOver API client.
///
/// Cheap to clone and safe to share across threads and tasks: every clone uses the same
/// connection pool. Make one per process and reuse it; [`Client::with_options`] derives a
/// client with other settings (another token, timeout or headers) on the same pool.
///
/// ```no_run
/// # async fn run() -> talkover::Result<()> {
/// let client = talkover::Client::from_env()?; // reads TALKOVER_API_TOKEN
/// for call in client.active_call("agent-uuid", "+55 11 98765-4321").await? {
///     let ended = client.end_call("agent-uuid", &call.id).await?;
///     println!("{} {}", ended.id, ended.status);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    /// The connection pool, shared with the clients derived from this one.
    transport: Arc<Transport>,
    /// What every request adds to the pool's default headers, worked out once: the client's
    /// headers and, for a derived client with its own token, its `Authorization` (the
    /// pool's default carries the token it was built with).
    headers: HeaderMap,
}

/// Per-call overrides of the client's settings.
///
/// ```
/// use std::time::Duration;
/// let opts = talkover::RequestOptions::new()
///     .timeout(Duration::from_secs(2))
///     .max_retries(0)
///     .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
/// assert_eq!(opts.timeout, Some(Duration::from_secs(2)));
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// Timeout of each attempt of this call, instead of the client's.
    pub timeout: Option<Duration>,
    /// Retries for this call, instead of the client's.
    pub max_retries: Option<u32>,
    /// Headers sent with every attempt of this call, after the client's own (see
    /// [`RequestOptions::header`]).
    pub headers: Vec<(String, String)>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> RequestOptions {
        RequestOptions::default()
    }

    /// Overrides the per-attempt timeout.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> RequestOptions {
        self.timeout = Some(timeout);
        self
    }

    /// Overrides the number of retries.
    #[must_use]
    pub fn max_retries(mut self, max_retries: u32) -> RequestOptions {
        self.max_retries = Some(max_retries);
        self
    }

    /// Adds a header to every attempt of this call: a `traceparent` that links the request
    /// into your trace, or anything your gateway wants. It replaces a client header of the
    /// same name. The call fails with [`Error::InvalidRequest`], before any request, on a
    /// malformed header or one the client sets itself (`Authorization`, `User-Agent`,
    /// `Content-Type`, ...).
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> RequestOptions {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// What a client made by [`Client::with_options`] changes; everything else, and the
/// connection pool, it shares with the client it comes from.
///
/// ```
/// use std::time::Duration;
/// let overrides = talkover::ClientOverrides::new()
///     .timeout(Duration::from_secs(5))
///     .header("x-tenant", "acme");
/// assert_eq!(overrides.max_retries, None);
/// ```
#[non_exhaustive]
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ClientOverrides {
    /// Another API token (of another environment), instead of the client's.
    pub token: Option<String>,
    /// The per-attempt timeout, instead of the client's.
    pub timeout: Option<Duration>,
    /// The number of retries, instead of the client's.
    pub max_retries: Option<u32>,
    /// Headers sent with every request, besides (or replacing) the client's.
    pub headers: Vec<(String, String)>,
}

impl fmt::Debug for ClientOverrides {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOverrides")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("headers", &self.headers)
            .finish()
    }
}

impl ClientOverrides {
    /// No overrides.
    pub fn new() -> ClientOverrides {
        ClientOverrides::default()
    }

    /// Uses another token.
    #[must_use]
    pub fn token(mut self, token: impl Into<String>) -> ClientOverrides {
        self.token = Some(token.into());
        self
    }

    /// Uses another per-attempt timeout.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> ClientOverrides {
        self.timeout = Some(timeout);
        self
    }

    /// Uses another number of retries.
    #[must_use]
    pub fn max_retries(mut self, max_retries: u32) -> ClientOverrides {
        self.max_retries = Some(max_retries);
        self
    }

    /// Adds a header to every request.
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> ClientOverrides {
        self.headers.push((name.into(), value.into()));
        self
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.inner.config;
        f.debug_struct("Client")
            .field("base_url", &c.base_url)
            .field("token", &c.token)
            .field("timeout", &c.timeout)
            .field("max_retries", &c.max_retries)
            .finish()
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from `TALKOVER_API_TOKEN` and, if set, `TALKOVER_BASE_URL`.
    pub fn from_env() -> Result<Client> {
        Client::builder().build()
    }

    pub(crate) fn from_config(config: Config) -> Result<Client> {
        let transport = Arc::new(Transport::new(&config)?);
        Ok(Client {
            inner: Arc::new(Inner {
                headers: config.headers.clone(),
                config,
                transport,
            }),
        })
    }

    /// A client with some settings changed that shares this one's connection pool (and its
    /// base URL, proxy, certificates, logging and hook): cheap, so one per tenant or per
    /// kind of work is fine. Fails with [`Error::InvalidRequest`] on a malformed token,
    /// timeout or header, as [`ClientBuilder::build`] does.
    ///
    /// ```
    /// use std::time::Duration;
    /// use talkover::{Client, ClientOverrides};
    ///
    /// let client = Client::builder().token("talq_example").build()?;
    /// let patient = client.with_options(
    ///     ClientOverrides::new().timeout(Duration::from_secs(120)).max_retries(5),
    /// )?;
    /// assert_eq!(patient.max_retries(), 5);
    /// assert_eq!(client.max_retries(), 2);
    /// # Ok::<(), talkover::Error>(())
    /// ```
    pub fn with_options(&self, overrides: ClientOverrides) -> Result<Client> {
        let mut config = self.inner.config.clone();
        let mut auth = self.inner.headers.get(AUTHORIZATION).cloned();
        if let Some(token) = overrides.token {
            validate_token(&token)?;
            auth = Some(bearer(&token)?);
            config.token = Token(token);
        }
        if let Some(timeout) = overrides.timeout {
            // The same bounds as a timeout given in seconds to the builder.
            timeout_from_secs(timeout.as_secs_f64())?;
            config.timeout = timeout;
        }
        if let Some(max_retries) = overrides.max_retries {
            config.max_retries = max_retries;
        }
        config
            .headers
            .extend(extra_headers("default_headers", &overrides.headers)?);
        let mut headers = config.headers.clone();
        if let Some(auth) = auth {
            headers.insert(AUTHORIZATION, auth);
        }
        Ok(Client {
            inner: Arc::new(Inner {
                config,
                transport: self.inner.transport.clone(),
                headers,
            }),
        })
    }

    /// The `User-Agent` header this client sends.
    pub fn user_agent(&self) -> &str {
        &self.inner.config.user_agent
    }

    /// The headers this client adds to every request (see [`ClientBuilder::header`]).
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        let headers = &self.inner.config.headers;
        headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.to_str().unwrap_or_default()))
    }

    /// The headers of one call: the client's (with a derived client's token), then the
    /// call's own. Borrowed unless the call adds some; `None` on the common path, where
    /// there is nothing to add to the pool's defaults.
    fn request_headers(&self, opts: &RequestOptions) -> Result<Option<Cow<'_, HeaderMap>>> {
        let client = &self.inner.headers;
        if opts.headers.is_empty() {
            return Ok((!client.is_empty()).then_some(Cow::Borrowed(client)));
        }
        let mut headers = client.clone();
        headers.extend(extra_headers("headers", &opts.headers)?);
        Ok(Some(Cow::Owned(headers)))
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.config.base_url
    }

    /// The default per-attempt timeout.
    pub fn timeout(&self) -> Duration {
        self.inner.config.timeout
    }

    /// The default number of retries.
    pub fn max_retries(&self) -> u32 {
        self.inner.config.max_retries
    }

    /// The active calls (`initiated`, `ringing` or `answered`) between an agent and a phone
    /// number; usually one, empty when there is none.
    ///
    /// `phone` may contain spaces, `-`, `.`, `(` and `)`; what remains must be E.164.
    pub async fn active_call(&self, agent_id: &str, phone: &str) -> Result<Vec<Call>> {
        self.active_call_with(agent_id, phone, &RequestOptions::default())
            .await
    }

    /// [`Client::active_call`] with per-call options.
    pub async fn active_call_with(
        &self,
        agent_id: &str,
        phone: &str,
        opts: &RequestOptions,
    ) -> Result<Vec<Call>> {
        validate_id("agent_id", agent_id)?;
        let phone = normalize_phone(phone)?;
        let url = format!(
            "{}/agents/{}/active-call/{}",
            self.base_url(),
            path_segment(agent_id),
            path_segment(&phone)
        );
        let req = PreparedRequest {
            method: Method::GET,
            url,
            json_body: None,
            endpoint: Endpoint::ActiveCall {
                agent_id,
                phone: &phone,
            },
        };
        self.execute(&req, opts, decode_active_call).await
    }

    /// Hangs up an active call. The hang-up propagates asynchronously; the
    /// `event_phone_call_ended` webhook fires as for a natural hang-up.
    ///
    /// Fails with `CallNotActive` (409) when the call already ended and `NotFound` (404)
    /// when the agent has no such call.
    pub async fn end_call(&self, agent_id: &str, call_sid: &str) -> Result<EndedCall> {
        self.end_call_with(agent_id, call_sid, &RequestOptions::default())
            .await
    }

    /// [`Client::end_call`] with per-call options.
    pub async fn end_call_with(
        &self,
        agent_id: &str,
        call_sid: &str,
        opts: &RequestOptions,
    ) -> Result<EndedCall> {
        validate_id("agent_id", agent_id)?;
        validate_id("call_sid", call_sid)?;
        let url = format!(
            "{}/agents/{}/end-call",
            self.base_url(),
            path_segment(agent_id)
        );
        let body = serde_json::to_vec(&serde_json::json!({ "call_sid": call_sid }))
            .map_err(|e| Error::invalid("call_sid", e.to_string()))?;
        let req = PreparedRequest {
            method: Method::POST,
            url,
            json_body: Some(Bytes::from(body)),
            endpoint: Endpoint::EndCall { agent_id },
        };
        // Ending is safe to repeat (the API answers CALL_NOT_ACTIVE to a call already
        // ended), but a CALL_NOT_ACTIVE after an attempt that got no answer may be our own
        // doing: it is then `Unconfirmed`, so the user can tell it from a call that was over
        // before they asked.
        let change = StateChange {
            replay: Replay::Transient,
            consequence:
                "an earlier attempt got no answer, so this request may have ended the call",
            recover: None,
        };
        self.execute_change(&req, opts, decode_end_call, Some(&change))
            .await
    }

    /// Sends `req` until it succeeds, fails for good, or retries run out; a request that
    /// only reads.
    async fn execute<T: FromResponse>(
        &self,
        req: &PreparedRequest<'_>,
        opts: &RequestOptions,
        decode: impl Fn(&RawResponse) -> Result<T>,
    ) -> Result<T> {
        self.execute_change(req, opts, decode, None).await
    }

    /// [`Client::execute`] for a request that changes state when `change` is given: retries
    /// follow its [`Replay`] rule, a failure after an attempt whose outcome is unknown is
    /// [`Error::Unconfirmed`], and `change.recover` may turn the answer to a repeated request
    /// (a duplicate) into the result.
    pub(crate) async fn execute_change<T: FromResponse>(
        &self,
        req: &PreparedRequest<'_>,
        opts: &RequestOptions,
        decode: impl Fn(&RawResponse) -> Result<T>,
        change: Option<&StateChange<T>>,
    ) -> Result<T> {
        let config = &self.inner.config;
        let timeout = opts.timeout.unwrap_or(config.timeout);
        if timeout.is_zero() {
            return Err(Error::invalid("timeout", "must be greater than zero"));
        }
        let max_retries = opts.max_retries.unwrap_or(config.max_retries);
        let headers = self.request_headers(opts)?;
        let replay = change.map_or(Replay::Transient, |c| c.replay);
        let mut retries = 0;
        // Whether an earlier attempt of a state change got no usable answer.
        let mut unsure = false;
        loop {
            log::attempt(
                config.log_sink.as_ref(),
                &req.method,
                req.endpoint,
                retries + 1,
            );
            let started_at = SystemTime::now();
            let started = Instant::now();
            let outcome = self
                .inner
                .transport
                .attempt(req, retries, timeout, headers.as_deref())
                .await
                .and_then(|raw| {
                    log::response(config.log_sink.as_ref(), &raw, started.elapsed());
                    let mut value = decode(&raw)?;
                    let meta = Arc::new(raw.meta());
                    value.set_origin(&meta);
                    Ok((value, meta))
                });
            let watch = |status, request_id: Option<&str>, error, will_retry| {
                if let Some(hook) = &config.on_attempt {
                    hook.call(&Attempt {
                        method: req.method.to_string(),
                        path: req.endpoint.to_string(),
                        retry: retries,
                        started_at,
                        duration: started.elapsed(),
                        status,
                        request_id: request_id.map(str::to_owned),
                        error,
                        will_retry,
                    });
                }
            };
            let mut err = match outcome {
                Ok((value, meta)) => {
                    watch(Some(meta.status), meta.request_id.as_deref(), None, false);
                    return Ok(value);
                }
                Err(err) => err,
            };
            if let Some(change) = change {
                if unsure {
                    if let Some(recover) = change.recover {
                        let meta = Arc::new(ResponseMeta {
                            status: err.status().unwrap_or_default(),
                            request_id: err.request_id().map(str::to_owned),
                            rate_limit: err.rate_limit(),
                        });
                        let (status, kind) = (err.status(), err.kind());
                        err = match recover(err) {
                            Ok(mut value) => {
                                watch(status, meta.request_id.as_deref(), Some(kind), false);
                                value.set_origin(&meta);
                                return Ok(value);
                            }
                            Err(err) => err,
                        };
                    }
                }
                unsure |= unconfirmed(&err);
            }
            let decision = decide_replay(replay, &err, retries, max_retries, fastrand::f64());
            watch(
                err.status(),
                err.request_id(),
                Some(err.kind()),
                decision != Decision::GiveUp,
            );
            match decision {
                Decision::GiveUp => {
                    log::give_up(config.log_sink.as_ref(), &err, retries + 1);
                    return Err(match change {
                        Some(change) if unsure => Error::Unconfirmed {
                            source: Box::new(err),
                            consequence: change.consequence,
                        },
                        _ => err,
                    });
                }
                Decision::RetryAfter(delay) => {
                    retries += 1;
                    log::retry(
                        config.log_sink.as_ref(),
                        &req.method,
                        req.endpoint,
                        &err,
                        delay,
                        retries,
                        max_retries,
                    );
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }
}

/// How a request that changes state is retried and reported (see [`crate::retry`]).
pub(crate) struct StateChange<T> {
    /// When the request may be repeated.
    pub(crate) replay: Replay,
    /// What an unconfirmed failure means for the user, for its message.
    pub(crate) consequence: &'static str,
    /// After an attempt whose outcome is unknown, turns the server's refusal to do it again
    /// (a duplicate) into the result.
    pub(crate) recover: Option<fn(Error) -> Result<T>>,
}
