//! What a result knows about the HTTP response it came from: [`ResponseMeta`], with the
//! request id and the rate-limit state ([`RateLimit`]) the API reports on every response.
//!
//! The metadata travels beside a result's fields, never in them: serialising a [`Call`]
//! gives the API's JSON and nothing else, and two calls with the same fields are equal
//! whatever responses they came from.
//!
//! [`Call`]: crate::Call

use crate::transport::header_str;
use reqwest::header::{HeaderMap, HeaderName};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
const REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
const RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

/// A `X-RateLimit-Reset` value at least this large is a Unix time; a smaller one counts
/// seconds from now. The API's pages do not say which it sends, and no real wait is anywhere
/// near 2001 in seconds.
const EPOCH_THRESHOLD: u64 = 1_000_000_000;

/// The rate-limit state a response reported (`X-RateLimit-Limit`, `-Remaining` and
/// `-Reset`). Each value is `None` when its header was absent or unreadable.
///
/// ```
/// use std::time::{Duration, SystemTime, UNIX_EPOCH};
/// use talkover::RateLimit;
///
/// let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// let limit = RateLimit::parse(Some("100"), Some("7"), Some("1700000030"), now).unwrap();
/// assert_eq!(limit.remaining, Some(7));
/// assert_eq!(limit.reset_at, Some(now + Duration::from_secs(30)));
/// // The reset may also come as seconds from now.
/// let relative = RateLimit::parse(None, None, Some("30"), now).unwrap();
/// assert_eq!(relative.reset_at, limit.reset_at);
/// assert_eq!(RateLimit::parse(None, None, None, now), None);
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub limit: Option<u64>,
    /// Requests left in the current window.
    pub remaining: Option<u64>,
    /// When the window resets.
    pub reset_at: Option<SystemTime>,
}

impl RateLimit {
    /// A rate-limit state with these values, for tests and fixtures.
    ///
    /// ```
    /// let rate = talkover::RateLimit::new(Some(100), Some(0), None);
    /// assert_eq!(rate.remaining, Some(0));
    /// ```
    pub fn new(limit: Option<u64>, remaining: Option<u64>, reset_at: Option<SystemTime>) -> Self {
        RateLimit {
            limit,
            remaining,
            reset_at,
        }
    }

    /// Reads the three header values (as sent, if sent), relative to `now`; `None` when no
    /// value could be read.
    pub fn parse(
        limit: Option<&str>,
        remaining: Option<&str>,
        reset: Option<&str>,
        now: SystemTime,
    ) -> Option<RateLimit> {
        let rate = RateLimit {
            limit: limit.and_then(count),
            remaining: remaining.and_then(count),
            reset_at: reset.and_then(|v| reset_at(v, now)),
        };
        (rate.limit.is_some() || rate.remaining.is_some() || rate.reset_at.is_some())
            .then_some(rate)
    }

    pub(crate) fn from_headers(headers: &HeaderMap, now: SystemTime) -> Option<RateLimit> {
        let get = |name| header_str(headers, name);
        RateLimit::parse(get(&LIMIT), get(&REMAINING), get(&RESET), now)
    }
}

fn count(value: &str) -> Option<u64> {
    value.trim().parse().ok()
}

fn reset_at(value: &str, now: SystemTime) -> Option<SystemTime> {
    let value = value.trim();
    let secs = match value.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        Err(_) => value
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && *s >= 0.0)
            .and_then(|s| Duration::try_from_secs_f64(s).ok())?,
    };
    if secs.as_secs() >= EPOCH_THRESHOLD {
        UNIX_EPOCH.checked_add(secs)
    } else {
        now.checked_add(secs)
    }
}

/// The response a result came from.
///
/// ```no_run
/// # async fn run(client: talkover::Client) -> talkover::Result<()> {
/// let ended = client.end_call("agent-uuid", "call-sid").await?;
/// if let Some(meta) = ended.response() {
///     println!("request {:?}, {:?} requests left", meta.request_id, meta.rate_limit.and_then(|r| r.remaining));
/// }
/// # Ok(()) }
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseMeta {
    /// The HTTP status.
    pub status: u16,
    /// The `x-request-id` header, to quote to the API's support.
    pub request_id: Option<String>,
    /// The rate-limit state the response reported.
    pub rate_limit: Option<RateLimit>,
}

/// Where a model came from: set on results the client returns, empty on values a user
/// builds or deserialises. Not part of a model's equality (see the module's doc).
#[derive(Clone, Debug, Default)]
pub(crate) struct Origin(pub(crate) Option<Arc<ResponseMeta>>);

impl Origin {
    pub(crate) fn get(&self) -> Option<&ResponseMeta> {
        self.0.as_deref()
    }
}

impl PartialEq for Origin {
    fn eq(&self, _: &Origin) -> bool {
        true
    }
}

/// A result the client returns, which remembers the response it came from.
pub(crate) trait FromResponse {
    fn set_origin(&mut self, meta: &Arc<ResponseMeta>);
}

impl<T: FromResponse> FromResponse for Vec<T> {
    fn set_origin(&mut self, meta: &Arc<ResponseMeta>) {
        for item in self {
            item.set_origin(meta);
        }
    }
}

/// Implements [`FromResponse`] and the public `response()` accessor for models with an
/// `origin` field.
macro_rules! from_response {
    ($($model:ty),*) => {$(
        impl crate::response::FromResponse for $model {
            fn set_origin(&mut self, meta: &std::sync::Arc<crate::response::ResponseMeta>) {
                self.origin = crate::response::Origin(Some(meta.clone()));
            }
        }

        impl $model {
            /// The response this value came from (its request id and rate-limit state);
            /// `None` for a value built or deserialised by hand.
            pub fn response(&self) -> Option<&crate::response::ResponseMeta> {
                self.origin.get()
            }
        }
    )*};
}

pub(crate) use from_response;

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn headers_are_read_defensively() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut headers = HeaderMap::new();
        assert_eq!(RateLimit::from_headers(&headers, now), None);
        headers.insert(LIMIT, HeaderValue::from_static(" 100 "));
        headers.insert(REMAINING, HeaderValue::from_static("many"));
        headers.insert(RESET, HeaderValue::from_static("2.5"));
        let rate = RateLimit::from_headers(&headers, now).unwrap();
        assert_eq!(rate.limit, Some(100));
        assert_eq!(rate.remaining, None);
        assert_eq!(rate.reset_at, Some(now + Duration::from_millis(2500)));
        for bad in ["-1", "NaN", "soon", ""] {
            assert_eq!(reset_at(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn origin_does_not_take_part_in_equality() {
        let meta = Arc::new(ResponseMeta {
            status: 200,
            request_id: Some("req_1".into()),
            rate_limit: None,
        });
        assert_eq!(Origin(Some(meta)), Origin::default());
    }
}
