//! Arbitrary text through every input check the client runs before any I/O: phone
//! normalisation, id validation, path-segment encoding and token validation. Each is
//! compared with the rule it implements, written out again here from the spec.

#![no_main]

use libfuzzer_sys::fuzz_target;
use percent_encoding::percent_decode_str;
use talkover::validate::{normalize_phone, path_segment, validate_id, validate_token, MAX_ID_LEN};
use talkover::ErrorKind;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    phone(&text);
    id(&text);
    segment(&text);
    token(&text);
});

/// `^\+[1-9][0-9]{6,14}$`, spelled out.
fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

fn phone(raw: &str) {
    let stripped: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    match normalize_phone(raw) {
        Ok(phone) => {
            assert!(is_e164(&phone), "{raw:?} accepted as {phone:?}");
            assert_eq!(phone, stripped);
            assert_eq!(normalize_phone(&phone).ok().as_ref(), Some(&phone));
        }
        Err(err) => {
            assert_eq!(err.kind(), ErrorKind::InvalidRequest);
            assert!(!is_e164(&stripped), "{raw:?} refused");
        }
    }
}

fn id(raw: &str) {
    let valid = !raw.trim().is_empty()
        && !raw.chars().any(char::is_control)
        && raw != "."
        && raw != ".."
        && raw.len() <= MAX_ID_LEN;
    match validate_id("agent_id", raw) {
        Ok(()) => {
            assert!(valid, "{raw:?} accepted");
            // One segment in the real URL, whatever the id.
            let seg = path_segment(raw).to_string();
            let url = format!("https://app.talkover.ai/api/v1/agents/{seg}/end-call");
            let url = reqwest::Url::parse(&url).expect("an encoded id makes a valid URL");
            let segments: Vec<&str> = url.path_segments().expect("a base URL").collect();
            assert_eq!(segments, ["api", "v1", "agents", seg.as_str(), "end-call"]);
        }
        Err(err) => {
            assert_eq!(err.kind(), ErrorKind::InvalidRequest);
            assert!(!valid, "{raw:?} refused");
        }
    }
}

fn segment(raw: &str) {
    let seg = path_segment(raw).to_string();
    let bytes = seg.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => i += 1,
            b'%' => {
                let escape = bytes.get(i + 1..i + 3);
                assert!(
                    escape.is_some_and(|e| e.iter().all(u8::is_ascii_hexdigit)),
                    "{raw:?} -> {seg:?}: a bare '%'"
                );
                i += 3;
            }
            other => panic!("{raw:?} -> {seg:?}: unescaped {:?}", other as char),
        }
    }
    let back = percent_decode_str(&seg).decode_utf8();
    assert_eq!(
        back.as_deref().ok(),
        Some(raw),
        "{seg:?} does not decode back"
    );
}

fn token(raw: &str) {
    let valid = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_graphic());
    match validate_token(raw) {
        Ok(()) => {
            assert!(valid, "{raw:?} accepted");
            let header = format!("Bearer {raw}");
            assert!(reqwest::header::HeaderValue::try_from(header).is_ok());
        }
        Err(err) => {
            assert!(!valid, "{raw:?} refused");
            assert_eq!(err.kind(), ErrorKind::InvalidRequest);
            // The message is one of two fixed texts: nothing of the token can be in it.
            let fixed =
                [validate_token(""), validate_token(" ")].map(|r| r.unwrap_err().to_string());
            assert!(fixed.contains(&err.to_string()));
        }
    }
}
