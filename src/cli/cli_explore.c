/*-------------------------------------------------------------------------
 *
 * cli_explore.c
 *		"codemap overview|expand|neighbors|search|export": a repository's
 *		map, explored from the command line.
 *
 * Each command is one call of the SQL function of its name
 * (codemap.overview(), codemap.expand(), ...), every value the user gave
 * passed as a parameter.  An option the user did not give is left out of
 * the call, whose optional arguments go in named notation, so that the
 * function's defaults apply: the SQL side stays the one place that knows
 * them.
 *
 * overview, expand, neighbors and search print the answer as two tables:
 * its nodes, each under its parent (indented) when the parent is in the
 * answer, then its edges, heaviest first.  The client orders the rows
 * itself, so that one answer always prints the same way whatever order
 * the server sent it in; only search keeps the server's order, which is
 * its ranking.  export aggregates the rows with one of the renderers
 * (codemap.to_dot() and the others) and writes the document unchanged.
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* a call takes the repository, a node and at most four options */
#define MAX_PARAMS	6

/* One call of an exploration function, its values as parameters. */
typedef struct Call
{
	char		text[512];		/* codemap.expand($1, $2, max_nodes => $3) */
	const char *params[MAX_PARAMS];
	int			nparams;
} Call;

/*
 * The columns the tables read: a graph_row, then the facts they show.
 * SELECT_ROWS lists them in this order.
 */
enum
{
	COL_ELEMENT,
	COL_ID,
	COL_KIND,
	COL_LABEL,
	COL_PARENT,
	COL_SOURCE,
	COL_TARGET,
	COL_WEIGHT,
	COL_SIZE,
	COL_FILES,
	COL_SYMBOLS,
	COL_CHILDREN,
	COL_LINES,
	COL_LANGUAGE,
	COL_START_LINE,
	COL_END_LINE,
	COL_DISTANCE,
	COL_HIDDEN,
	COL_OUTSIDE,
	NCOLUMNS
};

#define SELECT_ROWS \
	"SELECT r.element, r.id, r.kind, r.label, r.parent, r.source, r.target, " \
	"r.weight, r.size, r.facts ->> 'files', r.facts ->> 'symbols', " \
	"r.facts ->> 'children', r.facts ->> 'lines', r.facts ->> 'language', " \
	"r.facts ->> 'start_line', r.facts ->> 'end_line', " \
	"r.facts ->> 'distance', r.facts ->> 'hidden', r.facts ->> 'outside' "

/* what Ctrl-C cancels while a statement runs */
static PGcancel *volatile running;

/* The renderer of each export format. */
static const struct
{
	const char *format;
	const char *aggregate;
}			renderers[] = {
	{"json", "codemap.to_json"},
	{"dot", "codemap.to_dot"},
	{"mermaid", "codemap.to_mermaid"},
	{"graphml", "codemap.to_graphml"},
};

/* Kinds of node in the order the tables list them. */
typedef enum NodeRank
{
	RANK_CLUSTER,
	RANK_MODULE,
	RANK_FILE,
	RANK_SYMBOL,
	RANK_MORE					/* counts what a budget left out */
} NodeRank;

/*
 * A node of the answer with its sort key, and its place in the tree of
 * parents: indexes into the array of nodes, -1 for none.
 */
typedef struct Node
{
	int			row;			/* in the result */
	int			outside;		/* a neighbour of what expand opened */
	long		distance;		/* neighbors: steps from the node asked for */
	int			more;			/* rank is RANK_MORE */
	NodeRank	rank;
	long		size_desc;		/* clusters: largest first */
	const char *id;
	size_t		path_len;		/* symbols: the file part of the id */
	long		line;			/* symbols: first line */

	int			parent;
	int			first_child;
	int			next_sibling;
	int			depth;
} Node;

/*
 * A table of text, ncolumns cells a line, the first line its heading;
 * cells are the table's own copies.
 */
typedef struct Table
{
	int			ncolumns;
	const int  *right;			/* per column: aligned to the right */
	char	  **cells;
	int			nlines;
} Table;

static const char *
value(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

static long
number(const PGresult *res, int row, int col)
{
	const char *v = value(res, row, col);

	return v ? strtol(v, NULL, 10) : 0;
}

/* ------------------------------------------------------------------------
 * Calls
 * ------------------------------------------------------------------------
 */

static void
call_begin(Call *call, const char *function)
{
	memset(call, 0, sizeof(*call));
	snprintf(call->text, sizeof(call->text), "codemap.%s(", function);
}

/*
 * Add an argument: positional when name is NULL, else in named notation;
 * nothing when value is NULL (the function's default applies).  The value
 * goes as a parameter, between before and after ("string_to_array(" and
 * ", ',')" make a text[] of a list).
 */
static void
call_arg(Call *call, const char *name, const char *value,
		 const char *before, const char *after)
{
	size_t		used = strlen(call->text);

	if (value == NULL)
		return;
	if (call->nparams == MAX_PARAMS)
		cli_fatal("too many arguments for %s", call->text);
	call->params[call->nparams++] = value;
	snprintf(call->text + used, sizeof(call->text) - used, "%s%s%s%s$%d%s",
			 call->nparams > 1 ? ", " : "", name ? name : "",
			 name ? " => " : "", before, call->nparams, after);
}

static void
call_end(Call *call)
{
	size_t		used = strlen(call->text);

	snprintf(call->text + used, sizeof(call->text) - used, ")");
}

/*
 * The call the options describe for a node: its expansion, or with
 * --neighbors its neighbourhood; the overview when node is NULL.
 */
static void
call_for(Call *call, const char *repo, const char *node,
		 const CliExploreOptions *options)
{
	if (node == NULL)
		call_begin(call, "overview");
	else
		call_begin(call, options->neighbors ? "neighbors" : "expand");
	call_arg(call, NULL, repo, "", "");
	call_arg(call, NULL, node, "", "");
	if (node != NULL && options->neighbors)
	{
		call_arg(call, "depth", options->depth, "", "::int");
		call_arg(call, "direction", options->direction, "", "::text");
		call_arg(call, "kinds", options->kinds,
				 "string_to_array(", "::text, ',')");
	}
	call_arg(call, "max_nodes", options->max_nodes, "", "::int");
	call_end(call);
}

/* Cancel the running statement; safe in a signal handler. */
static void
on_signal(int sig)
{
	char		errbuf[256];

	if (running != NULL)
		PQcancel(running, errbuf, sizeof(errbuf));
}

/*
 * Run sql with the call's parameters on a new connection; returns the rows
 * and the connection, or exits with the server's error.  Ctrl-C meanwhile
 * cancels the statement, which then fails like any other; once it has
 * returned, Ctrl-C stops the client as usual.
 */
static PGresult *
run(const CliConn *conn, const char *sql, const Call *call, PGconn **pg)
{
	struct sigaction sa;
	PGresult   *res;

	*pg = cli_connect(conn);
	cli_check_extension(*pg);

	running = PQgetCancel(*pg);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	res = PQexecParams(*pg, sql, call->nparams, NULL, call->params, NULL,
					   NULL, 0);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	PQfreeCancel(running);
	running = NULL;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		cli_server_error(*pg, res, NULL);
	return res;
}

/* Write what stdout holds, or exit saying why it could not be written. */
static void
finish_output(void)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		cli_fatal("could not write the output: %s", strerror(errno));
}

/* ------------------------------------------------------------------------
 * Text
 * ------------------------------------------------------------------------
 */

/* Columns s takes on a terminal: its UTF-8 characters. */
static size_t
text_width(const char *s)
{
	size_t		width = 0;

	for (; *s; s++)
		if (((unsigned char) *s & 0xc0) != 0x80)
			width++;
	return width;
}

/* Print s with control characters as '?', so no label can break a table. */
static void
put_text(const char *s)
{
	for (; *s; s++)
		putchar((unsigned char) *s < 0x20 || *s == 0x7f ? '?' : *s);
}

static void
table_add(Table *table, const char *const *cells)
{
	int			first = table->nlines * table->ncolumns;

	table->cells = cli_realloc(table->cells,
							   sizeof(char *) * (first + table->ncolumns));
	for (int c = 0; c < table->ncolumns; c++)
		table->cells[first + c] = cli_strdup(cells[c] ? cells[c] : "");
	table->nlines++;
}

static void
table_begin(Table *table, int ncolumns, const int *right,
			const char *const *heading)
{
	table->ncolumns = ncolumns;
	table->right = right;
	table->cells = NULL;
	table->nlines = 0;
	table_add(table, heading);
}

/*
 * Print the table, each column as wide as its widest cell, two blanks
 * between columns and none at the end of a line; then free its cells.
 */
static void
table_print(Table *table)
{
	int			ncolumns = table->ncolumns;
	size_t	   *width = cli_realloc(NULL, sizeof(size_t) * ncolumns);

	for (int c = 0; c < ncolumns; c++)
	{
		width[c] = 0;
		for (int line = 0; line < table->nlines; line++)
		{
			size_t		w = text_width(table->cells[line * ncolumns + c]);

			width[c] = w > width[c] ? w : width[c];
		}
	}

	for (int line = 0; line < table->nlines; line++)
	{
		char	  **cells = &table->cells[line * ncolumns];
		int			last = ncolumns - 1;

		/* the last cell with text ends the line */
		while (last > 0 && cells[last][0] == '\0' && !table->right[last])
			last--;
		for (int c = 0; c <= last; c++)
		{
			int			pad = (int) (width[c] - text_width(cells[c]));

			if (c > 0)
				printf("  ");
			if (table->right[c])
				printf("%*s", pad, "");
			put_text(cells[c]);
			if (!table->right[c] && c < last)
				printf("%*s", pad, "");
		}
		putchar('\n');
	}

	for (int i = 0; i < table->nlines * ncolumns; i++)
		free(table->cells[i]);
	free(table->cells);
	free(width);
}

static void add_fact(char *buf, size_t size, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

/* Append a fact to buf, after ", " when it holds one already. */
static void
add_fact(char *buf, size_t size, const char *fmt,...)
{
	size_t		used = strlen(buf);
	va_list		args;

	if (used > 0 && used + 2 < size)
	{
		memcpy(buf + used, ", ", 3);
		used += 2;
	}
	va_start(args, fmt);
	vsnprintf(buf + used, size - used, fmt, args);
	va_end(args);
}

/* "" or "s", for a count given as text */
static const char *
plural(const char *count)
{
	return strcmp(count, "1") == 0 ? "" : "s";
}

/*
 * What a node's facts tell that its other columns do not: how much a
 * cluster holds, a file's lines and language, a symbol's lines, what a
 * 'more' node stands for; and for any node its distance (neighbors) and
 * whether it lies outside what expand opened.
 */
static void
node_facts(const PGresult *res, int row, char *buf, size_t size)
{
	const char *kind = PQgetvalue(res, row, COL_KIND);
	const char *files = value(res, row, COL_FILES);
	const char *symbols = value(res, row, COL_SYMBOLS);
	const char *children = value(res, row, COL_CHILDREN);
	const char *lines = value(res, row, COL_LINES);
	const char *language = value(res, row, COL_LANGUAGE);
	const char *start = value(res, row, COL_START_LINE);
	const char *end = value(res, row, COL_END_LINE);
	const char *hidden = value(res, row, COL_HIDDEN);
	const char *distance = value(res, row, COL_DISTANCE);
	const char *outside = value(res, row, COL_OUTSIDE);

	buf[0] = '\0';
	if (strcmp(kind, "more") == 0)
	{
		if (hidden)
			add_fact(buf, size, "%s left out", hidden);
		if (files)
			add_fact(buf, size, "%s file%s", files, plural(files));
	}
	else if (strcmp(kind, "cluster") == 0)
	{
		if (files)
			add_fact(buf, size, "%s file%s", files, plural(files));
		if (symbols)
			add_fact(buf, size, "%s symbol%s", symbols, plural(symbols));
		if (children && strcmp(children, "0") != 0)
			add_fact(buf, size, "%s sub-cluster%s", children, plural(children));
	}
	else if (strcmp(kind, "file") == 0)
	{
		if (lines)
			add_fact(buf, size, "%s line%s", lines, plural(lines));
		if (language)
			add_fact(buf, size, "%s", language);
	}
	else if (strcmp(kind, "module") != 0 && start != NULL)
	{
		/* a symbol */
		if (end != NULL && strcmp(start, end) != 0)
			add_fact(buf, size, "lines %s-%s", start, end);
		else
			add_fact(buf, size, "line %s", start);
	}
	if (distance)
		add_fact(buf, size, "distance %s", distance);
	if (outside && strcmp(outside, "true") == 0)
		add_fact(buf, size, "outside");
}

/* ------------------------------------------------------------------------
 * The node table
 * ------------------------------------------------------------------------
 */

static NodeRank
kind_rank(const char *kind)
{
	if (strcmp(kind, "cluster") == 0)
		return RANK_CLUSTER;
	if (strcmp(kind, "module") == 0)
		return RANK_MODULE;
	if (strcmp(kind, "file") == 0)
		return RANK_FILE;
	if (strcmp(kind, "more") == 0)
		return RANK_MORE;
	return RANK_SYMBOL;
}

static void
node_init(Node *node, const PGresult *res, int row)
{
	const char *outside = value(res, row, COL_OUTSIDE);
	const char *sep;

	memset(node, 0, sizeof(*node));
	node->row = row;
	node->id = PQgetvalue(res, row, COL_ID);
	node->outside = outside != NULL && strcmp(outside, "true") == 0;
	node->distance = number(res, row, COL_DISTANCE);
	node->rank = kind_rank(PQgetvalue(res, row, COL_KIND));
	node->more = node->rank == RANK_MORE;
	if (node->rank == RANK_CLUSTER)
		node->size_desc = -number(res, row, COL_SIZE);
	if (node->rank == RANK_SYMBOL)
	{
		sep = strstr(node->id, "::");
		node->path_len = sep ? (size_t) (sep - node->id) : strlen(node->id);
		node->line = number(res, row, COL_START_LINE);
	}
	node->parent = node->first_child = node->next_sibling = -1;
}

/*
 * The order of nodes among their siblings: what expand opened before its
 * neighbours outside, nearest first, what a budget left out last; then
 * clusters (largest first), modules, files and symbols (by file, then
 * line); ties by id, then by the server's order.
 */
static int
compare_nodes(const void *a, const void *b)
{
	const Node *x = a;
	const Node *y = b;
	int			c;

	if (x->outside != y->outside)
		return x->outside - y->outside;
	if (x->distance != y->distance)
		return x->distance < y->distance ? -1 : 1;
	if (x->more != y->more)
		return x->more - y->more;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	if (x->size_desc != y->size_desc)
		return x->size_desc < y->size_desc ? -1 : 1;
	if (x->rank == RANK_SYMBOL)
	{
		size_t		len = x->path_len < y->path_len ? x->path_len : y->path_len;

		/* the file parts of the ids first */
		if ((c = memcmp(x->id, y->id, len)) != 0)
			return c;
		if (x->path_len != y->path_len)
			return x->path_len < y->path_len ? -1 : 1;
		if (x->line != y->line)
			return x->line < y->line ? -1 : 1;
	}
	c = strcmp(x->id, y->id);
	return c != 0 ? c : x->row - y->row;
}

/* The server's order: search's ranking. */
static int
compare_rows(const void *a, const void *b)
{
	return ((const Node *) a)->row - ((const Node *) b)->row;
}

static int
compare_ids(const void *a, const void *b)
{
	const Node *const *x = a;
	const Node *const *y = b;
	int			c = strcmp((*x)->id, (*y)->id);

	return c != 0 ? c : (*x)->row - (*y)->row;
}

/* The first node of by_id (sorted by compare_ids) whose id is id, or -1. */
static int
find_id(Node *const *by_id, int n, const char *id)
{
	int			lo = 0;
	int			hi = n;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (strcmp(by_id[mid]->id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(by_id[lo]->id, id) == 0 ? lo : -1;
}

/*
 * Link each node to its parent when the parent is in the answer, children
 * in the order of nodes[].  A chain of parents that loops (no answer of
 * the SQL functions has one) is cut where it is found, so that every node
 * is printed once.
 */
static void
link_parents(Node *nodes, int n, const PGresult *res)
{
	Node	  **by_id = cli_realloc(NULL, sizeof(Node *) * n);
	int		   *last_child = cli_realloc(NULL, sizeof(int) * n);

	for (int i = 0; i < n; i++)
		by_id[i] = &nodes[i];
	qsort(by_id, n, sizeof(Node *), compare_ids);

	for (int i = 0; i < n; i++)
	{
		const char *parent = value(res, nodes[i].row, COL_PARENT);
		int			found;

		last_child[i] = -1;
		if (parent == NULL || strcmp(parent, nodes[i].id) == 0)
			continue;
		found = find_id(by_id, n, parent);
		if (found >= 0)
			nodes[i].parent = (int) (by_id[found] - nodes);
	}

	/* cut loops: a chain that comes back to its start goes round */
	for (int i = 0; i < n; i++)
	{
		int			p = nodes[i].parent;

		for (int steps = 0; p >= 0; steps++)
		{
			if (steps > n || p == i)
			{
				nodes[i].parent = -1;
				break;
			}
			p = nodes[p].parent;
		}
	}

	for (int i = 0; i < n; i++)
	{
		int			p = nodes[i].parent;

		if (p < 0)
			continue;
		if (last_child[p] < 0)
			nodes[p].first_child = i;
		else
			nodes[last_child[p]].next_sibling = i;
		last_child[p] = i;
	}
	free(last_child);
	free(by_id);
}

/*
 * The nodes in printing order, each followed by its children, as indexes
 * into nodes[] (malloc'd): a walk of the tree with an explicit stack.
 */
static int *
tree_order(Node *nodes, int n)
{
	int		   *order = cli_realloc(NULL, sizeof(int) * n);
	int		   *stack = cli_realloc(NULL, sizeof(int) * n);
	int			norder = 0;

	for (int root = 0; root < n; root++)
	{
		int			top = 0;

		if (nodes[root].parent >= 0)
			continue;
		nodes[root].depth = 0;
		stack[top++] = root;
		while (top > 0)
		{
			int			i = stack[--top];
			int			nchildren = 0;
			int			k = 0;

			order[norder++] = i;
			/* the first child on top, so that it comes out first */
			for (int c = nodes[i].first_child; c >= 0; c = nodes[c].next_sibling)
				nchildren++;
			top += nchildren;
			for (int c = nodes[i].first_child; c >= 0; c = nodes[c].next_sibling)
			{
				nodes[c].depth = nodes[i].depth + 1;
				stack[top - ++k] = c;
			}
		}
	}
	free(stack);
	return order;
}

/*
 * Print the node table: kind (indented under a parent), id, size, label
 * and facts.  ranked keeps the server's order.
 */
static void
print_nodes(const PGresult *res, int ranked)
{
	static const char *const heading[] = {
		"kind", "id", "size", "label", "facts"
	};
	static const int right[] = {0, 0, 1, 0, 0};
	int			nrows = PQntuples(res);
	Node	   *nodes = cli_realloc(NULL, sizeof(Node) * (nrows ? nrows : 1));
	int		   *order;
	int			n = 0;
	Table		table;

	for (int row = 0; row < nrows; row++)
		if (strcmp(PQgetvalue(res, row, COL_ELEMENT), "node") == 0)
			node_init(&nodes[n++], res, row);
	if (n == 0)
	{
		printf("no nodes\n");
		free(nodes);
		return;
	}
	qsort(nodes, n, sizeof(Node), ranked ? compare_rows : compare_nodes);
	link_parents(nodes, n, res);
	order = tree_order(nodes, n);

	table_begin(&table, 5, right, heading);
	for (int i = 0; i < n; i++)
	{
		const Node *node = &nodes[order[i]];
		const char *kind = PQgetvalue(res, node->row, COL_KIND);
		const char *label = value(res, node->row, COL_LABEL);
		const char *size = value(res, node->row, COL_SIZE);
		char	   *indented;
		char		facts[256];
		const char *cells[5];

		indented = cli_realloc(NULL, 2 * node->depth + strlen(kind) + 1);
		sprintf(indented, "%*s%s", 2 * node->depth, "", kind);
		node_facts(res, node->row, facts, sizeof(facts));
		cells[0] = indented;
		cells[1] = node->id;
		cells[2] = size ? size : "-";
		cells[3] = label ? label : "-";
		cells[4] = facts;
		table_add(&table, cells);
		free(indented);
	}
	table_print(&table);
	free(order);
	free(nodes);
}

/* ------------------------------------------------------------------------
 * The edge table
 * ------------------------------------------------------------------------
 */

typedef struct Edge
{
	int			row;
	double		weight;
	const char *source;
	const char *target;
	const char *kind;
} Edge;

/* Heaviest first; ties by source, target and kind, then server order. */
static int
compare_edges(const void *a, const void *b)
{
	const Edge *x = a;
	const Edge *y = b;
	int			c;

	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	if ((c = strcmp(x->source, y->source)) != 0)
		return c;
	if ((c = strcmp(x->target, y->target)) != 0)
		return c;
	if ((c = strcmp(x->kind, y->kind)) != 0)
		return c;
	return x->row - y->row;
}

/* Print the edge table after a blank line: source -> target, kind, weight. */
static void
print_edges(const PGresult *res)
{
	static const char *const heading[] = {"source -> target", "kind", "weight"};
	static const int right[] = {0, 0, 1};
	int			nrows = PQntuples(res);
	Edge	   *edges = cli_realloc(NULL, sizeof(Edge) * (nrows ? nrows : 1));
	int			n = 0;
	Table		table;

	for (int row = 0; row < nrows; row++)
	{
		const char *weight = value(res, row, COL_WEIGHT);

		if (strcmp(PQgetvalue(res, row, COL_ELEMENT), "edge") != 0)
			continue;
		edges[n].row = row;
		edges[n].weight = weight ? strtod(weight, NULL) : 0;
		if (edges[n].weight != edges[n].weight)
			edges[n].weight = 0;	/* NaN would make the order inconsistent */
		edges[n].source = PQgetvalue(res, row, COL_SOURCE);
		edges[n].target = PQgetvalue(res, row, COL_TARGET);
		edges[n].kind = PQgetvalue(res, row, COL_KIND);
		n++;
	}
	if (n == 0)
	{
		free(edges);
		return;
	}
	qsort(edges, n, sizeof(Edge), compare_edges);

	table_begin(&table, 3, right, heading);
	for (int i = 0; i < n; i++)
	{
		const Edge *e = &edges[i];
		const char *weight = value(res, e->row, COL_WEIGHT);
		char	   *ends;
		const char *cells[3];

		ends = cli_realloc(NULL, strlen(e->source) + strlen(e->target) + 5);
		sprintf(ends, "%s -> %s", e->source, e->target);
		cells[0] = ends;
		cells[1] = e->kind;
		cells[2] = weight ? weight : "-";
		table_add(&table, cells);
		free(ends);
	}
	putchar('\n');
	table_print(&table);
	free(edges);
}

/*
 * Run the call and print its rows as tables; ranked keeps the server's
 * order of nodes.  Returns the exit status.
 */
static int
print_call(const CliConn *conn, const Call *call, int ranked)
{
	char		sql[1024];
	PGconn	   *pg;
	PGresult   *res;

	snprintf(sql, sizeof(sql), SELECT_ROWS "FROM %s WITH ORDINALITY AS r "
			 "ORDER BY r.ordinality", call->text);
	res = run(conn, sql, call, &pg);
	if (PQnfields(res) != NCOLUMNS)
		cli_fatal("unexpected answer from the server: %d columns",
				  PQnfields(res));
	print_nodes(res, ranked);
	print_edges(res);
	finish_output();
	PQclear(res);
	PQfinish(pg);
	return 0;
}

/* ------------------------------------------------------------------------
 * The commands
 * ------------------------------------------------------------------------
 */

int
cli_cmd_overview(const CliConn *conn, const char *repo,
				 const CliExploreOptions *options)
{
	Call		call;

	call_for(&call, repo, NULL, options);
	return print_call(conn, &call, 0);
}

int
cli_cmd_expand(const CliConn *conn, const char *repo, const char *node,
			   const CliExploreOptions *options)
{
	Call		call;

	call_for(&call, repo, node, options);
	return print_call(conn, &call, 0);
}

int
cli_cmd_neighbors(const CliConn *conn, const char *repo, const char *node,
				  const CliExploreOptions *options)
{
	CliExploreOptions with_neighbors = *options;
	Call		call;

	with_neighbors.neighbors = 1;
	call_for(&call, repo, node, &with_neighbors);
	return print_call(conn, &call, 0);
}

int
cli_cmd_search(const CliConn *conn, const char *repo, const char *pattern,
			   const CliExploreOptions *options)
{
	Call		call;

	call_begin(&call, "search");
	call_arg(&call, NULL, repo, "", "");
	call_arg(&call, NULL, pattern, "", "");
	call_arg(&call, "\"limit\"", options->limit, "", "::int");
	call_end(&call);
	return print_call(conn, &call, 1);
}

/*
 * Write the document of the overview (node NULL), of node's expansion or
 * of its neighbourhood, as the format's renderer makes it: byte for byte,
 * nothing added.
 */
int
cli_cmd_export(const CliConn *conn, const char *repo, const char *node,
			   const CliExploreOptions *options)
{
	const char *aggregate = NULL;
	char		sql[1024];
	Call		call;
	PGconn	   *pg;
	PGresult   *res;

	/* a wrong format is a usage error: found before connecting */
	if (options->format == NULL)
		cli_fatal("export needs --format: json, dot, mermaid or graphml");
	for (size_t i = 0; i < sizeof(renderers) / sizeof(renderers[0]); i++)
		if (strcmp(options->format, renderers[i].format) == 0)
			aggregate = renderers[i].aggregate;
	if (aggregate == NULL)
		cli_fatal("unrecognized format \"%s\": use json, dot, mermaid or graphml",
				  options->format);

	call_for(&call, repo, node, options);
	snprintf(sql, sizeof(sql), "SELECT %s(r) FROM %s r", aggregate, call.text);
	res = run(conn, sql, &call, &pg);
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
		fwrite(PQgetvalue(res, 0, 0), 1, PQgetlength(res, 0, 0), stdout);
	finish_output();
	PQclear(res);
	PQfinish(pg);
	return 0;
}
