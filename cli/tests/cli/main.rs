//! The `talkover` binary, run as a real process against the simulator: stdout, stderr and
//! the exit code of every command, good input and bad, faults and Ctrl-C.
//!
//! Unix only: the tests send signals and open pseudo-terminals.
#![cfg(unix)]

mod calls;
mod common;
mod faults;
mod hangup;
mod list;
mod mock;
mod safety;
