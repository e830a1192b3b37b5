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

/// Declares [`Lint`]: one variant per kind of diagnostic, with its stable name
/// (what `allow = [..]` in overrides.toml and `--report` use) and a one-line
/// description.
macro_rules! lints {
    ($($variant:ident => $name:literal, $what:literal;)*) => {
        /// The stable name of a kind of diagnostic, like a rustc lint
        /// (`#[warn(truncated_example)]`). A page's `allow = ["…"]` in
        /// overrides.toml acknowledges its warnings and notes of these names.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Lint {
            $(#[doc = $what] $variant,)*
        }

        impl Lint {
            /// Every lint, in declaration order.
            pub const ALL: &'static [Lint] = &[$(Lint::$variant,)*];

            /// The stable snake_case name.
            pub fn name(self) -> &'static str {
                match self {
                    $(Lint::$variant => $name,)*
                }
            }

            /// What the lint is about, in one line.
            pub fn description(self) -> &'static str {
                match self {
                    $(Lint::$variant => $what,)*
                }
            }
        }
    };
}

lints! {
    // The page as a file.
    InvalidEncoding => "invalid_encoding", "the page has bytes that are not UTF-8, UTF-16 or GB18030";
    PageEncoding => "page_encoding", "the page is not UTF-8 with LF line ends (it was converted)";
    NotApiPage => "not_api_page", "the page describes no API";
    // Method and URL.
    UnknownMethod => "unknown_method", "the stated HTTP method is not GET, POST, PUT, PATCH or DELETE";
    MissingMethod => "missing_method", "the page does not state the HTTP method";
    MethodGuessed => "method_guessed", "no method stated: it was chosen from the page's evidence";
    SeveralMethods => "several_methods", "the page names several methods for one API";
    MissingUrl => "missing_url", "the page does not give the endpoint's path";
    RepeatedApi => "repeated_api", "the page describes the same method and path twice; merged";
    PathEscapes => "path_escapes", "the path has a `.` or `..` segment";
    // Tables.
    TableRowSplit => "table_row_split", "a table row is split over lines";
    TableShape => "table_shape", "a table's header or rows are malformed (columns, cells, names)";
    DuplicateParam => "duplicate_param", "a parameter is listed twice";
    HeaderName => "header_name", "a row of the 请求头 table is not an HTTP header name";
    // JSON examples.
    TruncatedExample => "truncated_example", "a JSON example is cut off; open brackets were closed";
    ExampleComment => "example_comment", "a JSON example holds comments; they were removed";
    RepairedExample => "repaired_example", "a JSON example is not valid JSON; it was repaired";
    UnreadableExample => "unreadable_example", "a JSON example could not be read at all";
    NoResponseExample => "no_response_example", "no response example: the type comes from the field table";
    // Contradictions between pages, tables and examples.
    ExamplesDisagree => "examples_disagree", "success examples of one operation have different shapes";
    RequiredMismatch => "required_mismatch", "pages disagree on whether a parameter is required";
    DocTypeMismatch => "doc_type_mismatch", "pages disagree on a parameter's documented type";
    TypeVsExample => "type_vs_example", "a field's documented type is not what its examples show";
    CodesDisagree => "codes_disagree", "pages give one error code different meanings";
    TextCut => "text_cut", "a summary, title, description or note is too long and was cut";
    // overrides.toml itself.
    InvalidOverrides => "invalid_overrides", "overrides.toml cannot be read";
    UnknownOverride => "unknown_override", "an override key or value is not understood";
    UnusedOverride => "unused_override", "an override no longer matches anything";
    UnknownLint => "unknown_lint", "an `allow` entry names no lint";
    RenameRefused => "rename_refused", "a type rename in overrides.toml is not applied";
    // api.toml
    InvalidApiToml => "invalid_api_toml", "api.toml cannot be read, or a key or value in it is wrong";
    InferredSetting => "inferred_setting", "a setting api.toml does not pin was inferred from the pages";
}

impl Lint {
    /// The lint named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Lint> {
        Lint::ALL.iter().copied().find(|l| l.name() == name)
    }
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Lint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// One problem found in a doc page (or in `overrides.toml`).
///
/// Lines and columns are 1-based; the column counts characters (not bytes) so the
/// caret lines up under Chinese text in a terminal that renders one char per cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Its stable name (`truncated_example`, `missing_url`, …).
    pub lint: Lint,
    /// Acknowledged by the page's `allow = [..]` in overrides.toml: kept in the
    /// report, not printed by `cargo xtask codegen` (only counted).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub acknowledged: bool,
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
        lint: Lint,
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
            lint,
            acknowledged: false,
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
        lint: Lint,
        file: &str,
        text: &str,
        line: usize,
        column: usize,
        msg: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, lint, file, text, line, column, msg)
    }

    pub fn note(
        lint: Lint,
        file: &str,
        text: &str,
        line: usize,
        column: usize,
        msg: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Note, lint, file, text, line, column, msg)
    }

    pub fn error(
        lint: Lint,
        file: &str,
        text: &str,
        line: usize,
        column: usize,
        msg: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, lint, file, text, line, column, msg)
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
    ///    = note: `#[warn(repaired_example)]` on by default
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
        let level = match self.severity {
            Severity::Error => "deny",
            Severity::Warning | Severity::Note => "warn",
        };
        write!(
            f,
            "\n{pad} = note: `#[{level}({})]` on by default",
            self.lint
        )?;
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
        let d = Diagnostic::warning(
            Lint::RepairedExample,
            "p.txt",
            text,
            2,
            9,
            "trailing comma removed",
        )
        .with_help("delete the comma");
        assert_eq!(
            d.to_string(),
            "warning: trailing comma removed\n --> p.txt:2:9\n  |\n2 |   \"x\": 1,\n  |         ^\n  = help: delete the comma\n  = note: `#[warn(repaired_example)]` on by default"
        );
    }

    #[test]
    fn caret_accounts_for_wide_chars() {
        let d = Diagnostic::error(Lint::MissingUrl, "p.txt", "请求URL:", 1, 3, "m");
        assert!(d.to_string().contains("1 | 请求URL:\n  |     ^"));
    }

    #[test]
    fn a_long_line_is_shown_around_the_column() {
        let line = format!("{}^x{}", "a".repeat(1_000), "b".repeat(1_000));
        let d = Diagnostic::error(Lint::MissingUrl, "p.txt", &line, 1, 1_001, "m");
        assert_eq!(d.source_line.chars().count(), MAX_SOURCE_LINE);
        let shown = d.to_string();
        assert!(shown.len() < 2 * MAX_SOURCE_LINE + 100, "{shown}");
        // the caret still points at the `^`
        let lines: Vec<&str> = shown.lines().collect();
        let col = |l: &str| l.chars().position(|c| c == '^');
        assert_eq!(col(lines[3]), col(lines[4]), "{shown}");
        let short = Diagnostic::error(Lint::MissingUrl, "p.txt", "abc", 1, 2, "m");
        assert_eq!(
            (short.source_line.as_str(), short.source_skipped),
            ("abc", 0)
        );
    }

    #[test]
    fn lint_names_are_unique_snake_case_and_found_by_name() {
        let mut seen = std::collections::BTreeSet::new();
        for l in Lint::ALL {
            assert!(seen.insert(l.name()), "{} twice", l.name());
            assert!(
                l.name()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{}",
                l.name()
            );
            assert_eq!(Lint::from_name(l.name()), Some(*l));
        }
        assert_eq!(Lint::from_name("truncated-example"), None);
        let d = Diagnostic::error(Lint::MissingUrl, "p.txt", "x", 1, 1, "m");
        assert!(d
            .to_string()
            .ends_with("= note: `#[deny(missing_url)]` on by default"));
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["lint"], "missing_url");
        assert!(json.get("acknowledged").is_none());
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
