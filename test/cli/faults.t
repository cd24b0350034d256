#!/usr/bin/env bash
# TAP tests of faults around a whole repository: a backend killed with
# kill -9 in the middle of refresh()'s clustering, statement_timeout in
# the middle of a refresh and of an exploration, and pg_dump then
# pg_restore into a fresh database.  What an interrupted batch began is
# gone, what came before stays, and a re-run completes.  (A backend
# killed in the middle of indexing is in index.t.)
# Needs a server reachable through the PG* variables with the extension
# created in $CODEMAP_TEST_DB, and the client in $CODEMAP (default: codemap).
set -u
CODEMAP=${CODEMAP:-codemap}
DB=${CODEMAP_TEST_DB:-codemap_tap}
. "$(dirname "$0")/tap.sh"

# what a repository holds and answers, as text two repositories can be
# compared by (the repository's name left out)
state() {
	sql "SELECT 'edge', e::text FROM codemap.edges('$1', 'symbol') e
		 UNION ALL SELECT 'file', concat_ws(' ', f.path, f.status, encode(f.hash, 'hex'), f.resolved)
				   FROM codemap.file f JOIN codemap.repo r ON r.id = f.repo_id WHERE r.name = '$1'
		 UNION ALL SELECT 'symbol', concat_ws(' ', key, kind, start_line) FROM codemap.symbols WHERE repo = '$1'
		 UNION ALL SELECT 'pending', concat_ws(' ', path, kind, target) FROM codemap.pending_refs WHERE repo = '$1'
		 ORDER BY 1, 2"
}
# (cluster ids come from one sequence for all repositories: left out)
answers() {
	sql "SELECT a, regexp_replace(r, 'cluster:[0-9]+', 'cluster:N', 'g') AS r FROM (
			SELECT 'overview' AS a, r::text AS r FROM codemap.overview('$1') r
			UNION ALL SELECT 'neighbors', r::text FROM codemap.neighbors('$1', 'pkg/m1.py', 2) r) x
		 ORDER BY 1, 2"
}
# two non-empty texts are equal
same() { [ -n "$1" ] && [ "$1" = "$2" ]; }
# wait until a backend waits for a lock on table $1; print its process id
wait_for_lock_wait() {
	local backend
	for _ in $(seq 1 400); do
		backend=$(sql "SELECT pid FROM pg_locks WHERE relation = '$1'::regclass AND NOT granted LIMIT 1")
		[ -n "$backend" ] && { echo "$backend"; return 0; }
		sleep 0.05
	done
	return 1
}
wait_for_lock_held() {
	for _ in $(seq 1 200); do
		[ -n "$(sql "SELECT 1 FROM pg_locks WHERE relation = '$1'::regclass AND granted AND mode = 'AccessExclusiveLock'")" ] && return 0
		sleep 0.05
	done
	return 1
}
make_project() {	# make_project DIR N
	local d=$1 n=$2 i
	mkdir -p "$d/pkg"
	: >"$d/pkg/__init__.py"
	for i in $(seq 1 "$n"); do
		printf 'from pkg import m%d\n\ndef f%d(x):\n    return m%d.f%d(x) + g%d(x)\n\ndef g%d(x):\n    return x\n' \
			$((i % n + 1)) "$i" $((i % n + 1)) $((i % n + 1)) "$i" "$i" >"$d/pkg/m$i.py"
	done
}
# store a change to three files without refreshing: the batch that the
# faults below interrupt
change_files() {	# change_files REPO
	sql "SELECT count(*) FROM (VALUES
			('pkg/m2.py', E'from pkg import m1\ndef f2(x):\n    return m1.f1(x)\n'),
			('pkg/m3.py', E'def f3(x):\n    return x\n'),
			('pkg/new.py', E'from pkg import m3\ndef h(x):\n    return m3.f3(x)\n')) s(path, source),
		 LATERAL codemap.index_file('$1', s.path, s.source)" >/dev/null
}

echo "1..19"
work=$(mktemp -d)
chmod 755 "$work"
lockpid=
trap '[ -n "$lockpid" ] && kill $lockpid 2>/dev/null; rm -rf "$work"; dropdb --if-exists codemap_faults_restore 2>/dev/null
	psql -qX -d "$DB" -c "DROP ROLE IF EXISTS flt_writer1" -c "DROP ROLE IF EXISTS flt_writer2" >/dev/null 2>&1' EXIT
export PGDATABASE=$DB
sql "SET client_min_messages = warning; SELECT codemap.drop_repo(name) FROM codemap.repo WHERE name LIKE 'flt_%'" >/dev/null
sql "SET client_min_messages = warning; DROP ROLE IF EXISTS flt_writer1; DROP ROLE IF EXISTS flt_writer2" >/dev/null

make_project "$work/p" 300
"$CODEMAP" index --repo flt_repo "$work/p" >/dev/null 2>&1
check "a repository is indexed" test "$(sql "SELECT count(*) FROM codemap.files WHERE repo = 'flt_repo'")" = 301

# the reference: the same files and changes, refreshed without a fault
"$CODEMAP" index --repo flt_clean "$work/p" >/dev/null 2>&1
change_files flt_clean
sql "SELECT * FROM codemap.refresh('flt_clean')" >/dev/null

# ---------------------------------------------------------------------------
# kill -9 in the middle of clustering

change_files flt_repo
before=$(state flt_repo)
version=$(sql "SELECT version FROM codemap.repo WHERE name = 'flt_repo'")
# another session holds the cluster table, so that refresh() stops in
# clustering, after resolving, with its work so far not committed
psql -qAtX -d "$DB" -c "BEGIN; LOCK TABLE codemap.cluster IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60)" \
	>/dev/null 2>&1 &
lockpid=$!
wait_for_lock_held codemap.cluster
psql -qAtX -d "$DB" -c "SELECT * FROM codemap.refresh('flt_repo')" >/dev/null 2>&1 &
refreshpid=$!
backend=$(wait_for_lock_wait codemap.cluster)
check "refresh() reaches clustering" test -n "$backend"
[ -n "$backend" ] && kill -KILL "$backend"
wait $refreshpid 2>/dev/null
wait $lockpid 2>/dev/null
lockpid=
check "the server comes back after kill -9" wait_for_server
check "the repository is as before the interrupted refresh" same "$(state flt_repo)" "$before"
check "at the same version" \
	test "$(sql "SELECT version FROM codemap.repo WHERE name = 'flt_repo'")" = "$version"
sql "SELECT * FROM codemap.refresh('flt_repo')" >/dev/null 2>&1
check "a re-run completes" test $? -eq 0
check "with the graph of a refresh never interrupted" \
	same "$(state flt_repo)" "$(state flt_clean)"
check "and the same answers" same "$(answers flt_repo)" "$(answers flt_clean)"

# ---------------------------------------------------------------------------
# statement_timeout in the middle of a refresh

sql "SELECT codemap.remove_file('flt_repo', 'pkg/new.py')" >/dev/null
before=$(state flt_repo)
out=$(PGOPTIONS="-c statement_timeout=30ms" psql -qAtX -d "$DB" \
	-c "SELECT * FROM codemap.refresh('flt_repo')" 2>&1)
check "statement_timeout stops a refresh" grep -q "canceling statement due to statement timeout" <<<"$out"
check "leaving the repository as it was" same "$(state flt_repo)" "$before"
sql "SELECT * FROM codemap.refresh('flt_repo')" >/dev/null
change_files flt_repo
sql "SELECT * FROM codemap.refresh('flt_repo')" >/dev/null
check "re-runs end with the reference graph" same "$(state flt_repo)" "$(state flt_clean)"

# ---------------------------------------------------------------------------
# statement_timeout in the middle of an exploration: the repository's file
# snapshot replaced (in a transaction rolled back) by a chain of two
# million references, walked end to end

out=$(psql -qAtX -d "$DB" 2>&1 <<'EOF'
BEGIN;
UPDATE codemap.graph_snapshot s SET graph = (SELECT codemap.graph_agg(i, i + 1)
											 FROM generate_series(1, 2000000) i)
FROM codemap.repo r
WHERE r.name = 'flt_repo' AND s.repo_id = r.id AND s.level = 'file' AND s.kind = 'imports';
SET LOCAL statement_timeout = '100ms';
SELECT count(*) FROM codemap.repo r,
	codemap._hood_rows(r.id, 'file', r.version, ARRAY[1]::bigint[], 2147483647, 'out',
					   NULL, 2147483647, 'x')
WHERE r.name = 'flt_repo';
ROLLBACK;
SELECT count(*) > 0 FROM codemap.neighbors('flt_repo', 'pkg/m1.py', 2);
EOF
)
check "statement_timeout stops an exploration walking a large snapshot" \
	grep -q "canceling statement due to statement timeout" <<<"$out"
check "and the same session explores again" test "$(tail -1 <<<"$out")" = t

# ---------------------------------------------------------------------------
# pg_dump, then pg_restore into a fresh database

createdb codemap_faults_restore
pg_dump -Fc -d "$DB" -f "$work/dump" &&
	pg_restore -d codemap_faults_restore "$work/dump" >"$work/restore.log" 2>&1
check "pg_dump -Fc and pg_restore into a fresh database succeed" test $? -eq 0
check "the restored repository holds the same graph and answers the same" same \
	"$(state flt_repo; answers flt_repo)" \
	"$(DB=codemap_faults_restore; state flt_repo; answers flt_repo)"

# ---------------------------------------------------------------------------
# the client as two tenants: writers that are not superusers

sql "CREATE ROLE flt_writer1 LOGIN IN ROLE codemap_writer;
	 CREATE ROLE flt_writer2 LOGIN IN ROLE codemap_writer" >/dev/null
"$CODEMAP" index -U flt_writer1 --repo flt_owned "$work/p" >"$work/out" 2>&1
check "a writer that is not a superuser indexes with the client" test $? -eq 0
check "and owns the repository" \
	test "$(sql "SELECT owner FROM codemap.repo WHERE name = 'flt_owned'")" = flt_writer1
before=$(state flt_owned)
echo "x = 1" >"$work/p/pkg/extra.py"
"$CODEMAP" index -U flt_writer2 --repo flt_owned "$work/p" >"$work/out" 2>&1
check "another writer's client cannot index into it" test $? -ne 0
check "and leaves it as it was" same "$(state flt_owned)" "$before"
rm "$work/p/pkg/extra.py"

sql "SELECT codemap.drop_repo(name) FROM codemap.repo WHERE name IN ('flt_repo', 'flt_clean', 'flt_owned')" >/dev/null
sql "DROP ROLE flt_writer1; DROP ROLE flt_writer2" >/dev/null
[ $failed -eq 0 ]
