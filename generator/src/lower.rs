//! Stage 3: raw page sections + overrides → IR endpoints.
//!
//! Decides method, path template, operation name, parameter locations and Rust
//! names, reads the JSON examples leniently, and turns every problem into a
//! diagnostic pointing into the page.

use crate::diag::{Diagnostic, LineIndex, Lint};
use crate::ir::{
    DocCode, Endpoint, Example, ExampleKind, FieldDoc, Location, Method, Param, PathTemplate,
    Segment, Source,
};
use crate::json::{Repair, RepairKind};
use crate::naming;
use crate::overrides::PageOverride;
use crate::page::{self, ParsedPage, RawEndpoint, RawParam};
use std::collections::BTreeSet;

/// Parses `/api/v2/opportunities/:id` or `/api/role/{id}` into segments.
pub fn parse_template(raw: &str) -> PathTemplate {
    let segments = raw
        .split('/')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let name = s
                .strip_prefix(':')
                .or_else(|| s.strip_prefix('{').and_then(|r| r.strip_suffix('}')));
            match name {
                Some(n) if !n.is_empty() => Segment::Param {
                    name: n.to_string(),
                    rust_name: naming::ident_snake(n),
                },
                _ => Segment::Literal {
                    value: s.to_string(),
                },
            }
        })
        .collect();
    PathTemplate {
        raw: raw.to_string(),
        segments,
    }
}

/// Splits a Rails-style (or dotted) parameter name into its key path:
/// `opportunity[title]` → `[opportunity, title]`, `ids[]` → `[ids, ""]`,
/// `query.current` → `[query, current]`, `- data` (a nested row marker) → `[data]`.
pub fn parse_wire_path(name: &str) -> Vec<String> {
    let name = name
        .trim()
        .trim_start_matches(['-', '—', ' ', '└', '├', '─'])
        .trim();
    let mut out = Vec::new();
    let (head, rest) = match name.find('[') {
        Some(i) => (&name[..i], &name[i..]),
        None => (name, ""),
    };
    if head.contains('.') && rest.is_empty() {
        out.extend(head.split('.').map(|s| s.trim().to_string()));
    } else {
        out.push(head.trim().to_string());
    }
    let mut cur = rest;
    while let Some(open) = cur.find(['[', '.']) {
        // `goodsList[i].price`: a dotted key after a bracket continues the path.
        if cur[open..].starts_with('.') {
            let after = &cur[open + 1..];
            let end = after.find(['[', '.']).unwrap_or(after.len());
            let key = after[..end].trim();
            if !key.is_empty() {
                out.push(key.to_string());
            }
            cur = &after[end..];
            continue;
        }
        let after = &cur[open + 1..];
        match after.find(']') {
            Some(close) => {
                out.push(index_key(after[..close].trim()));
                cur = &after[close + 1..];
            }
            None => {
                out.push(after.trim().to_string());
                break;
            }
        }
    }
    out
}

/// Index placeholders doc tables write for "any element" (`list[i]`, `[n]`,
/// `[*]`): an array element, like `[]`. Literal indices (`[0]`, Rails nested
/// attributes) and keys are kept.
fn index_key(k: &str) -> String {
    if matches!(k, "i" | "j" | "k" | "n" | "*" | "index" | "idx") {
        String::new()
    } else {
        k.to_string()
    }
}

/// The Rust argument name of a parameter: its key path without the entity root
/// (body fields are wrapped in it anyway) and without array markers/indices:
/// `opportunity[title]` → `title`, `customer[address_attributes][tel]` →
/// `address_attributes_tel`, `ids[]` → `ids`.
fn param_rust_name(path: &[String], body_root: Option<&str>) -> String {
    let skip = usize::from(
        body_root.is_some() && path.len() > 1 && path.first().map(String::as_str) == body_root,
    );
    let words: Vec<&str> = path
        .iter()
        .skip(skip)
        .map(|s| s.trim_start_matches(':'))
        .filter(|s| !s.is_empty() && !s.chars().all(|c| c.is_ascii_digit()))
        .collect();
    naming::ident_snake(&words.join("_"))
}

/// The entity root body fields are wrapped in: the first key shared by at least
/// half of the bracketed body parameters (`opportunity[title]`, `opportunity[note]` →
/// `opportunity`). Why half: tables mix in a few unwrapped extras (`attachment_ids[]`).
fn body_root(params: &[&RawParam]) -> Option<String> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    let mut bracketed = 0;
    for p in params {
        let path = parse_wire_path(&p.name);
        if path.len() > 1 && path[1].is_empty() {
            continue; // `ids[]` is an array, not an entity
        }
        if path.len() > 1 {
            bracketed += 1;
            *counts.entry(path[0].clone()).or_default() += 1;
        }
    }
    let (root, n) = counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
    (n * 2 >= bracketed && !root.is_empty()).then_some(root)
}

/// The path-parameter name a table row documents: tables write it bare (`id`) or
/// as the template does (`:id` on the user detail page, `{id}`).
fn path_param_name(row_name: &str) -> &str {
    let n = row_name.trim();
    let n = n.strip_prefix(':').unwrap_or(n);
    n.strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .unwrap_or(n)
        .trim()
}

/// Everything lowering needs to know about one page.
pub struct PageInput<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub parsed: &'a ParsedPage,
    pub overrides: Option<&'a PageOverride>,
}

/// The error codes of a page's code tables and lists, as IR. Only numbers are
/// codes the crate can name: `Error::Api`'s `code` is an `i64`, and a code that is
/// no number (`A00001`, `ERR_TOKEN`) reaches the caller as the error's text
/// (`error`), so there is no constant to compare it with; such rows are left out.
pub fn lower_codes(file: &str, parsed: &ParsedPage) -> Vec<DocCode> {
    parsed
        .codes
        .iter()
        .filter_map(|c| {
            Some(DocCode {
                value: c.code.parse().ok()?,
                meaning: c.meaning.clone(),
                source: Source {
                    file: file.to_string(),
                    line: c.line,
                },
            })
        })
        .collect()
}

/// Lowers every API of a page. Endpoints with errors are left out; their
/// diagnostics say why.
pub fn lower_page(input: &PageInput<'_>) -> (Vec<Endpoint>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let single = input.parsed.endpoints.len() == 1;
    for raw in &input.parsed.endpoints {
        match lower_endpoint(input, raw, single, &mut diags) {
            Some(e) => out.push(e),
            None => continue,
        }
    }
    (out, diags)
}

/// The lint of a JSON repair: a cut-off example and removed comments are the two
/// defects pages have most, and each is acknowledged on its own; every other
/// repair is `repaired_example`.
fn example_lint(kind: RepairKind) -> Lint {
    match kind {
        RepairKind::Truncated => Lint::TruncatedExample,
        RepairKind::Comment => Lint::ExampleComment,
        RepairKind::CutOff | RepairKind::Other => Lint::RepairedExample,
    }
}

/// One warning's worth of JSON repairs: where, its kind, what, and the help line.
struct Folded {
    offset: usize,
    kind: RepairKind,
    message: String,
    help: &'static str,
}

/// A page cut off mid-example produces several repairs at its end (an unterminated
/// string, a half key dropped, brackets closed): one warning says it all, at the
/// first of them. Every other repair is a warning of its own.
fn fold_truncation(repairs: &[Repair]) -> Vec<Folded> {
    const FIX: &str = "fix the example in the page so it is valid JSON";
    const CUT: &str =
        "the page was cut off here; complete the example from the API's real response";
    let own = |r: &Repair| Folded {
        offset: r.offset,
        kind: r.kind,
        message: r.message.clone(),
        help: FIX,
    };
    let Some(truncated) = repairs.iter().find(|r| r.kind == RepairKind::Truncated) else {
        return repairs.iter().map(own).collect();
    };
    let is_tail = |r: &&Repair| matches!(r.kind, RepairKind::CutOff | RepairKind::Truncated);
    let mut out: Vec<Folded> = repairs.iter().filter(|r| !is_tail(r)).map(own).collect();
    let tail: Vec<&Repair> = repairs.iter().filter(is_tail).collect();
    let first = tail
        .iter()
        .map(|r| r.offset)
        .min()
        .unwrap_or(truncated.offset);
    let details: Vec<&str> = tail
        .iter()
        .filter(|r| r.kind == RepairKind::CutOff)
        .map(|r| r.message.as_str())
        .collect();
    let message = if details.is_empty() {
        truncated.message.clone()
    } else {
        format!("{} ({})", truncated.message, details.join("; "))
    };
    out.push(Folded {
        offset: first,
        kind: RepairKind::Truncated,
        message,
        help: CUT,
    });
    out
}

/// Headings under which pages write the URL; a diagnostic for a missing URL points
/// at the heading when the page has one.
const URL_HEADINGS: &[&str] = &["请求URL", "请求地址", "接口地址", "Request URL", "URL"];

/// Line and column of the first URL heading at or after `from` (1-based).
fn url_heading_line(text: &str, from: usize) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find_map(|(i, l)| {
            URL_HEADINGS
                .iter()
                .find_map(|h| l.find(h).map(|b| (i + 1, l[..b].chars().count() + 1)))
        })
}

fn override_help(file: &str, key: &str, example: &str) -> String {
    format!("add to docs-input/overrides.toml:\n\n    [\"{file}\"]\n    {key} = \"{example}\"\n")
}

fn lower_endpoint(
    input: &PageInput<'_>,
    raw: &RawEndpoint,
    single: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<Endpoint> {
    let file = input.file;
    let text = input.text;
    let ov = input.overrides;
    // Overrides apply to the page's only endpoint, or fill gaps in multi-API files.
    let ov_path = ov
        .and_then(|o| o.path.clone())
        .filter(|_| single || raw.url.is_none());
    let ov_method = ov
        .and_then(|o| o.method.clone())
        .filter(|_| single || raw.method.is_none());

    let stated: Vec<Method> = match (&ov_method, &raw.method) {
        (Some(m), _) => Method::parse_loose(m).into_iter().collect(),
        (None, Some(m)) => {
            let all = page::methods_in(&m.value);
            if all.is_empty() {
                Method::parse_loose(&m.value).into_iter().collect()
            } else {
                all
            }
        }
        (None, None) => Vec::new(),
    };
    let mut method = stated.first().copied();
    let other_methods: Vec<Method> = stated.iter().skip(1).copied().collect();
    if let (Some(m), Some(raw_m)) = (method, raw.method.as_ref()) {
        if !other_methods.is_empty() && ov_method.is_none() {
            let others: Vec<&str> = other_methods.iter().map(|m| m.as_str()).collect();
            diags.push(
                Diagnostic::warning(Lint::SeveralMethods,
                    file,
                    raw_m.line,
                    raw_m.column,
                    format!(
                        "the page names {} methods (`{}`) for one API; {} is used, {} kept in api.json",
                        stated.len(),
                        raw_m.value,
                        m.as_str(),
                        others.join(", ")
                    ),
                )
                .with_help(override_help(file, "method", m.as_str())),
            );
        }
    }
    let path = match (&ov_path, &raw.url) {
        (Some(p), _) => page::clean_path(p),
        (None, Some(u)) => page::clean_path(&u.value),
        (None, None) => None,
    };
    let anchor = raw
        .url
        .as_ref()
        .or(raw.method.as_ref())
        .map(|s| (s.line, s.column))
        .unwrap_or((raw.line, 1));
    let mut failed = false;
    if method.is_none() && raw.method.is_none() && ov_method.is_none() && path.is_some() {
        // No method anywhere on the page: decide from its evidence, and say so.
        let (m, why) = method_from_evidence(raw);
        let (line, col) = raw
            .url
            .as_ref()
            .map(|u| (u.line, u.column))
            .unwrap_or(anchor);
        diags.push(
            Diagnostic::warning(
                Lint::MethodGuessed,
                file,
                line,
                col,
                format!(
                    "this page does not say which HTTP method the endpoint uses; {} chosen: {why}",
                    m.as_str()
                ),
            )
            .with_help(override_help(
                file,
                "method",
                if m == Method::Get { "POST" } else { "GET" },
            )),
        );
        method = Some(m);
    }
    if method.is_none() {
        let (line, col) = raw
            .method
            .as_ref()
            .map(|m| (m.line, m.column))
            .unwrap_or(anchor);
        // Quote what was written where it was written: the override wins over
        // the page, so a bad override is the problem, not the page's method.
        let lint = if ov_method.is_none() && raw.method.is_none() {
            Lint::MissingMethod
        } else {
            Lint::UnknownMethod
        };
        let what = match (&ov_method, &raw.method) {
            (Some(m), _) => format!(
                "the HTTP method `{m}` of this page's override in {} is not one of GET, POST, PUT, PATCH, DELETE",
                crate::overrides::FILE_NAME
            ),
            (None, Some(m)) => format!(
                "the HTTP method `{}` is not one of GET, POST, PUT, PATCH, DELETE",
                m.value
            ),
            (None, None) => "this page does not say which HTTP method the endpoint uses".to_string(),
        };
        diags.push(
            Diagnostic::error(lint, file, line, col, what)
                .with_help(override_help(file, "method", "GET")),
        );
        failed = true;
    }
    if path.is_none() {
        let (line, col) = raw
            .url
            .as_ref()
            .map(|u| (u.line, u.column))
            .or_else(|| url_heading_line(text, raw.line))
            .unwrap_or(anchor);
        let what = match &raw.url {
            Some(u) => format!("the request URL `{}` has no path", u.value),
            None => "this page does not give the endpoint's URL (请求URL is empty)".to_string(),
        };
        let guess = raw
            .path_params
            .first()
            .map(|p| format!("/api/v2/…/:{}", p.name.trim()))
            .unwrap_or_else(|| "/api/v2/…".to_string());
        diags.push(
            Diagnostic::error(Lint::MissingUrl, file, line, col, what)
                .with_help(override_help(file, "path", &guess)),
        );
        failed = true;
    }
    if let Some(p) = path.as_deref().filter(|p| climbs(p)) {
        let (line, col) = raw
            .url
            .as_ref()
            .map(|u| (u.line, u.column))
            .unwrap_or(anchor);
        diags.push(
            Diagnostic::error(Lint::PathEscapes,
                file,
                line,
                col,
                format!("the path `{p}` has a `.` or `..` segment (also as %2e): it would reach another endpoint"),
            )
            .with_help("write the endpoint's own path, without `.` / `..` segments"),
        );
        failed = true;
    }
    if failed {
        return None;
    }
    let (method, path_raw) = (method?, path?);
    let path = parse_template(&path_raw);
    let (mut group, mut operation) = naming::operation_name(method, &path.segments);
    if let Some(g) = ov.and_then(|o| o.group.as_ref()).filter(|_| single) {
        group = naming::ident_snake(g);
    }
    if let Some(o) = ov.and_then(|o| o.operation.as_ref()).filter(|_| single) {
        operation = naming::ident_snake(o);
    }
    let (group, operation) = naming::unreserve(group, operation);

    // Path parameters: template order, documented by the url table when it has a row.
    let mut params: Vec<Param> = Vec::new();
    let mut taken = BTreeSet::new();
    for seg in &path.segments {
        if let Segment::Param { name, rust_name } = seg {
            let doc = raw
                .path_params
                .iter()
                .chain(raw.params.iter())
                .find(|p| path_param_name(&p.name) == name.as_str());
            params.push(Param {
                wire_name: name.clone(),
                wire_path: vec![name.clone()],
                rust_name: naming::dedupe(naming::unreserve_param(rust_name.clone()), &mut taken),
                location: Location::Path,
                required: true,
                doc_type: doc.and_then(|d| d.ty.clone()),
                description: doc.map(|d| d.description.clone()).unwrap_or_default(),
                default: None,
                source: Source {
                    file: file.to_string(),
                    line: doc.map(|d| d.line).unwrap_or(raw.line),
                },
            });
        }
    }
    let path_names: BTreeSet<&str> = path.params().collect();
    let table: Vec<&RawParam> = raw
        .params
        .iter()
        .filter(|p| !path_names.contains(path_param_name(&p.name)))
        .filter(|p| !p.name.trim().is_empty())
        .collect();
    let location = match method {
        Method::Get | Method::Delete => Location::Query,
        Method::Post | Method::Put | Method::Patch => Location::Body,
    };
    // `/detail?id=` on the page: its keys are query parameters whatever the method.
    let query: Vec<String> = if ov_path.is_some() {
        Vec::new()
    } else {
        raw.url
            .as_ref()
            .map(|u| query_keys(&u.value))
            .unwrap_or_default()
    };
    let root = if location == Location::Body {
        body_root(&table)
    } else {
        None
    };
    // Wire name → line of the row that defined it: one lookup per row keeps
    // 100k-row tables linear (a scan of the rows so far was quadratic).
    let mut seen: std::collections::HashMap<String, usize> = params
        .iter()
        .map(|q| (q.wire_name.clone(), q.source.line))
        .collect();
    for p in &table {
        let wire_path = parse_wire_path(&p.name);
        let rust = param_rust_name(&wire_path, root.as_deref());
        if let Some(&prev_line) = seen.get(p.name.trim()) {
            diags.push(Diagnostic::warning(
                Lint::DuplicateParam,
                file,
                p.line,
                1,
                format!(
                    "parameter `{}` is listed twice (first at line {}); the first row is used",
                    p.name.trim(),
                    prev_line
                ),
            ));
            continue;
        }
        seen.insert(p.name.trim().to_string(), p.line);
        let in_query = query.iter().any(|k| k == p.name.trim());
        params.push(Param {
            wire_name: p.name.trim().to_string(),
            wire_path,
            rust_name: naming::dedupe(naming::unreserve_param(rust), &mut taken),
            location: if in_query { Location::Query } else { location },
            required: p.required.unwrap_or(false),
            doc_type: p.ty.clone(),
            description: p.description.clone(),
            default: p.default.clone(),
            source: Source {
                file: file.to_string(),
                line: p.line,
            },
        });
    }
    for key in &query {
        if seen.contains_key(key) {
            continue;
        }
        seen.insert(key.clone(), raw.line);
        let wire_path = parse_wire_path(key);
        let rust = param_rust_name(&wire_path, None);
        params.push(Param {
            wire_name: key.clone(),
            wire_path,
            rust_name: naming::dedupe(naming::unreserve_param(rust), &mut taken),
            location: Location::Query,
            required: false,
            doc_type: None,
            description: "in the query string of the page's URL".to_string(),
            default: None,
            source: Source {
                file: file.to_string(),
                line: raw.url.as_ref().map(|u| u.line).unwrap_or(raw.line),
            },
        });
    }

    let token_header = lower_headers(input, raw, &mut params, &mut taken, diags);
    let auth_doc = raw
        .headers
        .iter()
        .find(|h| h.name.trim().eq_ignore_ascii_case("authorization"))
        .map(|h| {
            let parts = [
                h.default.as_deref().unwrap_or(""),
                h.ty.as_deref().unwrap_or(""),
                h.description.as_str(),
            ];
            parts
                .iter()
                .map(|p| p.trim())
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|d| !d.is_empty());

    let mut examples = Vec::new();
    for ex in &raw.examples {
        let read = crate::json::read_lenient(&ex.text);
        let idx = LineIndex::new(&ex.text);
        let at = |offset: usize| {
            let (l, c) = idx.line_col(&ex.text, offset);
            (ex.line + l - 1, c)
        };
        for Folded {
            offset,
            kind,
            message,
            help,
        } in fold_truncation(&read.repairs)
        {
            let (line, col) = at(offset);
            diags.push(
                Diagnostic::warning(
                    example_lint(kind),
                    file,
                    line,
                    col,
                    format!("JSON example repaired: {message}"),
                )
                .with_help(help),
            );
        }
        match read.value {
            Some(value) => examples.push(Example {
                kind: ex.kind,
                label: ex.label.clone(),
                value,
                repaired: !read.repairs.is_empty(),
                source: Source {
                    file: file.to_string(),
                    line: ex.line,
                },
            }),
            None => {
                let (line, col) = read
                    .error
                    .as_ref()
                    .map(|e| at(e.offset))
                    .unwrap_or((ex.line, 1));
                let why = read.error.map(|e| e.message).unwrap_or_default();
                diags.push(
                    Diagnostic::warning(
                        Lint::UnreadableExample,
                        file,
                        line,
                        col,
                        format!("JSON example could not be read and is ignored: {why}"),
                    )
                    .with_help("fix the example in the page so it is valid JSON"),
                );
            }
        }
    }

    let summary = raw
        .summary
        .as_ref()
        .map(|s| s.value.clone())
        .or_else(|| raw.title.as_ref().map(|t| t.value.clone()))
        .unwrap_or_else(|| format!("{} {}", method.as_str(), path.raw));
    let title = raw
        .title
        .as_ref()
        .map(|t| t.value.clone())
        .filter(|t| *t != summary);
    let origin = match ov_path {
        Some(_) => None,
        None => raw.url.as_ref().and_then(|u| page::url_origin(&u.value)),
    };
    let mut endpoint = Endpoint {
        group,
        operation,
        method,
        path,
        origin,
        summary,
        title,
        params,
        body_root: root,
        examples,
        response_fields: raw
            .response_fields
            .iter()
            .map(|f| FieldDoc {
                name: f.name.clone(),
                doc_type: f.ty.clone(),
                description: f.description.clone(),
                group: f.group.clone(),
                source: Source {
                    file: file.to_string(),
                    line: f.line,
                },
            })
            .collect(),
        notes: raw.notes.clone(),
        updated_at: raw.updated_at.clone(),
        author: raw.author.clone(),
        source: Source {
            file: file.to_string(),
            line: raw.line,
        },
        merged_from: Vec::new(),
        token_header,
        auth_doc,
        paging: None,
        other_methods,
    };
    bound_doc_texts(&mut endpoint, input, diags);
    Some(endpoint)
}

/// The most characters a summary, title, description or note puts into the
/// generated docs, `api.json` and `openapi.json`. Real pages stay under 100; a
/// page whose 50 MB title was copied into three files is a mistake, not a doc.
pub const MAX_DOC_TEXT: usize = 2_000;

/// Cuts `text` to [`MAX_DOC_TEXT`] characters (on a char boundary) followed by
/// `…`; true when it was cut.
pub fn bound_doc_text(text: &mut String) -> bool {
    match text.char_indices().nth(MAX_DOC_TEXT) {
        Some((cut, _)) => {
            text.truncate(cut);
            text.push('…');
            true
        }
        None => false,
    }
}

/// Applies [`bound_doc_text`] to every text of an endpoint that ends up in docs,
/// with one warning per page naming what was cut.
fn bound_doc_texts(e: &mut Endpoint, input: &PageInput<'_>, diags: &mut Vec<Diagnostic>) {
    let mut cut = Vec::new();
    if bound_doc_text(&mut e.summary) {
        cut.push("the summary");
    }
    if e.title.as_mut().is_some_and(bound_doc_text) {
        cut.push("the title");
    }
    if e.params
        .iter_mut()
        .fold(false, |c, p| bound_doc_text(&mut p.description) | c)
    {
        cut.push("a parameter description");
    }
    if e.response_fields
        .iter_mut()
        .fold(false, |c, f| bound_doc_text(&mut f.description) | c)
    {
        cut.push("a field description");
    }
    if e.notes.iter_mut().fold(false, |c, n| bound_doc_text(n) | c) {
        cut.push("a note");
    }
    if !cut.is_empty() {
        diags.push(
            Diagnostic::warning(
                Lint::TextCut,
                input.file,
                e.source.line,
                1,
                format!(
                    "{} of this endpoint is longer than {MAX_DOC_TEXT} characters and was cut",
                    cut.join(", ")
                ),
            )
            .with_help("shorten the text in the page; the docs keep its start followed by `…`"),
        );
    }
}

/// Two pages document one parameter with types no single type is (`int` on one,
/// `string` on the other): the documented type that holds both (`decimal` for
/// two kinds of number, else `string`: every value the API takes has a text
/// form), and the two documented types as written.
fn contradicting_doc_types(q: &Param, p: &Param) -> Option<(&'static str, String, String)> {
    use crate::infer::{doc_type, TypeRef};
    let (a, b) = (q.doc_type.as_deref()?, p.doc_type.as_deref()?);
    let (ta, tb) = (doc_type(a)?, doc_type(b)?);
    if ta == tb {
        return None;
    }
    let numbers = [TypeRef::Integer, TypeRef::Decimal, TypeRef::Float];
    let wider = if numbers.contains(&ta) && numbers.contains(&tb) {
        "decimal"
    } else {
        "string"
    };
    Some((wider, a.trim().to_string(), b.trim().to_string()))
}

/// Headers the client sets itself on every request (auth, content negotiation):
/// a 请求头 table row naming one documents the client's behaviour, it is no
/// parameter of the operation.
const CLIENT_MANAGED_HEADERS: &[&str] = &[
    "authorization",
    "content-type",
    "accept",
    "user-agent",
    "content-length",
    "host",
];

/// A header name as HTTP allows it (RFC 9110 `token`): table rows such as
/// `请参考接口必读` are prose, not headers.
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A header that carries the caller's credentials instead of `Authorization`: its
/// name says token or API key (`ACCESS-TOKEN`, `X-Auth-Token`, `X-Api-Key`) or its
/// description says 授权 (the call-center pages: `ACCESS-TOKEN | true | 授权token(crm提供)`).
pub fn is_token_header(name: &str, description: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let key = name.replace(['-', '_'], "").contains("apikey");
    name.contains("token") || key || (description.contains("授权") && !name.contains("type"))
}

/// The 请求头 table's rows become header parameters (typed arguments sent as
/// headers), except those the client manages itself. Returns the operation's own
/// token header, if the table names one.
fn lower_headers(
    input: &PageInput<'_>,
    raw: &RawEndpoint,
    params: &mut Vec<Param>,
    taken: &mut BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let mut token_header = None;
    for h in &raw.headers {
        let name = h.name.trim();
        if name.is_empty() || CLIENT_MANAGED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        if !is_header_name(name) {
            diags.push(
                Diagnostic::warning(
                    Lint::HeaderName,
                    input.file,
                    h.line,
                    1,
                    format!("`{name}` in the 请求头 table is not an HTTP header name; row ignored"),
                )
                .with_help("header names are ASCII letters, digits and `-`"),
            );
            continue;
        }
        if params
            .iter()
            .any(|p| p.location == Location::Header && p.wire_name.eq_ignore_ascii_case(name))
        {
            continue;
        }
        if token_header.is_none() && is_token_header(name, &h.description) {
            token_header = Some(name.to_string());
        }
        params.push(Param {
            wire_name: name.to_string(),
            wire_path: vec![name.to_string()],
            rust_name: naming::dedupe(naming::ident_snake(name), taken),
            location: Location::Header,
            required: h.required.unwrap_or(false),
            doc_type: h.ty.clone(),
            description: h.description.clone(),
            default: h.default.clone(),
            source: Source {
                file: input.file.to_string(),
                line: h.line,
            },
        });
    }
    token_header
}

/// Whether a path has a `.` or `..` segment, also percent-encoded (`%2e%2e`,
/// `.%2E`): URL parsers resolve them, so such a path names another endpoint.
pub fn climbs(path: &str) -> bool {
    path.split('/').any(|seg| {
        let decoded = seg.trim().to_ascii_lowercase().replace("%2e", ".");
        decoded == "." || decoded == ".."
    })
}

/// The keys of a URL's query string as the page writes it: `/detail?id=&type=1`
/// → `id`, `type`. Keys that are not names (`?/device.add`, a route in the query;
/// `?access-token=[token]` is a name) are left out.
pub fn query_keys(url: &str) -> Vec<String> {
    let Some((_, query)) = url.split_once('?') else {
        return Vec::new();
    };
    // No fragment cut: `#{userId}` is a placeholder value, and values are unused.
    let query = query.split_whitespace().next().unwrap_or("");
    let mut out: Vec<String> = Vec::new();
    for pair in query.split('&') {
        let key = pair.split('=').next().unwrap_or("").trim();
        let is_name = !key.is_empty()
            && key
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-[].".contains(c));
        if is_name && !out.iter().any(|k| k == key) {
            out.push(key.to_string());
        }
    }
    out
}

/// Parameters that only make sense in a query string: paging. A page listing
/// them describes a list read (the call-center pages: `page`, `per_page`, no body).
const PAGING_PARAMS: &[&str] = &[
    "page",
    "per_page",
    "page_size",
    "pagesize",
    "page_num",
    "pagenum",
    "page_no",
    "pageno",
    "pagenumber",
    "page_index",
    "pageindex",
    "current",
    "limit",
    "offset",
];

/// The method of an API whose page states none, from the page's own evidence:
/// a request JSON example → POST; paging parameters (and no request example) →
/// GET; any other parameter table (a form) → POST; nothing → GET. Returns the
/// method and the evidence, in words, for the warning.
pub fn method_from_evidence(raw: &RawEndpoint) -> (Method, String) {
    if let Some(ex) = raw.examples.iter().find(|e| e.kind == ExampleKind::Request) {
        return (
            Method::Post,
            format!("the page shows a request body (line {})", ex.line),
        );
    }
    let params: Vec<&RawParam> = raw
        .params
        .iter()
        .filter(|p| !raw.path_params.iter().any(|q| q.name == p.name))
        .collect();
    if let Some(p) = params
        .iter()
        .find(|p| PAGING_PARAMS.contains(&p.name.trim().to_ascii_lowercase().as_str()))
    {
        return (
            Method::Get,
            format!(
                "paging parameter `{}` (line {}) and no request body: a list read",
                p.name.trim(),
                p.line
            ),
        );
    }
    match params.first() {
        Some(p) => (
            Method::Post,
            format!(
                "a parameter table (line {}) and no paging parameters: a form",
                p.line
            ),
        ),
        None => (Method::Get, "no request body and no parameters".to_string()),
    }
}

/// Merges endpoints that describe the same method and path (two pages of one API):
/// evidence is combined, conflicts are warnings. Input order decides which page is
/// primary (callers pass pages sorted by file name).
pub fn merge_duplicates(endpoints: Vec<Endpoint>, diags: &mut Vec<Diagnostic>) -> Vec<Endpoint> {
    let mut out: Vec<Endpoint> = Vec::new();
    // (method, path) → index in `out`: a linear search here was quadratic in the
    // number of endpoints (BENCHMARKS.md, 8k synthetic pages).
    let mut index: std::collections::HashMap<(String, String), usize> =
        std::collections::HashMap::new();
    for e in endpoints {
        let key = (e.method.as_str().to_string(), e.path.raw.clone());
        let Some(&at) = index.get(&key) else {
            index.insert(key, out.len());
            out.push(e);
            continue;
        };
        let primary = &mut out[at];
        for p in e.params {
            match primary
                .params
                .iter_mut()
                .find(|q| q.wire_name == p.wire_name)
            {
                Some(q) => {
                    if q.required != p.required {
                        diags.push(Diagnostic::warning(
                            Lint::RequiredMismatch,
                            &p.source.file,
                            p.source.line,
                            1,
                            format!(
                                "`{}` is {} here but {} in {}; treating it as required",
                                p.wire_name,
                                if p.required { "required" } else { "optional" },
                                if q.required { "required" } else { "optional" },
                                q.source
                            ),
                        ));
                        q.required = true;
                    }
                    if let Some((wider, a, b)) = contradicting_doc_types(q, &p) {
                        diags.push(
                            Diagnostic::warning(
                                Lint::DocTypeMismatch,
                                &p.source.file,
                                p.source.line,
                                1,
                                format!(
                                    "`{}` is documented as `{b}` here but as `{a}` in {}; \
                                     it is typed `{wider}`, which holds both",
                                    p.wire_name, q.source
                                ),
                            )
                            .with_help("correct the type in the page that is wrong"),
                        );
                        q.doc_type = Some(wider.to_string());
                    }
                    if q.description.is_empty() {
                        q.description = p.description;
                    }
                }
                None => {
                    let mut p = p;
                    let mut taken: BTreeSet<String> =
                        primary.params.iter().map(|q| q.rust_name.clone()).collect();
                    p.rust_name = naming::dedupe(p.rust_name, &mut taken);
                    primary.params.push(p);
                }
            }
        }
        if primary.body_root.is_none() {
            primary.body_root = e.body_root;
        }
        if primary.token_header.is_none() {
            primary.token_header = e.token_header;
        }
        if primary.origin.is_none() {
            primary.origin = e.origin;
        }
        if primary.auth_doc.is_none() {
            primary.auth_doc = e.auth_doc;
        }
        primary.examples.extend(e.examples);
        for f in e.response_fields {
            if !primary
                .response_fields
                .iter()
                .any(|g| g.name == f.name && g.group == f.group)
            {
                primary.response_fields.push(f);
            }
        }
        for n in e.notes {
            if !primary.notes.contains(&n) {
                primary.notes.push(n);
            }
        }
        if primary.summary.is_empty() {
            primary.summary = e.summary;
        }
        primary.merged_from.push(e.source);
        primary.merged_from.extend(e.merged_from);
    }
    out
}

/// Stage 3 for the whole API: merges the endpoints several pages describe,
/// orders them, and makes operation names unique within each group. The order
/// (group, operation, path, method) decides which twin keeps the plain name.
pub fn merge_and_name(endpoints: Vec<Endpoint>, diags: &mut Vec<Diagnostic>) -> Vec<Endpoint> {
    let mut endpoints = merge_duplicates(endpoints, diags);
    endpoints.sort_by(|a, b| {
        (&a.group, &a.operation, &a.path.raw, a.method).cmp(&(
            &b.group,
            &b.operation,
            &b.path.raw,
            b.method,
        ))
    });
    dedupe_operation_names(&mut endpoints);
    endpoints.sort_by(|a, b| (&a.group, &a.operation).cmp(&(&b.group, &b.operation)));
    endpoints
}

/// Makes `(group, operation)` unique: a later endpoint with a taken name gets the
/// method appended (`get_post`), then a number. Endpoints must be sorted first.
pub fn dedupe_operation_names(endpoints: &mut [Endpoint]) {
    let mut taken = BTreeSet::new();
    // Next number to try per (group, name with method): `taken` only grows, so every
    // smaller number is still taken; without this, k clashes of one name cost k².
    let mut next: std::collections::HashMap<(String, String), usize> =
        std::collections::HashMap::new();
    for e in endpoints.iter_mut() {
        let key = (e.group.clone(), e.operation.clone());
        if taken.insert(key) {
            continue;
        }
        let with_method = format!("{}_{}", e.operation, e.method.as_str().to_ascii_lowercase());
        let mut candidate = with_method.clone();
        let n = next
            .entry((e.group.clone(), with_method.clone()))
            .or_insert(2);
        if *n > 2 {
            candidate = format!("{with_method}_{n}");
            *n += 1;
        }
        while !taken.insert((e.group.clone(), candidate.clone())) {
            candidate = format!("{with_method}_{n}");
            *n += 1;
        }
        e.operation = candidate;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_repairs_get_their_lint() {
        let read = crate::json::read_lenient(
            "{\"a\": 1, // the id\n \"b\": [1, 2,],\n \"c\": {\"d\": \"cut",
        );
        let lints: Vec<Lint> = fold_truncation(&read.repairs)
            .iter()
            .map(|f| example_lint(f.kind))
            .collect();
        assert_eq!(
            lints,
            [
                Lint::ExampleComment,
                Lint::RepairedExample,
                Lint::TruncatedExample
            ],
            "{:?}",
            read.repairs
        );
    }

    #[test]
    fn page_text_that_reads_like_a_cut_off_repair_is_not_folded() {
        // The words of a skipped line are quoted in its repair's message; only the
        // repair's kind says whether it belongs to the cut-off tail.
        let text = "the rest at end of example:\n{\"a\": [1";
        let read = crate::json::read_lenient(text);
        let folded = fold_truncation(&read.repairs);
        let got: Vec<(usize, Lint)> = folded
            .iter()
            .map(|f| (f.offset, example_lint(f.kind)))
            .collect();
        assert_eq!(
            got,
            [
                (0, Lint::RepairedExample),
                (text.len(), Lint::TruncatedExample)
            ],
            "{:?}",
            read.repairs
        );
        assert!(folded[0]
            .message
            .starts_with("skipped text before the JSON value"));
    }

    #[test]
    fn wire_paths() {
        assert_eq!(
            parse_wire_path("opportunity[title]"),
            ["opportunity", "title"]
        );
        assert_eq!(parse_wire_path("ids[]"), ["ids", ""]);
        assert_eq!(
            parse_wire_path("customer[contacts_attributes][0][name]"),
            ["customer", "contacts_attributes", "0", "name"]
        );
        assert_eq!(parse_wire_path("query.current"), ["query", "current"]);
        assert_eq!(parse_wire_path("- data"), ["data"]);
        assert_eq!(
            parse_wire_path("goodsList[i].price"),
            ["goodsList", "", "price"]
        );
        assert_eq!(
            parse_wire_path("order[items][n].sku.id"),
            ["order", "items", "", "sku", "id"]
        );
        assert_eq!(
            parse_wire_path("revisit_log[loggable_attributes][:format ]"),
            ["revisit_log", "loggable_attributes", ":format"]
        );
    }

    #[test]
    fn doc_texts_are_bounded_on_a_char_boundary() {
        let mut short = "短".repeat(MAX_DOC_TEXT);
        assert!(!bound_doc_text(&mut short));
        let mut long = "长".repeat(MAX_DOC_TEXT + 1);
        assert!(bound_doc_text(&mut long));
        assert_eq!(long.chars().count(), MAX_DOC_TEXT + 1);
        assert!(long.ends_with("长…"));
    }

    #[test]
    fn contradicting_documented_types_widen() {
        let param = |ty: &str| Param {
            wire_name: "id".into(),
            wire_path: vec!["id".into()],
            rust_name: "id".into(),
            location: Location::Path,
            required: true,
            doc_type: Some(ty.into()),
            description: String::new(),
            default: None,
            source: Source {
                file: "a.md".into(),
                line: 1,
            },
        };
        let wider = |a: &str, b: &str| contradicting_doc_types(&param(a), &param(b)).map(|w| w.0);
        assert_eq!(wider("int", "string"), Some("string"));
        assert_eq!(wider("Integer", "float"), Some("decimal"));
        assert_eq!(wider("int", "Integer"), None);
        assert_eq!(wider("int", "不知道"), None);
    }

    #[test]
    fn rust_names_drop_the_entity_root() {
        let root = Some("customer");
        assert_eq!(
            param_rust_name(&parse_wire_path("customer[name]"), root),
            "name"
        );
        assert_eq!(
            param_rust_name(&parse_wire_path("customer[address_attributes][tel]"), root),
            "address_attributes_tel"
        );
        assert_eq!(
            param_rust_name(
                &parse_wire_path("customer[contacts_attributes][0][name]"),
                root
            ),
            "contacts_attributes_name"
        );
        assert_eq!(
            param_rust_name(&parse_wire_path("attachment_ids[]"), root),
            "attachment_ids"
        );
        assert_eq!(
            param_rust_name(&parse_wire_path("refer_lead_id"), root),
            "refer_lead_id"
        );
    }

    #[test]
    fn table_rows_name_path_params_bare_or_as_in_the_template() {
        // user_detial: `/api/v2/user/:id` and the row `:id true 用户id`.
        assert_eq!(path_param_name(":id"), "id");
        assert_eq!(path_param_name(" id "), "id");
        assert_eq!(path_param_name("{id}"), "id");
        assert_eq!(path_param_name("user[id]"), "user[id]");
    }

    #[test]
    fn token_headers() {
        // The call-center pages: `ACCESS-TOKEN | true | 授权token(crm提供)`.
        assert!(is_token_header("ACCESS-TOKEN", "授权token(crm提供)"));
        assert!(is_token_header("X-Auth-Token", ""));
        assert!(is_token_header("X-Api-Key", "调用方的密钥"));
        assert!(is_token_header("apikey", ""));
        assert!(!is_token_header("X-Request-Id", "请求编号"));
        assert!(is_token_header("X-Sign", "授权签名"));
        assert!(!is_token_header("X-LXY-PLATFORM", "平台, 固定为 lixiaoyun"));
        assert!(!is_token_header("Content-Type", "授权后的内容类型"));
    }

    #[test]
    fn header_names() {
        assert!(is_header_name("ACCESS-TOKEN"));
        assert!(is_header_name("X-LXY-APP"));
        assert!(!is_header_name("请参考接口必读"));
        assert!(!is_header_name("a b"));
        assert!(!is_header_name(""));
    }

    #[test]
    fn header_table_rows_become_header_params() {
        // 请求头 of the call-center user list (crm_open_api-1eqfi6e39h19r), as a bullet page.
        let text = "简要描述:\n\n  • 用户列表\n\n请求URL:\n\n  • /api/call_centers/interface/users\n\n\
请求方式:\n\n  • GET\n\n请求头:\n\n字段名 是否必填 描述\nACCESS-TOKEN true 授权token(crm提供)\n\
Authorization true 用户token\n\n请求参数:\n\n字段名 是否必填 类型 描述\ncorp_id true string 企业corp_id\n";
        let parsed = page::parse_page("cc.txt", text);
        let (eps, _) = lower_page(&PageInput {
            file: "cc.txt",
            text,
            parsed: &parsed,
            overrides: None,
        });
        let e = &eps[0];
        assert_eq!(e.token_header.as_deref(), Some("ACCESS-TOKEN"));
        let h: Vec<(&str, &str, bool)> = e
            .params
            .iter()
            .filter(|p| p.location == Location::Header)
            .map(|p| (p.wire_name.as_str(), p.rust_name.as_str(), p.required))
            .collect();
        // `Authorization` is the client's own header, not a parameter.
        assert_eq!(h, [("ACCESS-TOKEN", "access_token", true)]);
        assert!(e
            .params
            .iter()
            .any(|p| p.wire_name == "corp_id" && p.location == Location::Query));
    }

    #[test]
    fn method_from_the_pages_evidence() {
        let page = |text: &str| crate::page::parse_page("x.md", text).endpoints[0].clone();
        let (m, why) = method_from_evidence(&page(
            "## API Path\n/api/chat\n## 请求报文\n    {\"a\": 1}\n",
        ));
        assert_eq!(m, Method::Post, "{why}");
        assert!(why.contains("request body (line 4)"), "{why}");
        let (m, why) = method_from_evidence(&page(
            "请求URL:\n/api/users\n请求参数:\n|字段名|是否必填|\n|-|-|\n|corp_id|true|\n|per_page|false|\n",
        ));
        assert_eq!(m, Method::Get, "{why}");
        assert!(why.contains("`per_page`"), "{why}");
        let (m, _) = method_from_evidence(&page(
            "请求URL:\n/api/users\n请求参数:\n|字段名|是否必填|\n|-|-|\n|name|true|\n",
        ));
        assert_eq!(m, Method::Post);
        let (m, why) = method_from_evidence(&page("* 接口地址：/section/hot\n"));
        assert_eq!(
            (m, why.as_str()),
            (Method::Get, "no request body and no parameters")
        );
    }

    #[test]
    fn query_strings_and_climbing_paths() {
        assert_eq!(query_keys("/detail?id="), ["id"]);
        assert_eq!(
            query_keys("url :/a?userId=#{userId}&nodeId=#{nodeId}"),
            ["userId", "nodeId"]
        );
        assert_eq!(
            query_keys("http://h/user/?/device.add"),
            Vec::<String>::new()
        );
        assert_eq!(
            query_keys("/f/images?access-token=[access-token]"),
            ["access-token"]
        );
        assert!(climbs("/api/../admin") && climbs("/api/%2e%2E/x") && climbs("/a/./b"));
        assert!(!climbs("/api/v1.0/x") && !climbs("/a/..b"));
    }

    #[test]
    fn templates() {
        let t = parse_template("/api/role/{id}/x/:sub_id");
        assert_eq!(t.params().collect::<Vec<_>>(), ["id", "sub_id"]);
        // A stray space after a slash stays in the raw path, not in the segment.
        let t = parse_template("/person/ {targetId}/x");
        assert_eq!(t.params().collect::<Vec<_>>(), ["targetId"]);
    }
}
