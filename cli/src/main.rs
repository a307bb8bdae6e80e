//! The `talkover` binary: the command line of [`talkover_cli`], with the process's
//! arguments and its exit code.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(talkover_cli::run(std::env::args_os()))
}
