-- resolve_go: where Go imports lead, as the go command finds packages: a
-- package is a directory; the nearest vendor directory first, then the
-- module (go.mod) whose path is the longest prefix of the import path
SELECT codemap.create_repo('fx_go') > 0 AS created;

SELECT path, status, reason
FROM (VALUES
	('go.mod', $g$module example.com/app // the main module

go 1.19

require github.com/dep/lib v1.0.0
$g$),
	('cmd/app/main.go', $g$package main

import (
	"fmt"
	"example.com/app/internal/util"
	lib "github.com/dep/lib"
	"example.com/tools/gen"
	"example.com/app/tools/gen"
	"example.com/application"
	"example.com/other/pkg"
	"./relative"
)

func main() { fmt.Println(util.Name, lib.V, gen.X) }
$g$),
	('internal/util/util.go', 'package util
const Name = "util"'),
	('internal/util/util_test.go', 'package util_test
import "example.com/app/internal/util"'),
	('vendor/github.com/dep/lib/lib.go', 'package lib
const V = 1'),
	('tools/go.mod', 'module example.com/tools'),
	('tools/gen/gen.go', 'package gen
import "example.com/tools/internal/tpl"
const X = 2'),
	('tools/internal/tpl/tpl.go', 'package tpl'),
	('broken/go.mod', 'go 1.19')
) AS v(path, source),
LATERAL codemap.index_file('fx_go', v.path, v.source) x
ORDER BY path;

-- what resolution keeps of the project files
SELECT f.path, m.kind, m.data
FROM codemap.manifest m JOIN codemap.file f ON f.repo_id = m.repo_id AND f.id = m.file_id
JOIN codemap.repo r ON r.id = m.repo_id AND r.name = 'fx_go'
ORDER BY f.path;

SELECT files, resolved, pending FROM codemap.refresh('fx_go');

SELECT path, line, written, dst
FROM codemap.edge_list
WHERE repo = 'fx_go' AND kind = 'imports'
ORDER BY path, line;

-- unresolved: the standard library (not in this repository), a directory
-- of the main module's tree that a nested go.mod made another module's, a
-- module the repository does not hold, a relative path (refused in module
-- mode)
SELECT path, line, target
FROM codemap.pending_refs
WHERE repo = 'fx_go' AND kind = 'import'
ORDER BY path, line;

-- package to package
SELECT * FROM codemap.edges('fx_go', 'module', '{imports}') ORDER BY 1, 2;

-- a new go.mod moves the packages below it into another module, and
-- removing it brings them back
SELECT status FROM codemap.index_file('fx_go', 'internal/go.mod', 'module example.com/internal');
SELECT files, resolved, pending FROM codemap.refresh('fx_go');
SELECT path, line, written, dst
FROM codemap.edge_list
WHERE repo = 'fx_go' AND kind = 'imports' AND written LIKE '%internal%'
ORDER BY path, line;
SELECT codemap.remove_file('fx_go', 'internal/go.mod');
SELECT files, resolved, pending FROM codemap.refresh('fx_go');
SELECT count(*) FROM codemap.edge_list
WHERE repo = 'fx_go' AND kind = 'imports' AND written = 'example.com/app/internal/util';

SELECT codemap.drop_repo('fx_go');

-- The standard library's own tree: module "std" holds every path whose
-- first element has no dot; its vendor directory holds golang.org/x.
SELECT codemap.create_repo('fx_std') > 0 AS created;
SELECT count(*)
FROM (VALUES
	('go.mod', 'module std'),
	('fmt/print.go', 'package fmt
import "unicode/utf8"'),
	('unicode/utf8/utf8.go', 'package utf8'),
	('net/http/server.go', 'package http
import (
	"fmt"
	"golang.org/x/net/idna"
	"example.com/x"
)'),
	('vendor/golang.org/x/net/idna/idna.go', 'package idna
import "unicode/utf8"')
) AS v(path, source),
LATERAL codemap.index_file('fx_std', v.path, v.source) x;
SELECT files, resolved, pending FROM codemap.refresh('fx_std');
SELECT path, line, written, dst
FROM codemap.edge_list
WHERE repo = 'fx_std' AND kind = 'imports'
ORDER BY path, line;
SELECT codemap.drop_repo('fx_std');
