//! `generated/openapi.json`: the API as an OpenAPI 3.1 document.
//!
//! - `operationId` is `{group}.{operation}` (`opportunities.get`): the same name the
//!   Rust client uses (`client.opportunities().get(…)`) and reports in its errors;
//!   `tags` holds the group.
//! - Parameters keep their wire names (`opportunity[title]`, `ids[]`) and location
//!   (`path`, `query`); body parameters become the Rails-wrapped JSON request body
//!   (`{"opportunity": {"title": …}}`) built from their wire paths.
//! - `components.schemas` holds every inferred type under its Rust name
//!   (`Opportunity`), plus the API's envelope `Envelope` (`{code, data}`) and
//!   `ApiError` (`{code, message, error}`). Each success response is
//!   `allOf: [Envelope, {data: <the operation's type>}]` (the type alone for an API
//!   without an envelope).
//! - Response fields are all optional and may be `null` (the docs show every shape of
//!   "nothing"); money (`Decimal`) is a number or a numeric string.
//! - Provenance: `x-source: "file:line"` on every operation, parameter, schema and
//!   example (`x-merged-from` when several pages describe one operation).
//! - Auth: the API's token header or query parameter (its `api.toml`) as an
//!   `apiKey` scheme; servers: its hosts, the default first.
//!
//! Everything is inserted in a fixed order, so the file is byte-identical per input.

use crate::infer::{TypeRef, Types};
use crate::ir::{Api, Endpoint, ExampleKind, Location, Method, Param};
use crate::output::{crate_version, json_file, write_json};
use crate::settings::{ApiSettings, Auth, SuccessValue};
use serde::ser::SerializeMap;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// File name in the emitted crate.
pub const FILE: &str = "openapi.json";

/// Name of the security scheme.
pub const SECURITY_SCHEME: &str = "token";

/// `opportunities.get`.
pub fn operation_id(e: &Endpoint) -> String {
    format!("{}.{}", e.group, e.operation)
}

fn method_key(m: Method) -> &'static str {
    match m {
        Method::Get => "get",
        Method::Post => "post",
        Method::Put => "put",
        Method::Patch => "patch",
        Method::Delete => "delete",
    }
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// Names of the two envelope schemas, clear of the inferred type names, and the
/// API's settings (envelope members, auth).
struct Names {
    envelope: String,
    error: String,
    settings: ApiSettings,
}

impl Names {
    fn new(types: &Types, settings: &ApiSettings) -> Names {
        let free = |base: &str| {
            let mut n = base.to_string();
            while types.get(&n).is_some() {
                n.push('_');
            }
            n
        };
        Names {
            envelope: free("Envelope"),
            error: free("ApiError"),
            settings: settings.clone(),
        }
    }
}

/// Schema of a value the server sends (responses): may be `null`.
fn response_schema(t: &TypeRef, types: &Types) -> Value {
    match t {
        TypeRef::Struct(id) => schema_ref(types.name(*id)),
        TypeRef::Json => json!({}),
        TypeRef::List(inner) => {
            json!({ "type": ["array", "null"], "items": response_schema(inner, types) })
        }
        other => {
            let mut s = scalar_schema(other, types);
            if let Some(Value::Array(types)) = s.get_mut("type") {
                types.push(json!("null"));
            } else if let Some(ty) = s.get("type").cloned() {
                s["type"] = json!([ty, "null"]);
            }
            s
        }
    }
}

/// Schema of a value the client sends (parameters).
fn request_schema(t: &TypeRef, types: &Types) -> Value {
    match t {
        TypeRef::Struct(id) => schema_ref(types.name(*id)),
        TypeRef::Json => json!({}),
        TypeRef::List(inner) => json!({ "type": "array", "items": request_schema(inner, types) }),
        other => scalar_schema(other, types),
    }
}

fn scalar_schema(t: &TypeRef, types: &Types) -> Value {
    match t {
        TypeRef::String => json!({ "type": "string" }),
        TypeRef::Integer => json!({ "type": "integer", "format": "int64" }),
        TypeRef::Float => json!({ "type": "number", "format": "double" }),
        TypeRef::Bool => json!({ "type": "boolean" }),
        TypeRef::Decimal => json!({
            "type": ["number", "string"],
            "format": "decimal",
            "description": "Exact decimal: the docs show `12`, `\"20000.0\"` and `\"\"` for the same field."
        }),
        TypeRef::DateTime => json!({
            "type": "string",
            "description": "China time without zone (`2016-07-10 11:04`), a date (`2017-12-10`) or RFC 3339; `\"\"` when empty."
        }),
        TypeRef::Json => json!({}),
        TypeRef::Struct(id) => schema_ref(types.name(*id)),
        TypeRef::List(inner) => json!({ "type": "array", "items": scalar_schema(inner, types) }),
    }
}

fn with_description(mut schema: Value, description: &str) -> Value {
    let d = description.trim();
    if d.is_empty() {
        return schema;
    }
    if schema.get("$ref").is_some() {
        // 3.1 allows siblings of `$ref`; keep the reference first.
        schema["description"] = json!(d);
        return schema;
    }
    let text = match schema.get("description").and_then(Value::as_str) {
        Some(existing) => format!("{d}\n\n{existing}"),
        None => d.to_string(),
    };
    schema["description"] = json!(text);
    schema
}

fn components_of(types: &Types, names: &Names) -> Map<String, Value> {
    let mut schemas = Map::new();
    for s in &types.structs {
        let mut props = Map::new();
        for f in &s.fields {
            let mut fs = with_description(
                response_schema(&f.ty, types),
                f.doc.as_deref().unwrap_or(""),
            );
            if f.rust_name != f.wire_name {
                fs["x-rust-name"] = json!(f.rust_name);
            }
            props.insert(f.wire_name.clone(), fs);
        }
        let mut desc = format!("Inferred from {} sample object(s).", s.samples);
        if s.has_custom_fields {
            desc.push_str(" Also carries per-company custom fields (`text_asset_…`, `numeric_asset_…` and their `_display` / `_hidden_result` companions).");
        }
        if let Some(p) = &s.page {
            desc.push_str(&format!(
                " A page of a list: the items are in `{}`.",
                p.items_field
            ));
        }
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        schema.insert("description".into(), json!(desc));
        schema.insert("properties".into(), Value::Object(props));
        if let Some(first) = s.sources.first() {
            schema.insert("x-source".into(), json!(first.to_string()));
        }
        if s.sources.len() > 1 {
            schema.insert(
                "x-sources".into(),
                json!(s
                    .sources
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()),
            );
        }
        schemas.insert(s.name.clone(), Value::Object(schema));
    }
    match &names.settings.envelope {
        Some(e) => {
            let success = match &e.success {
                SuccessValue::Int(n) => json!({ "type": "integer", "const": n }),
                SuccessValue::Bool(b) => json!({ "type": "boolean", "const": b }),
                SuccessValue::Text(t) => json!({ "type": "string", "const": t }),
            };
            let mut props = Map::new();
            props.insert(e.code.clone(), success.clone());
            props.insert(e.data.clone(), json!({}));
            schemas.insert(
                names.envelope.clone(),
                json!({
                    "type": "object",
                    "description": format!("Every successful response: `{{\"{}\": {}, \"{}\": …}}`. Each operation narrows `{}` to its own type.", e.code, success["const"], e.data, e.data),
                    "required": [e.code],
                    "properties": props
                }),
            );
            let mut props = Map::new();
            props.insert(e.code.clone(), json!({ "type": success["type"] }));
            props.insert(e.message.clone(), json!({ "type": "string" }));
            if let Some(err) = &e.error {
                props.insert(err.clone(), json!({ "type": "string" }));
            }
            props.insert(e.data.clone(), json!({ "type": "null" }));
            let codes: Vec<String> = names
                .settings
                .codes
                .iter()
                .filter(|c| !matches!(e.success, SuccessValue::Int(n) if n == c.value))
                .map(|c| {
                    if c.doc.is_empty() {
                        c.value.to_string()
                    } else {
                        format!("{}: {}", c.value, c.doc.trim_end_matches('.'))
                    }
                })
                .collect();
            let mut description = format!(
                "A failed call: `{{\"{}\": N, \"{}\": \"…\"}}`{}.",
                e.code,
                e.message,
                match &e.error {
                    Some(err) => format!(" plus `{err}` or `\"{}\": null`", e.data),
                    None => String::new(),
                }
            );
            if !codes.is_empty() {
                description.push_str(&format!(" Codes: {}.", codes.join("; ")));
            }
            description.push_str(&format!(" Often sent with HTTP 200: check `{}`.", e.code));
            schemas.insert(
                names.error.clone(),
                json!({
                    "type": "object",
                    "description": description,
                    "required": [e.code],
                    "properties": props
                }),
            );
        }
        None => {
            schemas.insert(
                names.error.clone(),
                json!({
                    "type": "object",
                    "description": "A failed call (a non-2xx HTTP status).",
                    "properties": {
                        "message": { "type": "string" },
                        "error": { "type": "string" }
                    }
                }),
            );
        }
    }
    schemas
}

/// One node of the request body tree built from wire paths.
enum Node {
    Leaf(Value),
    Object(Vec<(String, Node, bool)>),
    Array(Box<Node>),
}

impl Node {
    fn insert(
        &mut self,
        path: &[String],
        leaf: &TypeRef,
        types: &Types,
        required: bool,
        desc: &str,
    ) {
        let Some((first, rest)) = path.split_first() else {
            *self = Node::Leaf(with_description(request_schema(leaf, types), desc));
            return;
        };
        if first.is_empty() || first.chars().all(|c| c.is_ascii_digit()) {
            match self {
                Node::Array(_) => {}
                // `x[name]` and `x[0][name]` on one page: x is a list of those objects.
                Node::Object(children) if !children.is_empty() => {
                    let items = std::mem::take(children);
                    *self = Node::Array(Box::new(Node::Object(items)));
                }
                _ => *self = Node::Array(Box::new(Node::Object(Vec::new()))),
            }
            let Node::Array(inner) = self else {
                unreachable!()
            };
            // `ids[]` typed `Vec<i64>`: the array is this node, the leaf its item.
            let leaf = match (rest.is_empty(), leaf) {
                (true, TypeRef::List(t)) => t.as_ref(),
                _ => leaf,
            };
            inner.insert(rest, leaf, types, required, desc);
            return;
        }
        if let Node::Array(inner) = self {
            // A key below a list: a field of its items.
            inner.insert(path, leaf, types, required, desc);
            return;
        }
        if !matches!(self, Node::Object(_)) {
            *self = Node::Object(Vec::new());
        }
        let Node::Object(children) = self else {
            unreachable!()
        };
        let i = match children.iter().position(|(k, _, _)| k == first) {
            Some(i) => i,
            None => {
                children.push((first.clone(), Node::Object(Vec::new()), false));
                children.len() - 1
            }
        };
        children[i].2 |= required;
        children[i].1.insert(rest, leaf, types, required, desc);
    }

    fn schema(&self) -> Value {
        match self {
            Node::Leaf(v) => v.clone(),
            Node::Array(inner) => json!({ "type": "array", "items": inner.schema() }),
            Node::Object(children) => {
                let mut props = Map::new();
                let mut required = Vec::new();
                for (k, n, r) in children {
                    props.insert(k.clone(), n.schema());
                    if *r {
                        required.push(json!(k));
                    }
                }
                let mut o = Map::new();
                o.insert("type".into(), json!("object"));
                o.insert("properties".into(), Value::Object(props));
                if !required.is_empty() {
                    o.insert("required".into(), Value::Array(required));
                }
                Value::Object(o)
            }
        }
    }
}

fn param_type(types: &Types, e: &Endpoint, p: &Param) -> TypeRef {
    types.op(e).param(e, p).clone()
}

fn example_object(x: &crate::ir::Example, value: Value) -> Value {
    let mut o = Map::new();
    if let Some(l) = &x.label {
        o.insert("summary".into(), json!(l));
    }
    if x.repaired {
        o.insert(
            "description".into(),
            json!("Repaired from a malformed example on the doc page."),
        );
    }
    o.insert("value".into(), value);
    o.insert("x-source".into(), json!(x.source.to_string()));
    Value::Object(o)
}

fn examples_of(e: &Endpoint, kind: ExampleKind, wrap: Option<&ApiSettings>) -> Option<Value> {
    let prefix = match kind {
        ExampleKind::Request => "request",
        ExampleKind::Success => "success",
        ExampleKind::Error => "error",
    };
    let mut out = Map::new();
    for (i, x) in e.examples.iter().filter(|x| x.kind == kind).enumerate() {
        let envelope = wrap.and_then(|s| s.envelope.as_ref());
        let value = match envelope {
            Some(env) if !(x.value.get(&env.code).is_some() && x.value.is_object()) => {
                let code = match &env.success {
                    SuccessValue::Int(n) => json!(n),
                    SuccessValue::Bool(b) => json!(b),
                    SuccessValue::Text(t) => json!(t),
                };
                let mut m = Map::new();
                m.insert(env.code.clone(), code);
                m.insert(env.data.clone(), x.value.clone());
                Value::Object(m)
            }
            _ => x.value.clone(),
        };
        out.insert(format!("{prefix}_{}", i + 1), example_object(x, value));
    }
    (!out.is_empty()).then_some(Value::Object(out))
}

fn operation(e: &Endpoint, types: &Types, names: &Names) -> Value {
    let mut op = Map::new();
    op.insert("operationId".into(), json!(operation_id(e)));
    op.insert("tags".into(), json!([e.group]));
    op.insert("summary".into(), json!(e.summary));
    let mut desc = format!(
        "`{}`: `client.{}().{}(…)` in the Rust SDK.",
        e.signature(),
        e.group,
        e.operation
    );
    if let Some(t) = &e.title {
        desc.push_str(&format!("\n\nPage title: {t}"));
    }
    for n in e.notes.iter().filter(|n| !n.trim().is_empty()) {
        desc.push_str(&format!("\n\nNote: {}", n.trim()));
    }
    op.insert("description".into(), json!(desc));

    // Parameters: path placeholders (always, in template order), then query.
    let mut params = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for name in e.path.params() {
        if !seen.insert(("path", name.to_string())) {
            continue;
        }
        let p = e
            .params
            .iter()
            .find(|p| p.location == Location::Path && p.wire_name == name);
        let mut o = Map::new();
        o.insert("name".into(), json!(name));
        o.insert("in".into(), json!("path"));
        o.insert("required".into(), json!(true));
        match p {
            Some(p) => {
                if !p.description.trim().is_empty() {
                    o.insert("description".into(), json!(p.description.trim()));
                }
                o.insert(
                    "schema".into(),
                    request_schema(&param_type(types, e, p), types),
                );
                if p.rust_name != p.wire_name {
                    o.insert("x-rust-name".into(), json!(p.rust_name));
                }
                o.insert("x-source".into(), json!(p.source.to_string()));
            }
            None => {
                o.insert("schema".into(), json!({ "type": "string" }));
            }
        }
        params.push(Value::Object(o));
    }
    // Then query parameters and the headers of the page's 请求头 table.
    for p in e
        .params
        .iter()
        .filter(|p| matches!(p.location, Location::Query | Location::Header))
    {
        let place = if p.location == Location::Header {
            "header"
        } else {
            "query"
        };
        if !seen.insert((place, p.wire_name.clone())) {
            continue;
        }
        let mut o = Map::new();
        o.insert("name".into(), json!(p.wire_name));
        o.insert("in".into(), json!(place));
        o.insert("required".into(), json!(p.required));
        if !p.description.trim().is_empty() {
            o.insert("description".into(), json!(p.description.trim()));
        }
        let ty = param_type(types, e, p);
        if matches!(ty, TypeRef::List(_)) {
            o.insert("style".into(), json!("form"));
            o.insert("explode".into(), json!(true));
        }
        o.insert("schema".into(), request_schema(&ty, types));
        if let Some(d) = &p.default {
            if !d.trim().is_empty() {
                o["schema"]["default"] = json!(d.trim());
            }
        }
        if p.rust_name != p.wire_name {
            o.insert("x-rust-name".into(), json!(p.rust_name));
        }
        o.insert("x-source".into(), json!(p.source.to_string()));
        params.push(Value::Object(o));
    }
    if !params.is_empty() {
        op.insert("parameters".into(), Value::Array(params));
    }

    // Request body: the body parameters, nested by their wire paths.
    let body: Vec<&Param> = e
        .params
        .iter()
        .filter(|p| p.location == Location::Body)
        .collect();
    if !body.is_empty() {
        let mut root = Node::Object(Vec::new());
        for p in &body {
            let path: Vec<String> = if p.wire_path.is_empty() {
                vec![p.wire_name.clone()]
            } else {
                p.wire_path.clone()
            };
            root.insert(
                &path,
                &param_type(types, e, p),
                types,
                p.required,
                &p.description,
            );
        }
        let mut media = Map::new();
        media.insert("schema".into(), root.schema());
        if let Some(x) = examples_of(e, ExampleKind::Request, None) {
            media.insert("examples".into(), x);
        }
        let required = body.iter().any(|p| p.required);
        let mut rb = Map::new();
        if let Some(r) = &e.body_root {
            rb.insert(
                "description".into(),
                json!(format!(
                    "JSON, wrapped in the entity name: `{{\"{r}\": {{…}}}}`."
                )),
            );
        }
        rb.insert("required".into(), json!(required));
        rb.insert(
            "content".into(),
            json!({ "application/json": Value::Object(media) }),
        );
        op.insert("requestBody".into(), Value::Object(rb));
    }

    // Responses.
    let response = types.op(e).response.clone();
    let mut ok_media = Map::new();
    ok_media.insert(
        "schema".into(),
        match &names.settings.envelope {
            Some(env) => {
                let mut props = Map::new();
                props.insert(env.data.clone(), response_schema(&response, types));
                json!({ "allOf": [schema_ref(&names.envelope), { "type": "object", "properties": props }] })
            }
            None => response_schema(&response, types),
        },
    );
    if let Some(x) = examples_of(e, ExampleKind::Success, Some(&names.settings)) {
        ok_media.insert("examples".into(), x);
    }
    let mut err_media = Map::new();
    err_media.insert("schema".into(), schema_ref(&names.error));
    if let Some(x) = examples_of(e, ExampleKind::Error, None) {
        err_media.insert("examples".into(), x);
    }
    op.insert(
        "responses".into(),
        json!({
            "200": {
                "description": format!("Success: `data` is `{}`.", response.display(types)),
                "content": { "application/json": Value::Object(ok_media) }
            },
            "429": { "description": "Throttled: at most 10 calls per 10 seconds per company." },
            "default": {
                "description": "Failure (`code` other than 0; often with HTTP 200).",
                "content": { "application/json": Value::Object(err_media) }
            }
        }),
    );
    // Login needs no token; an operation with its own token header (a header
    // parameter above) does not send `Authorization`.
    if is_login(e) || e.token_header.is_some() {
        op.insert("security".into(), json!([]));
    }
    op.insert("x-source".into(), json!(e.source.to_string()));
    if !e.merged_from.is_empty() {
        op.insert(
            "x-merged-from".into(),
            json!(e
                .merged_from
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()),
        );
    }
    Value::Object(op)
}

fn is_login(e: &Endpoint) -> bool {
    e.method == Method::Post && e.path.raw.trim_end_matches('/').ends_with("/auth/login")
}

/// The OpenAPI 3.1 document.
pub fn openapi(api: &Api, types: &Types) -> Value {
    serde_json::to_value(Document::new(api, types)).unwrap_or_default()
}

/// The document, serialised field by field in this order. The operations are
/// built one at a time while they are written (`LazyPaths`): at 10,000 pages the
/// `paths` object is tens of megabytes of JSON, several times that as a `Value`.
#[derive(Serialize)]
struct Document<'a> {
    openapi: &'static str,
    info: Value,
    servers: Value,
    security: Value,
    tags: Vec<Value>,
    paths: LazyPaths<'a>,
    components: Value,
}

/// `paths`: path → method → operation, each operation built when it is written.
struct LazyPaths<'a> {
    paths: BTreeMap<String, BTreeMap<Method, &'a Endpoint>>,
    types: &'a Types,
    names: Names,
}

/// One path item of [`LazyPaths`].
struct LazyPathItem<'a> {
    ops: &'a BTreeMap<Method, &'a Endpoint>,
    types: &'a Types,
    names: &'a Names,
}

impl Serialize for LazyPaths<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.paths.len()))?;
        for (path, ops) in &self.paths {
            map.serialize_entry(
                path,
                &LazyPathItem {
                    ops,
                    types: self.types,
                    names: &self.names,
                },
            )?;
        }
        map.end()
    }
}

impl Serialize for LazyPathItem<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.ops.len()))?;
        for (m, e) in self.ops {
            map.serialize_entry(method_key(*m), &operation(e, self.types, self.names))?;
        }
        map.end()
    }
}

impl<'a> Document<'a> {
    fn new(api: &'a Api, types: &'a Types) -> Self {
        let settings = &api.settings;
        let names = Names::new(types, settings);
        // Paths in name order, operations in method order.
        let mut paths: BTreeMap<String, BTreeMap<Method, &Endpoint>> = BTreeMap::new();
        for e in &api.endpoints {
            paths
                .entry(e.path.openapi_path())
                .or_default()
                .entry(e.method)
                .or_insert(e);
        }
        let groups: std::collections::BTreeSet<&str> =
            api.endpoints.iter().map(|e| e.group.as_str()).collect();
        let tags: Vec<Value> = groups
            .iter()
            .map(|g| json!({ "name": g, "description": format!("`client.{g}()`") }))
            .collect();
        let mut components = Map::new();
        components.insert(
            "schemas".into(),
            Value::Object(components_of(types, &names)),
        );
        let scheme = match &settings.auth {
            Auth::None => None,
            Auth::Header { name, template } => Some(json!({
                "type": "apiKey",
                "in": "header",
                "name": name,
                "description": format!("`{name}: {}`{}", template.replace("{token}", &token_name(settings)), login_doc(settings))
            })),
            Auth::Query { name } => Some(json!({
                "type": "apiKey",
                "in": "query",
                "name": name,
                "description": format!("`?{name}={}`{}", token_name(settings), login_doc(settings))
            })),
        };
        if let Some(scheme) = &scheme {
            components.insert("securitySchemes".into(), json!({ SECURITY_SCHEME: scheme }));
        }
        let mut description = format!("Generated by `cargo xtask codegen` from the doc pages in `docs-input/`, like the Rust crate `{}` beside it. `operationId` is `{{group}}.{{operation}}` (the Rust call `client.{{group}}().{{operation}}(…)`); schema names are the Rust type names; `x-source` names the page and line each operation, parameter, schema and example was read from. Query strings are Rails-style (`opportunity[title]=x`, `ids[]=1&ids[]=2`); request bodies are JSON wrapped in the entity name.", settings.crate_name);
        if let Some(r) = &settings.rate_limit {
            let scope = if r.scope.is_empty() {
                String::new()
            } else {
                format!(" {}", r.scope)
            };
            description.push_str(&format!(
                " At most {} calls per {} seconds{scope}.",
                r.calls, r.per_seconds
            ));
        }
        let mut servers: Vec<Value> = Vec::new();
        let default = settings.default_host.and_then(|i| settings.hosts.get(i));
        for h in default.into_iter().chain(
            settings
                .hosts
                .iter()
                .filter(|h| Some(&h.name) != default.map(|d| &d.name)),
        ) {
            servers.push(json!({ "url": h.url, "description": h.label }));
        }
        Document {
            openapi: "3.1.0",
            info: json!({
                "title": settings.title,
                "version": crate_version(),
                "description": description
            }),
            servers: Value::Array(servers),
            security: if scheme.is_some() {
                json!([ { SECURITY_SCHEME: [] } ])
            } else {
                json!([])
            },
            tags,
            paths: LazyPaths {
                paths,
                types,
                names,
            },
            components: Value::Object(components),
        }
    }
}

/// `<user_token>`: the token as its login response names it (`<token>` without one).
fn token_name(s: &ApiSettings) -> String {
    let name = s
        .login
        .as_ref()
        .and_then(|l| l.token.last())
        .map_or("token", String::as_str);
    format!("<{name}>")
}

/// How the token is obtained, for the security scheme's description.
fn login_doc(s: &ApiSettings) -> String {
    match &s.login {
        None => String::new(),
        Some(l) => {
            let data = s.envelope.as_ref().map(|e| e.data.as_str());
            let path: Vec<&str> = data
                .into_iter()
                .chain(l.token.iter().map(String::as_str))
                .collect();
            let mut text = format!(": the token is `{}` of `POST {}`", path.join("."), l.path);
            if !l.fixed.is_empty() {
                let names: Vec<String> = l.fixed.iter().map(|(k, _)| format!("`{k}`")).collect();
                text.push_str(&format!("; {} are fixed", names.join(" and ")));
            }
            text.push('.');
            text
        }
    }
}

/// Pretty JSON with a final newline: the contents of `generated/openapi.json`.
pub fn openapi_json(api: &Api, types: &Types) -> String {
    json_file(&Document::new(api, types))
}

/// [`openapi_json`], written to `w` as it is serialised.
pub fn write_openapi_json(
    api: &Api,
    types: &Types,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_json(&Document::new(api, types), w)
}
