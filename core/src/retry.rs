//! When to try a request again, and how long to wait first.
//!
//! The rules are pure functions of the failure and the attempt number (the random jitter is
//! passed in), so they are tested exactly without sleeping and shared by every binding.

use crate::error::Error;
use std::time::{Duration, SystemTime};

/// First backoff delay; each further retry doubles it.
pub const INITIAL_BACKOFF: Duration = Duration::from_millis(500);
/// Backoff never grows beyond this.
pub const MAX_BACKOFF: Duration = Duration::from_secs(8);
/// The longest `Retry-After` we sleep on. A longer one returns the error at once, with
/// `retry_after` set, so the caller decides instead of a request hanging for minutes.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// Jitter takes up to this fraction off each backoff delay, so clients that failed
/// together do not retry together.
pub const JITTER: f64 = 0.25;

/// What to do after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Sleep this long, then try again.
    RetryAfter(Duration),
    /// Return the error to the caller.
    GiveUp,
}

/// Statuses worth retrying: request timeout, rate limit, and transient server failures.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// The backoff before retry number `retry` (0 for the first retry), with `jitter` in `[0, 1)`.
///
/// ```
/// use std::time::Duration;
/// use talkover::retry::backoff;
///
/// assert_eq!(backoff(0, 0.0), Duration::from_millis(500));
/// assert_eq!(backoff(1, 0.0), Duration::from_secs(1));
/// assert_eq!(backoff(10, 0.0), Duration::from_secs(8)); // capped
/// assert_eq!(backoff(0, 1.0), Duration::from_millis(375)); // at most 25% off
/// ```
pub fn backoff(retry: u32, jitter: f64) -> Duration {
    let base = INITIAL_BACKOFF.saturating_mul(1u32 << retry.min(16));
    let capped = base.min(MAX_BACKOFF);
    capped.mul_f64(1.0 - JITTER * jitter.clamp(0.0, 1.0))
}

/// Parses a `Retry-After` header: delay-seconds or an HTTP date, relative to `now`.
/// A date in the past means "now"; anything unparsable is ignored.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use talkover::retry::parse_retry_after;
///
/// let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// assert_eq!(parse_retry_after("2", now), Some(Duration::from_secs(2)));
/// let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
/// assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(30)));
/// assert_eq!(parse_retry_after("soon", now), None);
/// ```
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0)
            .then(|| Duration::try_from_secs_f64(secs).ok())
            .flatten();
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Decides what follows a failed attempt, given how many retries were already made.
///
/// ```
/// use std::time::Duration;
/// use talkover::retry::{decide, Decision};
/// use talkover::Error;
///
/// let timeout = Error::Timeout { timeout: Duration::from_secs(30) };
/// assert_eq!(decide(&timeout, 0, 2, 0.0), Decision::RetryAfter(Duration::from_millis(500)));
/// assert_eq!(decide(&timeout, 2, 2, 0.0), Decision::GiveUp);
/// assert_eq!(decide(&Error::invalid("phone", "bad"), 0, 2, 0.0), Decision::GiveUp);
/// ```
pub fn decide(err: &Error, retries_done: u32, max_retries: u32, jitter: f64) -> Decision {
    if retries_done >= max_retries || !err.is_retryable() {
        return Decision::GiveUp;
    }
    match err.retry_after() {
        Some(wait) if wait > MAX_RETRY_AFTER => Decision::GiveUp,
        Some(wait) => Decision::RetryAfter(wait),
        None => Decision::RetryAfter(backoff(retries_done, jitter)),
    }
}

/// How a request that changes state may be repeated. The API has no idempotency key, so
/// safety comes from these rules (SPEC 5, "Retries of requests that change state").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replay {
    /// Repeat on any transient failure: reads, and requests whose repetition the API refuses
    /// on its own (ending a call meets `CALL_NOT_ACTIVE`; a campaign call that dedupes meets
    /// `DUPLICATE_CALL`).
    Transient,
    /// Repeat only when the failure shows the server did not act ([`not_applied`]): placing
    /// a call, where a blind retry could dial twice.
    OnlyIfNotApplied,
}

/// Whether a failure shows the server did not act on the request, so repeating it cannot do
/// anything twice: the connection was never established (nothing was sent), or the server
/// answered 429 or 503, which refuse a request before it is carried out.
///
/// ```
/// use talkover::retry::not_applied;
/// use talkover::{Error, StatusError};
///
/// assert!(not_applied(&StatusError::new(503, "Service Unavailable").into()));
/// assert!(!not_applied(&StatusError::new(500, "Server Error").into()));
/// let refused = Error::Connection { message: "refused".into(), request_sent: false };
/// assert!(not_applied(&refused));
/// ```
pub fn not_applied(err: &Error) -> bool {
    match err {
        Error::Connection { request_sent, .. } => !request_sent,
        Error::Status(e) => matches!(e.status, 429 | 503),
        _ => false,
    }
}

/// Whether a failure leaves it unknown if the server carried the request out: the request
/// was sent and no usable answer came back (a timeout, a reset, a 2xx that cannot be read),
/// or the server failed in a way that may come after acting (500, 502, 504).
///
/// ```
/// use std::time::Duration;
/// use talkover::retry::unconfirmed;
/// use talkover::{Error, StatusError};
///
/// assert!(unconfirmed(&Error::Timeout { timeout: Duration::from_secs(30) }));
/// assert!(unconfirmed(&StatusError::new(502, "Bad Gateway").into()));
/// assert!(!unconfirmed(&StatusError::new(503, "Service Unavailable").into()));
/// assert!(!unconfirmed(&StatusError::new(409, "Call is not active").into()));
/// ```
pub fn unconfirmed(err: &Error) -> bool {
    match err {
        Error::Timeout { .. } => true,
        Error::Connection { request_sent, .. } => *request_sent,
        Error::Status(e) => matches!(e.status, 500 | 502 | 504),
        Error::Response { status, .. } => (200..=299).contains(status) || *status >= 500,
        Error::Unconfirmed { .. } => true,
        Error::InvalidRequest { .. } => false,
    }
}

/// [`decide`] under a [`Replay`] rule.
///
/// ```
/// use std::time::Duration;
/// use talkover::retry::{decide_replay, Decision, Replay};
/// use talkover::Error;
///
/// let timeout = Error::Timeout { timeout: Duration::from_secs(30) };
/// assert_eq!(decide_replay(Replay::OnlyIfNotApplied, &timeout, 0, 2, 0.0), Decision::GiveUp);
/// assert_ne!(decide_replay(Replay::Transient, &timeout, 0, 2, 0.0), Decision::GiveUp);
/// ```
pub fn decide_replay(
    replay: Replay,
    err: &Error,
    retries_done: u32,
    max_retries: u32,
    jitter: f64,
) -> Decision {
    if replay == Replay::OnlyIfNotApplied && !not_applied(err) {
        return Decision::GiveUp;
    }
    decide(err, retries_done, max_retries, jitter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::StatusError;

    fn status(status: u16, retry_after: Option<Duration>) -> Error {
        let mut err = StatusError::new(status, "");
        err.retry_after = retry_after;
        err.into()
    }

    #[test]
    fn backoff_doubles_from_half_a_second_and_caps_at_eight() {
        let expected = [500, 1000, 2000, 4000, 8000, 8000, 8000];
        for (retry, ms) in expected.into_iter().enumerate() {
            assert_eq!(backoff(retry as u32, 0.0), Duration::from_millis(ms));
        }
        assert_eq!(backoff(u32::MAX, 0.0), MAX_BACKOFF);
    }

    #[test]
    fn jitter_stays_within_a_quarter_below_the_base() {
        for retry in 0..8 {
            let base = backoff(retry, 0.0);
            for i in 0..=100 {
                let j = f64::from(i) / 100.0;
                let d = backoff(retry, j);
                assert!(d <= base && d >= base.mul_f64(0.75), "{retry} {j} {d:?}");
            }
        }
        // Out-of-range jitter is clamped, never negative or above the base.
        assert_eq!(backoff(0, -3.0), INITIAL_BACKOFF);
        assert_eq!(backoff(0, 7.0), INITIAL_BACKOFF.mul_f64(0.75));
    }

    #[test]
    fn retry_after_parses_seconds_dates_and_rejects_garbage() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("1.5", now),
            Some(Duration::from_millis(1500))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(5));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        let future = httpdate::fmt_http_date(now + Duration::from_secs(90));
        assert_eq!(
            parse_retry_after(&future, now),
            Some(Duration::from_secs(90))
        );
        for bad in ["", "-1", "NaN", "inf", "tomorrow", "1e400"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn only_transient_failures_are_retried() {
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(matches!(
                decide(&status(s, None), 0, 2, 0.0),
                Decision::RetryAfter(_)
            ));
        }
        for s in [400, 401, 403, 404, 409, 422, 501, 505] {
            assert_eq!(decide(&status(s, None), 0, 2, 0.0), Decision::GiveUp, "{s}");
        }
        let conn = Error::Connection {
            message: "reset".into(),
            request_sent: true,
        };
        assert!(matches!(decide(&conn, 1, 2, 0.5), Decision::RetryAfter(_)));
        assert_eq!(decide(&conn, 0, 0, 0.5), Decision::GiveUp);
    }

    #[test]
    fn retry_after_overrides_backoff_up_to_sixty_seconds() {
        let soon = status(429, Some(Duration::from_secs(3)));
        assert_eq!(
            decide(&soon, 0, 2, 0.9),
            Decision::RetryAfter(Duration::from_secs(3))
        );
        let limit = status(503, Some(MAX_RETRY_AFTER));
        assert_eq!(
            decide(&limit, 0, 2, 0.0),
            Decision::RetryAfter(MAX_RETRY_AFTER)
        );
        let later = status(429, Some(Duration::from_secs(61)));
        assert_eq!(decide(&later, 0, 2, 0.0), Decision::GiveUp);
    }
}
