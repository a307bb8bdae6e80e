//! `talkover-mock`: a stateful, in-process simulator of the TalkOver REST API.
//!
//! Tests, demos and benchmarks run against it offline. It checks the bearer token, keeps
//! calls in memory and answers `GET /api/v1/agents/{agent_id}/active-call/{phone}` and
//! `POST /api/v1/agents/{agent_id}/end-call` as the real API does, including its 401, 404,
//! 409 and 422 envelopes. On demand it misbehaves the way networks do (error statuses,
//! delays, dropped, truncated, reset, hung or trickling responses) and it logs every API
//! request it receives, without the token.
//!
//! The server runs on its own thread with its own Tokio runtime, so it can be started from
//! anywhere: plain `#[test]`s, inside another runtime, or from a Python or Node thread. Every
//! method is synchronous. The same controls are reachable over HTTP under `/__mock` (see
//! the crate README), which is how other languages and the `talkover-mock` binary use it.
//!
//! ```
//! use talkover_mock::{Fault, MockOptions, MockServer, SeedCall};
//!
//! let server = MockServer::start(MockOptions::default())?;
//! let call = server.seed_call(SeedCall::new("agent_1", "+5511987654321"));
//! assert_eq!(call["status"], "answered");
//! server.add_fault(Fault::respond(503).header("retry-after", "1"));
//! println!("point the client at {} with token {}", server.url(), server.token());
//! server.stop();
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! The request log keeps the last [`LOG_CAPACITY`] requests. With [`MockOptions::tls`] the
//! server speaks HTTPS with a self-signed certificate generated at start
//! ([`MockServer::ca_pem`]), for testing how clients handle certificates.

#![warn(missing_docs)]

mod agents;
mod body;
mod call;
mod calls;
mod campaign_call;
mod campaigns;
mod config;
mod control;
mod endpoints;
mod fault;
mod inner;
mod listing;
mod log;
mod options;
mod phone;
mod playout;
mod query;
mod ratelimit;
mod routes;
mod seed;
mod server;
mod state;
mod tls;
mod workflow;

use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::sync::watch;

pub use agents::{SeedAgent, DEFAULT_AGENT_PHONE};
pub use campaigns::SeedCampaign;
pub use config::{MockConfig, PagingFault};
pub use fault::{Fault, FaultKind};
pub use log::{LoggedRequest, Outcome, LOG_CAPACITY};
pub use options::{MockOptions, DEFAULT_ANSWER_AFTER_MS, DEFAULT_RING_AFTER_MS, DEFAULT_TOKEN};
pub use seed::SeedCall;

use server::Shared;

/// A running simulator. Dropping it stops the server.
///
/// ```
/// use talkover_mock::{MockOptions, MockServer};
///
/// let server = MockServer::start(MockOptions::default())?;
/// assert!(server.url().starts_with("http://127.0.0.1:"));
/// assert!(server.url().ends_with("/api/v1"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct MockServer {
    shared: Arc<Shared>,
    addr: SocketAddr,
    url: String,
    ca_pem: Option<String>,
    stop_tx: watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

// The handle is shared across threads by the bindings; keep that a compile-time fact.
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<MockServer>();
};

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a server on 127.0.0.1 and returns once it is listening.
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// assert_ne!(server.addr().port(), 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn start(opts: MockOptions) -> io::Result<MockServer> {
        MockServer::start_on(IpAddr::V4(Ipv4Addr::LOCALHOST), opts)
    }

    /// Starts a server on `ip` (for the binary's `--host`). The control API still answers
    /// loopback clients only.
    ///
    /// ```
    /// use std::net::{IpAddr, Ipv4Addr};
    /// let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
    /// let server = talkover_mock::MockServer::start_on(ip, Default::default())?;
    /// assert_eq!(server.addr().ip(), ip);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn start_on(ip: IpAddr, opts: MockOptions) -> io::Result<MockServer> {
        let listener = TcpListener::bind(SocketAddr::new(ip, opts.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let tls = opts.tls.then(tls::generate).transpose()?;
        let (stop_tx, stop_rx) = watch::channel(false);
        let (acceptor, ca_pem) = match tls {
            Some(tls) => (Some(tls.acceptor), Some(tls.ca_pem)),
            None => (None, None),
        };
        let scheme = if acceptor.is_some() { "https" } else { "http" };
        let config = MockConfig::from(&opts);
        let shared = Arc::new(Shared::new(opts.token, config, acceptor, stop_rx));
        let server_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("talkover-mock".to_owned())
            .spawn(move || runtime.block_on(server::run(listener, server_shared)))?;
        let shown = match addr.ip() {
            IpAddr::V4(v4) if v4.is_unspecified() => {
                SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port())
            }
            IpAddr::V6(v6) if v6.is_unspecified() => {
                SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), addr.port())
            }
            _ => addr,
        };
        Ok(MockServer {
            shared,
            addr,
            url: format!("{scheme}://{shown}{}", routes::API_PREFIX),
            ca_pem,
            stop_tx,
            thread: Some(thread),
        })
    }

    /// The base URL to give a client, e.g. `http://127.0.0.1:41234/api/v1`, or
    /// `https://...` when started with [`MockOptions::tls`].
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// assert_eq!(server.url(), format!("http://{}/api/v1", server.addr()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The PEM of the server's self-signed certificate when it serves HTTPS, else `None`.
    /// Give it to the client as a trusted CA (`add_root_certificate_pem`, `ca_cert`,
    /// `caCert`) or write it to a file named by `SSL_CERT_FILE`.
    ///
    /// ```
    /// use talkover_mock::{MockOptions, MockServer};
    ///
    /// let server = MockServer::start(MockOptions { tls: true, ..MockOptions::default() })?;
    /// assert!(server.url().starts_with("https://127.0.0.1:"));
    /// let pem = server.ca_pem().expect("a TLS server has a certificate");
    /// assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));
    /// assert!(MockServer::start(MockOptions::default())?.ca_pem().is_none());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn ca_pem(&self) -> Option<String> {
        self.ca_pem.clone()
    }

    /// The address the server listens on.
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// assert!(server.addr().ip().is_loopback());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The token the server accepts.
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// assert_eq!(server.token(), talkover_mock::DEFAULT_TOKEN);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn token(&self) -> &str {
        self.shared.token()
    }

    /// Stores a call and returns it as the API would serialise it.
    ///
    /// ```
    /// use talkover_mock::{MockServer, SeedCall};
    /// let server = MockServer::start(Default::default())?;
    /// let call = server.seed_call(SeedCall::new("agent_1", "+5511987654321").status("ringing"));
    /// assert_eq!(call["id"], "call_1");
    /// assert_eq!(call["duration_seconds"], 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn seed_call(&self, call: SeedCall) -> serde_json::Value {
        self.shared.lock().seed_call(call)
    }

    /// Every stored call as JSON, in insertion order (ended calls included), statuses up to
    /// date. Each is its active-call JSON plus the fields active-call does not show: for a
    /// placed call `direction`, `from`, `sid`, `is_testing`, `payload`, `context` (when
    /// sent), `delay_seconds` and `created_at`; for a seeded call the listing fields it was
    /// seeded with.
    ///
    /// ```
    /// use talkover_mock::{MockServer, SeedCall};
    /// let server = MockServer::start(Default::default())?;
    /// server.seed_call(SeedCall::new("agent_1", "+5511987654321"));
    /// assert_eq!(server.calls().len(), 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn calls(&self) -> Vec<serde_json::Value> {
        self.shared.lock().calls.list()
    }

    /// Queues a fault for the next matching API requests.
    ///
    /// ```
    /// use talkover_mock::{Fault, FaultKind, MockServer};
    /// let server = MockServer::start(Default::default())?;
    /// server.add_fault(Fault::new(FaultKind::Drop).times(2));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn add_fault(&self, fault: Fault) {
        self.shared.lock().faults.push(fault);
    }

    /// The logged API requests, in arrival order.
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// assert!(server.requests().is_empty());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.lock().log.snapshot()
    }

    /// Empties the request log.
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// server.clear_requests();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn clear_requests(&self) {
        self.shared.lock().log.clear();
    }

    /// Forgets calls, agents, campaigns, campaign calls, faults, the log and rate-limit
    /// windows, and restores the run-time config to the start options; call ids start again
    /// from `call_1`.
    ///
    /// ```
    /// use talkover_mock::{MockServer, SeedCall};
    /// let server = MockServer::start(Default::default())?;
    /// server.seed_call(SeedCall::new("agent_1", "+5511987654321"));
    /// server.reset();
    /// assert!(server.calls().is_empty());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn reset(&self) {
        self.shared.lock().reset();
    }

    /// TCP connections currently open.
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// assert_eq!(server.connections_open(), 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn connections_open(&self) -> usize {
        self.shared.connections_open()
    }

    /// TCP connections accepted since start.
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// assert_eq!(server.connections_total(), 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn connections_total(&self) -> usize {
        self.shared.connections_total()
    }

    /// Stops the server: no new connections, in-flight responses get a short grace period,
    /// hung requests are released, and the server thread is joined. Dropping does the same.
    ///
    /// ```
    /// let server = talkover_mock::MockServer::start(Default::default())?;
    /// let addr = server.addr();
    /// server.stop();
    /// assert!(std::net::TcpStream::connect(addr).is_err());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.stop_tx.send_replace(true);
        if let Some(thread) = self.thread.take() {
            // A panic on the server thread has nowhere better to go than here.
            let _ = thread.join();
        }
    }
}
