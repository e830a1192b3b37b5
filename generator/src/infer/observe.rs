//! Stage 4, pass 1 (observe): every JSON example of every endpoint is walked
//! into the observation arena ([`Observer`], in `observation.rs`): what the
//! response, request and error examples show, which objects are an operation's
//! main entity, list pages and wrappers, and the names to fall back on. Hands
//! the arena and each endpoint's top-level observations ([`EpObs`]) to
//! clustering.

use super::observation::{collect_objs, Obs, Observer};
use super::table::{doc_occurrence, wrap_in_page};
use super::vocab::{entity_word, is_generic_items_key, resource_word};
use crate::diag::{Diagnostic, Lint};
use crate::discover::{page_items_key, success_payload};
use crate::ir::{Api, Endpoint, ExampleKind};
use crate::naming::singular;
use serde_json::Value;
use std::collections::BTreeMap;

/// The name of a top-level response whose wanted name is taken: qualified by
/// the group when it names another resource (`CallCenterUserPage` beside the
/// `UserPage` of `GET /user`), else by the operation (`ListPermissionResponse`).
fn response_fallback_name(e: &Endpoint, hint: &str) -> String {
    let group = singular(&e.group);
    if entity_word(hint) != group && !hint.starts_with(&group) {
        format!("{group}_{hint}")
    } else {
        format!("{}_{}_response", e.operation, group)
    }
}

/// Whether a response named by `hint` (`user_page`, `contract`) belongs to
/// the endpoint's own group: its entity is the group's (`user` for `/user`
/// and `/users`). Such a response names the type before responses of the same
/// resource from other groups.
fn is_home(e: &Endpoint, hint: &str) -> bool {
    let group = singular(&e.group);
    let word = entity_word(hint);
    word == group || word.strip_suffix("_page").or(word.strip_suffix("_list")) == Some(&group)
}

/// Not a page but a wrapper around one list (`{"permissions": [...],
/// "visible_tabs": …}` for `GET /permissions`, `{"customers": [...]}` for
/// `GET /duplicates/matching_name`): the list named after the group, or the only
/// key of the object. Named `{Item}List` (`PermissionList`, `CustomerList`)
/// rather than after the group or the operation.
fn list_wrapper_key(m: &serde_json::Map<String, Value>, e: &Endpoint) -> Option<String> {
    if m.get(&e.group).is_some_and(Value::is_array) {
        return Some(e.group.clone());
    }
    match m.iter().next() {
        Some((k, Value::Array(items)))
            if m.len() == 1 && items.first().is_some_and(Value::is_object) =>
        {
            Some(k.clone())
        }
        _ => None,
    }
}

/// The word a list's items are named by: the key they are under, singular,
/// unless the key names nothing ([`is_generic_items_key`]): then the resource
/// of the endpoint.
fn items_word(key: &str, e: &Endpoint) -> String {
    if is_generic_items_key(key) {
        resource_word(e)
    } else {
        singular(key)
    }
}

/// Where one endpoint's top-level observations went.
pub(super) struct EpObs {
    pub(super) response: Vec<Obs>,
    pub(super) request: Vec<Obs>,
    /// Every example, as [`Case`]s.
    pub(super) cases: Vec<Case>,
}

/// What the examples (or, without examples, the field table) of one endpoint
/// show, observed into `ob`; `true` when the response comes from the table.
fn observe_endpoint(
    e: &Endpoint,
    ob: &mut Observer,
    envelope: Option<&crate::settings::Envelope>,
) -> (EpObs, bool) {
    let entity = singular(&e.group);
    let mut from_table = false;
    let mut ep = EpObs {
        response: Vec::new(),
        request: Vec::new(),
        cases: Vec::new(),
    };
    let mut counters: BTreeMap<ExampleKind, usize> = BTreeMap::new();
    for (at, ex) in e.examples.iter().enumerate() {
        let n = counters.entry(ex.kind).or_default();
        *n += 1;
        let index = *n;
        match ex.kind {
            ExampleKind::Success => {
                let Some(part) = success_payload(&ex.value, envelope) else {
                    continue;
                };
                let items = part
                    .as_object()
                    .and_then(|m| page_items_key(m, e, e.paging.as_ref()));
                let list_key = part
                    .as_object()
                    .filter(|_| items.is_none())
                    .and_then(|m| list_wrapper_key(m, e));
                let hint = match (&items, &list_key) {
                    (Some(items), _) => format!("{}_page", items_word(items, e)),
                    (None, Some(key)) => format!("{}_list", items_word(key, e)),
                    (None, None) => resource_word(e),
                };
                let obs = ob.walk(part, &hint, None, &ex.source, 0);
                if let Obs::Obj(id) = obs {
                    let primary_items: Vec<usize> = match items.as_ref().or(list_key.as_ref()) {
                        Some(key) => {
                            let mut ids = Vec::new();
                            if let Some((_, o)) = ob.occs[id].fields.iter().find(|(k, _)| k == key)
                            {
                                collect_objs(o, &mut ids);
                            }
                            ids
                        }
                        None => vec![id],
                    };
                    let generic = items
                        .as_ref()
                        .or(list_key.as_ref())
                        .is_some_and(|k| is_generic_items_key(k));
                    for i in primary_items {
                        let occ = &mut ob.occs[i];
                        occ.primary = true;
                        if generic {
                            occ.hint = resource_word(e);
                            occ.names = [entity_word(&occ.hint)].into_iter().collect();
                        }
                    }
                    ob.occs[id].paging = items.as_ref().and(e.paging.clone());
                    ob.occs[id].page_items = items;
                    ob.occs[id].fallback_name = Some(response_fallback_name(e, &hint));
                    ob.occs[id].home = is_home(e, &hint);
                }
                ep.response.push(obs.clone());
                ep.cases.push((ex.kind, index, at, ex.source.clone(), obs));
            }
            ExampleKind::Request => {
                let hint = format!("{}_{}_request", e.operation, entity);
                let first_new = ob.occs.len();
                let obs = ob.walk(&ex.value, &hint, None, &ex.source, 0);
                // Entities inside a request body that do not merge with their
                // response twin are inputs: `OpportunityInput`.
                for occ in ob
                    .occs
                    .iter_mut()
                    .skip(first_new)
                    .filter(|o| o.parent.is_some())
                {
                    occ.fallback_name = Some(format!("{}_input", entity_word(&occ.hint)));
                }
                ep.request.push(obs.clone());
                ep.cases.push((ex.kind, index, at, ex.source.clone(), obs));
            }
            ExampleKind::Error => {
                let obs = ob.walk(&ex.value, "api_error_body", None, &ex.source, 0);
                ep.cases.push((ex.kind, index, at, ex.source.clone(), obs));
            }
        }
    }
    // No response example: build the type from the documented field table.
    if ep.response.is_empty() && !e.response_fields.is_empty() {
        if let Some(obs) = doc_occurrence(ob, e, &entity) {
            let obs = if e.paging.is_some() {
                wrap_in_page(ob, e, obs)
            } else {
                obs
            };
            from_table = true;
            ep.response.push(obs);
        }
    }
    (ep, from_table)
}

impl Observer {
    /// Appends the occurrences another observer made (ids shifted past ours),
    /// exactly as if they had been observed here, in order.
    fn append(&mut self, other: Observer, ep: &mut EpObs) {
        let offset = self.occs.len();
        for obs in ep.response.iter_mut().chain(ep.request.iter_mut()) {
            obs.shift(offset);
        }
        for case in &mut ep.cases {
            case.4.shift(offset);
        }
        self.occs.extend(other.occs.into_iter().map(|mut occ| {
            occ.parent = occ.parent.map(|p| p + offset);
            for obs in occ.fields.iter_mut().flat_map(|(_, obs)| obs) {
                obs.shift(offset);
            }
            occ
        }));
    }
}

/// One example: its kind, its 1-based index among the endpoint's examples of
/// that kind, its place in [`Endpoint::examples`] (the JSON stays in the IR:
/// at 10,000 pages a copy of every example was ~100 MB of the run's peak), where
/// it is, and what it was observed as.
pub(super) type Case = (ExampleKind, usize, usize, crate::ir::Source, Obs);

/// Observes every endpoint: independently (on every core), each into its own
/// arena, then appended in order, so ids and output are those of one pass.
/// Endpoints whose response comes from the field table get a warning.
pub(super) fn observe_api(api: &Api, diags: &mut Vec<Diagnostic>) -> (Observer, Vec<EpObs>) {
    let observed = crate::par::map(&api.endpoints, |e| {
        let mut local = Observer::default();
        let (ep, from_table) = observe_endpoint(e, &mut local, api.settings.envelope.as_ref());
        (local, ep, from_table)
    });
    let mut ob = Observer::default();
    let mut eps: Vec<EpObs> = Vec::with_capacity(observed.len());
    for (e, (local, mut ep, from_table)) in api.endpoints.iter().zip(observed) {
        ob.append(local, &mut ep);
        if from_table {
            diags.push(
                Diagnostic::warning(
                    Lint::NoResponseExample,
                    &e.source.file,
                    e.source.line,
                    1,
                    format!(
                        "`{}` has no response example; its type is built from the field table",
                        e.signature()
                    ),
                )
                .with_help("add a 返回示例 / 正确时返回 JSON example to the page"),
            );
        }
        eps.push(ep);
    }
    (ob, eps)
}
