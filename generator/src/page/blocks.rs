//! Finding JSON example blocks without parsing them.
//!
//! A block starts at a line whose first non-space char is `{` or `[` (a `[` must be
//! followed by JSON-ish content, so `[TOC]` and `[首页](README.md)` do not start one)
//! and ends at the line where the brackets balance, counted string-aware with
//! escapes. Since pages are often cut off mid-JSON, a block also ends before the next
//! section heading or footer, at a closing fence, or at the end of the page. A footer
//! glued to the last line is cut off. The text is a verbatim slice of the page so
//! byte offsets inside it map back to the page.

use super::lines::{footer, Line};

/// Whether a block starts on this line.
pub fn is_json_start(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with('{') {
        return true;
    }
    match t.strip_prefix('[') {
        Some(rest) => {
            let next = rest.trim_start().chars().next();
            matches!(
                next,
                None | Some('{' | '[' | '"' | '\'' | ']' | '-' | '0'..='9')
            )
        }
        None => false,
    }
}

/// Template placeholders such as `{{respond_json}}` look like JSON but are not
/// examples (ShowDoc template pages).
pub fn is_template_placeholder(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("{{")
        && t.ends_with("}}")
        && !t.contains(':')
        && !t.contains('"')
        && !t.contains('\n')
}

/// A found block: lines `first..=last` (indices into the line slice) and the byte
/// length of the last line that belongs to the block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub first: usize,
    pub last: usize,
    pub last_len: usize,
    /// Brackets never balanced (the page was cut off or the block interrupted).
    pub truncated: bool,
}

/// Scans a block starting at `lines[first]`, looking at no line at or after `limit`.
/// `stop(line)` is asked for every later line while brackets are open: true ends the
/// block before that line (a heading, a closing fence).
pub fn scan(lines: &[Line<'_>], first: usize, limit: usize, stop: impl Fn(&str) -> bool) -> Block {
    let limit = limit.min(lines.len());
    let mut depth: usize = 0;
    let mut i = first;
    while i < limit {
        let text = lines.get(i).map(|l| l.text).unwrap_or("");
        if i > first && stop(text) {
            return Block {
                first,
                last: i.saturating_sub(1).max(first),
                last_len: prev_len(lines, i, first),
                truncated: true,
            };
        }
        // A footer glued to this line ends the block at the footer.
        let (scan_text, glued) = match footer(text) {
            Some(f) => (text.get(..f.at).unwrap_or(""), true),
            None => (text, false),
        };
        if glued && i > first && scan_text.trim().is_empty() {
            return Block {
                first,
                last: i - 1,
                last_len: prev_len(lines, i, first),
                truncated: depth > 0,
            };
        }
        let mut in_str = false;
        let mut escaped = false;
        for (b, c) in scan_text.char_indices() {
            if in_str {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_str = false;
                }
                continue;
            }
            match c {
                '"' => in_str = true,
                '{' | '[' => depth += 1,
                '}' | ']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Block {
                            first,
                            last: i,
                            last_len: b + c.len_utf8(),
                            truncated: false,
                        };
                    }
                }
                _ => {}
            }
        }
        if glued {
            return Block {
                first,
                last: i,
                last_len: scan_text.len(),
                truncated: true,
            };
        }
        i += 1;
    }
    let last = limit.saturating_sub(1).max(first);
    Block {
        first,
        last,
        last_len: lines.get(last).map(|l| l.text.len()).unwrap_or(0),
        truncated: true,
    }
}

/// Bracket depth after `line`, starting from `depth` (string-aware, never negative).
pub fn depth_after(mut depth: usize, line: &str) -> usize {
    let mut in_str = false;
    let mut escaped = false;
    for c in line.chars() {
        if in_str {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

fn prev_len(lines: &[Line<'_>], i: usize, first: usize) -> usize {
    let last = i.saturating_sub(1).max(first);
    lines.get(last).map(|l| l.text.len()).unwrap_or(0)
}

/// The verbatim text of a block: a slice of the page from its first line to the
/// end of its last line (cut at `last_len`), trailing blank lines dropped. CRLF line
/// breaks inside stay as in the page, so offsets map back exactly.
pub fn block_text(page: &str, lines: &[Line<'_>], block: &Block) -> String {
    let mut end_idx = block.last;
    while end_idx > block.first && lines.get(end_idx).is_some_and(|l| l.text.trim().is_empty()) {
        end_idx -= 1;
    }
    let (Some(first), Some(last)) = (lines.get(block.first), lines.get(end_idx)) else {
        return String::new();
    };
    let end = if end_idx == block.last {
        last.start + block.last_len.min(last.text.len())
    } else {
        last.start + last.text.len()
    };
    page.get(first.start..end.max(first.start))
        .unwrap_or("")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::super::lines::split_lines;
    use super::*;

    fn run(text: &str) -> (String, bool) {
        let lines = split_lines(text);
        let b = scan(&lines, 0, lines.len(), |l| l.trim() == "返回参数说明:");
        (block_text(text, &lines, &b), b.truncated)
    }

    #[test]
    fn starts() {
        assert!(is_json_start("  {"));
        assert!(is_json_start("[{"));
        assert!(is_json_start("["));
        assert!(!is_json_start("[TOC]"));
        assert!(!is_json_start("[首页](README.md)"));
        assert!(!is_json_start("\"a\": {"));
    }

    #[test]
    fn balanced_block_ends_at_closing_bracket() {
        let (t, tr) = run("{\n  \"a\": \"}{[\",\n  \"b\": \"\\\"}\"\n}\nafter");
        assert_eq!(t, "{\n  \"a\": \"}{[\",\n  \"b\": \"\\\"}\"\n}");
        assert!(!tr);
        let (t, _) = run("[{\"a\":1}] trailing");
        assert_eq!(t, "[{\"a\":1}]");
    }

    #[test]
    fn truncated_block_runs_to_heading_or_end() {
        let (t, tr) = run("{\n\"code\": 0,\n\"data\": {\n\"x\": \"ab\n\n返回参数说明:\n暂无");
        assert_eq!(t, "{\n\"code\": 0,\n\"data\": {\n\"x\": \"ab");
        assert!(tr);
        let (t, tr) = run("{\n  \"a\": [\n    1,");
        assert_eq!(t, "{\n  \"a\": [\n    1,");
        assert!(tr);
    }

    #[test]
    fn glued_footer_is_cut() {
        let (t, tr) = run("{\n\"a\": 1\n}文档更新时间: 2025-04-29 14:18 作者:陈胜海");
        assert_eq!(t, "{\n\"a\": 1\n}");
        assert!(!tr);
        let (t, tr) = run("{\n\"a\": \"x文档更新时间: 2025-04-29 14:18 作者:陈胜海");
        assert_eq!(t, "{\n\"a\": \"x");
        assert!(tr);
        let (t, _) = run("{\n\"a\": 1,\n文档更新时间: 2025-04-29 14:18 作者:陈胜海");
        assert_eq!(t, "{\n\"a\": 1,");
    }
}
