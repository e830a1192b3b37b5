//! The whole pipeline: pages → IR → types → files, plus the report.

use crate::diag::{Diagnostic, Lint, Severity, SourceMap};
use crate::emit;
use crate::infer::{self, Types};
use crate::ir::{Api, Endpoint};
use crate::lower::{self, PageInput};
use crate::openapi;
use crate::output::{self, FileText, Files};
use crate::overrides::{self, Overrides};
use crate::page::{self, PageKind};
use crate::settings;
use crate::snapshot::{self, Snapshot};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

/// Status of one page in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Skipped,
    /// Some APIs of the page were generated, others skipped (their errors say why).
    Partial,
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
    pub lint: Lint,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub acknowledged: bool,
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
            lint: d.lint,
            acknowledged: d.acknowledged,
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
    /// The output folder's files ([`output_files`]); empty after [`analyse_api`].
    pub files: Files,
    pub report: Report,
    /// All diagnostics, pages in file order, then the rest.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of every file read (pages, overrides.toml, api.toml), to print
    /// the diagnostics with their lines ([`Diagnostic::display`]).
    pub sources: SourceMap,
    /// Wall time of each stage, in order (`cargo xtask codegen --timings`).
    pub timings: Timings,
}

/// Wall time per stage, in the order the stages ran.
pub type Timings = Vec<(&'static str, Duration)>;

impl Generated {
    /// The snapshot of this generation, from memory (what `api.json` and
    /// `types.json` hold, without reading them back).
    pub fn snapshot(&self) -> Snapshot {
        Snapshot::new(&self.api, &self.types)
    }

    /// 0: every page fine; 1: some pages (or some APIs of a page) skipped; 2: nothing could be generated.
    pub fn exit_code(&self) -> i32 {
        if self.api.endpoints.is_empty() {
            2
        } else if self
            .report
            .pages
            .iter()
            .any(|p| matches!(p.status, Status::Skipped | Status::Partial))
        {
            1
        } else {
            0
        }
    }
}

/// One file of the output: a file of the crate's code ([`emit`]), the OpenAPI
/// document ([`openapi`]) or half of the snapshot ([`snapshot`]).
enum Part<'e> {
    Code(emit::Job<'e>),
    OpenApi,
    ApiSnapshot,
    TypesSnapshot,
}

/// Every file of the output folder: the crate's fixed files ([`output::fixed_files`]),
/// its code, `openapi.json` and the snapshot, held together in memory (tests and
/// benches; `cargo xtask codegen` writes each file as it is built, [`emit_files`]).
pub fn output_files(api: &Api, types: &Types) -> Files {
    emit_files(api, types, |path, text| (path, text.into_string()))
        .into_iter()
        .collect()
}

/// Builds every file of the output folder and hands each to `each` (path relative
/// to the crate's root, text) as soon as it is built, on the thread that built it,
/// so no more than one file per thread is held at a time: at 10,000 pages the
/// files are ~190 MB. The whole-API JSON files are not built at all but handed
/// on to be written as they are serialised ([`FileText::Streamed`]). The files
/// are independent, so they are built on every core ([`crate::par`]); the
/// results come back in one fixed order, and what is built does not depend on
/// the number of threads.
pub fn emit_files<R, F>(api: &Api, types: &Types, each: F) -> Vec<R>
where
    R: Send,
    F: Fn(String, FileText<'_>) -> R + Sync,
{
    let emitter = emit::Emitter::new(api, types);
    // The whole-API files (the largest) first: starting them early keeps one
    // thread from finishing them alone at the end.
    let mut parts = vec![Part::OpenApi, Part::ApiSnapshot, Part::TypesSnapshot];
    parts.extend(emitter.jobs().into_iter().map(Part::Code));
    let mut done: Vec<R> = output::fixed_files(&api.settings.crate_name, &api.settings.description)
        .into_iter()
        .map(|(path, text)| each(path, FileText::Built(text)))
        .collect();
    done.extend(
        crate::par::map(&parts, |part| {
            let file: Option<(String, FileText<'_>)> = match part {
                Part::Code(job) => emitter
                    .run(job)
                    .map(|(path, text)| (path, FileText::Built(text))),
                Part::OpenApi => Some((
                    openapi::FILE.into(),
                    FileText::Streamed(Box::new(|w| openapi::write_openapi_json(api, types, w))),
                )),
                Part::ApiSnapshot => Some((
                    snapshot::API_FILE.into(),
                    FileText::Streamed(Box::new(|w| snapshot::write_api_json(api, w))),
                )),
                Part::TypesSnapshot => Some((
                    snapshot::TYPES_FILE.into(),
                    FileText::Streamed(Box::new(|w| snapshot::write_types_json(api, types, w))),
                )),
            };
            file.map(|(path, text)| each(path, text))
        })
        .into_iter()
        .flatten(),
    );
    done
}

/// What reading one page gives, before pages are merged.
struct PageResult {
    file: String,
    text: String,
    status: Status,
    endpoints: Vec<Endpoint>,
    refs: Vec<EndpointRef>,
    diags: Vec<Diagnostic>,
    /// The error codes of the page's code tables (kept whatever its status).
    codes: Vec<crate::ir::DocCode>,
    /// The page's override `path` is no longer needed (the page gives its URL).
    unused_override: Option<Diagnostic>,
}

/// Parses and lowers one page (stages 1–3 for that page alone).
fn read_page(file: &str, bytes: &[u8], ov: &Overrides) -> PageResult {
    let decoded = page::decode_page(bytes);
    let text = decoded.text;
    let mut diags = Vec::new();
    if let Some(at) = decoded.invalid_at {
        let (line, col) = crate::diag::LineIndex::new(&text).line_col(&text, at);
        diags.push(
            Diagnostic::warning(Lint::InvalidEncoding,
                file,
                line,
                col,
                "the page is not valid UTF-8 (nor UTF-16 with a BOM, nor GB18030); invalid bytes were replaced with U+FFFD",
            )
            .with_help("save the page as UTF-8"),
        );
    }
    if let Some(note) = &decoded.note {
        diags.push(Diagnostic::note(
            Lint::PageEncoding,
            file,
            1,
            1,
            format!("the page is not UTF-8 with LF line ends: {note}"),
        ));
    }
    let parsed = page::parse_page(file, &text);
    diags.extend(parsed.diagnostics.iter().cloned());
    let page_ov = ov.pages.get(file);
    let (eps, lower_diags) = lower::lower_page(&PageInput {
        file,
        text: &text,
        parsed: &parsed,
        overrides: page_ov,
    });
    diags.extend(lower_diags);
    let mut unused_override = None;
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
            unused_override = Some(d);
        }
    }
    // One API's error skips only that API: the page's other APIs still generate.
    let status = if parsed.kind == PageKind::NotApi {
        Status::NotApi
    } else if !diags.iter().any(Diagnostic::is_error) {
        Status::Ok
    } else if eps.is_empty() {
        Status::Skipped
    } else {
        Status::Partial
    };
    let kept = matches!(status, Status::Ok | Status::Partial);
    let refs = if kept {
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
    PageResult {
        file: file.to_string(),
        text,
        status,
        endpoints: if kept { eps } else { Vec::new() },
        refs,
        diags,
        codes: lower::lower_codes(file, &parsed),
        unused_override,
    }
}

/// Marks the warnings and notes of `diags` (one page's) whose lint the page's
/// `allow` list names as acknowledged; errors stay as they are. Returns a
/// warning for each `allow` entry that acknowledged nothing.
fn acknowledge(
    diags: &mut [Diagnostic],
    page: &overrides::PageOverride,
    file: &str,
) -> Vec<Diagnostic> {
    let mut used = std::collections::BTreeSet::new();
    for d in diags.iter_mut() {
        if d.severity != Severity::Error && page.allow.contains_key(&d.lint) {
            d.acknowledged = true;
            used.insert(d.lint);
        }
    }
    page.allow
        .iter()
        .filter(|(lint, _)| !used.contains(*lint))
        .map(|(lint, &line)| {
            Diagnostic::warning(
                Lint::UnusedOverride,
                overrides::FILE_NAME,
                line,
                1,
                format!("override for `{file}` no longer matches anything: the page has no `{lint}` warning to allow"),
            )
            .with_help("remove it from the `allow` list")
        })
        .collect()
}

/// Extensions of doc pages in a docs folder (anything else, like `overrides.toml`
/// or an `INDEX.tsv`, is not a page).
const PAGE_EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

/// A page file: name (relative to the docs folder) and bytes.
pub type PageFile = (String, Vec<u8>);

/// Reads every page of a docs folder (sorted by name) and its overrides.toml.
pub fn read_docs(dir: &Path) -> std::io::Result<(Vec<PageFile>, Option<String>)> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    let named: Vec<(String, std::path::PathBuf)> = entries
        .into_iter()
        .filter_map(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).map(str::to_string)?;
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            (p.is_file() && !name.starts_with('.') && PAGE_EXTENSIONS.contains(&ext))
                .then_some((name, p))
        })
        .collect();
    // Thousands of small files: read on every core (in order, first error wins).
    let pages = crate::par::map(&named, |(name, p)| {
        std::fs::read(p).map(|bytes| (name.clone(), bytes))
    })
    .into_iter()
    .collect::<std::io::Result<Vec<PageFile>>>()?;
    let ov = match std::fs::read_to_string(dir.join(overrides::FILE_NAME)) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    Ok((pages, ov))
}

/// Reads the docs folder's `api.toml`, if it has one.
pub fn read_api_toml(dir: &Path) -> std::io::Result<Option<String>> {
    match std::fs::read_to_string(dir.join(settings::FILE_NAME)) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The name of a docs folder (its last component, `.` and `..` resolved), which
/// names the crate when `api.toml` does not.
pub fn folder_name(dir: &Path) -> String {
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    dir.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("api")
        .to_string()
}

/// What a docs folder says about the API as a whole.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiInput<'a> {
    /// The text of `api.toml`, when the folder has one.
    pub api_toml: Option<&'a str>,
    /// The folder's name (names the crate when `api.toml` does not); `api` when empty
    /// (the crate `api_sdk`).
    pub folder: &'a str,
}

/// Runs the pipeline on pages already in memory, for an API described by its pages
/// alone (the crate is named `api_sdk`).
pub fn generate(pages: &[PageFile], overrides_text: Option<&str>) -> Generated {
    generate_api(pages, overrides_text, ApiInput::default())
}

/// Runs the pipeline on pages already in memory, with the docs folder's `api.toml`.
/// A mistake in `api.toml` stops the run (no files, exit status 2): a crate built on
/// a half-read description of the API would be wrong in ways no test sees.
pub fn generate_api(
    pages: &[PageFile],
    overrides_text: Option<&str>,
    input: ApiInput<'_>,
) -> Generated {
    let mut generated = analyse_api(pages, overrides_text, input);
    let started = Instant::now();
    if !generated.api.endpoints.is_empty() {
        generated.files = output_files(&generated.api, &generated.types);
    }
    generated.timings.push(("emit + format", started.elapsed()));
    generated
}

/// [`generate_api`] up to the output: the API, its types, the diagnostics and the
/// report, with no [`Generated::files`] yet (`cargo xtask codegen` builds them with
/// [`emit_files`], writing each as it comes, after printing the diagnostics and
/// dropping the pages).
pub fn analyse_api(
    pages: &[PageFile],
    overrides_text: Option<&str>,
    input: ApiInput<'_>,
) -> Generated {
    let folder = if input.folder.is_empty() {
        "api"
    } else {
        input.folder
    };
    let (api_settings, settings_diags) = match input.api_toml {
        Some(text) => settings::parse(text, folder),
        None => (
            Some(settings::ApiSettings::bare(&settings::sanitize_crate_name(
                folder,
            ))),
            Vec::new(),
        ),
    };
    let mut sources = SourceMap::new();
    if let Some(text) = input.api_toml {
        sources.insert(settings::FILE_NAME, text);
    }
    if let Some(text) = overrides_text {
        sources.insert(overrides::FILE_NAME, text);
    }
    let Some(api_settings) = api_settings else {
        return Generated {
            api: Api::default(),
            types: Types::default(),
            files: Files::new(),
            report: Report {
                pages: Vec::new(),
                diagnostics: settings_diags.clone(),
            },
            diagnostics: settings_diags,
            sources,
            timings: Timings::new(),
        };
    };
    let mut timings = Timings::new();
    let (ov, mut global_diags) = Overrides::parse(overrides_text.unwrap_or(""));
    global_diags.extend(settings_diags);
    let mut reports = Vec::new();
    let mut pages_read: BTreeSet<String> = BTreeSet::new();
    let mut endpoints: Vec<Endpoint> = Vec::new();
    let mut codes = Vec::new();
    let mut sorted: Vec<&PageFile> = pages.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));

    // Pages are independent until merging: read them on every core.
    let started = Instant::now();
    let done = crate::par::map(&sorted, |(file, bytes)| read_page(file, bytes, &ov));
    for p in done {
        global_diags.extend(p.unused_override);
        endpoints.extend(p.endpoints); // empty unless the page is fine
        codes.extend(p.codes);
        reports.push((p.file.clone(), p.status, p.refs, p.diags));
        pages_read.insert(p.file.clone());
        sources.insert(p.file, p.text);
    }
    timings.push(("parse + lower pages", started.elapsed()));
    for file in ov.pages.keys() {
        if !pages_read.contains(file) {
            global_diags.push(ov.unused(file, "there is no such page in the docs folder"));
        }
    }

    let started = Instant::now();
    let mut merge_diags = Vec::new();
    let endpoints = lower::merge_and_name(endpoints, &mut merge_diags);
    let mut api = Api {
        endpoints,
        settings: api_settings,
        codes,
    };
    // What api.toml did not pin, from what the pages show.
    global_diags.extend(crate::discover::run(&mut api));
    timings.push(("merge + name", started.elapsed()));

    let started = Instant::now();
    let (types, infer_diags) = infer::infer(&api, &ov);
    timings.push(("infer types", started.elapsed()));

    let started = Instant::now();
    // Diagnostics found after lowering belong to the page they point into
    // (grouped by file first: one pass, not one scan per page).
    let mut late_by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in merge_diags.iter().chain(infer_diags.iter()) {
        late_by_file.entry(d.file.as_str()).or_default().push(d);
    }
    let mut report = Report::default();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for (file, status, refs, mut diags) in reports {
        if let Some(late) = late_by_file.get(file.as_str()) {
            diags.extend(late.iter().map(|d| (*d).clone()));
        }
        if let Some(page) = ov.pages.get(&file) {
            global_diags.extend(acknowledge(&mut diags, page, &file));
        }
        report.pages.push(PageReport {
            file,
            status,
            endpoints: refs,
            diagnostics: diags.iter().map(DiagRef::from).collect(),
        });
        diagnostics.extend(diags);
    }
    global_diags.extend(
        merge_diags
            .into_iter()
            .chain(infer_diags)
            .filter(|d| !pages_read.contains(&d.file)),
    );
    report.diagnostics = global_diags.clone();
    diagnostics.extend(global_diags);
    timings.push(("report", started.elapsed()));
    Generated {
        api,
        types,
        files: Files::new(),
        report,
        diagnostics,
        sources,
        timings,
    }
}
