//! Recognisers for the places pages state an API's method and path outside the
//! ShowDoc template: labelled lines (`请求方式：Post`, `- **接口地址：** /x`,
//! `* url:http://host/x`), `METHOD /path` lines (`## GET /products`, `[GET] /x`,
//! `` #### 接口：`POST` /x ``, `POST URL: https://host/x`), a method in a label's
//! parentheses (`请求地址(Post)`), key/value table rows (`| Method | … | POST |`),
//! template tags carrying both as attributes (`{% include method.html
//! method='POST' content='{host}/1.0/group' %}`), and YAML front matter, which
//! looks like labelled lines but is not part of the page.
//!
//! Every function here looks at one line (or one table row) and never panics.

use super::lines::{bullet, is_cjk, strip_html_tags};
use super::sections::Section;
use super::url::clean_path;
use crate::ir::Method;

/// Labels (lower-cased, spaces and emphasis removed) that name the URL when a
/// value follows them on the same line. `接口` / `地址` alone are too common in
/// prose: they count only when the value is a path (see [`labelled_line`]).
const URL_LABELS: &[&str] = &[
    "请求url",
    "url",
    "接口地址",
    "请求地址",
    "请求路径",
    "接口路径",
    "接口url",
    "requesturl",
    "api地址",
    "apiurl",
    "apipath",
    "接入地址",
    "url地址",
    "请求链接",
    "接口链接",
];

/// Weak URL labels: a URL only when the value really is a path.
const WEAK_URL_LABELS: &[&str] = &["接口", "地址", "路径", "path", "api", "endpoint"];

/// Labels that name the HTTP method.
const METHOD_LABELS: &[&str] = &[
    "请求方式",
    "请求方法",
    "提交方式",
    "接口方法",
    "请求类型",
    "method",
    "httpmethod",
    "requestmethod",
    "http请求方法",
];

/// Weak method labels: only with a method word as the value.
const WEAK_METHOD_LABELS: &[&str] = &["方法", "方式", "类型", "type", "调用方式"];

/// Longest label (in chars) a labelled line may have: labels are short words, a
/// longer text before a colon is a sentence.
const MAX_LABEL_CHARS: usize = 14;

/// A `label: value` line naming the URL or the method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled {
    pub section: Section,
    pub label: String,
    /// The value without markup (`` `POST` `` → `POST`); may be empty.
    pub value: String,
}

/// Blockquote and callout markers (`>`, `?>`, `!>`), bullets, list numbers
/// (`1.`, `2、`, `3)`) before a line's content: docsify, GitBook and plain
/// markdown pages put labels inside them.
pub fn strip_line_decor(line: &str) -> &str {
    let mut t = line.trim();
    loop {
        let before = t;
        for m in ["?>", "!>", ">"] {
            if let Some(r) = t.strip_prefix(m) {
                t = r.trim_start();
            }
        }
        if let Some(b) = bullet(t) {
            if !t.starts_with("**") {
                t = b;
            }
        }
        t = strip_list_number(t);
        if t == before {
            return t;
        }
    }
}

/// `1. x`, `2、x`, `3) x` → `x`; `1.基本信息` keeps nothing else.
fn strip_list_number(t: &str) -> &str {
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return t;
    }
    let rest = &t[digits..];
    for sep in ['.', '、', ')', '）'] {
        if let Some(r) = rest.strip_prefix(sep) {
            // `1.0/group` is a version, not a list number.
            if !r.starts_with(|c: char| c.is_ascii_digit() || c == '/') {
                return r.trim_start();
            }
        }
    }
    t
}

/// Emphasis, code and HTML markup around a label or value: `**`, `*`, `_`,
/// backticks, `</br>`, `<font>`.
fn unmark(s: &str) -> String {
    let s = strip_html_tags(s);
    s.replace("**", "")
        .trim()
        .trim_matches(|c: char| c == '*' || c == '`' || c == '_' || c.is_whitespace())
        .to_string()
}

/// Label key: lower-cased, without emphasis, spaces or a trailing colon.
pub fn label_key(s: &str) -> String {
    unmark(s)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '`')
        .collect::<String>()
        .trim_end_matches([':', '：'])
        .to_lowercase()
}

/// Reads `label: value` (ASCII or full-width colon) where the label names the URL
/// or the method: `请求方式：Post`, `- **接口方法：** POST`, `* url:http://h/x`,
/// `?> **接入地址：** \`/x\`</br>`, `url :     /a?b=#{b}`, `- 方法: \`GET\``,
/// `***method:** \`POST\``, `请求方式：*GET*`. A weak label (`接口`, `方法`) needs a
/// value of the right shape. `None` for anything else.
pub fn labelled_line(line: &str) -> Option<Labelled> {
    let t = strip_line_decor(line);
    let (label, value) = split_label(t)?;
    let key = label_key(label);
    if key.is_empty() || key.chars().count() > MAX_LABEL_CHARS {
        return None;
    }
    let value = unmark(value);
    // `url:* url:http://…` (a prefix typed twice): the inner label repeats.
    let value = match split_label(strip_line_decor(&value)) {
        Some((l, v)) if label_key(l) == key => unmark(v),
        _ => value,
    };
    let is_path = |v: &str| {
        v.contains('/')
            && clean_path(v).is_some()
            && v.split_whitespace()
                .next()
                .is_some_and(|w| !w.chars().any(is_cjk))
    };
    let is_method = |v: &str| method_word(v.split_whitespace().next().unwrap_or("")).is_some();
    let section = if URL_LABELS.contains(&key.as_str()) {
        Section::Url
    } else if METHOD_LABELS.contains(&key.as_str()) {
        if !value.is_empty() && !is_method(&value) {
            return None;
        }
        Section::Method
    } else if WEAK_URL_LABELS.contains(&key.as_str()) && is_path(&value) {
        Section::Url
    } else if WEAK_METHOD_LABELS.contains(&key.as_str()) && is_method(&value) {
        Section::Method
    } else {
        return None;
    };
    Some(Labelled {
        section,
        label: label.trim().to_string(),
        value,
    })
}

/// Last words of a qualified URL label (`Token 路径`, `Callback URL`, `授权地址`).
const QUALIFIED_URL_SUFFIXES: &[&str] = &["路径", "path", "地址", "url"];

/// A `<qualifier> 路径: /path` line (`Token 路径: /oauth2/token` in a code block
/// of connection settings beside `协议: HTTPS` and `域名: host`): a short label
/// ending in a URL word and a value that is one absolute path. Read inside code
/// blocks only, for an API that has no URL yet.
pub fn qualified_url_line(line: &str) -> Option<String> {
    let t = strip_line_decor(line);
    let (label, value) = split_label(t)?;
    let key = label_key(label);
    if key.chars().count() > MAX_LABEL_CHARS
        || !QUALIFIED_URL_SUFFIXES.iter().any(|s| key.ends_with(s))
    {
        return None;
    }
    let v = unmark(value);
    let v = v.trim();
    (v.split_whitespace().count() == 1 && v.starts_with('/') && clean_path(v).is_some())
        .then(|| v.to_string())
}

/// Words that introduce a redirect target: `跳转到 /x`, `重定向至 /x`,
/// `redirect to /x`, `redirects to /x`.
const REDIRECT_WORDS: &[&str] = &[
    "跳转到",
    "跳转至",
    "重定向到",
    "重定向至",
    "redirect to",
    "redirects to",
    "redirected to",
];

/// The path in a "redirect to" sentence (`浏览器将跳转到 \`/oauth/authorize\``,
/// `then redirect to https://host/login?next=`): some APIs (browser redirects)
/// state their path only there. The first path-like token after the words.
pub fn redirect_path(line: &str) -> Option<String> {
    // ASCII lower-casing keeps byte offsets, so they index `line` too.
    let lower = line.to_ascii_lowercase();
    let at = REDIRECT_WORDS
        .iter()
        .filter_map(|w| lower.find(w).map(|p| p + w.len()))
        .min()?;
    let is_lead = |c: char| c.is_whitespace() || matches!(c, ':' | '：' | '`' | '"');
    let rest = line.get(at..)?.trim_start_matches(is_lead);
    let token = rest
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '`' | '"' | '，' | '。' | ',' | '）' | ')')
        })
        .next()?;
    // A sentence's full stop is not part of the path.
    let token = token.trim_end_matches('.');
    (token.contains('/') && clean_path(token).is_some()).then(|| token.to_string())
}

/// Splits at the first colon that ends a label (not the one of `http://`).
fn split_label(t: &str) -> Option<(&str, &str)> {
    let mut from = 0;
    while let Some(rel) = t[from..].find([':', '：']) {
        let at = from + rel;
        let colon_len = if t[at..].starts_with('：') {
            '：'.len_utf8()
        } else {
            1
        };
        if t[at..].starts_with("://") {
            return None;
        }
        let (label, value) = (&t[..at], &t[at + colon_len..]);
        // `**接口地址：**` → the closing emphasis belongs to the label.
        let value = value.trim_start_matches(['*', '_']);
        if !label.trim().is_empty() {
            return Some((label, value));
        }
        from = at + colon_len;
    }
    None
}

/// A word that is an HTTP method, any case, in brackets or emphasis (`[GET]`,
/// `*POST*`, `` `Put` ``).
pub fn method_word(w: &str) -> Option<Method> {
    let w = w.trim_matches(|c: char| matches!(c, '[' | ']' | '*' | '`' | '_' | '(' | ')'));
    if w.is_empty() || !w.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Method::parse_loose(w).filter(|m| m.as_str().eq_ignore_ascii_case(w))
}

/// Every method named in a value, in order, without repeats: `GET/POST`,
/// `POST,GET`, `get 或 post` → both; `POST` → one. A page naming two methods for
/// one API gets the first (deterministic) and a warning; the rest stay in the IR.
pub fn methods_in(value: &str) -> Vec<Method> {
    let mut out = Vec::new();
    for w in value.split(|c: char| !c.is_ascii_alphabetic()) {
        if let Some(m) = method_word(w) {
            if !out.contains(&m) {
                out.push(m);
            }
        }
    }
    out
}

/// A method and a path stated together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodPath {
    /// As written (`GET`, `post`, `GET/POST`).
    pub method: String,
    /// As written, up to the end of the path token (query string included).
    pub path: String,
}

/// `METHOD path` anywhere a page writes it: `## GET /products`, `[GET] /x/:id`,
/// `` #### 接口：`POST` /request/user/login ``, `GET /auth?state={state}`,
/// `POST https://host/x`, `POST URL:  https://host/x`, `# 用户列表<br>GET /users`.
/// The method comes first and is a method word; the path starts with `/`, a
/// scheme or a placeholder, and is a path by [`clean_path`].
pub fn method_path_line(line: &str) -> Option<MethodPath> {
    let t = line.trim().trim_start_matches('#').trim();
    let t = strip_line_decor(t);
    // `# 用户列表<br>GET /users`: every line break starts a candidate.
    let lowered = t.to_ascii_lowercase();
    let mut starts = vec![0];
    for tag in ["<br>", "<br/>", "<br />"] {
        let mut from = 0;
        while let Some(p) = lowered[from..].find(tag) {
            starts.push(from + p + tag.len());
            from += p + tag.len();
        }
    }
    starts.sort_unstable();
    for s in starts {
        let piece = &t[s..];
        let piece = piece.split(['<']).next().unwrap_or(piece);
        if let Some(mp) = method_path_piece(piece) {
            return Some(mp);
        }
        // `接口：\`POST\` /x`: a label before the method.
        if let Some((label, rest)) = split_label(piece) {
            if label.chars().count() <= MAX_LABEL_CHARS {
                if let Some(mp) = method_path_piece(rest) {
                    return Some(mp);
                }
            }
        }
    }
    None
}

fn method_path_piece(piece: &str) -> Option<MethodPath> {
    let piece = piece.replace('`', " ").replace("**", " ");
    let mut words = piece.split_whitespace();
    let m = words.next()?;
    let m = m.trim_matches(|c: char| matches!(c, '[' | ']' | '*' | '_'));
    if methods_in(m).is_empty()
        || !m
            .chars()
            .all(|c| c.is_ascii_alphabetic() || "/,|".contains(c))
    {
        return None;
    }
    let mut path = words.next()?;
    if path.eq_ignore_ascii_case("url:") || path.eq_ignore_ascii_case("url：") {
        path = words.next()?;
    }
    let path = join_braces(path, &mut words);
    let starts_ok = path.starts_with('/')
        || path.starts_with("http://")
        || path.starts_with("https://")
        || path.starts_with('{')
        || path.starts_with('$');
    if !starts_ok || clean_path(&path).is_none() {
        return None;
    }
    Some(MethodPath {
        method: m.to_string(),
        path,
    })
}

/// `{model_id:` `str}` → `{model_id: str}`: a placeholder with a space inside is one
/// token of the path.
pub fn join_braces<'a>(first: &str, rest: &mut impl Iterator<Item = &'a str>) -> String {
    let mut out = first.to_string();
    let open = |s: &str| s.matches('{').count() > s.matches('}').count();
    while open(&out) {
        match rest.next() {
            Some(w) => {
                out.push(' ');
                out.push_str(w);
            }
            None => break,
        }
    }
    out
}

/// `请求地址(Post)` → (`请求地址`, `Post`): a method given in the label's
/// parentheses.
pub fn label_method(label: &str) -> Option<(String, String)> {
    let open = label.find(['(', '（'])?;
    let inner = label[open..].trim_start_matches(['(', '（']);
    let close = inner.find([')', '）'])?;
    let m = inner[..close].trim();
    method_word(m)?;
    Some((label[..open].trim().to_string(), m.to_string()))
}

/// The value of `name='…'` / `name="…"` in a template tag or HTML element.
fn attr<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(p) = line[from..].find(name) {
        let at = from + p;
        let before_ok = at == 0
            || line[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_whitespace());
        let rest = line[at + name.len()..].trim_start();
        if before_ok {
            if let Some(r) = rest.strip_prefix('=') {
                let r = r.trim_start();
                let q = r.chars().next().filter(|c| *c == '\'' || *c == '"')?;
                let inner = &r[1..];
                return inner.find(q).map(|e| &inner[..e]);
            }
        }
        from = at + name.len();
    }
    None
}

/// A template tag or element giving the method and the URL as attributes:
/// `{% include method.html method='POST' content='{host}/1.0/group' %}`,
/// `<api method="GET" url="/x">`. The URL is the first other quoted attribute
/// value that is a path.
pub fn attribute_method_path(line: &str) -> Option<MethodPath> {
    let t = line.trim();
    let tagged = (t.starts_with("{%") || t.starts_with('<')) && t.contains('=');
    if !tagged {
        return None;
    }
    let m = attr(t, "method")?;
    method_word(m)?;
    for name in ["url", "path", "content", "href", "uri", "endpoint"] {
        if let Some(v) = attr(t, name) {
            if v.contains('/') && clean_path(v).is_some() {
                return Some(MethodPath {
                    method: m.to_string(),
                    path: v.to_string(),
                });
            }
        }
    }
    None
}

/// A line that is only a path in a code span, as a list item or on its own:
/// `- **\`/generate/chat/break/{user_id:str}\`**`. (A bare path without the code
/// span is too often a sidebar link or a file name.)
pub fn code_span_path(line: &str) -> Option<String> {
    let t = strip_line_decor(line);
    let t = t.trim().trim_matches(|c| c == '*' || c == '_').trim();
    let inner = t.strip_prefix('`')?.strip_suffix('`')?;
    if inner.contains('`') || !inner.starts_with('/') || clean_path(inner).is_none() {
        return None;
    }
    Some(inner.to_string())
}

/// A key/value table row naming the method or URL: `| Method | HTTP 请求方法 |
/// POST |`, `提交方式 | get`. Returns the section and the first cell after the
/// label that fits it.
pub fn key_value_row(cells: &[String]) -> Option<(Section, String)> {
    let (first, rest) = cells.split_first()?;
    let key = label_key(first);
    let url = URL_LABELS.contains(&key.as_str());
    let method = METHOD_LABELS.contains(&key.as_str());
    for c in rest {
        let v = unmark(c);
        if method && methods_in(&v).len() == 1 && method_word(v.trim()).is_some() {
            return Some((Section::Method, v));
        }
        if url && v.contains('/') && clean_path(&v).is_some() {
            return Some((Section::Url, v));
        }
    }
    None
}

/// Number of lines of YAML front matter at the top of `lines` (0 if none): a
/// `---` line, `key: value` lines, a closing `---`; or, as some exports write it,
/// `key: value` lines from the first line up to a `---`. Its `path: /x` is the
/// page's own route, not an API path.
pub fn front_matter_len(lines: &[&str]) -> usize {
    let is_kv = |l: &str| {
        let t = l.trim();
        t.is_empty()
            || t.split_once(':').is_some_and(|(k, _)| {
                !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            })
            || t.starts_with("- ")
    };
    let is_rule = |l: &str| l.trim() == "---";
    let start = usize::from(lines.first().is_some_and(|l| is_rule(l)));
    let mut k = start;
    while k < lines.len() && !is_rule(lines[k]) {
        if !is_kv(lines[k]) {
            return 0;
        }
        k += 1;
    }
    let has_kv = lines[start..k.min(lines.len())]
        .iter()
        .any(|l| !l.trim().is_empty() && !l.trim().starts_with("- "));
    if k < lines.len() && k > start && has_kv {
        k + 1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab(line: &str) -> Option<(Section, String)> {
        labelled_line(line).map(|l| (l.section, l.value))
    }

    #[test]
    fn qualified_url_labels_in_settings_blocks() {
        assert_eq!(
            qualified_url_line("    Token 路径: /oauth2/token").as_deref(),
            Some("/oauth2/token")
        );
        assert_eq!(
            qualified_url_line("Callback URL：`/hooks/pay`").as_deref(),
            Some("/hooks/pay")
        );
        assert_eq!(qualified_url_line("    域名: api.example.com"), None);
        assert_eq!(qualified_url_line("    协议: HTTPS"), None);
        assert_eq!(qualified_url_line("上传路径: /data/x 或 /data/y"), None);
        assert_eq!(
            qualified_url_line("这是一个很长很长很长很长的说明文字路径: /x"),
            None
        );
    }

    #[test]
    fn redirect_sentences() {
        assert_eq!(
            redirect_path("用户确认后浏览器跳转到 `/oauth/authorize?client_id=`，并带上 code")
                .as_deref(),
            Some("/oauth/authorize?client_id=")
        );
        assert_eq!(
            redirect_path("Then the server redirects to https://h.example.com/login.").as_deref(),
            Some("https://h.example.com/login")
        );
        assert_eq!(redirect_path("成功后跳转到首页"), None);
        assert_eq!(redirect_path("GET /x"), None);
    }

    #[test]
    fn labelled_lines_of_every_style() {
        let url = |v: &str| Some((Section::Url, v.to_string()));
        let method = |v: &str| Some((Section::Method, v.to_string()));
        assert_eq!(lab("请求方式：Post   "), method("Post"));
        assert_eq!(lab("- **接口方法：** DELETE"), method("DELETE"));
        assert_eq!(lab("- **接口地址：** /v1/x"), url("/v1/x"));
        assert_eq!(lab("* url:http://h.xyz/api/a"), url("http://h.xyz/api/a"));
        assert_eq!(
            lab("* url:* url:http://h.xyz/api/b"),
            url("http://h.xyz/api/b")
        );
        assert_eq!(
            lab("?> **接入地址：** `/account/x`</br>"),
            url("/account/x")
        );
        assert_eq!(lab("**HTTP Method：** POST </br>"), method("POST"));
        assert_eq!(lab("url :     /a/b?x=#{x}"), url("/a/b?x=#{x}"));
        assert_eq!(lab("请求方法 :put"), method("put"));
        assert_eq!(lab("    请求方式：*GET*"), method("GET"));
        assert_eq!(lab("- 接口: `/index`"), url("/index"));
        assert_eq!(lab("- 方法: `GET`"), method("GET"));
        assert_eq!(lab("    - ***method:** `POST`"), method("POST"));
        assert_eq!(lab("  - **method**: `GET`"), method("GET"));
        assert_eq!(lab("* 提交方式：POST"), method("POST"));
        assert_eq!(
            lab("    url地址：https://{domain}/v1/a/{id}"),
            url("https://{domain}/v1/a/{id}")
        );
        // prose and weak labels with the wrong value are not labels
        assert_eq!(lab("接口: 用于查询订单"), None);
        assert_eq!(lab("方法: 先调用登录"), None);
        assert_eq!(lab("请求方式：见下文"), None);
        assert_eq!(lab("假设部门微信后台接口地址为`https://h.net/x`"), None);
        assert_eq!(lab("https://h.net/x"), None);
    }

    #[test]
    fn method_path_lines() {
        let mp = |l: &str| method_path_line(l).map(|m| (m.method, m.path));
        let s = |m: &str, p: &str| Some((m.to_string(), p.to_string()));
        assert_eq!(mp("## GET /products"), s("GET", "/products"));
        assert_eq!(
            mp("[GET] /api/v1/c/:id/words"),
            s("GET", "/api/v1/c/:id/words")
        );
        assert_eq!(
            mp("#### 接口：`POST` /request/user/login"),
            s("POST", "/request/user/login")
        );
        assert_eq!(
            mp("GET /auth?state={state}"),
            s("GET", "/auth?state={state}")
        );
        assert_eq!(
            mp("POST URL:  https://h.net/a/b"),
            s("POST", "https://h.net/a/b")
        );
        assert_eq!(mp("# 用户列表<br>GET /users"), s("GET", "/users"));
        assert_eq!(
            mp("get /models/{model_id: str}"),
            s("get", "/models/{model_id: str}")
        );
        assert_eq!(mp("GET/POST /api/x"), s("GET/POST", "/api/x"));
        assert_eq!(mp("Get the list of users"), None);
        assert_eq!(mp("调用 GET /api/x"), None);
        assert_eq!(mp("POST data:"), None);
    }

    #[test]
    fn methods_in_values() {
        assert_eq!(methods_in("GET/POST"), [Method::Get, Method::Post]);
        assert_eq!(methods_in("POST,GET"), [Method::Post, Method::Get]);
        assert_eq!(methods_in("*get*"), [Method::Get]);
        assert_eq!(methods_in("getter"), []);
    }

    #[test]
    fn methods_in_label_parentheses() {
        assert_eq!(
            label_method("请求地址(Post)"),
            Some(("请求地址".into(), "Post".into()))
        );
        assert_eq!(label_method("返回示例(单发)"), None);
    }

    #[test]
    fn attributes_and_code_span_paths() {
        let mp = attribute_method_path(
            "{% include method.html method='PATCH' content='{host}/1.0/group/:name' des = '' %}",
        )
        .unwrap();
        assert_eq!(
            (mp.method.as_str(), mp.path.as_str()),
            ("PATCH", "{host}/1.0/group/:name")
        );
        assert_eq!(
            attribute_method_path("{% include params.html params='id' %}"),
            None
        );
        assert_eq!(
            code_span_path("- **`/generate/chat/break/{user_id:str}`**").as_deref(),
            Some("/generate/chat/break/{user_id:str}")
        );
        assert_eq!(code_span_path("[首页](/docs/index)"), None);
    }

    #[test]
    fn key_value_rows() {
        let cells = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            key_value_row(&cells(&[" Method ", " HTTP 请求方法 ", " POST "])),
            Some((Section::Method, "POST".into()))
        );
        assert_eq!(
            key_value_row(&cells(&["提交方式", "get"])),
            Some((Section::Method, "get".into()))
        );
        assert_eq!(key_value_row(&cells(&["name", "string", "名称"])), None);
    }

    #[test]
    fn front_matter() {
        assert_eq!(
            front_matter_len(&["---", "title: x", "path: /token", "---", "# A"]),
            4
        );
        assert_eq!(
            front_matter_len(&["title: x", "next: y", "---", "###添加"]),
            3
        );
        assert_eq!(front_matter_len(&["# A", "url: /x"]), 0);
        assert_eq!(front_matter_len(&["---", "---"]), 0);
        assert_eq!(front_matter_len(&["请求方式：GET", "---"]), 0);
    }
}
