//! The line-driven state machine that turns one page into [`RawEndpoint`]s.
//!
//! Every line is classified once, in this order: code fence, footer / author line,
//! start of a JSON block, section heading, pipe table, space table, sub-table caption,
//! `GET /path` line after `HTTP Request`, and finally free text, which the current
//! section interprets (summary, URL, method, notes).
//!
//! **Endpoint splitting.** A file may describe several APIs by repeating the
//! template. A new endpoint starts when a heading opens a part the current endpoint
//! already has: a second 请求URL, a second 请求方式, a second `HTTP Request`, or a
//! 简要描述 after the endpoint already has its URL and method plus a later part
//! (parameters, examples, responses) or a summary. (knife4j pages put 接口描述 after
//! the URL and method, so a summary alone must not split.) The last unrecognised
//! heading before the split (`### 修改`, `**查询 ansible 动态主机列表: **`) becomes
//! the new endpoint's title.
//!
//! **API-page rule.** An endpoint is kept when it has a URL section, a method section
//! or an `HTTP Request` line, even if they are empty (stub pages still describe an
//! API). A page with no kept endpoint is [`PageKind::NotApi`] and reports nothing.

use super::blocks::{self, is_json_start, is_template_placeholder};
use super::codes::{code_rows, RawCode};
use super::evidence::{
    attribute_method_path, code_span_path, front_matter_len, key_value_row, method_path_line,
    qualified_url_line, redirect_path, MethodPath,
};
use super::lines::{
    author_line, bullet, col_of, footer, html_block_text, indent_col, is_blank, is_rule,
    split_lines, Line,
};
use super::markdown::{fence_closes, fence_open, inline_text, is_code_fence, Fence};
use super::sections::{
    caption_group, example_label, inline_example_label, parse_heading, Heading, Section,
};
use super::table::{
    cell_per_line, cell_per_line_header, clean_cell, clean_name, has, html_table_rows,
    infer_name_column, is_pipe_row, is_separator, opens_html_table, parse_required,
    relabel_type_column, space_header, split_cells, split_space_row, Col,
};
use super::url::clean_path;
use super::{
    ExampleKind, PageKind, ParsedPage, RawEndpoint, RawExample, RawField, RawParam, Spanned,
};
use crate::diag::{Diagnostic, Lint};
use crate::ir::Method;

/// `` `POST` `` → `POST`; "get `application/json`" is kept as written.
fn unwrap_backticks(s: &str) -> &str {
    match s.strip_prefix('`').and_then(|x| x.strip_suffix('`')) {
        Some(inner) if !inner.contains('`') => inner.trim(),
        _ => s,
    }
}

/// How far a caption line may be from the table it names (blank lines between).
const CAPTION_LOOKAHEAD: usize = 3;

/// Captions are short labels (`loggable`, `Permission详细说明`), not prose.
const CAPTION_MAX_CHARS: usize = 40;

#[derive(Default)]
struct Ep {
    raw: RawEndpoint,
    seen_url: bool,
    seen_method: bool,
    seen_http: bool,
    /// A part after the method (params, headers, examples, responses) was seen.
    seen_later: bool,
}

impl Ep {
    fn started(&self) -> bool {
        self.seen_url || self.seen_method || self.seen_http
    }
}

/// Where a table's rows go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    PathParams,
    Params,
    Headers,
    Fields,
    /// A request-side sub-table (`product_assets_attributes` under 请求参数): kept as
    /// notes, since its rows are not top-level parameters.
    Notes,
    Skip,
}

/// One table row: the line it starts on and its cells.
struct Row {
    idx: usize,
    cells: Vec<String>,
    trailing_pipe: bool,
}

struct Parser<'a> {
    file: &'a str,
    text: &'a str,
    lines: Vec<Line<'a>>,
    eps: Vec<Ep>,
    cur: Ep,
    section: Option<Section>,
    /// Label of the heading that opened the current section.
    section_label: Option<String>,
    /// Sub-table caption in effect (`loggable`, `Permission`).
    group: Option<String>,
    /// `成功示例` / `失败示例` prose label waiting for the next JSON block.
    pending_label: Option<(ExampleKind, String)>,
    /// Last unrecognised heading since the current endpoint started.
    pending_title: Option<Spanned<String>>,
    /// In a request section, a table came after an example: the next example is the
    /// response (ShowDoc puts the parameter table between request and response).
    table_after_request_example: bool,
    request_examples_in_section: usize,
    first_content_idx: Option<usize>,
    /// Lines of YAML front matter at the top (skipped: its `path:` is no API path).
    front_matter: usize,
    updated_at: Option<String>,
    author: Option<String>,
    /// Rows of the error-code sections so far.
    codes: Vec<RawCode>,
    diags: Vec<Diagnostic>,
}

pub(super) fn parse(file: &str, text: &str) -> ParsedPage {
    let lines = split_lines(text);
    let texts: Vec<&str> = lines.iter().map(|l| l.text).collect();
    let front_matter = front_matter_len(&texts);
    let first_content_idx = lines
        .iter()
        .skip(front_matter)
        .position(|l| !is_blank(l.text))
        .map(|k| k + front_matter);
    let mut p = Parser {
        file,
        text,
        lines,
        eps: Vec::new(),
        cur: Ep::default(),
        section: None,
        section_label: None,
        group: None,
        pending_label: None,
        pending_title: None,
        table_after_request_example: false,
        request_examples_in_section: 0,
        first_content_idx,
        front_matter,
        updated_at: None,
        author: None,
        codes: Vec::new(),
        diags: Vec::new(),
    };
    p.run();
    p.finish()
}

impl<'a> Parser<'a> {
    fn run(&mut self) {
        let n = self.lines.len();
        let mut i = self.front_matter;
        while i < n {
            i = self.step(i).max(i + 1);
        }
    }

    fn text_at(&self, i: usize) -> &'a str {
        self.lines.get(i).map(|l| l.text).unwrap_or("")
    }

    fn no(&self, i: usize) -> usize {
        self.lines.get(i).map(|l| l.no).unwrap_or(1)
    }

    /// Handles the line at `i`; returns the index of the next unhandled line.
    fn step(&mut self, i: usize) -> usize {
        let text = self.text_at(i);
        let t = text.trim();
        if t.is_empty() {
            return i + 1;
        }
        if let Some(f) = fence_open(text) {
            return self.fence(i, f);
        }
        // Before the JSON check: `{% include method.html method='POST' … %}`.
        if let Some(mp) = attribute_method_path(text) {
            self.stated(i, &mp, true);
            return i + 1;
        }
        // Before the footer check: the footer may be glued to a one-line JSON block.
        if is_json_start(text) {
            return self.json_block(i, self.lines.len(), None);
        }
        if let Some(f) = footer(text) {
            self.updated_at = self.updated_at.take().or(f.updated_at);
            self.author = self.author.take().or(f.author);
            return i + 1;
        }
        if let Some(a) = author_line(text) {
            self.author = self.author.take().or(Some(a));
            return i + 1;
        }
        if let Some(h) = parse_heading(text) {
            self.heading(i, h);
            return i + 1;
        }
        // An error-code section: its rows, header and separator lines are its own
        // (other lines, prose, fall through).
        if self.section == Some(Section::Codes) {
            let rows = code_rows(text, self.no(i));
            if !rows.is_empty() {
                self.codes.extend(rows);
                return i + 1;
            }
            if is_pipe_row(text) || is_separator(text) {
                return i + 1;
            }
        }
        // A rich-text line (`<p><span>GET</span> <span>/x</span></p>`): its text
        // states a method and path, or is a labelled line, like plain text.
        if let Some(inner) = html_block_text(text) {
            if let Some(mp) = method_path_line(&inner) {
                if self.stated(i, &mp, false) {
                    return i + 1;
                }
            }
            // An emphasised paragraph (`<p><strong>参数</strong></p>`, `<h3>…`)
            // is the rich-text form of a heading.
            let lower = text.to_ascii_lowercase();
            let emphasised = ["<strong", "<b>", "<h1", "<h2", "<h3", "<h4", "<h5", "<h6"]
                .iter()
                .any(|t| lower.contains(t));
            let heading = parse_heading(&inner)
                .filter(|h| h.value.is_some() || h.section.is_some())
                .or_else(|| {
                    emphasised
                        .then(|| parse_heading(&format!("**{inner}**")))
                        .flatten()
                });
            if let Some(h) = heading {
                self.heading(i, h);
                return i + 1;
            }
        }
        if is_rule(t) {
            return i + 1;
        }
        if opens_html_table(text) {
            return self.html_table(i);
        }
        if is_pipe_row(text) && is_separator(self.text_at(i + 1)) {
            return self.pipe_table(i);
        }
        if let Some((cols, cells)) = self.cell_per_line_run(i) {
            return self.cell_per_line_table(i, cols, cells);
        }
        if is_separator(text) {
            return i + 1;
        }
        if bullet(text).is_none() {
            if let Some(cols) = space_header(text) {
                return self.space_table(i, cols);
            }
            if self.is_caption(i) {
                self.caption(&inline_text(t));
                return i + 1;
            }
        }
        if self.section == Some(Section::HttpRequest)
            && self.cur.raw.url.is_none()
            && self.http_line(i)
        {
            return i + 1;
        }
        if let Some(mp) = method_path_line(text) {
            if self.stated(i, &mp, false) {
                return i + 1;
            }
        }
        if let Some(path) = code_span_path(text) {
            self.url_statement(i, &path);
            return i + 1;
        }
        // An API with a method but no URL may state its path only as a redirect
        // target (`浏览器跳转到 /oauth/authorize`).
        if self.cur.seen_method && self.cur.raw.url.is_none() {
            if let Some(path) = redirect_path(text) {
                self.url_statement(i, &path);
                return i + 1;
            }
        }
        self.content(i);
        i + 1
    }

    /// A method and path stated together (see [`super::evidence`]). A `strong`
    /// statement (a heading, a template tag) always describes a new API. A weak one
    /// (a plain line, the first line of a code block) fills the current API's gaps,
    /// or starts a new API when the current one is complete and a heading came
    /// since; otherwise it is the current API's request example and is ignored.
    /// Returns whether it was used.
    fn stated(&mut self, i: usize, mp: &MethodPath, strong: bool) -> bool {
        let c = &self.cur;
        let has_url = c.raw.url.is_some();
        // A request example repeats its API's URL, often with the host's path
        // prefix (`/ums/v3/account/x` for `/account/x`): the same API.
        let repeats_url = c
            .raw
            .url
            .as_ref()
            .and_then(|u| clean_path(&u.value))
            .zip(clean_path(&mp.path))
            .is_some_and(|(cur, new)| new.ends_with(&cur));
        let complete = has_url && c.raw.method.is_some();
        let new_api = !repeats_url
            && self.section != Some(Section::RequestExample)
            && self.pending_title.is_some();
        if (strong && c.started()) || (!strong && complete && new_api) {
            self.start_new(i);
        } else if !strong && has_url {
            return false;
        }
        self.mark_line(i);
        let text = self.text_at(i);
        let no = self.no(i);
        if self.cur.raw.method.is_none() {
            self.cur.raw.method = Some(Spanned {
                value: mp.method.clone(),
                line: no,
                column: col_of(text, &mp.method),
            });
        }
        self.cur.raw.url = Some(Spanned {
            value: mp.path.clone(),
            line: no,
            column: col_of(text, &mp.path),
        });
        self.cur.seen_url = true;
        self.cur.seen_method = true;
        if strong {
            self.section = None;
        }
        true
    }

    /// A path stated on its own (`` - **`/x/{id}`** ``): the current API's URL when
    /// it has none yet, else the start of a new API.
    fn url_statement(&mut self, i: usize, path: &str) {
        if self.cur.raw.url.is_some() {
            self.start_new(i);
        }
        self.mark_line(i);
        let text = self.text_at(i);
        self.cur.raw.url = Some(Spanned {
            value: path.to_string(),
            line: self.no(i),
            column: col_of(text, path),
        });
        self.cur.seen_url = true;
    }

    // ----- endpoints -------------------------------------------------------------

    fn start_new(&mut self, i: usize) {
        let title = self.pending_title.take();
        let line = title.as_ref().map(|t| t.line).unwrap_or(self.no(i));
        let old = std::mem::take(&mut self.cur);
        self.eps.push(old);
        self.cur.raw.line = line;
        self.cur.raw.title = title;
        self.section = None;
        self.group = None;
        self.pending_label = None;
    }

    fn mark_line(&mut self, i: usize) {
        if self.cur.raw.line == 0 {
            self.cur.raw.line = self.no(i);
        }
    }

    fn heading(&mut self, i: usize, h: Heading) {
        let Some(section) = h.section else {
            self.unrecognised_heading(i, &h);
            return;
        };
        let c = &self.cur;
        let split = match section {
            Section::Summary => {
                c.seen_url && c.seen_method && (c.seen_later || c.raw.summary.is_some())
            }
            Section::Url => c.seen_url || c.seen_http,
            // Not on `seen_http`: an empty 请求方式 section after an `HTTP Request`
            // line belongs to the same API and must not erase its method.
            // An earlier method section that stated nothing (`### 调用方式：` over
            // `请求方式：GET`) does not make this one a new API either.
            Section::Method => c.seen_method && c.raw.method.is_some(),
            Section::HttpRequest => c.started(),
            _ => false,
        };
        if split {
            self.start_new(i);
        }
        self.mark_line(i);
        self.section = Some(section);
        self.section_label = Some(h.label.clone());
        self.group = None;
        self.pending_label = None;
        self.table_after_request_example = false;
        self.request_examples_in_section = 0;
        match section {
            Section::Url => self.cur.seen_url = true,
            Section::Method => self.cur.seen_method = true,
            Section::HttpRequest => self.cur.seen_http = true,
            Section::Params
            | Section::Headers
            | Section::RequestExample
            | Section::Response(_)
            | Section::ResponseFields => self.cur.seen_later = true,
            _ => {}
        }
        if let Some(v) = h.value.as_deref() {
            self.value(i, v);
        }
        if let Some(m) = h.method.as_deref() {
            // `请求地址(Post)`: the label states the method.
            self.cur.seen_method = true;
            if self.cur.raw.method.is_none() {
                let text = self.text_at(i);
                self.cur.raw.method = Some(Spanned {
                    value: m.to_string(),
                    line: self.no(i),
                    column: col_of(text, m),
                });
            }
        }
    }

    fn unrecognised_heading(&mut self, i: usize, h: &Heading) {
        // Any heading ends an error-code section (its rows are not the next
        // part's lines).
        if self.section == Some(Section::Codes) {
            self.section = None;
        }
        // `## GET /products`: the heading is the API's method and path.
        if let Some(mp) = method_path_line(self.text_at(i)) {
            self.stated(i, &mp, true);
            return;
        }
        let label = inline_text(&h.label);
        if label.is_empty() {
            return;
        }
        let spanned = Spanned {
            value: label.clone(),
            line: self.no(i),
            column: col_of(self.text_at(i), &h.label),
        };
        if !self.cur.started() {
            self.mark_line(i);
            if self.cur.raw.title.is_none() {
                self.cur.raw.title = Some(spanned);
            }
        } else {
            self.pending_title = Some(spanned);
            self.caption(&label);
        }
    }

    /// Free text under the current section.
    fn content(&mut self, i: usize) {
        let text = self.text_at(i);
        let body = bullet(text).unwrap_or(text.trim());
        if body.is_empty() {
            return;
        }
        match self.section {
            None => {
                if Some(i) == self.first_content_idx
                    && bullet(text).is_none()
                    && self.cur.raw.title.is_none()
                {
                    self.mark_line(i);
                    let value = inline_text(body);
                    self.cur.raw.title = Some(Spanned {
                        value,
                        line: self.no(i),
                        column: col_of(text, body),
                    });
                }
            }
            Some(Section::Response(_)) | Some(Section::ResponseFields) => {
                // `成功示例` between two unfenced blocks labels the next one.
                if let Some(l) = inline_example_label(body) {
                    if parse_heading(body).is_none() && body.chars().count() <= 8 {
                        self.pending_label = Some(l);
                    }
                }
            }
            _ => self.value(i, body),
        }
    }

    /// A value for the current section, from a content line or a heading's inline
    /// value (`**接口地址**:\`/x\``).
    fn value(&mut self, i: usize, body: &str) {
        let text = self.text_at(i);
        match self.section {
            Some(Section::Summary) => {
                let v = inline_text(body);
                if v.is_empty() {
                    return;
                }
                if self.cur.raw.summary.is_none() {
                    self.cur.raw.summary = Some(Spanned {
                        value: v,
                        line: self.no(i),
                        column: col_of(text, body),
                    });
                } else {
                    self.cur.raw.notes.push(v);
                }
            }
            Some(Section::Url) => {
                if self.cur.raw.url.is_none() && clean_path(body).is_some() {
                    let v = body.replace('`', "");
                    let v = v.trim();
                    let column = col_of(text, v.split_whitespace().next().unwrap_or(v));
                    self.cur.raw.url = Some(Spanned {
                        value: v.to_string(),
                        line: self.no(i),
                        column,
                    });
                } else if self.cur.raw.url.is_none() && !body.ends_with("说明") {
                    let v = inline_text(body);
                    if !v.is_empty() {
                        self.cur.raw.notes.push(v);
                    }
                }
            }
            Some(Section::Method) => {
                if self.cur.raw.method.is_some() {
                    return;
                }
                let v = super::lines::strip_html_tags(body);
                let v = unwrap_backticks(v.trim());
                if v.is_empty() {
                    return;
                }
                let column = col_of(text, v.split_whitespace().next().unwrap_or(v));
                if Method::parse_loose(v).is_none() {
                    self.diags.push(
                        Diagnostic::warning(Lint::UnknownMethod,
                            self.file,
                            self.no(i),
                            column,
                            format!("request method `{v}` not recognised"),
                        )
                        .with_help("write GET, POST, PUT, PATCH or DELETE under 请求方式, or add an override for this endpoint"),
                    );
                }
                self.cur.raw.method = Some(Spanned {
                    value: v.to_string(),
                    line: self.no(i),
                    column,
                });
            }
            Some(Section::Author) => {
                let v = inline_text(body);
                if !v.is_empty() {
                    self.author = self.author.take().or(Some(v));
                }
            }
            Some(Section::Notes)
            | Some(Section::Params)
            | Some(Section::RequestExample)
            | Some(Section::HttpRequest) => {
                let v = inline_text(body);
                if !v.is_empty() {
                    self.cur.raw.notes.push(v);
                }
            }
            _ => {}
        }
    }

    /// `GET /api/v2/permissions` right after `HTTP Request`.
    fn http_line(&mut self, i: usize) -> bool {
        let text = self.text_at(i);
        let t = text.trim().trim_matches('`').trim();
        let mut parts = t.splitn(2, char::is_whitespace);
        let (Some(m), Some(path)) = (parts.next(), parts.next()) else {
            return false;
        };
        let path = path.trim();
        if Method::parse_loose(m).is_none()
            || !m.chars().all(|c| c.is_ascii_alphabetic())
            || clean_path(path).is_none()
        {
            return false;
        }
        let no = self.no(i);
        self.cur.raw.method = Some(Spanned {
            value: m.to_string(),
            line: no,
            column: col_of(text, m),
        });
        self.cur.raw.url = Some(Spanned {
            value: path.to_string(),
            line: no,
            column: col_of(text, path),
        });
        true
    }

    // ----- examples ----------------------------------------------------------------

    /// Kind and label for a JSON block found now, or `None` to skip it.
    fn example_kind(&mut self) -> Option<(ExampleKind, Option<String>)> {
        let pending = self.pending_label.take();
        let base = match self.section? {
            Section::Params | Section::RequestExample => {
                if self.table_after_request_example {
                    (ExampleKind::Success, None)
                } else {
                    (ExampleKind::Request, self.section_label.clone())
                }
            }
            Section::Response(k) => (k, self.section_label.as_deref().map(example_label)),
            Section::ResponseFields | Section::HttpRequest => {
                (ExampleKind::Success, self.section_label.clone())
            }
            _ => return None,
        };
        Some(match pending {
            Some((k, l)) if base.0 != ExampleKind::Request => (k, Some(l)),
            _ => base,
        })
    }

    /// A JSON block starting at `i`, not reaching `limit`; `fence` when inside one.
    fn json_block(&mut self, i: usize, limit: usize, fence: Option<&Fence>) -> usize {
        let block = match fence {
            Some(_) => blocks::scan(&self.lines, i, limit, |_| false),
            None => blocks::scan(&self.lines, i, limit, |l| {
                footer(l).is_some() || parse_heading(l).is_some_and(|h| h.section.is_some())
            }),
        };
        let text = blocks::block_text(self.text, &self.lines, &block);
        if let Some(f) = footer(self.text_at(block.last)) {
            self.updated_at = self.updated_at.take().or(f.updated_at);
            self.author = self.author.take().or(f.author);
        }
        if !is_template_placeholder(&text) {
            if let Some((kind, label)) = self.example_kind() {
                if kind == ExampleKind::Request {
                    self.request_examples_in_section += 1;
                }
                self.cur.raw.examples.push(RawExample {
                    kind,
                    label,
                    text,
                    line: self.no(i),
                });
            }
        }
        block.last + 1
    }

    fn fence(&mut self, i: usize, f: Fence) -> usize {
        let n = self.lines.len();
        let close = (i + 1..n)
            .find(|&k| fence_closes(self.text_at(k), &f))
            .unwrap_or(n);
        // The first line of a code block may state the API: `GET /auth?x={x}`,
        // `[POST] /api/x`, or (under a URL heading) the path alone.
        if let Some(first) = (i + 1..close).find(|&k| !is_blank(self.text_at(k))) {
            let t = self.text_at(first);
            if let Some(mp) = method_path_line(t) {
                self.stated(first, &mp, false);
            } else if self.section == Some(Section::Url)
                && self.cur.raw.url.is_none()
                && t.split_whitespace().count() == 1
                && t.contains('/')
                && clean_path(t).is_some()
            {
                self.value(first, t.trim());
            }
        }
        // A block of connection settings (`协议: HTTPS`, `Token 路径: /oauth2/token`)
        // gives the path of an API that has none yet.
        if self.cur.raw.url.is_none() {
            if let Some((k, path)) =
                (i + 1..close).find_map(|k| qualified_url_line(self.text_at(k)).map(|p| (k, p)))
            {
                self.url_statement(k, &path);
            }
        }
        // A fence labelled as code (`ruby`, `python`) whose first line opens JSON is
        // a mislabelled JSON example (Jekyll pages colour JSON as ```ruby).
        let opens_json = (i + 1..close)
            .find(|&k| !is_blank(self.text_at(k)))
            .is_some_and(|k| is_json_start(self.text_at(k)));
        if is_code_fence(&f) && !opens_json {
            return close + 1;
        }
        let mut k = i + 1;
        // Brackets left open by a non-JSON line (`"participate_info" : {`): the lines
        // up to where they close are a fragment, not separate examples.
        let mut fragment_depth = 0usize;
        while k < close {
            let t = self.text_at(k);
            if fragment_depth > 0 || !is_json_start(t) {
                fragment_depth = blocks::depth_after(fragment_depth, t);
                if fragment_depth == 0 {
                    if let Some(l) = inline_example_label(t) {
                        self.pending_label = Some(l);
                    }
                }
                k += 1;
                continue;
            }
            k = self.json_block(k, close, Some(&f)).max(k + 1);
        }
        self.pending_label = None;
        close + 1
    }

    // ----- tables --------------------------------------------------------------------

    /// A plain line right above a table header names a sub-table.
    fn is_caption(&self, i: usize) -> bool {
        let t = self.text_at(i).trim();
        if t.chars().count() > CAPTION_MAX_CHARS || t.contains('|') {
            return false;
        }
        let n = self.lines.len();
        let Some(j) =
            (i + 1..n.min(i + 1 + CAPTION_LOOKAHEAD)).find(|&j| !is_blank(self.text_at(j)))
        else {
            return false;
        };
        let next = self.text_at(j);
        (is_pipe_row(next) && is_separator(self.text_at(j + 1))) || space_header(next).is_some()
    }

    /// A caption (plain line or unrecognised heading) in effect for following tables.
    /// It only names a *sub*-table: before the section's main table exists, a line
    /// above a table is prose (`普通sku取表中原值`) and the table is the main one.
    fn caption(&mut self, label: &str) {
        let group = caption_group(label);
        let main_table_seen = match self.section {
            Some(Section::Response(_))
            | Some(Section::ResponseFields)
            | Some(Section::HttpRequest) => !self.cur.raw.response_fields.is_empty(),
            Some(Section::Params) | Some(Section::RequestExample) => {
                !self.cur.raw.params.is_empty()
            }
            _ => false,
        };
        if main_table_seen {
            self.group = Some(group);
        }
    }

    fn target(&self, cols: &[Col]) -> Target {
        match self.section {
            Some(Section::Url) => Target::PathParams,
            Some(Section::Headers) => Target::Headers,
            Some(Section::Params)
            | Some(Section::RequestExample)
            | Some(Section::Method)
            | Some(Section::Summary) => {
                if self.group.is_some() {
                    Target::Notes
                } else {
                    Target::Params
                }
            }
            Some(Section::Response(_)) | Some(Section::ResponseFields) => Target::Fields,
            Some(Section::HttpRequest) => {
                if has(cols, &Col::Required) {
                    Target::Params
                } else {
                    Target::Fields
                }
            }
            _ => Target::Skip,
        }
    }

    fn warn(&mut self, lint: Lint, i: usize, column: usize, msg: String, help: &str) {
        let d = Diagnostic::warning(lint, self.file, self.no(i), column, msg).with_help(help);
        self.diags.push(d);
    }

    fn pipe_table(&mut self, i: usize) -> usize {
        let (mut head, head_trailing) = split_cells(self.text_at(i));
        let edge_pipes = head_trailing && self.text_at(i).trim_start().starts_with('|');
        while head.len() > 1 && head.last().is_some_and(|c| c.trim().is_empty()) {
            head.pop();
        }
        // `  | 必选 | 说明` over `--- | --- | ---`: the leading pipe closed an empty
        // first header cell (the unlabelled name column), not the table's edge.
        let (mut sep, _) = split_cells(self.text_at(i + 1));
        while sep.len() > 1 && sep.last().is_some_and(|c| c.trim().is_empty()) {
            sep.pop();
        }
        if self.text_at(i).trim_start().starts_with('|')
            && !self.text_at(i + 1).trim_start().starts_with('|')
            && sep.len() == head.len() + 1
        {
            head.insert(0, String::new());
        }
        self.key_value_evidence(i, &head);
        let mut cols: Vec<Col> = head.iter().map(|h| super::table::classify_col(h)).collect();
        super::table::infer_name_column(&mut cols);
        let target = self.target(&cols);
        let n = self.lines.len();
        let width = cols.len();
        let req_idx = cols.iter().position(|c| *c == Col::Required);
        let mut rows: Vec<Row> = Vec::new();
        let mut k = i + 2;
        while k < n {
            let t = self.text_at(k);
            if is_blank(t)
                || !t.contains('|')
                || is_separator(t)
                || is_separator(self.text_at(k + 1))
            {
                break;
            }
            let (cells, trailing) = split_cells(t);
            let starts_with_pipe = t.trim_start().starts_with('|');
            if let Some(prev) = rows.last_mut() {
                // The last cell was left open (no closing pipe) and this line does not
                // start a row: it continues that cell.
                let open_cell = edge_pipes && !prev.trailing_pipe && !starts_with_pipe;
                // The row stopped early and this line supplies the missing cells.
                let next_col_ok = match req_idx {
                    Some(r) if r == prev.cells.len() => {
                        parse_required(cells.first().map(|s| s.as_str()).unwrap_or("")).is_some()
                    }
                    _ => true,
                };
                let short_row = prev.trailing_pipe
                    && prev.cells.len() < width
                    && prev.cells.len() + cells.len() <= width
                    && next_col_ok;
                if open_cell || short_row {
                    let mut cells = cells.into_iter();
                    if open_cell {
                        if let (Some(last), Some(first)) = (prev.cells.last_mut(), cells.next()) {
                            last.push(' ');
                            last.push_str(first.trim());
                        }
                    }
                    prev.cells.extend(cells);
                    prev.trailing_pipe = trailing;
                    let at = prev.idx;
                    if target == Target::Skip {
                        k += 1;
                        continue;
                    }
                    self.warn(
                        Lint::TableRowSplit,
                        at,
                        indent_col(self.text_at(at)),
                        format!(
                            "table row split over lines {} and {}; joined",
                            self.no(at),
                            self.no(k)
                        ),
                        "put the whole row on one line",
                    );
                    k += 1;
                    continue;
                }
            }
            self.key_value_evidence(k, &cells);
            rows.push(Row {
                idx: k,
                cells,
                trailing_pipe: trailing,
            });
            k += 1;
        }
        self.emit_table(i, &cols, rows, target, false);
        k
    }

    /// A key/value row (`| Method | HTTP 请求方法 | POST |`, `提交方式 | get`) fills
    /// the current API's method or URL when the page gave none elsewhere.
    fn key_value_evidence(&mut self, k: usize, cells: &[String]) {
        let Some((section, v)) = key_value_row(cells) else {
            return;
        };
        let text = self.text_at(k);
        let spanned = Spanned {
            value: v.clone(),
            line: self.no(k),
            column: col_of(text, &v),
        };
        match section {
            Section::Method if self.cur.raw.method.is_none() => {
                self.mark_line(k);
                self.cur.raw.method = Some(spanned);
                self.cur.seen_method = true;
            }
            Section::Url if self.cur.raw.url.is_none() => {
                self.mark_line(k);
                self.cur.raw.url = Some(spanned);
                self.cur.seen_url = true;
            }
            _ => {}
        }
    }

    /// An HTML `<table>`: its rows are key/value evidence (`<td>请求方式</td>
    /// <td>POST</td>`), and when its first row is a header with a name column, a
    /// parameter or field table like a pipe table.
    fn html_table(&mut self, i: usize) -> usize {
        let texts: Vec<&str> = (i..self.lines.len()).map(|k| self.text_at(k)).collect();
        let (rows, used) = html_table_rows(&texts);
        let next = i + used.max(1);
        for (off, cells) in &rows {
            self.key_value_evidence(i + off, cells);
        }
        let mut rows = rows.into_iter();
        let Some((head_off, head)) = rows.next() else {
            return next;
        };
        let mut cols: Vec<Col> = head.iter().map(|h| super::table::classify_col(h)).collect();
        infer_name_column(&mut cols);
        if has(&cols, &Col::Name) {
            let target = self.target(&cols);
            let rows: Vec<Row> = rows
                .map(|(off, cells)| Row {
                    idx: i + off,
                    cells,
                    trailing_pipe: true,
                })
                .collect();
            self.emit_table(i + head_off, &cols, rows, target, false);
        }
        next
    }

    /// The run of one-cell-per-line lines starting at `i` (see
    /// [`super::table::cell_per_line`]), when it opens with a table header: the
    /// header's columns and the indices of every cell line of the run.
    fn cell_per_line_run(&self, i: usize) -> Option<(Vec<Col>, Vec<usize>)> {
        cell_per_line(self.text_at(i)).filter(|c| !c.is_empty())?;
        let run: Vec<usize> = (i..self.lines.len())
            .take_while(|&k| cell_per_line(self.text_at(k)).is_some())
            .collect();
        let cells: Vec<&str> = run
            .iter()
            .filter_map(|&k| cell_per_line(self.text_at(k)))
            .collect();
        let cols = cell_per_line_header(&cells)?;
        (run.len() > cols.len()).then_some((cols, run))
    }

    /// A pipe table rendered one cell per line: the header cells, then the rows'
    /// cells in order, `width` to a row. Each row starts on its first cell's line.
    fn cell_per_line_table(&mut self, i: usize, cols: Vec<Col>, run: Vec<usize>) -> usize {
        let width = cols.len();
        let next = run.last().map_or(i + 1, |&k| k + 1);
        let rows: Vec<Row> = run[width..]
            .chunks(width)
            .map(|chunk| Row {
                idx: chunk[0],
                cells: chunk
                    .iter()
                    .map(|&k| cell_per_line(self.text_at(k)).unwrap_or("").to_string())
                    .collect(),
                trailing_pipe: true,
            })
            .collect();
        let target = self.target(&cols);
        self.emit_table(i, &cols, rows, target, false);
        next
    }

    fn space_table(&mut self, i: usize, cols: Vec<Col>) -> usize {
        let target = self.target(&cols);
        let n = self.lines.len();
        let mut rows = Vec::new();
        let mut k = i + 1;
        while k < n {
            let t = self.text_at(k);
            let tt = t.trim();
            let ends_table = tt.is_empty()
                || bullet(t).is_some()
                || is_json_start(t)
                || footer(t).is_some()
                || t.contains('|')
                || parse_heading(t).is_some()
                || space_header(t).is_some()
                || tt.ends_with([':', '：'])
                || !tt
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .chars()
                    .any(|c| c.is_ascii_alphanumeric())
                || self.is_caption(k);
            if ends_table {
                break;
            }
            rows.push(Row {
                idx: k,
                cells: split_space_row(t, cols.len()),
                trailing_pipe: true,
            });
            k += 1;
        }
        self.emit_table(i, &cols, rows, target, true);
        k
    }

    /// Checks the header, repairs rows and routes them.
    fn emit_table(
        &mut self,
        head_idx: usize,
        cols: &[Col],
        rows: Vec<Row>,
        target: Target,
        space: bool,
    ) {
        if target == Target::Skip {
            return;
        }
        let mut cols = cols.to_vec();
        let cells: Vec<Vec<String>> = rows.iter().map(|r| r.cells.clone()).collect();
        if relabel_type_column(&mut cols, &cells) {
            let head = self.text_at(head_idx);
            self.warn(
                Lint::TableShape,
                head_idx,
                indent_col(head),
                "the description column holds type names; read as the type column, and the next column as the description".to_string(),
                "add a 类型 column header above the types",
            );
        }
        let cols = &cols[..];
        let captioned = self.group.is_some();
        let name_idx = cols.iter().position(|c| *c == Col::Name);
        if !captioned {
            let head = self.text_at(head_idx);
            let unknown: Vec<String> = cols
                .iter()
                .filter_map(|c| match c {
                    Col::Unknown(h) if !h.is_empty() => Some(h.clone()),
                    _ => None,
                })
                .collect();
            for h in unknown {
                let column = col_of(head, &h);
                self.warn(
                    Lint::TableShape,
                    head_idx,
                    column,
                    format!("unknown column header `{h}`; its cells are ignored"),
                    "use 参数名, 必选, 类型, 说明 or 默认值 as column headers",
                );
            }
        }
        let Some(name_idx) = name_idx else {
            if !captioned {
                let head = self.text_at(head_idx);
                self.warn(
                    Lint::TableShape,
                    head_idx,
                    indent_col(head),
                    "table has no name column (参数名 / 字段名); rows ignored".to_string(),
                    "make the first column header 参数名",
                );
            }
            return;
        };
        if self.request_examples_in_section > 0
            && matches!(
                self.section,
                Some(Section::Params) | Some(Section::RequestExample)
            )
        {
            self.table_after_request_example = true;
        }
        let width = cols.len();
        let req_idx = cols.iter().position(|c| *c == Col::Required);
        for row in rows {
            let line_text = self.text_at(row.idx);
            let col1 = indent_col(line_text);
            let mut cells = row.cells;
            // Extra empty cells (`|a|b||`) carry nothing: drop them quietly.
            while cells.len() > width && cells.last().is_some_and(|c| c.trim().is_empty()) {
                cells.pop();
            }
            if cells.len() > width {
                let column = if space {
                    col1
                } else {
                    super::table::cell_col(line_text, width)
                };
                self.warn(
                    Lint::TableShape,
                    row.idx,
                    column,
                    format!(
                        "table row has {} cells but the header has {width}; extra cells ignored",
                        cells.len()
                    ),
                    "remove the extra `|` separators or add the missing column header",
                );
                cells.truncate(width);
            }
            // Shifted columns: the required cell holds no yes/no word, so the page
            // left it out and everything after moved one column to the left.
            if let Some(r) = req_idx {
                let v = cells.get(r).map(|s| clean_cell(s)).unwrap_or_default();
                let short = cells.len() < width;
                if !v.is_empty() && parse_required(&v).is_none() && (short || space) {
                    if space {
                        cells = split_space_row(line_text, width.saturating_sub(1));
                    }
                    let at = r.min(cells.len());
                    cells.insert(at, String::new());
                    self.warn(Lint::TableShape,
                        row.idx,
                        col_of(line_text, &v),
                        format!("required column holds `{v}`, not yes/no; treated as missing (columns shifted)"),
                        "fill the required column with true/false (是/否)",
                    );
                } else if !v.is_empty() && parse_required(&v).is_none() {
                    self.warn(
                        Lint::TableShape,
                        row.idx,
                        col_of(line_text, &v),
                        format!("required cell `{v}` is not yes/no; left unknown"),
                        "write true/false (是/否) in the required column",
                    );
                }
            }
            if cells.len() < width && !space && cells.len() + 1 < width {
                self.warn(Lint::TableShape,
                    row.idx,
                    col1,
                    format!("table row has {} cells but the header has {width}; missing cells left empty", cells.len()),
                    "add the missing cells (an empty cell is `| |`)",
                );
            }
            let cell = |k: Option<usize>| {
                k.and_then(|k| cells.get(k))
                    .map(|s| clean_cell(s))
                    .unwrap_or_default()
            };
            let name = clean_name(cells.get(name_idx).map(|s| s.as_str()).unwrap_or(""));
            if name.is_empty() {
                if cells.iter().any(|c| !clean_cell(c).is_empty()) {
                    self.warn(
                        Lint::TableShape,
                        row.idx,
                        col1,
                        "table row has no name; ignored".to_string(),
                        "fill in the name column",
                    );
                }
                continue;
            }
            let ty =
                Some(cell(cols.iter().position(|c| *c == Col::Type))).filter(|s| !s.is_empty());
            let mut description = cell(cols.iter().position(|c| *c == Col::Desc));
            for (k, c) in cols.iter().enumerate() {
                if *c == Col::Extra {
                    let extra = cell(Some(k));
                    if !extra.is_empty() {
                        if !description.is_empty() {
                            description.push(' ');
                        }
                        description.push_str(&extra);
                    }
                }
            }
            let default =
                Some(cell(cols.iter().position(|c| *c == Col::Default))).filter(|s| !s.is_empty());
            let required = req_idx
                .and_then(|r| cells.get(r))
                .and_then(|s| parse_required(s));
            let line = self.no(row.idx);
            match target {
                Target::Fields => self.cur.raw.response_fields.push(RawField {
                    name,
                    ty,
                    description,
                    group: self.group.clone(),
                    line,
                }),
                Target::Notes => {
                    let group = self.group.clone().unwrap_or_default();
                    let ty = ty.map(|t| format!(" ({t})")).unwrap_or_default();
                    self.cur.raw.notes.push(
                        format!("{group}: {name}{ty} {description}")
                            .trim_end()
                            .to_string(),
                    );
                }
                Target::Skip => {}
                Target::PathParams | Target::Params | Target::Headers => {
                    let p = RawParam {
                        name,
                        required,
                        ty,
                        description,
                        default,
                        line,
                    };
                    match target {
                        Target::PathParams => self.cur.raw.path_params.push(p),
                        Target::Headers => self.cur.raw.headers.push(p),
                        _ => self.cur.raw.params.push(p),
                    }
                }
            }
        }
    }

    // ----- result --------------------------------------------------------------------

    fn finish(mut self) -> ParsedPage {
        let last = std::mem::take(&mut self.cur);
        self.eps.push(last);
        let mut endpoints: Vec<RawEndpoint> = Vec::new();
        // Where each API's [`api_key`] was first seen: a later one is a paste.
        let mut seen: std::collections::HashMap<ApiKey, usize> = std::collections::HashMap::new();
        for ep in self.eps {
            if !ep.started() {
                continue;
            }
            let mut raw = ep.raw;
            if raw.line == 0 {
                raw.line = 1;
            }
            if raw.title.as_ref().map(|t| &t.value) == raw.summary.as_ref().map(|s| &s.value) {
                raw.title = None;
            }
            raw.updated_at = raw.updated_at.or_else(|| self.updated_at.clone());
            raw.author = raw.author.or_else(|| self.author.clone());
            dedupe_params(&mut raw);
            let key = api_key(&raw);
            let pasted = key.as_ref().and_then(|k| seen.get(k)).copied();
            if let Some(first) = pasted.map(|at| &mut endpoints[at]) {
                let d = Diagnostic::warning(
                    Lint::RepeatedApi,
                    self.file,
                    raw.line,
                    1,
                    format!(
                        "this API repeats the one at line {} (same method and path); merged into it",
                        first.line
                    ),
                )
                .with_help("delete the pasted copy");
                self.diags.push(d);
                merge_pasted(first, raw);
                continue;
            }
            if let Some(k) = key {
                seen.insert(k, endpoints.len());
            }
            endpoints.push(raw);
        }
        if endpoints.is_empty() {
            let note = not_api_verdict(self.file, &self.lines[self.front_matter..]);
            return ParsedPage {
                file: self.file.to_string(),
                kind: PageKind::NotApi,
                endpoints,
                codes: self.codes,
                diagnostics: vec![note],
            };
        }
        ParsedPage {
            file: self.file.to_string(),
            kind: PageKind::Api,
            endpoints,
            codes: self.codes,
            diagnostics: self.diags,
        }
    }
}

/// What makes two APIs of one page the same section pasted twice: the same
/// stated method and path, and the same title, summary and parameter names.
/// (RPC-style pages document several actions on one `POST /user/`, told apart
/// by their titles and bodies: those stay separate APIs.)
type ApiKey = (Method, String, Option<String>, Option<String>, Vec<String>);

/// The [`ApiKey`] of an API that states both its method and path.
fn api_key(e: &RawEndpoint) -> Option<ApiKey> {
    Some((
        e.method
            .as_ref()
            .and_then(|m| Method::parse_loose(&m.value))?,
        clean_path(&e.url.as_ref()?.value)?,
        e.title.as_ref().map(|t| t.value.clone()),
        e.summary.as_ref().map(|t| t.value.clone()),
        e.params.iter().map(|p| p.name.clone()).collect(),
    ))
}

/// Folds a pasted copy into the first one: parameters, headers and fields it
/// adds, examples the first lacks, its notes.
fn merge_pasted(first: &mut RawEndpoint, copy: RawEndpoint) {
    fn add<T: Clone>(to: &mut Vec<T>, from: Vec<T>, same: impl Fn(&T, &T) -> bool) {
        for x in from {
            if !to.iter().any(|y| same(y, &x)) {
                to.push(x);
            }
        }
    }
    add(&mut first.path_params, copy.path_params, |a, b| {
        a.name == b.name
    });
    add(&mut first.params, copy.params, |a, b| a.name == b.name);
    add(&mut first.headers, copy.headers, |a, b| a.name == b.name);
    add(&mut first.response_fields, copy.response_fields, |a, b| {
        a.name == b.name && a.group == b.group
    });
    add(&mut first.examples, copy.examples, |a, b| {
        a.kind == b.kind && a.text == b.text
    });
    add(&mut first.notes, copy.notes, |a, b| a == b);
    if first.summary.is_none() {
        first.summary = copy.summary;
    }
}

/// A parameter table pasted twice into one API: each parameter is kept once
/// (the first row that names it).
fn dedupe_params(e: &mut RawEndpoint) {
    for list in [&mut e.path_params, &mut e.params, &mut e.headers] {
        let mut seen = std::collections::BTreeSet::new();
        list.retain(|p| seen.insert(p.name.clone()));
    }
}

/// Why a page is not an API page, as a note pointing at its most API-like line (a
/// path-like token counts most, then a method word, then a URL or method label),
/// so the user sees what the parser looked for and what to add.
fn not_api_verdict(file: &str, lines: &[Line<'_>]) -> Diagnostic {
    let mut best: Option<(usize, usize, usize)> = None; // (score, line, column)
    let (mut any_path, mut any_method, mut any_json) = (false, false, false);
    for l in lines {
        let t = l.text;
        let mut score = 0;
        let mut column = indent_col(t);
        if let Some(w) = t
            .split_whitespace()
            .map(|w| w.trim_matches(|c| c == '`' || c == '*'))
            .find(|w| {
                (w.starts_with('/') || w.starts_with("http"))
                    && w.len() > 1
                    && clean_path(w).is_some()
            })
        {
            any_path = true;
            score += 2;
            column = col_of(t, w);
        }
        if t.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
            w.len() >= 3
                && w.chars().all(|c| c.is_ascii_uppercase())
                && Method::parse_loose(w).is_some()
        }) {
            any_method = true;
            score += 1;
        }
        if is_json_start(t) {
            any_json = true;
        }
        let lower = t.to_lowercase();
        if ["url", "地址", "请求方式", "method", "接口"]
            .iter()
            .any(|k| lower.contains(k))
        {
            score += 1;
        }
        let better = match best {
            Some((s, _, _)) => score > s,
            None => true,
        };
        if score > 0 && better {
            best = Some((score, l.no, column));
        }
    }
    let mut missing = Vec::new();
    if !any_path {
        missing.push("no URL-like line");
    }
    if !any_method {
        missing.push("no HTTP method");
    }
    if !any_json {
        missing.push("no JSON example");
    }
    let why = if missing.is_empty() {
        "no URL or method section and no `METHOD /path` line".to_string()
    } else {
        format!("no URL or method section ({})", missing.join(", "))
    };
    let (line, column, where_) = match best {
        Some((_, line, column)) => (line, column, "; the most API-like line is here"),
        None => (1, 1, ""),
    };
    Diagnostic::note(Lint::NotApiPage, file, line, column, format!("not an API page: {why}{where_}"))
        .with_help("if it describes an API, state it as `请求URL：/path` and `请求方式：GET`, or as a `GET /path` line")
}
