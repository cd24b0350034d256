/*-------------------------------------------------------------------------
 *
 * test_core.c
 *		Unit tests of the core, run without a server (make unittest).
 *
 * With arguments it is also a developer tool:
 *		test_core dump LANGUAGE FILE [QUERY.scm]
 *			print the facts extracted from FILE, with the built-in query or
 *			the one in QUERY.scm (to try a query without rebuilding)
 *
 * Without arguments it runs every test and prints "N passed, N failed".
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "cm_alloc.h"
#include "cm_error.h"
#include "cm_extract.h"
#include "cm_grammars.h"
#include "cm_language.h"
#include "cm_query.h"
#include "cm_resolve.h"
#include "cm_text.h"
#include "readfile.h"
#include "region.h"
#include "check.h"

CHECK_COUNTERS;

static CmQuery *queries[CM_LANG_COUNT];

static CmQuery *
query_for(const char *lang_name)
{
	const CmLanguageInfo *lang = cm_language_by_name(lang_name);
	CmError		err;

	if (lang == NULL)
	{
		fprintf(stderr, "unrecognized language \"%s\"\n", lang_name);
		exit(2);
	}
	if (queries[lang->id] == NULL &&
		cm_query_new(lang->id, &cm_libc_allocator, &queries[lang->id],
					 &err) != CM_OK)
	{
		fprintf(stderr, "%s\n", err.text);
		exit(2);
	}
	return queries[lang->id];
}

/* The contents of path, or exit: the tool has nothing to do without them. */
static char *
read_file(const char *path, size_t *len)
{
	char	   *buf = test_read_file(path, len);

	if (buf == NULL)
	{
		perror(path);
		exit(2);
	}
	return buf;
}

static int
never_stop(void *arg)
{
	return 0;
}

static int
dump(const char *lang_name, const char *path, const char *query_path)
{
	CmQuery    *q = NULL;
	size_t		len;
	char	   *src = read_file(path, &len);
	CmExtraction ex;
	CmError		err;
	CmExtractOptions opt = {0};

	opt.list_errors = 1;
	opt.no_tree_free = 1;		/* as in the server: memory goes at once */
	opt.progress = never_stop;	/* as in the server: parse in time slices */
	opt.progress_us = 50000;
	if (query_path == NULL)
		q = query_for(lang_name);
	else
	{
		size_t		qlen;
		char	   *qsrc = read_file(query_path, &qlen);

		if (cm_language_by_name(lang_name) == NULL)
		{
			fprintf(stderr, "unrecognized language \"%s\"\n", lang_name);
			return 2;
		}
		if (cm_query_new_from_source(cm_language_by_name(lang_name)->id, qsrc,
									 &cm_libc_allocator, &q, &err) != CM_OK)
		{
			fprintf(stderr, "query: %s (byte %zu)\n", err.text, err.offset);
			return 1;
		}
	}
	test_region_use();
	if (cm_extract(q, src, len, &opt, &cm_libc_allocator, &ex, &err) != CM_OK)
	{
		fprintf(stderr, "extract: %s\n", err.text);
		return 1;
	}
	for (size_t i = 0; i < ex.nfacts; i++)
	{
		CmFact	   *f = &ex.facts[i];

		printf("%-10s | %-16s | %-20s | %-30s | %u:%u-%u:%u | %s\n",
			   cm_fact_kind_name(f->kind), f->symbol_kind,
			   f->name ? f->name : "", f->qualname ? f->qualname : "",
			   f->start_line, f->start_col, f->end_line, f->end_col,
			   f->detail ? f->detail : "");
	}
	printf("errors: %zu error nodes, %zu missing nodes\n", ex.error_nodes,
		   ex.missing_nodes);
	printf("parser memory: %zu bytes for %zu bytes of source\n",
		   test_region_bytes(), len);
	for (size_t i = 0; i < ex.nerrors; i++)
		printf("  %s at %u:%u-%u:%u\n", ex.errors[i].missing ? "MISSING" : "ERROR",
			   ex.errors[i].start_line, ex.errors[i].start_col,
			   ex.errors[i].end_line, ex.errors[i].end_col);
	cm_extraction_free(&ex);
	test_region_reset();
	test_region_unuse();
	free(src);
	return 0;
}

/* ---------------------------------------------------------------------- */

static const char *
detect(const char *path, const char *source)
{
	const CmLanguageInfo *lang =
		cm_language_detect(path, source, source ? strlen(source) : 0);

	return lang ? lang->name : "(null)";
}

static void
test_detect(void)
{
	static const struct
	{
		const char *path;
		const char *source;
		const char *expected;
	}			cases[] = {
		{"a/b/c.py", NULL, "python"},
		{"x.PY", NULL, "python"},
		{"main.c", NULL, "c"},
		{"util.h", "int f(void);\n", "c"},
		{"util.h", "namespace x {\nclass Y {};\n}\n", "cpp"},
		{"util.h", "class Y {};\n", "cpp"},
		{"util.h", "/* class Y */\nint f(void);\n", "c"},
		{"box.hpp", NULL, "cpp"},
		{"app.jsx", NULL, "javascript"},
		{"app.mjs", NULL, "javascript"},
		{"types.d.ts", NULL, "typescript"},
		{"view.tsx", NULL, "tsx"},
		{"main.go", NULL, "go"},
		{"Box.java", NULL, "java"},
		{"lib.rs", NULL, "rust"},
		{"Rakefile", NULL, "ruby"},
		{"a.gemspec", NULL, "ruby"},
		{"Program.cs", NULL, "csharp"},
		{"index.php", NULL, "php"},
		{"bin/tool", "#!/usr/bin/env python3\nprint(1)\n", "python"},
		{"bin/tool", "#!/usr/bin/python3.11\n", "python"},
		{"bin/tool", "#!/usr/bin/env -S node --harmony\n", "javascript"},
		{"bin/tool", "#!/usr/bin/ruby -w\n", "ruby"},
		{"bin/tool", "<?php echo 1;", "php"},
		{"bin/tool", "#!/bin/sh\n", "(null)"},
		{"README", "hello", "(null)"},
		{"Makefile", NULL, "(null)"},
		{".py", NULL, "(null)"},
		{"dir.py/file", NULL, "(null)"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		const char *got = detect(cases[i].path, cases[i].source);

		CHECK(strcmp(got, cases[i].expected) == 0,
			  "detect(%s) = %s, expected %s", cases[i].path, got,
			  cases[i].expected);
	}
}

static void
test_arena(void)
{
	CmArena		arena;
	char	   *last = NULL;

	cm_arena_init(&arena, &cm_libc_allocator);
	for (int i = 0; i < 100000; i++)
	{
		char	   *s = cm_arena_strndup(&arena, "abcdef", 3);

		if (s == NULL || strcmp(s, "abc") != 0 || s == last)
		{
			CHECK(0, "arena strndup %d", i);
			break;
		}
		last = s;
	}
	CHECK(cm_arena_alloc(&arena, 3 * 1024 * 1024) != NULL,
		  "an allocation larger than a block");
	CHECK(cm_arena_alloc(&arena, (size_t) -1) == NULL,
		  "an impossible allocation fails cleanly");
	cm_arena_free(&arena);
	CHECK(arena.blocks == NULL, "arena empty after free");
}

static void
test_queries_compile(void)
{
	for (int id = 0; id < CM_LANG_COUNT; id++)
	{
		CmQuery    *q = NULL;
		CmError		err;
		CmStatus	st = cm_query_new((CmLanguageId) id, &cm_libc_allocator,
									  &q, &err);

		CHECK(st == CM_OK, "query of %s: %s", cm_language_get(id)->name,
			  st == CM_OK ? "" : err.text);
		CHECK(ts_language_version(cm_grammar(id)) <= TREE_SITTER_LANGUAGE_VERSION &&
			  ts_language_version(cm_grammar(id)) >= TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION,
			  "grammar ABI of %s", cm_language_get(id)->name);
		cm_query_free(q);
	}
}

/* Count facts of a kind/name pair, and look one up. */
static const CmFact *
find_fact(const CmExtraction *ex, CmFactKind kind, const char *qualname,
		  const char *detail)
{
	for (size_t i = 0; i < ex->nfacts; i++)
	{
		const CmFact *f = &ex->facts[i];

		if (f->kind == kind &&
			(qualname == NULL || (f->qualname && strcmp(f->qualname, qualname) == 0)) &&
			(detail == NULL || (f->detail && strcmp(f->detail, detail) == 0)))
			return f;
	}
	return NULL;
}

static int	stop_after;

static int
stop_progress(void *arg)
{
	int		   *calls = arg;

	return ++*calls > stop_after;
}

static void
test_extract_basics(void)
{
	CmExtraction ex;
	CmError		err;
	const char *py =
		"import os.path\n"
		"from .models import Box as B, Crate\n"
		"class Box(Base):\n"
		"    def target_fn(self):\n"
		"        return helper(1)\n";
	const char *rs = "use crate::util::{helper, io::{self, Read as R}};\n";
	const char *ts = "import {type T, U as V, default as W} from './t';\n";
	const CmFact *f;
	int			n;

	CHECK(cm_extract(query_for("python"), py, strlen(py), NULL,
					 &cm_libc_allocator, &ex, &err) == CM_OK, "extract python");
	f = find_fact(&ex, CM_FACT_DEFINITION, "Box.target_fn", NULL);
	CHECK(f != NULL && strcmp(f->symbol_kind, "method") == 0 &&
		  f->start_line == 4 && f->end_line == 5, "method Box.target_fn");
	CHECK(find_fact(&ex, CM_FACT_IMPORT, NULL, "os.path") != NULL,
		  "import os.path");
	f = find_fact(&ex, CM_FACT_IMPORT, "B", ".models");
	CHECK(f != NULL && f->name && strcmp(f->name, "Box") == 0,
		  "from .models import Box as B");
	f = find_fact(&ex, CM_FACT_REFERENCE, "helper", NULL);
	CHECK(f != NULL && f->detail && strcmp(f->detail, "Box.target_fn") == 0,
		  "call helper() inside Box.target_fn");
	f = find_fact(&ex, CM_FACT_REFERENCE, "Base", NULL);
	CHECK(f != NULL && strcmp(f->symbol_kind, "inherit") == 0, "class Box(Base)");
	cm_extraction_free(&ex);

	CHECK(cm_extract(query_for("rust"), rs, strlen(rs), NULL,
					 &cm_libc_allocator, &ex, &err) == CM_OK, "extract rust");
	CHECK(find_fact(&ex, CM_FACT_IMPORT, NULL, "crate::util::helper") != NULL,
		  "use-list item");
	CHECK(find_fact(&ex, CM_FACT_IMPORT, NULL, "crate::util::io") != NULL,
		  "use-list self");
	CHECK(find_fact(&ex, CM_FACT_IMPORT, "R", "crate::util::io::Read") != NULL,
		  "use-list alias");
	cm_extraction_free(&ex);

	/* member lists: one fact per member, a "type" modifier is no member */
	CHECK(cm_extract(query_for("typescript"), ts, strlen(ts), NULL,
					 &cm_libc_allocator, &ex, &err) == CM_OK, "extract typescript");
	f = find_fact(&ex, CM_FACT_IMPORT, "V", "./t");
	CHECK(f != NULL && f->name && strcmp(f->name, "U") == 0, "member with alias");
	n = 0;
	for (size_t i = 0; i < ex.nfacts; i++)
		if (ex.facts[i].kind == CM_FACT_IMPORT && ex.facts[i].name &&
			strcmp(ex.facts[i].name, "type") == 0)
			n++;
	CHECK(n == 0, "\"type\" is a modifier, not a member");
	CHECK(find_fact(&ex, CM_FACT_IMPORT, NULL, "./t") != NULL &&
		  ex.nfacts == 3, "three members: T, U, default");
	cm_extraction_free(&ex);
}

/*
 * Every #include the preprocessor reads is an import fact, once: also
 * inside an initializer and after a large syntax error region; none from
 * comments, strings or other directives.
 */
static void
test_extract_includes(void)
{
	CmExtraction ex;
	CmError		err;
	char		got[1024] = "";
	size_t		used = 0;
	size_t		junk = 20000;
	const char *head =
		"#include \"a.h\"\n"
		"  #  include <b/c.h> // trailing\n"
		"/* #include \"no1.h\"\n"
		"#include \"no2.h\" */ #include \"e.h\"\n"
		"char *s = \"/*\";\n"
		"#include \"d.h\"\n"
		"int t[] = {\n"
		"#include \"table.h\"\n"
		"};\n"
		"#include_next <no4.h>\n"
		"#include MACRO\n"
		"#include \"unterminated.h\n"
		"#include <>\n";
	const char *tail = "\n#include \"after.h\"\n";
	size_t		len = strlen(head) + junk + strlen(tail);
	char	   *src = malloc(len + 1);

	/* a region of tokens C cannot place, far over the 8 kB searched */
	strcpy(src, head);
	for (size_t i = 0; i < junk; i++)
		src[strlen(head) + i] = "@) ]"[i % 4];
	strcpy(src + strlen(head) + junk, tail);

	CHECK(cm_extract(query_for("c"), src, len, NULL, &cm_libc_allocator, &ex,
					 &err) == CM_OK, "C with includes everywhere");
	for (size_t i = 0; i < ex.nfacts; i++)
		if (ex.facts[i].kind == CM_FACT_IMPORT)
			used += snprintf(got + used, sizeof(got) - used, "%s%s@%u:%u",
							 used ? " " : "", ex.facts[i].detail,
							 ex.facts[i].start_line, ex.facts[i].start_col);
	/*
	 * A comment is a blank to the preprocessor: "e.h" starts its logical
	 * line.  "<>" names nothing, but the query reports what is written.
	 */
	CHECK(strcmp(got, "\"a.h\"@1:1 <b/c.h>@2:3 \"e.h\"@4:21 \"d.h\"@6:1 "
				 "\"table.h\"@8:1 <>@13:1 \"after.h\"@15:1") == 0,
		  "includes read like the preprocessor: got %s", got);
	CHECK(ex.error_skipped, "the junk was a region too large to search");
	cm_extraction_free(&ex);
	free(src);
}

/* "/// <reference path>" directives before the first statement */
static void
test_extract_references(void)
{
	CmExtraction ex;
	CmError		err;
	char		got[512] = "";
	size_t		used = 0;
	const char *ts =
		"/* header */\n"
		"/// <reference path=\"./globals.d.ts\" />\n"
		"/// <reference types=\"node\" />\n"
		"// a comment\n"
		"///<reference path='other.ts'/>\n"
		"import { a } from './a';\n"
		"/// <reference path=\"late.d.ts\" />\n";
	const char *open_comment = "/// <reference path=\"x.ts\" />\n/* never closed";

	CHECK(cm_extract(query_for("typescript"), ts, strlen(ts), NULL,
					 &cm_libc_allocator, &ex, &err) == CM_OK, "references");
	for (size_t i = 0; i < ex.nfacts; i++)
		if (ex.facts[i].kind == CM_FACT_IMPORT)
			used += snprintf(got + used, sizeof(got) - used, "%s%s:%s@%u",
							 used ? " " : "", ex.facts[i].symbol_kind,
							 ex.facts[i].detail, ex.facts[i].start_line);
	CHECK(strcmp(got, "reference:./globals.d.ts@2 reference:other.ts@5 "
				 "import:./a@6") == 0, "reference directives: got %s", got);
	cm_extraction_free(&ex);

	CHECK(cm_extract(query_for("typescript"), open_comment, strlen(open_comment),
					 NULL, &cm_libc_allocator, &ex, &err) == CM_OK &&
		  ex.nfacts == 1, "a comment left open ends the directives");
	cm_extraction_free(&ex);
}

/* tsconfig.json's dialect into JSON */
static void
test_jsonc(void)
{
	static const struct
	{
		const char *in;
		const char *out;
	}			cases[] = {
		{"{\"a\": 1, // note\n \"b\": [1, 2,],}",
		"{\"a\": 1,  \n \"b\": [1, 2 ] }"},
		{"/* head */{\"p\": \"//not a comment/*\", \"q\": \"\\\"\"}",
		" {\"p\": \"//not a comment/*\", \"q\": \"\\\"\"}"},
		{"[1, /* x */ ]", "[1    ]"},
		{"{\"open\": \"no end", "{\"open\": \"no end"},
		{"[1 /* unterminated", "[1  "},
		{"", ""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		out[256];
		size_t		n = cm_jsonc_to_json(cases[i].in, strlen(cases[i].in), out);

		out[n] = '\0';
		CHECK(n <= strlen(cases[i].in) && strcmp(out, cases[i].out) == 0,
			  "jsonc \"%s\": got \"%s\"", cases[i].in, out);
	}
}

static void
test_errors_and_cancel(void)
{
	CmExtraction ex;
	CmError		err;
	CmExtractOptions opt = {0};
	size_t		n = 300000;
	char	   *deep = malloc(n + 1);
	int			calls = 0;
	const char *broken = "def f(:\n    return 1\nclass\n";

	CHECK(cm_extract(query_for("python"), broken, strlen(broken), NULL,
					 &cm_libc_allocator, &ex, &err) == CM_OK, "broken python");
	CHECK(ex.error_nodes + ex.missing_nodes > 0, "syntax errors counted");
	cm_extraction_free(&ex);

	/*
	 * Deep unfinished nesting parses, and with tree-sitter's memory in a
	 * region the runtime's faulty tree deletion is never reached.
	 */
	memset(deep, '(', n);
	deep[n] = '\0';
	(void) query_for("c");		/* compiled outside the region */
	test_region_use();
	opt.no_tree_free = 1;
	CHECK(cm_extract(query_for("c"), deep, n, &opt, &cm_libc_allocator, &ex,
					 &err) == CM_OK, "300000 open parentheses");
	CHECK(ex.error_nodes + ex.missing_nodes > 0, "deep nesting has errors");
	cm_extraction_free(&ex);

	/* a progress callback that says stop cancels cleanly */
	opt.progress = stop_progress;
	opt.progress_arg = &calls;
	opt.progress_us = 1000;
	stop_after = 0;
	CHECK(cm_extract(query_for("c"), deep, n, &opt, &cm_libc_allocator, &ex,
					 &err) == CM_ERR_CANCELED, "canceled parse");
	cm_extraction_free(&ex);
	test_region_reset();
	test_region_unuse();
	free(deep);
}

/* ---------------------------------------------------------------------- */
/* import candidates */

/*
 * The candidates of one import joined with "|", "" when there are none,
 * or "ERROR: ..." when the call fails.  The result stays valid until the
 * next call.
 */
static const char *
resolve_in(const char *lang_name, const char *importer, const char *target,
		   const char *form, const char *member, const CmImportSearch *search)
{
	static char buf[64 * 1024];
	CmArena		arena;
	CmPathList	list;
	CmError		err;
	size_t		used = 0;

	cm_arena_init(&arena, &cm_libc_allocator);
	if (cm_import_candidates(cm_language_by_name(lang_name), importer, target,
							 form, member, search, &arena, &list,
							 &err) != CM_OK)
		snprintf(buf, sizeof(buf), "ERROR: %s", err.text);
	else
	{
		buf[0] = '\0';
		for (size_t i = 0; i < list.n && used < sizeof(buf); i++)
			used += snprintf(buf + used, sizeof(buf) - used, "%s%s",
							 i ? "|" : "", list.paths[i]);
	}
	cm_arena_free(&arena);
	return buf;
}

/* resolve_in() with include dirs and source roots only */
static const char *
resolve(const char *lang_name, const char *importer, const char *target,
		const char *form, const char *member,
		const char *const *include_dirs, size_t n_include_dirs,
		const char *const *source_roots, size_t n_source_roots)
{
	CmImportSearch search = {include_dirs, n_include_dirs,
	source_roots, n_source_roots, NULL, 0};

	return resolve_in(lang_name, importer, target, form, member, &search);
}

typedef struct ResolveCase
{
	const char *lang;
	const char *importer;
	const char *target;
	const char *form;
	const char *member;
	const char *expected;
} ResolveCase;

static void
check_resolve_cases(const ResolveCase *cases, size_t n,
					const char *const *dirs, size_t ndirs,
					const char *const *roots, size_t nroots)
{
	for (size_t i = 0; i < n; i++)
	{
		const ResolveCase *rc = &cases[i];
		const char *got = resolve(rc->lang, rc->importer, rc->target,
								  rc->form, rc->member, dirs, ndirs,
								  roots, nroots);

		CHECK(strcmp(got, rc->expected) == 0,
			  "%s import \"%s\" (%s, member %s) from \"%s\":\n  got      %s\n  expected %s",
			  rc->lang, rc->target, rc->form,
			  rc->member ? rc->member : "NULL", rc->importer, got,
			  rc->expected);
	}
}

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))

static void
test_resolve_c(void)
{
	static const char *const dirs[] = {
		"include", "./src/", "include//", "/usr/include", "../outside", NULL
	};
	static const ResolveCase cases[] = {
		{"c", "src/app/main.c", "\"box.h\"", "include", NULL,
		"src/app/box.h|include/box.h|src/box.h"},
		{"c", "src/app/main.c", "<stdio.h>", "include", NULL,
		"include/stdio.h|src/stdio.h"},
		{"c", "main.c", "\"util/strings.h\"", "include", NULL,
		"util/strings.h|include/util/strings.h|src/util/strings.h"},
		/* the importer's dir and an include dir meet: listed once */
		{"c", "src/app/main.c", "\"../common/x.h\"", "include", NULL,
		"src/common/x.h|common/x.h"},
		{"c", "src/app/main.c", "\"./a//b/./c.h\"", "include", NULL,
		"src/app/a/b/c.h|include/a/b/c.h|src/a/b/c.h"},
		{"c", "./src//app/../lib/x.c", "\"y.h\"", "include", NULL,
		"src/lib/y.h|include/y.h|src/y.h"},
		/* climbing above the root drops the candidate, not the list */
		{"c", "src/a.c", "\"../../x.h\"", "include", NULL, ""},
		{"c", "src/a/b.c", "\"../../x.h\"", "include", NULL, "x.h"},
		{"c", "../a.c", "\"x.h\"", "include", NULL,
		"include/x.h|src/x.h"},
		{"c", "src/a.c", "\"a b.h\"", "include", NULL,
		"src/a b.h|include/a b.h"},
		{"c", "a.c", "\"it's \"x\".h\"", "include", NULL,
		"it's \"x\".h|include/it's \"x\".h|src/it's \"x\".h"},
		{"c", "a.c", "\"/usr/include/stdio.h\"", "include", NULL, ""},
		{"c", "a.c", "CONFIG_H", "include", NULL, ""},
		{"c", "a.c", "\"\"", "include", NULL, ""},
		{"c", "a.c", "<>", "include", NULL, ""},
		{"c", "a.c", "\"", "include", NULL, ""},
		{"c", "a.c", "\"x.h>", "include", NULL, ""},
		{"c", "a.c", "", "include", NULL, ""},
		{"c", "a.c", "\"x.h\"", "import", NULL, ""},
		{"cpp", "src/app/main.cpp", "\"geometry/shape.h\"", "include", NULL,
		"src/app/geometry/shape.h|include/geometry/shape.h|src/geometry/shape.h"},
		{"cpp", "src/app/main.cpp", "<vector>", "include", NULL,
		"include/vector|src/vector"},
		{"cpp", "src/app/main.cpp", "std::string", "using", NULL, ""},
	};

	check_resolve_cases(cases, NCASES(cases), dirs, NCASES(dirs), NULL, 0);

	/* no include dirs: a system header has no candidate at all */
	CHECK(strcmp(resolve("c", "a.c", "<stdio.h>", "include", NULL, NULL, 0,
						 NULL, 0), "") == 0, "<stdio.h> without include dirs");
	CHECK(strcmp(resolve("c", "lib/a.c", "\"x.h\"", "include", NULL, NULL, 5,
						 NULL, 0), "lib/x.h") == 0,
		  "NULL include dir array with a count");
}

static void
test_resolve_go(void)
{
	static const char *const packages[] = {
		"std\t", "cmd\tcmd", "example.com/m\tsvc", "example.com/m/api\tapi",
		"example.com/x\t/abs", "no-tab", "\tempty", "example.com/other\tsvc/inner",
		NULL
	};
	CmImportSearch search = {NULL, 0, NULL, 0, packages, NCASES(packages)};
	static const struct
	{
		const char *importer;
		const char *target;
		const char *expected;
	}			cases[] = {
		/* nearest vendor directory first, then the modules */
		{"net/http/server.go", "golang.org/x/net/idna",
		"net/http/vendor/golang.org/x/net/idna/|net/vendor/golang.org/x/net/idna/|vendor/golang.org/x/net/idna/"},
		{"net/http/server.go", "fmt",
		"net/http/vendor/fmt/|net/vendor/fmt/|vendor/fmt/|fmt/"},
		{"main.go", "cmd/go/internal/base", "vendor/cmd/go/internal/base/|cmd/go/internal/base/"},
		/* the longest module path first; a prefix must end at a "/" */
		{"main.go", "example.com/m/api/v1",
		"vendor/example.com/m/api/v1/|api/v1/|svc/api/v1/"},
		{"main.go", "example.com/m", "vendor/example.com/m/|svc/"},
		{"main.go", "example.com/mx", "vendor/example.com/mx/"},
		/* a directory with a go.mod of its own is no longer the outer module's */
		{"main.go", "example.com/m/inner/p", "vendor/example.com/m/inner/p/"},
		{"main.go", "example.com/m/innerx", "vendor/example.com/m/innerx/|svc/innerx/"},
		{"main.go", "example.com/other/p", "vendor/example.com/other/p/|svc/inner/p/"},
		/* an absolute module dir is outside the repository */
		{"main.go", "example.com/x/y", "vendor/example.com/x/y/"},
		/* paths the go command rejects */
		{"main.go", "./util", ""},
		{"main.go", "../util", ""},
		{"main.go", "a/../b", ""},
		{"main.go", "a//b", ""},
		{"main.go", "/abs", ""},
		{"main.go", "a b", ""},
		{"main.go", "", ""},
	};

	for (size_t i = 0; i < NCASES(cases); i++)
	{
		const char *got = resolve_in("go", cases[i].importer, cases[i].target,
									 "import", NULL, &search);

		CHECK(strcmp(got, cases[i].expected) == 0,
			  "go import \"%s\" from \"%s\":\n  got      %s\n  expected %s",
			  cases[i].target, cases[i].importer, got, cases[i].expected);
	}
	CHECK(strcmp(resolve_in("go", "a.go", "fmt", "use", NULL, &search), "") == 0,
		  "go: only import declarations");
	CHECK(strcmp(resolve_in("go", "a.go", "fmt", "import", NULL, NULL),
				 "vendor/fmt/") == 0, "go without packages: vendor only");
}

/* bare specifiers through tsconfig's paths and baseUrl */
static void
test_resolve_ts_paths(void)
{
	static const char *const aliases[] = {
		"@app/*\tsrc/app/*", "@app/*\tgen/app/*", "@app/core/*\tcore/*",
		"config\tsrc/config.ts", "~*\tsrc/*", "\tsrc", "bad", "x\t/abs", NULL
	};
	CmImportSearch search = {NULL, 0, NULL, 0, NULL, 0, aliases, NCASES(aliases)};
	static const struct
	{
		const char *lang;
		const char *target;
		const char *expected;
	}			cases[] = {
		/* each substitution of the best pattern, then below baseUrl */
		{"typescript", "@app/util",
			"src/app/util.ts|src/app/util.tsx|src/app/util.d.ts|src/app/util.js|"
			"src/app/util.jsx|src/app/util.mjs|src/app/util.cjs|src/app/util.json|"
			"src/app/util/index.ts|src/app/util/index.tsx|src/app/util/index.d.ts|"
			"src/app/util/index.js|src/app/util/index.jsx|src/app/util/index.mjs|"
			"src/app/util/index.cjs|src/app/util/index.json|"
			"gen/app/util.ts|gen/app/util.tsx|gen/app/util.d.ts|gen/app/util.js|"
			"gen/app/util.jsx|gen/app/util.mjs|gen/app/util.cjs|gen/app/util.json|"
			"gen/app/util/index.ts|gen/app/util/index.tsx|gen/app/util/index.d.ts|"
			"gen/app/util/index.js|gen/app/util/index.jsx|gen/app/util/index.mjs|"
			"gen/app/util/index.cjs|gen/app/util/index.json|"
			"src/@app/util.ts|src/@app/util.tsx|src/@app/util.d.ts|src/@app/util.js|"
			"src/@app/util.jsx|src/@app/util.mjs|src/@app/util.cjs|src/@app/util.json|"
			"src/@app/util/index.ts|src/@app/util/index.tsx|src/@app/util/index.d.ts|"
			"src/@app/util/index.js|src/@app/util/index.jsx|src/@app/util/index.mjs|"
		"src/@app/util/index.cjs|src/@app/util/index.json"},
		/* the longest text before the "*" wins */
		{"javascript", "@app/core/x.js",
			"core/x.js|core/x.js.js|core/x.js.jsx|core/x.js.mjs|core/x.js.cjs|"
			"core/x.js.json|core/x.js.ts|core/x.js.tsx|core/x.js/index.js|"
			"core/x.js/index.jsx|core/x.js/index.mjs|core/x.js/index.cjs|"
			"core/x.js/index.json|core/x.js/index.ts|core/x.js/index.tsx|"
			"src/@app/core/x.js|src/@app/core/x.js.js|src/@app/core/x.js.jsx|"
			"src/@app/core/x.js.mjs|src/@app/core/x.js.cjs|src/@app/core/x.js.json|"
			"src/@app/core/x.js.ts|src/@app/core/x.js.tsx|src/@app/core/x.js/index.js|"
			"src/@app/core/x.js/index.jsx|src/@app/core/x.js/index.mjs|"
			"src/@app/core/x.js/index.cjs|src/@app/core/x.js/index.json|"
		"src/@app/core/x.js/index.ts|src/@app/core/x.js/index.tsx"},
		/* an exact pattern beats a wildcard one */
		{"typescript", "config",
			"src/config.ts|src/config.ts.ts|src/config.ts.tsx|src/config.ts.d.ts|"
			"src/config.ts.js|src/config.ts.jsx|src/config.ts.mjs|src/config.ts.cjs|"
			"src/config.ts.json|src/config.ts/index.ts|src/config.ts/index.tsx|"
			"src/config.ts/index.d.ts|src/config.ts/index.js|src/config.ts/index.jsx|"
			"src/config.ts/index.mjs|src/config.ts/index.cjs|src/config.ts/index.json|"
			"src/config.tsx|src/config.d.ts|src/config.js|src/config.jsx|"
			"src/config.mjs|src/config.cjs|src/config.json|src/config/index.ts|"
			"src/config/index.tsx|src/config/index.d.ts|src/config/index.js|"
			"src/config/index.jsx|src/config/index.mjs|src/config/index.cjs|"
		"src/config/index.json"},
		/*
		 * Through "~*" the path climbs out of the repository and is
		 * dropped; below baseUrl "~.." is a name that ".." takes back.
		 */
		{"javascript", "~../../x.js",
			"src/x.js|src/x.js.js|src/x.js.jsx|src/x.js.mjs|src/x.js.cjs|"
			"src/x.js.json|src/x.js.ts|src/x.js.tsx|src/x.js/index.js|"
			"src/x.js/index.jsx|src/x.js/index.mjs|src/x.js/index.cjs|"
		"src/x.js/index.json|src/x.js/index.ts|src/x.js/index.tsx"},
	};

	for (size_t i = 0; i < NCASES(cases); i++)
	{
		const char *got = resolve_in(cases[i].lang, "web/main.ts", cases[i].target,
									 "import", NULL, &search);

		CHECK(strcmp(got, cases[i].expected) == 0,
			  "%s import \"%s\" with paths:\n  got      %s\n  expected %s",
			  cases[i].lang, cases[i].target, got, cases[i].expected);
	}
	CHECK(strcmp(resolve_in("javascript", "a.js", "lodash", "import", NULL, NULL),
				 "") == 0, "a package name without aliases has no candidates");

	/* the repository's own packages come after paths and baseUrl */
	{
		static const char *const pkgs[] = {
			"@acme/ui\tpackages/ui/src/index.ts", "@acme/ui/*\tpackages/ui/src/*.ts"
		};
		CmImportSearch with_pkgs = {NULL, 0, NULL, 0, pkgs, 2, NULL, 0};

		CHECK(strncmp(resolve_in("typescript", "web/a.ts", "@acme/ui", "import",
								 NULL, &with_pkgs),
					  "packages/ui/src/index.ts|", 25) == 0,
			  "a workspace package by name");
		CHECK(strncmp(resolve_in("typescript", "web/a.ts", "@acme/ui/button",
								 "import", NULL, &with_pkgs),
					  "packages/ui/src/button.ts|", 26) == 0,
			  "a workspace package's subpath");
	}
}

/* Java package roots, Ruby's load path, PHP's PSR-4 map */
static void
test_resolve_java_ruby_php(void)
{
	static const char *const java_roots[] = {"src/main/java", "", "/abs"};
	static const char *const ruby_roots[] = {"gems/b/lib", "gems/a/lib", "lib"};
	static const char *const ruby_roots2[] = {"lib", "gems/b/lib", "gems/a/lib"};
	static const char *const psr4[] = {
		"App\\\tsrc", "App\\Tests\\\ttests", "Legacy\tno-backslash",
		"App\\Legacy\\\tlegacy", "App\\Legacy\\\told", NULL
	};
	CmImportSearch java = {NULL, 0, java_roots, 3, NULL, 0, NULL, 0};
	CmImportSearch ruby = {NULL, 0, ruby_roots, 3, NULL, 0, NULL, 0};
	CmImportSearch php = {NULL, 0, NULL, 0, psr4, NCASES(psr4), NULL, 0};
	CmImportSearch ruby2 = {NULL, 0, ruby_roots2, 3, NULL, 0, NULL, 0};
	static const struct
	{
		const char *lang;
		const char *importer;
		const char *target;
		const char *form;
		const char *expected;
		int			search;		/* 0 java, 1 ruby, 2 php, 3 ruby reordered */
	}			cases[] = {
		{"java", "x/A.java", "com.acme.Box", "import",
			"src/main/java/com/acme/Box.java|src/main/java/com/acme.java|"
		"src/main/java/com.java|com/acme/Box.java|com/acme.java|com.java", 0},
		{"java", "x/A.java", "com.acme.*", "import",
		"src/main/java/com/acme/|com/acme/", 0},
		{"java", "x/A.java", "com.acme.Box.area", "import_static",
			"src/main/java/com/acme/Box/area.java|src/main/java/com/acme/Box.java|"
			"src/main/java/com/acme.java|src/main/java/com.java|"
		"com/acme/Box/area.java|com/acme/Box.java|com/acme.java|com.java", 0},
		{"java", "x/A.java", "com..Box", "import", "", 0},
		{"java", "x/A.java", "*", "import", "", 0},
		/* the importer's own gem first */
		{"ruby", "gems/a/bin/tool", "a/cli", "require",
		"gems/a/lib/a/cli.rb|lib/a/cli.rb|gems/b/lib/a/cli.rb", 1},
		{"ruby", "app.rb", "tasks/setup.rb", "load",
		"lib/tasks/setup.rb|gems/b/lib/tasks/setup.rb|gems/a/lib/tasks/setup.rb", 1},
		{"ruby", "app.rb", "shapes/parser", "autoload",
			"lib/shapes/parser.rb|gems/b/lib/shapes/parser.rb|"
		"gems/a/lib/shapes/parser.rb", 1},
		{"ruby", "gems/a/lib/a.rb", "a/cli", "require",
		"gems/a/lib/a/cli.rb|lib/a/cli.rb|gems/b/lib/a/cli.rb", 3},
		/* the longest namespace prefix first */
		{"php", "a.php", "App\\Tests\\Unit\\BoxTest", "use",
		"tests/Unit/BoxTest.php|src/Tests/Unit/BoxTest.php", 2},
		{"php", "a.php", "\\App\\Models\\User", "use", "src/Models/User.php", 2},
		{"php", "a.php", "Appx\\User", "use", "", 2},
		/* every directory of a prefix, in order */
		{"php", "a.php", "App\\Legacy\\Mailer", "use",
		"legacy/Mailer.php|old/Mailer.php|src/Legacy/Mailer.php", 2},
		{"php", "a.php", "Legacy\\User", "use", "", 2},
		{"php", "a.php", "App\\", "use", "", 2},
		{"php", "a.php", "App\\..\\..\\x", "use", "", 2},
		{"php", "a.php", "App\\Support\\format", "use_function", "", 2},
	};
	const CmImportSearch *searches[] = {&java, &ruby, &php, &ruby2};

	for (size_t i = 0; i < NCASES(cases); i++)
	{
		const char *got = resolve_in(cases[i].lang, cases[i].importer,
									 cases[i].target, cases[i].form, NULL,
									 searches[cases[i].search]);

		CHECK(strcmp(got, cases[i].expected) == 0,
			  "%s %s \"%s\" from %s:\n  got      %s\n  expected %s",
			  cases[i].lang, cases[i].form, cases[i].target, cases[i].importer,
			  got, cases[i].expected);
	}
}

/*
 * A repository listing thousands of roots or packages: the searches stay
 * bounded (cm_resolve.h) and still find what a real root gives.
 */
static void
test_resolve_many_roots(void)
{
	enum
	{
		N = 2000
	};
	static char names[N + 1][32];
	static const char *roots[N + 1];
	static char long_target[601];
	CmImportSearch search = {NULL, 0, roots, N + 1, NULL, 0, NULL, 0};
	CmImportSearch php = {NULL, 0, NULL, 0, roots, N + 1, NULL, 0};
	const char *got;

	/* Java: roots above the repository's root lead nowhere; one real root */
	for (int i = 0; i < N; i++)
	{
		snprintf(names[i], sizeof(names[i]), "../up%d", i);
		roots[i] = names[i];
	}
	roots[N] = "src";
	for (size_t i = 0; i + 1 < sizeof(long_target); i += 2)
		memcpy(long_target + i, i + 2 < sizeof(long_target) ? "a." : "a", 2);
	long_target[sizeof(long_target) - 2] = 'a';
	long_target[sizeof(long_target) - 1] = '\0';
	got = resolve_in("java", "x/A.java", "com.acme.Box", "import", NULL, &search);
	CHECK(strcmp(got, "src/com/acme/Box.java|src/com/acme.java|src/com.java") == 0,
		  "java behind %d climbing roots: %s", N, got);
	got = resolve_in("java", "x/A.java", long_target, "import", NULL, &search);
	CHECK(strncmp(got, "src/a/a/a/", 10) == 0 && strncmp(got, "ERROR", 5) != 0,
		  "java, a 600-byte dotted name behind %d climbing roots: %.40s", N, got);

	/* Ruby: the importer's own gem first, whatever comes before it */
	for (int i = 0; i < N; i++)
	{
		snprintf(names[i], sizeof(names[i]), "gems/g%d/lib", i);
		roots[i] = names[i];
	}
	roots[N] = "gems/mine/lib";
	got = resolve_in("ruby", "gems/mine/bin/tool", "x", "require", NULL, &search);
	CHECK(strncmp(got, "gems/mine/lib/x.rb|gems/g0/lib/x.rb|gems/g1/lib/x.rb|", 52) == 0,
		  "ruby among %d roots: %.80s", N, got);

	/* PHP: the longest prefix first, among thousands that do not match */
	for (int i = 0; i < N; i++)
	{
		snprintf(names[i], sizeof(names[i]), "P%d\\\tsrc%d", i, i);
		roots[i] = names[i];
	}
	roots[N] = "App\\Models\\\tmodels";
	got = resolve_in("php", "a.php", "App\\Models\\User", "use", NULL, &php);
	CHECK(strcmp(got, "models/User.php") == 0, "php among %d packages: %s", N, got);
}

static void
test_resolve_python(void)
{
	static const char *const roots[] = {"src", "", "./src/", "/abs", "../up"};
	static const ResolveCase cases[] = {
		{"python", "app/main.py", "os.path", "import", NULL,
			"os/path/__init__.py|os/path.py|src/os/path/__init__.py|"
		"src/os/path.py|os/path/|src/os/path/"},
		/* a member is only a submodule in the from form */
		{"python", "app/main.py", "numpy", "import", "x",
			"numpy/__init__.py|numpy.py|src/numpy/__init__.py|src/numpy.py|"
		"numpy/|src/numpy/"},
		{"python", "app/main.py", "pkg", "from", "mod",
			"pkg/mod/__init__.py|pkg/mod.py|src/pkg/mod/__init__.py|"
			"src/pkg/mod.py|pkg/mod/|src/pkg/mod/|"
			"pkg/__init__.py|pkg.py|src/pkg/__init__.py|src/pkg.py|"
		"pkg/|src/pkg/"},
		{"python", "app/main.py", ".", "from", "views",
			"app/views/__init__.py|app/views.py|app/views/|"
		"app/__init__.py|app/"},
		{"python", "app/main.py", ".models", "from", "Box",
			"app/models/Box/__init__.py|app/models/Box.py|app/models/Box/|"
		"app/models/__init__.py|app/models.py|app/models/"},
		{"python", "app/sub/x.py", "..storage.base", "from", "*",
			"app/storage/base/__init__.py|app/storage/base.py|"
		"app/storage/base/"},
		{"python", "a/b/c/d.py", "...", "from", NULL,
		"a/__init__.py|a/"},
		/* no climbing out of the top-level package, as in Python */
		{"python", "a/b/c/d.py", "....", "from", NULL, ""},
		{"python", "a/b/c/d.py", ".....", "from", NULL, ""},
		{"python", "main.py", "..", "from", "x", ""},
		{"python", "main.py", ".", "from", "x", ""},
		/* the top-level package counts from the source root holding it */
		{"python", "src/pkg/m.py", ".", "from", "x",
		"src/pkg/x/__init__.py|src/pkg/x.py|src/pkg/x/|src/pkg/__init__.py|src/pkg/"},
		{"python", "src/pkg/m.py", "..", "from", "x", ""},
		{"python", "lib/pkg/m.py", "..", "from", "x",
		"lib/x/__init__.py|lib/x.py|lib/x/|lib/__init__.py|lib/"},
		{"python", "app/main.py", "__future__", "from", "annotations",
			"__future__/annotations/__init__.py|__future__/annotations.py|"
			"src/__future__/annotations/__init__.py|"
			"src/__future__/annotations.py|__future__/annotations/|"
			"src/__future__/annotations/|__future__/__init__.py|"
			"__future__.py|src/__future__/__init__.py|src/__future__.py|"
		"__future__/|src/__future__/"},
		{"python", "m.py", "caf\xc3\xa9", "import", NULL,
			"caf\xc3\xa9/__init__.py|caf\xc3\xa9.py|src/caf\xc3\xa9/__init__.py|"
		"src/caf\xc3\xa9.py|caf\xc3\xa9/|src/caf\xc3\xa9/"},
		/* members that cannot be submodules */
		{"python", "app/main.py", ".", "from", "a.b",
		"app/__init__.py|app/"},
		{"python", "app/main.py", ".", "from", "",
		"app/__init__.py|app/"},
		{"python", "app/main.py", ".", "from", "../x",
		"app/__init__.py|app/"},
		/* targets that cannot be module names */
		{"python", "app/main.py", "", "import", NULL, ""},
		{"python", "app/main.py", "os/path", "import", NULL, ""},
		{"python", "app/main.py", "a..b", "import", NULL, ""},
		{"python", "app/main.py", "a.", "import", NULL, ""},
		{"python", "app/main.py", ".a.", "from", "x", ""},
		{"python", "app/main.py", "a b", "import", NULL, ""},
		{"python", "app/main.py", "'a'", "import", NULL, ""},
		{"python", "app/main.py", "*", "import", NULL, ""},
		{"python", "app/main.py", "../x", "from", "y", ""},
		{"python", "app/main.py", "os", "use", NULL, ""},
		{"python", "../main.py", ".", "from", "x", ""},
	};

	check_resolve_cases(cases, NCASES(cases), NULL, 0, roots, NCASES(roots));
	CHECK(strcmp(resolve("python", "a.py", "x", "import", NULL, NULL, 0,
						 NULL, 0), "x/__init__.py|x.py|x/") == 0,
		  "no source roots");
}

#define TS_EXTS(p) \
	p ".ts|" p ".tsx|" p ".d.ts|" p ".js|" p ".jsx|" p ".mjs|" p ".cjs|" p ".json"
#define JS_EXTS(p) \
	p ".js|" p ".jsx|" p ".mjs|" p ".cjs|" p ".json|" p ".ts|" p ".tsx"

static void
test_resolve_javascript(void)
{
	static const ResolveCase cases[] = {
		{"javascript", "src/app.js", "./a", "import", "default",
		JS_EXTS("src/a") "|" JS_EXTS("src/a/index")},
		{"javascript", "src/app.js", "./hooks.js", "import", "useState",
		"src/hooks.js|" JS_EXTS("src/hooks.js") "|" JS_EXTS("src/hooks.js/index")},
		{"javascript", "src/app.js", "../lib/util.js", "export", "helper",
		"lib/util.js|" JS_EXTS("lib/util.js") "|" JS_EXTS("lib/util.js/index")},
		{"javascript", "src/app.js", "./io", "require", NULL,
		JS_EXTS("src/io") "|" JS_EXTS("src/io/index")},
		{"javascript", "src/app.js", "./lazy.js", "dynamic", NULL,
		"src/lazy.js|" JS_EXTS("src/lazy.js") "|" JS_EXTS("src/lazy.js/index")},
		/* a directory: its index only */
		{"javascript", "src/app.js", ".", "import", "default",
		JS_EXTS("src/index")},
		{"javascript", "src/app.js", "..", "export", "y", JS_EXTS("index")},
		{"javascript", "src/app.js", "./lib/", "import", NULL,
		JS_EXTS("src/lib/index")},
		{"javascript", "src/app.js", "./lib/..", "import", NULL,
		JS_EXTS("src/index")},
		{"javascript", "app.js", "..", "import", NULL, ""},
		{"javascript", "src/app.js", "../../x", "import", NULL, ""},
		{"javascript", "src/app.js", "./.env", "import", NULL,
		JS_EXTS("src/.env") "|" JS_EXTS("src/.env/index")},
		/* bare and absolute specifiers: not resolved yet */
		{"javascript", "src/app.js", "react", "import", "default", ""},
		{"javascript", "src/app.js", "node:path", "import", "*", ""},
		{"javascript", "src/app.js", "@scope/x", "import", NULL, ""},
		{"javascript", "src/app.js", "/abs/x.js", "import", NULL, ""},
		{"javascript", "src/app.js", ".x", "import", NULL, ""},
		{"javascript", "src/app.js", "..x", "import", NULL, ""},
		{"javascript", "src/app.js", "", "import", NULL, ""},
		{"javascript", "src/app.js", "./a", "include", NULL, ""},
		/* TypeScript: its own sources before a written .js */
		{"typescript", "src/app.ts", "./hooks.js", "import", NULL,
			"src/hooks.ts|src/hooks.tsx|src/hooks.d.ts|src/hooks.js|"
		TS_EXTS("src/hooks.js") "|" TS_EXTS("src/hooks.js/index")},
		{"typescript", "src/app.ts", "./v.jsx", "import", NULL,
			"src/v.tsx|src/v.ts|src/v.d.ts|src/v.jsx|"
		TS_EXTS("src/v.jsx") "|" TS_EXTS("src/v.jsx/index")},
		{"typescript", "src/app.ts", "./m.mjs", "import", NULL,
			"src/m.mts|src/m.d.mts|src/m.mjs|"
		TS_EXTS("src/m.mjs") "|" TS_EXTS("src/m.mjs/index")},
		{"typescript", "src/app.ts", "./c.cjs", "import", NULL,
			"src/c.cts|src/c.d.cts|src/c.cjs|"
		TS_EXTS("src/c.cjs") "|" TS_EXTS("src/c.cjs/index")},
		{"typescript", "src/app.ts", "./config", "import", "Config",
		TS_EXTS("src/config") "|" TS_EXTS("src/config/index")},
		{"typescript", "src/a/app.ts", "../utils/index.js", "import", "*",
			"src/utils/index.ts|src/utils/index.tsx|src/utils/index.d.ts|"
			"src/utils/index.js|" TS_EXTS("src/utils/index.js") "|"
		TS_EXTS("src/utils/index.js/index")},
		{"typescript", "src/app.ts", "@app/log", "import", "Logger", ""},
		{"tsx", "src/App.tsx", "./todo.css", "import", NULL,
		"src/todo.css|" TS_EXTS("src/todo.css") "|" TS_EXTS("src/todo.css/index")},
		{"tsx", "src/App.tsx", "./TodoItem", "export", "TodoItem",
		TS_EXTS("src/TodoItem") "|" TS_EXTS("src/TodoItem/index")},
		{"tsx", "src/App.tsx", "react", "import", "default", ""},
	};

	check_resolve_cases(cases, NCASES(cases), NULL, 0, NULL, 0);
}

static void
test_resolve_rust_ruby_php(void)
{
	static const char *const roots[] = {"vendor/php", "/usr/share/php"};
	static const ResolveCase cases[] = {
		{"rust", "src/lib.rs", "util", "mod", NULL,
		"src/util.rs|src/util/mod.rs"},
		{"rust", "src/main.rs", "util", "mod", NULL,
		"src/util.rs|src/util/mod.rs"},
		{"rust", "src/net/mod.rs", "http", "mod", NULL,
		"src/net/http.rs|src/net/http/mod.rs"},
		{"rust", "src/net/http.rs", "util", "mod", NULL,
		"src/net/http/util.rs|src/net/http/util/mod.rs"},
		{"rust", "lib.rs", "util", "mod", NULL, "util.rs|util/mod.rs"},
		{"rust", "src/lib.rs", "r#async", "mod", NULL,
		"src/async.rs|src/async/mod.rs"},
		/* Cargo's own crate roots: beside the file as a fallback */
		{"rust", "tests/integration.rs", "common", "mod", NULL,
			"tests/integration/common.rs|tests/integration/common/mod.rs|"
		"tests/common.rs|tests/common/mod.rs"},
		{"rust", "crates/x/src/bin/tool.rs", "cli", "mod", NULL,
			"crates/x/src/bin/tool/cli.rs|crates/x/src/bin/tool/cli/mod.rs|"
		"crates/x/src/bin/cli.rs|crates/x/src/bin/cli/mod.rs"},
		{"rust", "src/mybin/tool.rs", "cli", "mod", NULL,
		"src/mybin/tool/cli.rs|src/mybin/tool/cli/mod.rs"},
		/* use: the deepest module the path can name first */
		{"rust", "src/lib.rs", "crate::util::helper", "use", NULL,
		"src/util/helper.rs|src/util/helper/mod.rs|src/util.rs|src/util/mod.rs|src/lib.rs|src/main.rs"},
		{"rust", "crates/core/src/net/http.rs", "crate::util::*", "use", NULL,
			"crates/core/src/util.rs|crates/core/src/util/mod.rs|"
		"crates/core/src/lib.rs|crates/core/src/main.rs"},
		{"rust", "src/net/http.rs", "self::parse::Req", "use", NULL,
			"src/net/http/parse/Req.rs|src/net/http/parse/Req/mod.rs|"
		"src/net/http/parse.rs|src/net/http/parse/mod.rs"},
		{"rust", "src/net/http.rs", "super::tcp", "use", NULL,
		"src/net/tcp.rs|src/net/tcp/mod.rs"},
		{"rust", "src/net/mod.rs", "super::super::x", "use", NULL, ""},
		{"rust", "src/net/mod.rs", "super::util", "use", NULL,
		"src/util.rs|src/util/mod.rs"},
		{"rust", "src/lib.rs", "std::io::Read", "use", NULL, ""},
		{"rust", "lib.rs", "crate::a", "use", NULL, ""},
		{"rust", "src/lib.rs", "a::b", "mod", NULL, ""},
		{"rust", "src/lib.rs", "../x", "mod", NULL, ""},
		{"rust", "src/lib.rs", "r#", "mod", NULL, ""},
		{"rust", "src/lib.rs", "", "mod", NULL, ""},
		{"rust", "src/", "util", "mod", NULL, ""},
		{"rust", "serde", "serde", "extern_crate", NULL, ""},
		{"ruby", "app/x.rb", "lib/a", "require_relative", NULL, "app/lib/a.rb"},
		{"ruby", "app/x.rb", "../b.rb", "require_relative", NULL, "b.rb"},
		{"ruby", "app/x.rb", "../../b", "require_relative", NULL, ""},
		{"ruby", "app/x.rb", "/etc/b", "require_relative", NULL, ""},
		{"ruby", "app/x.rb", "", "require_relative", NULL, ""},
		/* require searches the load path: here, the roots given */
		{"ruby", "app/x.rb", "json", "require", NULL, "vendor/php/json.rb"},
		{"ruby", "app/x.rb", "./json", "require", NULL, ""},
		{"php", "web/index.php", "lib/a.php", "require_once", NULL,
		"web/lib/a.php|vendor/php/lib/a.php"},
		{"php", "web/index.php", "partials/header.php", "include", NULL,
		"web/partials/header.php|vendor/php/partials/header.php"},
		{"php", "web/index.php", "config/db.php", "include_once", NULL,
		"web/config/db.php|vendor/php/config/db.php"},
		{"php", "web/index.php", "./rel.php", "require", NULL, "web/rel.php"},
		{"php", "web/index.php", "../up.php", "include", NULL, "up.php"},
		{"php", "web/index.php", "__DIR__.'/bootstrap.php'", "require", NULL,
		"web/bootstrap.php"},
		{"php", "web/index.php", "__dir__.\"/b.php\"", "require", NULL,
		"web/b.php"},
		{"php", "web/index.php", "dirname(__FILE__).'/c.php'", "require", NULL,
		"web/c.php"},
		{"php", "web/index.php", "dirname(__DIR__).'/x.php'", "require", NULL,
		"x.php"},
		{"php", "a/b/c/i.php", "dirname(__DIR__,2).'/x.php'", "require", NULL,
		"a/x.php"},
		{"php", "a/b/c/i.php", "dirname(__FILE__,2).'/../x.php'", "require",
		NULL, "a/x.php"},
		{"php", "a/i.php", "dirname(__DIR__,2).'/x.php'", "require", NULL, ""},
		{"php", "a/i.php", "dirname(__DIR__,0).'/x.php'", "require", NULL, ""},
		{"php", "a/i.php", "dirname(__DIR__,99999999999999999999).'/x.php'",
		"require", NULL, ""},
		{"php", "a/i.php", "__DIR__.'x.php'", "require", NULL, ""},
		{"php", "a/i.php", "__DIR__.\"/$x.php\"", "require", NULL, ""},
		{"php", "a/i.php", "__DIR__.'/a\\'b.php'", "require", NULL, ""},
		{"php", "a/i.php", "__DIR__.DIRECTORY_SEPARATOR.'x.php'", "require",
		NULL, ""},
		{"php", "a/i.php", "$root.'/x.php'", "require", NULL, ""},
		{"php", "a/i.php", "/etc/x.php", "require", NULL, ""},
		{"php", "a/i.php", "phar://lib.phar/x.php", "require", NULL, ""},
		{"php", "a/i.php", "App\\Models\\User", "use", NULL, ""},
		{"php", "a/i.php", "", "require", NULL, ""},
	};

	check_resolve_cases(cases, NCASES(cases), NULL, 0, roots, NCASES(roots));
}

/*
 * Is p a normalized repo-relative path: non-empty, no leading "/", no
 * empty, "." or ".." segment, a "/" only at the end of a directory?
 */
static int
normal_path(const char *p)
{
	size_t		len = strlen(p);
	const char *seg = p;

	if (len == 0 || p[0] == '/')
		return 0;
	while (*seg != '\0')
	{
		const char *end = strchr(seg, '/');
		size_t		n = end ? (size_t) (end - seg) : strlen(seg);

		if (n == 0 || (n == 1 && seg[0] == '.') ||
			(n == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		if (end == NULL || end[1] == '\0')
			break;
		seg = end + 1;
	}
	return 1;
}

static unsigned long long rng_state = 88172645463325252ULL;

static unsigned
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned) (rng_state >> 32);
}

/* A random string of up to max bytes from alphabet. */
static void
random_text(char *buf, size_t max, const char *alphabet)
{
	size_t		n = rng() % (max + 1);
	size_t		k = strlen(alphabet);

	for (size_t i = 0; i < n; i++)
		buf[i] = alphabet[rng() % k];
	buf[n] = '\0';
}

static void
test_resolve_hostile(void)
{
	static const char *const forms[] = {
		"include", "import", "from", "require", "require_relative", "mod",
		"use", "export", "dynamic", "require_once", ""
	};
	static const char *const alphabet = "./ab_\"'<>r#$()_DIR__,1 *\\:\xc3\xa9";
	size_t		huge = 1024 * 1024;
	char	   *big = malloc(huge + 1);
	char	   *many_up = malloc(4 * 2000 + 16);
	const char *dirs[200];
	static char dir_names[200][16];
	CmArena		arena;
	CmPathList	list;
	CmError		err;
	int			bad = 0;
	int			calls = 0;

	/* a huge target or importer is no path: empty, and quickly */
	memset(big, 'a', huge);
	big[huge] = '\0';
	for (int id = 0; id < CM_LANG_COUNT; id++)
	{
		const char *lang = cm_language_get((CmLanguageId) id)->name;

		CHECK(strcmp(resolve(lang, "a/b.c", big, "import", NULL, NULL, 0,
							 NULL, 0), "") == 0, "huge target in %s", lang);
		CHECK(strcmp(resolve(lang, big, "./x", "import", big, NULL, 0,
							 NULL, 0), "") == 0, "huge importer in %s", lang);
	}
	dirs[0] = big;
	dirs[1] = "inc";
	CHECK(strcmp(resolve("c", "a.c", "<x.h>", "include", NULL, dirs, 2,
						 NULL, 0), "inc/x.h") == 0, "huge include dir skipped");

	/* "../" far above the root, just under the length limit */
	strcpy(many_up, "\"");
	for (int i = 0; i < 1300; i++)
		strcat(many_up, "../");
	strcat(many_up, "x.h\"");
	CHECK(strcmp(resolve("c", "a/b/c.c", many_up, "include", NULL, dirs + 1, 1,
						 NULL, 0), "") == 0, "a thousand \"..\" segments");
	strcpy(many_up, "");
	for (int i = 0; i < 1300; i++)
		strcat(many_up, ".");
	CHECK(strcmp(resolve("python", "a/b/c.py", many_up, "from", "x", NULL, 0,
						 NULL, 0), "") == 0, "a thousand leading dots");

	/* the list stops at CM_IMPORT_MAX_CANDIDATES */
	for (int i = 0; i < 200; i++)
	{
		snprintf(dir_names[i], sizeof(dir_names[i]), "inc%d", i);
		dirs[i] = dir_names[i];
	}
	cm_arena_init(&arena, &cm_libc_allocator);
	CHECK(cm_import_candidates(cm_language_by_name("c"), "a.c", "\"x.h\"",
							   "include", NULL,
							   &(CmImportSearch) {dirs, 200, NULL, 0, NULL, 0},
							   &arena, &list, &err) == CM_OK &&
		  list.n == CM_IMPORT_MAX_CANDIDATES &&
		  strcmp(list.paths[0], "x.h") == 0 &&
		  strcmp(list.paths[63], "inc62/x.h") == 0,
		  "200 include dirs give %d candidates", CM_IMPORT_MAX_CANDIDATES);
	cm_arena_free(&arena);

	/* missing arguments: an empty list, or an error without a language */
	CHECK(strcmp(resolve("c", NULL, "\"x.h\"", "include", NULL, NULL, 0,
						 NULL, 0), "") == 0, "NULL importer");
	CHECK(strcmp(resolve("c", "a.c", NULL, "include", NULL, NULL, 0,
						 NULL, 0), "") == 0, "NULL target");
	CHECK(strcmp(resolve("c", "a.c", "\"x.h\"", NULL, NULL, NULL, 0,
						 NULL, 0), "") == 0, "NULL form");
	CHECK(strncmp(resolve("cobol", "a.c", "\"x.h\"", "include", NULL, NULL, 0,
						  NULL, 0), "ERROR: ", 7) == 0, "NULL language");
	CHECK(strcmp(resolve("c", "", "\"x.h\"", "include", NULL, NULL, 0,
						 NULL, 0), "x.h") == 0, "empty importer: the root");

	/* languages not covered yet */
	CHECK(strcmp(resolve("csharp", "A.cs", "System.Text", "using", NULL,
						 NULL, 0, NULL, 0), "") == 0, "csharp: not yet");

	/*
	 * Random garbage in every position, language and form: every
	 * candidate is a normalized path, and there are never too many.
	 */
	dirs[0] = "inc";
	for (int round = 0; round < 20000; round++)
	{
		char		importer[48];
		char		target[64];
		char		member[8];
		char		dir[24];
		char		root[24];
		const char *d[2] = {dir, "x"};
		const char *r[2] = {root, NULL};
		const char *pk[2] = {"example.com/m\tsub", dir};
		const CmLanguageInfo *lang = cm_language_get(rng() % CM_LANG_COUNT);

		random_text(importer, sizeof(importer) - 1, alphabet);
		random_text(target, 40, alphabet);
		random_text(member, sizeof(member) - 1, "ab.*_/");
		random_text(dir, sizeof(dir) - 1, "./ab");
		random_text(root, sizeof(root) - 1, "./ab");
		if (rng() % 3 == 0)
		{
			/* give the delimiters and prefixes the rules look for */
			static const char *const heads[] = {"\"", "<", ".", "..", "./",
			"../", "__DIR__.'/", "r#"};
			char		tmp[64];

			snprintf(tmp, sizeof(tmp), "%s%s", heads[rng() % 8], target);
			strcpy(target, tmp);
		}

		cm_arena_init(&arena, &cm_libc_allocator);
		calls++;
		if (cm_import_candidates(lang, importer, target,
								 forms[rng() % NCASES(forms)],
								 rng() % 2 ? member : NULL,
								 &(CmImportSearch) {d, 2, r, 2, pk, 2},
								 &arena, &list, &err) != CM_OK ||
			list.n > CM_IMPORT_MAX_CANDIDATES)
			bad++;
		else
			for (size_t i = 0; i < list.n; i++)
				if (!normal_path(list.paths[i]))
				{
					if (bad++ < 5)
						fprintf(stderr, "not normal: \"%s\" from %s \"%s\" in \"%s\"\n",
								list.paths[i], lang->name, target, importer);
				}
		cm_arena_free(&arena);
	}
	CHECK(bad == 0, "%d of %d random imports gave bad candidates", bad, calls);

	free(many_up);
	free(big);
}

/* An allocator that fails once its budget of calls is spent. */
static int	alloc_budget;

static void *
budget_alloc(void *state, size_t size)
{
	if (alloc_budget-- <= 0)
		return NULL;
	return malloc(size ? size : 1);
}

static void
budget_free(void *state, void *ptr)
{
	free(ptr);
}

static void
test_resolve_nomem(void)
{
	static const CmAllocator failing = {budget_alloc, budget_free, NULL};
	static char target[4002];
	const char *dirs[40];
	char		names[40][8];
	int			nomem = 0;
	int			wrong = 0;
	int			budget;

	/* long paths, so that the candidates need several arena blocks */
	target[0] = '"';
	memset(target + 1, 'x', sizeof(target) - 3);
	target[sizeof(target) - 2] = '"';
	for (int i = 0; i < 40; i++)
	{
		snprintf(names[i], sizeof(names[i]), "d%d", i);
		dirs[i] = names[i];
	}

	for (budget = 0; budget < 100; budget++)
	{
		CmArena		arena;
		CmPathList	list;
		CmError		err;
		CmStatus	st;

		alloc_budget = budget;
		cm_arena_init(&arena, &failing);
		st = cm_import_candidates(cm_language_by_name("c"), "a.c", target,
								  "include", NULL,
								  &(CmImportSearch) {dirs, 40, NULL, 0, NULL, 0},
								  &arena, &list, &err);
		cm_arena_free(&arena);
		if (st == CM_OK)
		{
			wrong += list.n != 41;
			break;
		}
		nomem++;
		wrong += st != CM_ERR_NOMEM || list.n != 0 || list.paths != NULL ||
			err.status != CM_ERR_NOMEM;
	}
	CHECK(nomem > 2 && budget < 100 && wrong == 0,
		  "failed allocations: %d runs out of memory, %d wrong", nomem, wrong);
}

static void
test_resolve(void)
{
	test_resolve_c();
	test_resolve_python();
	test_resolve_go();
	test_resolve_ts_paths();
	test_resolve_java_ruby_php();
	test_resolve_many_roots();
	test_resolve_javascript();
	test_resolve_rust_ruby_php();
	test_resolve_hostile();
	test_resolve_nomem();
}

int
main(int argc, char **argv)
{
	if ((argc == 4 || argc == 5) && strcmp(argv[1], "dump") == 0)
		return dump(argv[2], argv[3], argc == 5 ? argv[4] : NULL);
	if (argc != 1)
	{
		fprintf(stderr, "usage: test_core [dump LANGUAGE FILE [QUERY.scm]]\n");
		return 2;
	}

	test_detect();
	test_arena();
	test_queries_compile();
	test_extract_basics();
	test_extract_includes();
	test_jsonc();
	test_extract_references();
	test_errors_and_cancel();
	test_resolve();

	for (int i = 0; i < CM_LANG_COUNT; i++)
		cm_query_free(queries[i]);
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
