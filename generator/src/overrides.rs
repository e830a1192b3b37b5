//! `docs-input/overrides.toml`: patches for what a page gets wrong, keyed by file name.
//!
//! ```toml
//! ["000_7a4b2e7d4fb92bee.txt"]
//! path = "/api/v2/opportunities/:id"   # the page lost its URL
//! method = "GET"
//! group = "opportunities"              # optional: the client accessor
//! operation = "get"                    # optional: the method name
//! [ "000_7a4b2e7d4fb92bee.txt".types ]  # inferred type name → chosen name
//! OpportunityCustomer = "CustomerSummary"
//! [ "000_7a4b2e7d4fb92bee.txt".fields ] # `Type.field` → scalar kind
//! "Customer.staff_size" = "string"
//! ```
//!
//! `allow = ["truncated_example"]` in a page's table acknowledges that page's
//! warnings and notes of those lints (see [`crate::diag::Lint`]): they stay in the
//! `--report`, and `cargo xtask codegen` only counts them. Errors are always shown.
//!
//! An override that no longer matches anything is reported as a warning.

use crate::diag::{Diagnostic, Lint};
use std::collections::BTreeMap;
use std::collections::BTreeSet;

pub const FILE_NAME: &str = "overrides.toml";

/// Overrides for one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageOverride {
    pub path: Option<String>,
    pub method: Option<String>,
    pub group: Option<String>,
    pub operation: Option<String>,
    /// Inferred type name → replacement name.
    pub types: BTreeMap<String, String>,
    /// `Type.field` → scalar kind (`string`, `integer`, `decimal`, `bool`, `datetime`, `json`).
    pub fields: BTreeMap<String, String>,
    /// Lints acknowledged on this page (`allow = ["truncated_example"]`), with the
    /// line of overrides.toml naming each.
    pub allow: BTreeMap<Lint, usize>,
    /// Line of the `[file]` table header in overrides.toml, for diagnostics.
    pub line: usize,
}

/// All overrides, by page file name.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub pages: BTreeMap<String, PageOverride>,
}

/// The scalar kinds a field override may name.
pub const FIELD_KINDS: &[&str] = &[
    "string", "integer", "decimal", "float", "bool", "datetime", "json",
];

impl Overrides {
    /// Parses overrides.toml. Problems become diagnostics; what is valid is kept.
    pub fn parse(text: &str) -> (Overrides, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut out = Overrides {
            pages: BTreeMap::new(),
        };
        let table: toml::Table = match text.parse() {
            Ok(t) => t,
            Err(e) => {
                let (line, col) = e
                    .span()
                    .map(|s| crate::diag::LineIndex::new(text).line_col(text, s.start))
                    .unwrap_or((1, 1));
                diags.push(
                    Diagnostic::error(Lint::InvalidOverrides, FILE_NAME, line, col, format!("overrides.toml is not valid TOML: {}", e.message()))
                        .with_help("fix the syntax; every page's overrides are a table named after the page file: [\"001_x.txt\"]"),
                );
                return (out, diags);
            }
        };
        for (file, value) in table {
            let line = find_line(text, &file);
            let Some(entries) = value.as_table() else {
                diags.push(
                    Diagnostic::error(
                        Lint::InvalidOverrides,
                        FILE_NAME,
                        line,
                        1,
                        format!("`{file}` must be a table of overrides"),
                    )
                    .with_help(format!(
                        "write it as [\"{file}\"] followed by `path = \"…\"` lines"
                    )),
                );
                continue;
            };
            let mut page = PageOverride {
                line,
                ..Default::default()
            };
            for (key, v) in entries {
                let key_line = find_key_line(text, line, key);
                match (key.as_str(), v) {
                    ("path", toml::Value::String(s)) => page.path = Some(s.clone()),
                    ("method", toml::Value::String(s)) => page.method = Some(s.clone()),
                    ("group", toml::Value::String(s)) => page.group = Some(s.clone()),
                    ("operation", toml::Value::String(s)) => page.operation = Some(s.clone()),
                    ("allow", toml::Value::Array(names)) => {
                        let mut seen = BTreeSet::new();
                        for name in names {
                            let name = name.as_str().unwrap_or("");
                            let (l, c) = find_value(text, key_line, name);
                            match Lint::from_name(name) {
                                Some(lint) if seen.insert(lint) => {
                                    page.allow.insert(lint, l);
                                }
                                Some(_) => {}
                                None => diags.push(unknown_lint(l, c, &file, name)),
                            }
                        }
                    }
                    ("types", toml::Value::Table(t)) => {
                        for (from, to) in t {
                            match to.as_str() {
                                Some(to) => {
                                    page.types.insert(from.clone(), to.to_string());
                                }
                                None => diags.push(Diagnostic::warning(Lint::UnknownOverride,
                                    FILE_NAME, key_line, 1,
                                    format!("type override `{from}` must be a string (the new type name)"),
                                )),
                            }
                        }
                    }
                    ("fields", toml::Value::Table(t)) => {
                        for (from, to) in t {
                            match to.as_str() {
                                Some(kind) if FIELD_KINDS.contains(&kind) => {
                                    page.fields.insert(from.clone(), kind.to_string());
                                }
                                _ => diags.push(
                                    Diagnostic::warning(Lint::UnknownOverride, FILE_NAME, key_line, 1, format!("field override `{from}` has an unknown kind"))
                                        .with_help(format!("use one of: {}", FIELD_KINDS.join(", "))),
                                ),
                            }
                        }
                    }
                    _ => diags.push(
                        Diagnostic::warning(Lint::UnknownOverride, FILE_NAME, key_line, 1, format!("unknown override `{key}` for `{file}` is ignored"))
                            .with_help("known keys: path, method, group, operation (strings), allow (a list of lint names), types, fields (tables)"),
                    ),
                }
            }
            out.pages.insert(file, page);
        }
        (out, diags)
    }

    /// A warning for an override that matches nothing.
    pub fn unused(&self, file: &str, what: &str) -> Diagnostic {
        let line = self.pages.get(file).map(|p| p.line).unwrap_or(1);
        Diagnostic::warning(
            Lint::UnusedOverride,
            FILE_NAME,
            line,
            1,
            format!("override for `{file}` no longer matches anything: {what}"),
        )
        .with_help("remove it from overrides.toml, or fix the name it refers to")
    }
}

/// The warning for an `allow` entry that names no lint, with the closest name.
fn unknown_lint(line: usize, col: usize, file: &str, name: &str) -> Diagnostic {
    let closest = Lint::ALL
        .iter()
        .min_by_key(|l| strsim::levenshtein(l.name(), name))
        .map(|l| l.name())
        .unwrap_or("");
    let all: Vec<&str> = Lint::ALL.iter().map(|l| l.name()).collect();
    Diagnostic::warning(
        Lint::UnknownLint,
        FILE_NAME,
        line,
        col,
        format!("unknown lint `{name}` in the `allow` list of `{file}`; it acknowledges nothing"),
    )
    .with_help(format!(
        "did you mean `{closest}`? The lints are: {}",
        all.join(", ")
    ))
}

/// Line and column (1-based) of `"value"` at or after line `from`; `from`
/// and column 1 when it is not found.
fn find_value(text: &str, from: usize, value: &str) -> (usize, usize) {
    let quoted = format!("\"{value}\"");
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find_map(|(i, l)| l.find(&quoted).map(|b| (i + 1, l[..b].chars().count() + 2)))
        .unwrap_or((from, 1))
}

/// Line of the table header naming `file` (1 when not found).
fn find_line(text: &str, file: &str) -> usize {
    text.lines()
        .position(|l| {
            let t = l.trim();
            t.starts_with('[') && t.contains(file)
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// Line of `key = …` at or after the header line `from`.
fn find_key_line(text: &str, from: usize, key: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(from)
        .find(|(_, l)| {
            let t = l
                .trim_start()
                .trim_start_matches('[')
                .trim_start_matches('"');
            t.starts_with(key)
        })
        .map(|(i, _)| i + 1)
        .unwrap_or(from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_page_tables() {
        let text = "[\"000.txt\"]\npath = \"/api/v2/opportunities/:id\"\nmethod = \"GET\"\n[\"000.txt\".types]\nA = \"B\"\n";
        let (o, d) = Overrides::parse(text);
        assert!(d.is_empty(), "{d:?}");
        let p = &o.pages["000.txt"];
        assert_eq!(p.path.as_deref(), Some("/api/v2/opportunities/:id"));
        assert_eq!(p.method.as_deref(), Some("GET"));
        assert_eq!(p.types["A"], "B");
        assert_eq!(p.line, 1);
    }

    #[test]
    fn bad_toml_is_a_diagnostic_with_position() {
        let (_, d) = Overrides::parse("[\"a.txt\"]\npath = \n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 2);
        assert!(d[0].is_error());
    }

    #[test]
    fn allow_lists_lints_and_locates_unknown_names() {
        let text = "[\"a.txt\"]\npath = \"/x\"\nallow = [\n  \"truncated_example\",\n  \"truncated_exmaple\",\n]\n";
        let (o, d) = Overrides::parse(text);
        assert_eq!(
            o.pages["a.txt"].allow.iter().collect::<Vec<_>>(),
            [(&Lint::TruncatedExample, &4)]
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            (d[0].lint, d[0].line, d[0].column),
            (Lint::UnknownLint, 5, 4)
        );
        assert!(d[0].message.contains("`truncated_exmaple`"), "{:?}", d[0]);
        assert!(
            d[0].help
                .as_deref()
                .unwrap_or("")
                .starts_with("did you mean `truncated_example`?"),
            "{:?}",
            d[0]
        );
    }

    #[test]
    fn unknown_keys_warn() {
        let (_, d) = Overrides::parse("[\"a.txt\"]\npth = \"/x\"\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 2);
        assert!(d[0].message.contains("pth"));
    }
}
