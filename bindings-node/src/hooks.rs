//! The `onAttempt` option: each HTTP attempt the core reports, delivered to JavaScript.
//!
//! The core calls its hook with a [`talkover::Attempt`] on the runtime thread that made the
//! attempt. The hook here queues the attempt's values on a thread-safe function, and the
//! JavaScript thread that built the client calls the function `src-ts/client.ts` made from
//! the user's callback, which shapes the `Attempt` object (a `Date`, `null`s) and swallows
//! whatever the callback throws.
//!
//! Non-blocking, unbounded and unreferenced for the reasons the logger's function is (see
//! `log.rs`): a request never waits on JavaScript, and a hook never keeps the process alive.
//! The values carry no token and no phone number in clear: the core masks it in `path`.

use std::time::UNIX_EPOCH;

use napi::bindgen_prelude::{FnArgs, Function, Unknown};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::Status;
use talkover::Attempt;

/// Arguments of the JavaScript `(method, path, retry, startedAtMs, durationMs, status,
/// requestId, error, willRetry)` function.
pub(crate) type Values = FnArgs<(
    String,
    String,
    u32,
    f64,
    f64,
    Option<u32>,
    Option<String>,
    Option<&'static str>,
    bool,
)>;
/// The JavaScript function `src-ts/client.ts` makes from an `onAttempt` callback.
pub(crate) type OnAttempt<'scope> = Function<'scope, Values, Unknown<'static>>;
/// Unreferenced (`Weak`), no error-first argument, unbounded queue.
type HookFunction = ThreadsafeFunction<Values, Unknown<'static>, Values, Status, false, true, 0>;

/// The core's hook for an `onAttempt` function, or `None` without one.
pub(crate) fn hook(
    on_attempt: Option<&OnAttempt<'_>>,
) -> talkover::Result<Option<impl Fn(&Attempt) + Send + Sync + 'static>> {
    let Some(on_attempt) = on_attempt else {
        return Ok(None);
    };
    let function: HookFunction = on_attempt
        .build_threadsafe_function::<Values>()
        .weak::<true>()
        .callee_handled::<false>()
        .build()
        .map_err(|e| {
            talkover::Error::invalid("on_attempt", format!("could not be used ({})", e.reason))
        })?;
    Ok(Some(move |attempt: &Attempt| {
        // Fails only while the environment shuts down, when the attempt has nowhere to go.
        let _ = function.call(values(attempt), ThreadsafeFunctionCallMode::NonBlocking);
    }))
}

/// An attempt as the arguments of the JavaScript function: times in milliseconds (the start
/// since the Unix epoch), the failure as the name of its error class.
fn values(attempt: &Attempt) -> Values {
    let started_at_ms = attempt
        .started_at
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |since| since.as_secs_f64() * 1000.0);
    FnArgs::from((
        attempt.method.clone(),
        attempt.path.clone(),
        attempt.retry,
        started_at_ms,
        attempt.duration.as_secs_f64() * 1000.0,
        attempt.status.map(u32::from),
        attempt.request_id.clone(),
        attempt.error.map(|kind| kind.class_name()),
        attempt.will_retry,
    ))
}
