//! Stage 4, pass 4 (build): each named cluster becomes a [`StructDef`] whose
//! fields union all samples; every field is a `Field<T>` (absent, null, empty and
//! other are all representable) and `T` comes from resolution. Then the field
//! type overrides of `overrides.toml`. Hands the structs to the operations pass.

use super::cluster::Clusters;
use super::observation::{Obs, Observer};
use super::resolve::{resolve_kind, safer, summarize, TypeIds};
use super::vocab::{PAGE_COUNTERS, PAGE_NUMBER_COUNTERS, PAGE_SIZE_COUNTERS, TOTAL_COUNTERS};
use super::{FieldDef, PageInfo, StructDef, TypeId, TypeRef};
use crate::diag::Diagnostic;
use crate::naming::{ident_snake, STRUCT_FIELDS};
use crate::overrides::Overrides;
use std::collections::{BTreeMap, BTreeSet};

/// The arena's ids: every named cluster gets one, in the order of the names
/// (so the arena is sorted by name, as the emitted modules and the snapshot list
/// the types).
pub(super) fn type_ids(names: &BTreeMap<usize, String>) -> TypeIds {
    let mut by_name: Vec<(&String, usize)> = names.iter().map(|(root, n)| (n, *root)).collect();
    by_name.sort();
    by_name
        .into_iter()
        .enumerate()
        .map(|(i, (_, root))| (root, TypeId(i)))
        .collect()
}

/// One struct per named cluster, at its id's place in the arena: fields in
/// order of first appearance, the union of all samples, each typed by
/// [`resolve_kind`] (a documented type may widen it, [`safer`]).
pub(super) fn build_structs(
    ob: &Observer,
    cl: &mut Clusters,
    names: &BTreeMap<usize, String>,
    type_ids: &TypeIds,
) -> Vec<StructDef> {
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for id in 0..ob.occs.len() {
        members.entry(cl.find(id)).or_default().push(id);
    }
    let mut arena: Vec<Option<StructDef>> = vec![None; type_ids.len()];
    for (root, ids) in &members {
        let (Some(name), Some(type_id)) = (names.get(root), type_ids.get(root)) else {
            continue;
        };
        let mut order: Vec<String> = Vec::new();
        let mut obs: BTreeMap<String, Vec<Obs>> = BTreeMap::new();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut docs: BTreeMap<String, String> = BTreeMap::new();
        let mut custom = false;
        let mut page_items = None;
        let mut paging = None;
        for id in ids {
            let occ = &ob.occs[*id];
            custom |= occ.custom;
            if page_items.is_none() {
                page_items = occ.page_items.clone();
            }
            if paging.is_none() {
                paging = occ.paging.clone();
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
        let mut taken: BTreeSet<String> = STRUCT_FIELDS.iter().map(|n| n.to_string()).collect();
        let mut fields = Vec::new();
        for k in &order {
            let s = summarize(obs[k].iter(), cl);
            let ty = resolve_kind(k, &s, type_ids, cl, 0);
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
            let keys: &Option<crate::ir::OpPaging> = &paging;
            let first = |own: Option<&String>, usual: &[&str]| -> Option<String> {
                own.map(String::as_str)
                    .into_iter()
                    .chain(usual.iter().copied())
                    .find(|k| fields.iter().any(|f| f.wire_name == *k))
                    .map(str::to_string)
            };
            let total = first(keys.as_ref().map(|p| &p.total), TOTAL_COUNTERS);
            let page = first(keys.as_ref().map(|p| &p.page), PAGE_NUMBER_COUNTERS);
            let per_page = first(keys.as_ref().map(|p| &p.per_page), PAGE_SIZE_COUNTERS);
            let chosen = [&total, &page, &per_page];
            Some(PageInfo {
                items_field: f.rust_name.clone(),
                item,
                counters: fields
                    .iter()
                    .filter(|f| {
                        PAGE_COUNTERS.contains(&f.wire_name.as_str())
                            || chosen
                                .iter()
                                .any(|c| c.as_deref() == Some(f.wire_name.as_str()))
                    })
                    .map(|f| f.rust_name.clone())
                    .collect(),
                total,
                page,
                per_page,
            })
        });
        arena[type_id.0] = Some(StructDef {
            name: name.clone(),
            sources: sources.into_iter().take(8).collect(),
            samples: ids.len(),
            fields,
            has_custom_fields: custom,
            page,
        });
    }
    arena
        .into_iter()
        .map(|s| s.expect("generator bug: a type id without its cluster"))
        .collect()
}

/// Field type overrides: `"Customer.staff_size" = "string"`.
pub(super) fn apply_field_overrides(
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
