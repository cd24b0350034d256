/*-------------------------------------------------------------------------
 *
 * fuzz_walk.c
 *		libFuzzer target: the client's file listing, file reading and
 *		exclude globs.
 *
 * The low bit of an input's first byte picks what the rest drives.
 *
 * 0: a directory tree, built in a fresh temporary directory from records
 * and then listed by cli_list_files (by the walk: see fork() below) and
 * read back with cli_read_file:
 *
 * ----------
 *	byte 0		bit 1: keep vendored files; bit 2: list the tree through a
 *				symbolic link to it; bits 3-5: the read limit (read_limits[])
 *	records		an operation byte (enum Op), then its arguments, each name
 *				a length byte and that many bytes, cut at a NUL byte:
 *		dir, locked dir, blind dir	a name; the directory is entered
 *				(up to MAX_DEPTH deep)
 *		file, locked file	a name, a length byte, the content and a count
 *				byte: that many more copies of it
 *		link		a name and a kind byte (link_target()): "..", "/", the
 *				tree, the directory above it, itself, an earlier node ...
 *		fifo		a name
 *		hard link	a name and a byte picking an earlier file
 *		up			leave the directory
 * ----------
 *
 * A locked directory or file gets mode 0, a blind directory 0400 (names
 * readable, nothing in it examinable), once the tree is built; as root
 * (or with CAP_DAC_OVERRIDE) that changes nothing, and the model knows.
 * A name that cannot be created ("", ".", "..", a "/" in it, taken) skips
 * its record.  The listing must be exactly the regular files the model
 * expects: none behind a link, a skipped or an unreadable directory,
 * vendored ones counted apart, each once, relative, sorted; the counts of
 * unreadable directories and vendored files must match too.  Each listed
 * file read back must give its content or the reason it is skipped,
 * judged by an independent reading of the rules.
 *
 * The tree is made and removed by path below the temporary directory
 * only: every directory on such a path is one this harness created (never
 * a link), and links are removed, never followed, so cleanup cannot reach
 * outside it.
 *
 * 1: cli_path_excluded: lines ("\n", each cut at a NUL byte) giving a
 * path and then up to MAX_GLOBS globs.  The answer for all globs is the
 * "or" of the answers for each; a literal glob (no "*", "?", "[" or "\")
 * matches exactly as the documented rule says; a path excluded stays
 * excluded with a component appended.
 *
 * Any violation aborts.  Build and run with "make fuzz-walk".
 *
 *-------------------------------------------------------------------------
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sanitizer/common_interface_defs.h>

#include "cli.h"
#include "cm_text.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "fuzz_walk.c:%d: %s\n", __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

#define MAX_NODES		64
#define MAX_DEPTH		8			/* 8 names of 255 bytes stay in PATH_MAX */
#define CONTENT_LIMIT	8192
#define MAX_GLOBS		16
#define GLOB_LIMIT		256
#define GLOB_PATH_LIMIT	PATH_MAX

/* ---------------------------------------------------------------------- */
/* what the client's main program provides */

const char *cli_progname = "fuzz_walk";

/* A fatal error in the code under test is a finding: stop there. */
void
cli_fatal(const char *fmt,...)
{
	va_list		args;

	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputc('\n', stderr);
	abort();
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
 * No child process can start here, so cli_list_files() cannot run git and
 * walks the tree, as where git is missing.  That is the listing under
 * test, and it saves a fork and a git run per input (three quarters of
 * the time of an input otherwise).  libFuzzer and the sanitizers never
 * call fork().
 */
pid_t
fork(void)
{
	errno = EAGAIN;
	return -1;
}

/* ---------------------------------------------------------------------- */
/* the tree */

/* what cli_walk.c never enters, and what it counts as vendored */
static const char *const skipped_names[] = {
	".git", ".hg", ".svn", "node_modules", "__pycache__",
	".mypy_cache", ".tox", NULL
};
static const char *const vendored_names[] = {
	"vendor", "third_party", "third-party", "bower_components", NULL
};

static const size_t read_limits[8] = {
	0, 1, 16, 255, 1024, 4096, 1 << 20, SIZE_MAX
};

typedef enum Op
{
	OP_DIR, OP_LOCKED_DIR, OP_BLIND_DIR, OP_FILE, OP_LOCKED_FILE,
	OP_LINK, OP_FIFO, OP_HARDLINK, OP_UP, NOPS
} Op;

typedef enum NodeKind
{
	NODE_DIR, NODE_FILE, NODE_LINK, NODE_FIFO
} NodeKind;

typedef struct Node
{
	NodeKind	kind;
	int			parent;			/* -1: the tree's root */
	char		name[NAME_MAX + 1];
	char	   *path;			/* relative to the root */
	bool		locked;			/* mode 0 once built */
	bool		blind;			/* mode 0400 once built (directories) */
	int			inode;			/* files: the node that made the file */
	char	   *content;		/* files made here, not hard links */
	size_t		content_len;
} Node;

typedef struct Tree
{
	char		base[PATH_MAX];	/* the temporary directory */
	char		root[PATH_MAX];	/* base/t, the tree */
	char		link[PATH_MAX];	/* base/via-link, a link to it */
	Node		nodes[MAX_NODES];
	int			nnodes;
	int			depth;
	int			stack[MAX_DEPTH + 1];	/* entered directories */
	bool		vendored;
	bool		via_link;
	size_t		read_limit;
} Tree;

typedef struct Reader
{
	const uint8_t *p;
	const uint8_t *end;
} Reader;

static uint8_t
take(Reader *r)
{
	return r->p < r->end ? *r->p++ : 0;
}

/* Do permissions keep this process out (not root, no capability)? */
static bool perms_bite;

static bool
name_in(const char *name, const char *const *names)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* dir/name in buf, which holds PATH_MAX bytes */
static void
join(char *buf, const char *dir, const char *name)
{
	REQUIRE(snprintf(buf, PATH_MAX, "%s/%s", dir, name) < PATH_MAX);
}

/* The directory for temporary files: $TMPDIR, else /tmp. */
static const char *
temp_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	return tmp && tmp[0] ? tmp : "/tmp";
}

/* base/t/rel in buf, which holds PATH_MAX bytes */
static void
full_path(const Tree *t, const char *rel, char *buf)
{
	join(buf, t->root, rel);
}

/*
 * Read a name: a length byte and its bytes, cut at a NUL byte.  False
 * when it cannot name a new entry of the current directory.
 */
static bool
read_name(Tree *t, Reader *r, char *name)
{
	size_t		len = take(r);
	int			parent = t->stack[t->depth];

	if (len > (size_t) (r->end - r->p))
		len = (size_t) (r->end - r->p);
	memcpy(name, r->p, len);
	r->p += len;
	name[len] = '\0';
	if (name[0] == '\0' || strcmp(name, ".") == 0 ||
		strcmp(name, "..") == 0 || strchr(name, '/') != NULL)
		return false;
	for (int i = 0; i < t->nnodes; i++)
		if (t->nodes[i].parent == parent &&
			strcmp(t->nodes[i].name, name) == 0)
			return false;
	return true;
}

/* A file's content: a length byte, the bytes, and a count of copies. */
static char *
read_content(Reader *r, size_t *len)
{
	size_t		unit = take(r);
	const uint8_t *bytes = r->p;
	char	   *content;
	size_t		copies;

	if (unit > (size_t) (r->end - r->p))
		unit = (size_t) (r->end - r->p);
	r->p += unit;
	copies = (size_t) take(r) + 1;
	if (unit * copies > CONTENT_LIMIT)
		copies = CONTENT_LIMIT / unit;
	content = malloc(unit * copies + 1);
	REQUIRE(content != NULL);
	for (size_t i = 0; i < copies; i++)
		memcpy(content + i * unit, bytes, unit);
	*len = unit * copies;
	return content;
}

/*
 * The target of a new link in the current directory, into buf (PATH_MAX
 * bytes): loops, ways out of the tree, or what the input says.
 */
static void
link_target(Tree *t, Reader *r, const char *name, char *buf)
{
	uint8_t		kind = take(r) % 10;
	size_t		len;

	buf[0] = '\0';
	switch (kind)
	{
		case 0:					/* literal text */
			len = take(r);
			if (len > (size_t) (r->end - r->p))
				len = (size_t) (r->end - r->p);
			memcpy(buf, r->p, len);
			buf[len] = '\0';
			r->p += len;
			break;
		case 1:
			strcpy(buf, "..");
			break;
		case 2:
			strcpy(buf, "/");
			break;
		case 3:					/* the tree, by absolute path */
			strcpy(buf, t->root);
			break;
		case 4:					/* the directory above it */
			strcpy(buf, t->base);
			break;
		case 5:
			strcpy(buf, ".");
			break;
		case 6:					/* itself */
			strcpy(buf, name);
			break;
		case 7:					/* an earlier node, ancestors included */
			if (t->nnodes > 0)
			{
				for (int i = 0; i < t->depth; i++)
					strcat(buf, "../");
				strcat(buf, t->nodes[take(r) % t->nnodes].path);
			}
			break;
		case 8:					/* the tree seen from above it */
			for (int i = 0; i <= t->depth; i++)
				strcat(buf, "../");
			strcat(buf, "t");
			break;
		default:
			strcpy(buf, "/proc/self/root");
			break;
	}
}

/* Enter the model's node for what was just made. */
static Node *
add_node(Tree *t, NodeKind kind, const char *name)
{
	Node	   *n = &t->nodes[t->nnodes];
	int			parent = t->stack[t->depth];
	size_t		len;

	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->parent = parent;
	strcpy(n->name, name);
	len = (parent >= 0 ? strlen(t->nodes[parent].path) + 1 : 0) +
		strlen(name) + 1;
	n->path = malloc(len);
	REQUIRE(n->path != NULL);
	snprintf(n->path, len, "%s%s%s", parent >= 0 ? t->nodes[parent].path : "",
			 parent >= 0 ? "/" : "", name);
	n->inode = t->nnodes;
	t->nnodes++;
	return n;
}

/* Make one record's entry, if its name can be made; false at the end. */
static bool
build_one(Tree *t, Reader *r)
{
	Op			op = (Op) (take(r) % NOPS);
	char		name[256];
	char		full[PATH_MAX];
	char		target[PATH_MAX];
	Node	   *n;

	if (op == OP_UP)
	{
		if (t->depth > 0)
			t->depth--;
		return r->p < r->end;
	}
	if (!read_name(t, r, name))
	{
		/* consume the arguments all the same, to keep records aligned */
		if (op == OP_FILE || op == OP_LOCKED_FILE)
			free(read_content(r, &(size_t) {0}));
		else if (op == OP_LINK)
			link_target(t, r, name, target);
		else if (op == OP_HARDLINK)
			take(r);
		return r->p < r->end;
	}
	full_path(t, t->stack[t->depth] >= 0 ?
			  t->nodes[t->stack[t->depth]].path : "", full);
	REQUIRE(strlen(full) + 1 + strlen(name) < PATH_MAX);
	strcat(full, "/");
	strcat(full, name);

	switch (op)
	{
		case OP_DIR:
		case OP_LOCKED_DIR:
		case OP_BLIND_DIR:
			if (mkdir(full, 0700) != 0)
				break;
			n = add_node(t, NODE_DIR, name);
			n->locked = op == OP_LOCKED_DIR;
			n->blind = op == OP_BLIND_DIR;
			if (t->depth < MAX_DEPTH)
				t->stack[++t->depth] = t->nnodes - 1;
			break;
		case OP_FILE:
		case OP_LOCKED_FILE:
			{
				size_t		len;
				char	   *content = read_content(r, &len);
				int			fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
									  0600);

				if (fd < 0)
				{
					free(content);
					break;
				}
				REQUIRE(write(fd, content, len) == (ssize_t) len);
				close(fd);
				n = add_node(t, NODE_FILE, name);
				n->content = content;
				n->content_len = len;
				n->locked = op == OP_LOCKED_FILE;
				break;
			}
		case OP_LINK:
			link_target(t, r, name, target);
			if (symlink(target, full) == 0)
				add_node(t, NODE_LINK, name);
			break;
		case OP_FIFO:
			if (mkfifo(full, 0600) == 0)
				add_node(t, NODE_FIFO, name);
			break;
		case OP_HARDLINK:
			{
				uint8_t		pick = take(r);
				int			files[MAX_NODES];
				int			nfiles = 0;
				char		source[PATH_MAX];

				for (int i = 0; i < t->nnodes; i++)
					if (t->nodes[i].kind == NODE_FILE &&
						t->nodes[i].inode == i)
						files[nfiles++] = i;
				if (nfiles == 0)
					break;
				full_path(t, t->nodes[files[pick % nfiles]].path, source);
				if (link(source, full) == 0)
					add_node(t, NODE_FILE, name)->inode = files[pick % nfiles];
				break;
			}
		default:
			break;
	}
	return r->p < r->end;
}

/*
 * Make the temporary directory and the tree in it from the records; the
 * modes go on last, deepest first, so that every entry could be made.
 */
static void
build(Tree *t, Reader *r)
{
	char		full[PATH_MAX];

	join(t->base, temp_dir(), "codemap-fuzz-walk.XXXXXX");
	REQUIRE(mkdtemp(t->base) != NULL);
	join(t->root, t->base, "t");
	join(t->link, t->base, "via-link");
	REQUIRE(mkdir(t->root, 0700) == 0);
	REQUIRE(symlink("t", t->link) == 0);

	t->stack[0] = -1;
	while (t->nnodes < MAX_NODES && build_one(t, r))
		;

	for (int i = t->nnodes - 1; i >= 0; i--)
	{
		const Node *n = &t->nodes[i];

		full_path(t, n->path, full);
		if (n->locked && n->inode == i)
			REQUIRE(chmod(full, 0) == 0);
		else if (n->blind)
			REQUIRE(chmod(full, 0400) == 0);
	}
}

/*
 * Remove the tree and the temporary directory: modes back first, parents
 * first, then each entry, children first.  rmdir and unlink never follow
 * a link, and every directory above an entry is one made here.
 */
static void
remove_tree(Tree *t)
{
	char		full[PATH_MAX];

	for (int i = 0; i < t->nnodes; i++)
	{
		const Node *n = &t->nodes[i];

		full_path(t, n->path, full);
		if (n->kind == NODE_DIR && (n->locked || n->blind))
			REQUIRE(chmod(full, 0700) == 0);
	}
	for (int i = t->nnodes - 1; i >= 0; i--)
	{
		Node	   *n = &t->nodes[i];

		full_path(t, n->path, full);
		REQUIRE((n->kind == NODE_DIR ? rmdir(full) : unlink(full)) == 0);
		free(n->path);
		free(n->content);
	}
	REQUIRE(rmdir(t->root) == 0);
	REQUIRE(unlink(t->link) == 0);
	REQUIRE(rmdir(t->base) == 0);
}

/* ---------------------------------------------------------------------- */
/* what the walk must find */

typedef struct Expected
{
	const char *paths[MAX_NODES];
	size_t		count;
	size_t		vendored;
	size_t		bad_dirs;
} Expected;

/*
 * Can the walk reach node i: is no directory above it skipped by name,
 * or closed to this process?  Sets *vendored when one of them is a
 * vendored directory.
 */
static bool
reachable(const Tree *t, int i, bool *vendored)
{
	*vendored = false;
	for (int a = t->nodes[i].parent; a >= 0; a = t->nodes[a].parent)
	{
		const Node *dir = &t->nodes[a];

		if (name_in(dir->name, skipped_names) ||
			(perms_bite && (dir->locked || dir->blind)))
			return false;
		*vendored |= name_in(dir->name, vendored_names);
	}
	return true;
}

static int
compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

static void
expect(const Tree *t, Expected *e)
{
	memset(e, 0, sizeof(*e));
	for (int i = 0; i < t->nnodes; i++)
	{
		const Node *n = &t->nodes[i];
		bool		vendored;

		if (!reachable(t, i, &vendored))
			continue;
		if (n->kind == NODE_DIR && n->locked && perms_bite &&
			!name_in(n->name, skipped_names))
			e->bad_dirs++;
		if (n->kind != NODE_FILE)
			continue;
		if (vendored && !t->vendored)
			e->vendored++;
		else
			e->paths[e->count++] = n->path;
	}
	qsort(e->paths, e->count, sizeof(char *), compare_strings);
}

/* Is path relative, with no empty, "." or ".." segment? */
static bool
plain_relative(const char *path)
{
	const char *seg = path;

	for (;;)
	{
		const char *slash = strchr(seg, '/');
		size_t		len = slash ? (size_t) (slash - seg) : strlen(seg);

		if (len == 0 || (len == 1 && seg[0] == '.') ||
			(len == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
		if (slash == NULL)
			return true;
		seg = slash + 1;
	}
}

/* Does buf[0, len) contain needle? */
static bool
holds(const char *buf, size_t len, const char *needle)
{
	size_t		n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(buf + i, needle, n) == 0)
			return true;
	return false;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t		len = strlen(s);
	size_t		n = strlen(suffix);

	return len > n && strcmp(s + len - n, suffix) == 0;
}

/*
 * The generated-file rule, read line by line: a minified script's name,
 * "@generated" in the first 1024 bytes, or a line of them that, after
 * blanks, a comment opener and blanks, says "Code generated" and later
 * "DO NOT EDIT.".
 */
static bool
says_generated(const char *path, const char *buf, size_t len)
{
	static const char *const openers[] = {"//", "/*", "#", "*", "--", ";"};
	size_t		head = len < 1024 ? len : 1024;
	size_t		line = 0;

	if (ends_with(path, ".min.js") || ends_with(path, ".min.mjs") ||
		holds(buf, head, "@generated"))
		return true;
	while (line < head)
	{
		size_t		eol = line;
		size_t		p = line;

		while (eol < head && buf[eol] != '\n')
			eol++;
		while (p < eol && (buf[p] == ' ' || buf[p] == '\t'))
			p++;
		for (size_t k = 0; k < sizeof(openers) / sizeof(openers[0]); k++)
		{
			size_t		olen = strlen(openers[k]);
			size_t		q = p + olen;

			if (q > eol || memcmp(buf + p, openers[k], olen) != 0)
				continue;
			while (q < eol && (buf[q] == ' ' || buf[q] == '\t'))
				q++;
			if (eol - q >= 14 && memcmp(buf + q, "Code generated", 14) == 0 &&
				holds(buf + q, eol - q, "DO NOT EDIT."))
				return true;
		}
		line = eol + 1;
	}
	return false;
}

static CliSkip
expected_skip(const Tree *t, const Node *n)
{
	const Node *file = &t->nodes[n->inode];

	if (perms_bite && file->locked)
		return SKIP_UNREADABLE;
	if (file->content_len > t->read_limit)
		return SKIP_TOO_LARGE;
	if (memchr(file->content, '\0', file->content_len) != NULL)
		return SKIP_BINARY;
	if (!cm_utf8_valid(file->content, file->content_len))
		return SKIP_ENCODING;
	if (says_generated(n->path, file->content, file->content_len))
		return SKIP_GENERATED;
	return SKIP_NONE;
}

static const Node *
node_at(const Tree *t, const char *path)
{
	for (int i = 0; i < t->nnodes; i++)
		if (strcmp(t->nodes[i].path, path) == 0)
			return &t->nodes[i];
	return NULL;
}

/* Read a listed file back: its content, or the reason it is skipped. */
static void
check_read(const Tree *t, const char *dir, const char *path)
{
	const Node *n = node_at(t, path);
	const Node *file = &t->nodes[n->inode];
	CliSkip		want = expected_skip(t, n);
	CliSkip		skip = SKIP_COUNT;
	size_t		len = SIZE_MAX;
	char	   *buf = cli_read_file(dir, path, t->read_limit, &len, &skip);

	REQUIRE(skip == want);
	if (want != SKIP_NONE)
	{
		REQUIRE(buf == NULL);
		return;
	}
	REQUIRE(buf != NULL && len == file->content_len && buf[len] == '\0' &&
			memcmp(buf, file->content, len) == 0);
	free(buf);
}

/*
 * Send stderr to /dev/null while the walk warns about directories it
 * cannot open, keeping sanitizer reports on the real one.
 */
static int
quiet_begin(void)
{
	int			saved = dup(STDERR_FILENO);
	int			devnull = open("/dev/null", O_WRONLY);

	REQUIRE(saved >= 0 && devnull >= 0);
	fflush(stderr);
	__sanitizer_set_report_fd((void *) (intptr_t) saved);
	dup2(devnull, STDERR_FILENO);
	close(devnull);
	return saved;
}

static void
quiet_end(int saved)
{
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	__sanitizer_set_report_fd((void *) (intptr_t) STDERR_FILENO);
	close(saved);
}

static void
fuzz_tree(const uint8_t *data, size_t size)
{
	static Tree t;
	Reader		r = {data + 1, data + size};
	CliFileList list = {0};
	Expected	e;
	const char *dir;
	int			saved = -1;

	memset(&t, 0, sizeof(t));
	t.vendored = (data[0] & 2) != 0;
	t.via_link = (data[0] & 4) != 0;
	t.read_limit = read_limits[(data[0] >> 3) & 7];
	build(&t, &r);
	expect(&t, &e);
	dir = t.via_link ? t.link : t.root;

	if (e.bad_dirs > 0)
		saved = quiet_begin();
	REQUIRE(cli_list_files(dir, &list, t.vendored) == 0);
	if (saved >= 0)
		quiet_end(saved);

	REQUIRE(list.count == e.count && list.vendored == e.vendored &&
			list.bad_dirs == e.bad_dirs);
	for (size_t i = 0; i < list.count; i++)
	{
		REQUIRE(plain_relative(list.paths[i]));
		REQUIRE(i == 0 || strcmp(list.paths[i - 1], list.paths[i]) < 0);
		REQUIRE(strcmp(list.paths[i], e.paths[i]) == 0);
		check_read(&t, dir, list.paths[i]);
	}
	cli_file_list_free(&list);
	remove_tree(&t);
}

/* ---------------------------------------------------------------------- */
/* exclude globs */

static bool
literal_glob(const char *glob)
{
	return strpbrk(glob, "*?[\\") == NULL;
}

/*
 * The documented rule for a glob with no wildcard: one without "/"
 * names a component (of under 256 bytes, as the client reads them), one
 * with "/" the path or a directory above it.
 */
static bool
literal_excludes(const char *path, const char *glob)
{
	size_t		glen = strlen(glob);
	size_t		plen = strlen(path);

	if (strchr(glob, '/') == NULL)
	{
		const char *seg = path;

		for (;;)
		{
			const char *slash = strchr(seg, '/');
			size_t		len = slash ? (size_t) (slash - seg) : strlen(seg);

			if (len < 256 && len == glen && memcmp(seg, glob, len) == 0)
				return true;
			if (slash == NULL)
				return false;
			seg = slash + 1;
		}
	}
	for (size_t i = 0; i <= plen; i++)
		if ((i == plen || path[i] == '/') && i == glen &&
			memcmp(path, glob, glen) == 0)
			return true;
	return false;
}

/* The line at *p cut at a NUL byte and at limit bytes, in fresh memory. */
static char *
glob_line(const uint8_t **p, const uint8_t *end, size_t limit)
{
	const uint8_t *eol = memchr(*p, '\n', (size_t) (end - *p));
	size_t		len = (size_t) ((eol ? eol : end) - *p);
	char	   *line;

	if (len > limit)
		len = limit;
	len = strnlen((const char *) *p, len);
	line = malloc(len + 1);
	REQUIRE(line != NULL);
	memcpy(line, *p, len);
	line[len] = '\0';
	*p = eol ? eol + 1 : end;
	return line;
}

static void
fuzz_globs(const uint8_t *data, size_t size)
{
	const uint8_t *p = data + 1;
	const uint8_t *end = data + size;
	char	   *globs[MAX_GLOBS];
	size_t		nglobs = 0;
	char	   *path = glob_line(&p, end, GLOB_PATH_LIMIT);
	int			any = 0;

	while (p < end && nglobs < MAX_GLOBS)
		globs[nglobs++] = glob_line(&p, end, GLOB_LIMIT);

	REQUIRE(cli_path_excluded(path, globs, 0) == 0);
	for (size_t g = 0; g < nglobs; g++)
	{
		int			one = cli_path_excluded(path, globs + g, 1);

		REQUIRE(one == 0 || one == 1);
		if (literal_glob(globs[g]))
			REQUIRE(one == literal_excludes(path, globs[g]));
		any |= one;
	}
	REQUIRE(cli_path_excluded(path, globs, nglobs) == any);

	/* what excludes a path excludes what lies below it */
	if (any)
	{
		size_t		len = strlen(path);
		char	   *below = malloc(len + 3);

		REQUIRE(below != NULL);
		memcpy(below, path, len);
		memcpy(below + len, "/y", 3);
		REQUIRE(cli_path_excluded(below, globs, nglobs) == 1);
		free(below);
	}

	for (size_t g = 0; g < nglobs; g++)
		free(globs[g]);
	free(path);
}

/* ---------------------------------------------------------------------- */

/* Once per process: learn whether permissions bind this process. */
static void
setup(void)
{
	char		probe[PATH_MAX];
	DIR		   *d;

	join(probe, temp_dir(), "codemap-fuzz-probe.XXXXXX");
	REQUIRE(mkdtemp(probe) != NULL);
	REQUIRE(chmod(probe, 0) == 0);
	d = opendir(probe);
	perms_bite = d == NULL;
	if (d != NULL)
		closedir(d);
	REQUIRE(chmod(probe, 0700) == 0 && rmdir(probe) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;

	if (size < 1)
		return 0;
	if (!ready)
	{
		setup();
		ready = true;
	}
	if (data[0] & 1)
		fuzz_globs(data, size);
	else
		fuzz_tree(data, size);
	return 0;
}
