//! Runs every shared conformance case in `tests/cases/*.json` through the Rust API.
//!
//! The Python and Node suites run the same files through their own APIs; the format is
//! described in `tests/README.md`. Each case gets its own simulator, so cases run
//! concurrently and every failure is reported at once.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use std::path::PathBuf;
use std::time::Duration;
use talkover::{Client, Error, RequestOptions};
use talkover_mock::{Fault, MockOptions, MockServer, SeedCall};

fn load_cases() -> Vec<Value> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/cases exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).expect("readable case file");
            let cases: Vec<Value> = serde_json::from_str(&text).expect("valid case JSON");
            cases
        })
        .collect()
}

fn build_client(mock: &MockServer, settings: &Value) -> Result<Client, Error> {
    let token = settings["token"].as_str().unwrap_or(mock.token());
    let mut builder = Client::builder().token(token).base_url(mock.url());
    if let Some(n) = settings["max_retries"].as_u64() {
        builder = builder.max_retries(n as u32);
    }
    if let Some(ms) = settings["timeout_ms"].as_u64() {
        builder = builder.timeout(Duration::from_millis(ms));
    }
    builder.build()
}

/// The outcome of a case as plain JSON: `{"result": ...}` or the error's fields.
async fn run(mock: &MockServer, case: &Value) -> Result<Value, Error> {
    let client = build_client(mock, &case["client"])?;
    let call = &case["call"];
    let text = |k: &str| call[k].as_str().expect("string argument").to_owned();
    let mut opts = RequestOptions::new();
    if let Some(ms) = call["timeout_ms"].as_u64() {
        opts = opts.timeout(Duration::from_millis(ms));
    }
    match call["op"].as_str() {
        Some("active_call") => {
            let calls = client
                .active_call_with(&text("agent_id"), &text("phone"), &opts)
                .await?;
            Ok(Value::Array(
                calls
                    .iter()
                    .map(|c| with_extra(serde_json::to_value(c), &c.extra))
                    .collect(),
            ))
        }
        Some("end_call") => {
            let ended = client
                .end_call_with(&text("agent_id"), &text("call_sid"), &opts)
                .await?;
            Ok(with_extra(serde_json::to_value(&ended), &ended.extra))
        }
        other => panic!("unknown op {other:?}"),
    }
}

/// The model's wire fields plus its unknown fields under `extra`, as the cases spell them.
fn with_extra(value: serde_json::Result<Value>, extra: &Map<String, Value>) -> Value {
    let mut value = value.expect("models serialise");
    value["extra"] = Value::Object(extra.clone());
    value
}

fn same_instant(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::String(e), Value::String(_)) if e == "<any>" => true,
        (Value::String(e), Value::String(a)) => {
            let parse = |s: &str| s.parse::<DateTime<Utc>>().ok();
            parse(e).is_some() && parse(e) == parse(a)
        }
        _ => expected == actual,
    }
}

fn check_object(expected: &Value, actual: &Value, at: &str) -> Result<(), String> {
    let expected = expected
        .as_object()
        .ok_or(format!("{at}: expected an object"))?;
    for (key, want) in expected {
        let got = actual.get(key).unwrap_or(&Value::Null);
        let equal = if key.ends_with("_at") {
            same_instant(want, got)
        } else {
            want == got
        };
        if !equal {
            return Err(format!("{at}.{key}: expected {want}, got {got}"));
        }
    }
    Ok(())
}

fn check_error(expected: &Value, err: &Error) -> Result<(), String> {
    let class = err.kind().class_name();
    if expected["class"] != class {
        return Err(format!(
            "expected {}, got {class} ({err})",
            expected["class"]
        ));
    }
    if expected["status"].as_u64().map(|s| s as u16) != err.status() {
        return Err(format!(
            "status: expected {}, got {:?}",
            expected["status"],
            err.status()
        ));
    }
    if expected["code"].as_str() != err.code() {
        return Err(format!(
            "code: expected {}, got {:?}",
            expected["code"],
            err.code()
        ));
    }
    let retry_after = err.retry_after().map(|d| d.as_secs_f64());
    if let Some(want) = expected.get("retry_after").and_then(Value::as_f64) {
        if retry_after != Some(want) {
            return Err(format!("retry_after: expected {want}, got {retry_after:?}"));
        }
    }
    if let Some(min) = expected.get("retry_after_at_least").and_then(Value::as_f64) {
        if !retry_after.is_some_and(|r| r >= min) {
            return Err(format!(
                "retry_after: expected >= {min}, got {retry_after:?}"
            ));
        }
    }
    if expected.get("request_id") == Some(&Value::Bool(true))
        && err.request_id().is_none_or(str::is_empty)
    {
        return Err("expected a request id".into());
    }
    Ok(())
}

async fn check_case(case: Value) -> Result<(), String> {
    let mock = MockServer::start(MockOptions::default()).map_err(|e| e.to_string())?;
    for seed in case["seed"].as_array().into_iter().flatten() {
        let seed: SeedCall = serde_json::from_value(seed.clone()).map_err(|e| e.to_string())?;
        mock.seed_call(seed);
    }
    for fault in case["faults"].as_array().into_iter().flatten() {
        let fault: Fault = serde_json::from_value(fault.clone()).map_err(|e| e.to_string())?;
        mock.add_fault(fault);
    }
    let outcome = run(&mock, &case).await;
    let expect = &case["expect"];
    match (&outcome, expect.get("result"), expect.get("error")) {
        (Ok(Value::Array(got)), Some(Value::Array(want)), _) => {
            if got.len() != want.len() {
                return Err(format!("expected {} calls, got {}", want.len(), got.len()));
            }
            for (i, (w, g)) in want.iter().zip(got).enumerate() {
                check_object(w, g, &format!("result[{i}]"))?;
            }
        }
        (Ok(got), Some(want), _) => check_object(want, got, "result")?,
        (Err(err), _, Some(want)) => check_error(want, err)?,
        (Ok(got), _, _) => return Err(format!("expected an error, got {got}")),
        (Err(err), _, _) => return Err(format!("unexpected {}: {err}", err.kind().class_name())),
    }
    let log = mock.requests();
    let want = case["requests"].as_u64().unwrap_or(0) as usize;
    if log.len() != want {
        return Err(format!(
            "expected {want} requests, simulator saw {}",
            log.len()
        ));
    }
    if let Some(path) = case["last_path"].as_str() {
        let got = log.last().map(|r| r.path.as_str());
        if got != Some(path) {
            return Err(format!("last path: expected {path}, got {got:?}"));
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_conformance_case_passes() {
    let cases = load_cases();
    assert!(cases.len() >= 30, "only {} cases found", cases.len());
    // A few cases at a time: enough to overlap the slow ones (timeouts, backoff) without
    // starving the 1 s timeout cases of CPU on a small, busy machine.
    let slots = std::sync::Arc::new(tokio::sync::Semaphore::new(8));
    let mut tasks = tokio::task::JoinSet::new();
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?").to_owned();
        let slots = slots.clone();
        tasks.spawn(async move {
            let _slot = slots.acquire_owned().await.expect("semaphore open");
            (name, check_case(case).await)
        });
    }
    let mut failures = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        let (name, result) = joined.expect("case task did not panic");
        if let Err(why) = result {
            failures.push(format!("{name}: {why}"));
        }
    }
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
