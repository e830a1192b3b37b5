//! Error-code tables and lists: the rows of a 错误码 / 返回码 / 状态码 / Return Code
//! section ([`super::sections::Section::Codes`]).
//!
//! The family writes them as a pipe table (`|40001|参数错误|`, `D00013|登录失败|情景`),
//! a space table (`40001    参数错误`), a list (`- 200: 请求成功`, `40001：参数错误`,
//! `1. 40001 参数错误`) or all on one line (`> A00001、B00001`,
//! `40001 参数错误；40002 签名错误`). Each row is a code and what it means, as
//! written: numbers and upper-case identifiers (`A00001`, `ERR_TOKEN`) are codes;
//! which of them become constants is [`crate::lower`]'s choice.

use super::lines::bullet;
use super::markdown::inline_text;
use super::table::{clean_name, split_cells};

/// One row of an error-code table or list, uninterpreted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RawCode {
    /// As written: `40001`, `-1`, `A00001`, `ERR_TOKEN`.
    pub code: String,
    /// What the page says it means (may be empty: `> A00001、B00001`).
    pub meaning: String,
    pub line: usize,
}

/// The longest number read as a code: an `i64` holds 18 digits safely.
const MAX_CODE_DIGITS: usize = 18;

/// Separators between the pieces of a one-line list (`A00001、B00001`,
/// `40001 参数错误；40002 签名错误`).
const LIST_SEPARATORS: &[char] = &['、', '；', ';', '，', ','];

/// Characters between a code and its meaning in a list line (`200: 请求成功`,
/// `40001：参数错误`, `40001 - 参数错误`, `40001 参数错误`).
const CODE_MEANING_SEPARATORS: &[char] = &[':', '：', '-', '–', '—', '=', ' ', '\t', '　'];

/// Whether `s` is written like an error code: a number (`40001`, `-1`, `00000`), or an
/// upper-case identifier holding a digit or `_` (`A00001`, `ERR_TOKEN`), which
/// plain words (`OK`, `HTTP`, `Code`) do not.
pub fn is_code_token(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if !digits.is_empty()
        && digits.len() <= MAX_CODE_DIGITS
        && digits.chars().all(|c| c.is_ascii_digit())
    {
        return true;
    }
    s.len() >= 2
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && s.chars().any(|c| c.is_ascii_digit() || c == '_')
}

/// `code<sep>meaning` (or a code alone): `200: 请求成功` → (`200`, `请求成功`).
fn code_and_meaning(s: &str) -> Option<(String, String)> {
    let s = s.trim();
    let end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    // `-1` is a code; `40001-参数错误` is a code and its meaning.
    let (code, rest) = match s[..end].strip_prefix('-') {
        Some(_) => s.split_at(end),
        None => {
            let end = s[..end].find('-').unwrap_or(end);
            s.split_at(end)
        }
    };
    let code = clean_name(code);
    if !is_code_token(&code) {
        return None;
    }
    if !rest.is_empty() && !rest.starts_with(CODE_MEANING_SEPARATORS) {
        return None;
    }
    let meaning = rest.trim_start_matches(CODE_MEANING_SEPARATORS).trim();
    Some((code, inline_text(meaning)))
}

/// `1. 40001 参数错误` → `40001 参数错误`: the number of a numbered list item
/// (`N.`, `N)`, `N、` then a space), which is no code itself.
fn strip_item_number(s: &str) -> Option<&str> {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = &s[digits..];
    let rest = rest
        .strip_prefix('.')
        .or_else(|| rest.strip_prefix(')'))
        .or_else(|| rest.strip_prefix('、'))?;
    Some(rest.trim_start())
}

/// The rows one line of an error-code section holds (none for a header, a
/// separator or prose). `line` is the line's 1-based number, kept with each row.
pub fn code_rows(text: &str, line: usize) -> Vec<RawCode> {
    let mut t = text.trim();
    while let Some(rest) = t.strip_prefix('>') {
        t = rest.trim_start();
    }
    let t = bullet(t).unwrap_or(t);
    let row = |(code, meaning): (String, String)| RawCode {
        code,
        meaning,
        line,
    };
    if t.contains('|') {
        let (cells, _) = split_cells(t);
        let mut cells = cells.iter().map(|c| c.trim());
        let code = clean_name(cells.next().unwrap_or(""));
        if !is_code_token(&code) {
            return Vec::new();
        }
        let meaning = cells.find(|c| !c.is_empty()).map(inline_text);
        return vec![row((code, meaning.unwrap_or_default()))];
    }
    let t = match strip_item_number(t) {
        Some(rest) if code_and_meaning(rest).is_some() => rest,
        _ => t,
    };
    let pieces: Vec<&str> = t
        .split(LIST_SEPARATORS)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if pieces.len() > 1 {
        let all: Option<Vec<_>> = pieces.iter().map(|p| code_and_meaning(p)).collect();
        if let Some(all) = all {
            return all.into_iter().map(row).collect();
        }
    }
    code_and_meaning(t).map(row).into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(line: &str) -> Vec<(String, String)> {
        code_rows(line, 1)
            .into_iter()
            .map(|r| (r.code, r.meaning))
            .collect()
    }

    fn one(code: &str, meaning: &str) -> Vec<(String, String)> {
        vec![(code.to_string(), meaning.to_string())]
    }

    #[test]
    fn codes_are_numbers_or_upper_case_identifiers() {
        for code in ["40001", "-1", "00000", "A00001", "ERR_TOKEN", "E_1"] {
            assert!(is_code_token(code), "{code}");
        }
        for word in [
            "OK",
            "HTTP",
            "code",
            "Code",
            "说明",
            "",
            "-",
            "4000100010001000100",
        ] {
            assert!(!is_code_token(word), "{word}");
        }
    }

    #[test]
    fn table_rows() {
        assert_eq!(rows("|101|账号不存在|"), one("101", "账号不存在"));
        assert_eq!(rows("| `40001` | **参数错误** |"), one("40001", "参数错误"));
        assert_eq!(
            rows("D00013|登录失败|回调第三方接口时失败"),
            one("D00013", "登录失败")
        );
        assert_eq!(rows("|code|说明|"), []);
        assert_eq!(rows("错误码|描述|情景"), []);
    }

    #[test]
    fn list_lines() {
        assert_eq!(rows("- 200: 请求成功"), one("200", "请求成功"));
        assert_eq!(rows("40001：参数错误"), one("40001", "参数错误"));
        assert_eq!(rows("40001 参数错误"), one("40001", "参数错误"));
        assert_eq!(
            rows("40001    Invalid token"),
            one("40001", "Invalid token")
        );
        assert_eq!(rows("* 40001 - 参数错误"), one("40001", "参数错误"));
        assert_eq!(rows("1. 40001 参数错误"), one("40001", "参数错误"));
        assert_eq!(rows("-1 系统繁忙"), one("-1", "系统繁忙"));
        assert_eq!(
            rows("ERR_TOKEN: token 无效"),
            one("ERR_TOKEN", "token 无效")
        );
        // prose in the section is no row
        assert_eq!(rows("更多错误码请见错误码表"), []);
        assert_eq!(rows("3. 所有接口支持跨域访问(CORS)"), []);
        assert_eq!(rows("2019年起启用"), []);
    }

    #[test]
    fn one_line_lists() {
        assert_eq!(
            rows("> A00001、B00001、G20202"),
            [
                ("A00001".to_string(), String::new()),
                ("B00001".to_string(), String::new()),
                ("G20202".to_string(), String::new())
            ]
        );
        assert_eq!(
            rows("40001 参数错误；40002 签名错误"),
            [
                ("40001".to_string(), "参数错误".to_string()),
                ("40002".to_string(), "签名错误".to_string())
            ]
        );
        // a comma inside one meaning does not split it
        assert_eq!(
            rows("40001 参数错误, 请检查"),
            one("40001", "参数错误, 请检查")
        );
    }

    #[test]
    fn the_code_sections_of_a_page() {
        let page =
            "# 全局错误码\n\n|错误码|说明|\n|---|---|\n|40001|参数错误|\n|40002|签名错误|\n\n\
                    ## 其他\n\n40003 不在码表里\n\n2. 常见错误码:\n- 200: 请求成功\n";
        let p = crate::page::parse_page("codes.md", page);
        let got: Vec<(&str, &str, usize)> = p
            .codes
            .iter()
            .map(|c| (c.code.as_str(), c.meaning.as_str(), c.line))
            .collect();
        assert_eq!(
            got,
            [
                ("40001", "参数错误", 5),
                ("40002", "签名错误", 6),
                ("200", "请求成功", 13)
            ]
        );
        // a page that is only a code table is no API page, and keeps its codes
        assert_eq!(p.kind, crate::page::PageKind::NotApi);
    }
}
