//! The peer: what a careful user writes by hand with reqwest and serde for the same call,
//! decoding into typed structs as the library does.

use crate::Request;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
struct Envelope {
    data: Vec<PeerCall>,
}

#[derive(Deserialize)]
#[allow(dead_code)] // Fields are decoded to do the same work as the library, not read.
struct PeerCall {
    id: String,
    agent_id: String,
    to: String,
    status: String,
    started_at: Option<String>,
    duration_seconds: Option<u64>,
}

pub fn request(base_url: &str, token: &str, agent: &str, phone: &str) -> Request {
    let http = reqwest::Client::new();
    let url = format!(
        "{base_url}/agents/{agent}/active-call/{}",
        phone.replace('+', "%2B")
    );
    let auth = format!("Bearer {token}");
    Arc::new(move || {
        let req = http.get(&url).header("authorization", &auth).send();
        Box::pin(async move {
            let bytes = match req.await {
                Ok(resp) => resp.bytes().await.unwrap_or_default(),
                Err(e) => crate::fail(&format!("request failed: {e}")),
            };
            match serde_json::from_slice::<Envelope>(&bytes) {
                Ok(env) => env.data.len(),
                Err(e) => crate::fail(&format!("bad body: {e}")),
            }
        })
    })
}
