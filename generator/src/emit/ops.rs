//! `src/api/<group>.rs`: one accessor per group, one request builder per operation,
//! and `src/mock.rs`: the routes of the mock server.

use super::{doc_attrs, doc_text, param_type_tokens, raw_lit, str_lit, type_tokens};
use crate::infer::{OpTypes, PageInfo, TypeRef, Types};
use crate::ir::{Api, Endpoint, ExampleKind, Location, Method, Param};
use crate::naming::{
    self, ident, ident_camel, Scope, BUILDER_MEMBERS, GROUP_MODULE_IMPORTS, PARAM_SUFFIX, PRELUDE,
    REQUEST_LOCALS, SETTER_ARGS,
};
use crate::output::rust_file;
use crate::settings::{ApiSettings, SuccessValue};
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

/// Name of a group's accessor struct: `opportunities` → `Opportunities`
/// ([`naming::group_struct_name`]).
fn group_struct(group: &str) -> Ident {
    Ident::new(&naming::group_struct_name(group), Span::call_site())
}

/// Verbs an operation name can start with (`naming::operation_name` writes them):
/// the builder puts the group's noun right after the verb (`list_opportunities` of
/// `customers` → `ListCustomerOpportunities`).
const OPERATION_VERBS: &[&str] = &["get", "list", "create", "update", "delete"];

/// The builder type of an operation, named after the operation and its group so
/// that it is unique in the crate (rustdoc search and compiler messages tell them
/// apart): `opportunities.get` → `GetOpportunity`, `contracts.list` →
/// `ListContracts`, `contracts.update_all` → `UpdateAllContracts`,
/// `opportunities.create_product_asset` → `CreateOpportunityProductAsset`,
/// `common_customers.transfer` → `TransferCommonCustomer`.
fn builder_base_name(group: &str, op: &str) -> String {
    let one = crate::naming::singular(group);
    let (verb, rest) = op.split_once('_').unwrap_or((op, ""));
    // The words are joined first and camel-cased once, so a keyword among them
    // (`self` → `Self_` on its own) does not leave a `_` inside the name.
    let words = if op == "list" || rest == "all" {
        format!("{op} {group}")
    } else if OPERATION_VERBS.contains(&verb) && !rest.is_empty() {
        format!("{verb} {one} {rest}")
    } else {
        format!("{op} {one}")
    };
    ident_camel(&words)
}

/// The builders of one group module, in endpoint order ([`builder_base_name`]),
/// claimed against the module's imports, the prelude and the group struct
/// (`a2` and `a_2` → `A2Thing`, `A2ThingRequest`).
fn builder_names(group: &str, eps: &[&Endpoint]) -> Vec<Ident> {
    let mut scope = Scope::new(&[GROUP_MODULE_IMPORTS, PRELUDE], "Request");
    scope.reserve(&naming::group_struct_name(group));
    eps.iter()
        .map(|e| {
            Ident::new(
                &scope.claim(&builder_base_name(group, &e.operation)),
                Span::call_site(),
            )
        })
        .collect()
}

/// `src/api/mod.rs`: the group modules and their accessors on `Client`.
pub fn emit_api_mod(groups: &BTreeMap<String, Vec<&Endpoint>>) -> String {
    let mut mods = Vec::new();
    let mut accessors = Vec::new();
    for (group, eps) in groups {
        let g = ident(group);
        let gs = group_struct(group);
        mods.push(quote!(pub mod #g;));
        let links: Vec<String> = eps
            .iter()
            .map(|e| {
                let op = crate::naming::rust_ident(&e.operation).replace("r#", "");
                format!(
                    "[`{op}`](crate::api::{g_name}::{gs}::{op})",
                    g_name = crate::naming::rust_ident(group).replace("r#", ""),
                    gs = group_struct(group)
                )
            })
            .collect();
        let summary = format!(" The `{group}` operations: {}.", links.join(", "));
        accessors.push(quote! {
            #[doc = #summary]
            pub fn #g(&self) -> crate::api::#g::#gs<'_> {
                crate::api::#g::#gs::new(self)
            }
        });
    }
    rust_file(quote! {
        //! Operations, one module per group. Reach them through the accessors on
        //! [`Client`](crate::Client): `client.opportunities().get(13293)`.
        #(#mods)*

        impl crate::Client {
            #(#accessors)*
        }
    })
}

/// A parameter's Rust type for builder fields and arguments.
fn param_ty(op: &Op<'_>, p: &Param) -> TypeRef {
    op.t.param(op.e, p).clone()
}

/// Argument type and conversion: strings take `impl Into<String>`, the rest their type.
fn arg(ty: &TypeRef, types: &Types) -> (TokenStream, bool) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), true),
        TypeRef::DateTime => (quote!(impl Into<crate::runtime::DateTime>), true),
        other => (param_type_tokens(other, types), false),
    }
}

/// A placeholder segment in a body parameter's name, such as `:format` in
/// `revisit_log[loggable_attributes][:format]` ("replace :format with stage or
/// status"): its index in the wire path and its name.
fn placeholder(p: &Param) -> Option<(usize, String)> {
    if p.location != Location::Body {
        return None;
    }
    p.wire_path.iter().enumerate().find_map(|(i, s)| {
        let name = s.trim().strip_prefix(':')?;
        let name = crate::naming::ident_snake(name.trim());
        (!name.is_empty()).then_some((i, name))
    })
}

fn param_doc(p: &Param) -> String {
    let loc = match p.location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Body => "body",
        Location::Header => "header",
    };
    let desc = if p.description.trim().is_empty() {
        "(not described)".to_string()
    } else {
        doc_text(p.description.trim())
    };
    format!(
        "`{}` ({loc}{}): {desc}",
        p.wire_name,
        if p.required { ", required" } else { "" }
    )
}

/// How an operation's doc names what it returns: a link to the type when it is one
/// of ours, so the group page shows each operation's response type.
fn response_doc(t: &TypeRef, types: &Types) -> String {
    match t {
        TypeRef::Struct(id) => {
            let n = types.name(*id);
            format!("[`{n}`](crate::types::{n})")
        }
        TypeRef::List(inner) => format!("a list of {}", response_doc(inner, types)),
        TypeRef::Json => "JSON (`serde_json::Value`)".to_string(),
        other => format!(
            "`{}`",
            param_type_tokens(other, types).to_string().replace(' ', "")
        ),
    }
}

fn op_doc(e: &Endpoint, response: &TypeRef, types: &Types, example: &str, krate: &str) -> String {
    let mut d = format!(
        "{}\n\n`{}` → {}\n",
        doc_text(&e.summary),
        e.signature(),
        response_doc(response, types)
    );
    if let Some(t) = &e.title {
        d.push_str(&format!("\nPage title: {}\n", doc_text(t)));
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
    d.push('\n');
    if !e.params.is_empty() {
        d.push_str("\n# Parameters\n\n");
        for p in &e.params {
            d.push_str(&format!("- {}\n", param_doc(p)));
        }
    }
    let notes: Vec<&str> = e
        .notes
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect();
    if !notes.is_empty() {
        d.push_str("\n# Notes\n");
        for n in notes {
            d.push_str(&format!("\n{}\n", doc_text(n)));
        }
    }
    d.push_str(&format!("\n# Example\n\n```no_run\n# async fn run(client: {krate}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n{example}\n# Ok(()) }}\n```"));
    d
}

/// The value the docs' first success example gives to the field a parameter sets
/// (`opportunity[title]` → `data.title`), if it is a usable scalar.
fn documented_value(e: &Endpoint, p: &Param, settings: &ApiSettings) -> Option<serde_json::Value> {
    let key = p
        .wire_path
        .iter()
        .rev()
        .find(|s| !s.is_empty() && !s.starts_with(':'))?;
    let example = e.examples.iter().find(|x| x.kind == ExampleKind::Success)?;
    let data = data_of(&example.value, settings);
    let v = data.get(key.as_str())?;
    match v {
        serde_json::Value::String(s)
            if !s.trim().is_empty() && s.len() <= 40 && !s.contains(['"', '\\', '\n']) =>
        {
            Some(v.clone())
        }
        serde_json::Value::Number(n)
            if n.as_i64().is_some_and(|i| i > 0) || n.as_f64().is_some_and(|f| f > 0.0) =>
        {
            Some(v.clone())
        }
        _ => None,
    }
}

/// A literal example value for an argument in rustdoc examples: the documented
/// value when there is one, else a placeholder of the right type.
fn example_value(e: &Endpoint, p: &Param, ty: &TypeRef, settings: &ApiSettings) -> String {
    let doc = documented_value(e, p, settings);
    let text = doc.as_ref().map(|v| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    match ty {
        TypeRef::Integer => doc
            .and_then(|v| v.as_i64())
            .map_or("1".into(), |i| i.to_string()),
        TypeRef::Float => doc
            .and_then(|v| v.as_f64())
            .map_or("1.0".into(), |f| format!("{f:?}")),
        TypeRef::Decimal => format!(
            "{:?}.parse()?",
            text.filter(|t| t.parse::<f64>().is_ok())
                .unwrap_or_else(|| "1.0".into())
        ),
        TypeRef::Bool => "true".into(),
        TypeRef::DateTime => format!(
            "{:?}",
            text.filter(|t| !t.is_empty())
                .unwrap_or_else(|| "2024-01-01 09:00".into())
        ),
        TypeRef::List(inner) => match **inner {
            TypeRef::Integer => "vec![1, 2]".into(),
            TypeRef::String => "vec![\"…\".to_owned()]".into(),
            _ => "vec![]".into(),
        },
        TypeRef::Json => "serde_json::Value::Null".into(),
        _ => format!(
            "{:?}",
            text.filter(|t| doc.as_ref().is_some_and(|v| v.is_string()) && !t.is_empty())
                .unwrap_or_else(|| "…".into())
        ),
    }
}

pub fn emit_group(group: &str, eps: &[&Endpoint], types: &Types, settings: &ApiSettings) -> String {
    let gs = group_struct(group);
    let g_doc = format!(
        " Operations on `{group}`: get it with [`Client::{}`](crate::Client::{}).",
        group,
        crate::naming::rust_ident(group).trim_start_matches("r#")
    );
    let mut methods = Vec::new();
    let mut builders = Vec::new();
    let mut used = Imports::default();
    for (e, b) in eps.iter().zip(builder_names(group, eps)) {
        let (m, b) = emit_op(&Op::new(e, types.op(e), types, settings), b, &mut used);
        methods.push(m);
        builders.push(b);
    }
    if let Some(e) = eps.iter().find(|e| is_custom_field_catalog(e)) {
        if !eps.iter().any(|o| o.operation == CATALOG_METHOD) {
            methods.push(catalog_method(e, &settings.crate_name));
        }
    }
    // Imports only what the group's builders use (unused imports are warnings).
    let mut imports = Vec::new();
    if used.to_param {
        imports.push(quote!(
            use crate::runtime::object::ToParam;
        ));
    }
    if used.param_text {
        imports.push(quote!(
            use crate::runtime::object::param_text;
        ));
    }
    let encode_import = if used.encode_path_segment {
        quote!(encode_path_segment,)
    } else {
        quote!()
    };
    let stream_import = if used.box_stream {
        quote!(BoxStream,)
    } else {
        quote!()
    };
    let module_doc = format!(" The `{group}` group of operations.");
    // An accessor takes `&self` and every positional parameter.
    let many_args = eps
        .iter()
        .any(|e| 1 + e.params.iter().filter(|p| p.is_positional()).count() > CLIPPY_MAX_ARGUMENTS);
    let allow = many_args.then(|| quote!(#![allow(clippy::too_many_arguments)]));
    rust_file(quote! {
        #![doc = #module_doc]
        #allow

        #(#imports)*
        use crate::runtime::{#encode_import ApiRequest, BoxFuture, #stream_import Client, Result};

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

/// clippy's `too_many_arguments` threshold (its default): a group whose
/// accessors take more allows the lint, the others do not need to.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// The path of the operation that lists a company's custom fields with their labels
/// (`{module: [{label, custom_fields: [{name, label, …}]}]}`), the only place the
/// API says which `text_asset_…` key holds the field a company calls `合同编号`.
const CUSTOM_FIELD_CATALOG_PATH: &str = "/api/v2/custom_fields/by_group_all";

/// The extra method its group gets: `client.custom_fields().catalog()`.
const CATALOG_METHOD: &str = "catalog";

/// Whether `e` is the custom-field listing of [`CUSTOM_FIELD_CATALOG_PATH`] and
/// takes no required parameter: its group then gets `catalog()`, which reads the
/// response as a `runtime::CustomFieldCatalog` whatever type was inferred for it.
fn is_custom_field_catalog(e: &Endpoint) -> bool {
    e.method == Method::Get
        && e.path.raw.trim_end_matches('/') == CUSTOM_FIELD_CATALOG_PATH
        && !e.params.iter().any(|p| p.required)
}

/// `catalog()`: sends the listing's request and reads it as a `CustomFieldCatalog`.
fn catalog_method(e: &Endpoint, krate: &str) -> TokenStream {
    let op = ident(&e.operation);
    let group = crate::naming::rust_ident(&e.group);
    let group = group.trim_start_matches("r#");
    let op_name = crate::naming::rust_ident(&e.operation);
    let op_name = op_name.trim_start_matches("r#");
    let m = ident(CATALOG_METHOD);
    let doc = doc_attrs(&format!(
        "The company's custom fields by the labels it gave them, read from \
         [`{op_name}`](Self::{op_name}) (`{} {}`): find the key a record carries a field \
         under from its label.\n\n\
         ```no_run\n\
         # async fn run(client: {krate}::Client) -> {krate}::Result<()> {{\n\
         let catalog = client.{group}().{m}().await?;\n\
         if let Some(key) = catalog.module(\"contract\").key_for(\"合同编号\") {{\n    \
         println!(\"合同编号 is {{key}}\"); // then `contract.custom_fields.text(key)`\n\
         }}\n\
         # Ok(()) }}\n\
         ```",
        e.method.as_str(),
        e.path.raw
    ));
    quote! {
        #doc
        pub async fn #m(&self) -> Result<crate::runtime::CustomFieldCatalog> {
            self.client.send(self.#op().request()).await
        }
    }
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

/// The optional imports of a group module ([`GROUP_MODULE_IMPORTS`]) its builders
/// use, recorded where the code that needs them is emitted.
#[derive(Debug, Default)]
struct Imports {
    to_param: bool,
    param_text: bool,
    encode_path_segment: bool,
    box_stream: bool,
}

/// One operation as the parts of its emitter see it.
struct Op<'a> {
    e: &'a Endpoint,
    t: &'a OpTypes,
    types: &'a Types,
    settings: &'a ApiSettings,
    /// Each parameter's field and setter name (in `e.params` order), free among the
    /// builder's own members (lowering already chose such names: then they are
    /// kept as they are).
    members: Vec<String>,
}

impl<'a> Op<'a> {
    fn new(e: &'a Endpoint, t: &'a OpTypes, types: &'a Types, settings: &'a ApiSettings) -> Self {
        let mut scope = Scope::new(&[BUILDER_MEMBERS], PARAM_SUFFIX);
        let members = e.params.iter().map(|p| scope.claim(&p.rust_name)).collect();
        Op {
            e,
            t,
            types,
            settings,
            members,
        }
    }

    /// The parameters with their member names.
    fn params(&self) -> impl Iterator<Item = (&'a Param, &str)> + '_ {
        self.e
            .params
            .iter()
            .zip(self.members.iter().map(String::as_str))
    }

    /// The member name of a parameter of this operation.
    fn member<'s>(&'s self, p: &'s Param) -> &'s str {
        self.params()
            .find(|(q, _)| std::ptr::eq(*q, p))
            .map_or(p.rust_name.as_str(), |(_, m)| m)
    }
}

/// Returns the accessor method and the builder type of one operation.
fn emit_op(op: &Op<'_>, b: Ident, used: &mut Imports) -> (TokenStream, TokenStream) {
    let e = op.e;
    let name = ident(&e.operation);
    let response = type_tokens(&op.t.response, op.types);
    let members = builder_members(op);
    let request_fn = request_fn(op, used);
    let page = page_info(op);
    let stream = page.as_ref().and_then(|info| stream_fn(op, info, used));
    let doc = doc_attrs(&op_doc(
        e,
        &op.t.response,
        op.types,
        &usage_example(op, &members, page.is_some(), stream.is_some()),
        &op.settings.crate_name,
    ));
    let op_name = format!("{}.{}", e.group, e.operation);
    let b_link = format!(
        "[`{}`]({}::{})",
        op_name,
        group_struct(&e.group),
        crate::naming::rust_ident(&e.operation).trim_start_matches("r#")
    );
    let b_doc = if members.setters.is_empty() {
        format!(" Request built by {b_link}: send it with `.send().await`, or just `.await` it.")
    } else {
        format!(" Request builder for {b_link}: set optional parameters, then `.send().await` (or just `.await`).")
    };
    let must_use = "a request does nothing until it is sent: call `.send().await` or `.await` it";
    let Members {
        args,
        inits,
        fields,
        setters,
        ..
    } = members;
    let stream = stream.unwrap_or_default();

    let method_tokens = quote! {
        #doc
        pub fn #name(&self, #(#args),*) -> #b {
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

            #request_fn

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

/// The builder's side of the parameters: the accessor's arguments and how they
/// initialise the builder, the builder's fields and setters, and what the usage
/// example passes.
#[derive(Default)]
struct Members {
    args: Vec<TokenStream>,
    inits: Vec<TokenStream>,
    fields: Vec<TokenStream>,
    setters: Vec<TokenStream>,
    /// A literal for each argument.
    example_args: Vec<String>,
    /// The first setter that is not a paging parameter, called with a literal.
    example_setter: Option<String>,
}

/// Positional parameters ([`Param::is_positional`]) are arguments of the accessor,
/// the others setters of the builder; a body parameter whose name holds a
/// `:placeholder` ([`placeholder`]) gets a setter taking the key too.
fn builder_members(op: &Op<'_>) -> Members {
    let e = op.e;
    let mut m = Members::default();
    for (p, member) in op.params() {
        let id = ident(member);
        let ty = param_ty(op, p);
        let ty_tokens = param_type_tokens(&ty, op.types);
        let fdoc = doc_attrs(&param_doc(p));
        let (arg_ty, into) = arg(&ty, op.types);
        let value = if into {
            quote!(value.into())
        } else {
            quote!(value)
        };
        if p.is_positional() {
            m.args.push(quote!(#id: #arg_ty));
            m.inits.push(if into {
                quote!(#id: #id.into())
            } else {
                quote!(#id)
            });
            m.fields.push(quote!(#fdoc #id: #ty_tokens,));
            m.example_args.push(example_value(e, p, &ty, op.settings));
        } else if let Some((_, key)) = placeholder(p) {
            // The setter's own arguments: `key` may not be `value` or `self`.
            let key = Scope::new(&[SETTER_ARGS], "_").claim(&key);
            let key_id = ident(&key);
            m.inits.push(quote!(#id: None));
            m.fields
                .push(quote!(#fdoc #id: Option<(String, #ty_tokens)>,));
            let sdoc = doc_attrs(&format!(
                "Sets {}\n\n`:{key}` in the name is a placeholder: `{key}` is the key to send in its place.",
                param_doc(p)
            ));
            m.setters.push(quote! {
                #sdoc
                pub fn #id(mut self, #key_id: impl Into<String>, value: #arg_ty) -> Self {
                    self.#id = Some((#key_id.into(), #value));
                    self
                }
            });
        } else {
            let paging_param = e
                .paging
                .as_ref()
                .is_some_and(|pg| pg.is_paging_param(&p.wire_name));
            if m.example_setter.is_none() && !paging_param {
                m.example_setter = Some(format!(
                    ".{}({})",
                    naming::rust_ident(member),
                    example_value(e, p, &ty, op.settings)
                ));
            }
            m.inits.push(quote!(#id: None));
            m.fields.push(quote!(#fdoc #id: Option<#ty_tokens>,));
            let sdoc = doc_attrs(&format!("Sets {}", param_doc(p)));
            m.setters.push(quote! {
                #sdoc
                pub fn #id(mut self, value: #arg_ty) -> Self {
                    self.#id = Some(#value);
                    self
                }
            });
        }
    }
    m
}

/// The path: `let id = self.id.to_string(); format!("/api/v2/opportunities/{id}")`
/// (the locals, then the expression). Each path parameter becomes one
/// percent-encoded segment.
fn path_expr(op: &Op<'_>, used: &mut Imports) -> (Vec<TokenStream>, TokenStream) {
    let mut path_locals = Vec::new();
    let mut locals = Scope::new(&[REQUEST_LOCALS], "_");
    let fmt = op.e.path.format_string(|name| {
        // Lowering gives every template parameter a `Param`.
        let (p, member) = op
            .params()
            .find(|(p, _)| p.location == Location::Path && p.wire_name == name)?;
        let id = ident(member);
        let name = naming::rust_ident(member);
        let local = match name.strip_prefix("r#") {
            Some(raw) => format!("{raw}_"),
            None => name,
        };
        let local = locals.claim(&local);
        let local_id = Ident::new(&local, Span::call_site());
        // Integers never need escaping; anything else is percent-encoded.
        let value = match param_ty(op, p) {
            TypeRef::Integer => quote!(self.#id.to_string()),
            TypeRef::String => {
                used.encode_path_segment = true;
                quote!(encode_path_segment(&self.#id))
            }
            _ => {
                used.encode_path_segment = true;
                used.param_text = true;
                used.to_param = true;
                quote!(encode_path_segment(&param_text(&self.#id.to_param())))
            }
        };
        path_locals.push(quote!(let #local_id = #value;));
        Some(local)
    });
    let expr = if path_locals.is_empty() {
        quote!(#fmt)
    } else {
        quote!(format!(#fmt))
    };
    (path_locals, expr)
}

/// How one query, header or body parameter goes into the request: required ones
/// always, optional ones when set.
fn encode_param(p: &Param, member: &str) -> TokenStream {
    let id = ident(member);
    let stmt = |value: TokenStream| match p.location {
        Location::Query => {
            let key = p
                .wire_name
                .strip_suffix("[]")
                .unwrap_or(&p.wire_name)
                .to_string();
            quote!(request.push_query(#key, &#value.to_param());)
        }
        Location::Header => {
            let name = &p.wire_name;
            quote!(request.push_header(#name, param_text(&#value.to_param()));)
        }
        _ => {
            let mut path = p.wire_path.clone();
            while path.len() > 1 && path.last().is_some_and(|s| s.is_empty()) {
                path.pop();
            }
            let lits = path.iter().map(|s| Literal::string(s));
            quote!(request.insert_body(&[#(#lits),*], #value.to_param());)
        }
    };
    if let (Some((index, _)), false) = (placeholder(p), p.is_positional()) {
        let mut segs: Vec<TokenStream> = p.wire_path.iter().map(|s| quote!(#s)).collect();
        segs[index] = quote!(key.as_str());
        let mut n = segs.len();
        while n > index + 1 && p.wire_path[n - 1].is_empty() {
            n -= 1;
        }
        segs.truncate(n);
        return quote! {
            if let Some((key, value)) = &self.#id {
                request.insert_body(&[#(#segs),*], value.to_param());
            }
        };
    }
    if p.is_positional() {
        stmt(quote!(self.#id))
    } else {
        let s = stmt(quote!(value));
        quote! {
            if let Some(value) = &self.#id {
                #s
            }
        }
    }
}

/// The builder's `request()`: the path, then the query, header and body
/// parameters.
fn request_fn(op: &Op<'_>, used: &mut Imports) -> TokenStream {
    let e = op.e;
    let (path_locals, path_expr) = path_expr(op, used);
    // Query and body values are sent as `value.to_param()`.
    used.to_param |= e.params.iter().any(|p| p.location != Location::Path);
    let has_body = e.params.iter().any(|p| p.location == Location::Body);
    // Header values are sent as text.
    used.param_text |= e.params.iter().any(|p| p.location == Location::Header);
    let encode: Vec<TokenStream> = op
        .params()
        .filter(|(p, _)| p.location != Location::Path)
        .map(|(p, member)| encode_param(p, member))
        .collect();
    let method = method_tokens(e.method);
    let op_name = format!("{}.{}", e.group, e.operation);
    let template = e.path.raw.clone();
    let new_request = quote!(ApiRequest::new(#method, #op_name, #template, #path_expr));
    // A body-taking operation always sends a JSON object, `{}` when nothing is set.
    let new_request = if has_body {
        quote!(#new_request.with_body(serde_json::json!({})))
    } else {
        new_request
    };
    // The page names its own token header: it replaces `Authorization`.
    let new_request = match &e.token_header {
        Some(h) => quote!(#new_request.own_token_header(#h)),
        None => new_request,
    };
    if encode.is_empty() {
        quote! {
            fn request(&self) -> ApiRequest {
                #(#path_locals)*
                #new_request
            }
        }
    } else {
        quote! {
            fn request(&self) -> ApiRequest {
                #(#path_locals)*
                let mut request = #new_request;
                #(#encode)*
                request
            }
        }
    }
}

/// What the pages of a paged list hold, when the response is one.
fn page_info(op: &Op<'_>) -> Option<PageInfo> {
    match &op.t.response {
        TypeRef::Struct(id) => op.types.entry(*id).page.clone(),
        _ => None,
    }
}

/// `stream()`: every item of every page, each page fetched when the previous one
/// is used up; for a page of a list whose operation has an optional page
/// parameter in the query.
fn stream_fn(op: &Op<'_>, info: &PageInfo, used: &mut Imports) -> Option<TokenStream> {
    let e = op.e;
    let pg = e.paging.as_ref()?;
    let page_param = e
        .params
        .iter()
        .find(|p| p.wire_name == pg.page && p.location == Location::Query && !p.required)?;
    let response = type_tokens(&op.t.response, op.types);
    let item = type_tokens(&info.item, op.types);
    let pid = ident(op.member(page_param));
    let (first, set) = match param_ty(op, page_param) {
        TypeRef::Integer => (
            quote!(self.#pid.unwrap_or(1)),
            quote!(builder.#pid = Some(first.saturating_add_unsigned(page - 1));),
        ),
        _ => (
            {
                used.to_param = true;
                quote!(self.#pid.as_ref().and_then(|p| p.to_param().as_u64()).unwrap_or(1))
            },
            quote!(builder.#pid = Some((first + page - 1).to_string().into());),
        ),
    };
    used.box_stream = true;
    // The operation's own paging keys (`pageNo` / `totalCount` in a shop API),
    // not ikcrm's.
    let (page_key, total_key) = (pg.page.as_str(), pg.total.as_str());
    let stream_doc = doc_attrs(&format!(
        "Streams every item of every page, fetching each page only when the\n\
         previous one is used up. Starts at the page set with `{page_key}` (default 1)\n\
         and stops after an empty or short page, or when `{total_key}` items\n\
         have been seen. An error is yielded once, then the stream ends."
    ));
    Some(quote! {
        #stream_doc
        pub fn stream(self) -> BoxStream<'static, Result<#item>> {
            let client = self.client.clone();
            let first = #first;
            crate::runtime::paginate::<#response>(client, move |page| {
                let mut builder = self.clone();
                #set
                builder.request()
            })
        }
    })
}

/// The example in the accessor's docs: the call with literal arguments (and one
/// setter), bound to `page` for a page of a list, and the stream of its items
/// when the builder `streams`.
fn usage_example(op: &Op<'_>, members: &Members, is_page: bool, streams: bool) -> String {
    let e = op.e;
    let call = format!(
        "client.{}().{}({})",
        crate::naming::rust_ident(&e.group),
        crate::naming::rust_ident(&e.operation),
        members.example_args.join(", ")
    );
    let binding = match (&op.t.response, is_page) {
        (_, true) => "page".to_string(),
        (TypeRef::Struct(id), false) => {
            let n = op.types.name(*id);
            crate::naming::rust_ident(&crate::naming::ident_snake(n)).replace("r#", "")
        }
        _ => "response".to_string(),
    };
    let mut example = match &members.example_setter {
        Some(setter) if e.params.iter().any(|p| !p.is_positional()) => {
            format!("let {binding} = {call}\n    {setter}\n    .await?;\n# let _ = {binding};")
        }
        _ => format!("let {binding} = {call}.await?;\n# let _ = {binding};"),
    };
    if streams {
        example.push_str(&format!(
            "\n\n// Every item of every page, fetched lazily:\nuse futures_util::TryStreamExt;\nlet mut items = {call}.stream();\nwhile let Some(item) = items.try_next().await? {{\n    # let _ = item;\n}}"
        ));
    }
    example
}

/// The data of a success example: its envelope's data member when it has one.
fn data_of<'a>(value: &'a serde_json::Value, settings: &ApiSettings) -> &'a serde_json::Value {
    settings
        .envelope
        .as_ref()
        .and_then(|e| value.get(&e.data))
        .unwrap_or(value)
}

/// `data` as the API's server answers a successful call: in its envelope, if it has one.
fn wrap_success(data: serde_json::Value, settings: &ApiSettings) -> serde_json::Value {
    let Some(e) = &settings.envelope else {
        return data;
    };
    let code = match &e.success {
        SuccessValue::Int(n) => serde_json::Value::from(*n),
        SuccessValue::Bool(b) => serde_json::Value::from(*b),
        SuccessValue::Text(t) => serde_json::Value::from(t.as_str()),
    };
    let mut map = serde_json::Map::new();
    map.insert(e.code.clone(), code);
    map.insert(e.data.clone(), data);
    serde_json::Value::Object(map)
}

/// The wire names of the required parameters of `e` sent in `loc` (what the
/// mock server insists on).
fn required_wire_names(e: &Endpoint, loc: Location) -> Vec<&str> {
    e.params
        .iter()
        .filter(|p| p.location == loc && p.required)
        .map(|p| p.wire_name.as_str())
        .collect()
}

/// One route of the mock: the operation's method and path, the parameters it
/// requires, and its documented success example in the API's envelope (the
/// emptiest value of its type when the page shows none).
fn mock_route(e: &Endpoint, types: &Types, settings: &ApiSettings) -> TokenStream {
    let method = e.method.as_str();
    let path = &e.path.raw;
    let query = required_wire_names(e, Location::Query);
    let body: Vec<TokenStream> = e
        .params
        .iter()
        .filter(|p| p.location == Location::Body && p.required)
        .map(|p| {
            let segs = p
                .wire_path
                .iter()
                .filter(|s| !s.is_empty())
                .map(|s| Literal::string(s));
            quote!(&[#(#segs),*])
        })
        .collect();
    let headers = required_wire_names(e, Location::Header);
    let token_header = match &e.token_header {
        Some(h) => quote!(Some(#h)),
        None => quote!(None),
    };
    let response = e
        .examples
        .iter()
        .find(|x| x.kind == ExampleKind::Success)
        .map(|x| {
            // The server always answers with a success envelope.
            match &settings.envelope {
                Some(env)
                    if x.value.get(&env.data).is_some() && x.value.get(&env.code).is_some() =>
                {
                    x.value.clone()
                }
                _ => wrap_success(x.value.clone(), settings),
            }
        })
        .unwrap_or_else(|| {
            // No documented example: the emptiest value of the response type.
            let data = match &types.op(e).response {
                TypeRef::Struct(_) => serde_json::json!({}),
                TypeRef::List(_) => serde_json::json!([]),
                _ => serde_json::Value::Null,
            };
            wrap_success(data, settings)
        });
    let response = serde_json::to_string(&response).unwrap_or_else(|_| "null".into());
    let response = raw_lit(&response, 1);
    quote! {
        MockRoute {
            method: #method,
            path: #path,
            required_query: &[#(#query),*],
            required_body: &[#(#body),*],
            required_headers: &[#(#headers),*],
            token_header: #token_header,
            response: #response,
        }
    }
}

/// `src/mock.rs`: one route per operation ([`mock_route`]), answering with its
/// first success example.
pub fn emit_mock(api: &Api, types: &Types) -> String {
    let krate = &api.settings.crate_name;
    let mock_doc: Vec<TokenStream> = [
        " A mock of the whole API for tests of code that uses this SDK (feature `mock`),".to_string(),
        " built on [`wiremock`]: [`start`] gives a [`MockServer`] answering every documented".to_string(),
        " operation with its documented example. A request must carry the token (as the".to_string(),
        " client sends it) and the operation's required headers, query parameters and body".to_string(),
        " keys; otherwise the answer is the API's error naming what is missing.".to_string(),
        String::new(),
        " Your own mocks go beside ours: at wiremock's default priority they answer first.".to_string(),
        " [`MockServer::received_requests`] shows what the client sent ([`RequestExt`]".to_string(),
        " reads headers, query pairs and JSON bodies).".to_string(),
        String::new(),
        " ```no_run".to_string(),
        format!(" # async fn run() -> {krate}::Result<()> {{"),
        format!(" use {krate}::mock::wiremock::{{matchers::method, Mock, ResponseTemplate}};"),
        format!(" use {krate}::mock::RequestExt;"),
        String::new(),
        format!(" let server = {krate}::mock::start().await;"),
        " Mock::given(method(\"DELETE\")) // yours: every DELETE fails".to_string(),
        "     .respond_with(ResponseTemplate::new(503))".to_string(),
        "     .mount(&server)".to_string(),
        "     .await;".to_string(),
        format!(" let client = {krate}::Client::builder().base_url(server.uri()).token(\"t\").build()?;"),
        " // … calls through `client` …".to_string(),
        " # let _ = client;".to_string(),
        " for request in server.received_requests().await.unwrap_or_default() {".to_string(),
        "     println!(\"{} {} {:?}\", request.method, request.url.path(), request.json());".to_string(),
        " }".to_string(),
        " # Ok(()) }".to_string(),
        " ```".to_string(),
    ]
    .iter()
    .map(|l| {
        let l = str_lit(l);
        quote!(#![doc = #l])
    })
    .collect();
    // The mock answers with the first matching route: a literal segment must win
    // over a parameter (`/contracts/new_from_opportunity` before `/contracts/:id`).
    let mut endpoints: Vec<&Endpoint> = api.endpoints.iter().collect();
    endpoints.sort_by_key(|e| e.path.param_mask());
    let routes: Vec<TokenStream> = endpoints
        .into_iter()
        .map(|e| mock_route(e, types, &api.settings))
        .collect();
    rust_file(quote! {
        #(#mock_doc)*
        pub use crate::runtime::mock::{
            mount, serve, MockRoute, RequestExt, EXPLAIN_PRIORITY, FALLBACK_PRIORITY, ROUTE_PRIORITY,
        };
        /// The mock server crate, re-exported so that its matchers and responses can be
        /// named without a matching dependency.
        pub use wiremock;
        pub use wiremock::MockServer;

        /// Every documented operation (literal paths before parameterised ones), with
        /// the parameters it requires and its documented success example.
        const ROUTES: &[MockRoute] = &[#(#routes),*];

        /// Every documented operation, answering with its documented success example.
        /// A test can iterate them to check that each operation is exercised.
        pub fn routes() -> Vec<MockRoute> {
            ROUTES.to_vec()
        }

        /// Starts a [`MockServer`] on 127.0.0.1 (random port) with [`routes`] mounted
        /// ([`mount`]); it stops when dropped.
        pub async fn start() -> MockServer {
            serve(routes()).await
        }
    })
}

#[cfg(test)]
mod builder_name_tests {
    use super::builder_base_name;

    #[test]
    fn only_the_parameterless_custom_field_listing_gets_a_catalog() {
        let page = "简要描述:\n\n  • 全部自定义字段\n\n请求URL:\n\n  • /api/v2/custom_fields/by_group_all\n\n请求方式:\n\n  • GET\n";
        let parsed = crate::page::parse_page("p.txt", page);
        let (eps, _) = crate::lower::lower_page(&crate::lower::PageInput {
            file: "p.txt",
            text: page,
            parsed: &parsed,
            overrides: None,
        });
        assert_eq!(eps.len(), 1);
        assert!(super::is_custom_field_catalog(&eps[0]));
        let mut post = eps[0].clone();
        post.method = crate::ir::Method::Post;
        assert!(!super::is_custom_field_catalog(&post));
        let mut other = eps[0].clone();
        other.path.raw = "/api/v2/custom_fields/by_group".into();
        assert!(!super::is_custom_field_catalog(&other));
    }

    #[test]
    fn builders_are_named_after_operation_and_group() {
        for (group, op, name) in [
            ("opportunities", "get", "GetOpportunity"),
            ("contracts", "list", "ListContracts"),
            ("opportunities", "update", "UpdateOpportunity"),
            ("customers", "create", "CreateCustomer"),
            ("contracts", "update_all", "UpdateAllContracts"),
            (
                "opportunities",
                "create_product_asset",
                "CreateOpportunityProductAsset",
            ),
            (
                "customers",
                "list_opportunities",
                "ListCustomerOpportunities",
            ),
            ("common_customers", "transfer", "TransferCommonCustomer"),
            ("user", "get", "GetUser"),
            // a keyword among the words is not escaped on its own (`Self_Thing`
            // warned `non_camel_case_types` in the emitted crate)
            ("things", "self", "SelfThing"),
            ("things", "get_self", "GetThingSelf"),
            ("crates", "list", "ListCrates"),
        ] {
            assert_eq!(builder_base_name(group, op), name, "{group}.{op}");
        }
    }
}
