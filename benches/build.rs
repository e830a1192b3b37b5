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
//! they came. Two small hand-written types in decode.rs (`Loose`, `List`) take
//! the two shapes the pages give a field that no derived type reads: money as a
//! number or a string, and `{}` for an empty list.

use codegen::infer::{TypeRef, Types};
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
    for (_, s) in types.entries() {
        writeln!(out, "\n#[derive(Debug, serde::Deserialize)]").unwrap();
        writeln!(out, "pub struct {} {{", s.name).unwrap();
        for f in &s.fields {
            // `r#type` is read as `type` by serde; `self_`, `super_` are not
            let name = codegen::naming::rust_ident(&f.rust_name);
            if name.trim_start_matches("r#") != f.wire_name {
                writeln!(out, "    #[serde(rename = {:?})]", f.wire_name).unwrap();
            }
            let ty = plain_type(types, &f.ty);
            writeln!(out, "    pub {name}: Option<{ty}>,").unwrap();
        }
        writeln!(out, "}}").unwrap();
    }
    out
}

/// The plain Rust type of a field:
/// - strings and date-times as `String` (a plain derive parses no dates);
/// - integers `i64`, floats `f64`, booleans `bool`;
/// - decimals as `Loose` (decode.rs): the pages write money both as `12` and as
///   `"20000.0"`, so neither `String` nor `f64` alone decodes the examples; `Loose`
///   keeps whichever came, with no parsing (what a derive author writes for such a
///   field is an untagged enum, which is slower: serde buffers the value first);
/// - lists as `List<T>` (decode.rs), a `Vec<T>` that also reads the `{}` the pages
///   write for an empty list (`"attachment": {}`), which a `Vec` rejects;
/// - raw JSON (`null`/`{}` only ever seen) as `serde_json::Value`, as in the SDK;
/// - nested structs boxed, as the generated types hold them: the same fields in
///   the same layout, so that the comparison is the decoding alone (inline, the
///   outer struct grows to kilobytes and every decode moves it).
fn plain_type(types: &Types, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String | TypeRef::DateTime => "String".into(),
        TypeRef::Integer => "i64".into(),
        TypeRef::Float => "f64".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::Decimal => "Loose".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Struct(id) => format!("Box<{}>", types.name(*id)),
        TypeRef::List(inner) => format!("List<{}>", element_type(types, inner)),
    }
}

/// A list element's plain type: a nested struct inline (a `Vec` is already on
/// the heap), anything else as [`plain_type`].
fn element_type(types: &Types, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Struct(id) => types.name(*id).to_string(),
        _ => plain_type(types, ty),
    }
}
