-- resolve_ruby: require_relative beside the requiring file; require, load
-- and autoload on the load path: every lib directory (each gem's, the
-- requiring file's own first), then the source roots
SELECT codemap.create_repo('fx_rb', '{"source_roots": ["app"]}') > 0 AS created;

SELECT path, status
FROM (VALUES
	('lib/shapes.rb', $r$
require 'shapes/box'
require_relative 'shapes/circle'
require 'json'
autoload :Parser, 'shapes/parser'
load 'tasks/setup.rb'
require 'models/user'
$r$),
	('lib/shapes/box.rb', 'class Box; end'),
	('lib/shapes/circle.rb', 'class Circle; end'),
	('lib/shapes/parser.rb', 'class Parser; end'),
	('lib/tasks/setup.rb', ''),
	('app/models/user.rb', 'class User; end'),
	('gems/extra/lib/shapes/box.rb', 'class OtherBox; end'),
	('gems/extra/lib/extra.rb', $r$
require 'shapes/box'
require './local'
$r$)
) AS v(path, source),
LATERAL codemap.index_file('fx_rb', v.path, v.source) x
ORDER BY path;

SELECT files, resolved, pending FROM codemap.refresh('fx_rb');

SELECT path, line, written, dst
FROM codemap.edge_list
WHERE repo = 'fx_rb' AND kind = 'imports'
ORDER BY path, line;

-- unresolved: the standard library, a path relative to the process's
-- working directory
SELECT path, line, target
FROM codemap.pending_refs
WHERE repo = 'fx_rb' AND kind = 'import'
ORDER BY path, line;

SELECT codemap.drop_repo('fx_rb');
