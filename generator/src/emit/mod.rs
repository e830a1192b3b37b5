//! Stage 5: the client crate's code, built with `quote` and printed with
//! `prettyplease` ([`crate::output::rust_file`]).
//!
//! Hands on the crate's generated files (`src/`, `tests/examples.rs`,
//! `examples/get_one.rs`) as [`Job`]s of an [`Emitter`], each one file, so that
//! [`crate::pipeline`] can build them on every core beside `openapi.json` and the
//! snapshot; the fixed files (runtime, templates) come from [`crate::output`].
//! Byte-identical on every run for the same input.

mod config;
mod examples;
mod ops;
mod types;

use crate::infer::{StructDef, TypeRef, Types};
use crate::ir::{Api, Endpoint};
use crate::output::{is_bidi_control, rust_file, Files};
use crate::settings::ApiSettings;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

/// Tokens for a decoded type (a response, a field's value): list items are
/// [`Field`]s so one drifted item does not fail the whole list.
pub fn type_tokens(t: &TypeRef, types: &Types) -> TokenStream {
    match t {
        TypeRef::List(inner) => {
            let i = type_tokens(inner, types);
            quote!(Vec<crate::runtime::Field<#i>>)
        }
        other => param_type_tokens(other, types),
    }
}

/// Tokens for a type the user passes in (a request parameter): plain lists.
pub fn param_type_tokens(t: &TypeRef, types: &Types) -> TokenStream {
    match t {
        TypeRef::String => quote!(String),
        TypeRef::Integer => quote!(i64),
        TypeRef::Float => quote!(f64),
        TypeRef::Decimal => quote!(crate::runtime::Decimal),
        TypeRef::Bool => quote!(bool),
        TypeRef::DateTime => quote!(crate::runtime::DateTime),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Struct(id) => {
            let id = proc_macro2::Ident::new(types.name(*id), proc_macro2::Span::call_site());
            quote!(crate::types::#id)
        }
        TypeRef::List(inner) => {
            let i = param_type_tokens(inner, types);
            quote!(Vec<#i>)
        }
    }
}

/// Doc attributes for a (possibly multi-line) text.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines: Vec<TokenStream> = text
        .lines()
        .map(|l| {
            let l = if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            };
            let l = str_lit(&l);
            quote!(#[doc = #l])
        })
        .collect();
    quote!(#(#lines)*)
}

/// A string literal for `text`, written raw (`r"…"`, `r#"…"#`) whenever Rust
/// allows it.
///
/// Why: a quoted literal is escaped char by char when built
/// (`char::escape_debug`, slow on Chinese text) and unescaped twice when syn
/// reads it back; a raw one is copied. Profiled at 1,000 pages, escaping and
/// unescaping doc strings and JSON examples was a quarter of all instructions
/// of `cargo xtask codegen`. In doc attributes the form is invisible
/// (prettyplease prints `///` either way); in code, raw JSON reads as JSON.
pub fn str_lit(text: &str) -> Literal {
    raw_lit(text, 0)
}

/// [`str_lit`] with at least `min_hashes` `#`s (`r#"{…}"#` for JSON, as a
/// person would write it).
pub fn raw_lit(text: &str, min_hashes: usize) -> Literal {
    // A raw literal cannot hold a carriage return, nor (as rustc denies them) a
    // bidi control; the others need no escape.
    if text.contains(|c| c == '\r' || is_bidi_control(c)) {
        return Literal::string(text);
    }
    let mut hashes = "#".repeat(min_hashes);
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(text))
}

/// Escapes text taken from a doc page for use inside rustdoc markdown: no HTML,
/// no accidental code fences or intra-doc links.
pub fn doc_text(s: &str) -> String {
    let escaped = s
        .replace('\r', "")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace("```", "'''");
    autolink(&escaped)
}

/// Wraps bare `http(s)://` URLs in `<…>` so rustdoc renders them as links instead
/// of warning about them. The URL ends at whitespace, a non-ASCII character or a
/// quote; trailing punctuation stays outside.
fn autolink(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest
        .find("http://")
        .into_iter()
        .chain(rest.find("https://"))
        .min()
    {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = [
            tail.find(|c: char| {
                c.is_whitespace() || !c.is_ascii() || matches!(c, '"' | '`' | '\'' | '\\')
            }),
            tail.find("&lt;"),
            tail.find("&gt;"),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
        if url.len() > "https://".len() {
            out.push('<');
            out.push_str(url);
            out.push('>');
        } else {
            out.push_str(url);
        }
        rest = &tail[url.len()..];
    }
    out.push_str(rest);
    out
}

/// One file of the crate's code: each builds its own tokens and formats them, so
/// jobs can run on different threads (token streams are not `Send`).
pub enum Job<'e> {
    Lib,
    Config,
    TypesMod,
    TypesModule(&'e str, &'e [&'e StructDef]),
    ApiMod,
    Group(&'e str, &'e [&'e Endpoint]),
    Mock,
    ExampleTests,
    ExampleProgram,
}

type Groups<'a> = BTreeMap<String, Vec<&'a Endpoint>>;

/// What every file of the crate's code is built from: the IR, the types, and the
/// endpoints by group and structs by module, computed once.
pub struct Emitter<'a> {
    api: &'a Api,
    types: &'a Types,
    groups: Groups<'a>,
    modules: BTreeMap<String, Vec<&'a StructDef>>,
}

impl<'a> Emitter<'a> {
    pub fn new(api: &'a Api, types: &'a Types) -> Self {
        Emitter {
            api,
            types,
            groups: ops::groups(api),
            modules: types::type_modules(types),
        }
    }

    /// Every file of the crate's code, the whole-API ones (the largest) first:
    /// starting them early keeps one thread from finishing them alone at the end.
    pub fn jobs(&self) -> Vec<Job<'_>> {
        let mut jobs = vec![
            Job::ExampleTests,
            Job::Mock,
            Job::Lib,
            Job::Config,
            Job::ApiMod,
            Job::ExampleProgram,
            Job::TypesMod,
        ];
        jobs.extend(
            self.modules
                .iter()
                .filter(|(m, _)| !m.is_empty())
                .map(|(m, s)| Job::TypesModule(m.as_str(), s.as_slice())),
        );
        jobs.extend(
            self.groups
                .iter()
                .map(|(group, eps)| Job::Group(group.as_str(), eps.as_slice())),
        );
        jobs
    }

    /// The path and text of one file (`None`: the crate has no such file).
    pub fn run(&self, job: &Job<'_>) -> Option<(String, String)> {
        let (api, types) = (self.api, self.types);
        Some(match job {
            Job::Lib => ("src/lib.rs".into(), lib_rs(api, types)),
            Job::Config => ("src/config.rs".into(), config::emit_config(&api.settings)),
            Job::TypesMod => (
                types::TYPES_MOD_FILE.into(),
                types::emit_types_mod(&self.modules, types),
            ),
            Job::TypesModule(module, structs) => (
                types::module_file(module),
                types::emit_types_module(module, structs, types),
            ),
            Job::ApiMod => ("src/api/mod.rs".into(), ops::emit_api_mod(&self.groups)),
            Job::Group(group, eps) => (
                format!("src/api/{group}.rs"),
                ops::emit_group(group, eps, types, &api.settings),
            ),
            Job::Mock => ("src/mock.rs".into(), ops::emit_mock(api, types)),
            Job::ExampleTests => (
                "tests/examples.rs".into(),
                examples::emit_example_tests(api, types),
            ),
            Job::ExampleProgram => (
                "examples/get_one.rs".into(),
                examples::emit_example_program(api, types)?,
            ),
        })
    }
}

/// The crate's code alone (no runtime, templates, snapshot or OpenAPI: the
/// [`crate::pipeline`] adds those), built on every core ([`crate::par`]); the
/// result does not depend on the number of threads.
pub fn emit(api: &Api, types: &Types) -> Files {
    let emitter = Emitter::new(api, types);
    crate::par::map(&emitter.jobs(), |job| emitter.run(job))
        .into_iter()
        .flatten()
        .collect()
}

/// The first lines of the crate docs' example: building a client.
fn client_example(s: &ApiSettings) -> String {
    let k = &s.crate_name;
    let host = match s.default_host.and_then(|i| s.hosts.get(i)) {
        Some(h) => format!("\n    .edition({k}::Edition::{})", h.name),
        None => "\n    .base_url(\"https://api.example.com\")".to_string(),
    };
    let token = match s.auth {
        crate::settings::Auth::None => "",
        _ => "\n    .token(\"user-token\")",
    };
    format!("let client = {k}::Client::builder(){host}{token}\n    .build()?;")
}

fn lib_rs(api: &Api, types: &Types) -> String {
    let groups: Vec<String> = ops::groups(api).into_keys().collect();
    let n_ops = api.endpoints.len();
    let n_types = types.structs.len();
    let s = &api.settings;
    let k = &s.crate_name;
    let doc = format!(
        "Typed async client for the {title}.\n\n\
         Generated from {n_ops} documented operations ({n_types} types) by `cargo xtask codegen`.\n\n\
         ```no_run\n\
         # async fn run() -> {k}::Result<()> {{\n\
         {client}\n\
         # let _ = client;\n\
         # Ok(()) }}\n\
         ```\n\n\
         Every response field is a [`Field`]: present, absent, `null`, empty (`\"\"`, `{{}}`, `[]`) or \
         an unexpected shape are all kept, so decoding then encoding gives back the same JSON.\n\n\
         Groups: {}.",
        groups.iter().map(|g| format!("[`Client::{g}`]")).collect::<Vec<_>>().join(", "),
        title = s.title,
        client = client_example(s),
    );
    let doc: Vec<TokenStream> = doc
        .lines()
        .map(|l| {
            let l = if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            };
            let l = str_lit(&l);
            quote!(#![doc = #l])
        })
        .collect();
    let edition = if s.hosts.is_empty() {
        quote!()
    } else {
        quote!(
            pub use config::Edition;
        )
    };
    let tokens = quote! {
        #(#doc)*
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]
        // docs.rs (`--cfg docsrs`, nightly): items behind a feature get its badge.
        #![cfg_attr(docsrs, feature(doc_cfg))]

        pub mod api;
        pub mod config;
        pub mod runtime;
        pub mod types;

        #[cfg(feature = "mock")]
        #[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
        pub mod mock;

        pub use config::codes;
        #edition
        pub use runtime::{
            chrono, rust_decimal, BoxFuture, Client, ClientBuilder, CustomFieldCatalog, CustomFields, DateTime, Decimal, Empty,
            Error, Extra, Field, Method, Paginated, ParseDecimalError, RawRequest, Result, RetryPolicy, Stream,
            Throttle, TransportError, TryStreamExt,
        };
    };
    rust_file(tokens)
}

#[cfg(test)]
mod tests {
    #[test]
    fn string_literals_read_back_as_the_text() {
        for text in [
            "",
            "plain",
            "中文 说明",
            "quote \" inside",
            "ends with a quote\"",
            "\"# and \"## and \"###",
            "back\\slash \\n not a newline",
            "line\nbreak",
            "carriage\rreturn",
            "nul \0 and tab \t",
            "*/ #[doc = \"x\"]",
        ] {
            for lit in [super::str_lit(text), super::raw_lit(text, 1)] {
                let parsed: syn::LitStr = syn::parse2(quote::quote!(#lit))
                    .unwrap_or_else(|e| panic!("{text:?} → {lit}: {e}"));
                assert_eq!(parsed.value(), text, "{lit}");
            }
        }
        assert_eq!(super::str_lit("a").to_string(), "r\"a\"");
        assert_eq!(
            super::raw_lit(r#"{"a": 1}"#, 1).to_string(),
            r##"r#"{"a": 1}"#"##
        );
    }

    #[test]
    fn bidi_controls_never_reach_the_source() {
        let text = "说明\u{202e}txt.exe\u{2066}x";
        let lit = super::str_lit(text);
        assert!(!lit.to_string().contains(super::is_bidi_control), "{lit}");
        let parsed: syn::LitStr = syn::parse2(quote::quote!(#lit)).expect("parses");
        assert_eq!(parsed.value(), text);
        let doc = super::doc_attrs(text);
        let file = super::rust_file(quote::quote!(#doc pub struct X;));
        assert!(!file.contains(super::is_bidi_control), "{file}");
        assert!(file.contains("说明\\u{202e}txt.exe\\u{2066}x"), "{file}");
    }

    #[test]
    fn bare_urls_become_links() {
        assert_eq!(
            super::doc_text("见 http://a.com/x, 或 https://b.cn/y?z=1。"),
            "见 <http://a.com/x>, 或 <https://b.cn/y?z=1>。"
        );
        assert_eq!(
            super::doc_text("<b>http://</b>"),
            "&lt;b&gt;http://&lt;/b&gt;"
        );
        assert_eq!(
            super::doc_text("http://a.com/?x=1&y=2<br>"),
            "<http://a.com/?x=1&y=2>&lt;br&gt;"
        );
    }
}
