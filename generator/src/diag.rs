//! rustc-style diagnostics: severity, `file:line:col`, the offending line with a
//! caret, and a `help:` line telling the user how to fix the page.

use serde::Serialize;
use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Information about a verdict (this page is not an API page, and why); nothing
    /// was lost or guessed.
    Note,
    /// The generator repaired or guessed something; output is still produced.
    Warning,
    /// The page (or endpoint) cannot be used; it is skipped, the rest still generates.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem found in a doc page (or in `overrides.toml`).
///
/// Lines and columns are 1-based; the column counts characters (not bytes) so the
/// caret lines up under Chinese text in a terminal that renders one char per cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// File name relative to the docs folder (e.g. `001_63532878c396d8b5.txt`).
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it (e.g. the exact override to add).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The text of the offending line, without its line break; at most
    /// [`MAX_SOURCE_LINE`] characters of it around the column.
    #[serde(skip)]
    pub source_line: String,
    /// Characters of the line cut before `source_line` (0 for lines that fit).
    #[serde(skip)]
    pub source_skipped: usize,
}

/// The most characters of the offending line a diagnostic keeps and shows: a
/// one-line page of 50 MB must not be copied into every diagnostic about it.
pub const MAX_SOURCE_LINE: usize = 160;

/// The part of `line` shown for a caret at `column` (1-based, in chars): the line
/// itself when it fits, else [`MAX_SOURCE_LINE`] chars with the column inside,
/// and how many chars were skipped before it.
fn source_window(line: &str, column: usize) -> (String, usize) {
    if line.len() <= MAX_SOURCE_LINE {
        return (line.to_string(), 0);
    }
    let total = line.chars().count();
    if total <= MAX_SOURCE_LINE {
        return (line.to_string(), 0);
    }
    let start = column
        .saturating_sub(1 + MAX_SOURCE_LINE / 2)
        .min(total - MAX_SOURCE_LINE);
    (
        line.chars().skip(start).take(MAX_SOURCE_LINE).collect(),
        start,
    )
}

impl Diagnostic {
    /// A diagnostic pointing at `line:column` of `text` (the whole page).
    pub fn new(
        severity: Severity,
        file: &str,
        text: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let (source_line, source_skipped) = source_window(
            text.lines()
                .nth(line.saturating_sub(1))
                .unwrap_or("")
                .trim_end_matches('\r'),
            column.max(1),
        );
        Diagnostic {
            severity,
            file: file.to_string(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
            help: None,
            source_line,
            source_skipped,
        }
    }

    pub fn warning(
        file: &str,
        text: &str,
        line: usize,
        column: usize,
        msg: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, file, text, line, column, msg)
    }

    pub fn note(
        file: &str,
        text: &str,
        line: usize,
        column: usize,
        msg: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Note, file, text, line, column, msg)
    }

    pub fn error(
        file: &str,
        text: &str,
        line: usize,
        column: usize,
        msg: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, file, text, line, column, msg)
    }

    /// Attach a `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Renders like rustc:
    ///
    /// ```text
    /// warning: trailing comma before `}` removed
    ///   --> 001_x.txt:12:5
    ///    |
    /// 12 |     "a": 1,
    ///    |     ^
    ///    = help: ...
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let num = self.line.to_string();
        let pad = " ".repeat(num.len());
        writeln!(f, "{}: {}", self.severity, self.message)?;
        writeln!(f, "{pad}--> {}:{}:{}", self.file, self.line, self.column)?;
        writeln!(f, "{pad} |")?;
        let mut shown: String = self
            .source_line
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let mut caret_pad: String = shown
            .chars()
            .take(self.column.saturating_sub(1 + self.source_skipped))
            .map(caret_width)
            .collect();
        if self.source_skipped > 0 {
            shown.insert(0, '…');
            caret_pad.insert(0, ' ');
        }
        writeln!(f, "{num} | {shown}")?;
        write!(f, "{pad} | {caret_pad}^")?;
        if let Some(help) = &self.help {
            write!(f, "\n{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// Spaces that cover `c` on a terminal: CJK and full-width characters take two cells.
fn caret_width(c: char) -> &'static str {
    if is_wide(c) {
        "  "
    } else {
        " "
    }
}

/// East-Asian wide ranges that occur in the docs (CJK, full-width punctuation).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF |
        0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF |
        0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// Converts byte offsets in a text to 1-based (line, column-in-chars).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// 1-based line and column (in chars) of byte `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or_else(|| offset - start);
        (line + 1, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_rustc() {
        let text = "a\n  \"x\": 1,\n}";
        let d = Diagnostic::warning("p.txt", text, 2, 9, "trailing comma removed")
            .with_help("delete the comma");
        assert_eq!(
            d.to_string(),
            "warning: trailing comma removed\n --> p.txt:2:9\n  |\n2 |   \"x\": 1,\n  |         ^\n  = help: delete the comma"
        );
    }

    #[test]
    fn caret_accounts_for_wide_chars() {
        let d = Diagnostic::error("p.txt", "请求URL:", 1, 3, "m");
        assert!(d.to_string().contains("1 | 请求URL:\n  |     ^"));
    }

    #[test]
    fn a_long_line_is_shown_around_the_column() {
        let line = format!("{}^x{}", "a".repeat(1_000), "b".repeat(1_000));
        let d = Diagnostic::error("p.txt", &line, 1, 1_001, "m");
        assert_eq!(d.source_line.chars().count(), MAX_SOURCE_LINE);
        let shown = d.to_string();
        assert!(shown.len() < 2 * MAX_SOURCE_LINE + 100, "{shown}");
        // the caret still points at the `^`
        let lines: Vec<&str> = shown.lines().collect();
        let col = |l: &str| l.chars().position(|c| c == '^');
        assert_eq!(col(lines[3]), col(lines[4]), "{shown}");
        let short = Diagnostic::error("p.txt", "abc", 1, 2, "m");
        assert_eq!(
            (short.source_line.as_str(), short.source_skipped),
            ("abc", 0)
        );
    }

    #[test]
    fn line_index_counts_chars() {
        let text = "ab\n中文x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        assert_eq!(idx.line_col(text, 9), (2, 3));
    }
}
