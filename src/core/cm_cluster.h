/*-------------------------------------------------------------------------
 *
 * cm_cluster.h
 *		Community detection (Leiden) and modularity over undirected graphs.
 *
 * cm_communities runs the Leiden algorithm for modularity with a
 * resolution parameter on a CmUGraph and keeps every level of the
 * hierarchy it builds: level 0 is the refined partition of the first
 * aggregation (the finest), each next level groups whole communities of
 * the one before, and the last is the final partition (the coarsest).
 * Levels therefore nest.  Given the same graph, options and seed, the
 * answer is the same on every run and platform.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CM_CLUSTER_H
#define CM_CLUSTER_H

#include "cm_graph.h"

typedef struct CmCommunityOptions
{
	double		resolution;		/* gamma, > 0; 1 is plain modularity */
	uint64_t	seed;			/* of the node orders and random choices */
	int			max_levels;		/* at most this many levels, >= 1 */
	double		randomness;		/* theta of the refinement, > 0 (0.01) */

	/*
	 * A partition to start from (a community number per node, numbers below
	 * nnodes), or NULL for singletons.  Starting from the previous answer
	 * keeps communities stable across small changes of the graph.
	 */
	const int32_t *initial;
} CmCommunityOptions;

typedef struct CmCommunities
{
	int32_t		nnodes;
	int			nlevels;
	int32_t   **membership;		/* [level][node]: community, 0 .. count-1 */
	int32_t    *count;			/* [level]: how many communities */
} CmCommunities;

extern void cm_community_options_init(CmCommunityOptions *options);

extern CmStatus cm_communities(CmGraphEnv *env, const CmUGraph *graph,
							   const CmCommunityOptions *options,
							   CmCommunities *out, CmError *err);
extern void cm_communities_free(CmGraphEnv *env, CmCommunities *c);

/*
 * The modularity of a partition (community numbers below nnodes) at a
 * resolution:  Q = sum over communities of in/2m - gamma (tot/2m)^2,
 * where in counts each internal edge in both directions and tot is the
 * sum of the members' strengths.  NaN for a graph without edges.
 * CM_ERR_NOMEM only.
 */
extern CmStatus cm_modularity(CmGraphEnv *env, const CmUGraph *graph,
							  const int32_t *membership, double resolution,
							  double *q, CmError *err);

/*
 * A cluster tree for a map: the Leiden levels of cm_communities, then
 * coarser levels found at lower resolutions on the graph of the top
 * communities, until the top has at most max_top clusters (and, where the
 * graph allows, at least min_top).  A graph whose parts are not connected
 * keeps them apart, so its top may stay larger.
 */
typedef struct CmClusterTreeOptions
{
	uint64_t	seed;
	int			min_top;
	int			max_top;
	const int32_t *initial;		/* as in CmCommunityOptions */
} CmClusterTreeOptions;

extern void cm_cluster_tree_options_init(CmClusterTreeOptions *options);
extern CmStatus cm_cluster_tree(CmGraphEnv *env, const CmUGraph *graph,
								const CmClusterTreeOptions *options,
								CmCommunities *out, CmError *err);

#endif							/* CM_CLUSTER_H */
