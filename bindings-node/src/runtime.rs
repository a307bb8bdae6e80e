//! The one Tokio runtime behind every client, and how it is built.
//!
//! napi-rs runs every task of the addon on one process-wide Tokio runtime, shared by all
//! clients, threads and `worker_threads`. By default napi-rs builds that runtime itself; this
//! module hands it one built by `talkover_bindings_common::runtime::builder` instead, as the
//! Python binding's `runtime.rs` does, for two reasons:
//!
//! * the completion queue's batching policy (see `bridge.rs`) needs Tokio's `on_thread_park`
//!   hook on every worker: a worker wakes the JavaScript threads it owes results when it runs
//!   out of work, so one wake-up carries a whole burst of results;
//! * the `TALKOVER_WORKER_THREADS` knob means the same in both bindings: the number of
//!   runtime worker threads, 1 to 64, read once, when the addon loads.
//!
//! The default differs from Python's one worker on purpose: a Node process may run many
//! JavaScript threads (`worker_threads`), each with its own calls, so it keeps Tokio's usual
//! default of one worker per core, as the addon always had.
//!
//! napi-rs takes the runtime when the first environment starts it and shuts it down when the
//! last environment exits. Should a later environment start it again (a worker thread loading
//! the addon after every other one exited), napi-rs builds a default runtime: without the park
//! hook no worker ever defers a wake-up, so results are delivered at once, one wake-up each.

use talkover_bindings_common::runtime::builder;

/// Runs when the addon is loaded, before any environment uses it.
#[napi_derive::module_init]
fn init() {
    let default = std::thread::available_parallelism().map_or(1, usize::from);
    // If the runtime cannot be built here, napi-rs builds its own on first use and reports
    // the failure then; nothing is lost but the park hook.
    if let Ok(runtime) = builder(default).build() {
        napi::bindgen_prelude::create_custom_tokio_runtime(runtime);
    }
}
