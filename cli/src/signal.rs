//! Ctrl-C, received as an event rather than the default kill, so in-flight requests are
//! dropped (closing their connections) and the exit code is ours to choose.
//!
//! The handler is installed synchronously, before any request is sent, so there is no window
//! in which Ctrl-C would kill the process instead. Tokio keeps the handler installed for the
//! life of the process and chains to whatever handler was there before (Python's, for
//! instance), so calling [`crate::run`] from a host process does not break the host's own
//! Ctrl-C handling.

use std::io;

/// A subscription to SIGINT (Ctrl-C on Windows).
pub(crate) struct Interrupt {
    #[cfg(unix)]
    signal: tokio::signal::unix::Signal,
    #[cfg(windows)]
    signal: tokio::signal::windows::CtrlC,
}

impl Interrupt {
    /// Starts listening; must be called inside the runtime.
    pub(crate) fn install() -> io::Result<Interrupt> {
        #[cfg(unix)]
        let signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
        #[cfg(windows)]
        let signal = tokio::signal::windows::ctrl_c()?;
        Ok(Interrupt {
            #[cfg(any(unix, windows))]
            signal,
        })
    }

    /// Resolves at the next Ctrl-C.
    pub(crate) async fn wait(&mut self) {
        #[cfg(any(unix, windows))]
        if self.signal.recv().await.is_some() {
            return;
        }
        // No signal source: never resolves, so the command runs to its end.
        std::future::pending::<()>().await;
    }
}

/// Listens for SIGTERM from now on and resolves when it comes; never on platforms without
/// it. Only the simulator listens, since listening replaces the default of being killed.
pub(crate) fn terminate() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        #[cfg(unix)]
        if let Some(mut signal) = signal {
            signal.recv().await;
            return;
        }
        std::future::pending::<()>().await;
    }
}
