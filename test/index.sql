-- pgTAP: repositories through the SQL API: create, index, re-index
-- unchanged, changed, removed and renamed files, resolution and its repair,
-- incremental equal to clean, bad input, and the graph as edges().
BEGIN;
SET client_min_messages = warning;
SELECT plan(71);

--------------------------------------------------------------------------
-- repositories
--------------------------------------------------------------------------

SELECT lives_ok($$SELECT codemap.create_repo('t', '{"include_dirs": ["include"]}')$$,
				'create_repo');
SELECT throws_ok($$SELECT codemap.create_repo('t')$$, '42710',
				 'repository "t" already exists', 'a second repository of one name');
SELECT throws_ok($$SELECT codemap.create_repo('u', '{"include": ["x"]}')$$, '22023',
				 'unrecognized repository option "include"', 'unknown option');
SELECT throws_ok($$SELECT codemap.create_repo('u', '{"include_dirs": "x"}')$$, '22023',
				 NULL, 'an option that is not an array');
SELECT throws_ok($$SELECT codemap.create_repo('u', '{"source_roots": ["../up"]}')$$, '22023',
				 NULL, 'a directory outside the repository');
SELECT throws_ok($$SELECT codemap.create_repo('u', '[]')$$, '22023',
				 'repository options must be a JSON object', 'options that are not an object');
SELECT throws_ok($$SELECT codemap.create_repo('')$$, '22023', NULL, 'an empty name');
SELECT throws_ok($$SELECT codemap.index_file('nope', 'a.py', 'x = 1')$$, '42704',
				 'repository "nope" does not exist', 'indexing into a missing repository');
SELECT throws_ok($$SELECT codemap.index_file('t', '../a.py', 'x = 1')$$, '22023',
				 NULL, 'a path escaping the repository');
SELECT throws_ok($$SELECT codemap.index_file('t', '/etc/a.py', 'x = 1')$$, '22023',
				 NULL, 'an absolute path');
SELECT throws_ok($$SELECT codemap.index_file('t', 'a//b.py', 'x = 1')$$, '22023',
				 NULL, 'a path with an empty part');

--------------------------------------------------------------------------
-- a small project in three languages
--------------------------------------------------------------------------

CREATE TEMP TABLE project (path text PRIMARY KEY, source text);
INSERT INTO project VALUES
('app/__init__.py', ''),
('app/models.py', E'class Base:\n    def save(self):\n        return persist(self)\n\nclass User(Base):\n    def rename(self, n):\n        self.save()\n\ndef persist(obj):\n    return obj\n'),
('app/views.py', E'from app.models import User\nfrom . import models\n\ndef show(u):\n    u.rename("x")\n    return render(u)\n\ndef render(u):\n    return u\n'),
('web/main.js', E'import { start } from "./server.js";\nconst util = require("../lib/util");\nstart(util.port());\n'),
('web/server.js', E'export function start(p) {\n  return listen(p);\n}\nfunction listen(p) { return p; }\n'),
('lib/util.js', E'function port() { return 8080; }\nmodule.exports = { port };\n'),
('include/box.h', E'struct box { int w; };\nint area(struct box *b);\n'),
('src/box.c', E'#include "box.h"\n#include <stdio.h>\nint area(struct box *b) { return twice(b->w); }\nstatic int twice(int x) { return 2 * x; }\n'),
('src/main.c', E'#include <box.h>\nint main(void) { struct box b = {1}; return area(&b); }\n'),
('README.txt', E'not source\n');

SELECT is((SELECT count(*) FROM project p, codemap.index_file('t', p.path, p.source) s
		   WHERE s.status = 'indexed'), 9::bigint, 'nine files indexed');
SELECT is((SELECT status || ': ' || reason FROM codemap.files WHERE repo = 't' AND path = 'README.txt'),
		  'skipped: language not recognized', 'a file of no language is recorded as skipped');
SELECT is((SELECT count(*) FROM codemap.files WHERE repo = 't'), 10::bigint, 'ten files stored');

SELECT ok((SELECT pending > 0 FROM codemap.refresh('t')), 'refresh leaves external calls pending');

-- the edges the project implies
CREATE TEMP TABLE want (src text, dst text, kind text);
INSERT INTO want VALUES
('app/views.py', 'app/models.py', 'imports'),
('web/main.js', 'web/server.js', 'imports'),
('web/main.js', 'lib/util.js', 'imports'),
('src/box.c', 'include/box.h', 'imports'),
('src/main.c', 'include/box.h', 'imports'),
('src/main.c', 'src/box.c', 'calls'),
('app/views.py', 'app/models.py', 'calls'),
('web/main.js', 'web/server.js', 'calls'),
('web/main.js', 'lib/util.js', 'calls');
SELECT set_eq($$SELECT src, dst, kind FROM codemap.edges('t', 'file')$$,
			  $$SELECT * FROM want$$, 'file-level edges');

SELECT results_eq($$SELECT dst, kind, weight FROM codemap.edges('t', 'symbol', '{calls}')
					WHERE src = 'app/models.py::User.rename'$$,
				  $$VALUES ('app/models.py::Base.save', 'calls', 1::float8)$$,
				  'a method call resolves within its file');
SELECT results_eq($$SELECT confidence FROM codemap.edge_list
					WHERE repo = 't' AND src = 'src/main.c::main' AND kind = 'calls'$$,
				  $$VALUES (0.8::real)$$,
				  'a call answered by a definition in its own module has confidence 0.8');
SELECT set_eq($$SELECT src, dst FROM codemap.edges('t', 'symbol', '{contains}')
				WHERE src IN ('app', 'app/models.py', 'app/models.py::User')$$,
			  $$VALUES ('app', 'app/__init__.py'), ('app', 'app/models.py'), ('app', 'app/views.py'),
					   ('app/models.py', 'app/models.py::Base'), ('app/models.py', 'app/models.py::User'),
					   ('app/models.py', 'app/models.py::persist'),
					   ('app/models.py::User', 'app/models.py::User.rename')$$,
			  'contains: module to file, file to symbol, class to method');
SELECT set_eq($$SELECT src, dst, kind FROM codemap.edges('t', 'module')$$,
			  $$VALUES ('.', 'app', 'contains'), ('.', 'web', 'contains'), ('.', 'lib', 'contains'),
					   ('.', 'include', 'contains'), ('.', 'src', 'contains'),
					   ('web', 'lib', 'imports'), ('web', 'lib', 'calls'),
					   ('src', 'include', 'imports')$$,
			  'module-level edges');
SELECT results_eq($$SELECT confidence FROM codemap.edges('t', 'file', '{calls}')
					WHERE src = 'src/main.c'$$,
				  $$VALUES (0.8::real)$$, 'edges() gives the confidence of the surest reference');
SELECT is((SELECT count(*) FROM codemap.edges('t', 'symbol', '{inherits}')), 1::bigint,
		  'one inherits edge');
SELECT throws_ok($$SELECT * FROM codemap.edges('t', 'package')$$, '22023', NULL, 'an unknown level');
SELECT throws_ok($$SELECT * FROM codemap.edges('t', 'file', '{calls,uses}')$$, '22023', NULL,
				 'an unknown edge kind');

--------------------------------------------------------------------------
-- unchanged, changed, removed, renamed
--------------------------------------------------------------------------

CREATE TEMP TABLE before AS SELECT max(id) AS max_id FROM codemap.node;
SELECT is((SELECT count(*) FROM project p, codemap.index_file('t', p.path, p.source) s
		   WHERE s.definitions IS NULL), 10::bigint,
		  'unchanged files are not parsed again');
SELECT is((SELECT max(id) FROM codemap.node), (SELECT max_id FROM before),
		  'and no node was replaced');

-- change: persist() goes, so the call to it from another file... there is
-- none; rename() calls save() in its own file.  Move render() to models.
UPDATE project SET source = E'class Base:\n    def save(self):\n        return persist(self)\n\nclass User(Base):\n    def rename(self, n):\n        self.save()\n\ndef persist(obj):\n    return obj\n\ndef render(u):\n    return u\n'
WHERE path = 'app/models.py';
UPDATE project SET source = E'from app.models import User\nfrom . import models\n\ndef show(u):\n    u.rename("x")\n    return render(u)\n'
WHERE path = 'app/views.py';
SELECT is((SELECT s.status FROM project p, codemap.index_file('t', p.path, p.source) s
		   WHERE p.path = 'app/models.py'), 'indexed', 'a changed file is parsed again');
SELECT lives_ok($$SELECT codemap.refresh('t')$$, 'refresh after a change');
SELECT is((SELECT dst FROM codemap.edge_list WHERE repo = 't' AND src = 'app/views.py::show'
		   AND written = 'render'), 'app/views.py::render',
		  'before its file is stored again, a call still answers within it');
SELECT is((SELECT s.status FROM project p, codemap.index_file('t', p.path, p.source) s
		   WHERE p.path = 'app/views.py'), 'indexed', 'the other changed file');
SELECT lives_ok($$SELECT codemap.refresh('t')$$, 'refresh');
SELECT is((SELECT dst FROM codemap.edge_list WHERE repo = 't' AND src = 'app/views.py::show'
		   AND written = 'render'), 'app/models.py::render',
		  'the moved function is found in its new file');

-- incoming edges are repaired when their target's file changes
SELECT is((SELECT count(*) FROM codemap.edge_list WHERE repo = 't' AND dst = 'src/box.c::area'),
		  1::bigint, 'main() calls area()');
SELECT is((SELECT s.status FROM codemap.index_file('t', 'src/box.c',
			E'#include "box.h"\n\nint area(struct box *b) { return b->w; }\n') s),
		  'indexed', 'area() moves down a line');
SELECT is((SELECT count(*) FROM codemap.pending_refs WHERE repo = 't' AND path = 'src/main.c'
		   AND name = 'area'), 1::bigint, 'until refresh, the call to it is pending');
SELECT lives_ok($$SELECT codemap.refresh('t')$$, 'refresh');
SELECT is((SELECT count(*) FROM codemap.edge_list WHERE repo = 't' AND dst = 'src/box.c::area'),
		  1::bigint, 'the call is resolved again, never dropped');
UPDATE project SET source = E'#include "box.h"\n\nint area(struct box *b) { return b->w; }\n'
WHERE path = 'src/box.c';

-- removal
SELECT ok(codemap.remove_file('t', 'lib/util.js'), 'remove_file');
SELECT ok(NOT codemap.remove_file('t', 'lib/util.js'), 'removing it again finds nothing');
DELETE FROM project WHERE path = 'lib/util.js';
SELECT lives_ok($$SELECT codemap.refresh('t')$$, 'refresh');
SELECT is((SELECT count(*) FROM codemap.edges('t', 'file') WHERE dst = 'lib/util.js'), 0::bigint,
		  'edges into a removed file go');
SELECT is((SELECT count(*) FROM codemap.pending_refs WHERE repo = 't' AND path = 'web/main.js'
		   AND target = '../lib/util'), 1::bigint, 'and the import of it is pending');
SELECT is((SELECT count(*) FROM codemap.node n JOIN codemap.repo r ON r.id = n.repo_id
		   WHERE r.name = 't' AND n.kind = 'module' AND n.qualname = 'lib'), 0::bigint,
		  'its emptied module goes');

-- rename: the pending import resolves when the file arrives under the name
-- it asks for
SELECT is((SELECT s.status FROM codemap.index_file('t', 'lib/util/index.js',
			E'function port() { return 8080; }\nmodule.exports = { port };\n') s),
		  'indexed', 'the module arrives as lib/util/index.js');
INSERT INTO project VALUES ('lib/util/index.js', E'function port() { return 8080; }\nmodule.exports = { port };\n');
SELECT lives_ok($$SELECT codemap.refresh('t')$$, 'refresh');
SELECT set_eq($$SELECT dst, kind FROM codemap.edges('t', 'file') WHERE src = 'web/main.js'$$,
			  $$VALUES ('web/server.js', 'imports'), ('web/server.js', 'calls'),
					   ('lib/util/index.js', 'imports'), ('lib/util/index.js', 'calls')$$,
			  'the import and the call resolve to the renamed file');

--------------------------------------------------------------------------
-- incremental equals clean
--------------------------------------------------------------------------

SELECT codemap.create_repo('clean', '{"include_dirs": ["include"]}');
SELECT count(*) FROM project p, codemap.index_file('clean', p.path, p.source);
SELECT codemap.refresh('clean');
SELECT set_eq($$SELECT * FROM codemap.edges('t', 'symbol')$$,
			  $$SELECT * FROM codemap.edges('clean', 'symbol')$$,
			  'symbol-level graph after incremental runs equals a clean index');
SELECT set_eq($$SELECT key, kind, start_line FROM codemap.symbols WHERE repo = 't'$$,
			  $$SELECT key, kind, start_line FROM codemap.symbols WHERE repo = 'clean'$$,
			  'so do the symbols');
SELECT set_eq($$SELECT path, kind, name, target FROM codemap.pending_refs WHERE repo = 't'$$,
			  $$SELECT path, kind, name, target FROM codemap.pending_refs WHERE repo = 'clean'$$,
			  'and the pending references');

-- a refresh divided into shares, as the client runs it over several
-- connections, gives the same graph; one cut short after a share leaves
-- the work marked undone, and the next refresh completes it
SELECT codemap.create_repo('shares', '{"include_dirs": ["include"]}');
SELECT count(*) FROM project p, codemap.index_file('shares', p.path, p.source);
SELECT throws_ok($$SELECT codemap._refresh_imports(codemap._repo_id('shares'), 0, 2)$$, '55000',
				 'a share of a refresh runs only while the repository''s refresh lock is held',
				 'a share refuses to run without the refresh lock');
SELECT throws_ok($$SELECT codemap._refresh_calls(codemap._repo_id('shares'), 2, 2, 'call')$$, '22023',
				 'share 2 of 2 does not exist', 'a share out of range is refused');
SELECT pg_advisory_xact_lock(25453, codemap._repo_id('shares'));
SELECT ok(codemap._refresh_begin(codemap._repo_id('shares')), 'a refresh in shares has work to do');
SELECT codemap._refresh_imports(codemap._repo_id('shares'), 1, 2);
SELECT codemap._refresh_calls(codemap._repo_id('shares'), 1, 2, 'inherit');
SELECT codemap._refresh_calls(codemap._repo_id('shares'), 1, 2, 'call');
SELECT ok((SELECT count(*) FROM codemap.files WHERE repo = 'shares' AND NOT EXISTS (
			SELECT 1 FROM codemap.file f WHERE f.repo_id = codemap._repo_id('shares') AND f.resolved)) > 0,
		  'one share done: no file counts as resolved yet');
SELECT codemap.refresh('shares');
SELECT set_eq($$SELECT * FROM codemap.edges('shares', 'symbol')$$,
			  $$SELECT * FROM codemap.edges('clean', 'symbol')$$,
			  'a refresh after one share of an unfinished one gives the clean graph');
SELECT count(*) FROM project p, codemap.remove_file('shares', p.path);
SELECT codemap.refresh('shares');
SELECT count(*) FROM project p, codemap.index_file('shares', p.path, p.source);
SELECT codemap._refresh_begin(codemap._repo_id('shares'));
SELECT codemap._refresh_imports(codemap._repo_id('shares'), s, 3) FROM generate_series(0, 2) s;
SELECT codemap._refresh_calls(codemap._repo_id('shares'), s, 3, 'inherit') FROM generate_series(0, 2) s;
SELECT codemap._refresh_calls(codemap._repo_id('shares'), s, 3, 'call') FROM generate_series(0, 2) s;
SELECT codemap._refresh_end(codemap._repo_id('shares'));
SELECT set_eq($$SELECT * FROM codemap.edges('shares', 'symbol')$$,
			  $$SELECT * FROM codemap.edges('clean', 'symbol')$$,
			  'a refresh in three shares gives the clean graph');
SELECT set_eq($$SELECT path, kind, name, target FROM codemap.pending_refs WHERE repo = 'shares'$$,
			  $$SELECT path, kind, name, target FROM codemap.pending_refs WHERE repo = 'clean'$$,
			  'and the same pending references');

--------------------------------------------------------------------------
-- bad input: recorded, never fatal, nothing stored lost
--------------------------------------------------------------------------

SET LOCAL codemap.max_file_bytes = 1024;
SELECT is((SELECT s.status FROM codemap.index_file('t', 'big.py', repeat('x = 1' || E'\n', 300)) s),
		  'failed', 'a file over codemap.max_file_bytes fails');
SELECT matches((SELECT reason FROM codemap.files WHERE repo = 't' AND path = 'big.py'),
			   'exceeds codemap.max_file_bytes', 'with the reason recorded');
SELECT is((SELECT s.status FROM codemap.index_file('t', 'app/models.py',
			repeat('# padding' || E'\n', 200)) s),
		  'failed', 'a stored file whose new content fails');
SELECT is((SELECT count(*) FROM codemap.symbols WHERE repo = 't' AND path = 'app/models.py'),
		  0::bigint, 'keeps no symbols of its old content');
RESET codemap.max_file_bytes;
SELECT is((SELECT s.status FROM codemap.index_file('t', 'deep.py', repeat('(', 100000)) s),
		  'partial', 'deeply nested input is indexed in part');
SELECT is((SELECT s.status FROM codemap.index_file('t', 'bin.c', E'\x01\x02\x7f garbage {{{') s),
		  'indexed', 'control characters parse');
SELECT is((SELECT s.status FROM codemap.index_file('t', 'app/models.py',
			(SELECT source FROM project WHERE path = 'app/models.py')) s),
		  'indexed', 'a failed file is tried again even when unchanged');
SELECT lives_ok($$SELECT codemap.refresh('t')$$, 'refresh after bad input');

-- the indexer writes rows directly, yet a constraint holds as for INSERT
ALTER TABLE codemap.node ADD CONSTRAINT tap_no_forbidden CHECK (name <> 'forbidden_name');
SELECT throws_ok($$SELECT codemap.index_file('t', 'c.py', E'def forbidden_name():\n    pass\n')$$,
				 '23514', NULL, 'a CHECK constraint holds for the nodes the indexer writes');
SELECT is((SELECT count(*) FROM codemap.files WHERE repo = 't' AND path = 'c.py'), 0::bigint,
		  'and the file that broke it is not stored');
ALTER TABLE codemap.node DROP CONSTRAINT tap_no_forbidden;

-- columns are found by name: one added later gets NULL, one renamed away
-- is refused with a clear error
ALTER TABLE codemap.ref ADD COLUMN tap_extra integer;
SELECT is((SELECT s.status FROM codemap.index_file('t', 'extra.py', E'def f():\n    g()\n') s),
		  'indexed', 'a column added to a table the indexer writes gets NULL');
ALTER TABLE codemap.ref RENAME COLUMN alias TO tap_alias;
SELECT throws_ok($$SELECT codemap.index_file('t', 'extra2.py', E'import os\n')$$, '55000',
				 'table "codemap.ref" has no column "alias" of the type codemap writes',
				 'a table missing a column the indexer writes is refused');
ALTER TABLE codemap.ref RENAME COLUMN tap_alias TO alias;

--------------------------------------------------------------------------
-- drop
--------------------------------------------------------------------------

SELECT lives_ok($$SELECT codemap.drop_repo('clean')$$, 'drop_repo');
SELECT is((SELECT count(*) FROM codemap.node n WHERE NOT EXISTS
			(SELECT 1 FROM codemap.repo r WHERE r.id = n.repo_id)), 0::bigint,
		  'leaves no node behind');
SELECT throws_ok($$SELECT codemap.drop_repo('clean')$$, '42704', NULL, 'dropping it twice');

SELECT * FROM finish();
ROLLBACK;
