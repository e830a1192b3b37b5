//! Recognising section headings in every rendering.
//!
//! A heading line is one of:
//! * markdown: `##### 简要描述`, `## **请求URL**`, `#### 请求URL:`, `## 签名计算方法 ##`,
//!   `##邮编分区接口` (no space; ShowDoc renders it as a heading anyway);
//! * bold: `**简要描述：**`, ` **返回示例**`, `**接口地址**:\`/x\`` (knife4j: the value
//!   follows on the same line), `**返回示例(单发)**<br/>`;
//! * plain (text renderings): the whole line is a known label, with or without an
//!   ASCII / full-width colon: `请求URL:`, `返回参数`, `HTTP Request`.
//!
//! Markdown and bold headings that name no known section are still reported (as
//! [`Heading::section`] `None`): they become titles and sub-table captions.

use super::evidence::{label_method, labelled_line};
use super::lines::bullet;
use crate::ir::ExampleKind;

/// The part of the template a heading opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// 简要描述 / 接口描述 / Brief description.
    Summary,
    /// 请求URL / URL / 接口地址 / Request URL.
    Url,
    /// 请求方式 / Request Method.
    Method,
    /// 请求头 / Header.
    Headers,
    /// 参数 / 请求参数 / 请求参数说明 / Parameter.
    Params,
    /// 请求示例 / 请求参数json例子.
    RequestExample,
    /// 返回示例 / 正确时返回 / 错误时返回 …: JSON here is a response of this kind.
    Response(ExampleKind),
    /// 返回参数说明 / 返回数据字段说明 / 响应参数.
    ResponseFields,
    /// 备注.
    Notes,
    /// `## 作者`.
    Author,
    /// 错误码 / 返回码 / 状态码 / Return Code: a table or list of the API's error
    /// codes (read by [`super::codes`]).
    Codes,
    /// Known sections that carry nothing we use (响应状态, 接口版本…).
    Ignore,
    /// `HTTP Request`: the next line is `GET /api/v2/...`.
    HttpRequest,
}

/// How the heading was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `#`…`######` (the number of hashes).
    Hash(usize),
    Bold,
    Plain,
}

/// A recognised heading line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub section: Option<Section>,
    /// The heading text without markup and trailing colon.
    pub label: String,
    /// Text after the heading on the same line (`**接口地址**:\`/x\`` → `` `/x` ``).
    pub value: Option<String>,
    pub style: Style,
    /// A method stated in the label itself: `请求地址(Post)` → `Post`.
    pub method: Option<String>,
}

/// Exact labels (lower-cased, colon removed) and their sections.
const LABELS: &[(&str, Section)] = &[
    ("简要描述", Section::Summary),
    ("接口简介", Section::Summary),
    ("功能说明", Section::Summary),
    ("业务描述", Section::Summary),
    ("接口描述", Section::Summary),
    ("接口说明", Section::Summary),
    ("功能描述", Section::Summary),
    ("描述", Section::Summary),
    ("brief description", Section::Summary),
    ("description", Section::Summary),
    ("请求url", Section::Url),
    ("url", Section::Url),
    ("接口地址", Section::Url),
    ("请求地址", Section::Url),
    ("请求路径", Section::Url),
    ("接口url", Section::Url),
    ("request url", Section::Url),
    ("api地址", Section::Url),
    ("api url", Section::Url),
    ("api path", Section::Url),
    ("接入地址", Section::Url),
    ("url地址", Section::Url),
    ("接口路径", Section::Url),
    ("请求方式", Section::Method),
    ("请求方法", Section::Method),
    ("request method", Section::Method),
    ("method", Section::Method),
    ("提交方式", Section::Method),
    ("接口方法", Section::Method),
    ("http method", Section::Method),
    ("请求头", Section::Headers),
    ("请求头参数", Section::Headers),
    ("header", Section::Headers),
    ("headers", Section::Headers),
    ("request header", Section::Headers),
    ("参数", Section::Params),
    ("请求参数", Section::Params),
    ("请求参数说明", Section::Params),
    ("参数说明", Section::Params),
    ("parameter", Section::Params),
    ("parameters", Section::Params),
    ("request parameter", Section::Params),
    ("request parameters", Section::Params),
    ("入参", Section::Params),
    ("输入参数", Section::Params),
    ("请求说明", Section::Params),
    ("query", Section::Params),
    ("body", Section::Params),
    ("请求体", Section::Params),
    ("requestbody", Section::Params),
    ("request body", Section::Params),
    ("请求示例", Section::RequestExample),
    ("请求参数json例子", Section::RequestExample),
    ("请求参数示例", Section::RequestExample),
    ("请求样例", Section::RequestExample),
    ("请求报文", Section::RequestExample),
    ("request sample", Section::RequestExample),
    ("request example", Section::RequestExample),
    ("返回示例", Section::Response(ExampleKind::Success)),
    ("返回结果示例", Section::Response(ExampleKind::Success)),
    ("响应示例", Section::Response(ExampleKind::Success)),
    ("返回数据", Section::Response(ExampleKind::Success)),
    ("返回数据示例", Section::Response(ExampleKind::Success)),
    ("正确时返回", Section::Response(ExampleKind::Success)),
    ("成功示例", Section::Response(ExampleKind::Success)),
    ("成功返回", Section::Response(ExampleKind::Success)),
    ("return sample", Section::Response(ExampleKind::Success)),
    ("响应结果", Section::Response(ExampleKind::Success)),
    ("返回结果", Section::Response(ExampleKind::Success)),
    ("返回报文", Section::Response(ExampleKind::Success)),
    ("返回", Section::Response(ExampleKind::Success)),
    ("结果", Section::Response(ExampleKind::Success)),
    ("response", Section::Response(ExampleKind::Success)),
    ("response body", Section::Response(ExampleKind::Success)),
    ("responsebody", Section::Response(ExampleKind::Success)),
    ("返回体", Section::Response(ExampleKind::Success)),
    ("出参", Section::Response(ExampleKind::Success)),
    ("输出参数", Section::Response(ExampleKind::Success)),
    ("返回值", Section::Response(ExampleKind::Success)),
    ("return example", Section::Response(ExampleKind::Success)),
    ("response example", Section::Response(ExampleKind::Success)),
    ("错误时返回", Section::Response(ExampleKind::Error)),
    ("失败示例", Section::Response(ExampleKind::Error)),
    ("错误示例", Section::Response(ExampleKind::Error)),
    ("失败返回", Section::Response(ExampleKind::Error)),
    ("返回参数说明", Section::ResponseFields),
    ("返回参数", Section::ResponseFields),
    ("返回数据字段说明", Section::ResponseFields),
    ("返回字段说明", Section::ResponseFields),
    ("响应参数", Section::ResponseFields),
    ("响应参数说明", Section::ResponseFields),
    ("return parameter description", Section::ResponseFields),
    ("response parameters", Section::ResponseFields),
    ("备注", Section::Notes),
    ("remark", Section::Notes),
    ("remarks", Section::Notes),
    ("作者", Section::Author),
    ("响应状态", Section::Ignore),
    ("变更记录", Section::Ignore),
    ("接口版本", Section::Ignore),
    ("请求数据类型", Section::Ignore),
    ("响应数据类型", Section::Ignore),
    ("格式", Section::Ignore),
    ("返回码", Section::Codes),
    ("错误码", Section::Codes),
    ("错误码说明", Section::Codes),
    ("全局错误码", Section::Codes),
    ("公共错误码", Section::Codes),
    ("状态码", Section::Codes),
    ("状态码说明", Section::Codes),
    ("return code", Section::Codes),
    ("return codes", Section::Codes),
    ("error code", Section::Codes),
    ("error codes", Section::Codes),
    ("http request", Section::HttpRequest),
];

/// Labels a *plain* line may consist of in the text renderings. Kept narrower than
/// [`LABELS`] so that prose such as `描述` or `参数` on its own line in a guide page
/// is not read as a section.
const PLAIN_LABELS: &[&str] = &[
    "简要描述",
    "请求url",
    "请求方式",
    "请求方法",
    "请求地址",
    "接口地址",
    "提交方式",
    "请求头",
    "请求参数",
    "请求参数说明",
    "请求参数json例子",
    "请求示例",
    "返回示例",
    "正确时返回",
    "错误时返回",
    "成功示例",
    "失败示例",
    "错误示例",
    "返回参数说明",
    "返回参数",
    "返回数据字段说明",
    "返回数据",
    "返回数据示例",
    "备注",
    "http request",
];

/// Words that make a response label an error example (`查询失败返回示例`,
/// `返回示例(发送错误)`, `Return Sample ( Delivery error)`).
const ERROR_WORDS: &[&str] = &["失败", "错误", "error", "fail"];

/// Words that make a heading a response example when no exact label matched.
const RESPONSE_WORDS: &[&str] = &[
    "返回示例",
    "响应示例",
    "返回结果",
    "return sample",
    "response sample",
    "成功示例",
    "失败示例",
];

/// Words that make a heading an error-code section when no exact label matched
/// (`接口错误码`, `常见错误码`, `错误码表`, `Error Codes`). `状态码` alone is not one
/// of them: `HTTP状态码` headings open tables of HTTP statuses, not the API's codes.
const CODE_WORDS: &[&str] = &["错误码", "返回码", "error code", "return code"];

/// An error-code heading is a label, not a sentence (`更多返回错误代码请看错误码表描述`).
const CODE_LABEL_MAX_CHARS: usize = 12;

/// Suffixes of sub-table captions (`data参数说明`, `Permission详细说明`,
/// `zone_type解释`): the caption minus the suffix names the group.
const CAPTION_SUFFIXES: &[&str] = &["参数说明", "详细说明", "字段说明", "说明", "解释"];

/// Reads `line` as a heading, if it is one.
pub fn parse_heading(line: &str) -> Option<Heading> {
    let t = line.trim();
    if t.is_empty() {
        return None;
    }
    if t.starts_with('#') {
        let hashes = t.chars().take_while(|&c| c == '#').count();
        if hashes > 6 {
            return None;
        }
        let inner = t[hashes..].trim().trim_end_matches('#').trim();
        let inner = strip_heading_number(link_text(inner));
        if let Some(mut h) = parse_bold(inner) {
            h.style = Style::Hash(hashes);
            return Some(h);
        }
        let label = normalize_label(inner);
        if label.is_empty() {
            return None;
        }
        let (section, method) = classify_with_method(&label, true);
        return Some(Heading {
            section,
            label,
            value: None,
            style: Style::Hash(hashes),
            method,
        });
    }
    if t.starts_with("**") {
        if let Some(h) = parse_bold(t) {
            if h.section.is_some() || labelled_line(t).is_none() {
                return Some(h);
            }
        }
    }
    let label = normalize_label(t);
    let key = label.to_lowercase();
    if PLAIN_LABELS.contains(&key.as_str()) {
        return Some(Heading {
            section: classify(&label, false),
            label,
            value: None,
            style: Style::Plain,
            method: None,
        });
    }
    if let Some(label) = plain_code_heading(t) {
        return Some(Heading {
            section: Some(Section::Codes),
            label,
            value: None,
            style: Style::Plain,
            method: None,
        });
    }
    // `请求地址(Post)`: a URL or method label with the method in parentheses.
    if let Some((stem, m)) = label_method(&label) {
        let section = classify(&stem, false);
        if matches!(section, Some(Section::Url | Section::Method)) {
            return Some(Heading {
                section,
                label: stem,
                value: None,
                style: Style::Plain,
                method: Some(m),
            });
        }
    }
    labelled_line(t).map(|l| Heading {
        section: Some(l.section),
        label: normalize_label(&l.label),
        value: (!l.value.is_empty()).then_some(l.value),
        style: Style::Plain,
        method: None,
    })
}

/// A plain line, list item or numbered item naming an error-code section: ending
/// with a colon (`2. 常见错误码:`, `- 错误码说明：`), or exactly a label
/// (`错误码`). Not `状态码` without a colon: a one-cell-per-line table has such
/// lines.
fn plain_code_heading(t: &str) -> Option<String> {
    let body = bullet(t).unwrap_or(t);
    let body = strip_heading_number(body);
    let colon = body.ends_with([':', '：']);
    let label = normalize_label(body);
    // Lowercased once, not once per entry of `LABELS` (115): this runs on every
    // line inside a JSON example (to find where it ends), and the per-entry
    // copies were a tenth of all instructions at 1,000 pages.
    let key = label.to_lowercase();
    let exact = LABELS
        .iter()
        .any(|(l, s)| *s == Section::Codes && *l == key && *l != "状态码");
    ((colon || exact) && classify(&label, true) == Some(Section::Codes)).then_some(label)
}

/// `2、请求样例`, `1.1 接口说明`, `3. 返回`: the section number before a heading's
/// label is not part of it (a bare number is kept: it may be the whole title).
fn strip_heading_number(s: &str) -> &str {
    let digits = s
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
        .last()
        .map(|(b, c)| b + c.len_utf8())
        .unwrap_or(0);
    if digits == 0 || !s[..digits].starts_with(|c: char| c.is_ascii_digit()) {
        return s;
    }
    let rest = s[digits..].trim_start_matches(['、', ' ', '\t', ')', '）']);
    if rest.is_empty() || rest.starts_with('/') {
        s
    } else {
        rest
    }
}

/// `[URL](#add_url)` → `URL`: hexo pages link every heading to its own anchor.
fn link_text(s: &str) -> &str {
    let Some(inner) = s.strip_prefix('[') else {
        return s;
    };
    match inner.find("](") {
        Some(close) if s.trim_end().ends_with(')') => &inner[..close],
        _ => s,
    }
}

/// [`classify`], also reading a method in the label's parentheses
/// (`请求地址(Post)`).
fn classify_with_method(label: &str, fuzzy: bool) -> (Option<Section>, Option<String>) {
    if let Some(s) = classify(label, fuzzy) {
        return (Some(s), None);
    }
    match label_method(label) {
        Some((stem, m)) => match classify(&stem, fuzzy) {
            Some(s @ (Section::Url | Section::Method)) => (Some(s), Some(m)),
            _ => (None, None),
        },
        None => (None, None),
    }
}

/// `**label**rest` → heading with `rest` (minus a leading colon) as the value.
fn parse_bold(t: &str) -> Option<Heading> {
    let inner = t.strip_prefix("**")?;
    let close = inner.find("**")?;
    let label = normalize_label(&inner[..close]);
    if label.is_empty() {
        return None;
    }
    let rest = inner[close + 2..]
        .trim()
        .trim_start_matches([':', '：'])
        .trim();
    let rest = rest.trim_end_matches("**").trim();
    let value = (!rest.is_empty() && !is_only_breaks(rest)).then(|| rest.to_string());
    let (section, method) = classify_with_method(&label, true);
    Some(Heading {
        section,
        label,
        value,
        style: Style::Bold,
        method,
    })
}

fn is_only_breaks(s: &str) -> bool {
    s.to_ascii_lowercase()
        .replace("<br/>", "")
        .replace("<br>", "")
        .trim()
        .is_empty()
}

/// Removes `*`, surrounding space and trailing colons: `简要描述：` → `简要描述`.
pub fn normalize_label(s: &str) -> String {
    let s = s.replace("**", "");
    s.trim()
        .trim_end_matches([':', '：', ' ', '\t'])
        .trim()
        .to_string()
}

/// Section for a label; `fuzzy` also accepts response-example variants.
pub fn classify(label: &str, fuzzy: bool) -> Option<Section> {
    let key = label.to_lowercase();
    if let Some((_, s)) = LABELS.iter().find(|(l, _)| *l == key) {
        return Some(*s);
    }
    if !fuzzy {
        return None;
    }
    if CODE_WORDS.iter().any(|w| key.contains(w)) && key.chars().count() <= CODE_LABEL_MAX_CHARS {
        return Some(Section::Codes);
    }
    if RESPONSE_WORDS.iter().any(|w| key.contains(w)) {
        return Some(Section::Response(response_kind(&key)));
    }
    if key.starts_with("请求示例") || key.starts_with("request sample") {
        return Some(Section::RequestExample);
    }
    None
}

/// Success unless the label says failure / error.
pub fn response_kind(label: &str) -> ExampleKind {
    let key = label.to_lowercase();
    if ERROR_WORDS.iter().any(|w| key.contains(w)) {
        ExampleKind::Error
    } else {
        ExampleKind::Success
    }
}

/// A prose label line inside a fence or between blocks (`成功示例`, `失败示例:`):
/// short, and naming success or failure.
pub fn inline_example_label(line: &str) -> Option<(ExampleKind, String)> {
    let label = normalize_label(line);
    if label.is_empty() || label.chars().count() > 16 {
        return None;
    }
    let key = label.to_lowercase();
    let success = ["成功", "正确", "success"].iter().any(|w| key.contains(w));
    let error = ERROR_WORDS.iter().any(|w| key.contains(w));
    match (success, error) {
        (_, true) => Some((ExampleKind::Error, label)),
        (true, false) => Some((ExampleKind::Success, label)),
        _ => None,
    }
}

/// The label an example carries: the parenthesised part of `返回示例(单发)`, else the
/// whole heading.
pub fn example_label(heading: &str) -> String {
    let open = heading.find(['(', '（']);
    if let Some(o) = open {
        let inner = &heading[o..];
        let inner = inner.trim_start_matches(['(', '（']);
        let inner = inner.split([')', '）']).next().unwrap_or("").trim();
        if !inner.is_empty() {
            return inner.to_string();
        }
    }
    heading.to_string()
}

/// Group name of a sub-table caption: `Permission详细说明` → `Permission`,
/// `**data参数说明**` → `data`, `loggable` → `loggable`.
pub fn caption_group(label: &str) -> String {
    let l = normalize_label(label);
    for suf in CAPTION_SUFFIXES {
        if let Some(stem) = l.strip_suffix(suf) {
            let stem = stem.trim();
            if !stem.is_empty() {
                return stem.to_string();
            }
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sec(line: &str) -> Option<Section> {
        parse_heading(line).and_then(|h| h.section)
    }

    #[test]
    fn text_rendering_headings() {
        assert_eq!(sec("简要描述:"), Some(Section::Summary));
        assert_eq!(sec("请求URL:"), Some(Section::Url));
        assert_eq!(sec("请求方式："), Some(Section::Method));
        assert_eq!(sec("请求参数json例子:"), Some(Section::RequestExample));
        assert_eq!(
            sec("正确时返回:"),
            Some(Section::Response(ExampleKind::Success))
        );
        assert_eq!(
            sec("错误时返回:"),
            Some(Section::Response(ExampleKind::Error))
        );
        assert_eq!(sec("返回参数"), Some(Section::ResponseFields));
        assert_eq!(sec("HTTP Request"), Some(Section::HttpRequest));
        assert_eq!(sec("返回数据字段说明"), Some(Section::ResponseFields));
        // prose is not a heading in the text renderings
        assert_eq!(parse_heading("描述"), None);
        assert_eq!(parse_heading("Permission详细说明"), None);
    }

    #[test]
    fn markdown_headings() {
        assert_eq!(sec("**简要描述：** "), Some(Section::Summary));
        assert_eq!(sec("##### 简要描述"), Some(Section::Summary));
        assert_eq!(sec("## **请求URL**"), Some(Section::Url));
        assert_eq!(sec("#### 请求URL:"), Some(Section::Url));
        assert_eq!(
            sec(" **返回示例**"),
            Some(Section::Response(ExampleKind::Success))
        );
        assert_eq!(
            sec("## 查询失败返回示例 "),
            Some(Section::Response(ExampleKind::Error))
        );
        assert_eq!(
            sec("**返回示例(发送错误)**"),
            Some(Section::Response(ExampleKind::Error))
        );
        assert_eq!(sec("##### Header"), Some(Section::Headers));
        let h = parse_heading("**接口地址**:`/{ams-service}/role/grant`").unwrap();
        assert_eq!(h.section, Some(Section::Url));
        assert_eq!(h.value.as_deref(), Some("`/{ams-service}/role/grant`"));
        let h = parse_heading("**返回示例(单发)**<br/>").unwrap();
        assert_eq!(h.value, None);
        assert_eq!(example_label(&h.label), "单发");
        assert_eq!(sec("### 2、请求样例"), Some(Section::RequestExample));
        assert_eq!(sec("####1.基本信息"), None);
        assert_eq!(sec("#### 2.1 接口地址"), Some(Section::Url));
        assert_eq!(sec("####[请求方式](#add_post)"), Some(Section::Method));
        let h = parse_heading("请求地址(Post)").unwrap();
        assert_eq!(
            (h.section, h.method.as_deref()),
            (Some(Section::Url), Some("Post"))
        );
        let h = parse_heading("- **接口方法：** POST").unwrap();
        assert_eq!(
            (h.section, h.value.as_deref()),
            (Some(Section::Method), Some("POST"))
        );
        let h = parse_heading("## 签名计算方法 ##").unwrap();
        assert_eq!((h.section, h.label.as_str()), (None, "签名计算方法"));
        assert_eq!(parse_heading("****************"), None);
    }

    #[test]
    fn english_headings() {
        assert_eq!(sec("**Brief description:**"), Some(Section::Summary));
        assert_eq!(sec("**Request URL:**"), Some(Section::Url));
        assert_eq!(sec("**Request Method:**"), Some(Section::Method));
        assert_eq!(sec("**Parameter：**"), Some(Section::Params));
        assert_eq!(sec("**Request Sample**"), Some(Section::RequestExample));
        assert_eq!(
            sec("**Return Parameter Description**"),
            Some(Section::ResponseFields)
        );
        assert_eq!(
            sec("**Return Sample (Single text message)**<br/>"),
            Some(Section::Response(ExampleKind::Success))
        );
        assert_eq!(
            sec("**Return Sample ( Delivery error)**"),
            Some(Section::Response(ExampleKind::Error))
        );
        assert_eq!(sec("**Return Code**"), Some(Section::Codes));
    }

    #[test]
    fn error_code_headings() {
        for line in [
            "**返回码**",
            "**接口错误码**",
            "## 错误码说明",
            "### 全局错误码",
            "#### 公共错误码：",
            "## 状态码",
            "## Error Codes",
            "2. 常见错误码:",
            "- 错误码：",
            "错误码",
        ] {
            assert_eq!(sec(line), Some(Section::Codes), "{line}");
        }
        // a sentence pointing at a table elsewhere, an HTTP status heading, a
        // cell of a one-cell-per-line table
        assert_eq!(sec("- 更多返回错误代码请看错误码表描述"), None);
        assert_eq!(sec("## HTTP状态码"), None);
        assert_eq!(parse_heading("状态码"), None);
    }

    #[test]
    fn labels_and_captions() {
        assert_eq!(
            inline_example_label("成功示例").map(|x| x.0),
            Some(ExampleKind::Success)
        );
        assert_eq!(
            inline_example_label("失败示例").map(|x| x.0),
            Some(ExampleKind::Error)
        );
        assert_eq!(
            inline_example_label("R<List<SkuVO>> postSku(@RequestParam List x)"),
            None
        );
        assert_eq!(caption_group("Permission详细说明"), "Permission");
        assert_eq!(caption_group("data参数说明"), "data");
        assert_eq!(caption_group("可用与不可用时间："), "可用与不可用时间");
        assert_eq!(caption_group("loggable"), "loggable");
    }
}
