/*-------------------------------------------------------------------------
 *
 * cm_explore.h
 *		Exploration over a repository's graph held in memory: the
 *		neighbourhood of some nodes under a node budget, the references
 *		among a set of nodes, and a shortest path.
 *
 * The graph of one level (files or symbols) is a stack of layers, one per
 * reference kind (imports, calls, ...), each a CmGraph over node ids whose
 * arc weights count references, with its reverse.  Layers need not hold
 * the same nodes: everything here speaks of node ids, not dense indexes,
 * and a query chooses its layers with a bit mask.
 *
 * Answers are deterministic: candidates are ranked by the references that
 * reach them, then by id.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CM_EXPLORE_H
#define CM_EXPLORE_H

#include "cm_graph.h"
#include "cm_traverse.h"

#define CM_LAYERS_MAX 8

typedef struct CmLayer
{
	CmGraph		graph;			/* nnodes may be 0 */
	CmReverse	reverse;		/* in-arcs of graph */
} CmLayer;

typedef struct CmLayers
{
	int			nlayers;
	CmLayer		layer[CM_LAYERS_MAX];
} CmLayers;

/*
 * A neighbourhood: the origins (distance 0), then every node within depth
 * steps, nearest first and, at one distance, the most referenced first.
 * When the budget cuts a distance, cut_count nodes of distance cut_at were
 * left out, and nothing farther was looked at (cut_at is 0 when nothing
 * was cut).
 */
typedef struct CmHood
{
	int64_t    *nodes;
	int32_t    *distance;
	int32_t		count;
	int32_t		cut_at;
	int64_t		cut_count;
} CmHood;

/*
 * The nodes within depth steps of origins (ids; unknown ones are kept as
 * isolated nodes) along the layers in mask, in direction, at most
 * max_nodes in all counting a node for what was left out: when a distance
 * does not fit, one place is kept for it.  max_nodes must leave room for
 * the origins and that node.
 */
extern CmStatus cm_hood(CmGraphEnv *env, const CmLayers *layers,
						uint32_t mask, const int64_t *origins,
						int32_t norigins, int32_t depth,
						CmDirection direction, int32_t max_nodes,
						CmHood *hood, CmError *err);
extern void cm_hood_free(CmGraphEnv *env, CmHood *hood);

/* One set of references between two nodes, of one layer. */
typedef struct CmLink
{
	int64_t		src;
	int64_t		dst;
	int32_t		layer;
	double		weight;
} CmLink;

/*
 * Every arc among nodes (ids, any order, duplicates allowed) in the
 * layers of mask, ordered by source, layer and target.  *links comes from
 * env; NULL with *nlinks 0 when there is none.
 */
extern CmStatus cm_links_among(CmGraphEnv *env, const CmLayers *layers,
							   uint32_t mask, const int64_t *nodes,
							   int32_t nnodes, CmLink **links,
							   int64_t *nlinks, CmError *err);

/*
 * A path with the fewest arcs from node from to node to along the layers
 * of mask, found by searching from both ends.  *path (from env) receives
 * the ids from start to end and *length their number; 0 when there is no
 * path.  Among shortest paths, the answer is always the same one.
 */
extern CmStatus cm_layers_path(CmGraphEnv *env, const CmLayers *layers,
							   uint32_t mask, int64_t from, int64_t to,
							   int64_t **path, int32_t *length, CmError *err);

#endif							/* CM_EXPLORE_H */
