//! Rate limiting: fixed one-minute windows per token, and the headers that report them.
//!
//! The vendor documents `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`
//! on every response but not the unit of the reset; here it is the Unix time (seconds) at
//! which the current window ends. Windows are aligned to the wall-clock minute. Every
//! request under `/api/v1` counts, whatever its answer, keyed by the `Authorization` header
//! it carried (so a wrong token has a window of its own). Without a configured limit the
//! headers report 1000 (the vendor's Professional plan) and nothing is ever refused.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use hyper::header::{HeaderMap, HeaderName, HeaderValue};

/// The limit shown when none is enforced.
pub(crate) const SHOWN_WHEN_UNLIMITED: u32 = 1000;
/// Above this many tracked tokens, windows that have ended are forgotten.
const MAX_TRACKED: usize = 1024;

const LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
const REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
const RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

/// What one request learnt about its window. The limit and reset header values are shared
/// by every request of a window, so only `remaining` is formatted per request.
#[derive(Debug, Clone)]
pub(crate) struct RateInfo {
    limit: HeaderValue,
    remaining: u32,
    reset: HeaderValue,
    /// Seconds until the window ends (at least 1) when this request is over the limit.
    pub(crate) exceeded: Option<u64>,
}

impl RateInfo {
    /// Adds the three headers, leaving any a fault already set.
    pub(crate) fn write(&self, headers: &mut HeaderMap) {
        if !headers.contains_key(LIMIT) {
            headers.insert(LIMIT, self.limit.clone());
        }
        if !headers.contains_key(REMAINING) {
            headers.insert(REMAINING, HeaderValue::from(self.remaining));
        }
        if !headers.contains_key(RESET) {
            headers.insert(RESET, self.reset.clone());
        }
    }

    /// The 429 body, with `details.retry_after` in seconds.
    pub(crate) fn body(retry_after: u64) -> String {
        format!(
            r#"{{"error":{{"code":"RATE_LIMIT_EXCEEDED","message":"Rate limit exceeded. Please wait before making more requests.","details":{{"retry_after":{retry_after}}}}}}}"#
        )
    }
}

/// Per-token request counts in the current window.
#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    /// Token -> (window number, requests in it).
    windows: HashMap<Box<[u8]>, (u64, u32)>,
    /// The limit and reset last shown, with their header values.
    shown: Option<(u32, u64, HeaderValue, HeaderValue)>,
}

impl RateLimiter {
    /// Counts one request for `key` and reports its window.
    pub(crate) fn hit(&mut self, key: &[u8], limit: Option<u32>) -> RateInfo {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let window = now / 60;
        let count = match self.windows.get_mut(key) {
            Some(slot) => {
                if slot.0 != window {
                    *slot = (window, 0);
                }
                slot.1 = slot.1.saturating_add(1);
                slot.1
            }
            None => {
                if self.windows.len() >= MAX_TRACKED {
                    self.windows.retain(|_, slot| slot.0 == window);
                    if self.windows.len() >= MAX_TRACKED {
                        self.windows.clear();
                    }
                }
                self.windows.insert(key.into(), (window, 1));
                1
            }
        };
        let shown = limit.unwrap_or(SHOWN_WHEN_UNLIMITED);
        let reset = (window + 1) * 60;
        let (limit_value, reset_value) = match &self.shown {
            Some((l, r, lv, rv)) if *l == shown && *r == reset => (lv.clone(), rv.clone()),
            _ => {
                let values = (HeaderValue::from(shown), HeaderValue::from(reset));
                self.shown = Some((shown, reset, values.0.clone(), values.1.clone()));
                values
            }
        };
        RateInfo {
            limit: limit_value,
            remaining: shown.saturating_sub(count),
            reset: reset_value,
            exceeded: limit
                .filter(|&l| count > l)
                .map(|_| reset.saturating_sub(now).max(1)),
        }
    }

    /// Forgets every window.
    pub(crate) fn clear(&mut self) {
        self.windows.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_key_and_limits() {
        let mut rl = RateLimiter::default();
        let first = rl.hit(b"a", Some(2));
        assert_eq!(
            (&first.limit, first.remaining, first.exceeded),
            (&HeaderValue::from(2u32), 1, None)
        );
        assert_eq!(rl.hit(b"a", Some(2)).remaining, 0);
        let over = rl.hit(b"a", Some(2));
        assert!(over.exceeded.is_some_and(|s| (1..=60).contains(&s)));
        assert_eq!(rl.hit(b"b", Some(2)).remaining, 1);
        let unlimited = rl.hit(b"c", None);
        assert_eq!(
            (&unlimited.limit, unlimited.remaining, unlimited.exceeded),
            (&HeaderValue::from(1000u32), 999, None)
        );
        let reset: u64 = unlimited.reset.to_str().unwrap().parse().unwrap();
        assert_eq!(reset % 60, 0);
        assert_eq!(
            RateInfo::body(7),
            r#"{"error":{"code":"RATE_LIMIT_EXCEEDED","message":"Rate limit exceeded. Please wait before making more requests.","details":{"retry_after":7}}}"#
        );
    }
}
