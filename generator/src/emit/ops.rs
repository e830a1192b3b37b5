//! `src/api/<group>.rs`: one accessor per group, one request builder per operation,
//! and `src/mock.rs`: the routes of the mock server.

use super::{doc_attrs, doc_text, rust_file, type_tokens, Files};
use crate::infer::{OpTypes, TypeRef, Types};
use crate::ir::{Api, Endpoint, Location, Method, Param, Segment};
use crate::naming::{ident, ident_camel};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

/// Endpoints by group, in name order.
pub fn groups(api: &Api) -> BTreeMap<String, Vec<&Endpoint>> {
    let mut g: BTreeMap<String, Vec<&Endpoint>> = BTreeMap::new();
    for e in &api.endpoints {
        g.entry(e.group.clone()).or_default().push(e);
    }
    g
}

/// Name of a group's accessor struct: `opportunities` → `Opportunities`.
fn group_struct(group: &str) -> Ident {
    Ident::new(&ident_camel(group), Span::call_site())
}

/// Name of an operation's builder inside its group module: `update` → `Update`.
/// Never the same as the group struct.
fn builder_name(group: &str, op: &str) -> Ident {
    let mut n = ident_camel(op);
    if n == ident_camel(group) || n == "Client" {
        n.push_str("Request");
    }
    Ident::new(&n, Span::call_site())
}

pub fn emit_ops(api: &Api, types: &Types, files: &mut Files) {
    let groups = groups(api);
    let mut mods = Vec::new();
    let mut accessors = Vec::new();
    for (group, eps) in &groups {
        let g = ident(group);
        let gs = group_struct(group);
        mods.push(quote!(pub mod #g;));
        let summary = format!("Operations of the `{group}` group ({} operation(s)).", eps.len());
        accessors.push(quote! {
            #[doc = #summary]
            pub fn #g(&self) -> crate::api::#g::#gs<'_> {
                crate::api::#g::#gs::new(self)
            }
        });
        files.insert(format!("src/api/{group}.rs"), emit_group(group, eps, types));
    }
    files.insert(
        "src/api/mod.rs".into(),
        rust_file(quote! {
            //! Operations, one module per group. Reach them through the accessors on
            //! [`Client`](crate::Client): `client.opportunities().get(13293)`.
            #(#mods)*

            impl crate::Client {
                #(#accessors)*
            }
        }),
    );
    files.insert("src/mock.rs".into(), emit_mock(api));
}

/// A parameter's Rust type for builder fields and arguments.
fn param_ty(types: &OpTypes, p: &Param) -> TypeRef {
    types.params.get(&p.rust_name).cloned().unwrap_or(TypeRef::String)
}

/// Argument type and conversion: strings take `impl Into<String>`, the rest their type.
fn arg(ty: &TypeRef) -> (TokenStream, bool) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), true),
        other => (type_tokens(other), false),
    }
}

/// Positional arguments: path parameters first, then required query/body
/// parameters in table order.
fn positional(e: &Endpoint) -> Vec<&Param> {
    let mut v: Vec<&Param> = e.params.iter().filter(|p| p.location == Location::Path).collect();
    v.extend(e.params.iter().filter(|p| p.location != Location::Path && p.required));
    v
}

fn param_doc(p: &Param) -> String {
    let loc = match p.location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Body => "body",
    };
    let desc = if p.description.trim().is_empty() { "(not described)".to_string() } else { doc_text(p.description.trim()) };
    format!("`{}` ({loc}{}): {desc}", p.wire_name, if p.required { ", required" } else { "" })
}

fn op_doc(e: &Endpoint, example: &str) -> String {
    let mut d = format!("{}\n\n`{}`\n", doc_text(&e.summary), e.signature());
    if let Some(t) = &e.title {
        d.push_str(&format!("\nPage title: {}\n", doc_text(t)));
    }
    if !e.params.is_empty() {
        d.push_str("\n# Parameters\n\n");
        for p in &e.params {
            d.push_str(&format!("- {}\n", param_doc(p)));
        }
    }
    for n in &e.notes {
        if !n.trim().is_empty() {
            d.push_str(&format!("\nNote: {}\n", doc_text(n.trim())));
        }
    }
    let mut src = format!("\nSource: `{}`", e.source);
    for m in &e.merged_from {
        src.push_str(&format!(", `{m}`"));
    }
    if let Some(u) = &e.updated_at {
        src.push_str(&format!(" (updated {}", doc_text(u)));
        if let Some(a) = &e.author {
            src.push_str(&format!(" by {}", doc_text(a)));
        }
        src.push(')');
    }
    d.push_str(&src);
    d.push_str(&format!("\n\n# Example\n\n```no_run\n# async fn run(client: ikcrm::Client) -> ikcrm::Result<()> {{\n{example}\n# Ok(()) }}\n```"));
    d
}

/// A literal example value for a positional argument in rustdoc examples.
fn example_value(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Integer => "1".into(),
        TypeRef::Float => "1.0".into(),
        TypeRef::Decimal => "\"1.0\".parse()?".into(),
        TypeRef::Bool => "true".into(),
        TypeRef::DateTime => "\"2024-01-01 09:00\".parse()?".into(),
        TypeRef::List(_) => "vec![]".into(),
        TypeRef::Json => "serde_json::Value::Null".into(),
        _ => "\"…\"".into(),
    }
}

fn emit_group(group: &str, eps: &[&Endpoint], types: &Types) -> String {
    let gs = group_struct(group);
    let g_doc = format!("Operations on `{group}`: get it with [`Client::{}`](crate::Client::{}).", group, crate::naming::rust_ident(group).trim_start_matches("r#"));
    let mut methods = Vec::new();
    let mut builders = Vec::new();
    // Imports only what the group's builders use (unused imports are warnings).
    let non_path = |e: &&&Endpoint| e.params.iter().any(|p| p.location != Location::Path);
    let uses_rails = eps.iter().any(|e| non_path(&e));
    let uses_to_param = eps.iter().any(|e| !e.params.is_empty());
    let rails_import = if uses_rails { quote!(rails,) } else { quote!() };
    let to_param_import = if uses_to_param { quote!(use crate::runtime::object::ToParam;) } else { quote!() };
    let fallback = OpTypes { response: TypeRef::Json, params: BTreeMap::new(), request: None };
    for e in eps {
        let t = types.ops.get(&(e.group.clone(), e.operation.clone())).unwrap_or(&fallback);
        let (m, b) = emit_op(e, t, types);
        methods.push(m);
        builders.push(b);
    }
    let module_doc = format!(" The `{group}` group of operations.");
    rust_file(quote! {
        #![doc = #module_doc]
        #![allow(clippy::too_many_arguments, clippy::new_without_default)]

        #to_param_import
        use crate::runtime::{#rails_import ApiRequest, BoxFuture, Client, Result};

        #[doc = #g_doc]
        #[derive(Debug, Clone, Copy)]
        pub struct #gs<'c> {
            client: &'c Client,
        }

        impl<'c> #gs<'c> {
            pub(crate) fn new(client: &'c Client) -> Self {
                Self { client }
            }

            #(#methods)*
        }

        #(#builders)*
    })
}

fn method_tokens(m: Method) -> TokenStream {
    match m {
        Method::Get => quote!(reqwest::Method::GET),
        Method::Post => quote!(reqwest::Method::POST),
        Method::Put => quote!(reqwest::Method::PUT),
        Method::Patch => quote!(reqwest::Method::PATCH),
        Method::Delete => quote!(reqwest::Method::DELETE),
    }
}

/// Returns the accessor method and the builder type of one operation.
fn emit_op(e: &Endpoint, t: &OpTypes, types: &Types) -> (TokenStream, TokenStream) {
    let op = ident(&e.operation);
    let b = builder_name(&e.group, &e.operation);
    let pos = positional(e);
    let response = type_tokens(&t.response);

    // Accessor arguments and builder fields.
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    let mut example_args = Vec::new();
    for p in &e.params {
        let id = ident(&p.rust_name);
        let ty = param_ty(t, p);
        let ty_tokens = type_tokens(&ty);
        let is_pos = pos.iter().any(|q| std::ptr::eq(*q, p));
        let fdoc = doc_attrs(&param_doc(p));
        if is_pos {
            let (arg_ty, into) = arg(&ty);
            args.push(quote!(#id: #arg_ty));
            inits.push(if into { quote!(#id: #id.into()) } else { quote!(#id) });
            fields.push(quote!(#fdoc #id: #ty_tokens,));
            example_args.push(example_value(&ty));
        } else {
            let (arg_ty, into) = arg(&ty);
            let value = if into { quote!(value.into()) } else { quote!(value) };
            inits.push(quote!(#id: None));
            fields.push(quote!(#fdoc #id: Option<#ty_tokens>,));
            let sdoc = doc_attrs(&format!("Sets {}", param_doc(p)));
            setters.push(quote! {
                #sdoc
                pub fn #id(mut self, value: #arg_ty) -> Self {
                    self.#id = Some(#value);
                    self
                }
            });
        }
    }

    // The path: `format!("/api/v2/opportunities/{}", encode(id))`.
    let mut fmt = String::new();
    let mut fmt_args = Vec::new();
    for seg in &e.path.segments {
        fmt.push('/');
        match seg {
            Segment::Literal { value } => fmt.push_str(&value.replace('{', "{{").replace('}', "}}")),
            Segment::Param { name, .. } => {
                fmt.push_str("{}");
                let p = e.params.iter().find(|p| p.location == Location::Path && &p.wire_name == name);
                match p {
                    Some(p) => {
                        let id = ident(&p.rust_name);
                        fmt_args.push(quote!(crate::runtime::encode_path_segment(&crate::runtime::object::param_text(&self.#id.to_param()))));
                    }
                    None => fmt_args.push(quote!("")),
                }
            }
        }
    }
    if fmt.is_empty() {
        fmt.push('/');
    }
    let path_expr = if fmt_args.is_empty() { quote!(String::from(#fmt)) } else { quote!(format!(#fmt, #(#fmt_args),*)) };

    // Query and body.
    let mut encode = Vec::new();
    let mut has_body = false;
    for p in e.params.iter().filter(|p| p.location != Location::Path) {
        let id = ident(&p.rust_name);
        let is_pos = pos.iter().any(|q| std::ptr::eq(*q, p));
        let value = if is_pos { quote!(Some(&self.#id)) } else { quote!(self.#id.as_ref()) };
        let stmt = match p.location {
            Location::Query => {
                let key = p.wire_name.strip_suffix("[]").unwrap_or(&p.wire_name).to_string();
                quote!(rails::push_query(&mut request.query, #key, &value.to_param());)
            }
            _ => {
                has_body = true;
                let path: Vec<String> = {
                    let mut v = p.wire_path.clone();
                    while v.len() > 1 && v.last().is_some_and(|s| s.is_empty()) {
                        v.pop();
                    }
                    v
                };
                let lits = path.iter().map(|s| Literal::string(s));
                quote!(rails::insert_body(&mut body, &[#(#lits),*], value.to_param());)
            }
        };
        encode.push(quote! {
            if let Some(value) = #value {
                #stmt
            }
        });
    }
    let body_init = if has_body { quote!(let mut body = serde_json::Map::new();) } else { quote!() };
    let body_set = if has_body { quote!(request.body = Some(serde_json::Value::Object(body));) } else { quote!() };
    let method = method_tokens(e.method);
    let op_name = format!("{}.{}", e.group, e.operation);
    let template = e.path.raw.clone();
    let needs_mut = !encode.is_empty();
    let request_binding = if needs_mut { quote!(let mut request) } else { quote!(let request) };

    // Pagination.
    let page_info = match &t.response {
        TypeRef::Struct(n) => types.get(n).and_then(|s| s.page.clone()),
        _ => None,
    };
    let page_param = e.params.iter().find(|p| p.wire_name == "page" && p.location == Location::Query && !p.required);
    let stream = match (&page_info, page_param) {
        (Some(info), Some(pp)) => {
            let item = type_tokens(&info.item);
            let pid = ident(&pp.rust_name);
            let page_ty = param_ty(t, pp);
            let set = match page_ty {
                TypeRef::Integer => quote!(builder.#pid = Some(i64::try_from(page).unwrap_or(i64::MAX));),
                _ => quote!(builder.#pid = Some(page.to_string().into());),
            };
            quote! {
                /// Streams every item of every page, fetching pages lazily from the
                /// page set with `page` (default 1) on.
                pub fn stream(self) -> futures_core::stream::BoxStream<'static, Result<#item>> {
                    let client = self.client.clone();
                    let first = self.#pid.as_ref().and_then(|p| p.to_param().as_u64()).unwrap_or(1);
                    crate::runtime::paginate::<#response>(client, move |page| {
                        let mut builder = self.clone();
                        let page = page + first - 1;
                        #set
                        builder.request()
                    })
                }
            }
        }
        _ => quote!(),
    };

    let signature_example = format!(
        "let response = client.{}().{}({}).await?;\n# let _ = response;",
        crate::naming::rust_ident(&e.group),
        crate::naming::rust_ident(&e.operation),
        example_args.join(", ")
    );
    let doc = doc_attrs(&op_doc(e, &signature_example));
    let b_doc = format!("Request builder for [`{}`]({}::{}): set optional parameters, then `.send().await` (or just `.await`).", op_name, group_struct(&e.group), crate::naming::rust_ident(&e.operation).trim_start_matches("r#"));
    let must_use = "a request does nothing until it is sent: call `.send().await` or `.await` it";

    let method_tokens = quote! {
        #doc
        pub fn #op(&self, #(#args),*) -> #b {
            #b { client: self.client.clone(), #(#inits),* }
        }
    };
    let builder = quote! {
        #[doc = #b_doc]
        #[derive(Debug, Clone)]
        #[must_use = #must_use]
        pub struct #b {
            client: Client,
            #(#fields)*
        }

        impl #b {
            #(#setters)*

            fn request(&self) -> ApiRequest {
                #request_binding = ApiRequest::new(#method, #op_name, #template, #path_expr);
                #body_init
                #(#encode)*
                #body_set
                request
            }

            /// Sends the request and decodes the `data` of the response.
            pub async fn send(self) -> Result<#response> {
                self.client.send(self.request()).await
            }

            #stream
        }

        impl std::future::IntoFuture for #b {
            type Output = Result<#response>;
            type IntoFuture = BoxFuture<'static, Result<#response>>;
            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    };
    (method_tokens, builder)
}

/// `src/mock.rs`: one route per operation, answering with its first success example.
fn emit_mock(api: &Api) -> String {
    let mut routes = Vec::new();
    for e in &api.endpoints {
        let method = e.method.as_str();
        let path = &e.path.raw;
        let query: Vec<&str> = e.params.iter().filter(|p| p.location == Location::Query && p.required).map(|p| p.wire_name.as_str()).collect();
        let body: Vec<TokenStream> = e
            .params
            .iter()
            .filter(|p| p.location == Location::Body && p.required)
            .map(|p| {
                let segs = p.wire_path.iter().filter(|s| !s.is_empty()).map(|s| Literal::string(s));
                quote!(&[#(#segs),*])
            })
            .collect();
        let response = e
            .examples
            .iter()
            .find(|x| x.kind == crate::page::ExampleKind::Success)
            .map(|x| {
                // The server always answers with a success envelope.
                if x.value.get("data").is_some() && x.value.get("code").is_some() {
                    x.value.clone()
                } else {
                    serde_json::json!({"code": 0, "data": x.value})
                }
            })
            .unwrap_or_else(|| serde_json::json!({"code": 0, "data": null}));
        let response = serde_json::to_string(&response).unwrap_or_else(|_| "{\"code\":0,\"data\":null}".into());
        routes.push(quote! {
            MockRoute {
                method: #method,
                path: #path,
                required_query: &[#(#query),*],
                required_body: &[#(#body),*],
                response: #response,
            }
        });
    }
    rust_file(quote! {
        //! A mock of the whole API for tests of code that uses this SDK (feature `mock`).
        //!
        //! ```no_run
        //! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
        //! let server = ikcrm::mock::start()?;
        //! let client = ikcrm::Client::builder().base_url(server.base_url()).token("t").build()?;
        //! # let _ = client;
        //! # Ok(()) }
        //! ```
        pub use crate::runtime::mock::{MockRoute, MockServer, RecordedRequest};

        /// Every documented operation, answering with its documented success example.
        pub fn routes() -> Vec<MockRoute> {
            vec![#(#routes),*]
        }

        /// Starts a mock server on 127.0.0.1 (random port) serving [`routes`]. Call it
        /// inside a Tokio runtime; the server stops when dropped.
        pub fn start() -> std::io::Result<MockServer> {
            MockServer::start(routes())
        }
    })
}
