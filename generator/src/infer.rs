//! Stage 4: named, shared, drift-tolerant Rust types from the examples and tables.
//!
//! 1. **Observe.** Every JSON example is walked; every non-empty object becomes an
//!    *occurrence* (its keys, the key it appeared under, its parent), every value an
//!    [`Obs`]ervation of a scalar kind or of another occurrence.
//! 2. **Cluster.** Occurrences describing the same entity are merged by structure
//!    ([`same_entity`]): `creator`, `user`, `before_user` become one `User`.
//!    Objects seen under the same field of the same entity are merged too.
//! 3. **Resolve.** Each cluster becomes a struct whose fields union all samples;
//!    every field is a `Field<T>` (absent/null/empty/other are all representable),
//!    and `T` comes from the observations by [`resolve_kind`].
//! 4. **Name.** Cluster names come from the keys they appeared under (singular for
//!    array items), with collisions resolved deterministically by context.
//!
//! Tables add what examples cannot: descriptions (rustdoc) and documented types;
//! when they disagree with the examples the safer type wins and a warning says so.

use crate::diag::Diagnostic;
use crate::ir::{Api, Endpoint, Location, Param};
use crate::naming::{
    ident_camel, ident_snake, is_reserved_type_name, singular, RESERVED_TYPE_NAMES,
};
use crate::overrides::Overrides;
use crate::page::ExampleKind;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

/// A Rust type used by the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    String,
    Integer,
    Float,
    Decimal,
    Bool,
    DateTime,
    /// Nothing but `null`/`{}` was ever seen: kept as raw JSON.
    Json,
    Struct(String),
    List(Box<TypeRef>),
}

impl TypeRef {
    /// Human form for docs and diffs: `Decimal`, `Vec<User>`.
    pub fn display(&self) -> String {
        match self {
            TypeRef::String => "String".into(),
            TypeRef::Integer => "i64".into(),
            TypeRef::Float => "f64".into(),
            TypeRef::Decimal => "Decimal".into(),
            TypeRef::Bool => "bool".into(),
            TypeRef::DateTime => "DateTime".into(),
            TypeRef::Json => "serde_json::Value".into(),
            TypeRef::Struct(n) => n.clone(),
            TypeRef::List(t) => format!("Vec<{}>", t.display()),
        }
    }
}

/// One generated struct.
#[derive(Debug, Clone, Serialize)]
pub struct StructDef {
    pub name: String,
    /// Where the type was first seen (`file:line`) and how many objects it merges.
    pub sources: Vec<crate::ir::Source>,
    pub samples: usize,
    pub fields: Vec<FieldDef>,
    /// Samples carried per-company custom fields (`text_asset_…`).
    pub has_custom_fields: bool,
    /// Set when this is a page of a list operation.
    pub page: Option<PageInfo>,
}

/// One field of a generated struct.
#[derive(Debug, Clone, Serialize)]
pub struct FieldDef {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    /// How many of the struct's samples carried the field.
    pub seen: usize,
    pub doc: Option<String>,
}

/// The list part of a paginated response.
#[derive(Debug, Clone, Serialize)]
pub struct PageInfo {
    /// Rust name of the items field (`contracts`).
    pub items_field: String,
    pub item: TypeRef,
    /// Rust names of the counters present (`total_count`, `page`, `per_page`, …).
    pub counters: Vec<String>,
}

/// Types of one operation.
#[derive(Debug, Clone, Serialize)]
pub struct OpTypes {
    pub response: TypeRef,
    /// Parameter Rust name → type.
    pub params: BTreeMap<String, TypeRef>,
    /// Type of the request example body, if the page has one.
    pub request: Option<TypeRef>,
}

/// One documented example and the type it must decode into.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleCase {
    pub group: String,
    pub operation: String,
    pub kind: ExampleKind,
    /// 1-based index among the endpoint's examples of this kind.
    pub index: usize,
    /// The JSON decoded by the test (`data` of a success envelope, else the whole).
    pub value: Value,
    pub ty: TypeRef,
    pub source: crate::ir::Source,
}

/// Everything inference produces.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Types {
    /// Sorted by name.
    pub structs: Vec<StructDef>,
    /// Keyed by `(group, operation)`.
    pub ops: BTreeMap<(String, String), OpTypes>,
    pub examples: Vec<ExampleCase>,
    /// Name of the struct for error envelopes, if any error example exists.
    pub error_type: Option<String>,
}

impl Types {
    pub fn get(&self, name: &str) -> Option<&StructDef> {
        self.structs
            .binary_search_by(|s| s.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.structs[i])
    }
}

// ---------------------------------------------------------------------------
// Heuristics
// ---------------------------------------------------------------------------

/// Per-company custom fields (`text_asset_8b1eeedd`, `numeric_asset_e0a85b`, their
/// `_display` / `_hidden_result` companions) go into one `custom_fields` map instead of
/// struct fields. The rule is the runtime's own file, so generation and decoding agree.
#[path = "../runtime/custom.rs"]
#[allow(dead_code)]
mod custom;
pub use custom::is_custom_field;

/// Words that mark a money amount: such fields are exact decimals even when every
/// sample happens to be an integer (`"expect_amount": 12` here, `"20000.0"` there).
const MONEY_WORDS: &[&str] = &[
    "amount", "money", "price", "cost", "fee", "balance", "pay", "discount",
];

/// Suffixes that override [`MONEY_WORDS`]: `payment_type`, `pay_count` are not money.
const NOT_MONEY_SUFFIXES: &[&str] = &[
    "_count", "_id", "_ids", "_type", "_at", "_mapped", "_display", "_i18n", "_name",
];

pub fn is_money_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    MONEY_WORDS.iter().any(|w| n.contains(w)) && !NOT_MONEY_SUFFIXES.iter().any(|s| n.ends_with(s))
}

/// Quantities may be fractional (`1.5` kg): exact decimals.
pub fn is_quantity_name(name: &str) -> bool {
    let n = ident_snake(name);
    n == "quantity" || n.ends_with("_quantity") || n == "qty"
}

/// Parameters named like points in time take a date-time (sent as its text):
/// `start_at`, `sign_date`, `start_date`, `get_time`. A bare `date` is not one: the
/// revisit list uses it for a period keyword (`today`, `other`).
pub fn is_date_param_name(name: &str) -> bool {
    let n = ident_snake(name);
    n.ends_with("_at") || n.ends_with("_date") || n.ends_with("_time")
}

/// Ids are integers: `id`, `user_id`, `customerId`.
pub fn is_id_name(name: &str) -> bool {
    let n = ident_snake(name);
    n == "id" || n.ends_with("_id")
}

/// `2016-07-10`, `2016-07-10 11:04`, `2016-07-10 11:04:05`, and RFC 3339
/// (`2017-04-13T00:00:00.000+08:00`) are the date forms the API sends.
pub fn is_date_text(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    if b.len() < 10
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
    {
        return false;
    }
    let rest = &s[10..];
    if rest.is_empty() {
        return true;
    }
    let rb = rest.as_bytes();
    if !(rb[0] == b' ' || rb[0] == b'T') || rest.len() < 6 {
        return false;
    }
    let t = &rest[1..];
    let tb = t.as_bytes();
    if !(tb.len() >= 5
        && tb[..2].iter().all(u8::is_ascii_digit)
        && tb[2] == b':'
        && tb[3..5].iter().all(u8::is_ascii_digit))
    {
        return false;
    }
    t[5..]
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | '+' | '-' | 'Z'))
}

/// A string holding a number: `"20000.0"`, `"3511"`, `"-1"`.
fn numeric_text(s: &str) -> Option<bool /* has fraction */> {
    let t = s.strip_prefix('-').unwrap_or(s);
    let mut parts = t.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    let ok = !int.is_empty()
        && int.chars().all(|c| c.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()));
    ok.then_some(frac.is_some())
}

/// Two objects describe the same entity when they share at least
/// [`MIN_SHARED_KEYS`] keys and either
/// * their Jaccard similarity is at least [`MERGE_JACCARD`] and they are big enough
///   ([`MIN_UNION_FOR_STRUCTURE`] keys) for the overlap to mean something, or the
///   names they appeared under agree; or
/// * one is nearly a subset of the other (overlap ≥ [`MERGE_SUBSET`]) and the names agree
///   (`customer` with 20 keys in a contract draft, 60 in a detail page).
pub const MIN_SHARED_KEYS: usize = 2;
pub const MERGE_JACCARD: f64 = 0.6;
pub const MIN_UNION_FOR_STRUCTURE: usize = 4;
pub const MERGE_SUBSET: f64 = 0.8;

pub fn same_entity<K: Ord>(
    a: &BTreeSet<K>,
    a_names: &BTreeSet<String>,
    b: &BTreeSet<K>,
    b_names: &BTreeSet<String>,
) -> Option<f64> {
    let shared = a.intersection(b).count();
    if shared < MIN_SHARED_KEYS {
        return None;
    }
    let union = a.len() + b.len() - shared;
    let jaccard = shared as f64 / union as f64;
    let subset = shared as f64 / a.len().min(b.len()) as f64;
    let names_agree = !a_names.is_disjoint(b_names);
    if jaccard >= MERGE_JACCARD && (union >= MIN_UNION_FOR_STRUCTURE || names_agree) {
        return Some(jaccard + if names_agree { 1.0 } else { 0.0 });
    }
    if subset >= MERGE_SUBSET && names_agree {
        return Some(subset * 0.5 + 1.0);
    }
    None
}

/// Prefixes that qualify a key without changing the entity: `before_user` is a
/// user, `owned_department` a department.
const ENTITY_PREFIXES: &[&str] = &[
    "before_", "owned_", "current_", "old_", "new_", "last_", "default_",
];

/// Keys that always hold another entity (`creator` is a user).
const ENTITY_SYNONYMS: &[(&str, &str)] = &[
    ("creator", "user"),
    ("owner", "user"),
    ("at_user", "user"),
    ("notify_user", "user"),
    ("assist_user", "user"),
    ("updater", "user"),
    // Address parts are one kind of object (`{id, name}` of a region).
    ("country", "region"),
    ("province", "region"),
    ("city", "region"),
    ("district", "region"),
];

/// The entity a key names: `before_owned_department` → `department`, `creator` → `user`.
pub fn entity_word(key: &str) -> String {
    let mut k = singular(&ident_snake(key));
    while let Some(p) = ENTITY_PREFIXES
        .iter()
        .find(|p| k.starts_with(*p) && k.len() > p.len())
    {
        k = k[p.len()..].to_string();
    }
    ENTITY_SYNONYMS
        .iter()
        .find(|(from, _)| *from == k)
        .map(|(_, to)| to.to_string())
        .unwrap_or(k)
}

/// Keys of a list response's counters.
const PAGE_COUNTERS: &[&str] = &[
    "total_count",
    "per_page",
    "page",
    "has_next_page",
    "total_pages",
    "current_page",
    "total",
];

// ---------------------------------------------------------------------------
// Observation
// ---------------------------------------------------------------------------

type OccId = usize;

#[derive(Debug, Clone, PartialEq)]
enum Obs {
    Null,
    EmptyStr,
    EmptyObj,
    EmptyArr,
    Bool,
    Int,
    Float,
    NumStr {
        fraction: bool,
    },
    Date,
    Str,
    Obj(OccId),
    Arr(Vec<Obs>),
    /// From a table: a documented type without a sample.
    Doc(TypeRef),
}

#[derive(Debug, Clone)]
struct Occ {
    /// Key it appeared under, or a name from context.
    hint: String,
    /// Entity words this occurrence may be named by.
    names: BTreeSet<String>,
    /// Fields in document order.
    fields: Vec<(String, Vec<Obs>)>,
    keys: BTreeSet<String>,
    custom: bool,
    /// List pages only merge with pages of the same items.
    page_items: Option<String>,
    /// The main entity of an operation (its response, or the items of its page):
    /// such clusters choose their name before nested look-alikes.
    primary: bool,
    /// Name to use when the wanted one is taken (top-level objects have no parent
    /// to qualify them): `ListPermissionResponse`.
    fallback_name: Option<String>,
    parent: Option<OccId>,
    source: crate::ir::Source,
    /// Docs for fields, from tables.
    docs: BTreeMap<String, String>,
}

#[derive(Default)]
struct Observer {
    occs: Vec<Occ>,
}

/// Objects nested deeper than this are kept as raw JSON: bounds recursion on
/// hostile pages (10,000 levels) while real payloads nest a handful of levels.
const MAX_DEPTH: usize = 64;

/// Lists directly inside lists deeper than this are one raw JSON value
/// (`serde_json::Value`). Each level is a `Vec<Field<…>>` in the emitted type,
/// and from 29 levels on rustc overflows proving the type `Send` (E0275); real
/// payloads have at most a list of lists (`[[lng, lat], …]`).
pub const MAX_LIST_NESTING: usize = 8;

impl Observer {
    fn walk(
        &mut self,
        v: &Value,
        hint: &str,
        parent: Option<OccId>,
        src: &crate::ir::Source,
        depth: usize,
    ) -> Obs {
        match v {
            Value::Null => Obs::Null,
            Value::Bool(_) => Obs::Bool,
            Value::Number(n) => {
                if n.is_f64() {
                    Obs::Float
                } else {
                    Obs::Int
                }
            }
            Value::String(s) if s.is_empty() => Obs::EmptyStr,
            Value::String(s) if is_date_text(s) => Obs::Date,
            Value::String(s) => match numeric_text(s) {
                Some(fraction) => Obs::NumStr { fraction },
                None => Obs::Str,
            },
            Value::Array(items) if items.is_empty() => Obs::EmptyArr,
            Value::Array(_) if depth >= MAX_DEPTH => Obs::Doc(TypeRef::Json),
            Value::Array(items) => {
                let item_hint = singular(hint);
                Obs::Arr(
                    items
                        .iter()
                        .map(|i| self.walk(i, &item_hint, parent, src, depth + 1))
                        .collect(),
                )
            }
            Value::Object(m) if m.is_empty() => Obs::EmptyObj,
            Value::Object(_) if depth >= MAX_DEPTH => Obs::Doc(TypeRef::Json),
            Value::Object(m) => {
                let id = self.occs.len();
                self.occs.push(Occ {
                    hint: hint.to_string(),
                    names: [entity_word(hint)].into_iter().collect(),
                    fields: Vec::new(),
                    keys: BTreeSet::new(),
                    custom: false,
                    page_items: None,
                    primary: false,
                    fallback_name: None,
                    parent,
                    source: src.clone(),
                    docs: BTreeMap::new(),
                });
                let mut fields = Vec::new();
                let mut custom = false;
                for (k, val) in m {
                    if is_custom_field(k) {
                        custom = true;
                        continue;
                    }
                    let obs = self.walk(val, k, Some(id), src, depth + 1);
                    fields.push((k.clone(), vec![obs]));
                }
                let occ = &mut self.occs[id];
                occ.keys = fields.iter().map(|(k, _)| k.clone()).collect();
                occ.fields = fields;
                occ.custom = custom;
                Obs::Obj(id)
            }
        }
    }
}

/// A list response: an object holding the items array plus page counters
/// (`{"contracts": [...], "total_count": 3, "page": 1}`). Examples are often cut off
/// before the counters, so an object is also a page when the operation takes a
/// `page` parameter and the object holds an array named after the group or the
/// listed sub-resource (`checkins` for `GET /api/v2/checkins`, `contacts` for
/// `customers.list_contacts`).
fn page_items_key(m: &serde_json::Map<String, Value>, e: &Endpoint) -> Option<String> {
    let arrays: Vec<&String> = m
        .iter()
        .filter(|(_, v)| v.is_array())
        .map(|(k, _)| k)
        .collect();
    if m.keys().any(|k| PAGE_COUNTERS.contains(&k.as_str())) && arrays.len() == 1 {
        return Some(arrays[0].clone());
    }
    let paged = e
        .params
        .iter()
        .any(|p| p.wire_name == "page" || p.wire_name == "per_page");
    let expected = [
        e.group.as_str(),
        e.operation.strip_prefix("list_").unwrap_or(""),
    ];
    arrays
        .into_iter()
        .find(|k| paged && expected.contains(&k.as_str()))
        .cloned()
}

// ---------------------------------------------------------------------------
// Union-find over occurrences
// ---------------------------------------------------------------------------

struct Clusters {
    parent: Vec<usize>,
}

impl Clusters {
    fn new(n: usize) -> Self {
        Clusters {
            parent: (0..n).collect(),
        }
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }
    /// Union; the smaller id stays the root so results do not depend on merge order.
    fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[hi] = lo;
        true
    }
}

// ---------------------------------------------------------------------------
// Resolution of observations into a type
// ---------------------------------------------------------------------------

#[derive(Default, Debug)]
struct Summary {
    null: bool,
    empty_str: bool,
    empty_obj: bool,
    empty_arr: bool,
    bool_: bool,
    int: bool,
    float: bool,
    num_str_int: bool,
    num_str_frac: bool,
    date: bool,
    str_: bool,
    objs: BTreeSet<usize>,
    items: Vec<Obs>,
    has_items: bool,
    doc: Option<TypeRef>,
}

fn summarize<'a>(obs: impl IntoIterator<Item = &'a Obs>, cl: &mut Clusters) -> Summary {
    let mut s = Summary::default();
    for o in obs {
        match o {
            Obs::Null => s.null = true,
            Obs::EmptyStr => s.empty_str = true,
            Obs::EmptyObj => s.empty_obj = true,
            Obs::EmptyArr => s.empty_arr = true,
            Obs::Bool => s.bool_ = true,
            Obs::Int => s.int = true,
            Obs::Float => s.float = true,
            Obs::NumStr { fraction: true } => s.num_str_frac = true,
            Obs::NumStr { fraction: false } => s.num_str_int = true,
            Obs::Date => s.date = true,
            Obs::Str => s.str_ = true,
            Obs::Obj(id) => {
                s.objs.insert(cl.find(*id));
            }
            Obs::Arr(items) => {
                s.has_items = true;
                s.items.extend(items.iter().cloned());
            }
            Obs::Doc(t) => s.doc = Some(t.clone()),
        }
    }
    s
}

/// Picks the Rust type for a field from everything observed for it. Precedence,
/// most structured first, because `Field<T>` keeps any value that does not fit `T`
/// losslessly (`"attachments": "暂无附件"` next to an array stays readable as
/// `Field::Other`): object > array > number > date > string > bool.
/// Numbers: money names, fractions and numeric strings mixed with numbers are
/// exact [`TypeRef::Decimal`]; integers only are `i64`; integer-looking strings
/// alone are option codes (`"stage": "3511"`) and stay strings.
fn resolve_kind(
    field: &str,
    s: &Summary,
    names: &BTreeMap<usize, String>,
    cl: &mut Clusters,
    depth: usize,
) -> TypeRef {
    if let Some(first) = s.objs.iter().next() {
        let root = cl.find(*first);
        return TypeRef::Struct(
            names
                .get(&root)
                .cloned()
                .unwrap_or_else(|| "serde_json::Value".into()),
        );
    }
    if s.has_items && depth >= MAX_LIST_NESTING {
        return TypeRef::Json;
    }
    if s.has_items {
        let inner = summarize(s.items.clone().iter(), cl);
        return TypeRef::List(Box::new(resolve_kind(
            &singular(field),
            &inner,
            names,
            cl,
            depth + 1,
        )));
    }
    if s.empty_arr {
        return TypeRef::List(Box::new(TypeRef::Json));
    }
    let numeric = s.int || s.float;
    if numeric || s.num_str_frac || (s.num_str_int && is_money_name(field)) {
        if s.float
            || s.num_str_frac
            || is_money_name(field)
            || is_quantity_name(field)
            || (s.num_str_int && !is_id_name(field))
        {
            return TypeRef::Decimal;
        }
        return TypeRef::Integer;
    }
    if s.date && !s.str_ && !s.num_str_int {
        return TypeRef::DateTime;
    }
    if s.str_ || s.num_str_int || s.date || s.empty_str {
        return TypeRef::String;
    }
    if s.bool_ {
        return TypeRef::Bool;
    }
    if let Some(t) = &s.doc {
        return t.clone();
    }
    TypeRef::Json
}

/// A documented type name → our type (`Integer`, `int`, `Date String`, `Boolean`…).
pub fn doc_type(doc: &str) -> Option<TypeRef> {
    let d = doc.trim().to_ascii_lowercase();
    let d = d.as_str();
    Some(match d {
        _ if d.starts_with("int")
            || d == "long"
            || d == "id"
            || d == "number(int)"
            || d == "bigint" =>
        {
            TypeRef::Integer
        }
        _ if d.contains("date") || d.contains("time") => TypeRef::DateTime,
        _ if d.starts_with("bool") => TypeRef::Bool,
        _ if d.starts_with("float")
            || d.starts_with("double")
            || d.starts_with("decimal")
            || d == "number"
            || d == "bigdecimal" =>
        {
            TypeRef::Decimal
        }
        _ if d.starts_with("str") || d == "text" || d == "varchar" || d == "char" => {
            TypeRef::String
        }
        _ if d.starts_with("array") || d.starts_with("list") || d.ends_with("[]") => {
            TypeRef::List(Box::new(TypeRef::Json))
        }
        _ if d.starts_with("obj") || d == "json" || d == "map" || d == "hash" => TypeRef::Json,
        _ => return None,
    })
}

/// When a table and the examples disagree, the type that accepts more wins:
/// a documented `Integer` field whose samples are `"20000.0"` is a decimal.
fn safer(documented: &TypeRef, inferred: &TypeRef) -> TypeRef {
    use TypeRef::*;
    match (documented, inferred) {
        (a, b) if a == b => a.clone(),
        (_, Struct(_)) | (_, List(_)) => inferred.clone(),
        (Integer, Decimal) | (Decimal, Integer) | (Float, Decimal) | (Float, Integer) => Decimal,
        (_, String) | (String, _) => String,
        (_, Json) => documented.clone(),
        _ => inferred.clone(),
    }
}

// ---------------------------------------------------------------------------
// The pass
// ---------------------------------------------------------------------------

/// Where one endpoint's top-level observations went.
struct EpObs {
    response: Vec<Obs>,
    request: Vec<Obs>,
    /// (kind, index, value to decode, which top list it belongs to)
    cases: Vec<Case>,
}

/// What the examples (or, without examples, the field table) of one endpoint
/// show, observed into `ob`; `true` when the response comes from the table.
fn observe_endpoint(e: &Endpoint, ob: &mut Observer) -> (EpObs, bool) {
    let entity = singular(&e.group);
    let mut from_table = false;
    let mut ep = EpObs {
        response: Vec::new(),
        request: Vec::new(),
        cases: Vec::new(),
    };
    let mut counters: BTreeMap<ExampleKind, usize> = BTreeMap::new();
    for ex in &e.examples {
        let n = counters.entry(ex.kind).or_default();
        *n += 1;
        let index = *n;
        match ex.kind {
            ExampleKind::Success => {
                // An envelope cut off before `data` tells nothing about the type.
                let part = match (ex.value.get("data"), ex.value.get("code")) {
                    (Some(d), _) => d.clone(),
                    (None, Some(_)) => continue,
                    (None, None) => ex.value.clone(),
                };
                let items = part.as_object().and_then(|m| page_items_key(m, e));
                // Not a page but a wrapper around a list named after the group
                // (`{"permissions": [...], "visible_tabs": …}`): `PermissionList`.
                let list_key = part
                    .as_object()
                    .filter(|m| items.is_none() && m.get(&e.group).is_some_and(Value::is_array))
                    .map(|_| e.group.clone());
                let hint = match (&items, &list_key) {
                    (Some(items), _) => format!("{}_page", singular(items)),
                    (None, Some(key)) => format!("{}_list", singular(key)),
                    (None, None) => entity.clone(),
                };
                let obs = ob.walk(&part, &hint, None, &ex.source, 0);
                if let Obs::Obj(id) = obs {
                    let primary_items: Vec<usize> = match items.as_ref().or(list_key.as_ref()) {
                        Some(key) => {
                            let mut ids = Vec::new();
                            if let Some((_, o)) = ob.occs[id].fields.iter().find(|(k, _)| k == key)
                            {
                                collect_objs(o, &mut ids);
                            }
                            ids
                        }
                        None => vec![id],
                    };
                    for i in primary_items {
                        ob.occs[i].primary = true;
                    }
                    ob.occs[id].page_items = items;
                    ob.occs[id].fallback_name =
                        Some(format!("{}_{}_response", e.operation, entity));
                }
                ep.response.push(obs.clone());
                ep.cases
                    .push((ex.kind, index, part, ex.source.clone(), obs));
            }
            ExampleKind::Request => {
                let hint = format!("{}_{}_request", e.operation, entity);
                let first_new = ob.occs.len();
                let obs = ob.walk(&ex.value, &hint, None, &ex.source, 0);
                // Entities inside a request body that do not merge with their
                // response twin are inputs: `OpportunityInput`.
                for occ in ob
                    .occs
                    .iter_mut()
                    .skip(first_new)
                    .filter(|o| o.parent.is_some())
                {
                    occ.fallback_name = Some(format!("{}_input", entity_word(&occ.hint)));
                }
                ep.request.push(obs.clone());
                ep.cases
                    .push((ex.kind, index, ex.value.clone(), ex.source.clone(), obs));
            }
            ExampleKind::Error => {
                let obs = ob.walk(&ex.value, "api_error_body", None, &ex.source, 0);
                ep.cases
                    .push((ex.kind, index, ex.value.clone(), ex.source.clone(), obs));
            }
        }
    }
    // No response example: build the type from the documented field table.
    if ep.response.is_empty() && !e.response_fields.is_empty() {
        if let Some(obs) = doc_occurrence(ob, e, &entity) {
            let obs = if takes_page_params(e) {
                wrap_in_page(ob, e, obs)
            } else {
                obs
            };
            from_table = true;
            ep.response.push(obs);
        }
    }
    (ep, from_table)
}

impl Observer {
    /// Appends the occurrences another observer made (ids shifted past ours),
    /// exactly as if they had been observed here, in order.
    fn append(&mut self, other: Observer, ep: &mut EpObs) {
        let offset = self.occs.len();
        for obs in ep.response.iter_mut().chain(ep.request.iter_mut()) {
            obs.shift(offset);
        }
        for case in &mut ep.cases {
            case.4.shift(offset);
        }
        self.occs.extend(other.occs.into_iter().map(|mut occ| {
            occ.parent = occ.parent.map(|p| p + offset);
            for obs in occ.fields.iter_mut().flat_map(|(_, obs)| obs) {
                obs.shift(offset);
            }
            occ
        }));
    }
}

impl Obs {
    /// Moves every occurrence id by `offset` (see [`Observer::append`]).
    fn shift(&mut self, offset: usize) {
        match self {
            Obs::Obj(id) => *id += offset,
            Obs::Arr(items) => items.iter_mut().for_each(|i| i.shift(offset)),
            _ => {}
        }
    }
}

/// Infers the types of the whole API.
pub fn infer(
    api: &Api,
    overrides: &Overrides,
    texts: &dyn Fn(&str) -> String,
) -> (Types, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // Endpoints are observed independently (on every core), each into its own
    // arena, then appended in order: ids and output are those of one pass.
    let observed = crate::par::map(&api.endpoints, |e| {
        let mut local = Observer::default();
        let (ep, from_table) = observe_endpoint(e, &mut local);
        (local, ep, from_table)
    });
    let mut ob = Observer::default();
    let mut eps: Vec<EpObs> = Vec::with_capacity(observed.len());
    for (e, (local, mut ep, from_table)) in api.endpoints.iter().zip(observed) {
        ob.append(local, &mut ep);
        if from_table {
            diags.push(
                Diagnostic::warning(
                    &e.source.file,
                    &texts(&e.source.file),
                    e.source.line,
                    1,
                    format!(
                        "`{}` has no response example; its type is built from the field table",
                        e.signature()
                    ),
                )
                .with_help("add a 返回示例 / 正确时返回 JSON example to the page"),
            );
        }
        eps.push(ep);
    }

    let n = ob.occs.len();
    let mut cl = Clusters::new(n);

    // Top-level objects of one endpoint's responses are one type; so are its requests;
    // all error bodies are one type.
    let mut error_occs = Vec::new();
    for ep in &eps {
        for group in [&ep.response, &ep.request] {
            let ids: Vec<usize> = group
                .iter()
                .filter_map(|o| {
                    if let Obs::Obj(id) = o {
                        Some(*id)
                    } else {
                        None
                    }
                })
                .collect();
            for w in ids.windows(2) {
                cl.union(w[0], w[1]);
            }
        }
        for (kind, _, _, _, obs) in &ep.cases {
            if let (ExampleKind::Error, Obs::Obj(id)) = (kind, obs) {
                error_occs.push(*id);
            }
        }
    }
    for w in error_occs.windows(2) {
        cl.union(w[0], w[1]);
    }

    // Structural clustering, with an inverted index (key → clusters) so each object
    // is only compared with clusters it shares a key with.
    cluster_by_structure(&ob, &mut cl);

    // Objects under the same field of the same entity are the same entity.
    for _round in 0..8 {
        let mut changed = false;
        let mut by_slot: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
        for (id, occ) in ob.occs.iter().enumerate() {
            let root = cl.find(id);
            for (k, obs) in &occ.fields {
                let mut ids = Vec::new();
                collect_objs(obs, &mut ids);
                by_slot.entry((root, k.clone())).or_default().extend(ids);
            }
        }
        for ids in by_slot.values() {
            for w in ids.windows(2) {
                let (a, b) = (&ob.occs[w[0]], &ob.occs[w[1]]);
                // Pages of different items never merge.
                if a.page_items.is_some() || b.page_items.is_some() {
                    continue;
                }
                changed |= cl.union(w[0], w[1]);
            }
        }
        if !changed {
            break;
        }
    }

    // Names.
    let names = name_clusters(&ob, &mut cl, overrides, &mut diags);

    // Structs.
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for id in 0..n {
        members.entry(cl.find(id)).or_default().push(id);
    }
    let mut structs = Vec::new();
    for (root, ids) in &members {
        let Some(name) = names.get(root) else {
            continue;
        };
        let mut order: Vec<String> = Vec::new();
        let mut obs: BTreeMap<String, Vec<Obs>> = BTreeMap::new();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut docs: BTreeMap<String, String> = BTreeMap::new();
        let mut custom = false;
        let mut page_items = None;
        for id in ids {
            let occ = &ob.occs[*id];
            custom |= occ.custom;
            if page_items.is_none() {
                page_items = occ.page_items.clone();
            }
            for (k, o) in &occ.fields {
                if !obs.contains_key(k) {
                    order.push(k.clone());
                }
                obs.entry(k.clone()).or_default().extend(o.iter().cloned());
                *seen.entry(k.clone()).or_default() += 1;
            }
            for (k, d) in &occ.docs {
                docs.entry(k.clone()).or_insert_with(|| d.clone());
            }
        }
        let mut taken = BTreeSet::new();
        for reserved in ["custom_fields", "extra"] {
            taken.insert(reserved.to_string());
        }
        let mut fields = Vec::new();
        for k in &order {
            let s = summarize(obs[k].iter(), &mut cl);
            let ty = resolve_kind(k, &s, &names, &mut cl, 0);
            let ty = match &s.doc {
                Some(d) if ty != *d && !matches!(ty, TypeRef::Json) => safer(d, &ty),
                _ => ty,
            };
            let rust_name = crate::naming::dedupe(ident_snake(k), &mut taken);
            fields.push(FieldDef {
                wire_name: k.clone(),
                rust_name,
                ty,
                seen: seen[k],
                doc: docs.get(k).cloned(),
            });
        }
        let sources: BTreeSet<crate::ir::Source> =
            ids.iter().map(|i| ob.occs[*i].source.clone()).collect();
        let page = page_items.and_then(|items| {
            let f = fields.iter().find(|f| f.wire_name == items)?;
            let item = match &f.ty {
                TypeRef::List(t) => (**t).clone(),
                _ => return None,
            };
            Some(PageInfo {
                items_field: f.rust_name.clone(),
                item,
                counters: fields
                    .iter()
                    .filter(|f| PAGE_COUNTERS.contains(&f.wire_name.as_str()))
                    .map(|f| f.rust_name.clone())
                    .collect(),
            })
        });
        structs.push(StructDef {
            name: name.clone(),
            sources: sources.into_iter().take(8).collect(),
            samples: ids.len(),
            fields,
            has_custom_fields: custom,
            page,
        });
    }

    apply_field_overrides(&mut structs, overrides, &mut diags);
    structs.sort_by(|a, b| a.name.cmp(&b.name));
    let mut types = Types {
        structs,
        ..Default::default()
    };

    // Per-operation types, docs from tables, example cases.
    for (e, ep) in api.endpoints.iter().zip(eps) {
        let s = summarize(ep.response.iter(), &mut cl);
        let conflict = contradicting_shapes(&ep.cases);
        if let Some(((a_src, a), (b_src, b))) = conflict {
            let text = texts(&b_src.file);
            diags.push(
                Diagnostic::warning(
                    &b_src.file,
                    &text,
                    b_src.line,
                    1,
                    format!(
                        "the success examples of `{}` disagree: {b} here, {a} in {a_src}; \
                         its response is kept as JSON (`serde_json::Value`), which holds both",
                        e.signature()
                    ),
                )
                .with_help(
                    "correct the page whose example is wrong, or give each shape its own endpoint",
                ),
            );
        }
        let response = if ep.response.is_empty() || conflict.is_some() {
            TypeRef::Json
        } else {
            resolve_kind(&singular(&e.group), &s, &names, &mut cl, 0)
        };
        let request = if ep.request.is_empty() {
            None
        } else {
            let s = summarize(ep.request.iter(), &mut cl);
            Some(resolve_kind("request", &s, &names, &mut cl, 0))
        };
        document_fields(&mut types, &response, e, &mut diags, texts);
        document_from_params(&mut types, e);
        let params = e
            .params
            .iter()
            .map(|p| (p.rust_name.clone(), param_type(p, e, &types)))
            .collect();
        for (kind, index, value, source, obs) in ep.cases {
            let ty = match obs {
                Obs::Obj(id) => names
                    .get(&cl.find(id))
                    .cloned()
                    .map(TypeRef::Struct)
                    .unwrap_or(TypeRef::Json),
                _ => match kind {
                    ExampleKind::Success => response.clone(),
                    ExampleKind::Request => request.clone().unwrap_or(TypeRef::Json),
                    ExampleKind::Error => TypeRef::Json,
                },
            };
            if kind == ExampleKind::Error {
                if let TypeRef::Struct(n) = &ty {
                    types.error_type = Some(n.clone());
                }
            }
            types.examples.push(ExampleCase {
                group: e.group.clone(),
                operation: e.operation.clone(),
                kind,
                index,
                value,
                ty,
                source,
            });
        }
        types.ops.insert(
            (e.group.clone(), e.operation.clone()),
            OpTypes {
                response,
                params,
                request,
            },
        );
    }
    (types, diags)
}

/// The JSON shape of a success example's `data`, for spotting examples of one
/// operation that cannot share a type (an object on one page, a list on
/// another). `None` for values any shape accepts (`null`, `""`, `{}`, `[]`).
fn shape(o: &Obs) -> Option<&'static str> {
    match o {
        Obs::Obj(_) => Some("an object"),
        Obs::Arr(_) => Some("a list"),
        Obs::Bool | Obs::Int | Obs::Float | Obs::NumStr { .. } | Obs::Date | Obs::Str => {
            Some("a scalar")
        }
        Obs::Null | Obs::EmptyStr | Obs::EmptyObj | Obs::EmptyArr | Obs::Doc(_) => None,
    }
}

type Case = (ExampleKind, usize, Value, crate::ir::Source, Obs);

/// Where an example is and its [`shape`].
type Place<'a> = (&'a crate::ir::Source, &'static str);

/// The first two success examples whose `data` have different [`shape`]s, with
/// their sources: no single generated type decodes both.
fn contradicting_shapes(cases: &[Case]) -> Option<(Place<'_>, Place<'_>)> {
    let mut shapes = cases
        .iter()
        .filter(|c| c.0 == ExampleKind::Success)
        .filter_map(|c| Some((&c.3, shape(&c.4)?)));
    let first = shapes.next()?;
    let other = shapes.find(|s| s.1 != first.1)?;
    Some((first, other))
}

fn collect_objs(obs: &[Obs], out: &mut Vec<usize>) {
    for o in obs {
        match o {
            Obs::Obj(id) => out.push(*id),
            Obs::Arr(items) => collect_objs(items, out),
            _ => {}
        }
    }
}

/// Keys held by more clusters than this (`id`, `name`, `created_at`…) say nothing
/// about which entity an object is; they are not used to find merge candidates
/// (unless an object has no other key). This keeps clustering near-linear on large
/// corpora: without it every object is compared with every cluster.
const STOPWORD_POSTINGS: usize = 32;

fn cluster_by_structure(ob: &Observer, cl: &mut Clusters) {
    // Keys as small numbers (in order of first appearance): set intersections
    // compare integers instead of strings, the hot loop of clustering.
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let occ_keys: Vec<BTreeSet<u32>> = ob
        .occs
        .iter()
        .map(|occ| {
            occ.keys
                .iter()
                .map(|k| {
                    let next = ids.len() as u32;
                    *ids.entry(k.as_str()).or_insert(next)
                })
                .collect()
        })
        .collect();
    // Current key set and names of each cluster root, and key → roots holding it.
    let mut keys: BTreeMap<usize, BTreeSet<u32>> = BTreeMap::new();
    let mut names: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    let mut index: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); ids.len()];
    // Visit bigger objects first: they define the entity, smaller ones join them.
    let mut order: Vec<usize> = (0..ob.occs.len()).collect();
    order.sort_by(|a, b| {
        ob.occs[*b]
            .keys
            .len()
            .cmp(&ob.occs[*a].keys.len())
            .then(a.cmp(b))
    });
    for id in order {
        let occ = &ob.occs[id];
        let my_occ_keys = &occ_keys[id];
        let root = cl.find(id);
        let best = {
            let my_keys = keys.get(&root).unwrap_or(my_occ_keys);
            let mut my_names = names.get(&root).cloned().unwrap_or_default();
            my_names.extend(occ.names.iter().cloned());
            let postings: Vec<&BTreeSet<usize>> = my_occ_keys
                .iter()
                .map(|k| &index[*k as usize])
                .filter(|p| !p.is_empty())
                .collect();
            let selective: Vec<&BTreeSet<usize>> = postings
                .iter()
                .copied()
                .filter(|p| p.len() <= STOPWORD_POSTINGS)
                .collect();
            let sources = if selective.is_empty() {
                postings
                    .iter()
                    .copied()
                    .min_by_key(|p| p.len())
                    .into_iter()
                    .collect()
            } else {
                selective
            };
            let mut candidates: BTreeSet<usize> = BTreeSet::new();
            for roots in sources {
                candidates.extend(roots.iter().copied());
            }
            candidates.remove(&root);
            let mut best: Option<(f64, usize)> = None;
            for c in candidates {
                let (Some(ck), Some(cn)) = (keys.get(&c), names.get(&c)) else {
                    continue;
                };
                if (occ.page_items.is_some() || ob.occs[c].page_items.is_some())
                    && occ.page_items != ob.occs[c].page_items
                {
                    continue;
                }
                // Two pages of the same items are one page type, whatever counters the
                // (often truncated) examples show.
                let same_page = occ.page_items.is_some() && occ.page_items == ob.occs[c].page_items;
                if let Some(score) =
                    same_entity(my_keys, &my_names, ck, cn).or(same_page.then_some(3.0))
                {
                    if best.is_none_or(|(s, r)| score > s || (score == s && c < r)) {
                        best = Some((score, c));
                    }
                }
            }
            best.map(|(_, c)| c)
        };
        // Merge into the best cluster (or start/extend our own), keeping the index
        // pointing at live roots only. Invariant: `index[k]` holds root `r` exactly
        // when `keys[r]` holds `k`, so only the keys of a cluster that stops being
        // a root, and the keys this object adds, need their postings changed (not
        // every key of a growing cluster once per member).
        let mine = keys.remove(&root).unwrap_or_default();
        let mut merged_names = names.remove(&root).unwrap_or_default();
        let (new_root, mut merged_keys) = match best {
            Some(c) => {
                cl.union(root, c);
                let theirs = keys.remove(&c).unwrap_or_default();
                merged_names.extend(names.remove(&c).unwrap_or_default());
                let new_root = cl.find(root);
                let (mut kept, moved, loser) = if new_root == c {
                    (theirs, mine, root)
                } else {
                    (mine, theirs, c)
                };
                for k in moved {
                    let roots = &mut index[k as usize];
                    roots.remove(&loser);
                    roots.insert(new_root);
                    kept.insert(k);
                }
                (new_root, kept)
            }
            None => (root, mine),
        };
        for &k in my_occ_keys {
            if merged_keys.insert(k) {
                index[k as usize].insert(new_root);
            }
        }
        merged_names.extend(occ.names.iter().cloned());
        keys.insert(new_root, merged_keys);
        names.insert(new_root, merged_names);
    }
}

/// Chooses a name for every cluster: the most common entity word among its
/// occurrences (ties: alphabetical). Clusters that want a taken name are prefixed
/// with their parent's name (`OpportunityCustomer`), then numbered as a last resort.
fn name_clusters(
    ob: &Observer,
    cl: &mut Clusters,
    overrides: &Overrides,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<usize, String> {
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for id in 0..ob.occs.len() {
        members.entry(cl.find(id)).or_default().push(id);
    }
    // The main entities of operations choose first, then the most-sampled clusters:
    // the full contact of `GET /contacts` is `Contact`, the contact summary nested in
    // customers becomes `CustomerContact`.
    let mut roots: Vec<(usize, usize, bool)> = members
        .iter()
        .map(|(r, m)| (*r, m.len(), m.iter().any(|id| ob.occs[*id].primary)))
        .collect();
    roots.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
    let mut taken: BTreeSet<String> = RESERVED_TYPE_NAMES
        .iter()
        .chain(crate::naming::PRELUDE)
        .map(|s| s.to_string())
        .collect();
    let mut out: BTreeMap<usize, String> = BTreeMap::new();
    let mut wanted: BTreeMap<usize, String> = BTreeMap::new();
    for (root, _, _) in &roots {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for id in &members[root] {
            let occ = &ob.occs[*id];
            let word = if occ.page_items.is_some()
                || occ.hint.ends_with("_request")
                || occ.hint == "api_error_body"
            {
                occ.hint.clone()
            } else {
                entity_word(&occ.hint)
            };
            *counts.entry(word).or_default() += 1;
        }
        let word = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(w, _)| w.clone())
            .unwrap_or_default();
        wanted.insert(*root, ident_camel(&word));
    }
    for (root, _, _) in &roots {
        let base = wanted[root].clone();
        let mut name = base.clone();
        if taken.contains(&name) {
            if is_reserved_type_name(&name) {
                // `Self_` (a keyword) gives `SelfData`, not `Self_Data`.
                name = format!("{}Data", base.trim_end_matches('_'));
            }
            if taken.contains(&name) {
                // Use the context's name (`ListPermissionResponse` for a top-level
                // object, `OpportunityInput` inside a request), else prefix with the
                // parent's wanted name (`ContractOpportunity`).
                let parent = members[root]
                    .iter()
                    .find_map(|id| ob.occs[*id].parent)
                    .map(|p| cl.find(p));
                let fallback = members[root]
                    .iter()
                    .find_map(|id| ob.occs[*id].fallback_name.clone());
                if let Some(f) = fallback {
                    name = ident_camel(&f);
                } else if let Some(p) = parent.and_then(|p| wanted.get(&p)) {
                    name = format!("{p}{base}");
                }
            }
            let stem = name.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{stem}{n}");
                n += 1;
            }
        }
        taken.insert(name.clone());
        out.insert(*root, name);
    }
    // Renames from overrides.toml.
    for (file, page) in &overrides.pages {
        for (from, to) in &page.types {
            let hit: Vec<usize> = out
                .iter()
                .filter(|(_, n)| *n == from)
                .map(|(r, _)| *r)
                .collect();
            if hit.is_empty() {
                diags.push(overrides.unused(file, &format!("no inferred type is named `{from}`")));
                continue;
            }
            let to = ident_camel(to);
            for r in hit {
                out.insert(r, to.clone());
            }
        }
    }
    out
}

/// Field type overrides: `"Customer.staff_size" = "string"`.
fn apply_field_overrides(
    structs: &mut [StructDef],
    overrides: &Overrides,
    diags: &mut Vec<Diagnostic>,
) {
    for (file, page) in &overrides.pages {
        for (target, kind) in &page.fields {
            let (ty_name, field) = target.split_once('.').unwrap_or((target.as_str(), ""));
            let hit = structs
                .iter_mut()
                .find(|s| s.name == ty_name)
                .and_then(|s| {
                    s.fields
                        .iter_mut()
                        .find(|f| f.wire_name == field || f.rust_name == field)
                });
            let Some(f) = hit else {
                diags.push(overrides.unused(file, &format!("no field `{target}`")));
                continue;
            };
            f.ty = match kind.as_str() {
                "string" => TypeRef::String,
                "integer" => TypeRef::Integer,
                "decimal" => TypeRef::Decimal,
                "float" => TypeRef::Float,
                "bool" => TypeRef::Bool,
                "datetime" => TypeRef::DateTime,
                _ => TypeRef::Json,
            };
        }
    }
}

/// Whether an operation is a paged list: it takes `page` or `per_page`.
fn takes_page_params(e: &Endpoint) -> bool {
    e.params.iter().any(|p| {
        p.location == Location::Query && (p.wire_name == "page" || p.wire_name == "per_page")
    })
}

/// A paged list without a response example: its field table describes one item,
/// and API-NOTES says list data holds the items under the group's plural name plus
/// `total_count`, `per_page` and `page`; build that page around the item.
fn wrap_in_page(ob: &mut Observer, e: &Endpoint, item: Obs) -> Obs {
    let id = ob.occs.len();
    let fields = vec![
        (e.group.clone(), vec![Obs::Arr(vec![item.clone()])]),
        ("total_count".to_string(), vec![Obs::Doc(TypeRef::Integer)]),
        ("per_page".to_string(), vec![Obs::Doc(TypeRef::Integer)]),
        ("page".to_string(), vec![Obs::Doc(TypeRef::Integer)]),
    ];
    let hint = format!("{}_page", singular(&e.group));
    ob.occs.push(Occ {
        hint: hint.clone(),
        names: [hint].into_iter().collect(),
        keys: fields.iter().map(|(k, _)| k.clone()).collect(),
        fields,
        custom: false,
        page_items: Some(e.group.clone()),
        primary: false,
        fallback_name: None,
        parent: None,
        source: e.source.clone(),
        docs: BTreeMap::new(),
    });
    if let Obs::Obj(item_id) = item {
        ob.occs[item_id].parent = Some(id);
    }
    Obs::Obj(id)
}

/// Every list takes `page` (1-based) and `per_page` (API-NOTES), even when a page's
/// table forgets them (`GET /api/v2/common_customers/:id/contacts`): operations
/// whose response is a page get them as optional query parameters, so they can be
/// streamed.
pub fn add_paging_params(api: &mut Api, types: &mut Types) {
    for e in &mut api.endpoints {
        let key = (e.group.clone(), e.operation.clone());
        let Some(op) = types.ops.get_mut(&key) else {
            continue;
        };
        let is_page = matches!(&op.response, TypeRef::Struct(n) if types.structs.iter().any(|s| &s.name == n && s.page.is_some()));
        if !is_page || e.method != crate::ir::Method::Get {
            continue;
        }
        for (wire, doc) in [
            (
                "page",
                "页码, 从 1 开始 (not in the page's table: every list takes it)",
            ),
            (
                "per_page",
                "每页条数, 默认 15, 最大 100 (not in the page's table: every list takes it)",
            ),
        ] {
            if e.params.iter().any(|p| p.wire_name == wire) {
                continue;
            }
            let mut taken: BTreeSet<String> =
                e.params.iter().map(|p| p.rust_name.clone()).collect();
            let rust_name = crate::naming::dedupe(wire.to_string(), &mut taken);
            op.params.insert(rust_name.clone(), TypeRef::Integer);
            e.params.push(Param {
                wire_name: wire.to_string(),
                wire_path: vec![wire.to_string()],
                rust_name,
                location: Location::Query,
                required: false,
                doc_type: Some("Integer".into()),
                description: doc.to_string(),
                default: None,
                source: e.source.clone(),
            });
        }
    }
}

/// Builds an occurrence from a response-field table (pages without an example).
/// Sub-tables (`loggable`, `attachment_files`) become nested objects.
fn doc_occurrence(ob: &mut Observer, e: &Endpoint, entity: &str) -> Option<Obs> {
    const ENVELOPE: &[&str] = &["code", "data", "message", "msg"];
    let top: Vec<&crate::ir::FieldDoc> = e
        .response_fields
        .iter()
        .filter(|f| {
            f.group.is_none() && !ENVELOPE.contains(&f.name.as_str()) && !f.name.trim().is_empty()
        })
        .collect();
    if top.is_empty() {
        return None;
    }
    let build = |ob: &mut Observer, rows: &[&crate::ir::FieldDoc], hint: &str| -> usize {
        let id = ob.occs.len();
        ob.occs.push(Occ {
            hint: hint.to_string(),
            names: [entity_word(hint)].into_iter().collect(),
            fields: Vec::new(),
            keys: BTreeSet::new(),
            custom: false,
            page_items: None,
            primary: false,
            fallback_name: None,
            parent: None,
            source: e.source.clone(),
            docs: BTreeMap::new(),
        });
        let mut fields = Vec::new();
        let mut docs = BTreeMap::new();
        for f in rows {
            let name = f.name.trim().to_string();
            let t = f
                .doc_type
                .as_deref()
                .and_then(doc_type)
                .unwrap_or(TypeRef::Json);
            fields.push((name.clone(), vec![Obs::Doc(t)]));
            docs.insert(name, f.description.clone());
        }
        let occ = &mut ob.occs[id];
        occ.keys = fields.iter().map(|(k, _)| k.clone()).collect();
        occ.fields = fields;
        occ.docs = docs;
        id
    };
    let top_id = build(ob, &top, entity);
    // Sub-tables named after a top-level field.
    let groups: BTreeSet<String> = e
        .response_fields
        .iter()
        .filter_map(|f| f.group.clone())
        .collect();
    for g in groups {
        let rows: Vec<&crate::ir::FieldDoc> = e
            .response_fields
            .iter()
            .filter(|f| f.group.as_deref() == Some(g.as_str()))
            .collect();
        let Some(pos) = ob.occs[top_id]
            .fields
            .iter()
            .position(|(k, _)| k.eq_ignore_ascii_case(&g) || entity_word(k) == entity_word(&g))
        else {
            continue;
        };
        let key = ob.occs[top_id].fields[pos].0.clone();
        let is_list = matches!(
            ob.occs[top_id].fields[pos].1.first(),
            Some(Obs::Doc(TypeRef::List(_)))
        );
        let sub = build(
            ob,
            &rows,
            &if is_list { singular(&key) } else { key.clone() },
        );
        ob.occs[sub].parent = Some(top_id);
        ob.occs[top_id].fields[pos].1 = vec![if is_list {
            Obs::Arr(vec![Obs::Obj(sub)])
        } else {
            Obs::Obj(sub)
        }];
    }
    Some(Obs::Obj(top_id))
}

/// Attaches descriptions from the response-field table to the response struct (and
/// sub-tables to the structs of the fields they name); warns where a documented
/// type disagrees with the examples.
fn document_fields(
    types: &mut Types,
    response: &TypeRef,
    e: &Endpoint,
    diags: &mut Vec<Diagnostic>,
    texts: &dyn Fn(&str) -> String,
) {
    let target = match response {
        TypeRef::Struct(n) => n.clone(),
        _ => return,
    };
    // A page's item type, when the response is a list page.
    let item_target = types
        .get(&target)
        .and_then(|s| s.page.as_ref())
        .and_then(|p| match &p.item {
            TypeRef::Struct(n) => Some(n.clone()),
            _ => None,
        });
    for f in &e.response_fields {
        let struct_name = match &f.group {
            None => target.clone(),
            Some(g) => {
                let owner = types.get(&target);
                let via_field = owner.and_then(|s| {
                    s.fields.iter().find(|x| {
                        x.wire_name.eq_ignore_ascii_case(g)
                            || entity_word(&x.wire_name) == entity_word(g)
                    })
                });
                match via_field.map(|x| &x.ty) {
                    Some(TypeRef::Struct(n)) => n.clone(),
                    Some(TypeRef::List(inner)) => match &**inner {
                        TypeRef::Struct(n) => n.clone(),
                        _ => continue,
                    },
                    _ => ident_camel(&entity_word(g)),
                }
            }
        };
        let mut candidates = vec![struct_name.clone()];
        if let Some(i) = &item_target {
            candidates.push(i.clone());
        }
        for name in candidates {
            let Ok(idx) = types
                .structs
                .binary_search_by(|s| s.name.as_str().cmp(&name))
            else {
                continue;
            };
            let st = &mut types.structs[idx];
            let Some(field) = st.fields.iter_mut().find(|x| x.wire_name == f.name.trim()) else {
                continue;
            };
            if field.doc.is_none() && !f.description.trim().is_empty() {
                field.doc = Some(f.description.trim().to_string());
            }
            if let Some(doc) = f.doc_type.as_deref().and_then(doc_type) {
                let chosen = safer(&doc, &field.ty);
                if chosen != field.ty
                    || (doc != field.ty && !matches!(doc, TypeRef::Json | TypeRef::List(_)))
                {
                    let text = texts(&f.source.file);
                    diags.push(Diagnostic::warning(
                        &f.source.file, &text, f.source.line, 1,
                        format!(
                            "`{}.{}` is documented as `{}` but the examples show `{}`; using `{}`",
                            st.name, field.wire_name, f.doc_type.as_deref().unwrap_or(""), field.ty.display(), chosen.display()
                        ),
                    ).with_help("fix the table or the example, or pin the type in overrides.toml under `fields`"));
                    field.ty = chosen;
                }
            }
            break;
        }
    }
}

/// Body parameter tables describe the entity's fields too (`opportunity[title]`
/// 商机标题 → `Opportunity.title`): fields without a description get it.
fn document_from_params(types: &mut Types, e: &Endpoint) {
    let Some(root) = e.body_root.as_deref() else {
        return;
    };
    let name = ident_camel(&entity_word(root));
    let Ok(idx) = types
        .structs
        .binary_search_by(|s| s.name.as_str().cmp(&name))
    else {
        return;
    };
    let st = &mut types.structs[idx];
    for p in e.params.iter().filter(|p| {
        p.location == Location::Body && p.wire_path.len() == 2 && p.wire_path[0] == root
    }) {
        let desc = p.description.trim();
        if desc.is_empty() {
            continue;
        }
        if let Some(f) = st
            .fields
            .iter_mut()
            .find(|f| f.wire_name == p.wire_path[1] && f.doc.is_none())
        {
            f.doc = Some(desc.to_string());
        }
    }
}

/// The Rust type of a request parameter: the type of the same field in the entity
/// it is wrapped in (`opportunity[expect_amount]` → `Opportunity.expect_amount` is a
/// `Decimal`), else the documented type, else by name (ids and paging are integers),
/// else a string. Date-times are passed as text. `ids[]` is a list.
pub fn param_type(p: &Param, e: &Endpoint, types: &Types) -> TypeRef {
    let is_list = p.wire_path.len() > 1 && p.wire_path.last().is_some_and(|s| s.is_empty());
    let field = p
        .wire_path
        .iter()
        .rev()
        .find(|s| !s.is_empty() && !s.chars().all(|c| c.is_ascii_digit()))
        .cloned()
        .unwrap_or_default();
    let from_entity = e
        .body_root
        .as_deref()
        .filter(|_| p.location == Location::Body && p.wire_path.len() == 2)
        .and_then(|root| types.get(&ident_camel(&entity_word(root))))
        .and_then(|s| s.fields.iter().find(|f| f.wire_name == field))
        .map(|f| f.ty.clone())
        .filter(|t| {
            matches!(
                t,
                TypeRef::String
                    | TypeRef::Integer
                    | TypeRef::Decimal
                    | TypeRef::Bool
                    | TypeRef::Float
            )
        });
    // Paging parameters are 1-based integers whatever the table says (one page
    // documents `page` as Boolean).
    let paging = matches!(field.as_str(), "page" | "per_page").then_some(TypeRef::Integer);
    let scalar = paging
        .or(from_entity)
        .or_else(|| {
            p.doc_type.as_deref().and_then(doc_type).filter(|t| {
                matches!(
                    t,
                    TypeRef::String
                        | TypeRef::Integer
                        | TypeRef::Decimal
                        | TypeRef::Bool
                        | TypeRef::DateTime
                )
            })
        })
        .unwrap_or_else(|| {
            let f = singular(&field);
            if is_id_name(&f) || (is_list && f.ends_with("_id")) || f.ends_with("_count") {
                TypeRef::Integer
            } else if is_money_name(&f) || is_quantity_name(&f) {
                TypeRef::Decimal
            } else if is_date_param_name(&f) {
                TypeRef::DateTime
            } else {
                TypeRef::String
            }
        });
    if is_list {
        TypeRef::List(Box::new(scalar))
    } else {
        scalar
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_of_contradicting_shapes() {
        let src = |line| crate::ir::Source {
            file: "p.md".into(),
            line,
        };
        let case = |line, obs| (ExampleKind::Success, 1, Value::Null, src(line), obs);
        let cases = vec![
            case(1, Obs::Null),
            case(2, Obs::Obj(0)),
            case(3, Obs::EmptyArr),
            case(4, Obs::Obj(1)),
            case(5, Obs::Arr(vec![])),
        ];
        let ((a, sa), (b, sb)) = contradicting_shapes(&cases).expect("a conflict");
        assert_eq!((a.line, sa, b.line, sb), (2, "an object", 5, "a list"));
        assert!(contradicting_shapes(&cases[..4]).is_none());
        let mut errors = cases.clone();
        errors[4].0 = ExampleKind::Error;
        assert!(contradicting_shapes(&errors).is_none());
    }

    #[test]
    fn custom_field_names() {
        for k in [
            "text_asset_8b1eeedd",
            "numeric_asset_e0a85b",
            "datetime_asset_79db302a",
            "file_asset_439992",
            "text_area_asset_a5cbb2",
            "text_asset_d5dc57d3_display",
            "text_asset_dfde0b37_hidden_result",
        ] {
            assert!(is_custom_field(k), "{k}");
        }
        for k in [
            "customer_id",
            "text_asset",
            "product_assets",
            "text_asset_12345",
            "text_asset_ABCDEF",
            "asset_8b1eeedd",
        ] {
            assert!(!is_custom_field(k), "{k}");
        }
    }

    #[test]
    fn dates() {
        for d in [
            "2016-07-10 11:04",
            "2017-12-10",
            "2017-04-13T00:00:00.000+08:00",
            "2019-02-28T16:56:58.762+08:00",
            "2019-03-22 17:05:01",
        ] {
            assert!(is_date_text(d), "{d}");
        }
        for d in [
            "",
            "02月18日 17:36",
            "2015-09-09 - ",
            "12",
            "2012-08-08 - 2012-09-09",
        ] {
            assert!(!is_date_text(d), "{d}");
        }
    }

    /// A small markdown page answering `data` for `GET {path}`.
    pub(crate) fn page(path: &str, data: &str) -> (String, Vec<u8>) {
        let text = format!(
            "**请求URL：**\n\n- `{path}`\n\n**请求方式：**\n\n- GET\n\n\
             **返回示例**\n\n```\n{{\"code\": 0, \"data\": {data}}}\n```\n"
        );
        (format!("{}.md", path.replace('/', "_")), text.into_bytes())
    }

    pub(crate) fn types_of(pages: &[(String, Vec<u8>)]) -> Types {
        crate::pipeline::generate(pages, None).types
    }

    pub(crate) fn field_type(t: &Types, st: &str, field: &str) -> TypeRef {
        t.get(st)
            .unwrap_or_else(|| {
                panic!(
                    "no type {st}: {:?}",
                    t.structs.iter().map(|s| &s.name).collect::<Vec<_>>()
                )
            })
            .fields
            .iter()
            .find(|f| f.wire_name == field)
            .unwrap_or_else(|| panic!("no field {st}.{field}"))
            .ty
            .clone()
    }

    /// The contract product-asset list shows `"quantity": 1`; quantities may be
    /// fractional, so the field (and the `product_asset[quantity]` parameter typed
    /// from it) is a `Decimal`, not an integer.
    #[test]
    fn integer_quantities_are_decimals() {
        let t = types_of(&[page(
            "/api/v2/contracts/:contract_id/product_assets",
            r#"{"product_assets": [{"id": 1, "quantity": 1, "product_id": 7}]}"#,
        )]);
        assert_eq!(field_type(&t, "ProductAsset", "quantity"), TypeRef::Decimal);
        assert_eq!(
            field_type(&t, "ProductAsset", "product_id"),
            TypeRef::Integer
        );
    }

    #[test]
    fn entity_words() {
        assert_eq!(entity_word("before_user"), "user");
        assert_eq!(entity_word("creator"), "user");
        assert_eq!(entity_word("before_owned_department"), "department");
        assert_eq!(entity_word("contacts"), "contact");
    }

    #[test]
    fn money() {
        assert!(is_money_name("expect_amount"));
        assert!(is_money_name("total_have_receive_pay"));
        assert!(is_money_name("history_contarct_money"));
        assert!(!is_money_name("payment_type"));
        assert!(!is_money_name("received_payments_plan_count"));
    }

    fn keys(k: &[&str]) -> BTreeSet<String> {
        k.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn overlap_rule() {
        let user = keys(&[
            "id",
            "email",
            "created_at",
            "name",
            "organization_id",
            "phone",
            "role_id",
            "workflow_state",
            "job",
            "tel",
            "avatar_url",
            "department_name",
        ]);
        let dept = keys(&["id", "name"]);
        let loggable = keys(&["id", "title"]);
        let template = keys(&["id", "name", "position", "status", "is_usable"]);
        let u = keys(&["user"]);
        let c = keys(&["creator_x"]);
        assert!(
            same_entity(&user, &u, &user, &c).is_some(),
            "same 12 keys merge whatever the names"
        );
        assert!(
            same_entity(&dept, &keys(&["department"]), &dept, &keys(&["department"])).is_some()
        );
        assert!(
            same_entity(&dept, &keys(&["department"]), &dept, &keys(&["country"])).is_none(),
            "tiny objects need agreeing names"
        );
        assert!(same_entity(
            &dept,
            &keys(&["department"]),
            &loggable,
            &keys(&["loggable"])
        )
        .is_none());
        assert!(same_entity(
            &dept,
            &keys(&["department"]),
            &template,
            &keys(&["custom_field_template"])
        )
        .is_none());
    }
}
