//! Exit codes: an interface scripts depend on, so each one is defined once here and the
//! help text and the README tables are rendered from [`EXIT_CODES`] (a test checks the
//! READMEs against it).
//!
//! Codes follow the error classes of the core's catalogue, so a script can tell "the call
//! is already over" (4) from "the token is wrong" (5) from "the network is down" (7)
//! without parsing messages.

use talkover::ErrorKind;

/// Success.
pub const OK: u8 = 0;
/// Any other failure, or a confirmation answered "no".
pub const FAILURE: u8 = 1;
/// Bad arguments or input, refused before any request.
pub const USAGE: u8 = 2;
/// 404: no such agent or call.
pub const NOT_FOUND: u8 = 3;
/// 409: the call is not active, or a duplicate.
pub const CONFLICT: u8 = 4;
/// 401, 403, or no usable token.
pub const AUTH: u8 = 5;
/// 429: over the plan's requests per minute.
pub const RATE_LIMITED: u8 = 6;
/// No response: connection refused or reset, DNS, TLS, timeout.
pub const CONNECTION: u8 = 7;
/// 500 and above.
pub const SERVER: u8 = 8;
/// A response that is not the API's documented shape.
pub const BAD_RESPONSE: u8 = 9;
/// 402: no credits left.
pub const PAYMENT_REQUIRED: u8 = 10;
/// 400 or 422: the API refused the input.
pub const REJECTED: u8 = 11;
/// `calls hangup` could not end every call: some are still active.
pub const CALLS_LEFT_ACTIVE: u8 = 12;
/// Interrupted by Ctrl-C (128 + SIGINT, as shells report it).
pub const INTERRUPTED: u8 = 130;

/// One documented exit code.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExitCodeInfo {
    /// The process exit status.
    pub code: u8,
    /// When it is returned.
    pub meaning: &'static str,
    /// The error classes (as the libraries name them) that lead to it.
    pub classes: &'static str,
}

const fn row(code: u8, meaning: &'static str, classes: &'static str) -> ExitCodeInfo {
    ExitCodeInfo {
        code,
        meaning,
        classes,
    }
}

/// Every exit code of the `talkover` command, in order.
pub const EXIT_CODES: &[ExitCodeInfo] = &[
    row(OK, "success (hangup: nothing is left active)", ""),
    row(FAILURE, "any other error; a confirmation answered no", "APIStatusError (other statuses)"),
    row(USAGE, "bad arguments or input (phone, date, JSON...), or a destructive command without --yes when stdin is not a terminal; nothing was sent", "InvalidRequestError"),
    row(NOT_FOUND, "no such agent or call (404)", "NotFoundError"),
    row(CONFLICT, "conflict (409): the call is not active, a duplicate", "ConflictError, CallNotActiveError, DuplicateCallError"),
    row(AUTH, "no usable token, or the token is refused (401, 403)", "AuthenticationError, PermissionDeniedError"),
    row(RATE_LIMITED, "rate limited (429), after the retries", "RateLimitError"),
    row(CONNECTION, "no response: connection failed, or timed out (--timeout)", "APIConnectionError, APITimeoutError"),
    row(SERVER, "the API failed (500 and above), after the retries", "InternalServerError"),
    row(BAD_RESPONSE, "a response that is not the API's documented shape", "APIResponseError"),
    row(PAYMENT_REQUIRED, "no credits left to place a call (402)", "PaymentRequiredError"),
    row(REJECTED, "the API refused the input (400, 422)", "BadRequestError, UnprocessableEntityError"),
    row(CALLS_LEFT_ACTIVE, "hangup: some calls could not be ended and are still active", ""),
    row(INTERRUPTED, "interrupted by Ctrl-C; requests in flight were cancelled", ""),
];

/// The exit code for an error of class `kind`: the nearest class (itself, then its
/// parents) that has a code of its own, else [`FAILURE`].
///
/// ```
/// use talkover::ErrorKind;
/// use talkover_cli::exit;
///
/// assert_eq!(exit::for_kind(ErrorKind::CallNotActive), exit::CONFLICT);
/// assert_eq!(exit::for_kind(ErrorKind::Timeout), exit::CONNECTION);
/// assert_eq!(exit::for_kind(ErrorKind::Status), exit::FAILURE);
/// ```
pub fn for_kind(kind: ErrorKind) -> u8 {
    let mut class = Some(kind);
    while let Some(k) = class {
        let code = match k {
            ErrorKind::InvalidRequest => USAGE,
            ErrorKind::NotFound => NOT_FOUND,
            ErrorKind::Conflict => CONFLICT,
            ErrorKind::Authentication | ErrorKind::PermissionDenied => AUTH,
            ErrorKind::RateLimit => RATE_LIMITED,
            ErrorKind::Connection => CONNECTION,
            ErrorKind::InternalServer => SERVER,
            ErrorKind::Response => BAD_RESPONSE,
            ErrorKind::PaymentRequired => PAYMENT_REQUIRED,
            ErrorKind::BadRequest | ErrorKind::UnprocessableEntity => REJECTED,
            _ => {
                class = k.parent();
                continue;
            }
        };
        return code;
    }
    FAILURE
}

/// The table as Markdown, as it appears in the READMEs.
pub fn markdown_table() -> String {
    let mut out = String::from("| exit code | meaning | error classes |\n|---:|---|---|\n");
    for row in EXIT_CODES {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            row.code, row.meaning, row.classes
        ));
    }
    out
}

/// The table as plain text, for `--help`: meanings wrapped under their own column.
pub(crate) fn help_table() -> String {
    const WIDTH: usize = 90;
    let mut out = String::new();
    for row in EXIT_CODES {
        let mut line = format!("  {:>3} ", row.code);
        for word in row.meaning.split(' ') {
            if line.len() + 1 + word.len() > WIDTH {
                out.push_str(&line);
                out.push('\n');
                line = " ".repeat(6);
            }
            line.push(' ');
            line.push_str(word);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_class_has_a_documented_code() {
        for kind in ErrorKind::ALL {
            let code = for_kind(*kind);
            let row = EXIT_CODES.iter().find(|r| r.code == code).unwrap();
            if *kind != ErrorKind::Status {
                assert!(
                    row.classes.contains(kind.class_name()),
                    "{} is not listed for exit code {code}",
                    kind.class_name()
                );
            }
        }
    }

    #[test]
    fn the_readmes_show_the_table() {
        let table = markdown_table();
        for (name, text) in [
            ("cli/README.md", include_str!("../README.md")),
            ("README.md", include_str!("../../README.md")),
        ] {
            assert!(
                text.contains(&table),
                "{name} should have this table:\n{table}"
            );
        }
    }
}
