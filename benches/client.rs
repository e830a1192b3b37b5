//! Client overhead per request (BENCHMARKS.md, target 4): the generated client
//! (`Throttle::off()`, `RetryPolicy::none()`) against a bare reqwest call sending the
//! same request (same URL, same headers) and decoding the same JSON into the same
//! type, both against the same wiremock server on 127.0.0.1.
//!
//! `cargo bench -p ikcrm-benches --bench client -- --warm-up-time 1 --measurement-time 3`

use criterion::{criterion_group, criterion_main, Criterion};
use ikcrm::mock::wiremock::{matchers::any, Mock, ResponseTemplate};
use ikcrm::mock::MockServer;
use ikcrm::{Client, RetryPolicy, Throttle};
use reqwest::header::{ACCEPT, AUTHORIZATION, USER_AGENT};
use serde_json::Value;
use std::path::Path;

const TOKEN: &str = "bench-token";
const AUTH: &str = "Token token=bench-token, device=open_api, version_code=9.9.9";

/// What the bare call decodes: the success envelope around the same generated type.
#[allow(dead_code)]
#[derive(serde::Deserialize)]
struct Envelope {
    code: i64,
    data: ikcrm::types::Opportunity,
}

/// The runtime's envelope head (`runtime/client.rs`).
#[allow(dead_code)]
#[derive(serde::Deserialize)]
struct Head {
    code: Option<Value>,
    message: Option<Value>,
    error: Option<Value>,
}

fn opportunity_body() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input");
    let (pages, ov) = codegen::pipeline::read_docs(&dir).expect("docs-input");
    let g = codegen::pipeline::generate(&pages, ov.as_deref());
    let v = g
        .types
        .examples
        .iter()
        .find(|e| {
            matches!(&e.ty, codegen::infer::TypeRef::Struct(id) if g.types.name(*id) == "Opportunity")
        })
        .expect("an Opportunity example")
        .value(&g.api)
        .clone();
    serde_json::to_string(&serde_json::json!({"code": 0, "data": v})).unwrap()
}

/// The request both bare variants send: the same headers as the client's.
async fn bare_get(bare: &reqwest::Client, url: &str, ua: &str) -> reqwest::Response {
    bare.get(url)
        .header(AUTHORIZATION, AUTH)
        .header(USER_AGENT, ua)
        .header(ACCEPT, "application/json")
        .send()
        .await
        .unwrap()
}

fn client_overhead(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let body: &'static str = Box::leak(opportunity_body().into_boxed_str());
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        server
    });
    let base = server.uri();
    let client = Client::builder()
        .base_url(&base)
        .token(TOKEN)
        .throttle(Throttle::off())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let bare = reqwest::Client::new();
    let url = format!("{base}/api/v2/opportunities/13293");
    let ua = "ikcrm-rust/0.1.0";

    // Both decode to the same value before timing.
    let a: ikcrm::types::Opportunity = rt
        .block_on(client.opportunities().get(13293).send())
        .unwrap();
    let b: Envelope = rt.block_on(async {
        let r = bare
            .get(&url)
            .header(AUTHORIZATION, AUTH)
            .header(USER_AGENT, ua)
            .header(ACCEPT, "application/json")
            .send()
            .await
            .unwrap();
        serde_json::from_slice(&r.bytes().await.unwrap()).unwrap()
    });
    assert_eq!(
        serde_json::to_value(&a).unwrap(),
        serde_json::to_value(&b.data).unwrap()
    );
    let _: Value = serde_json::from_str(body).unwrap();

    let mut g = c.benchmark_group("client/get_opportunity");
    g.sample_size(50);
    g.bench_function("ikcrm_client", |b| {
        b.to_async(&rt)
            .iter(|| async { client.opportunities().get(13293).await.unwrap() })
    });
    g.bench_function("bare_reqwest", |b| {
        b.to_async(&rt).iter(|| async {
            let bytes = bare_get(&bare, &url, ua).await.bytes().await.unwrap();
            serde_json::from_slice::<Envelope>(&bytes).unwrap().data
        })
    });
    // The bare call with the runtime's decode path added (body copied, `{code,
    // message, error}` head parsed, then `serde_path_to_error`): isolates the cost
    // of decoding from the transport and the client's layers.
    g.bench_function("bare_reqwest_with_runtime_decode", |b| {
        b.to_async(&rt).iter(|| async {
            let body = Vec::from(bare_get(&bare, &url, ua).await.bytes().await.unwrap());
            let head: Head = serde_json::from_slice(&body).unwrap();
            assert!(head.code.is_some());
            let mut de = serde_json::Deserializer::from_slice(&body);
            serde_path_to_error::deserialize::<_, Envelope>(&mut de)
                .unwrap()
                .data
        })
    });
    g.finish();
    drop(server);
}

criterion_group!(benches, client_overhead);
criterion_main!(benches);
