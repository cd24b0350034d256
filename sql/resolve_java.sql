-- resolve_java: Java imports to the file declaring the class, below the
-- package roots the files' own package declarations reveal (src/main/java
-- holds com/acme/... for package com.acme); a wildcard to the package's
-- directory
SELECT codemap.create_repo('fx_java') > 0 AS created;

SELECT path, status
FROM (VALUES
	('src/main/java/com/acme/App.java', $j$package com.acme;

import com.acme.shapes.Box;
import com.acme.shapes.Box.Corner;
import com.acme.util.*;
import static com.acme.util.Strings.pad;
import java.util.List;
import org.other.Missing;

public class App {}
$j$),
	('src/main/java/com/acme/shapes/Box.java', $j$package com.acme.shapes;
public class Box { public static class Corner {} }
$j$),
	('src/main/java/com/acme/util/Strings.java', $j$package com.acme.util;
public final class Strings { public static String pad(String s) { return s; } }
$j$),
	('src/test/java/com/acme/AppTest.java', $j$package com.acme;
import com.acme.shapes.Box;
class AppTest {}
$j$),
	('misplaced/Odd.java', $j$package not.here;
import com.acme.App;
class Odd {}
$j$)
) AS v(path, source),
LATERAL codemap.index_file('fx_java', v.path, v.source) x
ORDER BY path;

SELECT files, resolved, pending FROM codemap.refresh('fx_java');

SELECT path, line, written, dst
FROM codemap.edge_list
WHERE repo = 'fx_java' AND kind = 'imports'
ORDER BY path, line;

-- unresolved: the JDK and libraries the repository does not hold
SELECT path, line, target
FROM codemap.pending_refs
WHERE repo = 'fx_java' AND kind = 'import'
ORDER BY path, line;

SELECT codemap.drop_repo('fx_java');
