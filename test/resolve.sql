-- pgTAP: calls and base classes resolved by scope: the files the caller
-- imports, then its module, then the repository; ambiguity kept as several
-- candidates sharing the confidence; incremental answers equal to clean.
BEGIN;
SET client_min_messages = warning;
SELECT plan(14);

CREATE TEMP TABLE project (path text PRIMARY KEY, source text);
INSERT INTO project VALUES
-- helper() is defined in util.py (imported), in app/other.py (same
-- module) and in lib/extra.py
('app/main.py', E'from util import helper\nfrom tools import run\nimport shapes\n\ndef main():\n    helper()\n    run()\n    sibling()\n    lonely()\n    common()\n    five()\n    return shapes.Circle()\n'),
('util.py', E'def helper():\n    return 1\n'),
('app/other.py', E'def helper():\n    return 2\n\ndef sibling():\n    return 3\n'),
('lib/extra.py', E'def helper():\n    return 4\n\ndef lonely():\n    return 5\n'),
-- run() comes from a package whose __init__ and a module both define it
('tools/__init__.py', E'from .a import run\n\ndef run():\n    return 0\n'),
('tools/a.py', E'def run():\n    return 1\n'),
('shapes.py', E'class Shape:\n    pass\n\nclass Circle(Base):\n    pass\n'),
('base1.py', E'class Base:\n    pass\n'),
('base2.py', E'class Base:\n    pass\n');
-- common() is defined in six files: too many to keep as a guess across
-- the repository; five() in five, which are kept
INSERT INTO project
SELECT 'many/m' || i || '.py', E'def common():\n    return ' || i || E'\n'
	|| CASE WHEN i <= 5 THEN E'\ndef five():\n    return 5\n' ELSE '' END
FROM generate_series(1, 6) i;

SELECT codemap.create_repo('scope');
SELECT count(*) FROM project p, codemap.index_file('scope', p.path, p.source);
SELECT codemap.refresh('scope');

CREATE TEMP VIEW calls AS
SELECT split_part(src, '::', 2) AS caller, dst, confidence
FROM codemap.edge_list WHERE repo = 'scope' AND kind IN ('calls', 'inherits');

SELECT results_eq($$SELECT dst, confidence FROM calls WHERE caller = 'main' AND dst LIKE '%::helper'$$,
				  $$VALUES ('util.py::helper', 0.9::real)$$,
				  'a name the file imports wins over the same module and the repository');
SELECT results_eq($$SELECT dst, confidence FROM calls WHERE caller = 'main' AND dst LIKE '%::sibling'$$,
				  $$VALUES ('app/other.py::sibling', 0.8::real)$$,
				  'then a definition in the caller''s own module');
SELECT results_eq($$SELECT dst, confidence FROM calls WHERE caller = 'main' AND dst LIKE '%::lonely'$$,
				  $$VALUES ('lib/extra.py::lonely', 0.5::real)$$,
				  'then the only definition in the repository');
SELECT results_eq($$SELECT dst, confidence FROM calls WHERE caller = 'main' AND dst LIKE '%::run' ORDER BY dst$$,
				  $$VALUES ('tools/__init__.py::run', 0.9::real)$$,
				  'from a package: the definition in the package''s __init__.py');
SELECT is((SELECT count(*) FROM calls WHERE caller = 'main' AND dst LIKE '%::common'), 0::bigint,
		  'a name with more definitions than _max_candidates(3) stays pending');
SELECT results_eq($$SELECT count(*), min(confidence) FROM calls WHERE caller = 'main' AND dst LIKE '%::five'$$,
				  $$VALUES (5::bigint, 0.1::real)$$,
				  'five candidates across the repository share 0.5');
SELECT ok(EXISTS (SELECT 1 FROM codemap.pending_refs WHERE repo = 'scope' AND name = 'common'),
		  'and is listed as pending');
SELECT results_eq($$SELECT dst, confidence FROM calls WHERE caller = 'Circle' ORDER BY dst$$,
				  $$VALUES ('base1.py::Base', 0.4::real), ('base2.py::Base', 0.4::real)$$,
				  'an ambiguous base class keeps every candidate, sharing the confidence');
SELECT is((SELECT resolved FROM codemap.refresh('scope')),
		  (SELECT count(DISTINCT (e.file_id, e.ord)) FROM codemap.edge e
		   WHERE e.repo_id = codemap._repo_id('scope')),
		  'refresh counts resolved references, not candidates');

-- A new file that an import now finds moves the call to it; the result
-- equals a clean index of the same files.
SELECT codemap.index_file('scope', 'app/util.py', E'def helper():\n    return 9\n');
SELECT codemap.index_file('scope', 'app/main.py',
	replace((SELECT source FROM project WHERE path = 'app/main.py'),
			'from util import helper', 'from .util import helper'));
SELECT codemap.refresh('scope');
SELECT results_eq($$SELECT dst, confidence FROM calls WHERE caller = 'main' AND dst LIKE '%::helper'$$,
				  $$VALUES ('app/util.py::helper', 0.9::real)$$,
				  'a changed import moves the call');
SELECT codemap.remove_file('scope', 'util.py');
SELECT codemap.refresh('scope');

SELECT codemap.create_repo('scope_clean');
SELECT count(*) FROM (
	SELECT path, source FROM project WHERE path NOT IN ('util.py', 'app/main.py')
	UNION ALL SELECT 'app/util.py', E'def helper():\n    return 9\n'
	UNION ALL SELECT 'app/main.py', replace((SELECT source FROM project WHERE path = 'app/main.py'),
								   'from util import helper', 'from .util import helper')) p,
	codemap.index_file('scope_clean', p.path, p.source);
SELECT codemap.refresh('scope_clean');
SELECT set_eq($$SELECT src, dst, kind, confidence FROM codemap.edge_list WHERE repo = 'scope'$$,
			  $$SELECT src, dst, kind, confidence FROM codemap.edge_list WHERE repo = 'scope_clean'$$,
			  'incremental equals clean');

-- An import that starts leading elsewhere because a file appeared (no
-- name of the caller's changed) re-resolves the caller's calls.
SELECT codemap.create_repo('scope_opts', '{"source_roots": ["lib"]}');
SELECT count(*) FROM (VALUES
	('main.py', E'from mod import f\n\ndef main():\n    f()\n'),
	('lib/mod.py', E'def f():\n    return 1\n'),
	('other/f.py', E'def f():\n    return 2\n')) p(path, source),
	codemap.index_file('scope_opts', p.path, p.source);
SELECT codemap.refresh('scope_opts');
SELECT results_eq($$SELECT dst, confidence FROM codemap.edge_list WHERE repo = 'scope_opts' AND kind = 'calls'$$,
				  $$VALUES ('lib/mod.py::f', 0.9::real)$$,
				  'through a source root');
SELECT codemap.index_file('scope_opts', 'mod.py', E'def g():\n    return 3\n');
SELECT codemap.refresh('scope_opts');
SELECT results_eq($$SELECT dst, confidence FROM codemap.edge_list WHERE repo = 'scope_opts' AND kind = 'calls'$$,
				  $$VALUES ('lib/mod.py::f', 0.25::real), ('other/f.py::f', 0.25::real)$$,
				  'a new module shadowing the import leaves the call to the repository-wide candidates');

-- A method called on self, this or super: the caller's class, else its
-- nearest base, wherever they are; never a same-named method elsewhere.
SELECT codemap.create_repo('scope_self');
SELECT count(*) FROM (VALUES
	('models/base.py', E'class Base:\n    def save(self):\n        return 1\n\n    def load(self):\n        return 2\n'),
	('models/user.py', E'from models.base import Base\n\nclass User(Base):\n    def rename(self):\n        self.save()\n        self.load()\n\n    def load(self):\n        return 3\n'),
	('models/admin.py', E'from models.user import User\n\nclass Admin(User):\n    def grant(self):\n        self.save()\n        self.load()\n'),
	('other/cache.py', E'class Cache:\n    def save(self):\n        return 4\n    def load(self):\n        return 5\n'),
	('web/widget.js', E'import { View } from "./view.js";\nclass Widget extends View {\n  draw() { this.paint(); super.paint(); }\n  paint() {}\n}\n'),
	('web/view.js', E'export class View {\n  paint() {}\n}\n'),
	('web/other.js', E'export class Other {\n  paint() {}\n}\n')) p(path, source),
	codemap.index_file('scope_self', p.path, p.source);
SELECT codemap.refresh('scope_self');
SELECT results_eq($$SELECT split_part(src, '::', 2), dst, confidence FROM codemap.edge_list
					WHERE repo = 'scope_self' AND kind = 'calls' ORDER BY 1, 2$$,
				  $$VALUES ('Admin.grant', 'models/base.py::Base.save', 0.95::real),
						   ('Admin.grant', 'models/user.py::User.load', 0.95::real),
						   ('User.rename', 'models/base.py::Base.save', 0.95::real),
						   ('User.rename', 'models/user.py::User.load', 1::real),
						   ('Widget.draw', 'web/view.js::View.paint', 0.95::real),
						   ('Widget.draw', 'web/widget.js::Widget.paint', 1::real)$$,
				  'self and this calls resolve in the class, then the nearest base; super skips the class');

SELECT * FROM finish();
ROLLBACK;
