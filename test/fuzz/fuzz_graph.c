/*-------------------------------------------------------------------------
 *
 * fuzz_graph.c
 *		libFuzzer target: graph values and the algorithms over them.
 *
 * The first byte of an input picks how the rest is read:
 *
 *	0	as a serialized graph (the bytes a stored value holds), which
 *		cm_graph_view must refuse or accept as sound
 *	1	as the text form
 *	2	as an edge list: pairs of bytes naming nodes 0..255, so that the
 *		algorithms meet dense graphs, self-loops and duplicates
 *
 * Every graph that is accepted then goes through every algorithm (the
 * map's cluster tree and the exploration functions included), whose
 * answers are checked for consistency (a community per node, ranks that
 * sum to 1, paths that follow arcs).  Any inconsistency aborts.  Build
 * and run with "make fuzz-graph" (clang, AddressSanitizer,
 * UndefinedBehaviorSanitizer).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cm_alloc.h"
#include "cm_cluster.h"
#include "cm_explore.h"
#include "cm_graph.h"
#include "cm_traverse.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond) do { if (!(cond)) abort(); } while (0)

/*
 * The exploration functions over the graph as one layer: neighbourhoods
 * within their budget, links among them that join members, and a path
 * from the first node to the last as long as the one-ended search found.
 */
static void
run_exploration(CmGraphEnv *env, const CmGraph *g, int32_t plain_len)
{
	CmLayers	layers = {.nlayers = 1};
	CmError		err;
	CmHood		hood;
	CmLink	   *links;
	int64_t		nlinks;
	int64_t    *path;
	int32_t		len;

	layers.layer[0].graph = *g;
	REQUIRE(cm_graph_reverse(env, g, &layers.layer[0].reverse, &err) == CM_OK);
	for (int32_t budget = 2; budget < 12; budget += 3)
	{
		REQUIRE(cm_hood(env, &layers, 1, &g->ids[0], 1, 3, CM_DIR_BOTH, budget,
						&hood, &err) == CM_OK);
		REQUIRE(hood.count >= 1 && hood.count + (hood.cut_at > 0) <= budget);
		REQUIRE(hood.nodes[0] == g->ids[0] && hood.distance[0] == 0);
		REQUIRE(cm_links_among(env, &layers, 1, hood.nodes, hood.count, &links,
							   &nlinks, &err) == CM_OK);
		for (int64_t i = 0; i < nlinks; i++)
		{
			bool		src = false,
						dst = false;

			for (int32_t k = 0; k < hood.count; k++)
			{
				src |= hood.nodes[k] == links[i].src;
				dst |= hood.nodes[k] == links[i].dst;
			}
			REQUIRE(src && dst);
		}
		cm_genv_free(env, links);
		cm_hood_free(env, &hood);
	}
	REQUIRE(cm_layers_path(env, &layers, 1, g->ids[0], g->ids[g->nnodes - 1],
						   &path, &len, &err) == CM_OK);
	REQUIRE(len == plain_len);
	cm_genv_free(env, path);
	cm_reverse_free(env, &layers.layer[0].reverse);
}

static void
run_algorithms(CmGraphEnv *env, const CmGraph *g)
{
	CmError		err;
	CmUGraph	ug;
	CmCommunities c;
	CmCommunityOptions opt;
	CmGraphStats stats;
	int32_t		n = g->nnodes;
	int32_t    *comp = malloc(((size_t) n + 1) * sizeof(int32_t));
	double	   *rank = malloc(((size_t) n + 1) * sizeof(double));
	CmVisit    *visits = malloc(((size_t) n + 1) * sizeof(CmVisit));
	int32_t    *path = malloc(((size_t) n + 1) * sizeof(int32_t));

	REQUIRE(cm_graph_stats(env, g, &stats, &err) == CM_OK);
	REQUIRE(stats.nodes == n && stats.arcs == g->narcs);

	REQUIRE(cm_components(env, g, false, comp, &err) == CM_OK);
	for (int32_t v = 0; v < n; v++)
		REQUIRE(comp[v] >= 0 && comp[v] <= v);
	REQUIRE(cm_components(env, g, true, comp, &err) == CM_OK);
	for (int32_t v = 0; v < n; v++)
		REQUIRE(comp[v] >= 0 && comp[v] <= v && comp[comp[v]] == comp[v]);

	if (n > 0)
	{
		double		sum = 0;
		int32_t		nv;
		bool		cut;
		int32_t		len;
		int32_t		seed = 0;

		REQUIRE(cm_pagerank(env, g, 0.85, rank, &err) == CM_OK);
		for (int32_t v = 0; v < n; v++)
			sum += rank[v];
		REQUIRE(fabs(sum - 1) < 1e-6);

		REQUIRE(cm_bfs(env, g, &seed, 1, CM_DIR_BOTH, 3, 50, visits, &nv, &cut, &err) == CM_OK);
		REQUIRE(nv >= 1 && nv <= 50 && visits[0].node == 0);
		REQUIRE(cm_shortest_path(env, g, 0, n - 1, path, &len, &err) == CM_OK);
		for (int32_t i = 0; i + 1 < len; i++)
		{
			bool		found = false;

			for (int32_t a = g->offsets[path[i]]; a < g->offsets[path[i] + 1]; a++)
				found |= g->targets[a] == path[i + 1];
			REQUIRE(found);
		}
		run_exploration(env, g, len);
	}

	REQUIRE(cm_ugraph_from_graph(env, g, &ug, &err) == CM_OK);
	cm_community_options_init(&opt);
	opt.seed = (uint64_t) g->narcs;
	REQUIRE(cm_communities(env, &ug, &opt, &c, &err) == CM_OK);
	for (int l = 0; l < c.nlevels; l++)
		for (int32_t v = 0; v < n; v++)
			REQUIRE(c.membership[l][v] >= 0 && c.membership[l][v] < c.count[l]);
	if (c.nlevels > 0)
	{
		double		q;

		REQUIRE(cm_modularity(env, &ug, c.membership[c.nlevels - 1], 1.0, &q, &err) == CM_OK);
		REQUIRE(isnan(q) || (q >= -1 && q <= 1));
	}
	cm_communities_free(env, &c);

	/* the map's cluster tree, with a small top so that it coarsens */
	{
		CmClusterTreeOptions tree;

		cm_cluster_tree_options_init(&tree);
		tree.min_top = 1;
		tree.max_top = 2;
		REQUIRE(cm_cluster_tree(env, &ug, &tree, &c, &err) == CM_OK);
		for (int l = 0; l < c.nlevels; l++)
			for (int32_t v = 0; v < n; v++)
				REQUIRE(c.membership[l][v] >= 0 && c.membership[l][v] < c.count[l]);
		cm_communities_free(env, &c);
	}
	cm_ugraph_free(env, &ug);
	free(comp);
	free(rank);
	free(visits);
	free(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	CmGraphEnv	env = {0};
	CmError		err;
	CmGraph		g;
	void	   *blob = NULL;
	size_t		len = 0;

	if (size < 1)
		return 0;
	env.allocator = &cm_libc_allocator;
	env.mem_limit = 64 * 1024 * 1024;

	if (data[0] % 3 == 0)
	{
		/* the bytes as stored, in an aligned copy */
		blob = cm_genv_alloc(&env, size);
		if (blob == NULL)
			return 0;
		memcpy(blob, data + 1, size - 1);
		if (cm_graph_view(blob, size - 1, &g, &err) == CM_OK)
			run_algorithms(&env, &g);
	}
	else
	{
		CmEdgeList	edges = {0};
		CmStatus	status;

		if (data[0] % 3 == 1)
			status = cm_graph_parse_text(&env, (const char *) data + 1, size - 1, &edges, &err);
		else
		{
			size_t		rows = (size - 1) / 2;

			edges.src = cm_genv_alloc(&env, (rows + 1) * sizeof(int64_t));
			edges.dst = cm_genv_alloc(&env, (rows + 1) * sizeof(int64_t));
			if (edges.src == NULL || edges.dst == NULL)
				abort();
			for (size_t i = 0; i < rows; i++)
			{
				edges.src[i] = data[1 + 2 * i];
				edges.dst[i] = data[2 + 2 * i];
			}
			edges.count = rows;
			status = CM_OK;
		}
		if (status == CM_OK &&
			cm_graph_build(&env, &edges, &blob, &len, &err) == CM_OK)
		{
			/* what the builder writes, the checks must accept */
			REQUIRE(cm_graph_view(blob, len, &g, &err) == CM_OK);
			run_algorithms(&env, &g);
		}
		cm_edge_list_free(&env, &edges);
	}
	cm_genv_free(&env, blob);
	REQUIRE(env.mem_used == 0);
	return 0;
}
