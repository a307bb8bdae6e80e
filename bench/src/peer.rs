//! The peer: what a careful user writes by hand with reqwest and serde for the same
//! operations, decoding into typed structs with parsed timestamps as the library does.

use crate::Request;
use serde::Deserialize;
use std::sync::Arc;
use talkover::chrono::{DateTime, Utc};

#[derive(Deserialize)]
struct Envelope<T> {
    data: T,
    pagination: Option<Pagination>,
}

#[derive(Deserialize)]
#[allow(dead_code)] // Fields are decoded to do the same work as the library, not read.
struct PeerCall {
    id: String,
    agent_id: String,
    to: String,
    status: String,
    started_at: Option<DateTime<Utc>>,
    duration_seconds: Option<u64>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Agent {
    id: String,
    name: Option<String>,
    label: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct ListedCall {
    id: String,
    sid: Option<String>,
    to: String,
    from: Option<String>,
    is_testing: bool,
    direction: Option<String>,
    status: String,
    duration: Option<u64>,
    agent: Option<Agent>,
    created_at: Option<DateTime<Utc>>,
    updated_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct Pagination {
    current_page: u64,
    last_page: u64,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlacedCall {
    id: String,
    agent_id: String,
    to: String,
    status: String,
    created_at: Option<DateTime<Utc>>,
}

/// Sends the request, reads the body and decodes it.
async fn fetch<T: serde::de::DeserializeOwned>(req: reqwest::RequestBuilder) -> Envelope<T> {
    let bytes = match req.send().await {
        Ok(resp) if resp.status().is_success() => resp.bytes().await.unwrap_or_default(),
        Ok(resp) => crate::fail(&format!("HTTP {}", resp.status())),
        Err(e) => crate::fail(&format!("request failed: {e}")),
    };
    serde_json::from_slice(&bytes).unwrap_or_else(|e| crate::fail(&format!("bad body: {e}")))
}

pub fn active(base_url: &str, token: &str, agent: &str, phone: &str) -> Request {
    let http = reqwest::Client::new();
    let url = format!(
        "{base_url}/agents/{agent}/active-call/{}",
        phone.replace('+', "%2B")
    );
    let auth = format!("Bearer {token}");
    Arc::new(move || {
        let req = http.get(&url).header("authorization", &auth);
        Box::pin(async move { fetch::<Vec<PeerCall>>(req).await.data.len() })
    })
}

pub fn list(base_url: &str, token: &str) -> Request {
    let http = reqwest::Client::new();
    let url = format!("{base_url}/calls");
    let auth: Arc<str> = format!("Bearer {token}").into();
    Arc::new(move || {
        let (http, url, auth) = (http.clone(), url.clone(), auth.clone());
        Box::pin(async move {
            let mut listed = 0;
            let mut page = 1u64;
            loop {
                let req = http
                    .get(format!("{url}?page={page}"))
                    .header("authorization", &*auth);
                let env = fetch::<Vec<ListedCall>>(req).await;
                listed += env.data.len();
                match env.pagination {
                    Some(p) if p.current_page < p.last_page && !env.data.is_empty() => page += 1,
                    _ => return listed,
                }
            }
        })
    })
}

pub fn make_call(base_url: &str, token: &str, agent: &str, dial: &str) -> Request {
    let http = reqwest::Client::new();
    let url = format!("{base_url}/agents/{agent}/call");
    let auth = format!("Bearer {token}");
    let json = serde_json::to_vec(&serde_json::json!({ "to": dial })).unwrap_or_default();
    Arc::new(move || {
        let req = http
            .post(&url)
            .header("authorization", &auth)
            .header("content-type", "application/json")
            .body(json.clone());
        Box::pin(async move {
            let _placed: PlacedCall = fetch(req).await.data;
            1
        })
    })
}
