#!/usr/bin/env bash
# bench/parse/run.sh [--max-mb N] [--rounds N] [CORPUS...]
#
# Parse speed of codemap.parse() in SQL against the same work done by the
# core in a plain C loop (build/rawparse: same grammars and queries, no
# PostgreSQL), in one run on the same machine, so that the ratio holds
# however busy the machine is.  Default corpora: linux go django jdk three
# (bench/corpus.sh fetches them).  From each, files of a detected language
# between 10 kB and 4 MB are taken, sampled evenly (every k-th in path
# order) down to --max-mb megabytes (default 60).
#
# Both sides are timed in CPU seconds: the raw loop by its own clock, the
# SQL side by the backend's user+system time from /proc, around one
# statement that parses every file of a language from a table.  Parallel
# query is off so one backend does all the work.  With --rounds N (default
# 2) both sides run N times, alternating, and each keeps its best time, so
# that a burst of other load on the machine does not decide the ratio.
#
# Prints per corpus and language: files, MB, raw MB/s, SQL MB/s, SQL/raw,
# and whether both sides found the same number of facts.  Then two scaling
# checks: MB/s for one real file repeated 1 to 32 times, and for a file of
# many small functions (a fact-dense, flat tree) at growing sizes.

. "$(dirname "$0")/../../scripts/lib.sh"

max_mb=60
rounds=2
corpora=()
while [ $# -gt 0 ]; do
	case "$1" in
	--max-mb) max_mb=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	*) corpora+=("$1"); shift ;;
	esac
done
[ ${#corpora[@]} -gt 0 ] || corpora=(linux go django jdk three)

install_deps
build_and_install
make -C "$TOP" -s build/rawparse PG_CONFIG="$PG_BIN/pg_config"
CLUSTER_STATE=$TOP/.cluster-bench.env
CLUSTER_DIR=$TOP/.cluster-bench
CLUSTER_PORT=${CODEMAP_BENCH_PORT:-54349}
trap cluster_stop EXIT
cluster_start
psql -qX -d postgres -c "DROP DATABASE IF EXISTS codemap_bench" -c "CREATE DATABASE codemap_bench"
export PGDATABASE=codemap_bench
psql -qX -c "CREATE EXTENSION codemap" \
	-c "CREATE TABLE bench_file (path text, language text, content text)"

extensions=$(psql -qXAt -c "SELECT string_agg(e, ' ') FROM codemap.languages(), unnest(extensions) AS e")
work=$(mktemp -d)
chmod 755 "$work"
trap 'cluster_stop; rm -rf "$work"' EXIT

# CPU seconds (user + system) of a process, from /proc
cpu_of() { awk '{ printf "%.3f\n", ($14 + $15) / '"$(getconf CLK_TCK)"' }' "/proc/$1/stat"; }

# Run SQL in one backend and print "cpu_seconds result" for it.
sql_cpu() {
	local fifo=$work/psql.in out=$work/psql.out pid t0 t1
	rm -f "$fifo" "$out"; mkfifo "$fifo"; : >"$out"
	psql -qXAt <"$fifo" >>"$out" 2>&1 &
	exec 3>"$fifo"
	# compile every language's query before the clock starts, as rawparse does
	echo "SET max_parallel_workers_per_gather = 0; SET client_min_messages = warning;" >&3
	echo "SELECT count(*) FROM codemap.languages() AS l, codemap.parse('', l.name) \\g /dev/null" >&3
	echo "SELECT pg_backend_pid();" >&3
	while [ ! -s "$out" ]; do sleep 0.05; done
	pid=$(head -n 1 "$out")
	t0=$(cpu_of "$pid")
	echo "$1" >&3
	echo "SELECT 'done';" >&3
	while ! grep -q '^done$' "$out"; do sleep 0.05; done
	t1=$(cpu_of "$pid")
	exec 3>&-
	wait
	echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') $(sed -n 2p "$out")"
}

printf '%-8s %-11s %6s %8s %9s %9s %8s %s\n' corpus language files MB \
	'raw MB/s' 'SQL MB/s' 'SQL/raw' 'facts'
for corpus in "${corpora[@]}"; do
	root=$("$TOP/bench/corpus.sh" "$corpus" | tail -n 1)
	# source files only (by extension), sampled evenly in path order
	(cd "$root" && find . -type f -size +10k -size -4096k -printf '%s %P\n') |
		awk -v exts="$extensions" 'BEGIN { n = split(exts, e, " "); for (i = 1; i <= n; i++) ok[e[i]] = 1 }
			{ x = $2; sub(/.*\//, "", x); if (x !~ /\./) next; sub(/.*\./, "", x)
			  if (tolower(x) in ok) print }' |
		sort -k2 >"$work/all"
	awk -v max=$((max_mb * 1024 * 1024)) '
		{ path[NR] = substr($0, index($0, " ") + 1); total += $1 }
		END { k = total > max ? int(total / max) + 1 : 1
			  for (i = 1; i <= NR; i += k) print path[i] }' \
		"$work/all" >"$work/list"
	"$TOP/build/rawparse" --min-bytes 10240 --copy "$work/data.copy" "$root" "$work/list" >"$work/raw"
	psql -qX -c "TRUNCATE bench_file" -c "\\copy bench_file FROM '$work/data.copy'"
	while read -r lang files bytes raw_cpu raw_facts; do
		# a few files of another language in a corpus say nothing about speed
		if [ "$bytes" -lt 524288 ]; then
			echo "$corpus $lang $files $bytes" >>"$work/small"
			continue
		fi
		sql_cpu=
		for round in $(seq "$rounds"); do
			if [ "$round" -gt 1 ]; then
				t=$("$TOP/build/rawparse" --min-bytes 10240 "$root" "$work/list" |
					awk -v l="$lang" '$1 == l { print $4 }')
				raw_cpu=$(awk -v a="$raw_cpu" -v b="$t" 'BEGIN { print (b < a) ? b : a }')
			fi
			read -r t sql_facts < <(sql_cpu "SELECT sum((SELECT count(*) FROM codemap.parse(content, language))) FROM bench_file WHERE language = '$lang';")
			sql_cpu=$(awk -v a="${sql_cpu:-$t}" -v b="$t" 'BEGIN { print (b < a) ? b : a }')
		done
		awk -v c="$corpus" -v l="$lang" -v f="$files" -v b="$bytes" -v rc="$raw_cpu" \
			-v sc="$sql_cpu" -v rf="$raw_facts" -v sf="$sql_facts" 'BEGIN {
			mb = b / 1048576; raw = rc > 0 ? mb / rc : 0; sql = sc > 0 ? mb / sc : 0
			ratio = raw > 0 ? sql / raw : 0; same = (rf == sf) ? "same" : "raw " rf " / sql " sf
			printf "%-8s %-11s %6d %8.1f %9.2f %9.2f %8.2f %s\n", c, l, f, mb, raw, sql, ratio, same }'
	done <"$work/raw"
done

if [ -s "$work/small" ]; then
	echo "(not shown: samples under 0.5 MB: $(awk '{ sep = (NR > 1) ? ", " : ""; printf "%s%s/%s %d files", sep, $1, $2, $3 }' "$work/small"))"
fi

# Scaling: one real file repeated, so parse time can be read against size.
echo
echo "scaling (one file of django, repeated; SQL path):"
printf '%8s %10s %9s\n' copies KB 'MB/s'
django=$("$TOP/bench/corpus.sh" django | tail -n 1)
sample=$django/db/models/query.py
for n in 1 2 4 8 16 32; do
	read -r cpu _ < <(sql_cpu "SELECT count(*) FROM codemap.parse(repeat(pg_read_file('$sample'), $n), 'python');")
	kb=$(( $(stat -c %s "$sample") * n / 1024 ))
	awk -v n=$n -v kb=$kb -v c="$cpu" 'BEGIN { r = (c > 0) ? kb / 1024 / c : 0; printf "%8d %10d %9.2f\n", n, kb, r }'
done

echo
echo "scaling (a one-line C function repeated; SQL path):"
printf '%8s %10s %9s\n' copies KB 'MB/s'
line='int f(void) { return g(1); }'
for n in 4000 16000 64000 128000; do
	read -r cpu _ < <(sql_cpu "SELECT count(*) FROM codemap.parse(repeat(E'$line\\n', $n), 'c');")
	kb=$(( (${#line} + 1) * n / 1024 ))
	awk -v n=$n -v kb=$kb -v c="$cpu" 'BEGIN { r = (c > 0) ? kb / 1024 / c : 0; printf "%8d %10d %9.2f\n", n, kb, r }'
done
