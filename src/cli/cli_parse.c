/*-------------------------------------------------------------------------
 *
 * cli_parse.c
 *		"codemap parse DIR": parse every source file in the server and
 *		print per-language counts.
 *
 * Each file is one parameterized statement that aggregates in the server,
 * so only a few numbers per file cross the wire.  A file the server
 * refuses is counted as skipped with the server's message and the run goes
 * on; losing the connection ends it.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "cli.h"
#include "cm_language.h"

#define SUMMARY_SQL \
	"SELECT count(*) FILTER (WHERE kind = 'definition'), " \
	"count(*) FILTER (WHERE kind = 'reference'), " \
	"count(*) FILTER (WHERE kind = 'import') " \
	"FROM codemap.parse($1, $2)"

typedef struct LangTotals
{
	long		files;
	long		bytes;
	long		definitions;
	long		references;
	long		imports;
} LangTotals;

/*
 * Server notices (facts left out of a file) are counted per file rather
 * than printed as they come, which would scatter them through the output.
 */
#define NOTED_PATHS 5

typedef struct NoticeLog
{
	const char *current_path;	/* file being parsed */
	const char *last_counted;	/* so a file counts once */
	long		files;
	char	   *paths[NOTED_PATHS];
} NoticeLog;

static void
count_notice(void *arg, const char *message)
{
	NoticeLog  *log = arg;

	if (log->current_path == NULL || log->current_path == log->last_counted)
		return;
	log->last_counted = log->current_path;
	if (log->files < NOTED_PATHS)
		log->paths[log->files] = strdup(log->current_path);
	log->files++;
}

static double
now_seconds(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec + tv.tv_usec / 1e6;
}

/*
 * The server's codemap.max_file_bytes, so oversized files are not sent.
 * Calling languages() first loads the module, which defines the setting.
 */
static size_t
server_max_file_bytes(PGconn *pg)
{
	PGresult   *res = PQexec(pg, "SELECT pg_size_bytes(current_setting('codemap.max_file_bytes')) "
						  "FROM (SELECT count(*) FROM codemap.languages()) AS loaded");
	size_t		limit;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		cli_fatal("could not query the server: %s", PQerrorMessage(pg));
	limit = (size_t) strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return limit;
}

static void
check_extension(PGconn *pg)
{
	PGresult   *res = PQexec(pg, "SELECT 1 FROM pg_extension WHERE extname = 'codemap'");

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		cli_fatal("could not query the server: %s", PQerrorMessage(pg));
	if (PQntuples(res) == 0)
	{
		fprintf(stderr, "%s: error: extension \"codemap\" is not installed in database \"%s\"\n"
				"HINT: Run CREATE EXTENSION codemap; in that database.\n",
				cli_progname, PQdb(pg));
		exit(2);
	}
	PQclear(res);
}

static void
show_progress(size_t done, size_t total)
{
	int			width = 40;
	int			filled = total ? (int) (done * width / total) : width;

	fprintf(stderr, "\r[%.*s%*s] %zu/%zu files", filled,
			"========================================", width - filled, "",
			done, total);
	if (done == total)
		fputc('\n', stderr);
}

int
cli_cmd_parse(const CliConn *conn, const char *dir)
{
	PGconn	   *pg = cli_connect(conn);
	CliFileList files = {0};
	LangTotals	totals[CM_LANG_COUNT] = {{0}};
	long		skipped[SKIP_COUNT] = {0};
	int			tty = isatty(STDERR_FILENO);
	double		start = now_seconds();
	size_t		max_bytes;
	int			from_git;
	LangTotals	all = {0};
	long		nskipped = 0;
	NoticeLog	notices = {0};

	PQsetNoticeProcessor(pg, count_notice, &notices);
	check_extension(pg);
	max_bytes = server_max_file_bytes(pg);
	from_git = cli_list_files(dir, &files);

	for (size_t i = 0; i < files.count; i++)
	{
		const char *path = files.paths[i];
		const CmLanguageInfo *lang;
		CliSkip		skip;
		size_t		len = 0;
		char	   *source;
		PGresult   *res;
		const char *params[2];

		if (tty && (i % 64 == 0))
			show_progress(i, files.count);

		/* detection by name first: most files never need reading */
		lang = cm_language_detect(path, NULL, 0);
		if (lang == NULL && strchr(strrchr(path, '/') ? strrchr(path, '/') : path, '.') != NULL)
		{
			skipped[SKIP_LANGUAGE]++;
			continue;
		}
		source = cli_read_file(dir, path, max_bytes, &len, &skip);
		if (source == NULL)
		{
			/* an extensionless file that is not readable is no source */
			skipped[lang ? skip : SKIP_LANGUAGE]++;
			continue;
		}
		if (lang == NULL || strcmp(lang->name, "c") == 0)
			lang = cm_language_detect(path, source, len);
		if (lang == NULL)
		{
			skipped[SKIP_LANGUAGE]++;
			free(source);
			continue;
		}

		params[0] = source;
		params[1] = lang->name;
		notices.current_path = path;
		res = PQexecParams(pg, SUMMARY_SQL, 2, NULL, params, NULL, NULL, 0);
		notices.current_path = NULL;
		if (PQresultStatus(res) == PGRES_TUPLES_OK)
		{
			LangTotals *t = &totals[lang->id];

			t->files++;
			t->bytes += (long) len;
			t->definitions += atol(PQgetvalue(res, 0, 0));
			t->references += atol(PQgetvalue(res, 0, 1));
			t->imports += atol(PQgetvalue(res, 0, 2));
		}
		else if (PQstatus(pg) != CONNECTION_OK)
			cli_fatal("lost the connection while parsing \"%s\": %s", path,
					  PQerrorMessage(pg));
		else
		{
			skipped[SKIP_SERVER]++;
			fprintf(stderr, "%s%s: warning: \"%s\" skipped: %s", tty ? "\n" : "",
					cli_progname, path, PQresultErrorMessage(res));
		}
		PQclear(res);
		free(source);
	}
	if (tty)
		show_progress(files.count, files.count);

	printf("codemap parse: %s (%s, %zu files)\n\n", dir,
		   from_git ? "files listed by git" : "directory walk", files.count);
	printf("%-12s %8s %10s %12s %12s %10s\n", "language", "files",
		   "KB", "definitions", "references", "imports");
	for (int l = 0; l < CM_LANG_COUNT; l++)
	{
		LangTotals *t = &totals[l];

		if (t->files == 0)
			continue;
		printf("%-12s %8ld %10ld %12ld %12ld %10ld\n",
			   cm_language_get((CmLanguageId) l)->name, t->files,
			   t->bytes / 1024, t->definitions, t->references, t->imports);
		all.files += t->files;
		all.bytes += t->bytes;
		all.definitions += t->definitions;
		all.references += t->references;
		all.imports += t->imports;
	}
	printf("%-12s %8ld %10ld %12ld %12ld %10ld\n", "total", all.files,
		   all.bytes / 1024, all.definitions, all.references, all.imports);

	for (int s = 1; s < SKIP_COUNT; s++)
		nskipped += skipped[s];
	printf("\nskipped: %ld files", nskipped);
	for (int s = 1; s < SKIP_COUNT; s++)
		if (skipped[s] > 0)
			printf("; %ld %s", skipped[s], cli_skip_names[s]);
	printf("\n");
	if (notices.files > 0)
	{
		printf("facts partly left out (large syntax error regions): %ld files, such as",
			   notices.files);
		for (int n = 0; n < NOTED_PATHS && n < notices.files; n++)
		{
			printf("%s %s", n ? "," : "", notices.paths[n]);
			free(notices.paths[n]);
		}
		printf("\n");
	}
	printf("seconds: %.1f\n", now_seconds() - start);

	cli_file_list_free(&files);
	PQfinish(pg);
	return skipped[SKIP_SERVER] > 0 ? 1 : 0;
}
