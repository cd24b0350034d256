#!/usr/bin/env bash
# bench/load/run.sh [--seconds S] [--single S] [--rate R] PORT DATABASE REPOSITORY
#
# Readers and a writer on one indexed repository at once: eight reader
# clients (two each running overview(), expand() of a random cluster,
# neighbors() of a random file and search() of a random prefix, the
# scripts of bench/explore) and one writer re-indexing changed files
# (writer.sql: five files get new content, then refresh(), in one
# transaction), all for S seconds (default 60).  Before that, each reader
# script runs alone with one client for --single seconds (default 20).
# The writer's five files are created (and the repository refreshed)
# before anything is measured, so that its batches change files rather
# than add them (files coming or going make refresh() resolve every
# import again).
#
# Readers run flat out by default, each client sending its next query as
# soon as the last one answers: on a machine with fewer cores than
# clients, latency then grows with the queue for the CPU.  --rate R paces
# each reader client at R transactions per second (pgbench --rate), as
# users with time between their clicks would; latencies then include any
# wait behind schedule (pgbench's schedule lag), and the single-client
# runs use the same pace.
#
# Prints per reader script: transactions, p50 and p95 alone and under
# load, the ratio of the p95s (the goal: at most 3), and the errors of
# every client, readers and writer (the goal: none); then the writer's
# batches and their latency.  Each client's first transaction (which
# reads the graph snapshot into its backend) is left out of the
# percentiles; after every writer commit, the readers' backends read the
# new snapshot on their next call, and those calls are counted.
#
# Uses the repository REPOSITORY already indexed in DATABASE on PORT
# (PGHOST and PGUSER from the environment), for example the one
# bench/index/run.sh leaves with CODEMAP_BENCH_KEEP=1.  It owns schema
# bench_explore while it runs (bench/explore must not run at the same
# time) and the files bench_load/w1.c to w5.c of the repository, which
# it removes at the end (with a last refresh).

. "$(dirname "$0")/../../scripts/lib.sh"

HERE=$TOP/bench/load
EXPLORE=$TOP/bench/explore
seconds=60
single=20
rate=
while [ $# -gt 0 ]; do
	case "$1" in
	--seconds) seconds=$2; shift 2 ;;
	--single) single=$2; shift 2 ;;
	--rate) rate=$2; shift 2 ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
[ $# -eq 3 ] || die "usage: bench/load/run.sh [--seconds S] [--single S] [--rate R] PORT DATABASE REPOSITORY"
export PGPORT=$1 PGDATABASE=$2
repo=$3
SEED=20240601
work=$(mktemp -d)
chmod 755 "$work"
mkdir "$work/log"

sql() { psql -qXAt -v ON_ERROR_STOP=1 "$@"; }
repo_literal="'${repo//\'/\'\'}'"
[ "$(sql -c "SELECT count(*) FROM codemap.repo WHERE name = $repo_literal")" = 1 ] ||
	die "no repository \"$repo\" in database $PGDATABASE on port $PGPORT"
cleanup() {
	sql -c "SET client_min_messages = warning" \
		-c "SELECT codemap.remove_files($repo_literal, ARRAY(SELECT 'bench_load/w' || k || '.c' FROM generate_series(1, 5) k))" \
		-c "SELECT count(*) FROM codemap.refresh($repo_literal)" >/dev/null 2>&1
	sql -c "DROP SCHEMA IF EXISTS bench_explore CASCADE" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT

count() { sql -c "SELECT count(*) FROM bench_explore.sample WHERE kind = '$1'"; }

# label|script|sample kind|depth
cat >"$work/plan" <<PLAN
overview|$EXPLORE/overview.sql|file|0
expand(cluster)|$HERE/expand_cluster.sql|file|0
neighbors(file, 1)|$EXPLORE/neighbors_file.sql|file|1
search(prefix)|$EXPLORE/search.sql|symbol|0
PLAN

# run NAME CLIENTS SECONDS SCRIPT N DEPTH [RATE]: pgbench, logged in
# $work/log/NAME.*; RATE per client
run() {
	local pace=""
	[ -n "${7:-}" ] && pace="--rate=$(($7 * $2))"
	# shellcheck disable=SC2086
	"$PG_BIN/pgbench" -n -f "$4" -c "$2" -j "$2" -T "$3" --random-seed="$SEED" $pace \
		-D n="$5" -D depth="$6" --log --log-prefix="$work/log/$1" \
		>"$work/$1.out" 2>"$work/$1.err" || true
}
# stats NAME: "transactions p50 p95" in ms, each client's first left out
stats() {
	cat "$work/log/$1".* 2>/dev/null | awk '$2 > 1 { print $3 }' | sort -n |
		awk '{ v[NR] = $1 }
			function pct(p) { return sprintf("%.2f", v[int(p * NR + 0.999999)] / 1000) }
			END { if (NR == 0) print 0, "-", "-"; else print NR, pct(0.50), pct(0.95) }'
}
# errors NAME: failed transactions and aborted clients of a run
errors() {
	local failed aborted
	failed=$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' "$work/$1.out")
	aborted=$(grep -cE 'aborted|ERROR|FATAL|error' "$work/$1.err" || true)
	echo $((${failed:-0} + aborted))
}

echo "machine: $(nproc) cores, $(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo) GB;" \
	"load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
echo "repository $repo: $(sql -c "SELECT count(*) FROM codemap.file f JOIN codemap.repo r ON r.id = f.repo_id WHERE r.name = $repo_literal") files"

say "creating the writer's files"
sql -c "SET client_min_messages = warning" \
	-c "SELECT count(*) FROM generate_series(1, 5) k,
		LATERAL codemap.index_file($repo_literal, format('bench_load/w%s.c', k), 'int bench_load_start(void);')" \
	-c "SELECT count(*) FROM codemap.refresh($repo_literal)" >/dev/null

say "sampling nodes"
sql -v repo="$repo" -v seed=0.42 -v files=500 -v symbols=500 -v modules=100 \
	-v sets=1 -v set_size=10 -f "$EXPLORE/sample.sql" >/dev/null
say "each reader alone, $single s${rate:+, $rate transactions/s}"
while IFS='|' read -r -u 3 label script kind depth; do
	run "single.$(basename "$script")" 1 "$single" "$script" "$(count "$kind")" "$depth" "$rate"
done 3<"$work/plan"

say "eight readers and a writer, $seconds s"
pids=""
run writer 1 "$seconds" "$HERE/writer.sql" 1 0 &
pids="$pids $!"
while IFS='|' read -r -u 3 label script kind depth; do
	run "load.$(basename "$script")" 2 "$seconds" "$script" "$(count "$kind")" "$depth" "$rate" &
	pids="$pids $!"
done 3<"$work/plan"
# shellcheck disable=SC2086
wait $pids

echo
echo "latencies in ms; each client's first transaction left out${rate:+; each reader client paced at $rate transactions/s}"
printf '%-20s %8s %8s %8s %8s %8s %8s %7s %7s\n' reader 'tx alone' p50 p95 'tx load' p50 p95 'p95 x' errors
total_errors=0
while IFS='|' read -r -u 3 label script kind depth; do
	name=$(basename "$script")
	read -r tx1 p50_1 p95_1 < <(stats "single.$name")
	read -r tx2 p50_2 p95_2 < <(stats "load.$name")
	e=$(($(errors "single.$name") + $(errors "load.$name")))
	total_errors=$((total_errors + e))
	ratio=$(awk -v a="$p95_1" -v b="$p95_2" 'BEGIN { if (a + 0 > 0 && b != "-") printf "%.2f", b / a; else print "-" }')
	printf '%-20s %8s %8s %8s %8s %8s %8s %7s %7s\n' "$label" "$tx1" "$p50_1" "$p95_1" \
		"$tx2" "$p50_2" "$p95_2" "$ratio" "$e"
done 3<"$work/plan"
read -r wtx wp50 wp95 < <(cat "$work/log/writer".* 2>/dev/null | awk '{ print $3 }' | sort -n |
	awk '{ v[NR] = $1 } END { if (NR == 0) print 0, "-", "-";
		else printf "%d %.0f %.0f\n", NR, v[int(0.5 * NR + 0.999999)] / 1000, v[NR] / 1000 }')
we=$(errors writer)
total_errors=$((total_errors + we))
echo "writer: $wtx batches committed (p50 $wp50 ms, slowest $wp95 ms), $we errors"
echo "errors in all: $total_errors"
for f in "$work"/*.err; do
	grep -v 'setting random seed' "$f" | head -5 | sed "s|^|$(basename "$f" .err): |"
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
