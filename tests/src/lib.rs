//! Integration tests of the generator and the generated `ikcrm` crate live in
//! `tests/`; real doc pages in `fixtures/`. This library holds what several test
//! files share: building an emitted crate on its own, outside the workspace.

/// The Rust snippets of the repository's README, compiled by `cargo test` as doc tests
/// of this library (the mock one also runs): a snippet that stops compiling fails
/// the suite. They use `ikcrm` (with its mock), Tokio and serde_json, this crate's
/// dev-dependencies, as an application would.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeSnippets;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The folder holding this workspace's compiled dependencies (`target/`, or
/// wherever `CARGO_TARGET_DIR` / `build.build-dir` put them): the running test
/// binary is `<build dir>/<profile>/deps/<test>-<hash>`.
pub fn build_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let deps = exe.parent().expect("the test binary has a folder");
    match deps.parent().and_then(Path::parent) {
        Some(dir) if deps.file_name().is_some_and(|n| n == "deps") => dir.to_path_buf(),
        _ => std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo().join("target")),
    }
}

/// The targets the emitted-crate tests build and run in place of cargo's default
/// or `--all-targets`: every target but the library's unit-test harness.
///
/// Why: an emitted library's only unit tests are the runtime's
/// (`generator/runtime/`, copied verbatim), and under `cfg(test)` the runtime reads
/// the settings its tests pin (`runtime::settings()` returns `tests::SETTINGS`), not
/// the crate's `config.rs`: in every emitted crate they are the same tests of the
/// same code with the same settings, and they run in the workspace's own
/// `generated/`. Compiling that harness was nearly half of an emitted crate's
/// compile time (`apis`: 95.5 s of CPU with it, 51.8 s without; BENCHMARKS.md).
/// No `--benches`: it selects every target with `bench = true`, which a library
/// is by default, so it brought the library's unit-test harness back (an emitted
/// crate has no benchmarks). The doc tests need a command of their own (`--doc`
/// mixes with no target flag).
pub const ALL_TARGETS_BUT_LIB_TESTS: &[&str] = &["--bins", "--test", "*", "--examples"];

/// `CARGO_INCREMENTAL` for the emitted crates' builds, unless set already: off.
///
/// Why: an emitted crate is compiled from scratch whenever the generator or its
/// pages change (the runtime is copied into every one), so incremental caches are
/// written on every such build and seldom of use; they held 170-180 MB per crate and variant in the
/// shared build dir (`target/debug/incremental/showdoc-*`, four of them, on a
/// developer's target).
pub const EMITTED_INCREMENTAL: &str = "0";

/// The start of the emitted crate's folder name in its workspace.
pub const EMITTED_FOLDER: &str = "sdk";

/// Emitted crates, written into a small workspace of their own under
/// `<build dir>/emitted-crates/<name>/`:
///
/// - `sdk-<name>-<member>/`: each emitted crate's files, unchanged (a folder name unique to the
///   workspace, so its artifacts never share a name with another emitted crate's);
/// - `feature-twin/`: an empty library that depends on every registry crate the
///   repository's workspace depends on, with the same features, so that a build
///   selecting both (`--workspace`) resolves each dependency to the same features
///   as `cargo test --workspace` does here;
/// - `Cargo.toml`: the workspace, with the repository's `[profile]` tables (the
///   profile is part of every dependency's build hash), and the repository's
///   `Cargo.lock` (the same versions).
///
/// Cargo runs there with its build dir set to this workspace's: every dependency
/// compiled for the tests is reused as it is, and only the emitted crate itself
/// is compiled. Final artifacts (`libikcrm.rlib`, docs) go to
/// `<build dir>/emitted-crates/<name>/target`, never over this workspace's own.
///
/// Files whose contents did not change are not rewritten, so an unchanged
/// emitted crate is not rebuilt when a test runs again.
pub struct EmittedCrate {
    /// The workspace folder (`cargo` runs here).
    pub dir: PathBuf,
    /// Each emitted crate's `Cargo.toml` (compiler messages about it name it).
    manifests: Vec<PathBuf>,
    /// Every emitted package's name, in the order they were given.
    pub packages: Vec<String>,
    keep: bool,
}

impl EmittedCrate {
    /// Writes several emitted crates into one workspace named `name`, each
    /// `(member, files)` in a folder of its own: one `cargo` command then builds,
    /// tests or lints them all, on every core, instead of one command per crate
    /// run one after another (each paying cargo's start and its serial link and
    /// doctest steps). Their package names must differ.
    pub fn write_all(name: &str, crates: &[(String, BTreeMap<String, String>)]) -> EmittedCrate {
        let dir = build_dir().join("emitted-crates").join(name);
        let mut members = Vec::new();
        let mut manifests = Vec::new();
        let mut packages = Vec::new();
        for (member, files) in crates {
            // The package folder is named after the workspace, not the package: cargo
            // hashes a path package by its path relative to the workspace root, so every
            // emitted `ikcrm` in a folder of the same name would get the same artifact
            // names in the shared build dir, and tests building two crates at once would
            // link one crate's doctests and examples against the other's library.
            let folder = if member.is_empty() {
                format!("{EMITTED_FOLDER}-{name}")
            } else {
                format!("{EMITTED_FOLDER}-{name}-{member}")
            };
            let krate = dir.join(&folder);
            sync_tree(&krate, files);
            let package: toml::Table = files
                .get("Cargo.toml")
                .expect("the emitted crate has a Cargo.toml")
                .parse()
                .expect("the emitted Cargo.toml parses");
            let package = package["package"]["name"]
                .as_str()
                .expect("the emitted package has a name")
                .to_string();
            assert!(
                !packages.contains(&package),
                "two emitted crates named `{package}` in one workspace"
            );
            packages.push(package);
            manifests.push(krate.join("Cargo.toml"));
            members.push(folder);
        }
        // Folders of crates an earlier run wrote here and this one does not.
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if n.starts_with(EMITTED_FOLDER) && !members.contains(&n) && e.path().is_dir() {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let mut workspace = BTreeMap::new();
        workspace.insert("Cargo.toml".to_string(), workspace_manifest(&members));
        workspace.insert(
            "Cargo.lock".to_string(),
            std::fs::read_to_string(repo().join("Cargo.lock")).expect("read Cargo.lock"),
        );
        workspace.insert(
            "feature-twin/Cargo.toml".to_string(),
            feature_twin_manifest(),
        );
        workspace.insert(
            "feature-twin/lib.rs".to_string(),
            "//! Only its dependencies matter (see `ikcrm_tests::EmittedCrate`).\n".to_string(),
        );
        workspace.insert(
            "feature-twin/twin.rs".to_string(),
            "//! Makes `--test '*'` build the twin's library (see `ikcrm_tests::TWIN_TEST`).\n"
                .to_string(),
        );
        for (rel, text) in &workspace {
            write_if_changed(&dir.join(rel), text);
        }
        EmittedCrate {
            manifests,
            packages,
            dir,
            keep: false,
        }
    }

    /// `<package>/mock` for every emitted package, comma-separated: pass
    /// `--workspace --features` it to share this workspace's compiled
    /// dependencies (see above).
    pub fn mock_feature(&self) -> String {
        Self::mock_features(&self.packages)
    }

    /// `<package>/mock` for each of `packages`, comma-separated.
    pub fn mock_features(packages: &[String]) -> String {
        packages
            .iter()
            .map(|p| format!("{p}/mock"))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// `cargo <command>` on the whole workspace with the mock features (sharing
    /// this workspace's compiled dependencies) and every target but the library's
    /// unit-test harness ([`ALL_TARGETS_BUT_LIB_TESTS`]).
    pub fn all_but_lib_tests(&self, command: &str) -> Vec<String> {
        let mut args: Vec<String> = [command, "--quiet", "--workspace", "--features"]
            .iter()
            .map(|a| a.to_string())
            .collect();
        args.push(self.mock_feature());
        args.extend(ALL_TARGETS_BUT_LIB_TESTS.iter().map(|a| a.to_string()));
        args
    }

    /// Runs `cargo <args>` in the workspace. Pass `--workspace --features
    /// <package>/mock` to share this workspace's compiled dependencies (see above);
    /// `-p <package>` alone resolves features for the emitted crate only.
    ///
    /// Prints the command and how long it took (seen with `--nocapture` or when the
    /// test fails): these commands are most of the slow tests' time.
    pub fn cargo(&self, args: &[&str]) -> Output {
        let start = std::time::Instant::now();
        let mut command = Command::new(env!("CARGO"));
        for (key, _) in std::env::vars_os() {
            if key.to_str().is_some_and(set_by_cargo_for_this_test) {
                command.env_remove(key);
            }
        }
        let out = command
            .args(args)
            .current_dir(&self.dir)
            .env("CARGO_BUILD_BUILD_DIR", build_dir())
            .env("CARGO_TARGET_DIR", self.dir.join("target"))
            .env(
                "CARGO_INCREMENTAL",
                std::env::var_os("CARGO_INCREMENTAL").unwrap_or(EMITTED_INCREMENTAL.into()),
            )
            .env("RUSTDOCFLAGS", "-D warnings")
            .output()
            .expect("run cargo");
        eprintln!(
            "`cargo {}` in {}: {:.1} s",
            args.join(" "),
            self.dir.display(),
            start.elapsed().as_secs_f64()
        );
        out
    }

    /// Runs `cargo <args>` and fails the test with cargo's output if it fails; the
    /// folder is then kept for inspection.
    pub fn assert_cargo(&mut self, args: &[&str], what: &str) -> Output {
        let out = self.cargo(args);
        if !out.status.success() {
            self.keep = true;
            panic!(
                "`cargo {}` fails on {what} (in {}):\n{}{}",
                args.join(" "),
                self.dir.display(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        out
    }

    /// Like [`EmittedCrate::assert_cargo`] with `--message-format json`, and also
    /// fails when the compiler warns about the library of one of `packages` (`-D
    /// warnings` for them alone, without changing the flags their dependencies
    /// are built with).
    pub fn assert_cargo_without_warnings(
        &mut self,
        args: &[&str],
        what: &str,
        packages: &[String],
    ) {
        let manifests: Vec<PathBuf> = self
            .packages
            .iter()
            .zip(&self.manifests)
            .filter(|(p, _)| packages.contains(p))
            .map(|(_, m)| m.clone())
            .collect();
        assert_eq!(
            manifests.len(),
            packages.len(),
            "{packages:?} are not all emitted here"
        );
        let mut with_json = args.to_vec();
        with_json.extend(["--message-format", "json-diagnostic-rendered-ansi"]);
        let out = self.assert_cargo(&with_json, what);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let warnings: Vec<String> = stdout
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|m| m["reason"] == "compiler-message")
            .filter(|m| {
                m["manifest_path"]
                    .as_str()
                    .is_some_and(|p| manifests.iter().any(|m| Path::new(p) == m))
            })
            .filter(|m| {
                m["target"]["kind"]
                    .as_array()
                    .is_some_and(|k| k.iter().any(|k| k == "lib"))
            })
            .filter(|m| m["message"]["level"] == "warning")
            .map(|m| {
                m["message"]["rendered"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        if !warnings.is_empty() {
            self.keep = true;
            panic!(
                "`cargo {}` warns on {what} (in {}):\n{}",
                args.join(" "),
                self.dir.display(),
                warnings.join("\n")
            );
        }
    }
}

impl Drop for EmittedCrate {
    fn drop(&mut self) {
        if self.keep {
            eprintln!("kept for inspection: {}", self.dir.display());
        }
    }
}

/// Environment variables `cargo test` sets for the running test binary (about
/// this package: `CARGO_MANIFEST_DIR=…/tests`, `CARGO_PKG_NAME=ikcrm-tests`, …).
///
/// Why they are removed before running cargo on an emitted crate: cargo compares
/// a build script's `rerun-if-env-changed` variables with its *own* environment.
/// `ring`'s build script watches `CARGO_MANIFEST_DIR`, `CARGO_PKG_NAME` and
/// others, which are unset when a person runs `cargo test` and set when this
/// test runs cargo, so each side found ring's build stale and rebuilt ring,
/// rustls, rustls-webpki, hyper-rustls and reqwest in the shared build dir
/// (`EnvVarChanged { name: "CARGO_MANIFEST_DIR", old_value: None, … }` in
/// `CARGO_LOG=cargo::core::compiler::fingerprint=info`): minutes on every run.
pub const CARGO_TEST_ENV_PREFIXES: &[&str] = &[
    "CARGO_PKG_",
    "CARGO_MANIFEST_",
    "CARGO_CRATE_",
    "CARGO_BIN_",
    "CARGO_PRIMARY_PACKAGE",
    "CARGO_TARGET_TMPDIR",
    "CARGO_RUSTC_CURRENT_DIR",
    "OUT_DIR",
];

/// Whether `cargo test` set the variable `name` for this test binary (see
/// [`CARGO_TEST_ENV_PREFIXES`]); a person's own cargo settings
/// (`CARGO_HOME`, `CARGO_TARGET_DIR`, `CARGO_BUILD_…`, `CARGO_INCREMENTAL`) are kept.
pub fn set_by_cargo_for_this_test(name: &str) -> bool {
    CARGO_TEST_ENV_PREFIXES
        .iter()
        .any(|p| name.starts_with(p) && (p.ends_with('_') || name == *p))
}

/// Makes `dir` hold exactly `files`: changed files are written, unchanged ones
/// keep their modification time, others are removed.
fn sync_tree(dir: &Path, files: &BTreeMap<String, String>) {
    let mut present = Vec::new();
    list_files(dir, dir, &mut present);
    for rel in present {
        if !files.contains_key(&rel) {
            std::fs::remove_file(dir.join(&rel)).expect("remove a file of an earlier run");
        }
    }
    for (rel, text) in files {
        write_if_changed(&dir.join(rel), text);
    }
}

fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            list_files(root, &p, out);
        } else if let Ok(rel) = p.strip_prefix(root) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return;
    }
    std::fs::create_dir_all(path.parent().expect("a file has a parent folder")).expect("mkdir");
    std::fs::write(path, text).expect("write a file of the emitted crate");
}

/// The workspace of an emitted crate: the crate and its feature twin, with the
/// repository's profiles.
fn workspace_manifest(members: &[String]) -> String {
    let text = std::fs::read_to_string(repo().join("Cargo.toml")).expect("read Cargo.toml");
    let repo_manifest: toml::Table = text.parse().expect("the workspace's Cargo.toml parses");
    let mut manifest = toml::Table::new();
    let mut workspace = toml::Table::new();
    workspace.insert("resolver".into(), "2".into());
    workspace.insert(
        "members".into(),
        toml::Value::Array(
            members
                .iter()
                .map(|m| toml::Value::from(m.as_str()))
                .chain([toml::Value::from("feature-twin")])
                .collect(),
        ),
    );
    manifest.insert("workspace".into(), workspace.into());
    if let Some(profile) = repo_manifest.get("profile") {
        manifest.insert("profile".into(), profile.clone());
    }
    format!(
        "# Written by ikcrm_tests::EmittedCrate (tests/src/lib.rs).\n{}",
        toml::to_string(&manifest).expect("a manifest")
    )
}

/// The package of the criterion benchmarks (`benches/`). `cargo test` builds none of
/// its targets, so neither criterion nor the ~20 crates only it needs: the feature
/// twin leaves them out (or every emitted-crate test would compile them), and keeps
/// only what they ask of the crates the tests do build ([`bench_only_requests`]).
pub const BENCHES_PACKAGE: &str = "ikcrm-benches";

/// The feature twin's integration test, empty: built by the emitted-crate tests'
/// `cargo test --test '*'`, it makes cargo build the twin's library, and with it
/// every dependency as a normal (target) unit, as `cargo test --workspace` here does.
///
/// Why: cargo builds build scripts, proc-macros and what only they depend on
/// without debug info (`[profile.dev.build-override]`), unless the same crate is
/// also built for the target in the same command, which then shares the target's
/// settings. Here `syn`, `quote`, `proc-macro2` and `unicode-ident` are target
/// units too (the generator and the tests use them). Without this test the twin's
/// library was not built by `--test '*'`: those crates became host-only units
/// without debug info, their hashes changed, and so did those of everything built
/// on a proc-macro (`serde`, `tokio`, `tracing`, `reqwest`, `hyper`, `h2`,
/// `wiremock`, …, 40 crates), compiled a second time beside this workspace's
/// (`cargo test --no-run --message-format json` in the emitted workspace:
/// `unicode_ident` with `"debuginfo":0` and a hash of its own).
pub const TWIN_TEST: &str = "[[test]]\nname = \"twin\"\npath = \"twin.rs\"\n";

/// The feature twin's manifest: one dependency per registry crate the
/// repository's members depend on (normal and dev dependencies as normal ones),
/// with the union of their features, read from `cargo metadata`. The benches'
/// dependencies are left out ([`BENCHES_PACKAGE`]), but not their say in features.
fn feature_twin_manifest() -> String {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--offline"])
        .current_dir(repo())
        .output()
        .expect("run cargo metadata");
    assert!(
        out.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata JSON");
    // (package, version requirement) → (default features, features), per section
    // (features in a set: sorted and without repeats, as the manifest lists them)
    type Deps = BTreeMap<(String, String), (bool, BTreeSet<String>)>;
    let mut sections: BTreeMap<&str, Deps> = BTreeMap::new();
    let members = meta["workspace_members"]
        .as_array()
        .expect("workspace_members");
    for package in meta["packages"].as_array().expect("packages") {
        if !members.contains(&package["id"]) || package["name"] == BENCHES_PACKAGE {
            continue;
        }
        for dep in package["dependencies"].as_array().expect("dependencies") {
            let registry = dep["source"]
                .as_str()
                .is_some_and(|s| s.starts_with("registry+") || s.starts_with("sparse+"));
            if !registry || dep["optional"] == true || !dep["target"].is_null() {
                continue;
            }
            let section = match dep["kind"].as_str() {
                Some("build") => "build-dependencies",
                _ => "dependencies",
            };
            let key = (
                dep["name"].as_str().expect("name").to_string(),
                dep["req"].as_str().expect("req").to_string(),
            );
            let entry = sections.entry(section).or_default().entry(key).or_default();
            let (default, features) = declared_features(dep);
            entry.0 |= default;
            entry.1.extend(features);
        }
    }
    for (name, req, default, features) in bench_only_requests(&meta) {
        // Into the members' entry for the crate when there is one: two entries of one
        // crate under two requirements (`^1`, `^1.0`) build, but rustdoc refuses a
        // crate that depends on another "multiple times with different names".
        let deps = sections.entry("dependencies").or_default();
        let key = deps
            .keys()
            .find(|(n, _)| *n == name)
            .cloned()
            .unwrap_or((name, req));
        let entry = deps.entry(key).or_default();
        entry.0 |= default;
        entry.1.extend(features);
    }
    let mut manifest = format!(
        "[package]\nname = \"feature-twin\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [lib]\npath = \"lib.rs\"\ntest = false\ndoctest = false\nbench = false\n\n{TWIN_TEST}",
    );
    // One name per (crate, requirement) across the sections: cargo refuses a package
    // that depends on one crate under two names, and xtask's build-dependencies
    // repeat crates the generator depends on (`proc-macro2`, `quote`).
    let aliases: BTreeMap<&(String, String), usize> = sections
        .values()
        .flat_map(BTreeMap::keys)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .enumerate()
        .map(|(i, key)| (key, i))
        .collect();
    for (section, deps) in &sections {
        manifest.push_str(&format!("\n[{section}]\n"));
        for (key, (default, features)) in deps {
            let (name, req) = key;
            let i = aliases[key];
            let features: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
            manifest.push_str(&format!(
                "dep{i} = {{ package = {name:?}, version = {req:?}, default-features = {default}, features = [{}] }}\n",
                features.join(", ")
            ));
        }
    }
    manifest
}

/// What the benches' dependencies ask of the crates `cargo test` builds: each
/// dependency a bench-only package (the benches package itself, criterion and the
/// crates only they reach) has on a crate the tests also build, as declared
/// `(name, version requirement, default features, features)`. Cargo resolves one
/// feature set for the workspace, benches included: `half` (through criterion)
/// turns on `zerocopy/derive`, so the zerocopy the tests build has it, and a twin
/// without it rebuilt zerocopy, ahash and the OpenAPI validator above them in every
/// emitted-crate test.
fn bench_only_requests(meta: &serde_json::Value) -> Vec<(String, String, bool, BTreeSet<String>)> {
    fn reachable<'a>(
        nodes: &BTreeMap<&'a str, &'a serde_json::Value>,
        roots: Vec<&'a str>,
    ) -> BTreeSet<&'a str> {
        let mut seen = BTreeSet::new();
        let mut stack = roots;
        while let Some(id) = stack.pop() {
            if seen.insert(id) {
                for d in nodes[id]["deps"].as_array().expect("deps") {
                    stack.push(d["pkg"].as_str().expect("dep id"));
                }
            }
        }
        seen
    }
    let nodes: BTreeMap<&str, &serde_json::Value> = meta["resolve"]["nodes"]
        .as_array()
        .expect("resolve nodes")
        .iter()
        .map(|n| (n["id"].as_str().expect("node id"), n))
        .collect();
    let packages: BTreeMap<&str, &serde_json::Value> = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| (p["id"].as_str().expect("package id"), p))
        .collect();
    let (benches, tested): (Vec<&str>, Vec<&str>) = meta["workspace_members"]
        .as_array()
        .expect("workspace_members")
        .iter()
        .map(|m| m.as_str().expect("member id"))
        .partition(|id| packages[id]["name"] == BENCHES_PACKAGE);
    let tested = reachable(&nodes, tested);
    let mut out = Vec::new();
    for b in reachable(&nodes, benches) {
        if tested.contains(b) {
            continue;
        }
        // the node lists the dependencies in use (optional ones only when enabled)
        for used in nodes[b]["deps"].as_array().expect("deps") {
            let id = used["pkg"].as_str().expect("dep id");
            let registry = id.starts_with("registry+") || id.starts_with("sparse+");
            if !registry || !tested.contains(id) || is_proc_macro(packages[id]) {
                continue;
            }
            let name = &packages[id]["name"];
            let declared = packages[b]["dependencies"]
                .as_array()
                .expect("dependencies")
                .iter()
                .filter(|d| d["name"] == *name && d["kind"] != "dev" && d["target"].is_null());
            for d in declared {
                let (default, features) = declared_features(d);
                out.push((
                    name.as_str().expect("name").to_string(),
                    d["req"].as_str().expect("req").to_string(),
                    default,
                    features,
                ));
            }
        }
    }
    out
}

/// What a dependency declaration of `cargo metadata` asks: default features or
/// not, and its features.
fn declared_features(dep: &serde_json::Value) -> (bool, BTreeSet<String>) {
    let features = dep["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f.as_str().expect("a feature").to_string())
        .collect();
    (dep["uses_default_features"] != false, features)
}

/// Whether `package` (of `cargo metadata`) is a proc-macro crate. Its features
/// matter to the host build alone, and as a direct dependency of the twin
/// (criterion names `serde_derive`) it turned `syn` 3 and `synstructure` into
/// units of their own, built again in the emitted-crate tests beside the
/// workspace's (`--message-format json`: a second `libsyn-…` with debug info).
fn is_proc_macro(package: &serde_json::Value) -> bool {
    package["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .any(|t| {
            t["kind"]
                .as_array()
                .is_some_and(|k| k.iter().any(|k| k == "proc-macro"))
        })
}

#[cfg(test)]
mod tests {
    use super::set_by_cargo_for_this_test;

    #[test]
    fn only_the_variables_cargo_sets_for_a_test_are_removed() {
        for set in [
            "CARGO_MANIFEST_DIR",
            "CARGO_MANIFEST_PATH",
            "CARGO_MANIFEST_LINKS",
            "CARGO_PKG_NAME",
            "CARGO_PKG_VERSION_MAJOR",
            "CARGO_CRATE_NAME",
            "CARGO_BIN_EXE_xtask",
            "CARGO_PRIMARY_PACKAGE",
            "CARGO_TARGET_TMPDIR",
            "OUT_DIR",
        ] {
            assert!(set_by_cargo_for_this_test(set), "{set}");
        }
        for kept in [
            "CARGO",
            "CARGO_HOME",
            "CARGO_TARGET_DIR",
            "CARGO_BUILD_BUILD_DIR",
            "CARGO_INCREMENTAL",
            "CARGO_NET_OFFLINE",
            "OUT_DIRECTORY",
            "PATH",
        ] {
            assert!(!set_by_cargo_for_this_test(kept), "{kept}");
        }
    }
}
