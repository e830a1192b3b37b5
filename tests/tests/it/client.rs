//! The client's behaviour through generated operations and a real HTTP server on
//! 127.0.0.1: error envelopes, decode errors, re-login, retries, throttling,
//! pagination, and keeping the token secret.
//!
//! Waiting is real but short (a second or two at most): the wiremock server answers
//! from its own thread, so Tokio's paused clock would jump past a request's timeout
//! while the answer is on its way. Retry-After, throttle windows and backoffs are
//! therefore scaled down to seconds here; the throttle's own arithmetic is tested on
//! the paused clock in the runtime's unit tests.

use crate::common::*;
use futures_util::{StreamExt, TryStreamExt};
use ikcrm::mock::wiremock::{Request, ResponseTemplate};
use ikcrm::mock::{MockServer, RequestExt};
use ikcrm::{codes, Client, Error, RetryPolicy, Throttle};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use std::time::Instant;

const PASSWORD: &str = "pa55-w0rd!";

async fn answering(body: &'static str) -> MockServer {
    with_handler(move |_| json(200, body)).await
}

// ---------------------------------------------------------------------------------
// Error envelopes and decode errors
// ---------------------------------------------------------------------------------

#[tokio::test]
async fn error_envelope_with_error_member_is_error_api() {
    let server = answering(
        r#"{"code": 100100, "message": "您没有权限查看该对象或该对象不存在。", "error": "active_record/record_not_found"}"#,
    ).await;
    let err = client(&server)
        .contracts()
        .get(15201)
        .await
        .expect_err("not found");
    match &err {
        Error::Api {
            code,
            message,
            error,
            status,
        } => {
            assert_eq!(*code, codes::RECORD_NOT_FOUND);
            assert_eq!(message, "您没有权限查看该对象或该对象不存在。");
            assert_eq!(error.as_deref(), Some("active_record/record_not_found"));
            assert_eq!(*status, 200);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert!(err.is_not_found() && !err.is_auth());
    assert_eq!(err.code(), Some(100100));
}

#[tokio::test]
async fn error_envelope_with_null_data_is_error_api() {
    let server = answering(
        r#"{"code": 100401, "data": null, "message": "你的帐号已在其他地方登录,本地已经下线"}"#,
    )
    .await;
    let err = client(&server)
        .products()
        .list()
        .await
        .expect_err("logged out");
    assert!(
        matches!(&err, Error::Api { code: codes::LOGGED_IN_ELSEWHERE, error: None, message, .. } if message.contains("其他地方登录")),
        "{err:?}"
    );
    assert!(err.is_auth());

    for (body, code) in [
        (
            r#"{"code": 100000, "message": "device参数错误", "error": "invalid_app_error"}"#,
            codes::INVALID_APP,
        ),
        (
            r#"{"code": "100400", "message": "登录已过期", "data": null}"#,
            codes::LOGIN_EXPIRED,
        ),
    ] {
        let server = answering(body).await;
        let err = client(&server)
            .opportunities()
            .get(1)
            .await
            .expect_err("error");
        assert!(
            matches!(err, Error::Api { code: c, .. } if c == code),
            "{body}: {err:?}"
        );
    }
}

#[tokio::test]
async fn non_envelope_http_error_is_error_http() {
    let server = with_handler(|_| json(502, "<html>bad gateway</html>")).await;
    let err = client(&server).events().get(1).await.expect_err("502");
    assert!(
        matches!(&err, Error::Http { status: 502, body } if body.contains("bad gateway")),
        "{err:?}"
    );
}

/// Response fields are lenient (`Field` keeps unexpected shapes), so what cannot
/// decode is a `data` that is not an object where one is required: the error names
/// that JSON path and keeps a snippet of the body.
#[tokio::test]
async fn decode_errors_carry_the_json_path() {
    let server = answering(r#"{"code": 0, "data": "暂无数据"}"#).await;
    let err = client(&server)
        .opportunities()
        .get(1)
        .await
        .expect_err("not an object");
    let Error::Decode { path, snippet, .. } = &err else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert_eq!(path, "data");
    assert!(snippet.contains("暂无数据"), "{snippet:?}");
    assert!(err.to_string().contains("`data`"), "{err}");

    let server = answering(r#"{"code": 0, "data": [{"id": 1}]}"#).await;
    let err = client(&server)
        .contracts()
        .list("customer", 1)
        .await
        .expect_err("a list, not a page");
    assert!(
        matches!(&err, Error::Decode { path, .. } if path == "data"),
        "{err:?}"
    );

    // Not JSON at all.
    let server = answering("<html>oops</html>").await;
    let err = client(&server)
        .opportunities()
        .get(1)
        .await
        .expect_err("not JSON");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

// ---------------------------------------------------------------------------------
// Re-login
// ---------------------------------------------------------------------------------

/// Logins hand out `tok-1`, `tok-2`, …; requests with `tok-1` get 100401 ("logged
/// in elsewhere"), others the documented opportunity.
async fn relogin_server(logins: Arc<AtomicUsize>, rejected: Arc<AtomicUsize>) -> MockServer {
    with_handler(move |req: &Request| {
        if req.url.path() == "/api/v2/auth/login" {
            let n = logins.fetch_add(1, Ordering::SeqCst) + 1;
            return json(200, ok(json!({"user_token": format!("tok-{n}")})));
        }
        let auth = req.header("authorization").unwrap_or_default();
        if auth == "Token token=tok-1, device=open_api, version_code=9.9.9" {
            rejected.fetch_add(1, Ordering::SeqCst);
            return json(
                200,
                r#"{"code":100401,"data":null,"message":"你的帐号已在其他地方登录,本地已经下线"}"#,
            );
        }
        assert_eq!(
            auth,
            "Token token=tok-2, device=open_api, version_code=9.9.9"
        );
        json(200, ok(json!({"id": 13293, "title": "CRM集团版"})))
    })
    .await
}

#[tokio::test]
async fn twenty_concurrent_calls_hitting_100401_log_in_again_once() {
    let logins = Arc::new(AtomicUsize::new(0));
    let rejected = Arc::new(AtomicUsize::new(0));
    let server = relogin_server(logins.clone(), rejected.clone()).await;
    let c = Client::builder()
        .base_url(server.uri())
        .login("13800000000", PASSWORD)
        .corp_id("corp-1")
        .throttle(Throttle::off())
        .build()
        .expect("client");
    let calls = (0..20).map(|_| {
        let c = c.clone();
        async move { c.opportunities().get(13293).await }
    });
    let results = futures_util::future::join_all(calls).await;
    for r in results {
        let opp = r.expect("ok after one re-login");
        assert_eq!(opp.id.get(), Some(&13293));
    }
    assert_eq!(
        logins.load(Ordering::SeqCst),
        2,
        "the first login and exactly one re-login"
    );
    assert_eq!(
        rejected.load(Ordering::SeqCst),
        20,
        "every call first went out with the old token"
    );
    let login_bodies: Vec<_> = received(&server)
        .await
        .into_iter()
        .filter(|r| r.url.path() == "/api/v2/auth/login")
        .collect();
    assert_eq!(
        login_bodies[0].json(),
        Some(
            json!({"login": "13800000000", "password": PASSWORD, "device": "open_api", "version_code": "9.9.9", "corp_id": "corp-1"})
        )
    );
    // Later calls reuse the fresh token.
    c.opportunities().get(13293).await.expect("ok");
    assert_eq!(logins.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_static_token_is_never_refreshed() {
    let logins = Arc::new(AtomicUsize::new(0));
    let rejected = Arc::new(AtomicUsize::new(0));
    let server = relogin_server(logins.clone(), rejected.clone()).await;
    let c = Client::builder()
        .base_url(server.uri())
        .token("tok-1")
        .throttle(Throttle::off())
        .build()
        .expect("client");
    let err = c.opportunities().get(1).await.expect_err("expired");
    assert_eq!(err.code(), Some(codes::LOGGED_IN_ELSEWHERE));
    assert!(err.is_auth(), "{err:?}");
    assert_eq!(logins.load(Ordering::SeqCst), 0);
}

// ---------------------------------------------------------------------------------
// Retries (virtual time)
// ---------------------------------------------------------------------------------

/// Answers `first` to the first request, the documented opportunity afterwards.
async fn flaky(first: ResponseTemplate, calls: Arc<AtomicUsize>) -> MockServer {
    with_handler(move |_| {
        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
            first.clone()
        } else {
            json(200, ok(json!({"id": 13293})))
        }
    })
    .await
}

/// Default retry policy except a one-hour backoff: a retry that happens sooner
/// than that used `Retry-After`.
fn hour_backoff_client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .throttle(Throttle::off())
        .retry(
            RetryPolicy::default()
                .base_delay(Duration::from_secs(3600))
                .max_delay(Duration::from_secs(3600)),
        )
        .build()
        .expect("client")
}

#[tokio::test]
async fn retries_429_after_retry_after_seconds() {
    let calls = Arc::new(AtomicUsize::new(0));
    let server = flaky(
        json(429, "Too Many Requests").insert_header("Retry-After", "1"),
        calls.clone(),
    )
    .await;
    let start = Instant::now();
    let opp = hour_backoff_client(&server)
        .opportunities()
        .get(13293)
        .await
        .expect("ok after a retry");
    assert_eq!(opp.id.get(), Some(&13293));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let waited = start.elapsed();
    assert!(waited >= Duration::from_secs(1), "waited {waited:?}");
    assert!(
        waited < Duration::from_secs(3600),
        "used the backoff instead of Retry-After: {waited:?}"
    );
}

#[tokio::test]
async fn retries_503_after_retry_after_http_date() {
    let calls = Arc::new(AtomicUsize::new(0));
    let when = std::time::SystemTime::now() + Duration::from_secs(2);
    let date = httpdate(when);
    let server = flaky(
        json(503, "unavailable").insert_header("Retry-After", date),
        calls.clone(),
    )
    .await;
    let start = Instant::now();
    hour_backoff_client(&server)
        .opportunities()
        .get(13293)
        .await
        .expect("ok after a retry");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(3600),
        "waited {waited:?}"
    );
}

#[tokio::test]
async fn post_is_not_retried_by_default_but_get_and_put_are() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let server = with_handler(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
        json(503, "busy").insert_header("Retry-After", "0")
    })
    .await;
    let c = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .throttle(Throttle::off())
        .build()
        .expect("client");

    let err = c
        .contracts()
        .create("t", "sn", 1, "2024-01-01", "2024-12-31")
        .await
        .expect_err("503");
    assert!(matches!(err, Error::Http { status: 503, .. }), "{err:?}");
    assert_eq!(calls.swap(0, Ordering::SeqCst), 1, "POST: one attempt");

    let _ = c.opportunities().get(1).await.expect_err("503");
    assert_eq!(calls.swap(0, Ordering::SeqCst), 3, "GET: three attempts");

    let _ = c.opportunities().update(1, "t", 2).await.expect_err("503");
    assert_eq!(calls.swap(0, Ordering::SeqCst), 3, "PUT: three attempts");

    let retrying = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .throttle(Throttle::off())
        .retry(RetryPolicy::default().retry_post(true))
        .build()
        .expect("client");
    let _ = retrying
        .revisit_logs()
        .create(1, "Customer")
        .await
        .expect_err("503");
    assert_eq!(
        calls.load(Ordering::SeqCst),
        3,
        "POST with retry_post(true)"
    );
}

// ---------------------------------------------------------------------------------
// Throttle (real time, a 1 s window)
// ---------------------------------------------------------------------------------

/// The default throttle is the API's limit, 10 calls per 10 s. Through the client,
/// against a server that answers at once, the 11th call starts a window after the
/// first (here 10 per 1 s, to keep the test short).
#[tokio::test]
async fn eleven_calls_take_at_least_one_window() {
    let server = ikcrm::mock::start().await;
    let default = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .build()
        .expect("client");
    assert!(
        format!("{default:?}").contains("Throttle::per(10, 10s)"),
        "{default:?}"
    );
    let c = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .throttle(Throttle::per(10, Duration::from_secs(1)))
        .build()
        .expect("client");
    let start = Instant::now();
    for _ in 0..10 {
        c.opportunities().get(13293).await.expect("ok");
    }
    let ten = start.elapsed();
    assert!(
        ten < Duration::from_secs(1),
        "the first 10 calls are not throttled: {ten:?}"
    );
    c.opportunities().get(13293).await.expect("ok");
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(received(&server).await.len(), 11);
}

/// Clones share one throttle: 11 concurrent calls from clones still take a window.
#[tokio::test]
async fn clones_share_the_throttle() {
    let server = ikcrm::mock::start().await;
    let c = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .throttle(Throttle::per(10, Duration::from_secs(1)))
        .build()
        .expect("client");
    let start = Instant::now();
    let calls = (0..11).map(|_| {
        let c = c.clone();
        async move { c.contracts().get(15201).await }
    });
    for r in futures_util::future::join_all(calls).await {
        r.expect("ok");
    }
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
}

// ---------------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------------

/// `GET /api/v2/contracts`: 5 contracts, 2 per page.
async fn contracts_server() -> MockServer {
    contracts_server_failing_on(None).await
}

/// [`contracts_server`], answering page `fail_on` with ikcrm's "no such record"
/// (`codes::RECORD_NOT_FOUND`).
async fn contracts_server_failing_on(fail_on: Option<u64>) -> MockServer {
    with_handler(move |req: &Request| {
        assert!(RequestExt::header(req, "authorization") == Some(AUTHORIZATION));
        let q = req.query_pairs();
        let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let page: u64 = get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
        if Some(page) == fail_on {
            return json(
                200,
                r#"{"code":100100,"message":"您没有权限查看该对象或该对象不存在。"}"#,
            );
        }
        let ids: Vec<u64> = (1..=5u64).filter(|i| (i - 1) / 2 + 1 == page).collect();
        let items: Vec<_> = ids
            .iter()
            .map(|i| json!({"id": i, "title": format!("合同{i}"), "total_amount": "100.0"}))
            .collect();
        json(
            200,
            ok(json!({"contracts": items, "total_count": 5, "per_page": 2, "page": page})),
        )
    })
    .await
}

#[tokio::test]
async fn stream_walks_three_pages_lazily() {
    let server = contracts_server().await;
    let c = client(&server);
    let ids: Vec<i64> = c
        .contracts()
        .list("customer", 831)
        .per_page(2)
        .stream()
        .map_ok(|contract| *contract.id.get().expect("id"))
        .try_collect()
        .await
        .expect("all pages");
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 3);
    for (i, r) in reqs.iter().enumerate() {
        let page = (i + 1).to_string();
        assert_eq!(
            r.query_pairs(),
            [
                ("page", page.as_str()),
                ("per_page", "2"),
                ("entity", "customer"),
                ("entity_id", "831")
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
    }

    // Lazy: taking two items fetches one page.
    let server = contracts_server().await;
    let first_two: Vec<_> = client(&server)
        .contracts()
        .list("customer", 831)
        .stream()
        .take(2)
        .collect()
        .await;
    assert_eq!(first_two.len(), 2);
    assert_eq!(received(&server).await.len(), 1);

    // Starting page.
    let server = contracts_server().await;
    let rest: Vec<_> = client(&server)
        .contracts()
        .list("customer", 831)
        .page(2)
        .stream()
        .try_collect()
        .await
        .expect("ok");
    assert_eq!(rest.len(), 3);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_page_has_items_total_count_page_and_per_page() {
    use ikcrm::Paginated;
    let server = contracts_server().await;
    let page = client(&server)
        .contracts()
        .list("customer", 831)
        .page(3)
        .await
        .expect("ok");
    assert_eq!(page.total_count.get(), Some(&5));
    assert_eq!(page.page.get(), Some(&3));
    assert_eq!(page.per_page.get(), Some(&2));
    assert_eq!(
        (page.total_count(), page.page(), page.per_page()),
        (Some(5), Some(3), Some(2))
    );
    let items = page.into_items();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].title.get().map(String::as_str), Some("合同5"));
}

#[tokio::test]
async fn a_stream_yields_an_error_once_then_ends() {
    let server =
        answering(r#"{"code": 100401, "data": null, "message": "你的帐号已在其他地方登录"}"#).await;
    let items: Vec<_> = client(&server).products().list().stream().collect().await;
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].as_ref().err().and_then(Error::code),
        Some(codes::LOGGED_IN_ELSEWHERE)
    );

    // An error after items: the items of the first page, the error once, then the
    // end (no request for a third page).
    let server = contracts_server_failing_on(Some(2)).await;
    let items: Vec<_> = client(&server)
        .contracts()
        .list("customer", 831)
        .per_page(2)
        .stream()
        .collect()
        .await;
    assert_eq!(items.len(), 3, "{items:?}");
    let ids: Vec<_> = items[..2]
        .iter()
        .map(|r| r.as_ref().ok().and_then(|c| c.id.get().copied()))
        .collect();
    assert_eq!(ids, [Some(1), Some(2)]);
    let err = items[2].as_ref().expect_err("page 2 fails");
    assert_eq!(err.code(), Some(codes::RECORD_NOT_FOUND), "{err:?}");
    assert_eq!(received(&server).await.len(), 2);
}

// ---------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------

#[tokio::test]
async fn the_token_never_appears_in_debug_output_or_errors() {
    let server = answering(
        r#"{"code": 100100, "message": "not found", "error": "active_record/record_not_found"}"#,
    )
    .await;
    let c = client(&server);
    let mut shown = vec![
        format!("{c:?}"),
        format!(
            "{:?}",
            Client::builder()
                .base_url("http://127.0.0.1:1")
                .token(TOKEN)
        ),
        format!("{:?}", c.opportunities()),
        format!("{:?}", c.opportunities().update(1, "t", 2).note("n")),
        format!("{:?}", c.contracts().list("customer", 1)),
    ];
    let err = c.opportunities().get(1).await.expect_err("api error");
    shown.push(format!("{err} {err:?}"));

    // A transport error (nothing listens on the port).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let dead = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .token(TOKEN)
        .retry(RetryPolicy::none())
        .throttle(Throttle::off())
        .build()
        .expect("client");
    let err = dead.opportunities().get(1).await.expect_err("refused");
    shown.push(format!(
        "{err} {err:?} {:?}",
        std::error::Error::source(&err)
    ));

    // A failed login, with the password.
    let login = Client::builder()
        .base_url(server.uri())
        .login("u", PASSWORD)
        .throttle(Throttle::off())
        .build()
        .expect("client");
    shown.push(format!("{login:?}"));
    let err = login.opportunities().get(1).await.expect_err("login fails");
    assert!(matches!(err, Error::Login(_)), "{err:?}");
    shown.push(format!("{err} {err:?}"));

    for s in &shown {
        assert!(!s.contains(TOKEN), "the token leaked: {s}");
        assert!(!s.contains(PASSWORD), "the password leaked: {s}");
    }
    assert!(shown[0].contains("***"), "{}", shown[0]);
}

/// An HTTP-date (`Sun, 06 Nov 1994 08:49:37 GMT`) for `Retry-After`.
fn httpdate(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let (days, rem) = (secs / 86400, secs % 86400);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    // Civil from days (Howard Hinnant's algorithm).
    let z = days as i64 + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    let wd = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    let mon = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(mo - 1) as usize];
    format!("{wd}, {d:02} {mon} {y} {h:02}:{m:02}:{s:02} GMT")
}

// ---------------------------------------------------------------------------------
// Redirects: nothing leaves the base URL's origin (issue 10)
// ---------------------------------------------------------------------------------

/// Records every request and answers success: the "other origin" of the redirect
/// tests, which must never see a request.
async fn other_origin() -> MockServer {
    answering(r#"{"code": 0, "data": {"user_token": "stolen", "id": 1}}"#).await
}

/// The calls a redirect is tried on: GET with the token header, PUT and POST with a
/// body, and the login (its body holds the password).
#[derive(Clone, Copy, Debug)]
enum Call {
    Get,
    Put,
    Post,
    Login,
}

async fn make_call(base: &str, call: Call) -> Result<(), Error> {
    let builder = Client::builder()
        .base_url(base)
        .throttle(Throttle::off())
        .retry(RetryPolicy::none());
    let c = match call {
        Call::Login => builder.login("13800000000", PASSWORD),
        _ => builder.token(TOKEN),
    }
    .build()
    .expect("client");
    match call {
        Call::Get | Call::Login => c.opportunities().get(1).await.map(drop),
        Call::Put => c.opportunities().update(1, "新标题", 2).await.map(drop),
        Call::Post => c
            .contracts()
            .create("t", "sn", 1, "2024-01-01", "2024-12-31")
            .await
            .map(drop),
    }
}

/// Every redirect status, on every kind of call, to another port, another host name
/// and another scheme: the client stops with `Error::Redirect` naming the target, and
/// the target receives nothing (no body, no token, no password).
#[tokio::test]
async fn no_redirect_ever_reaches_another_origin() {
    for status in [301u16, 302, 303, 307, 308] {
        for call in [Call::Get, Call::Put, Call::Post, Call::Login] {
            let other = other_origin().await;
            let port = other.address().port();
            for target in [
                format!("http://127.0.0.1:{port}/api/v2/opportunities/1"),
                format!("http://localhost:{port}/api/v2/opportunities/1"),
                format!("https://127.0.0.1:{port}/api/v2/opportunities/1"),
            ] {
                let location = target.clone();
                let origin = with_handler(move |_| {
                    json(status, "{}").insert_header("Location", location.clone())
                })
                .await;
                let err = make_call(&origin.uri(), call)
                    .await
                    .expect_err("a refused redirect");
                let case = format!("{status} {call:?} -> {target}");
                let inner = match &err {
                    Error::Login(inner) => inner.as_ref(),
                    other => other,
                };
                let Error::Redirect {
                    status: s,
                    location,
                    login,
                } = inner
                else {
                    panic!("{case}: expected Error::Redirect, got {err:?}");
                };
                assert_eq!((*s, location.as_str()), (status, target.as_str()), "{case}");
                assert_eq!(*login, matches!(call, Call::Login), "{case}");
                assert!(matches!(call, Call::Login) == matches!(err, Error::Login(_)));
                let shown = err.to_string();
                let host = target.split('/').take(3).collect::<Vec<_>>().join("/");
                assert!(shown.contains(&host), "{case}: {shown}");
                assert!(
                    !shown.contains(PASSWORD) && !shown.contains(TOKEN),
                    "{shown}"
                );
                assert_eq!(
                    received(&origin).await.len(),
                    1,
                    "{case}: one request to the base"
                );
            }
            let reached = received(&other).await;
            assert!(
                reached.is_empty(),
                "{status} {call:?}: the other origin was reached: {reached:?}"
            );
        }
    }
}

/// A redirect within the base URL's origin is followed (with the token); the login
/// follows none at all, not even on its own origin.
#[tokio::test]
async fn same_origin_redirects_are_followed_except_for_the_login() {
    let server = with_handler(|req: &Request| match req.url.path() {
        "/api/v2/opportunities/1" => {
            json(307, "{}").insert_header("Location", "/api/v2/opportunities/2")
        }
        "/api/v2/auth/login" => json(307, "{}").insert_header("Location", "/api/v2/auth/login2"),
        _ => json(200, ok(json!({"id": 2, "user_token": "t"}))),
    })
    .await;
    let opp = client(&server)
        .opportunities()
        .get(1)
        .await
        .expect("followed");
    assert_eq!(opp.id.get(), Some(&2));
    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[1].url.path(), "/api/v2/opportunities/2");
    assert_eq!(reqs[1].header("authorization"), Some(AUTHORIZATION));

    let login = Client::builder()
        .base_url(server.uri())
        .login("u", PASSWORD)
        .throttle(Throttle::off())
        .build()
        .expect("client");
    let err = login.opportunities().get(1).await.expect_err("no redirect");
    assert!(
        matches!(&err, Error::Login(inner) if matches!(**inner, Error::Redirect { status: 307, login: true, .. })),
        "{err:?}"
    );
    assert_eq!(received(&server).await.len(), 3, "login2 was never asked");
}

// ---------------------------------------------------------------------------------
// Path parameters cannot change the endpoint (issue 10)
// ---------------------------------------------------------------------------------

/// Every kind of segment value, through the function generated builders call and the
/// client's send: the server sees exactly the template's segments with the value
/// decoding back to itself, or (for `.`, `..`, `""`) nothing is sent and the error
/// names the parameter.
#[tokio::test]
async fn a_path_parameter_never_changes_the_endpoint() {
    use ikcrm::runtime::{encode_path_segment, ApiRequest};
    let server = answering(r#"{"code": 0, "data": {}}"#).await;
    let c = client(&server);
    let sent = [
        "/",
        "a/b",
        "?",
        "a?b=c",
        "#",
        "x#y",
        "%2e%2e",
        "%2E%2E",
        ".%2e",
        "...",
        "..a",
        "\r\n",
        "a\r\nX-Injected: 1",
        "\0",
        "\t",
        "\\",
        "..\\..",
        " ",
        "%",
        "%00",
        "客户/合同",
        "励销云",
        "a;b",
        "@evil.example",
        "http://evil.example/",
    ];
    for value in sent {
        let req = ApiRequest::new(
            reqwest::Method::GET,
            "items.detail",
            "/api/v2/items/:name/detail",
            format!("/api/v2/items/{}/detail", encode_path_segment(value)),
        );
        let before = received(&server).await.len();
        c.send::<serde_json::Value>(req)
            .await
            .unwrap_or_else(|e| panic!("{value:?}: {e}"));
        let reqs = received(&server).await;
        assert_eq!(reqs.len(), before + 1, "{value:?}");
        let path = reqs[before].url.path();
        let segments: Vec<&str> = path.split('/').collect();
        assert_eq!(segments.len(), 6, "{value:?} moved the path: {path}");
        assert_eq!(
            [
                segments[0],
                segments[1],
                segments[2],
                segments[3],
                segments[5]
            ],
            ["", "api", "v2", "items", "detail"],
            "{value:?}: {path}"
        );
        let decoded = percent_decode(segments[4]);
        assert_eq!(decoded, value, "{value:?}: {path}");
        assert!(reqs[before].url.query().is_none(), "{value:?}: {path}");
    }
    for value in [".", "..", ""] {
        let req = ApiRequest::new(
            reqwest::Method::GET,
            "items.detail",
            "/api/v2/items/:name/detail",
            format!("/api/v2/items/{}/detail", encode_path_segment(value)),
        );
        let before = received(&server).await.len();
        let err = c.send::<serde_json::Value>(req).await.expect_err("refused");
        assert!(
            matches!(&err, Error::InvalidPath { parameter: Some(p), value: v, operation, .. }
                if p == "name" && v == value && operation == "items.detail"),
            "{value:?}: {err:?}"
        );
        assert!(err.to_string().contains("`name`"), "{err}");
        assert_eq!(received(&server).await.len(), before, "{value:?} was sent");
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

// ---------------------------------------------------------------------------------
// The throttle counts arrivals at the server (issue 10)
// ---------------------------------------------------------------------------------

/// A server that reads each request only after a delay chosen by its arrival rank
/// (like a proxy queue in front of the API) and records when it read it.
struct ArrivalServer {
    addr: std::net::SocketAddr,
    arrivals: Arc<std::sync::Mutex<Vec<std::time::Instant>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for ArrivalServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl ArrivalServer {
    async fn start(delay: fn(usize) -> Duration) -> ArrivalServer {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let arrivals = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = arrivals.clone();
        let accepted = Arc::new(AtomicUsize::new(0));
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    continue;
                };
                let (log, rank) = (log.clone(), accepted.fetch_add(1, Ordering::SeqCst));
                tokio::spawn(async move {
                    tokio::time::sleep(delay(rank)).await;
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    log.lock().expect("log").push(std::time::Instant::now());
                    let body = r#"{"code":0,"data":{"id":1}}"#;
                    let resp = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.write_all(resp.as_bytes()).await;
                });
            }
        });
        ArrivalServer {
            addr,
            arrivals,
            task,
        }
    }

    fn arrivals(&self) -> Vec<std::time::Instant> {
        let mut a = self.arrivals.lock().expect("log").clone();
        a.sort();
        a
    }
}

/// 25 concurrent calls through `Throttle::per(10, 400 ms)`; the server reads the first
/// ten requests 250 ms late. Counted where the server counts, no 11 arrivals may fall
/// in any 400 ms. (A throttle that counts departures lets the second ten, sent at
/// 400 ms, arrive within 150 ms of the delayed first ten: 20 in one window.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_more_than_n_arrivals_in_any_window_whatever_the_latency() {
    const WINDOW: Duration = Duration::from_millis(400);
    let server = ArrivalServer::start(|rank| {
        if rank < 10 {
            Duration::from_millis(250)
        } else {
            Duration::ZERO
        }
    })
    .await;
    let c = Client::builder()
        .base_url(format!("http://{}", server.addr))
        .token(TOKEN)
        .throttle(Throttle::per(10, WINDOW))
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let calls = (0..25).map(|_| {
        let c = c.clone();
        async move { c.opportunities().get(1).await }
    });
    for r in futures_util::future::join_all(calls).await {
        r.expect("ok");
    }
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 25);
    for (i, group) in arrivals.windows(11).enumerate() {
        let span = group[10] - group[0];
        assert!(
            span >= WINDOW,
            "arrivals {i}..={}: 11 requests within {span:?} < {WINDOW:?}",
            i + 10
        );
    }
}

// ---------------------------------------------------------------------------------
// Errors print capped URLs and bodies, and name their cause (issues 10 and 15)
// ---------------------------------------------------------------------------------

/// A 9 MB query string: the error's `Display` (and every source's) stays short and
/// names the cause; the full URL is still there through `url()`.
#[tokio::test]
async fn a_huge_url_or_body_does_not_make_a_huge_error_message() {
    use ikcrm::runtime::error::DISPLAY_LIMIT;
    let big = "x".repeat(9 * 1024 * 1024);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let dead = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .token(TOKEN)
        .retry(RetryPolicy::none())
        .throttle(Throttle::off())
        .build()
        .expect("client");
    let err = dead
        .raw(reqwest::Method::GET, "/api/v2/opportunities")
        .query("q", &big)
        .send::<serde_json::Value>()
        .await
        .expect_err("refused");
    // (hyper refuses a URI this long before connecting.)
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let shown = err.to_string();
    assert!(shown.len() < 2 * DISPLAY_LIMIT, "{} bytes", shown.len());
    assert!(
        shown.contains(&format!(
            "http://127.0.0.1:{port}/api/v2/opportunities?q=xxx"
        )),
        "{shown}"
    );
    assert!(format!("{err:?}").len() < 4 * DISPLAY_LIMIT);
    let mut source = std::error::Error::source(&err);
    while let Some(s) = source {
        assert!(s.to_string().len() < DISPLAY_LIMIT, "{s}");
        source = s.source();
    }
    assert!(err.url().expect("url").len() > big.len());

    // A shorter one reaches the socket: the message names the cause.
    let err = dead
        .raw(reqwest::Method::GET, "/api/v2/opportunities")
        .query("q", "x".repeat(10_000))
        .send::<serde_json::Value>()
        .await
        .expect_err("refused");
    let shown = err.to_string();
    assert!(shown.len() < 2 * DISPLAY_LIMIT, "{} bytes", shown.len());
    assert!(
        shown.starts_with(&format!("cannot connect to http://127.0.0.1:{port}/")),
        "{shown}"
    );
    assert!(shown.ends_with("(connection refused)"), "{shown}");

    // Server-sent text: a 9 MB error message and a 9 MB non-envelope body.
    let message = "错".repeat(3 * 1024 * 1024);
    let envelope = json!({"code": 100100, "message": message, "error": "x"}).to_string();
    let server = with_handler(move |req: &Request| {
        if req.url.path().ends_with("/1") {
            json(200, envelope.clone())
        } else {
            json(500, "<html>".repeat(1_500_000))
        }
    })
    .await;
    let c = client(&server);
    let err = c.opportunities().get(1).await.expect_err("api error");
    assert!(
        err.to_string().len() < 2 * DISPLAY_LIMIT,
        "{}",
        err.to_string().len()
    );
    assert!(matches!(&err, Error::Api { message: m, .. } if *m == message));
    let err = c.opportunities().get(2).await.expect_err("http error");
    assert!(err.to_string().len() < 2 * DISPLAY_LIMIT);
    assert!(matches!(&err, Error::Http { body, .. } if body.len() == 9_000_000));
}

// ---------------------------------------------------------------------------------
// The escape hatch: raw calls (issue 11)
// ---------------------------------------------------------------------------------

/// A raw call sends the method, path, query and token like an operation, and decodes
/// `data` into any `Deserialize` type.
#[tokio::test]
async fn a_raw_call_sends_what_it_says_and_unwraps_the_envelope() {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct FieldMap {
        name: String,
        label: String,
    }
    let server = answering(
        r#"{"code": 0, "data": [{"name": "title", "label": "商机名称"}, {"name": "amount", "label": "金额"}]}"#,
    ).await;
    let c = client(&server);
    let maps: Vec<FieldMap> = c
        .raw(reqwest::Method::GET, "/api/v2/field_maps/opportunity")
        .query("page", 2)
        .query("q", "王 府&井")
        .query_value("filter", &json!({"stage": ["1", "2"]}))
        .send()
        .await
        .expect("ok");
    assert_eq!(maps[1].label, "金额");
    let req = only_request(&server).await;
    assert_eq!(req.method, "GET");
    assert_eq!(req.url.path(), "/api/v2/field_maps/opportunity");
    assert_eq!(
        req.url.query().unwrap_or(""),
        "page=2&q=%E7%8E%8B%20%E5%BA%9C%26%E4%BA%95&filter%5Bstage%5D%5B%5D=1&filter%5Bstage%5D%5B%5D=2"
    );
    assert_eq!(req.header("authorization"), Some(AUTHORIZATION));
    assert_eq!(req.text(), "");

    // The same call as a plain JSON value.
    let server = answering(r#"{"code": 0, "data": {"a": [1, "2"]}}"#).await;
    let v: serde_json::Value = client(&server)
        .raw(reqwest::Method::GET, "/api/v2/anything")
        .send()
        .await
        .expect("ok");
    assert_eq!(v, json!({"a": [1, "2"]}));
}

#[tokio::test]
async fn a_raw_call_sends_json_or_form_bodies() {
    let server = answering(r#"{"code": 0, "data": null}"#).await;
    let c = client(&server);
    let body = json!({"customer": {"name": "励销 云", "tags": ["a", "b"]}, "n": 1});
    let _: Option<serde_json::Value> = c
        .raw(reqwest::Method::POST, "/api/v2/customers")
        .json(&body)
        .send()
        .await
        .expect("ok");
    let _: Option<serde_json::Value> = c
        .raw(reqwest::Method::PUT, "/api/v2/customers/1")
        .form(&body)
        .send()
        .await
        .expect("ok");
    let reqs = received(&server).await;
    assert_eq!(reqs[0].header("content-type"), Some("application/json"));
    assert_eq!(reqs[0].json(), Some(body));
    assert_eq!(
        reqs[1].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        reqs[1].text(),
        "customer%5Bname%5D=%E5%8A%B1%E9%94%80%20%E4%BA%91&customer%5Btags%5D%5B%5D=a&customer%5Btags%5D%5B%5D=b&n=1"
    );
    let err = c
        .raw(reqwest::Method::POST, "/api/v2/customers")
        .form(&[1, 2])
        .send::<serde_json::Value>()
        .await
        .expect_err("not an object");
    assert!(matches!(err, Error::Encode(_)), "{err:?}");
    assert_eq!(received(&server).await.len(), 2);
}

/// A raw call gets the typed errors, the retries and the throttle of the client.
#[tokio::test]
async fn a_raw_call_has_typed_errors_retries_and_the_throttle() {
    let server = answering(
        r#"{"code": 100100, "message": "您没有权限查看该对象或该对象不存在。", "error": "active_record/record_not_found"}"#,
    ).await;
    let err = client(&server)
        .raw(reqwest::Method::GET, "/api/v2/field_maps/opportunity")
        .send::<serde_json::Value>()
        .await
        .expect_err("api error");
    assert!(err.is_not_found(), "{err:?}");

    let calls = Arc::new(AtomicUsize::new(0));
    let server = flaky(
        json(503, "busy").insert_header("Retry-After", "1"),
        calls.clone(),
    )
    .await;
    let c = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .throttle(Throttle::per(1, Duration::from_secs(2)))
        .build()
        .expect("client");
    let start = Instant::now();
    let v: serde_json::Value = c
        .raw(reqwest::Method::GET, "/api/v2/x")
        .send()
        .await
        .expect("ok after a retry");
    assert_eq!(v, json!({"id": 13293}));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    // The retry waited for the throttle's slot (2 s + 1%), not only Retry-After (1 s).
    assert!(
        start.elapsed() >= Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

/// A raw path cannot leave the base URL or climb out of it.
#[tokio::test]
async fn a_raw_path_is_checked_before_sending() {
    let server = answering(r#"{"code": 0, "data": {}}"#).await;
    let c = client(&server);
    for path in [
        "/api/v2/../v1/users",
        "/api/v2/%2e%2E/x",
        "/api/v2/./x",
        "//evil.example/x",
        "http://evil.example/x",
        "/api/v2/x?y=1",
        "/api/v2/x#y",
        "/api\\..\\x",
        "/api/v2/x\r\nHost: evil",
    ] {
        let err = c
            .raw(reqwest::Method::GET, path)
            .send::<serde_json::Value>()
            .await
            .expect_err(path);
        assert!(
            matches!(&err, Error::InvalidPath { operation, parameter: None, .. } if operation == "raw"),
            "{path:?}: {err:?}"
        );
    }
    assert!(received(&server).await.is_empty());
    // A trailing slash and a relative path are fine.
    for path in ["/api/v2/x/", "api/v2/x"] {
        let _: serde_json::Value = c.raw(reqwest::Method::GET, path).send().await.expect(path);
    }
    let paths: Vec<_> = received(&server)
        .await
        .into_iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(paths, ["/api/v2/x/", "/api/v2/x"]);
}

// ---------------------------------------------------------------------------------
// Reading data like plain Rust (issue 15)
// ---------------------------------------------------------------------------------

/// An opportunity with per-company custom fields of each kind, as the API sends them.
const OPPORTUNITY_WITH_CUSTOM_FIELDS: &str = r#"{"code": 0, "data": {
    "id": 13293, "title": "CRM集团版", "note": "",
    "text_asset_8b1eeedd": "合同-17", "text_asset_120487e4": "",
    "numeric_asset_e0a85b": "20000.0", "numeric_asset_3608bb87": 12.5,
    "numeric_asset_0ded5846": null,
    "datetime_asset_79db302a": "2019-02-13 15:24", "datetime_asset_0f24ba6d": "",
    "text_asset_1ca6ef": ["3511", "3512"], "text_asset_1ca6ef_display": "高,中"
}}"#;

/// Custom fields read by key with their types: text, exact number, date, and what the
/// CRM displays (the `_display` companion of a select field).
#[tokio::test]
async fn custom_fields_have_typed_reads() {
    let server = answering(OPPORTUNITY_WITH_CUSTOM_FIELDS).await;
    let opp = client(&server)
        .opportunities()
        .get(13293)
        .await
        .expect("ok");
    let cf = &opp.custom_fields;
    assert_eq!(cf.text("text_asset_8b1eeedd"), Some("合同-17"));
    assert_eq!(cf.text("text_asset_120487e4"), Some(""));
    assert_eq!(cf.text("numeric_asset_e0a85b"), Some("20000.0"));
    assert_eq!(cf.text("text_asset_1ca6ef"), None, "a list is not text");
    assert_eq!(cf.text("text_asset_00000000"), None);
    let amount = cf.number("numeric_asset_e0a85b").expect("number");
    assert_eq!(amount.value(), ikcrm::rust_decimal::Decimal::new(20000, 0));
    assert_eq!(amount.to_string(), "20000.0");
    assert_eq!(
        cf.number("numeric_asset_3608bb87").map(|d| d.value()),
        Some(ikcrm::rust_decimal::Decimal::new(125, 1))
    );
    assert_eq!(cf.number("numeric_asset_0ded5846"), None);
    assert_eq!(cf.number("text_asset_8b1eeedd"), None);
    let date = cf.date("datetime_asset_79db302a").expect("date");
    let parsed: ikcrm::chrono::DateTime<ikcrm::chrono::FixedOffset> = date.parse().expect("parses");
    assert_eq!(parsed.to_rfc3339(), "2019-02-13T15:24:00+08:00");
    assert_eq!(cf.date("datetime_asset_0f24ba6d"), None);
    assert_eq!(cf.date("text_asset_8b1eeedd"), None);
    assert_eq!(cf.display("text_asset_1ca6ef"), Some("高,中"));
    assert_eq!(cf.display("text_asset_8b1eeedd"), Some("合同-17"));
    // Still the map it was, for the round trip.
    assert_eq!(cf.len(), 9);
}

/// `""` in a text field is the empty text, not "missing"; text fields read as `&str`;
/// `Debug` of a field names its state.
#[tokio::test]
async fn text_fields_read_as_str_and_empty_text_is_text() {
    let server = answering(OPPORTUNITY_WITH_CUSTOM_FIELDS).await;
    let opp = client(&server)
        .opportunities()
        .get(13293)
        .await
        .expect("ok");
    assert_eq!(opp.title.as_deref().unwrap_or("(no title)"), "CRM集团版");
    assert_eq!(
        opp.note.as_deref(),
        Some(""),
        "the note is empty, not missing"
    );
    assert!(opp.customer_requirement.is_absent());
    // Accessors read like plain Rust; `Field` stays for the lossless view.
    let title: Option<&str> = opp.title();
    assert_eq!(title.unwrap_or("(no title)"), "CRM集团版");
    assert_eq!(opp.id(), Some(13293));
    assert_eq!(opp.note(), Some(""));
    assert_eq!(opp.customer_requirement(), None);
    assert!(opp.customer().is_none());
    assert!(opp.expect_amount().is_none());
    let _: ikcrm::api::opportunities::GetOpportunity = client(&server).opportunities().get(1);
    assert_eq!(opp.customer_requirement.as_deref(), None);
    let shown = format!("{opp:?}");
    assert!(shown.contains(r#"title: Value("CRM集团版")"#), "{shown}");
    assert!(shown.contains("customer: Absent"), "{shown}");
    assert!(
        !shown.contains("Some(") && !shown.contains("None"),
        "{shown}"
    );
    // Lossless as before: `""` goes back out as `""`.
    assert_eq!(
        serde_json::to_value(&opp).expect("encode")["note"],
        json!("")
    );
}

/// The README's snippet, inside a function returning `ikcrm::Result`, with nothing but
/// `ikcrm` imported: `"20000.0".parse()?` converts its error, the stream trait is
/// re-exported.
async fn readme_snippet(client: &Client) -> ikcrm::Result<usize> {
    use ikcrm::TryStreamExt;
    let opp = client.opportunities().get(13293).await?;
    let _ = opp.title.as_deref().unwrap_or("(no title)");
    let _ = client
        .opportunities()
        .update(568587, "新标题", 1522636)
        .expect_amount("20000.0".parse()?)
        .send()
        .await?;
    let mut contracts = client.contracts().list("customer", 831).stream();
    let mut n = 0;
    while let Some(_contract) = contracts.try_next().await? {
        n += 1;
    }
    let _: ikcrm::Decimal = "20,000".parse()?; // fails: the error converts
    Ok(n)
}

#[tokio::test]
async fn the_readme_snippet_compiles_and_runs_against_the_mock() {
    let server = ikcrm::mock::start().await;
    let err = readme_snippet(&client(&server)).await.expect_err("20,000");
    assert!(matches!(err, Error::InvalidDecimal(_)), "{err:?}");
    assert_eq!(
        received(&server).await.len(),
        3,
        "get, update, one page of contracts"
    );
}

/// A transport error says why: `https://` to a server that answers in plain HTTP is a
/// TLS handshake failure, not just "error sending request".
#[tokio::test]
async fn a_tls_failure_is_named() {
    use tokio::io::AsyncWriteExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let _ = stream
                .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                .await;
        }
    });
    let c = Client::builder()
        .base_url(format!("https://{addr}"))
        .token(TOKEN)
        .retry(RetryPolicy::none())
        .throttle(Throttle::off())
        .build()
        .expect("client");
    let err = c.opportunities().get(1).await.expect_err("not TLS");
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("cannot connect to https://{addr}/")),
        "{shown}"
    );
    assert!(shown.contains("(TLS handshake failed: "), "{shown}");
    let Error::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert!(t.is_connect() && t.cause().starts_with("TLS"), "{t:?}");
    server.abort();
}

// ---------------------------------------------------------------------------------
// Custom fields by label
// ---------------------------------------------------------------------------------

/// `client.custom_fields().catalog()` on the wire, against the mock serving the
/// by_group_all page's own example: keys are found by the label the company gave.
#[tokio::test]
async fn custom_field_keys_are_found_by_their_label() {
    let server = ikcrm::mock::start().await;
    let catalog = client(&server)
        .custom_fields()
        .catalog()
        .await
        .expect("catalog");
    let req = only_request(&server).await;
    assert_eq!(
        (req.method.as_str(), req.url.path()),
        ("GET", "/api/v2/custom_fields/by_group_all")
    );
    assert_eq!(catalog.modules(), ["product", "customer"]);
    assert_eq!(catalog.fields().len(), 2);
    assert_eq!(catalog.key_for("对应客户"), Some("customer"));
    assert_eq!(
        catalog.module("customer").key_for(" 对应客户 "),
        Some("customer")
    );
    assert_eq!(catalog.module("contract").key_for("对应客户"), None);
    assert_eq!(catalog.key_for("合同编号"), None);
    let f = &catalog.fields()[0];
    assert_eq!(
        (f.group.as_str(), f.field_type.as_str(), f.enabled),
        ("基本信息", "select2_field", true)
    );
}

/// A company's `合同编号` field: its key comes from the catalog, its value from
/// the contract's `custom_fields`.
#[tokio::test]
async fn a_custom_field_is_read_by_its_label() {
    let server = with_handler(|req: &Request| {
        if req.url.path() == "/api/v2/custom_fields/by_group_all" {
            return json(
                200,
                ok(json!({"contract": [{"label": "基本信息", "custom_fields": [
                    {"id": 7, "name": "text_asset_8b1eeedd", "label": "合同编号", "field_type": "text_field", "status": "enable"},
                    {"id": 8, "name": "text_asset_0a0b0c", "label": "旧编号", "status": "disable"}
                ]}]})),
            );
        }
        json(
            200,
            ok(json!({"id": 831, "title": "合同", "text_asset_8b1eeedd": "HT-2024-001"})),
        )
    }).await;
    let c = client(&server);
    let catalog = c.custom_fields().catalog().await.expect("catalog");
    let key = catalog
        .module("contract")
        .key_for("合同编号")
        .expect("the label is known")
        .to_string();
    assert_eq!(catalog.label_of(&key), Some("合同编号"));
    assert!(!catalog.fields()[1].enabled);
    let contract = c.contracts().get(831).await.expect("contract");
    assert_eq!(contract.custom_fields.text(&key), Some("HT-2024-001"));
}
