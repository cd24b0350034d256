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

say "the map of \"$repo\": its top clusters and the references between them"
"$PG_BIN/codemap" overview -d codemap "$repo" || status=$?

cat >&2 <<MSG

==> The cluster is still running. To explore:
      export PGHOST=$PGHOST PGPORT=$PGPORT PGUSER=$PGUSER PGDATABASE=codemap
      $PG_BIN/codemap expand $repo cluster:N        # a cluster above, opened
      $PG_BIN/codemap export --format dot $repo | dot -Tsvg > map.svg
      psql -c "SELECT * FROM codemap.hotspots('$repo', 10)"
    To stop and remove it:  scripts/quickstart.sh --stop
MSG
exit $status
