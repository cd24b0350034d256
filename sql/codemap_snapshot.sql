-- Graph snapshots: the repository's references at the file and symbol
-- levels as graph values, one per reference kind, written by refresh()
-- and stamped with the repository's version.  Exploration functions read
-- them into backend memory once (see src/pg/pg_explore.c) and answer from
-- there while the version holds.  A snapshot is only used while the
-- repository has no change that refresh() has not seen; until then the
-- functions read the tables.

CREATE TABLE graph_snapshot (
	repo_id		integer NOT NULL REFERENCES repo (id),
	level		text NOT NULL CHECK (level IN ('file', 'symbol')),
	kind		text NOT NULL
				CHECK (kind IN ('imports', 'calls', 'inherits', 'references')),
	version		bigint NOT NULL,	-- repo.version when it was written
	graph		graph NOT NULL,		-- arcs weighted by the references they stand for
	PRIMARY KEY (repo_id, level, kind)
);
-- Read whole on every cache miss: uncompressed reads are faster.
ALTER TABLE graph_snapshot ALTER COLUMN graph SET STORAGE EXTERNAL;

COMMENT ON TABLE graph_snapshot IS
'per repository, level (file, symbol) and reference kind, the graph of references at the repository''s version; written by refresh()';

-- The centrality of every referenced file and symbol: PageRank over the
-- references of all kinds at the node's level, and its fan-in and fan-out
-- (distinct nodes referencing it, and that it references).
CREATE TABLE node_rank (
	repo_id		integer NOT NULL REFERENCES repo (id),
	level		text NOT NULL CHECK (level IN ('file', 'symbol')),
	node_id		bigint NOT NULL,
	pagerank	float8 NOT NULL,
	fan_in		integer NOT NULL,
	fan_out		integer NOT NULL,
	PRIMARY KEY (repo_id, level, node_id)
);
CREATE INDEX node_rank_top_idx ON node_rank (repo_id, level, pagerank DESC, node_id);

COMMENT ON TABLE node_rank IS
'PageRank, fan-in and fan-out of every file and symbol that something references; written by refresh()';

SELECT pg_catalog.pg_extension_config_dump('codemap.graph_snapshot', '');
SELECT pg_catalog.pg_extension_config_dump('codemap.node_rank', '');

-- The references of a repository at a level, as the snapshots hold them:
-- at the file level from a reference's file to its target's file
-- (references within a file are left out), at the symbol level from the
-- symbol holding it to a target symbol (references from a file's top
-- level, and imports of files and modules, are left out).
CREATE FUNCTION _level_refs(rid integer, lvl text)
RETURNS TABLE (kind text, src bigint, dst bigint)
LANGUAGE sql STABLE AS $$
	SELECT e.kind,
		   CASE lvl WHEN 'file' THEN e.file_id ELSE e.src END,
		   CASE lvl WHEN 'file' THEN d.file_id ELSE d.id END
	FROM codemap.edge e
	JOIN codemap.node d ON d.repo_id = rid AND d.id = e.dst
	WHERE e.repo_id = rid AND d.file_id IS NOT NULL
	  AND CASE lvl WHEN 'file' THEN d.file_id <> e.file_id
			   ELSE e.src <> e.file_id AND d.id <> d.file_id END
$$;

-- Write the snapshots and ranks of a repository at its current version.
CREATE FUNCTION _refresh_snapshots(rid integer)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	ver bigint;
	lvl text;
	k text;
	g codemap.graph;
	whole codemap.graph;
BEGIN
	SELECT r.version INTO ver FROM codemap.repo r WHERE r.id = rid;
	DELETE FROM codemap.graph_snapshot s WHERE s.repo_id = rid;
	DELETE FROM codemap.node_rank n WHERE n.repo_id = rid;

	FOREACH lvl IN ARRAY ARRAY['file', 'symbol'] LOOP
		whole := '{}';
		-- one pass per level: a graph per kind, and all kinds (kind NULL)
		FOR k, g IN
			SELECT x.kind, codemap.graph_agg(x.src, x.dst)
			FROM codemap._level_refs(rid, lvl) x
			GROUP BY ROLLUP (x.kind)
		LOOP
			IF k IS NULL THEN
				whole := g;
			ELSE
				INSERT INTO codemap.graph_snapshot VALUES (rid, lvl, k, ver, g);
			END IF;
		END LOOP;
		-- every kind has its row, empty or not
		INSERT INTO codemap.graph_snapshot
		SELECT rid, lvl, kinds.kind, ver, '{}'
		FROM unnest(ARRAY['imports', 'calls', 'inherits', 'references']) kinds(kind)
		WHERE NOT EXISTS (SELECT 1 FROM codemap.graph_snapshot s
						  WHERE s.repo_id = rid AND s.level = lvl AND s.kind = kinds.kind);

		INSERT INTO codemap.node_rank
		SELECT rid, lvl, p.node, p.rank, n.in_degree, n.out_degree
		FROM codemap.pagerank(whole) p
		JOIN codemap.graph_nodes(whole) n ON n.node = p.node
		WHERE n.in_degree > 0;
	END LOOP;
END
$$;

-- The version of a repository whose snapshot exploration may use: NULL
-- when there is none, or when files changed since the last refresh().
CREATE FUNCTION _snapshot_version(rid integer)
RETURNS bigint
LANGUAGE sql STABLE AS $$
	SELECT r.version FROM codemap.repo r
	WHERE r.id = rid
	  AND EXISTS (SELECT 1 FROM codemap.graph_snapshot s
				  WHERE s.repo_id = rid AND s.version = r.version)
	  AND NOT EXISTS (SELECT 1 FROM codemap.changed_name c WHERE c.repo_id = rid)
	  AND NOT EXISTS (SELECT 1 FROM codemap.file f WHERE f.repo_id = rid AND NOT f.resolved)
$$;

CREATE FUNCTION _snapshot_hood(
	repo_id integer,
	version bigint,
	level text,
	origins bigint[],
	depth int,
	direction text,
	kinds text[],
	max_nodes int,
	OUT element text,
	OUT node bigint,
	OUT target bigint,
	OUT kind text,
	OUT distance int,
	OUT n float8)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'codemap_snapshot_hood'
LANGUAGE C STABLE;

COMMENT ON FUNCTION _snapshot_hood(integer, bigint, text, bigint[], int, text, text[], int) IS
'internal: the neighbourhood of nodes in a graph snapshot, and the references among it';

CREATE FUNCTION _snapshot_path(
	repo_id integer,
	version bigint,
	level text,
	"from" bigint,
	"to" bigint,
	kinds text[],
	OUT step int,
	OUT node bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'codemap_snapshot_path'
LANGUAGE C STABLE;

COMMENT ON FUNCTION _snapshot_path(integer, bigint, text, bigint, bigint, text[]) IS
'internal: a path with the fewest references between two nodes of a graph snapshot';
