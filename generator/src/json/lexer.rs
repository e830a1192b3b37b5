//! The tokenizer of the lenient reader.
//!
//! Works on byte offsets of a `&str`; every offset it stores is a char boundary.
//! Comments, whitespace and stray characters are skipped (with repairs) before each
//! token. The reader tells the lexer whether it expects a key or a value
//! ([`Ctx`]) because two heuristics depend on it: where a string with unescaped
//! quotes ends, and whether `:` may be part of a bare word.

use super::{Repair, RepairKind};
use serde_json::{Number, Value};

/// The two kinds of bracket.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Bracket {
    Obj,
    Arr,
}

impl Bracket {
    pub(super) fn name(self) -> &'static str {
        match self {
            Bracket::Obj => "object",
            Bracket::Arr => "array",
        }
    }
    pub(super) fn closer(self) -> char {
        match self {
            Bracket::Obj => '}',
            Bracket::Arr => ']',
        }
    }
}

/// What the reader expects next: a key (inside an object, before the `:`) or a value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Ctx {
    Key = 0,
    Value = 1,
}

/// The quote a string was opened with; it is closed by the same kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Quote {
    /// `"`: the only strict one.
    Double = 0,
    /// `'`: JavaScript / Python habit.
    Single = 1,
    /// `“` or `”`: word processors and Chinese input methods; either one opens or
    /// closes, since authors mix them up (`”浙江…”`).
    CurlyDouble = 2,
    /// `‘` or `’`, same reason.
    CurlySingle = 3,
}

impl Quote {
    /// The quote of kind `self` starting at byte `p`, if any: its length in bytes.
    fn len_at(self, b: &[u8], p: usize) -> Option<usize> {
        match self {
            Quote::Double => (b.get(p) == Some(&b'"')).then_some(1),
            Quote::Single => (b.get(p) == Some(&b'\'')).then_some(1),
            // “ = E2 80 9C, ” = E2 80 9D, ‘ = E2 80 98, ’ = E2 80 99
            Quote::CurlyDouble => match b.get(p..p + 3) {
                Some([0xE2, 0x80, 0x9C | 0x9D]) => Some(3),
                _ => None,
            },
            Quote::CurlySingle => match b.get(p..p + 3) {
                Some([0xE2, 0x80, 0x98 | 0x99]) => Some(3),
                _ => None,
            },
        }
    }

    fn of_char(c: char) -> Option<Quote> {
        match c {
            '"' => Some(Quote::Double),
            '\'' => Some(Quote::Single),
            '“' | '”' => Some(Quote::CurlyDouble),
            '‘' | '’' => Some(Quote::CurlySingle),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Open(Bracket),
    Close(Bracket),
    Colon,
    Comma,
    /// `terminated` is false only for a string cut off by the end of the input.
    Str {
        value: String,
        terminated: bool,
    },
    /// A number (or `null` when it does not fit an f64).
    Num(Value),
    /// A bare word, trimmed: `xxx`, `SKU编码`, `flase`, `code` (as a key)…
    Word(String),
    /// `...`, `…`, `......`: a placeholder for "more of the same".
    Ellipsis,
    Eof,
}

#[derive(Debug, Clone)]
pub(super) struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

/// The list of repairs, capped at [`super::MAX_REPAIRS`] entries.
pub(super) struct Repairs {
    pub list: Vec<Repair>,
    pub suppressed: usize,
}

impl Repairs {
    /// Records a repair; the message is only built when it will be kept, so garbage
    /// input (one repair per byte) stays linear and small.
    pub fn add(&mut self, offset: usize, kind: RepairKind, message: impl FnOnce() -> String) {
        if self.list.len() < super::MAX_REPAIRS {
            self.list.push(Repair {
                offset,
                kind,
                message: message(),
            });
        } else {
            self.suppressed += 1;
        }
    }
}

/// Result of one look-ahead for a closing quote, kept for the rest of the line.
#[derive(Clone, Copy)]
struct LineScan {
    /// Quotes from this offset up to `eol` (exclusive) were examined: the answer
    /// holds for a quote in that range.
    from: usize,
    /// The line end, or just after `closer`.
    eol: usize,
    /// The first quote in that range that closes a string directly.
    closer: Option<usize>,
}

pub(super) struct Lexer<'a> {
    text: &'a str,
    b: &'a [u8],
    pub pos: usize,
    pub repairs: Repairs,
    /// One cache per (quote kind, context): see [`Lexer::quote_closes`].
    scans: [[Option<LineScan>; 2]; 4],
}

/// Characters that are spaces but not JSON whitespace. They come from HTML
/// (`&nbsp;`), Chinese input methods (U+3000) and editors (BOM, zero-width space).
const NON_ASCII_SPACES: &[char] = &[
    '\u{00A0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}',
    '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200A}', '\u{200B}', '\u{202F}', '\u{205F}',
    '\u{3000}', '\u{FEFF}',
];

/// Characters that can start no token: markdown leftovers (`` ` `` from a broken
/// fence, `*` from bold), code habits (`;`), and lone punctuation. They are skipped
/// with a repair. Everything else that is not structural starts a bare word, so
/// placeholders like `<string>` or `(可选)` survive as text.
fn is_stray_char(c: char) -> bool {
    matches!(
        c,
        '`' | ';' | '\\' | '=' | ')' | '|' | '>' | '/' | '*' | '。' | '、' | '；'
    ) || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// Spaces that may sit between a closing quote and what follows it.
fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t' || NON_ASCII_SPACES.contains(&c)
}

/// Characters that end a bare word (besides context-dependent `:` and comments):
/// structure, quotes, full-width structure, line ends and control characters.
fn ends_bare_word(c: char) -> bool {
    matches!(
        c,
        ',' | '{'
            | '}'
            | '['
            | ']'
            | '"'
            | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '，'
            | '：'
            | '｛'
            | '｝'
            | '［'
            | '］'
            | '\n'
            | '\r'
    ) || (c.is_control() && c != '\t')
}

/// Characters of an ellipsis placeholder: `...`, `…`, `……`, `。。。`.
fn is_ellipsis_char(c: char) -> bool {
    matches!(c, '.' | '…' | '。')
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str, pos: usize) -> Self {
        Lexer {
            text,
            b: text.as_bytes(),
            pos,
            repairs: Repairs {
                list: Vec::new(),
                suppressed: 0,
            },
            scans: [[None; 2]; 4],
        }
    }

    /// The char at byte `p` and its length.
    fn ch(&self, p: usize) -> Option<(char, usize)> {
        let c = self.text.get(p..)?.chars().next()?;
        Some((c, c.len_utf8()))
    }

    /// Offset of the next `\n` or `\r` at or after `p`, or the end.
    fn eol(&self, p: usize) -> usize {
        self.b[p.min(self.b.len())..]
            .iter()
            .position(|&x| x == b'\n' || x == b'\r')
            .map_or(self.b.len(), |i| p + i)
    }

    fn skip_blanks(&self, mut p: usize) -> usize {
        while let Some((c, l)) = self.ch(p) {
            if !is_blank(c) {
                break;
            }
            p += l;
        }
        p
    }

    fn starts_comment(&self, p: usize) -> bool {
        match self.b.get(p) {
            Some(b'#') => true,
            Some(b'/') => matches!(self.b.get(p + 1), Some(b'/' | b'*')),
            _ => false,
        }
    }

    /// Skips whitespace and comments (only where a token may start, so `//` and `#`
    /// inside strings, as in URLs, are never touched).
    pub fn skip_trivia(&mut self) {
        while self.pos < self.b.len() {
            let p = self.pos;
            match self.b[p] {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'/' if self.b.get(p + 1) == Some(&b'/') => {
                    self.repairs
                        .add(p, RepairKind::Comment, || "removed `//` comment".into());
                    self.pos = self.eol(p);
                }
                b'/' if self.b.get(p + 1) == Some(&b'*') => match self.text[p + 2..].find("*/") {
                    Some(i) => {
                        self.repairs
                            .add(p, RepairKind::Comment, || "removed `/* */` comment".into());
                        self.pos = p + 2 + i + 2;
                    }
                    None => {
                        self.repairs.add(p, RepairKind::Comment, || {
                            "removed unterminated `/*` comment".into()
                        });
                        self.pos = self.b.len();
                    }
                },
                b'#' => {
                    self.repairs
                        .add(p, RepairKind::Comment, || "removed `#` comment".into());
                    self.pos = self.eol(p);
                }
                x if x >= 0x80 => match self.ch(p) {
                    Some((c, l)) if NON_ASCII_SPACES.contains(&c) => {
                        self.repairs.add(p, RepairKind::Other, || {
                            format!("replaced non-ASCII space U+{:04X} with a space", c as u32)
                        });
                        self.pos += l;
                    }
                    _ => return,
                },
                _ => return,
            }
        }
    }

    /// The next token. `ctx` says whether the reader expects a key or a value.
    pub fn next(&mut self, ctx: Ctx) -> Token {
        loop {
            self.skip_trivia();
            let start = self.pos;
            let Some((c, l)) = self.ch(start) else {
                return Token {
                    tok: Tok::Eof,
                    start,
                    end: start,
                };
            };
            let simple = |tok| Token {
                tok,
                start,
                end: start + l,
            };
            match c {
                '{' => return self.advance(simple(Tok::Open(Bracket::Obj))),
                '}' => return self.advance(simple(Tok::Close(Bracket::Obj))),
                '[' => return self.advance(simple(Tok::Open(Bracket::Arr))),
                ']' => return self.advance(simple(Tok::Close(Bracket::Arr))),
                ':' => return self.advance(simple(Tok::Colon)),
                ',' => return self.advance(simple(Tok::Comma)),
                '｛' | '｝' | '［' | '］' | '：' | '，' => {
                    // Full-width punctuation from a Chinese input method.
                    let (ascii, tok) = match c {
                        '｛' => ('{', Tok::Open(Bracket::Obj)),
                        '｝' => ('}', Tok::Close(Bracket::Obj)),
                        '［' => ('[', Tok::Open(Bracket::Arr)),
                        '］' => (']', Tok::Close(Bracket::Arr)),
                        '：' => (':', Tok::Colon),
                        _ => (',', Tok::Comma),
                    };
                    self.repairs.add(start, RepairKind::Other, || {
                        format!("replaced full-width `{c}` with `{ascii}`")
                    });
                    return self.advance(simple(tok));
                }
                '-' | '0'..='9' => return self.lex_number(start, ctx),
                _ if is_ellipsis_char(c) => {
                    if let Some(t) = self.lex_ellipsis(start, ctx) {
                        return t;
                    }
                    if c == '.' {
                        return self.lex_word(start, ctx);
                    }
                    self.skip_stray(start);
                }
                _ => {
                    if let Some(q) = Quote::of_char(c) {
                        return self.lex_string(start, q, l, ctx);
                    }
                    if is_stray_char(c) {
                        self.skip_stray(start);
                    } else {
                        return self.lex_word(start, ctx);
                    }
                }
            }
        }
    }

    fn advance(&mut self, t: Token) -> Token {
        self.pos = t.end;
        t
    }

    /// Skips a run of stray characters with one repair.
    fn skip_stray(&mut self, start: usize) {
        let mut p = start;
        while let Some((c, l)) = self.ch(p) {
            if !is_stray_char(c) || self.starts_comment(p) {
                break;
            }
            p += l;
        }
        if p == start {
            // A lone char that is neither stray nor a token start (a single `。`).
            p += self.ch(start).map_or(1, |(_, l)| l);
        }
        let text = self.text;
        self.repairs.add(start, RepairKind::Other, || {
            format!("removed stray characters `{}`", excerpt(&text[start..p]))
        });
        self.pos = p;
    }

    /// Whether byte `p` ends a number or a bare word in context `ctx`.
    fn at_word_end(&self, p: usize, ctx: Ctx) -> bool {
        match self.ch(p) {
            None => true,
            Some((c, l)) => {
                ends_bare_word(c)
                    || is_blank(c)
                    || self.starts_comment(p)
                    || (c == ':' && colon_ends_word(self, p + l, ctx))
            }
        }
    }

    /// `...`, `…`, `……`, `。。。` followed by the end of a word.
    fn lex_ellipsis(&mut self, start: usize, ctx: Ctx) -> Option<Token> {
        let mut p = start;
        let mut n = 0;
        let mut has_ellipsis_char = false;
        while let Some((c, l)) = self.ch(p) {
            if !is_ellipsis_char(c) {
                break;
            }
            has_ellipsis_char |= c == '…';
            n += 1;
            p += l;
        }
        if (n >= 2 || has_ellipsis_char) && self.at_word_end(p, ctx) {
            self.pos = p;
            Some(Token {
                tok: Tok::Ellipsis,
                start,
                end: p,
            })
        } else {
            None
        }
    }

    /// A bare word: everything up to structure, a quote, a line end or a comment,
    /// inner spaces included (`正常 or 禁用`), trailing spaces trimmed.
    fn lex_word(&mut self, start: usize, ctx: Ctx) -> Token {
        let mut p = start;
        let mut end = start;
        while let Some((c, l)) = self.ch(p) {
            if ends_bare_word(c) {
                break;
            }
            if is_blank(c) {
                p += l;
                continue;
            }
            if c == ':' && colon_ends_word(self, p + l, ctx) {
                break;
            }
            if comment_ends_word(self, p, end) {
                break;
            }
            p += l;
            end = p;
        }
        if end == start {
            // Cannot happen (callers start on a word char); stay safe and progress.
            end = start + self.ch(start).map_or(1, |(_, l)| l);
        }
        self.pos = end;
        Token {
            tok: Tok::Word(self.text[start..end].to_string()),
            start,
            end,
        }
    }

    /// A number as JSON writes it. Anything glued to it (`2017-12-10`, `0123`,
    /// `10:30`, `1.2.3`) makes it a bare word instead. A number cut off after `.` or
    /// `e` keeps its valid prefix (`12.` → `12`).
    fn lex_number(&mut self, start: usize, ctx: Ctx) -> Token {
        let b = self.b;
        let digit = |p: usize| b.get(p).is_some_and(u8::is_ascii_digit);
        let mut p = start;
        if b[p] == b'-' {
            p += 1;
        }
        let int_start = p;
        if b.get(p) == Some(&b'0') {
            p += 1;
        } else {
            while digit(p) {
                p += 1;
            }
        }
        if p == int_start {
            if p >= b.len() {
                self.repairs.add(start, RepairKind::CutOff, || {
                    "dropped incomplete number `-` at end of example".into()
                });
                self.pos = b.len();
                return Token {
                    tok: Tok::Eof,
                    start: b.len(),
                    end: b.len(),
                };
            }
            return self.lex_word(start, ctx);
        }
        let mut keep = p;
        let mut cut = false;
        if b.get(p) == Some(&b'.') {
            if digit(p + 1) {
                p += 2;
                while digit(p) {
                    p += 1;
                }
                keep = p;
            } else if self.at_word_end(p + 1, ctx) {
                cut = true;
                p += 1;
            } else {
                return self.lex_word(start, ctx);
            }
        }
        if !cut && matches!(b.get(p), Some(b'e' | b'E')) {
            let mut q = p + 1;
            if matches!(b.get(q), Some(b'+' | b'-')) {
                q += 1;
            }
            if digit(q) {
                while digit(q) {
                    q += 1;
                }
                p = q;
                keep = p;
            } else if self.at_word_end(q, ctx) {
                cut = true;
                p = q;
            } else {
                return self.lex_word(start, ctx);
            }
        }
        if !self.at_word_end(p, ctx) {
            return self.lex_word(start, ctx);
        }
        self.pos = p;
        let raw = &self.text[start..keep];
        if cut {
            let text = self.text;
            self.repairs.add(start, RepairKind::Other, || {
                format!(
                    "incomplete number `{}`: kept `{raw}`",
                    excerpt(&text[start..p])
                )
            });
        }
        let value = number_value(raw).unwrap_or_else(|| {
            self.repairs.add(start, RepairKind::Other, || {
                format!(
                    "number `{}` is out of range: replaced with null",
                    excerpt(raw)
                )
            });
            Value::Null
        });
        Token {
            tok: Tok::Num(value),
            start,
            end: p,
        }
    }

    /// A string opened by `q` at `start` (the quote is `qlen` bytes long).
    fn lex_string(&mut self, start: usize, q: Quote, qlen: usize, ctx: Ctx) -> Token {
        match q {
            Quote::Double => {}
            Quote::Single => self.repairs.add(start, RepairKind::Other, || {
                "single-quoted string: read as a string".into()
            }),
            _ => self.repairs.add(start, RepairKind::Other, || {
                "curly-quoted string: read as a string".into()
            }),
        }
        let b = self.b;
        let mut out = String::new();
        let mut p = start + qlen;
        let mut seg = p;
        let mut kept_quote = false;
        loop {
            if p >= b.len() {
                out.push_str(&self.text[seg..]);
                self.repairs.add(start, RepairKind::CutOff, || {
                    "closed unterminated string at end of example".into()
                });
                self.pos = b.len();
                return Token {
                    tok: Tok::Str {
                        value: out,
                        terminated: false,
                    },
                    start,
                    end: b.len(),
                };
            }
            if let Some(cl) = q.len_at(b, p) {
                if self.quote_closes(p, q, cl, ctx) {
                    out.push_str(&self.text[seg..p]);
                    self.pos = p + cl;
                    return Token {
                        tok: Tok::Str {
                            value: out,
                            terminated: true,
                        },
                        start,
                        end: p + cl,
                    };
                }
                if !kept_quote {
                    kept_quote = true;
                    self.repairs.add(p, RepairKind::Other, || {
                        "kept unescaped quote inside string (a later quote on the line ends it)"
                            .into()
                    });
                }
                p += cl;
                continue;
            }
            match b[p] {
                b'\\' => {
                    out.push_str(&self.text[seg..p]);
                    p = self.lex_escape(p, q, &mut out);
                    seg = p;
                }
                x if x < 0x20 => {
                    let what = match x {
                        b'\n' => "newline",
                        b'\r' => "carriage return",
                        b'\t' => "tab",
                        _ => "control character",
                    };
                    self.repairs.add(p, RepairKind::Other, || {
                        format!("kept literal {what} inside string")
                    });
                    p += 1;
                }
                _ => p += 1,
            }
        }
    }

    /// Reads the escape at `p` (a backslash) into `out`; returns the offset after it.
    /// An invalid escape (`\d`, `\x`) is kept as written, backslash included: it is
    /// most likely a Windows path or a regex. `\'` is `'`, as in JavaScript.
    fn lex_escape(&mut self, p: usize, q: Quote, out: &mut String) -> usize {
        let Some((c, l)) = self.ch(p + 1) else {
            // Backslash at the very end: the string is unterminated, keep it.
            out.push('\\');
            return p + 1;
        };
        let simple = match c {
            '"' => Some('"'),
            '\\' => Some('\\'),
            '/' => Some('/'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s);
            return p + 2;
        }
        if c == '\'' {
            if q != Quote::Single {
                self.repairs.add(p, RepairKind::Other, || {
                    "replaced invalid escape `\\'` with `'`".into()
                });
            }
            out.push('\'');
            return p + 2;
        }
        if c == 'u' {
            if let Some(u) = self.hex4(p + 2) {
                if (0xD800..0xDC00).contains(&u) {
                    if self.b.get(p + 6) == Some(&b'\\') && self.b.get(p + 7) == Some(&b'u') {
                        if let Some(lo) =
                            self.hex4(p + 8).filter(|lo| (0xDC00..0xE000).contains(lo))
                        {
                            let cp = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                            out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                            return p + 12;
                        }
                    }
                    self.repairs.add(p, RepairKind::Other, || {
                        "replaced lone surrogate escape with U+FFFD".into()
                    });
                    out.push('\u{FFFD}');
                    return p + 6;
                }
                match char::from_u32(u) {
                    Some(ch) => out.push(ch),
                    None => {
                        self.repairs.add(p, RepairKind::Other, || {
                            "replaced lone surrogate escape with U+FFFD".into()
                        });
                        out.push('\u{FFFD}');
                    }
                }
                return p + 6;
            }
            self.repairs.add(p, RepairKind::Other, || {
                "kept invalid `\\u` escape as written".into()
            });
            out.push_str("\\u");
            return p + 2;
        }
        // Invalid escape: keep the backslash and the char. A quote of the string's own
        // kind after a backslash still escapes it (`\’` in a curly string).
        if q.len_at(self.b, p + 1).is_some() {
            out.push(c);
            return p + 1 + l;
        }
        self.repairs.add(p, RepairKind::Other, || {
            format!("kept invalid escape `\\{c}` as written")
        });
        out.push('\\');
        if (c as u32) < 0x20 {
            // Backslash before a literal newline: keep the newline, let the string loop
            // record it.
            return p + 1;
        }
        out.push(c);
        p + 1 + l
    }

    fn hex4(&self, p: usize) -> Option<u32> {
        let s = self.b.get(p..p + 4)?;
        let mut v = 0u32;
        for &x in s {
            v = v * 16 + (x as char).to_digit(16)?;
        }
        Some(v)
    }

    /// Whether the quote at `p` (of kind `q`, `cl` bytes) closes the string.
    ///
    /// Rule: in a key, the first quote closes. In a value, a quote closes the
    /// string when [`Lexer::closes_directly`] says so, or
    /// when no later quote of the same kind on the same line does (then this is the
    /// last chance on the line, and strings rarely span lines). Otherwise the quote
    /// is part of the text: `"skuAttrs": "{"color": "read"}",` keeps
    /// `{"color": "read"}`. The look-ahead result is cached per quote kind and
    /// context until the end of the line, so a line is scanned once: linear time.
    fn quote_closes(&mut self, p: usize, q: Quote, cl: usize, ctx: Ctx) -> bool {
        // Keys in doc examples never contain quotes, while a key followed by a
        // missing colon does happen (`"b" 2`): in a key the first quote closes.
        if ctx == Ctx::Key || self.closes_directly(p + cl, q, ctx) {
            return true;
        }
        let slot = self.scans[q as usize][ctx as usize];
        let scan = match slot {
            Some(s) if s.from <= p && p < s.eol && !matches!(s.closer, Some(c) if c <= p) => s,
            _ => {
                let s = self.scan_line(p + cl, q, ctx);
                self.scans[q as usize][ctx as usize] = Some(s);
                s
            }
        };
        scan.closer.is_none()
    }

    /// Finds the first quote of kind `q` after `from` on the same line that closes
    /// a string directly. Stops there (or at the line end), never scanning further:
    /// the range it covers is exactly the range where its answer is reused.
    fn scan_line(&self, from: usize, q: Quote, ctx: Ctx) -> LineScan {
        let mut p = from;
        while p < self.b.len() {
            match self.b[p] {
                b'\n' | b'\r' => break,
                b'\\' => {
                    // Skip the escaped byte, but never a line end.
                    p += if matches!(self.b.get(p + 1), Some(b'\n' | b'\r')) {
                        1
                    } else {
                        2
                    };
                    continue;
                }
                _ => {}
            }
            if let Some(cl) = q.len_at(self.b, p) {
                if self.closes_directly(p + cl, q, ctx) {
                    return LineScan {
                        from,
                        eol: p + 1,
                        closer: Some(p),
                    };
                }
                p += cl;
                continue;
            }
            p += 1;
        }
        LineScan {
            from,
            eol: p.min(self.b.len()),
            closer: None,
        }
    }

    /// Whether a quote whose next byte is `after` certainly ends a string: it is
    /// followed (after spaces) by
    /// * the end of the line or input, a comment, `,` or `，`;
    /// * `}` or `]` (or full-width), unless another quote of the same kind follows
    ///   that bracket on the line (`"{"color": "read"}"`: the bracket was text);
    /// * `:` or `：` for a key only (a value is never followed by `:`, so in
    ///   `"{"color": "read"}"` the quote before `:` is text; keys do not even get
    ///   here, see [`Lexer::quote_closes`]);
    /// * another quote of the same kind (a missing comma: `"a" "b"`).
    ///
    /// Strict JSON always satisfies this rule, so it is read unchanged.
    fn closes_directly(&self, after: usize, q: Quote, ctx: Ctx) -> bool {
        let r = self.skip_blanks(after);
        let Some((c, l)) = self.ch(r) else {
            return true;
        };
        if self.starts_comment(r) || q.len_at(self.b, r).is_some() {
            return true;
        }
        match c {
            '\n' | '\r' | ',' | '，' => true,
            '}' | ']' | '｝' | '］' => {
                let r2 = self.skip_blanks(r + l);
                q.len_at(self.b, r2).is_none()
            }
            ':' | '：' => ctx == Ctx::Key,
            _ => false,
        }
    }
}

/// Whether a `:` (whose next byte is `after`) ends a bare word. In a key it always
/// does (`{code: 0}`). In a value it does only when followed by a space, a line end
/// or structure, so times and URLs stay whole (`10:30`, `http://x`).
fn colon_ends_word(lx: &Lexer<'_>, after: usize, ctx: Ctx) -> bool {
    if ctx == Ctx::Key {
        return true;
    }
    match lx.ch(after) {
        None => true,
        Some((c, _)) => is_blank(c) || ends_bare_word(c) || c == ':',
    }
}

/// Whether a comment starts at `p` inside a bare word whose last non-blank char
/// ends at `end`. `#` needs a space before it (`C#`, `a#b` are text); `//` and `/*`
/// need a space or anything but `:` before them (`http://x` is text, `xxx// note`
/// is a comment).
fn comment_ends_word(lx: &Lexer<'_>, p: usize, end: usize) -> bool {
    if !lx.starts_comment(p) {
        return false;
    }
    let spaced = p > end;
    if lx.b[p] == b'#' {
        return spaced;
    }
    spaced || lx.b.get(p.wrapping_sub(1)) != Some(&b':')
}

/// The number `raw` (valid JSON number syntax) as serde_json reads it. Small
/// integers take a fast path; everything else goes through serde_json itself so
/// floats round exactly as it rounds them. `None` when it does not fit (`1e400`).
fn number_value(raw: &str) -> Option<Value> {
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    if digits.len() <= 18 && digits.bytes().all(|x| x.is_ascii_digit()) && raw != "-0" {
        if let Ok(n) = raw.parse::<i64>() {
            return Some(if n >= 0 {
                Value::Number(Number::from(n as u64))
            } else {
                Value::Number(Number::from(n))
            });
        }
    }
    serde_json::from_str::<Number>(raw).ok().map(Value::Number)
}

/// A short excerpt of `s` for a repair message (at most 40 chars).
pub(super) fn excerpt(s: &str) -> String {
    let mut it = s.chars();
    let head: String = it.by_ref().take(40).collect();
    if it.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}
