//! Fuzzes the page parser and the lowering of what it finds (stages 1–3 for one
//! page: sections, tables, URL and method, the lenient JSON reader on the
//! examples, path templates and parameter names): none of it may panic on any
//! page, and every diagnostic must point inside the page.
#![no_main]

use codegen::lower::{lower_page, PageInput};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let page = codegen::page::parse_page("fuzz.txt", &text);
    let (endpoints, diags) = lower_page(&PageInput {
        file: "fuzz.txt",
        text: &text,
        parsed: &page,
        overrides: None,
    });
    let lines = text.split('\n').count();
    let mut sources = codegen::diag::SourceMap::new();
    sources.insert("fuzz.txt", &*text);
    for d in page.diagnostics.iter().chain(&diags) {
        assert!(
            d.line >= 1 && d.line <= lines,
            "diagnostic line {} outside the page ({lines} lines): {}",
            d.line,
            d.message
        );
        // Rendering a diagnostic (what the user sees) must not panic either.
        let _ = d.display(&sources).to_string();
    }
    for e in &endpoints {
        assert!(e.path.raw.starts_with('/'), "path {:?}", e.path.raw);
    }
});
