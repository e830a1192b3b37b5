//! Regression tests for the lenient JSON reader: every input the fuzzer
//! (`fuzz/`, target `json_reader`) ever failed on lives in `tests/json_regressions/`
//! and is checked here against the same contract the fuzz target asserts.

use codegen::json::{read_lenient, MAX_DEPTH};
use serde_json::Value;
use std::path::Path;

fn depth(v: &Value) -> usize {
    let mut max = 0;
    let mut todo = vec![(v, 0usize)];
    while let Some((v, d)) = todo.pop() {
        max = max.max(d);
        match v {
            Value::Array(a) => todo.extend(a.iter().map(|x| (x, d + 1))),
            Value::Object(m) => todo.extend(m.values().map(|x| (x, d + 1))),
            _ => {}
        }
    }
    max
}

/// The fuzz target's checks, on one input.
fn check(name: &str, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let r = read_lenient(&text);
    assert_ne!(r.value.is_some(), r.error.is_some(), "{name}");
    if r.value.is_none() {
        assert!(
            !text.contains(['{', '[', '｛', '［']),
            "{name}: no value despite a bracket"
        );
    }
    for rep in &r.repairs {
        assert!(
            rep.offset <= text.len() && text.is_char_boundary(rep.offset),
            "{name}"
        );
    }
    if let Some((a, b)) = r.span {
        assert!(a <= b && b <= text.len(), "{name}");
    }
    let Some(v) = r.value else { return };
    assert!(depth(&v) <= MAX_DEPTH + 1, "{name}");
    if let Ok(expected) = serde_json::from_str::<Value>(&text) {
        assert_eq!(v, expected, "{name}: strict JSON read differently");
        assert!(
            r.repairs
                .iter()
                .all(|x| x.message.starts_with("duplicate key")),
            "{name}"
        );
    }
    if depth(&v) < 100 {
        let printed = serde_json::to_string(&v).unwrap();
        let reread: Value = serde_json::from_str(&printed).unwrap();
        let again = read_lenient(&printed);
        assert_eq!(again.value.as_ref(), Some(&reread), "{name}: round trip");
        assert!(again.repairs.is_empty(), "{name}: {:?}", again.repairs);
    }
}

#[test]
fn every_saved_fuzz_input_keeps_the_contract() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/json_regressions");
    let mut n = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let data = std::fs::read(&path).unwrap();
        check(&path.display().to_string(), &data);
        n += 1;
    }
    assert!(n >= 1, "no regression inputs in {}", dir.display());
}

/// First fuzz finding (harness, not reader): a float printed by serde_json and read
/// back by serde_json (without its `float_roundtrip` feature) can differ in the
/// last bit. The reader delegates floats to serde_json, so it must match
/// serde_json's reading, not the original value.
#[test]
fn reprinted_float_reads_as_serde_json_reads_it() {
    let printed = "[1.2345678901234567e+27]";
    let r = read_lenient(printed);
    assert_eq!(r.value, serde_json::from_str::<Value>(printed).ok());
    assert!(r.repairs.is_empty());
    let data = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/json_regressions/float-reprint-ccf4f44b.txt"),
    )
    .unwrap();
    let text = String::from_utf8_lossy(&data);
    let v = read_lenient(&text).value.unwrap();
    assert_eq!(v["skuAttrs "], Value::from("read"));
    assert!(v["big"].is_f64());
}
