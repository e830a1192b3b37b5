//! `cargo xtask`, the alias in `.cargo/config.toml`, as a user types it: cargo's own
//! output is shown, so the first run on a fresh clone prints the build (`Compiling …`)
//! instead of staying silent for minutes. Cargo prints that build output and the
//! `Running` line under the same verbosity, so seeing the `Running` line of the alias
//! (the build is already done when the tests run) shows the build would be seen too.

use std::path::Path;
use std::process::Command;

#[test]
fn the_xtask_alias_shows_cargo_s_build_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let o = Command::new(cargo)
        .current_dir(&root)
        // A user's environment does not quieten cargo; the test's must not either.
        .env_remove("CARGO_TERM_QUIET")
        .args(["xtask", "codegen", "--help"])
        .output()
        .expect("run cargo xtask");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("usage: cargo xtask codegen"),
        "the alias did not run the tool: {err}"
    );
    assert!(
        err.lines()
            .any(|l| l.trim_start().starts_with("Running `") && l.contains("xtask")),
        "cargo's status lines are hidden (is the alias `run --quiet` again?):\n{err}"
    );
}
