#!/usr/bin/env bash
# scripts/test.sh
#
# The whole test suite against a throwaway cluster: core unit tests (no
# server), pg_regress (sql/ + expected/) and pgTAP (test/*.sql through
# pg_prove).  Installs what is missing first, like quickstart.sh.  Exits
# non-zero if anything fails, after printing regression.diffs.

. "$(dirname "$0")/lib.sh"

install_deps
build_and_install

say "core unit tests"
make -C "$TOP" -s unittest PG_CONFIG="$PG_BIN/pg_config"

# A cluster of the suite's own, removed on exit, so that tests never meet
# data or settings left by quickstart.sh.
CLUSTER_STATE=$TOP/.cluster-test.env
CLUSTER_DIR=$TOP/.cluster-test
CLUSTER_PORT=${CODEMAP_TEST_PORT:-54339}
trap cluster_stop EXIT
cluster_stop
cluster_start

say "pg_regress"
status=0
make -C "$TOP" -s installcheck PG_CONFIG="$PG_BIN/pg_config" || status=$?
if [ $status -ne 0 ]; then
	[ -f "$TOP/regression.diffs" ] && cat "$TOP/regression.diffs"
	exit $status
fi

say "pgTAP and the client"
createdb codemap_tap
psql -qX -d codemap_tap -c "CREATE EXTENSION codemap" -c "CREATE EXTENSION pgtap"
status=0
pg_prove -d codemap_tap --ext .sql "$TOP"/test/*.sql || status=$?
CODEMAP=$PG_BIN/codemap CODEMAP_TEST_DB=codemap_tap prove "$TOP"/test/cli/*.t || status=$?
exit $status
