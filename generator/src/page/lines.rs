//! Line-level helpers shared by every rendering: splitting, bullets, entities,
//! footers. Everything here works on one line at a time and never indexes bytes it
//! did not find itself, so arbitrary (lossily decoded) input cannot make it panic.

/// One physical line of the page, without its line break.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// 1-based line number.
    pub no: usize,
    pub text: &'a str,
    /// Byte offset of the line in the page.
    pub start: usize,
}

/// Splits on `\n` and drops a trailing `\r`, so CRLF pages number their lines the
/// same way [`crate::diag::SourceMap::line`] does.
pub fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut start = 0;
    text.split('\n')
        .enumerate()
        .map(|(i, l)| {
            let line = Line {
                no: i + 1,
                text: l.strip_suffix('\r').unwrap_or(l),
                start,
            };
            start += l.len() + 1;
            line
        })
        .collect()
}

pub fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// 1-based column (in chars) of byte offset `byte` in `line`.
pub fn char_col(line: &str, byte: usize) -> usize {
    line.get(..byte).map(|p| p.chars().count()).unwrap_or(0) + 1
}

/// Column of the first non-space char (1-based).
pub fn indent_col(line: &str) -> usize {
    char_col(line, line.len() - line.trim_start().len())
}

/// Column where `needle` starts in `line`, or the indentation column when the
/// value was rewritten and no longer occurs verbatim.
pub fn col_of(line: &str, needle: &str) -> usize {
    if needle.is_empty() {
        return indent_col(line);
    }
    match line.find(needle) {
        Some(b) => char_col(line, b),
        None => indent_col(line),
    }
}

/// CJK ideographs and full-width punctuation: used to tell prose from identifiers.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF |
        0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60)
}

/// The content of a bullet line, if the line is one.
///
/// Bullets seen in the renderings: `  • x` (text rendering 2), `- x` (rendering 3 and
/// markdown), `* x` / `+ x` (markdown), and `-x` glued to CJK text (`-导入特殊邮编`,
/// ShowDoc pages typed without the space). A lone `-` is an empty bullet (`Some("")`).
/// `---` / `***` rules and `**bold**` lines are not bullets.
pub fn bullet(line: &str) -> Option<&str> {
    let t = line.trim();
    if let Some(rest) = t.strip_prefix('•') {
        return Some(rest.trim());
    }
    if t == "-" || t == "*" || t == "+" {
        return Some("");
    }
    for m in ["- ", "* ", "+ ", "-\t", "*\t"] {
        if let Some(rest) = t.strip_prefix(m) {
            return Some(rest.trim());
        }
    }
    if let Some(rest) = t.strip_prefix('-') {
        if rest.chars().next().is_some_and(is_cjk) {
            return Some(rest.trim());
        }
    }
    None
}

/// A thematic break or decoration line: `---`, `***`, `____`, `=====` (3+ chars).
pub fn is_rule(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.chars().count() >= 3
        && (t.chars().all(|c| c == '-')
            || t.chars().all(|c| c == '*')
            || t.chars().all(|c| c == '_')
            || t.chars().all(|c| c == '='))
}

/// Decodes the HTML entities the ShowDoc editors leave in cells (`&lt;`, `&gt;`,
/// `&amp;`, `&quot;`, `&#39;`, `&nbsp;`, `&emsp;`, numeric forms) and turns `<br/>`
/// variants into a line break. Unknown entities are kept as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') && !s.contains('<') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find(['&', '<']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if let Some(after_lt) = tail.strip_prefix('<') {
            if let Some(len) = br_tag_len(tail) {
                out.push('\n');
                rest = &tail[len..];
            } else {
                out.push('<');
                rest = after_lt;
            }
            continue;
        }
        // An entity is at most ~10 chars up to its `;`.
        let semi = tail
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = semi.and_then(|i| tail.get(1..i)).and_then(entity_char);
        match (semi, decoded) {
            (Some(i), Some(c)) => {
                out.push(c);
                rest = &tail[i + 1..];
            }
            _ => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity_char(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "emsp" => '\u{2003}',
        "ensp" => '\u{2002}',
        "thinsp" => '\u{2009}',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse::<u32>().ok()?,
            };
            return char::from_u32(code);
        }
    })
}

/// Length of a `<br>`, `<br/>`, `<br />` tag at the start of `s` (case-insensitive).
fn br_tag_len(s: &str) -> Option<usize> {
    let head: String = s.chars().take(6).collect::<String>().to_ascii_lowercase();
    for tag in ["<br />", "<br/>", "<br>"] {
        if head.starts_with(tag) {
            return Some(tag.len());
        }
    }
    None
}

/// Removes HTML tags (`<font color=red>POST</font>` → `POST`, `POST<br/>` → `POST`).
/// A `<` that does not open a tag (`a < b`) is kept.
pub fn strip_html_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('<') {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        let opens_tag = tail[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/');
        match (opens_tag, tail.find('>')) {
            (true, Some(end)) => rest = &tail[end + 1..],
            _ => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Tags a rich-text editor wraps a line of text in (`<p><span style=…>GET</span>`).
const HTML_BLOCK_TAGS: &[&str] = &[
    "p", "span", "div", "font", "strong", "b", "section", "code", "em", "h1", "h2", "h3", "h4",
    "h5", "h6",
];

/// The text of a line that is an HTML block (`<p><span>POST</span> <span>/x</span></p>`,
/// `<div><strong>请求方式：</strong>GET</div>`): tags dropped, entities decoded,
/// trimmed. `None` for a line that does not open with one of [`HTML_BLOCK_TAGS`]
/// or holds no text.
pub fn html_block_text(line: &str) -> Option<String> {
    let t = line.trim_start();
    let rest = t.strip_prefix('<')?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if !HTML_BLOCK_TAGS.contains(&name.as_str()) {
        return None;
    }
    let text = decode_entities(&strip_html_tags(t));
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// Marker of the MinDoc footer `文档更新时间: 2025-04-29 14:18   作者:陈胜海`.
pub const FOOTER_MARKER: &str = "文档更新时间";

/// What a footer line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footer {
    /// Byte offset of the marker in the line (text before it may be glued JSON).
    pub at: usize,
    pub updated_at: Option<String>,
    pub author: Option<String>,
}

/// Parses a footer anywhere in the line: the renderings sometimes glue it to the
/// last line of a cut-off JSON example.
pub fn footer(line: &str) -> Option<Footer> {
    let at = line.find(FOOTER_MARKER)?;
    let rest = &line[at + FOOTER_MARKER.len()..];
    let rest = rest.trim_start_matches([':', '：', ' ', '\t']);
    let (date, author) = match rest.find("作者") {
        Some(a) => (&rest[..a], Some(after_colon(&rest[a + "作者".len()..]))),
        None => (rest, None),
    };
    let date = date.trim();
    Some(Footer {
        at,
        updated_at: (!date.is_empty()).then(|| date.to_string()),
        author: author.filter(|a| !a.is_empty()),
    })
}

fn after_colon(s: &str) -> String {
    s.trim_start_matches([':', '：', ' ', '\t'])
        .trim()
        .to_string()
}

/// `> 作者：xxx` (ShowDoc export header) or a bare `作者: xxx` line.
pub fn author_line(line: &str) -> Option<String> {
    let t = line.trim().trim_start_matches('>').trim();
    let rest = t.strip_prefix("作者")?;
    if !rest.starts_with([':', '：']) {
        return None;
    }
    let a = after_colon(rest);
    (!a.is_empty()).then_some(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_of_every_rendering() {
        assert_eq!(bullet("  • 修改商机接口"), Some("修改商机接口"));
        assert_eq!(bullet("- GET"), Some("GET"));
        assert_eq!(bullet("* POST "), Some("POST"));
        assert_eq!(bullet("-导入特殊邮编"), Some("导入特殊邮编"));
        assert_eq!(bullet("- "), Some(""));
        assert_eq!(bullet("---"), None);
        assert_eq!(bullet("**参数：**"), None);
        assert_eq!(bullet("-warehouseId"), None);
    }

    #[test]
    fn entities_and_breaks() {
        assert_eq!(decode_entities("list&lt;Long&gt;"), "list<Long>");
        assert_eq!(decode_entities("a&amp;b &quot;c&quot;"), "a&b \"c\"");
        assert_eq!(decode_entities("&emsp;isAllRole"), "\u{2003}isAllRole");
        assert_eq!(decode_entities("x<br/>y<BR>z"), "x\ny\nz");
        assert_eq!(decode_entities("&#20013;&#x4e2d;"), "中中");
        assert_eq!(decode_entities("a & b &unknown; <c"), "a & b &unknown; <c");
        assert_eq!(decode_entities("&"), "&");
    }

    #[test]
    fn html_tags_are_stripped() {
        assert_eq!(strip_html_tags("<font color=red>POST</font>"), "POST");
        assert_eq!(strip_html_tags("POST<br/>"), "POST");
        assert_eq!(strip_html_tags("a < b"), "a < b");
        assert_eq!(strip_html_tags("<"), "<");
    }

    #[test]
    fn footers() {
        let f = footer("文档更新时间: 2025-04-29 14:18   作者:陈胜海").unwrap();
        assert_eq!(f.updated_at.as_deref(), Some("2025-04-29 14:18"));
        assert_eq!(f.author.as_deref(), Some("陈胜海"));
        assert_eq!(f.at, 0);
        let glued = footer("}文档更新时间：2025-04-29 14:18 作者：姜河").unwrap();
        assert_eq!(glued.at, 1);
        assert_eq!(glued.author.as_deref(), Some("姜河"));
        assert_eq!(author_line("> 作者：lihao").as_deref(), Some("lihao"));
        assert_eq!(author_line("作者是谁"), None);
    }

    #[test]
    fn columns_count_chars() {
        assert_eq!(char_col("请求URL: /x", "请求URL: ".len()), 8);
        assert_eq!(col_of("  • /api/v2/x", "/api/v2/x"), 5);
        assert!(is_rule("-----") && is_rule("* * *") && !is_rule("--") && !is_rule("---|---"));
    }

    #[test]
    fn html_block_lines() {
        assert_eq!(
            html_block_text("<p><span style=\"color:red\">GET</span> <span>/x/:id</span></p>")
                .as_deref(),
            Some("GET /x/:id")
        );
        assert_eq!(
            html_block_text("<div><strong>请求方式：</strong>&nbsp;POST</div>").as_deref(),
            Some("请求方式： POST")
        );
        assert_eq!(html_block_text("<p></p>"), None);
        assert_eq!(html_block_text("<table>"), None);
        assert_eq!(html_block_text("GET /x"), None);
    }
}
