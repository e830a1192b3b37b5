//! Stage 4, paging: which operations are paged lists, and the `page` /
//! `per_page` parameters every list takes even when its table forgets them.
//! Runs after inference (on the IR and the types it produced).

use super::{TypeRef, Types};
use crate::ir::{Api, Endpoint, Location, Param};
use std::collections::BTreeSet;

/// Whether an operation is a paged list: it takes `page` or `per_page`.
pub(super) fn takes_page_params(e: &Endpoint) -> bool {
    e.params.iter().any(|p| {
        p.location == Location::Query && (p.wire_name == "page" || p.wire_name == "per_page")
    })
}

/// Every list takes `page` (1-based) and `per_page` (API-NOTES), even when a page's
/// table forgets them (`GET /api/v2/common_customers/:id/contacts`): operations
/// whose response is a page get them as optional query parameters, so they can be
/// streamed.
pub fn add_paging_params(api: &mut Api, types: &mut Types) {
    for e in &mut api.endpoints {
        let key = (e.group.clone(), e.operation.clone());
        let Some(op) = types.ops.get_mut(&key) else {
            continue;
        };
        let is_page = matches!(&op.response, TypeRef::Struct(n) if types.structs.iter().any(|s| &s.name == n && s.page.is_some()));
        if !is_page || e.method != crate::ir::Method::Get {
            continue;
        }
        for (wire, doc) in [
            (
                "page",
                "页码, 从 1 开始 (not in the page's table: every list takes it)",
            ),
            (
                "per_page",
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
