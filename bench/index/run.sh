#!/usr/bin/env bash
# bench/index/run.sh [--jobs N] [CORPUS...]
#
# Whole-repository indexing with the codemap client against the raw work it
# cannot avoid, measured in the same run on the same machine:
#
#	raw        N processes of build/rawparse (the core's parse + query, no
#	           PostgreSQL) over the files the index stored, split evenly;
#	           wall-clock seconds until the last one ends
#	index      codemap index --jobs N into an empty repository: listing,
#	           reading, hashing, COPY, parsing, storing, resolving
#	unchanged  codemap index again on the unchanged tree
#
# Prints per corpus: files stored, MB, index seconds, files/s, MB/s, the
# ratio index/raw, the unchanged re-run's seconds and share of the first
# run, the peak private memory (RssAnon) of any backend during the run,
# row counts and the database size.  Default corpora: linux django go three
# (bench/corpus.sh fetches them); --jobs defaults to 2.
#
# The cluster is the benchmark's own, with settings for bulk loading
# (shared_buffers 1GB, max_wal_size 8GB) that the README lists.  With
# CODEMAP_BENCH_KEEP=1 it is left running at the end (port 54349, database
# codemap_bench), to look at what was indexed.

. "$(dirname "$0")/../../scripts/lib.sh"

jobs=2
corpora=()
while [ $# -gt 0 ]; do
	case "$1" in
	--jobs) jobs=$2; shift 2 ;;
	*) corpora+=("$1"); shift ;;
	esac
done
[ ${#corpora[@]} -gt 0 ] || corpora=(linux django go three)

install_deps
build_and_install
make -C "$TOP" -s build/rawparse PG_CONFIG="$PG_BIN/pg_config"
trap cluster_stop EXIT
bench_cluster_start bench "${CODEMAP_BENCH_PORT:-54349}" codemap_bench

work=$(mktemp -d)
chmod 755 "$work"
trap '[ -n "${CODEMAP_BENCH_KEEP:-}" ] || cluster_stop; rm -rf "$work"' EXIT

now() { date +%s.%N; }

# Sample the private memory of every backend until $work/stop appears;
# print the peak in MB.
sample_memory() {
	local peak=0 kb pid
	while [ ! -e "$work/stop" ]; do
		for pid in $(pgrep -f "postgres: .*codemap_bench" || true); do
			kb=$(awk '/^RssAnon:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
			[ "${kb:-0}" -gt "$peak" ] && peak=$kb
		done
		sleep 0.2
	done
	echo $((peak / 1024))
}

include_flags() {
	case "$1" in
	linux) echo "-I include -I arch/x86/include -I include/uapi -I arch/x86/include/uapi -I arch/x86/include/generated -I arch/x86/include/generated/uapi" ;;
	*) echo "" ;;
	esac
}

printf '%-7s %7s %7s %8s %8s %6s %8s %7s %10s %5s %6s %9s %9s %9s %8s\n' \
	corpus files MB 'index s' 'files/s' 'MB/s' 'raw s' ratio 'unchanged' '%' 'peakMB' \
	nodes refs edges 'db MB'
for corpus in "${corpora[@]}"; do
	root=$("$TOP/bench/corpus.sh" "$corpus" | tail -n 1)
	repo=bench_$corpus

	# warm the page cache for both sides alike
	find "$root" -type f -size -4096k -print0 | xargs -0 cat >/dev/null 2>&1 || true

	rm -f "$work/stop"
	sample_memory >"$work/peak" &
	sampler=$!
	t0=$(now)
	# shellcheck disable=SC2046
	"$PG_BIN/codemap" index --repo "$repo" --jobs "$jobs" $(include_flags "$corpus") "$root" \
		>"$work/index.out" 2>"$work/index.err" || { cat "$work/index.err" >&2; exit 1; }
	t1=$(now)
	touch "$work/stop"
	wait $sampler
	"$PG_BIN/codemap" index --repo "$repo" --jobs "$jobs" "$root" >"$work/again.out" 2>&1
	t2=$(now)

	# the raw loop over exactly the files stored, split round-robin
	psql -qXAt -c "SELECT path FROM codemap.files WHERE repo = '$repo' AND status IN ('indexed', 'partial') ORDER BY path" >"$work/list"
	split -n r/"$jobs" "$work/list" "$work/part."
	r0=$(now)
	for part in "$work"/part.*; do
		"$TOP/build/rawparse" "$root" "$part" >"$part.out" &
	done
	wait
	r1=$(now)
	rm -f "$work"/part.*

	read -r files mb < <(psql -qXAt -F ' ' -c "SELECT count(*), round(sum(size) / 1048576.0, 1) FROM codemap.files WHERE repo = '$repo' AND status IN ('indexed', 'partial')")
	read -r nodes refs edges dbmb < <(psql -qXAt -F ' ' -c "SELECT
		(SELECT count(*) FROM codemap.node n JOIN codemap.repo r ON r.id = n.repo_id WHERE r.name = '$repo'),
		(SELECT count(*) FROM codemap.ref x JOIN codemap.repo r ON r.id = x.repo_id WHERE r.name = '$repo'),
		(SELECT count(*) FROM codemap.edge e JOIN codemap.repo r ON r.id = e.repo_id WHERE r.name = '$repo'),
		pg_database_size(current_database()) / 1048576")
	awk -v c="$corpus" -v f="$files" -v mb="$mb" -v t0="$t0" -v t1="$t1" -v t2="$t2" \
		-v r0="$r0" -v r1="$r1" -v peak="$(cat "$work/peak")" -v n="$nodes" -v x="$refs" \
		-v e="$edges" -v db="$dbmb" 'BEGIN {
		idx = t1 - t0; raw = r1 - r0; again = t2 - t1
		printf "%-7s %7d %7.1f %8.1f %8.0f %6.2f %8.1f %7.2f %10.1f %5.1f %6d %9d %9d %9d %8d\n",
			c, f, mb, idx, f / idx, mb / idx, raw, idx / raw, again, 100 * again / idx, peak, n, x, e, db }'
	sed 's/^/    /' "$work/index.out" >>"$work/summaries"
done
echo
echo "codemap index summaries:"
cat "$work/summaries"
