/*-------------------------------------------------------------------------
 *
 * cm_extract.c
 *		From source text to definitions, references and imports.
 *
 * Extraction runs in three passes:
 *
 * 1. Parse.  With a progress callback the parser runs in time slices
 *	  (tree-sitter resumes an interrupted parse where it stopped), so the
 *	  caller can cancel a long parse between slices.
 * 2. Match.  The language's query (cm_query.h) runs over the whole tree;
 *	  each match that passes its predicates becomes one Item (several for an
 *	  expanded use-list), holding its node range and cleaned-up texts.
 * 3. Resolve scopes.  Items are deduplicated (several patterns may capture
 *	  the same name), sorted by position, and swept with a stack of open
 *	  scopes: the innermost scope containing an item is its parent, which
 *	  gives qualified names, turns functions inside types into methods, drops
 *	  constants local to functions, and names a reference's caller.
 *
 * Cost is linear in the tree plus O(n log n) in the number of items.  Item
 * texts are capped at CM_TEXT_MAX bytes so that a pathological callee or
 * path cannot blow up memory.  Nothing here recurses except the use-list
 * expander, whose depth is bounded.
 *
 *-------------------------------------------------------------------------
 */
#include "cm_extract.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define CM_TEXT_MAX				1024	/* longest name, path or callee kept */
#define CM_MATCH_LIMIT			4096	/* in-progress query matches */
#define CM_PROGRESS_MATCHES		1024	/* matches between progress calls */
#define CM_PROGRESS_NODES		4096	/* nodes between progress calls */
#define CM_LIST_DEPTH			16		/* nesting of "a::{b::{c}}" lists */
#define CM_LIST_ITEMS			4096	/* paths from one use-list */
#define CM_MAX_ERROR_BYTES		(8 * 1024)	/* largest ERROR searched */

typedef enum ItemType
{
	ITEM_DEF,
	ITEM_SCOPE,
	ITEM_REF,
	ITEM_IMPORT
} ItemType;

typedef struct Item
{
	ItemType	type;
	const CmCapture *role;
	uint32_t	pattern;
	uint32_t	start_byte;
	uint32_t	end_byte;
	uint32_t	scope_end;		/* end of what this item names */
	uint32_t	anchor;			/* start of the name node, for dedup */
	TSPoint		start;
	TSPoint		end;
	const char *kind;			/* final symbol kind */
	char	   *name;
	char	   *qualifier;
	char	   *callee;
	char	   *path;
	char	   *member;
	char	   *alias;
	char	   *qualname;
	int64_t		parent;			/* index of the enclosing scope, or -1 */
	bool		dropped;
} Item;

typedef struct Extractor
{
	const CmQuery *query;
	const CmLanguageInfo *lang;
	const char *source;
	uint32_t	len;
	const CmExtractOptions *options;
	const CmAllocator *allocator;
	CmExtraction *out;
	CmError    *err;
	Item	   *items;
	size_t		nitems;
	size_t		capacity;
	int64_t    *namespaces;		/* named namespaces and modules so far */
	size_t		nnamespaces;
	uint32_t   *gaps;			/* large ERROR regions: start, end pairs */
	size_t		ngaps;
	size_t		gaps_capacity;
	bool		skip_all;		/* the root is a large ERROR */
	TSNode		top_node;		/* the top-level node being searched */
} Extractor;

static const char *const fact_kind_names[] = {
	"definition", "reference", "import"
};

const char *
cm_fact_kind_name(CmFactKind kind)
{
	return fact_kind_names[kind];
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
		c == '\v';
}

/* Cut len so that a UTF-8 sequence is never split. */
static size_t
clip_utf8(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	len = max;
	while (len > 0 && ((unsigned char) s[len] & 0xC0) == 0x80)
		len--;
	return len;
}

static bool
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') || c == '_' || c == '$' ||
		((unsigned char) c & 0x80);
}

/*
 * Copy source[start, end) into the arena, capped at CM_TEXT_MAX bytes.
 * With squeeze (names and callees), whitespace goes, except that a run of
 * it between two word characters becomes one space: "a .\n b" gives "a.b"
 * and "operator  new" gives "operator new", so CRLF and LF sources give the
 * same text.
 */
static char *
copy_text(Extractor *ex, uint32_t start, uint32_t end, bool squeeze)
{
	const char *s = ex->source + start;
	size_t		len = end - start;
	char	   *copy;
	size_t		n = 0;

	len = clip_utf8(s, len, CM_TEXT_MAX);
	copy = cm_arena_alloc(&ex->out->arena, len + 1);
	if (copy == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++)
	{
		if (!squeeze || !is_space(s[i]))
		{
			copy[n++] = s[i];
			continue;
		}
		while (i + 1 < len && is_space(s[i + 1]))
			i++;
		if (n > 0 && i + 1 < len && is_word(copy[n - 1]) && is_word(s[i + 1]))
			copy[n++] = ' ';
	}
	copy[n] = '\0';
	return copy;
}

static char *
node_text(Extractor *ex, TSNode node, bool squeeze)
{
	return copy_text(ex, ts_node_start_byte(node), ts_node_end_byte(node),
					 squeeze);
}

/* Remove one layer of matching quotes, in place. */
static void
strip_quotes(char *s)
{
	size_t		len = strlen(s);

	if (len >= 2 && (s[0] == '"' || s[0] == '\'' || s[0] == '`') &&
		s[len - 1] == s[0])
	{
		memmove(s, s + 1, len - 2);
		s[len - 2] = '\0';
	}
}

/* Concatenate up to three strings into the arena. */
static char *
concat3(Extractor *ex, const char *a, const char *b, const char *c)
{
	size_t		la = strlen(a),
				lb = strlen(b),
				lc = strlen(c);
	char	   *s = cm_arena_alloc(&ex->out->arena, la + lb + lc + 1);

	if (s == NULL)
		return NULL;
	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, c, lc);
	s[la + lb + lc] = '\0';
	return s;
}

/*
 * Make room for one more element in *array (count used, *capacity
 * allocated, elements of size bytes, first allocation of first elements),
 * moving it to a block twice as large from the extractor's allocator when
 * full.  Returns false when the allocator fails; *array is then unchanged.
 */
static bool
grow(Extractor *ex, void **array, size_t *capacity, size_t count, size_t size,
	 size_t first)
{
	size_t		newcap;
	void	   *grown;

	if (count < *capacity)
		return true;
	newcap = *capacity ? *capacity * 2 : first;
	grown = ex->allocator->alloc(ex->allocator->state, newcap * size);
	if (grown == NULL)
		return false;
	if (count > 0)
		memcpy(grown, *array, count * size);
	ex->allocator->free(ex->allocator->state, *array);
	*array = grown;
	*capacity = newcap;
	return true;
}

static Item *
new_item(Extractor *ex)
{
	if (!grow(ex, (void **) &ex->items, &ex->capacity, ex->nitems,
			  sizeof(Item), 256))
		return NULL;
	memset(&ex->items[ex->nitems], 0, sizeof(Item));
	ex->items[ex->nitems].parent = -1;
	return &ex->items[ex->nitems++];
}

/*
 * Split a definition name holding the scope separator ("ns::Box::f",
 * "Foo::Bar") at its last top-level occurrence: name keeps the last part,
 * the rest becomes (or extends) the qualifier.  Separators inside <...> or
 * (...) do not count ("Box<a::T>::f" splits before "f").
 */
static bool
split_qualified_name(Extractor *ex, Item *item)
{
	const char *sep = ex->lang->scope_sep;
	size_t		seplen = strlen(sep);
	const char *name = item->name;
	size_t		len = strlen(name);
	int			depth = 0;
	size_t		cut = 0;
	bool		found = false;

	for (size_t i = 0; i < len; i++)
	{
		char		c = name[i];

		if (c == '<' || c == '(' || c == '[')
			depth++;
		else if ((c == '>' || c == ')' || c == ']') && depth > 0)
			depth--;
		else if (depth == 0 && i + seplen < len &&
				 memcmp(name + i, sep, seplen) == 0)
		{
			cut = i;
			found = true;
			i += seplen - 1;
		}
	}
	if (!found || cut == 0)
		return true;

	{
		char	   *prefix = cm_arena_alloc(&ex->out->arena, cut + 1);
		size_t		n = 0;

		if (prefix == NULL)
			return false;

		/* "ns::Box<T>" qualifies as "ns::Box": template arguments go */
		depth = 0;
		for (size_t i = 0; i < cut; i++)
		{
			if (name[i] == '<')
				depth++;
			else if (name[i] == '>' && depth > 0)
				depth--;
			else if (depth == 0)
				prefix[n++] = name[i];
		}
		prefix[n] = '\0';
		item->name = (char *) name + cut + seplen;
		if (item->qualifier != NULL)
			item->qualifier = concat3(ex, item->qualifier, sep, prefix);
		else
			item->qualifier = prefix;
	}
	return item->qualifier != NULL;
}

/* ------------------------------------------------------------------------
 * Use-list expansion: "a::{b, c::{d as e, self}}" to a::b, a::c::d (as e),
 * a::c.  Works on text so that one routine serves every language whose
 * imports group names in braces.
 * ------------------------------------------------------------------------
 */

typedef struct ListParser
{
	Extractor  *ex;
	const char *s;
	size_t		pos;
	size_t		len;
	const Item *model;			/* copied into each produced item */
	bool		members;		/* words are members, not paths */
	size_t		produced;
} ListParser;

static void
list_skip_space(ListParser *lp)
{
	while (lp->pos < lp->len && is_space(lp->s[lp->pos]))
		lp->pos++;
}

static bool
list_word_char(char c)
{
	return !is_space(c) && c != '{' && c != '}' && c != ',' && c != ';';
}

static bool
list_emit(ListParser *lp, const char *path, size_t path_len, const char *alias,
		  size_t alias_len)
{
	Extractor  *ex = lp->ex;
	const char *sep = ex->lang->scope_sep;
	size_t		seplen = strlen(sep);
	Item	   *item;
	char	   *p;

	if (path_len == 0 || lp->produced >= CM_LIST_ITEMS)
		return true;

	/* "a::{self}" names a itself */
	if (!lp->members && path_len >= 4 + seplen &&
		memcmp(path + path_len - 4, "self", 4) == 0 &&
		memcmp(path + path_len - 4 - seplen, sep, seplen) == 0)
		path_len -= 4 + seplen;

	p = cm_arena_strndup(&ex->out->arena, path, path_len);
	item = new_item(ex);
	if (p == NULL || item == NULL)
		return false;
	*item = *lp->model;
	if (lp->members)
		item->member = p;
	else
		item->path = p;
	item->alias = NULL;
	if (alias_len > 0)
	{
		item->alias = cm_arena_strndup(&ex->out->arena, alias, alias_len);
		if (item->alias == NULL)
			return false;
	}
	lp->produced++;
	return true;
}

/*
 * Parse a comma-separated list of items up to '}' or the end, each prefixed
 * with prefix.  Returns false only on allocation failure; malformed text
 * stops the expansion quietly (what was produced so far stays).
 */
static bool
list_parse(ListParser *lp, const char *prefix, size_t prefix_len, int depth)
{
	for (;;)
	{
		size_t		word_start,
					word_len;
		char		buf[CM_TEXT_MAX * 2];
		size_t		buf_len;

		list_skip_space(lp);
		if (lp->pos >= lp->len || lp->s[lp->pos] == '}')
			return true;

		word_start = lp->pos;
		while (lp->pos < lp->len && list_word_char(lp->s[lp->pos]))
			lp->pos++;
		word_len = lp->pos - word_start;

		/* a "type" modifier before a name ("{type T}") is not the name */
		if (word_len == 4 && memcmp(lp->s + word_start, "type", 4) == 0)
		{
			size_t		after = lp->pos;

			while (after < lp->len && is_space(lp->s[after]))
				after++;
			if (after < lp->len && list_word_char(lp->s[after]) &&
				!(after + 2 < lp->len && memcmp(lp->s + after, "as", 2) == 0 &&
				  is_space(lp->s[after + 2])))
			{
				lp->pos = word_start = after;
				while (lp->pos < lp->len && list_word_char(lp->s[lp->pos]))
					lp->pos++;
				word_len = lp->pos - word_start;
			}
		}
		if (prefix_len + word_len >= sizeof(buf))
			return true;
		memcpy(buf, prefix, prefix_len);
		memcpy(buf + prefix_len, lp->s + word_start, word_len);
		buf_len = prefix_len + word_len;

		list_skip_space(lp);
		if (lp->pos < lp->len && lp->s[lp->pos] == '{')
		{
			bool		ok;

			if (depth >= CM_LIST_DEPTH)
				return true;
			lp->pos++;
			/* "a::{" has its separator in the word already */
			ok = list_parse(lp, buf, buf_len, depth + 1);
			if (!ok)
				return false;
			list_skip_space(lp);
			if (lp->pos < lp->len && lp->s[lp->pos] == '}')
				lp->pos++;
		}
		else
		{
			const char *alias = NULL;
			size_t		alias_len = 0;

			if (lp->pos + 2 < lp->len && memcmp(lp->s + lp->pos, "as", 2) == 0 &&
				is_space(lp->s[lp->pos + 2]))
			{
				lp->pos += 2;
				list_skip_space(lp);
				alias = lp->s + lp->pos;
				while (lp->pos < lp->len && list_word_char(lp->s[lp->pos]))
					lp->pos++;
				alias_len = (size_t) (lp->s + lp->pos - alias);
			}
			if (!list_emit(lp, buf, buf_len, alias, alias_len))
				return false;
		}

		list_skip_space(lp);
		/* a comma continues the list; '}', the end or anything else ends it */
		if (lp->pos >= lp->len || lp->s[lp->pos] != ',')
			return true;
		lp->pos++;
	}
}

static bool
expand_list(Extractor *ex, const Item *model, TSNode list, const char *prefix,
			bool members)
{
	ListParser	lp;
	char		pbuf[CM_TEXT_MAX + 8];
	size_t		plen = 0;
	uint32_t	start = ts_node_start_byte(list);
	uint32_t	end = ts_node_end_byte(list);

	lp.ex = ex;
	lp.s = ex->source + start;
	lp.len = clip_utf8(lp.s, end - start, CM_TEXT_MAX);
	lp.pos = 0;
	lp.model = model;
	lp.members = members;
	lp.produced = 0;

	/* a separate prefix ("App\" before "{A, B}") joins with a separator */
	if (prefix != NULL && prefix[0] != '\0')
	{
		const char *sep = ex->lang->scope_sep;

		plen = strlen(prefix);
		if (plen + strlen(sep) >= sizeof(pbuf))
			return true;
		memcpy(pbuf, prefix, plen);
		if (plen < strlen(sep) || strcmp(prefix + plen - strlen(sep), sep) != 0)
		{
			memcpy(pbuf + plen, sep, strlen(sep));
			plen += strlen(sep);
		}
	}

	/* a bare group "{A, B}" starts with its brace */
	list_skip_space(&lp);
	if (lp.pos < lp.len && lp.s[lp.pos] == '{')
		lp.pos++;
	return list_parse(&lp, pbuf, plen, 0);
}

/* ------------------------------------------------------------------------
 * Pass 2: matches to items
 * ------------------------------------------------------------------------
 */

/*
 * Some nodes end with the line break that closes them (a #define, an
 * #include); end an item at its last visible character instead, so that
 * it does not seem to reach into the next line.
 */
static void
trim_trailing_space(Extractor *ex, Item *item)
{
	uint32_t	end = item->end_byte;
	uint32_t	line_start;

	while (end > item->start_byte && is_space(ex->source[end - 1]))
		end--;
	if (end == item->end_byte)
		return;

	/* recount the end point: rows lost, and the column on the last row */
	for (uint32_t i = end; i < item->end_byte; i++)
		if (ex->source[i] == '\n')
			item->end.row--;
	line_start = end;
	while (line_start > 0 && ex->source[line_start - 1] != '\n')
		line_start--;
	item->end.column = end - line_start;
	item->end_byte = end;
}

static CmStatus
nomem(Extractor *ex)
{
	return cm_error_set(ex->err, CM_ERR_NOMEM, 0, "out of memory");
}

static CmStatus
add_match(Extractor *ex, const TSQueryMatch *match)
{
	const CmQuery *q = ex->query;
	uint32_t	role_id = q->pattern_role[match->pattern_index];
	const CmCapture *role = &q->captures[role_id];
	Item		model;
	TSNode		role_node = {0};
	TSNode		list_node = {0};
	TSNode		path_node = {0};
	TSNode		glob_node = {0};
	bool		have_role = false,
				have_list = false,
				have_member_list = false,
				have_path = false,
				have_glob = false;
	bool		path_str = false;
	uint32_t	callee_start = UINT32_MAX,
				callee_end = 0;
	Item	   *item;

	memset(&model, 0, sizeof(model));
	model.parent = -1;
	model.role = role;
	model.pattern = match->pattern_index;
	model.kind = role->kind;
	switch (role->role)
	{
		case CM_CAP_DEF:
			model.type = ITEM_DEF;
			break;
		case CM_CAP_SCOPE:
			model.type = ITEM_SCOPE;
			break;
		case CM_CAP_REF:
			model.type = ITEM_REF;
			break;
		default:
			model.type = ITEM_IMPORT;
			break;
	}

	for (uint16_t i = 0; i < match->capture_count; i++)
	{
		TSNode		node = match->captures[i].node;
		const CmCapture *cap = &q->captures[match->captures[i].index];
		char	  **slot = NULL;
		bool		squeeze = true;

		switch (cap->role)
		{
			case CM_CAP_DEF:
			case CM_CAP_SCOPE:
			case CM_CAP_REF:
			case CM_CAP_IMPORT:
				if (match->captures[i].index == role_id)
				{
					role_node = node;
					have_role = true;
				}
				break;
			case CM_CAP_NAME:
				slot = &model.name;
				model.anchor = ts_node_start_byte(node);
				break;
			case CM_CAP_QUALIFIER:
				slot = &model.qualifier;
				break;
			case CM_CAP_CALLEE:
				/* several @callee captures span first start to last end */
				if (ts_node_start_byte(node) < callee_start)
					callee_start = ts_node_start_byte(node);
				if (ts_node_end_byte(node) > callee_end)
					callee_end = ts_node_end_byte(node);
				break;
			case CM_CAP_PATH_STR:
				path_str = true;
				/* FALLTHROUGH */
			case CM_CAP_PATH:
				path_node = node;
				have_path = true;
				break;
			case CM_CAP_PATH_LIST:
				list_node = node;
				have_list = true;
				break;
			case CM_CAP_MEMBER_LIST:
				list_node = node;
				have_member_list = true;
				break;
			case CM_CAP_MEMBER:
				slot = &model.member;
				break;
			case CM_CAP_ALIAS:
				slot = &model.alias;
				break;
			case CM_CAP_GLOB:
				glob_node = node;
				have_glob = true;
				break;
			case CM_CAP_TOP:
				/* the match must lie in the top-level node being searched */
				if (!ts_node_eq(node, ex->top_node))
					return CM_OK;
				break;
			case CM_CAP_IGNORE:
				break;
		}
		/* the first capture of a part wins; later ones repeat it */
		if (slot != NULL && *slot == NULL)
		{
			*slot = node_text(ex, node, squeeze);
			if (*slot == NULL)
				return nomem(ex);
		}
	}
	if (!have_role)
		return CM_OK;
	if (callee_start < callee_end)
	{
		model.callee = copy_text(ex, callee_start, callee_end, true);
		if (model.callee == NULL)
			return nomem(ex);
	}
	if (q->settings[match->pattern_index].member != NULL && model.member == NULL)
		model.member = (char *) q->settings[match->pattern_index].member;
	if (q->settings[match->pattern_index].alias != NULL && model.alias == NULL)
		model.alias = (char *) q->settings[match->pattern_index].alias;

	model.start_byte = ts_node_start_byte(role_node);
	model.end_byte = ts_node_end_byte(role_node);
	model.start = ts_node_start_point(role_node);
	model.end = ts_node_end_point(role_node);
	trim_trailing_space(ex, &model);
	model.scope_end = model.end_byte;
	if (model.name == NULL)
		model.anchor = model.start_byte;
	if (role->file_scope)
		model.scope_end = ex->len;

	if (have_path)
	{
		/* a wildcard import runs from the path to the end of the glob */
		uint32_t	end = have_glob && ts_node_end_byte(glob_node) > ts_node_start_byte(path_node) ?
			ts_node_end_byte(glob_node) : ts_node_end_byte(path_node);

		model.path = copy_text(ex, ts_node_start_byte(path_node), end,
							   !path_str);
		if (model.path == NULL)
			return nomem(ex);
		if (path_str)
			strip_quotes(model.path);
	}

	switch (model.type)
	{
		case ITEM_DEF:
		case ITEM_SCOPE:
			if (model.name == NULL || model.name[0] == '\0')
				return CM_OK;	/* anonymous: nothing to name */
			break;
		case ITEM_REF:
			if (model.name == NULL || model.name[0] == '\0')
				return CM_OK;
			break;
		case ITEM_IMPORT:
			if (have_list)
				return expand_list(ex, &model, list_node, model.path, false) ?
					CM_OK : nomem(ex);
			if (have_member_list)
				return model.path == NULL ||
					expand_list(ex, &model, list_node, NULL, true) ?
					CM_OK : nomem(ex);
			if (model.path == NULL || model.path[0] == '\0')
				return CM_OK;
			break;
	}

	item = new_item(ex);
	if (item == NULL)
		return nomem(ex);
	*item = model;
	if ((item->type == ITEM_DEF || item->type == ITEM_SCOPE) &&
		!split_qualified_name(ex, item))
		return nomem(ex);
	return CM_OK;
}

/* ------------------------------------------------------------------------
 * Pass 3: dedup and scopes
 * ------------------------------------------------------------------------
 */

static int
strcmp_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
fact_type(ItemType t)
{
	return t == ITEM_SCOPE ? ITEM_DEF : t;
}

/* Order that puts duplicates next to each other, best pattern first. */
static int
compare_dedup(const void *pa, const void *pb)
{
	const Item *a = pa,
			   *b = pb;
	int			c;

	if (fact_type(a->type) != fact_type(b->type))
		return fact_type(a->type) - fact_type(b->type);
	if (a->anchor != b->anchor)
		return a->anchor < b->anchor ? -1 : 1;
	if ((c = strcmp_null(a->path, b->path)) != 0)
		return c;
	if ((c = strcmp_null(a->member, b->member)) != 0)
		return c;
	if ((c = strcmp_null(a->alias, b->alias)) != 0)
		return c;
	if (a->pattern != b->pattern)
		return a->pattern < b->pattern ? -1 : 1;
	return 0;
}

static bool
same_fact(const Item *a, const Item *b)
{
	return fact_type(a->type) == fact_type(b->type) &&
		a->anchor == b->anchor &&
		strcmp_null(a->path, b->path) == 0 &&
		strcmp_null(a->member, b->member) == 0 &&
		strcmp_null(a->alias, b->alias) == 0;
}

/*
 * Document order; at one start, the wider node first (it encloses the
 * other), then scopes and definitions before what they contain.
 */
static int
compare_position(const void *pa, const void *pb)
{
	const Item *a = pa,
			   *b = pb;
	int			c;

	if (a->start_byte != b->start_byte)
		return a->start_byte < b->start_byte ? -1 : 1;
	if (a->scope_end != b->scope_end)
		return a->scope_end > b->scope_end ? -1 : 1;
	if (fact_type(a->type) != fact_type(b->type))
		return fact_type(a->type) - fact_type(b->type);
	if (a->anchor != b->anchor)
		return a->anchor < b->anchor ? -1 : 1;
	if (a->pattern != b->pattern)
		return a->pattern < b->pattern ? -1 : 1;
	if ((c = strcmp_null(a->path, b->path)) != 0)
		return c;
	if ((c = strcmp_null(a->member, b->member)) != 0)
		return c;
	return strcmp_null(a->alias, b->alias);
}

static bool
is_type_kind(const char *kind)
{
	static const char *const kinds[] = {
		"class", "struct", "interface", "enum", "trait", "impl", NULL
	};

	for (int i = 0; kinds[i]; i++)
		if (strcmp(kind, kinds[i]) == 0)
			return true;
	return false;
}

static bool
is_function_kind(const char *kind)
{
	return strcmp(kind, "function") == 0 || strcmp(kind, "method") == 0;
}

/* Does a namespace or module named name come before, in document order? */
static bool
names_namespace(Extractor *ex, const char *name)
{
	for (size_t i = 0; i < ex->nnamespaces; i++)
	{
		const Item *it = &ex->items[ex->namespaces[i]];

		if (strcmp(it->qualname, name) == 0 || strcmp(it->name, name) == 0)
			return true;
	}
	return false;
}

/* Settle kind and qualified name of a definition or scope item. */
static bool
name_scope_item(Extractor *ex, Item *item)
{
	const Item *parent = item->parent >= 0 ? &ex->items[item->parent] : NULL;
	bool		parent_is_type;
	const char *base;
	const char *sep;
	char	   *own;

	if (item->type == ITEM_SCOPE)
		item->kind = "impl";
	parent_is_type = parent != NULL && is_type_kind(parent->kind);

	if (item->type == ITEM_DEF && strcmp(item->kind, "function") == 0 &&
		(parent_is_type ||
		 (item->qualifier != NULL && !names_namespace(ex, item->qualifier))))
		item->kind = "method";

	/* constants local to a function are not part of the map */
	if (item->type == ITEM_DEF && strcmp(item->kind, "constant") == 0)
		for (const Item *p = parent; p != NULL;
			 p = p->parent >= 0 ? &ex->items[p->parent] : NULL)
			if (is_function_kind(p->kind))
			{
				item->dropped = true;
				return true;
			}

	own = item->name;
	if (item->qualifier != NULL)
	{
		sep = strcmp(item->kind, "method") == 0 ?
			ex->lang->member_sep : ex->lang->scope_sep;
		own = concat3(ex, item->qualifier, sep, item->name);
		if (own == NULL)
			return false;
	}

	/* macros belong to no namespace or type, wherever they are written */
	if (parent == NULL || strcmp(item->kind, "macro") == 0)
	{
		item->qualname = own;
		return true;
	}
	base = parent->qualname;
	if (strcmp(item->kind, "constant") == 0)
		sep = parent_is_type ? ex->lang->constant_sep : ex->lang->scope_sep;
	else
		sep = parent_is_type && !is_type_kind(item->kind) &&
			strcmp(item->kind, "namespace") != 0 &&
			strcmp(item->kind, "module") != 0 ?
			ex->lang->member_sep : ex->lang->scope_sep;
	item->qualname = concat3(ex, base, sep, own);
	return item->qualname != NULL;
}

static CmStatus
resolve_scopes(Extractor *ex)
{
	int64_t    *stack;
	size_t		depth = 0;
	size_t		kept = 0;

	if (ex->nitems == 0)
		return CM_OK;

	/* Drop duplicates, keeping the earliest pattern's reading. */
	qsort(ex->items, ex->nitems, sizeof(Item), compare_dedup);
	for (size_t i = 0; i < ex->nitems; i++)
		if (kept == 0 || !same_fact(&ex->items[kept - 1], &ex->items[i]))
			ex->items[kept++] = ex->items[i];
	ex->nitems = kept;

	/*
	 * A file-scoped declaration ("namespace App;") names what follows it up
	 * to the next one.
	 */
	qsort(ex->items, ex->nitems, sizeof(Item), compare_position);
	{
		int64_t		last_file_scope = -1;

		for (size_t i = 0; i < ex->nitems; i++)
			if (ex->items[i].role->file_scope)
			{
				if (last_file_scope >= 0)
					ex->items[last_file_scope].scope_end = ex->items[i].start_byte;
				last_file_scope = (int64_t) i;
			}
		qsort(ex->items, ex->nitems, sizeof(Item), compare_position);
	}

	stack = ex->allocator->alloc(ex->allocator->state,
								 sizeof(int64_t) * ex->nitems);
	ex->namespaces = ex->allocator->alloc(ex->allocator->state,
										  sizeof(int64_t) * ex->nitems);
	if (stack == NULL || ex->namespaces == NULL)
	{
		ex->allocator->free(ex->allocator->state, stack);
		return nomem(ex);
	}

	for (size_t i = 0; i < ex->nitems; i++)
	{
		Item	   *item = &ex->items[i];

		while (depth > 0 &&
			   ex->items[stack[depth - 1]].scope_end <= item->start_byte)
			depth--;
		item->parent = depth > 0 ? stack[depth - 1] : -1;

		/*
		 * Two definitions over the same node ("int a, b;" read as a and b)
		 * are siblings, not nested.
		 */
		if (item->parent >= 0 && item->type != ITEM_REF &&
			item->type != ITEM_IMPORT &&
			ex->items[item->parent].start_byte == item->start_byte &&
			ex->items[item->parent].scope_end == item->scope_end)
			item->parent = ex->items[item->parent].parent;

		if (item->type == ITEM_DEF || item->type == ITEM_SCOPE)
		{
			if (!name_scope_item(ex, item))
			{
				ex->allocator->free(ex->allocator->state, stack);
				return nomem(ex);
			}
			/* a dropped constant encloses nothing worth naming */
			if (!item->dropped)
				stack[depth++] = (int64_t) i;

			/*
			 * Remember namespaces as they come, so that telling a
			 * namespace qualifier from a type ("ns::f" against "Box::f")
			 * costs a look at those, not at every item.
			 */
			if (item->type == ITEM_DEF &&
				(strcmp(item->kind, "namespace") == 0 ||
				 strcmp(item->kind, "module") == 0))
				ex->namespaces[ex->nnamespaces++] = (int64_t) i;
		}
	}
	ex->allocator->free(ex->allocator->state, stack);
	return CM_OK;
}

static CmStatus
emit_facts(Extractor *ex)
{
	CmExtraction *out = ex->out;
	size_t		n = 0;
	int64_t    *fact_of;		/* fact index of each item, -1 if none */

	for (size_t i = 0; i < ex->nitems; i++)
		if (!ex->items[i].dropped && ex->items[i].type != ITEM_SCOPE)
			n++;
	if (n == 0)
		return CM_OK;
	out->facts = cm_arena_alloc(&out->arena, n * sizeof(CmFact));
	fact_of = cm_arena_alloc(&out->arena, ex->nitems * sizeof(int64_t));
	if (out->facts == NULL || fact_of == NULL)
		return nomem(ex);

	for (size_t i = 0; i < ex->nitems; i++)
	{
		const Item *item = &ex->items[i];
		CmFact	   *f;

		int64_t		p;

		fact_of[i] = -1;
		if (item->dropped || item->type == ITEM_SCOPE)
			continue;
		fact_of[i] = (int64_t) out->nfacts;
		f = &out->facts[out->nfacts++];
		memset(f, 0, sizeof(*f));

		/*
		 * Items come in document order, so every enclosing item was seen
		 * first.  A scope item (a Rust impl block) is not a fact: look
		 * through it to the definition around it.
		 */
		for (p = item->parent; p >= 0 && fact_of[p] < 0; p = ex->items[p].parent)
			;
		f->parent = p >= 0 ? fact_of[p] : -1;
		f->symbol_kind = item->kind;
		f->start_line = item->start.row + 1;
		f->start_col = item->start.column + 1;
		f->end_line = item->end.row + 1;
		f->end_col = item->end.column + 1;
		f->start_byte = item->start_byte;
		f->end_byte = item->end_byte;
		switch (item->type)
		{
			case ITEM_DEF:
			case ITEM_SCOPE:
				f->kind = CM_FACT_DEFINITION;
				f->name = item->name;
				f->qualname = item->qualname;
				break;
			case ITEM_REF:
				f->kind = CM_FACT_REFERENCE;
				f->name = item->name;
				f->qualname = item->callee ? item->callee : item->name;
				f->detail = item->parent >= 0 ?
					ex->items[item->parent].qualname : NULL;
				break;
			case ITEM_IMPORT:
				f->kind = CM_FACT_IMPORT;
				f->name = item->member;
				f->qualname = item->alias;
				f->detail = item->path;
				break;
		}
	}
	return CM_OK;
}

/* ------------------------------------------------------------------------
 * Pass 1 and the driver
 * ------------------------------------------------------------------------
 */

static bool
progress_stop(Extractor *ex)
{
	return ex->options != NULL && ex->options->progress != NULL &&
		ex->options->progress(ex->options->progress_arg) != 0;
}

static CmStatus
canceled(Extractor *ex)
{
	return cm_error_set(ex->err, CM_ERR_CANCELED, 0, "canceled");
}

/* Note a large ERROR region, unless it lies inside the last one noted. */
static bool
add_gap(Extractor *ex, uint32_t start, uint32_t end)
{
	if (ex->ngaps > 0 && start < ex->gaps[2 * ex->ngaps - 1])
		return true;
	if (!grow(ex, (void **) &ex->gaps, &ex->gaps_capacity, ex->ngaps,
			  2 * sizeof(uint32_t), 8))
		return false;
	ex->gaps[2 * ex->ngaps] = start;
	ex->gaps[2 * ex->ngaps + 1] = end;
	ex->ngaps++;
	return true;
}

/* Append an ERROR or MISSING node to the extraction's error list. */
static bool
add_syntax_error(Extractor *ex, TSNode node, bool missing, size_t *capacity)
{
	CmExtraction *out = ex->out;
	CmSyntaxError *e;
	TSPoint		start = ts_node_start_point(node);
	TSPoint		end = ts_node_end_point(node);

	if (!grow(ex, (void **) &out->errors, capacity, out->nerrors,
			  sizeof(CmSyntaxError), 16))
		return false;
	e = &out->errors[out->nerrors++];
	e->missing = missing;
	e->start_line = start.row + 1;
	e->start_col = start.column + 1;
	e->end_line = end.row + 1;
	e->end_col = end.column + 1;
	return true;
}

/*
 * Count (and, if asked, list) ERROR and MISSING nodes, and note the ERROR
 * regions larger than CM_MAX_ERROR_BYTES, in document order.  Only subtrees
 * that contain an error are entered, so a clean tree costs one call.
 *
 * Large ERROR regions are left out of the query (see run_query): what the
 * parser could not place is no reliable source of facts, and the query
 * cursor's cost over such regions grows with the square of their size (a
 * 30 KB run of "[" takes seconds), during which nothing could cancel it.
 */
static CmStatus
collect_errors(Extractor *ex, TSNode root)
{
	CmExtraction *out = ex->out;
	TSTreeCursor cursor;
	size_t		visited = 0;
	size_t		capacity = 0;
	uint32_t	depth = 0;		/* of the cursor below root */
	CmStatus	status = CM_OK;

	if (!ts_node_has_error(root))
		return CM_OK;


	cursor = ts_tree_cursor_new(root);
	for (;;)
	{
		TSNode		node = ts_tree_cursor_current_node(&cursor);
		bool		is_error = ts_node_symbol(node) == (TSSymbol) -1;
		bool		is_missing = ts_node_is_missing(node);

		if (is_error &&
			ts_node_end_byte(node) - ts_node_start_byte(node) > CM_MAX_ERROR_BYTES)
		{
			if (depth == 0)
				ex->skip_all = true;
			else if (!add_gap(ex, ts_node_start_byte(node), ts_node_end_byte(node)))
			{
				status = nomem(ex);
				break;
			}
		}

		if (is_error || is_missing)
		{
			if (is_error)
				out->error_nodes++;
			else
				out->missing_nodes++;
			if (ex->options && ex->options->list_errors &&
				!add_syntax_error(ex, node, is_missing, &capacity))
			{
				status = nomem(ex);
				break;
			}
		}

		if (++visited % CM_PROGRESS_NODES == 0 && progress_stop(ex))
		{
			status = canceled(ex);
			break;
		}

		/* next node in document order, entering only erroneous subtrees */
		if (ts_node_has_error(node) && ts_tree_cursor_goto_first_child(&cursor))
		{
			depth++;
			continue;
		}
		for (;;)
		{
			if (ts_tree_cursor_goto_next_sibling(&cursor))
				break;
			if (!ts_tree_cursor_goto_parent(&cursor))
				goto done;
			depth--;
		}
	}
done:
	ts_tree_cursor_delete(&cursor);
	return status;
}

/* Parse in slices so that the progress callback can cancel. */
static CmStatus
parse_source(Extractor *ex, TSParser *parser, TSTree **tree)
{
	const CmExtractOptions *opt = ex->options;
	bool		sliced = opt != NULL && opt->progress != NULL;

	if (sliced)
		ts_parser_set_timeout_micros(parser,
									 opt->progress_us ? opt->progress_us : 100000);
	for (;;)
	{
		*tree = ts_parser_parse_string(parser, NULL, ex->source, ex->len);
		if (*tree != NULL)
			return CM_OK;
		if (!sliced)
			return cm_error_set(ex->err, CM_ERR_PARSE, 0,
								"the parser returned no tree");
		if (progress_stop(ex))
		{
			/* forget the half-done parse so the parser holds nothing */
			ts_parser_reset(parser);
			return canceled(ex);
		}
	}
}

/*
 * Run the query over [start, end) of one top-level node and collect its
 * matches.
 */
static CmStatus
run_query_on(Extractor *ex, TSQueryCursor *cursor, TSNode node,
			 uint32_t start, uint32_t end)
{
	TSQueryMatch match;
	size_t		nmatches = 0;
	CmStatus	status;

	if (progress_stop(ex))
		return canceled(ex);
	ex->top_node = node;
	ts_query_cursor_set_byte_range(cursor, start, end);
	ts_query_cursor_exec(cursor, ex->query->ts_query, node);
	while (ts_query_cursor_next_match(cursor, &match))
	{
		if (++nmatches % CM_PROGRESS_MATCHES == 0 && progress_stop(ex))
			return canceled(ex);
		if (!cm_query_match_ok(ex->query, &match, ex->source))
			continue;
		status = add_match(ex, &match);
		if (status != CM_OK)
			return status;
	}
	if (ts_query_cursor_did_exceed_match_limit(cursor))
		ex->out->match_limit_hit = 1;
	return CM_OK;
}

/*
 * From p, skip blanks and block comments to the first token of the line;
 * *in_comment says whether a block comment is open, before and after.
 * Returns where the token starts, or where the line (or text) ends.
 */
static uint32_t
line_first_token(const char *s, uint32_t len, uint32_t p, bool *in_comment)
{
	for (;;)
	{
		if (*in_comment)
		{
			while (p < len && s[p] != '\n' &&
				   !(s[p] == '*' && p + 1 < len && s[p + 1] == '/'))
				p++;
			if (p >= len || s[p] == '\n')
				return p;
			p += 2;
			*in_comment = false;
		}
		while (p < len && (s[p] == ' ' || s[p] == '\t' || s[p] == '\f' ||
						   s[p] == '\v' || s[p] == '\r'))
			p++;
		if (!(p + 1 < len && s[p] == '/' && s[p + 1] == '*'))
			return p;
		p += 2;
		*in_comment = true;
	}
}

/*
 * From p, the end of the line (its "\n", or len), noting block comments
 * opened or closed on the way.  String and character literals are skipped
 * whole, so that a comment opener inside one opens nothing.
 */
static uint32_t
line_end(const char *s, uint32_t len, uint32_t p, bool *in_comment)
{
	for (; p < len && s[p] != '\n'; p++)
	{
		bool		next_slash = p + 1 < len && s[p + 1] == '/';
		bool		next_star = p + 1 < len && s[p + 1] == '*';

		if (*in_comment)
		{
			if (s[p] == '*' && next_slash)
			{
				*in_comment = false;
				p++;
			}
		}
		else if (s[p] == '/' && next_star)
		{
			*in_comment = true;
			p++;
		}
		else if (s[p] == '/' && next_slash)
		{
			while (p + 1 < len && s[p + 1] != '\n')
				p++;
		}
		else if (s[p] == '"' || s[p] == '\'')
		{
			char		quote = s[p];

			while (p + 1 < len && s[p + 1] != '\n' && s[p + 1] != quote)
				p += s[p + 1] == '\\' && p + 2 < len && s[p + 2] != '\n' ? 2 : 1;
			if (p + 1 < len && s[p + 1] == quote)
				p++;
		}
	}
	return p;
}

/*
 * The directive at s[hash] ("#"), if it is an include of a name delimited
 * by <> or "" on its line: an import item placed where the query places
 * one (so that a directive found both ways is kept once).
 */
static CmStatus
include_item(Extractor *ex, const CmCapture *role, uint32_t hash,
			 uint32_t line, uint32_t row)
{
	const char *s = ex->source;
	uint32_t	len = ex->len;
	uint32_t	p = hash + 1;
	uint32_t	name_end;
	char		close;
	Item	   *item;

	while (p < len && (s[p] == ' ' || s[p] == '\t'))
		p++;
	if (len - p <= 7 || memcmp(s + p, "include", 7) != 0)
		return CM_OK;
	p += 7;
	if (s[p] != ' ' && s[p] != '\t' && s[p] != '<' && s[p] != '"')
		return CM_OK;			/* #include_next, #includes */
	while (p < len && (s[p] == ' ' || s[p] == '\t'))
		p++;
	if (p >= len || (s[p] != '<' && s[p] != '"'))
		return CM_OK;			/* #include MACRO: no name to read */
	close = s[p] == '<' ? '>' : '"';
	name_end = p + 1;
	while (name_end < len && s[name_end] != close && s[name_end] != '\n')
		name_end++;
	if (name_end >= len || s[name_end] != close || name_end == p + 1)
		return CM_OK;

	item = new_item(ex);
	if (item == NULL)
		return nomem(ex);
	item->type = ITEM_IMPORT;
	item->role = role;
	item->kind = role->kind;
	item->pattern = UINT32_MAX; /* after every query pattern */
	item->start_byte = hash;
	item->end_byte = name_end + 1;
	item->scope_end = name_end + 1;
	item->anchor = hash;
	item->start.row = row;
	item->start.column = hash - line;
	item->end.row = row;
	item->end.column = name_end + 1 - line;
	item->path = copy_text(ex, p, name_end + 1, false);
	return item->path == NULL ? nomem(ex) : CM_OK;
}

/*
 * Every #include directive of the file, read the way the preprocessor
 * reads them: a line whose first token, outside comments, is "#" followed
 * by "include" and a delimited name.  The query finds most of them in the
 * tree, but not those the grammar could not place (an include inside an
 * initializer, or in a large ERROR region, which is not searched at all),
 * and a C file's includes are what its place in the graph hangs on.
 * Languages whose query has no include capture have nothing to scan.
 */
static CmStatus
scan_includes(Extractor *ex)
{
	const CmCapture *role = NULL;
	uint32_t	row = 0;
	uint32_t	line = 0;		/* start of the current line */
	bool		in_comment = false;

	for (uint32_t i = 0; i < ex->query->ncaptures && role == NULL; i++)
		if (ex->query->captures[i].role == CM_CAP_IMPORT &&
			ex->query->captures[i].kind != NULL &&
			strcmp(ex->query->captures[i].kind, "include") == 0)
			role = &ex->query->captures[i];
	if (role == NULL)
		return CM_OK;

	while (line < ex->len)
	{
		uint32_t	p = line_first_token(ex->source, ex->len, line, &in_comment);

		if (row % 65536 == 65535 && progress_stop(ex))
			return canceled(ex);
		if (!in_comment && p < ex->len && ex->source[p] == '#')
		{
			CmStatus	status = include_item(ex, role, p, line, row);

			if (status != CM_OK)
				return status;
		}
		line = line_end(ex->source, ex->len, p, &in_comment) + 1;
		row++;
	}
	return CM_OK;
}

/*
 * TypeScript's triple-slash directives: "/// <reference path="x.d.ts" />"
 * in the comments that open a file (TypeScript reads them only before the
 * first statement) names a file the compiler includes.  Each becomes an
 * import fact of kind "reference"; "types" and "lib" references name
 * packages and are left alone.
 */
static const CmCapture reference_role = {CM_CAP_IMPORT, "reference", 0};

/* The line comment s[start, eol), if it is a path reference directive. */
static CmStatus
reference_item(Extractor *ex, uint32_t start, uint32_t eol, uint32_t line,
			   uint32_t row)
{
	const char *s = ex->source;
	uint32_t	q = start + 3;
	uint32_t	name_end;
	char		quote;
	Item	   *item;

	if (eol - start < 3 || s[start + 2] != '/')
		return CM_OK;
	while (q < eol && (s[q] == ' ' || s[q] == '\t'))
		q++;
	if (eol - q < 10 || memcmp(s + q, "<reference", 10) != 0)
		return CM_OK;
	for (q += 10; q < eol && (s[q] == ' ' || s[q] == '\t'); q++)
		;
	if (eol - q < 4 || memcmp(s + q, "path", 4) != 0)
		return CM_OK;
	for (q += 4; q < eol && (s[q] == ' ' || s[q] == '\t' || s[q] == '='); q++)
		;
	if (q >= eol || (s[q] != '"' && s[q] != '\''))
		return CM_OK;
	quote = s[q++];
	for (name_end = q; name_end < eol && s[name_end] != quote; name_end++)
		;
	if (name_end >= eol || name_end == q)
		return CM_OK;

	item = new_item(ex);
	if (item == NULL)
		return nomem(ex);
	item->type = ITEM_IMPORT;
	item->role = &reference_role;
	item->kind = reference_role.kind;
	item->pattern = UINT32_MAX;
	item->start_byte = start;
	item->end_byte = eol;
	item->scope_end = eol;
	item->anchor = start;
	item->start.row = row;
	item->start.column = start - line;
	item->end.row = row;
	item->end.column = eol - line;
	item->path = copy_text(ex, q, name_end, false);
	return item->path == NULL ? nomem(ex) : CM_OK;
}

static CmStatus
scan_references(Extractor *ex)
{
	const char *s = ex->source;
	uint32_t	len = ex->len;
	uint32_t	p = 0;
	uint32_t	row = 0;
	uint32_t	line = 0;		/* start of the current line */

	if (ex->lang->id != CM_LANG_TYPESCRIPT && ex->lang->id != CM_LANG_TSX &&
		ex->lang->id != CM_LANG_JAVASCRIPT)
		return CM_OK;
	for (;;)
	{
		uint32_t	start;
		CmStatus	status;

		/* blanks and block comments, counting lines */
		while (p < len && (s[p] == ' ' || s[p] == '\t' || s[p] == '\r' ||
						   s[p] == '\n' ||
						   (s[p] == '/' && p + 1 < len && s[p + 1] == '*')))
		{
			if (s[p] == '/')
				for (p += 2; p < len && !(s[p] == '*' && p + 1 < len && s[p + 1] == '/'); p++)
				{
					if (s[p] == '\n')
					{
						row++;
						line = p + 1;
					}
				}
			else if (s[p] == '\n')
			{
				row++;
				line = p + 1;
			}
			p += p < len && s[p] == '*' ? 2 : 1;	/* past a comment's end */
		}
		if (!(p + 1 < len && s[p] == '/' && s[p + 1] == '/'))
			return CM_OK;		/* the first statement: no more directives */
		start = p;
		while (p < len && s[p] != '\n')
			p++;
		status = reference_item(ex, start, p, line, row);
		if (status != CM_OK)
			return status;
	}
}

/*
 * Run the query on each top-level node in turn, so that the progress
 * callback gets a say between them however few matches there are, and
 * around the large ERROR regions that collect_errors noted.
 *
 * Each node is searched on its own: searching the root with byte ranges
 * instead would walk all earlier top-level nodes again for each range,
 * which made a file of 250,000 small functions take minutes.  Patterns
 * about the root's children say so with @top (cm_query.h).
 */
static CmStatus
run_query(Extractor *ex, TSNode root)
{
	TSQueryCursor *cursor;
	TSTreeCursor walk;
	CmStatus	status = CM_OK;
	size_t		gap = 0;		/* first gap not yet passed */

	if (ex->query->npatterns == 0)
		return CM_OK;
	if (ex->skip_all)
	{
		ex->out->error_skipped = 1;
		return CM_OK;
	}
	cursor = ts_query_cursor_new();
	ts_query_cursor_set_match_limit(cursor, CM_MATCH_LIMIT);

	walk = ts_tree_cursor_new(root);
	if (ts_tree_cursor_goto_first_child(&walk))
	{
		do
		{
			TSNode		node = ts_tree_cursor_current_node(&walk);
			uint32_t	pos = ts_node_start_byte(node);
			uint32_t	end = ts_node_end_byte(node);

			/* search the node between the gaps inside it */
			while (status == CM_OK && gap < ex->ngaps &&
				   ex->gaps[2 * gap] < end)
			{
				if (ex->gaps[2 * gap] > pos)
					status = run_query_on(ex, cursor, node, pos,
										  ex->gaps[2 * gap]);
				if (ex->gaps[2 * gap + 1] > pos)
					pos = ex->gaps[2 * gap + 1];
				ex->out->error_skipped = 1;
				gap++;
			}
			if (status == CM_OK && pos < end)
				status = run_query_on(ex, cursor, node, pos, end);
		} while (status == CM_OK && ts_tree_cursor_goto_next_sibling(&walk));
	}
	ts_tree_cursor_delete(&walk);
	ts_query_cursor_delete(cursor);
	return status;
}

CmStatus
cm_extract(const CmQuery *query, const char *source, size_t len,
		   const CmExtractOptions *options, const CmAllocator *allocator,
		   CmExtraction *out, CmError *err)
{
	Extractor	ex;
	TSParser   *parser;
	TSTree	   *tree = NULL;
	CmStatus	status;

	memset(out, 0, sizeof(*out));
	cm_arena_init(&out->arena, allocator);
	if (len >= UINT32_MAX)
		return cm_error_set(err, CM_ERR_TOO_LARGE, 0,
							"input of %zu bytes exceeds the parser's 4 GB limit",
							len);

	memset(&ex, 0, sizeof(ex));
	ex.query = query;
	ex.lang = query->language;
	ex.source = source;
	ex.len = (uint32_t) len;
	ex.options = options;
	ex.allocator = allocator;
	ex.out = out;
	ex.err = err;

	parser = ts_parser_new();
	if (!ts_parser_set_language(parser, query->grammar))
	{
		ts_parser_delete(parser);
		return cm_error_set(err, CM_ERR_LANGUAGE, 0,
							"grammar of %s has ABI version %u, which this tree-sitter runtime does not accept",
							ex.lang->name,
							ts_language_version(query->grammar));
	}

	status = parse_source(&ex, parser, &tree);
	if (status == CM_OK)
	{
		TSNode		root = ts_tree_root_node(tree);

		status = collect_errors(&ex, root);
		if (status == CM_OK && !(options && options->skip_facts))
			status = run_query(&ex, root);
		if (status == CM_OK && !(options && options->skip_facts))
			status = scan_includes(&ex);
		if (status == CM_OK && !(options && options->skip_facts))
			status = scan_references(&ex);
	}
	if (!(options && options->no_tree_free))
	{
		if (tree != NULL)
			ts_tree_delete(tree);
		ts_parser_delete(parser);
	}

	if (status == CM_OK)
		status = resolve_scopes(&ex);
	if (status == CM_OK)
		status = emit_facts(&ex);
	allocator->free(allocator->state, ex.items);
	allocator->free(allocator->state, ex.gaps);
	allocator->free(allocator->state, ex.namespaces);
	return status;
}

void
cm_extraction_free(CmExtraction *extraction)
{
	const CmAllocator *allocator = extraction->arena.allocator;

	if (allocator != NULL)
		allocator->free(allocator->state, extraction->errors);
	cm_arena_free(&extraction->arena);
	extraction->facts = NULL;
	extraction->nfacts = 0;
	extraction->errors = NULL;
	extraction->nerrors = 0;
}
