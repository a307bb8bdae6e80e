//! The system's roots are loaded once and shared by the clients built after the first, as
//! long as `SSL_CERT_FILE` and what it names are unchanged: an edited bundle, or the variable
//! pointed elsewhere, is read again by the next client built. One test, in its own binary,
//! because it changes a process-wide environment variable.

use talkover::{Client, ErrorKind};
use talkover_mock::{MockOptions, MockServer, SeedCall};

const AGENT: &str = "agent-1";
const PHONE: &str = "+5511987654321";

fn tls_mock() -> MockServer {
    let mock = MockServer::start(MockOptions {
        tls: true,
        ..MockOptions::default()
    })
    .expect("TLS simulator starts");
    mock.seed_call(SeedCall::new(AGENT, PHONE));
    mock
}

fn client(mock: &MockServer) -> Client {
    Client::builder()
        .token(mock.token())
        .base_url(mock.url())
        .max_retries(0)
        .build()
        .expect("client builds")
}

async fn trusts(client: &Client) -> bool {
    match client.active_call(AGENT, PHONE).await {
        Ok(calls) => calls.len() == 1,
        Err(e) if e.kind() == ErrorKind::Connection => false,
        Err(e) => panic!("unexpected error: {e}"),
    }
}

#[tokio::test]
async fn roots_are_shared_until_the_bundle_changes() {
    // Two simulators, each with a self-signed certificate of its own.
    let (first, second) = (tls_mock(), tls_mock());
    let dir = std::env::temp_dir().join(format!("talkover-shared-roots-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bundle = dir.join("ca.pem");
    std::fs::write(&bundle, first.ca_pem().expect("certificate")).expect("PEM written");
    // SAFETY: this binary has a single test, so no other thread reads the environment.
    unsafe {
        std::env::remove_var("SSL_CERT_DIR");
        std::env::set_var("SSL_CERT_FILE", &bundle);
    }

    let a = client(&first);
    assert!(trusts(&a).await, "the bundle's CA is trusted");
    // Built from the shared roots: the same trust, without reading the bundle again.
    let b = client(&first);
    assert!(trusts(&b).await);
    assert!(!trusts(&client(&second)).await, "a CA not in the bundle");

    // The bundle now holds both CAs: its size changes, so the next client reads it again.
    let mut both = first.ca_pem().expect("certificate");
    both.push_str(&second.ca_pem().expect("certificate"));
    std::fs::write(&bundle, both).expect("PEM rewritten");
    assert!(
        trusts(&client(&second)).await,
        "the edited bundle is read again"
    );
    assert!(trusts(&client(&first)).await);
    assert!(
        trusts(&a).await,
        "a client keeps the roots it was built with"
    );

    // Pointed at nothing usable: the client still builds (with a warning), and neither
    // self-signed certificate is trusted.
    unsafe { std::env::set_var("SSL_CERT_FILE", dir.join("missing.pem")) };
    assert!(!trusts(&client(&first)).await);
    let _ = std::fs::remove_dir_all(&dir);
}
