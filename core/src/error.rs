//! The one error type of the library and the class hierarchy it maps onto.
//!
//! Every binding raises the same classes (`NotFoundError`, `CallNotActiveError`, ...), so the
//! decision "which class is this failure" is made here, once, by [`Error::kind`]. The bindings
//! only look the class up by [`ErrorKind::class_name`] and copy the structured fields across.
//!
//! No variant stores the API token, and messages are built from the server's words or our
//! own, never from request headers, so `Display` and `Debug` cannot leak it.

use std::fmt;
use std::time::Duration;

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
}

/// A non-2xx answer from the API, with everything the server said about it.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// The class of an [`Error`] in the hierarchy every binding exposes.
///
/// ```
/// use talkover::ErrorKind;
///
/// assert_eq!(ErrorKind::CallNotActive.parent(), Some(ErrorKind::Conflict));
/// assert_eq!(ErrorKind::Conflict.parent(), Some(ErrorKind::Status));
/// assert_eq!(ErrorKind::Status.parent(), None);
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `InvalidRequestError`: bad input, caught before any I/O.
    InvalidRequest,
    /// `APIConnectionError`: no HTTP response.
    Connection,
    /// `APITimeoutError`: an attempt timed out.
    Timeout,
    /// `APIResponseError`: a response that is not the documented shape.
    Response,
    /// `APIStatusError`: a non-2xx status with no more specific class.
    Status,
    /// `BadRequestError`: 400.
    BadRequest,
    /// `AuthenticationError`: 401.
    Authentication,
    /// `PermissionDeniedError`: 403.
    PermissionDenied,
    /// `NotFoundError`: 404.
    NotFound,
    /// `ConflictError`: 409.
    Conflict,
    /// `CallNotActiveError`: 409 with code `CALL_NOT_ACTIVE`.
    CallNotActive,
    /// `UnprocessableEntityError`: 422.
    UnprocessableEntity,
    /// `RateLimitError`: 429.
    RateLimit,
    /// `InternalServerError`: 500 and above.
    InternalServer,
}

impl ErrorKind {
    /// Every kind, parents before children: the order in which bindings define classes.
    pub const ALL: [ErrorKind; 14] = [
        ErrorKind::InvalidRequest,
        ErrorKind::Connection,
        ErrorKind::Timeout,
        ErrorKind::Response,
        ErrorKind::Status,
        ErrorKind::BadRequest,
        ErrorKind::Authentication,
        ErrorKind::PermissionDenied,
        ErrorKind::NotFound,
        ErrorKind::Conflict,
        ErrorKind::CallNotActive,
        ErrorKind::UnprocessableEntity,
        ErrorKind::RateLimit,
        ErrorKind::InternalServer,
    ];

    /// The exception class name used by every binding.
    pub fn class_name(self) -> &'static str {
        match self {
            ErrorKind::InvalidRequest => "InvalidRequestError",
            ErrorKind::Connection => "APIConnectionError",
            ErrorKind::Timeout => "APITimeoutError",
            ErrorKind::Response => "APIResponseError",
            ErrorKind::Status => "APIStatusError",
            ErrorKind::BadRequest => "BadRequestError",
            ErrorKind::Authentication => "AuthenticationError",
            ErrorKind::PermissionDenied => "PermissionDeniedError",
            ErrorKind::NotFound => "NotFoundError",
            ErrorKind::Conflict => "ConflictError",
            ErrorKind::CallNotActive => "CallNotActiveError",
            ErrorKind::UnprocessableEntity => "UnprocessableEntityError",
            ErrorKind::RateLimit => "RateLimitError",
            ErrorKind::InternalServer => "InternalServerError",
        }
    }

    /// The parent class, or `None` for direct children of `TalkoverError`.
    pub fn parent(self) -> Option<ErrorKind> {
        match self {
            ErrorKind::InvalidRequest
            | ErrorKind::Connection
            | ErrorKind::Response
            | ErrorKind::Status => None,
            ErrorKind::Timeout => Some(ErrorKind::Connection),
            ErrorKind::CallNotActive => Some(ErrorKind::Conflict),
            _ => Some(ErrorKind::Status),
        }
    }

    /// The kind for a non-2xx status and the API's error code.
    pub fn for_status(status: u16, code: Option<&str>) -> ErrorKind {
        match status {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Authentication,
            403 => ErrorKind::PermissionDenied,
            404 => ErrorKind::NotFound,
            409 if code == Some("CALL_NOT_ACTIVE") => ErrorKind::CallNotActive,
            409 => ErrorKind::Conflict,
            422 => ErrorKind::UnprocessableEntity,
            429 => ErrorKind::RateLimit,
            500.. => ErrorKind::InternalServer,
            _ => ErrorKind::Status,
        }
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
            Error::Status(e) => ErrorKind::for_status(e.status, e.code.as_deref()),
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Response { status, .. } => Some(*status),
            Error::Status(e) => Some(e.status),
            _ => None,
        }
    }

    /// The API's error code, when it sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Status(e) => e.code.as_deref(),
            _ => None,
        }
    }

    /// A human-readable description: the server's message for status errors, else `Display`.
    pub fn message(&self) -> String {
        match self {
            Error::Status(e) => e.message.clone(),
            Error::InvalidRequest { reason, .. } => reason.clone(),
            Error::Connection { message } | Error::Response { message, .. } => message.clone(),
            Error::Timeout { .. } => self.to_string(),
        }
    }

    /// The `x-request-id` of the response, when one arrived with it.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Status(e) => e.request_id.as_deref(),
            Error::Response { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// How long the server asked us to wait (`Retry-After`), when it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Status(e) => e.retry_after,
            _ => None,
        }
    }

    /// The start of the response body as text, when a response arrived.
    pub fn body(&self) -> Option<&str> {
        match self {
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

    /// Whether the retry policy would try this request again (given retries left).
    pub fn is_retryable(&self) -> bool {
        match self {
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
    fn every_kind_has_a_unique_class_name_and_parents_come_first() {
        let names: std::collections::HashSet<_> =
            ErrorKind::ALL.iter().map(|k| k.class_name()).collect();
        assert_eq!(names.len(), ErrorKind::ALL.len());
        for (i, kind) in ErrorKind::ALL.iter().enumerate() {
            if let Some(parent) = kind.parent() {
                let at = ErrorKind::ALL.iter().position(|k| *k == parent).unwrap();
                assert!(at < i, "{kind:?} listed before its parent");
            }
        }
    }

    #[test]
    fn status_classification_follows_the_table() {
        use ErrorKind::*;
        let table = [
            (400, None, BadRequest),
            (401, Some("INVALID_TOKEN"), Authentication),
            (403, None, PermissionDenied),
            (404, None, NotFound),
            (409, None, Conflict),
            (409, Some("CALL_NOT_ACTIVE"), CallNotActive),
            (422, Some("VALIDATION_ERROR"), UnprocessableEntity),
            (429, None, RateLimit),
            (500, Some("SERVER_ERROR"), InternalServer),
            (503, None, InternalServer),
            (418, None, Status),
            (302, None, Status),
        ];
        for (status, code, kind) in table {
            assert_eq!(
                ErrorKind::for_status(status, code),
                kind,
                "{status} {code:?}"
            );
        }
    }

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
