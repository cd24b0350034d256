-- resolve_javascript: where JavaScript and TypeScript imports lead, as
-- TypeScript's resolver and bundlers find them: relative specifiers with
-- extensions and index files, bare ones through the nearest
-- tsconfig.json's (or jsconfig.json's) paths and baseUrl
SELECT codemap.create_repo('fx_js') > 0 AS created;

SELECT path, status, reason
FROM (VALUES
	('tsconfig.base.json', $j${
  // shared by the web and api projects
  "compilerOptions": {
    "baseUrl": ".",
    "paths": {
      "@lib/*": ["lib/*", "vendor-lib/*"],
      "config": ["lib/config/settings.ts"],
    },
  },
}$j$),
	('web/tsconfig.json', $j${ "extends": "../tsconfig.base.json", "compilerOptions": { "strict": true } }$j$),
	('web/src/main.ts', $t$/// <reference path="./globals.d.ts" />
import { App } from "./app.js";
import { util } from "./util";
import * as lib from "@lib/strings";
import settings from "config";
import { deep } from "@lib/deep/thing";
import def from "shared/defaults";
export * from "./reexport";
import React from "react";
const lazy = import("./lazy");
import "./styles.css";
$t$),
	('web/src/app.ts', 'export class App {}'),
	('web/src/globals.d.ts', 'declare const VERSION: string;'),
	('web/src/app.js', 'compiled output'),
	('web/src/util/index.ts', 'export const util = 1;'),
	('web/src/reexport.tsx', 'export const X = 1;'),
	('web/src/lazy.ts', 'export default 1;'),
	('web/src/styles.css', 'body {}'),
	('lib/strings.ts', 'export const s = 1;'),
	('lib/config/settings.ts', 'export default {};'),
	('vendor-lib/deep/thing.js', 'export const deep = 1;'),
	('shared/defaults.ts', 'export default 1;'),
	('api/jsconfig.json', '{"compilerOptions": {"baseUrl": "src"}}'),
	('api/src/server.js', $t$
const db = require("db/pool");
const strings = require("@lib/strings");
const up = require("../../lib/strings");
module.exports = {};
$t$),
	('api/src/db/pool.js', 'module.exports = {};'),
	('bad/tsconfig.json', '{ "compilerOptions": '),
	('bad/x.ts', 'import y from "y";')
) AS v(path, source),
LATERAL codemap.index_file('fx_js', v.path, v.source) x
ORDER BY path;

SELECT files, resolved, pending FROM codemap.refresh('fx_js');

-- "./app.js" in TypeScript names the source TypeScript compiles to it,
-- app.ts, before app.js itself (tsc's rule; a bundler without an extension
-- alias would take app.js)
SELECT path, line, written, dst
FROM codemap.edge_list
WHERE repo = 'fx_js' AND kind = 'imports'
ORDER BY path, line;

-- unresolved: packages (node_modules is never stored), a paths pattern of
-- another project, a specifier under a config that does not parse
SELECT path, line, target
FROM codemap.pending_refs
WHERE repo = 'fx_js' AND kind = 'import'
ORDER BY path, line;

-- a changed config re-resolves every import
SELECT status FROM codemap.index_file('fx_js', 'api/jsconfig.json', '{"compilerOptions": {"baseUrl": "."}}');
SELECT files, resolved, pending FROM codemap.refresh('fx_js');
SELECT path, line, written, dst
FROM codemap.edge_list
WHERE repo = 'fx_js' AND kind = 'imports' AND path LIKE 'api/%'
ORDER BY path, line;

SELECT codemap.drop_repo('fx_js');

-- A monorepo's packages import each other by name: exports (conditions,
-- subpaths), else module or main and any file below; a package importing
-- itself by name, or a path its exports do not list, stays pending.
SELECT codemap.create_repo('fx_mono') > 0 AS created;
SELECT path, status
FROM (VALUES
	('package.json', '{"name": "acme", "private": true, "workspaces": ["packages/*", "apps/*"]}'),
	('packages/ui/package.json', $j${"name": "@acme/ui",
  "exports": {".": {"types": "./dist/index.d.ts", "import": "./src/index.ts"},
              "./button": "./src/button.ts", "./icons/*": "./src/icons/*.ts"}}$j$),
	('packages/ui/src/index.ts', 'export * from "./button"; import { x } from "@acme/ui/button";'),
	('packages/ui/src/button.ts', 'export const Button = 1;'),
	('packages/ui/src/icons/star.ts', 'export const Star = 1;'),
	('packages/ui/src/internal.ts', ''),
	('packages/util/package.json', '{"name": "@acme/util", "main": "lib/main.js"}'),
	('packages/util/lib/main.js', 'module.exports = {};'),
	('packages/util/lib/extra.js', 'module.exports = {};'),
	('apps/web/src/page.ts', $t$
import { Button } from "@acme/ui";
import { Button as B } from "@acme/ui/button";
import { Star } from "@acme/ui/icons/star";
import { hidden } from "@acme/ui/src/internal";
const util = require("@acme/util");
const extra = require("@acme/util/lib/extra");
import React from "react";
$t$)
) AS v(path, source),
LATERAL codemap.index_file('fx_mono', v.path, v.source) x
ORDER BY path;
SELECT files, resolved, pending FROM codemap.refresh('fx_mono');
SELECT path, line, written, dst
FROM codemap.edge_list
WHERE repo = 'fx_mono' AND kind = 'imports'
ORDER BY path, line;
SELECT path, line, target
FROM codemap.pending_refs
WHERE repo = 'fx_mono' AND kind = 'import'
ORDER BY path, line;
SELECT codemap.drop_repo('fx_mono');
