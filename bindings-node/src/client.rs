//! `NativeClient`: the core [`talkover::Client`] behind the public `Talkover` class.
//!
//! This file only converts: JavaScript arguments into Rust values (through `args`; a wrong
//! type is an `InvalidRequestError`, delivered as a rejected promise, never a throw or a
//! crash), and core results into promises through the `runtime` module. Validation, retries,
//! timeouts and error classification all happen in the core.

use std::sync::Mutex;

use napi::bindgen_prelude::Unknown;
use napi::{sys, Env, Result};
use napi_derive::napi;

use crate::args::{
    optional_pem, optional_retries, optional_string, optional_timeout, request_options,
    required_string,
};
use crate::runtime::{self, Outcome};
use crate::{errors, logging};

/// `User-Agent` product token of this package, put before the core's own.
const USER_AGENT: &str = concat!("talkover-node/", env!("CARGO_PKG_VERSION"));

/// The native half of a `Talkover` client. Holds the connection pool; never the token in
/// any form JavaScript can read.
#[napi]
pub struct NativeClient {
    client: talkover::Client,
}

#[napi]
impl NativeClient {
    /// Builds a client. Absent values fall back to `TALKOVER_API_TOKEN`, `TALKOVER_BASE_URL`
    /// and the core's defaults. `caCert` is a PEM string or Buffer; `log`, when given, receives
    /// every log line as `log(method, line)` on this thread (see the `logging` module). Throws
    /// an `InvalidRequestError` payload on bad settings.
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "token: unknown, baseUrl: unknown, timeoutMs: unknown, maxRetries: unknown, caCert?: unknown, log?: ((method: 'debug' | 'info' | 'warn' | 'error', line: string) => void) | undefined | null"
    )]
    pub fn new(
        env: Env,
        token: Unknown<'_>,
        base_url: Unknown<'_>,
        timeout_ms: Unknown<'_>,
        max_retries: Unknown<'_>,
        ca_cert: Unknown<'_>,
        log: Unknown<'_>,
    ) -> Result<Self> {
        let built = (|| {
            let mut builder = talkover::Client::builder().user_agent(USER_AGENT);
            if let Some(token) = optional_string(&token, "token")? {
                builder = builder.token(token);
            }
            if let Some(base_url) = optional_string(&base_url, "baseUrl")? {
                builder = builder.base_url(base_url);
            }
            if let Some(timeout) = optional_timeout(&timeout_ms)? {
                builder = builder.timeout(timeout);
            }
            if let Some(retries) = optional_retries(&max_retries)? {
                builder = builder.max_retries(retries);
            }
            if let Some(pem) = optional_pem(&ca_cert)? {
                builder = builder.add_root_certificate_pem(pem);
            }
            if let Some(sink) = logging::sink(&log)? {
                builder = builder.log_sink(sink);
            }
            builder.build()
        })();
        match built {
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

    /// `Promise<Call[]>`; rejects with an error payload.
    #[napi(
        catch_unwind,
        ts_args_type = "agentId: unknown, phone: unknown, timeoutMs: unknown, abort?: AbortHandle | undefined | null",
        ts_return_type = "Promise<unknown>"
    )]
    pub fn active_call(
        &self,
        env: Env,
        agent_id: Unknown<'_>,
        phone: Unknown<'_>,
        timeout_ms: Unknown<'_>,
        abort: Option<&AbortHandle>,
    ) -> Result<sys::napi_value> {
        let args = (|| {
            let agent_id = required_string(&agent_id, "agentId")?;
            let phone = required_string(&phone, "phone")?;
            Ok((agent_id, phone, request_options(&timeout_ms)?))
        })();
        let (agent_id, phone, opts) = match args {
            Ok(args) => args,
            Err(err) => return runtime::rejected(env.raw(), &err),
        };
        let client = self.client.clone();
        let task = async move {
            match client.active_call_with(&agent_id, &phone, &opts).await {
                Ok(calls) => Outcome::Calls(calls),
                Err(err) => Outcome::Failed(err),
            }
        };
        runtime::spawn(env.raw(), task, |handle| attach(abort, handle))
    }

    /// `Promise<EndedCall>`; rejects with an error payload.
    #[napi(
        catch_unwind,
        ts_args_type = "agentId: unknown, callSid: unknown, timeoutMs: unknown, abort?: AbortHandle | undefined | null",
        ts_return_type = "Promise<unknown>"
    )]
    pub fn end_call(
        &self,
        env: Env,
        agent_id: Unknown<'_>,
        call_sid: Unknown<'_>,
        timeout_ms: Unknown<'_>,
        abort: Option<&AbortHandle>,
    ) -> Result<sys::napi_value> {
        let args = (|| {
            let agent_id = required_string(&agent_id, "agentId")?;
            let call_sid = required_string(&call_sid, "callSid")?;
            Ok((agent_id, call_sid, request_options(&timeout_ms)?))
        })();
        let (agent_id, call_sid, opts) = match args {
            Ok(args) => args,
            Err(err) => return runtime::rejected(env.raw(), &err),
        };
        let client = self.client.clone();
        let task = async move {
            match client.end_call_with(&agent_id, &call_sid, &opts).await {
                Ok(ended) => Outcome::Ended(ended),
                Err(err) => Outcome::Failed(err),
            }
        };
        runtime::spawn(env.raw(), task, |handle| attach(abort, handle))
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

fn attach(handle: Option<&AbortHandle>, task: tokio::task::AbortHandle) {
    let Some(handle) = handle else { return };
    let mut state = handle.state.lock().unwrap_or_else(|e| e.into_inner());
    if state.aborted {
        task.abort();
    } else {
        state.task = Some(task);
    }
}
