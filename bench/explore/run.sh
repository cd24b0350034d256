#!/usr/bin/env bash
# bench/explore/run.sh [--seconds S] [--baseline-tx N] [--only REGEX] [CORPUS]
# bench/explore/run.sh [--seconds S] [--baseline-tx N] [--only REGEX] --reuse PORT DATABASE REPOSITORY
#
# How fast the exploration functions answer on a whole indexed repository,
# against the plain SQL a user writes without them, in the same run:
#
#	codemap    each function through a pgbench custom script of this
#	           directory, every transaction on a random node, called as
#	           SELECT count(*) FROM codemap.f(...) so that the whole
#	           answer is computed and only a count is sent back
#	baseline   recursive CTEs over codemap.edge and codemap.node giving
#	           the whole neighbourhood of the same nodes with no budget
#	           (cte_file.sql, cte_symbol.sql): files at depth 1, 2 and 3,
#	           symbols at depth 1 and 3; the node set only, not the
#	           references among the nodes that neighbors() also returns
#
# The nodes are drawn once with a fixed seed (sample.sql) into schema
# bench_explore, which the benchmark owns and drops at the end: 500 files
# with edges, 500 functions with edges, every cluster of every level, 100
# modules and 50 sets of 500 files with edges.  A script picks one per
# transaction with \set i random(1, :n).
#
# Each script runs with one client, then with two (-c 2 -j 2): a function
# for S seconds (--seconds, default 10), a baseline for N transactions
# per client (--baseline-tx, default 20).  A short pass over every script
# comes first, to warm the buffers.  pgbench connects once per client, so
# what a backend caches (the functions' graph snapshot) lasts the whole
# run; the first transaction of each client fills those caches and is left
# out of p50 and p95, shown as "first" (the slowest client's).  Latencies
# come from pgbench's per-transaction log.
#
# Every run uses the same pgbench --random-seed, so a client draws the
# same nodes in the same order in every run with as many clients: the
# baseline runs on the nodes of the first transactions of the function it
# is compared with, and "speed-up" is the baseline's p50 over the
# function's p50 on those same transactions.  Replaying a run's \set
# lines with that seed also names the node of any transaction: the notes
# give the slowest of each one-client run, and the node and error of any
# client that stopped on one.
#
# Every session has statement_timeout = 60s.  A transaction that times out
# stops its client and counts as 60 s in the percentiles (">=60000").  The
# baselines run with jit off: with PostgreSQL's default (on), their cost
# estimates pass jit_above_cost and compiling adds about 300 ms to each;
# the functions run with the server's own setting.
#
# --only REGEX measures only the rows whose function label (as the table
# prints it, e.g. 'neighbors\(file') matches the extended regular
# expression.
#
# subgraph(), path() and hotspots() are measured when the installed
# extension has them; otherwise their rows say so.  The goals (from the
# issue) are judged on p50: overview <= 5 ms, expand <= 10 ms, neighbors
# at depth 1 <= 2 ms, neighbors at depth 3 and subgraph of 500 files
# <= 30 ms, and from depth 2 on at least 10 times the baseline's speed.
#
# The repository: by default the benchmark indexes CORPUS (a name
# bench/corpus.sh knows, default linux, or a directory) with codemap
# index --jobs 2 as bench/index/run.sh does, in its own cluster (port
# 54399, database codemap_explore; left running with CODEMAP_BENCH_KEEP=1),
# then runs VACUUM ANALYZE.  With --reuse it uses repository REPOSITORY,
# already indexed in DATABASE on PORT, connecting with the environment's
# PGHOST and PGUSER, and writes nothing outside schema bench_explore.
# Either way it measures the codemap installed in that server: it neither
# builds nor installs.  Linux takes about 11 minutes past indexing.

. "$(dirname "$0")/../../scripts/lib.sh"

HERE=$TOP/bench/explore
seconds=10
baseline_tx=20
only=
corpus=linux
reuse=no
while [ $# -gt 0 ]; do
	case "$1" in
	--seconds) seconds=$2; shift 2 ;;
	--baseline-tx) baseline_tx=$2; shift 2 ;;
	--only) only=$2; shift 2 ;;
	--reuse)
		[ $# -ge 4 ] || die "--reuse needs PORT DATABASE REPOSITORY"
		reuse=yes
		export PGPORT=$2 PGDATABASE=$3
		repo=$4
		shift 4
		;;
	-*) die "unknown option $1" ;;
	*) corpus=$1; shift ;;
	esac
done

SEED=20240601			# pgbench --random-seed of every measured run
TIMEOUT_MS=60000
work=$(mktemp -d)
chmod 755 "$work"
mkdir "$work/log"

sql() { psql -qXAt -v ON_ERROR_STOP=1 "$@"; }

include_flags() {
	case "$1" in
	linux) echo "-I include -I arch/x86/include -I include/uapi -I arch/x86/include/uapi" \
		"-I arch/x86/include/generated -I arch/x86/include/generated/uapi" ;;
	*) echo "" ;;
	esac
}

if [ "$reuse" = yes ]; then
	trap 'sql -c "DROP SCHEMA IF EXISTS bench_explore CASCADE" 2>/dev/null; rm -rf "$work"' EXIT
else
	install_deps
	[ -f "$("$PG_BIN/pg_config" --sharedir)/extension/codemap.control" ] ||
		die "codemap is not installed in PostgreSQL $PG_MAJOR: run make install first"
	trap '[ -n "${CODEMAP_BENCH_KEEP:-}" ] || cluster_stop; rm -rf "$work"' EXIT
	bench_cluster_start explore "${CODEMAP_EXPLORE_PORT:-54399}" codemap_explore
	if [ -d "$corpus" ]; then
		root=$(cd "$corpus" && pwd)
		corpus=$(basename "$root")
	else
		root=$("$TOP/bench/corpus.sh" "$corpus" | tail -n 1)
	fi
	repo=bench_$corpus
	say "indexing $root as $repo"
	t0=$(date +%s)
	# shellcheck disable=SC2046
	"$PG_BIN/codemap" index --repo "$repo" --jobs 2 $(include_flags "$corpus") "$root" \
		>"$work/index.out" 2>&1 || { cat "$work/index.out" >&2; exit 1; }
	say "indexed in $(($(date +%s) - t0)) s; VACUUM ANALYZE"
	sql -c "VACUUM ANALYZE"
fi
repo_literal="'${repo//\'/\'\'}'"
[ "$(sql -c "SELECT count(*) FROM codemap.repo WHERE name = $repo_literal")" = 1 ] ||
	die "no repository \"$repo\" in database ${PGDATABASE:-} on port ${PGPORT:-}"

# --- the sample; the machine, the server and the repository ----------------
say "sampling nodes"
sql -v repo="$repo" -v seed=0.42 -v files=500 -v symbols=500 -v modules=100 \
	-v sets=50 -v set_size=500 -f "$HERE/sample.sql" >/dev/null
count() { sql -c "SELECT count(*) FROM bench_explore.sample WHERE kind = '$1'"; }
n_file=$(count file)
n_symbol=$(count symbol)
n_cluster=$(count cluster)
n_module=$(count module)
n_set=$(sql -c "SELECT count(*) FROM bench_explore.node_set")

library=$("$PG_BIN/pg_config" --pkglibdir)/codemap.so
echo "machine: $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo))," \
	"$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo) GB of memory," \
	"load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
echo "server: $(sql -c "SELECT split_part(version(), ' on ', 1)"), codemap" \
	"$(sql -c "SELECT extversion FROM pg_extension WHERE extname = 'codemap'")" \
	"(library of $(date -r "$library" '+%Y-%m-%d %H:%M'))," \
	"shared_buffers $(sql -c "SHOW shared_buffers"), jit $(sql -c "SHOW jit")"
sql -F ' ' -c "SELECT
	(SELECT count(*) FROM codemap.file f WHERE f.repo_id = r.id),
	(SELECT count(*) FROM codemap.node n
	 WHERE n.repo_id = r.id AND n.kind NOT IN ('file', 'module')),
	(SELECT count(*) FROM codemap.node n WHERE n.repo_id = r.id AND n.kind = 'module'),
	(SELECT count(*) FROM codemap.edge e WHERE e.repo_id = r.id),
	(SELECT count(*) FROM codemap.cluster c WHERE c.repo_id = r.id),
	(SELECT coalesce(max(c.level) + 1, 0) FROM codemap.cluster c WHERE c.repo_id = r.id)
	FROM codemap.repo r WHERE r.name = $repo_literal" |
	{
		read -r files symbols modules edges clusters levels
		echo "repository $repo: $files files, $symbols symbols, $modules modules," \
			"$edges edges, $clusters clusters in $levels levels"
	}
echo "sample: $n_file files and $n_symbol functions with edges, $n_cluster clusters," \
	"$n_module modules, $n_set sets of 500 files; seed 0.42, pgbench --random-seed=$SEED"

# --- runs -------------------------------------------------------------------

# The rows of the table: label, script, depth, goal (ms at p50, or -),
# baseline script (or -), and the function the script calls.
cat >"$work/plan" <<'PLAN'
overview|overview.sql|0|5|-|overview(text,int)
expand(cluster)|expand_cluster.sql|0|10|-|expand(text,text,int)
expand(file)|expand_file.sql|0|10|-|expand(text,text,int)
expand(module)|expand_module.sql|0|10|-|expand(text,text,int)
neighbors(file, 1)|neighbors_file.sql|1|2|cte_file.sql|neighbors(text,text,int,text,text[],int)
neighbors(file, 2)|neighbors_file.sql|2|-|cte_file.sql|neighbors(text,text,int,text,text[],int)
neighbors(file, 3)|neighbors_file.sql|3|30|cte_file.sql|neighbors(text,text,int,text,text[],int)
neighbors(symbol, 1)|neighbors_symbol.sql|1|2|cte_symbol.sql|neighbors(text,text,int,text,text[],int)
neighbors(symbol, 3)|neighbors_symbol.sql|3|30|cte_symbol.sql|neighbors(text,text,int,text,text[],int)
subgraph(500 files, 500)|subgraph.sql|0|30|-|subgraph(text,text[],int)
path(file, file)|path.sql|0|-|-|path(text,text,text,text[])
search(4-letter prefix)|search.sql|0|-|-|search(text,text,int)
impact(symbol, 2)|impact.sql|0|-|-|impact(text,text,int)
hotspots|hotspots.sql|0|-|-|hotspots(text,int)
PLAN
if [ -n "$only" ]; then
	grep -E "^[^|]*($only)" "$work/plan" >"$work/plan.only" || die "--only $only matches no function"
	mv "$work/plan.only" "$work/plan"
fi

# kind_of SCRIPT: the sample a script draws from.
kind_of() {
	case "$1" in
	expand_cluster.sql) echo cluster ;;
	expand_module.sql) echo module ;;
	neighbors_symbol.sql | cte_symbol.sql | search.sql | impact.sql) echo symbol ;;
	subgraph.sql) echo set ;;
	*) echo file ;;
	esac
}

# n_for SCRIPT: how many nodes (or sets) its sample holds.
n_for() {
	case "$(kind_of "$1")" in
	cluster) echo "$n_cluster" ;;
	module) echo "$n_module" ;;
	symbol) echo "$n_symbol" ;;
	set) echo "$n_set" ;;
	*) echo "$n_file" ;;
	esac
}

installed() {
	[ "$(sql -c "SELECT to_regprocedure('codemap.$1') IS NOT NULL")" = t ]
}

# run_pgbench NAME CLIENTS LIMIT SCRIPT N DEPTH OPTIONS: one pgbench run
# of SCRIPT (LIMIT is "-T S" or "-t N"; OPTIONS are server settings),
# logged in $work/log/NAME.*, its output in $work/NAME.out and .err.
run_pgbench() {
	local name=$1 clients=$2 limit=$3 script=$4 n=$5 depth=$6 options=$7
	rm -f "$work/log/$name".*
	# shellcheck disable=SC2086
	PGOPTIONS="-c statement_timeout=$TIMEOUT_MS $options" "$PG_BIN/pgbench" -n \
		-f "$HERE/$script" -c "$clients" -j "$clients" $limit \
		--random-seed="${SEED_OVERRIDE:-$SEED}" -D n="$n" -D depth="$depth" \
		--log --log-prefix="$work/log/$name" >"$work/$name.out" 2>"$work/$name.err" || true
}

# logged NAME CLIENT: how many transactions of CLIENT the run logged.
logged() {
	cat "$work/log/$1".* 2>/dev/null | awk -v c="$2" '$1 == c' | wc -l
}

# aborts NAME: "client transaction error" for each client of the run
# that stopped on an error, transactions numbered from 1 as in the log.
aborts() {
	local line client error
	{ grep -E 'client [0-9]+ .*aborted' "$work/$1.err" || true; } |
		while read -r line; do
			client=$(echo "$line" | sed -E 's/.*client ([0-9]+) .*/\1/')
			error=$(echo "$line" | sed -E 's/.*(ERROR|FATAL): +//')
			echo "$client $(($(logged "$1" "$client") + 1)) $error"
		done
}

# stats NAME [LAST]: "transactions p50 p95 first" in ms from the run's
# log, each client's first transaction left out ("first" is the slowest
# of them), and those past LAST if given.  A transaction that timed out
# counts as TIMEOUT_MS.
stats() {
	local last=${2:-0} cap=$((TIMEOUT_MS * 1000)) first
	aborts "$1" >"$work/aborts"
	first=$({
		cat "$work/log/$1".* 2>/dev/null | awk '$2 == 1 { print $3 }'
		awk -v cap="$cap" '$2 == 1 && /statement timeout/ { print cap }' "$work/aborts"
	} | awk -v cap="$cap" '$1 > m { m = $1 }
		END {
			if (m >= cap) print ">=" cap / 1000
			else if (m) printf "%.2f\n", m / 1000
			else print "-"
		}')
	{
		cat "$work/log/$1".* 2>/dev/null |
			awk -v last="$last" '$2 > 1 && (!last || $2 <= last) { print $3 }'
		awk -v cap="$cap" -v last="$last" \
			'$2 > 1 && (!last || $2 <= last) && /statement timeout/ { print cap }' "$work/aborts"
	} | sort -n | awk -v cap="$cap" -v first="$first" '
		{ v[NR] = $1 }
		function pct(p,   k) {
			k = int(p * NR + 0.999999)
			if (v[k] >= cap) return ">=" cap / 1000
			return sprintf("%.2f", v[k] / 1000)
		}
		END {
			if (NR == 0) print 0, "-", "-", first
			else print NR, pct(0.50), pct(0.95), first
		}'
}

# replay SCRIPT CLIENTS N TRANSACTIONS: the random numbers a run of
# SCRIPT drew, into bench_explore.trace (client, i, j, in order of seq),
# by running its \set lines alone with the same seed.
replay() {
	local script=$1 clients=$2 n=$3 tx=$4
	{
		grep '^\\set' "$HERE/$script"
		if grep -q '^\\set j' "$HERE/$script"; then
			echo 'INSERT INTO bench_explore.trace (client, i, j) VALUES (:client_id, :i, :j);'
		else
			echo 'INSERT INTO bench_explore.trace (client, i) VALUES (:client_id, :i);'
		fi
	} >"$work/trace.sql"
	sql -c "TRUNCATE bench_explore.trace"
	"$PG_BIN/pgbench" -n -f "$work/trace.sql" -c "$clients" -j "$clients" -t "$tx" \
		--random-seed="$SEED" -D n="$n" >/dev/null 2>&1 || true
}

# node_at SCRIPT CLIENT TX: the node (or nodes) of a replayed transaction.
node_at() {
	local kind i j
	kind=$(kind_of "$1")
	read -r i j < <(sql -F ' ' -c "SELECT i, coalesce(j, 0) FROM bench_explore.trace
		WHERE client = $2 ORDER BY seq OFFSET $(($3 - 1)) LIMIT 1") || true
	if [ "$kind" = set ]; then
		echo "node set ${i:-?}"
	else
		sql -c "SELECT coalesce(string_agg(key, ' to ' ORDER BY n <> ${i:-0}), '?')
			FROM bench_explore.sample WHERE kind = '$kind' AND n IN (${i:-0}, ${j:-0})"
	fi
}

# failures NAME CLIENTS SCRIPT N: a line per client that stopped on an
# error or a timeout, naming the node it was on.
failures() {
	local name=$1 clients=$2 script=$3 n=$4 client tx error
	aborts "$name" | while read -r client tx error; do
		replay "$script" "$clients" "$n" "$tx"
		echo "$(node_at "$script" "$client" "$tx"): $error"
	done
}

# slowest NAME CLIENTS SCRIPT N: the node of the slowest transaction of
# the run (each client's first left out), and its latency.
slowest() {
	local name=$1 clients=$2 script=$3 n=$4 client tx us
	grep -q '^\\set' "$HERE/$script" || return 0
	read -r client tx us < <(cat "$work/log/$name".* 2>/dev/null |
		awk '$2 > 1 && $3 > m { m = $3; c = $1; t = $2 } END { if (m) print c, t, m }') || true
	[ -n "${us:-}" ] || return 0
	replay "$script" "$clients" "$n" "$tx"
	echo "slowest $(node_at "$script" "$client" "$tx")" \
		"($(awk -v us="$us" 'BEGIN { printf "%.2f", us / 1000 }') ms)"
}

# One pass over every script, with another seed, to warm the buffers.
say "warming up"
warm=$((seconds < 2 ? seconds : 2))
while IFS='|' read -r -u 3 label script depth goal baseline needs; do
	installed "$needs" || continue
	SEED_OVERRIDE=1 run_pgbench warm 1 "-T $warm" "$script" "$(n_for "$script")" "$depth" ""
	if [ "$baseline" != - ]; then
		SEED_OVERRIDE=1 run_pgbench warm 1 "-t 2" "$baseline" "$(n_for "$baseline")" \
			"$depth" "-c jit=off"
	fi
done 3<"$work/plan"

say "measuring: $seconds s per function, $baseline_tx transactions per client per baseline"
: >"$work/results"
: >"$work/notes"
k=0
while IFS='|' read -r -u 3 label script depth goal baseline needs; do
	k=$((k + 1))
	if ! installed "$needs"; then
		echo "$label|-|-|-|-|-|-" >>"$work/results"
		echo "$label: not measured, codemap.$needs is not installed" >>"$work/notes"
		continue
	fi
	n=$(n_for "$script")
	for c in 1 2; do
		say "$label, $c client(s)"
		run_pgbench "f$k.c$c" "$c" "-T $seconds" "$script" "$n" "$depth" ""
		all=$(stats "f$k.c$c")
		failures "f$k.c$c" "$c" "$script" "$n" |
			sed "s|^|$label, $c client(s): |" >>"$work/notes"
		if [ "$c" = 1 ]; then
			slowest "f$k.c$c" "$c" "$script" "$n" | sed "s|^|$label: |" >>"$work/notes"
		fi
		paired=-
		base="- - - -"
		if [ "$baseline" != - ]; then
			run_pgbench "b$k.c$c" "$c" "-t $baseline_tx" "$baseline" "$n" "$depth" "-c jit=off"
			base=$(stats "b$k.c$c")
			paired=$(stats "f$k.c$c" "$baseline_tx" | cut -d' ' -f2)
			failures "b$k.c$c" "$c" "$baseline" "$n" |
				sed "s|^|baseline of $label, $c client(s): |" >>"$work/notes"
			if [ "$c" = 1 ]; then
				slowest "b$k.c$c" "$c" "$baseline" "$n" |
					sed "s|^|baseline of $label: |" >>"$work/notes"
			fi
		fi
		echo "$label|$c|$all|$paired|$base|$goal|$depth" >>"$work/results"
	done
done 3<"$work/plan"

# --- the table ----------------------------------------------------------------
row() {
	printf '%-24s %7s %7s %8s %8s %8s %-21s %5s %8s %8s %8s %8s\n' "$@"
}

echo
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; latencies in ms"
row function clients tx p50 p95 first 'goal (p50)' b.tx b.p50 b.p95 b.first speed-up
while IFS='|' read -r -u 3 label c all paired base goal depth; do
	if [ "$all" = - ]; then
		row "$label" - - - - - 'not installed' - - - - -
		continue
	fi
	# shellcheck disable=SC2046
	row "$label" "$c" $(echo "$all $paired $base" | awk -v goal="$goal" -v depth="$depth" '{
		tx = $1; p50 = $2; p95 = $3; first = $4; paired = $5
		btx = $6; bp50 = $7; bp95 = $8; bfirst = $9
		ratio = "-"
		if (bp50 != "-" && paired ~ /^[0-9]/ && paired + 0 > 0) {
			if (bp50 ~ /^>=/) ratio = ">" sprintf("%.1f", substr(bp50, 3) / paired) "x"
			else ratio = sprintf("%.1f", bp50 / paired) "x"
		}
		# each goal is met, missed, or unknown (no figure to judge by)
		g = ""; missed = 0; unknown = 0
		if (goal != "-") {
			g = "<=" goal "ms"
			if (p50 !~ /^[0-9]/) unknown = 1
			else if (p50 + 0 > goal + 0) missed = 1
		}
		if (depth >= 2 && btx != "-") {
			g = g (g == "" ? "" : ",") ">=10x"
			if (ratio == "-") unknown = 1
			else if (ratio !~ /^>/ && ratio + 0 < 10) missed = 1
		}
		if (g == "") g = "-"
		else g = g (missed ? ":MISSED" : unknown ? ":unknown" : ":met")
		print tx, p50, p95, first, g, btx, bp50, bp95, bfirst, ratio
	}')
done 3<"$work/results"
if [ -s "$work/notes" ]; then
	echo
	echo "notes:"
	sed 's/^/  /' "$work/notes"
fi
