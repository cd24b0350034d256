/*-------------------------------------------------------------------------
 *
 * cm_traverse.c
 *		Components, PageRank, breadth-first search, shortest paths and
 *		statistics over a CmGraph (see cm_traverse.h).
 *
 * Everything here is linear in the graph per pass and polls the progress
 * callback every few thousand nodes.
 *
 *-------------------------------------------------------------------------
 */
#include "cm_traverse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define POLL_EVERY 8192

/* ---------------------------------------------------------------------
 * components
 * --------------------------------------------------------------------- */

/* Weak components by union-find, joining under the smaller index. */
static CmStatus
weak_components(CmGraphEnv *env, const CmGraph *g, int32_t *comp, CmError *err)
{
	CmStatus	status;

	for (int32_t v = 0; v < g->nnodes; v++)
		comp[v] = v;
	for (int32_t u = 0; u < g->nnodes; u++)
	{
		if (u % POLL_EVERY == 0 && (status = cm_genv_poll(env, err)) != CM_OK)
			return status;
		for (int32_t a = g->offsets[u]; a < g->offsets[u + 1]; a++)
		{
			int32_t		ru = cm_uf_root(comp, u);
			int32_t		rv = cm_uf_root(comp, g->targets[a]);

			if (ru < rv)
				comp[rv] = ru;
			else if (rv < ru)
				comp[ru] = rv;
		}
	}
	for (int32_t v = 0; v < g->nnodes; v++)
		comp[v] = cm_uf_root(comp, v);
	return CM_OK;
}

/*
 * Strong components: Tarjan's algorithm with an explicit stack, so that a
 * long chain cannot overflow the C stack.  Each component is then named by
 * its smallest member.
 */
static CmStatus
strong_components(CmGraphEnv *env, const CmGraph *g, int32_t *comp,
				  CmError *err)
{
	int32_t		n = g->nnodes;
	int32_t    *index = cm_genv_alloc(env, (size_t) n * sizeof(int32_t) + 1);
	int32_t    *low = cm_genv_alloc(env, (size_t) n * sizeof(int32_t) + 1);
	int32_t    *stack = cm_genv_alloc(env, (size_t) n * sizeof(int32_t) + 1);
	int32_t    *calls = cm_genv_alloc(env, (size_t) n * sizeof(int32_t) + 1);
	int32_t    *next_arc = cm_genv_alloc(env, (size_t) n * sizeof(int32_t) + 1);
	bool	   *on_stack = cm_genv_alloc0(env, (size_t) n * sizeof(bool) + 1);
	int32_t		counter = 0;
	int32_t		sp = 0;
	CmStatus	status = CM_OK;

	if (!index || !low || !stack || !calls || !next_arc || !on_stack)
	{
		status = cm_genv_fail(env, err, "finding strong components");
		goto done;
	}
	for (int32_t v = 0; v < n; v++)
		index[v] = -1;

	for (int32_t root = 0; root < n && status == CM_OK; root++)
	{
		int32_t		depth = 0;

		if (index[root] >= 0)
			continue;
		calls[depth++] = root;
		index[root] = low[root] = counter++;
		next_arc[root] = g->offsets[root];
		stack[sp++] = root;
		on_stack[root] = true;

		while (depth > 0)
		{
			int32_t		v = calls[depth - 1];

			if (next_arc[v] < g->offsets[v + 1])
			{
				int32_t		w = g->targets[next_arc[v]++];

				if (index[w] < 0)
				{
					index[w] = low[w] = counter++;
					next_arc[w] = g->offsets[w];
					stack[sp++] = w;
					on_stack[w] = true;
					calls[depth++] = w;
					if (counter % POLL_EVERY == 0 &&
						(status = cm_genv_poll(env, err)) != CM_OK)
						break;
				}
				else if (on_stack[w] && index[w] < low[v])
					low[v] = index[w];
				continue;
			}

			/* v is done: pop its component if it is a root of one */
			if (low[v] == index[v])
			{
				int32_t		smallest = v;
				int32_t		top = sp;

				do
				{
					top--;
					if (stack[top] < smallest)
						smallest = stack[top];
				} while (stack[top] != v);
				while (sp > top)
				{
					int32_t		w = stack[--sp];

					on_stack[w] = false;
					comp[w] = smallest;
				}
			}
			depth--;
			if (depth > 0 && low[v] < low[calls[depth - 1]])
				low[calls[depth - 1]] = low[v];
		}
	}

done:
	cm_genv_free(env, index);
	cm_genv_free(env, low);
	cm_genv_free(env, stack);
	cm_genv_free(env, calls);
	cm_genv_free(env, next_arc);
	cm_genv_free(env, on_stack);
	return status;
}

CmStatus
cm_components(CmGraphEnv *env, const CmGraph *graph, bool strong,
			  int32_t *component, CmError *err)
{
	return strong ? strong_components(env, graph, component, err)
		: weak_components(env, graph, component, err);
}

/* ---------------------------------------------------------------------
 * PageRank
 * --------------------------------------------------------------------- */

CmStatus
cm_pagerank(CmGraphEnv *env, const CmGraph *g, double damping, double *rank,
			CmError *err)
{
	int32_t		n = g->nnodes;
	double	   *out_weight;
	double	   *next;
	CmStatus	status = CM_OK;

	if (!(damping >= 0 && damping < 1))
		return cm_error_set(err, CM_ERR_INVALID, 0,
							"damping must be at least 0 and below 1");
	if (n == 0)
		return CM_OK;
	out_weight = cm_genv_alloc0(env, (size_t) n * sizeof(double));
	next = cm_genv_alloc(env, (size_t) n * sizeof(double));
	if (out_weight == NULL || next == NULL)
	{
		cm_genv_free(env, out_weight);
		cm_genv_free(env, next);
		return cm_genv_fail(env, err, "computing PageRank");
	}
	for (int32_t u = 0; u < n; u++)
	{
		for (int32_t a = g->offsets[u]; a < g->offsets[u + 1]; a++)
			out_weight[u] += cm_graph_weight(g, a);
		rank[u] = 1.0 / n;
	}

	for (int iteration = 0; iteration < 10000; iteration++)
	{
		double		dangling = 0;
		double		change = 0;
		double		base;
		double		sum = 0;

		if ((status = cm_genv_poll(env, err)) != CM_OK)
			break;
		for (int32_t u = 0; u < n; u++)
			if (out_weight[u] == 0)
				dangling += rank[u];
		base = (1 - damping) / n + damping * dangling / n;
		for (int32_t v = 0; v < n; v++)
			next[v] = base;
		for (int32_t u = 0; u < n; u++)
		{
			double		share;

			if (out_weight[u] == 0)
				continue;
			share = damping * rank[u] / out_weight[u];
			for (int32_t a = g->offsets[u]; a < g->offsets[u + 1]; a++)
				next[g->targets[a]] += share * cm_graph_weight(g, a);
		}
		/* renormalize against rounding, then measure the change */
		for (int32_t v = 0; v < n; v++)
			sum += next[v];
		for (int32_t v = 0; v < n; v++)
		{
			next[v] /= sum;
			change += fabs(next[v] - rank[v]);
			rank[v] = next[v];
		}
		if (change < 1e-12)
			break;
	}
	cm_genv_free(env, out_weight);
	cm_genv_free(env, next);
	return status;
}

/* ---------------------------------------------------------------------
 * breadth-first search
 * --------------------------------------------------------------------- */

CmStatus
cm_bfs(CmGraphEnv *env, const CmGraph *g, const int32_t *seeds,
	   int32_t nseeds, CmDirection direction, int32_t max_depth,
	   int32_t max_nodes, CmVisit *visits, int32_t *nvisits, bool *truncated,
	   CmError *err)
{
	bool	   *seen;
	CmReverse	rev = {0};
	int32_t		count = 0;
	CmStatus	status = CM_OK;

	*nvisits = 0;
	*truncated = false;
	if (max_nodes < 0 || max_nodes > g->nnodes)
		max_nodes = g->nnodes;
	seen = cm_genv_alloc0(env, (size_t) g->nnodes + 1);
	if (seen == NULL)
		return cm_genv_fail(env, err, "searching the graph");
	if (direction != CM_DIR_OUT &&
		(status = cm_graph_reverse(env, g, &rev, err)) != CM_OK)
	{
		cm_genv_free(env, seen);
		return status;
	}

	for (int32_t i = 0; i < nseeds; i++)
	{
		int32_t		s = seeds[i];

		if (seen[s])
			continue;
		if (count == max_nodes)
		{
			*truncated = true;
			break;
		}
		seen[s] = true;
		visits[count].node = s;
		visits[count].depth = 0;
		visits[count].parent = -1;
		count++;
	}

	for (int32_t head = 0; head < count && status == CM_OK; head++)
	{
		int32_t		u = visits[head].node;
		int32_t		depth = visits[head].depth;

		if (head % POLL_EVERY == 0 && (status = cm_genv_poll(env, err)) != CM_OK)
			break;
		if (max_depth >= 0 && depth >= max_depth)
			continue;
		for (int pass = 0; pass < 2; pass++)
		{
			const int32_t *list;
			int32_t		lo;
			int32_t		hi;

			if (pass == 0 && direction == CM_DIR_IN)
				continue;
			if (pass == 1 && direction == CM_DIR_OUT)
				continue;
			list = pass == 0 ? g->targets : rev.sources;
			lo = pass == 0 ? g->offsets[u] : rev.offsets[u];
			hi = pass == 0 ? g->offsets[u + 1] : rev.offsets[u + 1];
			for (int32_t a = lo; a < hi; a++)
			{
				int32_t		v = list[a];

				if (seen[v])
					continue;
				if (count == max_nodes)
				{
					*truncated = true;
					break;
				}
				seen[v] = true;
				visits[count].node = v;
				visits[count].depth = depth + 1;
				visits[count].parent = u;
				count++;
			}
		}
	}
	*nvisits = count;
	cm_reverse_free(env, &rev);
	cm_genv_free(env, seen);
	return status;
}

CmStatus
cm_shortest_path(CmGraphEnv *env, const CmGraph *g, int32_t from, int32_t to,
				 int32_t *path, int32_t *length, CmError *err)
{
	int32_t    *parent;
	int32_t    *queue;
	int32_t		head = 0;
	int32_t		tail = 0;
	CmStatus	status = CM_OK;

	*length = 0;
	parent = cm_genv_alloc(env, (size_t) g->nnodes * sizeof(int32_t) + 1);
	queue = cm_genv_alloc(env, (size_t) g->nnodes * sizeof(int32_t) + 1);
	if (parent == NULL || queue == NULL)
	{
		cm_genv_free(env, parent);
		cm_genv_free(env, queue);
		return cm_genv_fail(env, err, "searching for a path");
	}
	for (int32_t v = 0; v < g->nnodes; v++)
		parent[v] = -2;
	parent[from] = -1;
	queue[tail++] = from;
	while (head < tail && parent[to] == -2)
	{
		int32_t		u = queue[head++];

		if (head % POLL_EVERY == 0 && (status = cm_genv_poll(env, err)) != CM_OK)
			break;
		for (int32_t a = g->offsets[u]; a < g->offsets[u + 1]; a++)
		{
			int32_t		v = g->targets[a];

			if (parent[v] == -2)
			{
				parent[v] = u;
				queue[tail++] = v;
			}
		}
	}
	if (status == CM_OK && parent[to] != -2)
	{
		int32_t		k = 0;

		for (int32_t v = to; v >= 0; v = parent[v])
			path[k++] = v;
		for (int32_t i = 0; i < k / 2; i++)
		{
			int32_t		t = path[i];

			path[i] = path[k - 1 - i];
			path[k - 1 - i] = t;
		}
		*length = k;
	}
	cm_genv_free(env, parent);
	cm_genv_free(env, queue);
	return status;
}

/* ---------------------------------------------------------------------
 * statistics
 * --------------------------------------------------------------------- */

static int
cmp_i64(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a;
	int64_t		y = *(const int64_t *) b;

	return (x > y) - (x < y);
}

CmStatus
cm_graph_stats(CmGraphEnv *env, const CmGraph *g, CmGraphStats *stats,
			   CmError *err)
{
	int32_t		n = g->nnodes;
	int64_t    *degree;
	double		sum = 0;

	memset(stats, 0, sizeof(*stats));
	stats->nodes = n;
	stats->arcs = g->narcs;
	stats->density = n >= 2 ? (double) g->narcs / ((double) n * (n - 1)) : NAN;
	stats->mean_degree = NAN;
	stats->median_degree = NAN;
	for (int32_t a = 0; a < g->narcs; a++)
		stats->total_weight += cm_graph_weight(g, a);
	if (n == 0)
		return CM_OK;

	degree = cm_genv_alloc0(env, (size_t) n * sizeof(int64_t));
	if (degree == NULL)
		return cm_genv_fail(env, err, "summarizing the graph");
	for (int32_t u = 0; u < n; u++)
		for (int32_t a = g->offsets[u]; a < g->offsets[u + 1]; a++)
		{
			degree[u]++;
			degree[g->targets[a]]++;
			if (g->targets[a] == u)
				stats->self_loops++;
		}
	for (int32_t u = 0; u < n; u++)
	{
		sum += degree[u];
		if (degree[u] == 0)
			stats->isolated++;
	}
	qsort(degree, (size_t) n, sizeof(int64_t), cmp_i64);
	stats->min_degree = degree[0];
	stats->max_degree = degree[n - 1];
	stats->mean_degree = sum / n;
	stats->median_degree = n % 2 ? (double) degree[n / 2]
		: (degree[n / 2 - 1] + degree[n / 2]) / 2.0;
	cm_genv_free(env, degree);
	return CM_OK;
}
