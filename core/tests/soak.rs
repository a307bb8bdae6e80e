//! Soak: many calls over one client at 64 concurrency, with a transient fault mixed in every
//! 100 calls. Every call must succeed (the faults are all retried), memory must not grow and
//! file descriptors must come back to their baseline.
//!
//! `make test` runs 20,000 calls; `make soak` runs 200,000 in release
//! (`TALKOVER_SOAK_CALLS=200000`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use talkover::Client;
use talkover_mock::{Fault, FaultKind, MockOptions, MockServer, SeedCall};

const AGENT: &str = "agent-soak";
const PHONE: &str = "+5511987654321";
const CONCURRENCY: usize = 64;

fn rss_mib() -> f64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0.0);
    pages * 4096.0 / (1024.0 * 1024.0)
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map_or(0, |d| d.count())
}

/// The transient fault injected before call number `n` (every 100th call).
fn fault_for(n: usize) -> Fault {
    match (n / 100) % 3 {
        0 => Fault::respond(503).header("retry-after", "0"),
        1 => Fault::respond(429).header("retry-after", "0"),
        _ => Fault::new(FaultKind::Drop),
    }
}

async fn run(client: &Client, mock: &Arc<MockServer>, calls: usize) -> usize {
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..CONCURRENCY {
        let (client, mock, next) = (client.clone(), mock.clone(), next.clone());
        workers.spawn(async move {
            let mut errors = 0;
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= calls {
                    return errors;
                }
                if n % 100 == 99 {
                    mock.add_fault(fault_for(n));
                }
                match client.active_call(AGENT, PHONE).await {
                    Ok(found) if found.len() == 1 => {}
                    Ok(found) => panic!("expected one call, got {}", found.len()),
                    Err(e) => {
                        eprintln!("call {n} failed: {e}");
                        errors += 1;
                    }
                }
            }
        });
    }
    let mut errors = 0;
    while let Some(done) = workers.join_next().await {
        errors += done.expect("worker finished");
    }
    errors
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_one_client_with_faults_mixed_in() {
    let calls: usize = std::env::var("TALKOVER_SOAK_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let mock = Arc::new(MockServer::start(MockOptions::default()).expect("simulator starts"));
    mock.seed_call(SeedCall::new(AGENT, PHONE));
    let fds_before = open_fds();
    // Faults wait in one queue and any request may take the next one, a retry included:
    // while a call backs off after a dropped connection (0.5 s), dozens of faults are queued
    // by the other workers, so with two retries a call now and then met three faults in a
    // row and failed the run. With five it would have to meet six, and every fault is still
    // one the client must retry.
    let client = Client::builder()
        .token(mock.token())
        .base_url(mock.url())
        .timeout(Duration::from_secs(10))
        .max_retries(5)
        .build()
        .expect("client builds");

    // Warm up: fill the pool, the allocator's arenas and the simulator's log ring.
    assert_eq!(run(&client, &mock, (calls / 10).max(10_000)).await, 0);
    let rss_warm = rss_mib();
    let errors = run(&client, &mock, calls).await;
    let rss_end = rss_mib();
    drop(client);
    // Give both ends a moment to close pooled connections.
    let mut fds_after = open_fds();
    for _ in 0..50 {
        if fds_after <= fds_before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        fds_after = open_fds();
    }
    eprintln!(
        "soak: {calls} calls, rss {rss_warm:.1} -> {rss_end:.1} MiB, fds {fds_before} -> {fds_after}"
    );
    assert_eq!(errors, 0, "only injected, retried faults: no call may fail");
    assert!(
        rss_end - rss_warm < 5.0,
        "RSS grew {:.1} MiB",
        rss_end - rss_warm
    );
    assert!(fds_after <= fds_before, "fds {fds_before} -> {fds_after}");
}
