#!/usr/bin/env bash
# Instructions per decode for every payload and decoder of the decode bench
# (benches/decode.rs, BENCHMARKS.md §3), counted by callgrind: unlike criterion's
# times they do not move with the machine's load, so ratios measured on a busy
# machine hold. Prints one line per pair and the two ratios of issue 16's target:
# generated / plain derive (≤ 1.15) and Value / generated (≥ 1.5).
#   N=200 scripts/decode-instructions.sh      (decodes per pair; the list: N/20)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${N:-200}
bin=$(cargo bench -p ikcrm-benches --bench decode --no-run --message-format=json 2>/dev/null |
  python3 -c 'import sys, json
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "decode" and m.get("executable"):
        print(m["executable"])')
count() { # instructions per decode of decoder $1 on payload $2, $3 decodes
  local out
  out=$(mktemp)
  DECODE_COUNT=$3 DECODE_ONLY="$1/$2" valgrind --tool=callgrind --callgrind-out-file="$out" \
    --toggle-collect='*count_loop*' "$bin" >/dev/null 2>&1
  awk -v n="$3" '/^summary:/ { printf "%.0f", $2 / n }' "$out"
  rm -f "$out"
}
printf '%-15s %12s %12s %12s %12s %10s %10s\n' payload generated plain_derive value ignored_any gen/plain value/gen
for p in customer contract_page opportunity product_page customers_1000; do
  k=$n
  [ "$p" = customers_1000 ] && k=$(( n / 20 > 0 ? n / 20 : 1 ))
  g=$(count generated "$p" "$k"); d=$(count plain_derive "$p" "$k")
  v=$(count value "$p" "$k"); i=$(count ignored_any "$p" "$k")
  printf '%-15s %12s %12s %12s %12s %10.2f %10.2f\n' "$p" "$g" "$d" "$v" "$i" \
    "$(echo "$g / $d" | bc -l)" "$(echo "$v / $g" | bc -l)"
done
