//! Markdown specifics: code fences, and inline markup → plain text (via
//! pulldown-cmark) for titles, summaries and notes.
//!
//! Block structure is recognised line by line in [`super::parser`] rather than with a
//! full CommonMark parse: the pages are often *not* valid markdown (tables split over
//! lines, `##heading` without a space, fences with junk after them), and the text
//! renderings are not markdown at all. pulldown-cmark is used where CommonMark rules
//! are exactly what we want: inline emphasis, code spans, links, entities and HTML.

use pulldown_cmark::{Event, Parser};

/// An open code fence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    pub ch: char,
    pub len: usize,
    /// Info string, lower-cased (`json`, `javascript`, `python`, or empty).
    pub info: String,
}

/// A line opening a fence: 3+ backticks or tildes after up to any indentation (the
/// pages indent fences inside list items inconsistently, so indentation is ignored).
pub fn fence_open(line: &str) -> Option<Fence> {
    let t = line.trim_start();
    let ch = t.chars().next().filter(|&c| c == '`' || c == '~')?;
    let len = t.chars().take_while(|&c| c == ch).count();
    if len < 3 {
        return None;
    }
    let info = t.get(len * ch.len_utf8()..).unwrap_or("").trim();
    // A backtick fence's info string may not contain backticks (CommonMark).
    if ch == '`' && info.contains('`') {
        return None;
    }
    Some(Fence {
        ch,
        len,
        info: info.to_ascii_lowercase(),
    })
}

/// Whether `line` closes `fence`: the same char, at least as many, nothing else.
pub fn fence_closes(line: &str, fence: &Fence) -> bool {
    let t = line.trim();
    let n = t.chars().take_while(|&c| c == fence.ch).count();
    n >= fence.len && t.chars().all(|c| c == fence.ch)
}

/// Fence languages that hold code, never a JSON example: their blocks are skipped
/// even if a line starts with `{` (`token.md` ends with Python and Java demos).
const CODE_LANGUAGES: &[&str] = &[
    "python", "py", "java", "php", "go", "golang", "bash", "sh", "shell", "c", "cpp", "c++",
    "csharp", "c#", "ruby", "rust", "sql", "xml", "html", "kotlin", "swift", "http", "nginx",
    "yaml", "yml", "ini", "toml",
];

/// True when the fence's language says it is program code, not JSON.
pub fn is_code_fence(fence: &Fence) -> bool {
    let lang = fence.info.split_whitespace().next().unwrap_or("");
    CODE_LANGUAGES.contains(&lang)
}

/// Lines longer than this are not given to pulldown-cmark (keeps pathological input
/// linear); they are only trimmed.
const MAX_INLINE_LEN: usize = 8 * 1024;

/// Inline markdown to plain text: `**作者**:\`谢智华\`` → `作者:谢智华`,
/// `<font color=red>POST</font>` → `POST`, `[text](url)` → `text`, entities decoded.
/// Line breaks (`<br/>`, soft breaks) become a space.
pub fn inline_text(s: &str) -> String {
    let s = s.trim();
    if s.is_empty() {
        return String::new();
    }
    if s.len() > MAX_INLINE_LEN {
        return s.to_string();
    }
    let mut out = String::new();
    let mut saw_text = false;
    for ev in Parser::new(s) {
        match ev {
            Event::Text(t) | Event::Code(t) => {
                saw_text = true;
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Html(h) | Event::InlineHtml(h) if h.to_ascii_lowercase().starts_with("<br") => {
                out.push(' ');
            }
            _ => {}
        }
    }
    let out = out.trim().to_string();
    if !saw_text {
        // pulldown-cmark read the whole line as structure (`---`, `#`): keep it as is.
        s.to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences() {
        let f = fence_open("```json").unwrap();
        assert_eq!((f.ch, f.len, f.info.as_str()), ('`', 3, "json"));
        assert!(fence_open("``` ").unwrap().info.is_empty());
        assert!(fence_open(" ```").is_some());
        assert!(fence_open("``x``").is_none());
        assert!(fence_open("```a`b").is_none());
        assert!(fence_closes(" ``` ", &f));
        assert!(!fence_closes("```json", &f));
        assert!(is_code_fence(&fence_open("```python").unwrap()));
        assert!(!is_code_fence(&fence_open("```javascript").unwrap()));
    }

    #[test]
    fn inline_markup_is_removed() {
        assert_eq!(
            inline_text("**作者**:`谢智华`&lt;br/>判断"),
            "作者:谢智华<br/>判断"
        );
        assert_eq!(inline_text("<font color=red>POST</font>"), "POST");
        assert_eq!(
            inline_text("同[参数规定](http://doc.liexiong.cc/#/rule/param)"),
            "同参数规定"
        );
        assert_eq!(inline_text("---"), "---");
        assert_eq!(inline_text("`  `"), "");
    }
}
