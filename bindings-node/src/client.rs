//! `NativeClient`: the core [`talkover::Client`] behind the public `Talkover` class.
//!
//! This file only converts: typed JavaScript arguments into Rust values (their types are
//! checked first by `src-ts/client.ts`, so a wrong type is an `InvalidRequestError` delivered
//! as a rejected promise, never a throw or a crash), and core results into promises through
//! `bridge.rs`. Validation, retries, timeouts and error classification all happen in the core.
//! The Python binding's `client.rs` reads method for method like this one.

use std::sync::Mutex;

use napi::bindgen_prelude::{Either, Uint8Array};
use napi::{sys, Env, Result};
use napi_derive::napi;
use talkover::ClientOverrides;
use talkover_bindings_common::Outcome;

use crate::hooks::OnAttempt;
use crate::list::{NativeCallFilter, NativeCallPager};
use crate::log::Write;
use crate::options::{millis, pairs, request_options, retries, NativeRequestOptions};
use crate::place::{NativeMakeCall, NativeMakeCampaignCall};
use crate::{bridge, errors, hooks, log};

/// `User-Agent` product token of this package; the core adds the runtime (given by the
/// TypeScript layer: `Node.js 22.11.0`, `Bun 1.4.5`, `Deno 2.9.6`), the platform and the
/// application's `appInfo`.
const PRODUCT: &str = concat!("talkover-node/", env!("CARGO_PKG_VERSION"));

/// The native half of a `Talkover` client. Holds the connection pool; never the token in
/// any form JavaScript can read.
#[napi]
pub struct NativeClient {
    client: talkover::Client,
}

/// The settings of a client whose types `src-ts/client.ts` checked.
#[napi(object)]
pub struct NativeClientSettings {
    /// The API token; absent: the environment's.
    pub token: Option<String>,
    /// The API base URL; absent: the environment's, else the default.
    pub base_url: Option<String>,
    /// Timeout of each attempt, in milliseconds.
    pub timeout_ms: Option<f64>,
    /// Retries of transient failures.
    pub max_retries: Option<f64>,
    /// Time allowed to connect, in milliseconds.
    pub connect_timeout_ms: Option<f64>,
    /// A proxy URL for every request.
    pub proxy: Option<String>,
    /// The application's product token, appended to the `User-Agent`.
    pub app_info: Option<String>,
    /// Headers sent with every request, as `[name, value, name, value, ...]`.
    pub default_headers: Option<Vec<String>>,
    /// The JavaScript runtime and its version, for the `User-Agent`.
    pub runtime: String,
}

fn build(
    settings: NativeClientSettings,
    ca_cert: Option<Either<String, Uint8Array>>,
    log: Option<&Write<'_>>,
    on_attempt: Option<&OnAttempt<'_>>,
) -> talkover::Result<talkover::Client> {
    let mut builder = talkover::Client::builder().binding(PRODUCT, settings.runtime);
    if let Some(token) = settings.token {
        builder = builder.token(token);
    }
    if let Some(base_url) = settings.base_url {
        builder = builder.base_url(base_url);
    }
    if let Some(ms) = settings.timeout_ms {
        builder = builder.timeout(millis("timeout", ms)?);
    }
    if let Some(ms) = settings.connect_timeout_ms {
        builder = builder.connect_timeout(millis("connect_timeout", ms)?);
    }
    if let Some(n) = settings.max_retries {
        builder = builder.max_retries(retries(n)?);
    }
    if let Some(proxy) = settings.proxy {
        builder = builder.proxy(proxy);
    }
    if let Some(app_info) = settings.app_info {
        builder = builder.app_info(app_info);
    }
    for (name, value) in pairs(settings.default_headers.unwrap_or_default()) {
        builder = builder.header(name, value);
    }
    match ca_cert {
        Some(Either::A(pem)) => builder = builder.add_root_certificate_pem(pem.into_bytes()),
        Some(Either::B(bytes)) => builder = builder.add_root_certificate_pem(bytes.to_vec()),
        None => {}
    }
    if let Some(sink) = log::sink(log)? {
        builder = builder.log_sink(sink);
    }
    if let Some(hook) = hooks::hook(on_attempt)? {
        builder = builder.on_attempt(hook);
    }
    builder.build()
}

#[napi]
impl NativeClient {
    /// Builds a client. Absent values fall back to `TALKOVER_API_TOKEN`, `TALKOVER_BASE_URL`
    /// and the core's defaults. `caCert` is a PEM string or its bytes; `log`, when given,
    /// receives every log line as `log(method, line)` on this thread (see `log.rs`);
    /// `onAttempt`, when given, is called after every attempt (see `hooks.rs`). Throws an
    /// `InvalidRequestError` payload on bad settings.
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "settings: NativeClientSettings, caCert?: string | Uint8Array | undefined | null, log?: ((method: 'debug' | 'info' | 'warn' | 'error', line: string) => void) | undefined | null, onAttempt?: ((method: string, path: string, retry: number, startedAtMs: number, durationMs: number, status: number | null, requestId: string | null, error: string | null, willRetry: boolean) => void) | undefined | null"
    )]
    pub fn new(
        env: Env,
        settings: NativeClientSettings,
        ca_cert: Option<Either<String, Uint8Array>>,
        log: Option<Write<'_>>,
        on_attempt: Option<OnAttempt<'_>>,
    ) -> Result<Self> {
        match build(settings, ca_cert, log.as_ref(), on_attempt.as_ref()) {
            Ok(client) => Ok(NativeClient { client }),
            Err(err) => Err(errors::throw(env.raw(), &err)),
        }
    }

    /// A client with some settings changed, on this one's connection pool (and with its
    /// base URL, proxy, logger and attempt hook). Throws an `InvalidRequestError` payload
    /// on a bad value.
    #[napi(catch_unwind)]
    pub fn with_options(
        &self,
        env: Env,
        token: Option<String>,
        timeout_ms: Option<f64>,
        max_retries: Option<f64>,
        default_headers: Option<Vec<String>>,
    ) -> Result<NativeClient> {
        let derived = (|| {
            let mut overrides = ClientOverrides::new();
            if let Some(token) = token {
                overrides = overrides.token(token);
            }
            if let Some(ms) = timeout_ms {
                overrides = overrides.timeout(millis("timeout", ms)?);
            }
            if let Some(n) = max_retries {
                overrides = overrides.max_retries(retries(n)?);
            }
            for (name, value) in pairs(default_headers.unwrap_or_default()) {
                overrides = overrides.header(name, value);
            }
            self.client.with_options(overrides)
        })();
        match derived {
            Ok(client) => Ok(NativeClient { client }),
            Err(err) => Err(errors::throw(env.raw(), &err)),
        }
    }

    /// The base URL requests go to.
    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.client.base_url().to_owned()
    }

    /// The `User-Agent` header this client sends.
    #[napi(getter)]
    pub fn user_agent(&self) -> String {
        self.client.user_agent().to_owned()
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

    /// Resolves with the active calls, an array of `Call` objects (see `models.rs`); rejects
    /// with an error payload.
    #[napi(catch_unwind, ts_return_type = "Promise<object>")]
    pub fn active_call(
        &self,
        env: Env,
        agent_id: String,
        phone: String,
        options: Option<NativeRequestOptions>,
        abort: Option<&AbortHandle>,
    ) -> Result<sys::napi_value> {
        let client = self.client.clone();
        let task = async move {
            let opts = request_options(options)?;
            client.active_call_with(&agent_id, &phone, &opts).await
        };
        bridge::spawn(env.raw(), async { Outcome::from(task.await) }, |handle| {
            attach(abort, handle)
        })
    }

    /// Resolves with the ended call (see `models.rs`); rejects with an error
    /// payload.
    #[napi(catch_unwind, ts_return_type = "Promise<object>")]
    pub fn end_call(
        &self,
        env: Env,
        agent_id: String,
        call_sid: String,
        options: Option<NativeRequestOptions>,
        abort: Option<&AbortHandle>,
    ) -> Result<sys::napi_value> {
        let client = self.client.clone();
        let task = async move {
            let opts = request_options(options)?;
            client.end_call_with(&agent_id, &call_sid, &opts).await
        };
        bridge::spawn(env.raw(), async { Outcome::from(task.await) }, |handle| {
            attach(abort, handle)
        })
    }

    /// Places a call; resolves with the placed call (see `models.rs`),
    /// rejects with an error payload.
    #[napi(catch_unwind, ts_return_type = "Promise<object>")]
    pub fn make_call(
        &self,
        env: Env,
        agent_id: String,
        to: String,
        call: NativeMakeCall,
        options: Option<NativeRequestOptions>,
        abort: Option<&AbortHandle>,
    ) -> Result<sys::napi_value> {
        let client = self.client.clone();
        let task = async move {
            let opts = request_options(options)?;
            let request = call.request(to)?;
            client.make_call_with(&agent_id, &request, &opts).await
        };
        bridge::spawn(env.raw(), async { Outcome::from(task.await) }, |handle| {
            attach(abort, handle)
        })
    }

    /// Queues a campaign call; resolves with it (see `models.rs`), rejects
    /// with an error payload.
    #[napi(catch_unwind, ts_return_type = "Promise<object>")]
    pub fn make_campaign_call(
        &self,
        env: Env,
        campaign_id: String,
        to: String,
        call: NativeMakeCampaignCall,
        options: Option<NativeRequestOptions>,
        abort: Option<&AbortHandle>,
    ) -> Result<sys::napi_value> {
        let client = self.client.clone();
        let task = async move {
            let opts = request_options(options)?;
            let request = call.request(to)?;
            client
                .make_campaign_call_with(&campaign_id, &request, &opts)
                .await
        };
        bridge::spawn(env.raw(), async { Outcome::from(task.await) }, |handle| {
            attach(abort, handle)
        })
    }

    /// A listing of calls, nothing sent yet; throws an `InvalidRequestError` payload when
    /// the filter or the options are refused (the core checks them now, before any request).
    #[napi(catch_unwind)]
    pub fn list_calls(
        &self,
        env: Env,
        filter: NativeCallFilter,
        options: Option<NativeRequestOptions>,
    ) -> Result<NativeCallPager> {
        let listing = request_options(options).and_then(|opts| {
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
