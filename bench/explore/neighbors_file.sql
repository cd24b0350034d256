-- neighbors(repo, node, :depth): a random file with edges, both ways,
-- default budget.
\set i random(1, :n)
SELECT count(*)
FROM bench_explore.repo r
JOIN bench_explore.sample s ON s.kind = 'file' AND s.n = :i,
	codemap.neighbors(r.name, s.key, :depth);
