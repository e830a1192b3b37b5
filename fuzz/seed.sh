#!/bin/sh
# Fills fuzz/corpus/<target>/ with seed inputs (fuzz/corpus is git-ignored).
#   page_parser: every doc page under tests/fixtures/
#   json_reader: the same pages, the JSON part of the ikcrm text pages (from the
#                first line that is `{` to the end), and the hand-written broken
#                JSON files in fuzz/seeds/json/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fixtures="$here/../tests/fixtures"
pages="$here/corpus/page_parser"
json="$here/corpus/json_reader"
mkdir -p "$pages" "$json"

n=0
find "$fixtures" -type f \( -name '*.md' -o -name '*.txt' \) | sort | while read -r f; do
    name=$(printf '%s' "$f" | cksum | cut -d' ' -f1)
    cp "$f" "$pages/page-$name"
    cp "$f" "$json/page-$name"
    # The JSON part of a text rendering: from the first line that is `{` on.
    if grep -q '^{' "$f"; then
        sed -n '/^{/,$p' "$f" > "$json/block-$name"
    fi
done
cp "$here"/seeds/json/* "$json/"
echo "page_parser: $(ls "$pages" | wc -l) seeds; json_reader: $(ls "$json" | wc -l) seeds"
