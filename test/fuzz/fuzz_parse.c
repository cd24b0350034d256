/*-------------------------------------------------------------------------
 *
 * fuzz_parse.c
 *		libFuzzer target: extraction of arbitrary bytes in every language.
 *
 * The first byte of an input picks the language, the rest is the source.
 * Memory is handled as in the server: tree-sitter allocates from a region
 * that is released after each input, and trees are never deleted one by
 * one (see no_tree_free in cm_extract.h).  Build and run with
 * "make fuzz" (clang, AddressSanitizer, UndefinedBehaviorSanitizer).
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cm_alloc.h"
#include "cm_extract.h"
#include "cm_language.h"
#include "cm_query.h"
#include "region.h"

static int
keep_going(void *arg)
{
	return 0;
}

static CmQuery *queries[CM_LANG_COUNT];

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	CmLanguageId id;
	CmExtraction ex;
	CmExtractOptions opt = {0};
	CmError		err;
	char	   *source;

	if (size < 1)
		return 0;
	id = (CmLanguageId) (data[0] % CM_LANG_COUNT);

	/* queries live for the whole run, outside the region */
	if (queries[id] == NULL &&
		cm_query_new(id, &cm_libc_allocator, &queries[id], &err) != CM_OK)
		abort();

	/* PostgreSQL text has no NUL byte: stop at the first one */
	source = malloc(size);
	memcpy(source, data + 1, size - 1);
	source[size - 1] = '\0';

	opt.progress = keep_going;
	opt.progress_us = 50000;
	opt.list_errors = 1;
	opt.no_tree_free = 1;
	test_region_use();
	if (cm_extract(queries[id], source, strlen(source), &opt,
				   &cm_libc_allocator, &ex, &err) == CM_OK)
	{
		/* touch every string, so that a bad pointer shows */
		size_t		total = 0;

		for (size_t i = 0; i < ex.nfacts; i++)
			total += strlen(ex.facts[i].symbol_kind) +
				(ex.facts[i].name ? strlen(ex.facts[i].name) : 0) +
				(ex.facts[i].qualname ? strlen(ex.facts[i].qualname) : 0) +
				(ex.facts[i].detail ? strlen(ex.facts[i].detail) : 0);
		(void) total;
	}
	cm_extraction_free(&ex);
	test_region_unuse();
	test_region_reset();
	free(source);
	return 0;
}
