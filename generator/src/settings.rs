//! `api.toml`: what the pages do not say about the API as a whole — the crate's name,
//! its hosts, how it authenticates, the envelope its responses come in, its rate limit
//! and error codes. Read beside the pages (stage 0); the result is plain data that
//! goes into the IR ([`crate::ir::Api::settings`]) and is emitted as the crate's
//! `config.rs`, which the hand-written runtime reads.
//!
//! ```toml
//! [crate]
//! name = "ikcrm"
//! title = "ikcrm / 励销云 CRM open API"
//! [[hosts.edition]]
//! name = "Standalone"
//! url = "https://lxcrm.weiwenjia.com"
//! [auth]
//! scheme = "header"
//! header = "Authorization"
//! template = "Token token={token}, device=open_api, version_code=9.9.9"
//! [envelope]
//! code = "code"
//! data = "data"
//! ```
//!
//! Every mistake (syntax, unknown key, wrong type, a template without `{token}`, a
//! default naming no host) is a located diagnostic, like a page's.

use crate::diag::{Diagnostic, LineIndex, Lint};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

pub const FILE_NAME: &str = "api.toml";

/// The placeholder for the token in a header template.
pub const TOKEN_PLACEHOLDER: &str = "{token}";

/// Everything about the API as a whole. Printed into `api.json` with the endpoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApiSettings {
    /// The emitted crate's package and library name (`[a-z][a-z0-9_]*`).
    pub crate_name: String,
    /// The API's name in docs (`ikcrm / 励销云 CRM open API`).
    pub title: String,
    /// The crate's one-line description (its `Cargo.toml`).
    pub description: String,
    /// Named hosts; the [`default_host`](ApiSettings::default_host) is used when the
    /// user gives neither an edition nor a base URL.
    pub hosts: Vec<Host>,
    /// Index into `hosts` of the default, `None` when users must choose.
    pub default_host: Option<usize>,
    pub auth: Auth,
    pub login: Option<Login>,
    /// API codes that mean "the token is no longer valid, log in again".
    pub auth_codes: Vec<i64>,
    /// `None`: responses are the data itself.
    pub envelope: Option<Envelope>,
    pub paging: Paging,
    /// Calls per window (seconds), when the API has a documented limit.
    pub rate_limit: Option<RateLimit>,
    /// HTTP statuses worth retrying.
    pub retry_statuses: Vec<u16>,
    /// Envelope codes worth retrying (a "server busy" code), with the same backoff
    /// as the statuses. Left out of `api.json` when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retry_codes: Vec<i64>,
    /// Documented error codes: constant name → code and meaning.
    pub codes: Vec<Code>,
    /// Which parts `api.toml` pinned (the rest may be inferred from the pages).
    #[serde(skip)]
    pub pinned: Pinned,
}

/// The parts of the settings `api.toml` gave, which nothing inferred may change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pinned {
    pub envelope: bool,
    pub hosts: bool,
    pub auth: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Host {
    /// The `Edition` variant (UpperCamelCase).
    pub name: String,
    /// Base URL without a trailing slash.
    pub url: String,
    /// What the edition is (rustdoc).
    pub doc: String,
    /// Its English label (OpenAPI `servers`), `<name> edition` by default.
    #[serde(default)]
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scheme", rename_all = "snake_case")]
pub enum Auth {
    None,
    /// `name: template` with `{token}` replaced (bearer: `Authorization: Bearer {token}`).
    Header {
        name: String,
        template: String,
    },
    /// `?name=<token>`.
    Query {
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Login {
    pub path: String,
    pub user_field: String,
    pub password_field: String,
    /// Body members with fixed values.
    pub fixed: Vec<(String, String)>,
    /// Optional body members and what they are: each gets a builder setter.
    pub optional: Vec<(String, String)>,
    /// Where the token is in the response data (members, outermost first).
    pub token: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub code: String,
    pub data: String,
    pub message: String,
    pub error: Option<String>,
    pub success: SuccessValue,
    pub not_found_codes: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SuccessValue {
    Int(i64),
    Bool(bool),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paging {
    pub page: String,
    pub per_page: String,
    pub total: String,
    /// The response member holding the items (`list`); `None`: the examples show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimit {
    pub calls: u32,
    pub per_seconds: u64,
    /// Whom the limit counts (`per company`), for the docs; empty when not said.
    #[serde(default)]
    pub scope: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Code {
    /// Constant name (`RECORD_NOT_FOUND`).
    pub name: String,
    pub value: i64,
    pub doc: String,
    /// The page line that documents the code (`errors.md:12`), when it comes from
    /// a page's error-code table rather than `[codes]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Whether `name` can name a code constant: SCREAMING_SNAKE_CASE ASCII, starting
/// with a letter (`RECORD_NOT_FOUND`, `CODE_40001`).
pub fn is_constant_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The most words of a meaning a constant is named after: `Invalid token` gives
/// `INVALID_TOKEN`, a sentence gives `CODE_<n>` (a name is a label, not prose).
pub const MAX_CODE_NAME_WORDS: usize = 5;

/// The constant name of a documented code: its meaning in SCREAMING_SNAKE_CASE when
/// the meaning is short ASCII (`Invalid token.` → `INVALID_TOKEN`), else
/// `CODE_<n>` (`参数错误` → `CODE_40001`, `-1` → `CODE_MINUS_1`).
pub fn code_constant_name(value: i64, meaning: &str) -> String {
    let words: Vec<String> = meaning
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    let name = words.join("_");
    if meaning.is_ascii() && words.len() <= MAX_CODE_NAME_WORDS && is_constant_name(&name) {
        name
    } else if value < 0 {
        format!("CODE_MINUS_{}", value.unsigned_abs())
    } else {
        format!("CODE_{value}")
    }
}

/// The statuses retried when `api.toml` does not say: too many requests and the
/// gateway errors, which a second attempt usually gets past.
pub const DEFAULT_RETRY_STATUSES: &[u16] = &[429, 502, 503, 504];

impl Default for Paging {
    /// The most common convention in the family of pages (and ikcrm's).
    fn default() -> Paging {
        Paging {
            page: "page".into(),
            per_page: "per_page".into(),
            total: "total_count".into(),
            items: None,
        }
    }
}

impl Default for ApiSettings {
    fn default() -> ApiSettings {
        ApiSettings::bare("api")
    }
}

impl ApiSettings {
    /// Settings for an API described by nothing but its pages: named after the docs
    /// folder, no host, no auth, no envelope, no throttle.
    pub fn bare(crate_name: &str) -> ApiSettings {
        ApiSettings {
            crate_name: crate_name.to_string(),
            title: format!("{crate_name} API"),
            description: format!(
                "Typed async client for the {crate_name} API (generated from its doc pages)"
            ),
            hosts: Vec::new(),
            default_host: None,
            auth: Auth::None,
            login: None,
            auth_codes: Vec::new(),
            envelope: None,
            paging: Paging::default(),
            rate_limit: None,
            retry_statuses: DEFAULT_RETRY_STATUSES.to_vec(),
            retry_codes: Vec::new(),
            codes: Vec::new(),
            pinned: Pinned::default(),
        }
    }
}

/// Names an emitted crate cannot take: its own root modules (`api::Client` in an
/// example would be ambiguous), the standard crates and the crates it depends on.
pub const RESERVED_CRATE_NAMES: &[&str] = &[
    "api",
    "config",
    "runtime",
    "types",
    "mock",
    "std",
    "core",
    "alloc",
    "proc_macro",
    "test",
    "self",
    "crate",
    "super",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "tokio",
    "reqwest",
    "chrono",
    "rust_decimal",
    "futures_core",
    "futures_util",
    "tracing",
    "thiserror",
    "percent_encoding",
];

/// The crate name for a docs folder name: lowercase ASCII letters, digits and `_`,
/// starting with a letter (`"My API-docs"` → `my_api_docs`, `"3d"` → `api_3d`), and
/// none of [`RESERVED_CRATE_NAMES`] (`api` → `api_sdk`).
pub fn sanitize_crate_name(folder: &str) -> String {
    let name = sanitize_chars(folder);
    if RESERVED_CRATE_NAMES.contains(&name.as_str()) {
        format!("{name}_sdk")
    } else {
        name
    }
}

fn sanitize_chars(folder: &str) -> String {
    let mut out = String::new();
    for c in folder.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_').to_string();
    match out.chars().next() {
        None => "api".to_string(),
        Some(c) if !c.is_ascii_alphabetic() => format!("api_{out}"),
        Some(_) => out,
    }
}

// ------------------------------------------------------------------------------------
// The file as written
// ------------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(rename = "crate")]
    krate: Option<RawCrate>,
    hosts: Option<RawHosts>,
    auth: Option<RawAuth>,
    envelope: Option<Spanned<RawEnvelopeOrNone>>,
    paging: Option<RawPaging>,
    rate_limit: Option<RawRateLimit>,
    retry: Option<RawRetry>,
    codes: Option<BTreeMap<Spanned<String>, RawCode>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrate {
    name: Option<Spanned<String>>,
    title: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHosts {
    #[serde(default)]
    edition: Vec<RawHost>,
    default: Option<Spanned<String>>,
    #[serde(default)]
    require_base_url: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHost {
    name: Spanned<String>,
    url: Spanned<String>,
    #[serde(default)]
    doc: String,
    label: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuth {
    scheme: Spanned<String>,
    header: Option<String>,
    template: Option<Spanned<String>>,
    param: Option<String>,
    #[serde(default)]
    relogin_codes: Vec<i64>,
    login: Option<RawLogin>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLogin {
    path: Spanned<String>,
    #[serde(default = "default_user")]
    user: String,
    #[serde(default = "default_password")]
    password: String,
    token: Spanned<String>,
    #[serde(default)]
    optional: BTreeMap<Spanned<String>, String>,
    #[serde(default)]
    fixed: BTreeMap<String, String>,
}

fn default_user() -> String {
    "login".into()
}

fn default_password() -> String {
    "password".into()
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawEnvelopeOrNone {
    Envelope(RawEnvelope),
    Flag(bool),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnvelope {
    code: String,
    data: String,
    #[serde(default = "default_message")]
    message: String,
    error: Option<String>,
    success: SuccessValue,
    #[serde(default)]
    not_found_codes: Vec<i64>,
}

fn default_message() -> String {
    "message".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPaging {
    page: Option<String>,
    per_page: Option<String>,
    total: Option<String>,
    items: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRateLimit {
    calls: Spanned<u32>,
    per_seconds: Spanned<u64>,
    #[serde(default)]
    scope: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRetry {
    statuses: Option<Vec<Spanned<u16>>>,
    #[serde(default)]
    codes: Vec<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCode {
    value: i64,
    #[serde(default)]
    doc: String,
}

/// Parses `api.toml`. `fallback_name` names the crate when the file does not. Every
/// problem is a diagnostic pointing into the file; with an error the result is `None`
/// (the caller stops: a half-read API description would give a wrong crate).
pub fn parse(text: &str, fallback_name: &str) -> (Option<ApiSettings>, Vec<Diagnostic>) {
    let mut p = Parser {
        text,
        index: LineIndex::new(text),
        diags: Vec::new(),
    };
    let raw: RawFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim_end().replace('\n', " ");
            p.error(span, format!("api.toml: {message}"), help_for(&message));
            return (None, p.diags);
        }
    };
    let settings = p.settings(raw, fallback_name);
    let failed = p.diags.iter().any(Diagnostic::is_error);
    (settings.filter(|_| !failed), p.diags)
}

/// The help line for a TOML/serde error message.
fn help_for(message: &str) -> String {
    if message.contains("unknown field") || message.contains("unknown variant") {
        "see the README's `api.toml` section for every key and its values".into()
    } else if message.contains("invalid type") {
        "give the value the type the README's `api.toml` section names".into()
    } else if message.contains("missing field") {
        "add the key (the README's `api.toml` section says what it holds)".into()
    } else {
        "fix the TOML syntax".into()
    }
}

struct Parser<'a> {
    text: &'a str,
    index: LineIndex,
    diags: Vec<Diagnostic>,
}

impl Parser<'_> {
    fn error(&mut self, span: Range<usize>, message: String, help: String) {
        let (line, col) = self.index.line_col(self.text, span.start);
        self.diags.push(
            Diagnostic::error(Lint::InvalidApiToml, FILE_NAME, line, col, message).with_help(help),
        );
    }

    fn settings(&mut self, raw: RawFile, fallback_name: &str) -> Option<ApiSettings> {
        let mut s = ApiSettings::bare(&sanitize_crate_name(fallback_name));
        if let Some(c) = raw.krate {
            if let Some(name) = c.name {
                let clean = sanitize_crate_name(name.get_ref());
                if &clean != name.get_ref() {
                    self.error(
                        name.span(),
                        format!("`{}` is not a crate name this generator writes", name.get_ref()),
                        format!("use lowercase letters, digits and `_`, starting with a letter: `name = \"{clean}\"`"),
                    );
                }
                s = ApiSettings::bare(&clean);
            }
            if let Some(title) = c.title {
                s.title = title;
            }
            if let Some(d) = c.description {
                s.description = d;
            }
        }
        if let Some(h) = raw.hosts {
            s.pinned.hosts = true;
            self.hosts(h, &mut s);
        }
        if let Some(a) = raw.auth {
            s.pinned.auth = true;
            self.auth(a, &mut s);
        }
        if let Some(e) = raw.envelope {
            s.pinned.envelope = true;
            let span = e.span();
            match e.into_inner() {
                RawEnvelopeOrNone::Flag(false) => s.envelope = None,
                RawEnvelopeOrNone::Flag(true) => self.error(
                    span,
                    "`envelope = true` does not say which members hold the code and the data".into(),
                    "write `[envelope]` with `code`, `data` and `success` (or `envelope = false` for none)".into(),
                ),
                RawEnvelopeOrNone::Envelope(e) => {
                    s.envelope = Some(Envelope {
                        code: e.code,
                        data: e.data,
                        message: e.message,
                        error: e.error,
                        success: e.success,
                        not_found_codes: e.not_found_codes,
                    })
                }
            }
        }
        if let Some(pg) = raw.paging {
            let d = Paging::default();
            s.paging = Paging {
                page: pg.page.unwrap_or(d.page),
                per_page: pg.per_page.unwrap_or(d.per_page),
                total: pg.total.unwrap_or(d.total),
                items: pg.items,
            };
        }
        if let Some(r) = raw.rate_limit {
            for (span, zero) in [
                (r.calls.span(), *r.calls.get_ref() == 0),
                (r.per_seconds.span(), *r.per_seconds.get_ref() == 0),
            ] {
                if zero {
                    self.error(
                        span,
                        "a rate limit of 0 would allow no call at all".into(),
                        "give the documented limit, or remove `[rate_limit]` for none".into(),
                    );
                }
            }
            s.rate_limit = Some(RateLimit {
                calls: r.calls.into_inner(),
                per_seconds: r.per_seconds.into_inner(),
                scope: r.scope,
            });
        }
        if let Some(r) = &raw.retry {
            let mut codes = r.codes.clone();
            codes.sort_unstable();
            codes.dedup();
            s.retry_codes = codes;
        }
        if let Some(r) = raw.retry.as_ref().and_then(|r| r.statuses.as_ref()) {
            let mut statuses = Vec::new();
            for st in r {
                if !(100..=599).contains(st.get_ref()) {
                    self.error(
                        st.span(),
                        format!("{} is not an HTTP status", st.get_ref()),
                        "HTTP statuses are 100 to 599".into(),
                    );
                }
                statuses.push(*st.get_ref());
            }
            statuses.sort_unstable();
            statuses.dedup();
            s.retry_statuses = statuses;
        }
        if let Some(codes) = raw.codes {
            for (name, code) in codes {
                if !is_constant_name(name.get_ref()) {
                    self.error(
                        name.span(),
                        format!("`{}` is not a constant name", name.get_ref()),
                        "name codes in SCREAMING_SNAKE_CASE: `RECORD_NOT_FOUND = { value = 100100 }`".into(),
                    );
                }
                s.codes.push(Code {
                    name: name.into_inner(),
                    value: code.value,
                    doc: code.doc,
                    source: None,
                });
            }
            s.codes
                .sort_by(|a, b| (a.value, &a.name).cmp(&(b.value, &b.name)));
        }
        Some(s)
    }

    fn hosts(&mut self, h: RawHosts, s: &mut ApiSettings) {
        for host in h.edition {
            let name = host.name.get_ref();
            let upper_camel = name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric());
            if !upper_camel {
                self.error(
                    host.name.span(),
                    format!("`{name}` cannot name an edition (an enum variant)"),
                    "use UpperCamelCase ASCII: `name = \"Standalone\"`".into(),
                );
            } else if name == "Edition" || s.hosts.iter().any(|x| &x.name == name) {
                self.error(
                    host.name.span(),
                    format!("the edition name `{name}` is taken"),
                    "give every edition its own name".into(),
                );
            }
            let url = host.url.get_ref().trim().trim_end_matches('/').to_string();
            let valid = (url.starts_with("https://") || url.starts_with("http://"))
                && !url.contains(['?', '#', ' ', '"', '\\'])
                && url.split("://").nth(1).is_some_and(|rest| !rest.is_empty());
            if !valid {
                self.error(
                    host.url.span(),
                    format!("`{}` is not a base URL", host.url.get_ref()),
                    "write the scheme and host, e.g. `url = \"https://api.example.com\"`".into(),
                );
            }
            s.hosts.push(Host {
                label: host.label.unwrap_or_else(|| format!("{name} edition")),
                name: name.clone(),
                url,
                doc: host.doc,
            });
        }
        s.default_host = match (&h.default, h.require_base_url) {
            (Some(d), _) => {
                let found = s.hosts.iter().position(|x| &x.name == d.get_ref());
                if found.is_none() {
                    let names: Vec<String> =
                        s.hosts.iter().map(|x| format!("`{}`", x.name)).collect();
                    self.error(
                        d.span(),
                        format!("`default = \"{}\"` names no edition", d.get_ref()),
                        if names.is_empty() {
                            "add the host as `[[hosts.edition]]` first".into()
                        } else {
                            format!("use one of {}", names.join(", "))
                        },
                    );
                }
                found
            }
            (None, true) => None,
            (None, false) => (!s.hosts.is_empty()).then_some(0),
        };
    }

    fn auth(&mut self, a: RawAuth, s: &mut ApiSettings) {
        let span = a.scheme.span();
        s.auth = match a.scheme.get_ref().as_str() {
            "none" => Auth::None,
            "bearer" => Auth::Header {
                name: a.header.unwrap_or_else(|| "Authorization".into()),
                template: format!("Bearer {TOKEN_PLACEHOLDER}"),
            },
            "header" => {
                let name = a.header.unwrap_or_else(|| "Authorization".into());
                let template = match a.template {
                    Some(t) => {
                        if !t.get_ref().contains(TOKEN_PLACEHOLDER) {
                            self.error(
                                t.span(),
                                "the header template has no `{token}`: no token would be sent".into(),
                                format!("put `{TOKEN_PLACEHOLDER}` where the token goes: `template = \"Token {TOKEN_PLACEHOLDER}\"`"),
                            );
                        } else if t.get_ref().contains(['\r', '\n']) {
                            self.error(
                                t.span(),
                                "a header value cannot hold a line break".into(),
                                "write the template on one line".into(),
                            );
                        }
                        t.into_inner()
                    }
                    None => {
                        self.error(
                            span,
                            "`scheme = \"header\"` needs a `template`".into(),
                            format!("add `template = \"Token {TOKEN_PLACEHOLDER}\"` (the header value, `{TOKEN_PLACEHOLDER}` where the token goes)"),
                        );
                        String::new()
                    }
                };
                Auth::Header { name, template }
            }
            "query" => match a.param {
                Some(name) => Auth::Query { name },
                None => {
                    self.error(
                        span,
                        "`scheme = \"query\"` needs a `param`".into(),
                        "add `param = \"access_token\"` (the query parameter holding the token)"
                            .into(),
                    );
                    Auth::None
                }
            },
            other => {
                self.error(
                    span,
                    format!("unknown auth scheme `{other}`"),
                    "use one of `none`, `header`, `bearer`, `query`".into(),
                );
                Auth::None
            }
        };
        s.auth_codes = a.relogin_codes;
        if let Some(l) = a.login {
            if !l.path.get_ref().starts_with('/') {
                self.error(
                    l.path.span(),
                    format!(
                        "the login path `{}` does not start with `/`",
                        l.path.get_ref()
                    ),
                    "give the path below the base URL: `path = \"/auth/login\"`".into(),
                );
            }
            let token: Vec<String> = l.token.get_ref().split('.').map(str::to_string).collect();
            if token.iter().any(String::is_empty) {
                self.error(
                    l.token.span(),
                    format!("`{}` is not a member path", l.token.get_ref()),
                    "name the token's member in the response data, dots between levels: `token = \"user_token\"`".into(),
                );
            }
            let mut optional = Vec::new();
            for (o, doc) in l.optional {
                let ok = o
                    .get_ref()
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_lowercase())
                    && o.get_ref()
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                if !ok {
                    self.error(
                        o.span(),
                        format!("`{}` cannot name a builder setter", o.get_ref()),
                        "use snake_case ASCII names for optional login members".into(),
                    );
                }
                optional.push((o.into_inner(), doc));
            }
            if matches!(s.auth, Auth::None) {
                self.error(
                    l.path.span(),
                    "a login, but `scheme = \"none\"`: the token would never be sent".into(),
                    "set `scheme` to how the token is sent (`header`, `bearer` or `query`)".into(),
                );
            }
            s.login = Some(Login {
                path: l.path.into_inner(),
                user_field: l.user,
                password_field: l.password,
                fixed: l.fixed.into_iter().collect(),
                optional,
                token,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> ApiSettings {
        let (s, d) = parse(text, "docs");
        assert!(d.is_empty(), "{d:?}");
        s.expect("settings")
    }

    fn first_error(text: &str) -> Diagnostic {
        let (s, d) = parse(text, "docs");
        assert!(s.is_none());
        d.into_iter().find(Diagnostic::is_error).expect("an error")
    }

    #[test]
    fn an_empty_file_is_the_bare_api_named_after_the_folder() {
        assert_eq!(parse_ok(""), ApiSettings::bare("docs"));
    }

    #[test]
    fn a_full_file() {
        let s = parse_ok(
            r#"
[crate]
name = "shop"
[[hosts.edition]]
name = "Live"
url = "https://api.shop.test/"
[[hosts.edition]]
name = "Sandbox"
url = "https://sandbox.shop.test"
[hosts]
default = "Sandbox"
[auth]
scheme = "header"
header = "X-Auth"
template = "Key {token}; v=2"
relogin_codes = [40001]
[auth.login]
path = "/login"
token = "session.key"
optional = { tenant = "The tenant." }
fixed = { app = "sdk" }
[envelope]
code = "status"
data = "result"
success = "ok"
[rate_limit]
calls = 5
per_seconds = 1
[retry]
codes = [50301, 50300, 50301]
[codes]
BAD_KEY = { value = 40001, doc = "The key expired." }
"#,
        );
        assert_eq!(s.crate_name, "shop");
        assert_eq!(s.hosts[0].url, "https://api.shop.test");
        assert_eq!(s.default_host, Some(1));
        assert_eq!(
            s.auth,
            Auth::Header {
                name: "X-Auth".into(),
                template: "Key {token}; v=2".into()
            }
        );
        let login = s.login.expect("login");
        assert_eq!(login.token, ["session", "key"]);
        assert_eq!(login.fixed, [("app".to_string(), "sdk".to_string())]);
        let e = s.envelope.expect("envelope");
        assert_eq!(e.success, SuccessValue::Text("ok".into()));
        assert_eq!(e.message, "message");
        assert_eq!(
            s.rate_limit,
            Some(RateLimit {
                calls: 5,
                per_seconds: 1,
                scope: String::new()
            })
        );
        assert_eq!(s.codes[0].name, "BAD_KEY");
        // `codes` alone keeps the default statuses.
        assert_eq!(s.retry_codes, [50300, 50301]);
        assert_eq!(s.retry_statuses, DEFAULT_RETRY_STATUSES);
    }

    #[test]
    fn mistakes_are_located() {
        let d = first_error("[auth]\nscheme = \"header\"\ntemplate = \"Token abc\"\n");
        assert_eq!((d.line, d.column), (3, 12), "{d:?}");
        assert!(d.message.contains("{token}"), "{}", d.message);

        let d = first_error("[crate]\nname = \"x\"\ncolour = 1\n");
        assert_eq!(d.line, 3, "{d:?}");
        assert!(d.message.contains("unknown field"), "{}", d.message);

        let d = first_error("[rate_limit]\ncalls = \"ten\"\nper_seconds = 10\n");
        assert_eq!(d.line, 2, "{d:?}");
        assert!(d.message.contains("invalid type"), "{}", d.message);

        let d = first_error(
            "[[hosts.edition]]\nname = \"Main\"\nurl = \"https://a.test\"\n[hosts]\ndefault = \"Other\"\n",
        );
        assert_eq!((d.line, d.column), (5, 11), "{d:?}");
        assert!(
            d.help.as_deref().is_some_and(|h| h.contains("`Main`")),
            "{d:?}"
        );

        let d = first_error("[auth]\nscheme = \"oauth\"\n");
        assert_eq!((d.line, d.column), (2, 10), "{d:?}");

        let d = first_error("[crate]\nname = \"My-Crate\"\n");
        assert!(
            d.help.as_deref().is_some_and(|h| h.contains("my_crate")),
            "{d:?}"
        );
    }

    #[test]
    fn code_names_from_their_meaning() {
        assert_eq!(code_constant_name(40001, "Invalid token."), "INVALID_TOKEN");
        assert_eq!(code_constant_name(0, "ok"), "OK");
        assert_eq!(code_constant_name(40001, "参数错误"), "CODE_40001");
        assert_eq!(code_constant_name(5, "token 无效"), "CODE_5");
        assert_eq!(code_constant_name(-1, "System busy"), "SYSTEM_BUSY");
        assert_eq!(code_constant_name(-1, ""), "CODE_MINUS_1");
        // a sentence, or a meaning that starts with a digit, names nothing
        assert_eq!(
            code_constant_name(7, "The token expired, please log in again"),
            "CODE_7"
        );
        assert_eq!(code_constant_name(8, "2FA required"), "CODE_8");
        assert!(is_constant_name("CODE_MINUS_1"));
        assert!(!is_constant_name("Code1"));
    }

    #[test]
    fn crate_names_from_folders() {
        assert_eq!(sanitize_crate_name("My API-docs"), "my_api_docs");
        assert_eq!(sanitize_crate_name("3d"), "api_3d");
        assert_eq!(sanitize_crate_name("接口"), "api_sdk");
        assert_eq!(sanitize_crate_name("serde"), "serde_sdk");
        assert_eq!(sanitize_crate_name("shop_v2"), "shop_v2");
    }
}
