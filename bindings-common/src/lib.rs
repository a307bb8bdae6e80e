//! What the Python and Node bindings of `talkover` share, so the two read alike.
//!
//! Both bindings solve the same problems: run a request on a Tokio runtime, carry its result
//! back to the thread that waits for it (an asyncio loop, a JavaScript thread), and never let
//! a panic cross into the host language. The language-specific halves (building Python or
//! JavaScript values, waking an event loop) stay in each binding; the rest is here, once:
//!
//! * [`outcome`]: [`Outcome`], what an operation produced, in plain Rust types, and the panic
//!   guard ([`guarded`], [`guard_sync`], [`panic_message`]);
//! * [`queue`]: [`Completions`], a queue of finished requests per waiting thread, with the one
//!   batching policy that decides when that thread is woken ([`Wake`], [`before_park`]);
//! * [`runtime`]: how both bindings build their Tokio runtime ([`runtime::builder`]) and the
//!   `TALKOVER_WORKER_THREADS` knob.
//!
//! ```
//! use talkover_bindings_common::{guarded, Outcome};
//!
//! let rt = talkover_bindings_common::runtime::builder(1).build().unwrap();
//! let outcome = rt.block_on(guarded(async { panic!("boom") }));
//! assert!(matches!(outcome, Outcome::Panicked(ref m) if m.contains("boom")));
//! ```

pub mod outcome;
pub mod queue;
pub mod runtime;

pub use outcome::{guard_sync, guarded, panic_message, Outcome};
pub use queue::{before_park, Completions, Wake};
