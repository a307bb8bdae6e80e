//! `talkover mock`: the simulator of the `talkover-mock` crate, run in this process, so a
//! test suite in any language can start it from the installed package without cargo.

use crate::args::MockArgs;
use crate::output::{self, Format};
use crate::signal::{self, Interrupt};
use crate::{exit, Failure, Outcome};
use serde_json::json;
use talkover_mock::{MockOptions, MockServer, DEFAULT_TOKEN};

/// Starts the simulator, prints where it is, and serves until Ctrl-C or SIGTERM (exit 0).
pub(crate) async fn run(args: MockArgs, format: Format, mut interrupt: Interrupt) -> Outcome {
    let defaults = MockOptions::default();
    let token = match args.token {
        Some(token) => token,
        None => std::env::var("TALKOVER_MOCK_TOKEN")
            .ok()
            .filter(|t| talkover::validate::validate_token(t).is_ok())
            .unwrap_or_else(|| DEFAULT_TOKEN.to_owned()),
    };
    let opts = MockOptions {
        token,
        port: args.port,
        credits: args.credits,
        rate_limit_per_minute: args.rate_limit,
        ring_after_ms: args.ring_after_ms.unwrap_or(defaults.ring_after_ms),
        answer_after_ms: args.answer_after_ms.unwrap_or(defaults.answer_after_ms),
        ..defaults
    };
    // Listening for SIGTERM before announcing: a parent that stops the server right after
    // reading the line gets a clean exit, not the default kill.
    let terminated = signal::terminate();
    let server = MockServer::start(opts).map_err(|e| {
        Failure::Message(
            exit::FAILURE,
            format!("cannot listen on 127.0.0.1:{}: {e}", args.port),
        )
    })?;
    let url = server.url();
    let control_url = format!("http://{}/__mock", server.addr());
    match format {
        Format::Json => output::json_line(&json!({
            "url": url,
            "token": server.token(),
            "control_url": control_url,
        }))?,
        Format::Table => output::line(&format!(
            "talkover mock listening on {url}\n\
             token: {token}\n\
             control API: {control_url}\n\n\
             Point a client at it:\n  \
             export TALKOVER_BASE_URL={url}\n  \
             export TALKOVER_API_TOKEN={token}\n\n\
             Seed an agent before placing calls:\n  \
             curl -X POST {control_url}/agents -d '{{\"id\": \"agent-1\"}}'\n\n\
             Ctrl-C to stop.",
            token = server.token()
        ))?,
    }
    tokio::select! {
        () = interrupt.wait() => {}
        () = terminated => {}
    }
    server.stop();
    Ok(exit::OK)
}
