-- resolve_python: where Python imports lead, as Python's path finder
-- searches the repository root, then each source root
SELECT codemap.create_repo('fx_py', '{"source_roots": ["src"]}') > 0 AS created;

SELECT path, status
FROM (VALUES
	('app.py', $p$
import pkg.mod
from pkg import mod
from pkg import helper
from pkg.sub import *
import nsp.part
import nsp
import srcpkg.core
from srcpkg import core as c
import os.path
from . import sibling
import pkg.missing
$p$),
	('pkg/__init__.py', 'helper = 1'),
	('pkg/mod.py', $p$
from . import sub
from .sub import leaf
from .. import app
$p$),
	('pkg/sub/__init__.py', ''),
	('pkg/sub/leaf.py', $p$
from .. import mod
from ..mod import name
from . import other
from ... import toofar
$p$),
	('nsp/part.py', ''),
	('src/srcpkg/__init__.py', 'from .core import run'),
	('src/srcpkg/core.py', 'from . import __init__'),
	('src/pkg/mod.py', '')
) AS v(path, source),
LATERAL codemap.index_file('fx_py', v.path, v.source) x
ORDER BY path;

SELECT files, resolved, pending FROM codemap.refresh('fx_py');

-- resolved: a module is its file (a package its __init__.py), a namespace
-- package its directory; the repository root wins over a source root
SELECT path, line, written, dst
FROM codemap.edge_list
WHERE repo = 'fx_py' AND kind = 'imports'
ORDER BY path, line, dst;

-- unresolved: outside the repository, or a relative import that climbs
-- out of the top-level package (Python refuses it)
SELECT path, line, target, name
FROM codemap.pending_refs
WHERE repo = 'fx_py' AND kind = 'import'
ORDER BY path, line;

SELECT codemap.drop_repo('fx_py');

-- The src layout needs no source root: src/ is searched after the root.
SELECT codemap.create_repo('fx_py_src') > 0 AS created;
SELECT count(*)
FROM (VALUES
	('src/acme/__init__.py', ''),
	('src/acme/core.py', 'from acme import util'),
	('src/acme/util.py', ''),
	('tests/test_core.py', 'import acme.core')
) AS v(path, source),
LATERAL codemap.index_file('fx_py_src', v.path, v.source) x;
SELECT files, resolved, pending FROM codemap.refresh('fx_py_src');
SELECT path, line, written, dst
FROM codemap.edge_list
WHERE repo = 'fx_py_src' AND kind = 'imports'
ORDER BY path, line;
SELECT codemap.drop_repo('fx_py_src');
