//! Quickstart: find the active call for a phone number, end it, and handle the errors a
//! real integration meets.
//!
//! `make demo` runs it against the bundled simulator. Against the real API, set
//! `TALKOVER_API_TOKEN` and `TALKOVER_BASE_URL` (plus `TALKOVER_AGENT_ID` and
//! `TALKOVER_PHONE`) and run `cargo run -p talkover-examples --bin quickstart`.

use talkover::{Client, ErrorKind};

#[tokio::main]
async fn main() -> Result<(), talkover::Error> {
    let agent_id = std::env::var("TALKOVER_AGENT_ID").unwrap_or_else(|_| "agent-demo".into());
    let phone = std::env::var("TALKOVER_PHONE").unwrap_or_else(|_| "+55 11 98765-4321".into());

    // Reads TALKOVER_API_TOKEN and TALKOVER_BASE_URL; one client per process is enough.
    let client = Client::from_env()?;

    let calls = client.active_call(&agent_id, &phone).await?;
    let Some(call) = calls.first() else {
        println!("[rust] no active call for {phone}");
        return Ok(());
    };
    println!(
        "[rust] active call for {phone}: {} ({}, {} s in)",
        call.id,
        call.status,
        call.duration_seconds.unwrap_or(0)
    );

    let ended = client.end_call(&agent_id, &call.id).await?;
    println!(
        "[rust] ended {}: {} ({})",
        ended.id,
        ended.status,
        ended.ended_reason.as_deref().unwrap_or("-")
    );

    let after = client.active_call(&agent_id, &phone).await?;
    println!("[rust] active calls now: {}", after.len());

    match client.end_call(&agent_id, &call.id).await {
        Err(e) if e.kind() == ErrorKind::CallNotActive => println!(
            "[rust] ending it again: {} (HTTP {}, code {})",
            e.kind().class_name(),
            e.status().unwrap_or_default(),
            e.code().unwrap_or("-")
        ),
        Err(e) => return Err(e),
        Ok(_) => println!("[rust] ending it again succeeded (the call was still active)"),
    }
    Ok(())
}
