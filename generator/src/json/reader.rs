//! The explicit-stack reader: tokens in, `serde_json::Value` out.
//!
//! Each open object or array is a [`Frame`] on a `Vec`; nothing recurses. Each frame
//! has a small state (what was seen last), and each (state, token) pair that strict
//! JSON forbids has one named repair below.

use super::lexer::{excerpt, Bracket, Ctx, Lexer, Tok, Token};
use super::{JsonRead, Repair, RepairKind};
use serde_json::{Map, Value};

/// Deepest nesting that is built. The reader itself has no limit (explicit stack),
/// but a `serde_json::Value` is dropped, compared, printed and walked by the later
/// stages recursively, and doc examples never nest beyond ~10 levels. A container
/// that would be nested deeper is skipped (brackets are still matched, so the rest
/// of the example reads normally) and replaced by `null`, with a repair. So 10,000
/// nesting levels read fine: the first 256 are kept.
pub const MAX_DEPTH: usize = 256;

/// At most this many repairs are listed; garbage input could otherwise produce one
/// per byte. One more repair then says how many were not listed.
pub const MAX_REPAIRS: usize = 10_000;

/// JSON's own whitespace: anything else before the value is skipped text.
const JSON_WS: &[char] = &[' ', '\t', '\n', '\r'];

/// Openers where the value may start: `{`, `[` and their full-width forms.
fn is_value_start(c: char) -> bool {
    matches!(c, '{' | '[' | '｛' | '［')
}

/// Misspellings and other languages' spellings of the JSON literals
/// (`flase` in the ikcrm pages, Python `True`/`None`, JavaScript `undefined`/`NaN`),
/// matched without regard to ASCII case.
const TRUE_WORDS: &[&str] = &["true", "ture", "treu", "rtue", "yes"];
const FALSE_WORDS: &[&str] = &["false", "flase", "fasle", "fales", "flse", "falsy"];
const NULL_WORDS: &[&str] = &[
    "null",
    "nul",
    "nill",
    "none",
    "nil",
    "undefined",
    "nan",
    "-nan",
    "infinity",
    "-infinity",
];

/// The literal a bare word stands for, if any.
fn literal_alias(word: &str) -> Option<Value> {
    if word.len() > 10 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let w = lower.as_str();
    if TRUE_WORDS.contains(&w) {
        Some(Value::Bool(true))
    } else if FALSE_WORDS.contains(&w) {
        Some(Value::Bool(false))
    } else if NULL_WORDS.contains(&w) {
        Some(Value::Null)
    } else {
        None
    }
}

/// A literal cut off by the end of a truncated example (`fals`, `tr`, `n`).
fn truncated_literal(word: &str) -> Option<Value> {
    if word.is_empty() {
        return None;
    }
    if "true".starts_with(word) {
        Some(Value::Bool(true))
    } else if "false".starts_with(word) {
        Some(Value::Bool(false))
    } else if "null".starts_with(word) {
        Some(Value::Null)
    } else {
        None
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ObjState {
    /// After `{`.
    Open,
    /// After `,`.
    Comma,
    /// After a dropped `...` member: a `,` or `}` next is not a defect.
    Placeholder,
    /// After a key.
    Key,
    /// After `:`.
    Colon,
    /// After a value.
    Value,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ArrState {
    Open,
    Comma,
    Placeholder,
    Value,
}

enum Frame {
    Obj {
        map: Map<String, Value>,
        /// The pending key and its offset; `None` in state `Key`/`Colon` means the
        /// next value is dropped (it has no key).
        key: Option<(String, usize)>,
        state: ObjState,
        open: usize,
    },
    Arr {
        items: Vec<Value>,
        state: ArrState,
        open: usize,
    },
}

impl Frame {
    fn kind(&self) -> Bracket {
        match self {
            Frame::Obj { .. } => Bracket::Obj,
            Frame::Arr { .. } => Bracket::Arr,
        }
    }
}

struct Reader<'a> {
    text: &'a str,
    lx: Lexer<'a>,
    stack: Vec<Frame>,
    /// Open objects and arrays on the stack, to know in O(1) whether a closing
    /// bracket of the wrong kind matches something further down.
    open_count: [usize; 2],
    root: Option<Value>,
    /// End of the previous token: where a missing comma or colon belongs.
    prev_end: usize,
    last_comma: usize,
    /// Brackets left open inside a skipped (too deep) container at the end.
    unclosed_skipped: usize,
}

pub(super) fn read(text: &str) -> JsonRead {
    let Some(first) = text.find(|c: char| !JSON_WS.contains(&c)) else {
        return failure(0, "empty example");
    };
    let first_char = text[first..].chars().next().unwrap_or(' ');
    if !is_value_start(first_char) {
        // A strict scalar on its own (`"x"`, `12`, `true`) reads as serde_json reads it.
        if let Ok(v) = serde_json::from_str::<Value>(text) {
            let end = text.trim_end_matches(JSON_WS).len();
            return JsonRead {
                value: Some(v),
                repairs: Vec::new(),
                error: None,
                span: Some((first, end)),
            };
        }
    }
    let Some(start) = text.find(is_value_start) else {
        return failure(first, "no JSON object or array found");
    };
    let mut r = Reader {
        text,
        lx: Lexer::new(text, start),
        stack: Vec::new(),
        open_count: [0, 0],
        root: None,
        prev_end: start,
        last_comma: start,
        unclosed_skipped: 0,
    };
    if first < start {
        let skipped = excerpt(text[first..start].trim_end());
        r.lx.repairs.add(first, RepairKind::Other, || {
            format!("skipped text before the JSON value: `{skipped}`")
        });
    }
    r.run();
    let end = r.prev_end;
    if r.root.is_some() {
        r.lx.skip_trivia();
        let p = r.lx.pos;
        if p < text.len() {
            let rest = excerpt(text[p..].trim_end());
            r.lx.repairs.add(p, RepairKind::Other, || {
                format!("ignored trailing text after the JSON value: `{rest}`")
            });
        }
    }
    let mut repairs = std::mem::take(&mut r.lx.repairs.list);
    // Comments are skipped while looking for the next token, before the reader
    // records a defect at the previous token: report in document order.
    repairs.sort_by_key(|r| r.offset);
    if r.lx.repairs.suppressed > 0 {
        repairs.push(Repair {
            offset: text.len(),
            kind: RepairKind::Other,
            message: format!("… and {} more repairs not listed", r.lx.repairs.suppressed),
        });
    }
    match r.root.take() {
        Some(v) => JsonRead {
            value: Some(v),
            repairs,
            error: None,
            span: Some((start, end)),
        },
        // Cannot happen: the reader always closes what it opened.
        None => JsonRead {
            value: None,
            repairs,
            error: Some(Repair {
                offset: start,
                kind: RepairKind::Other,
                message: "no value found".into(),
            }),
            span: None,
        },
    }
}

fn failure(offset: usize, message: &str) -> JsonRead {
    JsonRead {
        value: None,
        repairs: Vec::new(),
        error: Some(Repair {
            offset,
            kind: RepairKind::Other,
            message: message.into(),
        }),
        span: None,
    }
}

impl<'a> Reader<'a> {
    fn repair(&mut self, offset: usize, kind: RepairKind, message: impl FnOnce() -> String) {
        self.lx.repairs.add(offset, kind, message);
    }

    /// What the top frame expects: a key (object, before `:`) or a value.
    fn ctx(&self) -> Ctx {
        match self.stack.last() {
            Some(Frame::Obj { state, .. }) => match state {
                ObjState::Open | ObjState::Comma | ObjState::Placeholder | ObjState::Value => {
                    Ctx::Key
                }
                ObjState::Key | ObjState::Colon => Ctx::Value,
            },
            _ => Ctx::Value,
        }
    }

    fn run(&mut self) {
        while self.root.is_none() {
            let ctx = self.ctx();
            let t = self.lx.next(ctx);
            if t.tok == Tok::Eof {
                self.prev_end = self.text.len();
                self.finish_at_eof();
                return;
            }
            let end = t.end;
            if t.tok == Tok::Comma {
                self.last_comma = t.start;
            }
            match self.stack.last() {
                None => {
                    // Only the first token, which is an opener (see `read`).
                    if let Tok::Open(k) = t.tok {
                        self.open(k, t.start);
                    }
                }
                Some(Frame::Obj { .. }) => self.step_obj(t),
                Some(Frame::Arr { .. }) => self.step_arr(t),
            }
            self.prev_end = end;
        }
    }

    fn set_obj_state(&mut self, s: ObjState) {
        if let Some(Frame::Obj { state, .. }) = self.stack.last_mut() {
            *state = s;
        }
    }

    fn set_arr_state(&mut self, s: ArrState) {
        if let Some(Frame::Arr { state, .. }) = self.stack.last_mut() {
            *state = s;
        }
    }

    fn set_key(&mut self, key: Option<(String, usize)>, s: ObjState) {
        if let Some(Frame::Obj { key: k, state, .. }) = self.stack.last_mut() {
            *k = key;
            *state = s;
        }
    }

    fn pending_key(&self) -> Option<String> {
        match self.stack.last() {
            Some(Frame::Obj {
                key: Some((k, _)), ..
            }) => Some(excerpt(k)),
            _ => None,
        }
    }

    fn step_obj(&mut self, t: Token) {
        let Some(Frame::Obj { state, .. }) = self.stack.last() else {
            return;
        };
        let state = *state;
        let s = t.start;
        match state {
            ObjState::Open | ObjState::Comma | ObjState::Placeholder => match t.tok {
                Tok::Str {
                    value,
                    terminated: true,
                } => self.set_key(Some((value, s)), ObjState::Key),
                Tok::Str {
                    value,
                    terminated: false,
                } => {
                    self.repair(s, RepairKind::CutOff, || {
                        format!(
                            "dropped key `{}` cut off at end of example",
                            excerpt(&value)
                        )
                    });
                }
                Tok::Word(w) => {
                    self.repair(s, RepairKind::Other, || {
                        format!("quoted unquoted key `{}`", excerpt(&w))
                    });
                    self.set_key(Some((w, s)), ObjState::Key);
                }
                Tok::Num(_) => {
                    let w = self.text[s..t.end].to_string();
                    self.repair(s, RepairKind::Other, || {
                        format!("read number `{}` as a key", excerpt(&w))
                    });
                    self.set_key(Some((w, s)), ObjState::Key);
                }
                Tok::Close(Bracket::Obj) => {
                    if state == ObjState::Comma {
                        let c = self.last_comma;
                        self.repair(c, RepairKind::Other, || "removed trailing comma".into());
                    }
                    self.close_top();
                }
                Tok::Close(Bracket::Arr) => self.mismatched(Bracket::Arr, s),
                Tok::Comma => {
                    if state == ObjState::Placeholder {
                        self.set_obj_state(ObjState::Comma);
                    } else {
                        self.repair(s, RepairKind::Other, || "removed extra comma".into());
                    }
                }
                Tok::Colon => self.repair(s, RepairKind::Other, || {
                    "removed stray `:` where a key was expected".into()
                }),
                Tok::Ellipsis => {
                    self.placeholder_dropped(&t);
                    self.set_obj_state(ObjState::Placeholder);
                }
                Tok::Open(k) => {
                    self.repair(s, RepairKind::Other, || {
                        format!("dropped {} without a key", k.name())
                    });
                    self.set_key(None, ObjState::Colon);
                    self.open(k, s);
                }
                Tok::Eof => {}
            },
            ObjState::Key => match t.tok {
                Tok::Colon => self.set_obj_state(ObjState::Colon),
                Tok::Comma => {
                    self.key_without_value(s);
                    self.set_obj_state(ObjState::Comma);
                }
                Tok::Close(Bracket::Obj) => {
                    self.key_without_value(s);
                    self.close_top();
                }
                Tok::Close(Bracket::Arr) => {
                    self.key_without_value(s);
                    self.mismatched(Bracket::Arr, s);
                }
                Tok::Ellipsis => {
                    self.placeholder_value(s);
                }
                Tok::Str { .. } | Tok::Word(_) | Tok::Num(_) | Tok::Open(_) => {
                    let p = self.prev_end;
                    self.repair(p, RepairKind::Other, || {
                        "inserted missing `:` after key".into()
                    });
                    self.set_obj_state(ObjState::Colon);
                    self.value(t);
                }
                Tok::Eof => {}
            },
            ObjState::Colon => match t.tok {
                Tok::Str { .. } | Tok::Word(_) | Tok::Num(_) | Tok::Open(_) => self.value(t),
                Tok::Ellipsis => self.placeholder_value(s),
                Tok::Comma => {
                    self.key_without_value(s);
                    self.set_obj_state(ObjState::Comma);
                }
                Tok::Close(Bracket::Obj) => {
                    self.key_without_value(s);
                    self.close_top();
                }
                Tok::Close(Bracket::Arr) => {
                    self.key_without_value(s);
                    self.mismatched(Bracket::Arr, s);
                }
                Tok::Colon => self.repair(s, RepairKind::Other, || "removed extra `:`".into()),
                Tok::Eof => {}
            },
            ObjState::Value => match t.tok {
                Tok::Comma => self.set_obj_state(ObjState::Comma),
                Tok::Close(Bracket::Obj) => self.close_top(),
                Tok::Close(Bracket::Arr) => self.mismatched(Bracket::Arr, s),
                Tok::Str { .. } | Tok::Word(_) | Tok::Num(_) | Tok::Open(_) => {
                    let p = self.prev_end;
                    self.repair(p, RepairKind::Other, || "inserted missing comma".into());
                    self.set_obj_state(ObjState::Comma);
                    self.step_obj(t);
                }
                Tok::Colon => {
                    // `"a": "b": "c"`: the value after the stray colon has no key.
                    self.repair(s, RepairKind::Other, || {
                        "removed stray `:` after a value, and the value after it".into()
                    });
                    self.set_key(None, ObjState::Colon);
                }
                Tok::Ellipsis => {
                    self.placeholder_dropped(&t);
                    self.set_obj_state(ObjState::Placeholder);
                }
                Tok::Eof => {}
            },
        }
    }

    fn step_arr(&mut self, t: Token) {
        let Some(Frame::Arr { state, .. }) = self.stack.last() else {
            return;
        };
        let state = *state;
        let s = t.start;
        match t.tok {
            Tok::Str { .. } | Tok::Word(_) | Tok::Num(_) | Tok::Open(_) => {
                if state == ArrState::Value {
                    let p = self.prev_end;
                    self.repair(p, RepairKind::Other, || "inserted missing comma".into());
                }
                self.value(t);
            }
            Tok::Close(Bracket::Arr) => {
                if state == ArrState::Comma {
                    let c = self.last_comma;
                    self.repair(c, RepairKind::Other, || "removed trailing comma".into());
                }
                self.close_top();
            }
            Tok::Close(Bracket::Obj) => self.mismatched(Bracket::Obj, s),
            Tok::Comma => match state {
                ArrState::Value | ArrState::Placeholder => self.set_arr_state(ArrState::Comma),
                ArrState::Open | ArrState::Comma => {
                    self.repair(s, RepairKind::Other, || "removed extra comma".into())
                }
            },
            Tok::Colon => self.repair(s, RepairKind::Other, || {
                "removed stray `:` in an array".into()
            }),
            Tok::Ellipsis => {
                self.placeholder_dropped(&t);
                self.set_arr_state(ArrState::Placeholder);
            }
            Tok::Eof => {}
        }
    }

    /// `...` as a member or element means "more of the same": dropped.
    fn placeholder_dropped(&mut self, t: &Token) {
        let w = &self.text[t.start..t.end];
        self.lx.repairs.add(t.start, RepairKind::Other, || {
            format!("dropped `{}` placeholder", excerpt(w))
        });
    }

    /// `"key": ...` keeps the key (it is documented) with `null`.
    fn placeholder_value(&mut self, s: usize) {
        self.repair(s, RepairKind::Other, || {
            "replaced `...` placeholder value with null".into()
        });
        self.attach(Value::Null);
    }

    /// `"a": ,` or `"a" }`: the key gets `null`.
    fn key_without_value(&mut self, s: usize) {
        if let Some(k) = self.pending_key() {
            self.repair(s, RepairKind::Other, || {
                format!("missing value after key `{k}`: set to null")
            });
            self.attach(Value::Null);
        } else {
            self.set_key(None, ObjState::Value);
        }
    }

    /// A scalar or an opener in a value position.
    fn value(&mut self, t: Token) {
        match t.tok {
            Tok::Open(k) => self.open(k, t.start),
            Tok::Str { value, .. } => self.attach(Value::String(value)),
            Tok::Num(v) => self.attach(v),
            Tok::Word(w) => {
                let v = self.bare_word(w, t.start, t.end);
                self.attach(v);
            }
            _ => {}
        }
    }

    /// A bare word as a value: a (misspelled) literal, a literal cut off at the end
    /// of the example, or a placeholder (`SKU编码`, `xxx`) kept as a string.
    fn bare_word(&mut self, w: String, s: usize, e: usize) -> Value {
        if let Some(v) = literal_alias(&w) {
            if !matches!(w.as_str(), "true" | "false" | "null") {
                self.repair(s, RepairKind::Other, || {
                    format!("replaced `{}` with `{v}`", excerpt(&w))
                });
            }
            return v;
        }
        if e == self.text.len() {
            if let Some(v) = truncated_literal(&w) {
                self.repair(s, RepairKind::CutOff, || {
                    format!("completed `{w}` cut off at end of example as `{v}`")
                });
                return v;
            }
        }
        self.repair(s, RepairKind::Other, || {
            format!("kept bare word `{}` as a string", excerpt(&w))
        });
        Value::String(w)
    }

    fn open(&mut self, k: Bracket, s: usize) {
        if self.stack.len() >= MAX_DEPTH {
            self.repair(s, RepairKind::Other, || {
                format!(
                    "{} nested deeper than {MAX_DEPTH} levels: replaced with null",
                    k.name()
                )
            });
            let unclosed = self.skip_container();
            self.unclosed_skipped += unclosed;
            self.attach(Value::Null);
            return;
        }
        self.open_count[k as usize] += 1;
        self.stack.push(match k {
            Bracket::Obj => Frame::Obj {
                map: Map::new(),
                key: None,
                state: ObjState::Open,
                open: s,
            },
            Bracket::Arr => Frame::Arr {
                items: Vec::new(),
                state: ArrState::Open,
                open: s,
            },
        });
    }

    /// Skips a too-deep container (its opener already read), matching brackets of
    /// any kind. Returns how many were still open at the end of the input.
    fn skip_container(&mut self) -> usize {
        let mut depth = 1usize;
        loop {
            let t = self.lx.next(Ctx::Value);
            self.prev_end = t.end;
            match t.tok {
                Tok::Open(_) => depth += 1,
                Tok::Close(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return 0;
                    }
                }
                Tok::Eof => return depth,
                _ => {}
            }
        }
    }

    /// Gives a finished value to the frame below (or makes it the root).
    fn attach(&mut self, v: Value) {
        let mut dup = None;
        match self.stack.last_mut() {
            None => self.root = Some(v),
            Some(Frame::Obj {
                map, key, state, ..
            }) => {
                if let Some((k, off)) = key.take() {
                    if map.contains_key(&k) {
                        dup = Some((excerpt(&k), off));
                    }
                    map.insert(k, v);
                }
                *state = ObjState::Value;
            }
            Some(Frame::Arr { items, state, .. }) => {
                items.push(v);
                *state = ArrState::Value;
            }
        }
        if let Some((k, off)) = dup {
            self.repair(off, RepairKind::Other, || {
                format!("duplicate key `{k}`: kept the last value")
            });
        }
    }

    fn pop(&mut self) -> Option<Frame> {
        let f = self.stack.pop()?;
        self.open_count[f.kind() as usize] -= 1;
        Some(f)
    }

    fn close_top(&mut self) {
        if let Some(f) = self.pop() {
            let v = self.finish_frame(f, false);
            self.attach(v);
        }
    }

    /// The value of a frame being closed. A pending key gets `null` when a bracket
    /// closes the frame, and is dropped at the end of a truncated example.
    fn finish_frame(&mut self, f: Frame, at_eof: bool) -> Value {
        match f {
            Frame::Obj {
                mut map,
                key,
                state,
                ..
            } => {
                if let (Some((k, off)), ObjState::Key | ObjState::Colon) = (key, state) {
                    let ks = excerpt(&k);
                    if at_eof {
                        self.repair(off, RepairKind::CutOff, || {
                            format!("dropped key `{ks}` without value at end of example")
                        });
                    } else {
                        self.repair(off, RepairKind::Other, || {
                            format!("missing value after key `{ks}`: set to null")
                        });
                        if map.contains_key(&k) {
                            self.repair(off, RepairKind::Other, || {
                                format!("duplicate key `{ks}`: kept the last value")
                            });
                        }
                        map.insert(k, Value::Null);
                    }
                }
                Value::Object(map)
            }
            Frame::Arr { items, .. } => Value::Array(items),
        }
    }

    /// A closing bracket of kind `k` while the top frame is of the other kind: if an
    /// open `k` exists further down, the frames above it were left open by the
    /// author (`[{ … ]`) and are closed; otherwise the bracket is removed.
    fn mismatched(&mut self, k: Bracket, s: usize) {
        if self.open_count[k as usize] == 0 {
            let c = k.closer();
            self.repair(s, RepairKind::Other, || format!("removed unmatched `{c}`"));
            return;
        }
        while let Some(top) = self.stack.last() {
            if top.kind() == k {
                break;
            }
            let (name, open) = match top {
                Frame::Obj { open, .. } => ("object", *open),
                Frame::Arr { open, .. } => ("array", *open),
            };
            let c = k.closer();
            self.repair(s, RepairKind::Other, || {
                format!("closed {name} opened at byte {open}, left open before `{c}`")
            });
            self.close_top();
        }
        self.close_top();
    }

    /// End of input with brackets still open: the example was cut off.
    fn finish_at_eof(&mut self) {
        let n = self.stack.len() + self.unclosed_skipped;
        if n > 0 {
            let len = self.text.len();
            let noun = if n == 1 { "bracket" } else { "brackets" };
            self.repair(len, RepairKind::Truncated, || {
                format!("example is truncated: closed {n} open {noun}")
            });
        }
        while let Some(f) = self.pop() {
            let v = self.finish_frame(f, true);
            self.attach(v);
        }
    }
}
