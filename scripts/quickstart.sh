#!/usr/bin/env bash
# scripts/quickstart.sh [DIR]
#
# From a fresh Debian 12 machine to codemap at work: install what is missing,
# build and install the extension, start a throwaway PostgreSQL cluster for
# this checkout, create a database "codemap" with the extension, and index
# DIR (default: this checkout) into a repository named after it, printing
# the summary.  Run it again after changing files: only what changed is
# parsed.  The cluster keeps running for you to explore with psql (the last
# lines say how); "scripts/quickstart.sh --stop" removes it.

. "$(dirname "$0")/lib.sh"

if [ "${1:-}" = "--stop" ]; then
	cluster_stop
	say "cluster stopped and removed"
	exit 0
fi
dir=$(cd "${1:-$TOP}" && pwd) || die "no such directory: ${1:-}"

install_deps
build_and_install
cluster_start

psql -qX -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'codemap'" |
	grep -q 1 || createdb codemap
psql -qX -d codemap -c "SET client_min_messages TO warning" -c "CREATE EXTENSION IF NOT EXISTS codemap"

say "indexing $dir"
status=0
"$PG_BIN/codemap" index -d codemap --jobs "$(nproc)" "$dir" || status=$?
repo=$(basename "$dir")

cat >&2 <<MSG

==> The cluster is still running. To explore:
      psql -h $PGHOST -p $PGPORT -U $PGUSER codemap
      codemap=# SELECT label, size AS files FROM codemap.overview('$repo') WHERE element = 'node';
      codemap=# SELECT * FROM codemap.edges('$repo', 'module');
      codemap=# SELECT * FROM codemap.symbols WHERE repo = '$repo' LIMIT 10;
    To stop and remove it:  scripts/quickstart.sh --stop
MSG
exit $status
