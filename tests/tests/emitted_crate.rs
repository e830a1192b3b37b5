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

/// Builds and tests a crate emitted from `docs` in a workspace of its own.
fn emit_and_test(name: &str, docs: &[PathBuf]) {
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
    let mut krate = ikcrm_tests::EmittedCrate::write(name, &generated.files);
    let (package, feature) = (krate.package.clone(), krate.mock_feature());
    // Builds, passes its tests, is clippy-clean and documents without warnings.
    for args in [
        &["test", "--quiet", "--workspace", "--features", &feature][..],
        &[
            "clippy",
            "--quiet",
            "-p",
            &package,
            "--all-targets",
            "--features",
            "mock",
            "--",
            "-D",
            "warnings",
        ],
        &["doc", "--quiet", "-p", &package, "--no-deps"],
    ] {
        krate.assert_cargo(args, &format!("the crate emitted from {name}"));
    }
}

/// One test, so the two crates never build at the same time (their files share
/// the build dir's dependency artifacts).
#[test]
fn crates_from_unseen_pages_build_and_pass_their_tests() {
    let fixtures = repo().join("tests/fixtures");
    emit_and_test("showdoc", &[fixtures.join("showdoc-md")]);
    emit_and_test("ikcrm", &[fixtures.join("weiwenjia")]);
}
