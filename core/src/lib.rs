//! Client for the [TalkOver](https://talkover.ai) voice-agent API.
//!
//! Two operations: find the active call between an agent and a phone number, and end a
//! call. Inputs are validated before any network I/O, transient failures are retried with
//! backoff, every failure is a typed [`Error`], and the token never appears in any output.
//!
//! The same core runs inside the `talkover` Python and Node.js packages, so all three
//! languages share one behaviour.
//!
//! ```no_run
//! use talkover::{Client, ErrorKind};
//!
//! # async fn run() -> talkover::Result<()> {
//! let client = Client::builder().token("talq_...").build()?;
//! let calls = client.active_call("agent-uuid", "+5511987654321").await?;
//! if let Some(call) = calls.first() {
//!     match client.end_call("agent-uuid", &call.id).await {
//!         Ok(ended) => println!("ended {} at {:?}", ended.id, ended.ended_at),
//!         Err(e) if e.kind() == ErrorKind::CallNotActive => println!("already over"),
//!         Err(e) => return Err(e),
//!     }
//! }
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod client;
mod config;
mod envelope;
mod error;
mod model;
pub mod retry;
mod transport;
pub mod validate;

pub use client::{Client, RequestOptions};
pub use config::{
    ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT,
    ENV_BASE_URL, ENV_TOKEN,
};
pub use error::{Error, ErrorKind, Result, StatusError, MAX_ERROR_BODY_BYTES};
pub use model::{Call, CallStatus, EndedCall};
pub use transport::MAX_BODY_BYTES;

/// Re-exported so users can build timestamps for [`Call`] fixtures without a version clash.
pub use chrono;
