//! A crate emitted from folders of pages the project was not built around (the
//! 45 ShowDoc files of other APIs, and every ikcrm fixture page including the ones
//! that lose their URL) builds on its own, outside this workspace, its own tests
//! (one round trip per documented example) pass, clippy has nothing to say and
//! rustdoc no warning.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Builds and tests a crate emitted from `docs` in a fresh folder outside the repo.
fn emit_and_test(name: &str, docs: &[PathBuf]) {
    let mut pages = Vec::new();
    for dir in docs {
        let (p, _) = codegen::pipeline::read_docs(dir).expect("read docs");
        pages.extend(p);
    }
    let generated = codegen::pipeline::generate(&pages, None);
    assert!(!generated.files.is_empty(), "nothing generated for {name}");
    let out = std::env::temp_dir().join(format!("ikcrm-emitted-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    for (rel, text) in &generated.files {
        let path = out.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
    // Same dependency versions as the workspace, so nothing new is resolved.
    std::fs::copy(repo().join("Cargo.lock"), out.join("Cargo.lock")).expect("copy Cargo.lock");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"))
        .join("emitted-crates");
    // Builds, passes its tests, is clippy-clean and documents without warnings.
    let runs: [&[&str]; 3] = [
        &["test", "--quiet", "--features", "mock"],
        &[
            "clippy",
            "--quiet",
            "--all-targets",
            "--features",
            "mock",
            "--",
            "-D",
            "warnings",
        ],
        &["doc", "--quiet", "--no-deps"],
    ];
    for args in runs {
        let status = Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTDOCFLAGS", "-D warnings")
            .env_remove("RUSTFLAGS")
            .status()
            .expect("run cargo");
        assert!(
            status.success(),
            "`cargo {}` fails on the crate emitted from {name} (see {})",
            args.join(" "),
            out.display()
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// One test, so the two crates (both named `ikcrm`) never build at the same time in
/// the shared target folder.
#[test]
fn crates_from_unseen_pages_build_and_pass_their_tests() {
    let fixtures = repo().join("tests/fixtures");
    emit_and_test("showdoc", &[fixtures.join("showdoc-md")]);
    emit_and_test("ikcrm", &[fixtures.join("weiwenjia")]);
}
