//! Stage 4, pass 5 (operations): each operation's response, request and
//! parameter types, the documented examples with the type each decodes into,
//! and the docs of the tables attached to the structs. Hands [`Types`] on.

use super::cluster::Clusters;
use super::docs::{document_fields, document_from_params};
use super::observation::Obs;
use super::observe::{Case, EpObs};
use super::resolve::{cluster_type, doc_type, resolve_kind, summarize, TypeIds};
use super::vocab::{entity_word, is_date_param_name, is_id_name, is_money_name, is_quantity_name};
use super::{ExampleCase, OpTypes, TypeRef, Types};
use crate::diag::{Diagnostic, Lint};
use crate::ir::{Api, Endpoint, ExampleKind, Location, Param};
use crate::naming::{ident_camel, singular};

/// Per-operation types (response, request, parameters), docs from the tables
/// onto the structs, and the example cases the emitted tests decode.
pub(super) fn operation_types(
    api: &Api,
    eps: Vec<EpObs>,
    cl: &mut Clusters,
    ids: &TypeIds,
    types: &mut Types,
    diags: &mut Vec<Diagnostic>,
) {
    // Per-operation types, docs from tables, example cases.
    for (endpoint, (e, ep)) in api.endpoints.iter().zip(eps).enumerate() {
        let s = summarize(ep.response.iter(), cl);
        let conflict = contradicting_shapes(&ep.cases);
        if let Some(((a_src, a), (b_src, b))) = conflict {
            diags.push(
                Diagnostic::warning(
                    Lint::ExamplesDisagree,
                    &b_src.file,
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
            resolve_kind(&singular(&e.group), &s, ids, cl, 0)
        };
        let request = if ep.request.is_empty() {
            None
        } else {
            let s = summarize(ep.request.iter(), cl);
            Some(resolve_kind("request", &s, ids, cl, 0))
        };
        document_fields(types, &response, e, diags);
        document_from_params(types, e);
        let params = e.params.iter().map(|p| param_type(p, e, types)).collect();
        for (kind, index, example, source, obs) in ep.cases {
            let ty = match obs {
                Obs::Obj(id) => TypeRef::Struct(cluster_type(ids, cl, id)),
                _ => match kind {
                    ExampleKind::Success => response.clone(),
                    ExampleKind::Request => request.clone().unwrap_or(TypeRef::Json),
                    ExampleKind::Error => TypeRef::Json,
                },
            };
            if kind == ExampleKind::Error {
                if let TypeRef::Struct(id) = &ty {
                    types.error_type = Some(*id);
                }
            }
            types.examples.push(ExampleCase {
                group: e.group.clone(),
                operation: e.operation.clone(),
                kind,
                index,
                endpoint,
                example,
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

/// The Rust type of a request parameter: the type of the same field in the entity
/// it is wrapped in (`opportunity[expect_amount]` → `Opportunity.expect_amount` is a
/// `Decimal`), else the documented type, else by name (ids and paging are integers),
/// else a string. Date-times are passed as text. `ids[]` is a list, and so is a
/// parameter documented as one ([`documented_list`]).
pub fn param_type(p: &Param, e: &Endpoint, types: &Types) -> TypeRef {
    let is_list = (p.wire_path.len() > 1 && p.wire_path.last().is_some_and(|s| s.is_empty()))
        || documented_list(p);
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
    let paging = e
        .paging
        .as_ref()
        .is_some_and(|pg| pg.is_paging_param(&field))
        .then_some(TypeRef::Integer);
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

/// A parameter whose table documents it as a list (`user_ids | array | 用户ids`,
/// `list<Long>`, `int[]`) takes a list whatever its wire name says: its items get
/// the type its singular name gives (`user_id` → an integer).
fn documented_list(p: &Param) -> bool {
    matches!(
        p.doc_type.as_deref().and_then(doc_type),
        Some(TypeRef::List(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_arrays_are_lists_of_their_singular() {
        let param = |name: &str, ty: Option<&str>| Param {
            wire_name: name.into(),
            wire_path: vec![name.into()],
            rust_name: name.into(),
            location: crate::ir::Location::Query,
            required: true,
            doc_type: ty.map(Into::into),
            description: String::new(),
            default: None,
            source: crate::ir::Source {
                file: "p.md".into(),
                line: 1,
            },
        };
        let e = Endpoint {
            group: "users".into(),
            operation: "list".into(),
            method: crate::ir::Method::Get,
            path: crate::ir::PathTemplate {
                raw: "/users".into(),
                segments: vec![],
            },
            summary: String::new(),
            title: None,
            params: vec![],
            body_root: None,
            examples: vec![],
            response_fields: vec![],
            notes: vec![],
            updated_at: None,
            author: None,
            source: crate::ir::Source {
                file: "p.md".into(),
                line: 1,
            },
            merged_from: vec![],
            token_header: None,
            other_methods: vec![],
            origin: None,
            auth_doc: None,
            paging: None,
        };
        let types = Types::default();
        assert_eq!(
            param_type(&param("user_ids", Some("array")), &e, &types),
            TypeRef::List(Box::new(TypeRef::Integer))
        );
        assert_eq!(
            param_type(&param("tags", Some("list<String>")), &e, &types),
            TypeRef::List(Box::new(TypeRef::String))
        );
        assert_eq!(
            param_type(&param("user_ids", Some("string")), &e, &types),
            TypeRef::String
        );
    }

    #[test]
    fn examples_of_contradicting_shapes() {
        let src = |line| crate::ir::Source {
            file: "p.md".into(),
            line,
        };
        let case = |line, obs| (ExampleKind::Success, 1, 0, src(line), obs);
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
}
