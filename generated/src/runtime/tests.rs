//! Tests of the runtime's internals against a real HTTP server on 127.0.0.1 (the
//! mock server), through `ApiRequest`s built by hand: the envelope, the login body,
//! retry codes, timeouts, builder checks, encoding, the throttle on every attempt.
//!
//! What a user sees end to end through generated operations (re-login after an
//! expired token, `Retry-After`, which methods are retried, pagination and its
//! errors) has its one home in the repository's `tests/tests/it/client.rs`: this file
//! is copied into every emitted crate and compiled by its tests, so it holds only
//! what needs the runtime's private items.

use super::client::decode_envelope;
use super::mock::{serve, MockRoute, RequestExt};
use super::*;
use serde::Deserialize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The API these tests run against (whatever API the crate is generated for): a
/// header template with fixed members, a login, a `{code, data, message, error}`
/// envelope, 10 calls per 10 s.
pub(crate) const SETTINGS: Settings = Settings {
    default_base_url: None,
    auth: AuthScheme::Header {
        name: "Authorization",
        template: "Token token={token}, device=sdk-test",
    },
    login: Some(LoginSettings {
        path: "/auth/login",
        user_field: "login",
        password_field: "password",
        fixed: &[("device", "sdk-test")],
        token: &["user_token"],
    }),
    auth_codes: &[RELOGIN, 401_002],
    envelope: Some(EnvelopeSettings {
        code: "code",
        data: "data",
        message: "message",
        error: Some("error"),
        success: Success::Int(0),
        not_found_codes: &[NOT_FOUND],
    }),
    rate_limit: Some((10, Duration::from_secs(10))),
    retry_statuses: &[429, 502, 503, 504],
    retry_codes: &[BUSY],
};
/// The test API's "server busy, try again" code.
const BUSY: i64 = 503_001;
/// The test API's "log in again" code.
const RELOGIN: i64 = 401_001;
/// The test API's "no such record" code.
const NOT_FOUND: i64 = 404_001;

const TOKEN: &str = "s3cr3t-T0ken";
const PASSWORD: &str = "pa55w0rd!";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .throttle(Throttle::off())
        .retry(RetryPolicy::none())
        .build()
        .expect("client")
}

/// A server answering every request with `handler`.
async fn with_handler(
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
fn json(status: u16, body: impl Into<Vec<u8>>) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.into(), "application/json")
}

/// The requests `server` received, in order.
async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

fn get(path: &str) -> ApiRequest {
    ApiRequest::new(reqwest::Method::GET, "test.get", "/test", path)
}

const CUSTOMER: MockRoute = MockRoute {
    method: "GET",
    path: "/api/v2/customers/:id",
    required_query: &[],
    required_body: &[],
    required_headers: &[],
    token_header: None,
    response: r#"{"code":0,"data":{"id":7,"name":"客户","address":{"tel":"010"}}}"#,
};

#[tokio::test]
async fn sends_exact_authorization_header_and_unwraps_data() {
    let server = serve(vec![CUSTOMER]).await;
    let c = client(&server);
    let mut req = get("/api/v2/customers/7");
    req.push_query(
        "filter",
        &serde_json::json!({"title": "a b", "ids": [1, 2]}),
    );
    let data: serde_json::Value = c.send(req).await.expect("ok");
    assert_eq!(data["id"], 7);
    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method, "GET");
    assert_eq!(r.url.path(), "/api/v2/customers/7");
    assert_eq!(
        r.header("authorization"),
        Some("Token token=s3cr3t-T0ken, device=sdk-test")
    );
    assert!(r
        .header("user-agent")
        .is_some_and(|ua| ua.starts_with(concat!(env!("CARGO_PKG_NAME"), "-rust/"))));
    assert_eq!(
        r.url.query().unwrap_or(""),
        "filter%5Btitle%5D=a%20b&filter%5Bids%5D%5B%5D=1&filter%5Bids%5D%5B%5D=2"
    );
    assert_eq!(
        r.query_pairs(),
        vec![
            ("filter[title]".to_owned(), "a b".to_owned()),
            ("filter[ids][]".to_owned(), "1".to_owned()),
            ("filter[ids][]".to_owned(), "2".to_owned()),
        ]
    );
    assert_eq!(r.header("content-type"), None, "no body, no content type");
}

#[tokio::test]
async fn json_body_and_content_type() {
    let server = serve(vec![MockRoute {
        method: "PUT",
        path: "/api/v2/opportunities/{id}",
        required_query: &[],
        required_body: &[&["opportunity", "title"]],
        required_headers: &[],
        token_header: None,
        response: r#"{"code":0,"data":null}"#,
    }])
    .await;
    let c = client(&server);
    let mut req = ApiRequest::new(
        reqwest::Method::PUT,
        "opportunities.update",
        "/api/v2/opportunities/:id",
        format!("/api/v2/opportunities/{}", encode_path_segment("12")),
    );
    req.insert_body(&["opportunity", "title"], serde_json::json!("新商机"));
    let out: Field<serde_json::Value> = c.send(req).await.expect("ok");
    assert!(out.is_null());
    let r = &received(&server).await[0];
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(
        r.json(),
        Some(serde_json::json!({"opportunity": {"title": "新商机"}}))
    );
    // On the wire: compact JSON, the Chinese text as UTF-8, not `\u` escapes.
    assert_eq!(r.text(), r#"{"opportunity":{"title":"新商机"}}"#);

    // Missing body path → 422 naming it.
    let req = ApiRequest::new(reqwest::Method::PUT, "x", "/x", "/api/v2/opportunities/12")
        .with_body(serde_json::json!({"opportunity": {}}));
    let err = c.send::<serde_json::Value>(req).await.expect_err("422");
    assert_eq!(err.status(), Some(422));
    assert!(err.to_string().contains("opportunity[title]"), "{err}");
}

#[tokio::test]
async fn api_errors_map_to_error_api() {
    let server = with_handler(|_| {
        json(
            200,
            r#"{"code":404001,"message":"没有权限或记录不存在","error":"record_not_found"}"#,
        )
    })
    .await;
    let err = client(&server)
        .send::<serde_json::Value>(get("/api/v2/customers/1"))
        .await
        .expect_err("api error");
    match &err {
        Error::Api {
            code,
            message,
            error,
            status,
        } => {
            assert_eq!(*code, NOT_FOUND);
            assert_eq!(message, "没有权限或记录不存在");
            assert_eq!(error.as_deref(), Some("record_not_found"));
            assert_eq!(*status, 200);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.is_not_found());
    assert!(!err.to_string().contains(TOKEN));
    assert!(!format!("{err:?}").contains(TOKEN));
}

#[tokio::test]
async fn mock_rejects_unknown_routes_bad_auth_and_missing_query() {
    let server = serve(vec![MockRoute {
        method: "GET",
        path: "/api/v2/revisit_logs",
        required_query: &["opportunity_id"],
        required_body: &[],
        required_headers: &[],
        token_header: None,
        response: r#"{"code":0,"data":{}}"#,
    }])
    .await;
    let c = client(&server);
    let err = c
        .send::<serde_json::Value>(get("/api/v2/nothing"))
        .await
        .expect_err("404");
    assert_eq!((err.code(), err.status()), (Some(NOT_FOUND), Some(404)));

    let err = c
        .send::<serde_json::Value>(get("/api/v2/revisit_logs"))
        .await
        .expect_err("422");
    assert_eq!(err.status(), Some(422));
    assert!(err.to_string().contains("opportunity_id"), "{err}");

    let ok: Field<serde_json::Value> = c
        .send(get("/api/v2/revisit_logs").query_pair("opportunity_id", "3"))
        .await
        .expect("ok");
    assert_eq!(ok, Field::Empty(Empty::Object));

    // A raw request without the header.
    let resp = reqwest::get(format!(
        "{}/api/v2/revisit_logs?opportunity_id=1",
        server.uri()
    ))
    .await
    .expect("raw");
    assert_eq!(resp.status().as_u16(), 401);
    let body: serde_json::Value = resp.json().await.expect("json");
    assert_eq!(body["code"], RELOGIN);
}

#[tokio::test]
async fn non_envelope_errors_are_http_errors_shown_capped() {
    let server = with_handler(|_| json(500, "x".repeat(5000))).await;
    let err = client(&server)
        .send::<serde_json::Value>(get("/a"))
        .await
        .expect_err("http");
    let shown = err.to_string();
    match err {
        Error::Http { status, body } => {
            assert_eq!(status, 500);
            assert_eq!(body.len(), 5000, "the whole body stays reachable");
            assert!(
                shown.len() < error::DISPLAY_LIMIT + 64 && shown.ends_with("(5000 bytes in all)"),
                "{shown}"
            );
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[derive(Debug, Deserialize)]
struct Wrapper {
    #[allow(dead_code)]
    customer: Customer,
}

#[derive(Debug, Deserialize)]
struct Customer {
    #[allow(dead_code)]
    id: i64,
}

#[tokio::test]
async fn decode_errors_carry_path_and_snippet() {
    let server = with_handler(|_| {
        json(
            200,
            format!(
                r#"{{"code":0,"data":{{"filler":"{}","customer":{{"id":"abc"}}}}}}"#,
                "y".repeat(400)
            ),
        )
    })
    .await;
    let err = client(&server)
        .send::<Wrapper>(get("/a"))
        .await
        .expect_err("decode");
    match err {
        Error::Decode {
            path,
            message,
            snippet,
        } => {
            assert_eq!(path, "data.customer.id");
            assert!(message.contains("invalid type"), "{message}");
            assert!(snippet.contains("\"abc\""), "{snippet}");
            assert!(snippet.chars().count() <= 200);
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn envelope_edge_cases() {
    // code as a string, data missing → T from unit.
    let v: Field<i64> = decode_envelope(200, br#"{"code":"0"}"#).expect("ok");
    assert!(v.is_null());
    let v: Option<i64> =
        decode_envelope(200, br#"{"message":"ok","code":0,"data":5}"#).expect("ok");
    assert_eq!(v, Some(5));
    // Failure with data: null.
    let e = decode_envelope::<i64>(
        200,
        br#"{"code":100000,"message":"invalid_app_error","data":null}"#,
    )
    .expect_err("api");
    assert_eq!(e.code(), Some(100000));
    // A code that is not a number: -1, its text (unquoted) in `error`, before the
    // envelope's own error identifier.
    let e = decode_envelope::<i64>(200, br#"{"code":"A00001","message":"bad"}"#).expect_err("api");
    match e {
        Error::Api { code, error, .. } => {
            assert_eq!((code, error.as_deref()), (-1, Some("A00001")));
        }
        other => panic!("unexpected {other:?}"),
    }
    let e = decode_envelope::<i64>(200, br#"{"code":"A00001","error":"token_expired"}"#)
        .expect_err("api");
    match e {
        Error::Api { code, error, .. } => {
            assert_eq!(
                (code, error.as_deref()),
                (-1, Some("A00001: token_expired"))
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    // Envelope on a 401.
    let e = decode_envelope::<i64>(401, br#"{"code":401001,"message":"logged in elsewhere"}"#)
        .expect_err("api");
    assert!(e.is_auth());
    assert_eq!(e.status(), Some(401));
    // HTML on a 502.
    let e = decode_envelope::<i64>(502, b"<html>bad gateway</html>").expect_err("http");
    assert!(matches!(e, Error::Http { status: 502, .. }));
    // A 200 that is not an envelope.
    let e = decode_envelope::<i64>(200, b"[1,2]").expect_err("decode");
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
    let e = decode_envelope::<i64>(200, b"{\"code\":0,").expect_err("decode");
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
    // Path into arrays.
    let e = decode_envelope::<Vec<Customer>>(200, br#"{"code":0,"data":[{"id":1},{"id":"x"}]}"#)
        .expect_err("decode");
    match e {
        Error::Decode { path, .. } => assert_eq!(path, "data[1].id"),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn logs_in_once_with_the_documented_body() {
    let server = serve(vec![CUSTOMER]).await;
    let c = Client::builder()
        .base_url(server.uri())
        .login("13800000000", PASSWORD)
        .login_param("tenant", "corp-1")
        .throttle(Throttle::off())
        .build()
        .expect("client");
    for _ in 0..3 {
        let _: serde_json::Value = c.send(get("/api/v2/customers/1")).await.expect("ok");
    }
    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 4);
    assert_eq!(
        (reqs[0].method.as_str(), reqs[0].url.path()),
        ("POST", "/auth/login")
    );
    assert_eq!(reqs[0].header("authorization"), None);
    assert_eq!(
        reqs[0].json(),
        Some(
            serde_json::json!({"login": "13800000000", "password": PASSWORD,
            "device": "sdk-test", "tenant": "corp-1"})
        )
    );
    for r in &reqs[1..] {
        assert_eq!(
            r.header("authorization"),
            Some("Token token=mock-token, device=sdk-test")
        );
    }
    let dbg = format!("{c:?}");
    assert!(!dbg.contains(PASSWORD) && dbg.contains("***"), "{dbg}");
}

#[tokio::test]
async fn failed_login_is_error_login() {
    let server =
        with_handler(|_| json(200, r#"{"code":100000,"message":"用户名或密码错误"}"#)).await;
    let c = Client::builder()
        .base_url(server.uri())
        .login("u", PASSWORD)
        .throttle(Throttle::off())
        .build()
        .expect("client");
    let err = c.ensure_logged_in().await.expect_err("login");
    assert!(matches!(err, Error::Login(_)), "{err:?}");
    assert_eq!(err.code(), Some(100000));
    assert!(!format!("{err:?}{err}").contains(PASSWORD));
}

/// Answers `first` once, then success; counts calls.
async fn flaky_server(first: ResponseTemplate, calls: Arc<AtomicUsize>) -> MockServer {
    with_handler(move |_| {
        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
            first.clone()
        } else {
            json(200, r#"{"code":0,"data":1}"#)
        }
    })
    .await
}

#[tokio::test]
async fn retries_a_busy_code_with_the_backoff() {
    let calls = Arc::new(AtomicUsize::new(0));
    let busy = format!(r#"{{"code":{BUSY},"message":"系统繁忙"}}"#);
    let server = flaky_server(json(200, busy.clone()), calls.clone()).await;
    let c = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .throttle(Throttle::off())
        .retry(RetryPolicy::default().base_delay(Duration::from_millis(1)))
        .build()
        .expect("client");
    let v: i64 = c.send(get("/a")).await.expect("the second answer");
    assert_eq!((v, calls.load(Ordering::SeqCst)), (1, 2));
    // Retried up to the policy's attempts, then the code is the error.
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let server = with_handler(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
        json(200, busy.clone())
    })
    .await;
    let c = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .throttle(Throttle::off())
        .retry(
            RetryPolicy::default()
                .base_delay(Duration::from_millis(1))
                .max_attempts(3),
        )
        .build()
        .expect("client");
    let err = c.send::<i64>(get("/a")).await.expect_err("always busy");
    assert_eq!(err.code(), Some(BUSY));
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    // Another code is not retried.
    let calls = Arc::new(AtomicUsize::new(0));
    let server = flaky_server(
        json(200, r#"{"code":500123,"message":"no"}"#),
        calls.clone(),
    )
    .await;
    let c = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .throttle(Throttle::off())
        .retry(RetryPolicy::default().base_delay(Duration::from_millis(1)))
        .build()
        .expect("client");
    assert_eq!(
        c.send::<i64>(get("/a"))
            .await
            .expect_err("not retried")
            .code(),
        Some(500123)
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn connection_refused_is_transport_error_without_token() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let c = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .token(TOKEN)
        .throttle(Throttle::off())
        .retry(RetryPolicy::default().base_delay(Duration::from_millis(1)))
        .build()
        .expect("client");
    let err = c
        .send::<serde_json::Value>(get("/a"))
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(!text.contains(TOKEN), "{text}");
}

#[tokio::test]
async fn total_timeout_gives_error_timeout() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let hold = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = listener.accept().await {
            held.push(s); // never answer
        }
    });
    let c = Client::builder()
        .base_url(format!("http://{addr}"))
        .token(TOKEN)
        .timeout(Duration::from_millis(200))
        .throttle(Throttle::off())
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let err = c
        .send::<serde_json::Value>(get("/a"))
        .await
        .expect_err("timeout");
    assert!(matches!(err, Error::Timeout), "{err:?}");
    hold.abort();
}

#[test]
fn builder_validation_and_debug() {
    let b = Client::builder()
        .edition_host("https://east.example.com")
        .token(TOKEN);
    let dbg = format!("{b:?}");
    assert!(!dbg.contains(TOKEN) && dbg.contains("***"), "{dbg}");
    let c = b.build().expect("client");
    assert_eq!(c.base_url(), "https://east.example.com");
    let dbg = format!("{c:?}");
    assert!(!dbg.contains(TOKEN) && dbg.contains("***"), "{dbg}");
    let b = Client::builder()
        .edition_host("https://west.example.com")
        .login("u", PASSWORD);
    assert!(!format!("{b:?}").contains(PASSWORD));

    assert!(matches!(
        Client::builder().token("t").build(),
        Err(Error::Config(_))
    ));
    assert!(matches!(
        Client::builder()
            .edition_host("https://west.example.com")
            .build(),
        Err(Error::Config(_))
    ));
    assert!(matches!(
        Client::builder().base_url("ftp://x").token("t").build(),
        Err(Error::Config(_))
    ));
    assert!(matches!(
        Client::builder().base_url("http://x").token("a\nb").build(),
        Err(Error::Config(_))
    ));
    let c = Client::builder()
        .base_url("http://127.0.0.1:9/")
        .token("t")
        .build()
        .expect("client");
    assert_eq!(c.base_url(), "http://127.0.0.1:9");
    let c = Client::builder()
        .base_url("http://127.0.0.1:9")
        .edition_host("https://east.example.com")
        .token("t")
        .build()
        .expect("client");
    assert_eq!(c.base_url(), "http://127.0.0.1:9", "a base URL wins");
}

#[test]
fn path_and_query_encoding() {
    assert_eq!(encode_path_segment("12"), "12");
    assert_eq!(encode_path_segment("a/b c?#"), "a%2Fb%20c%3F%23");
    assert_eq!(encode_path_segment("客户"), "%E5%AE%A2%E6%88%B7");
    assert_eq!(encode_path_segment("a-b.c_d~e"), "a-b.c_d~e");
    assert_eq!(encode_path_segment(".."), "%2E%2E");
    assert_eq!(
        encode_query(&[
            ("a[b]".into(), "x&y=z".into()),
            ("ids[]".into(), "1".into())
        ]),
        "a%5Bb%5D=x%26y%3Dz&ids%5B%5D=1"
    );
    assert!(matches!(to_json(&f64::NAN), Ok(serde_json::Value::Null)));
    let mut m = std::collections::HashMap::new();
    m.insert(vec![1u8], 1);
    assert!(matches!(to_json(&m), Err(Error::Encode(_))));
}

#[tokio::test]
async fn client_throttles_every_attempt() {
    let server = serve(vec![CUSTOMER]).await;
    let c = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .throttle(Throttle::per(2, Duration::from_millis(300)))
        .build()
        .expect("client");
    let start = std::time::Instant::now();
    for _ in 0..3 {
        let _: serde_json::Value = c.send(get("/api/v2/customers/1")).await.expect("ok");
    }
    // The third call waits until the first is 300 ms old (a lower bound only).
    assert!(start.elapsed() >= Duration::from_millis(300));
    assert_eq!(received(&server).await.len(), 3);
}

#[test]
fn futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let c = Client::builder()
        .base_url("http://127.0.0.1:9")
        .token("t")
        .build()
        .expect("client");
    let fut = c.send::<serde_json::Value>(get("/a"));
    assert_send(&fut);
    drop(fut);
    // What generated builders do: own a client clone inside the boxed future.
    let owned = c.clone();
    let boxed: BoxFuture<'static, Result<serde_json::Value>> =
        Box::pin(async move { owned.send(get("/a")).await });
    drop(boxed);
    fn assert_sync<T: Send + Sync + Clone + 'static>() {}
    assert_sync::<Client>();
    assert_sync::<Throttle>();
}

/// The call-center pages declare `ACCESS-TOKEN | true | 授权token(crm提供)` in their
/// 请求头 table: the operation sends that header (a parameter of the call) and not
/// the client's `Authorization`, and needs no login for it.
#[tokio::test]
async fn an_operation_with_its_own_token_header_sends_it_instead_of_authorization() {
    let server = serve(vec![MockRoute {
        method: "GET",
        path: "/api/call_centers/interface/users",
        required_query: &["corp_id"],
        required_body: &[],
        required_headers: &["ACCESS-TOKEN"],
        token_header: Some("ACCESS-TOKEN"),
        response: r#"{"code":0,"data":{"list":[],"total_count":0}}"#,
    }])
    .await;
    // A client that would have to log in first: the call must not try.
    let c = Client::builder()
        .base_url(server.uri())
        .login("13800000000", PASSWORD)
        .throttle(Throttle::off())
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let req = get("/api/call_centers/interface/users")
        .query_pair("corp_id", "ding123")
        .header("ACCESS-TOKEN", "cc-token")
        .own_token_header("ACCESS-TOKEN");
    let data: serde_json::Value = c.send(req).await.expect("ok");
    assert_eq!(data["total_count"], 0);
    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 1, "no login request: {reqs:?}");
    assert_eq!(reqs[0].header("access-token"), Some("cc-token"));
    assert_eq!(reqs[0].header("authorization"), None);

    // The same route without the header is refused by the server.
    let err = c
        .send::<serde_json::Value>(
            get("/api/call_centers/interface/users")
                .query_pair("corp_id", "ding123")
                .own_token_header("ACCESS-TOKEN"),
        )
        .await
        .expect_err("401");
    assert!(matches!(err, Error::Api { code: RELOGIN, .. }), "{err:?}");

    // A header value that cannot be sent is an error before anything is sent.
    let err = c
        .send::<serde_json::Value>(get("/x").header("ACCESS-TOKEN", "a\nb"))
        .await
        .expect_err("invalid header value");
    assert!(matches!(err, Error::Encode(_)), "{err:?}");
    assert_eq!(received(&server).await.len(), 2);
}

/// A query-string token (`AuthScheme::Query`) is replaced in the URL a transport
/// error keeps; other parameters and a key that merely contains the name stay.
#[test]
fn query_token_is_redacted_from_error_urls() {
    let mut url = reqwest::Url::parse(
        "http://127.0.0.1:9/v1/items?page=2&access_token=s3cr%26t&x_access_token=k",
    )
    .unwrap();
    error::redact_query_value(&mut url, "access_token");
    assert_eq!(
        url.as_str(),
        "http://127.0.0.1:9/v1/items?page=2&access_token=REDACTED&x_access_token=k"
    );
    assert!(!url.as_str().contains("s3cr"));
    let mut plain = reqwest::Url::parse("http://h/p?a=1").unwrap();
    error::redact_query_value(&mut plain, "access_token");
    assert_eq!(plain.as_str(), "http://h/p?a=1");
}
