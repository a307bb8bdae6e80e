//! The README's error table lists every class of the catalogue, with its status and code, so
//! the documentation cannot drift from what the library raises.

use talkover::catalogue::{self, BASE_CLASS};

#[test]
fn the_readme_error_table_matches_the_catalogue() {
    let readme = include_str!("../../README.md");
    let rows: Vec<&str> = readme
        .lines()
        .filter(|line| line.starts_with("| `") && line.contains("Error`"))
        .collect();
    let row = |name: &str| {
        rows.iter()
            .find(|row| row.starts_with(&format!("| `{name}` |")))
            .copied()
    };
    assert!(row(BASE_CLASS).is_some(), "no row for {BASE_CLASS}");
    for class in catalogue::error_classes() {
        let row = row(class.name).unwrap_or_else(|| panic!("README has no row for {}", class.name));
        let last = row.trim_end_matches('|').rsplit('|').next().unwrap_or("");
        if let Some(status) = class.status {
            assert!(last.contains(&status.to_string()), "{}: {row}", class.name);
        }
        if let Some(code) = class.code {
            assert!(last.contains(code), "{}: {row}", class.name);
        }
    }
}
