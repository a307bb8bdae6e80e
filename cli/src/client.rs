//! Building the API client from the global options: token, base URL, timeout, retries and
//! the `TALKOVER_LOG` log lines.

use crate::args::Global;
use crate::exit;
use crate::Failure;
use std::io::{self, Read, Write};
use talkover::log::LogSink;
use talkover::{Client, ErrorKind, ENV_TOKEN, ENV_TOKEN_FALLBACK};

/// A client configured by the options, the environment and the core's defaults, in that
/// order. A missing or unusable token exits 5, like a refused one, and its message
/// names every way to give one; no message ever contains the token.
pub(crate) fn build(global: &Global) -> Result<Client, Failure> {
    let mut builder =
        Client::builder().binding(concat!("talkover-cli/", env!("CARGO_PKG_VERSION")), "");
    if let Some(path) = &global.token_file {
        builder = builder.token(read_token_file(path)?);
    }
    if let Some(url) = &global.base_url {
        builder = builder.base_url(url.clone());
    }
    if let Some(timeout) = global.timeout {
        builder = builder.timeout(timeout);
    }
    if let Some(retries) = global.retries {
        builder = builder.max_retries(retries);
    }
    if let Some(level) = talkover::level_from_env() {
        builder = builder.log_sink(LogSink::new(level, |level, line| {
            let level = level.as_str().to_ascii_lowercase();
            let _ = writeln!(io::stderr().lock(), "talkover: {level}: {line}");
        }));
    }
    builder.build().map_err(|err| {
        if err.kind() == ErrorKind::InvalidRequest && err.param() == Some("token") {
            let reason = match &global.token_file {
                Some(path) => format!("the token in {} {}", path.display(), err.message()),
                None if no_token_in_env() => format!(
                    "no API token: set {ENV_TOKEN} (or {ENV_TOKEN_FALLBACK}), or pass --token-file PATH"
                ),
                None => format!("the token in the environment {}", err.message()),
            };
            Failure::Message(exit::AUTH, format!("InvalidRequestError: {reason}"))
        } else {
            Failure::Api(err)
        }
    })
}

fn no_token_in_env() -> bool {
    std::env::var_os(ENV_TOKEN).is_none() && std::env::var_os(ENV_TOKEN_FALLBACK).is_none()
}

/// The token in `path` (`-`: stdin), without surrounding whitespace (files end in a newline).
fn read_token_file(path: &std::path::Path) -> Result<String, Failure> {
    let read = if path.as_os_str() == "-" {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text).map(|_| text)
    } else {
        std::fs::read_to_string(path)
    };
    let text = read.map_err(|e| {
        Failure::Message(
            exit::AUTH,
            format!(
                "InvalidRequestError: cannot read the token file {}: {e}",
                path.display()
            ),
        )
    })?;
    let token = text.trim();
    if token.is_empty() {
        return Err(Failure::Message(
            exit::AUTH,
            format!(
                "InvalidRequestError: the token file {} is empty",
                path.display()
            ),
        ));
    }
    Ok(token.to_owned())
}
