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
//!
//! Why the signal dispositions are reset while it runs: Node handles SIGINT and SIGTERM
//! itself, by resetting the terminal and raising the signal again. The command line listens
//! for SIGINT (and SIGTERM for `talkover mock`) through Tokio, which chains to the handler it
//! found installed; chained to Node's, each signal would raise itself again, forever. With
//! the default disposition underneath, as in a process of its own, Ctrl-C cancels the
//! requests in flight and exits 130, and SIGTERM ends any other command at once. Node's
//! handlers are put back when the command returns.

use napi_derive::napi;

/// Runs the `talkover` command line with `argv` (the program name first, as in
/// `['talkover', ...process.argv.slice(2)]`), writing to the process's stdout and stderr,
/// and returns its exit code (documented in `talkover --help`). Blocks until the command is
/// done; for `talkover mock`, until Ctrl-C.
#[napi(catch_unwind)]
pub fn run_cli(argv: Vec<String>) -> u32 {
    #[cfg(unix)]
    let _defaults = unix::Defaults::install();
    u32::from(talkover_cli::run(argv))
}

#[cfg(unix)]
mod unix {
    use std::mem::MaybeUninit;
    use std::ptr;

    const SIGNALS: [libc::c_int; 2] = [libc::SIGINT, libc::SIGTERM];

    /// SIGINT and SIGTERM at their default disposition while it lives; then the handlers
    /// that were installed before, whatever was installed meanwhile.
    pub(super) struct Defaults {
        saved: Vec<(libc::c_int, libc::sigaction)>,
    }

    impl Defaults {
        pub(super) fn install() -> Defaults {
            let mut saved = Vec::with_capacity(SIGNALS.len());
            for signal in SIGNALS {
                // SAFETY: a zeroed `sigaction` is a valid value to fill in; both calls get
                // valid pointers and a valid signal number.
                unsafe {
                    let mut default: libc::sigaction = MaybeUninit::zeroed().assume_init();
                    default.sa_sigaction = libc::SIG_DFL;
                    libc::sigemptyset(&mut default.sa_mask);
                    let mut previous = MaybeUninit::<libc::sigaction>::zeroed();
                    if libc::sigaction(signal, &default, previous.as_mut_ptr()) == 0 {
                        saved.push((signal, previous.assume_init()));
                    }
                }
            }
            Defaults { saved }
        }
    }

    impl Drop for Defaults {
        fn drop(&mut self) {
            for (signal, previous) in &self.saved {
                // SAFETY: `previous` is what `sigaction` reported for this signal.
                unsafe { libc::sigaction(*signal, previous, ptr::null_mut()) };
            }
        }
    }
}
