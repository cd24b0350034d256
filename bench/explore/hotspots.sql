-- hotspots(repo): the default 20.
SELECT count(*) FROM bench_explore.repo r, codemap.hotspots(r.name);
