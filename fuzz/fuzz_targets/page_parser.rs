//! Fuzzes the page parser: it must never panic on any page.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let page = codegen::page::parse_page("fuzz.txt", &text);
    // Touch the output so nothing is optimised away.
    let _ = page.endpoints.len() + page.diagnostics.len();
});
