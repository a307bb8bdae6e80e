//! Node.js bindings for [`talkover`]: the native module behind the `talkover` npm package.
//!
//! Users never load this module directly. The package's TypeScript layer (`src-ts/`) wraps it:
//! `Talkover` checks argument types, holds a [`client::NativeClient`], rebuilds error payloads
//! into real `Error` subclasses, and wires `AbortSignal`s to [`client::AbortHandle`].
//! Everything a call does (validation, retries, timeouts, decoding, error classification)
//! happens in the core crate; this crate converts values in and out and nothing else.
//!
//! The Python binding (`bindings-python/src`) has a file of the same name for each job, and
//! both share `bindings-common` (the outcome type, the panic guard, the completion queue and
//! its batching policy, the runtime knobs):
//!
//! - [`client`]: the client class; [`place`]: what `makeCall` and `makeCampaignCall` send;
//!   [`list`]: the filter of `listCalls` and the pager its pages are read through;
//! - `runtime`: the Tokio runtime napi-rs runs every task on, and `TALKOVER_WORKER_THREADS`;
//! - `bridge`: calls as Tokio tasks, each with a promise, settled in batches per JavaScript
//!   thread, and how such a thread is woken;
//! - `outcome`: a finished call as the value its promise resolves or rejects with;
//! - `errors`: failures as payloads for the JavaScript error classes (generated from the
//!   catalogue into `src-ts/errors.ts`);
//! - [`models`]: results as the arguments of the functions that build them, which
//!   `factories` keeps (the TypeScript layer registers them);
//! - `convert`: Rust values as JavaScript values;
//! - `options`: per-call options and the units of the client's settings;
//! - `log`: the core's log lines, handed to the `logger` option;
//! - `hooks`: each HTTP attempt, handed to the `onAttempt` option;
//! - [`testing`]: the `talkover-mock` simulator for `talkover/testing`;
//! - [`cli`]: the `talkover` command line, for the package's `bin`.
//!
//! [`catalogue`] exposes the core's catalogue (error classes, defaults, operations) to the
//! generator of `src-ts/errors.ts` and to the drift tests.
#![deny(clippy::all)]

mod bridge;
pub mod cli;
pub mod client;
mod convert;
mod errors;
pub mod factories;
mod hooks;
pub mod list;
mod log;
pub mod models;
mod options;
mod outcome;
pub mod place;
mod runtime;
pub mod testing;

use napi_derive::napi;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The core's catalogue: every error class, default and operation, in the core's words
/// (snake_case, seconds). Read by `scripts/generate.mjs` and the drift tests.
#[napi(
    ts_return_type = "{ base_class: string; errors: Array<{ name: string; parent: string; status: number | null; or_above: boolean; code: string | null; doc: string }>; defaults: Record<string, string | number | string[]>; operations: Array<{ name: string; method: string; path: string; changes_state: boolean }> }"
)]
pub fn catalogue() -> serde_json::Value {
    talkover::catalogue::to_json()
}
