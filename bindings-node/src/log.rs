//! The `logger` option: the core's log lines, delivered to JavaScript.
//!
//! The core formats each line already redacted (the token is never part of one; a phone
//! number shows only its last four digits) and hands it to a [`talkover::log::LogSink`] on
//! whichever runtime thread made the request. The sink here queues the line on a thread-safe
//! function, and the JavaScript thread that built the client calls the `write(method, line)`
//! function `src-ts/client.ts` made from the user's logger.
//!
//! Why the queue is non-blocking and unbounded: a request must never wait on JavaScript (the
//! caller may be on a live phone call), and the lines a client emits are few and small.
//! Why the function is weak (unreferenced): a logger must never keep the process alive; an
//! idle client with one exits as promptly as one without.
//! Why no sink at all without a logger: the core then skips formatting entirely, so logging
//! costs nothing when nobody listens.

use napi::bindgen_prelude::{FnArgs, Function, Unknown};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::Status;
use talkover::log::LogSink;
use talkover::tracing::Level;

/// Arguments of the JavaScript `write(method, line)` function.
pub(crate) type Line = FnArgs<(&'static str, String)>;
/// The JavaScript `write(method, line)` function `src-ts/client.ts` makes from a logger.
pub(crate) type Write<'scope> = Function<'scope, Line, Unknown<'static>>;
/// Unreferenced (`Weak`), no error-first argument, unbounded queue.
type WriteFunction = ThreadsafeFunction<Line, Unknown<'static>, Line, Status, false, true, 0>;

/// The sink for a `write(method, line)` function, or `None` when there is no function or
/// the level from `TALKOVER_LOG` turns logging off.
///
/// The level is `TALKOVER_LOG` when it is set (`off` or an unknown name mean no lines), else
/// `info`: giving a logger is asking for its lines.
pub(crate) fn sink(write: Option<&Write<'_>>) -> talkover::Result<Option<LogSink>> {
    let Some(write) = write else {
        return Ok(None);
    };
    let level = match std::env::var_os(talkover::LOG_ENV) {
        None => Level::INFO,
        Some(_) => match talkover::level_from_env() {
            Some(level) => level,
            None => return Ok(None),
        },
    };
    let function = write_function(write).map_err(|e| {
        talkover::Error::invalid("logger", format!("could not be used ({})", e.reason))
    })?;
    Ok(Some(LogSink::new(level, move |level, line| {
        // Fails only while the environment shuts down, when the line has nowhere to go.
        let _ = function.call(
            FnArgs::from((method(level), line.to_owned())),
            ThreadsafeFunctionCallMode::NonBlocking,
        );
    })))
}

/// An unreferenced thread-safe function calling `write`.
fn write_function(write: &Write<'_>) -> napi::Result<WriteFunction> {
    write
        .build_threadsafe_function::<Line>()
        .weak::<true>()
        .callee_handled::<false>()
        .build()
}

/// The logger method for a level: `trace` lines go to `debug`, as `console` has no trace
/// level that prints a plain line.
fn method(level: Level) -> &'static str {
    match level {
        Level::ERROR => "error",
        Level::WARN => "warn",
        Level::INFO => "info",
        _ => "debug",
    }
}
