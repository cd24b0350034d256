-- graph: the graph type and every algorithm on small graphs whose answers
-- can be checked by hand
SET search_path = codemap, public;
SET extra_float_digits = 0;

-- text form: duplicates add up, ids sort, isolated nodes come last
SELECT '{3->1, 1->2, 2->3, 1->2, 9, -5->3}'::graph;
SELECT '{1->2:0.5, 1->2:0.5}'::graph AS "weights adding to 1";
SELECT '{}'::graph AS empty, '{ 7 }'::graph AS lone, '{4->4:2.5}'::graph AS self_loop;
SELECT '{1->2}'::graph::text::graph AS round_trip;
-- malformed text
SELECT '{1->2->3}'::graph;
SELECT '{1->2:-1}'::graph;
SELECT '{1->2:0}'::graph;
SELECT '{99999999999999999999}'::graph;
SELECT '1->2'::graph;
SELECT '{1->2} extra'::graph;

-- graph_agg: the order of rows does not matter, a NULL dst adds a node,
-- a NULL src adds nothing, a NULL weight counts as 1
SELECT graph_agg(s, d) FROM (VALUES (1, 2), (2, 3), (1, 2)) v(s, d);
SELECT graph_agg(s, d) FROM (VALUES (1, 2), (1, 2), (2, 3)) v(s, d);
SELECT graph_agg(s, d, w) FROM (VALUES (1, 2, 0.25), (1, 2, 0.5), (5, NULL, NULL),
	(NULL, 3, 1.0), (2, 1, NULL)) v(s, d, w);
SELECT graph_agg(s, d) FROM (VALUES (1, 2)) v(s, d) WHERE false;
SELECT graph_agg(1, 2, 'NaN');
SELECT graph_agg(1, 2, -3);
SELECT graph_agg(1, 2, 1e-300);
SELECT graph_agg(1, 2, 1e100) FROM generate_series(1, 2);

-- rows back
SELECT * FROM graph_edges('{1->2:2, 2->3, 4}');
SELECT * FROM graph_nodes('{1->2, 1->3, 3->1, 4}');

-- statistics
SELECT * FROM graph_stats('{1->2:2, 2->2, 2->3, 4}');
SELECT * FROM graph_stats('{}');
SELECT * FROM graph_stats('{1}');

-- communities: two triangles joined by one edge
CREATE TEMP TABLE two_triangles AS
SELECT '{1->2, 2->3, 3->1, 4->5, 5->6, 6->4, 3->4}'::graph AS g;
SELECT node, level, community FROM communities((SELECT g FROM two_triangles))
ORDER BY level, node;
-- Q = 2 * (6/14 - (7/14)^2) = 5/14
SELECT round(modularity(g, '{1,2,3,4,5,6}', '{1,1,1,4,4,4}')::numeric, 6) AS two_parts,
	   round((5.0 / 14)::numeric, 6) AS by_hand,
	   round(modularity(g, '{1,2,3,4,5,6}', '{0,0,0,0,0,0}')::numeric, 6) AS one_part,
	   round(modularity(g, '{}', '{}')::numeric, 6) AS singletons,
	   round(modularity(g, '{1,2,3,4,5,6}', '{1,1,1,4,4,4}', 0.5)::numeric, 6) AS half_resolution
FROM two_triangles;
-- a higher resolution splits more
SELECT count(DISTINCT community) FROM communities((SELECT g FROM two_triangles), 10.0)
WHERE level = 0;
-- isolated nodes, self-loops, disconnected parts, the empty graph
SELECT * FROM communities('{1, 2, 3}') ORDER BY node;
SELECT * FROM communities('{1->1, 2->2:3}') ORDER BY level, node;
SELECT node, community FROM communities('{1->2, 2->1, 10->11, 11->10, 20}') ORDER BY node;
SELECT count(*) FROM communities('{}');
SELECT modularity('{1, 2}', '{1, 2}', '{1, 1}') AS no_edges;
-- bad arguments
SELECT * FROM communities('{1->2}', 0);
SELECT * FROM communities('{1->2}', max_levels => 0);
SELECT modularity('{1->2}', '{1, 3}', '{1, 1}');
SELECT modularity('{1->2}', '{1, 1}', '{1, 1}');
SELECT modularity('{1->2}', '{1}', '{1, 1}');

-- components: a cycle with a tail, a two-node cycle, a lone node
SELECT * FROM components('{10->11, 11->12, 12->10, 12->13, 20->21, 21->20, 30}') ORDER BY node;
SELECT * FROM components('{10->11, 11->12, 12->10, 12->13, 20->21, 21->20, 30}', true)
ORDER BY node;

-- pagerank: a cycle is uniform; a star's centre gathers rank
SELECT node, round(rank::numeric, 6) FROM pagerank('{1->2, 2->3, 3->1}') ORDER BY node;
SELECT node, round(rank::numeric, 6) FROM pagerank('{2->1, 3->1, 4->1}') ORDER BY node;
SELECT round(sum(rank)::numeric, 9) FROM pagerank('{1->2, 1->3, 2->3, 5}', 0.5);
SELECT * FROM pagerank('{}');
SELECT * FROM pagerank('{1->2}', 1.0);

-- bfs: out, in, both, depth and node budgets
CREATE TEMP TABLE chain AS SELECT '{0->1, 1->2, 2->3, 0->4, 5->0}'::graph AS g;
SELECT * FROM bfs((SELECT g FROM chain), '{0}');
SELECT * FROM bfs((SELECT g FROM chain), '{0}', max_depth => 1);
SELECT * FROM bfs((SELECT g FROM chain), '{0}', direction => 'in');
SELECT * FROM bfs((SELECT g FROM chain), '{2}', 1, 3, 'both');
SELECT * FROM bfs((SELECT g FROM chain), '{3, 3, 5}', 0);
SELECT * FROM bfs((SELECT g FROM chain), '{42}');
SELECT * FROM bfs((SELECT g FROM chain), '{0}', direction => 'sideways');
SELECT * FROM bfs((SELECT g FROM chain), '{0}', -1);

-- shortest paths
SELECT * FROM shortest_path((SELECT g FROM chain), 5, 3);
SELECT count(*) AS no_path FROM shortest_path((SELECT g FROM chain), 3, 5);
SELECT * FROM shortest_path((SELECT g FROM chain), 2, 2);
SELECT * FROM shortest_path((SELECT g FROM chain), 2, 77);

-- binary send and receive round trip through COPY
CREATE TEMP TABLE stored (name text, g graph);
INSERT INTO stored VALUES ('weighted', '{1->2:2.5, 2->3, 3->1, 9}'), ('plain', '{5->6}'),
	('empty', '{}');
COPY stored TO '/tmp/codemap_graph_regress.bin' (FORMAT binary);
CREATE TEMP TABLE loaded (LIKE stored);
COPY loaded FROM '/tmp/codemap_graph_regress.bin' (FORMAT binary);
SELECT s.name, s.g::text = l.g::text AS same FROM stored s JOIN loaded l USING (name)
ORDER BY 1;

-- a repository's graph at each level
SELECT create_repo('fx_graph') > 0 AS created;
SELECT path, status FROM (VALUES
	('app/main.py', E'from app import util\nfrom lib import core\n\ndef main():\n    util.helper()\n    core.run()\n'),
	('app/util.py', E'def helper():\n    return 1\n'),
	('lib/core.py', E'from app.util import helper\n\ndef run():\n    return helper()\n'),
	('lib/alone.py', E'X = 1\n')
) v(path, src), LATERAL index_file('fx_graph', path, src) ORDER BY 1;
SELECT files, resolved, pending FROM refresh('fx_graph');
SELECT sf.path AS src, df.path AS dst, e.weight
FROM graph_edges(repo_graph('fx_graph')) e
JOIN files sf ON sf.node_id = e.src JOIN files df ON df.node_id = e.dst
ORDER BY 1, 2;
SELECT nodes, edges FROM graph_stats(repo_graph('fx_graph', 'file'));
SELECT nodes, edges FROM graph_stats(repo_graph('fx_graph', 'module'));
SELECT nodes, edges FROM graph_stats(repo_graph('fx_graph', 'symbol', '{calls}'));
SELECT repo_graph('fx_graph', 'directory');
SELECT repo_graph('no_such_repo');
SELECT drop_repo('fx_graph');
