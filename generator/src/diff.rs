//! What changed between two generations, for users of the generated crate.
//!
//! A generation leaves a reviewable snapshot in the output folder
//! ([`crate::snapshot`]: `api.json`, the IR, and `types.json`, the inferred types).
//! Before writing, `cargo xtask codegen` reads the snapshot on disk, compares it with
//! the new one built in memory ([`diff`]) and prints the changes, each marked
//! **breaking** or **compatible** in the semver sense for code that uses the crate:
//!
//! | change | impact | why |
//! |---|---|---|
//! | operation added | compatible | a new method |
//! | operation removed | breaking | a method disappears |
//! | operation renamed (same method and path) | breaking | the method name changes |
//! | operation's method or path changed (same name) | compatible | only the wire changes |
//! | response type changed | breaking | `send()` returns another type |
//! | optional parameter added | compatible | a new setter on the request builder |
//! | required (or path) parameter added | breaking | a new argument of the method |
//! | parameter removed | breaking | an argument or a setter disappears |
//! | parameter made required | breaking | the setter becomes an argument |
//! | parameter made optional | breaking | the argument becomes a setter (callers passing it no longer compile) |
//! | parameter's Rust name or type changed | breaking | argument / setter signature |
//! | parameter moved between query and body | compatible | only the wire changes |
//! | type added | compatible | |
//! | type removed or renamed | breaking | |
//! | field added | compatible | see below |
//! | field removed, renamed (Rust name) or retyped | breaking | |
//!
//! Adding a public field is, strictly, breaking for code that builds the struct with
//! an exhaustive literal. The generated structs are response types that are decoded,
//! always carry an `extra` map and derive `Default`: code that builds them must use
//! `..Default::default()`, so we call a new field compatible. (Keys that were in
//! `extra` before move to the new field.)

use crate::ir::{Endpoint, Location, Param};
use crate::snapshot::{
    FieldSnapshot, OpSnapshot, Snapshot, SnapshotView, StructSnapshot, TypesSnapshot, TYPES_FILE,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Breaking or compatible for code that uses the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    Breaking,
    Compatible,
}

impl Impact {
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
        }
    }
}

/// What kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    OperationAdded,
    OperationRemoved,
    OperationRenamed,
    /// Same name, other method or path.
    OperationMoved,
    ResponseTypeChanged,
    ParamAdded,
    ParamRemoved,
    ParamMadeRequired,
    ParamMadeOptional,
    ParamRenamed,
    ParamTypeChanged,
    ParamLocationChanged,
    TypeAdded,
    TypeRemoved,
    TypeRenamed,
    FieldAdded,
    FieldRemoved,
    FieldRenamed,
    FieldTypeChanged,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub impact: Impact,
    pub kind: ChangeKind,
    /// `opportunities.update`, `opportunities.update(opportunity[title])`,
    /// `Opportunity`, `Opportunity.expect_amount`.
    pub subject: String,
    /// One sentence, markdown (backticks).
    pub message: String,
    /// Where the new (or, for removals, the old) definition is documented.
    pub source: Option<String>,
}

/// Everything that changed, operations first, then types; each part by subject.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ApiDiff {
    pub changes: Vec<Change>,
    /// Remarks about the comparison itself (e.g. no types in the old snapshot).
    pub notes: Vec<String>,
}

impl ApiDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.impact == Impact::Breaking)
    }

    pub fn compatible(&self) -> impl Iterator<Item = &Change> {
        self.changes
            .iter()
            .filter(|c| c.impact == Impact::Compatible)
    }

    pub fn has_breaking(&self) -> bool {
        self.breaking().next().is_some()
    }

    /// The first change of this kind about this subject.
    pub fn find(&self, kind: ChangeKind, subject: &str) -> Option<&Change> {
        self.changes
            .iter()
            .find(|c| c.kind == kind && c.subject == subject)
    }

    fn summary(&self) -> String {
        let b = self.breaking().count();
        let c = self.compatible().count();
        format!("{b} breaking, {c} compatible")
    }

    /// The semver bump the changes need: `major`, `minor` or `none`
    /// (for 0.x versions, `major` means the minor number).
    pub fn bump(&self) -> &'static str {
        if self.has_breaking() {
            "major"
        } else if self.is_empty() {
            "none"
        } else {
            "minor"
        }
    }

    /// For the terminal: one line per change.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.is_empty() {
            out.push_str("API unchanged since the last generation\n");
        } else {
            out.push_str(&format!(
                "API changes since the last generation: {} (semver: {})\n",
                self.summary(),
                self.bump()
            ));
            for c in self.breaking().chain(self.compatible()) {
                let src = c
                    .source
                    .as_deref()
                    .map(|s| format!("  [{s}]"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "  {:<10}  {}{src}\n",
                    c.impact.as_str(),
                    c.message.replace('`', "")
                ));
            }
        }
        for n in &self.notes {
            out.push_str(&format!("  note: {n}\n"));
        }
        out
    }

    /// For review: a Markdown document (`--diff FILE`).
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("# API changes\n\n");
        if self.is_empty() {
            out.push_str(
                "No changes to operations, parameters or types since the last generation.\n",
            );
        } else {
            out.push_str(&format!(
                "{} change(s): **{}**. Semver bump for the `ikcrm` crate: **{}**{}.\n",
                self.changes.len(),
                self.summary(),
                self.bump(),
                if self.has_breaking() {
                    " (for a 0.x version: the minor number)"
                } else {
                    ""
                }
            ));
            for (title, impact) in [
                ("Breaking", Impact::Breaking),
                ("Compatible", Impact::Compatible),
            ] {
                let items: Vec<&Change> =
                    self.changes.iter().filter(|c| c.impact == impact).collect();
                if items.is_empty() {
                    continue;
                }
                out.push_str(&format!("\n## {title}\n\n"));
                for c in items {
                    let src = c
                        .source
                        .as_deref()
                        .map(|s| format!(" (`{s}`)"))
                        .unwrap_or_default();
                    out.push_str(&format!("- **{}**: {}{src}\n", impact.as_str(), c.message));
                }
            }
        }
        if !self.notes.is_empty() {
            out.push_str("\n## Notes\n\n");
            for n in &self.notes {
                out.push_str(&format!("- {n}\n"));
            }
        }
        out
    }
}

/// `GET /api/v2/opportunities/{}`: method and path with placeholders unnamed, so
/// `:id` and `{opportunity_id}` match.
fn shape(e: &Endpoint) -> String {
    format!("{} {}", e.method.as_str(), e.path.shape())
}

fn op_key(e: &Endpoint) -> String {
    format!("{}.{}", e.group, e.operation)
}

/// `client.opportunities().update(…)`.
fn call(e: &Endpoint) -> String {
    format!("client.{}().{}(…)", e.group, e.operation)
}

fn loc(l: Location) -> &'static str {
    match l {
        Location::Path => "path",
        Location::Query => "query",
        Location::Body => "body",
        Location::Header => "header",
    }
}

struct Ctx<'a> {
    old: Option<&'a TypesSnapshot>,
    new: Option<&'a TypesSnapshot>,
    changes: Vec<Change>,
}

impl Ctx<'_> {
    fn push(
        &mut self,
        impact: Impact,
        kind: ChangeKind,
        subject: String,
        message: String,
        source: Option<String>,
    ) {
        self.changes.push(Change {
            impact,
            kind,
            subject,
            message,
            source,
        });
    }

    fn old_op(&self, key: &str) -> Option<&OpSnapshot> {
        self.old.and_then(|t| t.operations.get(key))
    }

    fn new_op(&self, key: &str) -> Option<&OpSnapshot> {
        self.new.and_then(|t| t.operations.get(key))
    }
}

/// Compares two snapshots.
pub fn diff(old: &Snapshot, new: &Snapshot) -> ApiDiff {
    diff_views(old.view(), new.view())
}

/// [`diff`] on borrowed snapshots: `cargo xtask codegen` compares the snapshot it
/// read with this run's IR in place.
pub fn diff_views(old: SnapshotView<'_>, new: SnapshotView<'_>) -> ApiDiff {
    let mut ctx = Ctx {
        old: old.types,
        new: new.types,
        changes: Vec::new(),
    };
    let mut notes = Vec::new();
    if old.types.is_none() || new.types.is_none() {
        notes.push(format!(
            "the {} snapshot has no `{TYPES_FILE}`: types and fields were not compared",
            if old.types.is_none() {
                "previous"
            } else {
                "new"
            }
        ));
    }

    // Operations: by name, then renames by method and path.
    let old_ops: BTreeMap<String, &Endpoint> =
        old.api.endpoints.iter().map(|e| (op_key(e), e)).collect();
    let new_ops: BTreeMap<String, &Endpoint> =
        new.api.endpoints.iter().map(|e| (op_key(e), e)).collect();
    let mut pairs: Vec<(&Endpoint, &Endpoint)> = Vec::new();
    let mut removed: Vec<&Endpoint> = Vec::new();
    for (k, o) in &old_ops {
        match new_ops.get(k) {
            Some(n) => pairs.push((o, n)),
            None => removed.push(o),
        }
    }
    let mut added: Vec<&Endpoint> = new_ops
        .iter()
        .filter(|(k, _)| !old_ops.contains_key(*k))
        .map(|(_, e)| *e)
        .collect();
    let mut renamed = Vec::new();
    removed.retain(|o| match added.iter().position(|n| shape(n) == shape(o)) {
        Some(i) => {
            renamed.push((*o, added.remove(i)));
            false
        }
        None => true,
    });
    for o in removed {
        ctx.push(
            Impact::Breaking,
            ChangeKind::OperationRemoved,
            op_key(o),
            format!(
                "operation `{}` (`{}`) removed: `{}` no longer exists",
                op_key(o),
                o.signature(),
                call(o)
            ),
            Some(o.source.to_string()),
        );
    }
    for n in added {
        ctx.push(
            Impact::Compatible,
            ChangeKind::OperationAdded,
            op_key(n),
            format!(
                "operation `{}` (`{}`) added: `{}`",
                op_key(n),
                n.signature(),
                call(n)
            ),
            Some(n.source.to_string()),
        );
    }
    for (o, n) in &renamed {
        ctx.push(
            Impact::Breaking,
            ChangeKind::OperationRenamed,
            op_key(n),
            format!(
                "operation `{}` renamed to `{}` (same `{}`): `{}` becomes `{}`",
                op_key(o),
                op_key(n),
                n.signature(),
                call(o),
                call(n)
            ),
            Some(n.source.to_string()),
        );
    }
    for (o, n) in pairs.iter().chain(renamed.iter()) {
        diff_op(&mut ctx, o, n);
    }

    // Types.
    if let (Some(ot), Some(nt)) = (old.types, new.types) {
        diff_types(&mut ctx, ot, nt);
    }

    let mut changes = ctx.changes;
    // Operations first, then types; stable by subject within each.
    let is_type = |k: ChangeKind| k >= ChangeKind::TypeAdded;
    changes.sort_by(|a, b| {
        (is_type(a.kind), &a.subject, a.kind).cmp(&(is_type(b.kind), &b.subject, b.kind))
    });
    ApiDiff { changes, notes }
}

fn diff_op(ctx: &mut Ctx<'_>, o: &Endpoint, n: &Endpoint) {
    let key = op_key(n);
    let src = Some(n.source.to_string());
    if o.method != n.method || shape(o) != shape(n) {
        ctx.push(
            Impact::Compatible,
            ChangeKind::OperationMoved,
            key.clone(),
            format!(
                "operation `{key}` now calls `{}` (was `{}`); the method keeps its name",
                n.signature(),
                o.signature()
            ),
            src.clone(),
        );
    }
    let (old_t, new_t) = (ctx.old_op(&op_key(o)).cloned(), ctx.new_op(&key).cloned());
    if let (Some(ot), Some(nt)) = (&old_t, &new_t) {
        if ot.response != nt.response {
            ctx.push(
                Impact::Breaking,
                ChangeKind::ResponseTypeChanged,
                key.clone(),
                format!(
                    "operation `{key}` now returns `{}` (was `{}`)",
                    nt.response, ot.response
                ),
                src.clone(),
            );
        }
    }
    let ty_of = |t: &Option<OpSnapshot>, p: &Param| {
        t.as_ref().and_then(|t| t.params.get(&p.rust_name).cloned())
    };

    let old_params: BTreeMap<&str, &Param> =
        o.params.iter().map(|p| (p.wire_name.as_str(), p)).collect();
    let new_params: BTreeMap<&str, &Param> =
        n.params.iter().map(|p| (p.wire_name.as_str(), p)).collect();
    let names: BTreeSet<&str> = old_params
        .keys()
        .chain(new_params.keys())
        .copied()
        .collect();
    for w in names {
        let subject = format!("{key}({w})");
        match (old_params.get(w), new_params.get(w)) {
            (Some(op), None) => {
                let what = if op.is_positional() {
                    format!("argument `{}` of `{}`", op.rust_name, call(o))
                } else {
                    format!("setter `.{}(…)`", op.rust_name)
                };
                ctx.push(
                    Impact::Breaking,
                    ChangeKind::ParamRemoved,
                    subject,
                    format!(
                        "`{key}`: {} parameter `{w}` removed: the {what} disappears",
                        loc(op.location)
                    ),
                    Some(op.source.to_string()),
                );
            }
            (None, Some(np)) => {
                let (impact, what) = if np.is_positional() {
                    (
                        Impact::Breaking,
                        format!("a new argument `{}` of `{}`", np.rust_name, call(n)),
                    )
                } else {
                    (
                        Impact::Compatible,
                        format!("a new setter `.{}(…)`", np.rust_name),
                    )
                };
                let req = if np.location == Location::Path {
                    "path"
                } else if np.required {
                    "required"
                } else {
                    "optional"
                };
                ctx.push(
                    impact,
                    ChangeKind::ParamAdded,
                    subject,
                    format!(
                        "`{key}`: {req} {} parameter `{w}` added: {what}",
                        loc(np.location)
                    ),
                    Some(np.source.to_string()),
                );
            }
            (Some(op), Some(np)) => {
                let psrc = Some(np.source.to_string());
                match (op.is_positional(), np.is_positional()) {
                    (false, true) => ctx.push(
                        Impact::Breaking,
                        ChangeKind::ParamMadeRequired,
                        subject.clone(),
                        format!("`{key}`: parameter `{w}` is now required: the setter `.{}(…)` becomes an argument of `{}`", op.rust_name, call(n)),
                        psrc.clone(),
                    ),
                    (true, false) => ctx.push(
                        Impact::Breaking,
                        ChangeKind::ParamMadeOptional,
                        subject.clone(),
                        format!("`{key}`: parameter `{w}` is now optional: the argument `{}` of `{}` becomes the setter `.{}(…)`", op.rust_name, call(n), np.rust_name),
                        psrc.clone(),
                    ),
                    _ => {}
                }
                if op.rust_name != np.rust_name {
                    ctx.push(
                        Impact::Breaking,
                        ChangeKind::ParamRenamed,
                        subject.clone(),
                        format!(
                            "`{key}`: parameter `{w}` is now called `{}` in Rust (was `{}`)",
                            np.rust_name, op.rust_name
                        ),
                        psrc.clone(),
                    );
                }
                if let (Some(ot), Some(nt)) = (ty_of(&old_t, op), ty_of(&new_t, np)) {
                    if ot != nt {
                        ctx.push(
                            Impact::Breaking,
                            ChangeKind::ParamTypeChanged,
                            subject.clone(),
                            format!("`{key}`: parameter `{w}` now takes `{nt}` (was `{ot}`)"),
                            psrc.clone(),
                        );
                    }
                }
                if op.location != np.location
                    && op.location != Location::Path
                    && np.location != Location::Path
                {
                    ctx.push(
                        Impact::Compatible,
                        ChangeKind::ParamLocationChanged,
                        subject,
                        format!(
                            "`{key}`: parameter `{w}` is now sent in the {} (was the {})",
                            loc(np.location),
                            loc(op.location)
                        ),
                        psrc,
                    );
                }
            }
            (None, None) => {}
        }
    }
}

fn field_set(s: &StructSnapshot) -> BTreeSet<&str> {
    s.fields.iter().map(|f| f.wire_name.as_str()).collect()
}

fn diff_types(ctx: &mut Ctx<'_>, ot: &TypesSnapshot, nt: &TypesSnapshot) {
    let mut removed: Vec<&String> = ot
        .structs
        .keys()
        .filter(|k| !nt.structs.contains_key(*k))
        .collect();
    let mut added: Vec<&String> = nt
        .structs
        .keys()
        .filter(|k| !ot.structs.contains_key(*k))
        .collect();
    let mut pairs: Vec<(&String, &String)> = ot
        .structs
        .keys()
        .filter(|k| nt.structs.contains_key(*k))
        .map(|k| (k, k))
        .collect();

    // A removed and an added struct with (nearly) the same wire fields: a rename.
    removed.retain(|o| {
        let of = field_set(&ot.structs[*o]);
        let best = added
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let nf = field_set(&nt.structs[*n]);
                let inter = of.intersection(&nf).count();
                let union = of.union(&nf).count().max(1);
                (i, inter as f64 / union as f64)
            })
            .filter(|(_, j)| *j >= 0.75)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((i, _)) if !of.is_empty() => {
                let n = added.remove(i);
                ctx.push(
                    Impact::Breaking,
                    ChangeKind::TypeRenamed,
                    n.clone(),
                    format!("type `{o}` renamed to `{n}`"),
                    Some(nt.structs[n].source.clone()),
                );
                pairs.push((o, n));
                false
            }
            _ => true,
        }
    });
    for o in removed {
        ctx.push(
            Impact::Breaking,
            ChangeKind::TypeRemoved,
            o.clone(),
            format!("type `{o}` removed"),
            Some(ot.structs[o].source.clone()),
        );
    }
    for n in added {
        ctx.push(
            Impact::Compatible,
            ChangeKind::TypeAdded,
            n.clone(),
            format!("type `{n}` added"),
            Some(nt.structs[n].source.clone()),
        );
    }
    for (o, n) in pairs {
        let (os, ns) = (&ot.structs[o], &nt.structs[n]);
        let src = Some(ns.source.clone());
        let of: BTreeMap<&str, &FieldSnapshot> = os
            .fields
            .iter()
            .map(|f| (f.wire_name.as_str(), f))
            .collect();
        let nf: BTreeMap<&str, &FieldSnapshot> = ns
            .fields
            .iter()
            .map(|f| (f.wire_name.as_str(), f))
            .collect();
        let wires: BTreeSet<&str> = of.keys().chain(nf.keys()).copied().collect();
        for w in wires {
            match (of.get(w), nf.get(w)) {
                (Some(f), None) => ctx.push(
                    Impact::Breaking,
                    ChangeKind::FieldRemoved,
                    format!("{n}.{}", f.rust_name),
                    format!(
                        "field `{n}.{}` (wire `{w}`, `{}`) removed",
                        f.rust_name, f.ty
                    ),
                    Some(os.source.clone()),
                ),
                (None, Some(f)) => ctx.push(
                    Impact::Compatible,
                    ChangeKind::FieldAdded,
                    format!("{n}.{}", f.rust_name),
                    format!(
                        "field `{n}.{}` (wire `{w}`) added: `Field<{}>`",
                        f.rust_name, f.ty
                    ),
                    src.clone(),
                ),
                (Some(a), Some(b)) => {
                    if a.rust_name != b.rust_name {
                        ctx.push(
                            Impact::Breaking,
                            ChangeKind::FieldRenamed,
                            format!("{n}.{}", b.rust_name),
                            format!(
                                "field `{n}.{}` (wire `{w}`) is now called `{}`",
                                a.rust_name, b.rust_name
                            ),
                            src.clone(),
                        );
                    }
                    if a.ty != b.ty {
                        ctx.push(
                            Impact::Breaking,
                            ChangeKind::FieldTypeChanged,
                            format!("{n}.{}", b.rust_name),
                            format!(
                                "field `{n}.{}` (wire `{w}`) changed type: `{}` → `{}`",
                                b.rust_name, a.ty, b.ty
                            ),
                            src.clone(),
                        );
                    }
                }
                (None, None) => {}
            }
        }
        match (os.custom_fields, ns.custom_fields) {
            (false, true) => ctx.push(
                Impact::Compatible,
                ChangeKind::FieldAdded,
                format!("{n}.custom_fields"),
                format!("field `{n}.custom_fields` added (per-company custom fields)"),
                src.clone(),
            ),
            (true, false) => ctx.push(
                Impact::Breaking,
                ChangeKind::FieldRemoved,
                format!("{n}.custom_fields"),
                format!("field `{n}.custom_fields` removed"),
                src.clone(),
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Api, Method, PathTemplate, Segment, Source};

    fn param(w: &str, loc: Location, required: bool) -> Param {
        Param {
            wire_name: w.into(),
            wire_path: vec![w.into()],
            rust_name: w.into(),
            location: loc,
            required,
            doc_type: None,
            description: String::new(),
            default: None,
            source: Source {
                file: "p.txt".into(),
                line: 3,
            },
        }
    }

    fn ep(group: &str, op: &str, method: Method, path: &str, params: Vec<Param>) -> Endpoint {
        let segments = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                match s
                    .strip_prefix(':')
                    .or_else(|| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                {
                    Some(n) => Segment::Param {
                        name: n.into(),
                        rust_name: n.into(),
                    },
                    None => Segment::Literal { value: s.into() },
                }
            })
            .collect();
        Endpoint {
            group: group.into(),
            operation: op.into(),
            method,
            path: PathTemplate {
                raw: path.into(),
                segments,
            },
            summary: String::new(),
            title: None,
            params,
            body_root: None,
            examples: vec![],
            response_fields: vec![],
            notes: vec![],
            updated_at: None,
            author: None,
            source: Source {
                file: "p.txt".into(),
                line: 1,
            },
            merged_from: vec![],
            token_header: None,
            other_methods: vec![],
            origin: None,
            auth_doc: None,
            paging: None,
        }
    }

    fn snap(eps: Vec<Endpoint>, structs: &[(&str, &[(&str, &str)])]) -> Snapshot {
        let mut t = TypesSnapshot::default();
        for (name, fields) in structs {
            t.structs.insert(
                name.to_string(),
                StructSnapshot {
                    source: "p.txt:9".into(),
                    custom_fields: false,
                    fields: fields
                        .iter()
                        .map(|(w, ty)| FieldSnapshot {
                            wire_name: w.to_string(),
                            rust_name: w.to_string(),
                            ty: ty.to_string(),
                        })
                        .collect(),
                },
            );
        }
        for e in &eps {
            t.operations.insert(
                op_key(e),
                OpSnapshot {
                    response: "Opportunity".into(),
                    params: e
                        .params
                        .iter()
                        .map(|p| (p.rust_name.clone(), "String".into()))
                        .collect(),
                },
            );
        }
        Snapshot {
            api: Api {
                endpoints: eps,
                ..Api::default()
            },
            types: Some(t),
        }
    }

    #[test]
    fn identical_is_empty() {
        let a = snap(
            vec![ep(
                "opportunities",
                "get",
                Method::Get,
                "/api/v2/opportunities/:id",
                vec![param("id", Location::Path, true)],
            )],
            &[("Opportunity", &[("id", "i64")])],
        );
        let d = diff(&a, &a.clone());
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(d.bump(), "none");
    }

    #[test]
    fn params() {
        let old = snap(
            vec![ep(
                "opportunities",
                "update",
                Method::Put,
                "/api/v2/opportunities/:id",
                vec![
                    param("id", Location::Path, true),
                    param("title", Location::Body, false),
                    param("gone", Location::Query, false),
                    param("was_req", Location::Query, true),
                ],
            )],
            &[],
        );
        let new = snap(
            vec![ep(
                "opportunities",
                "update",
                Method::Put,
                "/api/v2/opportunities/:id",
                vec![
                    param("id", Location::Path, true),
                    param("title", Location::Body, true),
                    param("was_req", Location::Query, false),
                    param("note", Location::Body, false),
                    param("must", Location::Body, true),
                ],
            )],
            &[],
        );
        let d = diff(&old, &new);
        let k = |kind, s: &str| {
            d.find(kind, s)
                .unwrap_or_else(|| panic!("{kind:?} {s} in {d:#?}"))
                .impact
        };
        assert_eq!(
            k(ChangeKind::ParamMadeRequired, "opportunities.update(title)"),
            Impact::Breaking
        );
        assert_eq!(
            k(
                ChangeKind::ParamMadeOptional,
                "opportunities.update(was_req)"
            ),
            Impact::Breaking
        );
        assert_eq!(
            k(ChangeKind::ParamRemoved, "opportunities.update(gone)"),
            Impact::Breaking
        );
        assert_eq!(
            k(ChangeKind::ParamAdded, "opportunities.update(note)"),
            Impact::Compatible
        );
        assert_eq!(
            k(ChangeKind::ParamAdded, "opportunities.update(must)"),
            Impact::Breaking
        );
        assert_eq!(d.changes.len(), 5, "{d:#?}");
    }

    #[test]
    fn operations_and_renames() {
        let old = snap(
            vec![
                ep(
                    "opportunities",
                    "show",
                    Method::Get,
                    "/api/v2/opportunities/:id",
                    vec![],
                ),
                ep(
                    "contracts",
                    "list",
                    Method::Get,
                    "/api/v2/contracts",
                    vec![],
                ),
            ],
            &[],
        );
        let new = snap(
            vec![
                ep(
                    "opportunities",
                    "get",
                    Method::Get,
                    "/api/v2/opportunities/{opportunity_id}",
                    vec![],
                ),
                ep(
                    "customers",
                    "list",
                    Method::Get,
                    "/api/v2/customers",
                    vec![],
                ),
            ],
            &[],
        );
        let d = diff(&old, &new);
        assert_eq!(
            d.find(ChangeKind::OperationRenamed, "opportunities.get")
                .map(|c| c.impact),
            Some(Impact::Breaking),
            "{d:#?}"
        );
        assert_eq!(
            d.find(ChangeKind::OperationRemoved, "contracts.list")
                .map(|c| c.impact),
            Some(Impact::Breaking)
        );
        assert_eq!(
            d.find(ChangeKind::OperationAdded, "customers.list")
                .map(|c| c.impact),
            Some(Impact::Compatible)
        );
        assert_eq!(d.changes.len(), 3, "{d:#?}");
        assert_eq!(d.bump(), "major");
        let md = d.to_markdown();
        assert!(
            md.contains("## Breaking")
                && md.contains("## Compatible")
                && md.contains("- **breaking**: operation `opportunities.show` renamed"),
            "{md}"
        );
    }

    #[test]
    fn fields_and_types() {
        let old = snap(
            vec![],
            &[
                (
                    "Opportunity",
                    &[
                        ("id", "i64"),
                        ("expect_amount", "Decimal"),
                        ("old", "String"),
                    ],
                ),
                (
                    "Stage",
                    &[
                        ("id", "i64"),
                        ("name", "String"),
                        ("color", "String"),
                        ("position", "i64"),
                    ],
                ),
                ("Gone", &[("x", "bool")]),
            ],
        );
        let new = snap(
            vec![],
            &[
                (
                    "Opportunity",
                    &[
                        ("id", "i64"),
                        ("expect_amount", "String"),
                        ("title", "String"),
                    ],
                ),
                (
                    "OpportunityStage",
                    &[
                        ("id", "i64"),
                        ("name", "String"),
                        ("color", "String"),
                        ("position", "i64"),
                    ],
                ),
                ("Fresh", &[("y", "bool")]),
            ],
        );
        let d = diff(&old, &new);
        let k = |kind, s: &str| {
            d.find(kind, s)
                .unwrap_or_else(|| panic!("{kind:?} {s} in {d:#?}"))
                .impact
        };
        assert_eq!(
            k(ChangeKind::FieldTypeChanged, "Opportunity.expect_amount"),
            Impact::Breaking
        );
        assert_eq!(
            k(ChangeKind::FieldRemoved, "Opportunity.old"),
            Impact::Breaking
        );
        assert_eq!(
            k(ChangeKind::FieldAdded, "Opportunity.title"),
            Impact::Compatible
        );
        assert_eq!(
            k(ChangeKind::TypeRenamed, "OpportunityStage"),
            Impact::Breaking
        );
        assert_eq!(k(ChangeKind::TypeRemoved, "Gone"), Impact::Breaking);
        assert_eq!(k(ChangeKind::TypeAdded, "Fresh"), Impact::Compatible);
        assert_eq!(d.changes.len(), 6, "{d:#?}");
    }

    #[test]
    fn without_old_types_only_operations() {
        let mut old = snap(vec![], &[("A", &[("x", "i64")])]);
        old.types = None;
        let new = snap(vec![], &[("B", &[("y", "i64")])]);
        let d = diff(&old, &new);
        assert!(d.is_empty());
        assert_eq!(d.notes.len(), 1);
    }
}
