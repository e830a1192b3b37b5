//! Decode speed of the generated types (BENCHMARKS.md, target 3).
//!
//! `cargo bench -p ikcrm-tests --bench decode -- --warm-up-time 1 --measurement-time 3`
//!
//! For each payload: the generated type (its `LenientObject` impl, `Field<T>`
//! fields, `custom_fields` and `extra` maps), `serde_json::Value`, and
//! `serde::de::IgnoredAny` (the floor: the parser alone). `derived_flatten` is the
//! same `Customer` written with `#[derive(Deserialize)]` and `#[serde(flatten)]`.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ikcrm::runtime::Field;
use serde::de::IgnoredAny;
use serde_json::{json, Value};
use std::path::Path;

/// `Customer` as a derive would write it: same fields, unknown and custom keys in
/// one flattened map (serde buffers the whole object to support flatten).
#[allow(dead_code)]
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct CustomerDerived {
    id: Field<i64>,
    name: Field<String>,
    status: Field<String>,
    status_mapped: Field<String>,
    note: Field<String>,
    category: Field<String>,
    category_mapped: Field<String>,
    source: Field<String>,
    source_mapped: Field<String>,
    industry: Field<String>,
    industry_mapped: Field<String>,
    parent: Field<serde_json::Value>,
    staff_size: Field<i64>,
    staff_size_display: Field<String>,
    staff_size_mapped: Field<String>,
    created_at: Field<ikcrm::runtime::DateTime>,
    updated_at: Field<ikcrm::runtime::DateTime>,
    name_pinyin: Field<String>,
    user_id: Field<i64>,
    user_name: Field<String>,
    contacts: Field<Vec<Field<ikcrm::types::Contact>>>,
    company_name: Field<String>,
    address: Field<ikcrm::types::Address>,
    revisit_at: Field<ikcrm::runtime::DateTime>,
    is_own: Field<bool>,
    qixinbao_id: Field<String>,
    creator: Field<ikcrm::types::User>,
    is_user_self: Field<bool>,
    approve_status: Field<String>,
    approve_status_i18n: Field<String>,
    labels: Field<Vec<Field<serde_json::Value>>>,
    attachments: Field<String>,
    is_has_policy_for_assist_user: Field<bool>,
    is_my_assist_entity: Field<bool>,
    cio_pid: Field<String>,
    is_subscribed: Field<bool>,
    before_user: Field<ikcrm::types::User>,
    before_owned_department: Field<ikcrm::types::Department>,
    not_revisit_at_time_str: Field<String>,
    history_contarct_money: Field<ikcrm::runtime::Decimal>,
    total_have_receive_pay: Field<ikcrm::runtime::Decimal>,
    total_not_receive_pay: Field<ikcrm::runtime::Decimal>,
    is_editable: Field<bool>,
    flow_into_at: Field<String>,
    expect_flow_at: Field<ikcrm::runtime::DateTime>,
    need_hidden_dispose: Field<bool>,
    revisit_remind_at: Field<ikcrm::runtime::DateTime>,
    customer_common_setting_id: Field<serde_json::Value>,
    before_customer_common_setting: Field<serde_json::Value>,
    step_can_approve: Field<bool>,
    step: Field<i64>,
    notify_users: Field<Vec<Field<serde_json::Value>>>,
    can_revert_applying: Field<bool>,
    need_approve_step: Field<i64>,
    can_approve: Field<bool>,
    wx_external_userid: Field<serde_json::Value>,
    wx_contact_type: Field<serde_json::Value>,
    custom_field_template: Field<ikcrm::types::CustomFieldTemplate>,
    custom_field_template_id: Field<i64>,
    user: Field<ikcrm::types::User>,
    owned_department: Field<ikcrm::types::Department>,
    #[serde(flatten)]
    extra: serde_json::Map<String, Value>,
}

/// The floor for *owned* data without any lenience: the keys of the single-customer
/// payload as plain `Option<String>` / `Option<i64>` fields (serde derive, unknown keys
/// dropped, no `extra`, nothing kept verbatim). Only for the `customer` payload.
#[allow(dead_code)]
#[derive(Debug, serde::Deserialize)]
struct CustomerPlain {
    id: Option<i64>,
    name: Option<String>,
    status: Option<String>,
    status_mapped: Option<String>,
    note: Option<String>,
    category: Option<String>,
    category_mapped: Option<String>,
    source: Option<String>,
    source_mapped: Option<String>,
    industry: Option<String>,
    industry_mapped: Option<String>,
    parent: Option<Value>,
    staff_size: Option<i64>,
    staff_size_display: Option<String>,
    staff_size_mapped: Option<String>,
    created_at: Option<String>,
    updated_at: Option<String>,
}

/// Every JSON example of docs-input/ with the name of the type it decodes to, plus
/// every customer nested in them (`"customer": {…}` of opportunities and contracts
/// decodes to `Customer`; no page has a customer as its top-level example).
fn examples() -> Vec<(String, Value)> {
    fn customers(v: &Value, out: &mut Vec<(String, Value)>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    if k == "customer" && v.as_object().is_some_and(|o| o.len() > 5) {
                        out.push(("Customer".into(), v.clone()));
                    }
                    customers(v, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|v| customers(v, out)),
            _ => {}
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input");
    let (pages, ov) = codegen::pipeline::read_docs(&dir).expect("docs-input");
    let g = codegen::pipeline::generate(&pages, ov.as_deref());
    let mut out = Vec::new();
    for e in &g.types.examples {
        if let codegen::infer::TypeRef::Struct(id) = &e.ty {
            out.push((g.types.name(*id).to_string(), e.value(&g.api).clone()));
        }
        customers(e.value(&g.api), &mut out);
    }
    out
}

fn example(all: &[(String, Value)], ty: &str) -> Vec<u8> {
    let v = &all
        .iter()
        .find(|(n, _)| n == ty)
        .unwrap_or_else(|| panic!("no example of {ty}"))
        .1;
    serde_json::to_vec(v).unwrap()
}

/// 1,000 customers built from the real customer examples: ids, names and amounts
/// vary, every customer carries custom fields and a key the SDK does not know.
fn customers_1000(all: &[(String, Value)]) -> Vec<u8> {
    let bases: Vec<&Value> = all
        .iter()
        .filter(|(n, _)| n == "Customer")
        .map(|(_, v)| v)
        .collect();
    assert!(!bases.is_empty());
    let items: Vec<Value> = (0..1000)
        .map(|i| {
            let mut c = bases[i % bases.len()].clone();
            let m = c.as_object_mut().unwrap();
            m.insert("id".into(), json!(1_000_000 + i));
            m.insert("name".into(), json!(format!("客户{i}")));
            m.insert(
                "total_have_receive_pay".into(),
                if i % 2 == 0 {
                    json!(format!("{}.5", i * 10))
                } else {
                    json!(i * 10)
                },
            );
            m.insert(format!("text_asset_{:08x}", i % 7), json!(format!("值{i}")));
            m.insert("numeric_asset_4f1b2c3d".into(), json!(i));
            m.insert("new_server_key".into(), json!({"since": "v9", "n": i}));
            c
        })
        .collect();
    serde_json::to_vec(&Value::Array(items)).unwrap()
}

macro_rules! bench_payload {
    ($g:expr, $name:expr, $bytes:expr, $ty:ty) => {{
        let bytes: &[u8] = $bytes;
        eprintln!("payload {}: {} bytes", $name, bytes.len());
        // The typed decode must succeed and be lossless before it is timed.
        let typed: $ty = serde_json::from_slice(bytes).expect("decodes");
        assert_eq!(
            serde_json::to_value(&typed).unwrap(),
            serde_json::from_slice::<Value>(bytes).unwrap(),
            "lossless: {}",
            $name
        );
        $g.throughput(Throughput::Bytes(bytes.len() as u64));
        $g.bench_with_input(BenchmarkId::new("generated", $name), bytes, |b, s| {
            b.iter(|| serde_json::from_slice::<$ty>(black_box(s)).unwrap())
        });
        $g.bench_with_input(BenchmarkId::new("value", $name), bytes, |b, s| {
            b.iter(|| serde_json::from_slice::<Value>(black_box(s)).unwrap())
        });
        $g.bench_with_input(BenchmarkId::new("ignored_any", $name), bytes, |b, s| {
            b.iter(|| serde_json::from_slice::<IgnoredAny>(black_box(s)).unwrap())
        });
    }};
}

fn decode(c: &mut Criterion) {
    let all = examples();
    // Evidence for BENCHMARKS.md: nested structs are stored inline in `Field<T>`,
    // so every decoded value is moved (memcpy) through the visitor layers.
    eprintln!(
        "size_of: Customer {} B, Opportunity {} B, Field<Address> {} B, Field<String> {} B",
        std::mem::size_of::<ikcrm::types::Customer>(),
        std::mem::size_of::<ikcrm::types::Opportunity>(),
        std::mem::size_of::<Field<ikcrm::types::Address>>(),
        std::mem::size_of::<Field<String>>()
    );
    let mut g = c.benchmark_group("decode");
    g.sample_size(30);
    bench_payload!(
        g,
        "customer",
        &example(&all, "Customer"),
        ikcrm::types::Customer
    );
    bench_payload!(
        g,
        "contract_page",
        &example(&all, "ContractPage"),
        ikcrm::types::ContractPage
    );
    bench_payload!(
        g,
        "opportunity",
        &example(&all, "Opportunity"),
        ikcrm::types::Opportunity
    );
    bench_payload!(
        g,
        "product_page",
        &example(&all, "ProductPage"),
        ikcrm::types::ProductPage
    );
    let big = customers_1000(&all);
    bench_payload!(g, "customers_1000", &big, Vec<ikcrm::types::Customer>);
    g.bench_with_input(
        BenchmarkId::new("derived_flatten", "customers_1000"),
        &big[..],
        |b, s| b.iter(|| serde_json::from_slice::<Vec<CustomerDerived>>(black_box(s)).unwrap()),
    );
    let one = example(&all, "Customer");
    g.throughput(Throughput::Bytes(one.len() as u64));
    g.bench_with_input(
        BenchmarkId::new("derived_flatten", "customer"),
        &one[..],
        |b, s| b.iter(|| serde_json::from_slice::<CustomerDerived>(black_box(s)).unwrap()),
    );
    g.bench_with_input(
        BenchmarkId::new("plain_derive", "customer"),
        &one[..],
        |b, s| b.iter(|| serde_json::from_slice::<CustomerPlain>(black_box(s)).unwrap()),
    );
    g.finish();
    // keep `Field` in scope for the derived struct's field types
    let _: Field<i64> = Field::default();
}

criterion_group!(benches, decode);
criterion_main!(benches);
