/*-------------------------------------------------------------------------
 *
 * cli.h
 *		The codemap command-line client: shared declarations.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CLI_H
#define CLI_H

#include <stddef.h>

#include <libpq-fe.h>

/* connection options from the command line; NULL means libpq's default */
typedef struct CliConn
{
	const char *dbname;
	const char *host;
	const char *port;
	const char *user;
} CliConn;

/* Why a file was left out of a run. */
typedef enum CliSkip
{
	SKIP_NONE = 0,
	SKIP_LANGUAGE,				/* no supported language */
	SKIP_BINARY,				/* NUL bytes */
	SKIP_ENCODING,				/* not valid UTF-8 */
	SKIP_GENERATED,				/* marked or named as generated */
	SKIP_TOO_LARGE,				/* over the server's codemap.max_file_bytes */
	SKIP_UNREADABLE,			/* could not be read */
	SKIP_SERVER,				/* the server refused it */
	SKIP_VENDORED,				/* under a vendored directory */
	SKIP_EXCLUDED,				/* matched the repository's exclude globs */
	SKIP_COUNT
} CliSkip;

extern const char *const cli_skip_names[SKIP_COUNT];

/* A list of repo-relative paths. */
typedef struct CliFileList
{
	char	  **paths;
	size_t		count;
	size_t		capacity;
	size_t		vendored;		/* files left out under vendored directories */
	size_t		bad_dirs;		/* directories that could not be read */
} CliFileList;

/* cli_main.c */
extern const char *cli_progname;
extern PGconn *cli_connect(const CliConn *conn);
extern void cli_fatal(const char *fmt,...) __attribute__((format(printf, 1, 2), noreturn));
extern void cli_server_error(PGconn *pg, const PGresult *res, const char *what)
			__attribute__((noreturn));
extern void *cli_realloc(void *p, size_t size);
extern char *cli_strdup(const char *s);
extern void cli_check_extension(PGconn *pg);
extern size_t cli_server_max_file_bytes(PGconn *pg);

/* cli_walk.c */
extern int	cli_list_files(const char *dir, CliFileList *list, int vendored);
extern void cli_file_list_free(CliFileList *list);
extern char *cli_read_file(const char *dir, const char *path, size_t max_bytes,
						   size_t *len, CliSkip *skip);

extern int	cli_path_excluded(const char *path, char *const *globs, size_t nglobs);

/* cli_parse.c */
extern int	cli_cmd_parse(const CliConn *conn, const char *dir, int jobs);

/* cli_index.c */
typedef struct CliIndexOptions
{
	const char *repo;			/* NULL: the directory's name */
	int			jobs;
	int			wait;			/* wait for another run instead of failing */
	const char *const *include_dirs;	/* -I, NULL when none given */
	size_t		n_include_dirs;
	int			vendored;		/* keep files under vendored directories */
} CliIndexOptions;

extern int	cli_cmd_index(const CliConn *conn, const char *dir,
						  const CliIndexOptions *options);

/* cli_explore.c: the exploration commands' options, NULL when not given */
typedef struct CliExploreOptions
{
	const char *max_nodes;		/* whole numbers, checked by the caller */
	const char *depth;
	const char *limit;
	const char *direction;
	const char *kinds;			/* a comma-separated list */
	const char *format;			/* export: json, dot, mermaid or graphml */
	int			neighbors;		/* the node's neighbourhood, not expansion */
} CliExploreOptions;

extern int	cli_cmd_overview(const CliConn *conn, const char *repo,
							 const CliExploreOptions *options);
extern int	cli_cmd_expand(const CliConn *conn, const char *repo,
						   const char *node, const CliExploreOptions *options);
extern int	cli_cmd_neighbors(const CliConn *conn, const char *repo,
							  const char *node, const CliExploreOptions *options);
extern int	cli_cmd_search(const CliConn *conn, const char *repo,
						   const char *pattern, const CliExploreOptions *options);
extern int	cli_cmd_export(const CliConn *conn, const char *repo,
						   const char *node, const CliExploreOptions *options);

#endif							/* CLI_H */
