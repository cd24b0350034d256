/*-------------------------------------------------------------------------
 *
 * pg_communities.c
 *		SQL wrappers of the graph algorithms: communities, modularity,
 *		components, pagerank, bfs and shortest_path.
 *
 * Each reads its graph argument (checked whole by cm_pg_graph_arg), runs
 * the core in a memory context of its own bounded by
 * codemap.graph_work_mem, and returns rows keyed by node id.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "pg_codemap.h"
#include "pg_graph.h"
#include "cm_cluster.h"
#include "cm_traverse.h"

static int
cmp_int64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

/* A work context and an environment over it. */
typedef struct GraphCall
{
	MemoryContext work;
	CmAllocator allocator;
	CmGraphEnv	env;
	CmError		err;
} GraphCall;

static void
call_begin(GraphCall *call)
{
	call->work = AllocSetContextCreate(CurrentMemoryContext, "codemap graph work",
									   ALLOCSET_DEFAULT_SIZES);
	cm_pg_graph_env_init(&call->env, &call->allocator, call->work);
}

static void
call_end(GraphCall *call)
{
	MemoryContextDelete(call->work);
}

/* The nodes of an int8[] argument as dense indexes; unknown ids raise. */
static int32_t *
node_indexes(const CmGraph *g, ArrayType *array, const char *what, int *count)
{
	Datum	   *items;
	bool	   *nulls;
	int32_t    *indexes;

	deconstruct_array(array, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &items, &nulls, count);
	indexes = palloc_array(int32_t, *count + 1);
	for (int i = 0; i < *count; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not contain nulls", what)));
		indexes[i] = cm_graph_find(g, DatumGetInt64(items[i]));
		if (indexes[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("node " INT64_FORMAT " of %s is not in the graph",
							DatumGetInt64(items[i]), what)));
	}
	return indexes;
}

static int32_t
node_index(const CmGraph *g, int64 id, const char *what)
{
	int32_t		i = cm_graph_find(g, id);

	if (i < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s node " INT64_FORMAT " is not in the graph", what, id)));
	return i;
}

/*
 * Rows (node, level, community) for every level of result, a community
 * being named by its smallest node id.
 */
static void
emit_levels(ReturnSetInfo *rsinfo, const CmGraph *graph, const CmCommunities *result)
{
	int64	   *name = palloc_array(int64, (Size) graph->nnodes + 1);

	for (int level = 0; level < result->nlevels; level++)
	{
		const int32_t *m = result->membership[level];

		for (int32_t c = 0; c < result->count[level]; c++)
			name[c] = -1;
		/* nodes come in id order: the first member met is the smallest */
		for (int32_t v = 0; v < graph->nnodes; v++)
			if (name[m[v]] == -1)
				name[m[v]] = v;
		for (int32_t v = 0; v < graph->nnodes; v++)
		{
			Datum		values[3];
			bool		nulls[3] = {0};

			values[0] = Int64GetDatum(graph->ids[v]);
			values[1] = Int32GetDatum(level);
			values[2] = Int64GetDatum(graph->ids[name[m[v]]]);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	pfree(name);
}

/*
 * communities(g, resolution, seed, max_levels)
 *		-> (node bigint, level int, community bigint)
 * A community is named by its smallest node id.
 */
PG_FUNCTION_INFO_V1(codemap_communities);
Datum
codemap_communities(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CmGraph		g;
	CmUGraph	ug;
	CmCommunityOptions options;
	CmCommunities result;
	GraphCall	call;

	cm_pg_graph_arg(PG_GETARG_DATUM(0), &g);
	cm_community_options_init(&options);
	options.resolution = PG_GETARG_FLOAT8(1);
	options.seed = (uint64_t) PG_GETARG_INT32(2);
	options.max_levels = PG_GETARG_INT32(3);
	InitMaterializedSRF(fcinfo, 0);

	call_begin(&call);
	cm_pg_graph_check(cm_ugraph_from_graph(&call.env, &g, &ug, &call.err), &call.err);
	cm_pg_graph_check(cm_communities(&call.env, &ug, &options, &result, &call.err),
					  &call.err);

	emit_levels(rsinfo, &g, &result);
	call_end(&call);
	return (Datum) 0;
}

/*
 * The partition putting nodes[i] in communities[i], as community numbers
 * below g->nnodes: labels numbered by rank, unlisted nodes alone after
 * them.  Unknown nodes, nulls, repeated nodes and unequal lengths raise.
 */
static int32_t *
partition_arg(const CmGraph *graph, ArrayType *nodes_arr, ArrayType *comm_arr)
{
	const CmGraph g = *graph;
	int			nnodes;
	int			ncomm;
	int32_t    *nodes;
	Datum	   *comm;
	bool	   *comm_nulls;
	int32_t    *membership;
	bool	   *listed;
	int64	   *sorted;
	int			nsorted = 0;

	nodes = node_indexes(&g, nodes_arr, "nodes", &nnodes);
	deconstruct_array(comm_arr, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &comm, &comm_nulls, &ncomm);
	if (ncomm != nnodes)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("nodes and communities differ in length (%d and %d)",
						nnodes, ncomm)));

	/*
	 * Community labels to numbers below g.nnodes: labels sorted and
	 * numbered by rank; unlisted nodes take numbers after them.
	 */
	sorted = palloc_array(int64, (Size) nnodes + 1);
	for (int i = 0; i < nnodes; i++)
	{
		if (comm_nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("communities must not contain nulls")));
		sorted[i] = DatumGetInt64(comm[i]);
	}
	qsort(sorted, nnodes, sizeof(int64), cmp_int64);
	for (int i = 0; i < nnodes; i++)
		if (i == 0 || sorted[i] != sorted[nsorted - 1])
			sorted[nsorted++] = sorted[i];
	membership = palloc_array(int32_t, (Size) g.nnodes + 1);
	listed = palloc0_array(bool, (Size) g.nnodes + 1);
	for (int i = 0; i < nnodes; i++)
	{
		int64		label = DatumGetInt64(comm[i]);
		int			lo = 0;
		int			hi = nsorted;

		if (listed[nodes[i]])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("node " INT64_FORMAT " is listed twice",
							g.ids[nodes[i]])));
		while (lo < hi)
		{
			int			mid = (lo + hi) / 2;

			if (sorted[mid] < label)
				lo = mid + 1;
			else
				hi = mid;
		}
		membership[nodes[i]] = lo;
		listed[nodes[i]] = true;
	}
	{
		int32_t		next = nsorted;

		for (int32_t v = 0; v < g.nnodes; v++)
			if (!listed[v])
				membership[v] = next++;
	}

	return membership;
}

/*
 * modularity(g, nodes bigint[], communities bigint[], resolution)
 * The partition gives nodes[i] the community communities[i]; a node not
 * listed is a community of its own.  NULL for a graph without edges.
 */
PG_FUNCTION_INFO_V1(codemap_modularity);
Datum
codemap_modularity(PG_FUNCTION_ARGS)
{
	CmGraph		g;
	CmUGraph	ug;
	GraphCall	call;
	ArrayType  *nodes_arr = PG_GETARG_ARRAYTYPE_P(1);
	ArrayType  *comm_arr = PG_GETARG_ARRAYTYPE_P(2);
	double		resolution = PG_GETARG_FLOAT8(3);
	int32_t    *membership;
	double		q;

	cm_pg_graph_arg(PG_GETARG_DATUM(0), &g);
	if (!(resolution > 0) || isinf(resolution))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("resolution must be a finite positive number")));
	membership = partition_arg(&g, nodes_arr, comm_arr);

	call_begin(&call);
	cm_pg_graph_check(cm_ugraph_from_graph(&call.env, &g, &ug, &call.err), &call.err);
	cm_pg_graph_check(cm_modularity(&call.env, &ug, membership, resolution, &q,
									&call.err), &call.err);
	call_end(&call);
	if (isnan(q))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(q);
}

/* components(g, strong) -> (node bigint, component bigint) */
PG_FUNCTION_INFO_V1(codemap_components);
Datum
codemap_components(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CmGraph		g;
	GraphCall	call;
	int32_t    *comp;

	cm_pg_graph_arg(PG_GETARG_DATUM(0), &g);
	InitMaterializedSRF(fcinfo, 0);
	call_begin(&call);
	comp = palloc_array(int32_t, (Size) g.nnodes + 1);
	cm_pg_graph_check(cm_components(&call.env, &g, PG_GETARG_BOOL(1), comp, &call.err),
					  &call.err);
	for (int32_t v = 0; v < g.nnodes; v++)
	{
		Datum		values[2];
		bool		nulls[2] = {0};

		values[0] = Int64GetDatum(g.ids[v]);
		values[1] = Int64GetDatum(g.ids[comp[v]]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	call_end(&call);
	return (Datum) 0;
}

/* pagerank(g, damping) -> (node bigint, rank float8) */
PG_FUNCTION_INFO_V1(codemap_pagerank);
Datum
codemap_pagerank(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CmGraph		g;
	GraphCall	call;
	double	   *rank;

	cm_pg_graph_arg(PG_GETARG_DATUM(0), &g);
	InitMaterializedSRF(fcinfo, 0);
	call_begin(&call);
	rank = palloc_array(double, (Size) g.nnodes + 1);
	cm_pg_graph_check(cm_pagerank(&call.env, &g, PG_GETARG_FLOAT8(1), rank, &call.err),
					  &call.err);
	for (int32_t v = 0; v < g.nnodes; v++)
	{
		Datum		values[2];
		bool		nulls[2] = {0};

		values[0] = Int64GetDatum(g.ids[v]);
		values[1] = Float8GetDatum(rank[v]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	call_end(&call);
	return (Datum) 0;
}

CmDirection
cm_pg_direction_arg(text *arg)
{
	char	   *s = text_to_cstring(arg);

	if (strcmp(s, "out") == 0)
		return CM_DIR_OUT;
	if (strcmp(s, "in") == 0)
		return CM_DIR_IN;
	if (strcmp(s, "both") == 0)
		return CM_DIR_BOTH;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unrecognized direction \"%s\"", s),
			 errhint("Use 'out', 'in' or 'both'.")));
	pg_unreachable();
}

/*
 * bfs(g, seeds bigint[], max_depth int, max_nodes int, direction text)
 *		-> (node bigint, depth int, parent bigint)
 * NULL bounds mean no bound.
 */
PG_FUNCTION_INFO_V1(codemap_bfs);
Datum
codemap_bfs(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CmGraph		g;
	GraphCall	call;
	int32_t    *seeds;
	int			nseeds;
	int32		max_depth = PG_ARGISNULL(2) ? -1 : PG_GETARG_INT32(2);
	int32		max_nodes = PG_ARGISNULL(3) ? -1 : PG_GETARG_INT32(3);
	CmDirection direction;
	CmVisit    *visits;
	int32_t		nvisits;
	bool		truncated;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(4))
		return (Datum) 0;
	cm_pg_graph_arg(PG_GETARG_DATUM(0), &g);
	if ((!PG_ARGISNULL(2) && max_depth < 0) || (!PG_ARGISNULL(3) && max_nodes < 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_depth and max_nodes must not be negative")));
	seeds = node_indexes(&g, PG_GETARG_ARRAYTYPE_P(1), "seeds", &nseeds);
	direction = cm_pg_direction_arg(PG_GETARG_TEXT_PP(4));
	InitMaterializedSRF(fcinfo, 0);
	call_begin(&call);
	visits = palloc_array(CmVisit, (Size) g.nnodes + 1);
	cm_pg_graph_check(cm_bfs(&call.env, &g, seeds, nseeds, direction, max_depth,
							 max_nodes, visits, &nvisits, &truncated, &call.err),
					  &call.err);
	for (int32_t i = 0; i < nvisits; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {0};

		values[0] = Int64GetDatum(g.ids[visits[i].node]);
		values[1] = Int32GetDatum(visits[i].depth);
		nulls[2] = visits[i].parent < 0;
		values[2] = nulls[2] ? (Datum) 0 : Int64GetDatum(g.ids[visits[i].parent]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	call_end(&call);
	return (Datum) 0;
}

/* shortest_path(g, from, to) -> (step int, node bigint); no rows: no path */
PG_FUNCTION_INFO_V1(codemap_shortest_path);
Datum
codemap_shortest_path(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CmGraph		g;
	GraphCall	call;
	int32_t		from;
	int32_t		to;
	int32_t    *path;
	int32_t		length;

	cm_pg_graph_arg(PG_GETARG_DATUM(0), &g);
	from = node_index(&g, PG_GETARG_INT64(1), "start");
	to = node_index(&g, PG_GETARG_INT64(2), "end");
	InitMaterializedSRF(fcinfo, 0);
	call_begin(&call);
	path = palloc_array(int32_t, (Size) g.nnodes + 1);
	cm_pg_graph_check(cm_shortest_path(&call.env, &g, from, to, path, &length,
									   &call.err), &call.err);
	for (int32_t i = 0; i < length; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {0};

		values[0] = Int32GetDatum(i);
		values[1] = Int64GetDatum(g.ids[path[i]]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	call_end(&call);
	return (Datum) 0;
}

/*
 * _cluster_tree(g, seed, min_top, max_top, initial_nodes bigint[],
 *				 initial_communities bigint[])
 *		-> (node bigint, level int, community bigint)
 * The cluster tree of a repository map (see cm_cluster_tree), started from
 * the given partition when the arrays are not empty.
 */
PG_FUNCTION_INFO_V1(codemap_cluster_tree);
Datum
codemap_cluster_tree(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CmGraph		g;
	CmUGraph	ug;
	CmClusterTreeOptions options;
	CmCommunities result;
	GraphCall	call;
	ArrayType  *initial_nodes = PG_GETARG_ARRAYTYPE_P(4);

	cm_pg_graph_arg(PG_GETARG_DATUM(0), &g);
	cm_cluster_tree_options_init(&options);
	options.seed = (uint64_t) PG_GETARG_INT32(1);
	options.min_top = PG_GETARG_INT32(2);
	options.max_top = PG_GETARG_INT32(3);
	if (ArrayGetNItems(ARR_NDIM(initial_nodes), ARR_DIMS(initial_nodes)) > 0)
		options.initial = partition_arg(&g, initial_nodes, PG_GETARG_ARRAYTYPE_P(5));
	InitMaterializedSRF(fcinfo, 0);

	call_begin(&call);
	cm_pg_graph_check(cm_ugraph_from_graph(&call.env, &g, &ug, &call.err), &call.err);
	cm_pg_graph_check(cm_cluster_tree(&call.env, &ug, &options, &result, &call.err),
					  &call.err);
	emit_levels(rsinfo, &g, &result);
	call_end(&call);
	return (Datum) 0;
}
