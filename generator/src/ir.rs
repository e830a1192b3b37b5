//! The intermediate representation: plain data you can print (`serde_json`) and diff.
//!
//! Every name is kept twice: the wire name as the docs write it, and the Rust name
//! we derived from it. Collections are `Vec`s in a deterministic order (sorted by
//! group, operation) so the serialised IR is byte-identical on every run.

use serde::{Deserialize, Serialize};

/// The whole API: what `generated/api.json` snapshots.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Api {
    /// Sorted by `(group, operation)`.
    pub endpoints: Vec<Endpoint>,
    /// The API as a whole: crate name, hosts, auth, envelope, limits, codes
    /// (`api.toml`, or what the pages show). Snapshots written before it existed
    /// read as the bare settings.
    #[serde(default)]
    pub settings: crate::settings::ApiSettings,
    /// The error codes the pages document (their 错误码 / 返回码 tables), page by
    /// page; `settings.codes` holds the constants chosen from them
    /// (`crate::discover::page_codes`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<DocCode>,
}

/// An error code a page documents, with what it means (`40001`, `参数错误`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocCode {
    pub value: i64,
    /// As the page writes it; empty when the page lists the code alone.
    pub meaning: String,
    pub source: Source,
}

/// HTTP methods the pages use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Parses `GET`, `get`, `POST<br/>`, "get `application/x-www-form-urlencoded`".
    pub fn parse_loose(s: &str) -> Option<Method> {
        let word: String = s
            .trim_start_matches(|c: char| !c.is_ascii_alphabetic())
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        match word.to_ascii_uppercase().as_str() {
            "GET" => Some(Method::Get),
            "POST" => Some(Method::Post),
            "PUT" => Some(Method::Put),
            "PATCH" => Some(Method::Patch),
            "DELETE" => Some(Method::Delete),
            _ => None,
        }
    }
}

/// Where a page (or a part of one) came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Source {
    pub file: String,
    pub line: usize,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A path template such as `/api/v2/opportunities/:id` or `/api/role/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathTemplate {
    /// As the docs write it, host and placeholders removed.
    pub raw: String,
    pub segments: Vec<Segment>,
}

/// One `/`-separated piece of a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Segment {
    Literal {
        value: String,
    },
    /// `:id` or `{id}`: `name` is the wire name, `rust_name` the argument name.
    Param {
        name: String,
        rust_name: String,
    },
}

impl PathTemplate {
    /// Wire names of the path parameters, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Param { name, .. } => Some(name.as_str()),
            Segment::Literal { .. } => None,
        })
    }

    /// The path with each segment written by `literal` or `param` (given the
    /// parameter's wire name), `/` before each; `/` for the root. Every rendering
    /// below is one of these.
    fn render(
        &self,
        literal: impl Fn(&str) -> String,
        mut param: impl FnMut(&str) -> String,
    ) -> String {
        let mut out = String::new();
        for s in &self.segments {
            out.push('/');
            match s {
                Segment::Literal { value } => out.push_str(&literal(value)),
                Segment::Param { name, .. } => out.push_str(&param(name)),
            }
        }
        if out.is_empty() {
            out.push('/');
        }
        out
    }

    /// The OpenAPI (and RFC 6570) form: `/api/v2/opportunities/{id}`.
    pub fn openapi_path(&self) -> String {
        self.render(str::to_string, |name| format!("{{{name}}}"))
    }

    /// The path with its parameters unnamed, `/api/v2/opportunities/{}`: two
    /// templates of one shape (`:id`, `{opportunity_id}`) are one endpoint.
    pub fn shape(&self) -> String {
        self.render(str::to_string, |_| "{}".to_string())
    }

    /// A `format!` string for the client: literal braces doubled, each parameter
    /// `{local}` with the local variable `local(wire name)` names (nothing when it
    /// gives none). `/api/v2/opportunities/{id}`.
    pub fn format_string(&self, mut local: impl FnMut(&str) -> Option<String>) -> String {
        self.render(
            |value| value.replace('{', "{{").replace('}', "}}"),
            |name| local(name).map(|l| format!("{{{l}}}")).unwrap_or_default(),
        )
    }

    /// Which segments are parameters, in order: sorting routes by it puts a
    /// literal segment before a parameter in the same place, so a mock matching
    /// the first route answers `/contracts/new_from_opportunity` before `/contracts/:id`.
    pub fn param_mask(&self) -> Vec<bool> {
        self.segments
            .iter()
            .map(|s| matches!(s, Segment::Param { .. }))
            .collect()
    }
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    Path,
    Query,
    Body,
    /// An HTTP request header the page's 请求头 table declares (`ACCESS-TOKEN`).
    Header,
}

/// One request parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    /// As the table writes it: `opportunity[title]`, `ids[]`, `page`.
    pub wire_name: String,
    /// The Rails-style key path: `opportunity[title]` → `["opportunity", "title"]`,
    /// `ids[]` → `["ids", ""]` (empty = array element).
    pub wire_path: Vec<String>,
    /// Method / argument name: `title`, `ids`, `r#type` is never used: keywords get a
    /// suffix-free raw identifier at emit time, this is the plain snake name.
    pub rust_name: String,
    pub location: Location,
    pub required: bool,
    /// Type as documented (`Integer`, `string`), if any.
    pub doc_type: Option<String>,
    pub description: String,
    pub default: Option<String>,
    pub source: Source,
}

/// Where a JSON example sits in the page template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExampleKind {
    /// 请求参数json例子 / 请求示例: a request body.
    Request,
    /// 正确时返回 / 返回示例 / 返回数据 / 成功示例.
    Success,
    /// 错误时返回 / 失败示例.
    Error,
}

impl Param {
    /// Path parameters and required ones are arguments of the operation's method;
    /// the others are setters of its request builder.
    pub fn is_positional(&self) -> bool {
        self.location == Location::Path || self.required
    }
}

/// A JSON example, already read leniently.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    pub kind: ExampleKind,
    pub label: Option<String>,
    pub value: serde_json::Value,
    /// True when the reader had to repair the text (comments, truncation…).
    pub repaired: bool,
    pub source: Source,
}

/// A documented response field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDoc {
    pub name: String,
    pub doc_type: Option<String>,
    pub description: String,
    /// Sub-table (`loggable`, `Permission`), `None` for the top level.
    pub group: Option<String>,
    pub source: Source,
}

/// One API operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Endpoint {
    /// Accessor on the client (`opportunities`), snake case.
    pub group: String,
    /// Method on the group accessor (`get`, `update`, `create_product_asset`).
    pub operation: String,
    pub method: Method,
    pub path: PathTemplate,
    /// The `scheme://host[:port]` of the page's full URL (`https://api.shop.test`),
    /// which `path` leaves out; `None` when the page gives a bare path or a host
    /// placeholder. The host inference reads it (`crate::discover::infer_host`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// 简要描述 (the page summary), falling back to the title.
    pub summary: String,
    /// The page title when it differs from the summary.
    pub title: Option<String>,
    /// Path parameters first (template order), then the table order.
    pub params: Vec<Param>,
    /// The entity root that body parameters are wrapped in (`opportunity`), if the
    /// body table writes `opportunity[title]`.
    pub body_root: Option<String>,
    pub examples: Vec<Example>,
    pub response_fields: Vec<FieldDoc>,
    pub notes: Vec<String>,
    pub updated_at: Option<String>,
    pub author: Option<String>,
    /// The page (and line) this endpoint was read from.
    pub source: Source,
    /// Further pages that described the same method and path and were merged in.
    pub merged_from: Vec<Source>,
    /// The header parameter that carries this operation's own token (`ACCESS-TOKEN`
    /// on the call-center pages): the client sends it instead of `Authorization`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_header: Option<String>,
    /// What the page's 请求头 table says of `Authorization` (the row's example or
    /// default, then its description: `Bearer {token}`), a header the client sets
    /// itself: the auth inference reads it (`crate::discover::infer_auth`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_doc: Option<String>,
    /// How the operation pages its list, when it is a paged list: decided once,
    /// before type inference (`crate::discover::op_paging`, from `api.toml`'s
    /// `[paging]` or the built-in convention; the paging parameters its table
    /// forgets are added then), and read by every later stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<OpPaging>,
    /// Further methods the page named for this API (`GET/POST`): the first one is
    /// `method`, these are kept so nothing the page said is lost.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_methods: Vec<Method>,
}

/// The paging of one list operation: which query parameters choose the page and its
/// size, and where the response holds the items and the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpPaging {
    /// The page number's query parameter (`page`, `pageNo`), 1-based.
    pub page: String,
    /// The page size's query parameter (`per_page`, `pageSize`).
    pub per_page: String,
    /// The response member holding the items (`list`), when the convention names
    /// one; else the examples show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
    /// The response member holding the total number of items (`total_count`).
    pub total: String,
}

impl OpPaging {
    /// Whether a parameter is one of the paging parameters.
    pub fn is_paging_param(&self, wire_name: &str) -> bool {
        wire_name == self.page || wire_name == self.per_page
    }
}

/// Envelope members a response-field table lists beside the payload's fields.
const ENVELOPE_ROWS: &[&str] = &["code", "data", "message", "msg"];

impl Endpoint {
    /// The top-level rows of the response-field table that describe the payload
    /// (not the envelope's `code`, `data`, `message`).
    pub fn top_response_fields(&self) -> impl Iterator<Item = &FieldDoc> {
        self.response_fields.iter().filter(|f| {
            f.group.is_none()
                && !ENVELOPE_ROWS.contains(&f.name.as_str())
                && !f.name.trim().is_empty()
        })
    }

    /// `GET /api/v2/opportunities/:id`.
    pub fn signature(&self) -> String {
        format!("{} {}", self.method.as_str(), self.path.raw)
    }
}
