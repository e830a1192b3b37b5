//! Stage 4, pass 1 for pages without a response example: an occurrence built
//! from the documented response-field table (and sub-tables), wrapped in a list
//! page when the operation is paged. Hands occurrences to observe.

use super::observation::{Obs, Observer, Occ};
use super::resolve::doc_type;
use super::vocab::entity_word;
use super::TypeRef;
use crate::ir::Endpoint;
use crate::naming::singular;
use std::collections::{BTreeMap, BTreeSet};

/// Builds an occurrence from a response-field table (pages without an example).
/// Sub-tables (`loggable`, `attachment_files`) become nested objects.
pub(super) fn doc_occurrence(ob: &mut Observer, e: &Endpoint, entity: &str) -> Option<Obs> {
    let top: Vec<&crate::ir::FieldDoc> = e.top_response_fields().collect();
    if top.is_empty() {
        return None;
    }
    let build = |ob: &mut Observer, rows: &[&crate::ir::FieldDoc], hint: &str| -> usize {
        let id = ob.occs.len();
        ob.occs.push(Occ::new(hint, None, &e.source));
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

/// A paged list without a response example: its field table describes one item,
/// and `docs/API-NOTES.md` says list data holds the items under the group's plural name plus
/// `total_count`, `per_page` and `page`; build that page around the item.
pub(super) fn wrap_in_page(ob: &mut Observer, e: &Endpoint, item: Obs) -> Obs {
    let id = ob.occs.len();
    let paging = e
        .paging
        .clone()
        .unwrap_or_else(|| crate::discover::settings_paging(&crate::settings::Paging::default()));
    let items = paging.items.clone().unwrap_or_else(|| e.group.clone());
    let fields = vec![
        (items.clone(), vec![Obs::Arr(vec![item.clone()])]),
        (paging.total.clone(), vec![Obs::Doc(TypeRef::Integer)]),
        (paging.per_page.clone(), vec![Obs::Doc(TypeRef::Integer)]),
        (paging.page.clone(), vec![Obs::Doc(TypeRef::Integer)]),
    ];
    let hint = format!("{}_page", singular(&e.group));
    ob.occs.push(Occ {
        names: [hint.clone()].into_iter().collect(),
        keys: fields.iter().map(|(k, _)| k.clone()).collect(),
        fields,
        page_items: Some(items),
        paging: Some(paging),
        ..Occ::new(&hint, None, &e.source)
    });
    if let Obs::Obj(item_id) = item {
        ob.occs[item_id].parent = Some(id);
    }
    Obs::Obj(id)
}
