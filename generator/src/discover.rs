//! What the pages show about the API as a whole, for what `api.toml` does not pin:
//! the response envelope (from the success examples), the host (from full URLs),
//! the auth, and the constants of the pages' error codes. Runs on the merged IR,
//! before type inference, and fills [`ApiSettings`]; every guess is a warning
//! saying what was inferred and how to pin it. Then decides each operation's
//! paging once ([`op_paging`], adding the paging parameters a list's table
//! forgets) and leaves out the parameters the auth carries: what it hands to
//! inference is the IR every later stage reads, unchanged.

use crate::diag::{Diagnostic, Lint, Severity};
use crate::ir::{Api, DocCode, Endpoint, ExampleKind, Location, Method, OpPaging, Param, Source};
use crate::settings::{self, ApiSettings, Auth, Envelope, Host, Paging, SuccessValue};
use serde_json::Value;
use std::collections::BTreeMap;

/// Keys that hold a response's status code, most specific first: `{code, msg, data}`,
/// `{error_code, message, data}`, `{errcode, errmsg}`, `{status, result}`,
/// `{ret, data}`, `{success, data}`.
pub const STATUS_KEYS: &[&str] = &[
    "code",
    "error_code",
    "errcode",
    "err_code",
    "status",
    "status_code",
    "ret",
    "errno",
    "success",
];

/// Keys that hold a response's payload.
pub const DATA_KEYS: &[&str] = &["data", "result", "results", "body", "content", "payload"];

/// Keys that hold a response's message.
pub const MESSAGE_KEYS: &[&str] = &[
    "message",
    "msg",
    "errmsg",
    "error_msg",
    "err_msg",
    "info",
    "error_description",
];

/// The status and data keys of one success example, if it looks like an envelope:
/// an object with one status-like key holding a scalar and one data-like key.
pub fn envelope_keys(value: &Value) -> Option<(&'static str, &'static str)> {
    let map = value.as_object()?;
    let status = STATUS_KEYS.iter().find(|k| {
        map.get(**k)
            .is_some_and(|v| v.is_number() || v.is_string() || v.is_boolean())
    })?;
    let data = DATA_KEYS.iter().find(|k| map.contains_key(**k))?;
    Some((status, data))
}

/// The response envelope most success examples share, with how many of how many
/// examples show it. "Most": more than half of the success examples that are
/// objects hold its status key (an API either wraps every response or none).
pub fn infer_envelope(api: &Api) -> Option<(Envelope, usize, usize)> {
    let examples: Vec<&Value> = api
        .endpoints
        .iter()
        .flat_map(|e| &e.examples)
        .filter(|x| x.kind == ExampleKind::Success && x.value.is_object())
        .map(|x| &x.value)
        .collect();
    let mut votes: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for v in &examples {
        if let Some(keys) = envelope_keys(v) {
            *votes.entry(keys).or_default() += 1;
        }
    }
    let ((code, data), n) = votes
        .into_iter()
        .max_by_key(|(keys, n)| (*n, std::cmp::Reverse(*keys)))?;
    // Examples with the status but no data (`{"code": 0}` of an operation that
    // returns nothing, or an example cut short) agree with the envelope too.
    let agreeing = examples
        .iter()
        .filter(|v| {
            v.get(code)
                .is_some_and(|c| c.is_number() || c.is_string() || c.is_boolean())
        })
        .count();
    if agreeing * 2 <= examples.len() {
        return None;
    }
    let shown: Vec<&&Value> = examples
        .iter()
        .filter(|v| envelope_keys(v) == Some((code, data)))
        .collect();
    // The success value: what the success examples most often hold.
    let mut values: BTreeMap<String, (usize, SuccessValue)> = BTreeMap::new();
    for v in &shown {
        let success = match &v[code] {
            Value::Number(n) => n.as_i64().map(SuccessValue::Int),
            Value::String(s) => Some(match s.trim().parse::<i64>() {
                Ok(n) => SuccessValue::Int(n),
                Err(_) => SuccessValue::Text(s.clone()),
            }),
            Value::Bool(b) => Some(SuccessValue::Bool(*b)),
            _ => None,
        };
        if let Some(s) = success {
            values.entry(format!("{s:?}")).or_insert((0, s)).0 += 1;
        }
    }
    let success = values
        .into_values()
        .max_by_key(|(n, _)| *n)
        .map(|(_, s)| s)
        .unwrap_or(SuccessValue::Int(0));
    let message = MESSAGE_KEYS
        .iter()
        .max_by_key(|k| {
            (
                shown.iter().filter(|v| v.get(**k).is_some()).count(),
                std::cmp::Reverse(MESSAGE_KEYS.iter().position(|m| m == *k)),
            )
        })
        .filter(|k| shown.iter().any(|v| v.get(**k).is_some()))
        .unwrap_or(&"message");
    Some((
        Envelope {
            code: code.to_string(),
            data: data.to_string(),
            message: message.to_string(),
            error: None,
            success,
            not_found_codes: Vec::new(),
        },
        n,
        examples.len(),
    ))
}

/// What the full URLs of the pages say about the API's host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostEvidence {
    /// No page gives a full URL with a real host.
    None,
    /// Every page that gives one names this `scheme://host[:port]`.
    One(String),
    /// Two pages name different hosts (the first two, in page order): the user
    /// gives the base URL.
    Disagree {
        first: (String, Source),
        second: (String, Source),
    },
}

/// The host the pages' full URLs agree on ([`crate::ir::Endpoint::origin`], kept
/// by lower when it strips the host from the path).
pub fn infer_host(api: &Api) -> HostEvidence {
    let mut seen: Vec<(&str, &Source)> = api
        .endpoints
        .iter()
        .filter_map(|e| e.origin.as_deref().map(|o| (o, &e.source)))
        .collect();
    seen.sort_by(|a, b| a.1.cmp(b.1));
    let Some(&(first, first_at)) = seen.first() else {
        return HostEvidence::None;
    };
    match seen.iter().find(|(o, _)| *o != first) {
        None => HostEvidence::One(first.to_string()),
        Some(&(other, at)) => HostEvidence::Disagree {
            first: (first.to_string(), first_at.clone()),
            second: (other.to_string(), at.clone()),
        },
    }
}

/// Query parameters that carry the caller's credentials rather than an argument of
/// the operation: a page listing one in most operations' tables authenticates by
/// query key (`?access_token=…`, `?api_key=…`).
pub const TOKEN_QUERY_PARAMS: &[&str] = &[
    "access_token",
    "accesstoken",
    "access-token",
    "token",
    "auth_token",
    "api_key",
    "apikey",
    "api-key",
];

/// Whether a query parameter's name says it carries the caller's token.
pub fn is_token_query_param(name: &str) -> bool {
    let name = name.trim().to_ascii_lowercase();
    TOKEN_QUERY_PARAMS.contains(&name.as_str())
}

/// Whether what a page says of its `Authorization` header describes a bearer
/// token: `Bearer {token}`, `格式为 "Bearer YourToken"`.
pub fn is_bearer_doc(text: &str) -> bool {
    text.to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w == "bearer")
}

/// How many operations must show one way of sending the token before it is the
/// API's: a single page's token header or parameter is that operation's own
/// (and stays its argument), not a convention of the API.
pub const MIN_AUTH_EVIDENCE: usize = 2;

/// The auth scheme most operations show, with the evidence in words. In this
/// order: an `Authorization` row saying `Bearer` on most pages that have one;
/// one token header (`X-Api-Key`, `ACCESS-TOKEN`) on most operations; one token
/// query parameter on most operations. "Most": more than half, and at least
/// [`MIN_AUTH_EVIDENCE`].
pub fn infer_auth(api: &Api) -> Option<(Auth, String)> {
    let n = api.endpoints.len();
    let most = |k: usize, of: usize| k >= MIN_AUTH_EVIDENCE && k * 2 > of;
    let documented: Vec<&str> = api
        .endpoints
        .iter()
        .filter_map(|e| e.auth_doc.as_deref())
        .collect();
    let bearer = documented.iter().filter(|d| is_bearer_doc(d)).count();
    if most(bearer, documented.len()) {
        return Some((
            Auth::Header {
                name: "Authorization".into(),
                template: "Bearer {token}".into(),
            },
            format!(
                "{bearer} of {} 请求头 tables give `Authorization: Bearer …`",
                documented.len()
            ),
        ));
    }
    let mut headers: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &api.endpoints {
        if let Some(h) = e.token_header.as_deref() {
            *headers.entry(h).or_default() += 1;
        }
    }
    if let Some((name, k)) = most_of(headers).filter(|(_, k)| most(*k, n)) {
        return Some((
            Auth::Header {
                name: name.to_string(),
                template: settings::TOKEN_PLACEHOLDER.to_string(),
            },
            format!("{k} of {n} operations take the token header `{name}`"),
        ));
    }
    let mut params: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &api.endpoints {
        let mut names: Vec<&str> = e
            .params
            .iter()
            .filter(|p| p.location == Location::Query && is_token_query_param(&p.wire_name))
            .map(|p| p.wire_name.as_str())
            .collect();
        names.dedup();
        for name in names {
            *params.entry(name).or_default() += 1;
        }
    }
    let (name, k) = most_of(params).filter(|(_, k)| most(*k, n))?;
    Some((
        Auth::Query {
            name: name.to_string(),
        },
        format!("{k} of {n} operations take the query parameter `{name}`"),
    ))
}

/// The most counted key (the first in order on a tie).
fn most_of(counts: BTreeMap<&str, usize>) -> Option<(&str, usize)> {
    counts
        .into_iter()
        .max_by_key(|(name, k)| (*k, std::cmp::Reverse(*name)))
}

/// Whether the auth scheme itself sends this parameter: the token's query key or
/// header is no argument of an operation (the client adds it to every request).
pub fn carried_by_auth(auth: &Auth, p: &Param) -> bool {
    match auth {
        Auth::None => false,
        Auth::Query { name } => p.location == Location::Query && p.wire_name == *name,
        Auth::Header { name, .. } => {
            p.location == Location::Header && p.wire_name.eq_ignore_ascii_case(name)
        }
    }
}

/// Keys that hold a list's items without naming them (`{"list": [...],
/// "total_count": 2}`): the items are named after the endpoint's resource
/// (`infer::vocab::resource_word`) instead, so `GET /call_centers/interface/call_agents` gives
/// `CallAgent` and `CallAgentPage`, not `List` and `ListPage`.
pub const GENERIC_ITEMS_KEYS: &[&str] = &[
    "list", "items", "records", "rows", "data", "result", "results", "content",
];

/// Whether a key is one of [`GENERIC_ITEMS_KEYS`].
pub fn is_generic_items_key(key: &str) -> bool {
    GENERIC_ITEMS_KEYS.contains(&key)
}

/// Keys of a list response's counters.
pub const PAGE_COUNTERS: &[&str] = &[
    "total_count",
    "per_page",
    "page",
    "has_next_page",
    "total_pages",
    "current_page",
    "total",
];

/// A success example's payload: its data member when the API has an envelope
/// (the whole value when it has neither the data nor the status member); `None`
/// for an envelope cut off before its data, which tells nothing about the type.
pub fn success_payload<'a>(value: &'a Value, envelope: Option<&Envelope>) -> Option<&'a Value> {
    let Some(env) = envelope else {
        return Some(value);
    };
    match (value.get(&env.data), value.get(&env.code)) {
        (Some(d), _) => Some(d),
        (None, Some(_)) => None,
        (None, None) => Some(value),
    }
}

/// The member holding the items when `m` (a success payload) is a list page: an
/// object holding the items array plus page counters
/// (`{"contracts": [...], "total_count": 3, "page": 1}`). Examples are often cut off
/// before the counters, so an object is also a page when the operation takes a
/// `page` parameter and the object holds an array named after the group or the
/// listed sub-resource (`checkins` for `GET /api/v2/checkins`, `contacts` for
/// `customers.list_contacts`); `paging` is the operation's, if it is paged.
pub fn page_items_key(
    m: &serde_json::Map<String, Value>,
    e: &Endpoint,
    paging: Option<&OpPaging>,
) -> Option<String> {
    let arrays: Vec<&String> = m
        .iter()
        .filter(|(_, v)| v.is_array())
        .map(|(k, _)| k)
        .collect();
    let counter = |k: &String| {
        PAGE_COUNTERS.contains(&k.as_str())
            || paging.is_some_and(|p| *k == p.total || p.is_paging_param(k))
    };
    if m.keys().any(counter) && arrays.len() == 1 {
        return Some(arrays[0].clone());
    }
    let paged = paging.is_some();
    // The convention names the items member (`[paging] items = "list"`).
    if let Some(items) = paging.and_then(|p| p.items.as_ref()) {
        if m.get(items).is_some_and(Value::is_array) {
            return Some(items.clone());
        }
    }
    let expected = [
        e.group.as_str(),
        e.operation.strip_prefix("list_").unwrap_or(""),
    ];
    arrays
        .into_iter()
        .find(|k| paged && (expected.contains(&k.as_str()) || is_generic_items_key(k)))
        .cloned()
}

/// The paging of an operation, decided once, before type inference, from the
/// convention (`[paging]` of `api.toml`, else the built-in `page` / `per_page` /
/// `total_count`): a paged list takes the page or page-size parameter in its
/// query, or (a GET whose table forgets them) answers a list page: an object with
/// page counters and one list ([`page_items_key`]).
pub fn op_paging(e: &Endpoint, settings: &ApiSettings) -> Option<OpPaging> {
    let convention = settings_paging(&settings.paging);
    let by_params = e
        .params
        .iter()
        .any(|p| p.location == Location::Query && convention.is_paging_param(&p.wire_name));
    let by_shape = || {
        e.method == Method::Get
            && success_payloads(e, settings.envelope.as_ref()).any(|v| {
                v.as_object()
                    .is_some_and(|m| page_items_key(m, e, None).is_some())
            })
    };
    (by_params || by_shape()).then_some(convention)
}

fn success_payloads<'a>(
    e: &'a Endpoint,
    envelope: Option<&'a Envelope>,
) -> impl Iterator<Item = &'a Value> + 'a {
    e.examples
        .iter()
        .filter(|x| x.kind == ExampleKind::Success)
        .filter_map(move |x| success_payload(&x.value, envelope))
}

/// What a paging parameter a page's table forgets says in the docs.
const FORGOTTEN_PAGE_DOC: &str = "页码, 从 1 开始 (not in the page's table: every list takes it)";
const FORGOTTEN_PER_PAGE_DOC: &str =
    "每页条数, 默认 15, 最大 100 (not in the page's table: every list takes it)";

/// Every list takes the convention's page (1-based) and page-size parameters
/// (`docs/API-NOTES.md`: `page`, `per_page`), even when a page's table forgets them
/// (`GET /api/v2/common_customers/:id/contacts`): a paged GET whose response is a
/// list page (an example [`page_items_key`] reads with its paging, or, with no
/// example, a response-field table, which inference wraps in a page) gets the
/// ones it lacks as optional query parameters, so it can be streamed.
pub fn forgotten_paging_params(e: &Endpoint, envelope: Option<&Envelope>) -> Vec<Param> {
    let Some(paging) = e.paging.as_ref().filter(|_| e.method == Method::Get) else {
        return Vec::new();
    };
    let mut payloads = success_payloads(e, envelope).peekable();
    let is_page = match payloads.peek() {
        Some(_) => payloads.any(|v| {
            v.as_object()
                .is_some_and(|m| page_items_key(m, e, Some(paging)).is_some())
        }),
        None => e.top_response_fields().next().is_some(),
    };
    if !is_page {
        return Vec::new();
    }
    let mut taken: std::collections::BTreeSet<String> =
        e.params.iter().map(|p| p.rust_name.clone()).collect();
    let mut out = Vec::new();
    for (wire, doc) in [
        (paging.page.as_str(), FORGOTTEN_PAGE_DOC),
        (paging.per_page.as_str(), FORGOTTEN_PER_PAGE_DOC),
    ] {
        if e.params.iter().any(|p| p.wire_name == wire) {
            continue;
        }
        let rust_name = crate::naming::dedupe(wire.to_string(), &mut taken);
        out.push(Param {
            wire_name: wire.to_string(),
            wire_path: vec![wire.to_string()],
            rust_name,
            location: Location::Query,
            required: false,
            doc_type: Some("Integer".into()),
            description: doc.to_string(),
            default: None,
            source: e.source.clone(),
        });
    }
    out
}

/// The convention of `[paging]` as one operation's paging.
pub fn settings_paging(paging: &Paging) -> OpPaging {
    OpPaging {
        page: paging.page.clone(),
        per_page: paging.per_page.clone(),
        items: paging.items.clone(),
        total: paging.total.clone(),
    }
}

/// The discover stage: completes the merged IR's settings with what the pages
/// show ([`complete`], [`page_codes`]), then, per operation, decides its paging
/// ([`op_paging`]) and adds the paging parameters its table forgets
/// ([`forgotten_paging_params`]), and leaves out the parameters the auth scheme
/// carries (pinned or inferred), so the token is given once, to the client.
pub fn run(api: &mut Api) -> Vec<Diagnostic> {
    let mut completed = api.settings.clone();
    let mut diags = complete(&mut completed, api);
    diags.extend(page_codes(&mut completed, &api.codes));
    api.settings = completed;
    let settings = &api.settings;
    let auth = &settings.auth;
    for e in &mut api.endpoints {
        e.paging = op_paging(e, settings);
        let forgotten = forgotten_paging_params(e, settings.envelope.as_ref());
        e.params.extend(forgotten);
        e.params.retain(|p| !carried_by_auth(auth, p));
        if let (Some(h), Auth::Header { name, .. }) = (&e.token_header, auth) {
            if h.eq_ignore_ascii_case(name) {
                e.token_header = None;
            }
        }
    }
    diags
}

/// The codes the pages document become constants beside `[codes]` of `api.toml`,
/// which wins: a value it names keeps its name and text. A value two pages give
/// different meanings keeps the first page's (pages in name order), with a warning
/// naming both. Names come from [`settings::code_constant_name`]; one already
/// taken gets `CODE_<n>` (then a `_2` suffix).
pub fn page_codes(settings: &mut ApiSettings, codes: &[DocCode]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let pinned: std::collections::BTreeSet<i64> = settings.codes.iter().map(|c| c.value).collect();
    let mut taken: std::collections::BTreeSet<String> =
        settings.codes.iter().map(|c| c.name.clone()).collect();
    let mut by_value: BTreeMap<i64, Vec<&DocCode>> = BTreeMap::new();
    for c in codes.iter().filter(|c| !pinned.contains(&c.value)) {
        by_value.entry(c.value).or_default().push(c);
    }
    for (value, docs) in by_value {
        let first = docs
            .iter()
            .find(|d| !d.meaning.trim().is_empty())
            .unwrap_or(&docs[0]);
        let mut said = vec![first.meaning.trim()];
        for d in &docs {
            let meaning = d.meaning.trim();
            if meaning.is_empty() || said.contains(&meaning) {
                continue;
            }
            said.push(meaning);
            diags.push(
                Diagnostic::new(
                    Severity::Warning,
                    Lint::CodesDisagree,
                    &d.source.file,
                    d.source.line,
                    1,
                    format!(
                        "error code {value} means `{meaning}` here but `{}` at {}, whose meaning its constant keeps",
                        first.meaning.trim(),
                        first.source,
                    ),
                )
                .with_help(format!(
                    "correct the page that is wrong, or pin the code in api.toml: [codes] {} = {{ value = {value}, doc = \"…\" }}",
                    settings::code_constant_name(value, &first.meaning)
                )),
            );
        }
        let mut name = settings::code_constant_name(value, &first.meaning);
        if taken.contains(&name) {
            name = settings::code_constant_name(value, "");
        }
        let base = name.clone();
        let mut n = 1;
        while taken.contains(&name) {
            n += 1;
            name = format!("{base}_{n}");
        }
        taken.insert(name.clone());
        settings.codes.push(settings::Code {
            name,
            value,
            doc: first.meaning.trim().to_string(),
            source: Some(first.source.to_string()),
        });
    }
    settings
        .codes
        .sort_by(|a, b| (a.value, &a.name).cmp(&(b.value, &b.name)));
    diags
}

/// Fills what `api.toml` did not pin from what the pages show; each guess is a
/// warning on `api.toml` (or the API as a whole).
pub fn complete(settings: &mut ApiSettings, api: &Api) -> Vec<Diagnostic> {
    let pinned = settings.pinned;
    let mut diags = Vec::new();
    if !pinned.envelope {
        if let Some((env, n, of)) = infer_envelope(api) {
            let success = match &env.success {
                SuccessValue::Int(v) => v.to_string(),
                SuccessValue::Bool(b) => b.to_string(),
                SuccessValue::Text(t) => format!("{t:?}"),
            };
            diags.push(
                Diagnostic::about_file(
                    Severity::Warning,
                    Lint::InferredSetting,
                    settings::FILE_NAME,
                    format!(
                        "inferred the response envelope from {n} of {of} success examples: `{}` holds the status (success: {success}), `{}` the data, `{}` the message",
                        env.code, env.data, env.message
                    ),
                )
                .with_help(format!(
                    "pin it in api.toml: [envelope] code = \"{}\", data = \"{}\", message = \"{}\", success = {success} (or `envelope = false`)",
                    env.code, env.data, env.message
                )),
            );
            settings.envelope = Some(env);
        }
    }
    if !pinned.auth {
        if let Some((auth, why)) = infer_auth(api) {
            let pin = match &auth {
                Auth::Header { name, template }
                    if template.starts_with("Bearer ") && name == "Authorization" =>
                {
                    "[auth] scheme = \"bearer\"".to_string()
                }
                Auth::Header { name, template } => format!(
                    "[auth] scheme = \"header\", header = \"{name}\", template = \"{template}\""
                ),
                Auth::Query { name } => format!("[auth] scheme = \"query\", param = \"{name}\""),
                Auth::None => "[auth] scheme = \"none\"".to_string(),
            };
            diags.push(
                Diagnostic::about_file(
                    Severity::Warning,
                    Lint::InferredSetting,
                    settings::FILE_NAME,
                    format!("inferred the auth from the pages: {why}; the client sends the token it is given that way"),
                )
                .with_help(format!("pin it in api.toml: {pin} (or `scheme = \"none\"`)")),
            );
            settings.auth = auth;
        }
    }
    if !pinned.hosts {
        match infer_host(api) {
            HostEvidence::None => {}
            HostEvidence::One(url) => {
                diags.push(
                    Diagnostic::about_file(
                    Severity::Warning,
                    Lint::InferredSetting,
                    settings::FILE_NAME,
                        format!("inferred the host `{url}` from the full URLs in the pages"),
                    )
                    .with_help(format!(
                        "pin it in api.toml: [[hosts.edition]] name = \"Production\", url = \"{url}\""
                    )),
                );
                settings.hosts.push(Host {
                    name: "Production".into(),
                    url,
                    doc: "The host the doc pages name".into(),
                    label: "production".into(),
                });
                settings.default_host = Some(0);
            }
            HostEvidence::Disagree { first, second } => {
                diags.push(
                    Diagnostic::about_file(
                    Severity::Warning,
                    Lint::InferredSetting,
                    settings::FILE_NAME,
                        format!(
                            "the pages name different hosts: `{}` ({}) and `{}` ({}); the crate has no default host, users give `.base_url(..)`",
                            first.0, first.1, second.0, second.1
                        ),
                    )
                    .with_help(format!(
                        "name the hosts in api.toml: [[hosts.edition]] name = \"Production\", url = \"{}\"",
                        first.0
                    )),
                );
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc_code(value: i64, meaning: &str, file: &str, line: usize) -> DocCode {
        DocCode {
            value,
            meaning: meaning.into(),
            source: Source {
                file: file.into(),
                line,
            },
        }
    }

    /// A GET answering a list page is a paged list even when its table names no
    /// paging parameter; the ones it forgets are added here, before inference
    /// (they were added to the IR after inference, by `add_paging_params`).
    #[test]
    fn a_list_page_is_paged_before_inference() {
        let mut api =
            api_of(&[json!({"code": 0, "data": {"things": [{"id": 1}], "total_count": 1}})]);
        api.settings.envelope = infer_envelope(&api).map(|x| x.0);
        api.settings.pinned.envelope = true;
        let mut other = api.endpoints[0].clone();
        other.operation = "get".into();
        other.examples[0].value = json!({"code": 0, "data": {"id": 1}});
        api.endpoints[0].operation = "list".into();
        api.endpoints.push(other);
        run(&mut api);
        let list = &api.endpoints[0];
        assert_eq!(list.paging, Some(settings_paging(&Paging::default())));
        let params: Vec<(&str, Location, bool)> = list
            .params
            .iter()
            .map(|p| (p.wire_name.as_str(), p.location, p.required))
            .collect();
        assert_eq!(
            params,
            [
                ("page", Location::Query, false),
                ("per_page", Location::Query, false)
            ]
        );
        // a record is no page
        assert_eq!(
            (
                api.endpoints[1].paging.as_ref(),
                api.endpoints[1].params.len()
            ),
            (None, 0)
        );
    }

    #[test]
    fn the_pages_codes_beside_api_toml() {
        let mut s = ApiSettings::bare("x");
        s.codes.push(settings::Code {
            name: "TOKEN_EXPIRED".into(),
            value: 401,
            doc: "Pinned.".into(),
            source: None,
        });
        let diags = page_codes(
            &mut s,
            &[
                doc_code(401, "令牌过期", "a.md", 3),
                doc_code(5, "Expired", "a.md", 4),
                doc_code(5, "", "b.md", 9),
                doc_code(6, "参数错误", "a.md", 5),
                doc_code(6, "签名错误", "b.md", 7),
                doc_code(7, "Expired", "b.md", 8),
            ],
        );
        let got: Vec<(&str, i64, &str)> = s
            .codes
            .iter()
            .map(|c| (c.name.as_str(), c.value, c.doc.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("EXPIRED", 5, "Expired"),
                ("CODE_6", 6, "参数错误"),
                // the name is taken: the number names it
                ("CODE_7", 7, "Expired"),
                // api.toml wins over the page
                ("TOKEN_EXPIRED", 401, "Pinned.")
            ]
        );
        let [d] = diags.as_slice() else {
            panic!("one warning: {diags:?}")
        };
        assert_eq!(
            (d.file.as_str(), d.line, d.lint),
            ("b.md", 7, Lint::CodesDisagree)
        );
        assert!(
            d.message
                .contains("`签名错误` here but `参数错误` at a.md:5"),
            "{}",
            d.message
        );
    }

    #[test]
    fn envelope_shapes_of_the_family() {
        assert_eq!(
            envelope_keys(&json!({"code": 0, "msg": "ok", "data": {}})),
            Some(("code", "data"))
        );
        assert_eq!(
            envelope_keys(&json!({"error_code": 0, "message": "", "data": []})),
            Some(("error_code", "data"))
        );
        assert_eq!(
            envelope_keys(&json!({"status": "ok", "result": {"id": 1}})),
            Some(("status", "result"))
        );
        // A record that happens to have a `status` is no envelope without a data key.
        assert_eq!(envelope_keys(&json!({"id": 1, "status": 2})), None);
        // A status key holding an object is not a status.
        assert_eq!(envelope_keys(&json!({"code": {"a": 1}, "data": 1})), None);
    }

    fn api_of(examples: &[Value]) -> Api {
        let mut e: crate::ir::Endpoint = serde_json::from_value(json!({
            "group": "things", "operation": "get", "method": "GET",
            "path": {"raw": "/things", "segments": []},
            "summary": "", "title": null, "params": [], "body_root": null,
            "examples": [], "response_fields": [], "notes": [],
            "updated_at": null, "author": null,
            "source": {"file": "a.md", "line": 1}, "merged_from": []
        }))
        .expect("an endpoint");
        for v in examples {
            e.examples.push(crate::ir::Example {
                kind: ExampleKind::Success,
                label: None,
                value: v.clone(),
                repaired: false,
                source: e.source.clone(),
            });
        }
        Api {
            endpoints: vec![e],
            ..Api::default()
        }
    }

    #[test]
    fn the_envelope_most_examples_share() {
        let api = api_of(&[
            json!({"status": "ok", "msg": "", "result": {"id": 1}}),
            json!({"status": "ok", "msg": "", "result": []}),
            json!({"status": "ok"}),
            json!({"id": 3}),
        ]);
        let (env, n, of) = infer_envelope(&api).expect("an envelope");
        assert_eq!(
            (env.code.as_str(), env.data.as_str(), env.message.as_str()),
            ("status", "result", "msg")
        );
        assert_eq!(env.success, SuccessValue::Text("ok".into()));
        assert_eq!((n, of), (2, 4));
        // Plain records are no envelope, even when one has `code` and `data` keys.
        let api = api_of(&[
            json!({"id": 1, "name": "a"}),
            json!({"id": 2, "name": "b"}),
            json!({"code": "X1", "data": "blob"}),
        ]);
        assert!(infer_envelope(&api).is_none());
    }

    #[test]
    fn the_host_the_full_urls_agree_on() {
        let mut api = api_of(&[]);
        assert_eq!(infer_host(&api), HostEvidence::None);
        api.endpoints[0].origin = Some("https://api.shop.test".into());
        let mut other = api.endpoints[0].clone();
        other.source.file = "b.md".into();
        api.endpoints.push(other.clone());
        // A page with a bare path says nothing against the others.
        let mut bare = other.clone();
        bare.origin = None;
        bare.source.file = "c.md".into();
        api.endpoints.push(bare);
        assert_eq!(
            infer_host(&api),
            HostEvidence::One("https://api.shop.test".into())
        );
        api.endpoints[1].origin = Some("https://sandbox.shop.test".into());
        let HostEvidence::Disagree { first, second } = infer_host(&api) else {
            panic!("two hosts disagree");
        };
        assert_eq!(
            (first.0.as_str(), first.1.file.as_str()),
            ("https://api.shop.test", "a.md")
        );
        assert_eq!(
            (second.0.as_str(), second.1.file.as_str()),
            ("https://sandbox.shop.test", "b.md")
        );
        let mut settings = ApiSettings::bare("shop");
        let diags = complete(&mut settings, &api);
        assert!(settings.hosts.is_empty() && settings.default_host.is_none());
        assert!(
            diags
                .iter()
                .any(|d| d.message.contains("a.md:1") && d.message.contains("b.md:1")),
            "{diags:?}"
        );
    }

    #[test]
    fn token_evidence_recognisers() {
        assert!(is_token_query_param("access_token"));
        assert!(is_token_query_param(" API_KEY "));
        assert!(!is_token_query_param("token_type"));
        assert!(!is_token_query_param("page"));
        assert!(is_bearer_doc(
            "格式为 \"Bearer YourToken\"，注意 Bearer 与 token 之间有一个空格"
        ));
        assert!(is_bearer_doc("bearer {Access Token}"));
        assert!(!is_bearer_doc("Basic Base64(client_id:client_secret)"));
        assert!(!is_bearer_doc("接口鉴权token等"));
    }

    fn param(wire: &str, location: Location) -> Param {
        serde_json::from_value(json!({
            "wire_name": wire, "wire_path": [wire], "rust_name": wire,
            "location": location, "required": true, "doc_type": "string",
            "description": "", "default": null,
            "source": {"file": "a.md", "line": 3}
        }))
        .expect("a param")
    }

    /// Three operations: the first two as `f` leaves them, the third bare.
    fn three_ops(f: impl Fn(&mut crate::ir::Endpoint)) -> Api {
        let mut api = api_of(&[]);
        let mut e = api.endpoints[0].clone();
        e.params.push(param("id", Location::Query));
        api.endpoints = vec![e.clone(), e.clone(), e];
        for (i, e) in api.endpoints.iter_mut().enumerate() {
            e.operation = format!("op{i}");
            if i < 2 {
                f(e);
            }
        }
        api
    }

    #[test]
    fn the_auth_most_operations_show() {
        let api = three_ops(|e| e.params.push(param("access_token", Location::Query)));
        let (auth, why) = infer_auth(&api).expect("query auth");
        assert_eq!(
            auth,
            Auth::Query {
                name: "access_token".into()
            }
        );
        assert!(why.contains("2 of 3"), "{why}");
        let api = three_ops(|e| e.token_header = Some("X-Api-Key".into()));
        assert_eq!(
            infer_auth(&api).map(|a| a.0),
            Some(Auth::Header {
                name: "X-Api-Key".into(),
                template: "{token}".into()
            })
        );
        let api = three_ops(|e| e.auth_doc = Some("Bearer {token}".into()));
        assert_eq!(
            infer_auth(&api).map(|a| a.0),
            Some(Auth::Header {
                name: "Authorization".into(),
                template: "Bearer {token}".into()
            })
        );
        // One operation is no convention, even when it is the only one.
        let mut one = api_of(&[]);
        one.endpoints[0]
            .params
            .push(param("token", Location::Query));
        assert_eq!(infer_auth(&one), None);
        // One operation of three is no convention.
        let mut api = three_ops(|_| {});
        api.endpoints[0]
            .params
            .push(param("token", Location::Query));
        assert_eq!(infer_auth(&api), None);
        // A token in the body is the operation's own (a login's `token` member).
        let api = three_ops(|e| e.params.push(param("token", Location::Body)));
        assert_eq!(infer_auth(&api), None);
    }

    #[test]
    fn the_token_the_auth_carries_is_no_argument() {
        let mut api = three_ops(|e| e.params.push(param("access_token", Location::Query)));
        let diags = run(&mut api);
        assert!(
            diags.iter().any(|d| d.message.contains("inferred the auth")
                && d.help
                    .as_deref()
                    .is_some_and(|h| h.contains("scheme = \"query\", param = \"access_token\""))),
            "{diags:?}"
        );
        assert!(api
            .endpoints
            .iter()
            .all(|e| e.params.iter().all(|p| p.wire_name != "access_token")));
        assert!(api.endpoints.iter().all(|e| e.params.len() == 1));
        // Pinned auth wins over the pages, and carries its own parameter too.
        let mut api = three_ops(|e| e.token_header = Some("X-Api-Key".into()));
        for e in &mut api.endpoints {
            e.params.push(param("X-Api-Key", Location::Header));
            e.params.push(param("token", Location::Query));
        }
        api.settings.auth = Auth::Query {
            name: "token".into(),
        };
        api.settings.pinned.auth = true;
        run(&mut api);
        assert_eq!(
            api.settings.auth,
            Auth::Query {
                name: "token".into()
            }
        );
        assert!(api.endpoints.iter().all(|e| e.params.len() == 2));
        assert_eq!(api.endpoints[0].token_header.as_deref(), Some("X-Api-Key"));
    }

    #[test]
    fn paging_is_decided_once_from_the_convention() {
        let mut api = three_ops(|e| e.params.push(param("pageNo", Location::Query)));
        api.settings.paging = Paging {
            page: "pageNo".into(),
            per_page: "pageSize".into(),
            total: "totalCount".into(),
            items: Some("list".into()),
        };
        run(&mut api);
        let paging = api.endpoints[0].paging.clone().expect("a paged list");
        assert_eq!(
            (
                paging.page.as_str(),
                paging.per_page.as_str(),
                paging.total.as_str()
            ),
            ("pageNo", "pageSize", "totalCount")
        );
        assert_eq!(paging.items.as_deref(), Some("list"));
        assert!(paging.is_paging_param("pageSize") && !paging.is_paging_param("page"));
        // The third operation takes no paging parameter; `page` in a body is no paging.
        assert_eq!(api.endpoints[2].paging, None);
        let mut api = three_ops(|e| e.params.push(param("page", Location::Body)));
        run(&mut api);
        assert!(api.endpoints.iter().all(|e| e.paging.is_none()));
    }
}
