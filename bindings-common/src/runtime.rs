//! How both bindings build their Tokio runtime, and the knob they share.
//!
//! Each binding owns one multi-threaded runtime for the whole process (Python builds it on
//! first use and rebuilds it after `fork()`; Node hands it to napi-rs when the addon loads).
//! Both build it here, so both name their threads `talkover-io`, install the completion
//! queue's [`before_park`](crate::before_park) hook, and read [`ENV_WORKER_THREADS`] the
//! same way.
//!
//! ```
//! let runtime = talkover_bindings_common::runtime::builder(1).build().unwrap();
//! assert_eq!(runtime.block_on(async { 1 + 1 }), 2);
//! ```

/// Environment variable setting the number of runtime worker threads (1 to 64), in every
/// binding. Unset or out of range, each binding's default applies.
pub const ENV_WORKER_THREADS: &str = "TALKOVER_WORKER_THREADS";
/// Most worker threads [`ENV_WORKER_THREADS`] may ask for.
pub const MAX_WORKER_THREADS: usize = 64;

/// The worker count: [`ENV_WORKER_THREADS`] when it holds a number from 1 to
/// [`MAX_WORKER_THREADS`], else `default`.
///
/// ```
/// assert_eq!(talkover_bindings_common::runtime::worker_threads(3) >= 1, true);
/// ```
pub fn worker_threads(default: usize) -> usize {
    std::env::var(ENV_WORKER_THREADS)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| (1..=MAX_WORKER_THREADS).contains(n))
        .unwrap_or(default)
}

/// A multi-threaded runtime builder with [`worker_threads`]`(default_workers)` workers named
/// `talkover-io`, I/O and timers enabled, and the completion queue's park hook installed.
pub fn builder(default_workers: usize) -> tokio::runtime::Builder {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    builder
        .worker_threads(worker_threads(default_workers.max(1)))
        .thread_name("talkover-io")
        .on_thread_park(crate::queue::before_park)
        .enable_all();
    builder
}
