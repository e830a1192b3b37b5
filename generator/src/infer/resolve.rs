//! Stage 4, resolution: the Rust type of a field from everything observed for it
//! ([`resolve_kind`]), from a documented type name ([`doc_type`]), and which wins
//! when they disagree ([`safer`]). Used by building, operations and docs.

use super::cluster::Clusters;
use super::observation::{Obs, MAX_LIST_NESTING};
use super::vocab::{is_id_name, is_money_name, is_quantity_name};
use super::{TypeId, TypeRef};
use crate::naming::singular;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Default, Debug)]
pub(super) struct Summary {
    pub(super) null: bool,
    pub(super) empty_str: bool,
    pub(super) empty_obj: bool,
    pub(super) empty_arr: bool,
    pub(super) bool_: bool,
    pub(super) int: bool,
    pub(super) float: bool,
    pub(super) num_str_int: bool,
    pub(super) num_str_frac: bool,
    pub(super) date: bool,
    pub(super) str_: bool,
    pub(super) objs: BTreeSet<usize>,
    pub(super) items: Vec<Obs>,
    pub(super) has_items: bool,
    pub(super) doc: Option<TypeRef>,
}

pub(super) fn summarize<'a>(obs: impl IntoIterator<Item = &'a Obs>, cl: &mut Clusters) -> Summary {
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

/// Cluster root → the id of its struct in the arena ([`super::build::type_ids`]).
pub(super) type TypeIds = BTreeMap<usize, TypeId>;

/// The struct of the cluster of occurrence `id`. Clusters are complete before
/// naming and every one is named and given an id, so a miss is a generator bug:
/// it panics, where it once made a struct named `serde_json::Value`.
pub(super) fn cluster_type(ids: &TypeIds, cl: &mut Clusters, id: usize) -> TypeId {
    let root = cl.find(id);
    *ids.get(&root)
        .unwrap_or_else(|| panic!("generator bug: cluster {root} (of object {id}) has no type"))
}

/// Picks the Rust type for a field from everything observed for it. Precedence,
/// most structured first, because `Field<T>` keeps any value that does not fit `T`
/// losslessly (`"attachments": "暂无附件"` next to an array stays readable as
/// `Field::Other`): object > array > number > date > string > bool.
/// Numbers: money names, fractions and numeric strings mixed with numbers are
/// exact [`TypeRef::Decimal`]; integers only are `i64`; integer-looking strings
/// alone are option codes (`"stage": "3511"`) and stay strings.
pub(super) fn resolve_kind(
    field: &str,
    s: &Summary,
    ids: &TypeIds,
    cl: &mut Clusters,
    depth: usize,
) -> TypeRef {
    if let Some(first) = s.objs.iter().next() {
        return TypeRef::Struct(cluster_type(ids, cl, *first));
    }
    if s.has_items && depth >= MAX_LIST_NESTING {
        return TypeRef::Json;
    }
    if s.has_items {
        let inner = summarize(s.items.clone().iter(), cl);
        return TypeRef::List(Box::new(resolve_kind(
            &singular(field),
            &inner,
            ids,
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
pub(super) fn safer(documented: &TypeRef, inferred: &TypeRef) -> TypeRef {
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
