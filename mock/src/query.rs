//! Query strings decoded the way PHP (and so Laravel) decodes them.
//!
//! Clients are tested against this server so that a value they forgot to encode goes wrong
//! here as it would on the real API: `+` is a space, `%XX` is decoded, `&` always separates
//! pairs, a repeated key keeps its last value, and `key[]=...` makes the value an array
//! (which the validation then rejects, as Laravel's would for a string rule).

use percent_encoding::percent_decode_str;

/// One query parameter's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Param {
    Text(String),
    /// Sent as `key[]=` or `key[x]=`: PHP turns it into an array.
    Array,
}

/// The decoded parameters, last value per key winning, in first-seen order.
#[derive(Debug, Default)]
pub(crate) struct Query {
    params: Vec<(String, Param)>,
}

impl Query {
    /// Decodes a raw query string (without the `?`).
    pub(crate) fn parse(raw: &str) -> Query {
        let mut query = Query::default();
        for pair in raw.split('&').filter(|p| !p.is_empty()) {
            let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(raw_key);
            // PHP rewrites spaces and dots in names to underscores.
            let key: String = key
                .chars()
                .map(|c| if c == ' ' || c == '.' { '_' } else { c })
                .collect();
            let (name, value) = match key.find('[') {
                Some(i) if i > 0 => (key[..i].to_owned(), Param::Array),
                _ => (key, Param::Text(decode(raw_value))),
            };
            if name.is_empty() {
                continue;
            }
            match query.params.iter_mut().find(|(k, _)| *k == name) {
                Some(slot) => slot.1 = value,
                None => query.params.push((name, value)),
            }
        }
        query
    }

    /// The value of `key`, where an empty string counts as absent (Laravel converts empty
    /// strings to `null`, and every filter here is nullable).
    pub(crate) fn get(&self, key: &str) -> Option<&Param> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| !matches!(v, Param::Text(t) if t.is_empty()))
    }
}

/// `+` to space, then percent-decoding; invalid UTF-8 becomes U+FFFD.
fn decode(s: &str) -> String {
    let spaced = s.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Option<Param> {
        Some(Param::Text(s.to_owned()))
    }

    #[test]
    fn decodes_like_php() {
        let q = Query::parse("search=+55%2B11&status=a&status=ringing&x=%26y&page=&a.b=1&s[]=1");
        assert_eq!(q.get("search").cloned(), text(" 55+11"));
        assert_eq!(q.get("status").cloned(), text("ringing"));
        assert_eq!(q.get("x").cloned(), text("&y"));
        assert_eq!(q.get("page"), None);
        assert_eq!(q.get("a_b").cloned(), text("1"));
        assert_eq!(q.get("s"), Some(&Param::Array));
        assert_eq!(Query::parse("bad=%ZZ%").get("bad").cloned(), text("%ZZ%"));
        assert_eq!(Query::parse("&&=x&k").get("k"), None);
    }
}
