//! `SSL_CERT_FILE` names trusted CAs (read by the system verifier on Linux, by the client
//! itself on macOS and Windows). One test, in its own binary, because it changes a
//! process-wide environment variable.

use talkover::{Client, ErrorKind};
use talkover_mock::{MockOptions, MockServer, SeedCall};

#[tokio::test]
async fn ssl_cert_file_is_trusted_and_a_missing_one_is_skipped() {
    let mock = MockServer::start(MockOptions {
        tls: true,
        ..MockOptions::default()
    })
    .expect("TLS simulator starts");
    mock.seed_call(SeedCall::new("agent-1", "+5511987654321"));
    let dir = std::env::temp_dir().join(format!("talkover-tls-env-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let ca_path = dir.join("ca.pem");
    std::fs::write(&ca_path, mock.ca_pem().expect("certificate")).expect("PEM written");
    let client = || {
        Client::builder()
            .token(mock.token())
            .base_url(mock.url())
            .max_retries(0)
            .build()
    };

    // SAFETY: this binary has a single test, so no other thread reads the environment.
    unsafe { std::env::set_var("SSL_CERT_FILE", &ca_path) };
    let calls = client()
        .expect("client builds")
        .active_call("agent-1", "+5511987654321")
        .await
        .expect("the CA in SSL_CERT_FILE is trusted");
    assert_eq!(calls.len(), 1);

    // A variable pointing nowhere is the environment's mistake, not the caller's: the client
    // still builds, and the certificate is simply not trusted.
    unsafe { std::env::set_var("SSL_CERT_FILE", dir.join("missing.pem")) };
    let err = client()
        .expect("a missing SSL_CERT_FILE does not fail the build")
        .active_call("agent-1", "+5511987654321")
        .await
        .expect_err("nothing trusts the certificate now");
    assert_eq!(err.kind(), ErrorKind::Connection, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
