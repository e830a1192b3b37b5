//! `generated/openapi.json`: valid OpenAPI 3.1, complete, self-consistent, with
//! provenance.
//!
//! The schema validation uses the official OpenAPI 3.1 schemas vendored in
//! `tests/openapi-schema/` (origin, version and licence in its README) with the
//! `boon` crate, offline: the JSON Schema 2020-12 meta-schemas they refer to are
//! bundled in the crate, and nothing is fetched.

use codegen::ir::{Api, Method};
use codegen::openapi;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e} (run `cargo xtask codegen`)", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The vendored schemas, by the `$id` other schemas refer to them with.
const VENDORED: [(&str, &str); 3] = [
    (
        "https://spec.openapis.org/oas/3.1/schema/2022-10-07",
        include_str!("../../openapi-schema/oas-3.1-schema-2022-10-07.json"),
    ),
    (
        "https://spec.openapis.org/oas/3.1/dialect/base",
        include_str!("../../openapi-schema/oas-3.1-dialect-base.json"),
    ),
    (
        "https://spec.openapis.org/oas/3.1/meta/base",
        include_str!("../../openapi-schema/oas-3.1-meta-base.json"),
    ),
];

/// The schema a document is validated against: the OpenAPI 3.1 document schema, with
/// every Schema Object checked against the OpenAPI 3.1 dialect (JSON Schema 2020-12).
/// The document schema reaches Schema Objects through `"$dynamicRef": "#meta"`; the
/// outermost `meta` dynamic anchor wins, so the one declared here replaces the
/// document schema's own (which accepts any object) with the dialect.
fn document_schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:ikcrm-tests:openapi-3.1-with-dialect",
        "$ref": "https://spec.openapis.org/oas/3.1/schema/2022-10-07",
        "$defs": {
            "schema-object": {
                "$dynamicAnchor": "meta",
                "$ref": "https://spec.openapis.org/oas/3.1/dialect/base"
            }
        }
    })
}

/// Compiled once for every test of this file (the meta-schemas are large).
fn validator() -> &'static (boon::Schemas, boon::SchemaIndex) {
    static VALIDATOR: OnceLock<(boon::Schemas, boon::SchemaIndex)> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        // No URL loader is registered: a schema neither vendored nor bundled (the JSON
        // Schema meta-schemas are) fails to compile instead of being fetched.
        let mut compiler = boon::Compiler::new();
        for (id, text) in VENDORED {
            let schema: Value =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("vendored schema {id}: {e}"));
            assert_eq!(schema["$id"], id, "vendored schema under the wrong $id");
            compiler
                .add_resource(id, schema)
                .unwrap_or_else(|e| panic!("vendored schema {id}: {e}"));
        }
        let schema = document_schema();
        let id = schema["$id"]
            .as_str()
            .expect("the document schema's $id")
            .to_string();
        compiler
            .add_resource(&id, schema)
            .unwrap_or_else(|e| panic!("document schema: {e}"));
        let mut schemas = boon::Schemas::new();
        let index = compiler
            .compile(&id, &mut schemas)
            .unwrap_or_else(|e| panic!("the OpenAPI 3.1 schema does not compile offline: {e:#}"));
        (schemas, index)
    })
}

/// The schema violations of `doc`, one line each (`/json/pointer: message`): the
/// leaves of the validator's error tree, where each rule was broken.
fn violations(doc: &Value) -> Vec<String> {
    fn leaves(e: &boon::ValidationError<'_, '_>, out: &mut Vec<String>) {
        if e.causes.is_empty() {
            out.push(format!("{}: {}", e.instance_location, e.kind));
        }
        for cause in &e.causes {
            leaves(cause, out);
        }
    }
    let (schemas, index) = validator();
    let mut out = Vec::new();
    if let Err(e) = schemas.validate(doc, *index) {
        leaves(&e, &mut out);
    }
    out
}

/// Fails naming the first violations when `doc` is not a valid OpenAPI 3.1 document.
fn assert_valid_openapi(doc: &Value, what: &str) {
    let errors = violations(doc);
    assert!(
        errors.is_empty(),
        "{what} is not a valid OpenAPI 3.1 document ({} violations):\n{}",
        errors.len(),
        errors
            .iter()
            .take(20)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Every `$ref` in the document points at something that exists.
fn check_refs(doc: &Value) {
    fn walk(v: &Value, at: &str, doc: &Value, n: &mut usize) {
        match v {
            Value::Object(m) => {
                if let Some(r) = m.get("$ref") {
                    let r = r
                        .as_str()
                        .unwrap_or_else(|| panic!("{at}: $ref is not a string"));
                    let pointer = r
                        .strip_prefix('#')
                        .unwrap_or_else(|| panic!("{at}: external $ref {r}"));
                    assert!(
                        doc.pointer(pointer).is_some(),
                        "{at}: $ref {r} does not resolve"
                    );
                    *n += 1;
                }
                for (k, v) in m {
                    walk(v, &format!("{at}/{k}"), doc, n);
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(v, &format!("{at}/{i}"), doc, n);
                }
            }
            _ => {}
        }
    }
    let mut n = 0;
    walk(doc, "#", doc, &mut n);
    assert!(n > 0, "no $ref at all");
}

/// Every operation of the IR is in the document, under its path and method, with
/// its operationId and provenance; nothing else is.
fn check_operations(api: &Api, doc: &Value) {
    let mut ids = BTreeSet::new();
    for e in &api.endpoints {
        let method = match e.method {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Patch => "patch",
            Method::Delete => "delete",
        };
        let path = e.path.openapi_path();
        let op = doc["paths"]
            .get(&path)
            .and_then(|p| p.get(method))
            .unwrap_or_else(|| {
                panic!(
                    "{} missing from openapi.json ({method} {path})",
                    e.signature()
                )
            });
        assert_eq!(
            op["operationId"],
            format!("{}.{}", e.group, e.operation),
            "{}",
            e.signature()
        );
        assert_eq!(op["x-source"], e.source.to_string(), "{}", e.signature());
        // Path parameters are declared for every placeholder.
        for name in e.path.params() {
            let declared = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|p| p["in"] == "path" && p["name"] == name && p["required"] == true);
            assert!(declared, "{}: path parameter {name}", e.signature());
        }
        // Required query parameters stay required; body parameters are in the body.
        for p in &e.params {
            match p.location {
                codegen::ir::Location::Query | codegen::ir::Location::Header => {
                    let place = if p.location == codegen::ir::Location::Header {
                        "header"
                    } else {
                        "query"
                    };
                    let q = op["parameters"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .find(|q| q["in"] == place && q["name"] == p.wire_name.as_str());
                    let q = q.unwrap_or_else(|| {
                        panic!("{}: {place} parameter {}", e.signature(), p.wire_name)
                    });
                    assert_eq!(
                        q["required"],
                        p.required,
                        "{}: {}",
                        e.signature(),
                        p.wire_name
                    );
                }
                codegen::ir::Location::Body => {
                    let mut schema = &op["requestBody"]["content"]["application/json"]["schema"];
                    for seg in p
                        .wire_path
                        .iter()
                        .filter(|s| !s.is_empty() && !s.chars().all(|c| c.is_ascii_digit()))
                    {
                        while schema.get("items").is_some() {
                            schema = &schema["items"];
                        }
                        schema = &schema["properties"][seg.as_str()];
                    }
                    assert!(
                        !schema.is_null(),
                        "{}: body parameter {} not in the request body schema",
                        e.signature(),
                        p.wire_name
                    );
                }
                codegen::ir::Location::Path => {}
            }
        }
        assert!(
            ids.insert(op["operationId"].as_str().unwrap().to_string()),
            "duplicate operationId"
        );
    }
    let in_doc: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|p| p.as_object().unwrap().len())
        .sum();
    assert_eq!(
        in_doc,
        api.endpoints.len(),
        "operations in openapi.json that are not in the IR"
    );
}

/// ikcrm's hosts and auth header (its `docs-input/api.toml`) are in its document.
fn check_ikcrm_settings(doc: &Value) {
    let servers: Vec<&str> = doc["servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["url"].as_str().unwrap())
        .collect();
    for host in [
        "https://dingtalk.e.ikcrm.com",
        "https://e.lixiaocrm.com",
        "https://lxcrm.weiwenjia.com",
        "https://api.ikcrm.com",
    ] {
        assert!(servers.contains(&host), "server {host}");
    }
    let scheme = &doc["components"]["securitySchemes"][openapi::SECURITY_SCHEME];
    assert_eq!(scheme["type"], "apiKey");
    assert_eq!(scheme["in"], "header");
    assert_eq!(scheme["name"], "Authorization");
    assert!(scheme["description"]
        .as_str()
        .unwrap()
        .contains("Token token=<user_token>, device=open_api, version_code=9.9.9"));
}

/// Everything the document claims about itself that must hold for any input: the
/// servers and the auth scheme are the API's settings, every schema has its source,
/// every success response is the API's envelope around the operation's type.
fn check_document(doc: &Value, settings: &codegen::settings::ApiSettings) {
    assert_eq!(doc["openapi"], "3.1.0");
    let servers: Vec<&str> = doc["servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["url"].as_str().unwrap())
        .collect();
    assert_eq!(servers.len(), settings.hosts.len());
    for host in &settings.hosts {
        assert!(servers.contains(&host.url.as_str()), "server {}", host.url);
    }
    let scheme = &doc["components"]["securitySchemes"][openapi::SECURITY_SCHEME];
    match &settings.auth {
        codegen::settings::Auth::None => assert!(scheme.is_null(), "{scheme}"),
        codegen::settings::Auth::Header { name, .. } => {
            assert_eq!(
                (&scheme["in"], &scheme["name"]),
                (&json!("header"), &json!(name))
            )
        }
        codegen::settings::Auth::Query { name } => {
            assert_eq!(
                (&scheme["in"], &scheme["name"]),
                (&json!("query"), &json!(name))
            )
        }
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    assert!(schemas.contains_key("ApiError"));
    assert_eq!(
        schemas.contains_key("Envelope"),
        settings.envelope.is_some()
    );
    for (name, s) in schemas {
        if name != "Envelope" && name != "ApiError" {
            let src = s["x-source"]
                .as_str()
                .unwrap_or_else(|| panic!("schema {name} has no x-source"));
            assert!(
                src.rsplit_once(':')
                    .is_some_and(|(f, l)| !f.is_empty() && l.parse::<usize>().is_ok()),
                "{name}: {src}"
            );
        }
    }
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (m, op) in item.as_object().unwrap() {
            if let Some(envelope) = &settings.envelope {
                let ok = &op["responses"]["200"]["content"]["application/json"]["schema"]["allOf"];
                assert_eq!(
                    ok[0]["$ref"], "#/components/schemas/Envelope",
                    "{m} {path}: success envelope"
                );
                assert!(
                    ok[1]["properties"].get(&envelope.data).is_some(),
                    "{m} {path}: data"
                );
            }
            assert_eq!(
                op["responses"]["default"]["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/ApiError"
            );
        }
    }
    check_refs(doc);
}

#[test]
fn generated_openapi_is_complete_and_valid() {
    let dir = root().join("generated");
    let doc = read_json(&dir.join(openapi::FILE));
    let api: Api = serde_json::from_value(read_json(&dir.join("api.json")))
        .expect("generated/api.json is the IR");
    check_document(&doc, &api.settings);
    check_ikcrm_settings(&doc);
    check_operations(&api, &doc);
    // Types keep their Rust names.
    let types = read_json(&dir.join("types.json"));
    for name in types["structs"].as_object().unwrap().keys() {
        assert!(
            doc["components"]["schemas"].get(name).is_some(),
            "schema {name}"
        );
    }
    // Examples are attached, with provenance.
    let n_examples: usize = api.endpoints.iter().map(|e| e.examples.len()).sum();
    let text = serde_json::to_string(&doc).unwrap();
    assert!(n_examples > 0 && text.matches("\"success_1\"").count() > 0);
    // Provenance points into docs-input.
    for e in &api.endpoints {
        assert!(
            root().join("docs-input").join(&e.source.file).is_file(),
            "{}",
            e.source
        );
    }
    assert_valid_openapi(&doc, "generated/openapi.json");
}

/// Every real page we have (and the diff fixtures) gives a valid document too:
/// nested Rails bodies, arrays, odd paths.
#[test]
fn openapi_of_every_fixture_folder_is_valid() {
    for folder in [
        "tests/fixtures/weiwenjia",
        "tests/fixtures/seeds",
        "tests/fixtures/diff/after",
    ] {
        let (pages, overrides) = codegen::pipeline::read_docs(&root().join(folder)).expect(folder);
        let g = codegen::pipeline::generate(&pages, overrides.as_deref());
        if g.api.endpoints.is_empty() {
            continue;
        }
        let text = g.files.get(openapi::FILE).expect("openapi.json is emitted");
        let doc: Value = serde_json::from_str(text).unwrap();
        check_document(&doc, &g.api.settings);
        check_operations(&g.api, &doc);
        assert_valid_openapi(&doc, &format!("the OpenAPI document of {folder}"));
    }
}

#[test]
fn rails_body_is_wrapped_in_the_entity() {
    let (pages, ov) =
        codegen::pipeline::read_docs(&root().join("tests/fixtures/diff/after")).unwrap();
    let g = codegen::pipeline::generate(&pages, ov.as_deref());
    let doc: Value = serde_json::from_str(&g.files[openapi::FILE]).unwrap();
    let op = &doc["paths"]["/api/v2/customers/{id}"]["put"];
    assert_eq!(op["operationId"], "customers.update");
    let body = &op["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(
        body["required"],
        serde_json::json!(["customer"]),
        "{body:#}"
    );
    let customer = &body["properties"]["customer"];
    assert_eq!(
        customer["required"],
        serde_json::json!(["name"]),
        "{customer:#}"
    );
    assert_eq!(
        customer["properties"]["address_attributes"]["properties"]["tel"]["type"],
        "string"
    );
    assert_eq!(
        customer["properties"]["labels"]["type"], "array",
        "{customer:#}"
    );
    // `check_duplicates` is a plain body parameter beside the entity.
    assert!(
        body["properties"].get("check_duplicates").is_some()
            || op["parameters"]
                .as_array()
                .is_some_and(|p| p.iter().any(|p| p["name"] == "check_duplicates"))
    );
    assert_eq!(op["x-source"], "customer_update.1.txt:1");
}

/// The schema validation really validates: each mutation of the (valid) generated
/// document breaks one rule, of the OpenAPI 3.1 document schema or, through the
/// dialect at the `meta` dynamic anchor, of JSON Schema 2020-12, and must be reported
/// at the place it was made.
#[test]
fn schema_validation_rejects_invalid_documents() {
    let doc = read_json(&root().join("generated").join(openapi::FILE));
    assert_valid_openapi(&doc, "generated/openapi.json");
    let op = "/paths/~1api~1v2~1opportunities~1{id}/get";
    let param = format!("{op}/parameters/0");
    type Mutation = fn(&mut Value, &str);
    let mutations: [(&str, String, Mutation); 8] = [
        (
            "an operation whose `responses` is empty",
            format!("{op}/responses"),
            |doc, at| *doc.pointer_mut(at).unwrap() = json!({}),
        ),
        ("a parameter without `in`", param.clone(), |doc, at| {
            doc.pointer_mut(at)
                .unwrap()
                .as_object_mut()
                .unwrap()
                .remove("in");
        }),
        (
            "a parameter `in` the body (OpenAPI 2 style)",
            format!("{param}/in"),
            |doc, at| *doc.pointer_mut(at).unwrap() = json!("body"),
        ),
        (
            "a response without `description`",
            format!("{op}/responses/200"),
            |doc, at| {
                doc.pointer_mut(at)
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .remove("description");
            },
        ),
        ("a misspelt operation field", op.to_string(), |doc, at| {
            doc.pointer_mut(at).unwrap()["summry"] = json!("typo")
        }),
        (
            "an OpenAPI 3.0 version string",
            "/openapi".to_string(),
            |doc, at| *doc.pointer_mut(at).unwrap() = json!("3.0.3"),
        ),
        // The two below are only seen through the dialect: the document schema alone
        // accepts any object as a Schema Object.
        (
            "a Schema Object with an unknown `type`",
            "/components/schemas/ApiError/type".to_string(),
            |doc, at| *doc.pointer_mut(at).unwrap() = json!("strng"),
        ),
        (
            "a parameter schema whose `required` is not an array",
            format!("{param}/schema/required"),
            |doc, at| {
                let schema = at.strip_suffix("/required").unwrap();
                doc.pointer_mut(schema).unwrap()["required"] = json!("id");
            },
        ),
    ];
    for (what, at, mutate) in mutations {
        let mut bad = doc.clone();
        mutate(&mut bad, &at);
        let errors = violations(&bad);
        assert!(
            errors.iter().any(|e| e.starts_with(&at)),
            "{what} ({at}) was not reported there; violations: {errors:#?}"
        );
    }
}
