//! The shared conformance cases use the simulator's `SeedCall` and `Fault` shapes; every
//! seed and fault in them must deserialise here exactly as the control API will read it.

use std::path::Path;

use serde_json::Value;
use talkover_mock::{Fault, SeedCall};

#[test]
fn every_case_seed_and_fault_deserialises() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no cases at {}; nothing to check", dir.display());
        return;
    };
    let mut checked = 0;
    for entry in entries {
        let path = entry.expect("dir entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let cases: Vec<Value> = serde_json::from_str(&text).expect("a JSON array");
        for case in &cases {
            let name = case["name"].as_str().unwrap_or("?");
            for seed in case["seed"].as_array().into_iter().flatten() {
                serde_json::from_value::<SeedCall>(seed.clone())
                    .unwrap_or_else(|e| panic!("{name}: seed {seed}: {e}"));
                checked += 1;
            }
            for fault in case["faults"].as_array().into_iter().flatten() {
                let parsed = serde_json::from_value::<Fault>(fault.clone())
                    .unwrap_or_else(|e| panic!("{name}: fault {fault}: {e}"));
                parsed
                    .validate()
                    .unwrap_or_else(|e| panic!("{name}: fault {fault}: {e}"));
                checked += 1;
            }
        }
    }
    eprintln!("checked {checked} seeds and faults");
}
