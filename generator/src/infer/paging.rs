//! Stage 4, paging: the paging parameters every list takes even when its table
//! forgets them. Which operations are paged lists, and by which keys, is decided
//! once, as [`crate::ir::Endpoint::paging`] (`crate::discover::op_paging`). Runs
//! after inference (on the IR and the types it produced).

use super::{TypeRef, Types};
use crate::ir::{Api, Endpoint, Location, Param};
use std::collections::BTreeSet;

/// Whether an operation is a paged list (its paging was decided in discover).
pub(super) fn takes_page_params(e: &Endpoint) -> bool {
    e.paging.is_some()
}

/// Every list takes the convention's page (1-based) and page-size parameters
/// (API-NOTES: `page`, `per_page`), even when a page's table forgets them
/// (`GET /api/v2/common_customers/:id/contacts`): operations whose response is a
/// page get them as optional query parameters, and the convention's paging, so
/// they can be streamed.
pub fn add_paging_params(api: &mut Api, types: &mut Types) {
    let convention = crate::discover::settings_paging(&api.settings.paging);
    for e in &mut api.endpoints {
        let key = (e.group.clone(), e.operation.clone());
        let Some(op) = types.ops.get_mut(&key) else {
            continue;
        };
        let is_page = matches!(&op.response, TypeRef::Struct(n) if types.structs.iter().any(|s| &s.name == n && s.page.is_some()));
        if !is_page || e.method != crate::ir::Method::Get {
            continue;
        }
        let paging = e.paging.get_or_insert_with(|| convention.clone()).clone();
        for (wire, doc) in [
            (
                paging.page.as_str(),
                "页码, 从 1 开始 (not in the page's table: every list takes it)",
            ),
            (
                paging.per_page.as_str(),
                "每页条数, 默认 15, 最大 100 (not in the page's table: every list takes it)",
            ),
        ] {
            if e.params.iter().any(|p| p.wire_name == wire) {
                continue;
            }
            let mut taken: BTreeSet<String> =
                e.params.iter().map(|p| p.rust_name.clone()).collect();
            let rust_name = crate::naming::dedupe(wire.to_string(), &mut taken);
            op.params.insert(rust_name.clone(), TypeRef::Integer);
            e.params.push(Param {
                wire_name: wire.to_string(),
                wire_path: vec![wire.to_string()],
                rust_name,
                location: Location::Query,
                required: false,
                doc_type: Some("Integer".into()),
                description: doc.to_string(),
                default: None,
                source: e.source.clone(),
            });
        }
    }
}
