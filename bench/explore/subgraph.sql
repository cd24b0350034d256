-- subgraph(repo, nodes, 500): a random one of the sampled sets of 500
-- file paths.
\set i random(1, :n)
SELECT count(*)
FROM bench_explore.repo r
JOIN bench_explore.node_set s ON s.n = :i,
	codemap.subgraph(r.name, s.nodes, 500);
