-- The files within :depth references of a random sampled file, both ways,
-- in the plain SQL a user writes without codemap's functions: a recursive
-- CTE over codemap.edge, with no budget.  A reference belongs to the file
-- it is written in (edge.file_id) and reaches the file of the node it
-- resolved to.  UNION drops a (file, depth) pair already found.
\set i random(1, :n)
WITH RECURSIVE start AS (
	SELECT f.repo_id, f.id
	FROM bench_explore.repo r
	JOIN codemap.repo cr ON cr.name = r.name
	JOIN bench_explore.sample s ON s.kind = 'file' AND s.n = :i
	JOIN codemap.file f ON f.repo_id = cr.id AND f.path = s.key
), walk (repo_id, id, depth) AS (
	SELECT repo_id, id, 0 FROM start
	UNION
	SELECT w.repo_id, next.id, w.depth + 1
	FROM walk w
	CROSS JOIN LATERAL (
		-- out: what the file's references reach
		SELECT d.file_id AS id
		FROM codemap.edge e
		JOIN codemap.node d ON d.repo_id = e.repo_id AND d.id = e.dst
		WHERE e.repo_id = w.repo_id AND e.file_id = w.id AND d.file_id IS NOT NULL
		UNION ALL
		-- in: the files whose references reach one of the file's nodes
		SELECT e.file_id
		FROM codemap.node d
		JOIN codemap.edge e ON e.repo_id = d.repo_id AND e.dst = d.id
		WHERE d.repo_id = w.repo_id AND d.file_id = w.id
	) next
	WHERE w.depth < :depth
)
SELECT count(DISTINCT id) FROM walk;
