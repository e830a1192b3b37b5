//! Fuzzes the lenient JSON reader: it must never panic, and it must keep its
//! contract on every input.
#![no_main]

use codegen::json::{read_lenient, MAX_DEPTH};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn depth(v: &Value) -> usize {
    // Iterative, so a bug that builds a too-deep value is reported, not a stack overflow.
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

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let r = read_lenient(&text);

    // A value xor an error; an error only when there is no bracket to start from.
    assert_ne!(r.value.is_some(), r.error.is_some());
    if r.value.is_none() {
        assert!(!text.contains(['{', '[', '｛', '［']));
    }
    for rep in &r.repairs {
        assert!(
            rep.offset <= text.len(),
            "offset {} past the end",
            rep.offset
        );
        assert!(text.is_char_boundary(rep.offset));
    }
    if let Some((a, b)) = r.span {
        assert!(a <= b && b <= text.len());
    }
    let Some(v) = r.value else { return };
    assert!(depth(&v) <= MAX_DEPTH + 1);

    // Strict JSON reads exactly as serde_json reads it, with no repair but
    // duplicate keys.
    if let Ok(expected) = serde_json::from_str::<Value>(&text) {
        assert_eq!(v, expected, "strict JSON read differently");
        assert!(
            r.repairs
                .iter()
                .all(|x| x.message.starts_with("duplicate key")),
            "repairs on strict JSON: {:?}",
            r.repairs
        );
    }

    // What the reader produced is strict JSON, and reads back as serde_json reads
    // it (not always bit-identical to `v`: serde_json without `float_roundtrip`
    // may round a printed float differently, see the regression tests).
    if depth(&v) < 100 {
        let printed = serde_json::to_string(&v).unwrap();
        let reread: Value = serde_json::from_str(&printed).unwrap();
        let again = read_lenient(&printed);
        assert_eq!(
            again.value.as_ref(),
            Some(&reread),
            "round trip of {printed}"
        );
        assert!(
            again.repairs.is_empty(),
            "round trip repairs: {:?}",
            again.repairs
        );
    }
});
