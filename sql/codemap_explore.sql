-- Progressive exploration: every function returns graph_row, one row per
-- node or edge, so that any answer feeds the same renderers.  Node ids are
-- the human-facing keys: a cluster is 'cluster:<id>', a module its
-- directory, a file its path, a symbol path::qualname.  Budgets are never
-- exceeded: what a budget leaves out is counted in a node of kind 'more'
-- ('facts' says how many and of what), under the parent it belongs to.

CREATE TYPE graph_row AS (
	element		text,		-- 'node' or 'edge'
	id			text,		-- a node's key, or 'source->target' for an edge
	kind		text,		-- cluster, module, file, a symbol's kind, more; or an edge's kind
	label		text,
	parent		text,		-- the node containing this one in the answer, if any
	source		text,		-- edges
	target		text,		-- edges
	weight		float8,		-- edges: references they stand for
	size		bigint,		-- nodes: files of a cluster or module, lines of a file or symbol
	facts		jsonb		-- anything else: path, lines, language, counts, hidden members
);

COMMENT ON TYPE graph_row IS
'one node or edge of an exploration answer: element, id, kind, label, parent, source, target, weight, size, facts';

CREATE FUNCTION _cluster_key(id bigint)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT 'cluster:' || id $$;

-- A cluster node of the answer.
CREATE FUNCTION _cluster_row(c codemap.cluster, parent text, facts jsonb DEFAULT '{}')
RETURNS codemap.graph_row
LANGUAGE sql STABLE AS $$
	SELECT ROW('node', codemap._cluster_key(c.id), 'cluster', c.label, parent,
			   NULL, NULL, NULL, c.files,
			   jsonb_build_object('level', c.level, 'files', c.files,
								  'symbols', c.symbols, 'lines', c.lines,
								  'children', (SELECT count(*) FROM codemap.cluster k
											   WHERE k.repo_id = c.repo_id AND k.parent_id = c.id))
			   || facts)::codemap.graph_row
$$;

-- The edge row between two clusters, from their references by kind.
CREATE FUNCTION _cluster_edge_row(src text, dst text, imports bigint, calls bigint,
								  inherits bigint)
RETURNS codemap.graph_row
LANGUAGE sql IMMUTABLE AS $$
	SELECT ROW('edge', src || '->' || dst, 'depends', NULL, NULL, src, dst,
			   (imports + calls + inherits)::float8, NULL,
			   jsonb_build_object('imports', imports, 'calls', calls, 'inherits', inherits)
			  )::codemap.graph_row
$$;

-- How many of total items an answer shows under a budget: all of them
-- when they fit, else one fewer than the budget, to leave room for the
-- 'more' node that counts the rest.
CREATE FUNCTION _shown_count(total bigint, max_nodes int)
RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN total <= max_nodes THEN max_nodes ELSE max_nodes - 1 END $$;

-- The 'more' node counting what a budget left out.
CREATE FUNCTION _more_row(id text, label text, parent text, size bigint, facts jsonb)
RETURNS codemap.graph_row
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT ROW('node', id, 'more', label, parent, NULL, NULL, NULL, size, facts)::codemap.graph_row $$;

CREATE FUNCTION _check_budget(max_nodes int)
RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF max_nodes IS NULL OR max_nodes < 1 THEN
		RAISE EXCEPTION 'max_nodes must be at least 1'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
END
$$;

-- overview(repo, max_nodes): the top clusters, largest first, and the
-- references between them.  Past the budget, the smallest clusters are
-- counted in one 'more' node, which takes their edges.
CREATE FUNCTION overview(repo text, max_nodes int DEFAULT 20)
RETURNS SETOF graph_row
LANGUAGE plpgsql STABLE AS $$
DECLARE
	rid integer := codemap._repo_id(repo);
	top_level integer;
BEGIN
	PERFORM codemap._check_budget(max_nodes);
	SELECT max(c.level) INTO top_level FROM codemap.cluster c WHERE c.repo_id = rid;
	IF top_level IS NULL THEN
		RETURN;					-- never refreshed, or no files
	END IF;

	RETURN QUERY
	SELECT (q.r).* FROM (
	WITH top AS (
		SELECT c, row_number() OVER (ORDER BY c.files DESC, c.id) AS rank
		FROM codemap.cluster c WHERE c.repo_id = rid AND c.parent_id IS NULL
	), shown AS (
		-- all of them when they fit, else room for the 'more' node
		SELECT t.c, codemap._cluster_key((t.c).id) AS key
		FROM top t
		WHERE t.rank <= codemap._shown_count((SELECT count(*) FROM top), max_nodes)
	), hidden AS (
		SELECT t.c FROM top t WHERE NOT EXISTS (SELECT 1 FROM shown s WHERE (s.c).id = (t.c).id)
	), key_of AS (
		SELECT (s.c).id, s.key FROM shown s
		UNION ALL
		SELECT (h.c).id, 'more:top' FROM hidden h
	)
	SELECT codemap._cluster_row(s.c, NULL) FROM shown s
	UNION ALL
	SELECT codemap._more_row('more:top', format('%s more clusters', count(*)), NULL,
			   sum((h.c).files), jsonb_build_object('hidden', count(*), 'files', sum((h.c).files)))
	FROM hidden h HAVING count(*) > 0
	UNION ALL
	SELECT codemap._cluster_edge_row(a.key, b.key, sum(e.imports)::bigint, sum(e.calls)::bigint,
									 sum(e.inherits)::bigint)
	FROM codemap.cluster_edge e
	JOIN key_of a ON a.id = e.src JOIN key_of b ON b.id = e.dst
	WHERE e.repo_id = rid AND e.level = top_level AND a.key <> b.key
	GROUP BY a.key, b.key) q(r);
END
$$;

COMMENT ON FUNCTION overview(text, int) IS
'the top clusters of a repository''s map (largest first, the rest counted in a "more" node past max_nodes) and the references between them';

-- A node key of a repository as a node kind and id: cluster, module,
-- file or symbol.  Unknown keys raise with a hint at search().
CREATE FUNCTION _resolve_key(rid integer, key text, OUT kind text, OUT id bigint)
RETURNS record
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF key ~ '^cluster:[0-9]{1,18}$' THEN
		SELECT 'cluster', c.id INTO kind, id FROM codemap.cluster c
		WHERE c.repo_id = rid AND c.id = substr(key, 9)::bigint;
	ELSIF key LIKE '%::%' THEN
		SELECT 'symbol', nd.id INTO kind, id
		FROM codemap.file f JOIN codemap.node nd ON nd.repo_id = rid AND nd.file_id = f.id
		WHERE f.repo_id = rid AND f.path = split_part(key, '::', 1)
		  AND nd.qualname = substr(key, length(split_part(key, '::', 1)) + 3)
		  AND nd.id <> nd.file_id
		ORDER BY nd.start_line, nd.id LIMIT 1;
	ELSE
		SELECT 'file', f.id INTO kind, id FROM codemap.file f
		WHERE f.repo_id = rid AND f.path = key;
		IF NOT FOUND THEN
			SELECT 'module', nd.id INTO kind, id FROM codemap.node nd
			WHERE nd.repo_id = rid AND nd.kind = 'module' AND nd.qualname = key;
		END IF;
	END IF;
	IF id IS NULL THEN
		RAISE EXCEPTION 'node "%" does not exist in repository "%"', key,
			(SELECT r.name FROM codemap.repo r WHERE r.id = rid)
			USING ERRCODE = 'undefined_object',
				  HINT = 'Find nodes with codemap.search(repo, pattern); clusters are named cluster:<id>.';
	END IF;
END
$$;

-- An answer cut to a budget of nodes.  Nodes keep their priority: the
-- order they come in, except that nodes marked outside come last, most
-- referenced first.  Past max_nodes, the last ones fold into one node of
-- kind 'more' (id more_id) that counts what they held and takes their
-- edges, summed.
CREATE FUNCTION _fit(rows codemap.graph_row[], max_nodes int, more_id text)
RETURNS SETOF codemap.graph_row
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF (SELECT count(*) FROM unnest(rows) r WHERE r.element = 'node') <= max_nodes THEN
		RETURN QUERY SELECT * FROM unnest(rows);
		RETURN;
	END IF;

	RETURN QUERY
	WITH items AS MATERIALIZED (
		SELECT r.*, coalesce((r.facts->>'outside')::boolean, false) AS outside
		FROM unnest(rows) WITH ORDINALITY
			 r(element, id, kind, label, parent, source, target, weight, size, facts, pos)
	), touching AS (
		-- the weight of the edges at each node (a loop counted once)
		SELECT t.id, sum(t.weight) AS weight FROM (
			SELECT e.source AS id, e.weight FROM items e WHERE e.element = 'edge'
			UNION ALL
			SELECT e.target, e.weight FROM items e
			WHERE e.element = 'edge' AND e.target IS DISTINCT FROM e.source) t
		GROUP BY t.id
	), ranked AS MATERIALIZED (
		SELECT n.*, row_number() OVER (ORDER BY n.outside,
			CASE WHEN n.outside THEN -coalesce(t.weight, 0) END, n.pos) AS rank
		FROM items n LEFT JOIN touching t ON t.id = n.id
		WHERE n.element = 'node'
	), folded AS MATERIALIZED (
		SELECT * FROM ranked WHERE rank >= max_nodes
	), folded_ids AS (
		SELECT DISTINCT f.id FROM folded f
	), moved AS (
		-- where each edge end lands
		SELECT e.*, CASE WHEN fs.id IS NULL THEN e.source ELSE more_id END AS src,
			   CASE WHEN ft.id IS NULL THEN e.target ELSE more_id END AS dst
		FROM items e
		LEFT JOIN folded_ids fs ON fs.id = e.source
		LEFT JOIN folded_ids ft ON ft.id = e.target
		WHERE e.element = 'edge'
	)
	SELECT k.element, k.id, k.kind, k.label,
		   CASE WHEN k.parent IN (SELECT f.id FROM folded f) THEN more_id ELSE k.parent END,
		   NULL::text, NULL::text, NULL::float8, k.size, k.facts
	FROM ranked k WHERE k.rank < max_nodes
	UNION ALL
	SELECT 'node', more_id, 'more', format('%s more nodes', sum(coalesce((f.facts->>'hidden')::bigint, 1))),
		   NULL, NULL, NULL, NULL, sum(coalesce((f.facts->>'hidden')::bigint, 1))::bigint,
		   jsonb_build_object('hidden', sum(coalesce((f.facts->>'hidden')::bigint, 1)),
							  'outside', count(*) FILTER (WHERE f.outside))
	FROM folded f
	UNION ALL
	SELECT 'edge', m.src || '->' || m.dst, m.kind, NULL, NULL, m.src, m.dst, sum(m.weight), NULL::bigint,
		   CASE WHEN m.kind = 'depends'
				THEN jsonb_build_object('imports', sum((m.facts->>'imports')::bigint),
										'calls', sum((m.facts->>'calls')::bigint),
										'inherits', sum((m.facts->>'inherits')::bigint))
				ELSE '{}' END
	FROM moved m WHERE m.src <> m.dst
	GROUP BY m.src, m.dst, m.kind;
END
$$;

-- expand(repo, node, max_nodes): what a node holds, with the references
-- among its children, and those leaving them summarized per neighbouring
-- node of the node's own rank (sibling clusters for a cluster, other files
-- for a file's symbols, other modules for a module's files).
CREATE FUNCTION expand(repo text, node text, max_nodes int DEFAULT 100)
RETURNS SETOF graph_row
LANGUAGE plpgsql STABLE AS $$
DECLARE
	rid integer := codemap._repo_id(repo);
	target record;
	c codemap.cluster;
BEGIN
	PERFORM codemap._check_budget(max_nodes);
	target := codemap._resolve_key(rid, node);

	IF target.kind = 'cluster' THEN
		SELECT * INTO c FROM codemap.cluster x WHERE x.repo_id = rid AND x.id = target.id;
		IF c.level > 0 THEN
			RETURN QUERY SELECT * FROM codemap._fit(ARRAY(
				SELECT codemap._expand_cluster(rid, c, max_nodes)), max_nodes, 'more:' || node || ':rest');
		ELSE
			RETURN QUERY SELECT * FROM codemap._fit(ARRAY(SELECT codemap._expand_files(rid, node,
				ARRAY(SELECT cf.file_id FROM codemap.cluster_file cf
					  WHERE cf.repo_id = rid AND cf.cluster_id = c.id), max_nodes)),
				max_nodes, 'more:' || node || ':rest');
		END IF;
	ELSIF target.kind = 'module' THEN
		RETURN QUERY SELECT * FROM codemap._fit(ARRAY(SELECT codemap._expand_files(rid, node,
			ARRAY(SELECT f.id FROM codemap.node f
				  WHERE f.repo_id = rid AND f.parent_id = target.id AND f.kind = 'file'),
			max_nodes)), max_nodes, 'more:' || node || ':rest');
	ELSE
		-- a file or a symbol
		RETURN QUERY SELECT * FROM codemap._fit(ARRAY(
			SELECT codemap._expand_symbols(rid, node, target.id, max_nodes)),
			max_nodes, 'more:' || node || ':rest');
	END IF;
END
$$;

COMMENT ON FUNCTION expand(text, text, int) IS
'the children of a cluster (sub-clusters or files), a module (files) or a file or symbol (its symbols), the references among them, and those leaving them summarized per neighbouring node; past max_nodes, a "more" node counts the rest';

-- A cluster of level > 0: its sub-clusters, the edges among them, and the
-- edges from them to the sibling clusters (of the cluster's level).
CREATE FUNCTION _expand_cluster(rid integer, c codemap.cluster, max_nodes int)
RETURNS SETOF codemap.graph_row
LANGUAGE sql STABLE AS $$
	WITH kids AS (
		SELECT k, row_number() OVER (ORDER BY k.files DESC, k.id) AS rank,
			   count(*) OVER () AS total
		FROM codemap.cluster k WHERE k.repo_id = rid AND k.parent_id = c.id
	), shown AS (
		SELECT (x.k).id, x.k, codemap._cluster_key((x.k).id) AS key FROM kids x
		WHERE x.rank <= codemap._shown_count(x.total, max_nodes)
	), hidden AS (
		SELECT x.k FROM kids x WHERE NOT EXISTS (SELECT 1 FROM shown s WHERE s.id = (x.k).id)
	), key_of AS (
		SELECT s.id, s.key FROM shown s
		UNION ALL
		SELECT (h.k).id, 'more:' || codemap._cluster_key(c.id) FROM hidden h
	), inner_edges AS (
		SELECT a.key AS src, b.key AS dst, sum(e.imports)::bigint AS i, sum(e.calls)::bigint AS ca,
			   sum(e.inherits)::bigint AS h
		FROM codemap.cluster_edge e
		JOIN key_of a ON a.id = e.src JOIN key_of b ON b.id = e.dst
		WHERE e.repo_id = rid AND e.level = c.level - 1 AND a.key <> b.key
		GROUP BY 1, 2
	), outer_edges AS (
		-- from a child to a cluster of the child's level outside, counted
		-- towards that cluster's parent: a sibling of c
		SELECT a.key AS src, codemap._cluster_key(p.id) AS dst, sum(e.imports)::bigint AS i,
			   sum(e.calls)::bigint AS ca, sum(e.inherits)::bigint AS h, p.id AS sibling
		FROM codemap.cluster_edge e
		JOIN key_of a ON a.id = e.src
		JOIN codemap.cluster d ON d.repo_id = rid AND d.id = e.dst
		JOIN codemap.cluster p ON p.repo_id = rid AND p.id = d.parent_id
		WHERE e.repo_id = rid AND e.level = c.level - 1 AND p.id <> c.id
		GROUP BY a.key, p.id
		UNION ALL
		-- and from a sibling's clusters to a child
		SELECT codemap._cluster_key(p.id), b.key, sum(e.imports)::bigint,
			   sum(e.calls)::bigint, sum(e.inherits)::bigint, p.id
		FROM codemap.cluster_edge e
		JOIN key_of b ON b.id = e.dst
		JOIN codemap.cluster s ON s.repo_id = rid AND s.id = e.src
		JOIN codemap.cluster p ON p.repo_id = rid AND p.id = s.parent_id
		WHERE e.repo_id = rid AND e.level = c.level - 1 AND p.id <> c.id
		GROUP BY b.key, p.id
	)
	SELECT codemap._cluster_row(s.k, codemap._cluster_key(c.id)) FROM shown s
	UNION ALL
	SELECT codemap._more_row('more:' || codemap._cluster_key(c.id),
			   format('%s more clusters', count(*)), codemap._cluster_key(c.id),
			   sum((h.k).files), jsonb_build_object('hidden', count(*), 'files', sum((h.k).files)))
	FROM hidden h HAVING count(*) > 0
	UNION ALL
	SELECT codemap._cluster_row(sib, NULL, '{"outside": true}')
	FROM codemap.cluster sib
	WHERE sib.repo_id = rid AND sib.id IN (SELECT o.sibling FROM outer_edges o)
	UNION ALL
	SELECT codemap._cluster_edge_row(ie.src, ie.dst, ie.i, ie.ca, ie.h) FROM inner_edges ie
	UNION ALL
	SELECT codemap._cluster_edge_row(oe.src, oe.dst, oe.i, oe.ca, oe.h) FROM outer_edges oe
$$;

-- Files (by node id) under a parent key: the files, the references among
-- them by kind, and those leaving them summarized per level-0 cluster.
CREATE FUNCTION _expand_files(rid integer, parent text, file_ids bigint[], max_nodes int)
RETURNS SETOF codemap.graph_row
LANGUAGE sql STABLE AS $$
	WITH files AS (
		SELECT f.id, f.path, f.language, fn.end_line AS lines,
			   row_number() OVER (ORDER BY f.path) AS rank, count(*) OVER () AS total
		FROM codemap.file f
		LEFT JOIN codemap.node fn ON fn.repo_id = rid AND fn.id = f.id
		WHERE f.repo_id = rid AND f.id = ANY (file_ids)
	), shown AS (
		SELECT * FROM files x
		WHERE x.rank <= codemap._shown_count(x.total, max_nodes)
	), key_of AS (
		SELECT x.id, CASE WHEN s.id IS NULL THEN 'more:' || parent ELSE x.path END AS key
		FROM files x LEFT JOIN shown s ON s.id = x.id
	), refs AS (
		-- every reference leaving these files, with the file or module it reaches
		SELECT a.key AS src, coalesce(d.file_id, d.id) AS dst_at, e.kind
		FROM codemap.edge e
		JOIN key_of a ON a.id = e.file_id
		JOIN codemap.node d ON d.repo_id = rid AND d.id = e.dst
		WHERE e.repo_id = rid AND e.file_id = ANY (file_ids)
		  AND e.kind IN ('imports', 'calls', 'inherits')
	), incoming AS (
		-- every reference reaching these files from other files
		SELECT e.file_id AS src_file, b.key AS dst, e.kind
		FROM codemap.node d
		JOIN key_of b ON b.id = d.file_id
		JOIN codemap.edge e ON e.repo_id = rid AND e.dst = d.id
		WHERE d.repo_id = rid AND d.file_id = ANY (file_ids)
		  AND e.kind IN ('imports', 'calls', 'inherits')
		  AND NOT e.file_id = ANY (file_ids)
	), inside AS (
		SELECT r.src, b.key AS dst, r.kind FROM refs r JOIN key_of b ON b.id = r.dst_at
		WHERE r.src <> b.key
	), outside AS (
		SELECT r.src, codemap._cluster_key(cf.cluster_id) AS dst, r.kind, cf.cluster_id
		FROM refs r
		JOIN codemap.cluster_file cf ON cf.repo_id = rid AND cf.file_id = r.dst_at
		WHERE NOT EXISTS (SELECT 1 FROM key_of k WHERE k.id = r.dst_at)
		UNION ALL
		SELECT codemap._cluster_key(cf.cluster_id), i.dst, i.kind, cf.cluster_id
		FROM incoming i
		JOIN codemap.cluster_file cf ON cf.repo_id = rid AND cf.file_id = i.src_file
	), edges AS (
		SELECT src, dst, kind FROM inside
		UNION ALL
		SELECT src, dst, kind FROM outside
	)
	SELECT ROW('node', s.path, 'file', regexp_replace(s.path, '^.*/', ''), parent,
			   NULL, NULL, NULL, s.lines,
			   jsonb_build_object('path', s.path, 'language', s.language, 'lines', s.lines)
			  )::codemap.graph_row
	FROM shown s
	UNION ALL
	SELECT codemap._more_row('more:' || parent, format('%s more files', count(*)), parent,
			   count(*), jsonb_build_object('hidden', count(*)))
	FROM files x WHERE NOT EXISTS (SELECT 1 FROM shown s WHERE s.id = x.id) HAVING count(*) > 0
	UNION ALL
	SELECT codemap._cluster_row(k, NULL, '{"outside": true}')
	FROM codemap.cluster k
	WHERE k.repo_id = rid AND k.id IN (SELECT o.cluster_id FROM outside o)
	UNION ALL
	SELECT codemap._cluster_edge_row(e.src, e.dst,
			count(*) FILTER (WHERE e.kind = 'imports'), count(*) FILTER (WHERE e.kind = 'calls'),
			count(*) FILTER (WHERE e.kind = 'inherits'))
	FROM edges e GROUP BY e.src, e.dst
$$;

-- The symbols a file or symbol holds (one level down), the calls and bases
-- among them, and the references leaving them summarized per file.
CREATE FUNCTION _expand_symbols(rid integer, parent text, holder bigint, max_nodes int)
RETURNS SETOF codemap.graph_row
LANGUAGE sql STABLE AS $$
	WITH RECURSIVE holder_file AS (
		SELECT f.id, f.path FROM codemap.node h
		JOIN codemap.file f ON f.repo_id = rid AND f.id = h.file_id
		WHERE h.repo_id = rid AND h.id = holder
	), file_nodes AS MATERIALIZED (
		-- the holder's file's nodes, read once through the file index
		SELECT n.* FROM codemap.node n, holder_file hf
		WHERE n.repo_id = rid AND n.file_id = hf.id
	), syms AS (
		SELECT nd.id, nd.kind, nd.name, nd.qualname, nd.start_line, nd.end_line,
			   hf.path || '::' || nd.qualname AS key,
			   row_number() OVER (ORDER BY nd.start_line, nd.id) AS rank, count(*) OVER () AS total
		FROM file_nodes nd, holder_file hf
		WHERE nd.parent_id = holder AND nd.id <> holder
	), shown AS (
		SELECT * FROM syms x
		WHERE x.rank <= codemap._shown_count(x.total, max_nodes)
	), tree AS (
		-- every node below a child of the holder, with that child
		SELECT x.id, x.id AS top FROM syms x
		UNION ALL
		SELECT n.id, t.top FROM file_nodes n JOIN tree t ON n.parent_id = t.id
	), key_of AS (
		-- a symbol and everything inside it count as that symbol
		SELECT t.id, CASE WHEN s.id IS NULL THEN 'more:' || parent ELSE x.key END AS key
		FROM tree t
		JOIN syms x ON x.id = t.top
		LEFT JOIN shown s ON s.id = x.id
	), refs AS (
		SELECT a.key AS src, e.dst, e.kind
		FROM codemap.edge e JOIN key_of a ON a.id = e.src
		WHERE e.repo_id = rid AND e.file_id = (SELECT id FROM holder_file)
		  AND e.kind IN ('calls', 'inherits', 'references')
	), edges AS (
		SELECT r.src, coalesce(b.key, f.path) AS dst, r.kind,
			   (b.key IS NULL) AS outside, f.path
		FROM refs r
		LEFT JOIN key_of b ON b.id = r.dst
		JOIN codemap.node d ON d.repo_id = rid AND d.id = r.dst
		JOIN codemap.file f ON f.repo_id = rid AND f.id = d.file_id
		WHERE r.src <> coalesce(b.key, f.path)
	)
	SELECT ROW('node', s.key, s.kind, s.name, parent, NULL, NULL, NULL,
			   (s.end_line - s.start_line + 1)::bigint,
			   jsonb_build_object('qualname', s.qualname, 'start_line', s.start_line,
								  'end_line', s.end_line))::codemap.graph_row
	FROM shown s
	UNION ALL
	SELECT codemap._more_row('more:' || parent, format('%s more symbols', count(*)), parent,
			   count(*), jsonb_build_object('hidden', count(*)))
	FROM syms x WHERE NOT EXISTS (SELECT 1 FROM shown s WHERE s.id = x.id) HAVING count(*) > 0
	UNION ALL
	SELECT ROW('node', o.path, 'file', regexp_replace(o.path, '^.*/', ''), NULL, NULL, NULL,
			   NULL, NULL, jsonb_build_object('path', o.path, 'outside', true))::codemap.graph_row
	FROM (SELECT DISTINCT path FROM edges WHERE outside) o
	UNION ALL
	SELECT ROW('edge', e.src || '->' || e.dst, e.kind, NULL, NULL, e.src, e.dst,
			   count(*)::float8, NULL, '{}')::codemap.graph_row
	FROM edges e GROUP BY e.src, e.dst, e.kind
$$;

-- ---------------------------------------------------------------------
-- Renderers: aggregates over graph_row, each giving a document its
-- consumer reads as is.  Rows are collected and written in one go, nodes
-- before edges, so the output does not depend on row order.
-- ---------------------------------------------------------------------

CREATE FUNCTION _rows_add(rows codemap.graph_row[], r codemap.graph_row)
RETURNS codemap.graph_row[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT array_append(rows, r) $$;

-- Cytoscape.js elements: {"elements": {"nodes": [...], "edges": [...]}},
-- clusters holding others as compound parents.
CREATE FUNCTION _to_json(rows codemap.graph_row[])
RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT jsonb_build_object('elements', jsonb_build_object(
		'nodes', coalesce((
			SELECT jsonb_agg(jsonb_build_object('data',
					jsonb_strip_nulls(jsonb_build_object(
						'id', r.id, 'kind', r.kind, 'label', r.label, 'size', r.size,
						'parent', CASE WHEN r.parent IN (SELECT x.id FROM unnest(rows) x
														 WHERE x.element = 'node')
									   THEN r.parent END))
					|| coalesce(r.facts, '{}')) ORDER BY r.id)
			FROM unnest(rows) r WHERE r.element = 'node'), '[]'),
		'edges', coalesce((
			SELECT jsonb_agg(jsonb_build_object('data',
					jsonb_strip_nulls(jsonb_build_object(
						'id', r.id, 'source', r.source, 'target', r.target,
						'kind', r.kind, 'weight', r.weight))
					|| coalesce(r.facts, '{}')) ORDER BY r.id)
			FROM unnest(rows) r WHERE r.element = 'edge'), '[]')))
$$;

CREATE AGGREGATE to_json(graph_row) (
	SFUNC = _rows_add,
	STYPE = graph_row[],
	FINALFUNC = _to_json,
	INITCOND = '{}'
);

COMMENT ON AGGREGATE to_json(graph_row) IS
'Cytoscape.js elements ({"elements": {"nodes", "edges"}}) of exploration rows, parents as compound nodes';

-- A DOT double-quoted string.
CREATE FUNCTION _dot_quote(s text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT '"' || replace(replace(replace(coalesce(s, ''), '\', '\\'), '"', '\"'),
							E'\n', '\n') || '"' $$;

-- Graphviz DOT: a node with children in the answer becomes a subgraph
-- "cluster_..." holding them (one level of nesting: answers are one level
-- of the map at a time), edges after.
CREATE FUNCTION _to_dot(rows codemap.graph_row[])
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	WITH nodes AS (
		SELECT r.* FROM unnest(rows) r WHERE r.element = 'node'
	), parents AS (
		SELECT DISTINCT n.parent FROM nodes n
		WHERE n.parent IN (SELECT id FROM nodes)
	), lines AS (
		-- every node that is not a parent in the answer, in its parent's
		-- subgraph when the parent is there, else at top level ('')
		SELECT CASE WHEN n.parent IN (SELECT parent FROM parents) THEN n.parent ELSE '' END AS grp,
			   n.id AS sort,
			   '  ' || codemap._dot_quote(n.id) || ' [label=' ||
			   codemap._dot_quote(coalesce(n.label, n.id)) ||
			   CASE n.kind WHEN 'more' THEN ', shape=note' WHEN 'cluster' THEN ', shape=box'
							ELSE '' END || '];' AS line
		FROM nodes n
		WHERE n.id NOT IN (SELECT parent FROM parents)
	)
	SELECT 'digraph codemap {' || E'\n' || '  node [fontname="Helvetica"];' || E'\n' ||
		coalesce((SELECT string_agg(l.line, E'\n' ORDER BY l.sort) FROM lines l WHERE l.grp = ''),
				 '') || E'\n' ||
		coalesce((SELECT string_agg(
					'  subgraph ' || codemap._dot_quote('cluster_' || p.parent) || ' {' || E'\n' ||
					'    label=' || codemap._dot_quote(coalesce(
						(SELECT n.label FROM nodes n WHERE n.id = p.parent), p.parent)) || ';' || E'\n' ||
					(SELECT string_agg('  ' || l.line, E'\n' ORDER BY l.sort) FROM lines l
					 WHERE l.grp = p.parent) || E'\n  }', E'\n' ORDER BY p.parent)
				  FROM parents p), '') || E'\n' ||
		coalesce((SELECT string_agg('  ' || codemap._dot_quote(r.source) || ' -> ' ||
									codemap._dot_quote(r.target) || ' [weight=' ||
									greatest(1, round(coalesce(r.weight, 1)))::bigint ||
									', label=' || codemap._dot_quote(coalesce(r.weight, 1)::text) || '];',
									E'\n' ORDER BY r.source, r.target, r.kind)
				  FROM unnest(rows) r WHERE r.element = 'edge'
					AND r.source NOT IN (SELECT parent FROM parents)
					AND r.target NOT IN (SELECT parent FROM parents)), '') ||
		E'\n}\n'
$$;

CREATE AGGREGATE to_dot(graph_row) (
	SFUNC = _rows_add,
	STYPE = graph_row[],
	FINALFUNC = _to_dot,
	INITCOND = '{}'
);

COMMENT ON AGGREGATE to_dot(graph_row) IS
'a Graphviz digraph of exploration rows, parents as subgraph clusters';

-- Mermaid: ids become n1, n2, ... (Mermaid ids are plain words), labels
-- are quoted with Mermaid's entity for a double quote.
CREATE FUNCTION _mermaid_label(s text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT '"' || replace(replace(replace(coalesce(s, ''), '"', '#quot;'), E'\n', ' '),
							'`', '#96;') || '"' $$;

CREATE FUNCTION _to_mermaid(rows codemap.graph_row[])
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	WITH nodes AS (
		SELECT r.*, 'n' || row_number() OVER (ORDER BY r.id) AS mid
		FROM unnest(rows) r WHERE r.element = 'node'
	), parents AS (
		SELECT DISTINCT n.parent FROM nodes n WHERE n.parent IN (SELECT id FROM nodes)
	), node_lines AS (
		SELECT coalesce(p.parent, '') AS grp, n.mid,
			   n.mid || '[' || codemap._mermaid_label(coalesce(n.label, n.id)) || ']' AS line
		FROM nodes n LEFT JOIN parents p ON p.parent = n.parent
		WHERE n.id NOT IN (SELECT parent FROM parents)
	)
	SELECT 'flowchart LR' || E'\n' ||
		coalesce((SELECT string_agg('  ' || l.line, E'\n' ORDER BY l.mid) FROM node_lines l
				  WHERE l.grp = ''), '') || E'\n' ||
		coalesce((SELECT string_agg(
					'  subgraph ' || n.mid || ' [' || codemap._mermaid_label(coalesce(n.label, n.id)) ||
					']' || E'\n' ||
					(SELECT string_agg('    ' || l.line, E'\n' ORDER BY l.mid) FROM node_lines l
					 WHERE l.grp = n.id) || E'\n  end', E'\n' ORDER BY n.mid)
				  FROM nodes n WHERE n.id IN (SELECT parent FROM parents)), '') || E'\n' ||
		coalesce((SELECT string_agg('  ' || s.mid || ' -->|' ||
									coalesce(r.weight, 1)::text || '| ' || t.mid,
									E'\n' ORDER BY s.mid, t.mid)
				  FROM unnest(rows) r
				  JOIN nodes s ON s.id = r.source JOIN nodes t ON t.id = r.target
				  WHERE r.element = 'edge'), '') || E'\n'
$$;

CREATE AGGREGATE to_mermaid(graph_row) (
	SFUNC = _rows_add,
	STYPE = graph_row[],
	FINALFUNC = _to_mermaid,
	INITCOND = '{}'
);

COMMENT ON AGGREGATE to_mermaid(graph_row) IS
'a Mermaid flowchart of exploration rows, parents as subgraphs';

-- ---------------------------------------------------------------------
-- neighbors
-- ---------------------------------------------------------------------

-- The nodes one step from a set of nodes of one rank (cluster, file or
-- symbol), with the references joining them, along (out), against (in) or
-- both ways of the edges.
CREATE FUNCTION _step(rid integer, rank text, level integer, frontier bigint[],
					  direction text, kinds text[],
					  OUT node bigint, OUT refs bigint)
RETURNS SETOF record
LANGUAGE sql STABLE AS $$
	WITH steps AS (
		-- clusters
		SELECT ce.dst AS node, ce.imports + ce.calls + ce.inherits AS n
		FROM codemap.cluster_edge ce
		WHERE rank = 'cluster' AND direction IN ('out', 'both')
		  AND ce.repo_id = rid AND ce.level = _step.level AND ce.src = ANY (frontier)
		UNION ALL
		SELECT ce.src, ce.imports + ce.calls + ce.inherits
		FROM codemap.cluster_edge ce
		WHERE rank = 'cluster' AND direction IN ('in', 'both')
		  AND ce.repo_id = rid AND ce.level = _step.level AND ce.dst = ANY (frontier)
		-- files: a reference belongs to the file it is written in
		UNION ALL
		SELECT d.file_id, 1
		FROM codemap.edge e
		JOIN codemap.node d ON d.repo_id = rid AND d.id = e.dst
		WHERE rank = 'file' AND direction IN ('out', 'both')
		  AND e.repo_id = rid AND e.file_id = ANY (frontier)
		  AND e.kind = ANY (coalesce(kinds, ARRAY['imports', 'calls', 'inherits', 'references'])) AND d.file_id IS NOT NULL
		UNION ALL
		SELECT e.file_id, 1
		FROM codemap.node d
		JOIN codemap.edge e ON e.repo_id = rid AND e.dst = d.id
		WHERE rank = 'file' AND direction IN ('in', 'both')
		  AND d.repo_id = rid AND d.file_id = ANY (frontier)
		  AND e.kind = ANY (coalesce(kinds, ARRAY['imports', 'calls', 'inherits', 'references']))
		-- symbols (a symbol's outgoing references are found through its file)
		UNION ALL
		SELECT e.dst, 1
		FROM codemap.node s
		JOIN codemap.edge e ON e.repo_id = rid AND e.file_id = s.file_id AND e.src = s.id
		JOIN codemap.node d ON d.repo_id = rid AND d.id = e.dst
		WHERE rank = 'symbol' AND direction IN ('out', 'both')
		  AND s.repo_id = rid AND s.id = ANY (frontier)
		  AND e.kind = ANY (coalesce(kinds, ARRAY['imports', 'calls', 'inherits', 'references'])) AND d.id <> d.file_id
		UNION ALL
		SELECT e.src, 1
		FROM codemap.edge e
		JOIN codemap.node s ON s.repo_id = rid AND s.id = e.src
		WHERE rank = 'symbol' AND direction IN ('in', 'both')
		  AND e.repo_id = rid AND e.dst = ANY (frontier)
		  AND e.kind = ANY (coalesce(kinds, ARRAY['imports', 'calls', 'inherits', 'references'])) AND s.id <> s.file_id
	)
	SELECT s.node, sum(s.n)::bigint FROM steps s
	WHERE s.node IS NOT NULL AND NOT s.node = ANY (frontier)
	GROUP BY s.node
$$;

-- neighbors(repo, node, depth, direction, kinds, max_nodes): the nodes of
-- the same rank (cluster, file or symbol) within depth references of a
-- node, nearest first and, at one distance, the most referenced first;
-- the references among them; and, when the budget cuts, a 'more' node per
-- distance counting what was left out.
CREATE FUNCTION neighbors(
	repo text,
	node text,
	depth int DEFAULT 1,
	direction text DEFAULT 'both',
	kinds text[] DEFAULT NULL,
	max_nodes int DEFAULT 200)
RETURNS SETOF graph_row
LANGUAGE plpgsql STABLE AS $$
DECLARE
	rid integer := codemap._repo_id(repo);
	target record;
	rank text;
	lvl integer;
	seen bigint[];
	dist integer[];
	frontier bigint[];
	next_ids bigint[];
	room integer;
	left_out integer;
	cut_at integer[] := '{}';
	cut_count integer[] := '{}';
	ver bigint;
BEGIN
	PERFORM codemap._check_budget(max_nodes);
	IF depth IS NULL OR depth < 0 THEN
		RAISE EXCEPTION 'depth must not be negative' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF direction IS NULL OR direction NOT IN ('out', 'in', 'both') THEN
		RAISE EXCEPTION 'unrecognized direction "%"', direction
			USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''out'', ''in'' or ''both''.';
	END IF;
	IF depth > 0 AND max_nodes < 2 THEN
		RAISE EXCEPTION 'max_nodes must be at least 2 for neighbours: the node and one more'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	PERFORM codemap._check_level_kinds('symbol', kinds);
	target := codemap._resolve_key(rid, node);
	rank := target.kind;
	IF rank = 'module' THEN
		RAISE EXCEPTION 'neighbors of a module are not computed'
			USING ERRCODE = 'feature_not_supported',
				  HINT = 'Ask for a file or cluster, or list the module with codemap.expand().';
	END IF;
	IF rank = 'cluster' THEN
		SELECT c.level INTO lvl FROM codemap.cluster c WHERE c.repo_id = rid AND c.id = target.id;
	ELSE
		ver := codemap._snapshot_version(rid);
	END IF;

	IF ver IS NOT NULL THEN
		-- the graph snapshot in memory answers
		RETURN QUERY SELECT * FROM codemap._hood_rows(rid, rank, ver, ARRAY[target.id], depth,
													   direction, kinds, max_nodes, node);
		RETURN;
	END IF;

	-- clusters, or files changed since the last refresh: read the tables
	seen := ARRAY[target.id];
	dist := ARRAY[0];
	frontier := seen;
	FOR d IN 1 .. depth LOOP
		EXIT WHEN cardinality(frontier) = 0;
		SELECT coalesce(array_agg(s.node ORDER BY s.refs DESC, s.node), '{}') INTO next_ids
		FROM codemap._step(rid, rank, lvl, frontier, direction, kinds) s
		WHERE NOT s.node = ANY (seen);
		room := max_nodes - cardinality(seen);
		IF cardinality(next_ids) = room AND d < depth
		   AND EXISTS (SELECT 1 FROM codemap._step(rid, rank, lvl, next_ids, direction, kinds) s
					   WHERE NOT s.node = ANY (seen || next_ids)) THEN
			-- they fill the budget exactly, with more beyond: count them
			-- from the last one, to keep a place for the 'more' node
			left_out := 1;
			next_ids := next_ids[1:room - 1];
			cut_at := cut_at || d;
			cut_count := cut_count || left_out;
		ELSIF cardinality(next_ids) > room THEN
			-- keep room for the 'more' node of this distance
			room := greatest(room - 1, 0);
			left_out := cardinality(next_ids) - room;
			next_ids := next_ids[1:room];
			cut_at := cut_at || d;
			cut_count := cut_count || left_out;
		END IF;
		seen := seen || next_ids;
		dist := dist || array_fill(d, ARRAY[cardinality(next_ids)]);
		frontier := next_ids;
		EXIT WHEN cardinality(cut_at) > 0;
	END LOOP;

	RETURN QUERY SELECT * FROM codemap._neighbor_rows(rid, rank, lvl, seen, dist, node,
													   cut_at, cut_count, kinds, NULL);
END
$$;

COMMENT ON FUNCTION neighbors(text, text, int, text, text[], int) IS
'the clusters, files or symbols within depth references of a node (out, in or both ways), nearest and most referenced first, with the references among them; past max_nodes, a "more" node counts what was left out';

CREATE TYPE _link AS (src bigint, dst bigint, kind text, refs float8);

-- The rows of a neighbourhood: its nodes with their distance, and the
-- references among them: links when given (from a snapshot), else read
-- from the tables.
CREATE FUNCTION _neighbor_rows(rid integer, rank text, lvl integer, ids bigint[],
							   dist integer[], origin text, cut_at integer[],
							   cut_count integer[], kinds text[], links codemap._link[])
RETURNS SETOF codemap.graph_row
LANGUAGE plpgsql STABLE AS $$
BEGIN
	-- PL/pgSQL, so that the plan of this long query is kept between calls
	RETURN QUERY
	SELECT (q.r).* FROM (
	WITH members AS (
		SELECT m.id, m.d FROM unnest(ids, dist) m(id, d)
	), keyed AS MATERIALIZED (
		-- each member with its key and what its row shows, read once
		SELECT m.id, m.d, f.path AS key, 'file'::text AS kind,
			   regexp_replace(f.path, '^.*/', '') AS label, fn.end_line::bigint AS size,
			   jsonb_build_object('path', f.path, 'language', f.language, 'lines', fn.end_line,
								  'distance', m.d) AS facts
		FROM members m
		JOIN codemap.file f ON f.repo_id = rid AND f.id = m.id
		LEFT JOIN codemap.node fn ON fn.repo_id = rid AND fn.id = m.id
		WHERE rank = 'file'
		UNION ALL
		SELECT m.id, m.d, sf.path || '::' || sn.qualname, sn.kind, sn.name,
			   (sn.end_line - sn.start_line + 1)::bigint,
			   jsonb_build_object('qualname', sn.qualname, 'start_line', sn.start_line,
								  'end_line', sn.end_line, 'distance', m.d)
		FROM members m
		JOIN codemap.node sn ON sn.repo_id = rid AND sn.id = m.id
		JOIN codemap.file sf ON sf.repo_id = rid AND sf.id = sn.file_id
		WHERE rank = 'symbol'
		UNION ALL
		SELECT m.id, m.d, codemap._cluster_key(m.id), 'cluster', NULL, NULL, NULL
		FROM members m WHERE rank = 'cluster'
	), file_refs AS (
		-- references between member files, by kind: given, or read
		SELECT l.src, l.dst, l.kind, l.refs FROM unnest(links) l
		WHERE rank = 'file' AND links IS NOT NULL
		UNION ALL
		SELECT e.file_id, d.file_id, e.kind, 1
		FROM codemap.edge e
		JOIN codemap.node d ON d.repo_id = rid AND d.id = e.dst
		WHERE rank = 'file' AND links IS NULL AND e.repo_id = rid AND e.file_id = ANY (ids)
		  AND d.file_id = ANY (ids) AND d.file_id <> e.file_id
		  AND e.kind = ANY (coalesce(kinds, ARRAY['imports', 'calls', 'inherits', 'references']))
	), file_edges AS (
		SELECT r.src, r.dst,
			   coalesce(sum(r.refs) FILTER (WHERE r.kind = 'imports'), 0)::bigint AS i,
			   coalesce(sum(r.refs) FILTER (WHERE r.kind = 'calls'), 0)::bigint AS c,
			   coalesce(sum(r.refs) FILTER (WHERE r.kind = 'inherits'), 0)::bigint AS h
		FROM file_refs r GROUP BY r.src, r.dst
	), symbol_refs AS (
		SELECT l.src, l.dst, l.kind, l.refs FROM unnest(links) l
		WHERE rank = 'symbol' AND links IS NOT NULL
		UNION ALL
		SELECT e.src, e.dst, e.kind, 1
		FROM codemap.edge e
		WHERE rank = 'symbol' AND links IS NULL AND e.repo_id = rid
		  AND e.file_id IN (SELECT n.file_id FROM codemap.node n
							WHERE n.repo_id = rid AND n.id = ANY (ids))
		  AND e.src = ANY (ids) AND e.dst = ANY (ids)
		  AND e.kind = ANY (coalesce(kinds, ARRAY['imports', 'calls', 'inherits', 'references']))
	), symbol_edges AS (
		SELECT r.src, r.dst, r.kind, sum(r.refs)::float8 AS refs
		FROM symbol_refs r GROUP BY r.src, r.dst, r.kind
	)
	-- nodes
	SELECT codemap._cluster_row(c, NULL, jsonb_build_object('distance', k.d))
	FROM keyed k JOIN codemap.cluster c ON c.repo_id = rid AND c.id = k.id
	WHERE rank = 'cluster'
	UNION ALL
	SELECT ROW('node', k.key, k.kind, k.label, NULL, NULL, NULL, NULL, k.size, k.facts)
			  ::codemap.graph_row
	FROM keyed k WHERE rank <> 'cluster'
	UNION ALL
	SELECT codemap._more_row('more:' || origin || ':' || c.at,
			   format('%s more at distance %s', c.n, c.at), NULL, c.n,
			   jsonb_build_object('hidden', c.n, 'distance', c.at))
	FROM unnest(cut_at, cut_count) c(at, n)
	-- edges among them
	UNION ALL
	SELECT codemap._cluster_edge_row(a.key, b.key, ce.imports, ce.calls, ce.inherits)
	FROM codemap.cluster_edge ce
	JOIN keyed a ON a.id = ce.src JOIN keyed b ON b.id = ce.dst
	WHERE rank = 'cluster' AND ce.repo_id = rid AND ce.level = lvl
	UNION ALL
	SELECT ROW('edge', a.key || '->' || b.key, 'depends', NULL, NULL, a.key, b.key,
			   (fe.i + fe.c + fe.h)::float8, NULL,
			   jsonb_build_object('imports', fe.i, 'calls', fe.c, 'inherits', fe.h))::codemap.graph_row
	FROM file_edges fe JOIN keyed a ON a.id = fe.src JOIN keyed b ON b.id = fe.dst
	UNION ALL
	SELECT ROW('edge', a.key || '->' || b.key, se.kind, NULL, NULL, a.key, b.key, se.refs, NULL,
			   '{}')::codemap.graph_row
	FROM symbol_edges se JOIN keyed a ON a.id = se.src JOIN keyed b ON b.id = se.dst
	) q(r);
END
$$;

-- A neighbourhood computed in a graph snapshot, as the rows of
-- _neighbor_rows (the same rows; pg_explore.c builds them).
CREATE FUNCTION _hood_rows(rid integer, rank text, ver bigint, origins bigint[], depth int,
						   direction text, kinds text[], max_nodes int, origin text)
RETURNS SETOF codemap.graph_row
AS 'MODULE_PATHNAME', 'codemap_hood_rows'
LANGUAGE C STABLE;

-- ---------------------------------------------------------------------
-- impact and cycles
-- ---------------------------------------------------------------------

-- impact(repo, node, max_depth): everything that depends on a node,
-- transitively (references against the edges), with its distance; at the
-- node's rank (cluster, file or symbol).  No budget: the answer is the
-- whole set, one row per node, nearest first, then the references among
-- them.
CREATE FUNCTION impact(repo text, node text, max_depth int DEFAULT NULL)
RETURNS SETOF graph_row
LANGUAGE plpgsql STABLE AS $$
DECLARE
	rid integer := codemap._repo_id(repo);
	target record;
	lvl integer;
	seen bigint[];
	dist integer[];
	frontier bigint[];
	next_ids bigint[];
	d integer := 0;
	ver bigint;
BEGIN
	IF max_depth IS NOT NULL AND max_depth < 0 THEN
		RAISE EXCEPTION 'max_depth must not be negative' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	target := codemap._resolve_key(rid, node);
	IF target.kind = 'module' THEN
		RAISE EXCEPTION 'the impact of a module is not computed'
			USING ERRCODE = 'feature_not_supported',
				  HINT = 'Ask for a file or cluster, or list the module with codemap.expand().';
	END IF;
	IF target.kind = 'cluster' THEN
		SELECT c.level INTO lvl FROM codemap.cluster c WHERE c.repo_id = rid AND c.id = target.id;
	ELSE
		ver := codemap._snapshot_version(rid);
	END IF;

	IF ver IS NOT NULL THEN
		RETURN QUERY SELECT * FROM codemap._hood_rows(rid, target.kind, ver, ARRAY[target.id],
			coalesce(max_depth, 2147483647), 'in', '{imports,calls,inherits,references}',
			2147483647, node);
		RETURN;
	END IF;

	seen := ARRAY[target.id];
	dist := ARRAY[0];
	frontier := seen;
	WHILE cardinality(frontier) > 0 AND (max_depth IS NULL OR d < max_depth) LOOP
		d := d + 1;
		SELECT coalesce(array_agg(s.node ORDER BY s.node), '{}') INTO next_ids
		FROM codemap._step(rid, target.kind, lvl, frontier, 'in', NULL) s
		WHERE NOT s.node = ANY (seen);
		seen := seen || next_ids;
		dist := dist || array_fill(d, ARRAY[cardinality(next_ids)]);
		frontier := next_ids;
	END LOOP;

	RETURN QUERY SELECT * FROM codemap._neighbor_rows(rid, target.kind, lvl, seen, dist, node,
													   '{}', '{}', NULL, NULL);
END
$$;

COMMENT ON FUNCTION impact(text, text, int) IS
'every cluster, file or symbol (at the node''s rank) that depends on a node, transitively, with its distance in facts, and the references among them';

-- cycles(repo, level): the groups of files (or modules) that reach each
-- other through imports, calls and inheritance: strongly connected groups
-- of more than one node, each a node of kind 'cycle' holding its members,
-- with the references among them.
CREATE FUNCTION cycles(repo text, level text DEFAULT 'file')
RETURNS SETOF graph_row
LANGUAGE plpgsql STABLE AS $$
DECLARE
	rid integer := codemap._repo_id(repo);
BEGIN
	IF level IS NULL OR level NOT IN ('file', 'module') THEN
		RAISE EXCEPTION 'invalid level "%" for cycles', level
			USING ERRCODE = 'invalid_parameter_value', HINT = 'Levels are file and module.';
	END IF;

	RETURN QUERY
	SELECT (q.r).* FROM (
	WITH g AS MATERIALIZED (
		SELECT codemap.repo_graph(repo, level, '{imports,calls,inherits}') AS g
	), comp AS (
		SELECT c.node, c.component, count(*) OVER (PARTITION BY c.component) AS size
		FROM g, codemap.components(g.g, true) c
	), members AS (
		SELECT c.node, c.component, c.size, n.qualname AS key
		FROM comp c JOIN codemap.node n ON n.repo_id = rid AND n.id = c.node
		WHERE c.size > 1
	), groups AS (
		SELECT m.component, 'cycle:' || min(m.key) AS key, count(*) AS size
		FROM members m GROUP BY m.component
	)
	SELECT ROW('node', gr.key, 'cycle', format('%s %ss in a cycle', gr.size, level), NULL,
			   NULL, NULL, NULL, gr.size, jsonb_build_object('members', gr.size))::codemap.graph_row
	FROM groups gr
	UNION ALL
	SELECT ROW('node', m.key, level, regexp_replace(m.key, '^.*/', ''), gr.key,
			   NULL, NULL, NULL, NULL, '{}')::codemap.graph_row
	FROM members m JOIN groups gr ON gr.component = m.component
	UNION ALL
	SELECT ROW('edge', a.key || '->' || b.key, 'depends', NULL, NULL, a.key, b.key, e.weight,
			   NULL, '{}')::codemap.graph_row
	FROM g, codemap.graph_edges(g.g) e
	JOIN members a ON a.node = e.src JOIN members b ON b.node = e.dst
	WHERE a.component = b.component) q(r);
END
$$;

COMMENT ON FUNCTION cycles(text, text) IS
'strongly connected groups of more than one file (or module), each a node of kind cycle holding its members, with the references among them';

-- ---------------------------------------------------------------------
-- subgraph, path and hotspots
-- ---------------------------------------------------------------------

-- Node keys as kinds and ids, in the order given, each key once (at its
-- first place); id is NULL for an unknown key.
CREATE FUNCTION _resolve_keys(rid integer, keys text[])
RETURNS TABLE (ord bigint, key text, kind text, id bigint)
LANGUAGE sql STABLE AS $$
	SELECT k.ord, k.key, r.kind, r.id
	FROM (SELECT DISTINCT ON (u.key) u.key, u.ord
		  FROM unnest(keys) WITH ORDINALITY u(key, ord)
		  WHERE u.key IS NOT NULL
		  ORDER BY u.key, u.ord) k
	LEFT JOIN LATERAL (
		SELECT 'cluster'::text AS kind, c.id FROM codemap.cluster c
		WHERE c.repo_id = rid
		  AND c.id = CASE WHEN k.key ~ '^cluster:[0-9]{1,18}$' THEN substr(k.key, 9)::bigint END
		UNION ALL
		(SELECT 'symbol', nd.id
		 FROM codemap.file f JOIN codemap.node nd ON nd.repo_id = rid AND nd.file_id = f.id
		 WHERE k.key LIKE '%::%' AND f.repo_id = rid AND f.path = split_part(k.key, '::', 1)
		   AND nd.qualname = substr(k.key, length(split_part(k.key, '::', 1)) + 3)
		   AND nd.id <> nd.file_id
		 ORDER BY nd.start_line, nd.id LIMIT 1)
		UNION ALL
		SELECT 'file', f.id FROM codemap.file f
		WHERE k.key NOT LIKE '%::%' AND f.repo_id = rid AND f.path = k.key
		UNION ALL
		SELECT 'module', m.id FROM codemap.node m
		WHERE k.key NOT LIKE '%::%' AND m.repo_id = rid AND m.kind = 'module' AND m.qualname = k.key
		LIMIT 1) r ON true
	ORDER BY k.ord
$$;

-- subgraph(repo, nodes, max_nodes): the given nodes (files, symbols,
-- clusters or modules, in any mix) and the references among those of one
-- rank: files, symbols, or clusters of one level.  Past the budget, the
-- first nodes of the list are kept and a 'more' node counts the rest.
CREATE FUNCTION subgraph(repo text, nodes text[], max_nodes int DEFAULT 500)
RETURNS SETOF graph_row
LANGUAGE plpgsql STABLE AS $$
DECLARE
	rid integer := codemap._repo_id(repo);
	ver bigint;
	keys text[];
	kinds text[];
	ids bigint[];
	unknown text;
	kept integer;
	r record;
BEGIN
	PERFORM codemap._check_budget(max_nodes);
	IF nodes IS NULL THEN
		RAISE EXCEPTION 'nodes must not be null' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	SELECT coalesce(array_agg(k.key ORDER BY k.ord), '{}'), array_agg(k.kind ORDER BY k.ord),
		   array_agg(k.id ORDER BY k.ord)
	INTO keys, kinds, ids
	FROM codemap._resolve_keys(rid, nodes) k;
	SELECT x.key INTO unknown FROM unnest(keys, ids) x(key, id) WHERE x.id IS NULL LIMIT 1;
	IF unknown IS NOT NULL THEN
		PERFORM codemap._resolve_key(rid, unknown);		-- raises
	END IF;

	kept := codemap._shown_count(cardinality(keys), max_nodes);
	IF cardinality(keys) > kept THEN
		RETURN NEXT codemap._more_row('more:subgraph',
			format('%s more nodes', cardinality(keys) - kept), NULL, cardinality(keys) - kept,
			jsonb_build_object('hidden', cardinality(keys) - kept));
		keys := keys[1:kept];
		kinds := kinds[1:kept];
		ids := ids[1:kept];
	END IF;

	ver := codemap._snapshot_version(rid);
	-- files and symbols: from the snapshot, or the tables
	FOR r IN SELECT x.kind, array_agg(x.id ORDER BY x.ord) AS ids
			 FROM unnest(kinds, ids) WITH ORDINALITY x(kind, id, ord)
			 WHERE x.kind IN ('file', 'symbol') GROUP BY x.kind
	LOOP
		IF ver IS NOT NULL THEN
			RETURN QUERY SELECT * FROM codemap._hood_rows(rid, r.kind, ver, r.ids, 0, 'both',
														   NULL, cardinality(r.ids), NULL);
		ELSE
			RETURN QUERY SELECT * FROM codemap._neighbor_rows(rid, r.kind, NULL, r.ids,
				array_fill(0, ARRAY[cardinality(r.ids)]), NULL, '{}', '{}', NULL, NULL);
		END IF;
	END LOOP;
	-- clusters, with the references among those of each level
	FOR r IN SELECT c.level, array_agg(c.id ORDER BY x.ord) AS ids
			 FROM unnest(kinds, ids) WITH ORDINALITY x(kind, id, ord)
			 JOIN codemap.cluster c ON c.repo_id = rid AND c.id = x.id
			 WHERE x.kind = 'cluster' GROUP BY c.level
	LOOP
		RETURN QUERY SELECT * FROM codemap._neighbor_rows(rid, 'cluster', r.level, r.ids,
			array_fill(0, ARRAY[cardinality(r.ids)]), NULL, '{}', '{}', NULL, NULL);
	END LOOP;
	-- modules
	RETURN QUERY
	SELECT (q.r).* FROM (
		SELECT ROW('node', x.key, 'module', regexp_replace(x.key, '^.*/', ''), NULL, NULL, NULL,
				   NULL, (SELECT count(*) FROM codemap.node f
						  WHERE f.repo_id = rid AND f.parent_id = x.id AND f.kind = 'file'),
				   jsonb_build_object('path', x.key))::codemap.graph_row
		FROM unnest(keys, kinds, ids) x(key, kind, id) WHERE x.kind = 'module') q(r);
END
$$;

COMMENT ON FUNCTION subgraph(text, text[], int) IS
'the given nodes (files, symbols, clusters, modules) and the references among those of one rank; past max_nodes, the first of the list and a "more" node counting the rest';

-- path(repo, from, to, kinds): a chain of references with the fewest
-- steps from one file to another, or one symbol to another, along the
-- references; each node's step in facts, and the references between
-- consecutive nodes.  No rows when there is no such chain.
CREATE FUNCTION path(repo text, "from" text, "to" text, kinds text[] DEFAULT NULL)
RETURNS SETOF graph_row
LANGUAGE plpgsql STABLE AS $$
DECLARE
	rid integer := codemap._repo_id(repo);
	a record;
	b record;
	ver bigint;
	ids bigint[];
BEGIN
	PERFORM codemap._check_level_kinds('symbol', kinds);
	IF 'contains' = ANY (kinds) THEN
		RAISE EXCEPTION 'paths follow references, not containment'
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Kinds are imports, calls, inherits and references.';
	END IF;
	a := codemap._resolve_key(rid, "from");
	b := codemap._resolve_key(rid, "to");
	IF a.kind NOT IN ('file', 'symbol') OR a.kind <> b.kind THEN
		RAISE EXCEPTION 'a path joins two files or two symbols, not a % and a %', a.kind, b.kind
			USING ERRCODE = 'feature_not_supported',
				  HINT = 'Expand clusters and modules to reach their files.';
	END IF;

	ver := codemap._snapshot_version(rid);
	IF ver IS NOT NULL THEN
		SELECT array_agg(p.node ORDER BY p.step) INTO ids
		FROM codemap._snapshot_path(rid, ver, a.kind, a.id, b.id, kinds) p;
	ELSE
		-- files changed since the last refresh: the same graph, from the tables
		SELECT array_agg(p.node ORDER BY p.step) INTO ids
		FROM codemap.shortest_path(
				(SELECT codemap.graph_agg(x.src, x.dst)
				 FROM (SELECT r.src, r.dst FROM codemap._level_refs(rid, a.kind) r
					   WHERE kinds IS NULL OR r.kind = ANY (kinds)
					   UNION ALL VALUES (a.id, NULL::bigint), (b.id, NULL::bigint)) x),
				a.id, b.id) p;
	END IF;
	IF ids IS NULL THEN
		RETURN;
	END IF;

	-- the chain's nodes, their step in facts, and the references from
	-- each to the next
	RETURN QUERY
	WITH rows AS MATERIALIZED (
		SELECT * FROM codemap._neighbor_rows(rid, a.kind, NULL, ids,
			ARRAY(SELECT generate_series(0, cardinality(ids) - 1)), NULL, '{}', '{}', kinds,
			CASE WHEN ver IS NOT NULL
				 THEN ARRAY(SELECT ROW(h.node, h.target, h.kind, h.n)::codemap._link
							FROM codemap._snapshot_hood(rid, ver, a.kind, ids, 0, 'out', kinds,
														cardinality(ids)) h
							WHERE h.element = 'edge')
			END)
	), steps AS (
		SELECT r.id, (r.facts ->> 'distance')::int AS step FROM rows r WHERE r.element = 'node'
	)
	SELECT r.element, r.id, r.kind, r.label, r.parent, r.source, r.target, r.weight, r.size,
		   CASE WHEN r.element = 'node'
				THEN (r.facts - 'distance') || jsonb_build_object('step', r.facts -> 'distance')
				ELSE r.facts END
	FROM rows r
	WHERE r.element = 'node'
	   OR EXISTS (SELECT 1 FROM steps x JOIN steps y ON y.step = x.step + 1
				  WHERE x.id = r.source AND y.id = r.target);
END
$$;

-- hotspots(repo, limit): the most central files and symbols, by PageRank
-- over the references of their level (refresh() ranks them), each level
-- ranked on its own: the limit first files and the limit first symbols,
-- with their rank, PageRank, fan-in and fan-out in facts, and the
-- references among those of each level when a snapshot is current.
CREATE FUNCTION hotspots(repo text, "limit" int DEFAULT 20)
RETURNS SETOF graph_row
LANGUAGE plpgsql STABLE AS $$
DECLARE
	rid integer := codemap._repo_id(repo);
	ver bigint := codemap._snapshot_version(rid);
BEGIN
	IF "limit" IS NULL OR "limit" < 1 THEN
		RAISE EXCEPTION 'limit must be at least 1' USING ERRCODE = 'invalid_parameter_value';
	END IF;

	RETURN QUERY
	SELECT (q.r).* FROM (
	WITH top AS MATERIALIZED (
		SELECT t.*, row_number() OVER (PARTITION BY t.level ORDER BY t.pagerank DESC, t.node_id)
				AS rank
		FROM ((SELECT r.* FROM codemap.node_rank r
			   WHERE r.repo_id = rid AND r.level = 'file'
			   ORDER BY r.pagerank DESC, r.node_id LIMIT "limit")
			  UNION ALL
			  (SELECT r.* FROM codemap.node_rank r
			   WHERE r.repo_id = rid AND r.level = 'symbol'
			   ORDER BY r.pagerank DESC, r.node_id LIMIT "limit")) t
	), keyed AS (
		SELECT t.*, n.kind, n.name, n.qualname, n.start_line, n.end_line, f.path, f.language,
			   CASE t.level WHEN 'file' THEN f.path ELSE f.path || '::' || n.qualname END AS key
		FROM top t
		JOIN codemap.node n ON n.repo_id = rid AND n.id = t.node_id
		JOIN codemap.file f ON f.repo_id = rid AND f.id = n.file_id
	), links AS (
		SELECT k.level, h.node, h.target, h.kind, h.n
		FROM (SELECT t.level, array_agg(t.node_id) AS ids FROM top t GROUP BY t.level) k,
			 codemap._snapshot_hood(rid, ver, k.level, k.ids, 0, 'out', NULL, cardinality(k.ids)) h
		WHERE ver IS NOT NULL AND h.element = 'edge'
	)
	SELECT ROW('node', k.key, k.kind, CASE k.level WHEN 'file' THEN regexp_replace(k.path, '^.*/', '')
											   ELSE k.name END,
			   NULL, NULL, NULL, NULL,
			   CASE k.level WHEN 'file' THEN k.end_line::bigint
							ELSE (k.end_line - k.start_line + 1)::bigint END,
			   jsonb_strip_nulls(jsonb_build_object(
					'rank', k.rank, 'level', k.level, 'pagerank', k.pagerank,
					'fan_in', k.fan_in, 'fan_out', k.fan_out, 'path', k.path,
					'language', CASE k.level WHEN 'file' THEN k.language END,
					'qualname', CASE k.level WHEN 'symbol' THEN k.qualname END,
					'start_line', CASE k.level WHEN 'symbol' THEN k.start_line END)))::codemap.graph_row
	FROM keyed k
	UNION ALL
	SELECT ROW('edge', a.key || '->' || b.key, CASE l.level WHEN 'file' THEN 'depends' ELSE l.kind END,
			   NULL, NULL, a.key, b.key, sum(l.n), NULL, '{}')::codemap.graph_row
	FROM links l
	JOIN keyed a ON a.level = l.level AND a.node_id = l.node
	JOIN keyed b ON b.level = l.level AND b.node_id = l.target
	GROUP BY l.level, a.key, b.key, CASE l.level WHEN 'file' THEN 'depends' ELSE l.kind END
	) q(r);
END
$$;

COMMENT ON FUNCTION hotspots(text, int) IS
'the limit most central files and the limit most central symbols (PageRank over the references of their level), with rank, pagerank, fan_in and fan_out in facts';

-- ---------------------------------------------------------------------
-- search
-- ---------------------------------------------------------------------

CREATE FUNCTION _icontains(haystack text, needle text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'codemap_icontains'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _icontains(text, text) IS
'internal: whether needle occurs in haystack, ASCII letters matched regardless of case';

-- A LIKE pattern matching s literally.
CREATE FUNCTION _like_literal(s text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT replace(replace(replace(s, '\', '\\'), '%', '\%'), '_', '\_') $$;

-- search(repo, pattern, limit): nodes whose name is the pattern (rank 0),
-- whose name starts with it (1), or files and modules whose path holds it
-- (2, ASCII letters in either case); then files and modules before
-- symbols, shorter keys first.  Names are matched through node_name_idx;
-- paths are read from the file table, the repository's rows only.  There
-- is no trigram index on paths on purpose: one index over every
-- repository's paths would make a search's time depend on what other
-- repositories hold.
CREATE FUNCTION search(repo text, pattern text, "limit" int DEFAULT 20)
RETURNS SETOF graph_row
LANGUAGE plpgsql STABLE AS $$
DECLARE
	rid integer := codemap._repo_id(repo);
BEGIN
	IF pattern IS NULL OR pattern = '' THEN
		RAISE EXCEPTION 'search pattern must not be empty' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF "limit" IS NULL OR "limit" < 1 THEN
		RAISE EXCEPTION 'limit must be at least 1' USING ERRCODE = 'invalid_parameter_value';
	END IF;

	RETURN QUERY
	SELECT (q.r).* FROM (
	WITH named AS (
		SELECT n.id, n.kind, n.name, n.qualname, n.file_id, n.start_line,
			   CASE WHEN n.name = pattern THEN 0 ELSE 1 END AS rank
		FROM codemap.node n
		WHERE n.repo_id = rid
		  AND n.name LIKE codemap._like_literal(pattern) || '%'
		  AND n.kind <> 'module'
		ORDER BY (n.name = pattern) DESC, length(n.name), n.name, n.id
		LIMIT "limit"
	), pathed AS (
		SELECT f.id, 'file' AS kind, regexp_replace(f.path, '^.*/', '') AS name, f.path AS qualname,
			   f.id AS file_id, NULL::int AS start_line, 2 AS rank
		FROM codemap.file f
		WHERE f.repo_id = rid AND codemap._icontains(f.path, pattern)
		ORDER BY length(f.path), f.path
		LIMIT "limit"
	), modules AS (
		SELECT m.id, 'module' AS kind, m.name, m.qualname, NULL::bigint AS file_id,
			   NULL::int AS start_line, CASE WHEN m.name = pattern THEN 0 ELSE 2 END AS rank
		FROM codemap.node m
		WHERE m.repo_id = rid AND m.kind = 'module'
		  AND codemap._icontains(m.qualname, pattern)
		ORDER BY length(m.qualname), m.qualname
		LIMIT "limit"
	), found AS (
		SELECT DISTINCT ON (x.id) x.* FROM (
			SELECT * FROM named UNION ALL SELECT * FROM pathed UNION ALL SELECT * FROM modules) x
		ORDER BY x.id, x.rank
	), keyed AS (
		SELECT fo.*, CASE WHEN fo.kind IN ('file', 'module') THEN fo.qualname
						  ELSE f.path || '::' || fo.qualname END AS key, f.path
		FROM found fo LEFT JOIN codemap.file f ON f.repo_id = rid AND f.id = fo.file_id
	)
	SELECT ROW('node', k.key, k.kind, k.name, NULL, NULL, NULL, NULL, NULL,
			   jsonb_strip_nulls(jsonb_build_object('rank', k.rank, 'path', k.path,
													'qualname', k.qualname,
													'start_line', k.start_line)))::codemap.graph_row
	FROM keyed k
	ORDER BY k.rank, (k.kind IN ('module', 'file')) DESC, length(k.key), k.key
	LIMIT "limit") q(r);
END
$$;

COMMENT ON FUNCTION search(text, text, int) IS
'nodes named pattern, then those whose name starts with it, then files and modules whose path holds it; files and modules first at each rank, shorter keys first';

-- GraphML: a node with children in the answer holds them in a nested
-- graph (GraphML's own way of nesting); facts and weights as data keys.
CREATE FUNCTION _xml_escape(s text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT replace(replace(replace(replace(replace(
	regexp_replace(coalesce(s, ''), '[\x01-\x08\x0b\x0c\x0e-\x1f]', '', 'g'),
	'&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&apos;') $$;

CREATE FUNCTION _graphml_node(rows codemap.graph_row[], node codemap.graph_row, depth int)
RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	inner_nodes text;
	pad text := repeat('  ', depth);
BEGIN
	IF depth > 32 THEN
		RAISE EXCEPTION 'graph rows nest deeper than 32 levels (a parent cycle?)'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	SELECT string_agg(codemap._graphml_node(rows, c, depth + 1), '' ORDER BY c.id)
	INTO inner_nodes
	FROM unnest(rows) c WHERE c.element = 'node' AND c.parent = node.id AND c.id <> node.id;
	RETURN pad || '<node id="' || codemap._xml_escape(node.id) || '">' || E'\n' ||
		pad || '  <data key="kind">' || codemap._xml_escape(node.kind) || '</data>' || E'\n' ||
		pad || '  <data key="label">' || codemap._xml_escape(coalesce(node.label, node.id)) ||
		'</data>' || E'\n' ||
		CASE WHEN node.size IS NULL THEN ''
			 ELSE pad || '  <data key="size">' || node.size || '</data>' || E'\n' END ||
		CASE WHEN node.facts IS NULL OR node.facts = '{}' THEN ''
			 ELSE pad || '  <data key="facts">' || codemap._xml_escape(node.facts::text) ||
				  '</data>' || E'\n' END ||
		CASE WHEN inner_nodes IS NULL THEN ''
			 ELSE pad || '  <graph id="' || codemap._xml_escape(node.id) || ':" edgedefault="directed">' ||
				  E'\n' || inner_nodes || pad || '  </graph>' || E'\n' END ||
		pad || '</node>' || E'\n';
END
$$;

CREATE FUNCTION _to_graphml(rows codemap.graph_row[])
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT '<?xml version="1.0" encoding="UTF-8"?>' || E'\n' ||
		'<graphml xmlns="http://graphml.graphdrawing.org/xmlns">' || E'\n' ||
		'  <key id="kind" for="all" attr.name="kind" attr.type="string"/>' || E'\n' ||
		'  <key id="label" for="node" attr.name="label" attr.type="string"/>' || E'\n' ||
		'  <key id="size" for="node" attr.name="size" attr.type="long"/>' || E'\n' ||
		'  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>' || E'\n' ||
		'  <key id="facts" for="all" attr.name="facts" attr.type="string"/>' || E'\n' ||
		'  <graph id="codemap" edgedefault="directed">' || E'\n' ||
		coalesce((SELECT string_agg(codemap._graphml_node(rows, n, 2), '' ORDER BY n.id)
				  FROM unnest(rows) n
				  WHERE n.element = 'node'
					AND (n.parent IS NULL OR n.parent NOT IN
						 (SELECT x.id FROM unnest(rows) x WHERE x.element = 'node'))), '') ||
		coalesce((SELECT string_agg(
					'    <edge source="' || codemap._xml_escape(e.source) || '" target="' ||
					codemap._xml_escape(e.target) || '">' ||
					'<data key="kind">' || codemap._xml_escape(e.kind) || '</data>' ||
					CASE WHEN e.weight IS NULL THEN ''
						 ELSE '<data key="weight">' || e.weight || '</data>' END ||
					'</edge>' || E'\n', '' ORDER BY e.source, e.target, e.kind)
				  FROM unnest(rows) e WHERE e.element = 'edge'
					AND e.source IN (SELECT x.id FROM unnest(rows) x WHERE x.element = 'node')
					AND e.target IN (SELECT x.id FROM unnest(rows) x WHERE x.element = 'node')), '') ||
		'  </graph>' || E'\n' || '</graphml>' || E'\n'
$$;

CREATE AGGREGATE to_graphml(graph_row) (
	SFUNC = _rows_add,
	STYPE = graph_row[],
	FINALFUNC = _to_graphml,
	INITCOND = '{}'
);

COMMENT ON AGGREGATE to_graphml(graph_row) IS
'a GraphML document of exploration rows, parents holding nested graphs';
