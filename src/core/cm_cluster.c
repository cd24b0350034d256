/*-------------------------------------------------------------------------
 *
 * cm_cluster.c
 *		Leiden community detection for modularity, keeping every level.
 *
 * One round on the current graph (the input, then each aggregate):
 *
 *	1. Move nodes: visit nodes from a queue in random order, move each to
 *	   the neighbouring community (or an empty one) that gains the most
 *	   modularity, and queue again the neighbours that the move may help.
 *	2. Refine: inside each community, start from singletons and merge each
 *	   node that is still alone and well connected to its community into a
 *	   well-connected sub-community, picked at random among those that do
 *	   not lose modularity with odds exp(gain / theta).  Every refined
 *	   community is connected, which is what Leiden adds to Louvain.
 *	3. Aggregate: each refined community becomes one node; its community
 *	   in the next round starts as the one step 1 gave it.
 *
 * The rounds stop when step 1 leaves every community a single node.  The
 * refined partition of each round is one level of the answer (each groups
 * whole communities of the level before, so levels nest), and the final
 * partition, when coarser, is the last.
 *
 * Modularity with resolution gamma is handled as the constant Potts model
 * with node weights k (strengths) and resolution gamma / 2m, so the gain
 * of moving node v into community C is  w(v, C) - gamma' k_v K_C.
 *
 *-------------------------------------------------------------------------
 */
#include "cm_cluster.h"

#include <math.h>
#include <string.h>

/*
 * Rounds are bounded by the graph shrinking each time; this bound only
 * keeps the level arrays fixed in size (real graphs take fewer than 10).
 */
#define MAX_ROUNDS 64

/*
 * Leiden passes at most, and the least gain in modularity that is worth
 * another pass.  The second pass gains most (on a planted partition of 1M
 * nodes, 0.011); from the third on, gains fall below 1e-4 while each pass
 * costs as much as the first.
 */
#define MAX_PASSES 32
#define MIN_PASS_GAIN 1e-4

/* Poll the progress callback every this many node visits. */
#define POLL_EVERY 4096

/* splitmix64: small, fast, and the same on every platform */
typedef struct Rng
{
	uint64_t	state;
} Rng;

static uint64_t
rng_next(Rng *rng)
{
	uint64_t	z = (rng->state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0. */
static uint32_t
rng_below(Rng *rng, uint32_t n)
{
	return (uint32_t) (((rng_next(rng) >> 32) * (uint64_t) n) >> 32);
}

/* Uniform in [0, 1). */
static double
rng_unit(Rng *rng)
{
	return (double) (rng_next(rng) >> 11) * (1.0 / 9007199254740992.0);
}

static void
shuffle(Rng *rng, int32_t *items, int32_t n)
{
	for (int32_t i = n - 1; i > 0; i--)
	{
		int32_t		j = (int32_t) rng_below(rng, (uint32_t) i + 1);
		int32_t		t = items[i];

		items[i] = items[j];
		items[j] = t;
	}
}

/* The graph of one round, in the layout of CmUGraph. */
typedef CmUGraph Level;

/*
 * Scratch space shared by the steps: per-community accumulators sized for
 * the input graph (every later graph is smaller).
 */
typedef struct Work
{
	CmGraphEnv *env;
	CmError    *err;
	Rng			rng;
	double		gamma;			/* resolution / 2m */
	double		theta;
	int32_t		n;				/* nodes of the input graph */
	double	   *neigh_w;		/* weight from the node to each community */
	int32_t    *neigh_list;		/* communities with neigh_w set */
	int32_t		neigh_count;
	double	   *tot;			/* strength of each community */
	int32_t    *size;			/* members of each community */
	int32_t    *order;			/* node visiting order / queue */
	bool	   *queued;
	int32_t    *empty;			/* stack of empty community numbers */
	double	   *ext;			/* refine: weight to the rest of the community */
	double	   *rext;			/* refine: same, for refined communities */
	double	   *rtot;			/* refine: strength of refined communities */
	double	   *cand_gain;		/* refine: candidates' gains */
	long		visits;
} Work;

static CmStatus
poll_progress(Work *w)
{
	if (++w->visits % POLL_EVERY == 0)
		return cm_genv_poll(w->env, w->err);
	return CM_OK;
}

/* Gather the weights from v to the communities (by membership) of its
 * neighbours, skipping v itself; only neighbours for which keep() holds. */
static void
gather(Work *w, const Level *g, int32_t v, const int32_t *membership,
	   const int32_t *within, int32_t within_value)
{
	w->neigh_count = 0;
	for (int64_t e = g->offsets[v]; e < g->offsets[v + 1]; e++)
	{
		int32_t		u = g->targets[e];
		int32_t		c;

		if (u == v || (within != NULL && within[u] != within_value))
			continue;
		c = membership[u];
		if (w->neigh_w[c] == 0)
			w->neigh_list[w->neigh_count++] = c;
		w->neigh_w[c] += g->weights[e];
	}
}

static void
clear_gathered(Work *w)
{
	for (int32_t i = 0; i < w->neigh_count; i++)
		w->neigh_w[w->neigh_list[i]] = 0;
	w->neigh_count = 0;
}

/*
 * Step 1: local moving until no node wants to move.  membership holds
 * community numbers below g->nnodes.
 */
static CmStatus
move_nodes(Work *w, const Level *g, int32_t *membership)
{
	int32_t		n = g->nnodes;
	int32_t		head = 0;
	int32_t		pending = n;
	int32_t		nempty = 0;
	CmStatus	status;

	memset(w->tot, 0, (size_t) n * sizeof(double));
	memset(w->size, 0, (size_t) n * sizeof(int32_t));
	for (int32_t v = 0; v < n; v++)
	{
		w->tot[membership[v]] += g->strength[v];
		w->size[membership[v]]++;
	}
	for (int32_t c = n - 1; c >= 0; c--)
		if (w->size[c] == 0)
			w->empty[nempty++] = c;
	for (int32_t v = 0; v < n; v++)
	{
		w->order[v] = v;
		w->queued[v] = true;
	}
	shuffle(&w->rng, w->order, n);

	/* order[] is a ring buffer of the queued nodes */
	while (pending > 0)
	{
		int32_t		v = w->order[head];
		int32_t		old = membership[v];
		double		kv = g->strength[v];
		int32_t		best = old;
		double		best_gain;

		head = head + 1 == n ? 0 : head + 1;
		pending--;
		w->queued[v] = false;
		if ((status = poll_progress(w)) != CM_OK)
			return status;

		gather(w, g, v, membership, NULL, 0);
		w->tot[old] -= kv;
		best_gain = w->neigh_w[old] - w->gamma * kv * w->tot[old];
		for (int32_t i = 0; i < w->neigh_count; i++)
		{
			int32_t		c = w->neigh_list[i];
			double		gain = w->neigh_w[c] - w->gamma * kv * w->tot[c];

			if (gain > best_gain)
			{
				best_gain = gain;
				best = c;
			}
		}
		/* alone in a community of its own, if nothing gains more than 0 */
		if (best_gain < 0 && w->size[old] > 1 && nempty > 0)
		{
			best = w->empty[--nempty];
			best_gain = 0;
		}
		clear_gathered(w);
		w->tot[best] += kv;
		if (best == old)
			continue;

		membership[v] = best;
		w->size[best]++;
		if (--w->size[old] == 0)
			w->empty[nempty++] = old;
		for (int64_t e = g->offsets[v]; e < g->offsets[v + 1]; e++)
		{
			int32_t		u = g->targets[e];

			if (!w->queued[u] && membership[u] != best)
			{
				int32_t		tail = head + pending;

				w->order[tail >= n ? tail - n : tail] = u;
				w->queued[u] = true;
				pending++;
			}
		}
	}
	return CM_OK;
}

/* Renumber communities 0 .. count-1 in order of first appearance. */
static int32_t
renumber(Work *w, int32_t *membership, int32_t n)
{
	int32_t    *map = w->order;		/* free between steps */
	int32_t		count = 0;

	for (int32_t c = 0; c < n; c++)
		map[c] = -1;
	for (int32_t v = 0; v < n; v++)
	{
		int32_t		c = membership[v];

		if (map[c] < 0)
			map[c] = count++;
		membership[v] = map[c];
	}
	return count;
}

/*
 * Step 2: the refined partition of part (community numbers below n) into
 * refined, numbered below n.
 */
static CmStatus
refine(Work *w, const Level *g, const int32_t *part, int32_t *refined)
{
	int32_t		n = g->nnodes;
	double	   *ptot = w->tot;		/* strength of each community of part */
	int32_t    *rsize = w->size;
	CmStatus	status;

	memset(ptot, 0, (size_t) n * sizeof(double));
	for (int32_t v = 0; v < n; v++)
	{
		double		ext = 0;

		ptot[part[v]] += g->strength[v];
		for (int64_t e = g->offsets[v]; e < g->offsets[v + 1]; e++)
			if (g->targets[e] != v && part[g->targets[e]] == part[v])
				ext += g->weights[e];
		w->ext[v] = ext;
		w->rext[v] = ext;
		w->rtot[v] = g->strength[v];
		refined[v] = v;
		rsize[v] = 1;
		w->order[v] = v;
	}
	shuffle(&w->rng, w->order, n);

	for (int32_t i = 0; i < n; i++)
	{
		int32_t		v = w->order[i];
		int32_t		s = part[v];
		double		kv = g->strength[v];
		double		max_gain = 0;
		int32_t		chosen = v;
		int32_t		ncand = 0;

		if ((status = poll_progress(w)) != CM_OK)
			return status;
		/* only a node still alone, and well connected to its community */
		if (refined[v] != v || rsize[v] != 1)
			continue;
		if (w->ext[v] < w->gamma * kv * (ptot[s] - kv))
			continue;

		/*
		 * Candidates: the well-connected refined communities of v's
		 * neighbours in the same community, whose gain is not negative
		 * (staying alone gains 0).  Their gains go in cand_gain, in the
		 * order of neigh_list, with the ones left out marked by -1.
		 */
		gather(w, g, v, refined, part, s);
		for (int32_t j = 0; j < w->neigh_count; j++)
		{
			int32_t		c = w->neigh_list[j];
			double		gain = -1;

			if (c != v &&
				w->rext[c] >= w->gamma * w->rtot[c] * (ptot[s] - w->rtot[c]))
			{
				gain = w->neigh_w[c] - w->gamma * kv * w->rtot[c];
				if (gain >= 0)
				{
					ncand++;
					if (gain > max_gain)
						max_gain = gain;
				}
				else
					gain = -1;
			}
			w->cand_gain[j] = gain;
		}

		/*
		 * Pick one with odds exp((gain - max) / theta), staying alone
		 * included; the shift by max keeps exp() from overflowing.
		 */
		if (ncand > 0)
		{
			double		sum = exp(-max_gain / w->theta);
			double		r;

			for (int32_t j = 0; j < w->neigh_count; j++)
				if (w->cand_gain[j] >= 0)
					sum += exp((w->cand_gain[j] - max_gain) / w->theta);
			r = rng_unit(&w->rng) * sum;
			r -= exp(-max_gain / w->theta);
			for (int32_t j = 0; j < w->neigh_count && r >= 0; j++)
				if (w->cand_gain[j] >= 0)
				{
					chosen = w->neigh_list[j];
					r -= exp((w->cand_gain[j] - max_gain) / w->theta);
				}
		}

		if (chosen != v)
		{
			double		wvc = w->neigh_w[chosen];

			refined[v] = chosen;
			rsize[v] = 0;
			rsize[chosen]++;
			w->rtot[chosen] += kv;
			w->rext[chosen] += w->ext[v] - 2 * wvc;
		}
		clear_gathered(w);
	}
	return CM_OK;
}

/*
 * The nodes of each community, in node order: members[start[c] ..
 * start[c+1]) are community c's, for n nodes in count communities.
 * start has count + 1 entries, members n.
 */
static void
group_members(const int32_t *membership, int32_t n, int32_t count,
			  int32_t *start, int32_t *members)
{
	memset(start, 0, ((size_t) count + 1) * sizeof(int32_t));
	for (int32_t v = 0; v < n; v++)
		start[membership[v] + 1]++;
	for (int32_t c = 0; c < count; c++)
		start[c + 1] += start[c];
	for (int32_t v = 0; v < n; v++)
		members[start[membership[v]]++] = v;
	for (int32_t c = count; c > 0; c--)
		start[c] = start[c - 1];
	start[0] = 0;
}

/*
 * Step 3: the graph whose nodes are the communities of membership (numbered
 * below count), with the weights between them summed; weights inside a
 * community become its self-loop entry, so strengths carry over.
 */
static CmStatus
aggregate(Work *w, const Level *g, const int32_t *membership, int32_t count,
		  Level *out)
{
	int32_t		n = g->nnodes;
	int32_t    *start = NULL;
	int32_t    *members = NULL;
	int64_t		cap;
	int64_t		k = 0;

	memset(out, 0, sizeof(*out));
	out->nnodes = count;
	start = cm_genv_alloc0(w->env, ((size_t) count + 1) * sizeof(int32_t));
	members = cm_genv_alloc(w->env, (size_t) n * sizeof(int32_t) + 1);
	/* at most the entries of g, and at most count^2 */
	cap = g->nentries;
	if ((double) count * count < (double) cap)
		cap = (int64_t) count * count;
	out->offsets = cm_genv_alloc(w->env, ((size_t) count + 1) * sizeof(int64_t));
	out->targets = cm_genv_alloc(w->env, (size_t) cap * sizeof(int32_t) + 1);
	out->weights = cm_genv_alloc(w->env, (size_t) cap * sizeof(double) + 1);
	out->strength = cm_genv_alloc0(w->env, ((size_t) count + 1) * sizeof(double));
	if (!start || !members || !out->offsets || !out->targets || !out->weights ||
		!out->strength)
	{
		cm_genv_free(w->env, start);
		cm_genv_free(w->env, members);
		cm_ugraph_free(w->env, out);
		return cm_genv_fail(w->env, w->err, "aggregating communities");
	}

	group_members(membership, n, count, start, members);

	for (int32_t c = 0; c < count; c++)
	{
		CmStatus	status;

		if ((status = poll_progress(w)) != CM_OK)
		{
			cm_genv_free(w->env, start);
			cm_genv_free(w->env, members);
			cm_ugraph_free(w->env, out);
			return status;
		}
		out->offsets[c] = k;
		w->neigh_count = 0;
		for (int32_t i = start[c]; i < start[c + 1]; i++)
		{
			int32_t		v = members[i];

			for (int64_t e = g->offsets[v]; e < g->offsets[v + 1]; e++)
			{
				int32_t		d = membership[g->targets[e]];

				if (w->neigh_w[d] == 0)
					w->neigh_list[w->neigh_count++] = d;
				w->neigh_w[d] += g->weights[e];
			}
		}
		for (int32_t i = 0; i < w->neigh_count; i++)
		{
			int32_t		d = w->neigh_list[i];

			out->targets[k] = d;
			out->weights[k] = w->neigh_w[d];
			out->strength[c] += w->neigh_w[d];
			k++;
		}
		clear_gathered(w);
	}
	out->offsets[count] = k;
	out->nentries = k;
	out->total = g->total;
	cm_genv_free(w->env, start);
	cm_genv_free(w->env, members);
	return CM_OK;
}

void
cm_community_options_init(CmCommunityOptions *options)
{
	options->resolution = 1.0;
	options->seed = 0;
	options->max_levels = 10;
	options->randomness = 0.01;
	options->initial = NULL;
}

static CmStatus
work_init(Work *w, CmGraphEnv *env, const CmUGraph *graph,
		  const CmCommunityOptions *options, CmError *err)
{
	size_t		n1 = (size_t) graph->nnodes + 1;

	memset(w, 0, sizeof(*w));
	w->env = env;
	w->err = err;
	w->rng.state = options->seed ^ UINT64_C(0x636F64656D6170);	/* "codemap" */
	w->gamma = options->resolution / graph->total;
	w->theta = options->randomness;
	w->n = graph->nnodes;
	w->neigh_w = cm_genv_alloc0(env, n1 * sizeof(double));
	w->neigh_list = cm_genv_alloc(env, n1 * sizeof(int32_t));
	w->tot = cm_genv_alloc(env, n1 * sizeof(double));
	w->size = cm_genv_alloc(env, n1 * sizeof(int32_t));
	w->order = cm_genv_alloc(env, n1 * sizeof(int32_t));
	w->queued = cm_genv_alloc(env, n1 * sizeof(bool));
	w->empty = cm_genv_alloc(env, n1 * sizeof(int32_t));
	w->ext = cm_genv_alloc(env, n1 * sizeof(double));
	w->rext = cm_genv_alloc(env, n1 * sizeof(double));
	w->rtot = cm_genv_alloc(env, n1 * sizeof(double));
	w->cand_gain = cm_genv_alloc(env, n1 * sizeof(double));
	if (!w->neigh_w || !w->neigh_list || !w->tot || !w->size || !w->order ||
		!w->queued || !w->empty || !w->ext || !w->rext || !w->rtot ||
		!w->cand_gain)
		return cm_genv_fail(env, err, "finding communities");
	return CM_OK;
}

static void
work_free(Work *w)
{
	cm_genv_free(w->env, w->neigh_w);
	cm_genv_free(w->env, w->neigh_list);
	cm_genv_free(w->env, w->tot);
	cm_genv_free(w->env, w->size);
	cm_genv_free(w->env, w->order);
	cm_genv_free(w->env, w->queued);
	cm_genv_free(w->env, w->empty);
	cm_genv_free(w->env, w->ext);
	cm_genv_free(w->env, w->rext);
	cm_genv_free(w->env, w->rtot);
	cm_genv_free(w->env, w->cand_gain);
}

/*
 * Replace each community of membership (over the input graph) by its
 * connected pieces, numbered in order of their first node.
 */
static CmStatus
split_disconnected(Work *w, const CmUGraph *graph, int32_t *membership,
				   int32_t *count)
{
	int32_t		n = graph->nnodes;
	int32_t    *piece = cm_genv_alloc(w->env, (size_t) n * sizeof(int32_t) + 1);
	int32_t    *queue = w->order;
	int32_t		pieces = 0;

	if (piece == NULL)
		return cm_genv_fail(w->env, w->err, "splitting communities");
	for (int32_t v = 0; v < n; v++)
		piece[v] = -1;
	for (int32_t s = 0; s < n; s++)
	{
		int32_t		head = 0;
		int32_t		tail = 0;

		if (piece[s] >= 0)
			continue;
		piece[s] = pieces;
		queue[tail++] = s;
		while (head < tail)
		{
			int32_t		v = queue[head++];

			for (int64_t e = graph->offsets[v]; e < graph->offsets[v + 1]; e++)
			{
				int32_t		u = graph->targets[e];

				if (piece[u] < 0 && membership[u] == membership[s])
				{
					piece[u] = pieces;
					queue[tail++] = u;
				}
			}
		}
		pieces++;
	}
	memcpy(membership, piece, (size_t) n * sizeof(int32_t));
	*count = pieces;
	cm_genv_free(w->env, piece);
	return CM_OK;
}

/* Append a level: the community of each input node, through node_of. */
static CmStatus
add_level(Work *w, CmCommunities *out, const int32_t *node_of,
		  const int32_t *membership, int32_t count)
{
	int32_t    *level = cm_genv_alloc(w->env, (size_t) out->nnodes * sizeof(int32_t) + 1);

	int32_t    *label = w->order;	/* free between steps */
	int32_t		next = 0;

	if (level == NULL)
		return cm_genv_fail(w->env, w->err, "keeping a level");
	/* communities numbered in order of their first input node */
	for (int32_t c = 0; c < out->nnodes; c++)
		label[c] = -1;
	for (int32_t v = 0; v < out->nnodes; v++)
	{
		int32_t		c = membership[node_of[v]];

		if (label[c] < 0)
			label[c] = next++;
		level[v] = label[c];
	}
	out->membership[out->nlevels] = level;
	out->count[out->nlevels] = count;
	out->nlevels++;
	return CM_OK;
}

static CmStatus
leiden_pass(CmGraphEnv *env, const CmUGraph *graph,
			const CmCommunityOptions *options, CmCommunities *out,
			CmError *err)
{
	Work		w;
	Level		current = *graph;	/* borrowed until the first aggregate */
	bool		owned = false;
	int32_t		n = graph->nnodes;
	int32_t    *node_of = NULL;		/* input node -> node of current */
	int32_t    *part = NULL;
	int32_t    *refined = NULL;
	CmStatus	status;

	memset(out, 0, sizeof(*out));
	out->nnodes = n;
	if (!(options->resolution > 0) || !isfinite(options->resolution))
		return cm_error_set(err, CM_ERR_INVALID, 0,
							"resolution must be a finite positive number");
	if (options->max_levels < 1)
		return cm_error_set(err, CM_ERR_INVALID, 0,
							"max_levels must be at least 1");
	if (!(options->randomness > 0) || !isfinite(options->randomness))
		return cm_error_set(err, CM_ERR_INVALID, 0,
							"randomness must be a finite positive number");
	if (options->initial != NULL)
		for (int32_t v = 0; v < n; v++)
			if (options->initial[v] < 0 || options->initial[v] >= n)
				return cm_error_set(err, CM_ERR_INVALID, 0,
									"initial community %d of node %d is out of range",
									(int) options->initial[v], (int) v);
	if (n == 0)
		return CM_OK;

	out->membership = cm_genv_alloc0(env, (MAX_ROUNDS + 1) * sizeof(int32_t *));
	out->count = cm_genv_alloc0(env, (MAX_ROUNDS + 1) * sizeof(int32_t));
	node_of = cm_genv_alloc(env, (size_t) n * sizeof(int32_t));
	part = cm_genv_alloc(env, (size_t) n * sizeof(int32_t));
	refined = cm_genv_alloc(env, (size_t) n * sizeof(int32_t));
	if (!out->membership || !out->count || !node_of || !part || !refined)
	{
		status = cm_genv_fail(env, err, "finding communities");
		goto done;
	}
	for (int32_t v = 0; v < n; v++)
	{
		node_of[v] = v;
		part[v] = options->initial ? options->initial[v] : v;
	}

	/* Without edges, every node is its own community. */
	if (!(graph->total > 0))
	{
		int32_t		count;

		memset(&w, 0, sizeof(w));
		w.env = env;
		w.err = err;
		for (int32_t v = 0; v < n; v++)
			part[v] = v;
		count = n;
		w.order = refined;
		status = add_level(&w, out, node_of, part, count);
		goto done;
	}

	if ((status = work_init(&w, env, graph, options, err)) != CM_OK)
		goto work_done;

	for (int round = 0;; round++)
	{
		int32_t		nparts;
		int32_t		nrefined;
		const int32_t *kept;
		Level		next;

		if ((status = move_nodes(&w, &current, part)) != CM_OK)
			break;
		nparts = renumber(&w, part, current.nnodes);
		if (nparts == current.nnodes && round > 0)
			break;				/* nothing left to merge */

		/*
		 * Keep the refined partition, unless refining merged nothing: that
		 * would aggregate to the same graph again, so keep the partition.
		 */
		if ((status = refine(&w, &current, part, refined)) != CM_OK)
			break;
		nrefined = renumber(&w, refined, current.nnodes);
		kept = refined;
		if (nrefined == current.nnodes)
		{
			kept = part;
			nrefined = nparts;
		}
		if (out->nlevels == MAX_ROUNDS)
			break;
		if ((status = add_level(&w, out, node_of, kept, nrefined)) != CM_OK)
			break;
		if (nrefined == current.nnodes)
			break;				/* every node alone: nothing to aggregate */

		/* Aggregate; each new node starts in its members' community. */
		if ((status = aggregate(&w, &current, kept, nrefined, &next)) != CM_OK)
			break;
		for (int32_t v = 0; v < n; v++)
			node_of[v] = kept[node_of[v]];
		for (int32_t v = 0; v < current.nnodes; v++)
			w.empty[kept[v]] = part[v];
		memcpy(part, w.empty, (size_t) nrefined * sizeof(int32_t));
		if (owned)
			cm_ugraph_free(env, &current);
		current = next;
		owned = true;
	}

	/* The final partition, when coarser than the last level kept. */
	if (status == CM_OK)
	{
		int32_t		nparts = renumber(&w, part, current.nnodes);

		if (out->nlevels == 0 || nparts < out->count[out->nlevels - 1])
			status = add_level(&w, out, node_of, part, nparts);
	}

	/*
	 * Refinement keeps every level but the final one connected; a move in
	 * the last round can still leave a community in pieces, which become
	 * communities of their own.  (A no-op on connected levels, and nesting
	 * holds: a connected community of a level below lies in one piece.)
	 */
	for (int l = 0; status == CM_OK && l < out->nlevels; l++)
		status = split_disconnected(&w, graph, out->membership[l], &out->count[l]);

	/* Past max_levels, the levels just below the final one go. */
	while (status == CM_OK && out->nlevels > options->max_levels)
	{
		int			drop = out->nlevels - 2;

		cm_genv_free(env, out->membership[drop]);
		out->membership[drop] = out->membership[drop + 1];
		out->count[drop] = out->count[drop + 1];
		out->nlevels--;
	}

work_done:
	work_free(&w);
	if (owned)
		cm_ugraph_free(env, &current);
done:
	cm_genv_free(env, node_of);
	cm_genv_free(env, part);
	cm_genv_free(env, refined);
	if (status != CM_OK)
		cm_communities_free(env, out);
	return status;
}

/*
 * Leiden passes, each starting from the final partition of the one before
 * with a new node order, until one gains less than MIN_PASS_GAIN; the
 * levels of the best pass are the answer.  Later passes split the communities
 * again by refinement, so their levels are a full hierarchy too.
 */
CmStatus
cm_communities(CmGraphEnv *env, const CmUGraph *graph,
			   const CmCommunityOptions *options, CmCommunities *out,
			   CmError *err)
{
	CmCommunityOptions pass = *options;
	CmStatus	status;
	double		best_q;

	status = leiden_pass(env, graph, &pass, out, err);
	if (status != CM_OK || out->nlevels == 0 || !(graph->total > 0))
		return status;
	status = cm_modularity(env, graph, out->membership[out->nlevels - 1],
						   options->resolution, &best_q, err);

	for (int iteration = 1; status == CM_OK && iteration < MAX_PASSES; iteration++)
	{
		CmCommunities next;
		double		q;

		pass.initial = out->membership[out->nlevels - 1];
		pass.seed = options->seed + (uint64_t) iteration;
		if ((status = leiden_pass(env, graph, &pass, &next, err)) != CM_OK)
			break;
		status = cm_modularity(env, graph, next.membership[next.nlevels - 1],
							   options->resolution, &q, err);
		if (status != CM_OK || !(q > best_q))
		{
			cm_communities_free(env, &next);
			break;
		}
		cm_communities_free(env, out);
		*out = next;
		if (q - best_q < MIN_PASS_GAIN)
			break;
		best_q = q;
	}
	if (status != CM_OK)
		cm_communities_free(env, out);
	return status;
}

void
cm_communities_free(CmGraphEnv *env, CmCommunities *c)
{
	if (c->membership != NULL)
		for (int i = 0; i < c->nlevels; i++)
			cm_genv_free(env, c->membership[i]);
	cm_genv_free(env, c->membership);
	cm_genv_free(env, c->count);
	c->membership = NULL;
	c->count = NULL;
	c->nlevels = 0;
}

CmStatus
cm_modularity(CmGraphEnv *env, const CmUGraph *g, const int32_t *membership,
			  double resolution, double *q, CmError *err)
{
	int32_t		n = g->nnodes;
	double	   *in;
	double	   *tot;
	double		sum = 0;

	if (!(g->total > 0))
	{
		*q = NAN;
		return CM_OK;
	}
	in = cm_genv_alloc0(env, ((size_t) n + 1) * sizeof(double));
	tot = cm_genv_alloc0(env, ((size_t) n + 1) * sizeof(double));
	if (in == NULL || tot == NULL)
	{
		cm_genv_free(env, in);
		cm_genv_free(env, tot);
		return cm_genv_fail(env, err, "computing modularity");
	}
	for (int32_t v = 0; v < n; v++)
	{
		tot[membership[v]] += g->strength[v];
		for (int64_t e = g->offsets[v]; e < g->offsets[v + 1]; e++)
			if (membership[g->targets[e]] == membership[v])
				in[membership[v]] += g->weights[e];
	}
	for (int32_t c = 0; c < n; c++)
		sum += in[c] / g->total - resolution * (tot[c] / g->total) * (tot[c] / g->total);
	*q = sum;
	cm_genv_free(env, in);
	cm_genv_free(env, tot);
	return CM_OK;
}

/* ---------------------------------------------------------------------
 * cluster trees for maps
 * --------------------------------------------------------------------- */

void
cm_cluster_tree_options_init(CmClusterTreeOptions *options)
{
	options->seed = 0;
	options->min_top = 8;
	options->max_top = 20;
	options->initial = NULL;
}

/* Append a level to c (arrays grown by one). */
static CmStatus
append_level(CmGraphEnv *env, CmCommunities *c, int32_t *membership,
			 int32_t count, CmError *err)
{
	int32_t   **levels = cm_genv_alloc(env, ((size_t) c->nlevels + 1) * sizeof(int32_t *));
	int32_t    *counts = cm_genv_alloc(env, ((size_t) c->nlevels + 1) * sizeof(int32_t));

	if (levels == NULL || counts == NULL)
	{
		cm_genv_free(env, levels);
		cm_genv_free(env, counts);
		return cm_genv_fail(env, err, "keeping a level");
	}
	memcpy(levels, c->membership, (size_t) c->nlevels * sizeof(int32_t *));
	memcpy(counts, c->count, (size_t) c->nlevels * sizeof(int32_t));
	levels[c->nlevels] = membership;
	counts[c->nlevels] = count;
	cm_genv_free(env, c->membership);
	cm_genv_free(env, c->count);
	c->membership = levels;
	c->count = counts;
	c->nlevels++;
	return CM_OK;
}

/*
 * The final partition of graph at a resolution (one level kept), into
 * *membership (from env) and *count.
 */
static CmStatus
partition_at(CmGraphEnv *env, const CmUGraph *graph, double resolution,
			 uint64_t seed, int32_t **membership, int32_t *count, CmError *err)
{
	CmCommunityOptions options;
	CmCommunities c;
	CmStatus	status;

	cm_community_options_init(&options);
	options.resolution = resolution;
	options.seed = seed;
	options.max_levels = 1;
	if ((status = cm_communities(env, graph, &options, &c, err)) != CM_OK)
		return status;
	*membership = c.membership[0];
	*count = c.count[0];
	c.nlevels = 0;				/* the level is the caller's now */
	cm_communities_free(env, &c);
	return CM_OK;
}

/*
 * Merge every cluster of membership (over agg's nodes, count clusters)
 * holding fewer than min_size input nodes into the neighbouring cluster it
 * shares the most weight with, smallest first, until none is left that
 * has a neighbour.  Renumbers membership and returns the new count.
 */
static CmStatus
absorb_small(Work *w, const Level *agg, const double *node_size,
			 int32_t *membership, int32_t *count, double min_size)
{
	int32_t		k = *count;
	int32_t    *parent = cm_genv_alloc(w->env, ((size_t) k + 1) * sizeof(int32_t));
	double	   *size = cm_genv_alloc0(w->env, ((size_t) k + 1) * sizeof(double));
	int32_t    *start = cm_genv_alloc0(w->env, ((size_t) k + 2) * sizeof(int32_t));
	int32_t    *members = cm_genv_alloc(w->env, ((size_t) agg->nnodes + 1) * sizeof(int32_t));
	CmStatus	status = CM_OK;

	if (!parent || !size || !start || !members)
	{
		status = cm_genv_fail(w->env, w->err, "merging small clusters");
		goto done;
	}
	for (int32_t c = 0; c < k; c++)
		parent[c] = c;
	for (int32_t v = 0; v < agg->nnodes; v++)
		size[membership[v]] += node_size[v];
	group_members(membership, agg->nnodes, k, start, members);

	for (int round = 0; round < 64; round++)
	{
		bool		merged = false;

		for (int32_t c = 0; c < k; c++)
		{
			int32_t		rc = cm_uf_root(parent, c);
			int32_t		best = -1;
			double		best_w = 0;

			if (rc != c || size[c] >= min_size)
				continue;
			/* weights from c's members to other clusters' roots */
			w->neigh_count = 0;
			for (int32_t i = start[c]; i < start[c + 1]; i++)
			{
				int32_t		v = members[i];

				for (int64_t e = agg->offsets[v]; e < agg->offsets[v + 1]; e++)
				{
					int32_t		d = cm_uf_root(parent, membership[agg->targets[e]]);

					if (d == c)
						continue;
					if (w->neigh_w[d] == 0)
						w->neigh_list[w->neigh_count++] = d;
					w->neigh_w[d] += agg->weights[e];
				}
			}
			for (int32_t i = 0; i < w->neigh_count; i++)
			{
				int32_t		d = w->neigh_list[i];

				if (w->neigh_w[d] > best_w ||
					(w->neigh_w[d] == best_w && best >= 0 && d < best))
				{
					best_w = w->neigh_w[d];
					best = d;
				}
			}
			clear_gathered(w);
			if (best < 0)
				continue;		/* nothing to join */
			/* c joins best: its members become best's */
			parent[c] = best;
			size[best] += size[c];
			merged = true;
			for (int32_t i = start[c]; i < start[c + 1]; i++)
				membership[members[i]] = best;
		}
		if (!merged)
			break;
		/* members lists follow the merges: rebuild them */
		for (int32_t v = 0; v < agg->nnodes; v++)
			membership[v] = cm_uf_root(parent, membership[v]);
		group_members(membership, agg->nnodes, k, start, members);
	}
	*count = renumber(w, membership, agg->nnodes);

done:
	cm_genv_free(w->env, parent);
	cm_genv_free(w->env, size);
	cm_genv_free(w->env, start);
	cm_genv_free(w->env, members);
	return status;
}

/*
 * One coarser level over agg (whose nodes are the top communities, of
 * node_size input nodes each): Leiden with the constant Potts model, node
 * weights the sizes, so that a merge costs resolution * a * b and big
 * clusters stop growing before small ones; the resolution is searched (on
 * a log scale) for a count of clusters in [min_top, max_top] once the
 * clusters smaller than a quarter of an even share are absorbed by their
 * best-connected neighbour.  *best gets the answer nearest the range.
 */
static CmStatus
coarser_level(Work *w, const Level *agg, const double *node_size,
			  double total_size, const CmClusterTreeOptions *options,
			  int32_t **best, int32_t *best_count)
{
	Level		potts = *agg;
	double		log_low = -30;	/* ln of the resolution bounds */
	double		log_high = 5;
	double		min_size = total_size / (4.0 * options->max_top);
	CmStatus	status = CM_OK;

	potts.strength = (double *) node_size;
	potts.total = 1;			/* so that gamma is the resolution itself */
	*best = NULL;
	*best_count = agg->nnodes;
	for (int step = 0; step < 48 && log_high - log_low > 1e-3; step++)
	{
		double		log_gamma = (log_low + log_high) / 2;
		int32_t    *m;
		int32_t		count;
		bool		nearer;

		if ((status = partition_at(w->env, &potts, exp(log_gamma), options->seed,
								   &m, &count, w->err)) != CM_OK)
			break;
		if ((status = absorb_small(w, agg, node_size, m, &count, min_size)) != CM_OK)
		{
			cm_genv_free(w->env, m);
			break;
		}
		/* nearest the range, preferring inside it, then more clusters */
		nearer = *best == NULL ||
			(count <= options->max_top && count >= options->min_top &&
			 (*best_count > options->max_top || *best_count < options->min_top ||
			  count > *best_count)) ||
			(count > options->max_top && *best_count > options->max_top &&
			 count < *best_count) ||
			(count < options->min_top && *best_count < options->min_top &&
			 count > *best_count);
		if (nearer)
		{
			cm_genv_free(w->env, *best);
			*best = m;
			*best_count = count;
		}
		else
			cm_genv_free(w->env, m);
		if (count >= options->min_top && count <= options->max_top)
			break;
		if (count > options->max_top)
			log_high = log_gamma;	/* too many: a lower resolution */
		else
			log_low = log_gamma;	/* too few: a higher one */
	}
	return status;
}

CmStatus
cm_cluster_tree(CmGraphEnv *env, const CmUGraph *graph,
				const CmClusterTreeOptions *options, CmCommunities *out,
				CmError *err)
{
	CmCommunityOptions leiden;
	CmStatus	status;
	Work		w;
	bool		work_ready = false;
	double	   *node_size = NULL;

	if (options->min_top < 1 || options->max_top < options->min_top)
		return cm_error_set(err, CM_ERR_INVALID, 0,
							"top cluster counts %d to %d are not a range",
							options->min_top, options->max_top);
	cm_community_options_init(&leiden);
	leiden.seed = options->seed;
	leiden.initial = options->initial;
	leiden.max_levels = MAX_ROUNDS;
	if ((status = cm_communities(env, graph, &leiden, out, err)) != CM_OK)
		return status;
	if (out->nlevels == 0 || !(graph->total > 0))
		return CM_OK;

	if ((status = work_init(&w, env, graph, &leiden, err)) != CM_OK)
		goto done;
	work_ready = true;
	node_size = cm_genv_alloc(env, ((size_t) graph->nnodes + 1) * sizeof(double));
	if (node_size == NULL)
	{
		status = cm_genv_fail(env, err, "building coarser levels");
		goto done;
	}
	for (int extra = 0; extra < 16 && out->count[out->nlevels - 1] > options->max_top; extra++)
	{
		const int32_t *top = out->membership[out->nlevels - 1];
		int32_t		k = out->count[out->nlevels - 1];
		Level		agg;
		int32_t    *best;
		int32_t		best_count;
		int32_t    *level;

		if ((status = aggregate(&w, graph, top, k, &agg)) != CM_OK)
			goto done;
		for (int32_t c = 0; c < k; c++)
			node_size[c] = 0;
		for (int32_t v = 0; v < out->nnodes; v++)
			node_size[top[v]] += 1;
		status = coarser_level(&w, &agg, node_size, out->nnodes, options,
							   &best, &best_count);
		cm_ugraph_free(env, &agg);
		if (status != CM_OK)
		{
			cm_genv_free(env, best);
			goto done;
		}
		if (best == NULL || best_count >= k)
		{
			cm_genv_free(env, best);
			break;				/* nothing merges: parts the graph keeps apart */
		}
		level = cm_genv_alloc(env, (size_t) out->nnodes * sizeof(int32_t) + 1);
		if (level == NULL)
		{
			cm_genv_free(env, best);
			status = cm_genv_fail(env, err, "keeping a level");
			goto done;
		}
		for (int32_t v = 0; v < out->nnodes; v++)
			level[v] = best[top[v]];
		cm_genv_free(env, best);
		if ((status = append_level(env, out, level, best_count, err)) != CM_OK)
		{
			cm_genv_free(env, level);
			goto done;
		}
	}

done:
	cm_genv_free(env, node_size);
	if (work_ready)
		work_free(&w);
	if (status != CM_OK)
		cm_communities_free(env, out);
	return status;
}
