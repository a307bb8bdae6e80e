//! `talkover-bench`: measures one Rust client on the real request path against a running
//! server and prints one JSON line. `bench/run.py` runs it (and the Python and Node
//! benchmarks) pinned to its own core, and prints the table.
//!
//! Usage: `talkover-bench --client NAME --url URL --token T [--seconds 3]
//! [--concurrency 64] [--sequential 2000]`
//!
//! NAME is one operation on one client:
//! - `talkover` / `reqwest`: the active call for a phone number (one GET);
//! - `talkover-list` / `reqwest-list`: a whole 3-page listing of calls (three GETs);
//! - `talkover-make-call` / `reqwest-make-call`: placing one call (one POST);
//! - `construct`: no request; times building HTTPS clients in this process (the first, the
//!   second, and the median of the next ones).
//!
//! `--seconds 0` runs one warm-up call and the sequential calls only, for callgrind.

mod measure;
mod peer;

use measure::{measure, Args};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

/// One operation on the path being measured; returns how many calls it decoded.
pub type Request = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = usize> + Send>> + Send + Sync>;

const AGENT: &str = "agent-bench";
const PHONE: &str = "+5511987654321";
/// The number dialled by the make-call operation.
const DIAL: &str = "+5511987654000";

fn talkover_client(args: &Args) -> talkover::Client {
    talkover::Client::builder()
        .token(&args.token)
        .base_url(&args.url)
        .build()
        .unwrap_or_else(|e| fail(&format!("client: {e}")))
}

fn talkover_active(args: &Args) -> Request {
    let client = talkover_client(args);
    Arc::new(move || {
        let client = client.clone();
        Box::pin(async move {
            match client.active_call(AGENT, PHONE).await {
                Ok(calls) => calls.len(),
                Err(e) => fail(&format!("request failed: {e}")),
            }
        })
    })
}

fn talkover_list(args: &Args) -> Request {
    let client = talkover_client(args);
    Arc::new(move || {
        let client = client.clone();
        Box::pin(async move {
            let mut pager = client
                .list_calls(talkover::CallFilter::new())
                .unwrap_or_else(|e| fail(&format!("filter: {e}")));
            let mut listed = 0;
            loop {
                match pager.next_page().await {
                    Ok(Some(page)) => listed += page.items.len(),
                    Ok(None) => return listed,
                    Err(e) => fail(&format!("request failed: {e}")),
                }
            }
        })
    })
}

fn talkover_make_call(args: &Args) -> Request {
    let client = talkover_client(args);
    let request = Arc::new(talkover::MakeCall::new(DIAL));
    Arc::new(move || {
        let client = client.clone();
        let request = request.clone();
        Box::pin(async move {
            match client.make_call(AGENT, &request).await {
                Ok(_) => 1,
                Err(e) => fail(&format!("request failed: {e}")),
            }
        })
    })
}

/// Times building HTTPS clients, the way an application starting up (or a test suite
/// building a client per test) does. Prints one JSON line.
fn construct(args: &Args) -> String {
    let build = || {
        let start = Instant::now();
        talkover::Client::builder()
            .token(&args.token)
            .base_url("https://127.0.0.1:9/api/v1")
            .build()
            .unwrap_or_else(|e| fail(&format!("client: {e}")));
        start.elapsed().as_secs_f64() * 1e3
    };
    let first = build();
    let second = build();
    let mut rest: Vec<f64> = (0..20).map(|_| build()).collect();
    rest.sort_by(f64::total_cmp);
    format!(
        "{{\"lang\":\"rust\",\"client\":\"construct\",\"first_ms\":{first:.3},\
         \"second_ms\":{second:.3},\"median_ms\":{:.3}}}",
        rest[rest.len() / 2]
    )
}

fn fail(msg: &str) -> ! {
    eprintln!("talkover-bench: {msg}");
    std::process::exit(2)
}

fn main() {
    let args = Args::parse().unwrap_or_else(|e| fail(&e));
    if args.client == "construct" {
        println!("{}", construct(&args));
        return;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(&format!("runtime: {e}")));
    // Built inside the runtime: reqwest's connector wants its reactor at build time.
    let _guard = runtime.enter();
    let (request, expected) = match args.client.as_str() {
        "talkover" => (talkover_active(&args), 1),
        "reqwest" => (peer::active(&args.url, &args.token, AGENT, PHONE), 1),
        "talkover-list" => (talkover_list(&args), 30),
        "reqwest-list" => (peer::list(&args.url, &args.token), 30),
        "talkover-make-call" => (talkover_make_call(&args), 1),
        "reqwest-make-call" => (peer::make_call(&args.url, &args.token, AGENT, DIAL), 1),
        other => fail(&format!("unknown client {other:?}")),
    };
    let result = runtime.block_on(measure(&args, request, expected));
    println!("{result}");
}
