//! rustc-style diagnostics: severity, `file:line:col`, the offending line with a
//! caret, and a `help:` line telling the user how to fix the page.
//!
//! A [`Diagnostic`] is a position, a message and a [`Lint`]; the files' texts are
//! in a [`SourceMap`], which shows the offending line when a diagnostic is printed.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

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

/// One problem found in a doc page (or in `overrides.toml`, `api.toml`): where
/// (file, line, column), what, how to fix it, and its lint. It holds no page text:
/// the offending line is looked up in a [`SourceMap`] when the diagnostic is
/// printed ([`Diagnostic::display`]), so a page need not be at hand (or copied)
/// where a problem is found.
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
    /// About the file as a whole (a setting inferred because `api.toml` does not
    /// pin it), not about a line of it: printed at `file:1:1` with no source line.
    #[serde(skip)]
    pub whole_file: bool,
}

/// The most characters of the offending line a diagnostic shows: a one-line page
/// of 50 MB must not be printed (or copied) whole for every diagnostic about it.
pub const MAX_SOURCE_LINE: usize = 160;

/// The part of `line` shown for a caret at `column` (1-based, in chars): the line
/// itself when it fits, else [`MAX_SOURCE_LINE`] chars with the column inside,
/// and how many chars were skipped before it.
fn source_window(line: &str, column: usize) -> (&str, usize) {
    if line.len() <= MAX_SOURCE_LINE {
        return (line, 0);
    }
    let total = line.chars().count();
    if total <= MAX_SOURCE_LINE {
        return (line, 0);
    }
    let start = column
        .saturating_sub(1 + MAX_SOURCE_LINE / 2)
        .min(total - MAX_SOURCE_LINE);
    let mut at = line.char_indices().map(|(i, _)| i).chain([line.len()]);
    let from = at.nth(start).unwrap_or(line.len());
    let to = at.nth(MAX_SOURCE_LINE - 1).unwrap_or(line.len());
    (&line[from..to], start)
}

impl Diagnostic {
    /// A diagnostic pointing at `line:column` of `file`.
    pub fn new(
        severity: Severity,
        lint: Lint,
        file: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            lint,
            acknowledged: false,
            file: file.to_string(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
            help: None,
            whole_file: false,
        }
    }

    /// A diagnostic about `file` as a whole (see [`Diagnostic::whole_file`]).
    pub fn about_file(
        severity: Severity,
        lint: Lint,
        file: &str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            whole_file: true,
            ..Self::new(severity, lint, file, 1, 1, message)
        }
    }

    pub fn warning(
        lint: Lint,
        file: &str,
        line: usize,
        column: usize,
        msg: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, lint, file, line, column, msg)
    }

    pub fn note(
        lint: Lint,
        file: &str,
        line: usize,
        column: usize,
        msg: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Note, lint, file, line, column, msg)
    }

    pub fn error(
        lint: Lint,
        file: &str,
        line: usize,
        column: usize,
        msg: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, lint, file, line, column, msg)
    }

    /// Attach a `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic as rustc prints it, with its line taken from `sources`
    /// (an empty line when `sources` does not hold the file).
    pub fn display<'a>(&'a self, sources: &'a SourceMap) -> Rendered<'a> {
        let line = if self.whole_file {
            ""
        } else {
            sources.line(&self.file, self.line)
        };
        Rendered { d: self, line }
    }
}

/// A [`Diagnostic`] with its source line, ready to print ([`Diagnostic::display`]).
#[derive(Debug, Clone, Copy)]
pub struct Rendered<'a> {
    d: &'a Diagnostic,
    /// The whole offending line, without its line break.
    line: &'a str,
}

impl fmt::Display for Rendered<'_> {
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
        let d = self.d;
        let num = d.line.to_string();
        let pad = " ".repeat(num.len());
        writeln!(f, "{}: {}", d.severity, d.message)?;
        writeln!(f, "{pad}--> {}:{}:{}", d.file, d.line, d.column)?;
        writeln!(f, "{pad} |")?;
        let (window, skipped) = source_window(self.line, d.column);
        let mut shown: String = window
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let mut caret_pad: String = shown
            .chars()
            .take(d.column.saturating_sub(1 + skipped))
            .map(caret_width)
            .collect();
        if skipped > 0 {
            shown.insert(0, '…');
            caret_pad.insert(0, ' ');
        }
        writeln!(f, "{num} | {shown}")?;
        write!(f, "{pad} | {caret_pad}^")?;
        if let Some(help) = &d.help {
            write!(f, "\n{pad} = help: {help}")?;
        }
        let level = match d.severity {
            Severity::Error => "deny",
            Severity::Warning | Severity::Note => "warn",
        };
        write!(f, "\n{pad} = note: `#[{level}({})]` on by default", d.lint)?;
        Ok(())
    }
}

/// The text of every file diagnostics point into (pages, `overrides.toml`,
/// `api.toml`), by file name: built once by whoever read the files (the
/// pipeline), used only when diagnostics are printed (xtask, tests).
#[derive(Clone, Default)]
pub struct SourceMap {
    files: BTreeMap<String, SourceFile>,
}

#[derive(Clone)]
struct SourceFile {
    text: String,
    /// Built on the first line looked up: most files get no diagnostic.
    lines: OnceLock<LineIndex>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) `file` with its text.
    pub fn insert(&mut self, file: impl Into<String>, text: impl Into<String>) {
        self.files.insert(
            file.into(),
            SourceFile {
                text: text.into(),
                lines: OnceLock::new(),
            },
        );
    }

    pub fn contains(&self, file: &str) -> bool {
        self.files.contains_key(file)
    }

    /// The text of `file`, if the map holds it.
    pub fn text(&self, file: &str) -> Option<&str> {
        self.files.get(file).map(|f| f.text.as_str())
    }

    /// Line `line` (1-based) of `file` without its line break (and without any
    /// `\r` before it); empty when there is no such file or line.
    pub fn line(&self, file: &str, line: usize) -> &str {
        let Some(f) = self.files.get(file) else {
            return "";
        };
        f.lines
            .get_or_init(|| LineIndex::new(&f.text))
            .line(&f.text, line)
            .trim_end_matches('\r')
    }
}

impl fmt::Debug for SourceMap {
    /// File names and sizes: the texts themselves would drown any `Debug` output.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.files.iter().map(|(name, s)| (name, s.text.len())))
            .finish()
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

    /// Line `line` (1-based) of `text` without its `\n`; empty past the end.
    pub fn line<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = line.checked_sub(1).and_then(|i| self.starts.get(i)) else {
            return "";
        };
        let end = self.starts.get(line).map_or(text.len(), |next| next - 1);
        text.get(start..end).unwrap_or("")
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

    /// A source map holding one file.
    fn one(file: &str, text: &str) -> SourceMap {
        let mut map = SourceMap::new();
        map.insert(file, text);
        map
    }

    #[test]
    fn renders_like_rustc() {
        let text = "a\n  \"x\": 1,\n}";
        let d = Diagnostic::warning(
            Lint::RepairedExample,
            "p.txt",
            2,
            9,
            "trailing comma removed",
        )
        .with_help("delete the comma");
        assert_eq!(
            d.display(&one("p.txt", text)).to_string(),
            "warning: trailing comma removed\n --> p.txt:2:9\n  |\n2 |   \"x\": 1,\n  |         ^\n  = help: delete the comma\n  = note: `#[warn(repaired_example)]` on by default"
        );
    }

    #[test]
    fn caret_accounts_for_wide_chars() {
        let d = Diagnostic::error(Lint::MissingUrl, "p.txt", 1, 3, "m");
        let shown = d.display(&one("p.txt", "请求URL:")).to_string();
        assert!(shown.contains("1 | 请求URL:\n  |     ^"), "{shown}");
    }

    #[test]
    fn a_long_line_is_shown_around_the_column() {
        let line = format!("{}^x{}", "a".repeat(1_000), "b".repeat(1_000));
        let d = Diagnostic::error(Lint::MissingUrl, "p.txt", 1, 1_001, "m");
        let (window, skipped) = source_window(&line, d.column);
        assert_eq!(window.chars().count(), MAX_SOURCE_LINE);
        assert!(skipped > 0);
        let shown = d.display(&one("p.txt", &line)).to_string();
        assert!(shown.len() < 2 * MAX_SOURCE_LINE + 100, "{shown}");
        // the caret still points at the `^`
        let lines: Vec<&str> = shown.lines().collect();
        let col = |l: &str| l.chars().position(|c| c == '^');
        assert_eq!(col(lines[3]), col(lines[4]), "{shown}");
        assert_eq!(source_window("abc", 2), ("abc", 0));
        // a window of wide chars is cut on char boundaries
        let wide = "中".repeat(1_000);
        let (window, skipped) = source_window(&wide, 500);
        assert_eq!((window.chars().count(), skipped), (MAX_SOURCE_LINE, 419));
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
        let d = Diagnostic::error(Lint::MissingUrl, "p.txt", 1, 1, "m");
        assert!(d
            .display(&one("p.txt", "x"))
            .to_string()
            .ends_with("= note: `#[deny(missing_url)]` on by default"));
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["lint"], "missing_url");
        assert!(json.get("acknowledged").is_none());
        assert!(json.get("whole_file").is_none());
    }

    #[test]
    fn the_line_comes_from_the_source_map_at_printing() {
        let d = Diagnostic::warning(Lint::TableShape, "p.txt", 2, 1, "m");
        let crlf = one("p.txt", "a\r\nsecond\r\n");
        assert!(d.display(&crlf).to_string().contains("2 | second\n"));
        // a file the map does not hold, or a line past its end: an empty line
        assert!(d
            .display(&SourceMap::new())
            .to_string()
            .contains("2 | \n  | ^"));
        let past = Diagnostic::warning(Lint::TableShape, "p.txt", 9, 1, "m");
        assert!(past.display(&crlf).to_string().contains("9 | \n  | ^"));
        // about the file as a whole: no line, whatever the file says
        let whole = Diagnostic::about_file(Severity::Warning, Lint::InferredSetting, "p.txt", "m");
        assert_eq!((whole.line, whole.column), (1, 1));
        assert!(whole.display(&crlf).to_string().contains("1 | \n  | ^"));
        assert!(format!("{crlf:?}").contains("\"p.txt\": 11"));
    }

    #[test]
    fn line_index_counts_chars() {
        let text = "ab\n中文x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        assert_eq!(idx.line_col(text, 9), (2, 3));
    }

    #[test]
    fn line_index_finds_lines_as_str_lines_does() {
        for text in ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\n中\n", "x\r"] {
            let idx = LineIndex::new(text);
            for n in 1..6 {
                let want = text.lines().nth(n - 1).unwrap_or("").trim_end_matches('\r');
                assert_eq!(
                    idx.line(text, n).trim_end_matches('\r'),
                    want,
                    "{text:?} {n}"
                );
            }
            assert_eq!(idx.line(text, 0), "");
        }
    }
}
