//! Decode speed of the generated types (BENCHMARKS.md, target 3).
//!
//! `cargo bench -p ikcrm-benches --bench decode -- --warm-up-time 1 --measurement-time 3`
//!
//! For each payload: the generated type (its `LenientObject` impl, `Field<T>`
//! fields, `custom_fields` and `extra` maps), its plain baseline (`plain_derive`:
//! a `#[derive(Deserialize)]` struct with the same fields as `Option<String>`,
//! `Option<i64>`, …, written by `build.rs`), `serde_json::Value`, and
//! `serde::de::IgnoredAny` (the floor: the parser alone). `derived_flatten` is the
//! same `Customer` written with `#[derive(Deserialize)]` and `#[serde(flatten)]`.

use criterion::{black_box, criterion_group, BenchmarkId, Criterion, Throughput};
use ikcrm::runtime::Field;
use serde::de::{DeserializeOwned, IgnoredAny};
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

/// The plain baselines: for every generated struct, a `#[derive(Deserialize)]`
/// struct of the same name with the same fields as `Option<String>`, `Option<i64>`,
/// … (unknown and custom keys dropped, nothing lenient, dates and decimals not
/// parsed), written by `build.rs` from the types inferred on docs-input/.
#[allow(dead_code)]
mod plain {
    use super::{List, Loose};
    include!(concat!(env!("OUT_DIR"), "/plain.rs"));
}

/// A decimal of a plain struct: the pages write money both as `12` and as
/// `"20000.0"`, so it is kept as it came, with no parsing (see `build.rs`).
#[allow(dead_code)]
#[derive(Debug)]
enum Loose {
    Int(i64),
    Float(f64),
    Text(String),
}

/// A list of a plain struct: a `Vec<T>`, or nothing where the pages write `{}`
/// (or `""`) for an empty list, which a derived `Vec` rejects (see `build.rs`).
#[allow(dead_code)]
#[derive(Debug)]
struct List<T>(Vec<T>);

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for List<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for ListVisitor<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list, or {} for none")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<List<T>, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(List(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<List<T>, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(List(Vec::new()))
            }
            fn visit_str<E>(self, _: &str) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
        }
        d.deserialize_any(ListVisitor(std::marker::PhantomData))
    }
}

impl<'de> serde::Deserialize<'de> for Loose {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct LooseVisitor;
        impl serde::de::Visitor<'_> for LooseVisitor {
            type Value = Loose;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number or a string")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Loose, E> {
                Ok(Loose::Int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Loose, E> {
                i64::try_from(v).map(Loose::Int).map_err(E::custom)
            }
            fn visit_f64<E>(self, v: f64) -> Result<Loose, E> {
                Ok(Loose::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Loose, E> {
                Ok(Loose::Text(v.to_owned()))
            }
        }
        d.deserialize_any(LooseVisitor)
    }
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

/// What is done with each payload and decoder: timed by criterion, or decoded a
/// fixed number of times for an instruction count ([`Count`]).
trait Run {
    fn run<T: DeserializeOwned>(&mut self, payload: &str, decoder: &str, bytes: &[u8]);
}

/// Every payload with every decoder, in a fixed order: the generated type, its
/// plain baseline, `Value` and `IgnoredAny`. Before anything runs, the typed
/// decode must succeed and be lossless, and the plain one must succeed (a
/// baseline that fails midway would time nothing).
fn each_payload(r: &mut impl Run) {
    macro_rules! payload {
        ($name:expr, $bytes:expr, $ty:ty, $plain:ty) => {{
            let bytes: &[u8] = $bytes;
            let typed: $ty = serde_json::from_slice(bytes).expect("decodes");
            assert_eq!(
                serde_json::to_value(&typed).unwrap(),
                serde_json::from_slice::<Value>(bytes).unwrap(),
                "lossless: {}",
                $name
            );
            serde_json::from_slice::<$plain>(bytes).expect("the plain baseline decodes");
            eprintln!("payload {}: {} bytes", $name, bytes.len());
            r.run::<$ty>($name, "generated", bytes);
            r.run::<$plain>($name, "plain_derive", bytes);
            r.run::<Value>($name, "value", bytes);
            r.run::<IgnoredAny>($name, "ignored_any", bytes);
        }};
    }
    let all = examples();
    payload!(
        "customer",
        &example(&all, "Customer"),
        ikcrm::types::Customer,
        plain::Customer
    );
    payload!(
        "contract_page",
        &example(&all, "ContractPage"),
        ikcrm::types::ContractPage,
        plain::ContractPage
    );
    payload!(
        "opportunity",
        &example(&all, "Opportunity"),
        ikcrm::types::Opportunity,
        plain::Opportunity
    );
    payload!(
        "product_page",
        &example(&all, "ProductPage"),
        ikcrm::types::ProductPage,
        plain::ProductPage
    );
    let big = customers_1000(&all);
    payload!(
        "customers_1000",
        &big,
        Vec<ikcrm::types::Customer>,
        Vec<plain::Customer>
    );
    r.run::<Vec<CustomerDerived>>("customers_1000", "derived_flatten", &big);
    r.run::<CustomerDerived>("customer", "derived_flatten", &example(&all, "Customer"));
}

/// Times each decoder with criterion.
struct Time<'a>(criterion::BenchmarkGroup<'a, criterion::measurement::WallTime>);

impl Run for Time<'_> {
    fn run<T: DeserializeOwned>(&mut self, payload: &str, decoder: &str, bytes: &[u8]) {
        self.0.throughput(Throughput::Bytes(bytes.len() as u64));
        self.0
            .bench_with_input(BenchmarkId::new(decoder, payload), bytes, |b, s| {
                b.iter(|| serde_json::from_slice::<T>(black_box(s)).unwrap())
            });
    }
}

fn decode(c: &mut Criterion) {
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
    let mut time = Time(g);
    each_payload(&mut time);
    time.0.finish();
}

/// Instruction counts instead of times: with `DECODE_COUNT=<n>` and
/// `DECODE_ONLY=<decoder>/<payload>` (the names criterion prints), the bench
/// decodes that one payload `n` times inside [`count_loop`] and exits. Run under
/// `valgrind --tool=callgrind --toggle-collect='*count_loop*'`, the instructions
/// counted are the decoding alone, and unlike times they do not move with the
/// machine's load (`scripts/decode-instructions.sh` runs every pair).
struct Count {
    n: usize,
    only: String,
}

impl Run for Count {
    fn run<T: DeserializeOwned>(&mut self, payload: &str, decoder: &str, bytes: &[u8]) {
        if self.only == format!("{decoder}/{payload}") {
            count_loop::<T>(bytes, self.n);
        }
    }
}

#[inline(never)]
fn count_loop<T: DeserializeOwned>(bytes: &[u8], n: usize) {
    for _ in 0..n {
        black_box(serde_json::from_slice::<T>(black_box(bytes)).unwrap());
    }
}

criterion_group!(benches, decode);

fn main() {
    if let Ok(n) = std::env::var("DECODE_COUNT") {
        let only = std::env::var("DECODE_ONLY").expect("DECODE_ONLY=<decoder>/<payload>");
        let n = n.parse().expect("DECODE_COUNT is a number of decodes");
        each_payload(&mut Count { n, only });
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
