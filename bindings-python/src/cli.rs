//! The `talkover` command line, for the console script `pip install talkover` puts on the
//! PATH (`talkover/_cli.py`).
//!
//! The command line is the `talkover-cli` crate, linked into this module rather than shipped
//! as a second binary, so the wheel holds one copy of the core and `talkover` behaves exactly
//! as the `cargo install` binary and the npm `bin` do: same parsing, output and exit codes.

use pyo3::exceptions::PyKeyboardInterrupt;
use pyo3::prelude::*;
use std::ffi::OsString;

/// Runs the command line with `argv` (the program name first, as `sys.argv`) and returns its
/// exit code. Blocks with the GIL released: the command runs on a runtime of its own and
/// reads stdin, writes stdout and stderr, and waits for prompts like the binary does.
#[pyfunction]
pub(crate) fn cli_main(py: Python<'_>, argv: Vec<OsString>) -> PyResult<u8> {
    let code = py.detach(|| talkover_cli::run(argv));
    // Tokio's Ctrl-C handler passes the signal on to Python's, which leaves a
    // KeyboardInterrupt pending. The command already handled the Ctrl-C and chose its exit
    // code (130, or 0 for `talkover mock`, which stops on it), so that exception is consumed
    // here instead of surfacing at some later line of the caller.
    if let Err(err) = py.check_signals() {
        if !err.is_instance_of::<PyKeyboardInterrupt>(py) {
            return Err(err);
        }
    }
    Ok(code)
}
