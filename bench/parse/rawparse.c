/*-------------------------------------------------------------------------
 *
 * rawparse.c
 *		The baseline of bench/parse: the core's parse and extraction over a
 *		list of files, with no PostgreSQL in the loop.
 *
 *	rawparse [--min-bytes N] [--max-bytes N] [--copy OUT] ROOT LISTFILE
 *
 * LISTFILE holds one path per line, relative to ROOT.  Files whose language
 * is detected, that are valid UTF-8 and that are between the byte limits
 * are parsed, each with the same
 * grammars and queries as the extension (tree-sitter's own malloc, no
 * memory contexts) and prints one line per language:
 *
 *	language files bytes cpu_seconds facts
 *
 * With --copy it also writes those files to OUT in COPY text format
 * (path, language, content), so that the SQL side of the benchmark parses
 * exactly the same bytes.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cm_alloc.h"
#include "cm_error.h"
#include "cm_extract.h"
#include "cm_language.h"
#include "cm_query.h"
#include "cm_text.h"
#include "readfile.h"

typedef struct Totals
{
	long		files;
	long		bytes;
	double		seconds;
	long		facts;
} Totals;

static double
cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* COPY text format: escape backslash, tab, newline, carriage return. */
static void
copy_field(FILE *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
	{
		switch (s[i])
		{
			case '\\':
				fputs("\\\\", out);
				break;
			case '\t':
				fputs("\\t", out);
				break;
			case '\n':
				fputs("\\n", out);
				break;
			case '\r':
				fputs("\\r", out);
				break;
			default:
				fputc(s[i], out);
		}
	}
}

int
main(int argc, char **argv)
{
	long		min_bytes = 0;
	long		max_bytes = 4 * 1024 * 1024;
	const char *copy_path = NULL;
	const char *root;
	FILE	   *list;
	FILE	   *copy = NULL;
	char		line[8192];
	Totals		totals[CM_LANG_COUNT] = {{0}};
	CmQuery    *queries[CM_LANG_COUNT] = {0};
	int			argi = 1;

	while (argi < argc && strncmp(argv[argi], "--", 2) == 0)
	{
		if (strcmp(argv[argi], "--min-bytes") == 0 && argi + 1 < argc)
			min_bytes = atol(argv[argi + 1]);
		else if (strcmp(argv[argi], "--max-bytes") == 0 && argi + 1 < argc)
			max_bytes = atol(argv[argi + 1]);
		else if (strcmp(argv[argi], "--copy") == 0 && argi + 1 < argc)
			copy_path = argv[argi + 1];
		else
			break;
		argi += 2;
	}
	if (argc - argi != 2)
	{
		fprintf(stderr, "usage: rawparse [--min-bytes N] [--max-bytes N] [--copy OUT] ROOT LISTFILE\n");
		return 2;
	}
	root = argv[argi];
	list = fopen(argv[argi + 1], "r");
	if (list == NULL)
	{
		perror(argv[argi + 1]);
		return 2;
	}
	if (copy_path != NULL && (copy = fopen(copy_path, "w")) == NULL)
	{
		perror(copy_path);
		return 2;
	}

	while (fgets(line, sizeof(line), list) != NULL)
	{
		char		path[8192 + 1024];
		const CmLanguageInfo *lang;
		size_t		len;
		char	   *src;
		CmExtraction ex;
		CmError		err;
		double		t0;

		line[strcspn(line, "\n")] = '\0';
		snprintf(path, sizeof(path), "%s/%s", root, line);
		src = test_read_file(path, &len);
		if (src == NULL || (long) len < min_bytes || (long) len > max_bytes ||
			!cm_utf8_valid(src, len) ||
			(lang = cm_language_detect(line, src, len)) == NULL)
		{
			free(src);
			continue;
		}
		if (queries[lang->id] == NULL &&
			cm_query_new(lang->id, &cm_libc_allocator, &queries[lang->id],
						 &err) != CM_OK)
		{
			fprintf(stderr, "query of %s: %s\n", lang->name, err.text);
			return 1;
		}

		t0 = cpu_seconds();
		if (cm_extract(queries[lang->id], src, len, NULL, &cm_libc_allocator,
					   &ex, &err) != CM_OK)
			fprintf(stderr, "%s: %s\n", path, err.text);
		totals[lang->id].seconds += cpu_seconds() - t0;
		totals[lang->id].files++;
		totals[lang->id].bytes += (long) len;
		totals[lang->id].facts += (long) ex.nfacts;
		cm_extraction_free(&ex);

		if (copy != NULL)
		{
			copy_field(copy, line, strlen(line));
			fputc('\t', copy);
			fputs(lang->name, copy);
			fputc('\t', copy);
			copy_field(copy, src, len);
			fputc('\n', copy);
		}
		free(src);
	}
	fclose(list);
	if (copy != NULL && fclose(copy) != 0)
	{
		perror(copy_path);
		return 1;
	}

	for (int i = 0; i < CM_LANG_COUNT; i++)
	{
		if (totals[i].files == 0)
			continue;
		printf("%s %ld %ld %.3f %ld\n", cm_language_get((CmLanguageId) i)->name,
			   totals[i].files, totals[i].bytes, totals[i].seconds,
			   totals[i].facts);
		cm_query_free(queries[i]);
	}
	return 0;
}
