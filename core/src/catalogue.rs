//! The catalogue: every error class, default and operation of the library, defined once.
//!
//! Every binding raises the same exception classes, uses the same defaults and offers the
//! same operations. Instead of restating them in each language, the bindings read this
//! module: Python's `talkover._errors` and Node's `src-ts/errors.ts` are generated from
//! [`error_classes`] (`make generate`), the README's error table is checked against it, and
//! each binding's test suite compares its live classes, defaults and methods with
//! [`to_json`], so a class missing, a wrong parent or a wrong status fails a test.
//!
//! Adding an error class means adding one entry to the `catalogue!` invocation below (the
//! enum variant and its row are the same line), then running `make generate`.
//!
//! ```
//! use talkover::catalogue;
//! use talkover::ErrorKind;
//!
//! let not_found = ErrorKind::NotFound.info();
//! assert_eq!(not_found.name, "NotFoundError");
//! assert_eq!(not_found.parent, Some(ErrorKind::Status));
//! assert_eq!(not_found.status, Some(404));
//! assert!(catalogue::error_classes().any(|c| c.name == "CallNotActiveError"));
//! ```

use crate::config::{
    DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, ENV_BASE_URL,
    ENV_TOKEN, ENV_TOKEN_FALLBACK,
};
use crate::retry::{INITIAL_BACKOFF, MAX_BACKOFF, MAX_RETRY_AFTER};
use serde_json::{json, Value};

/// The name of the class every other class derives from, in every binding.
pub const BASE_CLASS: &str = "TalkoverError";

/// One error class: its name in every binding, its place in the hierarchy, and which
/// responses it stands for.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorClass {
    /// The kind this class stands for.
    pub kind: ErrorKind,
    /// The class name, the same in every language (`"NotFoundError"`).
    pub name: &'static str,
    /// The parent class; `None` for the direct children of [`BASE_CLASS`].
    pub parent: Option<ErrorKind>,
    /// The HTTP status this class stands for, when it stands for one.
    pub status: Option<u16>,
    /// Whether every status from [`ErrorClass::status`] up belongs here too (`500` and above).
    pub or_above: bool,
    /// The API error code that selects this class over its parent, when one does.
    pub code: Option<&'static str>,
    /// One sentence for users: when they meet this class.
    pub doc: &'static str,
}

/// Declares [`ErrorKind`] and its catalogue rows from one list, so the two cannot drift.
macro_rules! catalogue {
    ($($kind:ident {
        name: $name:literal,
        parent: $parent:expr,
        status: $status:expr,
        or_above: $or_above:expr,
        code: $code:expr,
        doc: $doc:literal $(,)?
    })+) => {
        /// The class of an [`Error`](crate::Error) in the hierarchy every binding exposes.
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
            $(#[doc = $doc] $kind,)+
        }

        impl ErrorKind {
            /// Every kind, parents before children: the order in which bindings define classes.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$kind,)+];

            /// This kind's row of the catalogue.
            pub fn info(self) -> &'static ErrorClass {
                match self {
                    $(ErrorKind::$kind => &ErrorClass {
                        kind: ErrorKind::$kind,
                        name: $name,
                        parent: $parent,
                        status: $status,
                        or_above: $or_above,
                        code: $code,
                        doc: $doc,
                    },)+
                }
            }
        }
    };
}

use ErrorKind::*;

catalogue! {
    InvalidRequest {
        name: "InvalidRequestError", parent: None, status: None, or_above: false, code: None,
        doc: "Bad input, refused before any network I/O.",
    }
    Connection {
        name: "APIConnectionError", parent: None, status: None, or_above: false, code: None,
        doc: "No HTTP response arrived: DNS failure, connection refused or reset, TLS failure.",
    }
    Timeout {
        name: "APITimeoutError", parent: Some(Connection), status: None, or_above: false,
        code: None,
        doc: "An attempt took longer than its timeout.",
    }
    Response {
        name: "APIResponseError", parent: None, status: None, or_above: false, code: None,
        doc: "A response arrived but is not the documented shape (bad JSON, a proxy's HTML page, over 1 MiB).",
    }
    Status {
        name: "APIStatusError", parent: None, status: None, or_above: false, code: None,
        doc: "The API answered with a non-2xx status that no more specific class stands for.",
    }
    BadRequest {
        name: "BadRequestError", parent: Some(Status), status: Some(400), or_above: false,
        code: None,
        doc: "HTTP 400: the API refused the request (an invalid phone number, an inactive agent or campaign).",
    }
    Authentication {
        name: "AuthenticationError", parent: Some(Status), status: Some(401), or_above: false,
        code: None,
        doc: "HTTP 401: the token is missing, wrong or revoked.",
    }
    PaymentRequired {
        name: "PaymentRequiredError", parent: Some(Status), status: Some(402), or_above: false,
        code: None,
        doc: "HTTP 402: the account has no credits left to place a call (code INSUFFICIENT_CREDITS).",
    }
    PermissionDenied {
        name: "PermissionDeniedError", parent: Some(Status), status: Some(403), or_above: false,
        code: None,
        doc: "HTTP 403: the token may not do this.",
    }
    NotFound {
        name: "NotFoundError", parent: Some(Status), status: Some(404), or_above: false,
        code: None,
        doc: "HTTP 404: no such agent, campaign or call.",
    }
    Conflict {
        name: "ConflictError", parent: Some(Status), status: Some(409), or_above: false,
        code: None,
        doc: "HTTP 409: the request conflicts with the state of the call or campaign.",
    }
    CallNotActive {
        name: "CallNotActiveError", parent: Some(Conflict), status: Some(409), or_above: false,
        code: Some("CALL_NOT_ACTIVE"),
        doc: "HTTP 409 with code CALL_NOT_ACTIVE: the call already ended.",
    }
    DuplicateCall {
        name: "DuplicateCallError", parent: Some(Conflict), status: Some(409), or_above: false,
        code: Some("DUPLICATE_CALL"),
        doc: "HTTP 409 with code DUPLICATE_CALL (or an existing_call in the body): the campaign already has a call to this number, given as existing_call.",
    }
    UnprocessableEntity {
        name: "UnprocessableEntityError", parent: Some(Status), status: Some(422),
        or_above: false, code: None,
        doc: "HTTP 422: the API refused the input; field_errors holds its messages per field.",
    }
    RateLimit {
        name: "RateLimitError", parent: Some(Status), status: Some(429), or_above: false,
        code: None,
        doc: "HTTP 429: over the plan's requests per minute; retry_after says how long to wait when the server said.",
    }
    InternalServer {
        name: "InternalServerError", parent: Some(Status), status: Some(500), or_above: true,
        code: None,
        doc: "HTTP 500 or above: the API failed.",
    }
}

impl ErrorKind {
    /// The exception class name used by every binding.
    pub fn class_name(self) -> &'static str {
        self.info().name
    }

    /// The parent class, or `None` for direct children of `TalkoverError`.
    pub fn parent(self) -> Option<ErrorKind> {
        self.info().parent
    }

    /// Whether this kind is `ancestor` or derives from it.
    ///
    /// ```
    /// use talkover::ErrorKind;
    /// assert!(ErrorKind::CallNotActive.is_a(ErrorKind::Status));
    /// assert!(!ErrorKind::Timeout.is_a(ErrorKind::Status));
    /// ```
    pub fn is_a(self, ancestor: ErrorKind) -> bool {
        let mut kind = Some(self);
        while let Some(k) = kind {
            if k == ancestor {
                return true;
            }
            kind = k.parent();
        }
        false
    }

    /// The kind for a non-2xx status and the API's error code: a class whose status and code
    /// both match wins over one whose status alone does; [`ErrorKind::Status`] otherwise.
    ///
    /// ```
    /// use talkover::ErrorKind;
    /// assert_eq!(ErrorKind::for_status(409, Some("CALL_NOT_ACTIVE")), ErrorKind::CallNotActive);
    /// assert_eq!(ErrorKind::for_status(409, Some("OTHER")), ErrorKind::Conflict);
    /// assert_eq!(ErrorKind::for_status(503, None), ErrorKind::InternalServer);
    /// assert_eq!(ErrorKind::for_status(418, None), ErrorKind::Status);
    /// ```
    pub fn for_status(status: u16, code: Option<&str>) -> ErrorKind {
        let matches_status = |class: &ErrorClass| match class.status {
            Some(s) if class.or_above => status >= s,
            Some(s) => status == s,
            None => false,
        };
        let classes = || ErrorKind::ALL.iter().map(|k| k.info());
        classes()
            .find(|c| matches_status(c) && c.code.is_some() && c.code == code)
            .or_else(|| classes().find(|c| matches_status(c) && c.code.is_none()))
            .map_or(ErrorKind::Status, |c| c.kind)
    }
}

/// Every error class, parents before children.
pub fn error_classes() -> impl Iterator<Item = &'static ErrorClass> {
    ErrorKind::ALL.iter().map(|k| k.info())
}

/// One operation of the client, as every binding names it (`snake_case` here; each binding
/// spells it its own way, `activeCall` in Node).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The operation's name in `snake_case`.
    pub name: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path under the base URL, with `{placeholders}`.
    pub path: &'static str,
    /// Whether it changes state on the server, so a retry could do it twice (see
    /// [`crate::retry`]).
    pub changes_state: bool,
}

/// Every operation of [`crate::Client`].
pub const OPERATIONS: &[Operation] = &[
    Operation {
        name: "active_call",
        method: "GET",
        path: "/agents/{agent_id}/active-call/{phone}",
        changes_state: false,
    },
    Operation {
        name: "end_call",
        method: "POST",
        path: "/agents/{agent_id}/end-call",
        changes_state: true,
    },
    Operation {
        name: "make_call",
        method: "POST",
        path: "/agents/{agent_id}/call",
        changes_state: true,
    },
    Operation {
        name: "make_campaign_call",
        method: "POST",
        path: "/campaigns/{campaign_id}/call",
        changes_state: true,
    },
    Operation {
        name: "list_calls",
        method: "GET",
        path: "/calls",
        changes_state: false,
    },
];

/// The whole catalogue as JSON: `{"base_class", "errors": [...], "defaults": {...},
/// "operations": [...]}`, in the words of the core (snake_case, seconds). The bindings
/// expose it (`talkover._native.catalogue()`, `catalogue()` of the Node addon) for their
/// drift tests and generators.
///
/// ```
/// let catalogue = talkover::catalogue::to_json();
/// assert_eq!(catalogue["defaults"]["max_retries"], 2);
/// assert_eq!(catalogue["errors"][0]["name"], "InvalidRequestError");
/// assert_eq!(catalogue["errors"][0]["parent"], "TalkoverError");
/// ```
pub fn to_json() -> Value {
    let errors: Vec<Value> = error_classes()
        .map(|c| {
            json!({
                "name": c.name,
                "parent": c.parent.map_or(BASE_CLASS, ErrorKind::class_name),
                "status": c.status,
                "or_above": c.or_above,
                "code": c.code,
                "doc": c.doc,
            })
        })
        .collect();
    let operations: Vec<Value> = OPERATIONS
        .iter()
        .map(|op| {
            json!({
                "name": op.name,
                "method": op.method,
                "path": op.path,
                "changes_state": op.changes_state,
            })
        })
        .collect();
    json!({
        "base_class": BASE_CLASS,
        "errors": errors,
        "defaults": {
            "base_url": DEFAULT_BASE_URL,
            "timeout": DEFAULT_TIMEOUT.as_secs_f64(),
            "connect_timeout": DEFAULT_CONNECT_TIMEOUT.as_secs_f64(),
            "max_retries": DEFAULT_MAX_RETRIES,
            "initial_backoff": INITIAL_BACKOFF.as_secs_f64(),
            "max_backoff": MAX_BACKOFF.as_secs_f64(),
            "max_retry_after": MAX_RETRY_AFTER.as_secs_f64(),
            "max_body_bytes": crate::transport::MAX_BODY_BYTES,
            "max_error_body_bytes": crate::error::MAX_ERROR_BODY_BYTES,
            "env_token": [ENV_TOKEN, ENV_TOKEN_FALLBACK],
            "env_base_url": ENV_BASE_URL,
            "env_log": crate::log::LOG_ENV,
        },
        "operations": operations,
    })
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
            assert_eq!(kind.info().kind, *kind);
            if let Some(parent) = kind.parent() {
                let at = ErrorKind::ALL.iter().position(|k| *k == parent).unwrap();
                assert!(at < i, "{kind:?} listed before its parent");
            }
        }
    }

    #[test]
    fn status_classification_follows_the_table() {
        let table = [
            (400, None, BadRequest),
            (401, Some("INVALID_TOKEN"), Authentication),
            (402, Some("INSUFFICIENT_CREDITS"), PaymentRequired),
            (403, None, PermissionDenied),
            (404, None, NotFound),
            (409, None, Conflict),
            (409, Some("CALL_NOT_ACTIVE"), CallNotActive),
            (409, Some("DUPLICATE_CALL"), DuplicateCall),
            (422, Some("VALIDATION_ERROR"), UnprocessableEntity),
            (429, None, RateLimit),
            (500, Some("SERVER_ERROR"), InternalServer),
            (503, None, InternalServer),
            (599, None, InternalServer),
            (418, None, Status),
            (302, None, Status),
            // A code only selects a class at its own status.
            (400, Some("CALL_NOT_ACTIVE"), BadRequest),
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
    fn the_json_names_every_class_and_operation() {
        let json = to_json();
        assert_eq!(
            json["errors"].as_array().unwrap().len(),
            ErrorKind::ALL.len()
        );
        assert_eq!(json["errors"][2]["parent"], "APIConnectionError");
        assert_eq!(json["defaults"]["timeout"], 30.0);
        assert_eq!(
            json["operations"].as_array().unwrap().len(),
            OPERATIONS.len()
        );
    }
}
