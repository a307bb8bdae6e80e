//! `NativeClient`: the core [`talkover::Client`] behind the public `Talkover` class.
//!
//! This file only converts: typed JavaScript arguments into Rust values (their types are
//! checked first by `src-ts/client.ts`, so a wrong type is an `InvalidRequestError` delivered
//! as a rejected promise, never a throw or a crash), and core results into promises through
//! `bridge.rs`. Validation, retries, timeouts and error classification all happen in the core.
//! The Python binding's `client.rs` reads method for method like this one.

use std::sync::Mutex;
use std::time::Duration;

use napi::bindgen_prelude::{Either, Uint8Array};
use napi::{sys, Env, Result};
use napi_derive::napi;
use talkover::validate::timeout_from_secs;
use talkover::RequestOptions;
use talkover_bindings_common::Outcome;

use crate::list::{NativeCallFilter, NativeCallPager};
use crate::log::Write;
use crate::place::{NativeMakeCall, NativeMakeCampaignCall};
use crate::{bridge, errors, log};

/// `User-Agent` product token of this package, put before the core's own.
const USER_AGENT: &str = concat!("talkover-node/", env!("CARGO_PKG_VERSION"));

/// The native half of a `Talkover` client. Holds the connection pool; never the token in
/// any form JavaScript can read.
#[napi]
pub struct NativeClient {
    client: talkover::Client,
}

/// A duration JavaScript gave in milliseconds. The unit is this binding's, so is the check
/// that words it: the core's own check speaks of seconds.
fn millis(ms: f64) -> talkover::Result<Duration> {
    if !(ms.is_finite() && ms > 0.0) {
        return Err(talkover::Error::invalid(
            "timeout",
            "must be a positive, finite number of milliseconds",
        ));
    }
    timeout_from_secs(ms / 1000.0)
        .map_err(|_| talkover::Error::invalid("timeout", "must be at most a year, in milliseconds"))
}

/// Per-call options from the `timeoutMs` option.
fn request_options(timeout_ms: Option<f64>) -> talkover::Result<RequestOptions> {
    let opts = RequestOptions::new();
    Ok(match timeout_ms {
        Some(ms) => opts.timeout(millis(ms)?),
        None => opts,
    })
}

fn build(
    token: Option<String>,
    base_url: Option<String>,
    timeout_ms: Option<f64>,
    max_retries: Option<f64>,
    ca_cert: Option<Either<String, Uint8Array>>,
    log: Option<&Write<'_>>,
) -> talkover::Result<talkover::Client> {
    let mut builder = talkover::Client::builder().user_agent(USER_AGENT);
    if let Some(token) = token {
        builder = builder.token(token);
    }
    if let Some(base_url) = base_url {
        builder = builder.base_url(base_url);
    }
    if let Some(ms) = timeout_ms {
        builder = builder.timeout(millis(ms)?);
    }
    if let Some(n) = max_retries {
        if n.fract() != 0.0 || !(0.0..=f64::from(u32::MAX)).contains(&n) {
            return Err(talkover::Error::invalid(
                "max_retries",
                "must be a non-negative integer",
            ));
        }
        builder = builder.max_retries(n as u32);
    }
    match ca_cert {
        Some(Either::A(pem)) => builder = builder.add_root_certificate_pem(pem.into_bytes()),
        Some(Either::B(bytes)) => builder = builder.add_root_certificate_pem(bytes.to_vec()),
        None => {}
    }
    if let Some(sink) = log::sink(log)? {
        builder = builder.log_sink(sink);
    }
    builder.build()
}

#[napi]
impl NativeClient {
    /// Builds a client. Absent values fall back to `TALKOVER_API_TOKEN`, `TALKOVER_BASE_URL`
    /// and the core's defaults. `caCert` is a PEM string or its bytes; `log`, when given,
    /// receives every log line as `log(method, line)` on this thread (see `log.rs`). Throws
    /// an `InvalidRequestError` payload on bad settings.
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "token?: string | undefined | null, baseUrl?: string | undefined | null, timeoutMs?: number | undefined | null, maxRetries?: number | undefined | null, caCert?: string | Uint8Array | undefined | null, log?: ((method: 'debug' | 'info' | 'warn' | 'error', line: string) => void) | undefined | null"
    )]
    pub fn new(
        env: Env,
        token: Option<String>,
        base_url: Option<String>,
        timeout_ms: Option<f64>,
        max_retries: Option<f64>,
        ca_cert: Option<Either<String, Uint8Array>>,
        log: Option<Write<'_>>,
    ) -> Result<Self> {
        match build(
            token,
            base_url,
            timeout_ms,
            max_retries,
            ca_cert,
            log.as_ref(),
        ) {
            Ok(client) => Ok(NativeClient { client }),
            Err(err) => Err(errors::throw(env.raw(), &err)),
        }
    }

    /// The base URL requests go to.
    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.client.base_url().to_owned()
    }

    /// The default per-attempt timeout, in milliseconds.
    #[napi(getter)]
    pub fn timeout_ms(&self) -> f64 {
        self.client.timeout().as_secs_f64() * 1000.0
    }

    /// The default number of retries.
    #[napi(getter)]
    pub fn max_retries(&self) -> u32 {
        self.client.max_retries()
    }

    /// Resolves with the active calls as a flat array, `CALL_FIELDS` values per call (see
    /// `models.rs`); rejects with an error payload.
    #[napi(
        catch_unwind,
        ts_return_type = "Promise<Array<string | number | Date | null | Record<string, unknown>>>"
    )]
    pub fn active_call(
        &self,
        env: Env,
        agent_id: String,
        phone: String,
        timeout_ms: Option<f64>,
        abort: Option<&AbortHandle>,
    ) -> Result<sys::napi_value> {
        let client = self.client.clone();
        let task = async move {
            let opts = request_options(timeout_ms)?;
            client.active_call_with(&agent_id, &phone, &opts).await
        };
        bridge::spawn(env.raw(), async { Outcome::from(task.await) }, |handle| {
            attach(abort, handle)
        })
    }

    /// Resolves with the ended call as a flat array (see `models.rs`); rejects with an error
    /// payload.
    #[napi(
        catch_unwind,
        ts_return_type = "Promise<Array<string | Date | null | Record<string, unknown>>>"
    )]
    pub fn end_call(
        &self,
        env: Env,
        agent_id: String,
        call_sid: String,
        timeout_ms: Option<f64>,
        abort: Option<&AbortHandle>,
    ) -> Result<sys::napi_value> {
        let client = self.client.clone();
        let task = async move {
            let opts = request_options(timeout_ms)?;
            client.end_call_with(&agent_id, &call_sid, &opts).await
        };
        bridge::spawn(env.raw(), async { Outcome::from(task.await) }, |handle| {
            attach(abort, handle)
        })
    }

    /// Places a call; resolves with the placed call as a flat array (see `models.rs`),
    /// rejects with an error payload.
    #[napi(
        catch_unwind,
        ts_return_type = "Promise<Array<string | Date | null | Record<string, unknown>>>"
    )]
    pub fn make_call(
        &self,
        env: Env,
        agent_id: String,
        to: String,
        options: NativeMakeCall,
        abort: Option<&AbortHandle>,
    ) -> Result<sys::napi_value> {
        let client = self.client.clone();
        let task = async move {
            let opts = request_options(options.timeout_ms)?;
            let request = options.request(to)?;
            client.make_call_with(&agent_id, &request, &opts).await
        };
        bridge::spawn(env.raw(), async { Outcome::from(task.await) }, |handle| {
            attach(abort, handle)
        })
    }

    /// Queues a campaign call; resolves with it as a flat array (see `models.rs`), rejects
    /// with an error payload.
    #[napi(
        catch_unwind,
        ts_return_type = "Promise<Array<string | Date | null | Array<string | null | Record<string, unknown>> | Record<string, unknown>>>"
    )]
    pub fn make_campaign_call(
        &self,
        env: Env,
        campaign_id: String,
        to: String,
        options: NativeMakeCampaignCall,
        abort: Option<&AbortHandle>,
    ) -> Result<sys::napi_value> {
        let client = self.client.clone();
        let task = async move {
            let opts = request_options(options.timeout_ms)?;
            let request = options.request(to)?;
            client
                .make_campaign_call_with(&campaign_id, &request, &opts)
                .await
        };
        bridge::spawn(env.raw(), async { Outcome::from(task.await) }, |handle| {
            attach(abort, handle)
        })
    }

    /// A listing of calls, nothing sent yet; throws an `InvalidRequestError` payload when
    /// the filter is refused (the core checks it now, before any request).
    #[napi(catch_unwind)]
    pub fn list_calls(&self, env: Env, filter: NativeCallFilter) -> Result<NativeCallPager> {
        let listing = request_options(filter.timeout_ms).and_then(|opts| {
            let filter = filter.filter()?;
            self.client.list_calls_with(filter, opts)
        });
        match listing {
            Ok(pager) => Ok(NativeCallPager::new(pager)),
            Err(err) => Err(errors::throw(env.raw(), &err)),
        }
    }
}

/// Drops one call's task (and its HTTP request) when the caller's `AbortSignal` fires.
#[napi]
#[derive(Default)]
pub struct AbortHandle {
    state: Mutex<AbortState>,
}

#[derive(Default)]
struct AbortState {
    aborted: bool,
    task: Option<tokio::task::AbortHandle>,
}

#[napi]
impl AbortHandle {
    /// A handle not yet attached to a call.
    #[napi(constructor)]
    pub fn new() -> Self {
        AbortHandle::default()
    }

    /// Aborts the attached call (or the call attached later). Idempotent.
    #[napi]
    pub fn abort(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.aborted = true;
        if let Some(task) = state.task.take() {
            task.abort();
        }
    }
}

pub(crate) fn attach(handle: Option<&AbortHandle>, task: tokio::task::AbortHandle) {
    let Some(handle) = handle else { return };
    let mut state = handle.state.lock().unwrap_or_else(|e| e.into_inner());
    if state.aborted {
        task.abort();
    } else {
        state.task = Some(task);
    }
}
