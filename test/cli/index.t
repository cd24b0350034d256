#!/usr/bin/env bash
# TAP tests of "codemap index", run by prove from scripts/test.sh: runs,
# re-runs, incremental equal to clean, concurrent runs, a client canceled
# or killed and a backend killed mid-run, pg_dump, and bad input.
# Needs a server reachable through the PG* variables with the extension
# created in $CODEMAP_TEST_DB, and the client in $CODEMAP (default: codemap).
set -u
CODEMAP=${CODEMAP:-codemap}
DB=${CODEMAP_TEST_DB:-codemap_tap}
. "$(dirname "$0")/tap.sh"

# the graph of a repository, as text that two repositories can be compared by
graph() {
	sql "SELECT * FROM codemap.edges('$1', 'symbol')
		 UNION ALL SELECT key, kind, start_line::text, NULL, NULL FROM codemap.symbols WHERE repo = '$1'
		 UNION ALL SELECT path, kind, target, NULL, NULL FROM codemap.pending_refs WHERE repo = '$1'
		 UNION ALL SELECT path, status, coalesce(reason, ''), NULL, NULL FROM codemap.files WHERE repo = '$1'
		 ORDER BY 1, 2, 3, 4, 5"
}
same_graph() { [ "$(graph "$1")" = "$(graph "$2")" ] && [ -n "$(graph "$1")" ]; }
field() { grep -o "$1 *[0-9]*" "$out" | head -1 | awk '{ print $NF }'; }
# wait until some backend stores a batch; print its process id
wait_for_batch() {
	local backend
	for _ in $(seq 1 200); do
		backend=$(sql "SELECT pid FROM pg_stat_activity WHERE query LIKE '%codemap._index_staged%' AND state = 'active' AND pid <> pg_backend_pid() LIMIT 1")
		[ -n "$backend" ] && { echo "$backend"; return 0; }
		sleep 0.05
	done
	return 1
}
# a project of n Python and C files that call each other
make_project() {	# make_project DIR N
	local d=$1 n=$2 i
	mkdir -p "$d/pkg" "$d/src" "$d/include"
	: >"$d/pkg/__init__.py"
	for i in $(seq 1 "$n"); do
		printf 'from pkg import m%d\n\ndef f%d(x):\n    return m%d.f%d(x) + g%d(x)\n\ndef g%d(x):\n    return x\n' \
			$(((i + 1) % n + 1)) "$i" $(((i + 1) % n + 1)) $(((i + 1) % n + 1)) "$i" "$i" >"$d/pkg/m$i.py"
		printf '#include "h%d.h"\nint c%d(int x) { return c%d(x) + 1; }\n' \
			"$i" "$i" $((i % n + 1)) >"$d/src/c$i.c"
		printf 'int c%d(int x);\n' "$i" >"$d/include/h$i.h"
	done
}

echo "1..33"
work=$(mktemp -d)
out=$(mktemp)
chmod 755 "$work"
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work" "$out"; dropdb --if-exists codemap_restore 2>/dev/null' EXIT
export PGDATABASE=$DB
sql "SET client_min_messages = warning; SELECT codemap.drop_repo(name) FROM codemap.repo WHERE name LIKE 'cli_%'" >/dev/null

# ---------------------------------------------------------------------------
# first run, unchanged run, changes

dir=$work/proj
make_project "$dir" 40
mkdir -p "$dir/vendor/lib" "$dir/loop" "$dir/gen"
printf 'def vendored():\n    pass\n' >"$dir/vendor/lib/v.py"
printf '\000\001binary' >"$dir/src/blob.c"
printf 'x = "\377\376"\n' >"$dir/pkg/latin1.py"
printf 'def generated():\n    pass\n' >"$dir/gen/g.py"
printf 'notes\n' >"$dir/README"
ln -s .. "$dir/loop/up"
sql "SELECT codemap.create_repo('cli_a', '{\"include_dirs\": [\"include\"], \"exclude\": [\"gen\"]}')" >/dev/null

"$CODEMAP" index --repo cli_a -j 2 "$dir" >"$out" 2>&1
check "index exits 0" test $? -eq 0
check "stores 123 files: 121 indexed, 2 skipped" grep -q "stored *123 files.*121 indexed, 0 partial, 0 failed, 2 skipped" "$out"
check "counts vendored and excluded files" grep -q "1 vendored; 1 excluded" "$out"
check "records why a source file was skipped" \
	test "$(sql "SELECT reason FROM codemap.files WHERE repo = 'cli_a' AND path = 'pkg/latin1.py'")" = "not UTF-8"
check "resolves calls across files" \
	test "$(sql "SELECT count(*) FROM codemap.edges('cli_a', 'file', '{calls}')")" -eq 80
check "resolves imports and includes" \
	test "$(sql "SELECT count(*) FROM codemap.edges('cli_a', 'file', '{imports}')")" -eq 80

"$CODEMAP" index --repo cli_a "$dir" >"$out" 2>&1
check "an unchanged re-run exits 0" test $? -eq 0
check "and stores nothing" grep -q "stored *0 files" "$out"
check "finding every file unchanged" grep -q "unchanged *121 files" "$out"

printf 'def f1(x):\n    return x\n' >"$dir/pkg/m1.py"			# changed
rm "$dir/src/c7.c"											# removed
mv "$dir/src/c8.c" "$dir/src/c8_renamed.c"					# renamed
printf 'def extra():\n    return f1(2)\n' >"$dir/pkg/extra.py"	# added
"$CODEMAP" index --repo cli_a "$dir" >"$out" 2>&1
check "a re-run after changes exits 0" test $? -eq 0
check "stores the changed, renamed and added files" grep -q "stored *3 files" "$out"
check "removes the removed and renamed ones" grep -q "removed *2 files" "$out"

"$CODEMAP" index --repo cli_clean -j 2 -I include "$dir" >"$out" 2>&1
sql "SELECT codemap.alter_repo('cli_clean', '{\"include_dirs\": [\"include\"], \"exclude\": [\"gen\"]}')" >/dev/null
"$CODEMAP" index --repo cli_clean "$dir" >/dev/null 2>&1
check "incremental runs give the graph of a clean index" same_graph cli_a cli_clean

# ---------------------------------------------------------------------------
# concurrent runs

sql "SELECT pg_advisory_lock(25454, id), pg_sleep(4) FROM codemap.repo WHERE name = 'cli_a'" >/dev/null &
holder=$!
sleep 1
"$CODEMAP" index --repo cli_a "$dir" >"$out" 2>&1
status=$?
check "a run while another holds the repository fails" test $status -eq 2
check "saying so" grep -q 'repository "cli_a" is being indexed by another run (server process [0-9]*)' "$out"
"$CODEMAP" index --repo cli_a --wait "$dir" >"$out" 2>&1
check "with --wait it waits and succeeds" test $? -eq 0
wait $holder

printf 'def f2(x):\n    return f1(x)\n' >"$dir/pkg/m2.py"
"$CODEMAP" index --repo cli_a --wait -j 2 "$dir" >"$work/run1" 2>&1 &
one=$!
"$CODEMAP" index --repo cli_a --wait -j 2 "$dir" >"$work/run2" 2>&1 &
two=$!
wait $one; s1=$?
wait $two; s2=$?
check "two runs at once both succeed, one after the other" test $s1 -eq 0 -a $s2 -eq 0
"$CODEMAP" index --repo cli_clean "$dir" >/dev/null 2>&1
check "and leave the graph of a clean index" same_graph cli_a cli_clean

# ---------------------------------------------------------------------------
# interrupted runs

big=$work/big
make_project "$big" 1500
"$CODEMAP" index --repo cli_big_clean -j 2 -I include "$big" >/dev/null 2>&1

"$CODEMAP" index --repo cli_big -j 2 -I include "$big" >"$out" 2>&1 &
pid=$!
wait_for_batch >/dev/null
kill -INT $pid
wait $pid
status=$?
check "a canceled run exits 2" test $status -eq 2
check "saying what was kept" grep -q "canceled; batches stored before the cancel are kept" "$out"
"$CODEMAP" index --repo cli_big -j 2 "$big" >"$out" 2>&1
check "the next run finishes the job" test $? -eq 0
check "with the graph of a clean index" same_graph cli_big cli_big_clean

sql "SELECT codemap.drop_repo('cli_big')" >/dev/null
"$CODEMAP" index --repo cli_big -j 2 -I include "$big" >/dev/null 2>&1 &
pid=$!
wait_for_batch >/dev/null
{ kill -KILL $pid; wait $pid; } 2>/dev/null
# the server may still be finishing the killed client's last statement
"$CODEMAP" index --repo cli_big --wait -j 2 "$big" >"$out" 2>&1
check "after the client is killed, a re-run succeeds" test $? -eq 0
check "with the graph of a clean index" same_graph cli_big cli_big_clean

sql "SELECT codemap.drop_repo('cli_big')" >/dev/null
"$CODEMAP" index --repo cli_big -j 2 -I include "$big" >"$out" 2>&1 &
pid=$!
backend=$(wait_for_batch)
[ -n "$backend" ] && kill -KILL "$backend"
wait $pid
status=$?
check "a backend killed with kill -9 stops the run with exit 2" test -n "$backend" -a $status -eq 2
check "the server comes back" wait_for_server
"$CODEMAP" index --repo cli_big -j 2 "$big" >"$out" 2>&1
check "a re-run succeeds" test $? -eq 0
check "with the graph of a clean index" same_graph cli_big cli_big_clean

# ---------------------------------------------------------------------------
# pg_dump keeps the data

createdb codemap_restore
pg_dump -d "$DB" | psql -qX -d codemap_restore -v ON_ERROR_STOP=1 >/dev/null 2>&1
check "pg_dump and restore keep every node and edge" test \
	"$(psql -qAtX -d codemap_restore -c "SELECT count(*) FROM codemap.node UNION ALL SELECT count(*) FROM codemap.edge UNION ALL SELECT max(id) FROM codemap.node")" = \
	"$(sql "SELECT count(*) FROM codemap.node UNION ALL SELECT count(*) FROM codemap.edge UNION ALL SELECT max(id) FROM codemap.node")"

# ---------------------------------------------------------------------------
# errors

"$CODEMAP" index -p 1 -h /nonexistent "$dir" >"$out" 2>&1
check "no server: exit 2" test $? -eq 2
check "with libpq's message" grep -q "could not connect" "$out"

sql "SET client_min_messages = warning; DROP ROLE IF EXISTS codemap_outsider; CREATE ROLE codemap_outsider LOGIN" >/dev/null
"$CODEMAP" index -U codemap_outsider --repo cli_a "$dir" >"$out" 2>&1
check "a role without rights: exit 2 with the server's message" \
	sh -c "test $? -eq 2 && grep -q 'permission denied' '$out'"
sql "DROP ROLE codemap_outsider" >/dev/null

if [ "$(id -u)" = 0 ]; then
	echo "ok $((tests += 1)) # skip an unreadable directory (root reads everything)"
else
	walk=$work/walk
	mkdir -p "$walk/open" "$walk/closed"
	printf 'def a():\n    pass\n' >"$walk/open/a.py"
	printf 'def b():\n    pass\n' >"$walk/closed/b.py"
	chmod 000 "$walk/closed"
	"$CODEMAP" index --repo cli_walk "$walk" >"$out" 2>&1
	check "an unreadable directory is reported and skipped" \
		sh -c "test $? -eq 0 && grep -q 'unreadable *1 directories' '$out' && grep -q 'stored *1 files' '$out'"
	chmod 755 "$walk/closed"
fi

sql "SET client_min_messages = warning; SELECT codemap.drop_repo(name) FROM codemap.repo WHERE name LIKE 'cli_%'" >/dev/null
exit $((failed > 0))
