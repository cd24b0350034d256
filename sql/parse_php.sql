-- parse_php: definitions, references and imports extracted from PHP
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
<?php
declare(strict_types=1);

namespace App\Models;

require_once 'lib/a.php';
require __DIR__ . '/bootstrap.php';
include 'partials/header.php';
include_once("config/db.php");

use App\Contracts\HasArea;
use App\Support\Logger as Log;
use App\Shapes\{Circle, Square as Sq};
use function App\Support\format_area;
use const App\Support\PRECISION;

const MAX_SIZE = 100;
define('APP_DEBUG', false);

interface Shape extends HasArea, \Countable
{
    public function area(): float;
}

trait Loggable
{
    public function log(string $msg): void
    {
        Log::info($msg);
    }
}

enum Unit: string implements \JsonSerializable
{
    case Cm = 'cm';
    case Inch = 'in';

    public function jsonSerialize(): mixed
    {
        return $this->value;
    }
}

abstract class Base
{
    abstract public function area(): float;
}

final class Box extends Base implements Shape
{
    use Loggable;

    const SIDES = 4, CORNERS = 4;

    public function __construct(private float $w, private float $h)
    {
        parent::__construct();
    }

    public static function square(float $s): static
    {
        return new static($s, $s);
    }

    public function area(): float
    {
        $this->log('area');
        $total = helper($this->w) * $this->h;
        return format_area(\round($total, PRECISION));
    }

    public function count(): int
    {
        return self::SIDES;
    }
}

function helper(float $x): float
{
    $box = new Box($x, $x);
    $circle = new \App\Shapes\Circle($x);
    return max($box->area(), $circle?->area() ?? 0.0);
}
$src$, 'php')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";

-- braced namespaces (named and global), multi-clause and grouped use
-- function imports, trait use with an adaptation block, anonymous classes
-- and closures, a conditional function, includes without a literal target,
-- a call chain (a callee never takes in another call's arguments)
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
<?php
namespace Lib\Http {
    use Psr\Log\LoggerInterface, Psr\Http\Message\RequestInterface as Req;
    use function Lib\Util\{tap, retry as again};

    #[\Attribute]
    class Controller extends \Lib\Base\Controller
    {
        use \Lib\Traits\Caching, Macroable {
            Macroable::__call as macroCall;
        }

        public function handle(Req $r): mixed
        {
            $wrap = fn($x) => namespace\wrap($x);
            $anon = new class($r) extends Handler {};
            $h = $r->getHeader('x')[0] ?? static::fallback();
            $this->query()->where('a', 1)->first();
            return $wrap($h);
        }
    }
}

namespace {
    if (!function_exists('env')) {
        function env(string $key) { return getenv($key); }
    }
    $loader = function ($class) { require_once $class; };
    include $file;
    require_once(__DIR__ . "/vendor/autoload.php");
}
$src$, 'php')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";
