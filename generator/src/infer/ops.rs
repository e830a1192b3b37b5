//! Stage 4, pass 5 (operations): each operation's response, request and
//! parameter types, the documented examples with the type each decodes into,
//! and the docs of the tables attached to the structs. Hands [`Types`] on.

use super::cluster::Clusters;
use super::docs::{document_fields, document_from_params};
use super::observe::{EpObs, Obs};
use super::resolve::{doc_type, resolve_kind, summarize};
use super::vocab::{entity_word, is_date_param_name, is_id_name, is_money_name, is_quantity_name};
use super::{ExampleCase, OpTypes, TypeRef, Types};
use crate::diag::Diagnostic;
use crate::ir::{Api, Endpoint, Location, Param};
use crate::naming::{ident_camel, singular};
use crate::page::ExampleKind;
use std::collections::BTreeMap;

/// Per-operation types (response, request, parameters), docs from the tables
/// onto the structs, and the example cases the emitted tests decode.
pub(super) fn operation_types(
    api: &Api,
    eps: Vec<EpObs>,
    cl: &mut Clusters,
    names: &BTreeMap<usize, String>,
    types: &mut Types,
    texts: &dyn Fn(&str) -> String,
    diags: &mut Vec<Diagnostic>,
) {
    // Per-operation types, docs from tables, example cases.
    for (e, ep) in api.endpoints.iter().zip(eps) {
        let s = summarize(ep.response.iter(), cl);
        let response = if ep.response.is_empty() {
            TypeRef::Json
        } else {
            resolve_kind(&singular(&e.group), &s, names, cl, 0)
        };
        let request = if ep.request.is_empty() {
            None
        } else {
            let s = summarize(ep.request.iter(), cl);
            Some(resolve_kind("request", &s, names, cl, 0))
        };
        document_fields(types, &response, e, diags, texts);
        document_from_params(types, e);
        let params = e
            .params
            .iter()
            .map(|p| (p.rust_name.clone(), param_type(p, e, types)))
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
