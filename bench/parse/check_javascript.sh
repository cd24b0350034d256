#!/usr/bin/env bash
# bench/parse/check_javascript.sh [ROOT]
#
# Compare codemap's JavaScript extraction with acorn, the parser of rollup
# and webpack, file by file over ROOT (default: three.js, via
# bench/corpus.sh): calls and constructions on a name or member, and named
# classes (see bench/parse/acorn_count.mjs).  acorn is installed from npm,
# pinned, into build/bench-node.  Runs the core through build/test_core.
# Exits 1 if any file differs.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
root=${1:-$("$top/bench/corpus.sh" three | tail -n 1)}
node_dir=$top/build/bench-node

if [ ! -d "$node_dir/node_modules/acorn-walk" ]; then
	mkdir -p "$node_dir"
	(cd "$node_dir" && npm init -y >/dev/null &&
		npm install --silent --no-audit --no-fund acorn@8.15.0 acorn-walk@8.3.4 >/dev/null)
fi
make -C "$top" -s build/test_core
cp "$top/bench/parse/acorn_count.mjs" "$node_dir/"

files=0 skipped=0 differ=0
calls_a=0 calls_c=0 classes_a=0 classes_c=0
while IFS= read -r f; do
	read -r a_calls a_classes < <(node "$node_dir/acorn_count.mjs" "$root/$f" | sed 's/^SKIP$/SKIP SKIP/')
	if [ "$a_calls" = SKIP ]; then
		skipped=$((skipped + 1))
		continue
	fi
	out=$("$top/build/test_core" dump javascript "$root/$f")
	c_calls=$(awk -F'|' '$1 ~ /reference/ && $2 ~ /call/' <<<"$out" | wc -l)
	c_classes=$(awk -F'|' '$1 ~ /definition/ && $2 ~ /class/' <<<"$out" | wc -l)
	files=$((files + 1))
	calls_a=$((calls_a + a_calls)) calls_c=$((calls_c + c_calls))
	classes_a=$((classes_a + a_classes)) classes_c=$((classes_c + c_classes))
	if [ "$a_calls" != "$c_calls" ] || [ "$a_classes" != "$c_classes" ]; then
		differ=$((differ + 1))
		[ $differ -le 20 ] && echo "  $f: acorn $a_calls calls, $a_classes classes; codemap $c_calls, $c_classes"
	fi
done < <(cd "$root" && find . -name '*.js' -not -path './node_modules/*' -printf '%P\n' | sort)

echo "$files files under $root ($skipped acorn could not parse)"
printf '%-8s %10s %10s\n' '' acorn codemap calls "$calls_a" "$calls_c" classes "$classes_a" "$classes_c"
echo "files that differ: $differ"
[ "$differ" -eq 0 ]
