#!/usr/bin/env bash
# Which units of `cargo xtask codegen`'s build does the README's next command,
# `cargo test --workspace`, compile again? (BENCHMARKS.md, "CI session 3")
# Cargo resolves features per command, so a crate xtask builds with fewer features
# than the test build asks for is compiled twice on a fresh clone, with everything
# above it. This compares the two unit graphs (`--unit-graph`: nothing is compiled)
# and prints each xtask unit that has no identical unit (same package, target,
# mode, features, profile settings and dependencies) in the test build's graph;
# xtask/Cargo.toml declares the features that make the list empty.
#   scripts/xtask-reuse.sh            (exit status 1 when some unit is not reused)
# `--unit-graph` is unstable: the script sets RUSTC_BOOTSTRAP=1 for these two
# cargo calls only, with a target folder of its own (the flag would otherwise
# invalidate the fingerprints of the workspace's target folder).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
graph() { CARGO_TARGET_DIR="$tmp/target" RUSTC_BOOTSTRAP=1 cargo "$@" --unit-graph -Z unstable-options; }
graph build --package xtask >"$tmp/xtask.json"
graph test --workspace --no-run >"$tmp/test.json"
python3 - "$tmp/xtask.json" "$tmp/test.json" <<'PY'
import json, sys

def name(pkg_id):
    # registry+https://…#serde@1.0.229, path+file:///…/xtask#0.1.0
    source, _, tail = pkg_id.rpartition("#")
    return tail if "@" in tail else f"{source.rstrip('/').rsplit('/', 1)[-1]}@{tail}"

def signatures(path):
    units = json.load(open(path))["units"]
    memo = {}
    def sig(i):
        if i not in memo:
            u = units[i]
            profile = dict(u["profile"])
            profile.pop("name")  # `dev` and `test` share their settings: same artifact
            memo[i] = (name(u["pkg_id"]), u["target"]["name"], u["mode"],
                       tuple(sorted(u["features"])), json.dumps(profile, sort_keys=True),
                       tuple(sorted(sig(d["index"]) for d in u["dependencies"])))
        return memo[i]
    return [sig(i) for i in range(len(units))]

xtask, test = signatures(sys.argv[1]), set(signatures(sys.argv[2]))
# xtask's own binary is built in test mode by `cargo test`: not a shared unit.
again = [s for s in xtask if s not in test and not (s[0].startswith("xtask@") and s[2] == "build"
                                                    and s[1] == "xtask")]
print(f"{len(xtask)} units in xtask's build, {len(again)} compiled again by cargo test --workspace")
for s in again:
    print(f"  {s[0]} {s[1]} ({s[2]}) features {list(s[3])}")
sys.exit(1 if again else 0)
PY
