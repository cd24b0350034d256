-- expand(repo, node) of a random cluster of the repository as it is when
-- the statement starts: the writer's refreshes may renumber clusters, so
-- the cluster is drawn in the same statement (from the id range, one index
-- probe) rather than from bench/explore's sample.
\set i random(0, 1000000000)
SELECT count(*)
FROM bench_explore.repo r
JOIN codemap.repo cr ON cr.name = r.name
CROSS JOIN LATERAL (
	SELECT min(c.id) AS lo, max(c.id) AS hi FROM codemap.cluster c WHERE c.repo_id = cr.id) b
CROSS JOIN LATERAL (
	SELECT 'cluster:' || c.id AS key FROM codemap.cluster c
	WHERE c.repo_id = cr.id AND c.id >= b.lo + :i % (b.hi - b.lo + 1)
	ORDER BY c.id LIMIT 1) k,
	codemap.expand(r.name, k.key);
