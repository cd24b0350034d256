/*-------------------------------------------------------------------------
 *
 * pg_explore.c
 *		Exploration over a repository's graph snapshot, held in backend
 *		memory between calls.
 *
 * refresh() stores, per repository and level (file or symbol), one graph
 * per reference kind in codemap.graph_snapshot, stamped with the
 * repository's version.  The first exploration call of a backend that
 * needs a snapshot reads it whole, checks it, builds the reverse of each
 * layer and keeps the result in a memory context of its own; later calls
 * at the same version use it as is.  A call names the version it expects
 * (what codemap._snapshot_version() saw in the same statement's snapshot),
 * so an entry of another version is never used: it is read again.
 *
 * An entry read from rows the current transaction wrote (a refresh, then
 * a query, in one transaction) is dropped when that transaction or
 * subtransaction ends, since a rollback would leave a cached version that
 * no committed row matches.
 *
 * The cache holds CACHE_SIZE entries and drops the least recently used.
 * A Linux kernel's symbol snapshot takes about 150 MB of a backend's
 * memory; the file snapshot about 15 MB.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/transam.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "pg_codemap.h"
#include "pg_graph.h"
#include "cm_explore.h"

#define CACHE_SIZE 4

/* The layers of a snapshot, in the order of the kind bits of a mask. */
static const char *const layer_kinds[] = {
	"imports", "calls", "inherits", "references"
};
#define NLAYERS lengthof(layer_kinds)

typedef struct SnapshotEntry
{
	bool		used;
	Oid			role;			/* who read it */
	int32		repo_id;
	bool		symbols;		/* the symbol level, else the file level */
	int64		version;
	bool		transient;		/* read from this transaction's own rows */
	uint64		last_use;
	MemoryContext context;
	CmLayers	layers;
} SnapshotEntry;

static SnapshotEntry cache[CACHE_SIZE];
static uint64 use_clock = 0;
static bool callbacks_registered = false;

static void
entry_drop(SnapshotEntry *entry)
{
	if (entry->used)
		MemoryContextDelete(entry->context);
	memset(entry, 0, sizeof(*entry));
}

static void
drop_transient(void)
{
	for (int i = 0; i < CACHE_SIZE; i++)
		if (cache[i].used && cache[i].transient)
			entry_drop(&cache[i]);
}

static void
explore_xact_callback(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT ||
		event == XACT_EVENT_PREPARE || event == XACT_EVENT_PARALLEL_COMMIT ||
		event == XACT_EVENT_PARALLEL_ABORT)
		drop_transient();
}

static void
explore_subxact_callback(SubXactEvent event, SubTransactionId sub,
						 SubTransactionId parent, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
		drop_transient();
}

/* "file" or "symbol": true for the symbol level. */
static bool
level_arg(text *level)
{
	char	   *s = text_to_cstring(level);

	if (strcmp(s, "symbol") == 0)
		return true;
	if (strcmp(s, "file") == 0)
		return false;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid snapshot level \"%s\"", s),
			 errhint("Snapshots are kept at levels file and symbol.")));
	return false;				/* not reached */
}

/* The bit mask of layers a kinds array selects; NULL selects all. */
static uint32
kinds_mask(FunctionCallInfo fcinfo, int argno)
{
	ArrayType  *kinds;
	Datum	   *values;
	bool	   *nulls;
	int			n;
	uint32		mask = 0;

	if (PG_ARGISNULL(argno))
		return (1u << NLAYERS) - 1;
	kinds = PG_GETARG_ARRAYTYPE_P(argno);
	deconstruct_array(kinds, TEXTOID, -1, false, TYPALIGN_INT,
					  &values, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		char	   *kind;
		int			l;

		if (nulls[i])
			continue;
		kind = TextDatumGetCString(values[i]);
		for (l = 0; l < (int) NLAYERS; l++)
			if (strcmp(kind, layer_kinds[l]) == 0)
				break;
		if (l < (int) NLAYERS)
			mask |= 1u << l;
	}
	return mask;
}

/* Read a snapshot's rows into a new entry; raise when there are none. */
static void
entry_load(SnapshotEntry *entry, int32 repo_id, bool symbols, int64 version)
{
	Oid			argtypes[3] = {INT4OID, TEXTOID, INT8OID};
	Datum		args[3];
	MemoryContext old;
	CmAllocator allocator;
	CmGraphEnv	env;
	int			rc;

	args[0] = Int32GetDatum(repo_id);
	args[1] = CStringGetTextDatum(symbols ? "symbol" : "file");
	args[2] = Int64GetDatum(version);

	entry->context = AllocSetContextCreate(TopMemoryContext,
										   "codemap graph snapshot",
										   ALLOCSET_DEFAULT_SIZES);
	entry->used = true;
	entry->role = GetUserId();
	entry->repo_id = repo_id;
	entry->symbols = symbols;
	entry->version = version;
	entry->layers.nlayers = NLAYERS;

	SPI_connect();
	rc = SPI_execute_with_args("SELECT s.kind, s.graph, s.xmin "
							   "FROM codemap.graph_snapshot s "
							   "WHERE s.repo_id = $1 AND s.level = $2 "
							   "AND s.version = $3",
							   3, argtypes, args, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "reading a graph snapshot failed: %s",
			 SPI_result_code_string(rc));
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("repository %d has no graph snapshot of version " INT64_FORMAT,
						repo_id, version),
				 errhint("codemap.refresh() stores one.")));

	cm_pg_graph_env_init(&env, &allocator, entry->context);
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tuple = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		char	   *kind = SPI_getvalue(tuple, desc, 1);
		Datum		graph = SPI_getbinval(tuple, desc, 2, &isnull);
		TransactionId xmin;
		int			l;
		CmLayer    *layer;
		CmError		err;

		for (l = 0; l < (int) NLAYERS; l++)
			if (kind && strcmp(kind, layer_kinds[l]) == 0)
				break;
		if (l == (int) NLAYERS || isnull)
			continue;
		xmin = DatumGetTransactionId(SPI_getbinval(tuple, desc, 3, &isnull));
		if (TransactionIdIsCurrentTransactionId(xmin))
			entry->transient = true;

		/* a private, checked copy of the value, then its reverse */
		layer = &entry->layers.layer[l];
		old = MemoryContextSwitchTo(entry->context);
		cm_pg_graph_arg(PointerGetDatum(PG_DETOAST_DATUM_COPY(graph)),
						&layer->graph);
		MemoryContextSwitchTo(old);
		cm_pg_graph_check(cm_graph_reverse(&env, &layer->graph,
										   &layer->reverse, &err), &err);
	}
	SPI_finish();
}

/*
 * The layers of a repository's snapshot at version: from the cache, or
 * read and kept.  Raises when the snapshot is missing.
 */
static const CmLayers *
snapshot_layers(int32 repo_id, bool symbols, int64 version)
{
	SnapshotEntry *volatile victim = &cache[0];

	if (!callbacks_registered)
	{
		RegisterXactCallback(explore_xact_callback, NULL);
		RegisterSubXactCallback(explore_subxact_callback, NULL);
		callbacks_registered = true;
	}

	for (int i = 0; i < CACHE_SIZE; i++)
	{
		SnapshotEntry *e = &cache[i];

		/*
		 * An entry serves only the role that read it, and only while that
		 * role may still read the repository: reading it again would now
		 * find nothing.
		 */
		if (e->used && e->role == GetUserId() && e->repo_id == repo_id &&
			e->symbols == symbols)
		{
			if (e->version == version)
			{
				if (!cm_pg_may_read(repo_id))
					ereport(ERROR,
							(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
							 errmsg("repository %d has no graph snapshot of version " INT64_FORMAT,
									repo_id, version),
							 errhint("codemap.refresh() stores one.")));
				e->last_use = ++use_clock;
				return &e->layers;
			}
			victim = e;			/* an older version: replace it */
			break;
		}
		if (!e->used ||
			(victim->used && e->used && e->last_use < victim->last_use))
			victim = e;
	}

	entry_drop(victim);
	PG_TRY();
	{
		entry_load(victim, repo_id, symbols, version);
	}
	PG_CATCH();
	{
		entry_drop(victim);
		PG_RE_THROW();
	}
	PG_END_TRY();
	victim->last_use = ++use_clock;
	return &victim->layers;
}

static void
put_row(ReturnSetInfo *rsinfo, const char *element, int64 node, bool has_node,
		int64 target, bool has_target, const char *kind, int32 distance,
		bool has_distance, double n)
{
	Datum		values[6];
	bool		nulls[6] = {false, !has_node, !has_target, kind == NULL,
	!has_distance, false};

	values[0] = CStringGetTextDatum(element);
	values[1] = Int64GetDatum(node);
	values[2] = Int64GetDatum(target);
	values[3] = kind ? CStringGetTextDatum(kind) : (Datum) 0;
	values[4] = Int32GetDatum(distance);
	values[5] = Float8GetDatum(n);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

/*
 * codemap._snapshot_hood(repo_id, version, level, origins, depth,
 *		direction, kinds, max_nodes)
 *		-> (element, node, target, kind, distance, n)
 *
 * The neighbourhood of origins in the snapshot, then the references among
 * its nodes: rows ('node', id, -, -, distance, -), at most one row
 * ('more', -, -, -, distance, count of nodes left out) and rows
 * ('edge', src, dst, kind, -, references).
 */
PG_FUNCTION_INFO_V1(codemap_snapshot_hood);
Datum
codemap_snapshot_hood(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int32		repo_id = PG_GETARG_INT32(0);
	int64		version = PG_GETARG_INT64(1);
	bool		symbols = level_arg(PG_GETARG_TEXT_PP(2));
	ArrayType  *origins_arr = PG_GETARG_ARRAYTYPE_P(3);
	int32		depth = PG_GETARG_INT32(4);
	CmDirection direction = cm_pg_direction_arg(PG_GETARG_TEXT_PP(5));
	uint32		mask = kinds_mask(fcinfo, 6);
	int32		max_nodes = PG_GETARG_INT32(7);
	const CmLayers *layers;
	Datum	   *values;
	bool	   *nulls;
	int			norigins;
	int64	   *origins;
	CmAllocator allocator;
	CmGraphEnv	env;
	CmError		err;
	CmHood		hood;
	CmLink	   *links;
	int64		nlinks;

	if (depth < 0 || max_nodes < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("depth must not be negative and max_nodes must be at least 1")));
	deconstruct_array(origins_arr, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &values, &nulls, &norigins);
	origins = palloc(sizeof(int64) * (norigins + 1));
	for (int i = 0; i < norigins; i++)
		origins[i] = nulls[i] ? 0 : DatumGetInt64(values[i]);

	layers = snapshot_layers(repo_id, symbols, version);
	InitMaterializedSRF(fcinfo, 0);
	cm_pg_graph_env_init(&env, &allocator, CurrentMemoryContext);

	cm_pg_graph_check(cm_hood(&env, layers, mask, origins, norigins, depth,
							  direction, max_nodes, &hood, &err), &err);
	for (int32 i = 0; i < hood.count; i++)
		put_row(rsinfo, "node", hood.nodes[i], true, 0, false, NULL,
				hood.distance[i], true, 0);
	if (hood.cut_at > 0)
		put_row(rsinfo, "more", 0, false, 0, false, NULL, hood.cut_at, true,
				(double) hood.cut_count);

	cm_pg_graph_check(cm_links_among(&env, layers, mask, hood.nodes,
									 hood.count, &links, &nlinks, &err), &err);
	for (int64 i = 0; i < nlinks; i++)
		put_row(rsinfo, "edge", links[i].src, true, links[i].dst, true,
				layer_kinds[links[i].layer], 0, false, links[i].weight);
	return (Datum) 0;
}

/*
 * codemap._snapshot_path(repo_id, version, level, from, to, kinds)
 *		-> (step, node)
 *
 * A path with the fewest references from one node to another along the
 * snapshot's arcs; no rows when there is none.
 */
PG_FUNCTION_INFO_V1(codemap_snapshot_path);
Datum
codemap_snapshot_path(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int32		repo_id = PG_GETARG_INT32(0);
	int64		version = PG_GETARG_INT64(1);
	bool		symbols = level_arg(PG_GETARG_TEXT_PP(2));
	int64		from = PG_GETARG_INT64(3);
	int64		to = PG_GETARG_INT64(4);
	uint32		mask = kinds_mask(fcinfo, 5);
	const CmLayers *layers;
	CmAllocator allocator;
	CmGraphEnv	env;
	CmError		err;
	int64	   *path;
	int32		length;

	layers = snapshot_layers(repo_id, symbols, version);
	InitMaterializedSRF(fcinfo, 0);
	cm_pg_graph_env_init(&env, &allocator, CurrentMemoryContext);

	cm_pg_graph_check(cm_layers_path(&env, layers, mask, from, to, &path,
									 &length, &err), &err);
	for (int32 i = 0; i < length; i++)
	{
		Datum		values[2] = {Int32GetDatum(i), Int64GetDatum(path[i])};
		bool		nulls[2] = {false, false};

		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
