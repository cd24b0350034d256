/*-------------------------------------------------------------------------
 *
 * cli_main.c
 *		codemap: command-line client.  Option parsing, connections, help.
 *
 * Exit status: 0 on success, 1 when the command ran but some work failed,
 * 2 on usage, connection or server errors that stop the command.
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_progname = "codemap";

static void
usage(FILE *out)
{
	fprintf(out,
			"codemap: code graphs in PostgreSQL, from the command line\n"
			"\n"
			"Usage:\n"
			"  %s index [OPTION]... [--repo NAME] [-j N] [-I DIR]... [DIR]\n"
			"      Store the source files under DIR (default: the current directory)\n"
			"      in repository NAME (default: DIR's name; created when missing):\n"
			"      files, modules, symbols, references and imports, parsed in the\n"
			"      server.  Run it again to bring the repository up to date: files\n"
			"      whose content did not change are not sent again, changed ones\n"
			"      replace their old content, and files gone from DIR are removed.\n"
			"      Then references are resolved (codemap.refresh()) and a summary\n"
			"      is printed.\n"
			"  %s parse [OPTION]... [-j N] [DIR]\n"
			"      Parse every source file under DIR in the server with\n"
			"      codemap.parse() and print, per language, the files, definitions,\n"
			"      references and imports found, storing nothing.\n"
			"  %s overview [OPTION]... [--max-nodes N] REPO\n"
			"      Print the top of repository REPO's map: its largest clusters and\n"
			"      the references between them (codemap.overview()).\n"
			"  %s expand [OPTION]... [--max-nodes N] REPO NODE\n"
			"      Open NODE one level: a cluster's sub-clusters or files, a\n"
			"      directory's files, a file's or a symbol's symbols; with the\n"
			"      references among them and, marked outside, the nodes they reach\n"
			"      beyond (codemap.expand()).\n"
			"  %s neighbors [OPTION]... [--depth N] [--direction DIR] [--kinds K,...]\n"
			"                    [--max-nodes N] REPO NODE\n"
			"      Print the nodes of NODE's rank (clusters, files or symbols) within\n"
			"      N references of it, nearest first, each with its distance, and the\n"
			"      references among them (codemap.neighbors()).\n"
			"  %s search [OPTION]... [--limit N] REPO PATTERN\n"
			"      Find the nodes named PATTERN, then those whose name starts with\n"
			"      it, then files and directories whose path holds it\n"
			"      (codemap.search()), best first.\n"
			"  %s export --format=FORMAT [OPTION]... [--max-nodes N] REPO [NODE]\n"
			"  %s export --format=FORMAT --neighbors [OPTION]... REPO NODE\n"
			"      Write the overview of REPO, the expansion of NODE or, with\n"
			"      --neighbors, its neighbourhood as one document on standard output,\n"
			"      exactly as codemap.to_json(), to_dot(), to_mermaid() or\n"
			"      to_graphml() render it.\n"
			"\n"
			"overview, expand, neighbors and search print a table of nodes (kind, id,\n"
			"size, label and facts), each under its parent when the parent is shown,\n"
			"then a table of references (source -> target, kind and weight), heaviest\n"
			"first.  The id is what NODE takes: cluster:N for a cluster, a directory\n"
			"for a module, a path for a file, PATH::NAME for a symbol.  A node of kind\n"
			"\"more\" counts what --max-nodes left out; ask for more, or expand a\n"
			"node.  Options not given take the SQL function's defaults.\n"
			"\n"
			"Options:\n"
			"  -j, --jobs=N          use N connections, so the server parses N files\n"
			"                        at a time (default 1, at most 64)\n"
			"  -r, --repo=NAME       repository to index into (index)\n"
			"  -I, --include-dir=DIR directory, relative to DIR, searched by C and\n"
			"                        C++ includes; repeat for more (index; kept in the\n"
			"                        repository's include_dirs option)\n"
			"  -w, --wait            wait for another index run on the same repository\n"
			"                        to end instead of failing (index)\n"
			"      --vendored        also index files under vendored directories, so\n"
			"                        that imports of vendored packages resolve (index)\n"
			"      --max-nodes=N     show at most N nodes, a \"more\" node counting the\n"
			"                        rest (overview, expand, neighbors, export)\n"
			"      --depth=N         follow references up to N steps (neighbors)\n"
			"      --direction=DIR   out (references NODE makes), in (references made\n"
			"                        to it) or both (neighbors)\n"
			"      --kinds=K,...     follow only these kinds of reference: imports,\n"
			"                        calls, inherits, references (neighbors)\n"
			"      --limit=N         print at most N nodes (search)\n"
			"      --format=FORMAT   json (Cytoscape.js elements), dot (Graphviz),\n"
			"                        mermaid or graphml (export)\n"
			"      --neighbors       export NODE's neighbourhood, as neighbors prints\n"
			"                        it, with --depth, --direction and --kinds (export)\n"
			"\n"
			"Files: in a git work tree, the files git lists (tracked and untracked,\n"
			"minus ignored ones); elsewhere, a walk of DIR that follows no symbolic\n"
			"links.  Version-control, node_modules and __pycache__ directories are\n"
			"never entered.  Skipped: files of no supported language, files under\n"
			"vendor, third_party or bower_components directories (unless --vendored),\n"
			"files matching the repository's exclude globs, binary files (NUL bytes),\n"
			"files that are not UTF-8, generated files (*.min.js, a comment line\n"
			"\"Code generated ... DO NOT EDIT.\" or an \"@generated\" mark near the top)\n"
			"and files over the server's codemap.max_file_bytes.\n"
			"index records the source files among them as skipped, with the reason.\n"
			"\n"
			"Connection options (default: the PG* environment variables):\n"
			"  -d, --dbname=DBNAME   database to connect to (or a connection string)\n"
			"  -h, --host=HOST       server host or socket directory\n"
			"  -p, --port=PORT       server port\n"
			"  -U, --username=USER   user name\n"
			"\n"
			"  -?, --help            show this help, then exit\n"
			"\n"
			"Exit status: 0 success; 1 some files failed on the server (index records\n"
			"them, with the error, in codemap.files); 2 usage, connection or server\n"
			"error (such as an unknown repository or node), or canceled.  An index run\n"
			"that stops early keeps the batches it stored; the next run continues\n"
			"from them.\n",
			cli_progname, cli_progname, cli_progname, cli_progname, cli_progname,
			cli_progname, cli_progname, cli_progname);
}

void
cli_fatal(const char *fmt,...)
{
	va_list		args;

	fprintf(stderr, "%s: error: ", cli_progname);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputc('\n', stderr);
	exit(2);
}

void *
cli_realloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (p == NULL)
		cli_fatal("out of memory");
	return p;
}

char *
cli_strdup(const char *s)
{
	char	   *copy = strdup(s);

	if (copy == NULL)
		cli_fatal("out of memory");
	return copy;
}

/*
 * Report a statement that failed and exit with status 2.  The line reads
 * "could not WHAT: MESSAGE" (just MESSAGE when what is NULL), followed by
 * the server's DETAIL and HINT when it sent them; the CONTEXT lines that
 * libpq would add name internal functions and are left out.  Without a
 * server message (a lost connection), libpq's own message is used.
 */
void
cli_server_error(PGconn *pg, const PGresult *res, const char *what)
{
	const char *message = NULL;
	const char *detail = NULL;
	const char *hint = NULL;

	if (res != NULL)
	{
		message = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
		hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
	}

	fprintf(stderr, "%s: error: ", cli_progname);
	if (what != NULL)
		fprintf(stderr, "could not %s: ", what);
	if (message != NULL)
		fprintf(stderr, "%s\n", message);
	else
	{
		/* libpq's own messages end with a newline */
		const char *own = res && *PQresultErrorMessage(res) ?
			PQresultErrorMessage(res) : PQerrorMessage(pg);
		size_t		len = strlen(own);

		if (len > 0 && own[len - 1] == '\n')
			len--;
		fprintf(stderr, "%.*s\n", (int) len, own);
	}
	if (detail != NULL)
		fprintf(stderr, "DETAIL: %s\n", detail);
	if (hint != NULL)
		fprintf(stderr, "HINT: %s\n", hint);
	exit(2);
}

/* Exit with a hint unless the extension is installed in pg's database. */
void
cli_check_extension(PGconn *pg)
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

/*
 * The server's codemap.max_file_bytes, so oversized files are not sent.
 * Calling languages() first loads the module, which defines the setting.
 */
size_t
cli_server_max_file_bytes(PGconn *pg)
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

/* Connect, or exit with libpq's message. */
PGconn *
cli_connect(const CliConn *conn)
{
	const char *keywords[] = {"host", "port", "user", "dbname",
	"fallback_application_name", "client_encoding", NULL};
	const char *values[] = {conn->host, conn->port, conn->user, conn->dbname,
	"codemap", "UTF8", NULL};
	PGconn	   *pg = PQconnectdbParams(keywords, values, 1);

	if (pg == NULL)
		cli_fatal("could not allocate a connection");
	if (PQstatus(pg) != CONNECTION_OK)
	{
		fprintf(stderr, "%s: error: could not connect: %s", cli_progname,
				PQerrorMessage(pg));
		PQfinish(pg);
		exit(2);
	}
	return pg;
}

/* getopt values of the options that have no short form */
enum
{
	OPT_VENDORED = 'V',
	OPT_MAX_NODES = 256,
	OPT_DEPTH,
	OPT_DIRECTION,
	OPT_KINDS,
	OPT_LIMIT,
	OPT_FORMAT,
	OPT_NEIGHBORS,
	OPT_HELP
};

/*
 * The commands each option belongs to, between spaces; the connection
 * options and --help belong to all.  An option given to another command
 * is refused rather than ignored.
 */
static const struct
{
	int			code;
	const char *name;
	const char *commands;
}			option_commands[] = {
	{'j', "--jobs", " index parse "},
	{'r', "--repo", " index "},
	{'I', "--include-dir", " index "},
	{'w', "--wait", " index "},
	{OPT_VENDORED, "--vendored", " index "},
	{OPT_MAX_NODES, "--max-nodes", " overview expand neighbors export "},
	{OPT_DEPTH, "--depth", " neighbors export "},
	{OPT_DIRECTION, "--direction", " neighbors export "},
	{OPT_KINDS, "--kinds", " neighbors export "},
	{OPT_LIMIT, "--limit", " search "},
	{OPT_FORMAT, "--format", " export "},
	{OPT_NEIGHBORS, "--neighbors", " export "},
};

#define NOPTION_COMMANDS (sizeof(option_commands) / sizeof(option_commands[0]))

static const char *const commands[] = {
	"index", "parse", "overview", "expand", "neighbors", "search", "export"
};

/* Exit unless optarg, the value of option name, is a whole number. */
static const char *
whole_number(const char *name, const char *arg)
{
	char	   *end;
	long		n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno != 0 || n < INT_MIN || n > INT_MAX)
		cli_fatal("%s must be a whole number, not \"%s\"", name, arg);
	return arg;
}

/*
 * Exit unless every option given (given[i] for option_commands[i]) belongs
 * to command, and export's neighbourhood options come with --neighbors.
 */
static void
check_options(const char *command, const int *given,
			  const CliExploreOptions *explore)
{
	char		word[32];

	snprintf(word, sizeof(word), " %s ", command);
	for (size_t i = 0; i < NOPTION_COMMANDS; i++)
	{
		int			code = option_commands[i].code;

		if (!given[i])
			continue;
		if (strstr(option_commands[i].commands, word) == NULL)
			cli_fatal("option %s does not apply to %s", option_commands[i].name,
					  command);
		if (strcmp(command, "export") == 0 && !explore->neighbors &&
			(code == OPT_DEPTH || code == OPT_DIRECTION || code == OPT_KINDS))
			cli_fatal("option %s applies to export only with --neighbors",
					  option_commands[i].name);
	}
}

/* Exit unless command has from min to max arguments, as usage says. */
static void
check_arguments(const char *command, int nargs, int min, int max,
				const char *usage_line)
{
	if (nargs < min || nargs > max)
		cli_fatal("%s arguments to %s\nUsage: %s %s",
				  nargs < min ? "missing" : "too many", command,
				  cli_progname, usage_line);
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"dbname", required_argument, NULL, 'd'},
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"username", required_argument, NULL, 'U'},
		{"jobs", required_argument, NULL, 'j'},
		{"repo", required_argument, NULL, 'r'},
		{"include-dir", required_argument, NULL, 'I'},
		{"wait", no_argument, NULL, 'w'},
		{"vendored", no_argument, NULL, OPT_VENDORED},
		{"max-nodes", required_argument, NULL, OPT_MAX_NODES},
		{"depth", required_argument, NULL, OPT_DEPTH},
		{"direction", required_argument, NULL, OPT_DIRECTION},
		{"kinds", required_argument, NULL, OPT_KINDS},
		{"limit", required_argument, NULL, OPT_LIMIT},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"neighbors", no_argument, NULL, OPT_NEIGHBORS},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0}
	};
	CliConn		conn = {0};
	const char *command;
	int			jobs = 1;
	int			c;
	int			nargs;
	int			known = 0;
	int			given[NOPTION_COMMANDS] = {0};
	CliIndexOptions index_options = {0};
	CliExploreOptions explore = {0};
	const char **include_dirs = NULL;
	size_t		n_include_dirs = 0;
	char		progname_command[64];

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-?") == 0)
	{
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	command = argv[1];
	argv++;
	argc--;
	/* getopt's messages start with argv[0]: "codemap index: ..." */
	snprintf(progname_command, sizeof(progname_command), "%s %s",
			 cli_progname, command);
	argv[0] = progname_command;

	while ((c = getopt_long(argc, argv, "d:h:p:U:j:r:I:w?", options, NULL)) != -1)
	{
		for (size_t i = 0; i < NOPTION_COMMANDS; i++)
			if (option_commands[i].code == c)
				given[i] = 1;
		switch (c)
		{
			case 'd':
				conn.dbname = optarg;
				break;
			case 'h':
				conn.host = optarg;
				break;
			case 'p':
				conn.port = optarg;
				break;
			case 'U':
				conn.user = optarg;
				break;
			case 'j':
				{
					char	   *end;
					long		n = strtol(optarg, &end, 10);

					if (*end != '\0' || n < 1 || n > 64)
						cli_fatal("--jobs must be a number from 1 to 64, not \"%s\"",
								  optarg);
					jobs = (int) n;
				}
				break;
			case 'r':
				index_options.repo = optarg;
				break;
			case 'I':
				include_dirs = realloc(include_dirs, sizeof(char *) * (n_include_dirs + 1));
				if (include_dirs == NULL)
					cli_fatal("out of memory");
				include_dirs[n_include_dirs++] = optarg;
				break;
			case 'w':
				index_options.wait = 1;
				break;
			case OPT_VENDORED:
				index_options.vendored = 1;
				break;
			case OPT_MAX_NODES:
				explore.max_nodes = whole_number("--max-nodes", optarg);
				break;
			case OPT_DEPTH:
				explore.depth = whole_number("--depth", optarg);
				break;
			case OPT_LIMIT:
				explore.limit = whole_number("--limit", optarg);
				break;
			case OPT_DIRECTION:
				explore.direction = optarg;
				break;
			case OPT_KINDS:
				explore.kinds = optarg;
				break;
			case OPT_FORMAT:
				explore.format = optarg;
				break;
			case OPT_NEIGHBORS:
				explore.neighbors = 1;
				break;
			case OPT_HELP:
				usage(stdout);
				return 0;
			case '?':
				/* -? asks for help; anything else getopt has reported */
				if (optopt == 0 && strcmp(argv[optind - 1], "-?") == 0)
				{
					usage(stdout);
					return 0;
				}
				fprintf(stderr, "Try \"%s --help\" for more information.\n",
						cli_progname);
				return 2;
		}
	}

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		known |= strcmp(command, commands[i]) == 0;
	if (!known)
	{
		fprintf(stderr, "%s: error: unrecognized command \"%s\"\n"
				"Try \"%s --help\" for more information.\n",
				cli_progname, command, cli_progname);
		return 2;
	}
	check_options(command, given, &explore);
	nargs = argc - optind;
	argv += optind;

	if (strcmp(command, "index") == 0)
	{
		if (nargs > 1)
			cli_fatal("too many arguments: index takes one directory");
		index_options.jobs = jobs;
		index_options.include_dirs = include_dirs;
		index_options.n_include_dirs = n_include_dirs;
		return cli_cmd_index(&conn, nargs > 0 ? argv[0] : ".", &index_options);
	}
	if (strcmp(command, "parse") == 0)
	{
		if (nargs > 1)
			cli_fatal("too many arguments: parse takes one directory");
		return cli_cmd_parse(&conn, nargs > 0 ? argv[0] : ".", jobs);
	}
	if (strcmp(command, "overview") == 0)
	{
		check_arguments(command, nargs, 1, 1, "overview [--max-nodes N] REPO");
		return cli_cmd_overview(&conn, argv[0], &explore);
	}
	if (strcmp(command, "expand") == 0)
	{
		check_arguments(command, nargs, 2, 2, "expand [--max-nodes N] REPO NODE");
		return cli_cmd_expand(&conn, argv[0], argv[1], &explore);
	}
	if (strcmp(command, "neighbors") == 0)
	{
		check_arguments(command, nargs, 2, 2,
						"neighbors [--depth N] [--direction DIR] [--kinds K,...] "
						"[--max-nodes N] REPO NODE");
		return cli_cmd_neighbors(&conn, argv[0], argv[1], &explore);
	}
	if (strcmp(command, "search") == 0)
	{
		check_arguments(command, nargs, 2, 2, "search [--limit N] REPO PATTERN");
		return cli_cmd_search(&conn, argv[0], argv[1], &explore);
	}

	/* export */
	check_arguments(command, nargs, explore.neighbors ? 2 : 1, 2,
					"export --format FORMAT [--max-nodes N] REPO [NODE]\n"
					"       export --format FORMAT --neighbors [--depth N] "
					"[--direction DIR] [--kinds K,...] [--max-nodes N] REPO NODE");
	return cli_cmd_export(&conn, argv[0], nargs > 1 ? argv[1] : NULL, &explore);
}
