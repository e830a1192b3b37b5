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
//!
//! One file per pass, run in this order by [`infer`]:
//!
//! | file | pass |
//! |---|---|
//! | `observe.rs` (+ `table.rs`) | examples (or field tables) → occurrences, in the arena of `observation.rs` |
//! | `cluster.rs` | occurrences → clusters, one per entity |
//! | `name.rs` | a type name per cluster, overrides' renames |
//! | `build.rs` | clusters → structs, overrides' field types |
//! | `ops.rs` (+ `docs.rs`) | per-operation types, table docs, example cases |
//!
//! Which operations are paged lists is decided before inference
//! ([`crate::discover::op_paging`], with the paging parameters a table forgets),
//! as [`crate::ir::Endpoint::paging`]; the passes read it and edit no IR.
//!
//! `vocab.rs` holds the recognisers (money, ids, dates, entity words) and
//! `resolve.rs` the choice of a field's type; both are used by several passes.
//! Hands [`Types`] to emit, the OpenAPI export and the snapshot: an arena of
//! structs that types refer to by [`TypeId`] (the name lives in the struct
//! only), and per operation the types of its response and of each parameter,
//! reached from the operation and the parameter ([`OpTypes::param`]).

mod build;
mod cluster;
mod docs;
mod name;
mod observation;
mod observe;
mod ops;
mod resolve;
mod table;
mod vocab;

pub use cluster::{
    same_entity, MERGE_JACCARD, MERGE_SUBSET, MIN_SHARED_KEYS, MIN_UNION_FOR_STRUCTURE,
};
pub use observation::MAX_LIST_NESTING;
pub use ops::param_type;
pub use resolve::doc_type;
pub use vocab::{
    entity_word, is_custom_field, is_date_param_name, is_date_text, is_id_name, is_money_name,
    is_quantity_name,
};

use crate::diag::Diagnostic;
use crate::ir::{Api, Endpoint, ExampleKind, Param};
use crate::overrides::Overrides;
use serde_json::Value;
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

/// A struct of the [`Types`] arena: an opaque id (its place in
/// [`Types::structs`]), handed out by inference once every struct is named.
/// The struct's Rust name lives in its [`StructDef`] only, so a rename is one
/// edit; [`Types::entry`] follows the id (a dangling one is a generator bug and
/// panics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(usize);

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

/// One documented example and the type it must decode into.
#[derive(Debug, Clone)]
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

/// Infers the types of the whole API: the passes, in order.
pub fn infer(api: &Api, overrides: &Overrides) -> (Types, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (ob, eps) = observe::observe_api(api, &mut diags);
    let mut cl = cluster::cluster(&ob, &eps);
    let names = name::name_clusters(&ob, &mut cl, overrides, &mut diags);
    let ids = build::type_ids(&names);
    let mut structs = build::build_structs(&ob, &mut cl, &names, &ids);
    build::apply_field_overrides(&mut structs, overrides, &mut diags);
    let mut types = Types {
        structs,
        ..Default::default()
    };
    ops::operation_types(api, eps, &mut cl, &ids, &mut types, &mut diags);
    (types, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// Every operation, each of its parameters and every struct a type refers to
    /// has its types: what emit and the OpenAPI export look up.
    #[test]
    fn every_operation_parameter_and_struct_is_reachable() {
        let pages = [
            page(
                "/api/v2/users",
                r#"{"users": [{"id": 1, "name": "a"}], "total_count": 1}"#,
            ),
            page(
                "/api/v2/users/:id",
                r#"{"id": 1, "name": "a", "dept": {"id": 2}}"#,
            ),
        ];
        let g = crate::pipeline::generate(&pages, None);
        assert_eq!(g.api.endpoints.len(), 2);
        for e in &g.api.endpoints {
            let op = g.types.op(e);
            let mut todo: Vec<&TypeRef> = op.params(e).map(|(_, t)| t).collect();
            assert_eq!(todo.len(), e.params.len());
            todo.push(&op.response);
            while let Some(t) = todo.pop() {
                match t {
                    TypeRef::List(inner) => todo.push(inner),
                    TypeRef::Struct(id) => {
                        todo.extend(g.types.entry(*id).fields.iter().map(|f| &f.ty))
                    }
                    _ => {}
                }
            }
        }
    }

    #[test]
    #[should_panic(expected = "generator bug: no types for operation `users.get`")]
    fn a_missing_operation_fails_loudly() {
        let g = crate::pipeline::generate(&[page("/api/v2/users/:id", r#"{"id": 1}"#)], None);
        Types::default().op(&g.api.endpoints[0]);
    }

    #[test]
    #[should_panic(expected = "generator bug: no type for parameter `id`")]
    fn a_missing_parameter_fails_loudly() {
        let g = crate::pipeline::generate(&[page("/api/v2/users/:id", r#"{"id": 1}"#)], None);
        let e = &g.api.endpoints[0];
        let mut op = g.types.op(e).clone();
        op.params.clear();
        op.param(e, &e.params[0]);
    }

    /// A parameter is reached through the operation that has it, not through an
    /// equal parameter of another: a copy of `id` is not `id`.
    #[test]
    #[should_panic(expected = "generator bug: no type for parameter `id`")]
    fn a_parameter_of_another_operation_fails_loudly() {
        let g = crate::pipeline::generate(&[page("/api/v2/users/:id", r#"{"id": 1}"#)], None);
        let e = &g.api.endpoints[0];
        let copy = e.params[0].clone();
        g.types.op(e).param(e, &copy);
    }

    #[test]
    #[should_panic(expected = "generator bug: no struct #0 among the 0 inferred")]
    fn a_missing_struct_fails_loudly() {
        Types::default().entry(TypeId(0));
    }

    /// The Rust name lives in the arena's entry only: renaming it there renames
    /// every reference (a field's type, a response) at once.
    #[test]
    fn a_rename_is_one_edit() {
        let mut t = types_of(&[page(
            "/api/v2/users/:id",
            r#"{"id": 1, "name": "a", "dept": {"id": 2, "title": "x"}}"#,
        )]);
        let dept = t.id_of("Dept").expect("Dept");
        t.entry_mut(dept).name = "Department".into();
        let user = t.get("User").expect("User");
        let field = user
            .fields
            .iter()
            .find(|f| f.wire_name == "dept")
            .expect("dept");
        assert_eq!(field.ty.display(&t), "Department");
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
}
