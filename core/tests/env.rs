//! Configuration from the environment. One test, in its own binary, because it changes
//! process-wide environment variables.

use talkover::{Client, ErrorKind, DEFAULT_BASE_URL, ENV_BASE_URL, ENV_TOKEN};

#[test]
fn arguments_win_over_environment_which_wins_over_defaults() {
    // SAFETY: this binary has a single test, so no other thread reads the environment.
    unsafe {
        std::env::remove_var(ENV_TOKEN);
        std::env::remove_var(ENV_BASE_URL);
    }
    let err = Client::from_env().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert!(
        err.to_string().contains(ENV_TOKEN),
        "says which variable to set: {err}"
    );

    unsafe { std::env::set_var(ENV_TOKEN, "talq_from_env") };
    let client = Client::from_env().expect("token from the environment");
    assert_eq!(client.base_url(), DEFAULT_BASE_URL);

    unsafe { std::env::set_var(ENV_BASE_URL, "http://127.0.0.1:9/api/v1/") };
    let client = Client::from_env().expect("base URL from the environment");
    assert_eq!(client.base_url(), "http://127.0.0.1:9/api/v1");

    let client = Client::builder()
        .base_url("http://localhost:1/x")
        .build()
        .expect("argument wins");
    assert_eq!(client.base_url(), "http://localhost:1/x");

    unsafe { std::env::set_var(ENV_TOKEN, "talq has space") };
    assert_eq!(
        Client::from_env().unwrap_err().kind(),
        ErrorKind::InvalidRequest
    );
}
