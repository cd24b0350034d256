#!/usr/bin/env bash
# bench/parse/check_go.sh [DIR]
#
# Compare codemap's Go extraction with go/parser, Go's own parser
# (bench/parse/gocount.go), file by file over DIR (default: the Go 1.19
# sources, via bench/corpus.sh): functions and methods, type specs, and
# calls.  Needs a Go toolchain (Debian's golang-1.19-go is installed if no
# go is found); runs the core through build/test_core.  Prints the totals
# and the files that differ.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-$("$top/bench/corpus.sh" go | tail -n 1)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go=$(command -v go || true)
if [ -z "$go" ]; then
	if ! dpkg -s golang-1.19-go >/dev/null 2>&1; then
		sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
		$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-1.19-go >/dev/null
	fi
	go=/usr/lib/go-1.19/bin/go
fi
make -C "$top" -s build/test_core
cp "$top/bench/parse/gocount.go" "$work/"
(cd "$work" && GOCACHE=$work/cache GO111MODULE=off "$go" build -o gocount gocount.go)
find "$dir" -name '*.go' -not -path '*/testdata/*' | sort | "$work/gocount" >"$work/go"

files=0 differ=0
sum_g=(0 0 0) sum_c=(0 0 0)
while IFS=$'\t' read -r path funcs types calls; do
	[ "$funcs" = SKIP ] && continue
	out=$("$top/build/test_core" dump go "$path")
	c_funcs=$(awk -F'|' '$1 ~ /definition/ && $2 ~ /function|method/' <<<"$out" | wc -l)
	c_types=$(awk -F'|' '$1 ~ /definition/ && $2 ~ /struct|interface| type /' <<<"$out" | wc -l)
	c_calls=$(awk -F'|' '$1 ~ /reference/ && $2 ~ /call/' <<<"$out" | wc -l)
	files=$((files + 1))
	sum_g=($((sum_g[0] + funcs)) $((sum_g[1] + types)) $((sum_g[2] + calls)))
	sum_c=($((sum_c[0] + c_funcs)) $((sum_c[1] + c_types)) $((sum_c[2] + c_calls)))
	if [ "$funcs $types $calls" != "$c_funcs $c_types $c_calls" ]; then
		differ=$((differ + 1))
		[ $differ -le 20 ] && echo "  ${path#$dir/}: go/parser $funcs $types $calls, codemap $c_funcs $c_types $c_calls"
	fi
done <"$work/go"

echo "$files files under $dir"
printf '%-10s %10s %10s\n' '' go/parser codemap functions "${sum_g[0]}" "${sum_c[0]}" \
	types "${sum_g[1]}" "${sum_c[1]}" calls "${sum_g[2]}" "${sum_c[2]}"
echo "files that differ: $differ"
[ "$differ" -eq 0 ]
