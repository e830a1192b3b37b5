//! Stage 4, pass 3 (name): a name for every cluster, from the keys its objects
//! appeared under, with collisions resolved by context; then the renames of
//! `overrides.toml`. Hands cluster root → type name to building.

use super::cluster::Clusters;
use super::observation::{collect_objs, Obs, Observer};
use super::vocab::entity_word;
use crate::diag::{Diagnostic, Lint};
use crate::naming::{ident_camel, is_reserved_type_name, RESERVED_TYPE_NAMES};
use crate::overrides::Overrides;
use std::collections::{BTreeMap, BTreeSet};

/// Chooses a name for every cluster: the most common entity word among its
/// occurrences (ties: alphabetical). List items that want their detail's name
/// are its summary ([`summary_name`]); other clusters that want a taken name use
/// their context's name or are prefixed with their parent's name
/// (`OpportunityCustomer`), then numbered as a last resort.
pub(super) fn name_clusters(
    ob: &Observer,
    cl: &mut Clusters,
    overrides: &Overrides,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<usize, String> {
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for id in 0..ob.occs.len() {
        members.entry(cl.find(id)).or_default().push(id);
    }
    // The main entities of operations choose first, then the most-sampled clusters:
    // the full contact of `GET /contacts` is `Contact`, the contact summary nested in
    // customers becomes `CustomerContact`.
    // Among those, a resource's detail chooses before its list items (which are
    // then its summary, see [`summary_name`]).
    // A response of its resource's own group chooses before the same resource
    // returned by another group (`UserPage` is `GET /users`'s).
    let mut roots: Vec<(usize, usize, bool, bool, bool)> = members
        .iter()
        .map(|(r, m)| {
            (
                *r,
                m.len(),
                m.iter().any(|id| ob.occs[*id].primary),
                !is_detail(ob, m),
                m.iter().any(|id| ob.occs[*id].home),
            )
        })
        .collect();
    roots.sort_by(|a, b| {
        b.2.cmp(&a.2)
            .then(a.3.cmp(&b.3))
            .then(b.4.cmp(&a.4))
            .then(b.1.cmp(&a.1))
            .then(a.0.cmp(&b.0))
    });
    let mut taken: BTreeSet<String> = RESERVED_TYPE_NAMES
        .iter()
        .chain(crate::naming::PRELUDE)
        .map(|s| s.to_string())
        .collect();
    let mut out: BTreeMap<usize, String> = BTreeMap::new();
    let mut wanted: BTreeMap<usize, String> = BTreeMap::new();
    for (root, _, _, _, _) in &roots {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for id in &members[root] {
            let occ = &ob.occs[*id];
            let word = if occ.page_items.is_some()
                || occ.hint.ends_with("_request")
                || occ.hint == "api_error_body"
            {
                occ.hint.clone()
            } else {
                entity_word(&occ.hint)
            };
            *counts.entry(word).or_default() += 1;
        }
        let word = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(w, _)| w.clone())
            .unwrap_or_default();
        let word = group_word(ob, cl, &members[root]).unwrap_or(word);
        wanted.insert(*root, ident_camel(&word));
    }
    for (root, _, _, _, _) in &roots {
        if let Some(item) = category_map_item(ob, cl, &members[root]) {
            if let Some(w) = wanted.get(&item).cloned() {
                wanted.insert(*root, format!("{w}s"));
            }
        }
    }
    for (root, _, _, _, _) in &roots {
        let base = wanted[root].clone();
        let mut name = base.clone();
        if taken.contains(&name) {
            if is_reserved_type_name(&name) {
                // `Self_` (a keyword) gives `SelfData`, not `Self_Data`.
                name = format!("{}Data", base.trim_end_matches('_'));
            }
            if taken.contains(&name) && has_list_items(ob, &members[root]) {
                name = summary_name(&base);
            }
            if taken.contains(&name) {
                // Use the context's name (`ListPermissionResponse` for a top-level
                // object, `OpportunityInput` inside a request), else prefix with the
                // parent's wanted name (`ContractOpportunity`).
                let parent = members[root]
                    .iter()
                    .find_map(|id| ob.occs[*id].parent)
                    .map(|p| cl.find(p));
                let fallback = members[root]
                    .iter()
                    .find_map(|id| ob.occs[*id].fallback_name.clone());
                if let Some(f) = fallback {
                    name = ident_camel(&f);
                } else if let Some(p) = parent.and_then(|p| wanted.get(&p)) {
                    name = format!("{p}{base}");
                }
            }
            let stem = name.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{stem}{n}");
                n += 1;
            }
        }
        taken.insert(name.clone());
        out.insert(*root, name);
    }
    apply_renames(&mut out, overrides, diags);
    out
}

/// The distinct keys a cluster's objects appear under inside one parent
/// cluster, when there are at least two (`product`, `customer` under the
/// response of `GET /custom_fields/by_group_all`): such keys are categories the
/// parent sorts its items by, not names of what the items are.
fn category_keys(ob: &Observer, cl: &mut Clusters, members: &[usize]) -> Option<BTreeSet<String>> {
    let mut parents = BTreeSet::new();
    let mut hints = BTreeSet::new();
    for id in members {
        let occ = &ob.occs[*id];
        parents.insert(cl.find(occ.parent?));
        hints.insert(occ.hint.clone());
    }
    (parents.len() == 1 && hints.len() >= 2).then_some(hints)
}

/// Objects filed under category keys ([`category_keys`]) that hold a list of
/// entities (`{"label": "基本信息", "custom_fields": [...]}`) are groups of
/// those entities: `custom_field_group`, not the first category's name
/// (`CustomFieldCustomer`).
fn group_word(ob: &Observer, cl: &mut Clusters, members: &[usize]) -> Option<String> {
    category_keys(ob, cl, members)?;
    let occ = &ob.occs[*members.first()?];
    occ.fields.iter().find_map(|(k, obs)| {
        let mut ids = Vec::new();
        collect_objs(obs, &mut ids);
        let is_list = obs.iter().any(|o| matches!(o, Obs::Arr(_)));
        (is_list && !ids.is_empty()).then(|| format!("{}_group", entity_word(k)))
    })
}

/// A cluster whose every field (two or more) is a list of one other cluster
/// filed by category ([`category_keys`]): a map from category to items, named
/// after the items in the plural (`CustomFieldGroups`). Returns the items' root.
fn category_map_item(ob: &Observer, cl: &mut Clusters, members: &[usize]) -> Option<usize> {
    let occ = &ob.occs[*members.first()?];
    if occ.fields.len() < 2 {
        return None;
    }
    let mut items = BTreeSet::new();
    for (_, obs) in &occ.fields {
        if !obs.iter().all(|o| matches!(o, Obs::Arr(_))) {
            return None;
        }
        let mut ids = Vec::new();
        collect_objs(obs, &mut ids);
        for id in ids {
            items.insert(cl.find(id));
        }
    }
    let item = items.into_iter().next().filter(|_| occ.fields.len() >= 2)?;
    let item_members: Vec<usize> = (0..ob.occs.len()).filter(|i| cl.find(*i) == item).collect();
    category_keys(ob, cl, &item_members).map(|_| item)
}

/// Whether a cluster holds an operation's whole response (not a list's items):
/// the detail of its resource, which chooses its name before the resource's
/// list items.
fn is_detail(ob: &Observer, members: &[usize]) -> bool {
    members
        .iter()
        .any(|id| ob.occs[*id].primary && ob.occs[*id].parent.is_none())
}

/// Whether some object of a cluster is an item of a list page (`opportunities`
/// of `GET /customers/:id/opportunities`): such a cluster is a list's view of
/// its entity, named after the entity's detail ([`summary_name`]).
fn has_list_items(ob: &Observer, members: &[usize]) -> bool {
    members.iter().any(|id| {
        ob.occs[*id]
            .parent
            .is_some_and(|p| ob.occs[p].page_items.is_some())
    })
}

/// List items that do not merge with the detail of their entity (fewer and
/// other fields) are its summary: `OpportunitySummary` beside `Opportunity`,
/// the name a user would write, not the page-prefixed `OpportunityPageOpportunity`.
fn summary_name(entity: &str) -> String {
    format!("{entity}Summary")
}

/// Renames from overrides.toml. A new name that another type already has, or
/// that the generated crate uses itself ([`is_reserved_type_name`]), is refused
/// with a warning: applied, it would give two types one name and the emitted
/// crate would not compile.
fn apply_renames(
    out: &mut BTreeMap<usize, String>,
    overrides: &Overrides,
    diags: &mut Vec<Diagnostic>,
) {
    for (file, page) in &overrides.pages {
        for (from, to) in &page.types {
            let hit: Vec<usize> = out
                .iter()
                .filter(|(_, n)| *n == from)
                .map(|(r, _)| *r)
                .collect();
            if hit.is_empty() {
                diags.push(overrides.unused(file, &format!("no inferred type is named `{from}`")));
                continue;
            }
            let to = ident_camel(to);
            if let Some(why) = rename_refusal(out, from, &to) {
                diags.push(
                    Diagnostic::warning(
                        Lint::RenameRefused,
                        crate::overrides::FILE_NAME,
                        page.line,
                        1,
                        format!(
                            "the override for `{file}` renames `{from}` to `{to}`, but {why}; \
                             the rename is not applied"
                        ),
                    )
                    .with_help(
                        "choose a name no other type has (or rename the other type as well)",
                    ),
                );
                continue;
            }
            for r in hit {
                out.insert(r, to.clone());
            }
        }
    }
}

/// Why `from` may not be renamed to `to` given the names in `out`, if it may not.
fn rename_refusal(out: &BTreeMap<usize, String>, from: &str, to: &str) -> Option<String> {
    if to == from {
        return None;
    }
    if is_reserved_type_name(to) {
        return Some(format!("the generated crate uses `{to}` itself"));
    }
    out.values()
        .any(|n| n == to)
        .then(|| format!("another type is already named `{to}`"))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{page, types_of};

    fn names(pages: &[(String, Vec<u8>)]) -> Vec<String> {
        let mut v: Vec<String> = types_of(pages)
            .structs
            .iter()
            .map(|s| s.name.clone())
            .collect();
        v.sort();
        v
    }

    fn response(pages: &[(String, Vec<u8>)], op: &str) -> String {
        let t = types_of(pages);
        let (g, o) = op.split_once('.').expect("group.op");
        t.ops
            .get(&(g.to_string(), o.to_string()))
            .unwrap_or_else(|| panic!("no op {op}: {:?}", t.ops.keys().collect::<Vec<_>>()))
            .response
            .display(&t)
    }

    /// A read is named after the resource its path names, not its group.
    #[test]
    fn reads_are_named_after_their_resource() {
        let pages = [
            page(
                "/api/v2/shops/:shop_id/refunds/:id",
                r#"{"id": 1, "amount": "2.5", "reason": "坏了", "refunded_at": "2024-01-02"}"#,
            ),
            page(
                "/api/v2/shops/:id",
                r#"{"id": 1, "name": "一号店", "address": "上海", "phone": "021"}"#,
            ),
        ];
        assert_eq!(response(&pages, "shops.get_refund"), "Refund");
        assert_eq!(response(&pages, "shops.get"), "Shop");
    }

    /// `list` names nothing: the items and the page are named after the path's
    /// resource, and two `list` pages of different items stay two types; the
    /// page of the resource's own group keeps the plain name.
    #[test]
    fn generic_list_keys_are_named_after_the_resource() {
        let clerks = page(
            "/api/shops/interface/clerks",
            r#"{"list": [{"id": 1, "clerk_no": "c1", "shift": "早"}], "total_count": 1, "per_page": 10}"#,
        );
        let shop_users = page(
            "/api/shops/interface/users",
            r#"{"list": [{"id": 2, "name": "张三", "email": "a@b.c"}], "total_count": 1, "per_page": 10}"#,
        );
        let users = page(
            "/api/v2/users",
            r#"{"users": [{"id": 2, "name": "张三", "email": "a@b.c"}], "total_count": 1, "per_page": 10}"#,
        );
        let pages = [clerks, shop_users, users];
        assert_eq!(response(&pages, "shops.clerks"), "ClerkPage");
        assert_eq!(response(&pages, "users.list"), "UserPage");
        assert_eq!(response(&pages, "shops.users"), "ShopUserPage");
        let n = names(&pages);
        assert!(
            n.contains(&"Clerk".to_string()) && n.contains(&"User".to_string()),
            "{n:?}"
        );
        assert!(!n.iter().any(|s| s == "List" || s == "ListPage"), "{n:?}");
    }

    /// An object holding only one list is `{Item}List`.
    #[test]
    fn a_lone_list_is_named_after_its_items() {
        let pages = [page(
            "/api/v2/duplicates/matching_name",
            r#"{"customers": [{"id": 1, "name": "甲"}]}"#,
        )];
        assert_eq!(response(&pages, "duplicates.matching_name"), "CustomerList");
    }

    /// List items that do not merge with their detail are its summary.
    #[test]
    fn list_items_beside_a_detail_are_a_summary() {
        let pages = [
            page(
                "/api/v2/shops/:id",
                r#"{"id": 1, "name": "一号店", "address": "上海", "phone": "021", "opened_at": "2020-01-01", "area": 120}"#,
            ),
            page(
                "/api/v2/shops",
                r#"{"shops": [{"id": 1, "name": "一号店", "short_name": "一", "rank": 3, "is_mine": true}], "total_count": 1}"#,
            ),
        ];
        assert_eq!(response(&pages, "shops.get"), "Shop");
        let n = names(&pages);
        assert!(n.contains(&"ShopSummary".to_string()), "{n:?}");
        assert!(!n.contains(&"ShopPageShop".to_string()), "{n:?}");
    }

    /// Items filed under category keys (`product`, `customer`) holding a list of
    /// entities are groups of them; the map of categories is their plural.
    #[test]
    fn items_under_category_keys_are_groups() {
        let group = r#"[{"id": 9, "label": "基本信息", "position": 1, "status": "on", "tags": [{"id": 1, "name": "红", "color": "red"}]}]"#;
        let pages = [page(
            "/api/v2/tags/by_module",
            &format!(r#"{{"product": {group}, "customer": {group}}}"#),
        )];
        assert_eq!(response(&pages, "tags.by_module"), "TagGroups");
        let n = names(&pages);
        assert!(
            n.contains(&"TagGroup".to_string()) && n.contains(&"Tag".to_string()),
            "{n:?}"
        );
    }
}
