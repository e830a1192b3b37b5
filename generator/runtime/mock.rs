//! An in-process HTTP/1.1 mock of the API, for tests of code that uses this SDK
//! (cargo feature `mock`).
//!
//! ```ignore
//! let server = MockServer::start(vec![MockRoute {
//!     method: "GET",
//!     path: "/api/v2/opportunities/:id",
//!     required_query: &[],
//!     required_body: &[],
//!     required_headers: &[],
//!     token_header: None,
//!     response: r#"{"code":0,"data":{"id":1}}"#,
//! }])?;
//! let client = Client::builder().base_url(server.base_url()).token("t").build()?;
//! ```
//!
//! The server listens on `127.0.0.1` (random port) on the current Tokio runtime, keeps
//! connections alive, understands `Content-Length` bodies, and stops when dropped.

use super::settings::{settings, AuthScheme, Success};
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One endpoint the mock serves.
#[derive(Clone, Copy, Debug)]
pub struct MockRoute {
    /// HTTP method, e.g. `"GET"` (case-insensitive).
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

/// A request the mock received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// Method, e.g. `GET`.
    pub method: String,
    /// Path without the query, still percent-encoded.
    pub path: String,
    /// The raw query string (without `?`), empty when there is none.
    pub query: String,
    /// Headers, names lowercased, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body as text (lossy UTF-8).
    pub body: String,
}

impl RecordedRequest {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The query as percent-decoded pairs (`+` is a space).
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        parse_query(&self.query)
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }
}

/// A response of a custom handler.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockResponse {
    /// HTTP status.
    pub status: u16,
    /// Extra headers (`Content-Type: application/json` and `Content-Length` are added).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl MockResponse {
    /// A JSON response.
    pub fn json(status: u16, body: impl Into<String>) -> MockResponse {
        MockResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> MockResponse {
        self.headers.push((name.into(), value.into()));
        self
    }
}

type Handler = dyn Fn(&RecordedRequest) -> MockResponse + Send + Sync;

/// The running mock server; stops when dropped.
pub struct MockServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<RecordedRequest>>>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .finish()
    }
}

impl MockServer {
    /// Serves `routes` (plus the API's login operation, if it has one, which answers
    /// with the token `mock-token`). Must be called inside a Tokio runtime.
    ///
    /// Unknown method + path → 404 with the API's first "not found" code; a missing or
    /// malformed token → 401 with its first code asking for a new login; a missing
    /// required query parameter or body path → 422 with an error naming it. Errors are
    /// in the API's envelope.
    pub fn start(routes: Vec<MockRoute>) -> io::Result<MockServer> {
        MockServer::with_handler(move |req| route(&routes, req))
    }

    /// Serves every request with `handler` (for custom behaviour: errors, throttling,
    /// counting logins). Must be called inside a Tokio runtime.
    pub fn with_handler(
        handler: impl Fn(&RecordedRequest) -> MockResponse + Send + Sync + 'static,
    ) -> io::Result<MockServer> {
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|e| io::Error::other(format!("MockServer needs a Tokio runtime: {e}")))?;
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let listener = {
            let _guard = runtime.enter();
            tokio::net::TcpListener::from_std(std_listener)?
        };
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let log = requests.clone();
        let task = runtime.spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            loop {
                while connections.try_join_next().is_some() {}
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                connections.spawn(serve_connection(stream, handler.clone(), log.clone()));
            }
        });
        Ok(MockServer {
            addr,
            requests,
            task,
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        // Dropping the accept task drops its JoinSet, which aborts every connection.
        self.task.abort();
    }
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
fn authorized(req: &RecordedRequest) -> bool {
    match settings().auth {
        AuthScheme::None => true,
        AuthScheme::Header { name, .. } => {
            valid_authorization(req.header(&name.to_ascii_lowercase()))
        }
        AuthScheme::Query { name } => req
            .query_pairs()
            .iter()
            .any(|(k, v)| k == name && !v.is_empty()),
    }
}

/// Percent-decodes a query string into pairs (`+` is a space).
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

fn path_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    t.len() == p.len()
        && t.iter().zip(&p).all(|(t, p)| {
            let param = t.starts_with(':') || (t.starts_with('{') && t.ends_with('}'));
            if param {
                !p.is_empty()
            } else {
                t == p
            }
        })
}

/// An error answer in the API's envelope (`{code, message, error}`), or
/// `{message, error}` for an API without one.
fn error_json(status: u16, code: i64, message: &str, error: &str) -> MockResponse {
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
    MockResponse::json(status, serde_json::Value::Object(body).to_string())
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

fn missing(name: &str) -> MockResponse {
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

fn route(routes: &[MockRoute], req: &RecordedRequest) -> MockResponse {
    let login = settings()
        .login
        .filter(|l| req.method.eq_ignore_ascii_case("POST") && path_matches(l.path, &req.path));
    if let Some(login) = login {
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
        return MockResponse::json(200, success_json(token));
    }
    let not_found = settings()
        .envelope
        .and_then(|e| e.not_found_codes.first().copied())
        .unwrap_or(404);
    let unauthorized = settings().auth_codes.first().copied().unwrap_or(401);
    let Some(r) = routes
        .iter()
        .find(|r| r.method.eq_ignore_ascii_case(&req.method) && path_matches(r.path, &req.path))
    else {
        return error_json(404, not_found, "no such route", "not_found");
    };
    for name in r.required_headers {
        if !matches!(req.header(name), Some(v) if !v.trim().is_empty()) {
            return error_json(
                401,
                unauthorized,
                &format!("missing header {name}"),
                "unauthorized",
            );
        }
    }
    if r.token_header.is_none() && !authorized(req) {
        let expected = match settings().auth {
            AuthScheme::Header { name, template } => format!("header `{name}: {template}`"),
            AuthScheme::Query { name } => format!("query parameter `{name}`"),
            AuthScheme::None => String::new(),
        };
        return error_json(
            401,
            unauthorized,
            &format!("missing or malformed token (expected {expected})"),
            "unauthorized",
        );
    }
    let pairs = req.query_pairs();
    for name in r.required_query {
        let present = pairs.iter().any(|(k, _)| {
            k == name
                || k.strip_prefix(*name)
                    .is_some_and(|rest| rest.starts_with('['))
        });
        if !present {
            return missing(name);
        }
    }
    if !r.required_body.is_empty() {
        let body = req.json().unwrap_or(serde_json::Value::Null);
        for path in r.required_body {
            if !has_body_path(&body, path) {
                return missing(&wire_name(path));
            }
        }
    }
    MockResponse::json(200, r.response)
}

fn find_header_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        411 => "Length Required",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 16 * 1024 * 1024;

async fn serve_connection(
    mut stream: TcpStream,
    handler: Arc<Handler>,
    log: Arc<Mutex<Vec<RecordedRequest>>>,
) {
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 8192];
    loop {
        let head_end = loop {
            if let Some(end) = find_header_end(&buf) {
                break end;
            }
            if buf.len() > MAX_HEAD {
                return;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let mut request_line = lines.next().unwrap_or_default().split(' ');
        let method = request_line.next().unwrap_or_default().to_owned();
        let target = request_line.next().unwrap_or_default().to_owned();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let header = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let chunked = header("transfer-encoding").is_some_and(|v| v.contains("chunked"));
        let length = header("content-length").and_then(|v| v.parse::<usize>().ok());
        let close = header("connection").is_some_and(|v| v.eq_ignore_ascii_case("close"));
        if chunked || length.is_some_and(|l| l > MAX_BODY) {
            let _ = write_response(&mut stream, &MockResponse::json(411, "{}"), true).await;
            return;
        }
        let length = length.unwrap_or(0);
        while buf.len() < head_end + length {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let body = String::from_utf8_lossy(&buf[head_end..head_end + length]).into_owned();
        buf.drain(..head_end + length);
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p.to_owned(), q.to_owned()),
            None => (target, String::new()),
        };
        let request = RecordedRequest {
            method,
            path,
            query,
            headers,
            body,
        };
        log.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(request.clone());
        let response = handler(&request);
        if write_response(&mut stream, &response, close).await.is_err() || close {
            return;
        }
    }
}

async fn write_response(
    stream: &mut TcpStream,
    response: &MockResponse,
    close: bool,
) -> io::Result<()> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n",
        response.status,
        reason(response.status),
        response.body.len()
    );
    for (k, v) in &response.headers {
        out.push_str(k);
        out.push_str(": ");
        out.push_str(v);
        out.push_str("\r\n");
    }
    if close {
        out.push_str("Connection: close\r\n");
    }
    out.push_str("\r\n");
    out.push_str(&response.body);
    stream.write_all(out.as_bytes()).await?;
    stream.flush().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
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
        assert_eq!(
            parse_query("a%5Bb%5D=x%20y&ids%5B%5D=1&c=a+b&flag"),
            vec![
                ("a[b]".to_owned(), "x y".to_owned()),
                ("ids[]".to_owned(), "1".to_owned()),
                ("c".to_owned(), "a b".to_owned()),
                ("flag".to_owned(), String::new()),
            ]
        );
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

    #[test]
    fn start_needs_a_runtime() {
        assert!(MockServer::start(Vec::new()).is_err());
    }
}
