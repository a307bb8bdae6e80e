//! Confirmation of destructive commands (`calls end`, `calls hangup`).
//!
//! A person at a terminal is asked; a script must say `--yes`. Without a terminal on stdin
//! the command refuses at once rather than wait for input that may never come (a cron job,
//! CI), and refuses before any request, so nothing happens by accident.

use crate::{exit, Failure};
use std::io::{self, BufRead, IsTerminal, Write};

/// Whether to ask: `false` with `--yes`; `true` when stdin is a terminal; otherwise the
/// refusal (exit 2).
pub(crate) fn needed(yes: bool, what: &str) -> Result<bool, Failure> {
    if yes {
        return Ok(false);
    }
    if io::stdin().is_terminal() {
        return Ok(true);
    }
    Err(Failure::Message(
        exit::USAGE,
        format!("refusing to {what} without confirmation: stdin is not a terminal; pass --yes"),
    ))
}

/// Asks `question` on stderr and reads the answer from stdin; only `y` or `yes` agrees.
///
/// The read happens on a thread of its own, so Ctrl-C still interrupts the command while it
/// waits (the thread is left blocked on stdin; the process is about to exit).
pub(crate) async fn ask(question: &str) -> io::Result<bool> {
    {
        let mut err = io::stderr().lock();
        write!(err, "{question} [y/N] ")?;
        err.flush()?;
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("talkover-prompt".to_owned())
        .spawn(move || {
            let mut answer = String::new();
            let read = io::stdin().lock().read_line(&mut answer).map(|_| answer);
            let _ = tx.send(read);
        })?;
    let answer = rx
        .await
        .map_err(|_| io::Error::other("the prompt thread stopped"))??;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// The failure for an answer other than yes.
pub(crate) fn declined() -> Failure {
    Failure::Message(exit::FAILURE, "declined: nothing was ended".to_owned())
}
