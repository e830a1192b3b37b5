//! URLs as the pages write them → paths as the docs mean them.
//!
//! Rules (in order):
//! 1. Markup goes: backticks, `<br/>`, surrounding whitespace; a markdown link
//!    `[text](href)` is read as its text when the text holds a `/`, else its href.
//! 2. The first whitespace-separated token holding a `/` is the URL (`例：` prefixes,
//!    trailing prose and a missing closing backtick do not matter).
//! 3. The query string (`?a=b`) and fragment (`#x`) are cut.
//! 4. Scheme and host are removed: `https://${host}`, `http://{网关}`, `http://xx.com`,
//!    `http://172.16.46.125:30843`. Without a scheme, a first segment that is a
//!    host name (has a `.` or a `:port`) is removed too.
//! 5. **Placeholder prefix rule**: a *first* segment that is entirely a placeholder
//!    (`{x}`, `{{x}}`, `${x}`) is a gateway / service / host prefix and is removed when
//!    at least one more segment follows: `{{服务中心网关地址}}/api/sku` → `/api/sku`,
//!    `/{ams-service}/role/grant` → `/role/grant`. REST paths never start with a path
//!    parameter, while every such prefix in the corpus does. Placeholders in any other
//!    position are path parameters and are kept (`/user/{employeeId}`, `/x/:id`).
//! 6. Empty segments are dropped, so `//` collapses and a trailing `/` goes; the
//!    result starts with `/`. A URL that is only a host plus `/` is `/`.
//! 7. `None` when nothing path-like remains: no `/` at all, only a host, whitespace
//!    or CJK text inside the path outside `{…}` placeholders (prose, not a path).

use super::lines::is_cjk;

/// The path as the docs write it, hosts and placeholder prefixes removed (see the
/// module docs for the exact rules).
pub fn clean_path(url: &str) -> Option<String> {
    let text = unwrap_markup(url);
    let mut words = text.split_whitespace();
    let first = words.by_ref().find(|t| t.contains('/'))?;
    // `/models/{model_id: str}`: a placeholder with a space inside is one token.
    let mut token = super::evidence::join_braces(first, &mut words);
    // `/person/ {targetId}/x`: a stray space after a slash, the path goes on. Kept
    // as written (the path is the page's); [`crate::lower::parse_template`] trims
    // the segment.
    while token.ends_with('/') {
        match words.clone().next() {
            Some(w) if w.starts_with(['{', ':']) && w.contains('/') => {
                token.push(' ');
                token.push_str(w);
                words.next();
            }
            _ => break,
        }
    }
    // `…/x`** (emphasis left after the closing backtick) is markup, not path.
    let token = token.trim_end_matches('*');
    let (token, query) = match token.find(['?', '#']) {
        Some(q) => (&token[..q], true),
        None => (token, false),
    };
    let (path, had_host) = strip_host(token);
    let mut segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if !had_host && !path.starts_with('/') {
        if let Some(first) = segments.first() {
            if looks_like_host(first) {
                segments.remove(0);
            }
        }
    }
    if segments.len() > 1 && segments.first().is_some_and(|s| is_placeholder(s)) {
        segments.remove(0);
    }
    if segments.iter().any(|s| !is_path_segment(s)) {
        return None;
    }
    if segments.is_empty() {
        // Only `/` (or `http://host/`) is a path; a bare host or `{x}` is not.
        return (path == "/" || (had_host && path.starts_with('/'))).then(|| "/".to_string());
    }
    // `/user/?/device.add`: before a query string the trailing slash is part of
    // the resource the server routes (a directory index), so it is kept.
    let slash = if query && path.ends_with('/') {
        "/"
    } else {
        ""
    };
    Some(format!("/{}{slash}", segments.join("/")))
}

/// The `scheme://host[:port]` a page's URL starts with (`https://api.shop.test`),
/// when it names a real host: [`clean_path`] drops the host from the path, this
/// keeps it for the host inference (`crate::discover`). No origin for a host
/// placeholder (`https://${host}`, `{{HOST}}/x`), `localhost`, `127.0.0.1` or a
/// `.local` name: those are the writer's machine, not the API's host.
pub fn url_origin(url: &str) -> Option<String> {
    let text = unwrap_markup(url);
    let token = text.split_whitespace().find(|t| t.contains("://"))?;
    // `例：http://…`: a label glued to the URL.
    let token = &token[token.find("http")?..];
    let (scheme, rest) = token
        .strip_prefix("https://")
        .map(|r| ("https", r))
        .or_else(|| token.strip_prefix("http://").map(|r| ("http", r)))?;
    let host: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
        .collect();
    // The host ends at `/`, `?`, `#` or the end: anything else (`${host}`,
    // `{domain}`, `机器人IP`) makes it a placeholder or prose.
    let next = rest[host.len()..].chars().next();
    if !matches!(next, None | Some('/' | '?' | '#')) {
        return None;
    }
    let name = host.split(':').next().unwrap_or("");
    let real = name.contains('.')
        && !name.starts_with('.')
        && !name.ends_with('.')
        && name != "127.0.0.1"
        && !name.ends_with(".local");
    real.then(|| format!("{scheme}://{}", host.to_ascii_lowercase()))
}

/// Backticks, `<br/>`, markdown links.
fn unwrap_markup(url: &str) -> String {
    let mut s = url.trim().to_string();
    if let Some(link) = link_parts(&s) {
        s = link;
    }
    let s = s.replace('`', " ");
    let lower = s.to_ascii_lowercase();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let rest = &lower[i..];
        if let Some(len) = ["<br />", "<br/>", "<br>"]
            .iter()
            .find(|t| rest.starts_with(**t))
            .map(|t| t.len())
        {
            out.push(' ');
            i += len;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// `[text](href)` → text if it holds a `/`, else href.
fn link_parts(s: &str) -> Option<String> {
    let inner = s.strip_prefix('[')?;
    let close = inner.find("](")?;
    let text = &inner[..close];
    let href = inner[close + 2..].trim_end().trim_end_matches(')');
    Some(if text.contains('/') {
        text.to_string()
    } else {
        href.to_string()
    })
}

/// Removes `scheme://host`; returns the rest and whether a host was removed.
fn strip_host(token: &str) -> (&str, bool) {
    match token.find("://") {
        Some(i) => {
            let after = &token[i + 3..];
            match after.find('/') {
                Some(slash) => (&after[slash..], true),
                None => ("", true),
            }
        }
        None => (token, false),
    }
}

/// `xx.com`, `host:8080`, `localhost`: a host written without a scheme.
fn looks_like_host(seg: &str) -> bool {
    !is_placeholder(seg) && (seg.contains('.') || seg.contains(':') || seg == "localhost")
}

/// `{x}`, `{{x}}`, `${x}`.
fn is_placeholder(seg: &str) -> bool {
    let s = seg.strip_prefix('$').unwrap_or(seg);
    s.len() >= 2 && s.starts_with('{') && s.ends_with('}')
}

/// A segment is path-like unless it holds whitespace or CJK prose outside braces.
fn is_path_segment(seg: &str) -> bool {
    let mut depth = 0usize;
    for c in seg.trim_start().chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && depth == 0 => return false,
            c if depth == 0 && (is_cjk(c) || c as u32 >= 0x3000 && c.is_alphabetic()) => {
                return false
            }
            _ => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::clean_path;

    fn p(s: &str) -> Option<String> {
        clean_path(s)
    }

    #[test]
    fn hosts_and_placeholders() {
        assert_eq!(
            p("https://${host}/api/v2/x/:id").as_deref(),
            Some("/api/v2/x/:id")
        );
        assert_eq!(
            p("http://xx.com/api/user/register").as_deref(),
            Some("/api/user/register")
        );
        assert_eq!(
            p("{{服务中心网关地址}}/api/sku").as_deref(),
            Some("/api/sku")
        );
        assert_eq!(
            p("/{ams-service}/role/grant").as_deref(),
            Some("/role/grant")
        );
        assert_eq!(
            p("`{网关}/ams-auth/mini_program/bind`").as_deref(),
            Some("/ams-auth/mini_program/bind")
        );
        assert_eq!(
            p("http://{网关}/tms-base/codeDivision/page").as_deref(),
            Some("/tms-base/codeDivision/page")
        );
        assert_eq!(
            p("http://172.16.46.125:30843/529c?statday=2022-06-18").as_deref(),
            Some("/529c")
        );
        assert_eq!(p("xx.com/api/a").as_deref(), Some("/api/a"));
    }

    #[test]
    fn path_params_are_kept() {
        assert_eq!(
            p("/user/{employeeId}").as_deref(),
            Some("/user/{employeeId}")
        );
        assert_eq!(
            p("/api/admin/role/:id").as_deref(),
            Some("/api/admin/role/:id")
        );
        assert_eq!(p("/{id}").as_deref(), Some("/{id}"));
        assert_eq!(
            p("http://domain/api/v4/{{uri}}").as_deref(),
            Some("/api/v4/{{uri}}")
        );
    }

    #[test]
    fn family_page_paths() {
        assert_eq!(
            p("/models/{model_id: str}").as_deref(),
            Some("/models/{model_id: str}")
        );
        assert_eq!(p("`{根地址}/pay/x`**").as_deref(), Some("/pay/x"));
        assert_eq!(
            p("/a/person/ {targetId}/{devId}/share").as_deref(),
            Some("/a/person/ {targetId}/{devId}/share")
        );
        assert_eq!(p("/a/ 说明").as_deref(), Some("/a"));
        assert_eq!(
            p("http://127.0.0.1/user/?/device.add").as_deref(),
            Some("/user/")
        );
        assert_eq!(p("/api/admin/role/").as_deref(), Some("/api/admin/role"));
        assert_eq!(
            p("api/Users/SearchEmail").as_deref(),
            Some("/api/Users/SearchEmail")
        );
    }

    #[test]
    fn markup_query_and_slashes() {
        assert_eq!(
            p("` /ebay/listing/detail `").as_deref(),
            Some("/ebay/listing/detail")
        );
        assert_eq!(
            p("` /lms/sku/getSkuCostDiscount").as_deref(),
            Some("/lms/sku/getSkuCostDiscount")
        );
        assert_eq!(p("/api/send<br/>").as_deref(), Some("/api/send"));
        assert_eq!(p("/api/admin/role/").as_deref(), Some("/api/admin/role"));
        assert_eq!(p("/a//b").as_deref(), Some("/a/b"));
        assert_eq!(p("/").as_deref(), Some("/"));
        assert_eq!(p("http://x.com/").as_deref(), Some("/"));
        assert_eq!(
            p("ams-auth/token/user-token-check").as_deref(),
            Some("/ams-auth/token/user-token-check")
        );
        assert_eq!(
            p("例：` http://h:1/1ce9?beginDate=2021-11 `").as_deref(),
            Some("/1ce9")
        );
        assert_eq!(
            p("[/api/company/getBalance](https://openApi-qa.gzlle.com`/api/company/getBalance`)")
                .as_deref(),
            Some("/api/company/getBalance")
        );
    }

    #[test]
    fn nothing_path_like() {
        assert_eq!(p(""), None);
        assert_eq!(p("`  `"), None);
        assert_eq!(p("开发者设置的全局回调地址"), None);
        assert_eq!(
            p("com.zhkj.saas.ims.feign.StockFeignClient#listAvailableOfSku"),
            None
        );
        assert_eq!(p("http://xx.com"), None);
        assert_eq!(p("{网关}"), None);
        assert_eq!(p("测试/环境"), None);
    }

    #[test]
    fn origins_of_full_urls() {
        let o = |s: &str| super::url_origin(s);
        assert_eq!(
            o("`https://api.shop.test/v1/x?id=1`").as_deref(),
            Some("https://api.shop.test")
        );
        assert_eq!(
            o("例：http://10.0.0.1:8080/x").as_deref(),
            Some("http://10.0.0.1:8080")
        );
        assert_eq!(
            o("https://API.Shop.test").as_deref(),
            Some("https://api.shop.test")
        );
        // Placeholders, the writer's machine and bare paths name no host.
        assert_eq!(o("https://${host}/api/v2/x"), None);
        assert_eq!(o("https://{domain}/x"), None);
        assert_eq!(o("http://机器人IP:端口号/x"), None);
        assert_eq!(o("http://localhost:3000/x"), None);
        assert_eq!(o("http://127.0.0.1:3000/x"), None);
        assert_eq!(o("/v1/x"), None);
        assert_eq!(o("api.shop.test/v1/x"), None);
    }
}
