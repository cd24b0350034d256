-- expand(repo, node): a random directory.
\set i random(1, :n)
SELECT count(*)
FROM bench_explore.repo r
JOIN bench_explore.sample s ON s.kind = 'module' AND s.n = :i,
	codemap.expand(r.name, s.key);
