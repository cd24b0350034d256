#!/usr/bin/env bash
# bench/accuracy/run.sh [CORPUS...]
#
# How true codemap's import and include edges are, judged by each
# language's own tools on real code.  Each corpus is indexed with the
# codemap client into the benchmark's own cluster; its import edges are
# compared with those the language's tool finds in the same files:
#
#	django   Python's own parser (ast) and path finder (importlib)
#	go       go list (packages, vendoring) and go/parser (each file's imports)
#	linux    gcc's include search with the kernel's include flags (-H -M -MG)
#	three    dependency-cruiser (webpack's enhanced-resolve), pinned in
#	         bench/accuracy/package-lock.json
#	calls    C calls, not imports: gcc's call graph (-fcallgraph-info, -O0) of
#	         the tree-sitter runtime, against codemap's call edges between
#	         functions, with the gap sorted by cause (run it by name)
#	rxjs     dependency-cruiser with the TypeScript compiler's parser and
#	         the corpus's tsconfig.json
#
# Only the files both sides judged count: codemap leaves out generated
# files, and a tool may leave out some (go list: testdata).
#
# Prints per corpus the edges each side found, those both found, precision
# and recall, and the first misses of each side; every miss is written to
# $TOP/build/accuracy/CORPUS.misses.  Default corpora: django go three rxjs
# linux.

. "$(dirname "$0")/../../scripts/lib.sh"

corpora=("$@")
[ ${#corpora[@]} -gt 0 ] || corpora=(django go three rxjs linux)

install_deps
build_and_install
CLUSTER_STATE=$TOP/.cluster-accuracy.env
CLUSTER_DIR=$TOP/.cluster-accuracy
CLUSTER_PORT=${CODEMAP_ACCURACY_PORT:-54369}
trap cluster_stop EXIT
cluster_stop
cluster_start
psql -qX -d postgres -c "DROP DATABASE IF EXISTS codemap_accuracy" -c "CREATE DATABASE codemap_accuracy"
export PGDATABASE=codemap_accuracy
psql -qX -c "CREATE EXTENSION codemap"

here=$TOP/bench/accuracy
out=$TOP/build/accuracy
mkdir -p "$out"
corpora_get=$TOP/../shared/corpora/get

need() {	# need COMMAND DEBIAN-PACKAGE
	command -v "$1" >/dev/null && return
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}

# index NAME ROOT [codemap index options...]
index() {
	local name=$1 root=$2
	shift 2
	"$PG_BIN/codemap" index --jobs 2 --repo "$name" "$@" "$root" >"$out/$name.index.log" 2>&1 ||
		{ cat "$out/$name.index.log" >&2; die "indexing $name failed"; }
}

# files NAME LANGUAGE: the files codemap stored in that language
files() {
	psql -qXAt -c "SELECT path FROM codemap.files WHERE repo = '$1' AND language = '$2' AND status <> 'skipped' ORDER BY path"
}

# ours NAME: codemap's import edges, a directory target ending in "/"
ours() {
	psql -qXAt -F $'\t' -c "
		SELECT f.path, CASE d.kind WHEN 'module' THEN d.qualname || '/' ELSE d.qualname END,
			   x.line, x.target
		FROM codemap.edge e
		JOIN codemap.repo r ON r.id = e.repo_id AND r.name = '$1'
		JOIN codemap.file f ON f.repo_id = e.repo_id AND f.id = e.file_id
		JOIN codemap.ref x ON x.repo_id = e.repo_id AND x.file_id = e.file_id AND x.ord = e.ord
		JOIN codemap.node d ON d.repo_id = e.repo_id AND d.id = e.dst
		WHERE e.kind = 'imports'"
}

row_header() {
	printf '%-10s %8s %8s %8s %9s %7s %9s\n' corpus tool codemap both precision recall 'left out'
}

# all NAME: every path codemap holds, in any language and state (an import
# of a skipped file still resolves to it)
all() {
	psql -qXAt -c "SELECT path FROM codemap.files WHERE repo = '$1'"
}

run_django() {
	local root
	root=$("$corpora_get" django | tail -1)
	index django "$root"
	files django python >"$out/django.files"
	python3 "$here/python_truth.py" "$root" <"$out/django.files" >"$out/django.truth"
	ours django >"$out/django.ours"
	all django >"$out/django.all"
	python3 "$here/compare.py" django "$out/django.truth" "$out/django.ours" "$out/django.misses" \
		--stored "$out/django.all"
}

run_go() {
	local goroot=/usr/lib/go-1.19 root
	need "$goroot/bin/go" golang-1.19-go
	root=$(readlink -f "$goroot/src")
	# vendored packages are part of what the go command resolves to
	index go "$root" --vendored
	# the go command's view: its package list (test builds included, so
	# that test files' imports are resolved too) in a private cache
	(cd "$root" && GOROOT=$goroot GOPATH=$out/gopath GOCACHE=$out/gocache GOFLAGS= \
		"$goroot/bin/go" list -e -test -json std cmd) >"$out/go.list" 2>"$out/go.list.err"
	(cd "$here" && GOROOT=$goroot GOPATH=$out/gopath GOCACHE=$out/gocache GOFLAGS= \
		"$goroot/bin/go" run go_truth.go "$root" "$out/go.files") <"$out/go.list" >"$out/go.truth"
	ours go >"$out/go.ours"
	# the files both judged: go list leaves out testdata and files of no
	# package, codemap generated files
	files go go | sort >"$out/go.stored"
	sort "$out/go.files" | comm -12 - "$out/go.stored" >"$out/go.judged"
	all go >"$out/go.all"
	python3 "$here/compare.py" go "$out/go.truth" "$out/go.ours" "$out/go.misses" \
		--judged "$out/go.judged" --stored "$out/go.all"
}

# depcruise: dependency-cruiser as the lockfile pins it, installed once
depcruise() {
	local dir=$out/node
	if [ ! -x "$dir/node_modules/.bin/depcruise" ]; then
		mkdir -p "$dir"
		cp "$here/package.json" "$here/package-lock.json" "$dir/"
		(cd "$dir" && npm ci --no-audit --no-fund --silent) >&2
	fi
	"$dir/node_modules/.bin/depcruise" "$@"
}

# run_js NAME ROOT DEPCRUISE-ARGS...: index ROOT, run dependency-cruiser
# there, compare
run_js() {
	local name=$1 root=$2
	shift 2
	index "$name" "$root"
	(cd "$root" && depcruise --no-config --output-type json "$@") >"$out/$name.json"
	python3 "$here/js_truth.py" "$out/$name.files" <"$out/$name.json" >"$out/$name.truth"
	ours "$name" >"$out/$name.ours"
	psql -qXAt -c "SELECT path FROM codemap.files WHERE repo = '$name'
		AND language IN ('javascript', 'typescript', 'tsx') AND status <> 'skipped'" |
		sort >"$out/$name.stored"
	sort "$out/$name.files" | comm -12 - "$out/$name.stored" >"$out/$name.judged"
	all "$name" >"$out/$name.all"
	python3 "$here/compare.py" "$name" "$out/$name.truth" "$out/$name.ours" "$out/$name.misses" \
		--judged "$out/$name.judged" --stored "$out/$name.all"
}

run_three() {
	run_js three "$("$corpora_get" three | tail -1)" src examples/jsm
}

run_rxjs() {
	run_js rxjs "$(bash "$TOP/bench/corpus.sh" rxjs)" --ts-config tsconfig.json --ts-pre-compilation-deps src
}

# The kernel's own include flags (LINUXINCLUDE for x86, less the
# generated directories a configured build adds); a sample of the files
# (every LINUX_SAMPLE-th, default 4) keeps gcc's part to a few minutes.
linux_includes=(include arch/x86/include include/uapi arch/x86/include/uapi)

run_linux() {
	local root flags=() d
	root=$("$corpora_get" linux | tail -1)
	for d in "${linux_includes[@]}"; do flags+=(-I "$d"); done
	index linux "$root" "${flags[@]}"
	psql -qXAt -c "SELECT path FROM codemap.files WHERE repo = 'linux'
		AND language IN ('c', 'cpp') AND status <> 'skipped' ORDER BY path" |
		awk -v n="${LINUX_SAMPLE:-4}" 'NR % n == 0' >"$out/linux.judged"
	python3 "$here/c_truth.py" "$root" "$out/linux.mirror" "${flags[@]}" \
		<"$out/linux.judged" >"$out/linux.truth"
	ours linux >"$out/linux.ours"
	all linux >"$out/linux.all"
	python3 "$here/compare.py" linux "$out/linux.truth" "$out/linux.ours" "$out/linux.misses" \
		--judged "$out/linux.judged" --stored "$out/linux.all"
}

run_calls() {
	local root obj=$out/calls.obj f
	root=$(bash "$TOP/bench/corpus.sh" tree-sitter)
	index calls "$root"
	rm -rf "$obj" && mkdir -p "$obj"
	for f in "$root"/src/*.c; do
		[ "$(basename "$f")" = lib.c ] && continue	# the amalgamation of the others
		(cd "$root" && gcc -c -O0 -w -fcallgraph-info -I include -I src \
			"src/$(basename "$f")" -o "$obj/$(basename "$f" .c).o" -dumpdir "$obj/")
	done
	python3 "$here/c_calls_truth.py" "$root" "$out/calls.judged" "$obj"/*.ci >"$out/calls.truth"
	psql -qXAt -F $'\t' -c "SELECT src, dst, line, written FROM codemap.edge_list
		WHERE repo = 'calls' AND kind = 'calls'" >"$out/calls.ours"
	python3 "$here/compare.py" calls "$out/calls.truth" "$out/calls.ours" "$out/calls.misses" \
		--judged "$out/calls.judged"
	# the gap by cause: macros (a call to one is no call to gcc, which sees
	# what it expands to), and definitions in a file whose syntax error
	# region was too large to search
	psql -qX -c "CREATE TEMP TABLE miss (side text, src text, dst text)" \
		-c "\\copy miss FROM program 'cut -f1-3 $out/calls.misses'" \
		-c "SELECT m.side, CASE
				WHEN m.side = 'wrong' AND s.kind = 'macro' THEN 'codemap: a macro, which gcc expands'
				WHEN m.side = 'missed' AND f.status = 'partial' THEN 'gcc: callee in a file codemap read in part'
				WHEN m.side = 'missed' AND EXISTS (SELECT 1 FROM miss w
					JOIN codemap.symbols y ON y.repo = 'calls' AND y.key = w.dst AND y.kind = 'macro'
					WHERE w.side = 'wrong' AND w.src = m.src)
					THEN 'gcc: a call inside a macro the caller uses'
				WHEN m.side = 'missed' AND NOT EXISTS (SELECT 1 FROM codemap.symbols y
					WHERE y.repo = 'calls' AND y.key = m.dst) THEN 'gcc: callee codemap has no definition of'
				ELSE 'other' END AS cause, count(DISTINCT (m.src, m.dst))
			FROM miss m
			LEFT JOIN codemap.symbols s ON s.repo = 'calls' AND s.key = m.dst
			LEFT JOIN codemap.files f ON f.repo = 'calls' AND f.path = split_part(m.dst, '::', 1)
			GROUP BY 1, 2 ORDER BY 1, 3 DESC"
}

row_header
for c in "${corpora[@]}"; do
	case "$c" in
	django) run_django ;;
	go) run_go ;;
	linux) run_linux ;;
	three) run_three ;;
	rxjs) run_rxjs ;;
	calls) run_calls ;;
	*) die "unknown corpus '$c' (django go three rxjs linux calls)" ;;
	esac
done
