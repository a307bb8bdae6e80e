//! The `talkover` command line, as a library.
//!
//! The whole CLI is [`run`]: it takes the arguments (program name first), uses the process's
//! real stdin, stdout, stderr and terminal detection, blocks until the command is done and
//! returns the exit code. The `talkover` binary of this crate is a one-line `main` around it,
//! and the Python console script and the npm `bin` call the same function through the native
//! modules, so the three installs behave the same and nothing is built twice.
//!
//! ```no_run
//! let code = talkover_cli::run(["talkover", "calls", "active", "agent-1", "+5511987654321"]);
//! std::process::exit(i32::from(code));
//! ```
//!
//! Exit codes are documented in [`exit`] and in the README.
#![deny(missing_docs)]

mod args;
mod calls;
mod client;
pub mod exit;
mod hangup;
mod help;
mod mock;
mod output;
mod prompt;
mod signal;
mod values;

use args::{CallsCommand, Cli, Command};
use clap::{CommandFactory, Parser};
use output::Format;
use std::ffi::OsString;
use std::io::{self, Write};

/// Runs the `talkover` command line with `args` (the first is the program name, as in
/// `std::env::args_os()`) and returns its exit code, without exiting the process.
///
/// Blocks until the command finishes. It starts its own single-threaded Tokio runtime, so
/// call it from a thread that is not running one (a plain `main`, a Python thread with the
/// GIL released, Node's main thread); called from inside a runtime, it runs the command on
/// a thread of its own instead of panicking. Ctrl-C (SIGINT) cancels the requests in
/// flight and returns [`exit::INTERRUPTED`]; for `talkover mock` it is the normal stop.
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            // Help and --version land on stdout with code 0, usage errors on stderr with 2.
            let _ = err.print();
            return u8::try_from(err.exit_code()).unwrap_or(exit::USAGE);
        }
    };
    if tokio::runtime::Handle::try_current().is_ok() {
        // block_on inside a runtime would panic: give the command a thread without one.
        return std::thread::scope(|scope| {
            scope
                .spawn(|| block_on(cli))
                .join()
                .unwrap_or(exit::FAILURE)
        });
    }
    block_on(cli)
}

// The README's Rust example is compiled as a doctest, so it cannot drift from `run`.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// How a command failed; [`run`] prints it as one line on stderr and returns its code.
pub(crate) enum Failure {
    /// An error from the core; the code follows its class.
    Api(talkover::Error),
    /// A failure described by the CLI itself: the exit code and the line to print after
    /// `talkover: `.
    Message(u8, String),
    /// Writing to stdout failed.
    Io(io::Error),
}

impl From<talkover::Error> for Failure {
    fn from(err: talkover::Error) -> Failure {
        Failure::Api(err)
    }
}

impl From<io::Error> for Failure {
    fn from(err: io::Error) -> Failure {
        Failure::Io(err)
    }
}

/// What a command returns: its exit code, or how it failed.
pub(crate) type Outcome = Result<u8, Failure>;

fn block_on(cli: Cli) -> u8 {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            return report(Failure::Message(
                exit::FAILURE,
                format!("cannot start: {e}"),
            ))
        }
    };
    let code = runtime.block_on(dispatch(cli));
    // A confirmation prompt may still be blocked reading stdin after Ctrl-C: do not wait.
    runtime.shutdown_background();
    code
}

async fn dispatch(cli: Cli) -> u8 {
    // Installed before any request, so a Ctrl-C at any point after this is ours to handle.
    let interrupt = match signal::Interrupt::install() {
        Ok(interrupt) => interrupt,
        Err(e) => {
            return report(Failure::Message(
                exit::FAILURE,
                format!("cannot handle Ctrl-C: {e}"),
            ))
        }
    };
    let format = Format::choose(&cli.global);
    let work = match cli.command {
        // The simulator stops on Ctrl-C by design: it waits for the signal itself.
        Command::Mock(args) => {
            return mock::run(args, format, interrupt)
                .await
                .unwrap_or_else(report)
        }
        Command::Completions { shell } => return completions(shell).unwrap_or_else(report),
        Command::Calls(command) => calls(&cli.global, command, format),
    };
    let mut interrupt = interrupt;
    let outcome = tokio::select! {
        outcome = work => outcome,
        () = interrupt.wait() => {
            // Dropping `work` closed every connection it had open.
            output::note("talkover: interrupted; requests in flight were cancelled");
            return exit::INTERRUPTED;
        }
    };
    outcome.unwrap_or_else(report)
}

async fn calls(global: &args::Global, command: CallsCommand, format: Format) -> Outcome {
    let client = client::build(global)?;
    match command {
        CallsCommand::Active(target) => calls::active(&client, &target, format).await,
        CallsCommand::End {
            agent,
            call_id,
            confirm,
        } => calls::end(&client, &agent, &call_id, confirm.yes, format).await,
        CallsCommand::Hangup { target, confirm } => {
            hangup::run(&client, &target, confirm.yes, format).await
        }
        CallsCommand::Place(args) => calls::place(&client, args, format).await,
        CallsCommand::List(args) => calls::list(&client, args, format).await,
    }
}

fn completions(shell: clap_complete::Shell) -> Outcome {
    let mut command = Cli::command();
    // Generated into memory first: clap_complete panics on a write error, such as a closed
    // pipe, and a closed pipe is not a failure here.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "talkover", &mut script);
    let mut out = io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(exit::OK)
}

/// Prints a failure as one line on stderr and returns its exit code.
fn report(failure: Failure) -> u8 {
    let (code, text) = match failure {
        Failure::Api(err) => (exit::for_kind(err.kind()), output::describe(&err)),
        Failure::Message(code, text) => (code, output::one_line(&text)),
        // `talkover calls list | head` closes the pipe early: that is the reader's choice,
        // not a failure.
        Failure::Io(e) if e.kind() == io::ErrorKind::BrokenPipe => return exit::OK,
        Failure::Io(e) => (exit::FAILURE, format!("cannot write the output: {e}")),
    };
    output::note(&format!("talkover: {text}"));
    code
}

#[cfg(test)]
mod tests {
    use talkover_mock::{MockOptions, MockServer};

    #[test]
    fn run_works_from_inside_a_runtime() {
        let server = MockServer::start(MockOptions::default()).unwrap();
        let token_file =
            std::env::temp_dir().join(format!("talkover-cli-unit-{}", std::process::id()));
        std::fs::write(&token_file, server.token()).unwrap();
        let args = [
            "talkover".into(),
            "--json".into(),
            "--base-url".into(),
            server.url(),
            "--token-file".into(),
            token_file.to_string_lossy().into_owned(),
            "calls".into(),
            "list".into(),
        ];
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let code = runtime.block_on(async { super::run(args.clone()) });
        assert_eq!(code, 0);
        assert_eq!(super::run(args), 0, "and from a plain thread");
        assert_eq!(server.requests().len(), 2);
        std::fs::remove_file(token_file).unwrap();
    }
}
