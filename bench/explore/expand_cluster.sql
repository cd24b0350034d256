-- expand(repo, node): a random cluster of any level (cluster:<id>).
\set i random(1, :n)
SELECT count(*)
FROM bench_explore.repo r
JOIN bench_explore.sample s ON s.kind = 'cluster' AND s.n = :i,
	codemap.expand(r.name, s.key);
