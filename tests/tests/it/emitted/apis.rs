//! SDKs for APIs other than ikcrm: each folder of `tests/fixtures/apis/` (with or
//! without an `api.toml`; bearer, query-key, header-template and no auth; envelopes
//! `{status, result}`, `{code, msg, data}` inferred, `{error_code, data}` and none)
//! gives a crate named after it that builds, passes its own tests, clippy and rustdoc
//! with `-D warnings`, carries none of ikcrm's hosts or headers, and answers one of
//! its operations through its mock, with its own auth and envelope.
//!
//! The crates build beside a feature twin of this workspace
//! (`ikcrm_tests::EmittedCrate`): only the emitted crates themselves are compiled.

use super::Emitted;
use codegen::pipeline::{self, ApiInput};
use ikcrm_tests::repo;

/// What only ikcrm's `api.toml` may bring into a crate.
const IKCRM_ONLY: &[&str] = &[
    "ikcrm.com",
    "lixiaocrm.com",
    "weiwenjia.com",
    "device=open_api",
    "version_code",
    "/api/v2/auth/login",
];

/// One fixture API: its folder, the client builder's extra calls, one operation
/// call and the data its documented example gives.
struct Fixture {
    folder: &'static str,
    builder: &'static str,
    call: &'static str,
    expected: &'static str,
    /// A request header the call must carry, and its value.
    sent: Option<(&'static str, &'static str)>,
    /// Further test files for the crate (`tests/<name>.rs`, its text).
    extra: &'static [(&'static str, &'static str)],
}

/// The `shop` crate's `[paging]` (`pageNo` / `pageSize`, items under `list`, total
/// under `totalCount`) against a 127.0.0.1 server of two full pages of two: the
/// stream asks for page 1 and 2 by `pageNo` and stops at `totalCount` (a third
/// request would find an empty page).
const SHOP_PAGING: &str = r##"//! Written by tests/tests/it/emitted/apis.rs.
use shop::TryStreamExt;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn answer(mut socket: tokio::net::TcpStream, seen: Arc<Mutex<Vec<String>>>) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let target = head.split_whitespace().nth(1).unwrap_or("").to_string();
    let page: u64 = target
        .split(['?', '&'])
        .find_map(|kv| kv.strip_prefix("pageNo="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    seen.lock().expect("the log").push(target);
    let items = match page {
        1 => r#"[{"id": 1, "name": "a", "price": "1.00", "stock": 1}, {"id": 2, "name": "b", "price": "2.00", "stock": 2}]"#,
        2 => r#"[{"id": 3, "name": "c", "price": "3.00", "stock": 3}, {"id": 4, "name": "d", "price": "4.00", "stock": 4}]"#,
        _ => "[]",
    };
    let body = format!(
        r#"{{"status": "ok", "msg": "", "result": {{"list": {items}, "totalCount": 4, "pageNo": {page}, "pageSize": 2}}}}"#
    );
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = socket.write_all(response.as_bytes()).await;
}

#[tokio::test]
async fn the_stream_pages_by_the_conventions_keys() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a listener");
    let addr = listener.local_addr().expect("its address");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(answer(socket, log.clone()));
        }
    });
    let client = shop::Client::builder()
        .base_url(format!("http://{addr}"))
        .token("t0k")
        .build()
        .expect("a client");
    let items: Vec<_> = client
        .products()
        .list()
        .stream()
        .try_collect()
        .await
        .expect("every page");
    let ids: Vec<i64> = items
        .iter()
        .map(|p| serde_json::to_value(p).expect("encodes")["id"].as_i64().unwrap_or(0))
        .collect();
    assert_eq!(ids, [1, 2, 3, 4]);
    let seen = seen.lock().expect("the log").clone();
    assert_eq!(seen.len(), 2, "stops at totalCount: {seen:?}");
    assert!(seen[0].contains("pageNo=1") && seen[1].contains("pageNo=2"), "{seen:?}");
}
"##;

/// The query-key `notes` crate against a server that refuses the connection and
/// one that closes it unanswered: the transport error's Display and Debug (its
/// URL included) never hold the token.
const TOKEN_NEVER_IN_TRANSPORT_ERRORS: &str = r#"//! Written by tests/tests/it/emitted/apis.rs.
const TOKEN: &str = "k3y-S3CRET-42";

async fn fails_without_the_token(base_url: String) {
    let client = notes::Client::builder()
        .base_url(base_url)
        .token(TOKEN)
        .retry(notes::RetryPolicy::none())
        .build()
        .expect("a client");
    let err = client.notes().get(3).await.expect_err("no answer");
    assert!(matches!(err, notes::Error::Transport(_)), "{err:?}");
    // The error keeps the request's URL, with the key's value replaced.
    assert!(format!("{err:?}").contains("key=REDACTED"), "{err:?}");
    for shown in [format!("{err}"), format!("{err:?}"), format!("{err:#?}")] {
        assert!(!shown.contains(TOKEN), "the token leaks: {shown}");
        assert!(!shown.contains("S3CRET"), "part of the token leaks: {shown}");
    }
}

#[tokio::test]
async fn a_refused_connection_does_not_show_the_token() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    fails_without_the_token(format!("http://127.0.0.1:{port}")).await;
}

#[tokio::test]
async fn a_connection_closed_unanswered_does_not_show_the_token() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a listener");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            drop(socket);
        }
    });
    fails_without_the_token(format!("http://{addr}")).await;
}
"#;

/// The `shop` pages' error-code table and list (`product_get.md`: `40001 |
/// Invalid parameter`, `50001 | 服务器内部错误`; `product_list.md`: `50300：System
/// busy`) are the crate's `codes` beside api.toml's, and an API error carrying one
/// matches its constant.
const SHOP_CODES: &str = r##"//! Written by tests/tests/it/emitted/apis.rs.
#![cfg(feature = "mock")]
use shop::mock::wiremock::matchers::{method, path};
use shop::mock::wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn an_api_error_matches_the_pages_codes() {
    let server = shop::mock::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/7"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(r#"{"status": "40001", "msg": "bad id"}"#),
        )
        .mount(&server)
        .await;
    let client = shop::Client::builder()
        .base_url(server.uri())
        .token("t")
        .build()
        .expect("a client");
    let err = client.products().get(7).await.expect_err("an API error");
    assert_eq!(err.code(), Some(shop::codes::INVALID_PARAMETER));
    assert!(
        matches!(err, shop::Error::Api { code: shop::codes::INVALID_PARAMETER, .. }),
        "{err:?}"
    );
    assert_eq!(
        [shop::codes::CODE_50001, shop::codes::SYSTEM_BUSY, shop::codes::TOKEN_EXPIRED],
        [50001, 50300, 40101]
    );
}
"##;

const FIXTURES: &[Fixture] = &[
    Fixture {
        folder: "shop",
        builder: r#".token("t0k")"#,
        call: "client.products().get(12)",
        expected: r#"{"id": 12, "name": "青花茶杯", "price": "19.90", "stock": 40, "tags": ["kitchen", "gift"]}"#,
        sent: Some(("authorization", "Bearer t0k")),
        extra: &[("paging", SHOP_PAGING), ("codes", SHOP_CODES)],
    },
    Fixture {
        folder: "weather_docs",
        builder: r#".token("w7")"#,
        call: r#"client.weather().get("beijing")"#,
        expected: r#"{"city": "北京", "temp": 21.5, "humidity": 40, "aqi": 42, "updated_at": "2024-05-01 10:00"}"#,
        sent: None,
        extra: &[],
    },
    Fixture {
        folder: "notes",
        builder: r#".token("k3y")"#,
        call: "client.notes().get(3)",
        expected: r#"{"id": 3, "title": "周会纪要", "body": "1. 发布计划", "pinned": false, "created_at": "2024-04-30T09:00:00+08:00"}"#,
        sent: None,
        extra: &[("token_redaction", TOKEN_NEVER_IN_TRANSPORT_ERRORS)],
    },
    Fixture {
        folder: "tickets",
        builder: r#".login("agent", "pw")"#,
        call: "client.tickets().get(501)",
        expected: r#"{"id": 501, "subject": "无法登录", "priority": "high", "assignee": {"id": 7, "name": "王五"}, "opened_at": "2024-04-28 14:20"}"#,
        sent: Some(("x-desk-auth", "key=mock-token;v=2")),
        extra: &[],
    },
];

/// The test added to the emitted crate: one call through its mock server.
fn mock_call_test(krate: &str, f: &Fixture) -> String {
    let sent = match f.sent {
        Some((name, value)) => format!(
            "let reqs = server.received_requests().await.expect(\"recorded\");\n    let last = reqs.last().expect(\"a request\");\n    assert_eq!({krate}::mock::RequestExt::header(last, {name:?}), Some({value:?}), \"{{reqs:?}}\");"
        ),
        None => String::new(),
    };
    format!(
        r##"//! One operation answered by the crate's own mock (written by tests/tests/it/emitted/apis.rs).
#![cfg(feature = "mock")]

#[tokio::test]
async fn one_operation_through_the_mock() {{
    let server = {krate}::mock::start().await;
    let client = {krate}::Client::builder()
        .base_url(server.uri()){builder}
        .build()
        .expect("a client");
    let got = {call}.await.expect("the mock answers");
    let got = serde_json::to_value(&got).expect("the answer encodes");
    let expected: serde_json::Value = serde_json::from_str(r#"{expected}"#).expect("JSON");
    assert_eq!(got, expected);
    {sent}
}}
"##,
        builder = f.builder,
        call = f.call,
        expected = f.expected,
    )
}

/// The generation of one fixture folder (its `api.toml`, if any, beside the pages).
fn generate(folder: &str) -> pipeline::Generated {
    let dir = repo().join("tests/fixtures/apis").join(folder);
    let (pages, overrides) = pipeline::read_docs(&dir).expect("read the fixture");
    let api_toml = pipeline::read_api_toml(&dir).expect("read api.toml");
    pipeline::generate_api(
        &pages,
        overrides.as_deref(),
        ApiInput {
            api_toml: api_toml.as_deref(),
            folder,
        },
    )
}

/// Without `api.toml`, what the pages show is the crate's: the host their full
/// URLs agree on is the default (`weather_docs` writes
/// `https://api.weather.example/api/…`), and the `access_token` query parameter
/// of every operation's table is the query-key auth, no operation's argument.
#[test]
fn the_host_and_auth_of_the_pages_are_the_crates() {
    let g = generate("weather_docs");
    let config = &g.files["src/config.rs"];
    assert!(
        config.contains(r#"default_base_url: Some("https://api.weather.example")"#),
        "{config}"
    );
    let flat: String = config.split_whitespace().collect();
    assert!(
        flat.contains(r#"auth:AuthScheme::Query{name:"access_token",}"#),
        "{config}"
    );
    for said in [
        "inferred the host `https://api.weather.example`",
        "inferred the auth from the pages: 2 of 2 operations take the query parameter `access_token`",
    ] {
        assert!(
            g.diagnostics.iter().any(|d| d.message.contains(said)),
            "the inference is said: {said}"
        );
    }
    for e in &g.api.endpoints {
        assert!(
            e.params.iter().all(|p| p.wire_name != "access_token"),
            "{} takes the token as an argument",
            e.operation
        );
    }
    for (path, text) in &g.files {
        if path.starts_with("src/") && path != "src/config.rs" && !path.starts_with("src/runtime") {
            assert!(
                !text.contains("access_token"),
                "{path} names the token parameter"
            );
        }
    }
}

/// A page's error-code table or list gives constants beside api.toml's `[codes]`,
/// named after an ASCII meaning or `CODE_<n>`; api.toml wins for a code it names
/// (`40101` is `TOKEN_EXPIRED`, not the page's `令牌过期`), and each page constant
/// names its source. (`crates_of_other_apis_…` compiles and matches them.)
#[test]
fn a_pages_error_codes_are_the_crates_codes() {
    let g = generate("shop");
    let codes: Vec<(&str, i64, &str, String)> = g
        .api
        .settings
        .codes
        .iter()
        .map(|c| {
            let at = c.source.clone().unwrap_or_default();
            (c.name.as_str(), c.value, c.doc.as_str(), at)
        })
        .collect();
    assert_eq!(
        codes,
        [
            (
                "INVALID_PARAMETER",
                40001,
                "Invalid parameter",
                "product_get.md:51".into()
            ),
            (
                "TOKEN_EXPIRED",
                40101,
                "The token expired: get a new one.",
                String::new()
            ),
            ("NOT_FOUND", 40401, "No such record.", String::new()),
            (
                "CODE_50001",
                50001,
                "服务器内部错误",
                "product_get.md:53".into()
            ),
            (
                "SYSTEM_BUSY",
                50300,
                "System busy",
                "product_list.md:40".into()
            ),
        ]
    );
    assert!(
        g.diagnostics
            .iter()
            .all(|d| d.lint != codegen::diag::Lint::CodesDisagree),
        "both pages give 40001 the same meaning"
    );
    let config = &g.files["src/config.rs"];
    assert!(
        config.contains("pub const CODE_50001: i64 = 50001;"),
        "{config}"
    );
}

/// `.stream()`'s doc names the operation's own paging keys: `pageNo` and
/// `totalCount` in the shop API, never ikcrm's `page` / `total_count`.
#[test]
fn the_stream_doc_names_the_operations_paging_keys() {
    let g = generate("shop");
    let (path, text) = g
        .files
        .iter()
        .find(|(_, t)| t.contains("pub fn stream("))
        .expect("a list with a stream");
    let doc: String = text
        .lines()
        .skip_while(|l| !l.contains("Streams every item"))
        .take_while(|l| !l.contains("pub fn stream("))
        .collect();
    assert!(
        doc.contains("`pageNo`") && doc.contains("`totalCount`"),
        "{path}: {doc}"
    );
    assert!(
        !doc.contains("`page`") && !doc.contains("`total_count`"),
        "{path}: {doc}"
    );
}

/// The crate of each fixture API, with its mock-call test (and the fixture's
/// extra tests) added: built, tested, linted and documented in the shared
/// workspace (`every_emitted_crate_builds_and_passes_its_tests` in `main.rs`).
pub fn crates() -> Vec<Emitted> {
    let mut crates = Vec::new();
    for f in FIXTURES {
        let g = generate(f.folder);
        assert_eq!(
            g.exit_code(),
            0,
            "{}: {:#?}",
            f.folder,
            g.diagnostics
                .iter()
                .map(|d| d.display(&g.sources).to_string())
                .collect::<Vec<_>>()
        );
        let krate = g.api.settings.crate_name.clone();
        assert_eq!(
            krate, f.folder,
            "the crate is named by api.toml or the folder"
        );
        for (path, text) in &g.files {
            for needle in IKCRM_ONLY {
                assert!(
                    !text.contains(needle),
                    "{}: {path} carries ikcrm's `{needle}`",
                    f.folder
                );
            }
        }
        let mut files = g.files.clone();
        files.insert("tests/mock_call.rs".into(), mock_call_test(&krate, f));
        for (name, text) in f.extra {
            files.insert(format!("tests/{name}.rs"), text.to_string());
        }
        crates.push(Emitted::new(&format!("apis-{}", f.folder), files).linted());
    }
    crates
}
