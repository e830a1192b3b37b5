//! `tests/examples.rs`: one test per documented example, decoding it into its
//! generated type and checking the lossless round trip; and
//! `examples/get_one.rs`: a small program that fetches one record.

use super::{escape_bidi, raw_lit, rust_file, HEADER, RUSTFMT_SKIP};
use crate::infer::{TypeRef, Types};
use crate::ir::{Api, Location, Method};
use crate::naming::{ident_snake, rust_ident};
use crate::page::ExampleKind;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::BTreeSet;

/// Type tokens as seen from an integration test (`ikcrm::types::X`).
fn test_type(t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String => quote!(String),
        TypeRef::Integer => quote!(i64),
        TypeRef::Float => quote!(f64),
        TypeRef::Decimal => quote!(ikcrm::Decimal),
        TypeRef::Bool => quote!(bool),
        TypeRef::DateTime => quote!(ikcrm::DateTime),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Struct(n) => {
            let id = Ident::new(n, Span::call_site());
            quote!(ikcrm::types::#id)
        }
        TypeRef::List(inner) => {
            let i = test_type(inner);
            quote!(Vec<ikcrm::Field<#i>>)
        }
    }
}

pub fn emit_example_tests(types: &Types) -> String {
    let mut tests = Vec::new();
    let mut taken = BTreeSet::new();
    for ex in &types.examples {
        let kind = match ex.kind {
            ExampleKind::Success => "success",
            ExampleKind::Error => "error",
            ExampleKind::Request => "request",
        };
        let base = ident_snake(&format!(
            "{}_{}_{}_{}",
            ex.group, ex.operation, kind, ex.index
        ));
        let name = crate::naming::dedupe(base, &mut taken);
        let name = Ident::new(&rust_ident(&name).replace("r#", ""), Span::call_site());
        // The example once, as raw JSON a reader can follow, shared by both tests.
        let json = raw_lit(
            &serde_json::to_string_pretty(&ex.value).unwrap_or_default(),
            1,
        );
        let konst = Ident::new(&name.to_string().to_uppercase(), Span::call_site());
        let ty = test_type(&ex.ty);
        let doc = format!(" `{}` example {} from `{}`.", kind, ex.index, ex.source);
        let drift_name = Ident::new(&format!("{name}_drifted"), Span::call_site());
        let drift_doc = format!("{doc} Every number turned into a string and every object emptied, one level at a time.");
        tests.push(quote! {
            #[doc = #doc]
            const #konst: &str = #json;

            #[doc = #doc]
            #[test]
            fn #name() {
                round_trip::<#ty>(#konst);
            }

            #[doc = #drift_doc]
            #[test]
            fn #drift_name() {
                drifted::<#ty>(#konst);
            }
        });
    }
    rust_file(quote! {
        //! Every JSON example of the doc pages decodes into its generated type, and
        //! encoding it again gives back the same JSON value.
        #![allow(non_snake_case)]

        fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) {
            let original: serde_json::Value = serde_json::from_str(json).expect("the example is valid JSON");
            let typed: T = match serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(json)) {
                Ok(v) => v,
                Err(e) => panic!("the example does not decode at `{}`: {}", e.path(), e.inner()),
            };
            let again = serde_json::to_value(&typed).expect("the value encodes");
            assert_eq!(again, original, "decoding then encoding must not change the example");
        }

        /// The drift the API is known for: numbers sent as strings, objects sent
        /// as `{}` or `null`. Every variant must still decode and re-encode unchanged.
        fn drifted<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) {
            fn numbers_to_strings(v: &mut serde_json::Value) {
                match v {
                    serde_json::Value::Number(n) => *v = serde_json::Value::String(n.to_string()),
                    serde_json::Value::Array(items) => items.iter_mut().for_each(numbers_to_strings),
                    serde_json::Value::Object(m) => m.values_mut().for_each(numbers_to_strings),
                    _ => {}
                }
            }
            let original: serde_json::Value = serde_json::from_str(json).expect("the example is valid JSON");
            let mut variants = Vec::new();
            let mut strings = original.clone();
            numbers_to_strings(&mut strings);
            variants.push(strings);
            if let serde_json::Value::Object(m) = &original {
                for (key, value) in m {
                    if value.is_object() || value.is_array() {
                        for nothing in [serde_json::json!({}), serde_json::Value::Null, serde_json::json!("")] {
                            let mut v = original.clone();
                            v[key.as_str()] = nothing;
                            variants.push(v);
                        }
                    }
                }
            }
            for v in variants {
                let text = serde_json::to_string(&v).expect("encode");
                round_trip::<T>(&text);
            }
        }

        #(#tests)*
    })
}

/// A program that reads `IKCRM_TOKEN` and fetches one record with the first
/// `GET …/:id` operation (the opportunity detail when the docs have it).
pub fn emit_example_program(api: &Api, _types: &Types) -> Option<String> {
    let pick = api
        .endpoints
        .iter()
        .filter(|e| e.method == Method::Get && e.operation == "get")
        .filter(|e| {
            e.params
                .iter()
                .filter(|p| p.location == Location::Path || p.required)
                .count()
                == 1
        })
        .min_by_key(|e| (e.group != "opportunities", e.group.clone()))?;
    let group = rust_ident(&pick.group);
    let id_default = if pick.group == "opportunities" {
        "13293"
    } else {
        "1"
    };
    let text = format!(
        r#"{HEADER}
{RUSTFMT_SKIP}

//! Fetches one record with `{sig}`.
//!
//! ```sh
//! IKCRM_TOKEN=… cargo run -p ikcrm --example get_one -- 13293
//! ```
//!
//! `IKCRM_BASE_URL` points the client at another host (default: the standalone edition).

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {{
    let Ok(token) = std::env::var("IKCRM_TOKEN") else {{
        eprintln!("set IKCRM_TOKEN to a user token (see the README)");
        return ExitCode::from(2);
    }};
    let id: i64 = match std::env::args().nth(1).unwrap_or_else(|| "{id_default}".into()).parse() {{
        Ok(id) => id,
        Err(e) => {{
            eprintln!("the id must be a number: {{e}}");
            return ExitCode::from(2);
        }}
    }};
    let mut builder = ikcrm::Client::builder().edition(ikcrm::Edition::Standalone).token(token);
    if let Ok(url) = std::env::var("IKCRM_BASE_URL") {{
        builder = builder.base_url(url);
    }}
    let client = match builder.build() {{
        Ok(c) => c,
        Err(e) => {{
            eprintln!("{{e}}");
            return ExitCode::FAILURE;
        }}
    }};
    match client.{group}().get(id).await {{
        Ok(record) => {{
            println!("{{record:#?}}");
            ExitCode::SUCCESS
        }}
        Err(e) => {{
            eprintln!("request failed: {{e}}");
            ExitCode::FAILURE
        }}
    }}
}}
"#,
        sig = pick.signature(),
    );
    Some(escape_bidi(text))
}
