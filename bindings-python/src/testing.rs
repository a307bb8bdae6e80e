//! The simulator (`talkover-mock`) for `talkover.testing.MockServer`.
//!
//! The simulator is the same Rust crate every suite of this project runs against; this
//! module only starts it and passes its seeding, fault, config and log shapes across as JSON
//! text, which `talkover/testing.py` turns into keyword arguments and objects. Each method
//! is one method of the Rust `MockServer`, so the Python wrapper mirrors its API.

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use std::sync::{Mutex, MutexGuard, PoisonError};
use talkover_mock::{Fault, MockOptions, MockServer, SeedAgent, SeedCall, SeedCampaign};

/// A running simulator on 127.0.0.1.
#[pyclass(frozen, module = "talkover._native")]
pub(crate) struct NativeMockServer {
    server: Mutex<Option<MockServer>>,
    url: String,
    token: String,
    ca_pem: Option<String>,
}

impl NativeMockServer {
    fn with<T>(&self, f: impl FnOnce(&MockServer) -> T) -> PyResult<T> {
        match self.lock().as_ref() {
            Some(server) => Ok(f(server)),
            None => Err(PyRuntimeError::new_err("the MockServer is stopped")),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Option<MockServer>> {
        self.server.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn invalid(what: &str, err: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("invalid {what}: {err}"))
}

fn to_json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

#[pymethods]
impl NativeMockServer {
    #[new]
    #[pyo3(signature = (token=None, port=0, tls=false))]
    fn new(py: Python<'_>, token: Option<String>, port: u16, tls: bool) -> PyResult<Self> {
        let mut opts = MockOptions {
            port,
            tls,
            ..MockOptions::default()
        };
        if let Some(token) = token {
            opts.token = token;
        }
        let server = py
            .detach(|| MockServer::start(opts))
            .map_err(|e| PyRuntimeError::new_err(format!("could not start the simulator: {e}")))?;
        Ok(NativeMockServer {
            url: server.url(),
            token: server.token().to_owned(),
            ca_pem: server.ca_pem(),
            server: Mutex::new(Some(server)),
        })
    }

    #[getter]
    fn url(&self) -> &str {
        &self.url
    }

    #[getter]
    fn token(&self) -> &str {
        &self.token
    }

    /// The PEM of the self-signed certificate an HTTPS server presents; `None` for HTTP.
    #[getter]
    fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// Seeds a call from its JSON shape; returns the stored call as JSON.
    fn seed_call(&self, json: &str) -> PyResult<String> {
        let seed: SeedCall = serde_json::from_str(json).map_err(|e| invalid("call", e))?;
        to_json(&self.with(|s| s.seed_call(seed))?)
    }

    /// Seeds (or replaces) an agent from its JSON shape; returns the stored agent as JSON.
    fn seed_agent(&self, json: &str) -> PyResult<String> {
        let seed: SeedAgent = serde_json::from_str(json).map_err(|e| invalid("agent", e))?;
        to_json(&self.with(|s| s.seed_agent(seed))?)
    }

    /// Seeds (or replaces) a campaign from its JSON shape; returns it as JSON.
    fn seed_campaign(&self, json: &str) -> PyResult<String> {
        let seed: SeedCampaign = serde_json::from_str(json).map_err(|e| invalid("campaign", e))?;
        to_json(&self.with(|s| s.seed_campaign(seed))?)
    }

    /// Every agent as a JSON array.
    fn agents(&self) -> PyResult<String> {
        to_json(&self.with(MockServer::agents)?)
    }

    /// Every campaign as a JSON array.
    fn campaigns(&self) -> PyResult<String> {
        to_json(&self.with(MockServer::campaigns)?)
    }

    /// Every campaign call made through the API as a JSON array.
    fn campaign_calls(&self) -> PyResult<String> {
        to_json(&self.with(MockServer::campaign_calls)?)
    }

    /// Sets the credits left; `None` is unlimited.
    #[pyo3(signature = (credits))]
    fn set_credits(&self, credits: Option<u64>) -> PyResult<()> {
        self.with(|s| s.set_credits(credits))
    }

    /// The credits left; `None` is unlimited.
    #[getter]
    fn credits(&self) -> PyResult<Option<u64>> {
        self.with(MockServer::credits)
    }

    /// The run-time config as a JSON object.
    fn config(&self) -> PyResult<String> {
        to_json(&self.with(MockServer::config)?)
    }

    /// Applies a partial config update given as a JSON object; nothing changes on error.
    fn update_config(&self, json: &str) -> PyResult<()> {
        let patch: serde_json::Value =
            serde_json::from_str(json).map_err(|e| invalid("config", e))?;
        self.with(|s| s.update_config(&patch))?
            .map_err(|e| invalid("config", e))
    }

    /// Queues a fault from its JSON shape.
    fn add_fault(&self, json: &str) -> PyResult<()> {
        let fault: Fault = serde_json::from_str(json).map_err(|e| invalid("fault", e))?;
        fault.validate().map_err(|e| invalid("fault", e))?;
        self.with(|s| s.add_fault(fault))
    }

    /// The request log as a JSON array.
    fn requests(&self) -> PyResult<String> {
        to_json(&self.with(MockServer::requests)?)
    }

    /// Every stored call as a JSON array.
    fn calls(&self) -> PyResult<String> {
        to_json(&self.with(MockServer::calls)?)
    }

    fn clear_requests(&self) -> PyResult<()> {
        self.with(MockServer::clear_requests)
    }

    fn reset(&self) -> PyResult<()> {
        self.with(MockServer::reset)
    }

    fn connections_open(&self) -> PyResult<usize> {
        self.with(MockServer::connections_open)
    }

    fn connections_total(&self) -> PyResult<usize> {
        self.with(MockServer::connections_total)
    }

    #[getter]
    fn running(&self) -> bool {
        self.lock().is_some()
    }

    /// Stops the server and waits for its thread; idempotent.
    fn stop(&self, py: Python<'_>) {
        let server = self.lock().take();
        if let Some(server) = server {
            py.detach(|| server.stop());
        }
    }
}
