-- expand(repo, node): a random file with edges (its path).
\set i random(1, :n)
SELECT count(*)
FROM bench_explore.repo r
JOIN bench_explore.sample s ON s.kind = 'file' AND s.n = :i,
	codemap.expand(r.name, s.key);
