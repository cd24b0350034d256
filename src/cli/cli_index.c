/*-------------------------------------------------------------------------
 *
 * cli_index.c
 *		"codemap index DIR": store a checkout in a repository, parsing in
 *		the server over several connections, and bring it up to date on
 *		later runs.
 *
 * A run goes like this:
 *
 *	1. A coordinating connection creates the repository if needed and
 *	   takes a session advisory lock on it, so that a second run on the
 *	   same repository fails at once (or waits, with --wait) instead of
 *	   interleaving with this one.
 *	2. It reads what the repository holds: path, content hash and status of
 *	   every file.
 *	3. N worker threads, each with its own connection, take files in path
 *	   order, read them and hash them (SHA-256).  A file whose hash the
 *	   repository already holds is done.  The others go into a batch that
 *	   is sent with COPY (binary format, so content needs no escaping) into
 *	   the session's staging table and stored by codemap._index_staged(),
 *	   one transaction per batch.  A batch is all or nothing: killing the
 *	   client or the server loses at most the batches in flight, and the
 *	   next run sends them again.
 *	4. Files the repository holds that the checkout no longer has are
 *	   removed, and what the run changed is resolved: by codemap.refresh(),
 *	   or with several connections in shares resolved at the same time.
 *
 * Files that are skipped for a reason worth knowing (binary, not UTF-8,
 * generated, too large, unreadable) but whose name says they are source
 * are recorded as skipped with that reason, so that the repository can say
 * why a file has no symbols.
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "cli.h"
#include "cm_language.h"

/* a batch is sent when it holds this many bytes of content or files */
#define BATCH_BYTES		(512 * 1024)
#define BATCH_FILES		128
/* files a worker takes from the list at a time */
#define TAKE_FILES		8
/* paths of failed files named in the summary */
#define NAMED_FAILURES	5

/*
 * Advisory lock keys, each with the repository id: the SQL functions take
 * the refresh key (writers shared, refresh() exclusive); a run holds the
 * run key for its whole length.
 */
#define REFRESH_LOCK_KEY "25453"
#define RUN_LOCK_KEY	"25454"

typedef struct Stored
{
	char	   *path;
	char	   *hash;			/* hex, or NULL */
	char	   *status;
	char	   *reason;
	volatile char seen;			/* the checkout still has it */
} Stored;

typedef struct Buffer
{
	char	   *data;
	size_t		len;
	size_t		cap;
} Buffer;

typedef struct IndexRun
{
	const CliConn *conn;
	const char *dir;
	const char *repo;
	size_t		max_bytes;
	CliFileList files;
	Stored	   *stored;			/* sorted by path */
	size_t		nstored;
	char	  **excludes;
	size_t		nexcludes;
	int			tty;

	pthread_mutex_t lock;		/* guards everything below */
	size_t		next;			/* next file to take */
	size_t		done;			/* files dealt with */
	long		unchanged;
	long		bytes_sent;
	long		status_count[4];	/* indexed, partial, failed, skipped */
	long		definitions;
	long		references;
	long		skipped[SKIP_COUNT];
	char	   *failed_paths[NAMED_FAILURES];
	char	   *fatal;			/* the error that stopped the run */
} IndexRun;

static const char *const status_names[4] = {"indexed", "partial", "failed", "skipped"};

typedef struct Worker
{
	IndexRun   *run;
	PGconn	   *pg;
	PGcancel   *cancel;
	pthread_t	thread;
	int			staged;			/* the staging table exists */
	Buffer		copy;			/* the batch as COPY binary data */
	size_t		nbatch;
} Worker;

static Worker *workers;
static int	nworkers;
static PGcancel *coord_cancel;	/* the coordinating connection's */
static volatile sig_atomic_t interrupted;

static double
now_seconds(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec + tv.tv_usec / 1e6;
}

/* ------------------------------------------------------------------------
 * Buffers, COPY binary rows, array literals
 * ------------------------------------------------------------------------
 */

static void
buf_append(Buffer *b, const void *data, size_t len)
{
	if (b->cap - b->len < len)
	{
		size_t		cap = b->cap ? b->cap : 65536;

		while (cap - b->len < len)
			cap *= 2;
		b->data = cli_realloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
}

static void
buf_u16(Buffer *b, uint16_t v)
{
	unsigned char x[2] = {v >> 8, v & 0xff};

	buf_append(b, x, 2);
}

static void
buf_u32(Buffer *b, uint32_t v)
{
	unsigned char x[4] = {v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff};

	buf_append(b, x, 4);
}

/* one field of a binary COPY row; data NULL for SQL NULL */
static void
copy_field(Buffer *b, const void *data, size_t len)
{
	if (data == NULL)
	{
		buf_u32(b, 0xffffffff);
		return;
	}
	buf_u32(b, (uint32_t) len);
	buf_append(b, data, len);
}

static void
copy_text(Buffer *b, const char *s)
{
	copy_field(b, s, s ? strlen(s) : 0);
}

static void
copy_int8(Buffer *b, int64_t v)
{
	buf_u32(b, 8);
	buf_u32(b, (uint32_t) ((uint64_t) v >> 32));
	buf_u32(b, (uint32_t) v);
}

/* a PostgreSQL array literal of strings, every element quoted */
static void
array_literal(Buffer *b, char *const *items, size_t n)
{
	buf_append(b, "{", 1);
	for (size_t i = 0; i < n; i++)
	{
		if (i > 0)
			buf_append(b, ",", 1);
		buf_append(b, "\"", 1);
		for (const char *p = items[i]; *p; p++)
		{
			if (*p == '"' || *p == '\\')
				buf_append(b, "\\", 1);
			buf_append(b, p, 1);
		}
		buf_append(b, "\"", 1);
	}
	buf_append(b, "}", 2);		/* with the terminating NUL */
}

/* ------------------------------------------------------------------------
 * Server calls of the coordinating connection
 * ------------------------------------------------------------------------
 */

static PGresult *
query(PGconn *pg, const char *sql, int nparams, const char *const *params,
	  ExecStatusType expect, const char *what)
{
	PGresult   *res = PQexecParams(pg, sql, nparams, NULL, params, NULL, NULL, 0);

	if (PQresultStatus(res) != expect)
	{
		if (interrupted)
		{
			fprintf(stderr, "%s: canceled; batches stored before the cancel are kept, "
					"and the next run continues from them\n", cli_progname);
			exit(2);
		}
		cli_server_error(pg, res, what);
	}
	return res;
}

/* Create the repository if needed and bring -I into its options. */
static void
prepare_repo(PGconn *pg, const char *repo, const CliIndexOptions *options)
{
	Buffer		dirs = {0};
	const char *params[2];
	PGresult   *res;

	if (options->include_dirs != NULL)
		array_literal(&dirs, (char *const *) options->include_dirs,
					  options->n_include_dirs);
	params[0] = repo;
	params[1] = dirs.data;		/* NULL: leave include_dirs alone */

	res = query(pg, "SELECT 1 FROM codemap.repo WHERE name = $1", 1, params,
				PGRES_TUPLES_OK, "look up the repository");
	if (PQntuples(res) == 0)
	{
		PQclear(res);
		res = query(pg,
					"SELECT codemap.create_repo($1, CASE WHEN $2::text[] IS NULL THEN '{}' "
					"ELSE jsonb_build_object('include_dirs', to_jsonb($2::text[])) END)",
					2, params, PGRES_TUPLES_OK, "create the repository");
		printf("created repository \"%s\"\n", repo);
	}
	else if (dirs.data != NULL)
	{
		PQclear(res);
		res = query(pg,
					"SELECT codemap.alter_repo(name, jsonb_set(options, '{include_dirs}', to_jsonb($2::text[]))) "
					"FROM codemap.repo WHERE name = $1 "
					"AND options -> 'include_dirs' IS DISTINCT FROM to_jsonb($2::text[])",
					2, params, PGRES_TUPLES_OK, "set the repository's include directories");
	}
	PQclear(res);
	free(dirs.data);
}

/* Take the run lock, or explain who has it. */
static void
lock_repo(PGconn *pg, const char *repo, int wait)
{
	const char *params[1] = {repo};
	PGresult   *res;

	res = query(pg, wait ?
				"SELECT pg_advisory_lock(" RUN_LOCK_KEY ", id), true FROM codemap.repo WHERE name = $1" :
				"SELECT pg_try_advisory_lock(" RUN_LOCK_KEY ", id) FROM codemap.repo WHERE name = $1",
				1, params, PGRES_TUPLES_OK, "lock the repository");
	if (strcmp(PQgetvalue(res, 0, wait ? 1 : 0), "t") != 0)
	{
		PGresult   *who;

		PQclear(res);
		who = query(pg,
					"SELECT l.pid FROM pg_locks l JOIN codemap.repo r ON l.objid = r.id "
					"WHERE l.locktype = 'advisory' AND l.classid = " RUN_LOCK_KEY
					" AND l.objsubid = 2 AND l.granted AND r.name = $1",
					1, params, PGRES_TUPLES_OK, "look up the lock");
		fprintf(stderr, "%s: error: repository \"%s\" is being indexed by another run%s%s%s\n"
				"HINT: Wait for it to finish, or run with --wait.\n",
				cli_progname, repo,
				PQntuples(who) > 0 ? " (server process " : "",
				PQntuples(who) > 0 ? PQgetvalue(who, 0, 0) : "",
				PQntuples(who) > 0 ? ")" : "");
		exit(2);
	}
	PQclear(res);
}

static int
compare_stored(const void *a, const void *b)
{
	return strcmp(((const Stored *) a)->path, ((const Stored *) b)->path);
}

static void
load_stored(PGconn *pg, IndexRun *run)
{
	const char *params[1] = {run->repo};
	PGresult   *res;

	res = query(pg,
				"SELECT f.path, encode(f.hash, 'hex'), f.status, f.reason "
				"FROM codemap.file f JOIN codemap.repo r ON r.id = f.repo_id "
				"WHERE r.name = $1 ORDER BY f.path COLLATE \"C\"",
				1, params, PGRES_TUPLES_OK, "read the repository's files");
	run->nstored = PQntuples(res);
	run->stored = calloc(run->nstored ? run->nstored : 1, sizeof(Stored));
	if (run->stored == NULL)
		cli_fatal("out of memory");
	for (size_t i = 0; i < run->nstored; i++)
	{
		Stored	   *s = &run->stored[i];

		s->path = cli_strdup(PQgetvalue(res, i, 0));
		s->hash = PQgetisnull(res, i, 1) ? NULL : cli_strdup(PQgetvalue(res, i, 1));
		s->status = cli_strdup(PQgetvalue(res, i, 2));
		s->reason = PQgetisnull(res, i, 3) ? NULL : cli_strdup(PQgetvalue(res, i, 3));
	}
	PQclear(res);
	/* the server's order is byte order already; sort anyway for bsearch */
	qsort(run->stored, run->nstored, sizeof(Stored), compare_stored);

	res = query(pg,
				"SELECT e FROM codemap.repo r, "
				"jsonb_array_elements_text(coalesce(r.options -> 'exclude', '[]')) e "
				"WHERE r.name = $1",
				1, params, PGRES_TUPLES_OK, "read the repository's options");
	run->nexcludes = PQntuples(res);
	run->excludes = cli_realloc(NULL, sizeof(char *) * (run->nexcludes + 1));
	for (size_t i = 0; i < run->nexcludes; i++)
		run->excludes[i] = cli_strdup(PQgetvalue(res, i, 0));
	PQclear(res);
}

static Stored *
find_stored(IndexRun *run, const char *path)
{
	Stored		key = {.path = (char *) path};

	return bsearch(&key, run->stored, run->nstored, sizeof(Stored), compare_stored);
}

/* ------------------------------------------------------------------------
 * Workers
 * ------------------------------------------------------------------------
 */

/* Stop the run with a message (the first one wins). */
static void
run_fail(IndexRun *run, const char *fmt, const char *path, PGconn *pg)
{
	char		msg[2048];

	snprintf(msg, sizeof(msg), fmt, path ? path : "", pg ? PQerrorMessage(pg) : "");
	pthread_mutex_lock(&run->lock);
	if (run->fatal == NULL)
		run->fatal = cli_strdup(msg);
	pthread_mutex_unlock(&run->lock);
}

static int
run_stopped(IndexRun *run)
{
	int			stopped;

	pthread_mutex_lock(&run->lock);
	stopped = run->fatal != NULL || interrupted;
	pthread_mutex_unlock(&run->lock);
	return stopped;
}

static void
hash_hex(const char *data, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32)
		cli_fatal("could not compute SHA-256");
	for (unsigned int i = 0; i < mdlen; i++)
		sprintf(out + 2 * i, "%02x", md[i]);
}

static void
hex_to_bytes(const char *hex, unsigned char out[32])
{
	for (int i = 0; i < 32; i++)
	{
		unsigned int v;

		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (unsigned char) v;
	}
}

/* Add one file to the worker's batch. */
static void
batch_add(Worker *w, const char *path, const char *language, const char *hex,
		  const char *source, size_t len, const char *status, const char *reason)
{
	Buffer	   *b = &w->copy;
	unsigned char hash[32];

	if (b->len == 0)
	{
		buf_append(b, "PGCOPY\n\377\r\n\0", 11);
		buf_u32(b, 0);			/* flags */
		buf_u32(b, 0);			/* header extension */
	}
	buf_u16(b, 7);
	copy_text(b, path);
	copy_text(b, language);
	if (hex)
	{
		hex_to_bytes(hex, hash);
		copy_field(b, hash, 32);
	}
	else
		copy_field(b, NULL, 0);
	if (source)
		copy_int8(b, (int64_t) len);
	else
		copy_field(b, NULL, 0);
	copy_field(b, source, len);
	copy_text(b, status);
	copy_text(b, reason);
	w->nbatch++;
}

/* Send the batch and store it; false when the run must stop. */
static int
batch_flush(Worker *w)
{
	IndexRun   *run = w->run;
	PGconn	   *pg = w->pg;
	PGresult   *res;
	const char *params[1] = {run->repo};
	size_t		batch_bytes = w->copy.len;

	if (w->nbatch == 0)
		return 1;
	buf_u16(&w->copy, 0xffff);	/* trailer */

	res = PQexec(pg, w->staged ? "BEGIN" : "BEGIN; SELECT codemap._stage_begin()");
	if (PQresultStatus(res) != PGRES_TUPLES_OK && PQresultStatus(res) != PGRES_COMMAND_OK)
		goto fail;
	PQclear(res);
	w->staged = 1;

	res = PQexec(pg, "COPY pg_temp.codemap_stage (path, language, hash, size, source, status, reason) "
				 "FROM STDIN (FORMAT binary)");
	if (PQresultStatus(res) != PGRES_COPY_IN)
		goto fail;
	PQclear(res);
	if (PQputCopyData(pg, w->copy.data, (int) w->copy.len) != 1 ||
		PQputCopyEnd(pg, NULL) != 1)
	{
		run_fail(run, "could not send files%s: %s", NULL, pg);
		return 0;
	}
	res = PQgetResult(pg);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		goto fail;
	PQclear(res);
	while ((res = PQgetResult(pg)) != NULL)
		PQclear(res);

	res = PQexecParams(pg, "SELECT path, status, reason, definitions, \"references\" "
					   "FROM codemap._index_staged($1)", 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		goto fail;
	pthread_mutex_lock(&run->lock);
	for (int i = 0; i < PQntuples(res); i++)
	{
		const char *status = PQgetvalue(res, i, 1);

		for (int s = 0; s < 4; s++)
			if (strcmp(status, status_names[s]) == 0)
				run->status_count[s]++;
		if (strcmp(status, "failed") == 0)
		{
			long		k = run->status_count[2] - 1;

			if (k < NAMED_FAILURES)
				run->failed_paths[k] = cli_strdup(PQgetvalue(res, i, 0));
			if (run->tty)
				fputc('\n', stderr);
			fprintf(stderr, "%s: warning: \"%s\" failed: %s\n", cli_progname,
					PQgetvalue(res, i, 0), PQgetvalue(res, i, 2));
		}
		run->definitions += atol(PQgetvalue(res, i, 3));
		run->references += atol(PQgetvalue(res, i, 4));
	}
	run->bytes_sent += (long) batch_bytes;
	pthread_mutex_unlock(&run->lock);
	PQclear(res);

	res = PQexec(pg, "COMMIT");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		goto fail;
	PQclear(res);

	w->copy.len = 0;
	w->nbatch = 0;
	return 1;

fail:
	if (!interrupted)
		run_fail(run, "could not store files%s: %s", NULL, pg);
	PQclear(res);
	return 0;
}

/* Deal with one file: unchanged, skipped, or into the batch. */
static void
take_file(Worker *w, const char *path)
{
	IndexRun   *run = w->run;
	const CmLanguageInfo *lang = NULL;
	const char *lang_name;
	Stored	   *stored = find_stored(run, path);
	CliSkip		skip = SKIP_NONE;
	size_t		len = 0;
	char	   *source = NULL;
	char		hex[65];

	if (cli_path_excluded(path, run->excludes, run->nexcludes))
		skip = SKIP_EXCLUDED;
	else
	{
		/* detection by name first: most files that are no source go unread */
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

		lang = cm_language_detect(path, NULL, 0);
		if (lang == NULL && cm_manifest_kind(path) != NULL)
		{
			/* a project file resolution reads: the server takes it */
			source = cli_read_file(run->dir, path, run->max_bytes, &len, &skip);
		}
		else if (lang == NULL && strchr(base, '.') != NULL)
			skip = SKIP_LANGUAGE;
		else
		{
			source = cli_read_file(run->dir, path, run->max_bytes, &len, &skip);
			if (source != NULL && (lang == NULL || strcmp(lang->name, "c") == 0))
				lang = cm_language_detect(path, source, len);
			if (source == NULL && lang == NULL)
				skip = SKIP_LANGUAGE;	/* an unreadable extensionless file */
			else if (lang == NULL)
			{
				skip = SKIP_LANGUAGE;
				free(source);
				source = NULL;
			}
		}
	}

	if (skip == SKIP_LANGUAGE || skip == SKIP_EXCLUDED)
	{
		pthread_mutex_lock(&run->lock);
		run->skipped[skip]++;
		run->done++;
		pthread_mutex_unlock(&run->lock);
		return;
	}

	if (stored != NULL)
		stored->seen = 1;

	/* a project file goes without one: the server knows it by name */
	lang_name = lang ? lang->name : NULL;
	if (source == NULL)
	{
		/* source by name, skipped for its content: recorded */
		const char *reason = cli_skip_names[skip];

		pthread_mutex_lock(&run->lock);
		run->skipped[skip]++;
		run->done++;
		pthread_mutex_unlock(&run->lock);
		if (stored != NULL && strcmp(stored->status, "skipped") == 0 &&
			stored->reason != NULL && strcmp(stored->reason, reason) == 0)
			return;
		batch_add(w, path, lang_name, NULL, NULL, 0, "skipped", reason);
	}
	else
	{
		hash_hex(source, len, hex);
		if (stored != NULL && stored->hash != NULL &&
			strcmp(stored->hash, hex) == 0 && strcmp(stored->status, "failed") != 0 &&
			strcmp(stored->status, "skipped") != 0)
		{
			pthread_mutex_lock(&run->lock);
			run->unchanged++;
			run->done++;
			pthread_mutex_unlock(&run->lock);
			free(source);
			return;
		}
		batch_add(w, path, lang_name, hex, source, len, NULL, NULL);
		free(source);
		pthread_mutex_lock(&run->lock);
		run->done++;
		pthread_mutex_unlock(&run->lock);
	}
	if (w->copy.len >= BATCH_BYTES || w->nbatch >= BATCH_FILES)
		batch_flush(w);
}

static void *
worker_main(void *arg)
{
	Worker	   *w = arg;
	IndexRun   *run = w->run;

	while (!run_stopped(run))
	{
		size_t		from,
					to;

		pthread_mutex_lock(&run->lock);
		from = run->next;
		to = from + TAKE_FILES < run->files.count ? from + TAKE_FILES : run->files.count;
		run->next = to;
		pthread_mutex_unlock(&run->lock);
		if (from == to)
			break;
		for (size_t i = from; i < to && !run_stopped(run); i++)
			take_file(w, run->files.paths[i]);
	}
	if (!run_stopped(run))
		batch_flush(w);
	return NULL;
}

/* Cancel what the workers' connections run; safe in a signal handler. */
static void
on_signal(int sig)
{
	char		errbuf[256];

	interrupted = 1;
	if (coord_cancel != NULL)
		PQcancel(coord_cancel, errbuf, sizeof(errbuf));
	for (int i = 0; i < nworkers; i++)
		if (workers[i].cancel != NULL)
			PQcancel(workers[i].cancel, errbuf, sizeof(errbuf));
}

static void
show_progress(IndexRun *run, int last)
{
	size_t		total = run->files.count;
	size_t		done;
	long		mb;
	int			width = 30;
	int			filled;

	pthread_mutex_lock(&run->lock);
	done = run->done;
	mb = run->bytes_sent / (1024 * 1024);
	pthread_mutex_unlock(&run->lock);
	filled = total ? (int) (done * width / total) : width;
	fprintf(stderr, "\r[%.*s%*s] %zu/%zu files, %ld MB sent", filled,
			"==============================", width - filled, "",
			done, total, mb);
	if (last)
		fputc('\n', stderr);
}

/*
 * Run "SELECT codemap.FUNCTION(rid, share, shares[, kind])" on every
 * worker's connection at once, share i on worker i, and wait for all;
 * exits with the first error.  kind may be NULL.
 */
static void
run_shares(const char *function, const char *rid, const char *kind)
{
	char		sql[128];
	char		k[16];
	char		n[16];
	const char *params[4] = {rid, k, n, kind};
	int			nparams = kind ? 4 : 3;

	snprintf(sql, sizeof(sql), "SELECT codemap.%s($1, $2, $3%s)", function,
			 kind ? ", $4" : "");
	snprintf(n, sizeof(n), "%d", nworkers);
	for (int i = 0; i < nworkers; i++)
	{
		snprintf(k, sizeof(k), "%d", i);
		if (!PQsendQueryParams(workers[i].pg, sql, nparams, NULL, params, NULL, NULL, 0))
			cli_fatal("could not resolve references: %s", PQerrorMessage(workers[i].pg));
	}
	for (int i = 0; i < nworkers; i++)
	{
		PGresult   *r;
		char	   *error = NULL;

		while ((r = PQgetResult(workers[i].pg)) != NULL)
		{
			if (PQresultStatus(r) != PGRES_TUPLES_OK && error == NULL)
				error = cli_strdup(PQresultErrorMessage(r));
			PQclear(r);
		}
		if (error != NULL)
		{
			if (interrupted)
				fprintf(stderr, "%s: canceled; what was stored is kept, and the "
						"next run resolves it\n", cli_progname);
			else
				fprintf(stderr, "%s: error: could not resolve references: %s",
						cli_progname, error);
			exit(2);
		}
	}
}

/*
 * Resolve what the run changed; returns refresh()'s row.  With one
 * connection this is codemap.refresh().  With more, the coordinator takes
 * the repository's refresh lock for the whole resolution, and the workers'
 * connections resolve one share each at the same time: every share's
 * imports (codemap._refresh_imports()), then every share's base classes,
 * then every share's calls (codemap._refresh_calls()): each round depends
 * on the one before.  A share that
 * fails leaves the work marked undone, and the next refresh does it again.
 */
static PGresult *
resolve(PGconn *coord, const char *repo)
{
	const char *params[1] = {repo};
	PGresult   *res;
	char		rid[32];
	int			todo;

	if (nworkers < 2)
		return query(coord, "SELECT files, symbols, resolved, pending FROM codemap.refresh($1)",
					 1, params, PGRES_TUPLES_OK, "resolve references");

	res = query(coord, "SELECT pg_advisory_lock(" REFRESH_LOCK_KEY ", id), id FROM codemap.repo WHERE name = $1",
				1, params, PGRES_TUPLES_OK, "lock the repository for resolving");
	if (PQntuples(res) != 1)
		cli_fatal("repository \"%s\" was dropped during the run", repo);
	snprintf(rid, sizeof(rid), "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	params[0] = rid;
	res = query(coord, "SELECT codemap._refresh_begin($1)", 1, params,
				PGRES_TUPLES_OK, "resolve references");
	todo = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);

	if (todo)
	{
		run_shares("_refresh_imports", rid, NULL);
		run_shares("_refresh_calls", rid, "inherit");
		run_shares("_refresh_calls", rid, "call");
		PQclear(query(coord, "SELECT codemap._refresh_clusters($1)", 1, params,
					  PGRES_TUPLES_OK, "cluster the files"));
		PQclear(query(coord, "SELECT codemap._refresh_end($1)", 1, params,
					  PGRES_TUPLES_OK, "resolve references"));
	}
	res = query(coord, "SELECT files, symbols, resolved, pending FROM codemap._repo_counts($1)",
				1, params, PGRES_TUPLES_OK, "count the repository's rows");
	PQclear(query(coord, "SELECT pg_advisory_unlock(" REFRESH_LOCK_KEY ", $1)", 1, params,
				  PGRES_TUPLES_OK, "unlock the repository"));
	return res;
}

/* ------------------------------------------------------------------------
 * The command
 * ------------------------------------------------------------------------
 */

/* The last component of dir, made absolute first ("." is the cwd's name). */
static char *
default_repo_name(const char *dir)
{
	char	   *full = realpath(dir, NULL);
	char	   *name;
	char	   *slash;

	if (full == NULL)
		cli_fatal("could not resolve \"%s\": %s", dir, strerror(errno));
	while ((slash = strrchr(full, '/')) != NULL && slash[1] == '\0' && slash != full)
		*slash = '\0';
	slash = strrchr(full, '/');
	name = cli_strdup(slash && slash[1] ? slash + 1 : "root");
	free(full);
	return name;
}

int
cli_cmd_index(const CliConn *conn, const char *dir, const CliIndexOptions *options)
{
	IndexRun	run;
	PGconn	   *coord;
	char	   *repo = options->repo ? cli_strdup(options->repo) : default_repo_name(dir);
	double		start = now_seconds(),
				listed,
				stored_at,
				resolved_at;
	int			from_git;
	size_t		nremoved = 0;
	long		removed_stored = 0;
	long		nskipped = 0;
	PGresult   *res;
	struct sigaction sa;

	memset(&run, 0, sizeof(run));
	run.conn = conn;
	run.dir = dir;
	run.repo = repo;
	run.tty = isatty(STDERR_FILENO);
	pthread_mutex_init(&run.lock, NULL);

	coord = cli_connect(conn);
	cli_check_extension(coord);
	prepare_repo(coord, repo, options);
	lock_repo(coord, repo, options->wait);
	run.max_bytes = cli_server_max_file_bytes(coord);
	load_stored(coord, &run);

	from_git = cli_list_files(dir, &run.files, options->vendored);
	run.skipped[SKIP_VENDORED] = (long) run.files.vendored;
	listed = now_seconds();

	nworkers = options->jobs;
	workers = calloc(nworkers, sizeof(Worker));
	if (workers == NULL)
		cli_fatal("out of memory");
	for (int i = 0; i < nworkers; i++)
	{
		workers[i].run = &run;
		workers[i].pg = cli_connect(conn);
		workers[i].cancel = PQgetCancel(workers[i].pg);

		/*
		 * A batch lost to a crash after its commit is sent again by the
		 * next run, which finds its hash missing: no need to wait for the
		 * disk at every commit.
		 */
		PQclear(query(workers[i].pg, "SET synchronous_commit = off", 0, NULL,
					  PGRES_COMMAND_OK, "configure the session"));
	}
	coord_cancel = PQgetCancel(coord);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	for (int i = 0; i < nworkers; i++)
		if (pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]) != 0)
			cli_fatal("could not start a worker thread");
	for (;;)
	{
		int			finished;

		pthread_mutex_lock(&run.lock);
		finished = run.done == run.files.count || run.fatal != NULL || interrupted;
		pthread_mutex_unlock(&run.lock);
		if (finished)
			break;
		if (run.tty)
			show_progress(&run, 0);
		usleep(100 * 1000);
	}
	for (int i = 0; i < nworkers; i++)
		pthread_join(workers[i].thread, NULL);
	if (run.tty)
		show_progress(&run, 1);
	stored_at = now_seconds();

	if (interrupted)
	{
		fprintf(stderr, "%s: canceled; batches stored before the cancel are kept, "
				"and the next run continues from them\n", cli_progname);
		exit(2);
	}
	if (run.fatal != NULL)
	{
		fprintf(stderr, "%s: error: %s", cli_progname, run.fatal);
		fprintf(stderr, "%s: batches stored before the error are kept; "
				"the next run continues from them\n", cli_progname);
		exit(2);
	}

	/* files the repository holds that the checkout has no more */
	{
		char	  **gone = cli_realloc(NULL, sizeof(char *) * (run.nstored + 1));
		Buffer		lit = {0};
		const char *params[2];

		for (size_t i = 0; i < run.nstored; i++)
			if (!run.stored[i].seen)
				gone[nremoved++] = run.stored[i].path;
		if (nremoved > 0)
		{
			array_literal(&lit, gone, nremoved);
			params[0] = repo;
			params[1] = lit.data;
			res = query(coord, "SELECT codemap.remove_files($1, $2)", 2, params,
						PGRES_TUPLES_OK, "remove files");
			removed_stored = atol(PQgetvalue(res, 0, 0));
			PQclear(res);
			free(lit.data);
		}
		free(gone);
	}

	res = resolve(coord, repo);
	resolved_at = now_seconds();

	printf("codemap index: %s into repository \"%s\" (%s, %zu files)\n", dir, repo,
		   from_git ? "files listed by git" : "directory walk",
		   run.files.count + run.files.vendored);
	printf("  stored      %ld files (%.1f MB sent): %ld indexed, %ld partial, %ld failed, %ld skipped\n",
		   run.status_count[0] + run.status_count[1] + run.status_count[2] + run.status_count[3],
		   run.bytes_sent / 1048576.0,
		   run.status_count[0], run.status_count[1], run.status_count[2], run.status_count[3]);
	printf("  unchanged   %ld files\n", run.unchanged);
	printf("  removed     %ld files\n", removed_stored);
	for (int s = 1; s < SKIP_COUNT; s++)
		nskipped += run.skipped[s];
	printf("  skipped     %ld files", nskipped);
	for (int s = 1; s < SKIP_COUNT; s++)
		if (run.skipped[s] > 0)
			printf("%s %ld %s", s == 1 ? ":" : ";", run.skipped[s], cli_skip_names[s]);
	printf("\n");
	if (run.files.bad_dirs > 0)
		printf("  unreadable  %zu directories (see the warnings above)\n", run.files.bad_dirs);
	if (run.status_count[2] > 0)
	{
		printf("  failed files, such as");
		for (long n = 0; n < NAMED_FAILURES && n < run.status_count[2]; n++)
			printf("%s %s", n ? "," : "", run.failed_paths[n]);
		printf(" (codemap.files has each reason)\n");
	}
	printf("repository \"%s\": %s files, %s symbols, %s references resolved, %s pending\n",
		   repo, PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2),
		   PQgetvalue(res, 0, 3));
	printf("seconds: %.1f (listing %.1f, parsing and storing %.1f, resolving %.1f)\n",
		   resolved_at - start, listed - start, stored_at - listed, resolved_at - stored_at);
	PQclear(res);

	for (int i = 0; i < nworkers; i++)
	{
		PQfreeCancel(workers[i].cancel);
		PQfinish(workers[i].pg);
		free(workers[i].copy.data);
	}
	PQfinish(coord);
	return run.status_count[2] > 0 ? 1 : 0;
}
