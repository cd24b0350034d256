-- languages: the language table and detection
SELECT name, extensions, grammar_version ~ '^\d+\.\d+\.\d+$' AS versioned
FROM codemap.languages()
ORDER BY name;

-- every extension selects its own language
SELECT l.name, e AS extension, codemap.detect_language('dir/file.' || e) = l.name AS detected
FROM codemap.languages() AS l, unnest(l.extensions) AS e
WHERE codemap.detect_language('dir/file.' || e) IS DISTINCT FROM l.name;

SELECT path, codemap.detect_language(path, source)
FROM (VALUES
	('src/main.c', NULL),
	('include/box.h', 'int box_new(void);'),
	('include/box.h', E'namespace geo {\nclass Box {};\n}'),
	('Lib/Box.PY', NULL),
	('Rakefile', NULL),
	('scripts/tool', E'#!/usr/bin/env python3\nprint(1)'),
	('scripts/tool', E'#!/usr/bin/node\n'),
	('scripts/tool', E'#!/bin/sh\necho'),
	('public/index', '<?php echo 1;'),
	('README', 'hello'),
	(NULL, '#!/usr/bin/ruby'),
	(NULL, NULL)
) AS t(path, source)
ORDER BY path COLLATE "C" NULLS LAST, source COLLATE "C" NULLS LAST;

-- an unrecognized language names the supported ones
SELECT * FROM codemap.parse('x', 'cobol');
SELECT * FROM codemap.parse('x', '');

-- NULL in, nothing out
SELECT count(*) FROM codemap.parse(NULL, 'c');
SELECT count(*) FROM codemap.parse('int x;', NULL);
