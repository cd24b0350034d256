/*-------------------------------------------------------------------------
 *
 * pg_graph.h
 *		Helpers shared by the wrappers of the graph type and algorithms.
 *
 *-------------------------------------------------------------------------
 */
#ifndef PG_GRAPH_H
#define PG_GRAPH_H

#include "postgres.h"

#include "cm_graph.h"
#include "cm_traverse.h"

/* codemap.graph_work_mem, in kB */
extern int	cm_pg_graph_work_mem_kb;

/* An environment drawing from context, bounded by codemap.graph_work_mem. */
extern void cm_pg_graph_env_init(CmGraphEnv *env, CmAllocator *allocator,
								 MemoryContext context);

/* Detoast, check and view a graph datum; corrupted values raise. */
extern void cm_pg_graph_arg(Datum datum, CmGraph *graph);

/* cm_pg_check, with a hint on codemap.graph_work_mem for CM_ERR_TOO_LARGE. */
extern void cm_pg_graph_check(CmStatus status, const CmError *err);

/* 'out', 'in' or 'both' as a direction; anything else raises. */
extern CmDirection cm_pg_direction_arg(text *arg);

#endif							/* PG_GRAPH_H */
