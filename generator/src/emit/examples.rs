//! `tests/examples.rs`: one test per documented example, decoding it into its
//! generated type and checking the lossless round trip; and
//! `examples/get_one.rs`: a small program that fetches one record, from the API or
//! from the crate's mock.

use super::raw_lit;
use crate::infer::{ExampleCase, TypeRef, Types};
use crate::ir::{Api, ExampleKind, Method};
use crate::naming::{ident_snake, rust_ident};
use crate::output::{escape_bidi, rust_file_chunked, HEADER, RUSTFMT_SKIP};
use crate::settings::Auth;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::BTreeSet;

/// Type tokens as seen from an integration test (`<crate>::types::X`).
fn test_type(t: &TypeRef, k: &Ident, types: &Types) -> TokenStream {
    match t {
        TypeRef::String => quote!(String),
        TypeRef::Integer => quote!(i64),
        TypeRef::Float => quote!(f64),
        TypeRef::Decimal => quote!(#k::Decimal),
        TypeRef::Bool => quote!(bool),
        TypeRef::DateTime => quote!(#k::DateTime),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Struct(id) => {
            let id = Ident::new(types.name(*id), Span::call_site());
            quote!(#k::types::#id)
        }
        TypeRef::List(inner) => {
            let i = test_type(inner, k, types);
            quote!(Vec<#k::Field<#i>>)
        }
    }
}

/// Examples formatted together ([`rust_file_chunked`]): enough that parsing and
/// printing a chunk costs more than starting one, few enough that a chunk's
/// syntax tree stays small (three items per example; the examples of 10,000
/// pages are ~19 MB of text).
const EXAMPLES_PER_CHUNK: usize = 64;

pub fn emit_example_tests(api: &Api, types: &Types) -> String {
    let k = Ident::new(&api.settings.crate_name, Span::call_site());
    let k = &k;
    let items = || {
        let mut taken = BTreeSet::new();
        types
            .examples
            .chunks(EXAMPLES_PER_CHUNK)
            .map(move |chunk| -> TokenStream {
                chunk
                    .iter()
                    .map(|ex| example_tests(ex, api, types, k, &mut taken))
                    .collect()
            })
    };
    rust_file_chunked(example_tests_head, items)
}

/// The tests of one example: its JSON as a constant, decoded as documented and
/// drifted.
fn example_tests(
    ex: &ExampleCase,
    api: &Api,
    types: &Types,
    k: &Ident,
    taken: &mut BTreeSet<String>,
) -> TokenStream {
    let kind = match ex.kind {
        ExampleKind::Success => "success",
        ExampleKind::Error => "error",
        ExampleKind::Request => "request",
    };
    let base = ident_snake(&format!(
        "{}_{}_{}_{}",
        ex.group, ex.operation, kind, ex.index
    ));
    let name = crate::naming::dedupe(base, taken);
    let name = Ident::new(&rust_ident(&name).replace("r#", ""), Span::call_site());
    // The example once, as raw JSON a reader can follow, shared by both tests.
    let json = raw_lit(
        &serde_json::to_string_pretty(ex.value(api)).unwrap_or_default(),
        1,
    );
    let konst = Ident::new(&name.to_string().to_uppercase(), Span::call_site());
    let ty = test_type(&ex.ty, k, types);
    let doc = format!(" `{}` example {} from `{}`.", kind, ex.index, ex.source);
    let drift_name = Ident::new(&format!("{name}_drifted"), Span::call_site());
    let drift_doc = format!(
        "{doc} Every number turned into a string and every object emptied, one level at a time."
    );
    quote! {
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
    }
}

/// The example tests' module docs and the two helpers every test calls.
fn example_tests_head() -> TokenStream {
    quote! {
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

    }
}

/// A program that reads `<CRATE>_TOKEN` and fetches one record with the first
/// `GET …/:id` operation (the opportunity detail when the docs have it).
pub fn emit_example_program(api: &Api, types: &Types) -> Option<String> {
    let pick = api
        .endpoints
        .iter()
        .filter(|e| e.method == Method::Get && e.operation == "get")
        .filter(|e| {
            let needed: Vec<_> = e.params.iter().filter(|p| p.is_positional()).collect();
            // The program reads a numeric id from its command line.
            needed.len() == 1 && *types.op(e).param(e, needed[0]) == TypeRef::Integer
        })
        .min_by_key(|e| (e.group != "opportunities", e.group.clone()))?;
    let group = rust_ident(&pick.group);
    let id_default = if pick.group == "opportunities" {
        "13293"
    } else {
        "1"
    };
    let s = &api.settings;
    let k = &s.crate_name;
    let env = k.to_ascii_uppercase();
    let default_host = s.default_host.and_then(|i| s.hosts.get(i));
    let (host_doc, edition) = match default_host {
        Some(h) => (
            format!(
                "(default: the {} edition)",
                if h.doc.is_empty() {
                    h.name.clone()
                } else {
                    h.name.to_lowercase()
                }
            ),
            format!(".edition({k}::Edition::{})", h.name),
        ),
        None => (
            "(required: the API has no default host)".to_string(),
            String::new(),
        ),
    };
    let needs_token = !matches!(s.auth, Auth::None);
    // How the program finds credentials: a token, or a user and password when the
    // API has a login.
    let mut cred_doc = String::new();
    let mut cred_code = String::new();
    let mut mock_token = "";
    if needs_token {
        mock_token = ".token(\"mock-token\")";
        cred_doc = format!("//! Credentials: `{env}_TOKEN`");
        cred_code = format!(
            "    if let Ok(token) = std::env::var(\"{env}_TOKEN\") {{\n        return Ok(builder.token(token));\n    }}\n"
        );
        if s.login.is_some() {
            cred_doc.push_str(&format!(", or `{env}_LOGIN` and `{env}_PASSWORD`"));
            cred_code.push_str(&format!(
                "    if let (Ok(user), Ok(password)) = (std::env::var(\"{env}_LOGIN\"), std::env::var(\"{env}_PASSWORD\")) {{\n        return Ok(builder.login(user, password));\n    }}\n"
            ));
        }
        cred_doc.push_str(".\n");
        cred_code.push_str(&format!(
            "    Err(\"set {env}_TOKEN{login_hint} (or run with --mock)\".into())\n",
            login_hint = if s.login.is_some() {
                format!(", or {env}_LOGIN and {env}_PASSWORD,")
            } else {
                String::new()
            }
        ));
    } else {
        cred_code.push_str("    Ok(builder)\n");
    }
    let token_doc = if needs_token {
        format!("{env}_TOKEN=… ")
    } else {
        String::new()
    };
    let text = format!(
        r#"{HEADER}
{RUSTFMT_SKIP}

//! Fetches one record with `{sig}` and prints it.
//!
//! ```sh
//! # against the crate's mock: no credentials, no network
//! cargo run -p {k} --example get_one --features mock -- --mock {id_default}
//! # against the API
//! {token_doc}cargo run -p {k} --example get_one -- {id_default}
//! ```
//!
{cred_doc}//! `{env}_BASE_URL` points the client at another host {host_doc}.

use std::process::ExitCode;

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub struct Args {{
    /// Answer from the crate's mock instead of the API.
    pub mock: bool,
    /// The record to fetch.
    pub id: i64,
}}

/// Reads `[--mock] [ID]` (the arguments after the program name).
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Args, String> {{
    let mut parsed = Args {{ mock: false, id: {id_default} }};
    for arg in args {{
        match arg.as_str() {{
            "--mock" => parsed.mock = true,
            other => {{
                parsed.id = other
                    .parse()
                    .map_err(|e| format!("usage: get_one [--mock] [ID]: `{{other}}` is not a number ({{e}})"))?;
            }}
        }}
    }}
    Ok(parsed)
}}

/// The client for the API, with the credentials from the environment.
pub fn client_from_env() -> Result<{k}::Client, String> {{
    let builder = credentials({k}::Client::builder(){edition})?;
    let builder = match std::env::var("{env}_BASE_URL") {{
        Ok(url) => builder.base_url(url),
        Err(_) => builder,
    }};
    builder.build().map_err(|e| e.to_string())
}}

fn credentials(builder: {k}::ClientBuilder) -> Result<{k}::ClientBuilder, String> {{
{cred_code}}}

/// Fetches record `id` and shows it: every member that holds something, as
/// indented JSON (absent, `null` and empty members left out).
pub async fn fetch(client: &{k}::Client, id: i64) -> Result<String, {k}::Error> {{
    let record = client.{group}().get(id).await?;
    let value = serde_json::to_value(&record).map_err(|e| {k}::Error::Encode(e.to_string()))?;
    let shown = without_empty(value).unwrap_or_default();
    let text = serde_json::to_string_pretty(&shown).map_err(|e| {k}::Error::Encode(e.to_string()))?;
    Ok(format!("{group} {{id}}:\n{{text}}"))
}}

/// `value` without `null`, `""`, `{{}}` and `[]` members (`None` when nothing is left).
fn without_empty(value: serde_json::Value) -> Option<serde_json::Value> {{
    use serde_json::Value;
    match value {{
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::Object(map) => {{
            let map: serde_json::Map<String, Value> = map
                .into_iter()
                .filter_map(|(k, v)| without_empty(v).map(|v| (k, v)))
                .collect();
            (!map.is_empty()).then_some(Value::Object(map))
        }}
        Value::Array(items) => {{
            let items: Vec<Value> = items.into_iter().filter_map(without_empty).collect();
            (!items.is_empty()).then_some(Value::Array(items))
        }}
        other => Some(other),
    }}
}}

#[tokio::main]
async fn main() -> ExitCode {{
    let args = match parse_args(std::env::args().skip(1)) {{
        Ok(args) => args,
        Err(e) => {{
            eprintln!("{{e}}");
            return ExitCode::from(2);
        }}
    }};
    #[cfg(feature = "mock")]
    let mock = if args.mock {{
        Some({k}::mock::start().await)
    }} else {{
        None
    }};
    #[cfg(feature = "mock")]
    let client = match &mock {{
        Some(server) => {k}::Client::builder().base_url(server.uri()){mock_token}.build().map_err(|e| e.to_string()),
        None => client_from_env(),
    }};
    #[cfg(not(feature = "mock"))]
    let client = if args.mock {{
        Err("--mock needs the mock: cargo run -p {k} --example get_one --features mock -- --mock".to_string())
    }} else {{
        client_from_env()
    }};
    let client = match client {{
        Ok(c) => c,
        Err(e) => {{
            eprintln!("{{e}}");
            return ExitCode::from(2);
        }}
    }};
    match fetch(&client, args.id).await {{
        Ok(text) => {{
            println!("{{text}}");
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
