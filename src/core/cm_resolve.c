/*-------------------------------------------------------------------------
 *
 * cm_resolve.c
 *		Candidate files for one import, language by language.
 *
 * Each language's rules follow the search its compiler or runtime makes,
 * reduced to what a path alone can tell:
 *
 * ----------
 *	C, C++		"x.h": the includer's directory, then each include dir;
 *				<x.h>: each include dir (gcc with -I and no -iquote)
 *	Python		import and from: regular packages and modules in the
 *				repository root and each source root, then namespace
 *				package directories; leading dots climb from the
 *				importer's package
 *	JavaScript,	relative specifiers: the file as written, then with each
 *	TypeScript,	extension added, then the directory's index file;
 *	TSX			TypeScript prefers its own source to the .js named; bare
 *				ones through tsconfig's paths and baseUrl, then the
 *				repository's own packages (package.json)
 *	Go			a package is a directory: the nearest vendor directory
 *				holding it, then the module (go.mod) whose path is the
 *				longest prefix of it; "std" is the standard library's
 *				module, whose paths carry no prefix
 *	Rust		mod x;: beside a crate root or mod.rs, else in the
 *				directory named after the declaring file
 *	Ruby		require_relative: beside the requiring file, with ".rb"
 *	PHP			include and require with a literal path, or one built
 *				from __DIR__ or dirname(__FILE__)
 * ----------
 *
 * TODO: cover Java and C# types, bare npm specifiers (through
 * package.json and node_modules), Ruby's require and load on the load path
 * and Rust use paths.  Until then every other language and form gives an
 * empty list, as documented in cm_resolve.h.
 *
 * A candidate is assembled piece by piece in a scratch buffer, normalized
 * into a second one, and copied into the caller's arena only when it is
 * kept: inside the repository, not yet listed, list not full.  Both
 * buffers are sized once from the input's lengths, so a call allocates
 * memory linear in its input plus the candidates kept.  Its time is
 * bounded by CM_IMPORT_MAX_TRIES: a search stops after that many tried
 * paths, kept or not (each try costs the length of one path, and a
 * comparison with at most CM_IMPORT_MAX_CANDIDATES kept ones), so that a
 * repository cannot make one import cost more by listing thousands of
 * source roots or packages that all lead nowhere.  Ordering roots and
 * packages by nearness sorts them once, n log n.
 *
 *-------------------------------------------------------------------------
 */
#include "cm_resolve.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* room beyond the input's lengths for separators and suffixes */
#define PATH_SLACK			64

/* deepest dirname(..., N) followed in a PHP path expression */
#define PHP_MAX_LEVELS		64

/* The list being built and the buffer its next candidate is built in. */
typedef struct Candidates
{
	CmArena    *arena;
	CmPathList *out;			/* its paths array holds MAX_CANDIDATES */
	CmStatus	status;			/* CM_ERR_NOMEM once an allocation failed */
	char	   *raw;			/* the candidate being assembled */
	size_t		raw_len;
	size_t		raw_cap;		/* bytes raw can hold, terminator excluded */
	bool		overflow;		/* it did not fit, and will be dropped */
	char	   *norm;			/* raw normalized; raw_cap + 2 bytes */
	size_t		tries;			/* paths tried so far */
} Candidates;

/* One import, its strings checked for length and its importer split. */
typedef struct ImportRequest
{
	const char *dir;			/* importer's directory, normalized; NULL
								 * when it climbs above the root */
	size_t		dir_len;
	const char *file_name;		/* importer's last segment, as written */
	const char *target;
	size_t		target_len;
	const char *form;
	const char *member;			/* NULL when there is none */
	size_t		member_len;
	const char *const *include_dirs;
	size_t		n_include_dirs;
	const char *const *source_roots;
	size_t		n_source_roots;
	const char *const *packages;	/* "name<TAB>dir" */
	size_t		n_packages;
	const char *const *aliases;	/* "pattern<TAB>substitution" */
	size_t		n_aliases;
} ImportRequest;

/*
 * The length of s, or SIZE_MAX when s is NULL or longer than
 * CM_IMPORT_MAX_PATH.  Never reads further than that, however long s is.
 */
static size_t
bounded_len(const char *s)
{
	size_t		len = 0;

	if (s == NULL)
		return SIZE_MAX;
	while (s[len] != '\0')
		if (++len > CM_IMPORT_MAX_PATH)
			return SIZE_MAX;
	return len;
}

/*
 * An include dir or source root that can prefix a candidate: short enough,
 * and relative (an absolute directory lies outside the repository).
 */
static bool
usable_dir(const char *dir)
{
	return bounded_len(dir) != SIZE_MAX && dir[0] != '/';
}

/* The last occurrence of ch in s[0, len), or NULL. */
static const char *
find_last(const char *s, size_t len, char ch)
{
	while (len > 0)
		if (s[--len] == ch)
			return s + len;
	return NULL;
}

/* Does s[0, len) contain needle? */
static bool
contains(const char *s, size_t len, const char *needle)
{
	size_t		n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(s + i, needle, n) == 0)
			return true;
	return false;
}

static bool
has_suffix(const char *s, size_t len, const char *suffix)
{
	size_t		n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

static char
ascii_lower(char ch)
{
	return (ch >= 'A' && ch <= 'Z') ? (char) (ch - 'A' + 'a') : ch;
}

/* Does s[0, len) start with prefix, ignoring ASCII case? */
static bool
has_prefix_ci(const char *s, size_t len, const char *prefix)
{
	size_t		n = strlen(prefix);

	if (len < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (ascii_lower(s[i]) != ascii_lower(prefix[i]))
			return false;
	return true;
}

/*
 * Fold path[0, len) into out, which must hold len + 1 bytes: empty and "."
 * segments go, ".." removes the segment before it, and the result has no
 * leading or trailing "/".  Returns false when a ".." would climb above
 * the root; "" (the root itself) is a valid result.
 */
static bool
normalize_path(const char *path, size_t len, char *out, size_t *out_len)
{
	size_t		n = 0;
	size_t		i = 0;

	while (i < len)
	{
		size_t		start;
		size_t		seg;

		while (i < len && path[i] == '/')
			i++;
		start = i;
		while (i < len && path[i] != '/')
			i++;
		seg = i - start;

		if (seg == 0 || (seg == 1 && path[start] == '.'))
			continue;
		if (seg == 2 && path[start] == '.' && path[start + 1] == '.')
		{
			if (n == 0)
				return false;
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;			/* and the "/" before the removed segment */
			continue;
		}
		if (n > 0)
			out[n++] = '/';
		memcpy(out + n, path + start, seg);
		n += seg;
	}
	out[n] = '\0';
	*out_len = n;
	return true;
}

/*
 * Drop the last levels segments of the normalized directory dir[0, *len).
 * Returns false when it has fewer segments than that.
 */
static bool
dir_up(const char *dir, size_t *len, size_t levels)
{
	size_t		n = *len;

	for (; levels > 0; levels--)
	{
		if (n == 0)
			return false;
		while (n > 0 && dir[n - 1] != '/')
			n--;
		if (n > 0)
			n--;
	}
	*len = n;
	return true;
}

/*
 * Can s[0, len) be an identifier, or a dotted name of them when dotted is
 * set?  Segments must be non-empty and hold only letters, digits, "_" or
 * non-ASCII bytes (Python and Rust allow Unicode identifiers); this keeps
 * "/", quotes, spaces and "*" out of paths built from names.
 */
static bool
name_ok(const char *s, size_t len, bool dotted)
{
	bool		segment_empty = true;

	for (size_t i = 0; i < len; i++)
	{
		unsigned char ch = (unsigned char) s[i];

		if (ch == '.' && dotted && !segment_empty)
			segment_empty = true;
		else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
				 (ch >= '0' && ch <= '9') || ch == '_' || ch >= 0x80)
			segment_empty = false;
		else
			return false;
	}
	return !segment_empty;
}

/* ---------------------------------------------------------------------- */
/* assembling candidates */

/* Whether the search is over: an error, a full list, or no tries left. */
static bool
list_full(const Candidates *c)
{
	return c->status != CM_OK || c->out->n >= CM_IMPORT_MAX_CANDIDATES ||
		c->tries >= CM_IMPORT_MAX_TRIES;
}

static void
path_begin(Candidates *c)
{
	c->raw_len = 0;
	c->overflow = false;
}

/* Append len bytes of s to the candidate as they are. */
static void
path_text(Candidates *c, const char *s, size_t len)
{
	if (len > c->raw_cap - c->raw_len)
	{
		c->overflow = true;
		return;
	}
	memcpy(c->raw + c->raw_len, s, len);
	c->raw_len += len;
}

/*
 * Append "/" and s: one or more further segments.  An extra "/" costs
 * nothing, normalization removes it, so pieces never need to know whether
 * the path so far is empty.
 */
static void
path_segment(Candidates *c, const char *s, size_t len)
{
	path_text(c, "/", 1);
	path_text(c, s, len);
}

/* Append a dotted module name as segments: "a.b" gives "/a/b". */
static void
path_dotted(Candidates *c, const char *name, size_t len)
{
	size_t		start = c->raw_len;

	if (len == 0)
		return;
	path_segment(c, name, len);
	if (c->overflow)
		return;
	for (size_t i = start; i < c->raw_len; i++)
		if (c->raw[i] == '.')
			c->raw[i] = '/';
}

/*
 * Keep the assembled candidate, normalized, unless it climbs above the
 * root, names the root itself, is already listed or does not fit.
 * is_dir marks a directory candidate with a trailing "/".
 */
static void
path_emit(Candidates *c, bool is_dir)
{
	size_t		len;
	char	   *copy;

	if (list_full(c))
		return;
	c->tries++;
	if (c->overflow)
		return;
	if (!normalize_path(c->raw, c->raw_len, c->norm, &len) || len == 0)
		return;
	if (is_dir)
	{
		c->norm[len++] = '/';
		c->norm[len] = '\0';
	}

	/* a language's search may pass the same place twice; list it once */
	for (size_t i = 0; i < c->out->n; i++)
		if (strcmp(c->out->paths[i], c->norm) == 0)
			return;

	copy = cm_arena_strndup(c->arena, c->norm, len);
	if (copy == NULL)
	{
		c->status = CM_ERR_NOMEM;
		return;
	}
	c->out->paths[c->out->n++] = copy;
}

/* The candidate dir/rel followed by suffix (no "/" before it). */
static void
add_path(Candidates *c, const char *dir, size_t dir_len,
		 const char *rel, size_t rel_len, const char *suffix)
{
	path_begin(c);
	path_segment(c, dir, dir_len);
	path_segment(c, rel, rel_len);
	path_text(c, suffix, strlen(suffix));
	path_emit(c, false);
}

/* ---------------------------------------------------------------------- */
/* C and C++ */

/*
 * #include: the parser keeps the delimiters.  A quoted name is looked up
 * beside the including file first, then like an angle-bracket name in the
 * include dirs in order.  An include of a macro ("#include CONFIG_H") has
 * no delimiters and no candidates: its value is unknown here.
 */
static void
c_include_candidates(Candidates *c, const ImportRequest *r)
{
	const char *t = r->target;
	size_t		len = r->target_len;
	const char *name = t + 1;
	size_t		name_len = len - 2;
	bool		quoted;

	if (strcmp(r->form, "include") != 0 || len < 3)
		return;
	if (t[0] == '"' && t[len - 1] == '"')
		quoted = true;
	else if (t[0] == '<' && t[len - 1] == '>')
		quoted = false;
	else
		return;
	if (name[0] == '/')
		return;					/* absolute: outside the repository */

	if (quoted && r->dir != NULL)
		add_path(c, r->dir, r->dir_len, name, name_len, "");
	for (size_t i = 0; i < r->n_include_dirs && !list_full(c); i++)
	{
		const char *dir = r->include_dirs[i];

		if (usable_dir(dir))
			add_path(c, dir, strlen(dir), name, name_len, "");
	}
}

/* ---------------------------------------------------------------------- */
/* Python */

/*
 * One base directory's candidates for the module name.member (member may
 * be empty, and name too: "from . import x" names the package itself).
 * The first pass gives the regular package, then the module file; the
 * second gives the namespace package directory.
 */
static void
python_in_base(Candidates *c, const char *base, size_t base_len,
			   const char *name, size_t name_len,
			   const char *member, size_t member_len, bool namespace_pass)
{
	size_t		prefix_len;

	path_begin(c);
	path_segment(c, base, base_len);
	path_dotted(c, name, name_len);
	path_dotted(c, member, member_len);
	if (namespace_pass)
	{
		path_emit(c, true);
		return;
	}

	/* both files share the prefix assembled so far */
	prefix_len = c->raw_len;
	path_text(c, "/__init__.py", strlen("/__init__.py"));
	path_emit(c, false);

	/* a base that is itself the package has no "base.py" form */
	if (name_len == 0 && member_len == 0)
		return;
	c->raw_len = prefix_len;
	path_text(c, ".py", strlen(".py"));
	path_emit(c, false);
}

/*
 * The search for one module name: a regular package or module in any
 * root wins over a namespace package, as Python's path finder keeps
 * looking past a directory without __init__.py.  A relative import
 * searches only base; an absolute one the repository root, then each
 * source root.
 */
static void
python_search(Candidates *c, const ImportRequest *r, bool relative,
			  const char *base, size_t base_len,
			  const char *name, size_t name_len,
			  const char *member, size_t member_len)
{
	for (int pass = 0; pass < 2; pass++)
	{
		if (relative)
		{
			python_in_base(c, base, base_len, name, name_len,
						   member, member_len, pass == 1);
			continue;
		}
		python_in_base(c, "", 0, name, name_len, member, member_len,
					   pass == 1);
		for (size_t i = 0; i < r->n_source_roots && !list_full(c); i++)
		{
			const char *root = r->source_roots[i];

			if (usable_dir(root))
				python_in_base(c, root, strlen(root), name, name_len,
							   member, member_len, pass == 1);
		}
	}
}

/* The number of segments of the normalized path s[0, len). */
static size_t
count_segments(const char *s, size_t len)
{
	size_t		n = len > 0;

	for (size_t i = 0; i < len; i++)
		n += s[i] == '/';
	return n;
}

/*
 * How deep the importer's package lies below the directory it is imported
 * from: the deepest source root holding it, else the repository root.
 */
static size_t
python_package_depth(Candidates *c, const ImportRequest *r)
{
	size_t		root_depth = 0;

	for (size_t i = 0; i < r->n_source_roots; i++)
	{
		const char *root = r->source_roots[i];
		size_t		len;

		if (!usable_dir(root) ||
			!normalize_path(root, strlen(root), c->norm, &len) || len == 0 ||
			len > r->dir_len || memcmp(r->dir, c->norm, len) != 0 ||
			(len < r->dir_len && r->dir[len] != '/'))
			continue;
		if (count_segments(c->norm, len) > root_depth)
			root_depth = count_segments(c->norm, len);
	}
	return count_segments(r->dir, r->dir_len) - root_depth;
}

/*
 * import a.b / from a.b import c / from ..a import b.  "from X import m"
 * loads the submodule X.m when there is one, and takes m from X
 * otherwise, so the submodule's candidates come first.
 */
static void
python_candidates(Candidates *c, const ImportRequest *r)
{
	bool		from = strcmp(r->form, "from") == 0;
	size_t		dots = 0;
	const char *name;
	size_t		name_len;
	const char *base = NULL;
	size_t		base_len = 0;

	if (!from && strcmp(r->form, "import") != 0)
		return;

	while (dots < r->target_len && r->target[dots] == '.')
		dots++;
	name = r->target + dots;
	name_len = r->target_len - dots;
	if (name_len == 0 && dots == 0)
		return;
	if (name_len > 0 && !name_ok(name, name_len, true))
		return;

	/*
	 * One dot is the importer's package, each further one its parent; as
	 * in Python, no climbing out of the top-level package (a module at the
	 * root has no package at all).
	 */
	if (dots > 0)
	{
		if (r->dir == NULL || python_package_depth(c, r) < dots)
			return;
		base = r->dir;
		base_len = r->dir_len;
		if (!dir_up(base, &base_len, dots - 1))
			return;
	}

	if (from && r->member != NULL &&
		name_ok(r->member, r->member_len, false))
		python_search(c, r, dots > 0, base, base_len, name, name_len,
					  r->member, r->member_len);
	python_search(c, r, dots > 0, base, base_len, name, name_len, "", 0);
}

/* ---------------------------------------------------------------------- */
/* JavaScript, TypeScript, TSX */

/*
 * Extensions tried after the written path, in each language's order; a
 * JavaScript project may import TypeScript through a bundler, after its
 * own kinds of file.
 */
static const char *const ts_probe[] = {
	".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".json", NULL
};
static const char *const js_probe[] = {
	".js", ".jsx", ".mjs", ".cjs", ".json", ".ts", ".tsx", NULL
};

/*
 * TypeScript reads "./x.js" as the output of x.ts: the sources it would
 * compile to the written name come before the name itself.
 */
static const struct
{
	const char *written;
	const char *sources[4];
}			ts_sources[] = {
	{".js", {".ts", ".tsx", ".d.ts", NULL}},
	{".jsx", {".tsx", ".ts", ".d.ts", NULL}},
	{".mjs", {".mts", ".d.mts", NULL}},
	{".cjs", {".cts", ".d.cts", NULL}},
};

/* "." and "..", or a path starting "./" or "../" */
static bool
js_relative(const char *t, size_t len)
{
	if (len >= 1 && t[0] == '.' && (len == 1 || t[1] == '/'))
		return true;
	return len >= 2 && t[0] == '.' && t[1] == '.' && (len == 2 || t[2] == '/');
}

/*
 * The files a specifier t[0, len) may name below dir, in the order bundlers
 * and TypeScript's resolver try them: the file as written when it has an
 * extension (after TypeScript's own sources for a written .js), the
 * written path with each extension added, then the index file of a
 * directory of that name.
 */
static void
js_probe_path(Candidates *c, const char *dir, size_t dir_len,
			  const char *t, size_t len, bool typescript)
{
	const char *const *probe = typescript ? ts_probe : js_probe;
	const char *last;
	size_t		last_len;
	const char *ext = NULL;
	bool		dir_only;

	/* "./lib/", "." and ".." name a directory: only its index file */
	last = find_last(t, len, '/');
	last = last ? last + 1 : t;
	last_len = t + len - last;
	dir_only = last_len == 0 || (last_len == 1 && last[0] == '.') ||
		(last_len == 2 && last[0] == '.' && last[1] == '.');
	if (!dir_only)
	{
		/* an extension is a "." after the first byte of the last segment */
		ext = last_len > 1 ? find_last(last + 1, last_len - 1, '.') : NULL;

		if (typescript && ext != NULL)
		{
			size_t		ext_len = t + len - ext;

			for (size_t i = 0; i < sizeof(ts_sources) / sizeof(ts_sources[0]); i++)
			{
				if (strlen(ts_sources[i].written) != ext_len ||
					memcmp(ts_sources[i].written, ext, ext_len) != 0)
					continue;
				for (int s = 0; ts_sources[i].sources[s] != NULL; s++)
					add_path(c, dir, dir_len, t, (size_t) (ext - t),
							 ts_sources[i].sources[s]);
			}
		}
		if (ext != NULL)
			add_path(c, dir, dir_len, t, len, "");
		for (int i = 0; probe[i] != NULL; i++)
			add_path(c, dir, dir_len, t, len, probe[i]);
	}

	for (int i = 0; probe[i] != NULL; i++)
	{
		path_begin(c);
		path_segment(c, dir, dir_len);
		path_segment(c, t, len);
		path_text(c, "/index", strlen("/index"));
		path_text(c, probe[i], strlen(probe[i]));
		path_emit(c, false);
	}
}

/*
 * An alias entry "pattern<TAB>substitution" split; the pattern is empty
 * for the base directory (tsconfig's baseUrl).
 */
static bool
alias_entry(const char *entry, const char **pattern, size_t *pattern_len,
			const char **subst, size_t *subst_len)
{
	size_t		len = bounded_len(entry);
	const char *tab;

	if (len == SIZE_MAX || (tab = memchr(entry, '\t', len)) == NULL ||
		tab[1] == '/')
		return false;
	*pattern = entry;
	*pattern_len = (size_t) (tab - entry);
	*subst = tab + 1;
	*subst_len = len - *pattern_len - 1;
	return true;
}

/*
 * Does the paths pattern p[0, plen) match t[0, len)?  An exact pattern
 * matches only itself (*prefix is then SIZE_MAX, beating any wildcard); a
 * pattern with one "*" matches what starts with the text before it and
 * ends with the text after it, *prefix being the length before it.
 */
static bool
alias_match(const char *p, size_t plen, const char *t, size_t len,
			size_t *prefix)
{
	const char *star = memchr(p, '*', plen);
	size_t		pre;
	size_t		suf;

	if (star == NULL)
	{
		*prefix = SIZE_MAX;
		return plen == len && memcmp(p, t, len) == 0;
	}
	pre = (size_t) (star - p);
	suf = plen - pre - 1;
	if (memchr(star + 1, '*', suf) != NULL || len < pre + suf ||
		memcmp(p, t, pre) != 0 || memcmp(star + 1, t + len - suf, suf) != 0)
		return false;
	*prefix = pre;
	return true;
}

/*
 * The best of entries[] ("pattern<TAB>path") for the specifier t[0, len),
 * the way TypeScript picks among paths patterns (an exact one, else the
 * longest text before its "*"), each of its paths in order with the "*"
 * replaced by what it matched, probed like a relative specifier.
 * Entries with an empty pattern are skipped.
 */
static void
js_best_pattern(Candidates *c, const char *const *entries, size_t n,
				const char *t, size_t len, bool typescript)
{
	const char *best = NULL;
	size_t		best_len = 0;
	size_t		best_prefix = 0;

	for (size_t i = 0; i < n; i++)
	{
		const char *p;
		const char *sub;
		size_t		plen;
		size_t		sublen;
		size_t		prefix;

		if (entries[i] == NULL ||
			!alias_entry(entries[i], &p, &plen, &sub, &sublen) || plen == 0 ||
			!alias_match(p, plen, t, len, &prefix))
			continue;
		if (best == NULL || prefix > best_prefix)
		{
			best = p;
			best_len = plen;
			best_prefix = prefix;
		}
	}

	for (size_t i = 0; i < n && best != NULL && !list_full(c); i++)
	{
		const char *p;
		const char *sub;
		size_t		plen;
		size_t		sublen;
		const char *star;

		if (entries[i] == NULL ||
			!alias_entry(entries[i], &p, &plen, &sub, &sublen) ||
			plen != best_len || memcmp(p, best, plen) != 0)
			continue;
		star = memchr(sub, '*', sublen);
		if (star == NULL || best_prefix == SIZE_MAX)
		{
			js_probe_path(c, "", 0, sub, sublen, typescript);
			continue;
		}

		/* the path with the matched text for its "*" */
		{
			size_t		matched = len - best_len + 1;
			size_t		head = (size_t) (star - sub);
			char	   *path = cm_arena_alloc(c->arena, sublen + matched);

			if (path == NULL)
			{
				c->status = CM_ERR_NOMEM;
				return;
			}
			memcpy(path, sub, head);
			memcpy(path + head, t + best_prefix, matched);
			memcpy(path + head + matched, star + 1, sublen - head - 1);
			js_probe_path(c, "", 0, path, sublen - 1 + matched, typescript);
		}
	}
}

/*
 * A bare specifier: through tsconfig's (or jsconfig's) paths, then below
 * its baseUrl, as TypeScript reads them (aliases); then as one of the
 * repository's own packages (packages: a package.json's name, exports,
 * module or main, as "pattern<TAB>path" entries), as a workspace package
 * of a monorepo resolves through node_modules.  Paths arrive
 * repo-relative.
 */
static void
js_alias_candidates(Candidates *c, const ImportRequest *r, bool typescript)
{
	const char *t = r->target;
	size_t		len = r->target_len;

	js_best_pattern(c, r->aliases, r->n_aliases, t, len, typescript);
	for (size_t i = 0; i < r->n_aliases && !list_full(c); i++)
	{
		const char *p;
		const char *sub;
		size_t		plen;
		size_t		sublen;

		if (r->aliases[i] != NULL &&
			alias_entry(r->aliases[i], &p, &plen, &sub, &sublen) && plen == 0)
			js_probe_path(c, sub, sublen, t, len, typescript);
	}
	js_best_pattern(c, r->packages, r->n_packages, t, len, typescript);
}

/*
 * import, export, require and dynamic import(): a relative specifier below
 * the importer's directory; a bare one through the importer's tsconfig
 * paths and baseUrl, then the repository's own packages.
 */
static void
js_candidates(Candidates *c, const ImportRequest *r, bool typescript)
{
	if (strcmp(r->form, "import") != 0 && strcmp(r->form, "export") != 0 &&
		strcmp(r->form, "require") != 0 && strcmp(r->form, "dynamic") != 0 &&
		strcmp(r->form, "reference") != 0)
		return;
	if (r->target_len == 0 || r->target[0] == '/')
		return;
	/* "/// <reference path>" names a file beside the importer */
	if (strcmp(r->form, "reference") == 0)
	{
		if (r->dir != NULL)
			js_probe_path(c, r->dir, r->dir_len, r->target, r->target_len,
						  typescript);
		return;
	}
	if (!js_relative(r->target, r->target_len))
		js_alias_candidates(c, r, typescript);
	else if (r->dir != NULL)
		js_probe_path(c, r->dir, r->dir_len, r->target, r->target_len,
					  typescript);
}

/* ---------------------------------------------------------------------- */
/* Go */

/*
 * An import path the go command accepts: non-empty, not absolute or
 * relative, no empty, "." or ".." element, none of the bytes it rejects.
 */
static bool
go_path_ok(const char *s, size_t len)
{
	size_t		start = 0;

	if (len == 0 || s[0] == '/' || s[len - 1] == '/')
		return false;
	for (size_t i = 0; i <= len; i++)
	{
		if (i == len || s[i] == '/')
		{
			size_t		elem = i - start;

			if (elem == 0 || (elem == 1 && s[start] == '.') ||
				(elem == 2 && s[start] == '.' && s[start + 1] == '.'))
				return false;
			start = i + 1;
			continue;
		}
		if ((unsigned char) s[i] <= ' ' || s[i] == 0x7f ||
			strchr("!\"#$%&'()*,:;<=>?[\\]^`{|}", s[i]) != NULL)
			return false;
	}
	return true;
}

/*
 * A package entry "name<TAB>dir" split; false when it has no tab, an empty
 * name or a dir that cannot prefix a candidate.
 */
static bool
package_entry(const char *entry, const char **name, size_t *name_len,
			  const char **dir, size_t *dir_len)
{
	size_t		len = bounded_len(entry);
	const char *tab;

	if (len == SIZE_MAX || (tab = memchr(entry, '\t', len)) == NULL ||
		tab == entry || tab[1] == '/')
		return false;
	*name = entry;
	*name_len = (size_t) (tab - entry);
	*dir = tab + 1;
	*dir_len = len - *name_len - 1;
	return true;
}

/*
 * Does path[0, len) lie in directory dir (normalized, "" for the root)?
 */
static bool
path_in_dir(const char *path, size_t len, const char *dir, size_t dir_len)
{
	if (dir_len == 0)
		return true;
	return len >= dir_len && memcmp(path, dir, dir_len) == 0 &&
		(len == dir_len || path[dir_len] == '/');
}

/*
 * Is the directory candidate ("a/b/") found through the module in
 * module_dir inside another module below that one?  A directory holding a
 * go.mod starts a module of its own: its packages are not the outer
 * module's.  Uses c->norm as scratch, so call it after path_emit.
 */
static bool
go_in_nested_module(Candidates *c, const ImportRequest *r,
					const char *module_dir, size_t module_dir_len,
					const char *candidate)
{
	size_t		cand_len = strlen(candidate) - 1;	/* without the "/" */
	size_t		outer_len;
	char	   *outer;

	/* the module's own dir, normalized, kept past the loop's reuse of norm */
	if (!normalize_path(module_dir, module_dir_len, c->norm, &outer_len))
		return false;
	outer = cm_arena_strndup(c->arena, c->norm, outer_len);
	if (outer == NULL)
	{
		c->status = CM_ERR_NOMEM;
		return true;
	}
	for (size_t i = 0; i < r->n_packages; i++)
	{
		const char *name;
		const char *dir;
		size_t		name_len;
		size_t		dir_len;
		size_t		len;

		if (r->packages[i] == NULL ||
			!package_entry(r->packages[i], &name, &name_len, &dir, &dir_len) ||
			!normalize_path(dir, dir_len, c->norm, &len))
			continue;
		if (len > outer_len && path_in_dir(c->norm, len, outer, outer_len) &&
			path_in_dir(candidate, cand_len, c->norm, len))
			return true;
	}
	return false;
}

/*
 * import "path": the directory of the package.  The go command looks in
 * the nearest vendor directory above the importer first (GOPATH's rule,
 * which for a module is the vendor directory at its root), then in the
 * module whose path prefixes the import path, the longest first, unless
 * the directory lies in a module nested in that one.  The module "std"
 * (the standard library's go.mod) holds every path whose first element
 * has no dot.
 */
static void
go_candidates(Candidates *c, const ImportRequest *r)
{
	const char *t = r->target;
	size_t		len = r->target_len;
	size_t		matches[CM_IMPORT_MAX_CANDIDATES];
	size_t		lens[CM_IMPORT_MAX_CANDIDATES];
	size_t		n = 0;
	const char *slash;
	bool		std_path;

	if (strcmp(r->form, "import") != 0 || !go_path_ok(t, len))
		return;

	if (r->dir != NULL)
	{
		size_t		dir_len = r->dir_len;

		for (;;)
		{
			path_begin(c);
			path_segment(c, r->dir, dir_len);
			path_segment(c, "vendor", 6);
			path_segment(c, t, len);
			path_emit(c, true);
			if (dir_len == 0)
				break;
			slash = find_last(r->dir, dir_len, '/');
			dir_len = slash ? (size_t) (slash - r->dir) : 0;
		}
	}

	slash = memchr(t, '/', len);
	std_path = memchr(t, '.', slash ? (size_t) (slash - t) : len) == NULL;
	for (size_t i = 0; i < r->n_packages && n < CM_IMPORT_MAX_CANDIDATES; i++)
	{
		const char *name;
		const char *dir;
		size_t		name_len;
		size_t		dir_len;
		size_t		j;

		if (r->packages[i] == NULL ||
			!package_entry(r->packages[i], &name, &name_len, &dir, &dir_len))
			continue;
		if (name_len == 3 && memcmp(name, "std", 3) == 0)
		{
			if (!std_path)
				continue;
			name_len = 0;		/* no prefix to strip */
		}
		else if (name_len > len || memcmp(name, t, name_len) != 0 ||
				 (name_len < len && t[name_len] != '/'))
			continue;

		/* keep the matches ordered by the length of what they strip */
		for (j = n; j > 0 && lens[j - 1] < name_len; j--)
		{
			matches[j] = matches[j - 1];
			lens[j] = lens[j - 1];
		}
		matches[j] = i;
		lens[j] = name_len;
		n++;
	}
	for (size_t k = 0; k < n && !list_full(c); k++)
	{
		const char *name;
		const char *dir;
		size_t		name_len;
		size_t		dir_len;
		size_t		before = c->out->n;

		package_entry(r->packages[matches[k]], &name, &name_len, &dir, &dir_len);
		path_begin(c);
		path_segment(c, dir, dir_len);
		path_segment(c, t + lens[k], len - lens[k]);
		path_emit(c, true);
		if (c->out->n > before &&
			go_in_nested_module(c, r, dir, dir_len, c->out->paths[before]))
			c->out->n = before;
	}
}

/* ---------------------------------------------------------------------- */
/* Java */

/*
 * import a.b.C / import static a.b.C.m / import a.b.*: the class's file
 * below each package root (a directory whose subdirectories follow the
 * packages, such as src/main/java), the name cut back one segment at a
 * time (a nested class, a static member: a.b.C.m is in a/b/C.java); a
 * wildcard names the package's directory.
 */
static void
java_candidates(Candidates *c, const ImportRequest *r)
{
	const char *t = r->target;
	size_t		len = r->target_len;
	bool		wildcard = len > 2 && t[len - 2] == '.' && t[len - 1] == '*';

	if (strcmp(r->form, "import") != 0 && strcmp(r->form, "import_static") != 0)
		return;
	if (wildcard)
		len -= 2;
	if (len == 0 || !name_ok(t, len, true))
		return;
	for (size_t i = 0; i < r->n_source_roots && !list_full(c); i++)
	{
		const char *root = r->source_roots[i];
		size_t		cut = len;
		size_t		root_len;

		/* a root above the repository's root leads nowhere, however cut */
		if (!usable_dir(root) ||
			!normalize_path(root, strlen(root), c->norm, &root_len))
			continue;
		if (wildcard)
		{
			path_begin(c);
			path_segment(c, root, strlen(root));
			path_dotted(c, t, len);
			path_emit(c, true);
			continue;
		}
		while (cut > 0)
		{
			const char *dot;

			path_begin(c);
			path_segment(c, root, strlen(root));
			path_dotted(c, t, cut);
			path_text(c, ".java", 5);
			path_emit(c, false);
			dot = find_last(t, cut, '.');
			cut = dot ? (size_t) (dot - t) : 0;
		}
	}
}

/* ---------------------------------------------------------------------- */
/* Rust */

/*
 * Is the directory dir[0, len) one where Cargo finds crate roots by file
 * name: tests/, examples/, benches/ or src/bin/?
 */
static bool
cargo_target_dir(const char *dir, size_t len)
{
	const char *last = find_last(dir, len, '/');
	size_t		last_len;

	last = last ? last + 1 : dir;
	last_len = dir + len - last;
	if ((last_len == 5 && memcmp(last, "tests", 5) == 0) ||
		(last_len == 8 && memcmp(last, "examples", 8) == 0) ||
		(last_len == 7 && memcmp(last, "benches", 7) == 0))
		return true;
	return has_suffix(dir, len, "src/bin") &&
		(len == 7 || dir[len - 8] == '/');
}

/* the two files that may hold module m: m.rs and m/mod.rs */
static const char *const rust_mod_files[] = {".rs", "/mod.rs"};

/*
 * mod name; (the parser gives the name alone).  A crate root (lib.rs,
 * main.rs) and a mod.rs keep their modules beside them; any other file
 * keeps them in a directory named after it.  A file directly under tests/,
 * examples/, benches/ or src/bin/ may be a crate root of its own under
 * another name, so the beside-it places follow as a fallback.  A #[path]
 * attribute is not seen by the parser and not honored.
 */
static void
rust_mod_candidates(Candidates *c, const ImportRequest *r)
{
	const char *name = r->target;
	size_t		name_len = r->target_len;
	const char *file = r->file_name;
	size_t		file_len = strlen(file);
	const char *dot;
	size_t		stem_len;
	bool		beside;

	if (strcmp(r->form, "mod") != 0 || r->dir == NULL)
		return;
	/* a raw identifier (mod r#async;) lives in async.rs */
	if (name_len > 2 && name[0] == 'r' && name[1] == '#')
	{
		name += 2;
		name_len -= 2;
	}
	if (!name_ok(name, name_len, false))
		return;
	if (file_len == 0 || strcmp(file, ".") == 0 || strcmp(file, "..") == 0)
		return;

	beside = strcmp(file, "mod.rs") == 0 || strcmp(file, "lib.rs") == 0 ||
		strcmp(file, "main.rs") == 0;
	dot = find_last(file, file_len, '.');
	stem_len = (dot != NULL && dot != file) ? (size_t) (dot - file) : file_len;

	for (int i = 0; i < 2 && !beside; i++)
	{
		path_begin(c);
		path_segment(c, r->dir, r->dir_len);
		path_segment(c, file, stem_len);
		path_segment(c, name, name_len);
		path_text(c, rust_mod_files[i], strlen(rust_mod_files[i]));
		path_emit(c, false);
	}
	if (beside || cargo_target_dir(r->dir, r->dir_len))
		for (int i = 0; i < 2; i++)
			add_path(c, r->dir, r->dir_len, name, name_len,
					 rust_mod_files[i]);
}

/*
 * The directory holding the submodules of the importer's module: the
 * importer's own directory for mod.rs, lib.rs and main.rs, else the
 * directory named after it (a/x.rs: a/x).  Assembled into c->raw.
 */
static void
rust_module_dir(Candidates *c, const ImportRequest *r)
{
	const char *file = r->file_name;
	size_t		file_len = strlen(file);
	const char *dot = find_last(file, file_len, '.');

	path_begin(c);
	path_segment(c, r->dir, r->dir_len);
	if (strcmp(file, "mod.rs") != 0 && strcmp(file, "lib.rs") != 0 &&
		strcmp(file, "main.rs") != 0)
		path_segment(c, file, dot && dot != file ? (size_t) (dot - file) : file_len);
}

/*
 * use crate::a::b::C / use super::x / use self::y: the file of the
 * deepest module the path can name, then of each shorter one (the last
 * segments may be items: C is a type in b.rs).  crate:: starts at the
 * crate root, the nearest "src" directory above the importer (Cargo's
 * layout); self:: at the importer's module, each super:: one module up.
 * Paths through external crates (std::, serde::) are not in the
 * repository.
 */
static void
rust_use_candidates(Candidates *c, const ImportRequest *r)
{
	const char *t = r->target;
	size_t		len = r->target_len;
	char	   *base;
	size_t		base_len;
	bool		crate_root = false;
	const char *src = NULL;

	if (strcmp(r->form, "use") != 0 || r->dir == NULL)
		return;
	if (len >= 3 && t[len - 1] == '*' && t[len - 2] == ':' && t[len - 3] == ':')
		len -= 3;				/* a glob: the module itself */
	/* the crate root: the nearest "src" segment of the importer's dir */
	for (size_t i = 0; i + 3 <= r->dir_len; i++)
		if (memcmp(r->dir + i, "src", 3) == 0 && (i == 0 || r->dir[i - 1] == '/') &&
			(i + 3 == r->dir_len || r->dir[i + 3] == '/'))
			src = r->dir + i + 3;
	if (len >= 7 && memcmp(t, "crate::", 7) == 0)
	{
		if (src == NULL)
			return;
		base_len = (size_t) (src - r->dir);
		base = cm_arena_strndup(c->arena, r->dir, base_len);
		t += 7;
		len -= 7;
		crate_root = true;
	}
	else
	{
		size_t		ups = 0;

		if (len >= 6 && memcmp(t, "self::", 6) == 0)
		{
			t += 6;
			len -= 6;
		}
		else if (!(len >= 7 && memcmp(t, "super::", 7) == 0))
			return;
		while (len >= 7 && memcmp(t, "super::", 7) == 0)
		{
			ups++;
			t += 7;
			len -= 7;
		}
		rust_module_dir(c, r);
		if (c->overflow || !normalize_path(c->raw, c->raw_len, c->norm, &base_len) ||
			!dir_up(c->norm, &base_len, ups))
			return;
		/* not above the crate root, which Rust refuses */
		if (src != NULL &&
			!path_in_dir(c->norm, base_len, r->dir, (size_t) (src - r->dir)))
			return;
		base = cm_arena_strndup(c->arena, c->norm, base_len);
	}
	if (base == NULL)
	{
		c->status = CM_ERR_NOMEM;
		return;
	}

	/* the path's module segments, "::" to "/", longest first */
	while (len > 0 && !list_full(c))
	{
		const char *sep = NULL;

		for (size_t i = 0; i + 1 < len; i++)
			if (t[i] == ':' && t[i + 1] == ':')
				sep = t + i;
		for (int i = 0; i < 2; i++)
		{
			path_begin(c);
			path_segment(c, base, base_len);
			path_text(c, "/", 1);
			for (size_t k = 0; k < len; k++)
			{
				if (t[k] == ':' && k + 1 < len && t[k + 1] == ':')
				{
					path_text(c, "/", 1);
					k++;
				}
				else if (t[k] == '/' || t[k] == '.' || t[k] == ' ')
				{
					c->overflow = true;		/* no such module name */
					break;
				}
				else
					path_text(c, t + k, 1);
			}
			path_text(c, rust_mod_files[i], strlen(rust_mod_files[i]));
			path_emit(c, false);
		}
		len = sep ? (size_t) (sep - t) : 0;
	}
	if (crate_root)
	{
		add_path(c, base, base_len, "lib.rs", 6, "");
		add_path(c, base, base_len, "main.rs", 7, "");
	}
}

/* ---------------------------------------------------------------------- */
/* Ruby and PHP: entries taken best rank first */

typedef struct Ranked
{
	size_t		rank;
	size_t		index;
} Ranked;

/* Higher rank first; equal ranks in the order given. */
static int
compare_ranked(const void *a, const void *b)
{
	const Ranked *x = a;
	const Ranked *y = b;

	if (x->rank != y->rank)
		return x->rank > y->rank ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * An array of n entries (from the arena) to fill with ranks and sort with
 * rank_sort; NULL, with the status set, when memory ran out.
 */
static Ranked *
rank_alloc(Candidates *c, size_t n)
{
	Ranked	   *ranked = cm_arena_alloc(c->arena, sizeof(Ranked) * (n ? n : 1));

	if (ranked == NULL)
		c->status = CM_ERR_NOMEM;
	return ranked;
}

static void
rank_sort(Ranked *ranked, size_t n)
{
	if (n > 1)
		qsort(ranked, n, sizeof(Ranked), compare_ranked);
}

/* ---------------------------------------------------------------------- */
/* Ruby */

/*
 * How near a load path entry is to the importer: 1 + the length of the
 * entry's parent directory when that holds the importer, 0 when it does
 * not, SIZE_MAX for an entry that cannot be used.
 */
static size_t
ruby_root_rank(const ImportRequest *r, const char *root)
{
	size_t		root_len;
	const char *slash;
	size_t		parent_len;

	if (root == NULL || !usable_dir(root))
		return SIZE_MAX;
	root_len = strlen(root);
	slash = find_last(root, root_len, '/');
	parent_len = slash ? (size_t) (slash - root) : 0;
	if (r->dir != NULL && path_in_dir(r->dir, r->dir_len, root, parent_len))
		return parent_len + 1;
	return 0;
}

/*
 * require_relative "lib/a": lib/a.rb beside the requiring file; require,
 * load and autoload: the file on the load path (source_roots here).
 */
static void
ruby_candidates(Candidates *c, const ImportRequest *r)
{
	const char *t = r->target;
	size_t		len = r->target_len;
	const char *suffix = has_suffix(t, len, ".rb") ? "" : ".rb";

	if (len == 0 || t[0] == '/')
		return;
	if (strcmp(r->form, "require_relative") == 0)
	{
		if (r->dir != NULL)
			add_path(c, r->dir, r->dir_len, t, len, suffix);
		return;
	}
	if (strcmp(r->form, "require") != 0 && strcmp(r->form, "load") != 0 &&
		strcmp(r->form, "autoload") != 0)
		return;
	if (js_relative(t, len))
		return;					/* "./x": relative to the process's cwd */

	/*
	 * The load path: the lib directories the repository has (each gem's)
	 * and the source roots, those whose parent holds the importer first,
	 * the nearest of them first (rank 0: not the importer's).
	 */
	{
		Ranked	   *roots = rank_alloc(c, r->n_source_roots);
		size_t		n = 0;

		if (roots == NULL)
			return;
		for (size_t i = 0; i < r->n_source_roots; i++)
		{
			size_t		rank = ruby_root_rank(r, r->source_roots[i]);

			if (rank != SIZE_MAX)
			{
				roots[n].rank = rank;
				roots[n].index = i;
				n++;
			}
		}
		rank_sort(roots, n);
		for (size_t k = 0; k < n && !list_full(c); k++)
		{
			const char *root = r->source_roots[roots[k].index];

			add_path(c, root, strlen(root), t, len,
					 strcmp(r->form, "load") == 0 ? "" : suffix);
		}
	}
}

/* ---------------------------------------------------------------------- */
/* PHP */

/*
 * Read the directory part of a path expression as the parser writes it
 * (whitespace removed): __DIR__, dirname(__FILE__), dirname(__DIR__) or
 * either dirname() with a level count.  Sets *consumed to its length and
 * *levels to how far above the importer's directory it points.
 */
static bool
php_dir_prefix(const char *s, size_t len, size_t *consumed, size_t *levels)
{
	size_t		p = strlen("dirname(");
	size_t		up;
	size_t		count = 1;

	/* magic constants and function names ignore case in PHP */
	if (has_prefix_ci(s, len, "__DIR__"))
	{
		*consumed = strlen("__DIR__");
		*levels = 0;
		return true;
	}
	if (!has_prefix_ci(s, len, "dirname("))
		return false;
	if (has_prefix_ci(s + p, len - p, "__DIR__"))
	{
		up = 1;
		p += strlen("__DIR__");
	}
	else if (has_prefix_ci(s + p, len - p, "__FILE__"))
	{
		up = 0;
		p += strlen("__FILE__");
	}
	else
		return false;

	if (p < len && s[p] == ',')
	{
		p++;
		count = 0;
		if (p >= len || s[p] < '0' || s[p] > '9')
			return false;
		for (; p < len && s[p] >= '0' && s[p] <= '9'; p++)
		{
			count = count * 10 + (size_t) (s[p] - '0');
			if (count > PHP_MAX_LEVELS)
				return false;
		}
		if (count == 0)
			return false;		/* PHP rejects a level of 0 */
	}
	if (p >= len || s[p] != ')')
		return false;
	*consumed = p + 1;
	*levels = up + count - 1;
	return true;
}

/*
 * A path expression PREFIX.'/rest' or PREFIX."/rest": sets *path to the
 * literal's content and *levels as php_dir_prefix does.  A literal holding
 * an escape or, in double quotes, a variable is not a plain path.
 */
static bool
php_dir_expression(const char *s, size_t len, size_t *levels,
				   const char **path, size_t *path_len)
{
	size_t		p;
	char		quote;

	if (!php_dir_prefix(s, len, &p, levels))
		return false;
	if (len - p < 4 || s[p] != '.')
		return false;
	quote = s[p + 1];
	if ((quote != '\'' && quote != '"') || s[len - 1] != quote)
		return false;
	*path = s + p + 2;
	*path_len = len - p - 3;
	if (memchr(*path, quote, *path_len) != NULL ||
		memchr(*path, '\\', *path_len) != NULL ||
		(quote == '"' && memchr(*path, '$', *path_len) != NULL))
		return false;
	/* __DIR__ has no trailing "/": a path that lacks one is not meant */
	return (*path)[0] == '/';
}

/*
 * include/require and their _once forms.  A path from __DIR__ is relative
 * to the importer's directory; so is a literal path, which PHP then also
 * looks up in its include_path (the source roots) unless it starts with
 * "./" or "../".
 */
/*
 * Package entry i, if it is a PSR-4 prefix ("App\\") of the class name
 * t[0, len): its length and directory.
 */
static bool
psr4_entry(const ImportRequest *r, size_t i, const char *t, size_t len,
		   size_t *name_len, const char **dir, size_t *dir_len)
{
	const char *name;

	return r->packages[i] != NULL &&
		package_entry(r->packages[i], &name, name_len, dir, dir_len) &&
		*name_len <= len && memcmp(name, t, *name_len) == 0 &&
		name[*name_len - 1] == '\\';
}

/*
 * use App\Models\User: the class file through composer.json's PSR-4 map,
 * given as packages "App\<TAB>src" (namespace prefix, directory): the
 * longest prefix first, the rest of the name as directories and the
 * class's file.  Functions and constants are not autoloaded: not
 * resolved.
 */
static void
php_use_candidates(Candidates *c, const ImportRequest *r)
{
	const char *t = r->target;
	size_t		len = r->target_len;

	if (len > 0 && t[0] == '\\')
	{
		t++;
		len--;
	}
	if (len == 0 || t[len - 1] == '\\')
		return;
	{
		/* the longest matching prefix first, its directories in order */
		Ranked	   *prefixes = rank_alloc(c, r->n_packages);
		size_t		n = 0;

		if (prefixes == NULL)
			return;
		for (size_t i = 0; i < r->n_packages; i++)
		{
			const char *dir;
			size_t		name_len;
			size_t		dir_len;

			if (psr4_entry(r, i, t, len, &name_len, &dir, &dir_len))
			{
				prefixes[n].rank = name_len;
				prefixes[n].index = i;
				n++;
			}
		}
		rank_sort(prefixes, n);
		for (size_t k = 0; k < n && !list_full(c); k++)
		{
			const char *dir;
			size_t		name_len;
			size_t		dir_len;
			size_t		rest;

			psr4_entry(r, prefixes[k].index, t, len, &name_len, &dir, &dir_len);
			rest = len - name_len;
			path_begin(c);
			path_segment(c, dir, dir_len);
			path_segment(c, t + name_len, rest);
			for (size_t j = c->raw_len - rest; j < c->raw_len; j++)
				if (c->raw[j] == '\\')
					c->raw[j] = '/';
			path_text(c, ".php", 4);
			path_emit(c, false);
		}
	}
}

static void
php_candidates(Candidates *c, const ImportRequest *r)
{
	const char *t = r->target;
	size_t		len = r->target_len;
	size_t		levels;
	const char *path;
	size_t		path_len;

	if (strcmp(r->form, "use") == 0)
	{
		php_use_candidates(c, r);
		return;
	}
	if (strcmp(r->form, "include") != 0 && strcmp(r->form, "include_once") != 0 &&
		strcmp(r->form, "require") != 0 && strcmp(r->form, "require_once") != 0)
		return;
	if (r->dir == NULL || len == 0)
		return;

	if (php_dir_expression(t, len, &levels, &path, &path_len))
	{
		size_t		base_len = r->dir_len;

		if (dir_up(r->dir, &base_len, levels))
			add_path(c, r->dir, base_len, path, path_len, "");
		return;
	}
	/*
	 * Skip an expression not understood above (the parser writes a plain
	 * literal without its quotes, an expression whole, so one ends in a
	 * quote), a stream URL and an absolute path.
	 */
	if (t[len - 1] == '\'' || t[len - 1] == '"' || t[0] == '/' ||
		contains(t, len, "://"))
		return;

	add_path(c, r->dir, r->dir_len, t, len, "");
	if (js_relative(t, len))
		return;
	for (size_t i = 0; i < r->n_source_roots && !list_full(c); i++)
	{
		const char *root = r->source_roots[i];

		if (usable_dir(root))
			add_path(c, root, strlen(root), t, len, "");
	}
}

/* ---------------------------------------------------------------------- */

static bool
language_covered(CmLanguageId id)
{
	switch (id)
	{
		case CM_LANG_C:
		case CM_LANG_CPP:
		case CM_LANG_PYTHON:
		case CM_LANG_JAVASCRIPT:
		case CM_LANG_TYPESCRIPT:
		case CM_LANG_TSX:
		case CM_LANG_RUST:
		case CM_LANG_RUBY:
		case CM_LANG_PHP:
		case CM_LANG_GO:
		case CM_LANG_JAVA:
			return true;
		default:
			return false;
	}
}

/* The longest usable entry of dirs, 0 when there is none. */
static size_t
longest_dir(const char *const *dirs, size_t n)
{
	size_t		longest = 0;

	for (size_t i = 0; i < n; i++)
		if (usable_dir(dirs[i]) && strlen(dirs[i]) > longest)
			longest = strlen(dirs[i]);
	return longest;
}

/* The longest entry (a bound on any part of it), 0 when there is none. */
static size_t
longest_entry(const char *const *entries, size_t n)
{
	size_t		longest = 0;

	for (size_t i = 0; i < n; i++)
		if (entries[i] != NULL && bounded_len(entries[i]) != SIZE_MAX &&
			strlen(entries[i]) > longest)
			longest = strlen(entries[i]);
	return longest;
}

CmStatus
cm_import_candidates(const CmLanguageInfo *lang, const char *importer,
					 const char *target, const char *form,
					 const char *member, const CmImportSearch *search,
					 CmArena *arena, CmPathList *out, CmError *err)
{
	ImportRequest r = {0};
	Candidates	c = {0};
	size_t		importer_len = bounded_len(importer);
	const char *slash;
	char	   *dir;

	out->paths = NULL;
	out->n = 0;
	if (lang == NULL)
		return cm_error_set(err, CM_ERR_LANGUAGE, 0, "no language given");

	/* input that cannot name a file gives an empty list, not an error */
	r.target_len = bounded_len(target);
	r.member_len = member ? bounded_len(member) : 0;
	if (importer_len == SIZE_MAX || r.target_len == SIZE_MAX ||
		r.member_len == SIZE_MAX || form == NULL ||
		!language_covered(lang->id))
		return CM_OK;
	r.target = target;
	r.form = form;
	r.member = member;
	if (search != NULL)
	{
		r.include_dirs = search->include_dirs;
		r.n_include_dirs = search->include_dirs ? search->n_include_dirs : 0;
		r.source_roots = search->source_roots;
		r.n_source_roots = search->source_roots ? search->n_source_roots : 0;
		r.packages = search->packages;
		r.n_packages = search->packages ? search->n_packages : 0;
		r.aliases = search->aliases;
		r.n_aliases = search->aliases ? search->n_aliases : 0;
	}

	/* split the importer, and normalize its directory once for all */
	slash = find_last(importer, importer_len, '/');
	r.file_name = slash ? slash + 1 : importer;
	dir = cm_arena_alloc(arena, importer_len + 1);
	c.raw_cap = importer_len + r.target_len + r.member_len +
		longest_dir(r.include_dirs, r.n_include_dirs) +
		longest_dir(r.source_roots, r.n_source_roots) +
		longest_entry(r.packages, r.n_packages) +
		longest_entry(r.aliases, r.n_aliases) + PATH_SLACK;
	c.raw = cm_arena_alloc(arena, c.raw_cap + 1);
	c.norm = cm_arena_alloc(arena, c.raw_cap + 2);
	out->paths = cm_arena_alloc(arena,
								sizeof(char *) * CM_IMPORT_MAX_CANDIDATES);
	if (dir == NULL || c.raw == NULL || c.norm == NULL || out->paths == NULL)
	{
		out->paths = NULL;
		return cm_error_set(err, CM_ERR_NOMEM, 0,
							"out of memory listing import candidates");
	}
	if (normalize_path(importer, slash ? (size_t) (slash - importer) : 0,
					   dir, &r.dir_len))
		r.dir = dir;

	c.arena = arena;
	c.out = out;
	c.status = CM_OK;
	c.tries = 0;
	switch (lang->id)
	{
		case CM_LANG_C:
		case CM_LANG_CPP:
			c_include_candidates(&c, &r);
			break;
		case CM_LANG_PYTHON:
			python_candidates(&c, &r);
			break;
		case CM_LANG_JAVASCRIPT:
			js_candidates(&c, &r, false);
			break;
		case CM_LANG_TYPESCRIPT:
		case CM_LANG_TSX:
			js_candidates(&c, &r, true);
			break;
		case CM_LANG_GO:
			go_candidates(&c, &r);
			break;
		case CM_LANG_JAVA:
			java_candidates(&c, &r);
			break;
		case CM_LANG_RUST:
			rust_mod_candidates(&c, &r);
			rust_use_candidates(&c, &r);
			break;
		case CM_LANG_RUBY:
			ruby_candidates(&c, &r);
			break;
		case CM_LANG_PHP:
			php_candidates(&c, &r);
			break;
		default:
			break;
	}

	if (c.status != CM_OK)
	{
		out->paths = NULL;
		out->n = 0;
		return cm_error_set(err, c.status, 0,
							"out of memory listing import candidates");
	}
	return CM_OK;
}
