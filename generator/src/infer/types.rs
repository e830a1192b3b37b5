//! Stage 4's result, handed to emit, the OpenAPI export and the snapshot:
//! [`Types`], an arena of structs that types refer to by [`TypeId`] (the name
//! lives in the struct only), and per operation the types of its response and
//! of each parameter, reached from the operation and the parameter
//! ([`OpTypes::param`]).

use crate::discover::success_payload;
use crate::ir::{Api, Endpoint, ExampleKind, Param};
use serde_json::Value;
use std::collections::BTreeMap;

/// A struct of the [`Types`] arena: an opaque id (its place in
/// [`Types::structs`]), handed out by inference once every struct is named.
/// The struct's Rust name lives in its [`StructDef`] only, so a rename is one
/// edit; [`Types::entry`] follows the id (a dangling one is a generator bug and
/// panics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub(super) usize);

/// A Rust type used by the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    Integer,
    Float,
    Decimal,
    Bool,
    DateTime,
    /// Nothing but `null`/`{}` was ever seen: kept as raw JSON.
    Json,
    Struct(TypeId),
    List(Box<TypeRef>),
}

impl TypeRef {
    /// Human form for docs and diffs: `Decimal`, `Vec<User>` (a struct by the
    /// name it has in `types`).
    pub fn display(&self, types: &Types) -> String {
        match self {
            TypeRef::String => "String".into(),
            TypeRef::Integer => "i64".into(),
            TypeRef::Float => "f64".into(),
            TypeRef::Decimal => "Decimal".into(),
            TypeRef::Bool => "bool".into(),
            TypeRef::DateTime => "DateTime".into(),
            TypeRef::Json => "serde_json::Value".into(),
            TypeRef::Struct(id) => types.entry(*id).name.clone(),
            TypeRef::List(t) => format!("Vec<{}>", t.display(types)),
        }
    }
}

/// One generated struct.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
pub struct FieldDef {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    /// How many of the struct's samples carried the field.
    pub seen: usize,
    pub doc: Option<String>,
}

/// The list part of a paginated response.
#[derive(Debug, Clone)]
pub struct PageInfo {
    /// Rust name of the items field (`contracts`).
    pub items_field: String,
    pub item: TypeRef,
    /// Rust names of the counters present (`total_count`, `page`, `per_page`, …).
    pub counters: Vec<String>,
    /// Wire names of the counters `Paginated` reports, when present: the total
    /// number of items, the page number and the page size (the operation's
    /// paging keys first, then the family's usual names).
    pub total: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// Types of one operation.
#[derive(Debug, Clone)]
pub struct OpTypes {
    pub response: TypeRef,
    /// The type of each parameter, in the order of the operation's
    /// [`Endpoint::params`] (reach one with [`OpTypes::param`]).
    pub params: Vec<TypeRef>,
    /// Type of the request example body, if the page has one.
    pub request: Option<TypeRef>,
}

/// One documented example and the type it must decode into. The JSON itself
/// stays in the IR ([`ExampleCase::value`]): at 10,000 pages a copy of every
/// example here was ~100 MB of the run's peak memory.
#[derive(Debug, Clone)]
pub struct ExampleCase {
    pub group: String,
    pub operation: String,
    pub kind: ExampleKind,
    /// 1-based index among the endpoint's examples of this kind.
    pub index: usize,
    /// Where the example is in the IR inference ran on:
    /// `api.endpoints[endpoint].examples[example]`.
    pub endpoint: usize,
    pub example: usize,
    pub ty: TypeRef,
    pub source: crate::ir::Source,
}

impl ExampleCase {
    /// The JSON decoded by the test (`data` of a success envelope, else the
    /// whole), read from `api`, the IR these types were inferred from. Cases
    /// come only from inference on that IR, so a miss is a generator bug: it
    /// panics naming the example, as [`Types::entry`] does.
    pub fn value<'a>(&self, api: &'a Api) -> &'a Value {
        let ex = api
            .endpoints
            .get(self.endpoint)
            .and_then(|e| e.examples.get(self.example))
            .unwrap_or_else(|| {
                panic!(
                    "generator bug: no example #{} of endpoint #{} (`{}.{}`)",
                    self.example, self.endpoint, self.group, self.operation
                )
            });
        match self.kind {
            // A success case was made only when its payload was found.
            ExampleKind::Success => {
                success_payload(&ex.value, api.settings.envelope.as_ref()).unwrap_or(&ex.value)
            }
            ExampleKind::Request | ExampleKind::Error => &ex.value,
        }
    }
}

/// Everything inference produces.
#[derive(Debug, Clone, Default)]
pub struct Types {
    /// The arena: the struct a [`TypeId`] names is at its index. Sorted by name
    /// (ids follow the names' order), so [`Types::id_of`] can search it; never
    /// reordered once ids are out.
    pub structs: Vec<StructDef>,
    /// Keyed by `(group, operation)`.
    pub ops: BTreeMap<(String, String), OpTypes>,
    pub examples: Vec<ExampleCase>,
    /// The struct for error envelopes, if any error example exists.
    pub error_type: Option<TypeId>,
}

impl Types {
    /// An arena of `structs` alone (no operations), sorted by name: for types
    /// built by hand. Fields refer to structs of this arena by [`Types::id_of`].
    pub fn from_structs(mut structs: Vec<StructDef>) -> Types {
        structs.sort_by(|a, b| a.name.cmp(&b.name));
        Types {
            structs,
            ..Types::default()
        }
    }

    /// The id of the struct named `name`, if there is one (a type a page or
    /// `overrides.toml` names, or a check that a name is free).
    pub fn id_of(&self, name: &str) -> Option<TypeId> {
        self.structs
            .binary_search_by(|s| s.name.as_str().cmp(name))
            .ok()
            .map(TypeId)
    }

    /// The struct named `name`, if there is one.
    pub fn get(&self, name: &str) -> Option<&StructDef> {
        self.id_of(name).map(|id| self.entry(id))
    }

    /// The struct a [`TypeRef::Struct`] refers to. Ids come only from the
    /// inference that built this arena, so a miss is a bug in the generator
    /// (not in a page): it panics, where a silent fallback would emit a wrong
    /// type.
    pub fn entry(&self, id: TypeId) -> &StructDef {
        self.structs.get(id.0).unwrap_or_else(|| {
            panic!(
                "generator bug: no struct #{} among the {} inferred",
                id.0,
                self.structs.len()
            )
        })
    }

    /// The struct `id` names, to edit in place (its docs, its field types).
    pub(crate) fn entry_mut(&mut self, id: TypeId) -> &mut StructDef {
        let n = self.structs.len();
        self.structs
            .get_mut(id.0)
            .unwrap_or_else(|| panic!("generator bug: no struct #{} among the {n} inferred", id.0))
    }

    /// Every struct of the arena with its id, in name order.
    pub fn entries(&self) -> impl Iterator<Item = (TypeId, &StructDef)> {
        self.structs.iter().enumerate().map(|(i, s)| (TypeId(i), s))
    }

    /// The Rust name of struct `id`.
    pub fn name(&self, id: TypeId) -> &str {
        &self.entry(id).name
    }

    /// The types of operation `e`. Inference types every operation of the API it
    /// ran on, so a miss is a generator bug: it panics naming the operation.
    pub fn op(&self, e: &Endpoint) -> &OpTypes {
        self.ops
            .get(&(e.group.clone(), e.operation.clone()))
            .unwrap_or_else(|| {
                panic!(
                    "generator bug: no types for operation `{}.{}`",
                    e.group, e.operation
                )
            })
    }
}

impl OpTypes {
    /// The type of parameter `p` of operation `e` (these are `e`'s types): `p`
    /// is one of `e.params` (the same one, not a copy), and its type is the one
    /// at its place. Every parameter has one, so a miss is a generator bug: it
    /// panics naming the parameter, never falls back to `String`.
    pub fn param(&self, e: &Endpoint, p: &Param) -> &TypeRef {
        param_index(e, p)
            .and_then(|i| self.params.get(i))
            .unwrap_or_else(|| {
                panic!(
                    "generator bug: no type for parameter `{}` (wire name `{}`) of `{}.{}`",
                    p.rust_name, p.wire_name, e.group, e.operation
                )
            })
    }

    /// Each parameter of operation `e` with its type, in `e.params` order.
    pub fn params<'a>(&'a self, e: &'a Endpoint) -> impl Iterator<Item = (&'a Param, &'a TypeRef)> {
        e.params.iter().map(move |p| (p, self.param(e, p)))
    }
}

/// The place of `p` in `e.params`, when `p` is one of them (by address: the
/// parameter itself, not an equal copy). Constant time, so looking up every
/// parameter of a page with 100,000 of them stays linear.
fn param_index(e: &Endpoint, p: &Param) -> Option<usize> {
    let size = std::mem::size_of::<Param>().max(1);
    let offset = (p as *const Param as usize).checked_sub(e.params.as_ptr() as usize)?;
    let i = offset / size;
    (offset % size == 0 && e.params.get(i).is_some_and(|q| std::ptr::eq(q, p))).then_some(i)
}
