//! Stage 1 over every fixture page: method and path as a human reads them.

use codegen::diag::SourceMap;
use codegen::ir::Method;
use codegen::page::{clean_path, parse_page, PageKind, ParsedPage};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn read(path: &Path) -> String {
    String::from_utf8_lossy(
        &std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .into_owned()
}

fn parse(dir: &str, file: &str) -> ParsedPage {
    parse_page(file, &read(&fixtures().join(dir).join(file)))
}

/// Pages of a fixture directory, sorted (INDEX/EXPECTED files excluded).
fn pages(dir: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(fixtures().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".tsv"))
        .collect();
    v.sort();
    v
}

/// `(method, path)` of every endpoint, as `parse_loose` and `clean_path` read them.
fn signatures(p: &ParsedPage) -> Vec<(Option<Method>, Option<String>)> {
    p.endpoints
        .iter()
        .map(|e| {
            (
                e.method
                    .as_ref()
                    .and_then(|m| Method::parse_loose(&m.value)),
                e.url.as_ref().and_then(|u| clean_path(&u.value)),
            )
        })
        .collect()
}

fn expect(method: &str, path: &str) -> (Option<Method>, Option<String>) {
    let m = if method.is_empty() {
        None
    } else {
        Some(
            Method::parse_loose(method)
                .unwrap_or_else(|| panic!("bad method {method} in expectations")),
        )
    };
    (m, (!path.is_empty()).then(|| path.to_string()))
}

#[test]
fn weiwenjia_pages_match_index() {
    let index = read(&fixtures().join("weiwenjia/INDEX.tsv"));
    let mut seen = 0;
    for row in index.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = row.split('\t').collect();
        let (file, method, path) = (cols[0], cols[3], cols[4]);
        let page = parse("weiwenjia", file);
        seen += 1;
        if method.is_empty() && path.is_empty() {
            assert_eq!(
                page.kind,
                PageKind::NotApi,
                "{file} is a guide, not an API page"
            );
            // Not silently: one note says why.
            assert!(page.endpoints.is_empty(), "{file}");
            assert!(
                page.diagnostics.len() == 1
                    && page.diagnostics[0].severity == codegen::diag::Severity::Note
                    && page.diagnostics[0].message.starts_with("not an API page: "),
                "{file}: {:?}",
                page.diagnostics
            );
            continue;
        }
        assert_eq!(page.kind, PageKind::Api, "{file}");
        assert_eq!(signatures(&page), vec![expect(method, path)], "{file}");
    }
    assert_eq!(
        seen,
        pages("weiwenjia").len(),
        "every weiwenjia page is in INDEX.tsv"
    );
}

#[test]
fn the_two_guides_are_not_api_pages() {
    for f in ["demo.md.1.txt", "crm_open_api-1f8mjm3kdttee.1.txt"] {
        assert_eq!(parse("weiwenjia", f).kind, PageKind::NotApi, "{f}");
    }
}

#[test]
fn seeds() {
    let want = [
        ("000_7a4b2e7d4fb92bee.txt", "GET", ""),
        (
            "001_63532878c396d8b5.txt",
            "PUT",
            "/api/v2/opportunities/:id",
        ),
        (
            "002_028da634c9d2ad80.txt",
            "GET",
            "/api/v2/contracts/new_from_opportunity",
        ),
        ("003_c4e66b89276c4b42.txt", "POST", ""),
        ("004_3c3116e91c6d6aca.txt", "GET", "/api/v2/contracts/:id"),
    ];
    assert_eq!(pages("seeds").len(), want.len());
    for (file, method, path) in want {
        let page = parse("seeds", file);
        assert_eq!(page.kind, PageKind::Api, "{file}");
        assert_eq!(signatures(&page), vec![expect(method, path)], "{file}");
        let ep = &page.endpoints[0];
        assert_eq!(ep.updated_at.as_deref(), Some("2025-04-29 14:18"), "{file}");
        assert_eq!(ep.author.as_deref(), Some("陈胜海"), "{file}");
        assert!(
            ep.examples
                .iter()
                .any(|e| e.kind == codegen::ir::ExampleKind::Success),
            "{file}"
        );
    }
    // The pipe rendering lost the URL line but kept the path-parameter table.
    let p = parse("seeds", "000_7a4b2e7d4fb92bee.txt");
    assert_eq!(p.endpoints[0].path_params.len(), 1);
    assert_eq!(p.endpoints[0].path_params[0].name, "id");
}

#[test]
fn showdoc_md_pages_match_expected_tsv() {
    let expected = read(&fixtures().join("showdoc-md/EXPECTED.tsv"));
    let mut by_file: std::collections::BTreeMap<String, Vec<(usize, &str, &str)>> =
        Default::default();
    for row in expected.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = row.split('\t').collect();
        assert_eq!(cols.len(), 4, "EXPECTED.tsv row {row:?}");
        by_file.entry(cols[0].to_string()).or_default().push((
            cols[1].parse().unwrap(),
            cols[2],
            cols[3],
        ));
    }
    let files: Vec<String> = pages("showdoc-md")
        .into_iter()
        .filter(|f| f.ends_with(".md"))
        .collect();
    assert_eq!(files.len(), 45);
    assert_eq!(
        by_file.keys().cloned().collect::<Vec<_>>(),
        files,
        "EXPECTED.tsv covers every page"
    );
    let mut total = 0;
    for (file, rows) in &by_file {
        let page = parse("showdoc-md", file);
        assert_eq!(page.kind, PageKind::Api, "{file}");
        let want: Vec<_> = rows.iter().map(|&(_, m, p)| expect(m, p)).collect();
        for (k, &(idx, _, _)) in rows.iter().enumerate() {
            assert_eq!(idx, k, "{file}: indexes are 0.. in file order");
        }
        assert_eq!(page.endpoints.len(), want.len(), "{file}: number of APIs");
        assert_eq!(signatures(&page), want, "{file}");
        total += want.len();
    }
    assert_eq!(total, 62);
}

/// rustc-style rendering of every diagnostic the parser reports over the fixtures.
#[test]
fn diagnostics_snapshot() {
    let mut out = String::new();
    for dir in ["seeds", "weiwenjia", "showdoc-md"] {
        for file in pages(dir) {
            let text = read(&fixtures().join(dir).join(&file));
            let page = parse_page(&file, &text);
            let mut sources = SourceMap::new();
            sources.insert(file.as_str(), text);
            for d in &page.diagnostics {
                let shown = d.display(&sources);
                assert!(!d.is_error(), "the parser only warns: {shown}");
                out.push_str(&format!("{shown}\n\n"));
            }
        }
    }
    insta::assert_snapshot!("page_diagnostics", out);
}

/// Cutting any fixture at any line (pages arrive truncated) never panics and keeps
/// line numbers inside the page.
#[test]
fn every_prefix_of_every_fixture_parses() {
    for dir in ["seeds", "weiwenjia", "showdoc-md"] {
        for file in pages(dir) {
            let text = read(&fixtures().join(dir).join(&file));
            let n_lines = text.split('\n').count();
            let mut cut = 0;
            for (i, _) in text.match_indices('\n') {
                if i - cut < 200 && i + 1 != text.len() {
                    continue;
                }
                cut = i;
                let page = parse_page(&file, &text[..i]);
                for e in &page.endpoints {
                    assert!(e.line >= 1 && e.line <= n_lines);
                    for x in &e.examples {
                        assert!(text.contains(&x.text), "{file}: example text is verbatim");
                    }
                }
            }
            // and at a char boundary in the middle of a line
            let mid = (1..text.len() / 2)
                .rev()
                .find(|&k| text.is_char_boundary(k))
                .unwrap_or(0);
            parse_page(&file, &text[..mid]);
        }
    }
}
