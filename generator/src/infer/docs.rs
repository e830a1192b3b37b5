//! Stage 4, docs: descriptions from the response-field and body-parameter
//! tables attached to the inferred structs (rustdoc), and a warning where a
//! documented type disagrees with the examples.

use super::resolve::{doc_type, safer};
use super::vocab::entity_word;
use super::{TypeRef, Types};
use crate::diag::{Diagnostic, Lint};
use crate::ir::{Endpoint, Location};
use crate::naming::ident_camel;

/// Attaches descriptions from the response-field table to the response struct (and
/// sub-tables to the structs of the fields they name); warns where a documented
/// type disagrees with the examples.
pub(super) fn document_fields(
    types: &mut Types,
    response: &TypeRef,
    e: &Endpoint,
    diags: &mut Vec<Diagnostic>,
) {
    let target = match response {
        TypeRef::Struct(id) => *id,
        _ => return,
    };
    // A page's item type, when the response is a list page.
    let item_target = types
        .entry(target)
        .page
        .as_ref()
        .and_then(|p| match &p.item {
            TypeRef::Struct(id) => Some(*id),
            _ => None,
        });
    for f in &e.response_fields {
        let struct_id = match &f.group {
            None => Some(target),
            Some(g) => {
                let via_field = types.entry(target).fields.iter().find(|x| {
                    x.wire_name.eq_ignore_ascii_case(g)
                        || entity_word(&x.wire_name) == entity_word(g)
                });
                match via_field.map(|x| &x.ty) {
                    Some(TypeRef::Struct(id)) => Some(*id),
                    Some(TypeRef::List(inner)) => match &**inner {
                        TypeRef::Struct(id) => Some(*id),
                        _ => continue,
                    },
                    // A sub-table names its entity (`loggable`): the struct of
                    // that name, if there is one.
                    _ => types.id_of(&ident_camel(&entity_word(g))),
                }
            }
        };
        for id in struct_id.into_iter().chain(item_target) {
            let st = types.entry(id);
            let Some(at) = st.fields.iter().position(|x| x.wire_name == f.name.trim()) else {
                continue;
            };
            let field = &st.fields[at];
            let desc = f.description.trim();
            let doc = (field.doc.is_none() && !desc.is_empty()).then(|| desc.to_string());
            let mut ty = None;
            if let Some(documented) = f.doc_type.as_deref().and_then(doc_type) {
                let chosen = safer(&documented, &field.ty);
                if chosen != field.ty
                    || (documented != field.ty
                        && !matches!(documented, TypeRef::Json | TypeRef::List(_)))
                {
                    let message = format!(
                        "`{}.{}` is documented as `{}` but the examples show `{}`; using `{}`",
                        st.name,
                        field.wire_name,
                        f.doc_type.as_deref().unwrap_or(""),
                        field.ty.display(types),
                        chosen.display(types)
                    );
                    diags.push(Diagnostic::warning(Lint::TypeVsExample,
                        &f.source.file, f.source.line, 1, message,
                    ).with_help("fix the table or the example, or pin the type in overrides.toml under `fields`"));
                    ty = Some(chosen);
                }
            }
            let field = &mut types.entry_mut(id).fields[at];
            if doc.is_some() {
                field.doc = doc;
            }
            if let Some(t) = ty {
                field.ty = t;
            }
            break;
        }
    }
}

/// Body parameter tables describe the entity's fields too (`opportunity[title]`
/// 商机标题 → `Opportunity.title`): fields without a description get it.
pub(super) fn document_from_params(types: &mut Types, e: &Endpoint) {
    let Some(root) = e.body_root.as_deref() else {
        return;
    };
    let Some(id) = types.id_of(&ident_camel(&entity_word(root))) else {
        return;
    };
    let st = types.entry_mut(id);
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
