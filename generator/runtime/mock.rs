//! The documented operations mounted on a [`wiremock::MockServer`] (cargo feature
//! `mock`); public through the crate's `mock` module only.
//!
//! Every route becomes two mocks on the same method and path (parameters are `[^/]+`
//! regex segments): at [`ROUTE_PRIORITY`] the documented example, for a request that
//! carries the token the way the API's settings say and every required header, query
//! parameter and body key; at [`EXPLAIN_PRIORITY`] an error in the API's envelope
//! naming what is missing. The API's login (if it has one) answers with the token
//! `mock-token`, and anything else gets the API's "not found" error
//! ([`FALLBACK_PRIORITY`]). A mock of your own at wiremock's default priority (5)
//! wins over all of them.

use super::settings::{settings, AuthScheme, Success};
use std::sync::Arc;
use wiremock::matchers::{any, method, path_regex};
use wiremock::{Match, Mock, MockServer, Request, Respond, ResponseTemplate};

/// The priority of the documented examples: lower than wiremock's default (5), so a
/// user's own `Mock::given(..)` answers first.
pub const ROUTE_PRIORITY: u8 = 100;
/// The priority of the error answers of a documented route (a required parameter or
/// the token missing).
pub const EXPLAIN_PRIORITY: u8 = 200;
/// The priority of the catch-all "not found" answer.
pub const FALLBACK_PRIORITY: u8 = 255;

/// One endpoint the mock serves.
#[derive(Clone, Copy, Debug)]
pub struct MockRoute {
    /// HTTP method, e.g. `"GET"`.
    pub method: &'static str,
    /// Path template; `:id` and `{id}` segments match any non-empty segment.
    pub path: &'static str,
    /// Query parameters (wire names, e.g. `opportunity_id`) that must be present; a
    /// name also counts as present through Rails sub-keys (`created_at[]` for
    /// `created_at`).
    pub required_query: &'static [&'static str],
    /// Rails key paths that must exist in the JSON body, e.g. `&["opportunity", "title"]`
    /// (`""` = some array element).
    pub required_body: &'static [&'static [&'static str]],
    /// Request headers that must be present and non-empty (an operation's header
    /// parameters from its page's 请求头 table, e.g. `ACCESS-TOKEN`).
    pub required_headers: &'static [&'static str],
    /// The operation authenticates with this header of its own instead of the
    /// client's token (which is then not checked).
    pub token_header: Option<&'static str>,
    /// JSON text served with status 200.
    pub response: &'static str,
}

/// Reading a received request ([`MockServer::received_requests`]) the way tests do.
pub trait RequestExt {
    /// The first header called `name` (case-insensitive), if it is text.
    fn header(&self, name: &str) -> Option<&str>;
    /// The query as percent-decoded pairs (`+` is a space).
    fn query_pairs(&self) -> Vec<(String, String)>;
    /// The body parsed as JSON.
    fn json(&self) -> Option<serde_json::Value>;
    /// The body as text (lossy UTF-8).
    fn text(&self) -> String;
}

impl RequestExt for Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn query_pairs(&self) -> Vec<(String, String)> {
        self.url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Starts a [`MockServer`] on 127.0.0.1 (random port) with `routes` mounted (see
/// [`mount`]). It stops when dropped.
pub async fn serve(routes: Vec<MockRoute>) -> MockServer {
    let server = MockServer::start().await;
    mount(&server, routes).await;
    server
}

/// Mounts `routes` (earlier ones win when two match a path), the API's login and
/// the catch-all "not found" answer on `server`.
pub async fn mount(server: &MockServer, routes: Vec<MockRoute>) {
    let routes: Arc<[MockRoute]> = routes.into();
    if let Some(login) = settings().login {
        Mock::given(method("POST"))
            .and(path_regex(path_pattern(login.path)))
            .respond_with(Login)
            .with_priority(ROUTE_PRIORITY)
            .named("login")
            .mount(server)
            .await;
    }
    for (index, r) in routes.iter().enumerate() {
        let name = format!("{} {}", r.method, r.path);
        let first = FirstRoute {
            routes: routes.clone(),
            index,
        };
        Mock::given(method(r.method))
            .and(path_regex(path_pattern(r.path)))
            .and(first.clone())
            .and(Complete(*r))
            .respond_with(ResponseTemplate::new(200).set_body_raw(r.response, "application/json"))
            .with_priority(ROUTE_PRIORITY)
            .named(name.clone())
            .mount(server)
            .await;
        Mock::given(method(r.method))
            .and(path_regex(path_pattern(r.path)))
            .and(first)
            .respond_with(Explain(*r))
            .with_priority(EXPLAIN_PRIORITY)
            .named(format!("{name} (incomplete request)"))
            .mount(server)
            .await;
    }
    let not_found = settings()
        .envelope
        .and_then(|e| e.not_found_codes.first().copied())
        .unwrap_or(404);
    Mock::given(any())
        .respond_with(error_json(404, not_found, "no such route", "not_found"))
        .with_priority(FALLBACK_PRIORITY)
        .named("not found")
        .mount(server)
        .await;
}

/// The regex of a path template: literal segments as they are (regex-escaped),
/// `:id` / `{id}` as one non-empty segment, an optional trailing `/`.
pub fn path_pattern(template: &str) -> String {
    let mut out = String::from("^");
    for seg in template
        .trim_end_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
    {
        out.push('/');
        if is_param(seg) {
            out.push_str("[^/]+");
        } else {
            for c in seg.chars() {
                if "\\.+*?()|[]{}^$#&-~".contains(c) {
                    out.push('\\');
                }
                out.push(c);
            }
        }
    }
    out.push_str("/?$");
    out
}

fn is_param(segment: &str) -> bool {
    segment.starts_with(':') || (segment.starts_with('{') && segment.ends_with('}'))
}

fn path_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| if is_param(t) { !p.is_empty() } else { t == p })
}

/// Matches when route `index` is the first of `routes` with the request's method
/// and path: `/contracts/new_from_opportunity` is never `/contracts/:id`, even when
/// the former's request is incomplete.
#[derive(Clone)]
struct FirstRoute {
    routes: Arc<[MockRoute]>,
    index: usize,
}

impl Match for FirstRoute {
    fn matches(&self, req: &Request) -> bool {
        self.routes
            .iter()
            .position(|r| {
                r.method.eq_ignore_ascii_case(req.method.as_str())
                    && path_matches(r.path, req.url.path())
            })
            .is_some_and(|i| i == self.index)
    }
}

/// Matches a request that carries everything its route requires.
struct Complete(MockRoute);

impl Match for Complete {
    fn matches(&self, req: &Request) -> bool {
        problem(&self.0, req).is_none()
    }
}

/// Answers an incomplete request with the error naming what it lacks.
struct Explain(MockRoute);

impl Respond for Explain {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        problem(&self.0, req).unwrap_or_else(|| {
            ResponseTemplate::new(200).set_body_raw(self.0.response, "application/json")
        })
    }
}

/// The API's login: a body with the user and password members gets `mock-token`.
struct Login;

impl Respond for Login {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let Some(login) = settings().login else {
            return error_json(404, 404, "no login", "not_found");
        };
        let body = req.json().unwrap_or(serde_json::Value::Null);
        for field in [login.user_field, login.password_field] {
            if !has_body_path(&body, &[field]) {
                return missing(field);
            }
        }
        let token = login.token.iter().rev().fold(
            serde_json::Value::from("mock-token"),
            |inner, key| serde_json::json!({ *key: inner }),
        );
        ResponseTemplate::new(200).set_body_raw(success_json(token), "application/json")
    }
}

/// The error answer for what `req` lacks of `route`, or `None` when it is complete.
fn problem(route: &MockRoute, req: &Request) -> Option<ResponseTemplate> {
    let unauthorized = settings().auth_codes.first().copied().unwrap_or(401);
    for name in route.required_headers {
        if !matches!(req.header(name), Some(v) if !v.trim().is_empty()) {
            return Some(error_json(
                401,
                unauthorized,
                &format!("missing header {name}"),
                "unauthorized",
            ));
        }
    }
    if route.token_header.is_none() && !authorized(req) {
        let expected = match settings().auth {
            AuthScheme::Header { name, template } => format!("header `{name}: {template}`"),
            AuthScheme::Query { name } => format!("query parameter `{name}`"),
            AuthScheme::None => String::new(),
        };
        return Some(error_json(
            401,
            unauthorized,
            &format!("missing or malformed token (expected {expected})"),
            "unauthorized",
        ));
    }
    let pairs = req.query_pairs();
    for name in route.required_query {
        let present = pairs.iter().any(|(k, _)| {
            k == name
                || k.strip_prefix(*name)
                    .is_some_and(|rest| rest.starts_with('['))
        });
        if !present {
            return Some(missing(name));
        }
    }
    if !route.required_body.is_empty() {
        let body = req.json().unwrap_or(serde_json::Value::Null);
        for path in route.required_body {
            if !has_body_path(&body, path) {
                return Some(missing(&wire_name(path)));
            }
        }
    }
    None
}

/// Whether `value` is the API's auth header value (its template) for a non-empty
/// token without spaces or commas.
pub fn valid_authorization(value: Option<&str>) -> bool {
    let (Some(v), AuthScheme::Header { template, .. }) = (value, settings().auth) else {
        return false;
    };
    let Some((prefix, suffix)) = template.split_once("{token}") else {
        return false;
    };
    let Some(token) = v
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(suffix))
    else {
        return false;
    };
    !token.is_empty() && !token.contains([',', ' '])
}

/// Whether `req` carries a token the way the API's settings say.
fn authorized(req: &Request) -> bool {
    match settings().auth {
        AuthScheme::None => true,
        AuthScheme::Header { name, .. } => valid_authorization(req.header(name)),
        AuthScheme::Query { name } => req
            .query_pairs()
            .iter()
            .any(|(k, v)| k == name && !v.is_empty()),
    }
}

/// An error answer in the API's envelope (`{code, message, error}`), or
/// `{message, error}` for an API without one.
fn error_json(status: u16, code: i64, message: &str, error: &str) -> ResponseTemplate {
    let mut body = serde_json::Map::new();
    match settings().envelope {
        Some(e) => {
            body.insert(e.code.into(), code.into());
            body.insert(e.message.into(), message.into());
            body.insert(e.error.unwrap_or("error").into(), error.into());
        }
        None => {
            body.insert("message".into(), message.into());
            body.insert("error".into(), error.into());
        }
    }
    ResponseTemplate::new(status).set_body_raw(
        serde_json::Value::Object(body).to_string(),
        "application/json",
    )
}

/// `data` in the API's success envelope (or `data` itself without one).
pub fn success_json(data: serde_json::Value) -> String {
    let Some(e) = settings().envelope else {
        return data.to_string();
    };
    let code = match e.success {
        Success::Int(n) => serde_json::Value::from(n),
        Success::Text(t) => serde_json::Value::from(t),
        Success::Bool(b) => serde_json::Value::from(b),
    };
    let mut body = serde_json::Map::new();
    body.insert(e.code.into(), code);
    body.insert(e.data.into(), data);
    serde_json::Value::Object(body).to_string()
}

fn missing(name: &str) -> ResponseTemplate {
    error_json(
        422,
        422,
        &format!("missing parameter: {name}"),
        "param_missing",
    )
}

fn has_body_path(value: &serde_json::Value, path: &[&str]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return true;
    };
    match value {
        serde_json::Value::Object(map) => map.get(*first).is_some_and(|v| has_body_path(v, rest)),
        serde_json::Value::Array(items) if first.is_empty() => {
            items.iter().any(|v| has_body_path(v, rest))
        }
        serde_json::Value::Array(items) => first
            .parse::<usize>()
            .ok()
            .and_then(|i| items.get(i))
            .is_some_and(|v| has_body_path(v, rest)),
        _ => false,
    }
}

fn wire_name(path: &[&str]) -> String {
    let mut out = String::new();
    for (i, seg) in path.iter().enumerate() {
        if i == 0 {
            out.push_str(seg);
        } else {
            out.push('[');
            out.push_str(seg);
            out.push(']');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(
            path_pattern("/api/v2/opportunities/:id/"),
            "^/api/v2/opportunities/[^/]+/?$"
        );
        assert_eq!(path_pattern("/api/role/{id}"), "^/api/role/[^/]+/?$");
        assert_eq!(path_pattern("/a.b/c-d"), r"^/a\.b/c\-d/?$");
        assert!(path_matches(
            "/api/v2/opportunities/:id",
            "/api/v2/opportunities/12"
        ));
        assert!(path_matches("/api/role/{id}", "/api/role/x%20y"));
        assert!(!path_matches(
            "/api/v2/opportunities/:id",
            "/api/v2/opportunities/"
        ));
        assert!(!path_matches(
            "/api/v2/opportunities/:id",
            "/api/v2/opportunities/1/x"
        ));
        assert!(!path_matches("/api/v2/customers", "/api/v2/contacts"));
        assert!(valid_authorization(Some(
            "Token token=abc, device=sdk-test"
        )));
        assert!(!valid_authorization(Some("Token token=, device=sdk-test")));
        assert!(!valid_authorization(Some("Bearer abc")));
        assert!(!valid_authorization(None));
        let body =
            serde_json::json!({"opportunity": {"title": "t"}, "ids": [1], "items": [{"n": 1}]});
        assert!(has_body_path(&body, &["opportunity", "title"]));
        assert!(has_body_path(&body, &["ids", ""]));
        assert!(has_body_path(&body, &["items", "", "n"]));
        assert!(has_body_path(&body, &["items", "0", "n"]));
        assert!(!has_body_path(&body, &["opportunity", "x"]));
        assert_eq!(
            wire_name(&["customer", "address_attributes", "tel"]),
            "customer[address_attributes][tel]"
        );
    }
}
