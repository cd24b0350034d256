-- pgTAP: exploration answers keep their budgets, name what they left out,
-- reject unknown nodes with a hint at search(), render to documents their
-- consumers accept, give the same rows from a snapshot as from the tables,
-- and stay whole while another session re-indexes the repository.
BEGIN;
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS dblink;
SET search_path = codemap, public;
SELECT plan(22);

-- three packages of twelve modules; each calls the next module of its
-- package, and every fourth also a module of the next package
CREATE TEMP TABLE project AS
SELECT format('p%s/m%s.py', p, m) AS path,
	   format(E'from p%s.m%s import f%s\n%s\ndef f%s(x):\n    return f%s(x) + %s\n',
			  p, (m + 1) % 12, (m + 1) % 12,
			  CASE WHEN m % 4 = 0 THEN format(E'from p%s.m%s import f%s\n', (p + 1) % 3, m, m)
				   ELSE '' END,
			  m, (m + 1) % 12, m) AS source
FROM generate_series(0, 2) p, generate_series(0, 11) m;

SELECT ok(create_repo('tap_explore') > 0, 'repository created');
SELECT is(count(*), 36::bigint, '36 files stored')
FROM project p, LATERAL index_file('tap_explore', p.path, p.source);
SELECT is(files, 36::bigint, 'refreshed') FROM refresh('tap_explore');

-- An answer is sound when it has no more nodes than its budget, no two
-- nodes with one id, and no edge to or from a node it does not hold.
CREATE FUNCTION pg_temp.sound(rows graph_row[], budget int) RETURNS boolean
LANGUAGE sql AS $$
	SELECT (SELECT count(*) FROM unnest(rows) r WHERE r.element = 'node') <= budget
	   AND (SELECT count(*) = count(DISTINCT r.id) FROM unnest(rows) r WHERE r.element = 'node')
	   AND NOT EXISTS (SELECT 1 FROM unnest(rows) e WHERE e.element = 'edge'
						 AND (e.source NOT IN (SELECT n.id FROM unnest(rows) n WHERE n.element = 'node')
							  OR e.target NOT IN (SELECT n.id FROM unnest(rows) n WHERE n.element = 'node')))
$$;

-- every node key of the repository, and budgets from 1 to 12
CREATE TEMP TABLE keys AS
SELECT path AS key FROM project
UNION ALL SELECT path || '::f' || regexp_replace(path, '^.*/m|\.py$', '', 'g') FROM project
UNION ALL SELECT 'cluster:' || id FROM clusters WHERE repo = 'tap_explore'
UNION ALL SELECT DISTINCT split_part(path, '/', 1) FROM project;

-- 1. budgets
SELECT is((SELECT count(*) FROM generate_series(1, 12) b
		   WHERE NOT pg_temp.sound(ARRAY(SELECT overview('tap_explore', b)), b)), 0::bigint,
		  'overview keeps every budget');
SELECT is((SELECT count(*) FROM keys k, generate_series(1, 12) b
		   WHERE NOT pg_temp.sound(ARRAY(SELECT expand('tap_explore', k.key, b)), b)), 0::bigint,
		  'expand keeps every budget, for every node');
SELECT is((SELECT count(*) FROM keys k, generate_series(2, 12) b, generate_series(1, 3) d
		   WHERE k.key NOT IN (SELECT split_part(path, '/', 1) FROM project)
			 AND NOT pg_temp.sound(ARRAY(SELECT neighbors('tap_explore', k.key, d, 'both', NULL, b)), b)),
		  0::bigint, 'neighbors keeps every budget, depth and node');
SELECT is((SELECT count(*) FROM generate_series(1, 12) b
		   WHERE NOT pg_temp.sound(ARRAY(SELECT subgraph('tap_explore', ARRAY(SELECT key FROM keys), b)), b)),
		  0::bigint, 'subgraph keeps every budget');

-- what a budget leaves out is counted: shown and hidden add up to the whole
SELECT is((SELECT count(*) FROM generate_series(2, 12) b
		   WHERE (SELECT count(*) FILTER (WHERE kind <> 'more') - 1
						 + coalesce(sum((facts->>'hidden')::int) FILTER (WHERE kind = 'more'), 0)
				  FROM neighbors('tap_explore', 'p0/m0.py', 1, 'both', NULL, b) WHERE element = 'node')
			   <> (SELECT count(*) - 1 FROM neighbors('tap_explore', 'p0/m0.py', 1, 'both', NULL, 1000)
				   WHERE element = 'node')), 0::bigint,
		  'neighbors: nodes shown plus those counted in "more" are all the neighbours');
SELECT is((SELECT count(*) FROM generate_series(1, 12) b
		   WHERE (SELECT count(*) FILTER (WHERE kind <> 'more')
						 + coalesce(sum((facts->>'hidden')::int) FILTER (WHERE kind = 'more'), 0)
				  FROM subgraph('tap_explore', ARRAY(SELECT key FROM keys), b) WHERE element = 'node')
			   <> (SELECT count(*) FROM keys)), 0::bigint,
		  'subgraph: nodes shown plus those counted in "more" are all the nodes asked for');

-- 2. unknown nodes: undefined_object, with a hint at search()
CREATE FUNCTION pg_temp.hint_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	h text;
	st text;
BEGIN
	EXECUTE q;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT, st = RETURNED_SQLSTATE;
	RETURN st || ' ' || h;
END
$$;
SELECT is(count(*), 0::bigint, 'every function: 42704 with a hint at search() for an unknown node')
FROM (VALUES
	($$SELECT * FROM codemap.expand('tap_explore', 'no/such.py')$$),
	($$SELECT * FROM codemap.neighbors('tap_explore', 'p0/m0.py::nothing')$$),
	($$SELECT * FROM codemap.impact('tap_explore', 'cluster:999999999')$$),
	($$SELECT * FROM codemap.path('tap_explore', 'p0/m0.py', 'p9/m0.py')$$),
	($$SELECT * FROM codemap.subgraph('tap_explore', ARRAY['p0/m0.py', 'nope'])$$),
	($$SELECT * FROM codemap.expand('tap_explore', 'cluster:99999999999999999999')$$)) q(sql)
WHERE pg_temp.hint_of(q.sql) NOT LIKE '42704 %codemap.search(repo, pattern)%';

-- 3. renderers: documents their readers accept
CREATE TEMP TABLE answers AS
SELECT 'overview' AS q, ARRAY(SELECT overview('tap_explore')) AS rows
UNION ALL SELECT 'expand', ARRAY(SELECT expand('tap_explore', 'p0'))
UNION ALL SELECT 'neighbors', ARRAY(SELECT neighbors('tap_explore', 'p1/m4.py', 2, 'both', NULL, 6))
UNION ALL SELECT 'path', ARRAY(SELECT path('tap_explore', 'p0/m0.py', 'p1/m3.py'))
UNION ALL SELECT 'hotspots', ARRAY(SELECT hotspots('tap_explore', 5));
SELECT is((SELECT count(*) FROM answers a
		   WHERE NOT xml_is_well_formed_document((SELECT to_graphml(r) FROM unnest(a.rows) r))),
		  0::bigint, 'to_graphml: well-formed XML for every answer');
SELECT is((SELECT count(*) FROM answers a,
				  LATERAL (SELECT to_json(r) AS j FROM unnest(a.rows) r) d,
				  jsonb_array_elements(d.j->'elements'->'edges') e
		   WHERE NOT (e->'data'->>'source') IN (SELECT n->'data'->>'id'
												FROM jsonb_array_elements(d.j->'elements'->'nodes') n)
			  OR NOT (e->'data'->>'target') IN (SELECT n->'data'->>'id'
												FROM jsonb_array_elements(d.j->'elements'->'nodes') n)),
		  0::bigint, 'to_json: every edge joins two nodes of the document');
SELECT is((SELECT count(*) FROM answers a,
				  LATERAL (SELECT to_mermaid(r) AS m FROM unnest(a.rows) r) d,
				  regexp_matches(d.m, '(n[0-9]+) -->\|[^|]*\| (n[0-9]+)', 'g') x
		   WHERE d.m !~ ('\m' || x[1] || '\[') OR d.m !~ ('\m' || x[2] || '\[')), 0::bigint,
		  'to_mermaid: every link joins two declared nodes');
SELECT ok((SELECT bool_and(t ~ '^digraph codemap \{' AND t ~ '\}\n$')
		   FROM answers a, LATERAL (SELECT to_dot(r) AS t FROM unnest(a.rows) r) d),
		  'to_dot: one digraph per answer (Graphviz itself reads them in test/cli/render.t)');

-- 4. the snapshot and the tables give the same rows
CREATE TEMP TABLE from_snapshot AS
SELECT k.key, r::text AS r FROM keys k,
	LATERAL neighbors('tap_explore', k.key, 2, 'both', NULL, 8) r
WHERE k.key LIKE '%.py%';
SELECT ok(_snapshot_version(id) IS NOT NULL, 'the snapshot is current after refresh()')
FROM repo WHERE name = 'tap_explore';
SAVEPOINT stale;
UPDATE file SET resolved = false
WHERE repo_id = (SELECT id FROM repo WHERE name = 'tap_explore') AND path = 'p2/m11.py';
SELECT ok(_snapshot_version(id) IS NULL, 'a change refresh() has not seen makes it stale')
FROM repo WHERE name = 'tap_explore';
SELECT set_eq(
	$$SELECT k.key, r::text FROM keys k, LATERAL neighbors('tap_explore', k.key, 2, 'both', NULL, 8) r
	  WHERE k.key LIKE '%.py%'$$,
	$$SELECT key, r FROM from_snapshot$$,
	'neighbors of every file and symbol: the same rows from the tables as from the snapshot');
ROLLBACK TO SAVEPOINT stale;

-- 5. consistency while another session re-indexes.  The writer works on
-- its own committed repository, tap_live: it stores a changed version of
-- every file (each now also calls the module two ahead) in one
-- transaction, then refreshes in another.  Reads between its steps see
-- the state before or after each step, and every answer is sound.
CREATE TEMP TABLE conn AS
SELECT format('dbname=%s user=%s port=%s host=%s', current_database(), current_user,
			  current_setting('port'),
			  split_part(current_setting('unix_socket_directories'), ',', 1)) AS str;
SELECT dblink_connect('w', (SELECT str FROM conn));
CREATE TEMP TABLE changed AS
SELECT p.path, p.source || format(E'\ndef g(x):\n    return f%s(x)\n',
								  (regexp_replace(p.path, '^.*/m|\.py$', '', 'g')::int + 2) % 12) AS source
FROM project p;
-- the statement storing the project's files (or the changed ones) in repo
CREATE FUNCTION pg_temp.store(repo text, files text) RETURNS text LANGUAGE sql AS $$
	SELECT format('SELECT count(*) FROM (VALUES %s) v(path, source), '
				  'codemap.index_file(%L, v.path, v.source)',
				  string_agg(format('(%L, %L)', x.path, x.source), ', ' ORDER BY x.path), repo)
	FROM (SELECT p.path, p.source FROM project p WHERE files = 'project'
		  UNION ALL
		  SELECT c.path, c.source FROM changed c WHERE files = 'changed') x
$$;
SELECT * FROM dblink('w', $$SELECT codemap.create_repo('tap_live')$$) AS t(x text);
SELECT * FROM dblink('w', pg_temp.store('tap_live', 'project')) AS t(x text);
SELECT * FROM dblink('w', $$SELECT codemap.refresh('tap_live')$$) AS t(x text);

CREATE TEMP TABLE live_keys AS SELECT key FROM keys WHERE key NOT LIKE 'cluster:%';
CREATE TEMP TABLE seen (step text, sound boolean);
CREATE TEMP TABLE answer (step text, key text, r text);
CREATE FUNCTION pg_temp.look(step text) RETURNS void LANGUAGE sql AS $$
	INSERT INTO seen
	SELECT step, pg_temp.sound(ARRAY(SELECT overview('tap_live', 4)), 4)
	UNION ALL SELECT step, pg_temp.sound(ARRAY(SELECT expand('tap_live', k.key, 5)), 5)
	FROM live_keys k
	UNION ALL SELECT step, pg_temp.sound(ARRAY(SELECT impact('tap_live', 'p0/m0.py', 2)), 1000)
	UNION ALL SELECT step, pg_temp.sound(ARRAY(SELECT path('tap_live', 'p0/m0.py', 'p2/m5.py')), 1000)
	UNION ALL SELECT step, pg_temp.sound(ARRAY(SELECT neighbors('tap_live', k.key, 2, 'both', NULL, 6)), 6)
	FROM live_keys k WHERE k.key LIKE '%.py%';
	-- whole neighbourhoods (no budget cuts: ties under a budget go by
	-- node id, which differs between two indexes of one tree)
	INSERT INTO answer
	SELECT step, k.key, r::text FROM live_keys k,
		LATERAL neighbors('tap_live', k.key, 2, 'both', NULL, 1000) r
	WHERE k.key LIKE '%.py%';
	INSERT INTO seen
	SELECT look.step, pg_temp.sound(array_agg(a.r::graph_row), 1000) FROM answer a
	WHERE a.step = look.step GROUP BY a.key;
$$;

SELECT pg_temp.look('before');
SELECT dblink_exec('w', 'BEGIN');
SELECT * FROM dblink('w', pg_temp.store('tap_live', 'changed')) AS t(x text);
SELECT pg_temp.look('stored, not committed');
SELECT dblink_exec('w', 'COMMIT');
SELECT pg_temp.look('stored, not refreshed');
SELECT dblink_exec('w', 'BEGIN');
SELECT * FROM dblink('w', $$SELECT codemap.refresh('tap_live')$$) AS t(x text);
SELECT pg_temp.look('refreshed, not committed');
SELECT dblink_exec('w', 'COMMIT');
SELECT pg_temp.look('after');

SELECT is((SELECT count(*) FROM seen WHERE NOT sound), 0::bigint,
		  'every answer read between the writer''s steps is sound');
SELECT set_eq($$SELECT key, r FROM answer WHERE step = 'stored, not committed'$$,
			  $$SELECT key, r FROM answer WHERE step = 'before'$$,
			  'while the writer''s batch is not committed, answers are those from before it');
SELECT set_eq($$SELECT key, r FROM answer WHERE step = 'refreshed, not committed'$$,
			  $$SELECT key, r FROM answer WHERE step = 'stored, not refreshed'$$,
			  'while its refresh is not committed, answers are those from before it');

-- a clean index of the final tree answers the same
SELECT ok(create_repo('tap_clean') > 0 AND
		  (SELECT count(*) FROM changed c, LATERAL index_file('tap_clean', c.path, c.source)) = 36 AND
		  (SELECT files FROM refresh('tap_clean')) = 36, 'the final tree indexed afresh');
SELECT set_eq(
	$$SELECT key, r FROM answer WHERE step = 'after'$$,
	$$SELECT k.key, r::text FROM live_keys k, LATERAL neighbors('tap_clean', k.key, 2, 'both', NULL, 1000) r
	  WHERE k.key LIKE '%.py%'$$,
	'after the re-index, neighbors equal those of a clean index of the final tree');

SELECT * FROM dblink('w', $$SELECT codemap.drop_repo('tap_live')$$) AS t(x text);
SELECT dblink_disconnect('w');

SELECT * FROM finish();
ROLLBACK;
