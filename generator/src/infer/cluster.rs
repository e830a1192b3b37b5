//! Stage 4, pass 2 (cluster): occurrences describing the same entity are merged
//! into one cluster, by endpoint, by structure ([`same_entity`]: `creator`, `user`,
//! `before_user` become one `User`) and by the field they appear under. Hands a
//! union-find ([`Clusters`]) over the occurrences to naming and building.

use super::observation::{collect_objs, Obs, Observer, Occ};
use super::observe::EpObs;
use crate::ir::ExampleKind;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Two objects describe the same entity when they share at least
/// [`MIN_SHARED_KEYS`] keys and either
/// * their Jaccard similarity is at least [`MERGE_JACCARD`] and they are big enough
///   ([`MIN_UNION_FOR_STRUCTURE`] keys) for the overlap to mean something, or the
///   names they appeared under agree; or
/// * one is nearly a subset of the other (overlap ≥ [`MERGE_SUBSET`]) and the names agree
///   (`customer` with 20 keys in a contract draft, 60 in a detail page).
pub const MIN_SHARED_KEYS: usize = 2;
pub const MERGE_JACCARD: f64 = 0.6;
pub const MIN_UNION_FOR_STRUCTURE: usize = 4;
pub const MERGE_SUBSET: f64 = 0.8;

pub fn same_entity<K: Ord>(
    a: &BTreeSet<K>,
    a_names: &BTreeSet<String>,
    b: &BTreeSet<K>,
    b_names: &BTreeSet<String>,
) -> Option<f64> {
    let shared = a.intersection(b).count();
    if shared < MIN_SHARED_KEYS {
        return None;
    }
    let union = a.len() + b.len() - shared;
    let jaccard = shared as f64 / union as f64;
    let subset = shared as f64 / a.len().min(b.len()) as f64;
    let names_agree = !a_names.is_disjoint(b_names);
    if jaccard >= MERGE_JACCARD && (union >= MIN_UNION_FOR_STRUCTURE || names_agree) {
        return Some(jaccard + if names_agree { 1.0 } else { 0.0 });
    }
    if subset >= MERGE_SUBSET && names_agree {
        return Some(subset * 0.5 + 1.0);
    }
    None
}

pub(super) struct Clusters {
    parent: Vec<usize>,
}

impl Clusters {
    pub(super) fn new(n: usize) -> Self {
        Clusters {
            parent: (0..n).collect(),
        }
    }
    pub(super) fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }
    /// Union; the smaller id stays the root so results do not depend on merge order.
    pub(super) fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[hi] = lo;
        true
    }
}

/// Groups the occurrences into clusters, one per entity: the top-level objects
/// of one endpoint first, then by structure ([`cluster_by_structure`]), then
/// objects seen under the same field of the same entity ([`merge_same_slots`]).
pub(super) fn cluster(ob: &Observer, eps: &[EpObs]) -> Clusters {
    let mut cl = Clusters::new(ob.occs.len());
    union_top_levels(eps, &mut cl);
    // Structural clustering, with an inverted index (key → clusters) so each object
    // is only compared with clusters it shares a key with.
    cluster_by_structure(ob, &mut cl);
    merge_same_slots(ob, &mut cl);
    cl
}

/// Top-level objects of one endpoint's responses are one type; so are its requests;
/// all error bodies are one type.
fn union_top_levels(eps: &[EpObs], cl: &mut Clusters) {
    let mut error_occs = Vec::new();
    for ep in eps {
        for group in [&ep.response, &ep.request] {
            let ids: Vec<usize> = group
                .iter()
                .filter_map(|o| {
                    if let Obs::Obj(id) = o {
                        Some(*id)
                    } else {
                        None
                    }
                })
                .collect();
            for w in ids.windows(2) {
                cl.union(w[0], w[1]);
            }
        }
        for (kind, _, _, _, obs) in &ep.cases {
            if let (ExampleKind::Error, Obs::Obj(id)) = (kind, obs) {
                error_occs.push(*id);
            }
        }
    }
    for w in error_occs.windows(2) {
        cl.union(w[0], w[1]);
    }
}

/// Rounds of merging after which objects seen under the same field of the same
/// entity are one entity (each round can enable the next; real corpora settle
/// in two or three).
const SLOT_ROUNDS: usize = 8;

/// Objects under the same field of the same entity are the same entity.
fn merge_same_slots(ob: &Observer, cl: &mut Clusters) {
    for _round in 0..SLOT_ROUNDS {
        let mut changed = false;
        let mut by_slot: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
        for (id, occ) in ob.occs.iter().enumerate() {
            let root = cl.find(id);
            for (k, obs) in &occ.fields {
                let mut ids = Vec::new();
                collect_objs(obs, &mut ids);
                by_slot.entry((root, k.clone())).or_default().extend(ids);
            }
        }
        for ids in by_slot.values() {
            for w in ids.windows(2) {
                let (a, b) = (&ob.occs[w[0]], &ob.occs[w[1]]);
                // Pages of different items never merge.
                if a.page_items.is_some() || b.page_items.is_some() {
                    continue;
                }
                changed |= cl.union(w[0], w[1]);
            }
        }
        if !changed {
            break;
        }
    }
}

/// Two list pages hold the same items when the items sit under the same key and
/// are named by the same word: `{"list": [...]}` of call agents and of users are
/// different pages (their hints, `call_agent_page` and `user_page`, differ).
fn same_items(a: &Occ, b: &Occ) -> bool {
    a.page_items == b.page_items && a.hint == b.hint
}

/// Keys held by more clusters than this (`id`, `name`, `created_at`…) say nothing
/// about which entity an object is; they are not used to find merge candidates
/// (unless an object has no other key). This keeps clustering near-linear on large
/// corpora: without it every object is compared with every cluster.
const STOPWORD_POSTINGS: usize = 32;

fn cluster_by_structure(ob: &Observer, cl: &mut Clusters) {
    // Keys as small numbers (in order of first appearance): set intersections
    // compare integers instead of strings, the hot loop of clustering.
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let occ_keys: Vec<BTreeSet<u32>> = ob
        .occs
        .iter()
        .map(|occ| {
            occ.keys
                .iter()
                .map(|k| {
                    let next = ids.len() as u32;
                    *ids.entry(k.as_str()).or_insert(next)
                })
                .collect()
        })
        .collect();
    // Current key set and names of each cluster root, and key → roots holding it.
    let mut keys: BTreeMap<usize, BTreeSet<u32>> = BTreeMap::new();
    let mut names: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    let mut index: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); ids.len()];
    // Visit bigger objects first: they define the entity, smaller ones join them.
    let mut order: Vec<usize> = (0..ob.occs.len()).collect();
    order.sort_by(|a, b| {
        ob.occs[*b]
            .keys
            .len()
            .cmp(&ob.occs[*a].keys.len())
            .then(a.cmp(b))
    });
    for id in order {
        let occ = &ob.occs[id];
        let my_occ_keys = &occ_keys[id];
        let root = cl.find(id);
        let best = {
            let my_keys = keys.get(&root).unwrap_or(my_occ_keys);
            let mut my_names = names.get(&root).cloned().unwrap_or_default();
            my_names.extend(occ.names.iter().cloned());
            let postings: Vec<&BTreeSet<usize>> = my_occ_keys
                .iter()
                .map(|k| &index[*k as usize])
                .filter(|p| !p.is_empty())
                .collect();
            let selective: Vec<&BTreeSet<usize>> = postings
                .iter()
                .copied()
                .filter(|p| p.len() <= STOPWORD_POSTINGS)
                .collect();
            let sources = if selective.is_empty() {
                postings
                    .iter()
                    .copied()
                    .min_by_key(|p| p.len())
                    .into_iter()
                    .collect()
            } else {
                selective
            };
            let mut candidates: BTreeSet<usize> = BTreeSet::new();
            for roots in sources {
                candidates.extend(roots.iter().copied());
            }
            candidates.remove(&root);
            let mut best: Option<(f64, usize)> = None;
            for c in candidates {
                let (Some(ck), Some(cn)) = (keys.get(&c), names.get(&c)) else {
                    continue;
                };
                let other = &ob.occs[c];
                if (occ.page_items.is_some() || other.page_items.is_some())
                    && !same_items(occ, other)
                {
                    continue;
                }
                // Two pages of the same items are one page type, whatever counters the
                // (often truncated) examples show.
                let same_page = occ.page_items.is_some() && same_items(occ, other);
                if let Some(score) =
                    same_entity(my_keys, &my_names, ck, cn).or(same_page.then_some(3.0))
                {
                    if best.is_none_or(|(s, r)| score > s || (score == s && c < r)) {
                        best = Some((score, c));
                    }
                }
            }
            best.map(|(_, c)| c)
        };
        // Merge into the best cluster (or start/extend our own), keeping the index
        // pointing at live roots only. Invariant: `index[k]` holds root `r` exactly
        // when `keys[r]` holds `k`, so only the keys of a cluster that stops being
        // a root, and the keys this object adds, need their postings changed (not
        // every key of a growing cluster once per member).
        let mine = keys.remove(&root).unwrap_or_default();
        let mut merged_names = names.remove(&root).unwrap_or_default();
        let (new_root, mut merged_keys) = match best {
            Some(c) => {
                cl.union(root, c);
                let theirs = keys.remove(&c).unwrap_or_default();
                merged_names.extend(names.remove(&c).unwrap_or_default());
                let new_root = cl.find(root);
                let (mut kept, moved, loser) = if new_root == c {
                    (theirs, mine, root)
                } else {
                    (mine, theirs, c)
                };
                for k in moved {
                    let roots = &mut index[k as usize];
                    roots.remove(&loser);
                    roots.insert(new_root);
                    kept.insert(k);
                }
                (new_root, kept)
            }
            None => (root, mine),
        };
        for &k in my_occ_keys {
            if merged_keys.insert(k) {
                index[k as usize].insert(new_root);
            }
        }
        merged_names.extend(occ.names.iter().cloned());
        keys.insert(new_root, merged_keys);
        names.insert(new_root, merged_names);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(k: &[&str]) -> BTreeSet<String> {
        k.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn overlap_rule() {
        let user = keys(&[
            "id",
            "email",
            "created_at",
            "name",
            "organization_id",
            "phone",
            "role_id",
            "workflow_state",
            "job",
            "tel",
            "avatar_url",
            "department_name",
        ]);
        let dept = keys(&["id", "name"]);
        let loggable = keys(&["id", "title"]);
        let template = keys(&["id", "name", "position", "status", "is_usable"]);
        let u = keys(&["user"]);
        let c = keys(&["creator_x"]);
        assert!(
            same_entity(&user, &u, &user, &c).is_some(),
            "same 12 keys merge whatever the names"
        );
        assert!(
            same_entity(&dept, &keys(&["department"]), &dept, &keys(&["department"])).is_some()
        );
        assert!(
            same_entity(&dept, &keys(&["department"]), &dept, &keys(&["country"])).is_none(),
            "tiny objects need agreeing names"
        );
        assert!(same_entity(
            &dept,
            &keys(&["department"]),
            &loggable,
            &keys(&["loggable"])
        )
        .is_none());
        assert!(same_entity(
            &dept,
            &keys(&["department"]),
            &template,
            &keys(&["custom_field_template"])
        )
        .is_none());
    }
}
