//! The [`Client`] and its two operations, with the retry loop that wraps every request.

use crate::config::{ClientBuilder, Config};
use crate::envelope::{decode_active_call, decode_end_call};
use crate::error::{Error, Result};
use crate::log::{self, Endpoint};
use crate::model::{Call, EndedCall};
use crate::retry::{decide_replay, unconfirmed, Decision, Replay};
use crate::transport::{PreparedRequest, RawResponse, Transport};
use crate::validate::{normalize_phone, path_segment, validate_id};
use bytes::Bytes;
use reqwest::Method;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A TalkOver API client.
///
/// Cheap to clone and safe to share across threads and tasks: every clone uses the same
/// connection pool. Make one per process (or per token) and reuse it.
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
    transport: Transport,
}

/// Per-call overrides of the client's settings.
///
/// ```
/// use std::time::Duration;
/// let opts = talkover::RequestOptions::new().timeout(Duration::from_secs(2)).max_retries(0);
/// assert_eq!(opts.timeout, Some(Duration::from_secs(2)));
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// Timeout of each attempt of this call, instead of the client's.
    pub timeout: Option<Duration>,
    /// Retries for this call, instead of the client's.
    pub max_retries: Option<u32>,
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
        let transport = Transport::new(&config)?;
        Ok(Client {
            inner: Arc::new(Inner { config, transport }),
        })
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
    async fn execute<T>(
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
    pub(crate) async fn execute_change<T>(
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
            let started = Instant::now();
            let outcome = self
                .inner
                .transport
                .attempt(req, retries, timeout)
                .await
                .and_then(|raw| {
                    log::response(config.log_sink.as_ref(), &raw, started.elapsed());
                    decode(&raw)
                });
            let mut err = match outcome {
                Ok(value) => return Ok(value),
                Err(err) => err,
            };
            if let Some(change) = change {
                if unsure {
                    if let Some(recover) = change.recover {
                        err = match recover(err) {
                            Ok(value) => return Ok(value),
                            Err(err) => err,
                        };
                    }
                }
                unsure |= unconfirmed(&err);
            }
            match decide_replay(replay, &err, retries, max_retries, fastrand::f64()) {
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
