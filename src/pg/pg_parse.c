/*-------------------------------------------------------------------------
 *
 * pg_parse.c
 *		SQL functions over single source texts: languages(),
 *		detect_language(), parse() and parse_errors().
 *
 * Extraction queries are compiled once per backend and language, in a
 * context that lives as long as the backend.  Each parse runs in a
 * context of its own, which also holds everything tree-sitter allocates
 * for it; deleting that context releases the parser and tree, including
 * after an error.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "cm_extract.h"
#include "cm_grammars.h"
#include "pg_codemap.h"

/* how long the parser runs between interrupt checks */
#define CM_PARSE_SLICE_US	50000

static CmQuery *query_cache[CM_LANG_COUNT];
static MemoryContext query_context = NULL;

/* The language named name, or an error listing the supported ones. */
const CmLanguageInfo *
cm_pg_language(const char *name)
{
	const CmLanguageInfo *lang = cm_language_by_name(name);
	StringInfoData names;

	if (lang != NULL)
		return lang;

	initStringInfo(&names);
	for (int i = 0; i < CM_LANG_COUNT; i++)
		appendStringInfo(&names, "%s%s", i ? ", " : "",
						 cm_language_get((CmLanguageId) i)->name);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unrecognized language \"%s\"", name),
			 errhint("Supported languages, as listed by codemap.languages(): %s.",
					 names.data)));
	return NULL;				/* keep compiler quiet */
}

/*
 * The compiled extraction query of a language, compiled on first use in a
 * backend-lifetime context.  If compiling fails with an error, nothing is
 * cached and the partial allocations stay in that context (a bounded leak
 * on a path that only out-of-memory reaches).
 */
const CmQuery *
cm_pg_query(const CmLanguageInfo *lang)
{
	CmAllocator allocator;
	MemoryContext previous;
	CmError		err;
	CmStatus	status;
	CmQuery    *query = NULL;

	if (query_cache[lang->id] != NULL)
		return query_cache[lang->id];

	if (query_context == NULL)
		query_context = AllocSetContextCreate(TopMemoryContext,
											  "codemap queries",
											  ALLOCSET_DEFAULT_SIZES);
	cm_pg_allocator_init(&allocator, query_context);

	previous = cm_pg_ts_context_switch(query_context);
	status = cm_query_new(lang->id, &allocator, &query, &err);
	cm_pg_ts_context_switch(previous);

	cm_pg_check(status, &err);
	query_cache[lang->id] = query;
	return query;
}

/* Reject a source over codemap.max_file_bytes. */
static void
check_source_size(size_t len)
{
	if (len > (size_t) cm_pg_max_file_bytes)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("source text of %zu bytes exceeds codemap.max_file_bytes",
						len),
				 errdetail("The limit is %d bytes.", cm_pg_max_file_bytes),
				 errhint("Raise codemap.max_file_bytes to parse larger files; files this large are usually generated.")));
}

/*
 * Parse source in a fresh context "codemap parse", child of the current
 * one, and return that context; the caller reads *ex and deletes it.
 */
MemoryContext
cm_pg_extract(text *source, const char *language, int list_errors,
			  int skip_facts, CmExtraction *ex)
{
	const CmLanguageInfo *lang = cm_pg_language(language);
	const CmQuery *query;
	size_t		len = VARSIZE_ANY_EXHDR(source);
	MemoryContext work;
	MemoryContext previous;
	CmAllocator allocator;
	CmExtractOptions options = {0};
	CmError		err;
	volatile CmStatus status = CM_OK;

	check_source_size(len);
	query = cm_pg_query(lang);

	work = AllocSetContextCreate(CurrentMemoryContext, "codemap parse",
								 ALLOCSET_DEFAULT_SIZES);
	cm_pg_allocator_init(&allocator, work);
	options.progress = cm_pg_progress;
	options.progress_us = CM_PARSE_SLICE_US;
	options.list_errors = list_errors;
	options.skip_facts = skip_facts;
	options.no_tree_free = 1;	/* the context goes, and the tree with it */

	previous = cm_pg_ts_context_switch(work);
	cm_pg_ts_budget((Size) cm_pg_max_parse_memory_kb * 1024);
	PG_TRY();
	{
		status = cm_extract(query, VARDATA_ANY(source), len, &options,
							&allocator, ex, &err);
	}
	PG_FINALLY();
	{
		cm_pg_ts_budget(SIZE_MAX);
		cm_pg_ts_context_switch(previous);
	}
	PG_END_TRY();

	cm_pg_check(status, &err);
	return work;
}

/*
 * A text datum from an extracted string, or NULL.  Extracted strings are
 * slices of valid input cut at token boundaries; should one still end in a
 * partial character in the database encoding, it is cut before it.
 */
Datum
cm_pg_text_or_null(const char *s, bool *isnull)
{
	int			len;
	int			valid;

	*isnull = (s == NULL);
	if (s == NULL)
		return (Datum) 0;
	len = strlen(s);
	valid = pg_encoding_verifymbstr(GetDatabaseEncoding(), s, len);
	return PointerGetDatum(cstring_to_text_with_len(s, valid));
}

PG_FUNCTION_INFO_V1(codemap_languages);

/* languages() -> setof (name, extensions, grammar_version) */
Datum
codemap_languages(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < CM_LANG_COUNT; i++)
	{
		const CmLanguageInfo *lang = cm_language_get((CmLanguageId) i);
		Datum		values[3];
		bool		nulls[3] = {false, false, false};
		int			next = 0;
		Datum	   *exts;

		while (lang->extensions[next] != NULL)
			next++;
		exts = palloc(sizeof(Datum) * (next + 1));
		for (int e = 0; e < next; e++)
			exts[e] = CStringGetTextDatum(lang->extensions[e]);

		values[0] = CStringGetTextDatum(lang->name);
		values[1] = PointerGetDatum(construct_array(exts, next, TEXTOID, -1,
													false, TYPALIGN_INT));
		values[2] = CStringGetTextDatum(cm_grammar_version(lang->id));
		Assert(rsinfo->setDesc->natts == lengthof(values));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(codemap_detect_language);

/* detect_language(path text, source text default null) -> text */
Datum
codemap_detect_language(PG_FUNCTION_ARGS)
{
	char	   *path = PG_ARGISNULL(0) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(0));
	text	   *source = PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1);
	const CmLanguageInfo *lang;

	if (path == NULL && source == NULL)
		PG_RETURN_NULL();
	lang = cm_language_detect(path,
							  source ? VARDATA_ANY(source) : NULL,
							  source ? VARSIZE_ANY_EXHDR(source) : 0);
	if (lang == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(lang->name));
}

PG_FUNCTION_INFO_V1(codemap_parse);

/*
 * parse(source text, language text) -> setof (kind, symbol_kind, name,
 * qualname, start_line, start_col, end_line, end_col, detail)
 */
Datum
codemap_parse(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *source = PG_GETARG_TEXT_PP(0);
	char	   *language = text_to_cstring(PG_GETARG_TEXT_PP(1));
	CmExtraction ex;
	MemoryContext work;

	InitMaterializedSRF(fcinfo, 0);
	work = cm_pg_extract(source, language, 0, 0, &ex);

	for (size_t i = 0; i < ex.nfacts; i++)
	{
		const CmFact *f = &ex.facts[i];
		Datum		values[9];
		bool		nulls[9] = {0};

		/* the result can be large: let a cancel in */
		if (i % 1024 == 0)
			CHECK_FOR_INTERRUPTS();

		values[0] = CStringGetTextDatum(cm_fact_kind_name(f->kind));
		values[1] = cm_pg_text_or_null(f->symbol_kind, &nulls[1]);
		values[2] = cm_pg_text_or_null(f->name, &nulls[2]);
		values[3] = cm_pg_text_or_null(f->qualname, &nulls[3]);
		values[4] = Int32GetDatum((int32) f->start_line);
		values[5] = Int32GetDatum((int32) f->start_col);
		values[6] = Int32GetDatum((int32) f->end_line);
		values[7] = Int32GetDatum((int32) f->end_col);
		values[8] = cm_pg_text_or_null(f->detail, &nulls[8]);
		Assert(rsinfo->setDesc->natts == lengthof(values));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}

	if (ex.error_skipped)
		ereport(NOTICE,
				(errmsg("some facts of this source were not extracted"),
				 errdetail("Syntax error regions larger than 8 kB were not searched."),
				 errhint("Such input is usually generated or malformed; codemap.parse_errors() shows where.")));
	else if (ex.match_limit_hit)
		ereport(NOTICE,
				(errmsg("some facts of this source were not extracted"),
				 errdetail("The query matcher exceeded its limit of pending matches."),
				 errhint("Such input is usually generated or malformed; codemap.parse_errors() shows where.")));

	MemoryContextDelete(work);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(codemap_parse_errors);

/*
 * parse_errors(source text, language text) -> setof (kind, start_line,
 * start_col, end_line, end_col): the ERROR and MISSING nodes of the tree.
 */
Datum
codemap_parse_errors(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *source = PG_GETARG_TEXT_PP(0);
	char	   *language = text_to_cstring(PG_GETARG_TEXT_PP(1));
	CmExtraction ex;
	MemoryContext work;

	InitMaterializedSRF(fcinfo, 0);
	work = cm_pg_extract(source, language, 1, 1, &ex);

	for (size_t i = 0; i < ex.nerrors; i++)
	{
		const CmSyntaxError *e = &ex.errors[i];
		Datum		values[5];
		bool		nulls[5] = {0};

		if (i % 1024 == 0)
			CHECK_FOR_INTERRUPTS();
		values[0] = CStringGetTextDatum(e->missing ? "missing" : "error");
		values[1] = Int32GetDatum((int32) e->start_line);
		values[2] = Int32GetDatum((int32) e->start_col);
		values[3] = Int32GetDatum((int32) e->end_line);
		values[4] = Int32GetDatum((int32) e->end_col);
		Assert(rsinfo->setDesc->natts == lengthof(values));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextDelete(work);
	return (Datum) 0;
}
