/*-------------------------------------------------------------------------
 *
 * cli_parse.c
 *		"codemap parse DIR": parse every source file in the server and
 *		print per-language counts.
 *
 * Each file is one parameterized statement that aggregates in the server,
 * so only a few numbers per file cross the wire.  With --jobs N, N
 * connections each have one file in flight (libpq's asynchronous calls and
 * select()), so the server parses N files at a time.  A file the server
 * refuses is counted as skipped with the server's message and the run goes
 * on; losing a connection ends it.
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
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
	long		files;
	char	   *paths[NOTED_PATHS];
} NoticeLog;

static double
now_seconds(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec + tv.tv_usec / 1e6;
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

/* The state of one run, shared by its workers. */
typedef struct Run
{
	const char *dir;
	size_t		max_bytes;
	CliFileList files;
	size_t		next;			/* next file to consider */
	LangTotals	totals[CM_LANG_COUNT];
	long		skipped[SKIP_COUNT];
	NoticeLog	notices;
	int			tty;
} Run;

/* One connection and the file it is parsing, if any. */
typedef struct Worker
{
	PGconn	   *pg;
	Run		   *run;
	const char *path;			/* NULL when idle */
	const CmLanguageInfo *lang;
	char	   *source;
	size_t		len;
	int			noticed;		/* the file is counted in run->notices */
} Worker;

static void
worker_notice(void *arg, const char *message)
{
	Worker	   *w = arg;
	NoticeLog  *log = &w->run->notices;

	if (w->path == NULL || w->noticed)
		return;
	w->noticed = 1;
	if (log->files < NOTED_PATHS)
		log->paths[log->files] = strdup(w->path);
	log->files++;
}

/*
 * Give an idle worker the next file worth parsing and send it; returns 0
 * when no file is left.  Files that are skipped on the way are counted.
 */
static int
worker_start_next(Worker *w)
{
	Run		   *run = w->run;

	while (run->next < run->files.count)
	{
		const char *path = run->files.paths[run->next++];
		const CmLanguageInfo *lang;
		CliSkip		skip;
		size_t		len = 0;
		char	   *source;
		const char *params[2];

		if (run->tty && run->next % 64 == 0)
			show_progress(run->next, run->files.count);

		/* detection by name first: most files never need reading */
		lang = cm_language_detect(path, NULL, 0);
		if (lang == NULL && strchr(strrchr(path, '/') ? strrchr(path, '/') : path, '.') != NULL)
		{
			run->skipped[SKIP_LANGUAGE]++;
			continue;
		}
		source = cli_read_file(run->dir, path, run->max_bytes, &len, &skip);
		if (source == NULL)
		{
			/* an extensionless file that is not readable is no source */
			run->skipped[lang ? skip : SKIP_LANGUAGE]++;
			continue;
		}
		if (lang == NULL || strcmp(lang->name, "c") == 0)
			lang = cm_language_detect(path, source, len);
		if (lang == NULL)
		{
			run->skipped[SKIP_LANGUAGE]++;
			free(source);
			continue;
		}

		w->path = path;
		w->lang = lang;
		w->source = source;
		w->len = len;
		w->noticed = 0;
		params[0] = source;
		params[1] = lang->name;
		if (!PQsendQueryParams(w->pg, SUMMARY_SQL, 2, NULL, params, NULL,
							   NULL, 0))
			cli_fatal("could not send \"%s\": %s", path, PQerrorMessage(w->pg));
		return 1;
	}
	return 0;
}

/* Take the finished result of a worker's file into the totals. */
static void
worker_finish(Worker *w)
{
	Run		   *run = w->run;
	PGresult   *res;
	int			first = 1;

	while ((res = PQgetResult(w->pg)) != NULL)
	{
		if (first && PQresultStatus(res) == PGRES_TUPLES_OK)
		{
			LangTotals *t = &run->totals[w->lang->id];

			t->files++;
			t->bytes += (long) w->len;
			t->definitions += atol(PQgetvalue(res, 0, 0));
			t->references += atol(PQgetvalue(res, 0, 1));
			t->imports += atol(PQgetvalue(res, 0, 2));
		}
		else if (first)
		{
			if (PQstatus(w->pg) != CONNECTION_OK)
				cli_fatal("lost the connection while parsing \"%s\": %s",
						  w->path, PQerrorMessage(w->pg));
			run->skipped[SKIP_SERVER]++;
			fprintf(stderr, "%s%s: warning: \"%s\" skipped: %s",
					run->tty ? "\n" : "", cli_progname, w->path,
					PQresultErrorMessage(res));
		}
		first = 0;
		PQclear(res);
	}
	free(w->source);
	w->source = NULL;
	w->path = NULL;
}

/* Wait until some busy worker has its answer, and take it. */
static void
wait_for_workers(Worker *workers, int nworkers)
{
	fd_set		readable;
	int			maxfd = -1;

	FD_ZERO(&readable);
	for (int i = 0; i < nworkers; i++)
		if (workers[i].path != NULL)
		{
			int			fd = PQsocket(workers[i].pg);

			FD_SET(fd, &readable);
			if (fd > maxfd)
				maxfd = fd;
		}
	if (maxfd < 0)
		return;
	if (select(maxfd + 1, &readable, NULL, NULL, NULL) < 0)
	{
		if (errno == EINTR)
			return;
		cli_fatal("could not wait for the server: %s", strerror(errno));
	}
	for (int i = 0; i < nworkers; i++)
	{
		Worker	   *w = &workers[i];

		if (w->path == NULL || !FD_ISSET(PQsocket(w->pg), &readable))
			continue;
		if (!PQconsumeInput(w->pg))
			cli_fatal("lost the connection while parsing \"%s\": %s",
					  w->path, PQerrorMessage(w->pg));
		if (!PQisBusy(w->pg))
			worker_finish(w);
	}
}

int
cli_cmd_parse(const CliConn *conn, const char *dir, int jobs)
{
	Run			run;
	Worker	   *workers = calloc(jobs, sizeof(Worker));
	double		start = now_seconds();
	int			from_git;
	LangTotals	all = {0};
	long		nskipped = 0;

	if (workers == NULL)
		cli_fatal("out of memory");
	memset(&run, 0, sizeof(run));
	run.dir = dir;
	run.tty = isatty(STDERR_FILENO);
	for (int i = 0; i < jobs; i++)
	{
		workers[i].pg = cli_connect(conn);
		workers[i].run = &run;
		PQsetNoticeProcessor(workers[i].pg, worker_notice, &workers[i]);
	}
	cli_check_extension(workers[0].pg);
	run.max_bytes = cli_server_max_file_bytes(workers[0].pg);
	from_git = cli_list_files(dir, &run.files, 0);

	/* keep every connection busy until the files run out */
	for (;;)
	{
		int			busy = 0;

		for (int i = 0; i < jobs; i++)
			if (workers[i].path != NULL || worker_start_next(&workers[i]))
				busy++;
		if (busy == 0)
			break;
		wait_for_workers(workers, jobs);
	}
	if (run.tty)
		show_progress(run.files.count, run.files.count);

	printf("codemap parse: %s (%s, %zu files)\n\n", dir,
		   from_git ? "files listed by git" : "directory walk", run.files.count);
	printf("%-12s %8s %10s %12s %12s %10s\n", "language", "files",
		   "KB", "definitions", "references", "imports");
	for (int l = 0; l < CM_LANG_COUNT; l++)
	{
		LangTotals *t = &run.totals[l];

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
		nskipped += run.skipped[s];
	printf("\nskipped: %ld files", nskipped);
	for (int s = 1; s < SKIP_COUNT; s++)
		if (run.skipped[s] > 0)
			printf("; %ld %s", run.skipped[s], cli_skip_names[s]);
	printf("\n");
	if (run.notices.files > 0)
	{
		printf("facts partly left out (large syntax error regions): %ld files, such as",
			   run.notices.files);
		for (int n = 0; n < NOTED_PATHS && n < run.notices.files; n++)
		{
			printf("%s %s", n ? "," : "", run.notices.paths[n]);
			free(run.notices.paths[n]);
		}
		printf("\n");
	}
	printf("seconds: %.1f\n", now_seconds() - start);

	cli_file_list_free(&run.files);
	for (int i = 0; i < jobs; i++)
		PQfinish(workers[i].pg);
	free(workers);
	return run.skipped[SKIP_SERVER] > 0 ? 1 : 0;
}
