-- The writer of bench/load: one batch of changed files, committed whole.
-- Five files of the benchmark's own directory (bench_load/) get new
-- content calling a kernel function, then the repository is refreshed,
-- in one transaction, as codemap index does with a batch and its refresh.
\set v random(1, 1000000000)
BEGIN;
SELECT count(*)
FROM bench_explore.repo r, generate_series(1, 5) k,
	LATERAL codemap.index_file(r.name, format('bench_load/w%s.c', k),
		format(E'#include <linux/kernel.h>\nint bench_load_%s_%s(void)\n{\n\treturn printk("%%d", %s);\n}\n',
			   k, :v, :v));
SELECT f.* FROM bench_explore.repo r, LATERAL codemap.refresh(r.name) f;
COMMIT;
