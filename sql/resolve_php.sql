-- resolve_php: include and require of a literal path (or one built from
-- __DIR__), beside the including file, then the source roots; use of a
-- class through composer.json's PSR-4 map, the longest prefix first
SELECT codemap.create_repo('fx_php') > 0 AS created;

SELECT path, status, reason
FROM (VALUES
	('composer.json', $c${
  "name": "acme/app",
  "autoload": { "psr-4": { "App\\": "src/", "App\\Legacy\\": ["legacy/", "old/"] } },
  "autoload-dev": { "psr-4": { "Tests\\": "tests/" } }
}$c$),
	('public/index.php', $p$<?php
require __DIR__ . '/../bootstrap.php';
include 'partials/header.php';
use App\Models\User;
use App\Legacy\Mailer;
use Tests\Unit\UserTest;
use Psr\Log\LoggerInterface;
use function App\Support\format;
$p$),
	('bootstrap.php', '<?php'),
	('public/partials/header.php', '<?php'),
	('src/Models/User.php', '<?php namespace App\Models; class User {}'),
	('old/Mailer.php', '<?php namespace App\Legacy; class Mailer {}'),
	('tests/Unit/UserTest.php', '<?php namespace Tests\Unit; class UserTest {}'),
	('broken/composer.json', '{ "autoload": ')
) AS v(path, source),
LATERAL codemap.index_file('fx_php', v.path, v.source) x
ORDER BY path;

SELECT files, resolved, pending FROM codemap.refresh('fx_php');

SELECT path, line, written, dst
FROM codemap.edge_list
WHERE repo = 'fx_php' AND kind = 'imports'
ORDER BY path, line;

-- unresolved: a package the repository does not hold, a function (not
-- autoloaded)
SELECT path, line, target
FROM codemap.pending_refs
WHERE repo = 'fx_php' AND kind = 'import'
ORDER BY path, line;

SELECT codemap.drop_repo('fx_php');
