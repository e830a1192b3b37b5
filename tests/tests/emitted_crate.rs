//! A crate emitted from folders of pages the project was not built around (the
//! 45 ShowDoc files of other APIs, and every ikcrm fixture page including the ones
//! that lose their URL) builds on its own, outside this workspace, its own tests
//! (one round trip per documented example) pass, clippy has nothing to say and
//! rustdoc no warning.
//!
//! The crates build in a workspace of their own beside a feature twin of this one
//! (`ikcrm_tests::EmittedCrate`), so they reuse the dependencies `cargo test`
//! compiled here: only the emitted crate itself is compiled.

use ikcrm_tests::repo;
use std::path::PathBuf;

/// The crate emitted from `docs`: (workspace member name, files).
fn emit(name: &str, docs: &[PathBuf]) -> (String, std::collections::BTreeMap<String, String>) {
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
    (name.to_string(), generated.files)
}

/// Both crates in one workspace: each cargo command builds them side by side.
#[test]
fn crates_from_unseen_pages_build_and_pass_their_tests() {
    let fixtures = repo().join("tests/fixtures");
    let crates = [
        emit("showdoc", &[fixtures.join("showdoc-md")]),
        emit("ikcrm", &[fixtures.join("weiwenjia")]),
    ];
    let mut krate = ikcrm_tests::EmittedCrate::write_all("unseen", &crates);
    let feature = krate.mock_feature();
    let packages = krate.packages.clone();
    let selected: Vec<&str> = packages.iter().flat_map(|p| ["-p", p.as_str()]).collect();
    let what = "the crates emitted from tests/fixtures/showdoc-md and weiwenjia";
    // Builds, passes its tests, is clippy-clean and documents without warnings
    // (clippy and rustdoc with `-p`: features resolved from the crates' own
    // manifests, as a user's build would).
    // (every target but the library's unit tests, the runtime's, which run in the
    // workspace's `generated/`: see `ALL_TARGETS_BUT_LIB_TESTS`)
    krate.assert_tests_pass(what);
    let mut clippy = vec!["clippy", "--quiet"];
    clippy.extend(&selected);
    clippy.extend([
        "--all-targets",
        "--features",
        &feature,
        "--",
        "-D",
        "warnings",
    ]);
    krate.assert_cargo(&clippy, what);
    let mut doc = vec!["doc", "--quiet"];
    doc.extend(&selected);
    doc.push("--no-deps");
    krate.assert_cargo(&doc, what);
}
