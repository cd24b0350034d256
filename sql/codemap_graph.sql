-- The graph type and the algorithms over it.  A graph value is a compact,
-- immutable, checked adjacency structure (see src/core/cm_graph.h) built
-- from any edge list; every function below works on any graph, not only
-- on code.

CREATE TYPE graph;

CREATE FUNCTION _graph_in(cstring) RETURNS graph
AS 'MODULE_PATHNAME', 'codemap_graph_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION _graph_out(graph) RETURNS cstring
AS 'MODULE_PATHNAME', 'codemap_graph_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION _graph_recv(internal) RETURNS graph
AS 'MODULE_PATHNAME', 'codemap_graph_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION _graph_send(graph) RETURNS bytea
AS 'MODULE_PATHNAME', 'codemap_graph_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Double alignment keeps the arrays inside a stored value aligned, so
-- that reading one needs no copy; extended storage lets TOAST compress
-- and move large graphs out of line.
CREATE TYPE graph (
	INPUT = _graph_in,
	OUTPUT = _graph_out,
	RECEIVE = _graph_recv,
	SEND = _graph_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE graph IS
'a directed graph over bigint node ids with positive edge weights, as a checked compact adjacency structure; text form {1->2, 2->3:0.5, 4}';

-- graph_agg(src, dst [, weight]): duplicate edges add their weights; a
-- row with a NULL dst adds src as a node only; a NULL src adds nothing;
-- a NULL weight counts as 1.
CREATE FUNCTION _graph_agg_step(internal, bigint, bigint)
RETURNS internal
AS 'MODULE_PATHNAME', 'codemap_graph_agg_step'
LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;

CREATE FUNCTION _graph_agg_step(internal, bigint, bigint, float8)
RETURNS internal
AS 'MODULE_PATHNAME', 'codemap_graph_agg_step'
LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;

CREATE FUNCTION _graph_agg_final(internal)
RETURNS graph
AS 'MODULE_PATHNAME', 'codemap_graph_agg_final'
LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;

CREATE AGGREGATE graph_agg(src bigint, dst bigint) (
	SFUNC = _graph_agg_step,
	STYPE = internal,
	FINALFUNC = _graph_agg_final,
	FINALFUNC_MODIFY = READ_ONLY
);

CREATE AGGREGATE graph_agg(src bigint, dst bigint, weight float8) (
	SFUNC = _graph_agg_step,
	STYPE = internal,
	FINALFUNC = _graph_agg_final,
	FINALFUNC_MODIFY = READ_ONLY
);

COMMENT ON AGGREGATE graph_agg(bigint, bigint) IS
'the graph of the edges src -> dst (each of weight 1, duplicates adding up); a NULL dst adds src as a node';
COMMENT ON AGGREGATE graph_agg(bigint, bigint, float8) IS
'the graph of the weighted edges src -> dst (duplicates add their weights); a NULL dst adds src as a node';

CREATE FUNCTION graph_edges(
	g graph,
	OUT src bigint,
	OUT dst bigint,
	OUT weight float8)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'codemap_graph_edges'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION graph_edges(graph) IS
'the edges of a graph, by source then target id, with their weights';

CREATE FUNCTION graph_nodes(
	g graph,
	OUT node bigint,
	OUT out_degree int,
	OUT in_degree int)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'codemap_graph_nodes'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION graph_nodes(graph) IS
'the nodes of a graph in increasing id order, with how many distinct edges leave and reach each';

CREATE FUNCTION graph_stats(
	g graph,
	OUT nodes bigint,
	OUT edges bigint,
	OUT density float8,
	OUT self_loops bigint,
	OUT isolated bigint,
	OUT total_weight float8,
	OUT min_degree bigint,
	OUT max_degree bigint,
	OUT mean_degree float8,
	OUT median_degree float8)
RETURNS record
AS 'MODULE_PATHNAME', 'codemap_graph_stats'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION graph_stats(graph) IS
'size and degree summary of a graph: density is edges / (nodes (nodes - 1)); a degree counts edges in and out';

CREATE FUNCTION communities(
	g graph,
	resolution float8 DEFAULT 1.0,
	seed int DEFAULT 0,
	max_levels int DEFAULT 10,
	OUT node bigint,
	OUT level int,
	OUT community bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'codemap_communities'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION communities(graph, float8, int, int) IS
'hierarchical Leiden communities of the graph taken as undirected: every level from 0 (finest) to the last (coarsest, the final partition), each grouping whole communities of the one before; a community is named by its smallest node id; the same for a given seed whatever the input order';

CREATE FUNCTION modularity(
	g graph,
	nodes bigint[],
	communities bigint[],
	resolution float8 DEFAULT 1.0)
RETURNS float8
AS 'MODULE_PATHNAME', 'codemap_modularity'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION modularity(graph, bigint[], bigint[], float8) IS
'modularity of the partition putting nodes[i] in communities[i] (unlisted nodes alone), on the graph taken as undirected; NULL for a graph without edges';

CREATE FUNCTION components(
	g graph,
	strong bool DEFAULT false,
	OUT node bigint,
	OUT component bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'codemap_components'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION components(graph, bool) IS
'weakly (or, with strong, strongly) connected components; a component is named by its smallest node id';

CREATE FUNCTION pagerank(
	g graph,
	damping float8 DEFAULT 0.85,
	OUT node bigint,
	OUT rank float8)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'codemap_pagerank'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION pagerank(graph, float8) IS
'PageRank over the weighted edges, ranks summing to 1; a node without outgoing edges spreads its rank over all nodes';

CREATE FUNCTION bfs(
	g graph,
	seeds bigint[],
	max_depth int DEFAULT NULL,
	max_nodes int DEFAULT NULL,
	direction text DEFAULT 'out',
	OUT node bigint,
	OUT depth int,
	OUT parent bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'codemap_bfs'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;

COMMENT ON FUNCTION bfs(graph, bigint[], int, int, text) IS
'breadth-first search from the seeds along (out), against (in) or both ways of the edges, at most max_depth edges away and max_nodes nodes in all (NULL: no bound), in order of discovery';

CREATE FUNCTION shortest_path(
	g graph,
	from_node bigint,
	to_node bigint,
	OUT step int,
	OUT node bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'codemap_shortest_path'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION shortest_path(graph, bigint, bigint) IS
'a path with the fewest edges from one node to another along the edges, step 0 being from_node; no rows when there is none';

-- The graph of a repository at a level: node ids are codemap.node ids
-- (symbols and files at level symbol, files at level file, modules at
-- level module), every node of the level is in the graph, and an edge's
-- weight is the sum of the confidences of the references it stands for,
-- so that an ambiguous call counts for its share.  As in edges(), edges
-- within one file or module are left out above the symbol level, and
-- contains edges appear at the symbol and module levels only.
CREATE FUNCTION repo_graph(
	repo text,
	level text DEFAULT 'file',
	kinds text[] DEFAULT NULL)
RETURNS graph
LANGUAGE plpgsql STABLE AS $$
DECLARE
	rid integer := codemap._repo_id(repo);
	result codemap.graph;
BEGIN
	PERFORM codemap._check_level_kinds(level, kinds);

	WITH n AS (
		SELECT nd.id,
			   CASE level
				WHEN 'symbol' THEN nd.id
				WHEN 'file' THEN nd.file_id
				ELSE CASE WHEN nd.kind = 'module' THEN nd.id ELSE fn.parent_id END
			   END AS at
		FROM codemap.node nd
		LEFT JOIN codemap.node fn ON fn.repo_id = rid AND fn.id = nd.file_id
		WHERE nd.repo_id = rid
	), e AS (
		SELECT e.src, e.dst, e.confidence::numeric::float8 AS w FROM codemap.edge e
		WHERE e.repo_id = rid AND (kinds IS NULL OR e.kind = ANY (kinds))
		UNION ALL
		SELECT nd.parent_id, nd.id, 1 FROM codemap.node nd
		WHERE nd.repo_id = rid AND nd.parent_id IS NOT NULL
		  AND (kinds IS NULL OR 'contains' = ANY (kinds))
		  AND (level = 'symbol' OR (level = 'module' AND nd.kind = 'module'))
	), rows AS (
		SELECT s.at AS src, d.at AS dst, e.w
		FROM e JOIN n s ON s.id = e.src JOIN n d ON d.id = e.dst
		WHERE s.at IS NOT NULL AND d.at IS NOT NULL
		  AND (level = 'symbol' OR s.at <> d.at)
		UNION ALL
		SELECT DISTINCT n.at, NULL::bigint, NULL::float8 FROM n WHERE n.at IS NOT NULL
	)
	SELECT codemap.graph_agg(rows.src, rows.dst, rows.w) INTO result FROM rows;
	RETURN result;
END
$$;

COMMENT ON FUNCTION repo_graph(text, text, text[]) IS
'the repository''s graph at level symbol, file or module over codemap.node ids, every node of the level included, edges weighted by the confidence of the references they stand for';
