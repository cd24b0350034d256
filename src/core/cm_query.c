/*-------------------------------------------------------------------------
 *
 * cm_query.c
 *		Compiling extraction queries and evaluating their predicates.
 *
 * tree-sitter parses predicates but leaves their evaluation to the client.
 * At compile time each pattern's predicates are turned into CmPredicate
 * entries (regular expressions compiled once); at match time
 * cm_query_match_ok() evaluates them against the source text.
 *
 *-------------------------------------------------------------------------
 */
#include "cm_query.h"

#include <regex.h>
#include <stdbool.h>
#include <string.h>

#include "cm_grammars.h"

typedef enum PredicateOp
{
	PRED_EQ,
	PRED_MATCH,
	PRED_ANY_OF
} PredicateOp;

struct CmPredicate
{
	PredicateOp op;
	bool		negated;
	uint32_t	capture;		/* the capture tested */
	int64_t		other_capture;	/* #eq? @a @b: capture b, else -1 */
	uint32_t	nvalues;		/* literal operands */
	const char **values;
	uint32_t   *value_lengths;
	regex_t    *regex;			/* PRED_MATCH */
};

static void *
query_alloc(const CmAllocator *a, size_t size)
{
	void	   *p = a->alloc(a->state, size);

	if (p != NULL)
		memset(p, 0, size);
	return p;
}

/* Classify a capture name such as "def.class.file" or "path.str". */
static CmStatus
classify_capture(CmQuery *q, uint32_t id, const char *name, uint32_t len,
				 CmError *err)
{
	CmCapture  *cap = &q->captures[id];
	static const struct
	{
		const char *prefix;
		CmCaptureRole role;
	}			roles[] = {
		{"def.", CM_CAP_DEF}, {"ref.", CM_CAP_REF}, {"import.", CM_CAP_IMPORT}
	};
	static const struct
	{
		const char *name;
		CmCaptureRole role;
	}			parts[] = {
		{"scope", CM_CAP_SCOPE}, {"name", CM_CAP_NAME},
		{"qualifier", CM_CAP_QUALIFIER}, {"callee", CM_CAP_CALLEE},
		{"path", CM_CAP_PATH}, {"path.str", CM_CAP_PATH_STR},
		{"path.list", CM_CAP_PATH_LIST}, {"member", CM_CAP_MEMBER},
		{"member.list", CM_CAP_MEMBER_LIST},
		{"alias", CM_CAP_ALIAS}, {"glob", CM_CAP_GLOB}, {"top", CM_CAP_TOP}
	};

	if (len > 0 && name[0] == '_')
		return CM_OK;			/* predicate-only capture */

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (strlen(parts[i].name) == len && memcmp(parts[i].name, name, len) == 0)
		{
			cap->role = parts[i].role;
			return CM_OK;
		}

	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
	{
		size_t		plen = strlen(roles[i].prefix);
		char	   *kind;
		size_t		klen;

		if (len <= plen || memcmp(roles[i].prefix, name, plen) != 0)
			continue;
		klen = len - plen;
		if (roles[i].role == CM_CAP_DEF && klen > 5 &&
			memcmp(name + len - 5, ".file", 5) == 0)
		{
			cap->file_scope = 1;
			klen -= 5;
		}
		kind = query_alloc(q->allocator, klen + 1);
		if (kind == NULL)
			return cm_error_set(err, CM_ERR_NOMEM, 0, "out of memory");
		memcpy(kind, name + plen, klen);
		cap->kind = kind;
		cap->role = roles[i].role;
		return CM_OK;
	}
	return cm_error_set(err, CM_ERR_QUERY, 0,
						"unrecognized capture \"@%.*s\" in %s query",
						(int) len, name, q->language->name);
}

/* Translate the predicate steps of one pattern. */
static CmStatus
compile_predicates(CmQuery *q, uint32_t pattern, CmError *err)
{
	uint32_t	nsteps;
	const TSQueryPredicateStep *steps =
		ts_query_predicates_for_pattern(q->ts_query, pattern, &nsteps);
	uint32_t	count = 0;
	uint32_t	i;

	for (i = 0; i < nsteps; i++)
		if (steps[i].type == TSQueryPredicateStepTypeDone)
			count++;
	if (count == 0)
		return CM_OK;

	q->predicates[pattern] = query_alloc(q->allocator,
										 sizeof(CmPredicate) * count);
	if (q->predicates[pattern] == NULL)
		return cm_error_set(err, CM_ERR_NOMEM, 0, "out of memory");

	i = 0;
	while (i < nsteps)
	{
		CmPredicate *pred =
			&q->predicates[pattern][q->npredicates[pattern]];
		uint32_t	len;
		const char *op;
		uint32_t	first = i;
		uint32_t	end = i;

		while (end < nsteps && steps[end].type != TSQueryPredicateStepTypeDone)
			end++;

		/* (#set! member "text"): a directive, not a test */
		if (steps[first].type == TSQueryPredicateStepTypeString &&
			strcmp(ts_query_string_value_for_id(q->ts_query, steps[first].value_id,
												&len), "set!") == 0)
		{
			const char *key;
			const char *value;

			if (end - first != 3 ||
				steps[first + 1].type != TSQueryPredicateStepTypeString ||
				steps[first + 2].type != TSQueryPredicateStepTypeString)
				return cm_error_set(err, CM_ERR_QUERY,
									ts_query_start_byte_for_pattern(q->ts_query, pattern),
									"#set! takes a part name and a string in %s query",
									q->language->name);
			key = ts_query_string_value_for_id(q->ts_query, steps[first + 1].value_id, &len);
			value = ts_query_string_value_for_id(q->ts_query, steps[first + 2].value_id, &len);
			if (strcmp(key, "member") == 0)
				q->settings[pattern].member = value;
			else if (strcmp(key, "alias") == 0)
				q->settings[pattern].alias = value;
			else
				return cm_error_set(err, CM_ERR_QUERY,
									ts_query_start_byte_for_pattern(q->ts_query, pattern),
									"#set! of unrecognized part \"%s\" in %s query",
									key, q->language->name);
			i = end + 1;
			continue;
		}
		if (steps[first].type != TSQueryPredicateStepTypeString ||
			end - first < 3 ||
			steps[first + 1].type != TSQueryPredicateStepTypeCapture)
			return cm_error_set(err, CM_ERR_QUERY,
								ts_query_start_byte_for_pattern(q->ts_query, pattern),
								"malformed predicate in %s query",
								q->language->name);
		op = ts_query_string_value_for_id(q->ts_query, steps[first].value_id,
										  &len);
		pred->capture = steps[first + 1].value_id;
		pred->other_capture = -1;
		if (strcmp(op, "eq?") == 0 || strcmp(op, "not-eq?") == 0)
			pred->op = PRED_EQ;
		else if (strcmp(op, "match?") == 0 || strcmp(op, "not-match?") == 0)
			pred->op = PRED_MATCH;
		else if (strcmp(op, "any-of?") == 0 || strcmp(op, "not-any-of?") == 0)
			pred->op = PRED_ANY_OF;
		else
			return cm_error_set(err, CM_ERR_QUERY,
								ts_query_start_byte_for_pattern(q->ts_query, pattern),
								"unsupported predicate \"#%s\" in %s query",
								op, q->language->name);
		pred->negated = strncmp(op, "not-", 4) == 0;

		if (pred->op == PRED_EQ &&
			steps[first + 2].type == TSQueryPredicateStepTypeCapture)
			pred->other_capture = steps[first + 2].value_id;
		else
		{
			pred->nvalues = end - first - 2;
			pred->values = query_alloc(q->allocator,
									   sizeof(char *) * pred->nvalues);
			pred->value_lengths = query_alloc(q->allocator,
											  sizeof(uint32_t) * pred->nvalues);
			if (pred->values == NULL || pred->value_lengths == NULL)
				return cm_error_set(err, CM_ERR_NOMEM, 0, "out of memory");
			for (uint32_t v = 0; v < pred->nvalues; v++)
			{
				const TSQueryPredicateStep *step = &steps[first + 2 + v];

				if (step->type != TSQueryPredicateStepTypeString)
					return cm_error_set(err, CM_ERR_QUERY,
										ts_query_start_byte_for_pattern(q->ts_query, pattern),
										"predicate \"#%s\" takes strings in %s query",
										op, q->language->name);
				pred->values[v] = ts_query_string_value_for_id(q->ts_query,
															   step->value_id,
															   &pred->value_lengths[v]);
			}
		}

		if (pred->op == PRED_MATCH)
		{
			/* regex_t is not allocator-aware; see cm_query_new's comment */
			pred->regex = query_alloc(q->allocator, sizeof(regex_t));
			if (pred->regex == NULL)
				return cm_error_set(err, CM_ERR_NOMEM, 0, "out of memory");
			if (pred->nvalues != 1 ||
				regcomp(pred->regex, pred->values[0],
						REG_EXTENDED | REG_NOSUB) != 0)
			{
				pred->regex = NULL;
				return cm_error_set(err, CM_ERR_QUERY,
									ts_query_start_byte_for_pattern(q->ts_query, pattern),
									"invalid regular expression in %s query",
									q->language->name);
			}
		}
		q->npredicates[pattern]++;
		i = end + 1;
	}
	return CM_OK;
}

/* Check that every pattern has exactly one role capture, and record it. */
static CmStatus
find_pattern_roles(CmQuery *q, CmError *err)
{
	for (uint32_t p = 0; p < q->npatterns; p++)
		q->pattern_role[p] = UINT32_MAX;

	/*
	 * The C API offers no list of a pattern's captures, so walk the pattern
	 * source text for "@name" tokens and look each one up.
	 */
	for (uint32_t p = 0; p < q->npatterns; p++)
	{
		const char *src = q->source;
		uint32_t	start = ts_query_start_byte_for_pattern(q->ts_query, p);
		uint32_t	end = (p + 1 < q->npatterns) ?
			ts_query_start_byte_for_pattern(q->ts_query, p + 1) :
			(uint32_t) strlen(src);
		bool		in_string = false;

		for (uint32_t i = start; i < end; i++)
		{
			uint32_t	j;

			if (src[i] == '"' && (i == 0 || src[i - 1] != '\\'))
				in_string = !in_string;
			if (in_string)
				continue;
			if (src[i] == ';')	/* comment to end of line */
			{
				while (i < end && src[i] != '\n')
					i++;
				continue;
			}
			if (src[i] != '@')
				continue;
			for (j = i + 1; j < end && (src[j] == '.' || src[j] == '_' ||
										src[j] == '-' ||
										(src[j] >= 'a' && src[j] <= 'z') ||
										(src[j] >= 'A' && src[j] <= 'Z') ||
										(src[j] >= '0' && src[j] <= '9')); j++)
				;
			for (uint32_t c = 0; c < q->ncaptures; c++)
			{
				uint32_t	len;
				const char *name = ts_query_capture_name_for_id(q->ts_query,
																c, &len);

				if (len != j - i - 1 || memcmp(name, src + i + 1, len) != 0)
					continue;
				if (!CM_CAP_IS_ROLE(q->captures[c].role))
					break;
				if (q->pattern_role[p] != UINT32_MAX && q->pattern_role[p] != c)
					return cm_error_set(err, CM_ERR_QUERY, start,
										"pattern at byte %u of %s query has two role captures",
										start, q->language->name);
				q->pattern_role[p] = c;
				break;
			}
			i = j - 1;
		}
		if (q->pattern_role[p] == UINT32_MAX)
			return cm_error_set(err, CM_ERR_QUERY, start,
								"pattern at byte %u of %s query has no role capture",
								start, q->language->name);
	}
	return CM_OK;
}

CmStatus
cm_query_new(CmLanguageId id, const CmAllocator *allocator, CmQuery **query,
			 CmError *err)
{
	return cm_query_new_from_source(id, cm_grammar_query_source(id),
									allocator, query, err);
}

CmStatus
cm_query_new_from_source(CmLanguageId id, const char *source,
						 const CmAllocator *allocator, CmQuery **query,
						 CmError *err)
{
	uint32_t	error_offset = 0;
	TSQueryError error_type = TSQueryErrorNone;
	CmQuery    *q;
	CmStatus	status;

	*query = NULL;
	q = query_alloc(allocator, sizeof(CmQuery));
	if (q == NULL)
		return cm_error_set(err, CM_ERR_NOMEM, 0, "out of memory");
	q->allocator = allocator;
	q->source = source;
	q->language = cm_language_get(id);
	q->grammar = cm_grammar(id);

	q->ts_query = ts_query_new(q->grammar, source, (uint32_t) strlen(source),
							   &error_offset, &error_type);
	if (q->ts_query == NULL)
	{
		cm_query_free(q);
		return cm_error_set(err, CM_ERR_QUERY, error_offset,
							"%s query does not compile: error %d at byte %u",
							cm_language_get(id)->name, (int) error_type,
							error_offset);
	}

	q->ncaptures = ts_query_capture_count(q->ts_query);
	q->npatterns = ts_query_pattern_count(q->ts_query);
	q->captures = query_alloc(allocator, sizeof(CmCapture) * (q->ncaptures + 1));
	q->pattern_role = query_alloc(allocator, sizeof(uint32_t) * (q->npatterns + 1));
	q->predicates = query_alloc(allocator, sizeof(CmPredicate *) * (q->npatterns + 1));
	q->npredicates = query_alloc(allocator, sizeof(uint32_t) * (q->npatterns + 1));
	q->settings = query_alloc(allocator, sizeof(CmPatternSettings) * (q->npatterns + 1));
	if (!q->captures || !q->pattern_role || !q->predicates || !q->npredicates ||
		!q->settings)
	{
		cm_query_free(q);
		return cm_error_set(err, CM_ERR_NOMEM, 0, "out of memory");
	}

	for (uint32_t c = 0; c < q->ncaptures; c++)
	{
		uint32_t	len;
		const char *name = ts_query_capture_name_for_id(q->ts_query, c, &len);

		status = classify_capture(q, c, name, len, err);
		if (status != CM_OK)
		{
			cm_query_free(q);
			return status;
		}
	}

	status = find_pattern_roles(q, err);
	for (uint32_t p = 0; status == CM_OK && p < q->npatterns; p++)
		status = compile_predicates(q, p, err);
	if (status != CM_OK)
	{
		cm_query_free(q);
		return status;
	}
	*query = q;
	return CM_OK;
}

void
cm_query_free(CmQuery *q)
{
	const CmAllocator *a;

	if (q == NULL)
		return;
	a = q->allocator;
	for (uint32_t p = 0; q->predicates && p < q->npatterns; p++)
	{
		for (uint32_t i = 0; i < q->npredicates[p]; i++)
		{
			CmPredicate *pred = &q->predicates[p][i];

			if (pred->regex)
			{
				regfree(pred->regex);
				a->free(a->state, pred->regex);
			}
			a->free(a->state, pred->values);
			a->free(a->state, pred->value_lengths);
		}
		a->free(a->state, q->predicates[p]);
	}
	for (uint32_t c = 0; q->captures && c < q->ncaptures; c++)
		a->free(a->state, (void *) q->captures[c].kind);
	if (q->ts_query)
		ts_query_delete(q->ts_query);
	a->free(a->state, q->captures);
	a->free(a->state, q->pattern_role);
	a->free(a->state, q->predicates);
	a->free(a->state, q->npredicates);
	a->free(a->state, q->settings);
	a->free(a->state, q);
}

/* The first node captured as capture in match, or a null node. */
static bool
match_node(const TSQueryMatch *match, uint32_t capture, TSNode *node)
{
	for (uint16_t i = 0; i < match->capture_count; i++)
		if (match->captures[i].index == capture)
		{
			*node = match->captures[i].node;
			return true;
		}
	return false;
}

static bool
predicate_holds(const CmPredicate *pred, const TSQueryMatch *match,
				const char *source)
{
	TSNode		node;
	const char *text;
	uint32_t	len;
	bool		result = false;

	/* A predicate on a capture that did not occur holds vacuously. */
	if (!match_node(match, pred->capture, &node))
		return true;
	text = source + ts_node_start_byte(node);
	len = ts_node_end_byte(node) - ts_node_start_byte(node);

	switch (pred->op)
	{
		case PRED_EQ:
			if (pred->other_capture >= 0)
			{
				TSNode		other;

				if (!match_node(match, (uint32_t) pred->other_capture, &other))
					return true;
				result = (ts_node_end_byte(other) - ts_node_start_byte(other)) == len &&
					memcmp(source + ts_node_start_byte(other), text, len) == 0;
			}
			else
				result = pred->value_lengths[0] == len &&
					memcmp(pred->values[0], text, len) == 0;
			break;
		case PRED_ANY_OF:
			for (uint32_t v = 0; v < pred->nvalues && !result; v++)
				result = pred->value_lengths[v] == len &&
					memcmp(pred->values[v], text, len) == 0;
			break;
		case PRED_MATCH:
			{
				/* the node's text in place: REG_STARTEND bounds it */
				regmatch_t	range;

				range.rm_so = 0;
				range.rm_eo = (regoff_t) len;
				result = regexec(pred->regex, text, 1, &range, REG_STARTEND) == 0;
			}
			break;
	}
	return pred->negated ? !result : result;
}

int
cm_query_match_ok(const CmQuery *query, const TSQueryMatch *match,
				  const char *source)
{
	for (uint32_t i = 0; i < query->npredicates[match->pattern_index]; i++)
		if (!predicate_holds(&query->predicates[match->pattern_index][i],
							 match, source))
			return 0;
	return 1;
}
