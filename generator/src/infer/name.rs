//! Stage 4, pass 3 (name): a name for every cluster, from the keys its objects
//! appeared under, with collisions resolved by context; then the renames of
//! `overrides.toml`. Hands cluster root → type name to building.

use super::cluster::Clusters;
use super::observe::Observer;
use super::vocab::entity_word;
use crate::diag::{Diagnostic, Lint};
use crate::naming::{ident_camel, is_reserved_type_name, RESERVED_TYPE_NAMES};
use crate::overrides::Overrides;
use std::collections::{BTreeMap, BTreeSet};

/// Chooses a name for every cluster: the most common entity word among its
/// occurrences (ties: alphabetical). Clusters that want a taken name are prefixed
/// with their parent's name (`OpportunityCustomer`), then numbered as a last resort.
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
    let mut roots: Vec<(usize, usize, bool)> = members
        .iter()
        .map(|(r, m)| (*r, m.len(), m.iter().any(|id| ob.occs[*id].primary)))
        .collect();
    roots.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
    let mut taken: BTreeSet<String> = RESERVED_TYPE_NAMES
        .iter()
        .chain(crate::naming::PRELUDE)
        .map(|s| s.to_string())
        .collect();
    let mut out: BTreeMap<usize, String> = BTreeMap::new();
    let mut wanted: BTreeMap<usize, String> = BTreeMap::new();
    for (root, _, _) in &roots {
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
        wanted.insert(*root, ident_camel(&word));
    }
    for (root, _, _) in &roots {
        let base = wanted[root].clone();
        let mut name = base.clone();
        if taken.contains(&name) {
            if is_reserved_type_name(&name) {
                // `Self_` (a keyword) gives `SelfData`, not `Self_Data`.
                name = format!("{}Data", base.trim_end_matches('_'));
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
                        &overrides.text,
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
