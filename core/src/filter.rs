//! [`CallFilter`]: which calls [`Client::list_calls`](crate::Client::list_calls) lists, checked
//! before any request and put on the wire as one percent-encoded query value per filter.

use crate::error::{Error, Result};
use crate::validate::{path_segment, query_value, validate_id, validate_text};
use chrono::NaiveDate;
use std::fmt::Write as _;

/// Most calls per page the API serves.
pub const MAX_PER_PAGE: u32 = 100;

/// Which calls [`Client::list_calls`](crate::Client::list_calls) lists: all of them, or one
/// agent's, narrowed by any of the documented filters.
///
/// ```
/// use talkover::{CallFilter, CallStatus};
/// let date = talkover::chrono::NaiveDate::from_ymd_opt(2024, 1, 31).unwrap();
/// let filter = CallFilter::new()
///     .agent_id("agent-uuid")
///     .status(CallStatus::Completed)
///     .date_from(date)
///     .per_page(100);
/// assert_eq!(filter.per_page, Some(100));
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallFilter {
    /// One agent's calls (`GET /agents/{agent_id}/calls`) instead of all (`GET /calls`).
    pub agent_id: Option<String>,
    /// Only calls with this status.
    pub status: Option<String>,
    /// Only `inbound` or `outbound` calls.
    pub direction: Option<String>,
    /// Only calls from this day on (UTC).
    pub date_from: Option<NaiveDate>,
    /// Only calls up to this day (UTC), inclusive.
    pub date_to: Option<NaiveDate>,
    /// Only calls whose phone numbers or SID contain this text.
    pub search: Option<String>,
    /// Calls per page, 1 to [`MAX_PER_PAGE`] (the API's default is 20).
    pub per_page: Option<u32>,
}

impl CallFilter {
    /// Every call.
    pub fn new() -> CallFilter {
        CallFilter::default()
    }

    /// Only this agent's calls.
    #[must_use]
    pub fn agent_id(mut self, agent_id: impl Into<String>) -> CallFilter {
        self.agent_id = Some(agent_id.into());
        self
    }

    /// Only calls with this status (a [`crate::CallStatus`] or its wire string).
    #[must_use]
    pub fn status(mut self, status: impl std::fmt::Display) -> CallFilter {
        self.status = Some(status.to_string());
        self
    }

    /// Only calls in this direction (a [`crate::Direction`] or its wire string).
    #[must_use]
    pub fn direction(mut self, direction: impl std::fmt::Display) -> CallFilter {
        self.direction = Some(direction.to_string());
        self
    }

    /// Only calls from this day on. For a date-time, convert it to UTC first:
    /// `at.with_timezone(&Utc).date_naive()`.
    #[must_use]
    pub fn date_from(mut self, day: NaiveDate) -> CallFilter {
        self.date_from = Some(day);
        self
    }

    /// Only calls up to this day, inclusive.
    #[must_use]
    pub fn date_to(mut self, day: NaiveDate) -> CallFilter {
        self.date_to = Some(day);
        self
    }

    /// Only calls whose numbers or SID contain `text`.
    #[must_use]
    pub fn search(mut self, text: impl Into<String>) -> CallFilter {
        self.search = Some(text.into());
        self
    }

    /// Calls per page.
    #[must_use]
    pub fn per_page(mut self, per_page: u32) -> CallFilter {
        self.per_page = Some(per_page);
        self
    }

    /// Checks every value before any request is made.
    pub(crate) fn validate(&self) -> Result<()> {
        if let Some(agent_id) = &self.agent_id {
            validate_id("agent_id", agent_id)?;
        }
        for (param, value) in [
            ("status", &self.status),
            ("direction", &self.direction),
            ("search", &self.search),
        ] {
            if let Some(value) = value {
                validate_text(param, value)?;
            }
        }
        if let Some(per_page) = self.per_page {
            if !(1..=MAX_PER_PAGE).contains(&per_page) {
                return Err(Error::invalid(
                    "per_page",
                    format!("must be between 1 and {MAX_PER_PAGE}"),
                ));
            }
        }
        if let (Some(from), Some(to)) = (self.date_from, self.date_to) {
            if to < from {
                return Err(Error::invalid("date_to", "must not be before date_from"));
            }
        }
        Ok(())
    }

    /// The URL of page `page`: path, then each filter as one percent-encoded query value.
    pub(crate) fn url(&self, base_url: &str, page: u64) -> String {
        let mut url = match &self.agent_id {
            Some(agent_id) => format!("{base_url}/agents/{}/calls", path_segment(agent_id)),
            None => format!("{base_url}/calls"),
        };
        let _ = write!(url, "?page={page}");
        if let Some(per_page) = self.per_page {
            let _ = write!(url, "&per_page={per_page}");
        }
        let texts = [
            ("status", self.status.as_deref()),
            ("direction", self.direction.as_deref()),
            ("search", self.search.as_deref()),
        ];
        for (key, value) in texts.into_iter().filter_map(|(k, v)| Some((k, v?))) {
            let _ = write!(url, "&{key}={}", query_value(value));
        }
        for (key, day) in [("date_from", self.date_from), ("date_to", self.date_to)] {
            if let Some(day) = day {
                let _ = write!(url, "&{key}={}", day.format("%Y-%m-%d"));
            }
        }
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_one_query_value_each() {
        let filter = CallFilter::new()
            .status("no-answer")
            .search("+55 11&x=1#ção")
            .per_page(5)
            .date_to(NaiveDate::from_ymd_opt(2024, 1, 2).unwrap());
        assert_eq!(
            filter.url("http://h/api/v1", 3),
            "http://h/api/v1/calls?page=3&per_page=5&status=no-answer\
             &search=%2B55%2011%26x%3D1%23%C3%A7%C3%A3o&date_to=2024-01-02"
        );
        let agent = CallFilter::new().agent_id("a/b");
        assert_eq!(
            agent.url("http://h", 1),
            "http://h/agents/a%2Fb/calls?page=1"
        );
    }

    #[test]
    fn bad_filters_are_refused() {
        let day = |d| NaiveDate::from_ymd_opt(2024, 1, d).unwrap();
        let cases = [
            (CallFilter::new().per_page(0), "per_page"),
            (CallFilter::new().per_page(101), "per_page"),
            (CallFilter::new().agent_id(".."), "agent_id"),
            (CallFilter::new().status(""), "status"),
            (CallFilter::new().search("a\nb"), "search"),
            (
                CallFilter::new().date_from(day(2)).date_to(day(1)),
                "date_to",
            ),
        ];
        for (filter, param) in cases {
            assert_eq!(filter.validate().unwrap_err().param(), Some(param));
        }
    }
}
