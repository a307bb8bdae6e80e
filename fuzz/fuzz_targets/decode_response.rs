//! Arbitrary HTTP status + body through both response decoders, exactly as the client runs
//! them. Decoding must return a value or a typed error, never panic, and what it returns must
//! agree with the status and the body.
//!
//! Input: the status in decimal, a newline, then the body (`200\n{"success":true,...}`), so
//! the seeds in `seeds/decode_response/` stay readable.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::de::IgnoredAny;
use serde_json::Value;
use talkover::{fuzzing, Error, ErrorKind, MAX_ERROR_BODY_BYTES};

fuzz_target!(|data: &[u8]| {
    let Some((status, body)) = split(data) else {
        return;
    };
    active_call(status, body);
    end_call(status, body);
    workflow(status, body);
});

/// The decoders of the call workflow: never a panic, a success only for a 2xx, and a failure
/// that is a status error exactly when the status is not 2xx.
fn workflow(status: u16, body: &[u8]) {
    let outcomes = [
        fuzzing::decode_make_call(status, body).map(|_| ()),
        fuzzing::decode_campaign_call(status, body).map(|_| ()),
        fuzzing::decode_call_page(status, body).map(|_| ()),
    ];
    for outcome in outcomes {
        match outcome {
            Ok(()) => assert!(is_2xx(status), "a {status} decoded as a success"),
            Err(err) if !is_2xx(status) => assert!(err.kind().is_a(ErrorKind::Status)),
            Err(err) => assert_eq!(err.kind(), ErrorKind::Response),
        }
    }
}

fn split(data: &[u8]) -> Option<(u16, &[u8])> {
    let newline = data.iter().position(|&b| b == b'\n')?;
    let status = std::str::from_utf8(&data[..newline]).ok()?.parse().ok()?;
    Some((status, &data[newline + 1..]))
}

fn is_2xx(status: u16) -> bool {
    (200..=299).contains(&status)
}

/// The vendor's failure envelope, by the spec: a JSON object with `success: false`, a
/// `message` or an `error`.
fn is_failure_envelope(body: &[u8]) -> bool {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(obj)) => {
            obj.get("success") == Some(&Value::Bool(false))
                || obj.contains_key("message")
                || obj.contains_key("error")
        }
        _ => false,
    }
}

/// A success: the body is well-formed JSON (at any depth), and when it parses as a tree,
/// it is a success envelope whose `data` is returned.
fn success_data(body: &[u8]) -> Option<Value> {
    assert!(
        serde_json::from_slice::<IgnoredAny>(body).is_ok(),
        "decoded a body that is not JSON"
    );
    let Ok(Value::Object(mut obj)) = serde_json::from_slice::<Value>(body) else {
        return None;
    };
    assert_ne!(obj.get("success"), Some(&Value::Bool(false)));
    Some(obj.remove("data").expect("decoded a success without data"))
}

fn active_call(status: u16, body: &[u8]) {
    match fuzzing::decode_active_call(status, body) {
        Ok(calls) if status == 404 => {
            assert!(is_failure_envelope(body), "a 404 that is no envelope");
            assert!(calls.is_empty());
        }
        Ok(calls) => {
            assert!(is_2xx(status), "calls decoded from HTTP {status}");
            if let Some(data) = success_data(body) {
                let sent = data.as_array().map_or(1, Vec::len);
                assert_eq!(calls.len(), sent);
            }
            for call in &calls {
                // What the bindings do with every call.
                let value = serde_json::to_value(call).expect("a call serialises");
                assert_eq!(value["id"], Value::from(call.id.as_str()));
                let _ = call.status.is_active();
            }
        }
        Err(err) => {
            check_error(&err, status, body);
            if is_2xx(status) {
                assert_eq!(err.kind(), ErrorKind::Response);
            } else {
                assert!(!(status == 404 && is_failure_envelope(body)));
                assert!(matches!(err, Error::Status(_)), "{err:?}");
            }
        }
    }
}

fn end_call(status: u16, body: &[u8]) {
    match fuzzing::decode_end_call(status, body) {
        Ok(ended) => {
            assert!(is_2xx(status), "an ended call decoded from HTTP {status}");
            if let Some(data) = success_data(body) {
                assert_eq!(data["id"], Value::from(ended.id.as_str()));
                assert_eq!(data["status"], Value::from(ended.status.as_str()));
            }
            serde_json::to_value(&ended).expect("an ended call serialises");
        }
        Err(err) => {
            check_error(&err, status, body);
            let want = if is_2xx(status) {
                ErrorKind::Response
            } else {
                ErrorKind::for_status(status, err.code())
            };
            assert_eq!(err.kind(), want);
        }
    }
}

/// What holds for every decoding error, and everything a binding reads from one.
fn check_error(err: &Error, status: u16, body: &[u8]) {
    assert!(
        matches!(err, Error::Response { .. } | Error::Status(_)),
        "decoding raised a {:?}",
        err.kind()
    );
    assert_eq!(err.status(), Some(status));
    assert_eq!(err.request_id(), None);
    if let Error::Status(e) = err {
        assert_eq!(err.kind(), ErrorKind::for_status(status, e.code.as_deref()));
    }

    let kept = err.body().expect("a response error keeps the body");
    assert!(
        kept.len() <= MAX_ERROR_BODY_BYTES,
        "kept {} bytes of body",
        kept.len()
    );
    assert!(String::from_utf8_lossy(body).starts_with(kept));
    if body.len() <= MAX_ERROR_BODY_BYTES {
        if let Ok(text) = std::str::from_utf8(body) {
            assert_eq!(kept, text.trim_end_matches('\u{fffd}'));
        }
    }

    let _ = (err.to_string(), format!("{err:?}"), err.message());
    let _ = (err.code(), err.retry_after(), err.is_retryable());
    let _ = (
        err.body_value(),
        err.kind().class_name(),
        err.kind().parent(),
    );
}
