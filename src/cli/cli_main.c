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
#include <getopt.h>
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
			"  %s parse [OPTION]... [-j N] [DIR]\n"
			"      Parse every source file under DIR (default: the current\n"
			"      directory) in the server with codemap.parse() and print, per\n"
			"      language, the files, definitions, references and imports found,\n"
			"      and the files skipped with their reasons.  -j, --jobs=N parses N\n"
			"      files at a time over N connections (default 1, at most 64).\n"
			"\n"
			"Files: in a git work tree, the files git lists (tracked and untracked,\n"
			"minus ignored ones); elsewhere, a walk of DIR that follows no symbolic\n"
			"links.  Version-control, node_modules and __pycache__ directories are\n"
			"never entered.  Skipped: files of no supported language, binary files\n"
			"(NUL bytes), files that are not UTF-8, generated files (*.min.js, a\n"
			"\"Code generated ... DO NOT EDIT\" or \"@generated\" header) and files\n"
			"over the server's codemap.max_file_bytes.\n"
			"\n"
			"Connection options (default: the PG* environment variables):\n"
			"  -d, --dbname=DBNAME   database to connect to (or a connection string)\n"
			"  -h, --host=HOST       server host or socket directory\n"
			"  -p, --port=PORT       server port\n"
			"  -U, --username=USER   user name\n"
			"\n"
			"  -?, --help            show this help, then exit\n"
			"\n"
			"Exit status: 0 success; 1 some files failed on the server; 2 usage,\n"
			"connection or fatal server error.\n",
			cli_progname);
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

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"dbname", required_argument, NULL, 'd'},
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"username", required_argument, NULL, 'U'},
		{"jobs", required_argument, NULL, 'j'},
		{"help", no_argument, NULL, '?'},
		{NULL, 0, NULL, 0}
	};
	CliConn		conn = {0};
	const char *command;
	int			jobs = 1;
	int			c;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-?") == 0)
	{
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	command = argv[1];
	argv++;
	argc--;

	while ((c = getopt_long(argc, argv, "d:h:p:U:j:?", options, NULL)) != -1)
	{
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
			case '?':
				if (optopt == 0 || optopt == '?')
				{
					usage(stdout);
					return 0;
				}
				fprintf(stderr, "Try \"%s --help\" for more information.\n",
						cli_progname);
				return 2;
		}
	}

	if (strcmp(command, "parse") == 0)
	{
		if (argc - optind > 1)
			cli_fatal("too many arguments: parse takes one directory");
		return cli_cmd_parse(&conn, optind < argc ? argv[optind] : ".", jobs);
	}
	fprintf(stderr, "%s: error: unrecognized command \"%s\"\n"
			"Try \"%s --help\" for more information.\n",
			cli_progname, command, cli_progname);
	return 2;
}
