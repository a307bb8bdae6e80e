//! `TALKOVER_LOG` parsing. One test, in its own binary, because it changes a process-wide
//! environment variable.

use talkover::tracing::Level;
use talkover::{level_from_env, LOG_ENV};

#[test]
fn level_comes_from_talkover_log() {
    assert_eq!(LOG_ENV, "TALKOVER_LOG");
    // SAFETY: this binary has a single test, so no other thread reads the environment.
    unsafe { std::env::remove_var(LOG_ENV) };
    assert_eq!(level_from_env(), None, "unset");
    let table = [
        ("", None),
        ("off", None),
        ("OFF", None),
        ("bogus", None),
        ("error", Some(Level::ERROR)),
        ("Warn", Some(Level::WARN)),
        ("INFO", Some(Level::INFO)),
        ("debug", Some(Level::DEBUG)),
        (" trace ", Some(Level::TRACE)),
    ];
    for (value, want) in table {
        unsafe { std::env::set_var(LOG_ENV, value) };
        assert_eq!(level_from_env(), want, "{value:?}");
    }
}
