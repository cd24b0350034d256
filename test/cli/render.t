#!/usr/bin/env bash
# TAP tests of the renderers' output against their real consumers:
# to_dot through Graphviz's dot, to_graphml through xmllint (libxml2),
# on exploration answers of a small repository and on hostile labels.
# Needs a server reachable through the PG* variables with the extension
# created in $CODEMAP_TEST_DB.
set -u
DB=${CODEMAP_TEST_DB:-codemap_tap}
. "$(dirname "$0")/tap.sh"

dot_ok() { sql "$1" | dot -Tsvg >/dev/null 2>"$err" && [ ! -s "$err" ]; }
xml_ok() { sql "$1" | xmllint --noout - 2>"$err"; }

echo "1..10"
err=$(mktemp)
trap 'rm -f "$err"; sql "SELECT codemap.drop_repo(''tap_render'')" >/dev/null 2>&1' EXIT

sql "SELECT codemap.create_repo('tap_render')" >/dev/null
sql "SELECT count(*) FROM (VALUES
	('a/x.c', E'#include \"y.h\"\nint x(void) { return y(); }\n'),
	('a/y.h', E'int y(void);\n'),
	('b/y.c', E'int y(void) { return z(); }\n'),
	('b/z.c', E'int z(void) { return x(); }\n'),
	('c/q.py', E'class Q:\n    def f(self):\n        return self.g()\n    def g(self):\n        return 1\n')
) v(p, s), LATERAL codemap.index_file('tap_render', p, s)" >/dev/null
sql "SELECT files FROM codemap.refresh('tap_render')" >/dev/null

top="SELECT 'cluster:' || id FROM codemap.clusters WHERE repo = 'tap_render' ORDER BY level DESC, files DESC LIMIT 1"
for q in "codemap.overview('tap_render')" \
	"codemap.expand('tap_render', ($top))" \
	"codemap.neighbors('tap_render', 'a/x.c', 2)"; do
	check "dot reads to_dot of $q" dot_ok "SELECT codemap.to_dot(r) FROM $q r"
	check "xmllint reads to_graphml of $q" xml_ok "SELECT codemap.to_graphml(r) FROM $q r"
done

# labels and ids with quotes, backslashes, newlines, markup and control bytes
hostile="(VALUES
	(ROW('node', 'p\"<&>', 'cluster', E'quote \" back \\\\ nl \n tab \t', NULL, NULL, NULL, NULL, 3, '{\"k\": \"<v>\"}')::codemap.graph_row),
	(ROW('node', E'c\\\\\x01', 'file', E'ctl \x02 &amp;', 'p\"<&>', NULL, NULL, NULL, 1, NULL)::codemap.graph_row),
	(ROW('node', 'd', 'file', 'd', NULL, NULL, NULL, NULL, 1, NULL)::codemap.graph_row),
	(ROW('edge', 'e', 'calls', NULL, NULL, 'd', E'c\\\\\x01', 2, NULL, NULL)::codemap.graph_row)) v(r)"
check "dot reads to_dot of hostile labels" dot_ok "SELECT codemap.to_dot(r) FROM $hostile"
check "xmllint reads to_graphml of hostile labels" xml_ok "SELECT codemap.to_graphml(r) FROM $hostile"
check "dot reads to_dot of no rows" dot_ok "SELECT codemap.to_dot(r) FROM (SELECT NULL::codemap.graph_row WHERE false) v(r)"
check "xmllint reads to_graphml of no rows" xml_ok "SELECT codemap.to_graphml(r) FROM (SELECT NULL::codemap.graph_row WHERE false) v(r)"

[ $failed -eq 0 ]
