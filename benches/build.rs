//! Writes the decode bench's plain baselines (`$OUT_DIR/plain.rs`, BENCHMARKS.md §3).
//!
//! Issue 16's decode target compares each generated type with "a plain
//! `#[derive(Deserialize)]` struct with the same fields as `Option<String>` /
//! `Option<i64>`". Written by hand, such a struct covers one payload and drifts as
//! soon as a doc page gains a field; written from the types the generator infers
//! on docs-input/, every payload has one and each has exactly the generated
//! struct's fields (by wire name), whatever the pages say next.
//!
//! What a plain struct is: every field `Option<_>` of the plainest type a derive
//! author would pick (see [`plain_type`]), unknown and custom keys dropped (serde's
//! default), no `Field<T>` lenience, no `extra` map, dates and decimals left as
//! they came.

use codegen::infer::{TypeId, TypeRef, Types};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = manifest.join("../docs-input");
    println!("cargo::rerun-if-changed={}", docs.display());
    let (pages, overrides) = codegen::pipeline::read_docs(&docs).expect("read docs-input/");
    let g = codegen::pipeline::generate(&pages, overrides.as_deref());
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("plain.rs"), plain_structs(&g.types))
        .expect("write plain.rs");
}

/// One `#[derive(Deserialize)]` struct per generated struct, named alike.
fn plain_structs(types: &Types) -> String {
    let mut out =
        String::from("// Written by benches/build.rs from the types inferred on docs-input/.\n");
    for (id, s) in types.entries() {
        writeln!(out, "\n#[derive(Debug, serde::Deserialize)]").unwrap();
        writeln!(out, "pub struct {} {{", s.name).unwrap();
        for f in &s.fields {
            // `r#type` is read as `type` by serde; `self_`, `super_` are not
            let name = codegen::naming::rust_ident(&f.rust_name);
            if name.trim_start_matches("r#") != f.wire_name {
                writeln!(out, "    #[serde(rename = {:?})]", f.wire_name).unwrap();
            }
            let ty = plain_type(types, &f.ty, id);
            writeln!(out, "    pub {name}: Option<{ty}>,").unwrap();
        }
        writeln!(out, "}}").unwrap();
    }
    out
}

/// The plain Rust type of a field of struct `owner`:
/// - strings and date-times as `String` (a plain derive parses no dates);
/// - integers `i64`, floats `f64`, booleans `bool`;
/// - decimals as [`Loose`](../decode.rs): the pages write money both as `12` and as
///   `"20000.0"`, so neither `String` nor `f64` alone decodes the examples; `Loose`
///   keeps whichever came, with no parsing (what a derive author writes for such a
///   field is an untagged enum, which is slower: serde buffers the value first);
/// - raw JSON (`null`/`{}` only ever seen) as `serde_json::Value`, as in the SDK;
/// - nested structs inline, as a derive author writes them, boxed only where the
///   struct can contain itself (an inline cycle would not compile);
/// - lists as `Vec` of the element's plain type.
fn plain_type(types: &Types, ty: &TypeRef, owner: TypeId) -> String {
    match ty {
        TypeRef::String | TypeRef::DateTime => "String".into(),
        TypeRef::Integer => "i64".into(),
        TypeRef::Float => "f64".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::Decimal => "Loose".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Struct(id) => {
            let name = types.name(*id);
            if reaches(types, *id, owner) {
                format!("Box<{name}>")
            } else {
                name.to_string()
            }
        }
        TypeRef::List(inner) => format!("Vec<{}>", plain_type(types, inner, owner)),
    }
}

/// Whether struct `from` contains struct `to` (itself or through nested fields and
/// lists).
fn reaches(types: &Types, from: TypeId, to: TypeId) -> bool {
    fn structs_in(ty: &TypeRef, out: &mut Vec<TypeId>) {
        match ty {
            TypeRef::Struct(id) => out.push(*id),
            TypeRef::List(inner) => structs_in(inner, out),
            _ => {}
        }
    }
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if seen.insert(id) {
            for f in &types.entry(id).fields {
                structs_in(&f.ty, &mut stack);
            }
        }
    }
    false
}
