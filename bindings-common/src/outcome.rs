//! What an operation produced, on its way from a runtime worker to the waiting thread, and
//! the guard that turns a panic into an outcome instead of a crash.
//!
//! Workers never touch the host language (no GIL, no Node-API environment), so they hand
//! over plain Rust values; each binding builds its language's values on the waiting thread.
//! A panic anywhere in an operation is caught here and becomes an outcome too: in Python,
//! `PanicException` derives from `BaseException` and would slip past `except Exception`; in
//! Node, an unwinding panic across Node-API aborts the process.

use futures_util::FutureExt;
use std::future::Future;
use std::panic::AssertUnwindSafe;

/// The result of one operation, still in Rust types: one variant per kind of result, plus
/// the three ways an operation can end without one.
#[derive(Debug)]
pub enum Outcome {
    /// A list of active calls (`active_call`).
    Calls(Vec<talkover::Call>),
    /// An ended call (`end_call`).
    Ended(talkover::EndedCall),
    /// A placed call (`make_call`).
    Placed(talkover::PlacedCall),
    /// A campaign call (`make_campaign_call`).
    CampaignCall(talkover::CampaignCall),
    /// One page of a call listing (`list_calls`).
    Page(talkover::CallPage),
    /// The core reported a failure.
    Failed(talkover::Error),
    /// The operation panicked; the message (from [`panic_message`]) says where.
    Panicked(String),
    /// The task was dropped before it finished: the caller cancelled it (a cancelled asyncio
    /// task, an aborted `AbortSignal`) or the runtime stopped (interpreter exit).
    Stopped,
}

/// Declares `From<talkover::Result<T>>` for each kind of result, so an operation ends in
/// `Outcome::from(client.op(...).await)`.
macro_rules! from_result {
    ($($ty:ty => $variant:ident),+ $(,)?) => {$(
        impl From<talkover::Result<$ty>> for Outcome {
            fn from(result: talkover::Result<$ty>) -> Self {
                result.map_or_else(Outcome::Failed, Outcome::$variant)
            }
        }
    )+};
}

from_result! {
    Vec<talkover::Call> => Calls,
    talkover::EndedCall => Ended,
    talkover::PlacedCall => Placed,
    talkover::CampaignCall => CampaignCall,
    talkover::CallPage => Page,
}

/// Runs `fut`, turning a panic into [`Outcome::Panicked`].
///
/// ```
/// use talkover_bindings_common::{guarded, runtime, Outcome};
///
/// let rt = runtime::builder(1).build().unwrap();
/// assert!(matches!(rt.block_on(guarded(async { Outcome::Stopped })), Outcome::Stopped));
/// ```
pub async fn guarded<F>(fut: F) -> Outcome
where
    F: Future<Output = Outcome>,
{
    AssertUnwindSafe(fut)
        .catch_unwind()
        .await
        .unwrap_or_else(|payload| Outcome::Panicked(panic_message(&*payload)))
}

/// Runs synchronous binding code, turning a panic into the error `panicked` builds from its
/// message.
///
/// ```
/// use talkover_bindings_common::guard_sync;
/// let result: Result<(), String> = guard_sync(|| panic!("boom"), |message| message);
/// assert!(result.unwrap_err().contains("boom"));
/// ```
pub fn guard_sync<T, E>(
    f: impl FnOnce() -> Result<T, E>,
    panicked: impl FnOnce(String) -> E,
) -> Result<T, E> {
    std::panic::catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(panicked(panic_message(&*payload))))
}

/// The message of a caught panic payload, worded for users: it is a bug to report.
///
/// ```
/// let payload: Box<dyn std::any::Any + Send> = Box::new("index out of bounds");
/// let message = talkover_bindings_common::panic_message(&*payload);
/// assert!(message.ends_with("index out of bounds"));
/// ```
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    format!("internal error in the talkover native module (please report it): {detail}")
}
