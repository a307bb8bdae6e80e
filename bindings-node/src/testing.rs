//! `NativeMockServer`: the `talkover-mock` simulator, for users' own offline tests.
//!
//! Nothing is re-implemented here: seeds, faults and config updates are handed to the
//! simulator through serde in its documented JSON shapes (unknown keys refused), and its
//! request log and config come back the same way. The only change is spelling: JavaScript
//! may write the top-level keys in camelCase (`agentId`, `delayMs`, `ringAfterMs`), and the
//! request log and config come back in camelCase (`retryCount`, `rateLimitPerMinute`).
//! Stored calls, agents, campaigns and campaign calls come back as the simulator stores
//! them: wire JSON, snake_case, as the API would send them.

use std::sync::Mutex;

use napi::{sys, Env, Error, Result, Status};
use napi_derive::napi;
use serde_json::{Map, Value};
use talkover_mock::{Fault, MockOptions, MockServer, SeedAgent, SeedCall, SeedCampaign};

use talkover_bindings_common::Outcome;

use crate::bridge;

/// A running simulator on 127.0.0.1. `stop()` (or garbage collection) shuts it down.
#[napi]
pub struct NativeMockServer {
    server: Mutex<Option<MockServer>>,
    url: String,
    token: String,
    ca_pem: Option<String>,
}

#[napi]
impl NativeMockServer {
    /// Starts a simulator on a free port (or `port`) accepting `token` (default
    /// `talq_test_token`); with `tls`, it serves HTTPS with a certificate of its own.
    #[napi(factory, catch_unwind)]
    pub fn start(token: Option<String>, port: Option<u32>, tls: Option<bool>) -> Result<Self> {
        let mut opts = MockOptions {
            tls: tls.unwrap_or(false),
            ..MockOptions::default()
        };
        if let Some(token) = token {
            opts.token = token;
        }
        if let Some(port) = port {
            opts.port = u16::try_from(port).map_err(|_| invalid("port must be 0 to 65535"))?;
        }
        // The simulator's thread may outlive the environment that started it.
        napi::bindgen_prelude::retain_current_module_for_unload_safety();
        let server = MockServer::start(opts)
            .map_err(|e| Error::new(Status::GenericFailure, format!("could not start: {e}")))?;
        Ok(NativeMockServer {
            url: server.url(),
            token: server.token().to_owned(),
            ca_pem: server.ca_pem(),
            server: Mutex::new(Some(server)),
        })
    }

    /// The base URL to give a client, like `http://127.0.0.1:41234/api/v1`.
    #[napi(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The token the simulator accepts.
    #[napi(getter)]
    pub fn token(&self) -> String {
        self.token.clone()
    }

    /// The PEM certificate to trust for a TLS simulator; `null` for a plain HTTP one.
    #[napi(getter)]
    pub fn ca_pem(&self) -> Option<String> {
        self.ca_pem.clone()
    }

    /// Stores a call and returns it as the API serialises it (snake_case wire JSON).
    #[napi(catch_unwind)]
    pub fn seed_call(&self, call: Value) -> Result<Value> {
        let call: SeedCall = serde_json::from_value(snake_keys(call))
            .map_err(|e| invalid(&format!("invalid call: {e}")))?;
        self.with(|server| server.seed_call(call))
    }

    /// Every stored call as wire JSON, in seeding order.
    #[napi(catch_unwind)]
    pub fn calls(&self) -> Result<Vec<Value>> {
        self.with(MockServer::calls)
    }

    /// Stores (or replaces) an agent; returns it with its defaults, as wire JSON.
    #[napi(catch_unwind)]
    pub fn seed_agent(&self, agent: Value) -> Result<Value> {
        let agent: SeedAgent = serde_json::from_value(snake_keys(agent))
            .map_err(|e| invalid(&format!("invalid agent: {e}")))?;
        self.with(|server| server.seed_agent(agent))
    }

    /// Every agent, in seeding order (those created by seeding a call included).
    #[napi(catch_unwind)]
    pub fn agents(&self) -> Result<Vec<Value>> {
        self.with(MockServer::agents)
    }

    /// Stores (or replaces) a campaign; returns it with its defaults, as wire JSON.
    #[napi(catch_unwind)]
    pub fn seed_campaign(&self, campaign: Value) -> Result<Value> {
        let campaign: SeedCampaign = serde_json::from_value(snake_keys(campaign))
            .map_err(|e| invalid(&format!("invalid campaign: {e}")))?;
        self.with(|server| server.seed_campaign(campaign))
    }

    /// Every campaign, in seeding order.
    #[napi(catch_unwind)]
    pub fn campaigns(&self) -> Result<Vec<Value>> {
        self.with(MockServer::campaigns)
    }

    /// Every campaign call made through the API, in order.
    #[napi(catch_unwind)]
    pub fn campaign_calls(&self) -> Result<Vec<Value>> {
        self.with(MockServer::campaign_calls)
    }

    /// Sets the credits left; `null` is unlimited.
    #[napi(catch_unwind)]
    pub fn set_credits(&self, credits: Option<f64>) -> Result<()> {
        let credits = match credits {
            Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 => Some(n as u64),
            Some(_) => return Err(invalid("credits must be a non-negative whole number")),
            None => None,
        };
        self.with(|server| server.set_credits(credits))
    }

    /// The credits left; `null` is unlimited.
    #[napi(getter, catch_unwind)]
    pub fn credits(&self) -> Result<Option<f64>> {
        self.with(|server| server.credits().map(|n| n as f64))
    }

    /// The run-time config, with camelCase keys.
    #[napi(catch_unwind)]
    pub fn config(&self) -> Result<Value> {
        let config = self.with(MockServer::config)?;
        serde_json::to_value(config)
            .map(camel_keys)
            .map_err(|e| Error::new(Status::GenericFailure, e.to_string()))
    }

    /// Applies a partial config update (camelCase or snake_case keys); nothing changes when
    /// a key or value is refused.
    #[napi(catch_unwind)]
    pub fn update_config(&self, patch: Value) -> Result<()> {
        self.with(|server| server.update_config(&snake_keys(patch)))?
            .map_err(|e| invalid(&format!("invalid config: {e}")))
    }

    /// Queues a fault for the next matching requests.
    #[napi(catch_unwind)]
    pub fn add_fault(&self, fault: Value) -> Result<()> {
        let fault: Fault = serde_json::from_value(snake_keys(fault))
            .map_err(|e| invalid(&format!("invalid fault: {e}")))?;
        fault
            .validate()
            .map_err(|e| invalid(&format!("invalid fault: {e}")))?;
        self.with(|server| server.add_fault(fault))
    }

    /// The request log, oldest first, with camelCase keys. Never contains the token.
    #[napi(catch_unwind)]
    pub fn requests(&self) -> Result<Vec<Value>> {
        let log = self.with(MockServer::requests)?;
        log.into_iter()
            .map(|entry| {
                serde_json::to_value(entry)
                    .map(camel_keys)
                    .map_err(|e| Error::new(Status::GenericFailure, e.to_string()))
            })
            .collect()
    }

    /// Empties the request log.
    #[napi(catch_unwind)]
    pub fn clear_requests(&self) -> Result<()> {
        self.with(MockServer::clear_requests)
    }

    /// Forgets calls, agents, campaigns, faults and the log; restores the start config.
    #[napi(catch_unwind)]
    pub fn reset(&self) -> Result<()> {
        self.with(MockServer::reset)
    }

    /// TCP connections open right now.
    #[napi(catch_unwind)]
    pub fn connections_open(&self) -> Result<u32> {
        self.with(|server| server.connections_open() as u32)
    }

    /// TCP connections accepted since the start.
    #[napi(catch_unwind)]
    pub fn connections_total(&self) -> Result<u32> {
        self.with(|server| server.connections_total() as u32)
    }

    /// Whether `stop()` has been called.
    #[napi(getter)]
    pub fn stopped(&self) -> bool {
        self.lock().is_none()
    }

    /// Stops the simulator and waits for its thread. Idempotent.
    #[napi(catch_unwind)]
    pub fn stop(&self) {
        let server = self.lock().take();
        drop(server);
    }
}

impl NativeMockServer {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<MockServer>> {
        self.server.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn with<T>(&self, f: impl FnOnce(&MockServer) -> T) -> Result<T> {
        match self.lock().as_ref() {
            Some(server) => Ok(f(server)),
            None => Err(Error::new(
                Status::GenericFailure,
                "the mock server is stopped".to_owned(),
            )),
        }
    }
}

fn invalid(message: &str) -> Error {
    Error::new(Status::InvalidArg, message.to_owned())
}

/// `{agentId: ..}` to `{agent_id: ..}`, top level only (`extra`, `headers` and `body` keep
/// their keys as given).
fn snake_keys(value: Value) -> Value {
    map_keys(value, |key| {
        let mut out = String::with_capacity(key.len() + 4);
        for c in key.chars() {
            if c.is_ascii_uppercase() {
                out.push('_');
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    })
}

/// `{retry_count: ..}` to `{retryCount: ..}`, top level only.
fn camel_keys(value: Value) -> Value {
    map_keys(value, |key| {
        let mut out = String::with_capacity(key.len());
        let mut upper = false;
        for c in key.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                out.push(c.to_ascii_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    })
}

fn map_keys(value: Value, rename: impl Fn(&str) -> String) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (rename(&k), v))
                .collect::<Map<String, Value>>(),
        ),
        other => other,
    }
}

/// Test hook: panics synchronously (`sync`), or returns a promise whose task panics, so the
/// suite can check that a panic becomes a `TalkoverError`, never a crash or a hung promise.
#[napi(
    js_name = "__panicForTesting",
    catch_unwind,
    ts_return_type = "Promise<unknown>"
)]
pub fn panic_for_testing(env: Env, sync: bool) -> Result<sys::napi_value> {
    if sync {
        deliberate_panic();
    }
    bridge::spawn(env.raw(), async { deliberate_panic() }, |_| {})
}

fn deliberate_panic() -> Outcome {
    panic!("deliberate panic for the test suite")
}
