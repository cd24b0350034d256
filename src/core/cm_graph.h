/*-------------------------------------------------------------------------
 *
 * cm_graph.h
 *		The graph value: a compact, immutable CSR adjacency structure, its
 *		serialized form, and the memory and progress environment of every
 *		graph algorithm.
 *
 * A graph has nnodes nodes, each named by a distinct 64-bit id, and narcs
 * directed arcs with optional positive weights.  Node ids are kept sorted,
 * so that node i of the CSR is the i-th smallest id; the arcs of node i are
 * targets[offsets[i] .. offsets[i+1]), sorted by target index with no
 * duplicates (duplicate arcs are merged by adding their weights when the
 * graph is built).  Every weight 1 is stored as no weights at all.  Hence
 * one set of arcs has exactly one representation, whatever order its rows
 * came in.
 *
 * The serialized form (a "blob") is that structure laid out flat, and is
 * what the SQL type stores:
 *
 *		CmGraphHeader	magic, version, flags, nnodes, narcs
 *		int64			ids[nnodes]
 *		int32			offsets[nnodes + 1]
 *		int32			targets[narcs]		(then zero padding to 8 bytes)
 *		double			weights[narcs]		(only with CM_GRAPH_WEIGHTED)
 *
 * in the byte order of the machine that wrote it.  A blob always starts
 * 8-byte aligned.  cm_graph_view() checks every byte of a blob before any
 * algorithm reads it, so that a corrupted or hostile value is an error,
 * never an out-of-bounds read.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CM_GRAPH_H
#define CM_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cm_alloc.h"
#include "cm_error.h"

#define CM_GRAPH_MAGIC		0x4347u	/* "GC" */
#define CM_GRAPH_VERSION	1
#define CM_GRAPH_WEIGHTED	0x0001u

/*
 * Edge weights lie in [CM_GRAPH_MIN_WEIGHT, CM_GRAPH_MAX_WEIGHT]: sums over
 * two billion arcs and the ratios the algorithms take stay finite and
 * normal, whatever the weights.
 */
#define CM_GRAPH_MIN_WEIGHT 1e-100
#define CM_GRAPH_MAX_WEIGHT 1e100

static inline bool
cm_graph_weight_ok(double w)
{
	return w >= CM_GRAPH_MIN_WEIGHT && w <= CM_GRAPH_MAX_WEIGHT;
}

/* Bounds that keep every index in an int32 and every size in a size_t. */
#define CM_GRAPH_MAX_NODES	(INT32_MAX - 1)
#define CM_GRAPH_MAX_ARCS	(INT32_MAX - 1)

typedef struct CmGraphHeader
{
	uint16_t	magic;
	uint16_t	version;
	uint32_t	flags;
	int32_t		nnodes;
	int32_t		narcs;
} CmGraphHeader;

/* A read-only view of a validated blob (or of any CSR laid out alike). */
typedef struct CmGraph
{
	int32_t		nnodes;
	int32_t		narcs;
	const int64_t *ids;			/* nnodes, strictly increasing */
	const int32_t *offsets;		/* nnodes + 1 */
	const int32_t *targets;		/* narcs */
	const double *weights;		/* narcs, or NULL when every weight is 1 */
} CmGraph;

/* Writable pointers into a blob being filled (cm_graph_layout). */
typedef struct CmGraphParts
{
	int64_t    *ids;
	int32_t    *offsets;
	int32_t    *targets;
	double	   *weights;		/* NULL unless weighted */
} CmGraphParts;

/*
 * The environment of graph work: where memory comes from, how much of it
 * one call may hold (mem_limit bytes, 0 for no limit), and the progress
 * callback that lets the caller cancel.  mem_used and mem_peak are kept by
 * cm_genv_alloc/cm_genv_free.
 */
typedef struct CmGraphEnv
{
	const CmAllocator *allocator;
	size_t		mem_limit;
	size_t		mem_used;
	size_t		mem_peak;
	bool		over_limit;		/* an allocation was refused by mem_limit */
	CmProgressFn progress;
	void	   *progress_arg;
} CmGraphEnv;

/*
 * Edges as rows, the input of cm_graph_build.  dst[i] is ignored when
 * has_dst is not NULL and has_dst[i] is false: such a row only names node
 * src[i].  weight may be NULL (every weight 1).  The builder may reorder
 * the arrays.
 */
typedef struct CmEdgeList
{
	int64_t    *src;
	int64_t    *dst;
	double	   *weight;
	bool	   *has_dst;
	size_t		count;
} CmEdgeList;

/* Memory of the environment; NULL when the limit or the allocator refuses. */
extern void *cm_genv_alloc(CmGraphEnv *env, size_t size);
extern void *cm_genv_alloc0(CmGraphEnv *env, size_t size);
extern void cm_genv_free(CmGraphEnv *env, void *ptr);

/*
 * The error for a failed cm_genv_alloc: CM_ERR_TOO_LARGE when mem_limit
 * refused it, CM_ERR_NOMEM otherwise.
 */
extern CmStatus cm_genv_fail(CmGraphEnv *env, CmError *err, const char *what);

/* Ask the progress callback whether to go on; CM_ERR_CANCELED to stop. */
extern CmStatus cm_genv_poll(CmGraphEnv *env, CmError *err);

/* The size of the blob of a graph of these dimensions, or 0 if too large. */
extern size_t cm_graph_blob_size(int32_t nnodes, int32_t narcs, bool weighted);

/*
 * Write the header of a blob of blob_size(...) bytes (zeroed first) and
 * point parts at its arrays, to be filled by the caller and then checked
 * with cm_graph_view.
 */
extern void cm_graph_layout(void *blob, int32_t nnodes, int32_t narcs,
							bool weighted, CmGraphParts *parts);

/* Check every byte of a blob of len bytes and describe it in *graph. */
extern CmStatus cm_graph_view(const void *blob, size_t len, CmGraph *graph,
							  CmError *err);

/*
 * Build the blob of the graph of edges: ids sorted, duplicate arcs merged
 * by adding weights.  Weights, before and after adding, must lie within
 * the bounds above.  *blob comes from env's allocator.
 */
extern CmStatus cm_graph_build(CmGraphEnv *env, CmEdgeList *edges,
							   void **blob, size_t *len, CmError *err);

/*
 * Read the text form of a graph into edges (arrays from env):
 *		{1->2, 2->3:0.5, 4}
 * Items are "src->dst", "src->dst:weight" or a lone "id"; spaces anywhere
 * between tokens.  CM_ERR_SYNTAX with the byte offset on bad input.
 */
extern CmStatus cm_graph_parse_text(CmGraphEnv *env, const char *text,
									size_t len, CmEdgeList *edges,
									CmError *err);
extern void cm_edge_list_free(CmGraphEnv *env, CmEdgeList *edges);

/* The dense index of node id, or -1. */
extern int32_t cm_graph_find(const CmGraph *graph, int64_t id);

/* The root of v in a union-find forest, halving paths on the way. */
static inline int32_t
cm_uf_root(int32_t *parent, int32_t v)
{
	while (parent[v] != v)
	{
		parent[v] = parent[parent[v]];
		v = parent[v];
	}
	return v;
}

/* The weight of arc a (1 in an unweighted graph). */
static inline double
cm_graph_weight(const CmGraph *graph, int32_t arc)
{
	return graph->weights ? graph->weights[arc] : 1.0;
}

/*
 * The undirected form of a graph, used by clustering and weak components:
 * arcs u->v and v->u become one edge whose weight is their sum, stored in
 * both rows; a self-loop of weight w is stored once with weight 2w, so that
 * a row's weights add up to the node's degree (strength).
 */
typedef struct CmUGraph
{
	int32_t		nnodes;
	int64_t		nentries;		/* row entries, both directions */
	int64_t    *offsets;		/* nnodes + 1 */
	int32_t    *targets;
	double	   *weights;
	double	   *strength;		/* nnodes: sum of each row */
	double		total;			/* sum of every strength (2m) */
} CmUGraph;

extern CmStatus cm_ugraph_from_graph(CmGraphEnv *env, const CmGraph *graph,
									 CmUGraph *out, CmError *err);
extern void cm_ugraph_free(CmGraphEnv *env, CmUGraph *ugraph);

/* The reverse of a graph's arcs (in-arcs per node), without weights. */
typedef struct CmReverse
{
	int32_t    *offsets;		/* nnodes + 1 */
	int32_t    *sources;		/* narcs */
	int32_t    *arc;			/* narcs: the forward arc each entry mirrors */
} CmReverse;

extern CmStatus cm_graph_reverse(CmGraphEnv *env, const CmGraph *graph,
								 CmReverse *out, CmError *err);
extern void cm_reverse_free(CmGraphEnv *env, CmReverse *rev);

#endif							/* CM_GRAPH_H */
