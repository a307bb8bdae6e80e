//! Node.js bindings for [`talkover`]: the native module behind the `talkover` npm package.
//!
//! Users never load this module directly. The package's TypeScript layer (`src-ts/`) wraps it:
//! `Talkover` holds a [`client::NativeClient`], rebuilds error payloads into real `Error`
//! subclasses, and wires `AbortSignal`s to [`client::AbortHandle`]. Everything a call does
//! (validation, retries, timeouts, decoding, error classification) happens in the core crate;
//! this crate converts values in and out and nothing else.
//!
//! - [`client`]: the client class;
//! - `args`: JavaScript arguments as Rust values, a wrong type as an `InvalidRequestError`;
//! - `logging`: the core's log lines, handed to the `logger` option;
//! - `runtime`: calls as Tokio tasks, each with a promise;
//! - `bridge`: how those tasks settle their promises, in batches, per JavaScript thread;
//! - `models`: results as JavaScript values (flat arrays the TypeScript layer shapes);
//! - `errors`: failures as payloads for the JavaScript error classes;
//! - [`testing`]: the `talkover-mock` simulator for `talkover/testing`.
#![deny(clippy::all)]

mod args;
mod bridge;
pub mod client;
mod errors;
mod logging;
mod models;
mod runtime;
pub mod testing;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
