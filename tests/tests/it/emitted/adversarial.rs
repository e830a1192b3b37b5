//! Hostile doc pages (BENCHMARKS.md, target 5), built here rather than committed:
//! huge tables, a 10 MB JSON example, nesting 10,000 levels deep, invalid UTF-8,
//! keys that are keywords or hold `*/`, `"`, `#[`, newlines, Chinese, differ only in
//! case or start with digits, and a page with 1,000 APIs.
//!
//! Each case runs `pipeline::generate` on its own thread: it must finish (the 60 s
//! bound is a hang guard, not a performance assertion) without panicking, and
//! either every emitted `.rs` file parses with `syn`, or the page is skipped with an
//! error diagnostic saying why. The crates of the hostile-keys, reserved-names and
//! contradicting pages are also built and tested with cargo (`main.rs`).

use super::Emitted;
use codegen::pipeline::{self, Generated, Status};
use std::fmt::Write as _;
use std::sync::mpsc;
use std::time::Duration;

type Page = (String, Vec<u8>);

const HANG_GUARD: Duration = Duration::from_secs(60);

/// One API in the ShowDoc markdown template.
fn api(summary: &str, method: &str, path: &str, table_rows: &str, response_data: &str) -> String {
    format!(
        "**简要描述：**\n\n- {summary}\n\n**请求URL：**\n\n- `{path}`\n\n**请求方式：**\n\n- {method}\n\n\
         **参数：**\n\n|参数名|必选|类型|说明|\n|:----|:---|:----|-----|\n{table_rows}\n\
         **返回示例**\n\n```\n{{\"code\": 0, \"data\": {response_data}}}\n```\n\n"
    )
}

/// Runs the pipeline on its own thread; panics and hangs fail the test.
fn generate(name: &str, pages: Vec<Page>) -> Generated {
    let (tx, rx) = mpsc::channel();
    let name_owned = name.to_string();
    // Each crate its own name: the emitted crates build at once in one build dir,
    // where cargo tells path crates apart by name and relative path only.
    let folder = format!("adversarial_{name}");
    std::thread::Builder::new()
        .name(format!("adversarial-{name}"))
        .spawn(move || {
            let result = std::panic::catch_unwind(|| {
                pipeline::generate_api(
                    &pages,
                    None,
                    pipeline::ApiInput {
                        api_toml: None,
                        folder: &folder,
                    },
                )
            });
            let _ = tx.send(result.map_err(|e| {
                e.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            }));
        })
        .expect("spawn");
    match rx.recv_timeout(HANG_GUARD) {
        Ok(Ok(g)) => g,
        Ok(Err(msg)) => panic!("case `{name_owned}`: pipeline::generate panicked: {msg}"),
        Err(_) => panic!(
            "case `{name_owned}`: pipeline::generate did not finish within {HANG_GUARD:?} (hang)"
        ),
    }
}

/// Every emitted Rust file parses, or every page is skipped with an error diagnostic.
fn assert_parses_or_skipped(name: &str, g: &Generated) {
    for page in &g.report.pages {
        if page.status == Status::Skipped {
            assert!(
                page.diagnostics
                    .iter()
                    .any(|d| d.severity == codegen::diag::Severity::Error && !d.message.is_empty()),
                "case `{name}`: page {} skipped without an error diagnostic",
                page.file
            );
        }
    }
    if g.report
        .pages
        .iter()
        .all(|p| !matches!(p.status, Status::Ok | Status::Partial))
    {
        assert!(
            g.files.is_empty() || g.api.endpoints.is_empty(),
            "case `{name}`: no page ok but endpoints emitted"
        );
        return;
    }
    let mut n = 0;
    for (path, text) in &g.files {
        if path.ends_with(".rs") {
            if let Err(e) = syn::parse_file(text) {
                panic!("case `{name}`: {path} does not parse: {e}");
            }
            n += 1;
        }
    }
    assert!(
        n > 0,
        "case `{name}`: a page is ok but no Rust file was emitted"
    );
}

fn huge_table_page() -> Page {
    let mut rows = String::new();
    for i in 0..10_000 {
        writeln!(rows, "|field_{i}|否|String|第{i}个字段|").unwrap();
    }
    let text = api(
        "巨大的参数表",
        "GET",
        "/api/v2/huge_tables",
        &rows,
        r#"{"id": 1, "name": "x"}"#,
    );
    ("huge_table.md".into(), text.into_bytes())
}

/// A success example of about 10 MB (an array of 20,000 objects, each ~500 bytes).
fn ten_mb_json() -> String {
    let mut s = String::from("{\"items\": [");
    let mut i = 0;
    while s.len() < 10 * 1024 * 1024 {
        if i > 0 {
            s.push_str(",\n");
        }
        write!(
            s,
            r#"{{"id": {i}, "name": "客户{i}", "amount": "{i}.50", "created_at": "2018-10-21 01:02", "note": "{}", "tags": ["a", "b"], "owner": {{"id": {i}, "name": "张三"}}}}"#,
            "备注".repeat(60)
        )
        .unwrap();
        i += 1;
    }
    s.push_str("], \"total_count\": 1, \"page\": 1}");
    s
}

fn huge_json_page() -> Page {
    let text = api(
        "10 MB 的返回示例",
        "GET",
        "/api/v2/big_payloads",
        "|page|否|int|页码|\n",
        &ten_mb_json(),
    );
    ("huge_json.md".into(), text.into_bytes())
}

fn deep_nesting_page() -> Page {
    let depth = 10_000;
    let objects = format!("{}1{}", "{\"a\": ".repeat(depth), "}".repeat(depth));
    let arrays = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let mut text = api(
        "对象嵌套一万层",
        "GET",
        "/api/v2/deep_objects",
        "|id|是|int|ID|\n",
        &objects,
    );
    text.push_str(&api(
        "数组嵌套一万层",
        "GET",
        "/api/v2/deep_arrays",
        "|id|是|int|ID|\n",
        &arrays,
    ));
    // and an unclosed one: the reader must give up without recursing either
    text.push_str(&api(
        "未闭合的嵌套",
        "GET",
        "/api/v2/deep_unclosed",
        "|id|是|int|ID|\n",
        &"[{\"b\": ".repeat(depth),
    ));
    ("deep_nesting.md".into(), text.into_bytes())
}

fn invalid_utf8_page() -> Page {
    let mut bytes = api(
        "非 UTF-8 的页面",
        "GET",
        "/api/v2/bad_bytes",
        "|id|是|int|ID|\n",
        r#"{"id": 1, "na\xFFme": "x"}"#,
    )
    .into_bytes();
    // invalid sequences in the summary, the table and the JSON
    bytes.splice(10..10, [0xFF, 0xFE, 0xC3]);
    let at = bytes.len() / 2;
    bytes.splice(at..at, [0xE4, 0xB8, 0x80, 0x80, 0xED, 0xA0, 0x80]);
    let end = bytes.len() - 10;
    bytes.splice(end..end, [0xF4, 0x90, 0x80, 0x80]);
    ("invalid_utf8.md".into(), bytes)
}

/// Keys that are not Rust identifiers in many different ways.
const HOSTILE_KEYS: &[&str] = &[
    "type",
    "fn",
    "self",
    "Self",
    "super",
    "crate",
    "async",
    "await",
    "dyn",
    "try",
    "union",
    "match",
    "impl",
    "mod",
    "r#type",
    "*/",
    "/*",
    "\\\"",
    "\\\\",
    "#[",
    "#![doc = \\\"x\\\"]",
    "a\\nb",
    "line\\r\\nbreak",
    "名称",
    "客户名称",
    "Name",
    "name",
    "NAME",
    "nAmE",
    "1st",
    "123",
    "0",
    "",
    " ",
    "_",
    "__",
    "extra",
    "custom_fields",
    "text_asset_8b1eeedd",
    "data",
    "default",
    "Field",
    "Option",
    "Result",
    "a-b",
    "a.b",
    "a b",
    "a/b",
    "a::b",
    "}",
    "{",
    "$x",
    "@",
    "é",
    "ℕ",
    "🦀",
    "\\u0000",
];

fn hostile_object(keys: &[&str], depth: usize) -> String {
    let mut s = String::from("{");
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        let v = match i % 5 {
            0 => "1".to_string(),
            1 => "\"文本\"".to_string(),
            2 => "\"20000.0\"".to_string(),
            3 => "true".to_string(),
            _ if depth > 0 => hostile_object(keys, depth - 1),
            _ => "null".to_string(),
        };
        write!(s, "\"{k}\": {v}").unwrap();
    }
    s.push('}');
    s
}

fn hostile_keys_pages() -> Vec<Page> {
    hostile_keys_pages_from(HOSTILE_KEYS, true)
}

/// The hostile-keys pages; `self_group` adds the pages whose group is `self`/`Self`.
fn hostile_keys_pages_from(keys: &[&str], self_group: bool) -> Vec<Page> {
    let mut rows = String::new();
    for k in keys {
        let k = k.replace('|', "¦");
        writeln!(rows, "|{k}|否|String|说明 */ \"{k}\" #[doc]|").unwrap();
    }
    let obj = hostile_object(keys, 1);
    let mut pages = Vec::new();
    pages.push((
        "hostile_keys.md".to_string(),
        api(
            "奇怪的键 */ #[",
            "POST",
            "/api/v2/type/:self/fn",
            &rows,
            &obj,
        )
        .into_bytes(),
    ));
    if !self_group {
        return pages;
    }
    // groups and operations named by keywords and punctuation too
    pages.push((
        "hostile_paths.md".to_string(),
        api(
            "关键字路径",
            "GET",
            "/api/v2/self/:type",
            "|type|是|int|类型|\n",
            &obj,
        )
        .into_bytes(),
    ));
    pages.push((
        "hostile_paths2.md".to_string(),
        api(
            "大小写",
            "GET",
            "/api/v2/Self/:Type",
            "|Type|是|int|类型|\n|type|否|int|类型|\n",
            &obj,
        )
        .into_bytes(),
    ));
    pages
}

fn many_apis_page() -> Page {
    let mut text = String::new();
    for i in 0..1_000 {
        let method = ["GET", "POST", "PUT", "DELETE"][i % 4];
        text.push_str(&api(
            &format!("第{i}个接口"),
            method,
            &format!("/api/v2/resource_{}/{}/:id", i % 37, i),
            "|id|是|int|ID|\n|name|否|String|名称|\n",
            &format!(r#"{{"id": {i}, "name": "n{i}", "amount": "{i}.0", "owner": {{"id": 1, "name": "x"}}}}"#),
        ));
    }
    ("many_apis.md".into(), text.into_bytes())
}

/// Small odd pages: empty, BOM only, CRLF, NUL bytes, unclosed fences, hostile URLs
/// and methods, ragged and very wide tables, a 1 MB line without a newline.
fn odd_pages() -> Vec<Page> {
    let one = |summary: &str, method: &str, path: &str| {
        api(summary, method, path, "|id|是|int|ID|\n", r#"{"id": 1}"#)
    };
    let mut wide = String::from("|");
    for i in 0..1_000 {
        write!(wide, "c{i}|").unwrap();
    }
    wide.push('\n');
    vec![
        ("empty.md".into(), Vec::new()),
        ("bom.md".into(), "\u{feff}".into()),
        ("crlf.md".into(), one("CRLF", "GET", "/api/v2/crlf/:id").replace('\n', "\r\n").into_bytes()),
        ("nul.md".into(), one("NUL\0字节", "GET", "/api/v2/nul\0/:id").into_bytes()),
        ("unclosed_fence.md".into(), "**简要描述：**\n\n- x\n\n**请求URL：**\n\n- `/api/v2/unclosed`\n\n```\n{\"code\": 0, \"data\": {\"a\": [1, 2".into()),
        ("hostile_url.md".into(), one("URL", "GET", "/api/v2/{}/::/:/:1a/:a-b/{x y}/%zz/../*/?q=1#frag").into_bytes()),
        ("hostile_method.md".into(), one("方法", "FETCH */ #[", "/api/v2/methods").into_bytes()),
        ("no_method.md".into(), one("没有方法", "", "/api/v2/no_method").into_bytes()),
        ("ragged_table.md".into(), api("参差表格", "POST", "/api/v2/ragged", "|a|\n|b|是|\n|c|是|int|说明|多|余|\n|||||\n", "{}").into_bytes()),
        ("wide_table.md".into(), api("宽表格", "POST", "/api/v2/wide", &wide, r#"{"id": 1}"#).into_bytes()),
        ("long_line.md".into(), format!("{}{}", one("长行", "GET", "/api/v2/long_line"), "长".repeat(350_000)).into_bytes()),
        ("json_only.md".into(), br#"{"code": 0, "data": {"id": 1}}"#.to_vec()),
    ]
}

#[test]
fn odd_small_pages() {
    for page in odd_pages() {
        let name = page.0.clone();
        check(&name, vec![page]);
    }
    check("odd_together", odd_pages());
}

fn check(name: &str, pages: Vec<Page>) -> Generated {
    let g = generate(name, pages);
    assert_parses_or_skipped(name, &g);
    g
}

#[test]
fn huge_table() {
    check("huge_table", vec![huge_table_page()]);
}

#[test]
fn ten_megabyte_json_example() {
    check("huge_json", vec![huge_json_page()]);
}

#[test]
fn nesting_ten_thousand_levels() {
    check("deep_nesting", vec![deep_nesting_page()]);
}

#[test]
fn invalid_utf8() {
    let g = check("invalid_utf8", vec![invalid_utf8_page()]);
    assert!(
        g.diagnostics.iter().any(|d| d.message.contains("UTF-8")),
        "no diagnostic about the invalid UTF-8"
    );
}

#[test]
fn hostile_keys_parse() {
    check("hostile_keys", hostile_keys_pages());
}

#[test]
fn a_thousand_apis_in_one_page() {
    let g = check("many_apis", vec![many_apis_page()]);
    assert!(
        g.api.endpoints.len() >= 900,
        "only {} of 1,000 APIs lowered",
        g.api.endpoints.len()
    );
}

#[test]
fn all_hostile_pages_together() {
    let mut pages = vec![
        huge_table_page(),
        deep_nesting_page(),
        invalid_utf8_page(),
        many_apis_page(),
    ];
    pages.extend(hostile_keys_pages());
    check("together", pages);
}

/// The crate emitted from the hostile-keys pages: its names are valid Rust, not
/// just parseable (keywords, `*/`, `"`, `#[`, newlines, Chinese, case-only and
/// digit-first keys, `_` and `__`, keyword groups (`self`, `type`) and path
/// parameters). It builds and its tests pass in the shared workspace
/// (`every_emitted_crate_builds_and_passes_its_tests` in `main.rs`).
pub fn hostile_keys_crate() -> Emitted {
    let name = "hostile_keys";
    let g = generate(name, hostile_keys_pages());
    assert_parses_or_skipped(name, &g);
    assert!(
        !g.api.endpoints.is_empty(),
        "no endpoint generated from the {name} pages"
    );
    Emitted::new(&format!("adversarial-{name}"), g.files)
}

/// Every name the generated code uses itself (`codegen::naming`'s scope lists:
/// the prelude, a group module's imports, a builder's members, `request()`'s
/// locals), in snake_case, plus names that camel-case alike (`a2`, `a_2`).
fn reserved_names() -> Vec<String> {
    use codegen::naming::{
        ident_snake, BUILDER_MEMBERS, GROUP_MODULE_IMPORTS, PRELUDE, REQUEST_LOCALS,
    };
    let mut names: Vec<String> = PRELUDE
        .iter()
        .chain(GROUP_MODULE_IMPORTS)
        .chain(BUILDER_MEMBERS)
        .chain(REQUEST_LOCALS)
        .map(|n| ident_snake(n))
        .chain(
            [
                "a2",
                "a_2",
                "new",
                "fmt",
                "object_visitor",
                "a",
                "d",
                "builder",
                "first",
                "page",
            ]
            .map(String::from),
        )
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Pages that use every reserved name as a group, an operation, a path, query
/// and body parameter (optional and required), and a JSON key holding an
/// object; one of them is a paged list (its builder has `stream()`), one has a
/// U+202E in its texts, one nests lists 30 deep.
fn reserved_names_pages() -> Vec<Page> {
    let names = reserved_names();
    let mut pages = Vec::new();
    let object = {
        let mut s = String::from("{\"id\": 1");
        // (the wire key `self` has its own test: its re-encoding is a separate fix)
        for n in names.iter().filter(|n| *n != "self") {
            write!(s, ", \"{n}\": {{\"id\": 2, \"{n}\": \"x\"}}").unwrap();
        }
        s.push('}');
        s
    };
    for (i, n) in names.iter().enumerate() {
        // `n` as an operation of one group, and as a group
        let op = api(
            n,
            "GET",
            &format!("/api/v2/things/{n}"),
            "|id|否|int|ID|\n",
            r#"{"id": 1}"#,
        );
        let group = api(
            n,
            "GET",
            &format!("/api/v2/{n}/:id"),
            "|id|是|int|ID|\n",
            &object,
        );
        pages.push((format!("op_{i:02}.md"), op.into_bytes()));
        pages.push((format!("group_{i:02}.md"), group.into_bytes()));
    }
    let rows = |required: &str| -> String {
        names
            .iter()
            .map(|n| format!("|{n}|{required}|String|参数 {n}\u{202e}说明|\n"))
            .collect()
    };
    let path: String = [
        "client",
        "request",
        "encode_path_segment",
        "param_text",
        "value",
        "key",
    ]
    .iter()
    .map(|n| format!("/:{n}"))
    .collect();
    pages.push((
        "params_query.md".into(),
        api(
            "参数\u{202e}名",
            "GET",
            &format!("/api/v2/params{path}"),
            &rows("否"),
            r#"{"items": [{"id": 1}], "total_count": 1, "page": 1}"#,
        )
        .into_bytes(),
    ));
    pages.push((
        "params_body.md".into(),
        api(
            "必填",
            "POST",
            "/api/v2/params",
            &rows("是"),
            r#"{"id": 1}"#,
        )
        .into_bytes(),
    ));
    let body_rows: String = names
        .iter()
        .map(|n| format!("|param[{n}]|否|int|x|\n"))
        .collect();
    pages.push((
        "params_nested.md".into(),
        api(
            "嵌套",
            "PUT",
            "/api/v2/params/:id",
            &body_rows,
            r#"{"id": 1}"#,
        )
        .into_bytes(),
    ));
    let deep = format!("{}1{}", "[".repeat(30), "]".repeat(30));
    pages.push((
        "deep_lists.md".into(),
        api(
            "数组嵌套三十层",
            "GET",
            "/api/v2/deep_lists/:id",
            "|id|是|int|ID|\n",
            &format!(r#"{{"id": 1, "grid": {deep}}}"#),
        )
        .into_bytes(),
    ));
    pages
}

/// A page may name things whatever it likes: the crate emitted from pages using
/// every name the generated code uses itself, in every position, builds
/// without a warning and its example tests pass. Before: 128 compile errors
/// (`struct Result` beside `use …::Result`, two `struct A2`, a setter `send`
/// beside `send()`, a field `client` twice, U+202E denied in docs, E0275 on
/// lists nested 29 deep).
/// (built, tested and checked for warnings in the shared workspace:
/// `every_emitted_crate_builds_and_passes_its_tests` in `main.rs`)
pub fn reserved_names_crate() -> Emitted {
    let name = "reserved_names";
    let g = generate(name, reserved_names_pages());
    assert_parses_or_skipped(name, &g);
    assert!(
        g.report.pages.iter().all(|p| p.status == Status::Ok),
        "a reserved-names page was skipped: {:?}",
        g.report
            .pages
            .iter()
            .filter(|p| p.status != Status::Ok)
            .map(|p| (&p.file, &p.diagnostics))
            .collect::<Vec<_>>()
    );
    let n_names = reserved_names().len();
    assert!(
        g.api.endpoints.len() >= 2 * n_names,
        "{} operations",
        g.api.endpoints.len()
    );
    // no bidi control reaches a Rust file
    for (path, text) in &g.files {
        if path.ends_with(".rs") {
            assert!(
                !text.contains(codegen::output::is_bidi_control),
                "{path} holds a bidi control"
            );
        }
    }
    // (warnings denied for the emitted library alone: its dependencies keep the
    // flags this workspace built them with, so they are reused)
    Emitted::new(&format!("adversarial-{name}"), g.files).warning_free()
}

/// Lists nested deeper than `infer::MAX_LIST_NESTING` become one JSON value
/// (29 nested `Vec<Field<…>>` overflowed rustc).
#[test]
fn deeply_nested_lists_are_kept_as_json() {
    use codegen::infer::{TypeRef, MAX_LIST_NESTING};
    let g = generate(
        "deep_lists",
        reserved_names_pages().split_off(reserved_names_pages().len() - 1),
    );
    let grid = g
        .types
        .structs
        .iter()
        .flat_map(|s| &s.fields)
        .find(|f| f.wire_name == "grid")
        .expect("a grid field");
    let mut depth = 0;
    let mut t = &grid.ty;
    while let TypeRef::List(inner) = t {
        depth += 1;
        t = inner;
    }
    assert_eq!(depth, MAX_LIST_NESTING, "{:?}", grid.ty);
    assert_eq!(*t, TypeRef::Json);
}

/// The same method and path on two pages, with an object example on one and a
/// list on the other, and the id documented as int and as string: a warning
/// names both pages for each, the response is JSON (which holds both), the id
/// a string; the emitted example tests (which failed before) pass.
#[test]
fn contradicting_pages_of_one_endpoint() {
    let g = generate("contradicting", contradicting_pages());
    let warned = |needle: &str| {
        g.diagnostics.iter().any(|d| {
            d.severity == codegen::diag::Severity::Warning
                && d.file == "b.md"
                && d.message.contains("a.md:")
                && d.message.contains(needle)
        })
    };
    assert!(warned("disagree"), "{:#?}", g.diagnostics);
    assert!(
        warned("`id` is documented as `string` here but as `int`"),
        "{:#?}",
        g.diagnostics
    );
    let e = g
        .api
        .endpoints
        .iter()
        .find(|e| e.group == "widgets" && e.operation == "get")
        .expect("widgets.get");
    let op = g.types.op(e);
    let id = e.params.iter().find(|p| p.rust_name == "id").expect("id");
    assert_eq!(op.response, codegen::infer::TypeRef::Json);
    assert_eq!(*op.param(e, id), codegen::infer::TypeRef::String);
}

/// The two pages of `contradicting_pages_of_one_endpoint`.
fn contradicting_pages() -> Vec<Page> {
    vec![
        (
            "a.md".to_string(),
            api(
                "一",
                "GET",
                "/api/v2/widgets/:id",
                "|id|是|int|ID|\n",
                r#"{"id": 1, "name": "x"}"#,
            )
            .into_bytes(),
        ),
        (
            "b.md".to_string(),
            api(
                "二",
                "GET",
                "/api/v2/widgets/:id",
                "|id|是|string|ID|\n",
                r#"[{"id": "abc", "name": "y"}]"#,
            )
            .into_bytes(),
        ),
    ]
}

/// The crate emitted from `contradicting_pages`: its example tests (which failed
/// before) pass in the shared workspace (`main.rs`).
pub fn contradicting_crate() -> Emitted {
    let g = generate("contradicting", contradicting_pages());
    Emitted::new("adversarial-contradicting", g.files)
}

/// An override `method = "TRACE"` on a real page: the error quotes what the
/// override says (it used to quote the page's `PUT` as the bad method).
#[test]
fn a_bad_override_method_is_quoted_as_written() {
    let docs = ikcrm_tests::repo().join("docs-input");
    let (pages, _) = pipeline::read_docs(&docs).expect("docs-input");
    let page = pages
        .into_iter()
        .find(|(name, _)| name == "001_63532878c396d8b5.txt")
        .expect("the page that updates an opportunity (PUT)");
    let overrides = "[\"001_63532878c396d8b5.txt\"]\nmethod = \"TRACE\"\n";
    let g = pipeline::generate(&[page], Some(overrides));
    let errors: Vec<&codegen::diag::Diagnostic> =
        g.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("`TRACE`") && d.message.contains("override")),
        "{errors:#?}"
    );
    assert!(
        errors.iter().all(|d| !d.message.contains("`PUT`")),
        "{errors:#?}"
    );
}

/// A 5 MB title (the issue's was 50 MB) is cut to `lower::MAX_DOC_TEXT`
/// characters everywhere it goes (code, `api.json`, `openapi.json`), with a
/// warning, and the diagnostic does not copy the line either.
#[test]
fn a_huge_title_is_bounded() {
    let title = "标题".repeat(5 * 1024 * 1024 / 6);
    let text = format!(
        "# {title}\n\n{}",
        api(
            "简要",
            "GET",
            "/api/v2/titled/:id",
            "|id|是|int|ID|\n",
            r#"{"id": 1}"#
        )
    );
    let g = check(
        "huge_title",
        vec![("huge_title.md".into(), text.into_bytes())],
    );
    for (path, text) in &g.files {
        assert!(
            text.len() < 1024 * 1024,
            "{path} is {} bytes: the title was copied",
            text.len()
        );
    }
    let cut: Vec<&codegen::diag::Diagnostic> = g
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("was cut"))
        .collect();
    assert_eq!(cut.len(), 1, "{:#?}", g.diagnostics);
    assert!(cut[0].display(&g.sources).to_string().len() < 2_000);
    let e = &g.api.endpoints[0];
    let longest = e
        .summary
        .chars()
        .count()
        .max(e.title.as_deref().map_or(0, |t| t.chars().count()));
    assert_eq!(
        longest,
        codegen::lower::MAX_DOC_TEXT + 1,
        "cut to the bound plus `…`"
    );
}
