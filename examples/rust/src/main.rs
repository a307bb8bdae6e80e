//! Quickstart: the whole call workflow, and the errors a real integration meets.
//!
//! Dedupe (look up the active call first), place a call only when there is none, find it,
//! end it, see what ending it twice does, then list the agent's calls of today. `make demo`
//! runs it against the bundled simulator. Against the real API, set `TALKOVER_API_TOKEN` and
//! `TALKOVER_BASE_URL` (plus `TALKOVER_AGENT_ID` and `TALKOVER_PHONE`) and run
//! `cargo run -p talkover-examples --bin quickstart`.

use talkover::{CallFilter, Client, ErrorKind, MakeCall};

#[tokio::main]
async fn main() -> Result<(), talkover::Error> {
    let agent_id = std::env::var("TALKOVER_AGENT_ID").unwrap_or_else(|_| "agent-demo".into());
    let phone = std::env::var("TALKOVER_PHONE").unwrap_or_else(|_| "+55 11 98765-4321".into());

    // Reads TALKOVER_API_TOKEN and TALKOVER_BASE_URL; one client per process is enough.
    let client = Client::from_env()?;

    let active = client.active_call(&agent_id, &phone).await?;
    println!("[rust] active calls for {phone}: {}", active.len());
    if active.is_empty() {
        let mut payload = serde_json::Map::new();
        payload.insert("customer_name".into(), "Ana".into());
        let request = MakeCall::new(phone.as_str()).payload(payload);
        let placed = client.make_call(&agent_id, &request).await?;
        let status = placed.status.as_ref().map_or("-", |s| s.as_str());
        println!("[rust] placed call {} ({status})", placed.id);
    } else {
        println!("[rust] already on a call: not placing another");
    }

    let calls = client.active_call(&agent_id, &phone).await?;
    let Some(call) = calls.first() else {
        println!("[rust] no active call for {phone}");
        return Ok(());
    };
    println!("[rust] active call: {} ({})", call.id, call.status);

    let ended = client.end_call(&agent_id, &call.id).await?;
    println!(
        "[rust] ended {}: {} ({})",
        ended.id,
        ended.status,
        ended.ended_reason.as_deref().unwrap_or("-")
    );

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

    let today = talkover::chrono::Utc::now().date_naive();
    let filter = CallFilter::new().agent_id(&agent_id).date_from(today);
    let mut pager = client.list_calls(filter)?;
    while let Some(page) = pager.next_page().await? {
        for call in &page.items {
            let direction = call.direction.as_ref().map_or("-", |d| d.as_str());
            println!("[rust] today: {} {} {direction}", call.id, call.status);
        }
    }
    Ok(())
}
