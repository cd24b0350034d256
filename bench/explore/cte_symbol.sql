-- The symbols within :depth references of a random sampled function, both
-- ways, in the plain SQL a user writes without codemap's functions: a
-- recursive CTE over codemap.edge, with no budget.  A reference goes from
-- edge.src to edge.dst; files and modules are not symbols.  Outgoing
-- references are found through the symbol's file (the edge table's key
-- starts with it; there is no index on src).  UNION drops a (symbol,
-- depth) pair already found.
\set i random(1, :n)
WITH RECURSIVE start AS (
	SELECT nd.repo_id, nd.id
	FROM bench_explore.repo r
	JOIN codemap.repo cr ON cr.name = r.name
	JOIN bench_explore.sample s ON s.kind = 'symbol' AND s.n = :i
	JOIN codemap.file f ON f.repo_id = cr.id AND f.path = split_part(s.key, '::', 1)
	JOIN codemap.node nd ON nd.repo_id = cr.id AND nd.file_id = f.id
		AND nd.qualname = substr(s.key, length(f.path) + 3)
	ORDER BY nd.start_line, nd.id
	LIMIT 1
), walk (repo_id, id, depth) AS (
	SELECT repo_id, id, 0 FROM start
	UNION
	SELECT w.repo_id, next.id, w.depth + 1
	FROM walk w
	CROSS JOIN LATERAL (
		-- out: what the symbol's references reach
		SELECT d.id
		FROM codemap.node s
		JOIN codemap.edge e ON e.repo_id = s.repo_id AND e.file_id = s.file_id AND e.src = s.id
		JOIN codemap.node d ON d.repo_id = e.repo_id AND d.id = e.dst
		WHERE s.repo_id = w.repo_id AND s.id = w.id AND d.id <> d.file_id
		UNION ALL
		-- in: the symbols whose references reach it
		SELECT s.id
		FROM codemap.edge e
		JOIN codemap.node s ON s.repo_id = e.repo_id AND s.id = e.src
		WHERE e.repo_id = w.repo_id AND e.dst = w.id AND s.id <> s.file_id
	) next
	WHERE w.depth < :depth
)
SELECT count(DISTINCT id) FROM walk;
