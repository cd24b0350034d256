/*-------------------------------------------------------------------------
 *
 * cm_traverse.h
 *		Whole-graph algorithms other than clustering: connected components,
 *		PageRank, bounded breadth-first search, shortest paths and summary
 *		statistics.  Nodes are dense indexes of a CmGraph.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CM_TRAVERSE_H
#define CM_TRAVERSE_H

#include "cm_graph.h"

/*
 * The component of every node, named by its smallest member's index:
 * weakly connected (arcs taken both ways) or, with strong, strongly
 * connected.  component has nnodes entries.
 */
extern CmStatus cm_components(CmGraphEnv *env, const CmGraph *graph,
							  bool strong, int32_t *component, CmError *err);

/*
 * PageRank of the arcs (weighted by their weights): rank has nnodes
 * entries summing to 1.  A node without out-arcs spreads its rank over
 * every node.  Iterates until the L1 change falls below 1e-12.
 */
extern CmStatus cm_pagerank(CmGraphEnv *env, const CmGraph *graph,
							double damping, double *rank, CmError *err);

typedef enum CmDirection
{
	CM_DIR_OUT,					/* along arcs */
	CM_DIR_IN,					/* against arcs */
	CM_DIR_BOTH
} CmDirection;

typedef struct CmVisit
{
	int32_t		node;
	int32_t		depth;
	int32_t		parent;			/* -1 for a seed */
} CmVisit;

/*
 * Breadth-first search from the seeds (distinct indexes), at most
 * max_depth arcs away (negative: no bound), reaching at most max_nodes
 * nodes seeds included (negative: no bound).  visits (nnodes entries)
 * receives the nodes in order of discovery; *nvisits their number;
 * *truncated whether max_nodes stopped nodes from being reached.
 */
extern CmStatus cm_bfs(CmGraphEnv *env, const CmGraph *graph,
					   const int32_t *seeds, int32_t nseeds,
					   CmDirection direction, int32_t max_depth,
					   int32_t max_nodes, CmVisit *visits, int32_t *nvisits,
					   bool *truncated, CmError *err);

/*
 * A path from one node to another with the fewest arcs, following arcs:
 * path (nnodes entries) receives it from start to end, *length its number
 * of nodes, 0 when there is none.  Among shortest paths, the first that
 * breadth-first search meets taking each node's arcs in index order, so
 * the answer is always the same.
 */
extern CmStatus cm_shortest_path(CmGraphEnv *env, const CmGraph *graph,
								 int32_t from, int32_t to, int32_t *path,
								 int32_t *length, CmError *err);

typedef struct CmGraphStats
{
	int64_t		nodes;
	int64_t		arcs;
	double		density;		/* arcs / (nodes (nodes - 1)); NaN below 2 */
	int64_t		self_loops;
	int64_t		isolated;		/* no arc in or out */
	double		total_weight;
	int64_t		min_degree;		/* degree: arcs in plus arcs out */
	int64_t		max_degree;
	double		mean_degree;
	double		median_degree;
} CmGraphStats;

extern CmStatus cm_graph_stats(CmGraphEnv *env, const CmGraph *graph,
							   CmGraphStats *stats, CmError *err);

#endif							/* CM_TRAVERSE_H */
