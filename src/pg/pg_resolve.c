/*-------------------------------------------------------------------------
 *
 * pg_resolve.c
 *		SQL function _import_candidates(): the repository files an import
 *		may name, in the order its language searches them.
 *
 * The rules live in the core (src/core/cm_resolve.c); this wrapper turns
 * the arguments into C strings and the candidate list into a text[].  The
 * indexer keeps the first candidate that is a file of the repository.
 *
 * The install script declares it as follows:
 *
 * ----------
 * CREATE FUNCTION _import_candidates(
 *	language text,
 *	importer text,
 *	target text,
 *	form text,
 *	member text,
 *	include_dirs text[],
 *	source_roots text[],
 *	packages text[],
 *	aliases text[])
 * RETURNS text[]
 * AS 'MODULE_PATHNAME', 'codemap_import_candidates'
 * LANGUAGE C IMMUTABLE PARALLEL SAFE;
 *
 * COMMENT ON FUNCTION _import_candidates(text, text, text, text, text,
 *	text[], text[], text[], text[]) IS
 * 'repo-relative paths an import may name, in the order the language searches them (directories end in /); empty when the language or form is not resolved yet or the target is external';
 * ----------
 *
 * Not STRICT: member may be NULL, and NULL arrays count as empty (as do
 * NULL elements in them).  NULL language, importer, target or form gives
 * NULL.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "cm_resolve.h"
#include "cm_text.h"
#include "pg_codemap.h"

/*
 * The non-NULL elements of a text[] argument as C strings, in the current
 * memory context; *n says how many.  A NULL argument gives none.
 */
static const char *const *
text_array_arg(FunctionCallInfo fcinfo, int argno, size_t *n)
{
	ArrayType  *array;
	Datum	   *elems;
	bool	   *nulls;
	int			count;
	const char **strings;
	size_t		kept = 0;

	*n = 0;
	/* a declaration older than the library may pass fewer arguments */
	if (argno >= PG_NARGS() || PG_ARGISNULL(argno))
		return NULL;
	array = PG_GETARG_ARRAYTYPE_P(argno);
	deconstruct_array(array, TEXTOID, -1, false, TYPALIGN_INT,
					  &elems, &nulls, &count);

	strings = palloc(sizeof(char *) * Max(count, 1));
	for (int i = 0; i < count; i++)
	{
		/* a caller may pass a large array: let a cancel in */
		if (i % 1024 == 0)
			CHECK_FOR_INTERRUPTS();
		if (!nulls[i])
			strings[kept++] = TextDatumGetCString(elems[i]);
	}
	*n = kept;
	return strings;
}

PG_FUNCTION_INFO_V1(codemap_import_candidates);

/*
 * _import_candidates(language text, importer text, target text, form text,
 * member text, include_dirs text[], source_roots text[], packages text[],
 * aliases text[]) -> text[]
 */
Datum
codemap_import_candidates(PG_FUNCTION_ARGS)
{
	const CmLanguageInfo *lang;
	MemoryContext work;
	MemoryContext caller;
	CmAllocator allocator;
	CmArena		arena;
	CmPathList	list;
	CmError		err;
	CmStatus	status;
	CmImportSearch search;
	Datum	   *elems;
	ArrayType  *result;

	for (int i = 0; i < 4; i++)
		if (PG_ARGISNULL(i))
			PG_RETURN_NULL();

	/* an unrecognized language is an error whatever the import */
	lang = cm_pg_language(text_to_cstring(PG_GETARG_TEXT_PP(0)));

	/* everything but the result lives and dies in this context */
	work = AllocSetContextCreate(CurrentMemoryContext,
								 "codemap import candidates",
								 ALLOCSET_SMALL_SIZES);
	caller = MemoryContextSwitchTo(work);

	search.include_dirs = text_array_arg(fcinfo, 5, &search.n_include_dirs);
	search.source_roots = text_array_arg(fcinfo, 6, &search.n_source_roots);
	search.packages = text_array_arg(fcinfo, 7, &search.n_packages);
	search.aliases = text_array_arg(fcinfo, 8, &search.n_aliases);
	cm_pg_allocator_init(&allocator, work);
	cm_arena_init(&arena, &allocator);
	status = cm_import_candidates(lang,
								  text_to_cstring(PG_GETARG_TEXT_PP(1)),
								  text_to_cstring(PG_GETARG_TEXT_PP(2)),
								  text_to_cstring(PG_GETARG_TEXT_PP(3)),
								  PG_ARGISNULL(4) ? NULL :
								  text_to_cstring(PG_GETARG_TEXT_PP(4)),
								  &search, &arena, &list, &err);
	cm_pg_check(status, &err);

	/*
	 * Candidates are made of pieces of the arguments cut at "/" and ".",
	 * bytes that every server encoding keeps to ASCII, so they are valid
	 * text as they are.
	 */
	elems = palloc(sizeof(Datum) * Max(list.n, 1));
	for (size_t i = 0; i < list.n; i++)
		elems[i] = CStringGetTextDatum(list.paths[i]);

	MemoryContextSwitchTo(caller);
	result = construct_array(elems, (int) list.n, TEXTOID, -1, false,
							 TYPALIGN_INT);
	MemoryContextDelete(work);
	PG_RETURN_ARRAYTYPE_P(result);
}

PG_FUNCTION_INFO_V1(codemap_manifest_kind);

/*
 * _manifest_kind(path text) -> text: the kind of project file a path
 * names ("go.mod", "package.json", "composer.json", "tsconfig"), or NULL.
 * The codemap client sends these files by the same test.
 */
Datum
codemap_manifest_kind(PG_FUNCTION_ARGS)
{
	const char *kind = cm_manifest_kind(text_to_cstring(PG_GETARG_TEXT_PP(0)));

	if (kind == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(kind));
}

PG_FUNCTION_INFO_V1(codemap_jsonc_to_json);

/*
 * _jsonc_to_json(source text) -> text: tsconfig.json's dialect (comments,
 * trailing commas) as plain JSON, for the jsonb parser.
 */
Datum
codemap_jsonc_to_json(PG_FUNCTION_ARGS)
{
	text	   *in = PG_GETARG_TEXT_PP(0);
	size_t		len = VARSIZE_ANY_EXHDR(in);
	text	   *out = palloc(VARHDRSZ + len);
	size_t		n = cm_jsonc_to_json(VARDATA_ANY(in), len, VARDATA(out));

	/* blanks replace whole comments, which never split a character */
	SET_VARSIZE(out, VARHDRSZ + n);
	PG_RETURN_TEXT_P(out);
}
