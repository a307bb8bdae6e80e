//! Properties of input validation, checked over generated inputs: an id always travels as
//! exactly one path segment, and a phone number is either refused or valid E.164.
//!
//! Case counts are set per property so the whole file runs in a few seconds in a debug
//! build; the fuzz target `validate_input` (see `fuzz/`) explores the same functions for
//! much longer.

use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use talkover::validate::{normalize_phone, path_segment, validate_id, MAX_ID_LEN};

/// `^\+[1-9][0-9]{6,14}$`, spelled out.
fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// Ids a user could pass: any text without control characters, with extra weight on the
/// characters that matter in a URL path (`.`, `/`, `%`, `+`, `?`, `#`, spaces).
fn id_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "[^\\p{Cc}]{1,48}",
        "[./%+?#;=&@: a-zA-Z0-9~_-]{1,12}",
        "[.%/]{1,4}",
    ]
    .prop_filter("blank ids and '.'/'..' are refused by design", |id| {
        !id.trim().is_empty() && id != "." && id != ".."
    })
}

/// The segments of `url`'s path, as the URL parser sees them.
fn segments(url: &str) -> Vec<String> {
    let url = reqwest::Url::parse(url).unwrap_or_else(|e| panic!("{url:?}: {e}"));
    url.path_segments()
        .map(|s| s.map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Strings that look like phone numbers often enough to reach every branch of the check.
fn phone_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\+?[0-9 ().-]{0,20}",
        "\\+[1-9][0-9]{5,15}",
        "[+0-9a-z ()./\t-]{0,20}",
        ".{0,20}",
    ]
}

/// A valid E.164 number with separators (spaces, `-`, `.`, `(`, `)`) sprinkled anywhere.
fn decorated_phone() -> impl Strategy<Value = (String, String)> {
    "\\+[1-9][0-9]{6,14}".prop_flat_map(|e164| {
        let gaps = e164.chars().count() + 1;
        (
            Just(e164),
            proptest::collection::vec("[ ().-]{0,3}", gaps..=gaps),
        )
            .prop_map(|(e164, seps)| {
                let mut decorated = String::new();
                for (c, sep) in e164.chars().zip(&seps) {
                    decorated.push_str(sep);
                    decorated.push(c);
                }
                decorated.push_str(&seps[seps.len() - 1]);
                (e164, decorated)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn any_id_is_accepted_and_travels_as_exactly_one_segment(id in id_strategy()) {
        prop_assume!(id.len() <= MAX_ID_LEN);
        prop_assert!(validate_id("agent_id", &id).is_ok());

        let seg = path_segment(&id).to_string();
        prop_assert!(!seg.contains('/'), "{id:?} -> {seg:?}");
        let back = percent_decode_str(&seg).decode_utf8();
        prop_assert_eq!(back.as_deref().ok(), Some(id.as_str()));

        // Joined into the real URLs, the parser still sees the same segments, unchanged.
        let end_call = format!("https://app.talkover.ai/api/v1/agents/{seg}/end-call");
        prop_assert_eq!(
            segments(&end_call),
            ["api", "v1", "agents", seg.as_str(), "end-call"]
        );
        let active_call =
            format!("https://app.talkover.ai/api/v1/agents/{seg}/active-call/{seg}");
        prop_assert_eq!(
            segments(&active_call),
            ["api", "v1", "agents", seg.as_str(), "active-call", seg.as_str()]
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn any_accepted_phone_is_e164_and_normalising_is_idempotent(raw in phone_like()) {
        if let Ok(phone) = normalize_phone(&raw) {
            prop_assert!(is_e164(&phone), "{raw:?} -> {phone:?}");
            prop_assert_eq!(normalize_phone(&phone).ok(), Some(phone));
        }
    }

    #[test]
    fn e164_with_separators_normalises_to_itself((e164, decorated) in decorated_phone()) {
        prop_assert_eq!(normalize_phone(&decorated).ok(), Some(e164));
    }
}
