# test/cli/tap.sh: sourced by the client's TAP tests (test/cli/*.t).
# check DESCRIPTION COMMAND... runs COMMAND and prints one TAP line; the
# counters tests and failed decide the exit status.  sql QUERY runs a query
# on $DB, unaligned, stopping at the first error; wait_for_server waits
# for $DB to answer.
tests=0
failed=0

check() {	# check DESCRIPTION COMMAND...
	local description=$1
	shift
	tests=$((tests + 1))
	if "$@"; then
		echo "ok $tests - $description"
	else
		echo "not ok $tests - $description"
		failed=$((failed + 1))
	fi
}

sql() { psql -qAtX -d "$DB" -v ON_ERROR_STOP=1 -c "$1"; }

# wait_for_server: until $DB answers again (after a backend was killed),
# for at most 30 seconds
wait_for_server() {
	for _ in $(seq 1 60); do
		pg_isready -q -d "$DB" && psql -qAtX -d "$DB" -c "SELECT 1" >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	return 1
}
