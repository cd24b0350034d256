-- search(repo, pattern): the first four letters of a random function's
-- name.
\set i random(1, :n)
SELECT count(*)
FROM bench_explore.repo r
JOIN bench_explore.sample s ON s.kind = 'symbol' AND s.n = :i,
	codemap.search(r.name, s.prefix);
