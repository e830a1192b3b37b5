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
//! `types.rs` holds what they produce: the [`Types`] arena.
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
mod types;
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

pub use types::{ExampleCase, FieldDef, OpTypes, PageInfo, StructDef, TypeId, TypeRef, Types};

use crate::diag::Diagnostic;
use crate::ir::Api;
use crate::overrides::Overrides;

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

    /// An example case reads its JSON from the IR (no copy): a success case is
    /// the `data` of the page's envelope, the very value the endpoint holds.
    #[test]
    fn an_example_case_is_the_payload_in_the_ir() {
        let g = crate::pipeline::generate(
            &[page("/api/v2/users/:id", r#"{"id": 1, "name": "a"}"#)],
            None,
        );
        let [case] = &g.types.examples[..] else {
            panic!("one example case: {:?}", g.types.examples);
        };
        let value = case.value(&g.api);
        assert_eq!(value, &serde_json::json!({"id": 1, "name": "a"}));
        let whole = &g.api.endpoints[case.endpoint].examples[case.example].value;
        assert!(std::ptr::eq(value, &whole["data"]));
    }

    #[test]
    #[should_panic(expected = "generator bug: no example #0 of endpoint #0 (`users.get`)")]
    fn an_example_case_of_another_api_fails_loudly() {
        let g = crate::pipeline::generate(&[page("/api/v2/users/:id", r#"{"id": 1}"#)], None);
        g.types.examples[0].value(&Api::default());
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
