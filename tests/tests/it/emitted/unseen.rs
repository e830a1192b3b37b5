//! A crate emitted from folders of pages the project was not built around (the
//! 45 ShowDoc files of other APIs, and every ikcrm fixture page including the ones
//! that lose their URL) builds on its own, outside this workspace, its own tests
//! (one round trip per documented example) pass, clippy has nothing to say and
//! rustdoc no warning (in the shared workspace, `main.rs`).

use super::Emitted;
use ikcrm_tests::repo;
use std::path::PathBuf;

/// The crate emitted from `docs`, its workspace member named `unseen-<name>`.
fn emit(name: &str, docs: &[PathBuf]) -> Emitted {
    let mut pages = Vec::new();
    for dir in docs {
        let (p, _) = codegen::pipeline::read_docs(dir).expect("read docs");
        pages.extend(p);
    }
    let generated = codegen::pipeline::generate_api(
        &pages,
        None,
        codegen::pipeline::ApiInput {
            api_toml: None,
            folder: name,
        },
    );
    assert!(!generated.files.is_empty(), "nothing generated for {name}");
    Emitted::new(&format!("unseen-{name}"), generated.files).linted()
}

/// The crates of `tests/fixtures/showdoc-md` and `tests/fixtures/weiwenjia`.
pub fn crates() -> Vec<Emitted> {
    let fixtures = repo().join("tests/fixtures");
    vec![
        emit("showdoc", &[fixtures.join("showdoc-md")]),
        emit("ikcrm", &[fixtures.join("weiwenjia")]),
    ]
}
