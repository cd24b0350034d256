/*-------------------------------------------------------------------------
 *
 * cli_walk.c
 *		Listing and reading the files of a checkout.
 *
 * In a git work tree the list comes from "git ls-files", which applies the
 * repository's ignore rules exactly as git does; elsewhere from a walk with
 * an explicit stack that never follows symbolic links, so a link loop
 * cannot trap it.  Either way some directories are never entered (VCS
 * metadata, package caches).
 *
 *-------------------------------------------------------------------------
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "cm_text.h"

const char *const cli_skip_names[SKIP_COUNT] = {
	[SKIP_NONE] = "indexed",
	[SKIP_LANGUAGE] = "no supported language",
	[SKIP_BINARY] = "binary",
	[SKIP_ENCODING] = "not UTF-8",
	[SKIP_GENERATED] = "generated",
	[SKIP_TOO_LARGE] = "over codemap.max_file_bytes",
	[SKIP_UNREADABLE] = "unreadable",
	[SKIP_SERVER] = "refused by the server",
	[SKIP_VENDORED] = "vendored",
	[SKIP_EXCLUDED] = "excluded",
};

static const char *const skipped_dirs[] = {
	".git", ".hg", ".svn", "node_modules", "__pycache__",
	".mypy_cache", ".tox", NULL
};

/*
 * Directories holding copies of other projects' code.  Their files are
 * listed as vendored and left out: they would swamp the graph with code
 * the repository does not own.
 */
static const char *const vendored_dirs[] = {
	"vendor", "third_party", "third-party", "bower_components", NULL
};

/* "a/b" in fresh memory, or "b" when a is empty; exits when out of memory. */
static char *
join_path(const char *a, const char *b)
{
	size_t		alen = strlen(a);
	char	   *joined = malloc(alen + strlen(b) + 2);

	if (joined == NULL)
		cli_fatal("out of memory");
	sprintf(joined, "%s%s%s", a, alen ? "/" : "", b);
	return joined;
}

static void
list_add(CliFileList *list, const char *path)
{
	if (list->count == list->capacity)
	{
		list->capacity = list->capacity ? list->capacity * 2 : 1024;
		list->paths = cli_realloc(list->paths, list->capacity * sizeof(char *));
	}
	list->paths[list->count++] = cli_strdup(path);
}

void
cli_file_list_free(CliFileList *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->paths[i]);
	free(list->paths);
	memset(list, 0, sizeof(*list));
}

static int
name_in(const char *name, const char *const *names)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

static int
skipped_dir(const char *name)
{
	return name_in(name, skipped_dirs);
}

/*
 * Does any directory component of a relative path name a directory of
 * names?
 */
static int
in_dir_named(const char *path, const char *const *names)
{
	char		component[256];
	const char *p = path;

	for (;;)
	{
		const char *slash = strchr(p, '/');
		size_t		len;

		if (slash == NULL)
			return 0;
		len = (size_t) (slash - p);
		if (len < sizeof(component))
		{
			memcpy(component, p, len);
			component[len] = '\0';
			if (name_in(component, names))
				return 1;
		}
		p = slash + 1;
	}
}

/*
 * Run "git -C dir ls-files -z ..." and collect its output.  Returns 0 when
 * dir is not in a git work tree (or git is missing), 1 on success.
 */
static int
git_list(const char *dir, CliFileList *list)
{
	int			fds[2];
	pid_t		pid;
	char	   *buf = NULL;
	size_t		len = 0,
				cap = 0;
	ssize_t		n;
	int			status;

	if (pipe(fds) != 0)
		return 0;
	pid = fork();
	if (pid < 0)
	{
		close(fds[0]);
		close(fds[1]);
		return 0;
	}
	if (pid == 0)
	{
		int			devnull = open("/dev/null", O_WRONLY);

		dup2(fds[1], STDOUT_FILENO);
		if (devnull >= 0)
			dup2(devnull, STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		execlp("git", "git", "-C", dir, "ls-files", "-z", "--cached",
			   "--others", "--exclude-standard", (char *) NULL);
		_exit(127);
	}
	close(fds[1]);
	for (;;)
	{
		if (cap - len < 65536)
		{
			cap = cap ? cap * 2 : 1 << 20;
			buf = cli_realloc(buf, cap);
		}
		n = read(fds[0], buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t) n;
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
	{
		free(buf);
		return 0;
	}

	for (size_t start = 0; start < len;)
	{
		size_t		end = start;

		while (end < len && buf[end] != '\0')
			end++;
		if (end == len)
			break;				/* no terminator: a truncated entry */
		if (end > start && !in_dir_named(buf + start, skipped_dirs))
		{
			struct stat st;
			char	   *full = join_path(dir, buf + start);

			/* deleted-but-tracked files and links are not content */
			if (lstat(full, &st) == 0 && S_ISREG(st.st_mode))
				list_add(list, buf + start);
			free(full);
		}
		start = end + 1;
	}
	free(buf);
	return 1;
}

/* Walk dir without following links; paths are relative to dir. */
static void
walk_list(const char *dir, CliFileList *list)
{
	CliFileList pending = {0};

	list_add(&pending, "");
	while (pending.count > 0)
	{
		char	   *rel = pending.paths[--pending.count];
		char	   *full = rel[0] ? join_path(dir, rel) : cli_strdup(dir);
		DIR		   *d;
		struct dirent *de;

		d = opendir(full);
		if (d == NULL)
		{
			fprintf(stderr, "%s: warning: could not open directory \"%s\": %s\n",
					cli_progname, full, strerror(errno));
			list->bad_dirs++;
			free(full);
			free(rel);
			continue;
		}
		while ((de = readdir(d)) != NULL)
		{
			struct stat st;
			char	   *child_rel;
			char	   *child_full;

			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			child_rel = join_path(rel, de->d_name);
			child_full = join_path(full, de->d_name);
			if (lstat(child_full, &st) == 0)
			{
				if (S_ISDIR(st.st_mode) && !skipped_dir(de->d_name))
					list_add(&pending, child_rel);
				else if (S_ISREG(st.st_mode))
					list_add(list, child_rel);
			}
			free(child_rel);
			free(child_full);
		}
		closedir(d);
		free(full);
		free(rel);
	}
	cli_file_list_free(&pending);
}

static int
compare_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/*
 * Fill list with the files under dir, sorted, leaving out (and counting)
 * those under vendored directories unless vendored is set.  Returns 1 if
 * git listed them, 0 if the directory was walked.
 */
int
cli_list_files(const char *dir, CliFileList *list, int vendored)
{
	struct stat st;
	int			from_git;

	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		cli_fatal("\"%s\" is not a directory", dir);
	from_git = git_list(dir, list);
	if (!from_git)
		walk_list(dir, list);

	/* vendored files go, counted */
	if (!vendored)
	{
		size_t		kept = 0;

		for (size_t i = 0; i < list->count; i++)
		{
			if (in_dir_named(list->paths[i], vendored_dirs))
			{
				free(list->paths[i]);
				list->vendored++;
			}
			else
				list->paths[kept++] = list->paths[i];
		}
		list->count = kept;
	}
	/* an empty list has no array, and qsort() must not be given NULL */
	if (list->count > 1)
		qsort(list->paths, list->count, sizeof(char *), compare_paths);
	return from_git;
}

/*
 * Does path match one of the exclude globs?  A glob without "/" is matched
 * against every component ("*.pb.go", "testdata"), so it excludes a
 * directory and everything under it; one with "/" against the whole path
 * and, as a directory, its prefixes ("docs/api", "src/gen").  "*" matches
 * across "/" in the latter.
 */
int
cli_path_excluded(const char *path, char *const *globs, size_t nglobs)
{
	for (size_t g = 0; g < nglobs; g++)
	{
		const char *glob = globs[g];

		if (strchr(glob, '/') == NULL)
		{
			const char *p = path;

			for (;;)
			{
				const char *slash = strchr(p, '/');
				size_t		len = slash ? (size_t) (slash - p) : strlen(p);
				char		component[256];

				if (len < sizeof(component))
				{
					memcpy(component, p, len);
					component[len] = '\0';
					if (fnmatch(glob, component, FNM_PERIOD) == 0)
						return 1;
				}
				if (slash == NULL)
					break;
				p = slash + 1;
			}
		}
		else
		{
			char	   *prefix = cli_strdup(path);
			char	   *slash;
			int			hit = 0;

			/* the path itself, then each of its directories */
			for (;;)
			{
				if (fnmatch(glob, prefix, 0) == 0)
				{
					hit = 1;
					break;
				}
				slash = strrchr(prefix, '/');
				if (slash == NULL)
					break;
				*slash = '\0';
			}
			free(prefix);
			if (hit)
				return 1;
		}
	}
	return 0;
}

/*
 * Does the text at buf[at] begin a comment line: is it preceded on its
 * line by nothing but blanks and a comment opener (a line comment of C,
 * shell, SQL or Lisp, or the first or a continued line of a block
 * comment)?  A marker inside a string literal is no comment.
 */
static int
starts_comment_line(const char *buf, size_t at)
{
	static const char *const openers[] = {"//", "/*", "#", "*", "--", ";", NULL};
	size_t		start = at;
	size_t		p;

	while (start > 0 && buf[start - 1] != '\n')
		start--;
	p = start;
	while (p < at && (buf[p] == ' ' || buf[p] == '\t'))
		p++;
	for (int k = 0; openers[k] != NULL; k++)
	{
		size_t		olen = strlen(openers[k]);
		size_t		q = p + olen;

		if (q > at || memcmp(buf + p, openers[k], olen) != 0)
			continue;
		while (q < at && (buf[q] == ' ' || buf[q] == '\t'))
			q++;
		if (q == at)
			return 1;
	}
	return 0;
}

/*
 * Does the start of a file say it is generated: a comment line "Code
 * generated ... DO NOT EDIT." (Go's convention, which other generators
 * follow) or an "@generated" mark?
 */
static int
looks_generated(const char *path, const char *buf, size_t len)
{
	size_t		plen = strlen(path);
	size_t		head = len < 1024 ? len : 1024;

	if ((plen > 7 && strcmp(path + plen - 7, ".min.js") == 0) ||
		(plen > 8 && strcmp(path + plen - 8, ".min.mjs") == 0))
		return 1;
	for (size_t i = 0; i < head; i++)
	{
		if (buf[i] == '@' && head - i >= 10 && memcmp(buf + i, "@generated", 10) == 0)
			return 1;
		if (buf[i] == 'C' && head - i >= 14 && memcmp(buf + i, "Code generated", 14) == 0 &&
			starts_comment_line(buf, i))
		{
			const char *eol = memchr(buf + i, '\n', head - i);
			size_t		line = eol ? (size_t) (eol - (buf + i)) : head - i;

			for (size_t k = 0; k + 12 <= line; k++)
				if (memcmp(buf + i + k, "DO NOT EDIT.", 12) == 0)
					return 1;
		}
	}
	return 0;
}

/*
 * Read dir/path if it is worth parsing; on skip return NULL and set *skip.
 * max_bytes is the server's limit; larger files are not read at all.
 */
char *
cli_read_file(const char *dir, const char *path, size_t max_bytes,
			  size_t *len, CliSkip *skip)
{
	char	   *full = join_path(dir, path);
	FILE	   *f;
	struct stat st;
	char	   *buf;

	*skip = SKIP_NONE;
	f = fopen(full, "rb");
	free(full);
	if (f == NULL || fstat(fileno(f), &st) != 0)
	{
		if (f)
			fclose(f);
		*skip = SKIP_UNREADABLE;
		return NULL;
	}
	if ((size_t) st.st_size > max_bytes)
	{
		fclose(f);
		*skip = SKIP_TOO_LARGE;
		return NULL;
	}
	buf = malloc((size_t) st.st_size + 1);
	if (buf == NULL)
		cli_fatal("out of memory");
	*len = fread(buf, 1, (size_t) st.st_size, f);
	fclose(f);
	buf[*len] = '\0';

	if (memchr(buf, '\0', *len) != NULL)
		*skip = SKIP_BINARY;
	else if (!cm_utf8_valid(buf, *len))
		*skip = SKIP_ENCODING;
	else if (looks_generated(path, buf, *len))
		*skip = SKIP_GENERATED;
	if (*skip != SKIP_NONE)
	{
		free(buf);
		return NULL;
	}
	return buf;
}
