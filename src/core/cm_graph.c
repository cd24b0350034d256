/*-------------------------------------------------------------------------
 *
 * cm_graph.c
 *		Building, checking and reading graph values (see cm_graph.h), and
 *		the memory and progress environment of graph work.
 *
 * Building sorts the node ids with a radix sort and the arcs with two
 * counting sorts (by target, then stably by source), so that a graph of m
 * arcs over n nodes is built in O(m + n) after the ids are sorted, and
 * the same rows in any order give the same bytes.
 *
 *-------------------------------------------------------------------------
 */
#include "cm_graph.h"

#include <math.h>
#include <string.h>
#include <stdlib.h>

/* Every allocation carries its size, for mem_used. */
typedef struct AllocHeader
{
	size_t		size;
	size_t		pad;			/* keeps the payload 16-byte aligned */
} AllocHeader;

void *
cm_genv_alloc(CmGraphEnv *env, size_t size)
{
	AllocHeader *h;

	if (size > SIZE_MAX / 2 ||
		(env->mem_limit > 0 && env->mem_used + size > env->mem_limit))
	{
		env->over_limit = true;
		return NULL;
	}
	h = env->allocator->alloc(env->allocator->state, sizeof(AllocHeader) + size);
	if (h == NULL)
		return NULL;
	h->size = size;
	env->mem_used += size;
	if (env->mem_used > env->mem_peak)
		env->mem_peak = env->mem_used;
	return h + 1;
}

void *
cm_genv_alloc0(CmGraphEnv *env, size_t size)
{
	void	   *p = cm_genv_alloc(env, size);

	if (p != NULL)
		memset(p, 0, size);
	return p;
}

void
cm_genv_free(CmGraphEnv *env, void *ptr)
{
	AllocHeader *h;

	if (ptr == NULL)
		return;
	h = (AllocHeader *) ptr - 1;
	env->mem_used -= h->size;
	env->allocator->free(env->allocator->state, h);
}

CmStatus
cm_genv_fail(CmGraphEnv *env, CmError *err, const char *what)
{
	if (env->over_limit)
		return cm_error_set(err, CM_ERR_TOO_LARGE, 0,
							"graph work memory of %zu kB exceeded while %s",
							env->mem_limit / 1024, what);
	return cm_error_set(err, CM_ERR_NOMEM, 0, "%s", what);
}

CmStatus
cm_genv_poll(CmGraphEnv *env, CmError *err)
{
	if (env->progress != NULL && env->progress(env->progress_arg))
		return cm_error_set(err, CM_ERR_CANCELED, 0, "canceled");
	return CM_OK;
}

/* ---------------------------------------------------------------------
 * the blob
 * --------------------------------------------------------------------- */

static size_t
align8(size_t n)
{
	return (n + 7) & ~(size_t) 7;
}

size_t
cm_graph_blob_size(int32_t nnodes, int32_t narcs, bool weighted)
{
	size_t		size;

	if (nnodes < 0 || narcs < 0 || nnodes > CM_GRAPH_MAX_NODES ||
		narcs > CM_GRAPH_MAX_ARCS)
		return 0;
	size = sizeof(CmGraphHeader);
	size += (size_t) nnodes * sizeof(int64_t);
	size += ((size_t) nnodes + 1) * sizeof(int32_t);
	size += (size_t) narcs * sizeof(int32_t);
	size = align8(size);
	if (weighted)
		size += (size_t) narcs * sizeof(double);
	return size;
}

/* Point parts at the arrays of a blob; the header must be right already. */
static void
locate(const void *blob, int32_t nnodes, int32_t narcs, bool weighted,
	   CmGraphParts *parts)
{
	char	   *p = (char *) blob + sizeof(CmGraphHeader);

	parts->ids = (int64_t *) p;
	p += (size_t) nnodes * sizeof(int64_t);
	parts->offsets = (int32_t *) p;
	p += ((size_t) nnodes + 1) * sizeof(int32_t);
	parts->targets = (int32_t *) p;
	p += (size_t) narcs * sizeof(int32_t);
	p = (char *) blob + align8(p - (char *) blob);
	parts->weights = weighted ? (double *) p : NULL;
}

void
cm_graph_layout(void *blob, int32_t nnodes, int32_t narcs, bool weighted,
				CmGraphParts *parts)
{
	CmGraphHeader *h = blob;

	h->magic = CM_GRAPH_MAGIC;
	h->version = CM_GRAPH_VERSION;
	h->flags = weighted ? CM_GRAPH_WEIGHTED : 0;
	h->nnodes = nnodes;
	h->narcs = narcs;
	locate(blob, nnodes, narcs, weighted, parts);
}

CmStatus
cm_graph_view(const void *blob, size_t len, CmGraph *graph, CmError *err)
{
	CmGraphHeader h;
	CmGraphParts parts;
	bool		weighted;
	size_t		expected;
	size_t		pad_start;

	if (((uintptr_t) blob & 7) != 0)
		return cm_error_set(err, CM_ERR_CORRUPT, 0, "graph data is not aligned");
	if (len < sizeof(CmGraphHeader))
		return cm_error_set(err, CM_ERR_CORRUPT, 0,
							"%zu bytes are too few for a graph header", len);
	memcpy(&h, blob, sizeof(h));
	if (h.magic != CM_GRAPH_MAGIC)
		return cm_error_set(err, CM_ERR_CORRUPT, 0, "bad magic number %#x",
							(unsigned) h.magic);
	if (h.version != CM_GRAPH_VERSION)
		return cm_error_set(err, CM_ERR_CORRUPT, 0,
							"unsupported format version %u", (unsigned) h.version);
	if ((h.flags & ~CM_GRAPH_WEIGHTED) != 0)
		return cm_error_set(err, CM_ERR_CORRUPT, 0, "unknown flags %#x",
							(unsigned) h.flags);
	weighted = (h.flags & CM_GRAPH_WEIGHTED) != 0;
	expected = cm_graph_blob_size(h.nnodes, h.narcs, weighted);
	if (expected == 0 || expected != len)
		return cm_error_set(err, CM_ERR_CORRUPT, 0,
							"%zu bytes do not hold %d nodes and %d arcs",
							len, (int) h.nnodes, (int) h.narcs);
	locate(blob, h.nnodes, h.narcs, weighted, &parts);

	/* ids strictly increasing */
	for (int32_t i = 1; i < h.nnodes; i++)
		if (parts.ids[i] <= parts.ids[i - 1])
			return cm_error_set(err, CM_ERR_CORRUPT, 0,
								"node ids are not strictly increasing at node %d",
								(int) i);

	/* offsets from 0 to narcs, never decreasing */
	if (parts.offsets[0] != 0 || parts.offsets[h.nnodes] != h.narcs)
		return cm_error_set(err, CM_ERR_CORRUPT, 0, "arc offsets do not span the arcs");
	for (int32_t i = 0; i < h.nnodes; i++)
	{
		int32_t		lo = parts.offsets[i];
		int32_t		hi = parts.offsets[i + 1];

		if (hi < lo || hi > h.narcs)
			return cm_error_set(err, CM_ERR_CORRUPT, 0,
								"arc offsets decrease at node %d", (int) i);
		/* each row's targets in range and strictly increasing */
		for (int32_t a = lo; a < hi; a++)
		{
			int32_t		t = parts.targets[a];

			if (t < 0 || t >= h.nnodes)
				return cm_error_set(err, CM_ERR_CORRUPT, 0,
									"arc %d points outside the graph", (int) a);
			if (a > lo && t <= parts.targets[a - 1])
				return cm_error_set(err, CM_ERR_CORRUPT, 0,
									"arcs of node %d are not sorted and distinct",
									(int) i);
		}
	}

	/* padding is zero, weights finite and positive */
	pad_start = sizeof(CmGraphHeader) + (size_t) h.nnodes * sizeof(int64_t) +
		((size_t) h.nnodes + 1) * sizeof(int32_t) + (size_t) h.narcs * sizeof(int32_t);
	for (size_t b = pad_start; b < align8(pad_start) && b < len; b++)
		if (((const char *) blob)[b] != 0)
			return cm_error_set(err, CM_ERR_CORRUPT, 0, "padding is not zero");
	if (weighted)
		for (int32_t a = 0; a < h.narcs; a++)
			if (!cm_graph_weight_ok(parts.weights[a]))
				return cm_error_set(err, CM_ERR_CORRUPT, 0,
									"arc %d has weight %g", (int) a, parts.weights[a]);

	graph->nnodes = h.nnodes;
	graph->narcs = h.narcs;
	graph->ids = parts.ids;
	graph->offsets = parts.offsets;
	graph->targets = parts.targets;
	graph->weights = parts.weights;
	return CM_OK;
}

int32_t
cm_graph_find(const CmGraph *graph, int64_t id)
{
	int32_t		lo = 0;
	int32_t		hi = graph->nnodes;

	while (lo < hi)
	{
		int32_t		mid = lo + (hi - lo) / 2;

		if (graph->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < graph->nnodes && graph->ids[lo] == id ? lo : -1;
}

/* ---------------------------------------------------------------------
 * building
 * --------------------------------------------------------------------- */

/*
 * Sort n signed 64-bit values in place: a least-significant-digit radix
 * sort over bytes, skipping the passes whose byte is the same everywhere.
 * tmp holds n values.
 */
static void
radix_sort_i64(int64_t *values, int64_t *tmp, size_t n)
{
	size_t		count[256];
	int64_t    *from = values;
	int64_t    *to = tmp;

	for (int shift = 0; shift < 64; shift += 8)
	{
		uint64_t	first;
		bool		same = true;
		size_t		sum = 0;

		if (n == 0)
			return;
		memset(count, 0, sizeof(count));
		first = (((uint64_t) from[0] ^ (UINT64_C(1) << 63)) >> shift) & 0xff;
		for (size_t i = 0; i < n; i++)
		{
			uint64_t	b = (((uint64_t) from[i] ^ (UINT64_C(1) << 63)) >> shift) & 0xff;

			count[b]++;
			same &= (b == first);
		}
		if (same)
			continue;
		for (int b = 0; b < 256; b++)
		{
			size_t		c = count[b];

			count[b] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
		{
			uint64_t	b = (((uint64_t) from[i] ^ (UINT64_C(1) << 63)) >> shift) & 0xff;

			to[count[b]++] = from[i];
		}
		{
			int64_t    *swap = from;

			from = to;
			to = swap;
		}
	}
	if (from != values)
		memcpy(values, from, n * sizeof(int64_t));
}

/* The index of id among n sorted distinct ids (it is there). */
static int32_t
index_of(const int64_t *ids, int32_t n, int64_t id)
{
	int32_t		lo = 0;
	int32_t		hi = n;

	while (lo < hi)
	{
		int32_t		mid = lo + (hi - lo) / 2;

		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

CmStatus
cm_graph_build(CmGraphEnv *env, CmEdgeList *edges, void **blob, size_t *len,
			   CmError *err)
{
	size_t		nrows = edges->count;
	size_t		nids = 0;
	int64_t    *ids = NULL;
	int64_t    *tmp = NULL;
	int32_t    *src = NULL;
	int32_t    *dst = NULL;
	int32_t    *order = NULL;
	int32_t    *order2 = NULL;
	int32_t    *count = NULL;
	double	   *merged = NULL;
	int32_t    *targets = NULL;
	int32_t		nnodes = 0;
	size_t		narcs_in = 0;
	int32_t		narcs = 0;
	bool		weighted = false;
	CmGraphParts parts;
	CmStatus	status = CM_OK;

	*blob = NULL;
	*len = 0;

	/* Check weights, count arcs. */
	for (size_t i = 0; i < nrows; i++)
	{
		bool		arc = edges->has_dst == NULL || edges->has_dst[i];

		if (arc && edges->weight != NULL &&
			!cm_graph_weight_ok(edges->weight[i]))
			return cm_error_set(err, CM_ERR_INVALID, i,
								"edge weight %g is outside [%g, %g]",
								edges->weight[i], CM_GRAPH_MIN_WEIGHT,
								CM_GRAPH_MAX_WEIGHT);
		narcs_in += arc;
	}
	if (nrows + narcs_in > (size_t) INT32_MAX * 2 || narcs_in > CM_GRAPH_MAX_ARCS)
		return cm_error_set(err, CM_ERR_TOO_LARGE, 0,
							"a graph holds at most %d arcs", CM_GRAPH_MAX_ARCS);

	/* Every id once, sorted. */
	ids = cm_genv_alloc(env, (nrows + narcs_in) * sizeof(int64_t) + 1);
	tmp = cm_genv_alloc(env, (nrows + narcs_in) * sizeof(int64_t) + 1);
	if (ids == NULL || tmp == NULL)
	{
		status = cm_genv_fail(env, err, "sorting node ids");
		goto done;
	}
	for (size_t i = 0; i < nrows; i++)
	{
		ids[nids++] = edges->src[i];
		if (edges->has_dst == NULL || edges->has_dst[i])
			ids[nids++] = edges->dst[i];
	}
	radix_sort_i64(ids, tmp, nids);
	cm_genv_free(env, tmp);
	tmp = NULL;
	for (size_t i = 0; i < nids; i++)
		if (i == 0 || ids[i] != ids[nnodes - 1])
		{
			if (nnodes == CM_GRAPH_MAX_NODES)
			{
				status = cm_error_set(err, CM_ERR_TOO_LARGE, 0,
									  "a graph holds at most %d nodes",
									  CM_GRAPH_MAX_NODES);
				goto done;
			}
			ids[nnodes++] = ids[i];
		}
	if ((status = cm_genv_poll(env, err)) != CM_OK)
		goto done;

	/* Arcs as dense indexes. */
	src = cm_genv_alloc(env, narcs_in * sizeof(int32_t) + 1);
	dst = cm_genv_alloc(env, narcs_in * sizeof(int32_t) + 1);
	order = cm_genv_alloc(env, narcs_in * sizeof(int32_t) + 1);
	order2 = cm_genv_alloc(env, narcs_in * sizeof(int32_t) + 1);
	count = cm_genv_alloc(env, ((size_t) nnodes + 1) * sizeof(int32_t));
	if (!src || !dst || !order || !order2 || !count)
	{
		status = cm_genv_fail(env, err, "sorting arcs");
		goto done;
	}
	{
		size_t		k = 0;

		for (size_t i = 0; i < nrows; i++)
			if (edges->has_dst == NULL || edges->has_dst[i])
			{
				src[k] = index_of(ids, nnodes, edges->src[i]);
				dst[k] = index_of(ids, nnodes, edges->dst[i]);
				order[k] = (int32_t) i;
				k++;
			}
	}
	if ((status = cm_genv_poll(env, err)) != CM_OK)
		goto done;

	/*
	 * Counting sort by target, then stably by source: order2 lists the arcs
	 * by (source, target).  order[k] remembers each arc's row, for weights.
	 */
	memset(count, 0, ((size_t) nnodes + 1) * sizeof(int32_t));
	for (size_t k = 0; k < narcs_in; k++)
		count[dst[k] + 1]++;
	for (int32_t i = 0; i < nnodes; i++)
		count[i + 1] += count[i];
	for (size_t k = 0; k < narcs_in; k++)
		order2[count[dst[k]]++] = (int32_t) k;
	memset(count, 0, ((size_t) nnodes + 1) * sizeof(int32_t));
	for (size_t k = 0; k < narcs_in; k++)
		count[src[k] + 1]++;
	for (int32_t i = 0; i < nnodes; i++)
		count[i + 1] += count[i];
	{
		int32_t    *by_src = cm_genv_alloc(env, narcs_in * sizeof(int32_t) + 1);

		if (by_src == NULL)
		{
			status = cm_genv_fail(env, err, "sorting arcs");
			goto done;
		}
		for (size_t j = 0; j < narcs_in; j++)
		{
			int32_t		k = order2[j];

			by_src[count[src[k]]++] = k;
		}
		cm_genv_free(env, order2);
		order2 = by_src;
	}

	/* Distinct arcs with their merged weights, into the CSR's arrays. */
	merged = cm_genv_alloc(env, narcs_in * sizeof(double) + 1);
	targets = cm_genv_alloc(env, narcs_in * sizeof(int32_t) + 1);
	if (merged == NULL || targets == NULL)
	{
		status = cm_genv_fail(env, err, "merging arcs");
		goto done;
	}
	memset(count, 0, ((size_t) nnodes + 1) * sizeof(int32_t));
	for (size_t j = 0; j < narcs_in; j++)
	{
		int32_t		k = order2[j];
		double		w = edges->weight ? edges->weight[order[k]] : 1.0;

		if (j > 0 && src[order2[j - 1]] == src[k] && dst[order2[j - 1]] == dst[k])
			merged[narcs - 1] += w;
		else
		{
			targets[narcs] = dst[k];
			merged[narcs] = w;
			count[src[k] + 1]++;
			narcs++;
		}
	}
	for (int32_t a = 0; a < narcs; a++)
	{
		if (!cm_graph_weight_ok(merged[a]))
		{
			status = cm_error_set(err, CM_ERR_INVALID, 0,
								  "duplicate edges add up to weight %g, over %g",
								  merged[a], CM_GRAPH_MAX_WEIGHT);
			goto done;
		}
		weighted |= merged[a] != 1.0;
	}

	*len = cm_graph_blob_size(nnodes, narcs, weighted);
	*blob = cm_genv_alloc0(env, *len);
	if (*blob == NULL)
	{
		status = cm_genv_fail(env, err, "storing the graph");
		goto done;
	}
	cm_graph_layout(*blob, nnodes, narcs, weighted, &parts);
	memcpy(parts.ids, ids, (size_t) nnodes * sizeof(int64_t));
	parts.offsets[0] = 0;
	for (int32_t i = 0; i < nnodes; i++)
		parts.offsets[i + 1] = parts.offsets[i] + count[i + 1];
	memcpy(parts.targets, targets, (size_t) narcs * sizeof(int32_t));
	if (weighted)
		memcpy(parts.weights, merged, (size_t) narcs * sizeof(double));

done:
	cm_genv_free(env, ids);
	cm_genv_free(env, tmp);
	cm_genv_free(env, src);
	cm_genv_free(env, dst);
	cm_genv_free(env, order);
	cm_genv_free(env, order2);
	cm_genv_free(env, count);
	cm_genv_free(env, merged);
	cm_genv_free(env, targets);
	if (status != CM_OK && *blob != NULL)
	{
		cm_genv_free(env, *blob);
		*blob = NULL;
		*len = 0;
	}
	return status;
}

/* ---------------------------------------------------------------------
 * the text form
 * --------------------------------------------------------------------- */

typedef struct TextReader
{
	const char *text;
	size_t		len;
	size_t		pos;
} TextReader;

static void
skip_space(TextReader *r)
{
	while (r->pos < r->len &&
		   (r->text[r->pos] == ' ' || r->text[r->pos] == '\t' ||
			r->text[r->pos] == '\n' || r->text[r->pos] == '\r'))
		r->pos++;
}

static bool
read_char(TextReader *r, char c)
{
	skip_space(r);
	if (r->pos < r->len && r->text[r->pos] == c)
	{
		r->pos++;
		return true;
	}
	return false;
}

/* A decimal int64, optionally signed; false on anything else or overflow. */
static bool
read_id(TextReader *r, int64_t *out)
{
	bool		negative = false;
	uint64_t	value = 0;
	uint64_t	limit;
	size_t		digits = 0;

	size_t		start;

	skip_space(r);
	start = r->pos;
	if (r->pos < r->len && (r->text[r->pos] == '-' || r->text[r->pos] == '+'))
		negative = r->text[r->pos++] == '-';
	limit = negative ? (UINT64_C(1) << 63) : (UINT64_C(1) << 63) - 1;
	while (r->pos < r->len && r->text[r->pos] >= '0' && r->text[r->pos] <= '9')
	{
		unsigned	d = (unsigned) (r->text[r->pos] - '0');

		if (value > (limit - d) / 10)
		{
			r->pos = start;
			return false;
		}
		value = value * 10 + d;
		r->pos++;
		digits++;
	}
	if (digits == 0)
	{
		r->pos = start;
		return false;
	}
	*out = negative ? (int64_t) (0 - value) : (int64_t) value;
	return true;
}

/* A weight: a decimal number in C notation, at most 63 characters. */
static bool
read_weight(TextReader *r, double *out)
{
	char		buf[64];
	size_t		n = 0;
	char	   *end;

	skip_space(r);
	while (r->pos + n < r->len && n < sizeof(buf) - 1 &&
		   strchr("0123456789+-.eE", r->text[r->pos + n]) != NULL &&
		   r->text[r->pos + n] != '\0')
	{
		buf[n] = r->text[r->pos + n];
		n++;
	}
	buf[n] = '\0';
	if (n == 0)
		return false;
	*out = strtod(buf, &end);
	if (end != buf + n)
		return false;
	r->pos += n;
	return true;
}

/* Grow the arrays of edges to hold at least need rows. */
static bool
reserve_rows(CmGraphEnv *env, CmEdgeList *edges, size_t *capacity, size_t need)
{
	size_t		cap = *capacity ? *capacity : 16;
	int64_t    *src;
	int64_t    *dst;
	double	   *weight;
	bool	   *has_dst;

	if (need <= *capacity)
		return true;
	while (cap < need)
		cap *= 2;
	src = cm_genv_alloc(env, cap * sizeof(int64_t));
	dst = cm_genv_alloc(env, cap * sizeof(int64_t));
	weight = cm_genv_alloc(env, cap * sizeof(double));
	has_dst = cm_genv_alloc(env, cap * sizeof(bool));
	if (!src || !dst || !weight || !has_dst)
	{
		cm_genv_free(env, src);
		cm_genv_free(env, dst);
		cm_genv_free(env, weight);
		cm_genv_free(env, has_dst);
		return false;
	}
	if (edges->count > 0)
	{
		memcpy(src, edges->src, edges->count * sizeof(int64_t));
		memcpy(dst, edges->dst, edges->count * sizeof(int64_t));
		memcpy(weight, edges->weight, edges->count * sizeof(double));
		memcpy(has_dst, edges->has_dst, edges->count * sizeof(bool));
	}
	cm_edge_list_free(env, edges);
	edges->src = src;
	edges->dst = dst;
	edges->weight = weight;
	edges->has_dst = has_dst;
	*capacity = cap;
	return true;
}

void
cm_edge_list_free(CmGraphEnv *env, CmEdgeList *edges)
{
	cm_genv_free(env, edges->src);
	cm_genv_free(env, edges->dst);
	cm_genv_free(env, edges->weight);
	cm_genv_free(env, edges->has_dst);
	edges->src = edges->dst = NULL;
	edges->weight = NULL;
	edges->has_dst = NULL;
}

CmStatus
cm_graph_parse_text(CmGraphEnv *env, const char *text, size_t len,
					CmEdgeList *edges, CmError *err)
{
	TextReader	r = {text, len, 0};
	size_t		capacity = 0;
	CmStatus	status;

	memset(edges, 0, sizeof(*edges));
	if (!read_char(&r, '{'))
		return cm_error_set(err, CM_ERR_SYNTAX, r.pos, "expected \"{\"");
	if (!read_char(&r, '}'))
	{
		for (;;)
		{
			int64_t		src;
			int64_t		dst = 0;
			double		w = 1.0;
			bool		arc = false;
			size_t		at;

			if (!read_id(&r, &src))
			{
				status = cm_error_set(err, CM_ERR_SYNTAX, r.pos, "expected a node id");
				goto fail;
			}
			skip_space(&r);
			if (r.pos + 1 < r.len && r.text[r.pos] == '-' && r.text[r.pos + 1] == '>')
			{
				r.pos += 2;
				arc = true;
				if (!read_id(&r, &dst))
				{
					status = cm_error_set(err, CM_ERR_SYNTAX, r.pos, "expected a node id");
					goto fail;
				}
				if (read_char(&r, ':'))
				{
					at = r.pos;
					if (!read_weight(&r, &w))
					{
						status = cm_error_set(err, CM_ERR_SYNTAX, r.pos,
											  "expected a weight");
						goto fail;
					}
					if (!cm_graph_weight_ok(w))
					{
						status = cm_error_set(err, CM_ERR_SYNTAX, at,
											  "weight is outside [1e-100, 1e100]");
						goto fail;
					}
				}
			}
			if (!reserve_rows(env, edges, &capacity, edges->count + 1))
			{
				status = cm_genv_fail(env, err, "reading a graph");
				goto fail;
			}
			edges->src[edges->count] = src;
			edges->dst[edges->count] = dst;
			edges->weight[edges->count] = w;
			edges->has_dst[edges->count] = arc;
			edges->count++;
			if (read_char(&r, '}'))
				break;
			if (!read_char(&r, ','))
			{
				status = cm_error_set(err, CM_ERR_SYNTAX, r.pos,
									  "expected \",\" or \"}\"");
				goto fail;
			}
		}
	}
	skip_space(&r);
	if (r.pos != r.len)
	{
		status = cm_error_set(err, CM_ERR_SYNTAX, r.pos,
							  "unexpected text after \"}\"");
		goto fail;
	}
	return CM_OK;

fail:
	cm_edge_list_free(env, edges);
	edges->count = 0;
	return status;
}

/* ---------------------------------------------------------------------
 * derived structures
 * --------------------------------------------------------------------- */

CmStatus
cm_ugraph_from_graph(CmGraphEnv *env, const CmGraph *g, CmUGraph *out,
					 CmError *err)
{
	int32_t		n = g->nnodes;
	int64_t    *deg = NULL;
	int32_t    *t = NULL;
	double	   *w = NULL;
	int64_t    *fill = NULL;
	int64_t    *mark = NULL;

	memset(out, 0, sizeof(*out));
	out->nnodes = n;

	/* Entries per row before merging: out-arcs plus in-arcs. */
	deg = cm_genv_alloc0(env, ((size_t) n + 1) * sizeof(int64_t));
	if (deg == NULL)
		return cm_genv_fail(env, err, "making the graph undirected");
	for (int32_t u = 0; u < n; u++)
		for (int32_t a = g->offsets[u]; a < g->offsets[u + 1]; a++)
		{
			deg[u + 1]++;
			if (g->targets[a] != u)
				deg[g->targets[a] + 1]++;
		}
	for (int32_t u = 0; u < n; u++)
		deg[u + 1] += deg[u];
	t = cm_genv_alloc(env, (size_t) deg[n] * sizeof(int32_t) + 1);
	w = cm_genv_alloc(env, (size_t) deg[n] * sizeof(double) + 1);
	fill = cm_genv_alloc(env, ((size_t) n + 1) * sizeof(int64_t));
	if (t == NULL || w == NULL || fill == NULL)
		goto nomem;
	memcpy(fill, deg, ((size_t) n + 1) * sizeof(int64_t));
	for (int32_t u = 0; u < n; u++)
		for (int32_t a = g->offsets[u]; a < g->offsets[u + 1]; a++)
		{
			int32_t		v = g->targets[a];
			double		wt = cm_graph_weight(g, a);

			if (v == u)
			{
				t[fill[u]] = u;
				w[fill[u]++] = 2 * wt;
			}
			else
			{
				t[fill[u]] = v;
				w[fill[u]++] = wt;
				t[fill[v]] = u;
				w[fill[v]++] = wt;
			}
		}

	/* Merge duplicates within each row, compacting in place. */
	mark = cm_genv_alloc(env, ((size_t) n + 1) * sizeof(int64_t));
	out->offsets = cm_genv_alloc(env, ((size_t) n + 1) * sizeof(int64_t));
	out->strength = cm_genv_alloc0(env, ((size_t) n + 1) * sizeof(double));
	if (mark == NULL || out->offsets == NULL || out->strength == NULL)
		goto nomem;
	for (int32_t u = 0; u < n; u++)
		mark[u] = -1;
	{
		int64_t		k = 0;

		for (int32_t u = 0; u < n; u++)
		{
			int64_t		row = k;

			out->offsets[u] = k;
			for (int64_t e = deg[u]; e < deg[u + 1]; e++)
			{
				int32_t		v = t[e];

				if (mark[v] >= row)
					w[mark[v]] += w[e];
				else
				{
					mark[v] = k;
					t[k] = v;
					w[k] = w[e];
					k++;
				}
			}
			for (int64_t e = row; e < k; e++)
			{
				out->strength[u] += w[e];
				mark[t[e]] = -1;
			}
			out->total += out->strength[u];
		}
		out->offsets[n] = k;
		out->nentries = k;
	}
	cm_genv_free(env, deg);
	cm_genv_free(env, fill);
	cm_genv_free(env, mark);
	out->targets = t;
	out->weights = w;
	return CM_OK;

nomem:
	cm_genv_free(env, deg);
	cm_genv_free(env, t);
	cm_genv_free(env, w);
	cm_genv_free(env, fill);
	cm_genv_free(env, mark);
	cm_genv_free(env, out->offsets);
	cm_genv_free(env, out->strength);
	memset(out, 0, sizeof(*out));
	return cm_genv_fail(env, err, "making the graph undirected");
}

void
cm_ugraph_free(CmGraphEnv *env, CmUGraph *ug)
{
	cm_genv_free(env, ug->offsets);
	cm_genv_free(env, ug->targets);
	cm_genv_free(env, ug->weights);
	cm_genv_free(env, ug->strength);
	memset(ug, 0, sizeof(*ug));
}

CmStatus
cm_graph_reverse(CmGraphEnv *env, const CmGraph *g, CmReverse *out,
				 CmError *err)
{
	int32_t		n = g->nnodes;
	int32_t    *fill;

	out->offsets = cm_genv_alloc0(env, ((size_t) n + 1) * sizeof(int32_t));
	out->sources = cm_genv_alloc(env, (size_t) g->narcs * sizeof(int32_t) + 1);
	out->arc = cm_genv_alloc(env, (size_t) g->narcs * sizeof(int32_t) + 1);
	fill = cm_genv_alloc(env, ((size_t) n + 1) * sizeof(int32_t));
	if (!out->offsets || !out->sources || !out->arc || !fill)
	{
		cm_genv_free(env, fill);
		cm_reverse_free(env, out);
		return cm_genv_fail(env, err, "reversing the graph");
	}
	for (int32_t a = 0; a < g->narcs; a++)
		out->offsets[g->targets[a] + 1]++;
	for (int32_t u = 0; u < n; u++)
		out->offsets[u + 1] += out->offsets[u];
	memcpy(fill, out->offsets, ((size_t) n + 1) * sizeof(int32_t));
	for (int32_t u = 0; u < n; u++)
		for (int32_t a = g->offsets[u]; a < g->offsets[u + 1]; a++)
		{
			int32_t		slot = fill[g->targets[a]]++;

			out->sources[slot] = u;
			out->arc[slot] = a;
		}
	cm_genv_free(env, fill);
	return CM_OK;
}

void
cm_reverse_free(CmGraphEnv *env, CmReverse *rev)
{
	cm_genv_free(env, rev->offsets);
	cm_genv_free(env, rev->sources);
	cm_genv_free(env, rev->arc);
	rev->offsets = rev->sources = rev->arc = NULL;
}
