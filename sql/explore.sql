-- explore: overview, expand and the renderers on a small repository
SET search_path = codemap, public;

SELECT create_repo('fx_explore') > 0 AS created;
SELECT count(*) AS indexed FROM (VALUES
	('net/core.c', E'#include "sock.h"\nint net_core(void) { return sock_open() + sock_close() + route(); }\n'),
	('net/sock.h', E'int sock_open(void);\nint sock_close(void);\n'),
	('net/sock.c', E'#include "sock.h"\nint sock_open(void) { return route(); }\nint sock_close(void) { return route(); }\n'),
	('net/route.c', E'int route(void) { return 1; }\n'),
	('fs/inode.c', E'#include "fs.h"\nint inode_get(void) { return fs_read() + fs_write(); }\n'),
	('fs/fs.h', E'int fs_read(void);\nint fs_write(void);\n'),
	('fs/read.c', E'#include "fs.h"\nint fs_read(void) { return block(); }\n'),
	('fs/write.c', E'#include "fs.h"\nint fs_write(void) { return block() + net_core(); }\n'),
	('fs/block.c', E'int block(void) { return 2; }\n'),
	('tools/lone.py', E'class Tool:\n    def run(self):\n        return self.step()\n    def step(self):\n        return 1\n')
) v(path, src), LATERAL index_file('fx_explore', path, src);
SELECT files FROM refresh('fx_explore');

-- cluster ids vary from run to run of the test suite: show labels instead
CREATE FUNCTION pg_temp.named(rows graph_row[])
RETURNS TABLE (element text, id text, kind text, label text, parent text, source text,
			   target text, weight float8, size bigint, facts jsonb)
LANGUAGE sql AS $$
	SELECT r.element,
		   CASE WHEN r.element = 'edge'
				THEN coalesce('[' || sc.label || ']', r.source) || '->' ||
					 coalesce('[' || tc.label || ']', r.target)
				ELSE coalesce('[' || c.label || ']', r.id) END,
		   r.kind, r.label,
		   coalesce('[' || pc.label || ']', r.parent),
		   coalesce('[' || sc.label || ']', r.source), coalesce('[' || tc.label || ']', r.target),
		   r.weight, r.size, r.facts
	FROM unnest(rows) r
	LEFT JOIN codemap.clusters c ON 'cluster:' || c.id = r.id
	LEFT JOIN codemap.clusters pc ON 'cluster:' || pc.id = r.parent
	LEFT JOIN codemap.clusters sc ON 'cluster:' || sc.id = r.source
	LEFT JOIN codemap.clusters tc ON 'cluster:' || tc.id = r.target
	ORDER BY 1 DESC, 2, 6, 7
$$;

-- the overview, whole and cut to two nodes
SELECT * FROM pg_temp.named(ARRAY(SELECT overview('fx_explore')));
SELECT * FROM pg_temp.named(ARRAY(SELECT overview('fx_explore', 2)));

-- a cluster with sub-clusters, a finest cluster, a module, a file, a class
SELECT * FROM pg_temp.named(ARRAY(SELECT expand('fx_explore',
	(SELECT 'cluster:' || id FROM clusters WHERE repo = 'fx_explore' AND label = 'net' AND level = 1))));
SELECT * FROM pg_temp.named(ARRAY(SELECT expand('fx_explore',
	(SELECT 'cluster:' || id FROM clusters WHERE repo = 'fx_explore' AND label = 'fs' AND level = 0))));
SELECT * FROM pg_temp.named(ARRAY(SELECT expand('fx_explore', 'fs', 3)));
SELECT * FROM pg_temp.named(ARRAY(SELECT expand('fx_explore', 'net/sock.c')));
SELECT * FROM pg_temp.named(ARRAY(SELECT expand('fx_explore', 'tools/lone.py::Tool')));

-- neighbours of a file, of a symbol (its callers), of a cluster; depth and budget
SELECT * FROM pg_temp.named(ARRAY(SELECT neighbors('fx_explore', 'fs/write.c')));
SELECT * FROM pg_temp.named(ARRAY(SELECT neighbors('fx_explore', 'fs/inode.c', 2, 'out')));
SELECT * FROM pg_temp.named(ARRAY(SELECT neighbors('fx_explore', 'fs/inode.c', 3, 'out',
															max_nodes => 3)));
SELECT * FROM pg_temp.named(ARRAY(SELECT neighbors('fx_explore', 'net/route.c::route', 1, 'in')));
SELECT * FROM pg_temp.named(ARRAY(SELECT neighbors('fx_explore', 'net/core.c::net_core', 2, 'both',
															'{calls}')));
SELECT * FROM pg_temp.named(ARRAY(SELECT neighbors('fx_explore',
	(SELECT 'cluster:' || id FROM clusters WHERE repo = 'fx_explore' AND label = 'fs' AND level = 1))));
SELECT * FROM neighbors('fx_explore', 'fs');
SELECT * FROM neighbors('fx_explore', 'fs/read.c', -1);
SELECT * FROM neighbors('fx_explore', 'fs/read.c', 1, 'up');

-- impact: who depends on a node, transitively
SELECT * FROM pg_temp.named(ARRAY(SELECT impact('fx_explore', 'net/route.c')));
SELECT * FROM pg_temp.named(ARRAY(SELECT impact('fx_explore', 'net/route.c::route', 1)));
SELECT * FROM impact('fx_explore', 'fs');
SELECT * FROM impact('fx_explore', 'fs/read.c', -1);

-- cycles: none here; then a file cycle through calls
SELECT count(*) FROM cycles('fx_explore');
SELECT status FROM index_file('fx_explore', 'net/route.c',
	E'int route(void) { return fs_write(); }\n');
SELECT files FROM refresh('fx_explore');
SELECT * FROM pg_temp.named(ARRAY(SELECT cycles('fx_explore')));
SELECT * FROM pg_temp.named(ARRAY(SELECT cycles('fx_explore', 'module')));
SELECT * FROM cycles('fx_explore', 'symbol');

-- search: exact names, then prefixes, then paths
SELECT id, kind, label, facts->>'rank' AS rank FROM search('fx_explore', 'sock');
SELECT id, kind, label, facts->>'rank' AS rank FROM search('fx_explore', 'sock_open');
SELECT id, kind, label, facts->>'rank' AS rank FROM search('fx_explore', 'fs', 3);
SELECT id FROM search('fx_explore', 'Tool');
-- paths match ignoring the case of ASCII letters only; other bytes exactly
SELECT _icontains('src/Ärger/Main.c', 'MAIN') AS ascii_folded,
	   _icontains('src/Ärger/Main.c', 'ärger') AS other_exact,
	   _icontains('src/Ärger/Main.c', 'Ärger/m') AS mixed,
	   _icontains('ab', 'abc') AS longer, _icontains('ab', '') AS empty;
SELECT count(*) AS literal FROM search('fx_explore', '%');
SELECT count(*) AS literal FROM search('fx_explore', 'sock_');
SELECT * FROM search('fx_explore', '');
SELECT * FROM search('fx_explore', 'x', 0);

-- subgraph: given nodes of several ranks, references among each rank;
-- a budget keeps the first of the list
SELECT * FROM pg_temp.named(ARRAY(SELECT subgraph('fx_explore',
	ARRAY['fs/write.c', 'fs/block.c', 'net/core.c', 'net/core.c::net_core',
		  'net/route.c::route', 'fs', 'fs/write.c'])));
SELECT * FROM pg_temp.named(ARRAY(SELECT subgraph('fx_explore',
	ARRAY['fs/write.c', 'fs/block.c', 'net/core.c', 'net/route.c'], 3)));
SELECT * FROM subgraph('fx_explore', ARRAY['fs/write.c', 'no/such.c']);

-- path: the fewest references from one file or symbol to another
SELECT * FROM pg_temp.named(ARRAY(SELECT path('fx_explore', 'fs/inode.c', 'net/route.c')));
SELECT * FROM pg_temp.named(ARRAY(SELECT path('fx_explore', 'fs/inode.c::inode_get',
															'net/route.c::route')));
SELECT * FROM pg_temp.named(ARRAY(SELECT path('fx_explore', 'fs/inode.c', 'net/route.c',
															'{imports}')));
SELECT count(*) AS against_the_references FROM path('fx_explore', 'fs/block.c', 'fs/inode.c');
SELECT * FROM path('fx_explore', 'fs/inode.c', 'fs');

-- hotspots: the most central files and symbols
SELECT id, kind, facts->>'rank' AS rank, facts->>'fan_in' AS fan_in
FROM hotspots('fx_explore', 3) WHERE element = 'node' ORDER BY facts->>'level', (facts->>'rank')::int;
SELECT count(*) FILTER (WHERE element = 'edge') > 0 AS linked FROM hotspots('fx_explore');

-- with a change refresh() has not seen, the same answers come from the
-- tables instead of the snapshot
CREATE TEMP TABLE snap AS
	SELECT 'n' AS q, r FROM neighbors('fx_explore', 'fs/write.c', 2) r
	UNION ALL SELECT 's', r FROM neighbors('fx_explore', 'net/core.c::net_core', 2) r
	UNION ALL SELECT 'i', r FROM impact('fx_explore', 'net/route.c') r
	UNION ALL SELECT 'p', r FROM path('fx_explore', 'fs/inode.c', 'net/route.c') r
	UNION ALL SELECT 'g', r FROM subgraph('fx_explore', ARRAY['fs/write.c', 'fs/block.c']) r;
SELECT codemap._snapshot_version(id) IS NOT NULL AS snapshot_current
FROM repo WHERE name = 'fx_explore';
BEGIN;
UPDATE file SET resolved = false
WHERE repo_id = (SELECT id FROM repo WHERE name = 'fx_explore') AND path = 'tools/lone.py';
SELECT codemap._snapshot_version(id) IS NULL AS snapshot_stale
FROM repo WHERE name = 'fx_explore';
CREATE TEMP TABLE tables AS
	SELECT 'n' AS q, r FROM neighbors('fx_explore', 'fs/write.c', 2) r
	UNION ALL SELECT 's', r FROM neighbors('fx_explore', 'net/core.c::net_core', 2) r
	UNION ALL SELECT 'i', r FROM impact('fx_explore', 'net/route.c') r
	UNION ALL SELECT 'p', r FROM path('fx_explore', 'fs/inode.c', 'net/route.c') r
	UNION ALL SELECT 'g', r FROM subgraph('fx_explore', ARRAY['fs/write.c', 'fs/block.c']) r;
SELECT q, count(*) AS rows,
	   count(*) FILTER (WHERE (q, r::text) NOT IN (SELECT t.q, t.r::text FROM tables t)) AS differ
FROM snap GROUP BY q ORDER BY q;
SELECT count(*) AS only_from_tables FROM tables t
WHERE (t.q, t.r::text) NOT IN (SELECT s.q, s.r::text FROM snap s);
ROLLBACK;

-- unknown nodes and bad budgets
SELECT * FROM expand('fx_explore', 'no/such/file.c');
SELECT * FROM expand('fx_explore', 'cluster:999999999');
SELECT * FROM expand('fx_explore', 'fs', 0);
SELECT * FROM overview('no_such_repo');

-- renderers, on answers without cluster ids (they vary between runs)
SELECT to_dot(r) FROM expand('fx_explore', 'net/sock.c') r;
SELECT to_mermaid(r) FROM expand('fx_explore', 'net/sock.c') r;
SELECT jsonb_pretty(to_json(r)) FROM expand('fx_explore', 'net/sock.c') r;
SELECT to_dot(r) FROM expand('fx_explore', 'tools/lone.py') r;
-- quoting: labels with quotes, backslashes and newlines
SELECT to_dot(r), to_mermaid(r) FROM (VALUES
	(ROW('node', 'a"b', 'file', E'say "hi"\\ \n', NULL, NULL, NULL, NULL, 1, NULL)::graph_row),
	(ROW('node', 'c', 'file', 'c', 'a"b', NULL, NULL, NULL, 1, NULL)::graph_row),
	(ROW('edge', 'c->a"b', 'calls', NULL, NULL, 'c', 'a"b', 2, NULL, NULL)::graph_row)) v(r);
SELECT to_dot(r) IS NOT NULL AS empty_dot, to_json(r) FROM (SELECT NULL::graph_row WHERE false) v(r);

SELECT drop_repo('fx_explore');
