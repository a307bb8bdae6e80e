//! `TALKOVER_TOKEN`, the variable the vendor's docs tell users to export, is read when
//! `TALKOVER_API_TOKEN` is unset, and only then. Its own binary: it changes process-wide
//! environment variables.

use talkover::{Client, ErrorKind, ENV_BASE_URL, ENV_TOKEN, ENV_TOKEN_FALLBACK};
use talkover_mock::{MockOptions, MockServer};

#[tokio::test]
async fn the_vendor_variable_is_the_fallback() {
    let mock = MockServer::start(MockOptions::default()).expect("simulator starts");
    // SAFETY: this binary has a single test, so no other thread reads the environment.
    unsafe {
        std::env::remove_var(ENV_TOKEN);
        std::env::set_var(ENV_TOKEN_FALLBACK, mock.token());
        std::env::set_var(ENV_BASE_URL, mock.url());
    }
    let calls = Client::from_env()
        .expect("token from TALKOVER_TOKEN")
        .active_call("agent-1", "+5511987654321")
        .await
        .expect("the simulator accepts the token");
    assert!(calls.is_empty());

    unsafe { std::env::set_var(ENV_TOKEN, "talq_wrong") };
    let err = Client::from_env()
        .expect("token from TALKOVER_API_TOKEN")
        .active_call("agent-1", "+5511987654321")
        .await
        .unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::Authentication,
        "TALKOVER_API_TOKEN wins"
    );

    unsafe {
        std::env::remove_var(ENV_TOKEN);
        std::env::remove_var(ENV_TOKEN_FALLBACK);
    }
    let err = Client::from_env().unwrap_err();
    assert!(
        err.to_string().contains(ENV_TOKEN_FALLBACK),
        "names both: {err}"
    );
}
