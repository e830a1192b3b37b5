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
        TypeRef::Struct(n) => n.clone(),
        _ => return,
    };
    // A page's item type, when the response is a list page.
    let item_target = types
        .struct_named(&target)
        .page
        .as_ref()
        .and_then(|p| match &p.item {
            TypeRef::Struct(n) => Some(n.clone()),
            _ => None,
        });
    for f in &e.response_fields {
        let struct_name = match &f.group {
            None => target.clone(),
            Some(g) => {
                let via_field = types.struct_named(&target).fields.iter().find(|x| {
                    x.wire_name.eq_ignore_ascii_case(g)
                        || entity_word(&x.wire_name) == entity_word(g)
                });
                match via_field.map(|x| &x.ty) {
                    Some(TypeRef::Struct(n)) => n.clone(),
                    Some(TypeRef::List(inner)) => match &**inner {
                        TypeRef::Struct(n) => n.clone(),
                        _ => continue,
                    },
                    _ => ident_camel(&entity_word(g)),
                }
            }
        };
        let mut candidates = vec![struct_name.clone()];
        if let Some(i) = &item_target {
            candidates.push(i.clone());
        }
        for name in candidates {
            let Ok(idx) = types
                .structs
                .binary_search_by(|s| s.name.as_str().cmp(&name))
            else {
                continue;
            };
            let st = &mut types.structs[idx];
            let Some(field) = st.fields.iter_mut().find(|x| x.wire_name == f.name.trim()) else {
                continue;
            };
            if field.doc.is_none() && !f.description.trim().is_empty() {
                field.doc = Some(f.description.trim().to_string());
            }
            if let Some(doc) = f.doc_type.as_deref().and_then(doc_type) {
                let chosen = safer(&doc, &field.ty);
                if chosen != field.ty
                    || (doc != field.ty && !matches!(doc, TypeRef::Json | TypeRef::List(_)))
                {
                    diags.push(Diagnostic::warning(Lint::TypeVsExample,
                        &f.source.file, f.source.line, 1,
                        format!(
                            "`{}.{}` is documented as `{}` but the examples show `{}`; using `{}`",
                            st.name, field.wire_name, f.doc_type.as_deref().unwrap_or(""), field.ty.display(), chosen.display()
                        ),
                    ).with_help("fix the table or the example, or pin the type in overrides.toml under `fields`"));
                    field.ty = chosen;
                }
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
    let name = ident_camel(&entity_word(root));
    let Ok(idx) = types
        .structs
        .binary_search_by(|s| s.name.as_str().cmp(&name))
    else {
        return;
    };
    let st = &mut types.structs[idx];
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
