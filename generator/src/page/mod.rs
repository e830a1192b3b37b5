//! Stage 1: find the sections, tables and JSON blocks of one doc page.
//!
//! One parser for the whole ShowDoc / MinDoc page family (see `docs/API-NOTES.md`):
//! markdown sources, the `  • ` bullet text rendering, the `- ` bullet rendering with
//! pipe tables, the "HTTP Request" template, English headings, and files holding
//! several APIs. The output is *raw*: strings as written, with 1-based line numbers,
//! no interpretation of paths or names (that is [`crate::lower`]'s job).

use crate::diag::Diagnostic;
use crate::ir::ExampleKind;
use serde::Serialize;

mod blocks;
mod codes;
mod decode;
mod evidence;
mod lines;
mod markdown;
mod parser;
mod sections;
mod table;
mod url;

pub use codes::RawCode;
pub use decode::{decode_page, Decoded};
pub use evidence::methods_in;
pub use url::{clean_path, url_origin};

/// What one page turned out to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// At least one API section was found.
    Api,
    /// A guide, an overview, a domain list: noted and skipped, not an error.
    NotApi,
}

/// The parse of one file.
#[derive(Debug, Clone, Serialize)]
pub struct ParsedPage {
    pub file: String,
    pub kind: PageKind,
    /// One per API described in the file (ShowDoc exports may hold several).
    pub endpoints: Vec<RawEndpoint>,
    /// Rows of the page's error-code tables and lists (错误码 / 返回码 / 状态码), in
    /// page order, whichever API's section they sit in: a page may be nothing but
    /// the API's code table.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<RawCode>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A piece of text and the 1-based line (and column, in chars) it starts at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spanned<T> {
    pub value: T,
    pub line: usize,
    pub column: usize,
}

/// A JSON example block, still as text.
#[derive(Debug, Clone, Serialize)]
pub struct RawExample {
    pub kind: ExampleKind,
    /// The label the page gave it (`正确时返回`, `失败示例`, `单发`…), if any.
    pub label: Option<String>,
    /// The block's text exactly as in the page (fences removed).
    pub text: String,
    /// Line (1-based) of the first line of `text` in the page.
    pub line: usize,
}

/// One row of a parameter table (path, request or header table).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RawParam {
    /// As written: `opportunity[title]`, `ids[]`, `query.current`, `- data`.
    pub name: String,
    /// `None` when the table has no required column or the cell is empty.
    pub required: Option<bool>,
    /// Documented type (`Integer`, `string`, `INT`…), if the table has a type column.
    pub ty: Option<String>,
    pub description: String,
    /// 默认值 column, if any.
    pub default: Option<String>,
    pub line: usize,
}

/// One row of a response-field table (返回参数说明 / 返回数据字段说明 / 返回参数).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RawField {
    pub name: String,
    pub ty: Option<String>,
    pub description: String,
    /// The sub-table this row belongs to (`loggable`, `attachment_files`, `Permission`),
    /// `None` for the top-level table.
    pub group: Option<String>,
    pub line: usize,
}

/// Everything the page says about one API, uninterpreted.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RawEndpoint {
    /// Line where this API's section starts.
    pub line: usize,
    /// Page or section title (first heading / first line), if distinct from the summary.
    pub title: Option<Spanned<String>>,
    /// 简要描述 / 接口描述 / Brief description.
    pub summary: Option<Spanned<String>>,
    /// The URL as written (may hold a host, a placeholder, backticks removed).
    pub url: Option<Spanned<String>>,
    /// The method as written (`GET`, `get`, `POST<br/>`…), trimmed.
    pub method: Option<Spanned<String>>,
    /// Rows of the url请求参数说明 table (or of a table under 请求URL).
    pub path_params: Vec<RawParam>,
    /// Rows of the 请求参数 / 参数 / 请求参数说明 table.
    pub params: Vec<RawParam>,
    /// Rows of a 请求头 table, if any.
    pub headers: Vec<RawParam>,
    pub examples: Vec<RawExample>,
    pub response_fields: Vec<RawField>,
    /// 备注 lines and other free text worth keeping as docs.
    pub notes: Vec<String>,
    /// Footer `文档更新时间: …`.
    pub updated_at: Option<String>,
    /// Footer `作者: …` or `> 作者`.
    pub author: Option<String>,
}

/// Parses one page. Never panics, whatever the bytes.
///
/// See [`parser`] for the endpoint-splitting and API-page rules, [`sections`] for
/// the headings understood, [`table`] and [`blocks`] for tables and JSON examples.
pub fn parse_page(file: &str, text: &str) -> ParsedPage {
    parser::parse(file, text)
}
