-- impact(repo, node, 2): what depends on a random function, two steps
-- back.
\set i random(1, :n)
SELECT count(*)
FROM bench_explore.repo r
JOIN bench_explore.sample s ON s.kind = 'symbol' AND s.n = :i,
	codemap.impact(r.name, s.key, 2);
