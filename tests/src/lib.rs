//! Integration tests of the generator and the generated `ikcrm` crate live in
//! `tests/`; real doc pages in `fixtures/`. This library holds what several test
//! files share: building an emitted crate on its own, outside the workspace.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// An emitted crate written to a fresh temp folder (removed on drop unless kept).
pub struct EmittedCrate {
    pub dir: PathBuf,
    keep: bool,
}

impl EmittedCrate {
    /// Writes `files` (relative path → contents) to a temp folder named after `name`,
    /// with the workspace's Cargo.lock so no new dependency versions are resolved.
    pub fn write(name: &str, files: &BTreeMap<String, String>) -> EmittedCrate {
        let dir = std::env::temp_dir().join(format!("ikcrm-emitted-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (rel, text) in files {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().expect("a file has a parent folder"))
                .expect("mkdir");
            std::fs::write(&path, text).expect("write an emitted file");
        }
        std::fs::copy(repo().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
        EmittedCrate { dir, keep: false }
    }

    /// Runs `cargo <args>` in the crate. All emitted crates share one target folder
    /// (test binaries run one after another), so their dependencies build once.
    pub fn cargo(&self, args: &[&str]) -> Output {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo().join("target"))
            .join("emitted-crates");
        Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTDOCFLAGS", "-D warnings")
            .env_remove("RUSTFLAGS")
            .output()
            .expect("run cargo")
    }

    /// Runs `cargo <args>` and fails the test with cargo's output if it fails; the
    /// folder is then kept for inspection.
    pub fn assert_cargo(&mut self, args: &[&str], what: &str) {
        let out = self.cargo(args);
        if !out.status.success() {
            self.keep = true;
            panic!(
                "`cargo {}` fails on {what} (kept in {}):\n{}{}",
                args.join(" "),
                self.dir.display(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

impl Drop for EmittedCrate {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
