//! The `talkover` binary, run as a real process against the simulator: stdout, stderr and
//! the exit code of every command, good input and bad, faults and Ctrl-C.

mod calls;
mod common;
mod faults;
mod hangup;
mod list;
mod mock;
mod safety;
