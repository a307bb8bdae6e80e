//! Phone numbers as the API checks and displays them.

/// Whether `s` is E.164 as the API demands it: `+`, then 7 to 15 digits, the first not 0.
/// Nothing is stripped first: spaces or dashes make a number invalid.
pub(crate) fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// The `to_formatted` / `from_formatted` of a list item. The vendor's only example formats
/// ten digits as `(123) 456-7890`, country code dropped; so do ten digits, and eleven that
/// start with the North American `1`. Any other number is shown as stored.
pub(crate) fn formatted(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.len() {
        11 if digits.starts_with('1') => &digits[1..],
        10 => digits.as_str(),
        _ => return number.to_owned(),
    };
    format!(
        "({}) {}-{}",
        &national[..3],
        &national[3..6],
        &national[6..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e164() {
        for ok in ["+1234567", "+5511987654321", "+123456789012345"] {
            assert!(is_e164(ok), "{ok}");
        }
        for bad in [
            "",
            "+",
            "1234567890",
            "+0123456789",
            "+123456",
            "+1234567890123456",
            "+1 555 0100",
            "+１２３４５６７",
        ] {
            assert!(!is_e164(bad), "{bad}");
        }
    }

    #[test]
    fn formatting() {
        assert_eq!(formatted("+1234567890"), "(123) 456-7890");
        assert_eq!(formatted("+15550100000"), "(555) 010-0000");
        assert_eq!(formatted("+5511987654321"), "+5511987654321");
    }
}
