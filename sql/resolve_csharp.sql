-- resolve_csharp: a using directive to every file declaring its namespace;
-- using static and an alias to the file declaring the type
SELECT codemap.create_repo('fx_cs') > 0 AS created;

SELECT path, status
FROM (VALUES
	('App/Program.cs', $c$using System;
using Acme.Geometry;
using static Acme.Util.Strings;
using Box = Acme.Geometry.Shapes.Box;
using Newtonsoft.Json;

namespace App
{
    class Program { static void Main() {} }
}
$c$),
	('Geometry/Circle.cs', $c$namespace Acme.Geometry
{
    public class Circle {}
}
$c$),
	('Geometry/Square.cs', $c$namespace Acme.Geometry;
public class Square {}
$c$),
	('Geometry/Shapes/Box.cs', $c$namespace Acme.Geometry.Shapes
{
    public class Box {}
}
$c$),
	('Util/Strings.cs', $c$namespace Acme.Util
{
    public static class Strings { public static string Pad(string s) => s; }
}
$c$)
) AS v(path, source),
LATERAL codemap.index_file('fx_cs', v.path, v.source) x
ORDER BY path;

SELECT files, resolved, pending FROM codemap.refresh('fx_cs');

SELECT path, line, written, dst
FROM codemap.edge_list
WHERE repo = 'fx_cs' AND kind = 'imports'
ORDER BY path, line, dst;

-- unresolved: namespaces the repository does not declare
SELECT path, line, target
FROM codemap.pending_refs
WHERE repo = 'fx_cs' AND kind = 'import'
ORDER BY path, line;

SELECT codemap.drop_repo('fx_cs');
