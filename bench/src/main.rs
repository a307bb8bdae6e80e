//! `talkover-bench`: measures one Rust client on the real request path against a running
//! simulator and prints one JSON line. `bench/run.py` runs it (and the Python and Node
//! benchmarks) several times, pinned to its own core, and prints the table.
//!
//! Usage: `talkover-bench --client talkover|reqwest --url URL --token T [--seconds 3]
//! [--concurrency 64] [--sequential 2000]`

mod measure;
mod peer;

use measure::{measure, Args};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// One request on the path being measured; returns how many calls it decoded.
pub type Request = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = usize> + Send>> + Send + Sync>;

const AGENT: &str = "agent-bench";
const PHONE: &str = "+5511987654321";

fn talkover_request(args: &Args) -> Request {
    let client = talkover::Client::builder()
        .token(&args.token)
        .base_url(&args.url)
        .build()
        .unwrap_or_else(|e| fail(&format!("client: {e}")));
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

fn fail(msg: &str) -> ! {
    eprintln!("talkover-bench: {msg}");
    std::process::exit(2)
}

fn main() {
    let args = Args::parse().unwrap_or_else(|e| fail(&e));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(&format!("runtime: {e}")));
    let request = match args.client.as_str() {
        "talkover" => talkover_request(&args),
        "reqwest" => peer::request(&args.url, &args.token, AGENT, PHONE),
        other => fail(&format!("unknown client {other:?}")),
    };
    let result = runtime.block_on(measure(&args, request));
    println!("{result}");
}
