#!/usr/bin/env bash
# What users wait for when they build the SDK (issue 16), in the debug profile
# with the dependencies already built:
#   clean   `cargo build -p ikcrm` after `cargo clean -p ikcrm`
#   touch   `touch generated/src/lib.rs` then `cargo build -p ikcrm`
#   doc     one field added to one page's example, then `cargo xtask codegen`
#           plus `cargo build -p ikcrm` (the edit is undone at the end)
# Each is run RUNS times (default 3); prints one line per run (wall and user CPU
# seconds with /usr/bin/time, else wall). Run it on a quiet machine; it edits
# docs-input/ and generated/ and restores them with git.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
page=docs-input/${PAGE:-001_63532878c396d8b5.txt}
if ! git diff --quiet -- docs-input generated; then
  echo "docs-input/ or generated/ has local changes: commit or stash them first" >&2
  exit 1
fi
restore() { git checkout -q -- docs-input generated; }
trap restore EXIT

secs() { # wall seconds of "$@" (and its user CPU seconds, less load-sensitive), quietly
  local s e t
  if [ -x /usr/bin/time ]; then
    t=$(mktemp)
    /usr/bin/time -f '%e s wall, %U s user' -o "$t" "$@" >/dev/null 2>&1
    cat "$t"
    rm -f "$t"
    return
  fi
  s=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  e=$(date +%s.%N)
  echo "$e - $s" | bc
}

cargo build -q -p xtask -p ikcrm
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  cargo clean -q -p ikcrm
  echo "clean  $(secs cargo build -p ikcrm)"
done
for i in $(seq "$runs"); do
  touch generated/src/lib.rs
  echo "touch  $(secs cargo build -p ikcrm)"
done
for i in $(seq "$runs"); do
  # a new key in the first JSON object of the page's examples (a new field)
  python3 - "$page" "$i" <<'PY'
import sys, re
path, n = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
m = re.search(r'"id"\s*:', text)
assert m, "no \"id\" key in " + path
text = text[:m.start()] + f'"bench_extra_{n}": "x", ' + text[m.start():]
open(path, "w", encoding="utf-8").write(text)
PY
  echo "doc    $(secs sh -c 'cargo xtask codegen --quiet && cargo build -p ikcrm')"
done
echo "lines: $(cat generated/src/*.rs generated/src/api/*.rs generated/src/types/*.rs | wc -l) in generated/src; operations: $(grep -c '"operation"' generated/api.json || true)"
