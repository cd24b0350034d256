#!/bin/sh
# Write the source snippets of sql/parse_LANG.sql as fuzzing seeds into DIR:
# each seed is one byte naming the language (its index in the core's
# language table) followed by the snippet.
set -eu
out=$1
mkdir -p "$out"
i=0
for lang in c cpp python javascript typescript tsx go java rust ruby csharp php; do
	n=0
	awk '/\$src\$$/ { on = 1; n++; next } /^\$src\$/ { on = 0 } on { print > (FILENAME ".seed" n) }' \
		"sql/parse_$lang.sql"
	for f in sql/parse_$lang.sql.seed*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		{ printf "\\$(printf '%03o' $i)"; cat "$f"; } >"$out/$lang-$n"
		rm -f "$f"
	done
	i=$((i + 1))
done
