-- bench/explore/sample.sql: the random nodes bench/explore/run.sh measures
-- on, drawn once per run with a fixed seed into schema bench_explore, which
-- this script owns (it drops and recreates it).  psql variables: repo (the
-- repository's name), seed (0 to 1), files, symbols, modules, sets (sets
-- of set_size files for subgraph()).
--
--	repo	one row: the repository's name, for the pgbench scripts
--	sample	(kind, n): n = 1.. within each kind
--		file	files with at least one edge either way (key: path)
--		symbol	functions and methods with at least one edge either way
--			(key: path::qualname; prefix: the first four letters
--			of the name, for search())
--		cluster	every cluster of every level (key: cluster:<id>)
--		module	directories (key: the path)
--	node_set	(n): set_size paths of files with edges, for subgraph()
--	trace	the random numbers of a replayed pgbench run (run.sh)
--
-- Candidates are listed in id order before random() ranks them, so that
-- the same seed draws the same nodes from the same repository.

\set ON_ERROR_STOP on
SET max_parallel_workers_per_gather = 0;	-- random() in one process, in order
SET client_min_messages = warning;

DROP SCHEMA IF EXISTS bench_explore CASCADE;
CREATE SCHEMA bench_explore;
CREATE TABLE bench_explore.repo (name text NOT NULL);
CREATE TABLE bench_explore.sample (
	kind	text NOT NULL,
	n		integer NOT NULL,
	key		text NOT NULL,
	prefix	text,
	PRIMARY KEY (kind, n)
);
CREATE TABLE bench_explore.node_set (n integer PRIMARY KEY, nodes text[] NOT NULL);
CREATE TABLE bench_explore.trace (client int, i int, j int, seq serial);
INSERT INTO bench_explore.repo VALUES (:'repo');
SELECT id AS rid FROM codemap.repo WHERE name = :'repo' \gset

-- ids with an edge, either way: symbols at the edge's two ends, files
-- holding one (a reference's src lies in the file it is written in)
CREATE TEMP TABLE linked AS
SELECT e.src AS id FROM codemap.edge e WHERE e.repo_id = :rid
UNION
SELECT e.dst FROM codemap.edge e WHERE e.repo_id = :rid;

CREATE TEMP TABLE linked_file AS
SELECT DISTINCT nd.file_id AS id
FROM codemap.node nd JOIN linked l ON l.id = nd.id
WHERE nd.repo_id = :rid AND nd.file_id IS NOT NULL;

CREATE TEMP TABLE file_pool AS
SELECT f.path FROM codemap.file f JOIN linked_file l ON l.id = f.id
WHERE f.repo_id = :rid
ORDER BY f.id;

SELECT setseed(:seed);

INSERT INTO bench_explore.sample (kind, n, key)
SELECT 'file', row_number() OVER (ORDER BY r), path
FROM (SELECT path, random() AS r FROM file_pool) x
ORDER BY r LIMIT :files;

INSERT INTO bench_explore.sample (kind, n, key, prefix)
SELECT 'symbol', row_number() OVER (ORDER BY r), key, prefix
FROM (SELECT f.path || '::' || s.qualname AS key, left(s.name, 4) AS prefix, random() AS r
	  FROM (SELECT nd.* FROM codemap.node nd JOIN linked l ON l.id = nd.id
			WHERE nd.repo_id = :rid AND nd.kind IN ('function', 'method')
			ORDER BY nd.id) s
	  JOIN codemap.file f ON f.repo_id = s.repo_id AND f.id = s.file_id) x
ORDER BY r LIMIT :symbols;

INSERT INTO bench_explore.sample (kind, n, key)
SELECT 'cluster', row_number() OVER (ORDER BY r), 'cluster:' || id
FROM (SELECT c.id, random() AS r FROM (SELECT id FROM codemap.cluster
	  WHERE repo_id = :rid ORDER BY id) c) x;

INSERT INTO bench_explore.sample (kind, n, key)
SELECT 'module', row_number() OVER (ORDER BY r), qualname
FROM (SELECT m.qualname, random() AS r FROM (SELECT qualname FROM codemap.node
	  WHERE repo_id = :rid AND kind = 'module' ORDER BY id) m) x
ORDER BY r LIMIT :modules;

INSERT INTO bench_explore.node_set
SELECT s, ARRAY(SELECT path FROM file_pool ORDER BY random() LIMIT :set_size)
FROM generate_series(1, :sets) s;

ANALYZE bench_explore.sample, bench_explore.node_set, bench_explore.repo;

SELECT kind, count(*) FROM bench_explore.sample GROUP BY kind ORDER BY kind;
