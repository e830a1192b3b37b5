//! Stage 4, the observation arena of pass 1: an [`Obs`]ervation is what one
//! JSON value shows (a scalar kind, a list, or another occurrence), an
//! occurrence ([`Occ`]) is one non-empty object (its keys, the key it appeared
//! under, its parent). [`Observer::walk`] turns a JSON value into them; observe
//! and table fill the arena, clustering, naming and building read it.

use super::vocab::{entity_word, is_custom_field, is_date_text, numeric_text};
use super::TypeRef;
use crate::naming::singular;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub(super) type OccId = usize;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Obs {
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
pub(super) struct Occ {
    /// Key it appeared under, or a name from context.
    pub(super) hint: String,
    /// Entity words this occurrence may be named by.
    pub(super) names: BTreeSet<String>,
    /// Fields in document order.
    pub(super) fields: Vec<(String, Vec<Obs>)>,
    pub(super) keys: BTreeSet<String>,
    pub(super) custom: bool,
    /// List pages only merge with pages of the same items.
    pub(super) page_items: Option<String>,
    /// The paging of the operation a list page answers (its counters' keys).
    pub(super) paging: Option<crate::ir::OpPaging>,
    /// The main entity of an operation (its response, or the items of its page):
    /// such clusters choose their name before nested look-alikes.
    pub(super) primary: bool,
    /// Name to use when the wanted one is taken (top-level objects have no parent
    /// to qualify them): `ListPermissionResponse`.
    pub(super) fallback_name: Option<String>,
    /// The response of an endpoint of its resource's own group (`GET /users`
    /// for a user page, not `GET /call_centers/interface/users`): when two
    /// responses want one name, the home one gets it ([`is_home`]).
    pub(super) home: bool,
    pub(super) parent: Option<OccId>,
    pub(super) source: crate::ir::Source,
    /// Docs for fields, from tables.
    pub(super) docs: BTreeMap<String, String>,
}

impl Occ {
    /// An occurrence found under `hint` (its name, as an entity word) inside
    /// `parent`, with no fields yet.
    pub(super) fn new(hint: &str, parent: Option<OccId>, source: &crate::ir::Source) -> Self {
        Occ {
            hint: hint.to_string(),
            names: [entity_word(hint)].into_iter().collect(),
            fields: Vec::new(),
            keys: BTreeSet::new(),
            custom: false,
            page_items: None,
            paging: None,
            primary: false,
            fallback_name: None,
            home: false,
            parent,
            source: source.clone(),
            docs: BTreeMap::new(),
        }
    }
}

#[derive(Default)]
pub(super) struct Observer {
    pub(super) occs: Vec<Occ>,
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
    /// Observes `v`, found under the key `hint` inside occurrence `parent`:
    /// every non-empty object (not deeper than [`MAX_DEPTH`]) becomes an occurrence.
    pub(super) fn walk(
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
                self.occs.push(Occ::new(hint, parent, src));
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

impl Obs {
    /// Moves every occurrence id by `offset` (when another arena's occurrences
    /// are appended to this one).
    pub(super) fn shift(&mut self, offset: usize) {
        match self {
            Obs::Obj(id) => *id += offset,
            Obs::Arr(items) => items.iter_mut().for_each(|i| i.shift(offset)),
            _ => {}
        }
    }
}

/// Every occurrence id in `obs`, lists included.
pub(super) fn collect_objs(obs: &[Obs], out: &mut Vec<usize>) {
    for o in obs {
        match o {
            Obs::Obj(id) => out.push(*id),
            Obs::Arr(items) => collect_objs(items, out),
            _ => {}
        }
    }
}
