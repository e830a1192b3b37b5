//! The whole pipeline: pages → IR → types → files, plus the report.

use crate::diag::{Diagnostic, Severity};
use crate::emit::{self, Files};
use crate::infer::{self, Types};
use crate::ir::{Api, Endpoint};
use crate::lower::{self, PageInput};
use crate::overrides::{self, Overrides};
use crate::page::{self, PageKind};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Status of one page in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Skipped,
    NotApi,
}

#[derive(Debug, Clone, Serialize)]
pub struct EndpointRef {
    pub method: String,
    pub path: String,
    pub group: String,
    pub operation: String,
    /// Line of the page the endpoint starts at (provenance).
    pub line: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiagRef {
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl From<&Diagnostic> for DiagRef {
    fn from(d: &Diagnostic) -> Self {
        DiagRef {
            severity: d.severity,
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PageReport {
    pub file: String,
    pub status: Status,
    pub endpoints: Vec<EndpointRef>,
    pub diagnostics: Vec<DiagRef>,
}

/// The `--report` JSON.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub pages: Vec<PageReport>,
    /// Diagnostics about `overrides.toml` and about the API as a whole.
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything one run produces.
#[derive(Debug, Clone)]
pub struct Generated {
    pub api: Api,
    pub types: Types,
    pub files: Files,
    pub report: Report,
    /// All diagnostics, pages in file order, then the rest.
    pub diagnostics: Vec<Diagnostic>,
}

impl Generated {
    /// 0: every page fine; 1: some pages skipped; 2: nothing could be generated.
    pub fn exit_code(&self) -> i32 {
        if self.api.endpoints.is_empty() {
            2
        } else if self
            .report
            .pages
            .iter()
            .any(|p| p.status == Status::Skipped)
        {
            1
        } else {
            0
        }
    }
}

/// Extensions of doc pages in a docs folder (anything else, like `overrides.toml`
/// or an `INDEX.tsv`, is not a page).
const PAGE_EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

/// A page file: name (relative to the docs folder) and bytes.
pub type PageFile = (String, Vec<u8>);

/// Reads every page of a docs folder (sorted by name) and its overrides.toml.
pub fn read_docs(dir: &Path) -> std::io::Result<(Vec<PageFile>, Option<String>)> {
    let mut pages = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        let Some(name) = p.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
            continue;
        };
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        if p.is_file() && !name.starts_with('.') && PAGE_EXTENSIONS.contains(&ext) {
            pages.push((name, std::fs::read(&p)?));
        }
    }
    let ov = match std::fs::read_to_string(dir.join(overrides::FILE_NAME)) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    Ok((pages, ov))
}

/// Runs the pipeline on pages already in memory.
pub fn generate(pages: &[PageFile], overrides_text: Option<&str>) -> Generated {
    let (ov, mut global_diags) = Overrides::parse(overrides_text.unwrap_or(""));
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut reports = Vec::new();
    let mut endpoints: Vec<Endpoint> = Vec::new();
    let mut sorted: Vec<&PageFile> = pages.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));

    for (file, bytes) in sorted {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let mut diags = Vec::new();
        if let Err(e) = std::str::from_utf8(bytes) {
            let (line, col) = crate::diag::LineIndex::new(&text).line_col(&text, e.valid_up_to());
            diags.push(
                Diagnostic::warning(
                    file,
                    &text,
                    line,
                    col,
                    "the page is not valid UTF-8; invalid bytes were replaced with U+FFFD",
                )
                .with_help("save the page as UTF-8"),
            );
        }
        let parsed = page::parse_page(file, &text);
        diags.extend(parsed.diagnostics.iter().cloned());
        let page_ov = ov.pages.get(file.as_str());
        let (eps, lower_diags) = lower::lower_page(&PageInput {
            file,
            text: &text,
            parsed: &parsed,
            overrides: page_ov,
        });
        diags.extend(lower_diags);
        if let Some(o) = page_ov {
            if o.path.is_some()
                && parsed.endpoints.len() == 1
                && parsed.endpoints.iter().all(|e| {
                    e.url
                        .as_ref()
                        .and_then(|u| page::clean_path(&u.value))
                        .is_some()
                })
            {
                let mut d = ov.unused(
                    file,
                    "the page now gives its own URL; the override still wins",
                );
                d.help = Some("remove `path` from the override if the page is right".into());
                global_diags.push(d);
            }
        }
        let status = if parsed.kind == PageKind::NotApi {
            Status::NotApi
        } else if diags.iter().any(Diagnostic::is_error) {
            Status::Skipped
        } else {
            Status::Ok
        };
        let refs = if status == Status::Ok {
            eps.iter()
                .map(|e| EndpointRef {
                    method: e.method.as_str().to_string(),
                    path: e.path.raw.clone(),
                    group: e.group.clone(),
                    operation: e.operation.clone(),
                    line: e.source.line,
                })
                .collect()
        } else {
            Vec::new()
        };
        if status == Status::Ok {
            endpoints.extend(eps);
        }
        reports.push((file.clone(), status, refs, diags));
        texts.insert(file.clone(), text);
    }
    for file in ov.pages.keys() {
        if !texts.contains_key(file) {
            global_diags.push(ov.unused(file, "there is no such page in the docs folder"));
        }
    }

    let text_of = |f: &str| -> String {
        if f == overrides::FILE_NAME {
            ov.text.clone()
        } else {
            texts.get(f).cloned().unwrap_or_default()
        }
    };
    let mut merge_diags = Vec::new();
    let mut endpoints = lower::merge_duplicates(endpoints, &mut merge_diags, &text_of);
    endpoints.sort_by(|a, b| {
        (&a.group, &a.operation, &a.path.raw, a.method).cmp(&(
            &b.group,
            &b.operation,
            &b.path.raw,
            b.method,
        ))
    });
    lower::dedupe_operation_names(&mut endpoints);
    endpoints.sort_by(|a, b| (&a.group, &a.operation).cmp(&(&b.group, &b.operation)));
    let mut api = Api { endpoints };

    let (mut types, infer_diags) = infer::infer(&api, &ov, &text_of);
    infer::add_paging_params(&mut api, &mut types);
    // Diagnostics found after lowering belong to the page they point into.
    let mut report = Report::default();
    for (file, status, refs, mut diags) in reports {
        diags.extend(
            merge_diags
                .iter()
                .chain(infer_diags.iter())
                .filter(|d| d.file == file)
                .cloned(),
        );
        report.pages.push(PageReport {
            file,
            status,
            endpoints: refs,
            diagnostics: diags.iter().map(DiagRef::from).collect(),
        });
    }
    global_diags.extend(
        merge_diags
            .into_iter()
            .chain(infer_diags)
            .filter(|d| !texts.contains_key(&d.file)),
    );
    report.diagnostics = global_diags.clone();

    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for p in &report.pages {
        let text = texts.get(&p.file).cloned().unwrap_or_default();
        for d in &p.diagnostics {
            let mut full = Diagnostic::new(
                d.severity,
                &p.file,
                &text,
                d.line,
                d.column,
                d.message.clone(),
            );
            full.help = d.help.clone();
            diagnostics.push(full);
        }
    }
    diagnostics.extend(global_diags);

    let files = if api.endpoints.is_empty() {
        Files::new()
    } else {
        emit::emit(&api, &types)
    };
    Generated {
        api,
        types,
        files,
        report,
        diagnostics,
    }
}
