-- pgTAP: the cluster tree refresh() stores: every file in one cluster per
-- level, levels nested, sizes adding up, a top of 8 to 20 clusters on a
-- repository large enough, and ids kept across a small change.
BEGIN;
SET client_min_messages = warning;
SET search_path = codemap, public;
SELECT plan(12);

-- 40 directories of 10 files; each file calls the next one of its
-- directory and, for one file in ten, a file of the next directory
SELECT ok(create_repo('tap_clusters') > 0, 'repository created');
SELECT is(count(*), 400::bigint, '400 files stored') FROM (
	SELECT index_file('tap_clusters', format('d%s/f%s.py', d, f),
		format(E'from d%s.f%s import g%s_%s\n%s\ndef g%s_%s():\n    return g%s_%s()\n',
			   d, (f + 1) % 10, d, (f + 1) % 10,
			   CASE WHEN f = 0 THEN format(E'from d%s.f1 import g%s_1\n', (d + 1) % 40, (d + 1) % 40)
					ELSE '' END,
			   d, f, d, (f + 1) % 10))
	FROM generate_series(0, 39) d, generate_series(0, 9) f) x;
SELECT is(files, 400::bigint, 'refreshed') FROM refresh('tap_clusters');

CREATE TEMP TABLE tree AS
WITH RECURSIVE up AS (
	SELECT cf.file_id, c.id, c.level, c.parent_id
	FROM cluster_file cf JOIN cluster c ON c.repo_id = cf.repo_id AND c.id = cf.cluster_id
	JOIN repo r ON r.id = cf.repo_id WHERE r.name = 'tap_clusters'
	UNION ALL
	SELECT u.file_id, p.id, p.level, p.parent_id
	FROM up u JOIN cluster p ON p.id = u.parent_id
)
SELECT * FROM up;

SELECT is((SELECT count(DISTINCT file_id) FROM tree), 400::bigint, 'every file has a cluster');
SELECT is((SELECT count(*) FROM (SELECT file_id, level FROM tree GROUP BY 1, 2 HAVING count(*) <> 1) x),
		  0::bigint, 'one cluster per file and level');
SELECT is((SELECT count(DISTINCT level) FROM tree),
		  (SELECT count(DISTINCT level) FROM clusters WHERE repo = 'tap_clusters'),
		  'every file reaches every level through its parents');
SELECT is((SELECT count(*) FROM clusters c WHERE repo = 'tap_clusters' AND files <>
			 (SELECT count(*) FROM tree t WHERE t.id = c.id)), 0::bigint,
		  'a cluster''s size is the number of its files');
SELECT ok((SELECT count(*) BETWEEN 8 AND 20 FROM clusters
		   WHERE repo = 'tap_clusters' AND parent_id IS NULL),
		  'the top holds 8 to 20 clusters');
SELECT is((SELECT count(*) FROM clusters WHERE repo = 'tap_clusters' AND level = 0 AND label !~ '^d[0-9]+'),
		  0::bigint, 'the finest clusters are labelled by their directory');

-- change one file a little: ids stay
CREATE TEMP TABLE before AS SELECT id, level FROM clusters WHERE repo = 'tap_clusters';
SELECT is(status, 'indexed', 'one file changed') FROM index_file('tap_clusters', 'd3/f4.py',
	E'from d3.f5 import g3_5\n\ndef g3_4():\n    return g3_5() + 1\n');
SELECT is(files, 400::bigint, 'refreshed again') FROM refresh('tap_clusters');
SELECT ok((SELECT count(*) FILTER (WHERE b.id IS NOT NULL)::float8 / count(*)
		   FROM clusters c LEFT JOIN before b ON b.id = c.id AND b.level = c.level
		   WHERE c.repo = 'tap_clusters') >= 0.9,
		  'at least 90% of the clusters keep their id after a small change');

SELECT * FROM finish();
ROLLBACK;
