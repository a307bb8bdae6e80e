//! `talkover-mock`: the simulator as a standalone server.
//!
//! For test suites that cannot embed the Rust library, and for trying clients by hand: it
//! prints one line with its base URL (so a parent process can read the port it got) and
//! serves until SIGINT or SIGTERM, then exits 0. It is driven over HTTP through `/__mock`.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::process::ExitCode;

use talkover_mock::{MockOptions, MockServer, DEFAULT_TOKEN};

const USAGE: &str = "\
usage: talkover-mock [--port PORT] [--token TOKEN] [--host HOST] [--tls [--ca-out PATH]]
                     [--rate-limit N] [--credits N] [--ring-after-ms MS] [--answer-after-ms MS]

A simulator of the TalkOver REST API.

options:
  --port PORT            port to listen on; 0 picks a free one (default 8080)
  --token TOKEN          bearer token to accept (default $TALKOVER_MOCK_TOKEN, else
                         talq_test_token)
  --host HOST            address to bind (default 127.0.0.1)
  --tls                  serve HTTPS with a self-signed certificate generated at start
  --ca-out PATH          with --tls, write that certificate (PEM) to PATH before announcing
  --rate-limit N         answer 429 past N requests per token per minute (default: never)
  --credits N            account credits; each placed non-test call costs 1 (default:
                         unlimited)
  --ring-after-ms MS     placed calls ring MS after creation (default 500)
  --answer-after-ms MS   placed calls are answered MS after creation (default 2000)
  -h, --help             print this help

Prints `talkover-mock listening on URL` once listening; stops on SIGINT or SIGTERM.
Seed agents, calls and campaigns, add faults, change the config and read the request log
over HTTP under /__mock.";

/// What the command line asked for.
struct Args {
    port: u16,
    token: String,
    host: IpAddr,
    tls: bool,
    ca_out: Option<PathBuf>,
    /// Starting values of the run-time settings.
    opts: MockOptions,
}

/// Parses the arguments; `Ok(None)` means help was printed.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args {
        port: 8080,
        token: std::env::var("TALKOVER_MOCK_TOKEN").unwrap_or_else(|_| DEFAULT_TOKEN.to_owned()),
        host: IpAddr::V4(Ipv4Addr::LOCALHOST),
        tls: false,
        ca_out: None,
        opts: MockOptions::default(),
    };
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg, None),
        };
        if flag == "-h" || flag == "--help" {
            println!("{USAGE}");
            return Ok(None);
        }
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--port" => {
                let v = value()?;
                parsed.port = v.parse().map_err(|_| format!("invalid port {v:?}"))?;
            }
            "--token" => parsed.token = value()?,
            "--host" => {
                let v = value()?;
                parsed.host = v.parse().map_err(|_| format!("invalid host {v:?}"))?;
            }
            "--tls" if inline.is_none() => parsed.tls = true,
            "--tls" => return Err("--tls takes no value".into()),
            "--ca-out" => parsed.ca_out = Some(PathBuf::from(value()?)),
            "--rate-limit" => parsed.opts.rate_limit_per_minute = Some(number(&flag, value()?)?),
            "--credits" => parsed.opts.credits = Some(number(&flag, value()?)?),
            "--ring-after-ms" => parsed.opts.ring_after_ms = number(&flag, value()?)?,
            "--answer-after-ms" => parsed.opts.answer_after_ms = number(&flag, value()?)?,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if parsed.token.is_empty()
        || parsed
            .token
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err("the token must be non-empty, without whitespace or control characters".into());
    }
    if parsed.ca_out.is_some() && !parsed.tls {
        return Err("--ca-out needs --tls".into());
    }
    Ok(Some(parsed))
}

/// A non-negative integer argument.
fn number<T: std::str::FromStr>(flag: &str, value: String) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag} needs a non-negative integer, not {value:?}"))
}

/// Installs the SIGINT and SIGTERM handlers, calls `announce`, then waits for a signal.
/// Handlers go in first so a parent that signals right after reading the line gets a clean
/// exit rather than the default kill.
async fn announce_then_wait(announce: impl FnOnce()) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        announce();
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        let ctrl_c = tokio::signal::ctrl_c();
        announce();
        ctrl_c.await
    }
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => return ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("talkover-mock: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("talkover-mock: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let opts = MockOptions {
        token: args.token,
        port: args.port,
        tls: args.tls,
        ..args.opts
    };
    let server = match MockServer::start_on(args.host, opts) {
        Ok(server) => server,
        Err(e) => {
            eprintln!(
                "talkover-mock: cannot listen on {}:{}: {e}",
                args.host, args.port
            );
            return ExitCode::FAILURE;
        }
    };
    // Written before the announcement, so whoever reads the line can use the file at once.
    if let (Some(path), Some(pem)) = (&args.ca_out, server.ca_pem()) {
        if let Err(e) = std::fs::write(path, pem) {
            eprintln!("talkover-mock: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    let url = server.url();
    let waited = runtime.block_on(announce_then_wait(|| {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "talkover-mock listening on {url}");
        let _ = stdout.flush();
    }));
    server.stop();
    match waited {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("talkover-mock: signal handling failed: {e}");
            ExitCode::FAILURE
        }
    }
}
