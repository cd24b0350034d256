-- Clusters of a repository's files, the boxes of its map.  refresh()
-- clusters the file graph (imports, calls and inheritance between files,
-- each weighted by the confidence of the references it stands for) with
-- the directory tree added as weak links, so that a file joins its
-- directory's cluster when its own edges do not decide, and a file with no
-- edges at all still lands somewhere recognizable.  The levels go from
-- fine (0) to coarse; the top holds 8 to 20 clusters where the graph
-- allows.  A cluster keeps its id across refreshes while most of its files
-- stay in it.

CREATE SEQUENCE cluster_id_seq;

CREATE TABLE cluster (
	repo_id		integer NOT NULL,
	id			bigint NOT NULL,
	level		integer NOT NULL,	-- 0 is the finest
	parent_id	bigint,				-- the cluster of level + 1 holding this one
	label		text NOT NULL,		-- dominant directory, and names where it says little
	files		integer NOT NULL,
	symbols		integer NOT NULL,
	lines		bigint NOT NULL,
	PRIMARY KEY (repo_id, id)
);
CREATE INDEX cluster_level_idx ON cluster (repo_id, level);
CREATE INDEX cluster_parent_idx ON cluster (repo_id, parent_id);

COMMENT ON TABLE cluster IS 'clusters of each repository''s files, level 0 finest, each inside its parent';

CREATE TABLE cluster_file (
	repo_id		integer NOT NULL,
	file_id		bigint NOT NULL,
	cluster_id	bigint NOT NULL,	-- its cluster at level 0
	PRIMARY KEY (repo_id, file_id)
);
CREATE INDEX cluster_file_cluster_idx ON cluster_file (repo_id, cluster_id);

COMMENT ON TABLE cluster_file IS 'the finest cluster of every file; parents give the coarser ones';

CREATE TABLE cluster_edge (
	repo_id		integer NOT NULL,
	level		integer NOT NULL,
	src			bigint NOT NULL,	-- clusters of that level
	dst			bigint NOT NULL,
	imports		bigint NOT NULL,	-- references of each kind between their files
	calls		bigint NOT NULL,
	inherits	bigint NOT NULL,
	PRIMARY KEY (repo_id, level, src, dst)
);
CREATE INDEX cluster_edge_dst_idx ON cluster_edge (repo_id, level, dst);

COMMENT ON TABLE cluster_edge IS 'references between the clusters of each level, by kind';

SELECT pg_catalog.pg_extension_config_dump('codemap.cluster', '');
SELECT pg_catalog.pg_extension_config_dump('codemap.cluster_edge', '');
SELECT pg_catalog.pg_extension_config_dump('codemap.cluster_file', '');
SELECT pg_catalog.pg_extension_config_dump('codemap.cluster_id_seq', '');

CREATE FUNCTION _cluster_tree(
	g graph,
	seed int,
	min_top int,
	max_top int,
	initial_nodes bigint[],
	initial_communities bigint[],
	OUT node bigint,
	OUT level int,
	OUT community bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'codemap_cluster_tree'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- The weight of a directory link, against 1 for a sure reference.
CREATE FUNCTION _cluster_prior()
RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT 0.1::float8 $$;

-- Cluster the repository again; the previous finest clusters seed the
-- search, and ids carry over to clusters that keep most of their files
-- (and hold few others).
CREATE FUNCTION _refresh_clusters(rid integer)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	g codemap.graph;
	init_nodes bigint[];
	init_communities bigint[];
BEGIN
	-- Every step below reads the whole repository: hash joins, whatever
	-- its size, with some memory for them but not the resolver's 256MB:
	-- with three hash nodes at once that took a Linux backend to 998 MB.
	PERFORM set_config('jit', 'off', true);
	PERFORM set_config('enable_nestloop', 'off', true);
	IF pg_size_bytes(current_setting('work_mem')) < 64 * 1024 * 1024 THEN
		PERFORM set_config('work_mem', '64MB', true);
	END IF;

	-- edges between files and directories (module nodes: a Go import
	-- names a package), by kind, with their references' confidences
	CREATE TEMP TABLE codemap_fedge ON COMMIT DROP AS
	WITH at AS (
		SELECT nd.id, coalesce(nd.file_id, nd.id) AS at
		FROM codemap.node nd WHERE nd.repo_id = rid
	)
	SELECT s.at AS src, d.at AS dst, e.kind, count(*) AS n,
		   sum(e.confidence::numeric)::float8 AS w
	FROM codemap.edge e
	JOIN at s ON s.id = e.src JOIN at d ON d.id = e.dst
	WHERE e.repo_id = rid AND e.kind IN ('imports', 'calls', 'inherits')
	  AND s.at <> d.at
	GROUP BY 1, 2, 3;
	ANALYZE pg_temp.codemap_fedge;

	-- the clustering graph: those edges, and the directory tree as weak links
	WITH rows AS (
		SELECT fe.src, fe.dst, fe.w FROM pg_temp.codemap_fedge fe
		UNION ALL
		SELECT nd.parent_id, nd.id, codemap._cluster_prior() FROM codemap.node nd
		WHERE nd.repo_id = rid AND nd.kind IN ('module', 'file') AND nd.parent_id IS NOT NULL
		UNION ALL
		SELECT nd.id, NULL, NULL FROM codemap.node nd
		WHERE nd.repo_id = rid AND nd.kind IN ('module', 'file')
	)
	SELECT codemap.graph_agg(rows.src, rows.dst, rows.w) INTO g FROM rows;

	SELECT coalesce(array_agg(cf.file_id), '{}'), coalesce(array_agg(cf.cluster_id), '{}')
	INTO init_nodes, init_communities
	FROM codemap.cluster_file cf
	JOIN codemap.file f ON f.repo_id = rid AND f.id = cf.file_id
	WHERE cf.repo_id = rid;

	-- the files' communities per level, levels that differ for files only
	CREATE TEMP TABLE codemap_tree ON COMMIT DROP AS
	SELECT t.node AS file_id, t.level, t.community
	FROM codemap._cluster_tree(g, 0, 8, 20, init_nodes, init_communities) t
	JOIN codemap.file f ON f.repo_id = rid AND f.id = t.node;
	DELETE FROM pg_temp.codemap_tree t
	USING (SELECT level, count(DISTINCT community) AS n FROM pg_temp.codemap_tree GROUP BY level) a,
		  (SELECT level, count(DISTINCT community) AS n FROM pg_temp.codemap_tree GROUP BY level) b
	WHERE b.level = a.level + 1 AND a.n = b.n AND t.level = a.level;
	UPDATE pg_temp.codemap_tree t SET level = r.rank - 1
	FROM (SELECT level, dense_rank() OVER (ORDER BY level) AS rank
		  FROM (SELECT DISTINCT level FROM pg_temp.codemap_tree) l) r
	WHERE r.level = t.level;
	ANALYZE pg_temp.codemap_tree;

	-- ids: an old cluster of the same level whose files are mostly these,
	-- and which holds mostly these files, lends its id
	CREATE TEMP TABLE codemap_cid ON COMMIT DROP AS
	WITH RECURSIVE old AS (
		SELECT cf.file_id, c.level, c.id, c.parent_id
		FROM codemap.cluster_file cf
		JOIN codemap.cluster c ON c.repo_id = rid AND c.id = cf.cluster_id
		WHERE cf.repo_id = rid
		UNION ALL
		SELECT o.file_id, p.level, p.id, p.parent_id
		FROM old o JOIN codemap.cluster p ON p.repo_id = rid AND p.id = o.parent_id
	), new_size AS (
		SELECT level, community, count(*) AS n FROM pg_temp.codemap_tree GROUP BY 1, 2
	), old_size AS (
		SELECT id, count(*) AS n FROM old GROUP BY 1
	), overlap AS (
		SELECT t.level, t.community, o.id, count(*) AS n
		FROM pg_temp.codemap_tree t JOIN old o ON o.file_id = t.file_id AND o.level = t.level
		GROUP BY 1, 2, 3
	), kept AS (
		SELECT ov.level, ov.community, ov.id
		FROM overlap ov
		JOIN new_size ns ON ns.level = ov.level AND ns.community = ov.community
		JOIN old_size os ON os.id = ov.id
		WHERE ov.n * 2 > ns.n AND ov.n * 2 > os.n
	)
	SELECT ns.level, ns.community, coalesce(k.id, nextval('codemap.cluster_id_seq')) AS id
	FROM new_size ns LEFT JOIN kept k ON k.level = ns.level AND k.community = ns.community;

	DELETE FROM codemap.cluster_file WHERE repo_id = rid;
	DELETE FROM codemap.cluster WHERE repo_id = rid;

	INSERT INTO codemap.cluster_file (repo_id, file_id, cluster_id)
	SELECT rid, t.file_id, c.id
	FROM pg_temp.codemap_tree t
	JOIN pg_temp.codemap_cid c ON c.level = t.level AND c.community = t.community
	WHERE t.level = 0;

	-- labels: the deepest directory holding at least half the cluster's
	-- files; where another cluster of the level has the same one (or it is
	-- the root), the two names below it that hold the most files
	INSERT INTO codemap.cluster (repo_id, id, level, parent_id, label, files, symbols, lines)
	WITH member AS (
		SELECT t.level, t.community, f.id AS file_id, string_to_array(f.path, '/') AS parts
		FROM pg_temp.codemap_tree t JOIN codemap.file f ON f.repo_id = rid AND f.id = t.file_id
	), sizes AS (
		SELECT m.level, m.community, count(*) AS files,
			   sum(coalesce(fs.symbols, 0)) AS symbols, sum(coalesce(fn.end_line, 0)) AS lines
		FROM member m
		LEFT JOIN (SELECT nd.file_id, count(*) AS symbols FROM codemap.node nd
				   WHERE nd.repo_id = rid AND nd.id <> nd.file_id GROUP BY 1) fs
			   ON fs.file_id = m.file_id
		LEFT JOIN codemap.node fn ON fn.repo_id = rid AND fn.id = m.file_id
		GROUP BY 1, 2
	), dirs AS (
		SELECT m.level, m.community, k AS depth,
			   array_to_string(m.parts[1:k], '/') AS dir, count(*) AS files
		FROM member m, generate_series(0, cardinality(m.parts) - 1) k
		GROUP BY 1, 2, 3, 4
	), dominant AS (
		SELECT DISTINCT ON (d.level, d.community) d.level, d.community, d.depth, d.dir
		FROM dirs d JOIN sizes s ON s.level = d.level AND s.community = d.community
		WHERE d.files * 2 >= s.files
		ORDER BY d.level, d.community, d.depth DESC, d.files DESC, d.dir
	), shared AS (
		SELECT level, dir FROM dominant GROUP BY 1, 2 HAVING count(*) > 1
	), below AS (
		SELECT m.level, m.community, regexp_replace(m.parts[dm.depth + 1], '\.[^.]*$', '') AS name,
			   count(*) AS files
		FROM member m JOIN dominant dm ON dm.level = m.level AND dm.community = m.community
		WHERE cardinality(m.parts) > dm.depth
		  AND array_to_string(m.parts[1:dm.depth], '/') = dm.dir
		GROUP BY 1, 2, 3
	), names AS (
		SELECT level, community, string_agg(name, ', ' ORDER BY files DESC, name) AS names
		FROM (SELECT b.*, row_number() OVER (PARTITION BY level, community
											 ORDER BY files DESC, name) AS rank
			  FROM below b) r
		WHERE rank <= 2
		GROUP BY 1, 2
	), parent AS (
		SELECT DISTINCT t.level, t.community, up.community AS up
		FROM pg_temp.codemap_tree t
		JOIN pg_temp.codemap_tree up ON up.file_id = t.file_id AND up.level = t.level + 1
	)
	SELECT rid, c.id, s.level, pc.id,
		   CASE WHEN dm.dir = '' THEN coalesce(n.names, '(root)')
				WHEN sh.dir IS NOT NULL AND n.names IS NOT NULL THEN dm.dir || ' (' || n.names || ')'
				ELSE dm.dir END,
		   s.files, s.symbols, s.lines
	FROM sizes s
	JOIN pg_temp.codemap_cid c ON c.level = s.level AND c.community = s.community
	JOIN dominant dm ON dm.level = s.level AND dm.community = s.community
	LEFT JOIN shared sh ON sh.level = s.level AND sh.dir = dm.dir
	LEFT JOIN names n ON n.level = s.level AND n.community = s.community
	LEFT JOIN parent p ON p.level = s.level AND p.community = s.community
	LEFT JOIN pg_temp.codemap_cid pc ON pc.level = s.level + 1 AND pc.community = p.up;

	-- edges between the clusters of each level, by kind; a directory
	-- (a Go package) counts in the cluster of its first file
	DELETE FROM codemap.cluster_edge WHERE repo_id = rid;
	CREATE TEMP TABLE codemap_at ON COMMIT DROP AS
	WITH fl AS (
		SELECT t.file_id AS node_id, t.level, c.id
		FROM pg_temp.codemap_tree t
		JOIN pg_temp.codemap_cid c ON c.level = t.level AND c.community = t.community
	), first_file AS (
		SELECT DISTINCT ON (nd.parent_id) nd.parent_id AS module_id, nd.id AS file_id
		FROM codemap.node nd WHERE nd.repo_id = rid AND nd.kind = 'file'
		ORDER BY nd.parent_id, nd.id
	)
	SELECT fl.node_id, fl.level, fl.id FROM fl
	UNION ALL
	SELECT ff.module_id, fl.level, fl.id FROM first_file ff JOIN fl ON fl.node_id = ff.file_id;
	ANALYZE pg_temp.codemap_at;
	INSERT INTO codemap.cluster_edge (repo_id, level, src, dst, imports, calls, inherits)
	SELECT rid, a.level, a.id, b.id,
		   coalesce(sum(fe.n) FILTER (WHERE fe.kind = 'imports'), 0),
		   coalesce(sum(fe.n) FILTER (WHERE fe.kind = 'calls'), 0),
		   coalesce(sum(fe.n) FILTER (WHERE fe.kind = 'inherits'), 0)
	FROM pg_temp.codemap_fedge fe
	JOIN pg_temp.codemap_at a ON a.node_id = fe.src
	JOIN pg_temp.codemap_at b ON b.node_id = fe.dst AND b.level = a.level
	WHERE a.id <> b.id
	GROUP BY a.level, a.id, b.id;

	DROP TABLE pg_temp.codemap_at;
	DROP TABLE pg_temp.codemap_fedge;
	DROP TABLE pg_temp.codemap_tree;
	DROP TABLE pg_temp.codemap_cid;
END
$$;

CREATE VIEW clusters WITH (security_invoker = true) AS
SELECT r.name AS repo, c.id, c.level, c.parent_id, c.label, c.files, c.symbols, c.lines
FROM codemap.cluster c JOIN codemap.repo r ON r.id = c.repo_id;

COMMENT ON VIEW clusters IS 'the cluster tree of every repository: level 0 finest, parent_id one level up';
