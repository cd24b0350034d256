/*-------------------------------------------------------------------------
 *
 * fuzz_resolve.c
 *		libFuzzer target: import candidates in every language, from hostile
 *		input.
 *
 * An input reads as three header bytes and then lines ("\n"):
 *
 * ----------
 *	byte 0		the language; CM_LANG_COUNT and above: none (NULL)
 *	byte 1		the form: an index into forms[], or past its end the
 *				text of the fourth line
 *	byte 2		bit 0: a member is given; bit 1: no search at all;
 *				bits 4-7: when not 0, one more call whose allocator
 *				fails after that many allocations less one
 *	line 1-4	importer, target, member, form (a missing line: NULL)
 *	line 5-		search entries, by their first byte: 'I' an include
 *				dir, 'R' a source root, 'P' a package, 'A' an alias,
 *				each the rest of the line; '0' a NULL entry in the array
 *				last added to; '*' and a count byte: that many copies of
 *				the last entry, each with its number appended
 * ----------
 *
 * Inside a line, ESC (0x1b) and a count byte append that many copies of
 * the line so far (up to LINE_LIMIT bytes in all), so that a short input
 * makes a thousand "../" or a name far past CM_IMPORT_MAX_PATH.  The API
 * takes C strings: each line is cut at its first NUL byte and copied into
 * an allocation of its exact size, so that a read past a terminator shows
 * under AddressSanitizer.
 *
 * Every answer is checked against what cm_resolve.h promises: CM_OK (or
 * CM_ERR_LANGUAGE without a language, CM_ERR_NOMEM with an empty list
 * when allocation fails), at most CM_IMPORT_MAX_CANDIDATES candidates,
 * each a normalized repo-relative path (no leading "/", no empty, "." or
 * ".." segment, a trailing "/" only for the languages whose candidates
 * may name a directory), none twice, and an empty list for input that
 * cannot name a file.  Beyond the header: a candidate is never longer
 * than the buffer cm_resolve.c sizes from its input, it is valid UTF-8
 * when all of its input is (pg_resolve.c returns candidates as text
 * unchecked), the same input always gives the same list, and a failed
 * allocation never changes a list, only fails it.  Any violation aborts.
 * Build and run with "make fuzz-resolve".
 *
 *-------------------------------------------------------------------------
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_alloc.h"
#include "cm_error.h"
#include "cm_language.h"
#include "cm_resolve.h"
#include "cm_text.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "fuzz_resolve.c:%d: %s\n", __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/* longest line after ESC repeats: room to cross CM_IMPORT_MAX_PATH */
#define LINE_LIMIT		(3 * CM_IMPORT_MAX_PATH)

/* most entries in one search array */
#define ENTRY_LIMIT		1024

/* the bytes cm_resolve.c reserves beyond its input (its PATH_SLACK) */
#define SUFFIX_ROOM		64

#define ESC				0x1b

/* every form some language resolves, and one none does */
static const char *const forms[] = {
	"include", "import", "from", "mod", "use", "export", "require",
	"dynamic", "reference", "require_relative", "load", "autoload",
	"include_once", "require_once", "import_static", ""
};

#define NFORMS (sizeof(forms) / sizeof(forms[0]))

enum
{
	INCLUDE_DIRS, SOURCE_ROOTS, PACKAGES, ALIASES, NARRAYS
};

/* One import as decoded from the fuzz bytes; every string is malloc'd. */
typedef struct FuzzImport
{
	const CmLanguageInfo *lang;
	char	   *importer;
	char	   *target;
	char	   *member;
	char	   *form_text;
	const char *form;
	bool		no_search;
	int			budget;			/* allocations allowed; -1: no such call */
	char	   *entries[NARRAYS][ENTRY_LIMIT];
	size_t		nentries[NARRAYS];
} FuzzImport;

/* an allocator that fails once its budget of calls is spent */
static int	alloc_budget;

static void *
budget_alloc(void *state, size_t size)
{
	if (alloc_budget <= 0)
		return NULL;
	alloc_budget--;
	return malloc(size ? size : 1);
}

static void
budget_free(void *state, void *ptr)
{
	free(ptr);
}

static const CmAllocator budget_allocator = {budget_alloc, budget_free, NULL};

/* s[0, len) cut at its first NUL, in an allocation of its exact size */
static char *
exact_copy(const char *s, size_t len)
{
	size_t		n = strnlen(s, len);
	char	   *copy = malloc(n + 1);

	if (copy == NULL)
		abort();
	memcpy(copy, s, n);
	copy[n] = '\0';
	return copy;
}

/*
 * Decode the line at *p into buf (LINE_LIMIT bytes), expanding ESC
 * repeats, and step *p past its "\n".  Returns its length, or -1 when no
 * line is left.
 */
static long
read_line(const uint8_t **p, const uint8_t *end, char *buf)
{
	size_t		len = 0;

	if (*p >= end)
		return -1;
	while (*p < end && **p != '\n')
	{
		uint8_t		byte = *(*p)++;

		if (byte == ESC && *p < end)
		{
			size_t		copies = *(*p)++;
			size_t		unit = len;

			for (size_t i = 0; i < copies && unit > 0; i++)
			{
				size_t		n = unit < LINE_LIMIT - len ? unit : LINE_LIMIT - len;

				memcpy(buf + len, buf, n);
				len += n;
			}
		}
		else if (len < LINE_LIMIT)
			buf[len++] = (char) byte;
	}
	if (*p < end)
		(*p)++;					/* the "\n" */
	return (long) len;
}

static void
add_entry(FuzzImport *in, int array, char *entry)
{
	if (in->nentries[array] < ENTRY_LIMIT)
		in->entries[array][in->nentries[array]++] = entry;
	else
		free(entry);
}

/* Append count numbered copies of the last non-NULL entry of array. */
static void
repeat_entry(FuzzImport *in, int array, size_t count)
{
	const char *last = NULL;

	for (size_t i = in->nentries[array]; i > 0 && last == NULL; i--)
		last = in->entries[array][i - 1];
	for (size_t i = 0; last != NULL && i < count; i++)
	{
		size_t		len = strlen(last) + 24;
		char	   *copy = malloc(len);

		if (copy == NULL)
			abort();
		snprintf(copy, len, "%s%zu", last, i);
		add_entry(in, array, copy);
	}
}

static void
decode(const uint8_t *data, size_t size, FuzzImport *in)
{
	static char buf[LINE_LIMIT];
	static const char selectors[NARRAYS] = {'I', 'R', 'P', 'A'};
	const uint8_t *p = data + 3;
	const uint8_t *end = data + size;
	char	  **fields[4] = {&in->importer, &in->target, &in->member,
	&in->form_text};
	int			last_array = INCLUDE_DIRS;
	long		len;

	memset(in, 0, sizeof(*in));
	in->lang = data[0] < CM_LANG_COUNT ?
		cm_language_get((CmLanguageId) data[0]) : NULL;
	in->no_search = (data[2] & 2) != 0;
	in->budget = (data[2] >> 4) - 1;

	for (int f = 0; f < 4 && (len = read_line(&p, end, buf)) >= 0; f++)
		*fields[f] = exact_copy(buf, (size_t) len);
	in->form = data[1] < NFORMS ? forms[data[1]] : in->form_text;
	if ((data[2] & 1) == 0)
	{
		free(in->member);
		in->member = NULL;
	}

	while ((len = read_line(&p, end, buf)) >= 0)
	{
		const char *sel;

		if (len == 0)
			continue;
		if (buf[0] == '0')
			add_entry(in, last_array, NULL);
		else if (buf[0] == '*' && len >= 2)
			repeat_entry(in, last_array, (uint8_t) buf[1]);
		else if ((sel = memchr(selectors, buf[0], NARRAYS)) != NULL)
		{
			last_array = (int) (sel - selectors);
			add_entry(in, last_array, exact_copy(buf + 1, (size_t) len - 1));
		}
	}
}

static void
release(FuzzImport *in)
{
	free(in->importer);
	free(in->target);
	free(in->member);
	free(in->form_text);
	for (int a = 0; a < NARRAYS; a++)
		for (size_t i = 0; i < in->nentries[a]; i++)
			free(in->entries[a][i]);
}

/* ---------------------------------------------------------------------- */
/* the checks */

static size_t
len_or_zero(const char *s)
{
	return s ? strlen(s) : 0;
}

/* The longest entry of an array that the search may use. */
static size_t
longest_usable(const FuzzImport *in, int array)
{
	size_t		longest = 0;

	for (size_t i = 0; i < in->nentries[array]; i++)
	{
		size_t		len = len_or_zero(in->entries[array][i]);

		if (len <= CM_IMPORT_MAX_PATH && len > longest)
			longest = len;
	}
	return longest;
}

/*
 * The longest candidate the input allows: its strings, one entry of each
 * array (longer ones are skipped), and a language's suffix; a directory
 * candidate's "/" on top.
 */
static size_t
candidate_bound(const FuzzImport *in)
{
	size_t		bound = len_or_zero(in->importer) + len_or_zero(in->target) +
		len_or_zero(in->member) + SUFFIX_ROOM + 1;

	if (!in->no_search)
		for (int a = 0; a < NARRAYS; a++)
			bound += longest_usable(in, a);
	return bound;
}

static bool
utf8_or_null(const char *s)
{
	return s == NULL || cm_utf8_valid(s, strlen(s));
}

/* Is every string that may reach a candidate valid UTF-8? */
static bool
input_utf8(const FuzzImport *in)
{
	if (!utf8_or_null(in->importer) || !utf8_or_null(in->target) ||
		!utf8_or_null(in->member))
		return false;
	for (int a = 0; a < NARRAYS; a++)
		for (size_t i = 0; i < in->nentries[a]; i++)
			if (!utf8_or_null(in->entries[a][i]))
				return false;
	return true;
}

/*
 * Input that cannot name a file, by the header's rules: a missing
 * importer, target or form, an empty target, or an importer, target or
 * member over CM_IMPORT_MAX_PATH.
 */
static bool
names_no_file(const FuzzImport *in)
{
	return in->importer == NULL || in->target == NULL || in->form == NULL ||
		in->target[0] == '\0' ||
		strlen(in->importer) > CM_IMPORT_MAX_PATH ||
		strlen(in->target) > CM_IMPORT_MAX_PATH ||
		len_or_zero(in->member) > CM_IMPORT_MAX_PATH;
}

/* The languages whose candidates may name a directory ("pkg/"). */
static bool
directory_candidates(CmLanguageId id)
{
	return id == CM_LANG_PYTHON || id == CM_LANG_GO || id == CM_LANG_JAVA;
}

/*
 * Is path[0, len) normalized and repo-relative: segments split by "/",
 * none empty, "." or "..", and no "/" at either end but a final one
 * when may_be_dir?
 */
static bool
normalized(const char *path, size_t len, bool may_be_dir)
{
	size_t		start = 0;

	if (may_be_dir && len > 0 && path[len - 1] == '/')
		len--;
	if (len == 0)
		return false;
	for (size_t i = 0; i <= len; i++)
	{
		size_t		seg = i - start;

		if (i < len && path[i] != '/')
			continue;
		if (seg == 0 || (seg == 1 && path[start] == '.') ||
			(seg == 2 && path[start] == '.' && path[start + 1] == '.'))
			return false;
		start = i + 1;
	}
	return true;
}

static void
check_list(const FuzzImport *in, const CmPathList *list)
{
	size_t		bound = candidate_bound(in);
	bool		utf8 = input_utf8(in);
	bool		may_be_dir = directory_candidates(in->lang->id);

	REQUIRE(list->n <= CM_IMPORT_MAX_CANDIDATES);
	REQUIRE(list->n == 0 || list->paths != NULL);
	if (names_no_file(in))
		REQUIRE(list->n == 0);
	for (size_t i = 0; i < list->n; i++)
	{
		const char *path = list->paths[i];
		size_t		len;

		REQUIRE(path != NULL);
		len = strlen(path);
		REQUIRE(len <= bound);
		REQUIRE(normalized(path, len, may_be_dir));
		REQUIRE(!utf8 || cm_utf8_valid(path, len));
		for (size_t k = 0; k < i; k++)
			REQUIRE(strcmp(list->paths[k], path) != 0);
	}
}

static bool
same_list(const CmPathList *a, const CmPathList *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->paths[i], b->paths[i]) != 0)
			return false;
	return true;
}

static CmStatus
resolve(const FuzzImport *in, CmArena *arena, CmPathList *list,
		CmError *err)
{
	CmImportSearch search = {
		(const char *const *) in->entries[INCLUDE_DIRS],
		in->nentries[INCLUDE_DIRS],
		(const char *const *) in->entries[SOURCE_ROOTS],
		in->nentries[SOURCE_ROOTS],
		(const char *const *) in->entries[PACKAGES], in->nentries[PACKAGES],
		(const char *const *) in->entries[ALIASES], in->nentries[ALIASES]
	};

	return cm_import_candidates(in->lang, in->importer, in->target, in->form,
								in->member, in->no_search ? NULL : &search,
								arena, list, err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FuzzImport in;
	CmArena		arena;
	CmArena		again;
	CmPathList	list;
	CmPathList	list_again;
	CmError		err;

	if (size < 3)
		return 0;
	decode(data, size, &in);

	cm_arena_init(&arena, &cm_libc_allocator);
	if (in.lang == NULL)
	{
		REQUIRE(resolve(&in, &arena, &list, &err) == CM_ERR_LANGUAGE);
		REQUIRE(list.n == 0 && err.status == CM_ERR_LANGUAGE);
		cm_arena_free(&arena);
		release(&in);
		return 0;
	}
	REQUIRE(resolve(&in, &arena, &list, &err) == CM_OK);
	check_list(&in, &list);

	/* the same question, the same answer */
	cm_arena_init(&again, &cm_libc_allocator);
	REQUIRE(resolve(&in, &again, &list_again, &err) == CM_OK);
	REQUIRE(same_list(&list, &list_again));
	cm_arena_free(&again);

	/* short of memory: the same answer, or none and CM_ERR_NOMEM */
	if (in.budget >= 0)
	{
		CmStatus	status;

		alloc_budget = in.budget;
		cm_arena_init(&again, &budget_allocator);
		status = resolve(&in, &again, &list_again, &err);
		if (status == CM_OK)
			REQUIRE(same_list(&list, &list_again));
		else
			REQUIRE(status == CM_ERR_NOMEM && err.status == CM_ERR_NOMEM &&
					list_again.n == 0);
		cm_arena_free(&again);
	}

	cm_arena_free(&arena);
	release(&in);
	return 0;
}
