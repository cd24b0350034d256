-- path(repo, from, to): between two random files with edges.
\set i random(1, :n)
\set j random(1, :n)
SELECT count(*)
FROM bench_explore.repo r
JOIN bench_explore.sample a ON a.kind = 'file' AND a.n = :i
JOIN bench_explore.sample b ON b.kind = 'file' AND b.n = :j,
	codemap.path(r.name, a.key, b.key);
