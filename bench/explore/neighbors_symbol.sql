-- neighbors(repo, node, :depth): a random function with edges
-- (path::qualname), both ways, default budget.
\set i random(1, :n)
SELECT count(*)
FROM bench_explore.repo r
JOIN bench_explore.sample s ON s.kind = 'symbol' AND s.n = :i,
	codemap.neighbors(r.name, s.key, :depth);
