# scripts/lib.sh: shared by scripts/quickstart.sh and scripts/test.sh.
#
# Installs what is missing (Debian 12 packages), builds and installs the
# extension, and runs a throwaway PostgreSQL cluster for this checkout.
# Everything runs as the invoking user except what needs root: package
# installs and "make install" (through sudo when not root), and the cluster
# itself when invoked as root (PostgreSQL refuses root: it then runs as the
# postgres user).

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_MAJOR=${PG_MAJOR:-15}
PG_BIN=/usr/lib/postgresql/$PG_MAJOR/bin
CLUSTER_PORT=${CODEMAP_PORT:-54329}

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 2; }

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"
	elif command -v sudo >/dev/null; then sudo "$@"
	else die "need root or sudo to run: $*"
	fi
}

# Debian packages the build, the tests and the cluster need.
# (graphviz and libxml2-utils only check the renderers' output in the tests.)
DEPS="make gcc git pkg-config postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR \
libtree-sitter-dev libssl-dev postgresql-$PG_MAJOR-pgtap libtap-parser-sourcehandler-pgtap-perl \
graphviz libxml2-utils"

install_deps() {
	local missing="" p
	for p in $DEPS; do
		dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
	done
	# npm fetches the grammars; any npm will do, Debian's if there is none
	command -v npm >/dev/null || missing="$missing npm"
	if [ -n "$missing" ]; then
		say "installing:$missing"
		as_root apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $missing >/dev/null
	fi
	[ -x "$PG_BIN/postgres" ] || die "PostgreSQL $PG_MAJOR server not found in $PG_BIN"
}

build_and_install() {
	say "building codemap"
	make -C "$TOP" -j"$(nproc)" PG_CONFIG="$PG_BIN/pg_config" >/dev/null
	say "installing codemap into PostgreSQL $PG_MAJOR"
	as_root make -C "$TOP" install PG_CONFIG="$PG_BIN/pg_config" >/dev/null
}

# The cluster lives in $TOP/.cluster when the server's user can reach it,
# else in a temporary directory; its socket always in a short private one.
cluster_user() {
	if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi
}

as_cluster_user() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Each script that starts a cluster names its own directory and state file.
CLUSTER_DIR=$TOP/.cluster
CLUSTER_STATE=$TOP/.cluster.env

cluster_start() {
	local data sock
	if [ -f "$CLUSTER_STATE" ]; then
		# shellcheck disable=SC1090
		. "$CLUSTER_STATE"
		if as_cluster_user "$PG_BIN/pg_ctl" -D "$CODEMAP_PGDATA" status >/dev/null 2>&1; then
			export PGHOST=$CODEMAP_PGHOST PGPORT=$CLUSTER_PORT PGUSER=$(cluster_user)
			return
		fi
		rm -rf "$CODEMAP_PGDATA" "$CODEMAP_PGHOST"
	fi
	data=$CLUSTER_DIR
	if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -w "$TOP" 2>/dev/null; then
		mkdir -p "$data" && chown postgres "$data"
		runuser -u postgres -- test -w "$data" || data=$(mktemp -d /tmp/codemap-data.XXXXXX)
	fi
	rm -rf "$data"
	mkdir -p "$data"
	sock=$(mktemp -d /tmp/codemap-sock.XXXXXX)
	if [ "$(id -u)" = 0 ]; then chown postgres "$data" "$sock"; fi
	say "starting a throwaway PostgreSQL $PG_MAJOR cluster in $data"
	as_cluster_user "$PG_BIN/initdb" -D "$data" -U "$(cluster_user)" -A trust \
		-E UTF8 --locale=C.UTF-8 >/dev/null
	as_cluster_user "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w \
		-o "-p $CLUSTER_PORT -k $sock -c listen_addresses=''" start >/dev/null ||
		{ cat "$data/server.log" >&2; die "the cluster did not start"; }
	printf 'CODEMAP_PGDATA=%q\nCODEMAP_PGHOST=%q\n' "$data" "$sock" >"$CLUSTER_STATE"
	export PGHOST=$sock PGPORT=$CLUSTER_PORT PGUSER=$(cluster_user)
}

cluster_stop() {
	[ -f "$CLUSTER_STATE" ] || return 0
	# shellcheck disable=SC1090
	. "$CLUSTER_STATE"
	as_cluster_user "$PG_BIN/pg_ctl" -D "$CODEMAP_PGDATA" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$CODEMAP_PGDATA" "$CODEMAP_PGHOST" "$CLUSTER_STATE"
}

# A benchmark's own cluster, tuned for bulk loading (shared_buffers 1GB,
# max_wal_size 8GB), with an empty database $3 holding the extension:
#	bench_cluster_start NAME PORT DATABASE
# The cluster lives in $TOP/.cluster-NAME; PGDATABASE is set.
bench_cluster_start() {
	CLUSTER_STATE=$TOP/.cluster-$1.env
	CLUSTER_DIR=$TOP/.cluster-$1
	CLUSTER_PORT=$2
	cluster_stop
	cluster_start
	psql -qX -d postgres -c "ALTER SYSTEM SET shared_buffers = '1GB'" \
		-c "ALTER SYSTEM SET max_wal_size = '8GB'" >/dev/null
	. "$CLUSTER_STATE"
	as_cluster_user "$PG_BIN/pg_ctl" -D "$CODEMAP_PGDATA" -w \
		-l "$CODEMAP_PGDATA/server.log" restart >/dev/null
	psql -qX -d postgres -c "DROP DATABASE IF EXISTS $3" -c "CREATE DATABASE $3"
	export PGDATABASE=$3
	psql -qX -c "CREATE EXTENSION codemap"
}
