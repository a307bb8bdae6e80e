//! `runCli`: the `talkover` command line, run by the package's `bin/talkover.js`.
//!
//! The command line is the `talkover-cli` crate, linked into this addon so that
//! `npm install -g talkover` and `npx talkover` need no second binary and behave exactly as
//! `cargo install talkover-cli` does: same parsing, output, exit codes and Ctrl-C handling.
//!
//! Why a synchronous function: [`talkover_cli::run`] blocks on a single-threaded runtime of
//! its own and reads the process's real stdin and terminal. Called from the JavaScript
//! thread, which runs no Tokio runtime, it never touches the addon's shared runtime (whose
//! workers must not block), and the bin script has nothing else to do while it runs.

use napi_derive::napi;

/// Runs the `talkover` command line with `argv` (the program name first, as in
/// `['talkover', ...process.argv.slice(2)]`), writing to the process's stdout and stderr,
/// and returns its exit code (documented in `talkover --help`). Blocks until the command is
/// done; for `talkover mock`, until Ctrl-C.
#[napi(catch_unwind)]
pub fn run_cli(argv: Vec<String>) -> u32 {
    u32::from(talkover_cli::run(argv))
}
