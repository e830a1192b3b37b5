//! Stage 2: a lenient reader for the JSON examples of the doc pages.
//!
//! The examples are written by hand: `//` and `#` comments, trailing and missing
//! commas, single and curly quotes, full-width `：`/`，`, `...` placeholders,
//! `flase`, bare placeholder words, and examples cut off mid-object. The reader
//! recovers what is there, closes what is open, and records every repair so the
//! page author can fix the page.
//!
//! # How it works
//!
//! A hand-written tokenizer ([`lexer`]) feeds an explicit-stack reader ([`reader`]):
//! there is no recursion anywhere, so any nesting depth is safe to *read*. The value
//! that comes out is a `serde_json::Value` whose drop, `Debug`, `PartialEq` and the
//! later pipeline stages *are* recursive, so containers nested deeper than
//! [`MAX_DEPTH`] are replaced by `null` (with a repair) instead of being built.
//! Every step is linear in the input: each byte is looked at a bounded number of
//! times (the one look-ahead, for unescaped quotes, is cached per line).
//!
//! Strict JSON reads exactly as `serde_json` reads it, with zero repairs (the one
//! exception: a duplicate key is recorded as a repair, while the value is the same
//! as serde_json's: the last value, at the first key's position).
//!
//! # Repairs
//!
//! Each repair has the byte offset in the input where the problem is, a
//! [`RepairKind`] (what its users act on: the lint, folding a cut-off tail) and a
//! message saying what was changed. The heuristics, each a named function or constant in
//! [`lexer`] / [`reader`]:
//!
//! * comments `// …`, `/* … */`, `# …` where a token may start (never inside strings,
//!   so URLs with `//` and `#` are safe) are removed;
//! * trailing commas are removed; missing commas between members or elements (on the
//!   same line or across lines) are inserted; repeated commas are removed;
//! * strings in `'…'`, `“…”`, `‘…’` (either curly quote may open or close) are read as
//!   strings; full-width `：` `，` `｛` `｝` `［` `］` are read as their ASCII forms;
//! * `...`, `…`, `……`, `......` as an element or member are dropped; as the value of
//!   a key they become `null`;
//! * unquoted keys (`{code: 0}`) are read as keys; bare words as values
//!   (`SKU编码`, `xxx`) are kept as strings; `flase`/`ture`/`True`/`None`/`NULL`/
//!   `undefined`/`NaN`… become the boolean or `null` they stand for;
//! * inside strings: literal newlines, tabs and control characters are kept; invalid
//!   escapes such as `\d` are kept as written (backslash and character); `\'` is `'`;
//!   lone surrogate escapes become U+FFFD;
//! * an unescaped quote inside a string is kept as text when it is clearly not the
//!   end, see [`lexer`]'s `closes_directly` for the exact rule;
//! * a key without a value (`"a": ,` or `"a" }`) gets `null`; a value without a key
//!   is dropped; a missing `:` after a key is inserted; a closing bracket of the
//!   wrong kind closes the brackets opened inside the matching one; an unmatched
//!   closing bracket is removed;
//! * text before the first `{`/`[` and after the value is skipped;
//! * at the end of a truncated example every open string, array and object is
//!   closed; a dangling key without a value is dropped; a cut-off number keeps its
//!   valid prefix (`12.` → `12`) and a cut-off literal is completed (`fals` → `false`);
//!   one repair says "example is truncated: closed N open brackets".
//!
//! At most [`MAX_REPAIRS`] repairs are listed; one more repair then tells how many
//! were left out (only garbage input gets there).

mod lexer;
mod reader;
#[cfg(test)]
mod tests;

use serde::Serialize;

pub use reader::{MAX_DEPTH, MAX_REPAIRS};

/// One repair the reader made, at a byte offset of the input text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Repair {
    pub offset: usize,
    /// What kind of defect it was, for the reader's users to act on (which lint
    /// warns about it, which repairs one warning about a cut-off example folds).
    pub kind: RepairKind,
    /// What was changed, in words for the page author.
    pub message: String,
}

/// The kinds of repair the reader's users tell apart; the message says the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RepairKind {
    /// A `//`, `/* */` or `#` comment was removed.
    Comment,
    /// Something the end of a cut-off example interrupted (a string, a key, a
    /// literal, a lone `-`) was closed, completed or dropped.
    CutOff,
    /// The example ended with brackets open and they were closed: the last repair
    /// of a truncated example, at its end.
    Truncated,
    /// Any other defect strict JSON rejects (commas, quotes, placeholders, …), and
    /// the note on repairs left out past [`MAX_REPAIRS`].
    Other,
}

/// The outcome of reading one example.
#[derive(Debug, Clone, Serialize)]
pub struct JsonRead {
    /// `None` only when nothing usable was found.
    pub value: Option<serde_json::Value>,
    pub repairs: Vec<Repair>,
    /// Set when no value could be recovered: offset and reason.
    pub error: Option<Repair>,
    /// Byte range of `text` the value was read from (from its first bracket to the
    /// end of its last token), when there is a value. Text after `span.1` was
    /// ignored: a page that puts two examples in one block can read the rest again.
    pub span: Option<(usize, usize)>,
}

/// Reads `text` leniently. Never panics, never recurses, linear time.
///
/// A strict JSON scalar (`"x"`, `12`, `true`) is accepted on its own; otherwise
/// the value starts at the first `{` or `[` (or full-width `｛`/`［`).
pub fn read_lenient(text: &str) -> JsonRead {
    reader::read(text)
}
