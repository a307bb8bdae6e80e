//! The one error type of the library and the class hierarchy it maps onto.
//!
//! Every binding raises the same classes (`NotFoundError`, `CallNotActiveError`, ...), so the
//! decision "which class is this failure" is made here, once, by [`Error::kind`]. The bindings
//! only look the class up by [`ErrorKind::class_name`] and copy the structured fields across.
//!
//! No variant stores the API token, and messages are built from the server's words or our
//! own, never from request headers, so `Display` and `Debug` cannot leak it.

use crate::model::CampaignCall;
use crate::response::RateLimit;
use std::fmt;
use std::time::Duration;

pub use crate::catalogue::ErrorKind;

/// How many bytes of a failed response body an error keeps: enough to debug a proxy's HTML
/// page, small enough to log.
pub const MAX_ERROR_BODY_BYTES: usize = 4 * 1024;

/// A `Result` whose error is the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when calling the TalkOver API.
///
/// Match on [`Error::kind`] for the class, or use the accessors for the structured fields.
///
/// ```
/// use talkover::{Error, ErrorKind};
///
/// let err = Error::invalid("phone", "must be E.164, like +5511987654321");
/// assert_eq!(err.kind(), ErrorKind::InvalidRequest);
/// assert_eq!(err.kind().class_name(), "InvalidRequestError");
/// assert!(!err.is_retryable());
/// ```
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input, refused before any network I/O.
    #[error("invalid {param}: {reason}")]
    InvalidRequest {
        /// The argument at fault (`"phone"`, `"agent_id"`, `"token"`, ...).
        param: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// No HTTP response arrived: DNS failure, connection refused or reset, TLS failure.
    #[error("connection error: {message}")]
    Connection {
        /// What failed, without the request URL.
        message: String,
        /// Whether the request may have reached the server: `false` only when the connection
        /// was never established, so nothing was sent.
        request_sent: bool,
    },
    /// One attempt took longer than the configured timeout.
    #[error("request timed out after {}", format_duration(*timeout))]
    Timeout {
        /// The per-attempt timeout that elapsed.
        timeout: Duration,
    },
    /// A response arrived but is not the documented shape (bad JSON, HTML, oversized).
    #[error("unexpected response (HTTP {status}): {message}")]
    Response {
        /// The HTTP status of the response.
        status: u16,
        /// What is wrong with the response.
        message: String,
        /// The `x-request-id` response header, when present.
        request_id: Option<String>,
        /// The start of the response body (at most [`MAX_ERROR_BODY_BYTES`]).
        body: String,
    },
    /// The API answered with a non-2xx status.
    #[error("{0}")]
    Status(Box<StatusError>),
    /// A request that changes state (placing or ending a call) failed in a way that does not
    /// show whether the server carried it out: the answer was lost after the request was
    /// sent, or an earlier attempt's was. [`Error::kind`] and the other accessors describe
    /// `source`; [`Error::may_have_succeeded`] is `true`.
    #[error("{source}; {consequence}")]
    Unconfirmed {
        /// The failure itself.
        source: Box<Error>,
        /// What may have happened, and how to find out, in one clause.
        consequence: &'static str,
    },
}

/// A non-2xx answer from the API, with everything the server said about it.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq)]
pub struct StatusError {
    /// HTTP status code.
    pub status: u16,
    /// The API's error code (`"CALL_NOT_ACTIVE"`, `"INVALID_TOKEN"`, ...), when it sent one.
    pub code: Option<String>,
    /// The API's message, or the HTTP reason phrase when the body had none.
    pub message: String,
    /// The `x-request-id` response header, when present.
    pub request_id: Option<String>,
    /// The `Retry-After` response header, parsed, when present.
    pub retry_after: Option<Duration>,
    /// The start of the response body (at most [`MAX_ERROR_BODY_BYTES`]).
    pub body: String,
    /// The server's messages per input field, from a validation failure (Laravel's
    /// `errors` object, or an `error.details.field`); empty when it sent none.
    pub field_errors: FieldErrors,
    /// The campaign call the server says already exists, from a `DUPLICATE_CALL` 409.
    pub existing_call: Option<Box<CampaignCall>>,
    /// The response's headers, names in lower case, one pair per name in the order they
    /// came (the values of a repeated header joined with `, `).
    pub headers: Vec<(String, String)>,
    /// The rate-limit state the response reported (`X-RateLimit-*`).
    pub rate_limit: Option<RateLimit>,
}

/// Messages per input field, in the order the server sent them.
pub type FieldErrors = Vec<(String, Vec<String>)>;

impl StatusError {
    /// A status error with only the status and message set, for tests and fixtures.
    ///
    /// ```
    /// let err = talkover::StatusError::new(404, "Call not found for this agent");
    /// assert_eq!(talkover::Error::from(err).kind(), talkover::ErrorKind::NotFound);
    /// ```
    pub fn new(status: u16, message: impl Into<String>) -> StatusError {
        StatusError {
            status,
            code: None,
            message: message.into(),
            request_id: None,
            retry_after: None,
            body: String::new(),
            field_errors: Vec::new(),
            existing_call: None,
            headers: Vec::new(),
            rate_limit: None,
        }
    }
}

impl From<StatusError> for Error {
    fn from(err: StatusError) -> Error {
        Error::Status(Box::new(err))
    }
}

impl fmt::Display for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl Error {
    /// An [`Error::InvalidRequest`] for argument `param`.
    pub fn invalid(param: &'static str, reason: impl Into<String>) -> Error {
        Error::InvalidRequest {
            param,
            reason: reason.into(),
        }
    }

    /// The class of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidRequest { .. } => ErrorKind::InvalidRequest,
            Error::Connection { .. } => ErrorKind::Connection,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Response { .. } => ErrorKind::Response,
            // The vendor's duplicate answer carries `existing_call` but, in its example, no
            // code: the call it names is what makes it a duplicate.
            Error::Status(e) if e.status == 409 && e.existing_call.is_some() => {
                ErrorKind::DuplicateCall
            }
            Error::Status(e) => ErrorKind::for_status(e.status, e.code.as_deref()),
            Error::Unconfirmed { source, .. } => source.kind(),
        }
    }

    /// The failure itself, looking through [`Error::Unconfirmed`].
    fn inner(&self) -> &Error {
        match self {
            Error::Unconfirmed { source, .. } => source.inner(),
            other => other,
        }
    }

    /// The argument at fault, for [`Error::InvalidRequest`], in the core's words
    /// (`"agent_id"`, `"timeout"`, `"ca_cert"`); each binding renames it the way its users
    /// spell it.
    ///
    /// ```
    /// let err = talkover::Error::invalid("agent_id", "must be a non-empty string");
    /// assert_eq!(err.param(), Some("agent_id"));
    /// ```
    pub fn param(&self) -> Option<&'static str> {
        match self.inner() {
            Error::InvalidRequest { param, .. } => Some(param),
            _ => None,
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self.inner() {
            Error::Response { status, .. } => Some(*status),
            Error::Status(e) => Some(e.status),
            _ => None,
        }
    }

    /// The API's error code, when it sent one.
    pub fn code(&self) -> Option<&str> {
        match self.inner() {
            Error::Status(e) => e.code.as_deref(),
            _ => None,
        }
    }

    /// A human-readable description: the server's message for status errors, else `Display`.
    /// For an [`Error::Unconfirmed`] it says what may have happened, too.
    pub fn message(&self) -> String {
        match self {
            Error::Status(e) => e.message.clone(),
            Error::InvalidRequest { reason, .. } => reason.clone(),
            Error::Connection { message, .. } | Error::Response { message, .. } => message.clone(),
            Error::Timeout { .. } => self.to_string(),
            Error::Unconfirmed {
                source,
                consequence,
            } => format!("{}; {consequence}", source.message()),
        }
    }

    /// The `x-request-id` of the response, when one arrived with it.
    pub fn request_id(&self) -> Option<&str> {
        match self.inner() {
            Error::Status(e) => e.request_id.as_deref(),
            Error::Response { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// How long the server asked us to wait (`Retry-After`, or `details.retry_after` in a
    /// 429's body), when it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self.inner() {
            Error::Status(e) => e.retry_after,
            _ => None,
        }
    }

    /// The headers of the response, for a status error: names in lower case, one pair per
    /// name (a repeated header's values joined with `, `); empty otherwise.
    ///
    /// ```
    /// let mut err = talkover::StatusError::new(429, "Rate limit exceeded");
    /// err.headers.push(("x-ratelimit-remaining".into(), "0".into()));
    /// let err = talkover::Error::from(err);
    /// assert_eq!(err.headers()[0].1, "0");
    /// ```
    pub fn headers(&self) -> &[(String, String)] {
        match self.inner() {
            Error::Status(e) => &e.headers,
            _ => &[],
        }
    }

    /// The rate-limit state a status error's response reported.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        match self.inner() {
            Error::Status(e) => e.rate_limit,
            _ => None,
        }
    }

    /// The start of the response body as text, when a response arrived.
    pub fn body(&self) -> Option<&str> {
        match self.inner() {
            Error::Status(e) => Some(&e.body),
            Error::Response { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The response body as JSON when it parses, as a JSON string when it does not, and
    /// `None` when there was no body. Bindings expose this as `.body`.
    pub fn body_value(&self) -> Option<serde_json::Value> {
        let body = self.body().filter(|b| !b.is_empty())?;
        Some(
            serde_json::from_str(body)
                .unwrap_or_else(|_| serde_json::Value::String(body.to_owned())),
        )
    }

    /// The server's messages per input field (a 422's `errors`); empty when it sent none.
    ///
    /// ```
    /// let err = talkover::Error::invalid("to", "bad");
    /// assert!(err.field_errors().is_empty());
    /// ```
    pub fn field_errors(&self) -> &[(String, Vec<String>)] {
        match self.inner() {
            Error::Status(e) => &e.field_errors,
            _ => &[],
        }
    }

    /// The existing campaign call a [`ErrorKind::DuplicateCall`] error names.
    pub fn existing_call(&self) -> Option<&CampaignCall> {
        match self.inner() {
            Error::Status(e) => e.existing_call.as_deref(),
            _ => None,
        }
    }

    /// Whether the server may have carried out the request that failed: `true` only for a
    /// request that changes state whose answer (or an earlier attempt's answer) was lost.
    /// Check before doing it again: for a call you placed, look it up with
    /// [`Client::active_call`](crate::Client::active_call).
    ///
    /// ```
    /// let err = talkover::Error::Timeout { timeout: std::time::Duration::from_secs(1) };
    /// assert!(!err.may_have_succeeded());
    /// ```
    pub fn may_have_succeeded(&self) -> bool {
        matches!(self, Error::Unconfirmed { .. })
    }

    /// Whether the retry policy would try this request again (given retries left), for a
    /// request that does not change state.
    pub fn is_retryable(&self) -> bool {
        match self.inner() {
            Error::Connection { .. } | Error::Timeout { .. } => true,
            Error::Status(e) => crate::retry::is_retryable_status(e.status),
            _ => false,
        }
    }
}

/// Keep at most [`MAX_ERROR_BODY_BYTES`] of a body, cut on a character boundary.
///
/// The limit holds for the text kept, not just the bytes read: each invalid byte decodes to
/// a three-byte U+FFFD, so a binary body can triple in size once decoded.
pub(crate) fn truncate_body(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX_ERROR_BODY_BYTES)]);
    // A character cut in half at the limit decodes as U+FFFD: drop it.
    let text = text.trim_end_matches('\u{fffd}');
    let mut end = text.len().min(MAX_ERROR_BODY_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

fn format_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else {
        format!("{ms} ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_is_truncated_on_a_char_boundary() {
        let body = "é".repeat(MAX_ERROR_BODY_BYTES);
        let kept = truncate_body(body.as_bytes());
        assert!(kept.len() <= MAX_ERROR_BODY_BYTES);
        assert!(kept.chars().all(|c| c == 'é'));
    }

    #[test]
    fn invalid_utf8_does_not_grow_the_body_past_the_limit() {
        // Found by the `decode_response` fuzz target: 4 KiB of alternating invalid bytes
        // and ASCII decoded to 8 KiB of text.
        let body = b"\xffa".repeat(MAX_ERROR_BODY_BYTES);
        let kept = truncate_body(&body);
        assert!(kept.len() <= MAX_ERROR_BODY_BYTES, "{}", kept.len());
        assert!(kept.starts_with("\u{fffd}a\u{fffd}a"));
        let all_invalid = truncate_body(&[0xd4; 2 * MAX_ERROR_BODY_BYTES]);
        assert!(all_invalid.len() <= MAX_ERROR_BODY_BYTES);
    }
}
