//! Run-time settings: credits, the rate limit, how fast placed calls progress, the shape of
//! duplicate-call conflicts and deliberately broken paging.
//!
//! They start from [`MockOptions`], change through `POST /__mock/config` or the
//! `MockServer` setters, and `reset` puts them back, so one server can serve test cases
//! that need different settings without restarting.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::options::MockOptions;

/// A way for the list endpoints to page wrongly, so clients can prove their paging loops
/// stop and report instead of looping forever or skipping items silently.
///
/// ```
/// use talkover_mock::PagingFault;
///
/// let fault: PagingFault = serde_json::from_str(r#""repeat_page""#).unwrap();
/// assert_eq!(fault, PagingFault::RepeatPage);
/// assert_eq!(PagingFault::parse("no_last_page"), Some(PagingFault::NoLastPage));
/// assert_eq!(PagingFault::TotalLies.as_str(), "total_lies");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PagingFault {
    /// Whatever page is asked for, serve page 1's items and `current_page: 1` (the rest of
    /// `pagination` is true).
    RepeatPage,
    /// Omit `last_page` from `pagination`.
    NoLastPage,
    /// Report a `total` one page larger than the items that exist, with a `last_page`
    /// that agrees with it: the extra page comes back empty.
    TotalLies,
    /// Serve the right items but always say `current_page: 1`.
    StuckCurrentPage,
}

impl PagingFault {
    /// Every variant, in documentation order.
    pub const ALL: [PagingFault; 4] = [
        PagingFault::RepeatPage,
        PagingFault::NoLastPage,
        PagingFault::TotalLies,
        PagingFault::StuckCurrentPage,
    ];

    /// The wire name (`repeat_page`, `no_last_page`, `total_lies`, `stuck_current_page`).
    ///
    /// ```
    /// assert_eq!(talkover_mock::PagingFault::RepeatPage.as_str(), "repeat_page");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PagingFault::RepeatPage => "repeat_page",
            PagingFault::NoLastPage => "no_last_page",
            PagingFault::TotalLies => "total_lies",
            PagingFault::StuckCurrentPage => "stuck_current_page",
        }
    }

    /// The variant with that wire name.
    ///
    /// ```
    /// assert_eq!(talkover_mock::PagingFault::parse("nope"), None);
    /// ```
    pub fn parse(name: &str) -> Option<PagingFault> {
        PagingFault::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// The run-time settings, as `GET /__mock/config` and [`MockServer::config`] report them.
///
/// ```
/// use talkover_mock::{MockConfig, MockOptions};
///
/// let config = MockConfig::from(&MockOptions::default());
/// assert_eq!(
///     serde_json::to_value(&config).unwrap(),
///     serde_json::json!({"credits": null, "rate_limit_per_minute": null,
///         "ring_after_ms": 500, "answer_after_ms": 2000,
///         "duplicate_code": false, "paging_fault": null}),
/// );
/// ```
///
/// [`MockServer::config`]: crate::MockServer::config
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MockConfig {
    /// Credits left; `None` is unlimited.
    pub credits: Option<u64>,
    /// Requests per token per minute before a 429; `None` never limits.
    pub rate_limit_per_minute: Option<u32>,
    /// Milliseconds from creation (plus `delay_seconds`) until a placed call is `ringing`.
    pub ring_after_ms: u64,
    /// Milliseconds from creation (plus `delay_seconds`) until a placed call is `answered`.
    pub answer_after_ms: u64,
    /// Whether a duplicate campaign call's 409 carries `"code":"DUPLICATE_CALL"`.
    pub duplicate_code: bool,
    /// How the list endpoints misbehave, if at all.
    pub paging_fault: Option<PagingFault>,
}

impl From<&MockOptions> for MockConfig {
    fn from(opts: &MockOptions) -> Self {
        MockConfig {
            credits: opts.credits,
            rate_limit_per_minute: opts.rate_limit_per_minute,
            ring_after_ms: opts.ring_after_ms,
            answer_after_ms: opts.answer_after_ms,
            duplicate_code: opts.duplicate_code,
            paging_fault: opts.paging_fault,
        }
    }
}

impl MockConfig {
    /// Applies a partial update as `POST /__mock/config` receives it: a JSON object with any
    /// of the fields; `credits`, `rate_limit_per_minute` and `paging_fault` may be `null`.
    /// Everything is checked before anything changes.
    ///
    /// ```
    /// use talkover_mock::{MockConfig, MockOptions, PagingFault};
    ///
    /// let mut config = MockConfig::from(&MockOptions::default());
    /// config.update(&serde_json::json!({"credits": 2, "paging_fault": "total_lies"})).unwrap();
    /// assert_eq!(config.credits, Some(2));
    /// assert_eq!(config.paging_fault, Some(PagingFault::TotalLies));
    /// assert!(config.update(&serde_json::json!({"credits": -1})).is_err());
    /// assert!(config.update(&serde_json::json!({"nope": 1})).is_err());
    /// assert_eq!(config.credits, Some(2));
    /// ```
    pub fn update(&mut self, patch: &Value) -> Result<(), String> {
        let Value::Object(map) = patch else {
            return Err("the config must be a JSON object".into());
        };
        let mut next = self.clone();
        for (key, value) in map {
            match key.as_str() {
                "credits" => next.credits = nullable(key, value, |v| v.as_u64())?,
                "rate_limit_per_minute" => {
                    next.rate_limit_per_minute = nullable(key, value, |v| {
                        v.as_u64().and_then(|n| u32::try_from(n).ok())
                    })?;
                }
                "ring_after_ms" => next.ring_after_ms = required(key, value, Value::as_u64)?,
                "answer_after_ms" => next.answer_after_ms = required(key, value, Value::as_u64)?,
                "duplicate_code" => next.duplicate_code = required(key, value, Value::as_bool)?,
                "paging_fault" => {
                    next.paging_fault =
                        nullable(key, value, |v| v.as_str().and_then(PagingFault::parse))?;
                }
                other => return Err(format!("unknown config field {other:?}")),
            }
        }
        *self = next;
        Ok(())
    }

    /// The config as a JSON object (what `GET /__mock/config` answers).
    pub(crate) fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or_else(|_| Value::Object(Map::new()))
    }
}

fn nullable<T>(
    key: &str,
    value: &Value,
    read: impl Fn(&Value) -> Option<T>,
) -> Result<Option<T>, String> {
    if value.is_null() {
        return Ok(None);
    }
    read(value)
        .map(Some)
        .ok_or_else(|| format!("invalid value for {key}: {value}"))
}

fn required<T>(key: &str, value: &Value, read: impl Fn(&Value) -> Option<T>) -> Result<T, String> {
    read(value).ok_or_else(|| format!("invalid value for {key}: {value}"))
}
