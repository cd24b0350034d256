/*-------------------------------------------------------------------------
 *
 * cm_explore.c
 *		Neighbourhoods, references among a set and shortest paths over a
 *		stack of layers (see cm_explore.h).
 *
 * Nodes are named by id throughout, so that layers with different node
 * sets need no common index: a small open-addressing map from id to a
 * slot keeps what a search has seen.  The work of a query is the arcs of
 * the nodes it visits, not the size of the graph.
 *
 *-------------------------------------------------------------------------
 */
#include "cm_explore.h"

#include <stdlib.h>
#include <string.h>

#define POLL_EVERY 4096

/* ---------------------------------------------------------------------
 * A map from node id to a non-negative int32, with linear probing.
 * --------------------------------------------------------------------- */

typedef struct IdMap
{
	int64_t    *keys;
	int32_t    *values;			/* -1: empty slot */
	size_t		mask;			/* capacity - 1, a power of two */
	size_t		count;
} IdMap;

static inline size_t
id_hash(int64_t id)
{
	uint64_t	h = (uint64_t) id * UINT64_C(0x9E3779B97F4A7C15);

	return (size_t) (h ^ (h >> 29));
}

static CmStatus
idmap_alloc(CmGraphEnv *env, IdMap *map, size_t capacity, CmError *err)
{
	map->keys = cm_genv_alloc(env, capacity * sizeof(int64_t));
	map->values = cm_genv_alloc(env, capacity * sizeof(int32_t));
	if (!map->keys || !map->values)
	{
		cm_genv_free(env, map->keys);
		cm_genv_free(env, map->values);
		map->keys = NULL;
		map->values = NULL;
		return cm_genv_fail(env, err, "a map of visited nodes");
	}
	memset(map->values, 0xff, capacity * sizeof(int32_t));
	map->mask = capacity - 1;
	map->count = 0;
	return CM_OK;
}

static void
idmap_free(CmGraphEnv *env, IdMap *map)
{
	cm_genv_free(env, map->keys);
	cm_genv_free(env, map->values);
	memset(map, 0, sizeof(*map));
}

static CmStatus
idmap_init(CmGraphEnv *env, IdMap *map, size_t expected, CmError *err)
{
	size_t		capacity = 64;

	while (capacity < expected * 2)
		capacity *= 2;
	return idmap_alloc(env, map, capacity, err);
}

/* The value of id, or -1. */
static int32_t
idmap_get(const IdMap *map, int64_t id)
{
	size_t		i = id_hash(id) & map->mask;

	while (map->values[i] >= 0)
	{
		if (map->keys[i] == id)
			return map->values[i];
		i = (i + 1) & map->mask;
	}
	return -1;
}

/* Double the capacity, keeping every entry. */
static CmStatus
idmap_grow(CmGraphEnv *env, IdMap *map, CmError *err)
{
	IdMap		bigger;
	CmStatus	status;

	status = idmap_alloc(env, &bigger, (map->mask + 1) * 2, err);
	if (status != CM_OK)
		return status;
	for (size_t i = 0; i <= map->mask; i++)
	{
		size_t		j;

		if (map->values[i] < 0)
			continue;
		j = id_hash(map->keys[i]) & bigger.mask;
		while (bigger.values[j] >= 0)
			j = (j + 1) & bigger.mask;
		bigger.keys[j] = map->keys[i];
		bigger.values[j] = map->values[i];
	}
	bigger.count = map->count;
	idmap_free(env, map);
	*map = bigger;
	return CM_OK;
}

/*
 * The value of id; when id is absent, insert it with value fresh and set
 * *added.  *value receives the value either way.
 */
static CmStatus
idmap_put(CmGraphEnv *env, IdMap *map, int64_t id, int32_t fresh,
		  int32_t *value, bool *added, CmError *err)
{
	size_t		i;

	if ((map->count + 1) * 2 > map->mask + 1)
	{
		CmStatus	status = idmap_grow(env, map, err);

		if (status != CM_OK)
			return status;
	}
	i = id_hash(id) & map->mask;
	while (map->values[i] >= 0)
	{
		if (map->keys[i] == id)
		{
			*value = map->values[i];
			*added = false;
			return CM_OK;
		}
		i = (i + 1) & map->mask;
	}
	map->keys[i] = id;
	map->values[i] = fresh;
	map->count++;
	*value = fresh;
	*added = true;
	return CM_OK;
}

/* ---------------------------------------------------------------------
 * Growing arrays
 * --------------------------------------------------------------------- */

/* Make room for need elements of size bytes in *array of *capacity. */
static CmStatus
reserve(CmGraphEnv *env, void **array, size_t *capacity, size_t need,
		size_t size, CmError *err)
{
	size_t		cap = *capacity ? *capacity : 16;
	void	   *bigger;

	if (need <= *capacity)
		return CM_OK;
	while (cap < need)
		cap *= 2;
	bigger = cm_genv_alloc(env, cap * size);
	if (!bigger)
		return cm_genv_fail(env, err, "exploration results");
	if (*array)
		memcpy(bigger, *array, *capacity * size);
	cm_genv_free(env, *array);
	*array = bigger;
	*capacity = cap;
	return CM_OK;
}

/* ---------------------------------------------------------------------
 * Neighbourhoods
 * --------------------------------------------------------------------- */

typedef struct Candidate
{
	int64_t		id;
	double		refs;
} Candidate;

static int
candidate_cmp(const void *a, const void *b)
{
	const Candidate *x = a;
	const Candidate *y = b;

	if (x->refs != y->refs)
		return x->refs > y->refs ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static void
candidate_swap(Candidate *a, Candidate *b)
{
	Candidate	t = *a;

	*a = *b;
	*b = t;
}

/*
 * Order list so that its first k entries are its k best (by candidate_cmp),
 * in order; the rest follow in no particular order.  A step can reach tens
 * of thousands of candidates of which a budget keeps a few hundred:
 * sorting them all took a third of a neighbourhood's time.  Quickselect,
 * falling back to a whole sort if its partitions keep coming out uneven.
 */
static void
candidates_top(Candidate *list, size_t n, size_t k)
{
	size_t		lo = 0;
	size_t		hi = n;			/* the k-th best lies in [lo, hi) */
	int			rounds = 0;

	if (k >= n)
	{
		qsort(list, n, sizeof(Candidate), candidate_cmp);
		return;
	}
	while (hi - lo > 1 && k > lo && k < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;
		size_t		store = lo;

		if (++rounds > 64)
		{
			qsort(list + lo, hi - lo, sizeof(Candidate), candidate_cmp);
			break;
		}
		/* median of three as the pivot, moved to the end */
		if (candidate_cmp(&list[mid], &list[lo]) < 0)
			candidate_swap(&list[mid], &list[lo]);
		if (candidate_cmp(&list[hi - 1], &list[lo]) < 0)
			candidate_swap(&list[hi - 1], &list[lo]);
		if (candidate_cmp(&list[mid], &list[hi - 1]) < 0)
			candidate_swap(&list[mid], &list[hi - 1]);
		for (size_t i = lo; i < hi - 1; i++)
			if (candidate_cmp(&list[i], &list[hi - 1]) < 0)
				candidate_swap(&list[i], &list[store++]);
		candidate_swap(&list[store], &list[hi - 1]);
		/* list[lo, store) beat the pivot, now at store */
		if (store == k)
			break;
		if (store > k)
			hi = store;
		else
			lo = store + 1;
	}
	qsort(list, k, sizeof(Candidate), candidate_cmp);
}

/* The candidates one step from a frontier, with their references. */
typedef struct Step
{
	IdMap		index;			/* id -> slot in list */
	Candidate  *list;
	size_t		count;
	size_t		capacity;
} Step;

/* Count w references reaching id, unless seen already holds it. */
static CmStatus
step_add(CmGraphEnv *env, Step *step, const IdMap *seen, int64_t id,
		 double w, CmError *err)
{
	int32_t		slot;
	bool		added;
	CmStatus	status;

	if (idmap_get(seen, id) >= 0)
		return CM_OK;
	status = idmap_put(env, &step->index, id, (int32_t) step->count, &slot,
					   &added, err);
	if (status != CM_OK)
		return status;
	if (added)
	{
		status = reserve(env, (void **) &step->list, &step->capacity,
						 step->count + 1, sizeof(Candidate), err);
		if (status != CM_OK)
			return status;
		step->list[step->count].id = id;
		step->list[step->count].refs = 0;
		step->count++;
	}
	step->list[slot].refs += w;
	return CM_OK;
}

/*
 * The references one layer's arcs bring from the frontier to each node,
 * summed in an array over the layer's nodes: when the frontier has many
 * arcs (a popular header reaches thousands of files), one map lookup per
 * node reached instead of one per arc.
 */
static CmStatus
step_collect_dense(CmGraphEnv *env, const CmLayer *layer, const int64_t *frontier,
				   int32_t nfrontier, CmDirection direction, const IdMap *seen,
				   Step *step, CmError *err)
{
	const CmGraph *g = &layer->graph;
	const CmReverse *r = &layer->reverse;
	double	   *sum = cm_genv_alloc(env, (size_t) g->nnodes * sizeof(double));
	int32_t    *reached = cm_genv_alloc(env, (size_t) g->nnodes * sizeof(int32_t));
	int32_t		nreached = 0;
	CmStatus	status = CM_OK;

	if (!sum || !reached)
	{
		cm_genv_free(env, sum);
		cm_genv_free(env, reached);
		return cm_genv_fail(env, err, "a step's sums");
	}
	memset(sum, 0, (size_t) g->nnodes * sizeof(double));
	for (int32_t f = 0; f < nfrontier; f++)
	{
		int32_t		u;

		if (f % POLL_EVERY == 0 && (status = cm_genv_poll(env, err)) != CM_OK)
			break;
		if ((u = cm_graph_find(g, frontier[f])) < 0)
			continue;
		/* weights are positive: a zero sum marks a node not reached yet */
		if (direction != CM_DIR_IN)
			for (int32_t a = g->offsets[u]; a < g->offsets[u + 1]; a++)
			{
				int32_t		v = g->targets[a];

				if (sum[v] == 0 && nreached < g->nnodes)
					reached[nreached++] = v;
				sum[v] += cm_graph_weight(g, a);
			}
		if (direction != CM_DIR_OUT)
			for (int32_t a = r->offsets[u]; a < r->offsets[u + 1]; a++)
			{
				int32_t		v = r->sources[a];

				if (sum[v] == 0 && nreached < g->nnodes)
					reached[nreached++] = v;
				sum[v] += cm_graph_weight(g, r->arc[a]);
			}
	}
	for (int32_t i = 0; i < nreached && status == CM_OK; i++)
		status = step_add(env, step, seen, g->ids[reached[i]], sum[reached[i]], err);
	cm_genv_free(env, sum);
	cm_genv_free(env, reached);
	return status;
}

/*
 * Every candidate one step from the frontier nodes, along the layers, into
 * step (empty, its map not made yet).  The map is sized for the arcs the
 * frontier has, bounded.  A layer whose frontier arcs number more than a
 * sixteenth of its nodes is summed densely (step_collect_dense); the
 * others arc by arc.
 */
static CmStatus
step_collect(CmGraphEnv *env, const CmLayers *layers, uint32_t mask,
			 const int64_t *frontier, int32_t nfrontier,
			 CmDirection direction, const IdMap *seen, Step *step,
			 CmError *err)
{
	int64_t		arcs[CM_LAYERS_MAX] = {0};
	int64_t		all_arcs = 0;
	CmStatus	status;

	for (int l = 0; l < layers->nlayers; l++)
	{
		const CmGraph *g = &layers->layer[l].graph;
		const CmReverse *r = &layers->layer[l].reverse;

		if (!(mask & (1u << l)) || g->nnodes == 0)
			continue;
		for (int32_t f = 0; f < nfrontier; f++)
		{
			int32_t		u = cm_graph_find(g, frontier[f]);

			if (u < 0)
				continue;
			if (direction != CM_DIR_IN)
				arcs[l] += g->offsets[u + 1] - g->offsets[u];
			if (direction != CM_DIR_OUT)
				arcs[l] += r->offsets[u + 1] - r->offsets[u];
		}
		all_arcs += arcs[l];
	}
	status = idmap_init(env, &step->index,
						(size_t) (all_arcs < (1 << 18) ? all_arcs : (1 << 18)), err);
	if (status != CM_OK)
		return status;

	for (int l = 0; l < layers->nlayers; l++)
	{
		const CmGraph *g = &layers->layer[l].graph;
		const CmReverse *r = &layers->layer[l].reverse;

		if (arcs[l] == 0)
			continue;
		if (arcs[l] > g->nnodes / 16)
		{
			status = step_collect_dense(env, &layers->layer[l], frontier, nfrontier,
										direction, seen, step, err);
			if (status != CM_OK)
				return status;
			continue;
		}
		for (int32_t f = 0; f < nfrontier; f++)
		{
			int32_t		u;

			if (f % POLL_EVERY == 0 && (status = cm_genv_poll(env, err)) != CM_OK)
				return status;
			if ((u = cm_graph_find(g, frontier[f])) < 0)
				continue;
			if (direction != CM_DIR_IN)
				for (int32_t a = g->offsets[u]; a < g->offsets[u + 1]; a++)
					if ((status = step_add(env, step, seen, g->ids[g->targets[a]],
										   cm_graph_weight(g, a), err)) != CM_OK)
						return status;
			if (direction != CM_DIR_OUT)
				for (int32_t a = r->offsets[u]; a < r->offsets[u + 1]; a++)
					if ((status = step_add(env, step, seen, g->ids[r->sources[a]],
										   cm_graph_weight(g, r->arc[a]),
										   err)) != CM_OK)
						return status;
		}
	}
	return CM_OK;
}

/* Append id at distance d to the hood and to seen. */
static CmStatus
hood_add(CmGraphEnv *env, CmHood *hood, size_t capacity[2], IdMap *seen,
		 int64_t id, int32_t d, CmError *err)
{
	int32_t		slot;
	bool		added;
	CmStatus	status;

	status = idmap_put(env, seen, id, hood->count, &slot, &added, err);
	if (status != CM_OK || !added)
		return status;
	status = reserve(env, (void **) &hood->nodes, &capacity[0],
					 hood->count + 1, sizeof(int64_t), err);
	if (status == CM_OK)
		status = reserve(env, (void **) &hood->distance, &capacity[1],
						 hood->count + 1, sizeof(int32_t), err);
	if (status != CM_OK)
		return status;
	hood->nodes[hood->count] = id;
	hood->distance[hood->count] = d;
	hood->count++;
	return CM_OK;
}

/*
 * Whether any node lies one step past the candidates (taken as reached),
 * outside seen and the candidates themselves.
 */
static CmStatus
hood_peek(CmGraphEnv *env, const CmLayers *layers, uint32_t mask,
		  const Candidate *list, size_t count, CmDirection direction,
		  const IdMap *seen, bool *farther, CmError *err)
{
	IdMap		reached;
	Step		next = {0};
	int64_t    *ids;
	CmStatus	status;

	*farther = false;
	ids = cm_genv_alloc(env, count * sizeof(int64_t) + 1);
	if (!ids)
		return cm_genv_fail(env, err, "a frontier");
	status = idmap_init(env, &reached, seen->count + count, err);
	for (size_t i = 0; i <= seen->mask && status == CM_OK; i++)
	{
		int32_t		v;
		bool		added;

		if (seen->values[i] >= 0)
			status = idmap_put(env, &reached, seen->keys[i], 0, &v, &added, err);
	}
	for (size_t i = 0; i < count && status == CM_OK; i++)
	{
		int32_t		v;
		bool		added;

		ids[i] = list[i].id;
		status = idmap_put(env, &reached, list[i].id, 0, &v, &added, err);
	}
	if (status == CM_OK)
		status = step_collect(env, layers, mask, ids, (int32_t) count,
							  direction, &reached, &next, err);
	*farther = next.count > 0;
	idmap_free(env, &next.index);
	cm_genv_free(env, next.list);
	idmap_free(env, &reached);
	cm_genv_free(env, ids);
	return status;
}

CmStatus
cm_hood(CmGraphEnv *env, const CmLayers *layers, uint32_t mask,
		const int64_t *origins, int32_t norigins, int32_t depth,
		CmDirection direction, int32_t max_nodes, CmHood *hood,
		CmError *err)
{
	IdMap		seen;
	size_t		capacity[2] = {0, 0};	/* of nodes, of distance */
	int32_t		first = 0;		/* the frontier: hood->nodes[first ..] */
	CmStatus	status;

	memset(hood, 0, sizeof(*hood));
	if (norigins < 0 || depth < 0 || max_nodes < 1)
		return cm_error_set(err, CM_ERR_INVALID, 0,
							"invalid neighbourhood request");
	/* the map grows as needed: max_nodes may be a bound, not an estimate */
	status = idmap_init(env, &seen,
						(size_t) (max_nodes < 4096 ? max_nodes : 4096) + norigins,
						err);
	if (status != CM_OK)
		return status;

	for (int32_t i = 0; i < norigins && status == CM_OK; i++)
		status = hood_add(env, hood, capacity, &seen, origins[i], 0, err);

	for (int32_t d = 1; d <= depth && status == CM_OK; d++)
	{
		Step		step = {0};
		int32_t		end = hood->count;
		int64_t		room;

		if (first == end)
			break;
		status = step_collect(env, layers, mask, hood->nodes + first,
							  end - first, direction, &seen, &step, err);
		if (status == CM_OK && step.count > 0)
		{
			room = (int64_t) max_nodes - hood->count;
			/* the best room of them in order; only those can be kept */
			candidates_top(step.list, step.count, room > 0 ? (size_t) room : 0);
			if ((int64_t) step.count == room && d < depth)
			{
				/*
				 * They fill the budget exactly: if anything lies one step
				 * farther, one place must stay free to count it.
				 */
				bool		farther;

				status = hood_peek(env, layers, mask, step.list, step.count,
								   direction, &seen, &farther, err);
				if (status == CM_OK && farther)
					room--;
			}
			if ((int64_t) step.count > room && status == CM_OK)
			{
				/* keep a place for the node counting the rest */
				if ((int64_t) step.count > (int64_t) max_nodes - hood->count)
					room = room > 0 ? room - 1 : 0;
				hood->cut_at = d;
				hood->cut_count = (int64_t) step.count - room;
			}
			else
				room = (int64_t) step.count;
			for (int64_t i = 0; i < room && status == CM_OK; i++)
				status = hood_add(env, hood, capacity, &seen,
								  step.list[i].id, d, err);
		}
		idmap_free(env, &step.index);
		cm_genv_free(env, step.list);
		first = end;
		if (hood->cut_at)
			break;
	}

	idmap_free(env, &seen);
	if (status != CM_OK)
		cm_hood_free(env, hood);
	return status;
}

void
cm_hood_free(CmGraphEnv *env, CmHood *hood)
{
	cm_genv_free(env, hood->nodes);
	cm_genv_free(env, hood->distance);
	memset(hood, 0, sizeof(*hood));
}

/* ---------------------------------------------------------------------
 * References among a set
 * --------------------------------------------------------------------- */

static int
int64_cmp(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a;
	int64_t		y = *(const int64_t *) b;

	return (x > y) - (x < y);
}

CmStatus
cm_links_among(CmGraphEnv *env, const CmLayers *layers, uint32_t mask,
			   const int64_t *nodes, int32_t nnodes, CmLink **links,
			   int64_t *nlinks, CmError *err)
{
	IdMap		set;
	int64_t    *sorted;
	size_t		capacity = 0;
	int32_t		distinct = 0;
	CmStatus	status;

	*links = NULL;
	*nlinks = 0;
	if (nnodes <= 0)
		return CM_OK;

	/* the distinct members, in id order, so the output is ordered */
	sorted = cm_genv_alloc(env, (size_t) nnodes * sizeof(int64_t));
	if (!sorted)
		return cm_genv_fail(env, err, "a node set");
	memcpy(sorted, nodes, (size_t) nnodes * sizeof(int64_t));
	qsort(sorted, nnodes, sizeof(int64_t), int64_cmp);
	for (int32_t i = 0; i < nnodes; i++)
		if (i == 0 || sorted[i] != sorted[distinct - 1])
			sorted[distinct++] = sorted[i];

	status = idmap_init(env, &set, distinct, err);
	for (int32_t i = 0; i < distinct && status == CM_OK; i++)
	{
		int32_t		v;
		bool		added;

		status = idmap_put(env, &set, sorted[i], i, &v, &added, err);
	}

	/* each member's out-arcs that stay in the set */
	for (int32_t i = 0; i < distinct && status == CM_OK; i++)
	{
		if (i % POLL_EVERY == 0 && (status = cm_genv_poll(env, err)) != CM_OK)
			break;
		for (int l = 0; l < layers->nlayers && status == CM_OK; l++)
		{
			const CmGraph *g = &layers->layer[l].graph;
			int32_t		u;

			if (!(mask & (1u << l)) || (u = cm_graph_find(g, sorted[i])) < 0)
				continue;
			for (int32_t a = g->offsets[u]; a < g->offsets[u + 1]; a++)
			{
				int64_t		v = g->ids[g->targets[a]];

				if (idmap_get(&set, v) < 0)
					continue;
				status = reserve(env, (void **) links, &capacity,
								 (size_t) *nlinks + 1, sizeof(CmLink), err);
				if (status != CM_OK)
					break;
				(*links)[*nlinks].src = sorted[i];
				(*links)[*nlinks].dst = v;
				(*links)[*nlinks].layer = l;
				(*links)[*nlinks].weight = cm_graph_weight(g, a);
				(*nlinks)++;
			}
		}
	}

	idmap_free(env, &set);
	cm_genv_free(env, sorted);
	if (status != CM_OK)
	{
		cm_genv_free(env, *links);
		*links = NULL;
		*nlinks = 0;
	}
	return status;
}

/* ---------------------------------------------------------------------
 * Shortest paths, searched from both ends
 * --------------------------------------------------------------------- */

/*
 * One side of the search: the nodes it reached (seen: id -> slot), the
 * node each was reached from (parent, by slot; -1 for the start), and the
 * frontier, slots [first, count).
 */
typedef struct Side
{
	IdMap		seen;
	int64_t    *ids;
	int32_t    *parent;
	size_t		count;
	size_t		capacity;
	size_t		pcapacity;
	size_t		first;
	int64_t		work;			/* arcs of the frontier, to pick a side */
	CmDirection direction;
} Side;

static CmStatus
side_add(CmGraphEnv *env, Side *side, int64_t id, int32_t parent,
		 CmError *err)
{
	int32_t		slot;
	bool		added;
	CmStatus	status;

	status = idmap_put(env, &side->seen, id, (int32_t) side->count, &slot,
					   &added, err);
	if (status != CM_OK || !added)
		return status;
	status = reserve(env, (void **) &side->ids, &side->capacity,
					 side->count + 1, sizeof(int64_t), err);
	if (status == CM_OK)
		status = reserve(env, (void **) &side->parent, &side->pcapacity,
						 side->count + 1, sizeof(int32_t), err);
	if (status != CM_OK)
		return status;
	side->ids[side->count] = id;
	side->parent[side->count] = parent;
	side->count++;
	return CM_OK;
}

static void
side_free(CmGraphEnv *env, Side *side)
{
	idmap_free(env, &side->seen);
	cm_genv_free(env, side->ids);
	cm_genv_free(env, side->parent);
}

/* The arcs of a side's frontier in its direction: the cost of a step. */
static int64_t
side_work(const CmLayers *layers, uint32_t mask, const Side *side)
{
	int64_t		work = 0;

	for (size_t s = side->first; s < side->count; s++)
		for (int l = 0; l < layers->nlayers; l++)
		{
			const CmLayer *layer = &layers->layer[l];
			int32_t		u;

			if (!(mask & (1u << l)) ||
				(u = cm_graph_find(&layer->graph, side->ids[s])) < 0)
				continue;
			work += side->direction == CM_DIR_OUT
				? layer->graph.offsets[u + 1] - layer->graph.offsets[u]
				: layer->reverse.offsets[u + 1] - layer->reverse.offsets[u];
		}
	return work;
}

/* Advance a side by one step: every node one arc past its frontier. */
static CmStatus
side_step(CmGraphEnv *env, const CmLayers *layers, uint32_t mask,
		  Side *side, CmError *err)
{
	size_t		end = side->count;
	CmStatus	status = CM_OK;

	for (size_t s = side->first; s < end && status == CM_OK; s++)
	{
		if ((s - side->first) % POLL_EVERY == 0 &&
			(status = cm_genv_poll(env, err)) != CM_OK)
			break;
		for (int l = 0; l < layers->nlayers && status == CM_OK; l++)
		{
			const CmGraph *g = &layers->layer[l].graph;
			const CmReverse *r = &layers->layer[l].reverse;
			int32_t		u;

			if (!(mask & (1u << l)) || (u = cm_graph_find(g, side->ids[s])) < 0)
				continue;
			if (side->direction == CM_DIR_OUT)
				for (int32_t a = g->offsets[u];
					 a < g->offsets[u + 1] && status == CM_OK; a++)
					status = side_add(env, side, g->ids[g->targets[a]],
									  (int32_t) s, err);
			else
				for (int32_t a = r->offsets[u];
					 a < r->offsets[u + 1] && status == CM_OK; a++)
					status = side_add(env, side, g->ids[r->sources[a]],
									  (int32_t) s, err);
		}
	}
	side->first = end;
	return status;
}

/*
 * The best meeting node after a step of side moved: among the nodes it
 * just reached that the other side has seen, the one with the shortest
 * total path, then the smallest id.  -1 when none.
 */
static int64_t
side_meet(const Side *moved, size_t from, const Side *other,
		  int32_t *moved_slot, int32_t *other_slot)
{
	int64_t		best = -1;
	int32_t		best_len = 0;

	for (size_t s = from; s < moved->count; s++)
	{
		int32_t		o = idmap_get(&other->seen, moved->ids[s]);
		int32_t		len = 0;

		if (o < 0)
			continue;
		for (int32_t p = o; p >= 0; p = other->parent[p])
			len++;
		if (best < 0 || len < best_len ||
			(len == best_len && moved->ids[s] < moved->ids[*moved_slot]))
		{
			best = moved->ids[s];
			best_len = len;
			*moved_slot = (int32_t) s;
			*other_slot = o;
		}
	}
	return best;
}

/* Write the path through a meeting node: forward half, then backward. */
static CmStatus
path_write(CmGraphEnv *env, const Side *fwd, int32_t fslot, const Side *bwd,
		   int32_t bslot, int64_t **path, int32_t *length, CmError *err)
{
	int32_t		nf = 0,
				nb = 0;
	int32_t		i;

	for (int32_t p = fslot; p >= 0; p = fwd->parent[p])
		nf++;
	for (int32_t p = bwd->parent[bslot]; p >= 0; p = bwd->parent[p])
		nb++;
	*path = cm_genv_alloc(env, (size_t) (nf + nb) * sizeof(int64_t));
	if (!*path)
		return cm_genv_fail(env, err, "a path");
	i = nf;
	for (int32_t p = fslot; p >= 0; p = fwd->parent[p])
		(*path)[--i] = fwd->ids[p];
	i = nf;
	for (int32_t p = bwd->parent[bslot]; p >= 0; p = bwd->parent[p])
		(*path)[i++] = bwd->ids[p];
	*length = nf + nb;
	return CM_OK;
}

CmStatus
cm_layers_path(CmGraphEnv *env, const CmLayers *layers, uint32_t mask,
			   int64_t from, int64_t to, int64_t **path, int32_t *length,
			   CmError *err)
{
	Side		fwd = {0},
				bwd = {0};
	CmStatus	status;

	*path = NULL;
	*length = 0;
	fwd.direction = CM_DIR_OUT;
	bwd.direction = CM_DIR_IN;
	status = idmap_init(env, &fwd.seen, 64, err);
	if (status == CM_OK)
		status = idmap_init(env, &bwd.seen, 64, err);
	if (status == CM_OK)
		status = side_add(env, &fwd, from, -1, err);
	if (status == CM_OK)
		status = side_add(env, &bwd, to, -1, err);

	if (status == CM_OK && from == to)
		status = path_write(env, &fwd, 0, &bwd, 0, path, length, err);

	/*
	 * Step the side whose frontier has fewer arcs, a whole level at a time.
	 * The first level at which the sides meet holds the shortest paths; of
	 * its meeting nodes, side_meet takes the best.
	 */
	while (status == CM_OK && *length == 0 &&
		   fwd.first < fwd.count && bwd.first < bwd.count)
	{
		bool		forward = side_work(layers, mask, &fwd) <=
			side_work(layers, mask, &bwd);
		Side	   *moved = forward ? &fwd : &bwd;
		Side	   *other = forward ? &bwd : &fwd;
		size_t		from_slot = moved->count;
		int32_t		ms = 0,
					os = 0;

		status = side_step(env, layers, mask, moved, err);
		if (status != CM_OK)
			break;
		if (side_meet(moved, from_slot, other, &ms, &os) < 0)
			continue;
		status = forward
			? path_write(env, &fwd, ms, &bwd, os, path, length, err)
			: path_write(env, &fwd, os, &bwd, ms, path, length, err);
	}

	side_free(env, &fwd);
	side_free(env, &bwd);
	return status;
}
