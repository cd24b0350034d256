-- overview(repo): the top of the repository's map.
SELECT count(*) FROM bench_explore.repo r, codemap.overview(r.name);
