//! The reviewable snapshot of a generation, beside the crate in the output folder:
//!
//! - `api.json` ([`API_FILE`]): the IR ([`Api`]): every endpoint, its parameters
//!   (wire name, Rust name, location, required), examples and provenance;
//! - `types.json` ([`TYPES_FILE`]): a [`TypesSnapshot`]: every inferred struct (name →
//!   fields with wire name, Rust name and type as written in Rust) and every
//!   operation's response and parameter types.
//!
//! A [`Snapshot`] is built in memory from the IR and the types ([`Snapshot::new`]);
//! [`api_json`] and [`types_json`] serialise it for writing (pretty JSON in a fixed
//! order, byte-identical on every run); [`Snapshot::read`] reads the one a previous
//! run left on disk. [`crate::diff`] compares two snapshots: the new one is always
//! the one in memory, never what was just serialised.

use crate::infer::Types;
use crate::ir::Api;
use crate::output::{json_file, write_json, Files};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The IR snapshot, relative to the output folder.
pub const API_FILE: &str = "api.json";
/// The types snapshot, relative to the output folder.
pub const TYPES_FILE: &str = "types.json";

/// The inferred types as the diff needs them (`generated/types.json`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TypesSnapshot {
    /// Struct name → struct.
    pub structs: BTreeMap<String, StructSnapshot>,
    /// `group.operation` → the operation's types.
    pub operations: BTreeMap<String, OpSnapshot>,
    /// The struct error envelopes decode into, if any.
    pub error_type: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StructSnapshot {
    /// Where the type was first seen (`file:line`).
    pub source: String,
    /// The struct has a `custom_fields` map (per-company custom fields).
    pub custom_fields: bool,
    /// In declaration order.
    pub fields: Vec<FieldSnapshot>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSnapshot {
    pub wire_name: String,
    pub rust_name: String,
    /// The Rust type inside `Field<…>`: `i64`, `Decimal`, `Vec<User>`.
    #[serde(rename = "type")]
    pub ty: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OpSnapshot {
    /// What `send()` returns.
    pub response: String,
    /// Parameter Rust name → Rust type.
    pub params: BTreeMap<String, String>,
}

impl TypesSnapshot {
    /// The snapshot of `types`, inferred for `api`: every type by its name (the
    /// arena's ids stay in memory), every parameter by its Rust name.
    pub fn new(api: &Api, types: &Types) -> Self {
        let structs = types
            .structs
            .iter()
            .map(|s| {
                let snap = StructSnapshot {
                    source: s
                        .sources
                        .first()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    custom_fields: s.has_custom_fields,
                    fields: s
                        .fields
                        .iter()
                        .map(|f| FieldSnapshot {
                            wire_name: f.wire_name.clone(),
                            rust_name: f.rust_name.clone(),
                            ty: f.ty.display(types),
                        })
                        .collect(),
                };
                (s.name.clone(), snap)
            })
            .collect();
        let operations = api
            .endpoints
            .iter()
            .map(|e| {
                let t = types.op(e);
                let params = t
                    .params(e)
                    .map(|(p, ty)| (p.rust_name.clone(), ty.display(types)))
                    .collect();
                (
                    format!("{}.{}", e.group, e.operation),
                    OpSnapshot {
                        response: t.response.display(types),
                        params,
                    },
                )
            })
            .collect();
        TypesSnapshot {
            structs,
            operations,
            error_type: types.error_type.map(|id| types.name(id).to_string()),
        }
    }

    /// Pretty JSON with a final newline: the contents of `types.json`.
    pub fn to_json(&self) -> String {
        json_file(self)
    }
}

/// The contents of `generated/types.json` for these types.
pub fn types_json(api: &Api, types: &Types) -> String {
    TypesSnapshot::new(api, types).to_json()
}

/// The contents of `generated/api.json`: the IR as it is (serialised from the
/// borrowed IR: at 10,000 pages a [`Snapshot`]'s copy of it is not free).
pub fn api_json(api: &Api) -> String {
    json_file(api)
}

/// [`types_json`], written to `w` as it is serialised.
pub fn write_types_json(
    api: &Api,
    types: &Types,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_json(&TypesSnapshot::new(api, types), w)
}

/// [`api_json`], written to `w` as it is serialised.
pub fn write_api_json(api: &Api, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_json(api, w)
}

/// Both halves of a snapshot. `types` is `None` for snapshots written before
/// `types.json` existed: then only operations and parameters are compared.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub api: Api,
    pub types: Option<TypesSnapshot>,
}

/// A snapshot borrowed from where it lives: one read from disk ([`Snapshot::view`]),
/// or this run's IR beside its [`TypesSnapshot`], compared without copying the
/// API (at 10,000 pages a copy of the IR is ~100 MB more at the run's peak).
#[derive(Debug, Clone, Copy)]
pub struct SnapshotView<'a> {
    pub api: &'a Api,
    pub types: Option<&'a TypesSnapshot>,
}

impl Snapshot {
    /// The snapshot as a [`SnapshotView`] (what [`crate::diff::diff_views`] compares).
    pub fn view(&self) -> SnapshotView<'_> {
        SnapshotView {
            api: &self.api,
            types: self.types.as_ref(),
        }
    }

    pub fn new(api: &Api, types: &Types) -> Self {
        Snapshot {
            api: api.clone(),
            types: Some(TypesSnapshot::new(api, types)),
        }
    }

    /// Reads the snapshot from the files of a generation (what would be written).
    pub fn from_files(files: &Files) -> Result<Snapshot, String> {
        let api = files
            .get(API_FILE)
            .ok_or_else(|| format!("no {API_FILE}"))?;
        Self::parse(api, files.get(TYPES_FILE).map(String::as_str))
    }

    /// Reads the snapshot in an output folder; `Ok(None)` when there is none yet.
    pub fn read(dir: &Path) -> Result<Option<Snapshot>, String> {
        let api = match std::fs::read_to_string(dir.join(API_FILE)) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {}: {e}", dir.join(API_FILE).display())),
        };
        let types = std::fs::read_to_string(dir.join(TYPES_FILE)).ok();
        Self::parse(&api, types.as_deref()).map(Some)
    }

    /// Parses `api.json` and (if present) `types.json`.
    pub fn parse(api_json: &str, types_json: Option<&str>) -> Result<Snapshot, String> {
        let api: Api = from_snapshot_json(api_json).map_err(|e| format!("{API_FILE}: {e}"))?;
        let types = match types_json {
            Some(t) => Some(from_snapshot_json(t).map_err(|e| format!("{TYPES_FILE}: {e}"))?),
            None => None,
        };
        Ok(Snapshot { api, types })
    }
}

/// The deepest nesting a snapshot file can have: examples keep at most
/// `json::MAX_DEPTH` levels, and the IR around them adds a few. serde_json's own
/// limit (128) refused the `api.json` of a valid 121-level example.
pub const MAX_SNAPSHOT_DEPTH: usize = crate::json::MAX_DEPTH + 16;

/// Deepest bracket nesting of a JSON text (brackets inside strings not counted).
fn json_depth(text: &str) -> usize {
    let (mut depth, mut max, mut in_str, mut escaped) = (0usize, 0usize, false, false);
    for b in text.bytes() {
        if in_str {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Reads a snapshot file as deep as the generator writes them
/// ([`MAX_SNAPSHOT_DEPTH`]), and no deeper: the recursion stays bounded.
fn from_snapshot_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let depth = json_depth(text);
    if depth > MAX_SNAPSHOT_DEPTH {
        return Err(format!(
            "nested {depth} levels deep, more than the {MAX_SNAPSHOT_DEPTH} the generator writes"
        ));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let value = T::deserialize(&mut de).map_err(|e| e.to_string())?;
    de.end().map_err(|e| e.to_string())?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_depth_skips_strings() {
        assert_eq!(json_depth(r#"{"a": [1, {"b": "[[[{"}]}"#), 3);
        assert_eq!(json_depth(r#"["\"[", []]"#), 2);
        assert_eq!(json_depth("1"), 0);
    }

    #[test]
    fn deep_but_bounded_snapshots_read() {
        let nested = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
        let v: serde_json::Value = from_snapshot_json(&nested(200)).expect("200 levels");
        assert!(v.is_array());
        let too_deep = from_snapshot_json::<serde_json::Value>(&nested(MAX_SNAPSHOT_DEPTH + 1));
        assert!(too_deep.unwrap_err().contains("levels deep"));
    }
}
