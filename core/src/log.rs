//! What the client logs, and how every logged value is kept safe to share.
//!
//! Events go through [`tracing`] under the target [`TARGET`] (`"talkover"`). The library
//! never installs a subscriber: the application decides where events go, and the Python and
//! Node packages bridge them to `logging` (logger `talkover`) and to a `logger` option, at the
//! level named by [`LOG_ENV`]. Logs are where secrets leak in practice (they are shipped to
//! third parties and kept for months), so redaction here is structural rather than a filter
//! on text:
//!
//! - the token is never a field of any event;
//! - a phone number only ever appears through [`mask_phone`]'s form, `+*********4321`;
//! - messages and bodies from the server (which may echo a number back) are not logged, only
//!   the status, the error class and the request id; a connection failure's description,
//!   built by the client without the URL, is.
//!
//! The client is called while a phone call is live, so logging must cost nothing when nobody
//! listens: each event is one cached callsite check, and every field is a `Display` wrapper or
//! a number, formatted only if a subscriber records it.

use crate::error::{Error, ErrorKind};
use crate::transport::RawResponse;
use crate::validate::{path_segment, PHONE_SEPARATORS};
use std::fmt::{self, Display, Write as _};
use std::time::Duration;
use tracing::Level;

/// The `tracing` target of every event the client emits.
///
/// ```
/// assert_eq!(talkover::log::TARGET, "talkover");
/// ```
pub const TARGET: &str = "talkover";

/// Environment variable naming the log level: `error`, `warn`, `info`, `debug` or `trace`.
///
/// The bindings read it through [`level_from_env`]; a Rust application chooses its own
/// subscriber and may use the same function to pick the level.
///
/// ```
/// assert_eq!(talkover::LOG_ENV, "TALKOVER_LOG");
/// ```
pub const LOG_ENV: &str = "TALKOVER_LOG";

/// Parses a level name, ignoring case and surrounding whitespace. `warning` is accepted as
/// Python spells it. Empty, `off`, `none` or anything unknown means no logging (`None`).
///
/// ```
/// use talkover::log::parse_level;
/// use tracing::Level;
///
/// assert_eq!(parse_level("DEBUG"), Some(Level::DEBUG));
/// assert_eq!(parse_level(" warning "), Some(Level::WARN));
/// assert_eq!(parse_level("off"), None);
/// assert_eq!(parse_level("loud"), None);
/// ```
pub fn parse_level(value: &str) -> Option<Level> {
    let value = value.trim();
    let is = |name: &str| value.eq_ignore_ascii_case(name);
    if is("error") {
        Some(Level::ERROR)
    } else if is("warn") || is("warning") {
        Some(Level::WARN)
    } else if is("info") {
        Some(Level::INFO)
    } else if is("debug") {
        Some(Level::DEBUG)
    } else if is("trace") {
        Some(Level::TRACE)
    } else {
        None
    }
}

/// The level named by the [`LOG_ENV`] (`TALKOVER_LOG`) environment variable, parsed by
/// [`parse_level`]; `None` when it is unset, empty, `off` or not a level.
///
/// ```
/// // With TALKOVER_LOG=debug in the environment this is Some(Level::DEBUG).
/// if let Some(level) = talkover::level_from_env() {
///     println!("talkover logs at {level}");
/// }
/// ```
pub fn level_from_env() -> Option<Level> {
    std::env::var(LOG_ENV).ok().as_deref().and_then(parse_level)
}

/// Receives a client's log lines, already redacted: how the Python and Node packages hand
/// them to `logging` and to a `logger` option. A Rust application usually installs a
/// `tracing` subscriber instead; the same events reach both.
///
/// Lines look like `retrying request method=GET path=/agents/a1/active-call/+*********4321
/// reason="HTTP 503" delay_ms=412 retry=1 max_retries=2`.
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use talkover::log::LogSink;
/// use tracing::Level;
///
/// let lines = Arc::new(Mutex::new(Vec::new()));
/// let seen = lines.clone();
/// let sink = LogSink::new(Level::INFO, move |level, line| {
///     seen.lock().unwrap().push(format!("{level} {line}"));
/// });
/// assert!(sink.enabled(Level::WARN));
/// assert!(!sink.enabled(Level::DEBUG));
/// let client = talkover::Client::builder().token("talq_x").log_sink(sink).build()?;
/// # Ok::<(), talkover::Error>(())
/// ```
#[derive(Clone)]
pub struct LogSink {
    level: Level,
    write: std::sync::Arc<WriteLine>,
}

/// What a [`LogSink`] calls with each line.
type WriteLine = dyn Fn(Level, &str) + Send + Sync;

impl LogSink {
    /// A sink receiving lines at `level` and more severe ones.
    pub fn new(level: Level, write: impl Fn(Level, &str) + Send + Sync + 'static) -> LogSink {
        LogSink {
            level,
            write: std::sync::Arc::new(write),
        }
    }

    /// Whether lines at `level` reach this sink.
    pub fn enabled(&self, level: Level) -> bool {
        level <= self.level
    }

    /// Delivers a formatted line (the caller checked [`LogSink::enabled`]).
    fn write(&self, level: Level, line: &str) {
        (self.write)(level, line);
    }
}

impl fmt::Debug for LogSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LogSink")
            .field("level", &self.level)
            .finish_non_exhaustive()
    }
}

/// Masks a phone number for logs: every digit but the last four becomes `*`; `+` and the
/// separators people type stay, anything else is masked. A number of four digits or fewer is
/// masked entirely.
///
/// ```
/// use talkover::mask_phone;
///
/// assert_eq!(mask_phone("+5511987654321"), "+*********4321");
/// assert_eq!(mask_phone("+55 (11) 98765-4321"), "+** (**) *****-4321");
/// assert_eq!(mask_phone("+123"), "+***");
/// ```
pub fn mask_phone(phone: &str) -> String {
    MaskedPhone(phone).to_string()
}

/// A phone number that displays masked, without allocating.
pub(crate) struct MaskedPhone<'a>(pub(crate) &'a str);

impl Display for MaskedPhone<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.chars().filter(char::is_ascii_digit).count();
        let first_shown = if digits > 4 { digits - 4 } else { digits };
        let mut seen = 0;
        for c in self.0.chars() {
            let shown = if c.is_ascii_digit() {
                seen += 1;
                seen > first_shown
            } else {
                c == '+' || PHONE_SEPARATORS.contains(&c)
            };
            f.write_char(if shown { c } else { '*' })?;
        }
        Ok(())
    }
}

/// Which API endpoint a request goes to; displays as its path with ids percent-encoded
/// (as on the wire, so they match server logs) and the phone masked.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Endpoint<'a> {
    /// `GET /agents/{agent_id}/active-call/{phone}`.
    ActiveCall { agent_id: &'a str, phone: &'a str },
    /// `POST /agents/{agent_id}/end-call`.
    EndCall { agent_id: &'a str },
    /// `POST /agents/{agent_id}/call`.
    MakeCall { agent_id: &'a str },
    /// `POST /campaigns/{campaign_id}/call`.
    CampaignCall { campaign_id: &'a str },
    /// `GET /calls` or `GET /agents/{agent_id}/calls`; the query (which may hold a phone
    /// number in `search`) is never logged.
    ListCalls { agent_id: Option<&'a str> },
}

impl Display for Endpoint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Endpoint::ActiveCall { agent_id, phone } => write!(
                f,
                "/agents/{}/active-call/{}",
                path_segment(agent_id),
                MaskedPhone(phone)
            ),
            Endpoint::EndCall { agent_id } => {
                write!(f, "/agents/{}/end-call", path_segment(agent_id))
            }
            Endpoint::MakeCall { agent_id } => {
                write!(f, "/agents/{}/call", path_segment(agent_id))
            }
            Endpoint::CampaignCall { campaign_id } => {
                write!(f, "/campaigns/{}/call", path_segment(campaign_id))
            }
            Endpoint::ListCalls { agent_id: None } => f.write_str("/calls"),
            Endpoint::ListCalls {
                agent_id: Some(agent_id),
            } => write!(f, "/agents/{}/calls", path_segment(agent_id)),
        }
    }
}

/// Why a request is retried: the status for a response, else the error class.
struct Reason<'a>(&'a Error);

impl Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.status() {
            Some(status) => write!(f, "HTTP {status}"),
            None => f.write_str(self.0.kind().class_name()),
        }
    }
}

/// What went wrong on the way when no response arrived: our own description of a connection
/// failure, which never holds the URL or the token. Server messages are left out on purpose.
fn detail(err: &Error) -> Option<Quoted<&Error>> {
    matches!(err.kind(), ErrorKind::Connection).then_some(Quoted(err))
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// A field value of an event: how `tracing` records it and how a sink line shows it.
trait Field {
    /// Appends ` key=value` to a sink line; nothing for an absent optional value.
    fn write(&self, key: &str, line: &mut String);
}

macro_rules! number_field {
    ($($t:ty),*) => {$(
        impl Field for $t {
            fn write(&self, key: &str, line: &mut String) {
                let _ = write!(line, " {key}={self}");
            }
        }
    )*};
}
number_field!(u16, u32, u64);

impl Field for &str {
    fn write(&self, key: &str, line: &mut String) {
        let _ = write!(line, " {key}={self}");
    }
}

impl<T: Field> Field for Option<T> {
    fn write(&self, key: &str, line: &mut String) {
        if let Some(value) = self {
            value.write(key, line);
        }
    }
}

/// A value shown with `Display`: `tracing` records it as such; a sink line shows it bare.
struct Shown<T>(T);

impl<T: Display> Field for Shown<T> {
    fn write(&self, key: &str, line: &mut String) {
        let _ = write!(line, " {key}={}", self.0);
    }
}

/// Free text with spaces: `tracing` records it with `Display`; a sink line quotes and escapes
/// it, so every line still splits into `key=value` pairs.
struct Quoted<T>(T);

impl<T: Display> Field for Quoted<T> {
    fn write(&self, key: &str, line: &mut String) {
        let _ = write!(line, " {key}={:?}", self.0.to_string());
    }
}

impl<T: Display> Display for Shown<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: Display> Display for Quoted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Emits one event, described once: as a `tracing` event under [`TARGET`] and, when the
/// client has a sink that wants its level, as the line `message key=value ...`. Fields are
/// `key = value` (a number or `&str`, recorded as is), `key = %value` (a [`Shown`] or
/// [`Quoted`], recorded with `Display`) or `key = ?value` (an `Option` of either kind).
macro_rules! event {
    (@munch $line:ident, $sink:expr, $level:ident, $message:literal, [$($t:tt)*] [$($w:tt)*]) => {{
        tracing::event!(target: TARGET, Level::$level, $($t)* $message);
        if let Some(sink) = $sink {
            if sink.enabled(Level::$level) {
                let mut $line = String::from($message);
                $($w)*
                sink.write(Level::$level, &$line);
            }
        }
    }};
    (@munch $line:ident, $sink:expr, $level:ident, $message:literal, [$($t:tt)*] [$($w:tt)*],
     $key:ident = % $value:expr $(, $($rest:tt)+)?) => {
        event!(@munch $line, $sink, $level, $message,
            [$($t)* $key = tracing::field::display(&$value),]
            [$($w)* Field::write(&$value, stringify!($key), &mut $line);]
            $(, $($rest)+)?)
    };
    (@munch $line:ident, $sink:expr, $level:ident, $message:literal, [$($t:tt)*] [$($w:tt)*],
     $key:ident = ? $value:expr $(, $($rest:tt)+)?) => {
        event!(@munch $line, $sink, $level, $message,
            [$($t)* $key = $value.as_ref().map(tracing::field::display),]
            [$($w)* Field::write(&$value, stringify!($key), &mut $line);]
            $(, $($rest)+)?)
    };
    (@munch $line:ident, $sink:expr, $level:ident, $message:literal, [$($t:tt)*] [$($w:tt)*],
     $key:ident = $value:expr $(, $($rest:tt)+)?) => {
        event!(@munch $line, $sink, $level, $message,
            [$($t)* $key = $value,]
            [$($w)* Field::write(&$value, stringify!($key), &mut $line);]
            $(, $($rest)+)?)
    };
    ($sink:expr, $level:ident, $message:literal $(, $($rest:tt)+)?) => {
        event!(@munch line, $sink, $level, $message, [] [] $(, $($rest)+)?)
    };

}

/// DEBUG, before each attempt. `attempt` counts from 1.
pub(crate) fn attempt(
    sink: Option<&LogSink>,
    method: &reqwest::Method,
    endpoint: Endpoint<'_>,
    attempt: u32,
) {
    event!(sink, DEBUG, "sending request",
        method = %Shown(method), path = %Shown(endpoint), attempt = attempt);
}

/// DEBUG, for each response that arrived (whatever its status).
pub(crate) fn response(sink: Option<&LogSink>, raw: &RawResponse, elapsed: Duration) {
    event!(
        sink,
        DEBUG,
        "response received",
        status = raw.status,
        request_id = raw.request_id.as_deref(),
        elapsed_ms = millis(elapsed)
    );
}

/// INFO, when a failed attempt will be retried. `retry` counts from 1.
pub(crate) fn retry(
    sink: Option<&LogSink>,
    method: &reqwest::Method,
    endpoint: Endpoint<'_>,
    err: &Error,
    delay: Duration,
    retry: u32,
    max_retries: u32,
) {
    event!(sink, INFO, "retrying request",
        method = %Shown(method),
        path = %Shown(endpoint),
        reason = %Quoted(Reason(err)),
        detail = ?detail(err),
        delay_ms = millis(delay),
        retry = retry,
        max_retries = max_retries);
}

/// DEBUG, when a request fails for good.
pub(crate) fn give_up(sink: Option<&LogSink>, err: &Error, attempts: u32) {
    event!(sink, DEBUG, "request failed",
        error = err.kind().class_name(),
        status = err.status(),
        request_id = err.request_id(),
        retry_after_ms = err.retry_after().map(millis),
        detail = ?detail(err),
        attempts = attempts);
}

/// WARN, when `SSL_CERT_FILE` is set but gives no usable certificate.
pub(crate) fn cert_file_ignored(variable: &str, reason: &dyn Display) {
    tracing::warn!(
        target: TARGET,
        variable,
        reason = %reason,
        "ignoring CA certificate file"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_only_the_last_four_digits() {
        let table = [
            ("+5511987654321", "+*********4321"),
            ("+1234567", "+***4567"),
            ("+55 11 98765-4321", "+** ** *****-4321"),
            ("5511987654321", "*********4321"),
            ("+12345", "+*2345"),
            ("+1234", "+****"),
            ("", ""),
            ("tel:+5511987654321", "****+*********4321"),
            ("+55११987654321", "+*********4321"),
        ];
        for (raw, want) in table {
            assert_eq!(mask_phone(raw), want, "{raw}");
        }
    }

    #[test]
    fn levels_parse_case_insensitively_and_off_means_none() {
        let table = [
            ("error", Some(Level::ERROR)),
            ("Warn", Some(Level::WARN)),
            ("WARNING", Some(Level::WARN)),
            ("info", Some(Level::INFO)),
            ("DeBuG", Some(Level::DEBUG)),
            ("trace\n", Some(Level::TRACE)),
            ("", None),
            ("  ", None),
            ("off", None),
            ("OFF", None),
            ("none", None),
            ("verbose", None),
            ("debug,hyper=info", None),
        ];
        for (raw, want) in table {
            assert_eq!(parse_level(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn endpoints_show_ids_encoded_and_the_phone_masked() {
        let active = Endpoint::ActiveCall {
            agent_id: "a/b",
            phone: "+5511987654321",
        };
        assert_eq!(
            active.to_string(),
            "/agents/a%2Fb/active-call/+*********4321"
        );
        let end = Endpoint::EndCall {
            agent_id: "agent_1",
        };
        assert_eq!(end.to_string(), "/agents/agent_1/end-call");
    }

    #[test]
    fn retry_reasons_name_the_status_or_the_class() {
        let conn = Error::Connection {
            message: "reset".into(),
            request_sent: true,
        };
        assert_eq!(Reason(&conn).to_string(), "APIConnectionError");
        let timeout = Error::Timeout {
            timeout: Duration::from_secs(1),
        };
        assert_eq!(Reason(&timeout).to_string(), "APITimeoutError");
    }
}
