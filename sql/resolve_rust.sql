-- resolve_rust: mod declarations to x.rs or x/mod.rs (beside a crate root
-- or mod.rs, else in the directory named after the declaring file); use
-- paths through crate::, self:: and super:: to the file of the deepest
-- module they name, from the crate root in the nearest src directory
SELECT codemap.create_repo('fx_rs') > 0 AS created;

SELECT path, status
FROM (VALUES
	('src/lib.rs', $r$
mod net;
mod util;
mod missing;
pub use crate::net::http::Request;
use crate::util::*;
use std::collections::HashMap;
use serde::Serialize;
$r$),
	('src/net/mod.rs', $r$
pub mod http;
use super::util::helper;
use self::http::Request;
use super::super::outside;
$r$),
	('src/net/http.rs', $r$
mod parse;
use super::tcp;
pub struct Request;
$r$),
	('src/net/http/parse.rs', 'pub fn parse() {}'),
	('src/net/tcp.rs', 'pub fn connect() {}'),
	('src/util.rs', 'pub fn helper() {}')
) AS v(path, source),
LATERAL codemap.index_file('fx_rs', v.path, v.source) x
ORDER BY path;

SELECT files, resolved, pending FROM codemap.refresh('fx_rs');

SELECT path, line, written, dst
FROM codemap.edge_list
WHERE repo = 'fx_rs' AND kind = 'imports'
ORDER BY path, line;

-- unresolved: a module with no file, other crates, a path above the crate
-- root
SELECT path, line, target
FROM codemap.pending_refs
WHERE repo = 'fx_rs' AND kind = 'import'
ORDER BY path, line;

SELECT codemap.drop_repo('fx_rs');
