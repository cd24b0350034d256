-- resolve_c: where C and C++ includes lead, as gcc's search with the
-- repository's include_dirs as -I directories (in order) finds them
SELECT codemap.create_repo('fx_c', '{"include_dirs": ["include", "src/lib"]}') > 0 AS created;

SELECT path, status
FROM (VALUES
	('src/app/main.c', $c$
#include "box.h"
#include "util.h"
#include "../common/shared.h"
#include <lib/str.h>
#include <box.h>
#include <order.h>
#include <stdio.h>
#include CONFIG_HEADER
/* #include "commented.h" */
static const int table[] = {
#include "table.inc.h"
};
int main(void) { return box_area(); }
$c$),
	('src/app/box.h', $c$#include "order.h"
int box_area(void);
$c$),
	('src/app/table.inc.h', '1, 2, 3,'),
	('include/box.h', 'int other_box;'),
	('include/util.h', 'int util;'),
	('include/order.h', 'int order_include;'),
	('include/lib/str.h', '#include "../box.h"'),
	('src/lib/order.h', 'int order_src;'),
	('src/common/shared.h', '#include "missing.h"'),
	('src/app/commented.h', ''),
	('src/geom/shape.cpp', $c$#include <vector>
#include "shape.hpp"
#include "../app/box.h"
$c$),
	('src/geom/shape.hpp', 'class Shape {};')
) AS v(path, source),
LATERAL codemap.index_file('fx_c', v.path, v.source) x
ORDER BY path;

SELECT files, resolved, pending FROM codemap.refresh('fx_c');

-- resolved: file, line, the include as written, the file it opens
SELECT path, line, written, dst
FROM codemap.edge_list
WHERE repo = 'fx_c' AND kind = 'imports'
ORDER BY path, line;

-- unresolved: outside the repository, or a macro
SELECT path, line, target
FROM codemap.pending_refs
WHERE repo = 'fx_c' AND kind = 'import'
ORDER BY path, line;

SELECT codemap.drop_repo('fx_c');
