//! Bytes of a page file → text the parser reads.
//!
//! Pages arrive as they were saved: UTF-8 (with or without a BOM), UTF-16 with a
//! BOM (Windows "Unicode" saves), GB18030 / GBK (Chinese editors), and with CRLF,
//! LF or old-Mac CR-only line ends. [`decode_page`] turns every one of them into
//! UTF-8 text with `\n` (or `\r\n`) line ends, and says what it did.

/// A decoded page, and a note when the bytes were not plain UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// What was done to the bytes (`decoded as UTF-16LE`), for a diagnostic.
    pub note: Option<String>,
    /// Byte offset (in `text`) of the first character that had to be replaced with
    /// U+FFFD, when the bytes were in no encoding we read.
    pub invalid_at: Option<usize>,
}

/// The UTF-8 byte order mark (some Windows editors write it; it is not text).
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a page (see the module docs). Never fails: bytes in no known encoding
/// are read as UTF-8 with U+FFFD replacements and `invalid_at` set.
pub fn decode_page(bytes: &[u8]) -> Decoded {
    let (text, note, invalid_at) = if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        let (t, bad) = utf8_lossy(rest);
        (t, None, bad)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(rest, u16::from_le_bytes), Some("UTF-16LE"), None)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(rest, u16::from_be_bytes), Some("UTF-16BE"), None)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(t) => (t.to_string(), None, None),
            Err(_) => match gb18030(bytes) {
                Some(t) => (t, Some("GB18030 (GBK)"), None),
                None => {
                    let (t, bad) = utf8_lossy(bytes);
                    (t, None, bad)
                }
            },
        }
    };
    let (text, cr_only) = normalise_line_ends(text);
    let note = match (note, cr_only) {
        (Some(enc), true) => Some(format!("decoded as {enc}; CR line ends read as LF")),
        (Some(enc), false) => Some(format!("decoded as {enc}")),
        (None, true) => Some("CR line ends read as LF".to_string()),
        (None, false) => None,
    };
    Decoded {
        text,
        note,
        invalid_at,
    }
}

fn utf8_lossy(bytes: &[u8]) -> (String, Option<usize>) {
    match std::str::from_utf8(bytes) {
        Ok(t) => (t.to_string(), None),
        Err(e) => (
            String::from_utf8_lossy(bytes).into_owned(),
            Some(e.valid_up_to()),
        ),
    }
}

/// UTF-16 code units → text; unpaired surrogates become U+FFFD, an odd last byte
/// is dropped.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Bytes that are not UTF-8 but decode as GB18030 without a single error, and hold
/// CJK text (so a binary file is not taken for Chinese).
fn gb18030(bytes: &[u8]) -> Option<String> {
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (!had_errors && text.chars().any(super::lines::is_cjk)).then(|| text.into_owned())
}

/// CR-only line ends (classic Mac OS) become LF; CRLF stays as it is (the parser
/// and the diagnostics read it). Returns whether a lone CR was replaced.
fn normalise_line_ends(text: String) -> (String, bool) {
    let lone_cr = text
        .as_bytes()
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
    if !lone_cr {
        return (text, false);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    (out, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode_page("###登录\n".as_bytes());
        assert_eq!(
            (d.text.as_str(), d.note, d.invalid_at),
            ("###登录\n", None, None)
        );
        let d = decode_page(b"\xEF\xBB\xBF# x\n");
        assert_eq!(d.text, "# x\n");
    }

    #[test]
    fn utf16_by_its_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in "请求URL:\n/a".encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        assert_eq!(decode_page(&le).text, "请求URL:\n/a");
        assert_eq!(decode_page(&be).text, "请求URL:\n/a");
        assert_eq!(
            decode_page(&le).note.as_deref(),
            Some("decoded as UTF-16LE")
        );
    }

    #[test]
    fn gbk_pages_are_read() {
        // "请求方式：Get" saved by a GBK editor.
        let (bytes, _, _) = encoding_rs::GBK.encode("请求方式：Get\n");
        let d = decode_page(&bytes);
        assert_eq!(d.text, "请求方式：Get\n");
        assert_eq!(d.note.as_deref(), Some("decoded as GB18030 (GBK)"));
        // Not Chinese, not UTF-8: replaced, and the first bad byte is reported.
        let d = decode_page(b"ok \xFF\xFE\x00");
        assert_eq!(d.invalid_at, Some(3));
    }

    #[test]
    fn cr_only_line_ends() {
        let d = decode_page(b"a\rb\r\nc\r");
        assert_eq!(d.text, "a\nb\r\nc\n");
        assert_eq!(d.note.as_deref(), Some("CR line ends read as LF"));
    }
}
