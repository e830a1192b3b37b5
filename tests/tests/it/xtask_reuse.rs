//! The README's test command is two cargo commands, `cargo xtask codegen --check`
//! then `cargo test --workspace`, and cargo resolves features per command: a crate
//! that xtask's build compiles with fewer features than the test build asks for is
//! compiled twice on a fresh clone, with every unit above it (23 of xtask's 72
//! units, about half of its build, before `xtask/Cargo.toml` declared the missing
//! features: BENCHMARKS.md, "CI session 3"). This test fails when a dependency
//! change brings that back, naming the units.
//!
//! It compares the two unit graphs (`cargo … --unit-graph`, which compiles
//! nothing). The flag is unstable: `RUSTC_BOOTSTRAP=1` is set for those two cargo
//! calls only, with a target folder of their own (`target/unit-graph`: the flag
//! would otherwise change the fingerprints of the workspace's target folder).

use ikcrm_tests::{build_dir, repo, set_by_cargo_for_this_test};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::process::Command;

/// One unit as cargo would identify its artifact: package, target, mode,
/// features, profile settings and, recursively, its dependencies.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Unit {
    package: String,
    target: String,
    mode: String,
    features: Vec<String>,
    profile: String,
    dependencies: Vec<Unit>,
}

/// `serde@1.0.229` from cargo's package ids (`registry+https://…#serde@1.0.229`,
/// `path+file:///…/generator#ikcrm-codegen@0.1.0`, `path+file:///…/xtask#0.1.0`).
fn package_name(id: &str) -> String {
    let (source, tail) = id.rsplit_once('#').unwrap_or(("", id));
    if tail.contains('@') {
        tail.to_string()
    } else {
        let folder = source
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("");
        format!("{folder}@{tail}")
    }
}

/// The units of `cargo <args> --unit-graph`.
fn unit_graph(args: &[&str]) -> Vec<Unit> {
    let mut command = Command::new(env!("CARGO"));
    for (key, _) in std::env::vars_os() {
        if key.to_str().is_some_and(set_by_cargo_for_this_test) {
            command.env_remove(key);
        }
    }
    let out = command
        .current_dir(repo())
        .args(args)
        .args(["--unit-graph", "-Z", "unstable-options"])
        .env("RUSTC_BOOTSTRAP", "1")
        // (cargo only locks it: nothing is compiled)
        .env("CARGO_TARGET_DIR", build_dir().join("unit-graph"))
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "`cargo {} --unit-graph` fails:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    let graph: Value = serde_json::from_slice(&out.stdout).expect("a JSON unit graph");
    let units = graph["units"].as_array().expect("a list of units");
    let mut memo = HashMap::new();
    (0..units.len())
        .map(|i| unit(units, i, &mut memo))
        .collect()
}

fn unit(units: &[Value], i: usize, memo: &mut HashMap<usize, Unit>) -> Unit {
    if let Some(u) = memo.get(&i) {
        return u.clone();
    }
    let u = &units[i];
    let mut profile = u["profile"].clone();
    // `dev` and `test` share their settings, hence their artifacts.
    if let Some(p) = profile.as_object_mut() {
        p.remove("name");
    }
    let mut features: Vec<String> = u["features"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str().map(str::to_string))
        .collect();
    features.sort();
    let mut dependencies: Vec<Unit> = u["dependencies"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["index"].as_u64())
        .map(|d| unit(units, d as usize, memo))
        .collect();
    dependencies.sort();
    let out = Unit {
        package: package_name(u["pkg_id"].as_str().unwrap_or_default()),
        target: u["target"]["name"].as_str().unwrap_or_default().to_string(),
        mode: u["mode"].as_str().unwrap_or_default().to_string(),
        features,
        // serde_json's maps are sorted: the same settings print the same.
        profile: profile.to_string(),
        dependencies,
    };
    memo.insert(i, out.clone());
    out
}

#[test]
fn the_test_build_reuses_every_unit_of_the_xtask_build() {
    let xtask = unit_graph(&["build", "--package", "xtask"]);
    let test: BTreeSet<Unit> = unit_graph(&["test", "--workspace", "--no-run"])
        .into_iter()
        .collect();
    // xtask's own binary: `cargo test` builds it as a test harness instead.
    let own_binary = |u: &Unit| u.package.starts_with("xtask@") && u.target == "xtask";
    let again: Vec<String> = xtask
        .iter()
        .filter(|u| !own_binary(u) && !test.contains(u))
        .map(|u| {
            format!(
                "{} {} ({}) features {:?}",
                u.package, u.target, u.mode, u.features
            )
        })
        .collect();
    assert!(
        xtask.len() > 20,
        "xtask's unit graph is too small: {xtask:?}"
    );
    assert!(
        again.is_empty(),
        "{} of xtask's {} units would be compiled again by `cargo test --workspace`; declare \
         the features the test build uses in xtask/Cargo.toml:\n{}",
        again.len(),
        xtask.len(),
        again.join("\n")
    );
}
