#!/usr/bin/env bash
# bench/graph/run.sh [--skip-planted] [--skip-linux] [--nodes N --edges M]
#
# codemap's graph engine against igraph, the reference C library, on the
# same graphs in the same run:
#
#	planted  a planted partition of 1,000,000 nodes in 1,000 blocks and
#	         10,000,000 edges, 30% of them between blocks
#	linux    the file graph of the Linux kernel (imports, calls, inherits),
#	         indexed here with codemap index --jobs 2
#
# For each graph it prints the seconds, peak memory and modularity of
# codemap's communities() called through SQL (in a fresh session, so the
# backend's peak is the call's own), of igraph's Leiden (modularity,
# iterated until it stops changing) and of igraph's multilevel (Louvain),
# then the modularity igraph itself computes for codemap's partition, and
# how far codemap's pagerank() is from igraph's (PRPACK) in L1 norm.
# igraph comes from Debian (libigraph-dev) and is used by this benchmark
# only; codemap never links it.

. "$(dirname "$0")/../../scripts/lib.sh"

nodes=1000000
edges=10000000
linux=yes
planted=yes
while [ $# -gt 0 ]; do
	case "$1" in
	--skip-linux) linux=no; shift ;;
	--skip-planted) planted=no; shift ;;
	--nodes) nodes=$2; shift 2 ;;
	--edges) edges=$2; shift 2 ;;
	*) die "unknown argument $1" ;;
	esac
done

DEPS="$DEPS libigraph-dev"
install_deps
build_and_install
bench=$TOP/build/igraph_bench
cc -O2 -o "$bench" "$TOP/bench/graph/igraph_bench.c" $(pkg-config --cflags --libs igraph)

trap cluster_stop EXIT
bench_cluster_start graph "${CODEMAP_GRAPH_PORT:-54379}" codemap_graph
# graph_agg over 10M rows needs more than the default 1GB
export PGOPTIONS="-c codemap.graph_work_mem=8GB"
psql -qX -c "CREATE TABLE graphs (name text PRIMARY KEY, g codemap.graph)"

work=$(mktemp -d)
chmod 755 "$work"
trap 'cluster_stop; rm -rf "$work"' EXIT

now() { date +%s.%N; }

# codemap's side for graph $1: seconds and peak MB of communities() in a
# fresh session, modularity by codemap.modularity(), the final partition
# in $work/$1.membership, and pagerank in $work/$1.ranks.
codemap_side() {
	local name=$1 out
	out=$(psql -qAtX -c '\timing on' \
		-c "SELECT count(*) FROM codemap.communities((SELECT g FROM graphs WHERE name = '$name'))" \
		-c "SELECT split_part(split_part(pg_read_file('/proc/' || pg_backend_pid() || '/status'), 'VmHWM:', 2), 'kB', 1)::bigint / 1024")
	cm_seconds=$(echo "$out" | awk '/^Time:/ { printf "%.2f", $2 / 1000; exit }')
	cm_peak=$(echo "$out" | grep -v '^Time:' | tail -n 1)
	psql -qX -c "CREATE TABLE final_$name AS
		WITH c AS (SELECT * FROM codemap.communities((SELECT g FROM graphs WHERE name = '$name')))
		SELECT node, community FROM c WHERE level = (SELECT max(level) FROM c)"
	psql -qX -c "\\copy final_$name TO '$work/$name.membership' csv"
	cm_q=$(psql -qAtX -c "SELECT round(codemap.modularity(g, (SELECT array_agg(node) FROM final_$name),
		(SELECT array_agg(community) FROM final_$name))::numeric, 6) FROM graphs WHERE name = '$name'")
	cm_count=$(psql -qAtX -c "SELECT count(DISTINCT community) FROM final_$name f
		JOIN codemap.graph_nodes((SELECT g FROM graphs WHERE name = '$name')) n USING (node)
		WHERE n.out_degree + n.in_degree > 0")
	psql -qX -c "\\copy (SELECT src, dst, weight FROM codemap.graph_edges((SELECT g FROM graphs WHERE name = '$name'))) TO '$work/$name.edges' csv"
	psql -qX -c "\\copy (SELECT node FROM codemap.graph_nodes((SELECT g FROM graphs WHERE name = '$name'))) TO '$work/$name.nodes' csv"
	psql -qX -c "\\copy (SELECT node, rank FROM codemap.pagerank((SELECT g FROM graphs WHERE name = '$name'))) TO '$work/$name.ranks' csv"
}

report() {
	local name=$1 build=$2 stats
	stats=$(psql -qAtX -F ' ' -c "SELECT nodes, edges FROM codemap.graph_stats((SELECT g FROM graphs WHERE name = '$name'))")
	codemap_side "$name"
	echo
	echo "graph $name: $stats (nodes, distinct directed edges); graph_agg took $build s"
	printf '%-22s %9s %9s %11s %12s\n' algorithm seconds 'peak MB' modularity communities
	printf '%-22s %9s %9s %11s %12s\n' 'codemap communities' "$cm_seconds" "$cm_peak" "$cm_q" "$cm_count"
	"$bench" communities "$work/$name.edges" "$work/$name.membership" |
		while read -r algo secs peak q count; do
			printf '%-22s %9s %9s %11s %12s\n' "$algo" "$secs" "$peak" "$q" "$count"
		done
	"$bench" pagerank "$work/$name.edges" "$work/$name.nodes" "$work/$name.ranks"
}

# --- planted partition ----------------------------------------------------
if [ "$planted" = yes ]; then
	say "planted partition: $nodes nodes, $edges edges"
	"$bench" planted "$nodes" "$edges" 1000 0.3 1 >"$work/planted.csv"
	psql -qX -c "CREATE UNLOGGED TABLE planted (src bigint, dst bigint)" \
		-c "\\copy planted FROM '$work/planted.csv' csv"
	t0=$(now)
	psql -qX -c "INSERT INTO graphs SELECT 'planted', codemap.graph_agg(src, dst) FROM planted"
	t1=$(now)
	report planted "$(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }")"
fi

# --- the Linux file graph -------------------------------------------------
if [ "$linux" = yes ]; then
	root=$("$TOP/bench/corpus.sh" linux | tail -n 1)
	say "indexing Linux from $root"
	"$PG_BIN/codemap" index --repo linux --jobs 2 -I include -I arch/x86/include \
		-I include/uapi -I arch/x86/include/uapi -I arch/x86/include/generated \
		-I arch/x86/include/generated/uapi "$root" >"$work/index.out" 2>&1 ||
		{ cat "$work/index.out" >&2; exit 1; }
	t0=$(now)
	psql -qX -c "INSERT INTO graphs SELECT 'linux', codemap.repo_graph('linux', 'file', '{imports,calls,inherits}')"
	t1=$(now)
	report linux "$(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }")"
fi
