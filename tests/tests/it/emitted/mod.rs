//! Every crate the tests emit, built and tested in ONE workspace with four cargo
//! commands: the crates of hostile pages (`adversarial`), of the other APIs'
//! fixtures (`apis`) and of page folders the project was not built around
//! (`unseen`), nine in all.
//!
//! Why one workspace: each cargo command builds every crate side by side, on
//! every core, and pays cargo's start, its serial link steps and the doc tests'
//! compile once, where the three test binaries these crates came from ran eleven
//! commands (one crate or one group at a time: 126 s, 101 s and 71 s of a fresh
//! clone's test run, BENCHMARKS.md). The workspace sits beside a feature twin of
//! this one (`ikcrm_tests::EmittedCrate`), so only the emitted crates themselves
//! are compiled; the generation checks of each crate stay in its module.

mod adversarial;
mod apis;
mod unseen;

use ikcrm_tests::EmittedCrate;
use std::collections::BTreeMap;

/// One emitted crate of the shared workspace, and what is checked on it beyond
/// building and passing its tests (every target but the library's unit-test
/// harness, `ikcrm_tests::ALL_TARGETS_BUT_LIB_TESTS`).
pub struct Emitted {
    /// Its member name in the workspace (unique).
    member: String,
    /// Relative path → contents.
    files: BTreeMap<String, String>,
    /// Its doc tests pass, clippy has nothing to say and rustdoc no warning (the
    /// crates of whole APIs; the hostile pages' crates only build and test).
    linted: bool,
    /// The compiler warns about nothing in its library.
    warning_free: bool,
}

impl Emitted {
    pub fn new(member: &str, files: BTreeMap<String, String>) -> Emitted {
        Emitted {
            member: member.to_string(),
            files,
            linted: false,
            warning_free: false,
        }
    }

    /// Doc tests, clippy and rustdoc too (see [`Emitted::linted`]).
    pub fn linted(mut self) -> Emitted {
        self.linted = true;
        self
    }

    /// No compiler warning about its library.
    pub fn warning_free(mut self) -> Emitted {
        self.warning_free = true;
        self
    }
}

/// The nine crates build and pass their tests (the reserved-names library
/// without a warning); the six crates of whole APIs also pass their doc tests,
/// clippy with `-D warnings` and rustdoc with `-D warnings`.
#[test]
fn every_emitted_crate_builds_and_passes_its_tests() {
    let mut crates = vec![
        adversarial::hostile_keys_crate(),
        adversarial::reserved_names_crate(),
        adversarial::contradicting_crate(),
    ];
    crates.extend(apis::crates());
    crates.extend(unseen::crates());
    let members: Vec<(String, BTreeMap<String, String>)> = crates
        .iter()
        .map(|c| (c.member.clone(), c.files.clone()))
        .collect();
    let mut ws = EmittedCrate::write_all("emitted", &members);
    let packages = ws.packages.clone();
    let select = |f: fn(&Emitted) -> bool| -> Vec<String> {
        crates
            .iter()
            .zip(&packages)
            .filter(|(c, _)| f(c))
            .map(|(_, p)| p.clone())
            .collect()
    };
    let linted = select(|c| c.linted);
    let warning_free = select(|c| c.warning_free);
    let what = "the emitted crates";

    // Every crate built and tested in one command (warnings denied for the
    // reserved-names library alone: dependencies keep the flags this workspace
    // built them with, so they are reused).
    let mut test = ws.all_but_lib_tests("test");
    test.push("--no-fail-fast".to_string());
    let test: Vec<&str> = test.iter().map(String::as_str).collect();
    ws.assert_cargo_without_warnings(&test, what, &warning_free);

    // The doc tests of the crates of whole APIs (`--doc` needs a command of its
    // own). `--workspace --exclude` rather than `-p` keeps the feature twin
    // selected, so the dependencies built for the tests are reused.
    let features = EmittedCrate::mock_features(&linted);
    let mut doc_tests = vec!["test", "--quiet", "--workspace", "--doc"];
    for (c, p) in crates.iter().zip(&packages) {
        if !c.linted {
            doc_tests.extend(["--exclude", p.as_str()]);
        }
    }
    doc_tests.extend(["--features", &features]);
    ws.assert_cargo(&doc_tests, what);

    // Clippy and rustdoc on those crates alone (`-p`: features resolved from
    // their own manifests, as a user's build would).
    let selected: Vec<&str> = linted.iter().flat_map(|p| ["-p", p.as_str()]).collect();
    let mut clippy = vec!["clippy", "--quiet"];
    clippy.extend(&selected);
    clippy.extend([
        "--all-targets",
        "--features",
        &features,
        "--",
        "-D",
        "warnings",
    ]);
    ws.assert_cargo(&clippy, what);
    let mut doc = vec!["doc", "--quiet"];
    doc.extend(&selected);
    doc.push("--no-deps");
    ws.assert_cargo(&doc, what);
}
