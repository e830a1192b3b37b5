//! Helpers shared by the client tests.
#![allow(dead_code)]

use ikcrm::mock::wiremock::matchers::any;
use ikcrm::mock::wiremock::{Mock, Request, ResponseTemplate};
use ikcrm::mock::{MockRoute, MockServer};
use ikcrm::{Client, RetryPolicy, Throttle};

/// The token every test client sends.
pub const TOKEN: &str = "s3cr3t-user-T0ken";

/// The exact `Authorization` header for [`TOKEN`].
pub const AUTHORIZATION: &str =
    "Token token=s3cr3t-user-T0ken, device=open_api, version_code=9.9.9";

/// A client for `server` with a static token, no throttle and no retries, so
/// every call is exactly one request.
pub fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .throttle(Throttle::off())
        .retry(RetryPolicy::none())
        .build()
        .expect("client")
}

/// Whether a path template (`/api/v2/opportunities/:id`) matches a concrete
/// path (`/api/v2/opportunities/13293`), the way the mock routes requests.
pub fn template_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    t.len() == p.len()
        && t.iter().zip(&p).all(|(t, p)| {
            if t.starts_with(':') || (t.starts_with('{') && t.ends_with('}')) {
                !p.is_empty()
            } else {
                t == p
            }
        })
}

/// `METHOD /path/template` of a route, for messages.
pub fn route_name(r: &MockRoute) -> String {
    format!("{} {}", r.method, r.path)
}

/// A server answering every request with `handler`.
pub async fn with_handler(
    handler: impl Fn(&Request) -> ResponseTemplate + Send + Sync + 'static,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(handler)
        .mount(&server)
        .await;
    server
}

/// A JSON answer (whatever `body` holds).
pub fn json(status: u16, body: impl Into<Vec<u8>>) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.into(), "application/json")
}

/// The requests `server` received, in order.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

/// The single request a server received (panics when there are more or none).
pub async fn only_request(server: &MockServer) -> Request {
    let mut reqs = received(server).await;
    assert_eq!(reqs.len(), 1, "expected exactly one request, got {reqs:#?}");
    reqs.remove(0)
}

/// A success envelope around `data`.
pub fn ok(data: serde_json::Value) -> String {
    serde_json::json!({"code": 0, "data": data}).to_string()
}
