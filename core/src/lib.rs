//! Client for the [TalkOver](https://talkover.ai) voice-agent API.
//!
//! The whole call workflow: place a call ([`Client::make_call`]) or queue one in a campaign
//! ([`Client::make_campaign_call`]), find the active call between an agent and a phone
//! number ([`Client::active_call`]), end it ([`Client::end_call`]), and page through past
//! calls ([`Client::list_calls`]). Inputs are validated before any network I/O, transient failures are retried with
//! backoff, every failure is a typed [`Error`], and the token never appears in any output.
//!
//! Requests, responses and retries are logged as [`tracing`] events under the target
//! `talkover` (see [`log`]), with phone numbers masked and never the token. The library
//! installs no subscriber; with none listening, logging costs next to nothing.
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

pub mod catalogue;
mod client;
mod config;
mod crypto;
mod envelope;
mod error;
mod filter;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod hooks;
mod list;
pub mod log;
mod model;
mod place;
mod response;
pub mod retry;
mod tls;
mod transport;
pub mod validate;

pub use client::{Client, ClientOverrides, RequestOptions};
pub use config::{
    ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT,
    ENV_BASE_URL, ENV_TOKEN, ENV_TOKEN_FALLBACK,
};
pub use error::{Error, ErrorKind, FieldErrors, Result, StatusError, MAX_ERROR_BODY_BYTES};
pub use filter::{CallFilter, MAX_PER_PAGE};
pub use hooks::Attempt;
pub use list::{CallPager, MAX_PAGES};
pub use log::{level_from_env, mask_phone, LOG_ENV};
pub use model::{
    AgentRef, Call, CallPage, CallRecord, CallStatus, Campaign, CampaignCall, Direction, EndedCall,
    Pagination, PlacedCall,
};
pub use place::{MakeCall, MakeCampaignCall, MAX_DELAY_SECONDS};
pub use response::{RateLimit, ResponseMeta};
pub use transport::MAX_BODY_BYTES;

/// Re-exported so users can build timestamps for [`Call`] fixtures without a version clash.
pub use chrono;
/// Re-exported so a subscriber for the client's events (see [`log`]) is written against the
/// same `tracing` the client emits with.
pub use tracing;

// The README's Rust examples are compiled as doctests, so they cannot drift from the API.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
