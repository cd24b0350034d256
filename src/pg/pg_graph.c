/*-------------------------------------------------------------------------
 *
 * pg_graph.c
 *		The codemap.graph type: text and binary I/O, the graph_agg
 *		aggregate and graph_stats.
 *
 * A graph datum is a varlena whose payload starts with four zero bytes,
 * so that the core's blob after them is 8-byte aligned whenever the datum
 * is (palloc'd or stored with double alignment).  Every datum read from
 * anywhere goes through cm_pg_graph_arg(), which checks it whole.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "common/shortest_dec.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "pg_codemap.h"
#include "pg_graph.h"
#include "cm_traverse.h"

/* bytes before the blob: the varlena header and four zero bytes */
#define GRAPH_HDRSZ (VARHDRSZ + 4)

int			cm_pg_graph_work_mem_kb = 1024 * 1024;

void
cm_pg_graph_env_init(CmGraphEnv *env, CmAllocator *allocator,
					 MemoryContext context)
{
	cm_pg_allocator_init(allocator, context);
	memset(env, 0, sizeof(*env));
	env->allocator = allocator;
	env->mem_limit = (size_t) cm_pg_graph_work_mem_kb * 1024;
	env->progress = cm_pg_progress;
}

void
cm_pg_graph_check(CmStatus status, const CmError *err)
{
	if (status == CM_ERR_TOO_LARGE)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s", err->text),
				 errhint("Raise codemap.graph_work_mem, or work on a smaller graph.")));
	cm_pg_check(status, err);
}

/* Wrap a blob from the core in a new datum. */
static Datum
graph_datum(const void *blob, size_t len)
{
	bytea	   *result;

	if (len > MaxAllocSize - GRAPH_HDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("graph of %zu bytes is too large to store", len),
				 errdetail("A graph value holds at most 1 GB.")));
	result = palloc(GRAPH_HDRSZ + len);
	SET_VARSIZE(result, GRAPH_HDRSZ + len);
	memset(VARDATA(result), 0, 4);
	memcpy((char *) result + GRAPH_HDRSZ, blob, len);
	return PointerGetDatum(result);
}

void
cm_pg_graph_arg(Datum datum, CmGraph *graph)
{
	struct varlena *value = PG_DETOAST_DATUM(datum);
	const char *blob;
	size_t		len;
	CmError		err;

	if (VARSIZE(value) < GRAPH_HDRSZ || memcmp(VARDATA(value), "\0\0\0\0", 4) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("graph value is corrupted"),
				 errdetail("Its header is not that of a graph.")));
	blob = (const char *) value + GRAPH_HDRSZ;
	len = VARSIZE(value) - GRAPH_HDRSZ;
	if (((uintptr_t) blob & 7) != 0)
	{
		char	   *copy = palloc(len + 8);
		char	   *aligned = (char *) TYPEALIGN(8, copy);

		memcpy(aligned, blob, len);
		blob = aligned;
	}
	cm_pg_check(cm_graph_view(blob, len, graph, &err), &err);
}

/* ---------------------------------------------------------------------
 * text and binary I/O
 * --------------------------------------------------------------------- */

PG_FUNCTION_INFO_V1(codemap_graph_in);
Datum
codemap_graph_in(PG_FUNCTION_ARGS)
{
	char	   *text = PG_GETARG_CSTRING(0);
	CmAllocator allocator;
	CmGraphEnv	env;
	CmEdgeList	edges;
	CmError		err;
	void	   *blob;
	size_t		len;

	cm_pg_graph_env_init(&env, &allocator, CurrentMemoryContext);
	cm_pg_check(cm_graph_parse_text(&env, text, strlen(text), &edges, &err), &err);
	cm_pg_graph_check(cm_graph_build(&env, &edges, &blob, &len, &err), &err);
	PG_RETURN_DATUM(graph_datum(blob, len));
}

static void
append_weight(StringInfo buf, double w)
{
	char		digits[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(w, digits);
	appendStringInfoString(buf, digits);
}

PG_FUNCTION_INFO_V1(codemap_graph_out);
Datum
codemap_graph_out(PG_FUNCTION_ARGS)
{
	CmGraph		g;
	StringInfoData buf;
	bool	   *linked;
	bool		first = true;

	cm_pg_graph_arg(PG_GETARG_DATUM(0), &g);
	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	linked = palloc0_array(bool, (Size) g.nnodes + 1);
	for (int32_t u = 0; u < g.nnodes; u++)
		for (int32_t a = g.offsets[u]; a < g.offsets[u + 1]; a++)
		{
			if (!first)
				appendStringInfoString(&buf, ", ");
			first = false;
			appendStringInfo(&buf, INT64_FORMAT "->" INT64_FORMAT,
							 g.ids[u], g.ids[g.targets[a]]);
			if (g.weights != NULL)
			{
				appendStringInfoChar(&buf, ':');
				append_weight(&buf, g.weights[a]);
			}
			linked[u] = linked[g.targets[a]] = true;
		}
	for (int32_t u = 0; u < g.nnodes; u++)
		if (!linked[u])
		{
			if (!first)
				appendStringInfoString(&buf, ", ");
			first = false;
			appendStringInfo(&buf, INT64_FORMAT, g.ids[u]);
		}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/*
 * Binary form: int32 version, int32 flags, int32 nodes, int32 arcs, then
 * the ids (int8), offsets (int4, nodes + 1), targets (int4) and, when
 * weighted, weights (float8), all in network byte order.
 */
PG_FUNCTION_INFO_V1(codemap_graph_send);
Datum
codemap_graph_send(PG_FUNCTION_ARGS)
{
	CmGraph		g;
	StringInfoData buf;

	cm_pg_graph_arg(PG_GETARG_DATUM(0), &g);
	pq_begintypsend(&buf);
	pq_sendint32(&buf, CM_GRAPH_VERSION);
	pq_sendint32(&buf, g.weights ? CM_GRAPH_WEIGHTED : 0);
	pq_sendint32(&buf, g.nnodes);
	pq_sendint32(&buf, g.narcs);
	for (int32_t i = 0; i < g.nnodes; i++)
		pq_sendint64(&buf, g.ids[i]);
	for (int32_t i = 0; i <= g.nnodes; i++)
		pq_sendint32(&buf, g.offsets[i]);
	for (int32_t a = 0; a < g.narcs; a++)
		pq_sendint32(&buf, g.targets[a]);
	if (g.weights)
		for (int32_t a = 0; a < g.narcs; a++)
			pq_sendfloat8(&buf, g.weights[a]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(codemap_graph_recv);
Datum
codemap_graph_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		version = pq_getmsgint(buf, 4);
	uint32		flags = pq_getmsgint(buf, 4);
	int32		nnodes = pq_getmsgint(buf, 4);
	int32		narcs = pq_getmsgint(buf, 4);
	bool		weighted = (flags & CM_GRAPH_WEIGHTED) != 0;
	size_t		remaining = (size_t) (buf->len - buf->cursor);
	size_t		len;
	void	   *blob;
	CmGraphParts parts;
	CmGraph		g;
	CmError		err;

	if (version != CM_GRAPH_VERSION || (flags & ~CM_GRAPH_WEIGHTED) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary graph format %d, flags %u",
						version, flags)));
	/* the sizes must match the bytes sent before anything is allocated */
	if (nnodes < 0 || narcs < 0 || nnodes > CM_GRAPH_MAX_NODES ||
		narcs > CM_GRAPH_MAX_ARCS ||
		remaining != (size_t) nnodes * 12 + 4 + (size_t) narcs * (weighted ? 12 : 4))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("binary graph of %d nodes and %d arcs does not fit its %zu bytes",
						nnodes, narcs, remaining)));
	len = cm_graph_blob_size(nnodes, narcs, weighted);
	if (len == 0 || len > MaxAllocSize - GRAPH_HDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("graph of %d nodes and %d arcs is too large", nnodes, narcs)));
	blob = palloc0(len + 8);
	blob = (void *) TYPEALIGN(8, blob);
	cm_graph_layout(blob, nnodes, narcs, weighted, &parts);
	for (int32_t i = 0; i < nnodes; i++)
		parts.ids[i] = pq_getmsgint64(buf);
	for (int32_t i = 0; i <= nnodes; i++)
		parts.offsets[i] = pq_getmsgint(buf, 4);
	for (int32_t a = 0; a < narcs; a++)
		parts.targets[a] = pq_getmsgint(buf, 4);
	if (weighted)
		for (int32_t a = 0; a < narcs; a++)
			parts.weights[a] = pq_getmsgfloat8(buf);
	if (cm_graph_view(blob, len, &g, &err) != CM_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary graph"),
				 errdetail("%s.", err.text)));
	PG_RETURN_DATUM(graph_datum(blob, len));
}

/* ---------------------------------------------------------------------
 * graph_agg(src, dst [, weight])
 * --------------------------------------------------------------------- */

typedef struct GraphAggState
{
	CmEdgeList	edges;
	size_t		capacity;
	bool		weighted;
} GraphAggState;

static void
agg_grow(GraphAggState *state)
{
	size_t		cap = state->capacity ? state->capacity * 2 : 1024;
	size_t		row_bytes = 2 * sizeof(int64) + sizeof(double) + sizeof(bool);

	if (cap * row_bytes > (size_t) cm_pg_graph_work_mem_kb * 1024)
	{
		cap = (size_t) cm_pg_graph_work_mem_kb * 1024 / row_bytes;
		if (cap <= state->capacity)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("graph_agg holds more rows than codemap.graph_work_mem allows"),
					 errdetail("%zu rows take %zu kB.", state->edges.count,
							   state->edges.count * row_bytes / 1024),
					 errhint("Raise codemap.graph_work_mem.")));
	}
	if (state->capacity == 0)
	{
		state->edges.src = palloc_extended(cap * sizeof(int64), MCXT_ALLOC_HUGE);
		state->edges.dst = palloc_extended(cap * sizeof(int64), MCXT_ALLOC_HUGE);
		state->edges.weight = palloc_extended(cap * sizeof(double), MCXT_ALLOC_HUGE);
		state->edges.has_dst = palloc_extended(cap * sizeof(bool), MCXT_ALLOC_HUGE);
	}
	else
	{
		state->edges.src = repalloc_huge(state->edges.src, cap * sizeof(int64));
		state->edges.dst = repalloc_huge(state->edges.dst, cap * sizeof(int64));
		state->edges.weight = repalloc_huge(state->edges.weight, cap * sizeof(double));
		state->edges.has_dst = repalloc_huge(state->edges.has_dst, cap * sizeof(bool));
	}
	state->capacity = cap;
}

PG_FUNCTION_INFO_V1(codemap_graph_agg_step);
Datum
codemap_graph_agg_step(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	MemoryContext old;
	GraphAggState *state;
	double		w = 1.0;
	size_t		i;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "graph_agg called in a non-aggregate context");
	state = PG_ARGISNULL(0) ? NULL : (GraphAggState *) PG_GETARG_POINTER(0);
	if (state == NULL)
	{
		state = MemoryContextAllocZero(aggcontext, sizeof(GraphAggState));
	}
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(state);	/* no source: nothing to add */
	if (PG_NARGS() > 3 && !PG_ARGISNULL(3))
	{
		w = PG_GETARG_FLOAT8(3);
		if (!cm_graph_weight_ok(w))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("graph edge weight must lie between 1e-100 and 1e100"),
					 errdetail("Edge " INT64_FORMAT " -> " INT64_FORMAT " has weight %g.",
							   PG_GETARG_INT64(1),
							   PG_ARGISNULL(2) ? (int64) 0 : PG_GETARG_INT64(2), w)));
	}
	old = MemoryContextSwitchTo(aggcontext);
	if (state->edges.count == state->capacity)
		agg_grow(state);
	MemoryContextSwitchTo(old);
	i = state->edges.count++;
	state->edges.src[i] = PG_GETARG_INT64(1);
	state->edges.has_dst[i] = !PG_ARGISNULL(2);
	state->edges.dst[i] = PG_ARGISNULL(2) ? 0 : PG_GETARG_INT64(2);
	state->edges.weight[i] = w;
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(codemap_graph_agg_final);
Datum
codemap_graph_agg_final(PG_FUNCTION_ARGS)
{
	GraphAggState *state = PG_ARGISNULL(0) ? NULL : (GraphAggState *) PG_GETARG_POINTER(0);
	GraphAggState empty = {0};
	CmAllocator allocator;
	CmGraphEnv	env;
	CmError		err;
	void	   *blob;
	size_t		len;
	MemoryContext work;
	Datum		result;

	if (state == NULL)
		state = &empty;
	work = AllocSetContextCreate(CurrentMemoryContext, "codemap graph_agg",
								 ALLOCSET_DEFAULT_SIZES);
	cm_pg_graph_env_init(&env, &allocator, work);
	cm_pg_graph_check(cm_graph_build(&env, &state->edges, &blob, &len, &err), &err);
	result = graph_datum(blob, len);
	MemoryContextDelete(work);
	PG_RETURN_DATUM(result);
}

/* ---------------------------------------------------------------------
 * graph_stats
 * --------------------------------------------------------------------- */

PG_FUNCTION_INFO_V1(codemap_graph_stats);
Datum
codemap_graph_stats(PG_FUNCTION_ARGS)
{
	CmGraph		g;
	CmGraphStats s;
	CmAllocator allocator;
	CmGraphEnv	env;
	CmError		err;
	TupleDesc	desc;
	Datum		values[10];
	bool		nulls[10] = {0};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "graph_stats must return a record");
	cm_pg_graph_arg(PG_GETARG_DATUM(0), &g);
	cm_pg_graph_env_init(&env, &allocator, CurrentMemoryContext);
	cm_pg_graph_check(cm_graph_stats(&env, &g, &s, &err), &err);
	values[0] = Int64GetDatum(s.nodes);
	values[1] = Int64GetDatum(s.arcs);
	values[2] = Float8GetDatum(s.density);
	nulls[2] = isnan(s.density);
	values[3] = Int64GetDatum(s.self_loops);
	values[4] = Int64GetDatum(s.isolated);
	values[5] = Float8GetDatum(s.total_weight);
	values[6] = Int64GetDatum(s.min_degree);
	values[7] = Int64GetDatum(s.max_degree);
	values[8] = Float8GetDatum(s.mean_degree);
	values[9] = Float8GetDatum(s.median_degree);
	nulls[6] = nulls[7] = nulls[8] = nulls[9] = s.nodes == 0;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc),
													  values, nulls)));
}

/* ---------------------------------------------------------------------
 * graph_edges, graph_nodes: a graph back as rows
 * --------------------------------------------------------------------- */

PG_FUNCTION_INFO_V1(codemap_graph_edges);
Datum
codemap_graph_edges(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CmGraph		g;

	cm_pg_graph_arg(PG_GETARG_DATUM(0), &g);
	InitMaterializedSRF(fcinfo, 0);
	for (int32_t u = 0; u < g.nnodes; u++)
		for (int32_t a = g.offsets[u]; a < g.offsets[u + 1]; a++)
		{
			Datum		values[3];
			bool		nulls[3] = {0};

			values[0] = Int64GetDatum(g.ids[u]);
			values[1] = Int64GetDatum(g.ids[g.targets[a]]);
			values[2] = Float8GetDatum(cm_graph_weight(&g, a));
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(codemap_graph_nodes);
Datum
codemap_graph_nodes(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CmGraph		g;
	int32	   *in_degree;

	cm_pg_graph_arg(PG_GETARG_DATUM(0), &g);
	InitMaterializedSRF(fcinfo, 0);
	in_degree = palloc0_array(int32, (Size) g.nnodes + 1);
	for (int32_t a = 0; a < g.narcs; a++)
		in_degree[g.targets[a]]++;
	for (int32_t u = 0; u < g.nnodes; u++)
	{
		Datum		values[3];
		bool		nulls[3] = {0};

		values[0] = Int64GetDatum(g.ids[u]);
		values[1] = Int32GetDatum(g.offsets[u + 1] - g.offsets[u]);
		values[2] = Int32GetDatum(in_degree[u]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
