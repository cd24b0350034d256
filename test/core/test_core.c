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
#include "readfile.h"
#include "region.h"

static int	passed;
static int	failed;

#define CHECK(cond, ...) \
	do { \
		if (cond) \
			passed++; \
		else \
		{ \
			failed++; \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
		} \
	} while (0)

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
	test_errors_and_cancel();

	for (int i = 0; i < CM_LANG_COUNT; i++)
		cm_query_free(queries[i]);
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
