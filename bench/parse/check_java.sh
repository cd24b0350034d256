#!/usr/bin/env bash
# bench/parse/check_java.sh [DIR]
#
# Compare codemap's Java extraction with javac's own parser (the compiler
# tree API, bench/parse/JavaCount.java) file by file over DIR (default:
# java.base of the OpenJDK 17 class library, via bench/corpus.sh): named
# types, methods and constructors with a body, and calls (invocations and
# instance creations).  Needs a JDK (javac); runs the core through
# build/test_core.  Prints the totals and the files that differ.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-$("$top/bench/corpus.sh" jdk | tail -n 1)/java.base}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v javac >/dev/null || { echo "javac is needed (apt-get install default-jdk-headless)" >&2; exit 2; }
make -C "$top" -s build/test_core
javac -d "$work" "$top/bench/parse/JavaCount.java"
find "$dir" -name '*.java' | sort >"$work/list"
java -cp "$work" JavaCount "$work/list" >"$work/javac"

files=0 differ=0
sum_j=(0 0 0) sum_c=(0 0 0)
while IFS=$'\t' read -r path classes methods calls; do
	[ "$classes" = SKIP ] && continue
	out=$("$top/build/test_core" dump java "$path")
	c_classes=$(awk -F'|' '$1 ~ /definition/ && $2 ~ /class|interface|enum/' <<<"$out" | wc -l)
	c_methods=$(awk -F'|' '$1 ~ /definition/ && $2 ~ /method/' <<<"$out" | wc -l)
	c_calls=$(awk -F'|' '$1 ~ /reference/ && $2 ~ /call/' <<<"$out" | wc -l)
	files=$((files + 1))
	sum_j=($((sum_j[0] + classes)) $((sum_j[1] + methods)) $((sum_j[2] + calls)))
	sum_c=($((sum_c[0] + c_classes)) $((sum_c[1] + c_methods)) $((sum_c[2] + c_calls)))
	if [ "$classes $methods $calls" != "$c_classes $c_methods $c_calls" ]; then
		differ=$((differ + 1))
		[ $differ -le 20 ] && echo "  ${path#$dir/}: javac $classes $methods $calls, codemap $c_classes $c_methods $c_calls"
	fi
done <"$work/javac"

echo "$files files under $dir"
printf '%-8s %10s %10s\n' '' javac codemap types "${sum_j[0]}" "${sum_c[0]}" \
	methods "${sum_j[1]}" "${sum_c[1]}" calls "${sum_j[2]}" "${sum_c[2]}"
echo "files that differ: $differ"
[ "$differ" -eq 0 ]
