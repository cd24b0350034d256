#!/usr/bin/env bash
# TAP tests of "codemap overview", "expand", "neighbors", "search" and
# "export", run by prove from scripts/test.sh: on a small repository
# indexed with the client, the tables against the SQL functions' rows,
# the exported documents against their real consumers (Graphviz, xmllint,
# a JSON parser), and the errors.
# Needs a server reachable through the PG* variables with the extension
# created in $CODEMAP_TEST_DB, and the client in $CODEMAP (default: codemap).
set -u
CODEMAP=${CODEMAP:-codemap}
DB=${CODEMAP_TEST_DB:-codemap_tap}
. "$(dirname "$0")/tap.sh"

REPO=tap_explore

# the ids of the node table of $out: the lines up to the first empty one
node_ids() { awk 'NR > 1 && $0 == "" { exit } NR > 1 { print $2 }' "$out" | LC_ALL=C sort; }
# the "source -> target" of the edge table of $out, in printed order
edge_ends() { awk 'seen && NR > start { print $1, $2, $3 } $0 == "" { seen = 1; start = NR + 1 }' "$out"; }
# the same from SQL: a function's node ids and edge ends (none: an error)
sql_ids() { sql "SELECT id FROM $1 WHERE element = 'node'" | LC_ALL=C sort | grep .; }
sql_ends() { sql "SELECT source || ' -> ' || target FROM $1 WHERE element = 'edge'" | LC_ALL=C sort | grep .; }
# the node row of id $1 in $out
row() { awk -v id="$1" 'NR > 1 && $0 == "" { exit } $2 == id' "$out"; }
# the kinds of the node table of $out
node_kinds() { awk 'NR > 1 && $0 == "" { exit } NR > 1 { print $1 }' "$out" | sort -u; }
# run the client into $out and $err; $status is its exit status
run() { "$CODEMAP" "$@" >"$out" 2>"$err"; status=$?; }
has() { grep -q -- "$1" "$out"; }
lacks() { [ -s "$out" ] && ! grep -q -- "$1" "$out"; }
# the client failed with status 2, saying so on stderr only
refused() { [ "$status" -eq 2 ] && grep -q -- "$1" "$err" && [ ! -s "$out" ]; }
dot_ok() { [ -s "$1" ] && dot -Tsvg -o /dev/null "$1" 2>"$err" && [ ! -s "$err" ]; }
# a JSON parser other than the server's when there is one
json_ok() {
	if command -v python3 >/dev/null; then python3 -m json.tool "$1" >/dev/null
	elif command -v jq >/dev/null; then jq empty "$1"
	else echo "SELECT :'doc'::json IS NOT NULL" |
		psql -qAtX -d "$DB" -v ON_ERROR_STOP=1 -v doc="$(cat "$1")" >/dev/null
	fi
}
# the same document from the client and from psql (which adds a newline)
same_document() {	# same_document AGGREGATE CALL CLIENT-ARGS...
	local aggregate=$1 call=$2
	shift 2
	"$CODEMAP" export "$@" >"$work/client" 2>"$err" || return 1
	sql "SELECT codemap.$aggregate(r) FROM $call r" | head -c -1 >"$work/server"
	[ -s "$work/client" ] && cmp -s "$work/client" "$work/server"
}

echo "1..48"
work=$(mktemp -d)
out=$work/out
err=$work/err
trap 'rm -rf "$work"; sql "SELECT codemap.drop_repo(name) FROM codemap.repo WHERE name = '"'$REPO'"'" >/dev/null 2>&1' EXIT
export PGDATABASE=$DB
sql "SET client_min_messages = warning; SELECT codemap.drop_repo(name) FROM codemap.repo WHERE name = '$REPO'" >/dev/null

# three directories: app uses lib and db; in db a class and its base
dir=$work/proj
mkdir -p "$dir/app" "$dir/lib" "$dir/db"
printf 'from lib import util\nfrom db import store\n\ndef main():\n    s = store.Store()\n    return util.helper(s.load())\n\ndef run():\n    return main()\n' >"$dir/app/main.py"
printf 'from app import main\n\ndef cli():\n    return main.run()\n' >"$dir/app/cli.py"
printf 'from lib import text\n\ndef helper(x):\n    return text.clean(x)\n' >"$dir/lib/util.py"
printf 'def clean(x):\n    return x.strip()\n' >"$dir/lib/text.py"
printf 'from db import base\n\nclass Store(base.Base):\n    def load(self):\n        return self.read()\n' >"$dir/db/store.py"
printf 'class Base:\n    def read(self):\n        return ""\n' >"$dir/db/base.py"
"$CODEMAP" index --repo $REPO "$dir" >"$out" 2>&1
check "the fixture is indexed by the client" grep -q "stored *6 files" "$out"

# the cluster holding a file, as a node id
cluster_of() {
	sql "SELECT 'cluster:' || cf.cluster_id FROM codemap.cluster_file cf
		 JOIN codemap.file f ON f.id = cf.file_id JOIN codemap.repo r ON r.id = f.repo_id
		 WHERE r.name = '$REPO' AND f.path = '$1'"
}
lib=$(cluster_of lib/util.py)

# ---------------------------------------------------------------------------
# overview

run overview $REPO
check "overview exits 0" test $status -eq 0
check "overview lists the nodes codemap.overview() returns" \
	test "$(node_ids)" = "$(sql_ids "codemap.overview('$REPO')" || echo error)"
label=$(sql "SELECT label FROM codemap.clusters WHERE repo = '$REPO' AND 'cluster:' || id = '$lib'")
check "those are clusters" test "$(node_kinds)" = cluster
check "each with its size, label, files and symbols" \
	has "^cluster  *$lib  *2  *$label  *2 files, 2 symbols\$"
check "and the references between them" \
	test "$(edge_ends | LC_ALL=C sort)" = "$(sql_ends "codemap.overview('$REPO')" || echo error)"
check "heaviest first" \
	test "$(awk '/^source -> target/ { getline; print $NF }' "$out")" = \
	"$(sql "SELECT max(weight) FROM codemap.overview('$REPO')" || echo error)"

run overview --max-nodes 2 $REPO
check "--max-nodes 2 shows the nodes codemap.overview(max_nodes => 2) returns" \
	test "$(node_ids)" = "$(sql_ids "codemap.overview('$REPO', max_nodes => 2)" || echo error)"
hidden=$(sql "SELECT facts ->> 'hidden' FROM codemap.overview('$REPO', 2) WHERE id = 'more:top'")
check "one of them counting the clusters left out" \
	test -n "$hidden" -a -n "$(row more:top | grep "$hidden more clusters  *$hidden left out")"

# ---------------------------------------------------------------------------
# expand

run expand $REPO "$lib"
check "expand of a cluster exits 0" test $status -eq 0
check "and prints its files" has '^file  *lib/text.py  *2  *text.py  *2 lines, python$'
check "all of them" has '^file  *lib/util.py  *4  *util.py  *4 lines, python$'
check "the nodes codemap.expand() returns" \
	test "$(node_ids)" = "$(sql_ids "codemap.expand('$REPO', '$lib')" || echo error)"

run expand $REPO app/main.py
check "expand of a file prints its symbols, in line order" \
	test "$(grep -o '^function  *app/main.py::[a-z]*  *[0-9]*  *[a-z]*  *lines [0-9-]*' "$out" | awk '{ print $2, $NF }')" = \
	"app/main.py::main 4-6
app/main.py::run 8-9"
check "and the files they call, marked outside" has '^file  *db/store.py  *-  *store.py  *outside$'
check "with the calls" has '^app/main.py::main -> db/store.py  *calls  *2$'

run expand $REPO db
check "expand of a directory prints its files" \
	test "$(node_ids | grep '^db/')" = "db/base.py
db/store.py"

run expand --max-nodes 1 $REPO app/main.py
check "--max-nodes 1 leaves one 'more' node for both symbols and the two files they call" \
	has '^more  *more:app/main.py:rest  *4  *4 more nodes  *4 left out$'
check "and no symbol" lacks '^function'

# ---------------------------------------------------------------------------
# neighbors

run neighbors $REPO lib/util.py
check "neighbors exits 0" test $status -eq 0
check "and prints a file it calls, at distance 1" has '^file  *lib/text.py .*distance 1$'
check "and a file calling it" has '^file  *app/main.py .*distance 1$'
check "the nodes codemap.neighbors() returns" \
	test "$(node_ids)" = "$(sql_ids "codemap.neighbors('$REPO', 'lib/util.py')" || echo error)"

run neighbors --direction out $REPO lib/util.py
check "--direction out keeps the callee" has '^file  *lib/text.py'
check "and leaves out the caller" lacks 'app/main.py'

run neighbors --depth 2 --direction in $REPO lib/text.py
check "--depth 2 reaches the caller's caller" has '^file  *app/main.py .*distance 2$'

run neighbors --kinds inherits --direction out $REPO db/store.py
check "--kinds counts only those references" has '^db/store.py -> db/base.py  *depends  *1$'
run neighbors --kinds inherits --direction out $REPO app/main.py
check "and finds nothing where there are none" test "$(node_ids)" = "app/main.py"

# ---------------------------------------------------------------------------
# search

run search $REPO helper
check "search puts the symbol named so first" \
	test "$(awk 'NR == 2 { print $1, $2 }' "$out")" = "function lib/util.py::helper"
run search --limit 1 $REPO lib
check "--limit 1 prints one node" test "$(node_ids | wc -l)" -eq 1
run search $REPO "x'); SELECT 1; --"
check "a pattern is a value, not SQL" has '^no nodes$'

# ---------------------------------------------------------------------------
# export

check "export --format dot writes what codemap.to_dot() renders, byte for byte" \
	same_document to_dot "codemap.overview('$REPO')" --format dot $REPO
check "which dot reads" dot_ok "$work/client"
check "export --format graphml of a cluster is what to_graphml() renders" \
	same_document to_graphml "codemap.expand('$REPO', '$lib')" --format graphml $REPO "$lib"
check "which xmllint reads" xmllint --noout "$work/client"
check "export --format json of a file is what to_json() renders" \
	same_document to_json "codemap.expand('$REPO', 'app/main.py')" --format json $REPO app/main.py
check "which parses as JSON" json_ok "$work/client"
check "export --format mermaid --neighbors --depth 2 is to_mermaid() of neighbors()" \
	same_document to_mermaid "codemap.neighbors('$REPO', 'lib/text.py', depth => 2)" \
	--format mermaid --neighbors --depth 2 $REPO lib/text.py

# ---------------------------------------------------------------------------
# errors

run expand $REPO no/such/file.py
check "an unknown node exits 2 with the server's message" \
	refused "^codemap: error: node \"no/such/file.py\" does not exist in repository \"$REPO\"$"
check "and its hint" grep -q '^HINT: Find nodes with codemap.search' "$err"
run overview tap_no_such_repo
check "an unknown repository exits 2 with the server's message" \
	refused 'repository "tap_no_such_repo" does not exist'
run export --format svg $REPO
check "an unrecognized --format exits 2, naming the formats" \
	refused 'unrecognized format "svg": use json, dot, mermaid or graphml'
run export --format dot --depth 2 $REPO lib/util.py
check "--depth without --neighbors exits 2" refused 'applies to export only with --neighbors'
run overview --limit 3 $REPO
check "an option of another command exits 2" refused 'option --limit does not apply to overview'
run overview --bogus $REPO
check "an unrecognized option exits 2" refused "codemap overview: unrecognized option '--bogus'"
run overview --max-nodes many $REPO
check "a --max-nodes that is no number exits 2" refused '--max-nodes must be a whole number'
run overview --max-nodes 0 $REPO
check "one the server refuses exits 2 with its message" refused 'max_nodes must be at least 1'
run expand $REPO
check "a missing argument exits 2 with the command's usage" \
	refused 'Usage: codemap expand \[--max-nodes N\] REPO NODE'

exit $((failed > 0))
