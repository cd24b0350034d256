#!/bin/sh
# test/fuzz/resolve_seeds.sh DIR: seeds for fuzz_resolve, one import each in
# the layout fuzz_resolve.c describes: three bytes (language index in the
# core's table, form index, flags), then the importer, target, member and
# form lines and the search entries.  Forms: 0 include, 1 import, 2 from,
# 3 mod, 4 use, 6 require, 9 require_relative.  \033 and a count byte
# repeat the line so far.
set -eu
dir=$1
mkdir -p "$dir"

seed()
{
	printf "$2" >"$dir/$1"
}

# one ordinary import per language
seed c-quoted '\000\000\000src/app/main.c\n"box.h"\n\n\nIinclude\nIsrc/lib\n'
seed cpp-angle '\001\000\000src/geom/shape.cpp\n<lib/str.h>\n\n\nIinclude\n'
seed python-from '\002\002\001pkg/sub/mod.py\n..models\nviews\n\nRsrc\n'
seed python-import '\002\001\000src/app/main.py\napp.util.text\n\n\nRsrc\nRlib\n'
seed javascript-relative '\003\001\000web/main.js\n./lib/a.js\n\n\n'
seed typescript-paths '\004\001\000web/main.ts\n@app/util\n\n\nA@app/*\tsrc/app/*\nA\tweb\nP@acme/ui\tpackages/ui/src/index.ts\n'
seed tsx-index '\005\001\000web/App.tsx\n../components/\n\n\n'
seed go-module '\006\001\000cmd/x/main.go\nexample.com/m/pkg/util\n\n\nPexample.com/m\t.\nPexample.com/m/inner\tinner\nPstd\tgo/src\n'
seed java-static '\007\016\000src/main/java/a/App.java\ncom.acme.util.Strings.join\n\n\nRsrc/main/java\nRsrc/test/java\n'
seed rust-mod '\010\003\000src/net/http.rs\nr#async\n\n\n'
seed rust-use '\010\004\000src/net/http.rs\nsuper::super::util::parse\n\n\n'
seed ruby-relative '\011\011\000lib/a/b.rb\n../c\n\n\n'
seed ruby-require '\011\006\000app/models/x.rb\nfoo/bar\n\n\nRlib\nRgems/x/lib\n'
seed php-dir '\013\000\000src/a/b.php\ndirname(__DIR__,2)."/lib/c.php"\n\n\nRshared\n'
seed php-use '\013\004\000src/a.php\n\\App\\Models\\User\n\n\nPApp\\\tsrc\nPApp\\Models\\\tmodels\n'

# hostile: climbing, absolute paths, NUL bytes, long names, many dirs
seed c-climb '\000\000\000a/b/c.c\n"../../../../etc/passwd"\n\n\nI../..\nI/usr/include\n'
seed c-absolute '\001\000\000a.c\n</etc/passwd>\n\n\nI/\nI.\n'
seed c-nul '\000\000\000a.c\n"x.h\000../../y"\n\n\nIinc\000/../..\n'
seed c-long '\000\000\000a.c\n"x\033\377\033\020.h"\n\n\nIinc\n'
seed c-many-dirs '\000\000\000x.c\n"y.h"\n\n\nIinc\n*\377\n0\n*\377\n'
seed python-dots '\002\002\001a/b/c.py\n.\033\377x\nm\n\nRa\n'
seed python-long-root '\002\001\000src/m.py\nx.y\n\n\nRr\033\377\033\020\nRsrc\n'
seed js-up '\003\001\000a.js\n../\033\377x\n\n\n'
seed ts-alias-star '\004\001\000w/a.ts\nAAxB\n\n\nA*\t../*\nAA*B\t*/../../*\nA\t/abs\n'
seed go-dotdot '\006\001\000a/b/c.go\nexample.com/m/../../x\n\n\nPexample.com/m\t..\nPexample.com\t/abs\n'
seed rust-crate '\010\004\000x/src/a/b.rs\ncrate::\033\100\n\n\n'
seed php-levels '\013\000\000a/b.php\ndirname(__FILE__,64)."/x.php"\n\n\n'

# odd unicode: accents, a fullwidth solidus, a right-to-left mark, bad UTF-8
seed python-unicode '\002\001\000pkg/\303\251/m.py\nmodul\303\251.\303\274n\303\257\n\n\nR\357\274\217\n'
seed js-rtl '\003\001\000\342\200\217/a.js\n./\342\200\256b\n\n\n'
seed go-bad-utf8 '\006\001\000a.go\nex.com/\377\376\n\n\nPex.com\t\300\257\n'

# no language, a form given as text, and allocations that fail
seed no-language '\377\000\000a.c\n"x.h"\n\n\n'
seed form-text '\003\377\000a.js\n./x\n\nrequire\n'
seed nomem '\000\000\040src/a.c\n"b.h"\n\n\nIinc\n*\100\n'
