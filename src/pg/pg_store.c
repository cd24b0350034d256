/*-------------------------------------------------------------------------
 *
 * pg_store.c
 *		_store_staged(): parse the files staged for a repository and write
 *		their symbols, references and same-file edges.
 *
 * This is the indexer's inner loop, and most of its time goes to writing
 * rows: a large repository stores millions of nodes and references.  The
 * rows are therefore written the way COPY writes them, in multi-row heap
 * inserts followed by index insertions, instead of by statements that go
 * through the planner and executor for every batch.  The tables written
 * are the extension's own; before writing, the function checks that the
 * caller may insert into each of them.
 *
 * Constraints are checked as an INSERT would (NOT NULL, CHECK, unique
 * indexes; the tables have no foreign keys).
 *
 * Known shortcoming: rows written here do not pass through triggers or
 * row-level security policies.  The function refuses to run when a table
 * has row-level security enabled for the caller, rather than bypass it;
 * a user trigger added to these tables would not fire.
 *
 * Each file is parsed inside a subtransaction of its own, so that a file
 * the parser rejects (too large, over the memory budget, a grammar
 * failure) is reported as failed and the batch goes on.  Parsing writes
 * nothing to the database, so these subtransactions never take an XID.
 * A cancel or statement timeout is not caught.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/sequence.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/resowner.h"

#include "pg_codemap.h"

/* rows gathered per table before one multi-row insert */
#define CM_INSERT_BATCH		1000

/* most columns written to one table */
#define CM_MAX_COLUMNS		12

/* staged files fetched from the cursor at a time */
#define CM_FETCH_FILES		16

/*
 * A table open for inserting: rows collect in slots and go to the heap,
 * then to every index, CM_INSERT_BATCH at a time.
 */
typedef struct Inserter
{
	Relation	rel;
	ResultRelInfo *rri;
	TupleTableSlot *slots[CM_INSERT_BATCH];
	int			nused;
	int			natts;
	int			attnos[CM_MAX_COLUMNS];	/* of the columns written, in order */
	MemoryContext cxt;			/* where the slots live */
} Inserter;

typedef struct StoreState
{
	EState	   *estate;
	CommandId	cid;
	Oid			node_seq;
	int32		repo_id;
	bool		record_names;	/* fill changed_name */
	Inserter	node;
	Inserter	ref;
	Inserter	edge;
	Inserter	changed;

	/* names of the definitions stored, for changed_name */
	char	  **names;
	int			nnames;
	int			maxnames;
	MemoryContext names_context;
} StoreState;

static Oid
codemap_relid(const char *relname, LOCKMODE lockmode)
{
	return RangeVarGetRelid(makeRangeVar("codemap", pstrdup(relname), -1),
							lockmode, false);
}

/* A column the indexer writes, at its position in the table. */
typedef struct Column
{
	const char *name;
	Oid			type;
} Column;

static const Column node_columns[] = {
	{"repo_id", INT4OID}, {"id", INT8OID}, {"kind", TEXTOID}, {"name", TEXTOID},
	{"qualname", TEXTOID}, {"file_id", INT8OID}, {"parent_id", INT8OID},
	{"start_line", INT4OID}, {"end_line", INT4OID}, {NULL, InvalidOid}
};
static const Column ref_columns[] = {
	{"repo_id", INT4OID}, {"file_id", INT8OID}, {"ord", INT4OID}, {"src", INT8OID},
	{"kind", TEXTOID}, {"form", TEXTOID}, {"name", TEXTOID}, {"target", TEXTOID},
	{"alias", TEXTOID}, {"line", INT4OID}, {"local", BOOLOID}, {NULL, InvalidOid}
};
static const Column edge_columns[] = {
	{"repo_id", INT4OID}, {"file_id", INT8OID}, {"ord", INT4OID}, {"src", INT8OID},
	{"dst", INT8OID}, {"kind", TEXTOID}, {"confidence", FLOAT4OID}, {"alt", INT2OID},
	{NULL, InvalidOid}
};
static const Column changed_name_columns[] = {
	{"repo_id", INT4OID}, {"name", TEXTOID}, {NULL, InvalidOid}
};

/*
 * Find each column the indexer writes by name, so that a column added to
 * the table later (it gets NULL) or a dropped one does not shift the
 * others; a column missing or of another type is refused.
 */
static void
map_columns(Inserter *ins, const char *relname, const Column *columns)
{
	TupleDesc	desc = RelationGetDescr(ins->rel);

	for (int n = 0; columns[n].name != NULL; n++)
	{
		int			attno = 0;

		Assert(n < CM_MAX_COLUMNS);
		for (int i = 0; i < desc->natts && attno == 0; i++)
		{
			Form_pg_attribute attr = TupleDescAttr(desc, i);

			if (!attr->attisdropped &&
				strcmp(NameStr(attr->attname), columns[n].name) == 0)
				attno = attr->atttypid == columns[n].type ? i + 1 : -1;
		}
		if (attno <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("table \"codemap.%s\" has no column \"%s\" of the type codemap writes",
							relname, columns[n].name),
					 errhint("Recreate the extension, or undo the change to the table.")));
		ins->attnos[n] = attno;
	}
}

static void
inserter_open(Inserter *ins, const char *relname, const Column *columns)
{
	Oid			relid = codemap_relid(relname, RowExclusiveLock);
	AclResult	aclresult;

	aclresult = pg_class_aclcheck(relid, GetUserId(), ACL_INSERT);
	if (aclresult != ACLCHECK_OK)
		aclcheck_error(aclresult, OBJECT_TABLE, get_rel_name(relid));

	ins->rel = table_open(relid, NoLock);
	map_columns(ins, relname, columns);
	ins->rri = makeNode(ResultRelInfo);

	/*
	 * Range table index 0: there is no range table, and the executor's
	 * helpers then take the relation as not named by any query (which
	 * matters only when they describe a failing row).
	 */
	InitResultRelInfo(ins->rri, ins->rel, 0, NULL, 0);
	ExecOpenIndices(ins->rri, false);
	ins->natts = RelationGetDescr(ins->rel)->natts;
	ins->nused = 0;
	ins->cxt = CurrentMemoryContext;
	for (int i = 0; i < CM_INSERT_BATCH; i++)
		ins->slots[i] = NULL;
}

/* Write the gathered rows: heap first, then each index. */
static void
inserter_flush(StoreState *st, Inserter *ins)
{
	if (ins->nused == 0)
		return;
	table_multi_insert(ins->rel, ins->slots, ins->nused, st->cid, 0, NULL);
	for (int i = 0; i < ins->nused; i++)
	{
		List	   *recheck;

		recheck = ExecInsertIndexTuples(ins->rri, ins->slots[i], st->estate,
										false, false, NULL, NIL);
		list_free(recheck);
		ResetPerTupleExprContext(st->estate);
	}
	for (int i = 0; i < ins->nused; i++)
		ExecClearTuple(ins->slots[i]);
	ins->nused = 0;
}

/* A cleared slot to fill: set tts_values and tts_isnull, then inserter_add. */
static TupleTableSlot *
inserter_next(Inserter *ins)
{
	TupleTableSlot *slot = ins->slots[ins->nused];

	if (slot == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(ins->cxt);

		slot = ins->slots[ins->nused] = table_slot_create(ins->rel, NULL);
		MemoryContextSwitchTo(old);
	}
	ExecClearTuple(slot);
	memset(slot->tts_isnull, true, sizeof(bool) * ins->natts);
	return slot;
}

static void
inserter_add(StoreState *st, Inserter *ins, TupleTableSlot *slot)
{
	ExecStoreVirtualTuple(slot);
	/* NOT NULL and CHECK constraints hold as they would for an INSERT */
	if (ins->rel->rd_att->constr != NULL)
		ExecConstraints(ins->rri, slot, st->estate);
	ins->nused++;
	if (ins->nused == CM_INSERT_BATCH)
		inserter_flush(st, ins);
}

static void
inserter_close(Inserter *ins)
{
	for (int i = 0; i < CM_INSERT_BATCH; i++)
		if (ins->slots[i] != NULL)
			ExecDropSingleTupleTableSlot(ins->slots[i]);
	ExecCloseIndices(ins->rri);
	table_close(ins->rel, NoLock);
}

/* Set column n (1-based, in the order of the table's Column list). */
static inline void
set_value(Inserter *ins, TupleTableSlot *slot, int n, Datum value)
{
	int			attno = ins->attnos[n - 1];

	slot->tts_values[attno - 1] = value;
	slot->tts_isnull[attno - 1] = false;
}

static inline void
set_text(Inserter *ins, TupleTableSlot *slot, int n, const char *s)
{
	int			attno = ins->attnos[n - 1];
	bool		isnull;

	slot->tts_values[attno - 1] = cm_pg_text_or_null(s, &isnull);
	slot->tts_isnull[attno - 1] = isnull;
}

/*
 * Whether a definition of kind def can be what a reference of kind ref
 * (call or inherit) names; codemap._kind_answers() in SQL says the same.
 */
static bool
kind_answers(const char *ref, const char *def)
{
	static const char *const call_kinds[] =
	{"function", "method", "macro", "class", "struct", NULL};
	static const char *const base_kinds[] =
	{"class", "interface", "struct", "trait", "type", "module", NULL};
	const char *const *kinds;

	if (strcmp(ref, "call") == 0)
		kinds = call_kinds;
	else if (strcmp(ref, "inherit") == 0)
		kinds = base_kinds;
	else
		return false;
	for (; *kinds != NULL; kinds++)
		if (strcmp(*kinds, def) == 0)
			return true;
	return false;
}

/* definitions of one file, sorted by name and then by position */
typedef struct DefEntry
{
	const char *name;
	int64		index;			/* in CmExtraction.facts */
} DefEntry;

static int
def_entry_cmp(const void *a, const void *b)
{
	const DefEntry *x = a;
	const DefEntry *y = b;
	int			c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return (x->index > y->index) - (x->index < y->index);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/*
 * Does a callee as written name a method of the base class ("super.save",
 * "parent::save")?  Such a call is never the caller's own class's method,
 * so a same-named definition of the file does not answer it.
 */
static bool
calls_base(const char *callee)
{
	return callee != NULL &&
		(strncmp(callee, "super.", 6) == 0 || strncmp(callee, "super::", 7) == 0 ||
		 strncmp(callee, "parent::", 8) == 0);
}

/*
 * The first definition of this file, in file order, that can answer
 * reference fact f, or -1.
 */
static int64
same_file_target(const CmExtraction *ex, const DefEntry *defs, int ndefs,
				 const CmFact *f)
{
	int			lo = 0;
	int			hi = ndefs;

	if (f->name == NULL || f->symbol_kind == NULL || calls_base(f->qualname))
		return -1;
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (strcmp(defs[mid].name, f->name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ndefs && strcmp(defs[lo].name, f->name) == 0; lo++)
		if (kind_answers(f->symbol_kind, ex->facts[defs[lo].index].symbol_kind))
			return defs[lo].index;
	return -1;
}

static void
remember_name(StoreState *st, const char *name)
{
	if (st->nnames == st->maxnames)
	{
		st->maxnames = st->maxnames ? st->maxnames * 2 : 1024;
		st->names = st->names ?
			repalloc_huge(st->names, sizeof(char *) * st->maxnames) :
			MemoryContextAllocHuge(st->names_context, sizeof(char *) * st->maxnames);
	}
	st->names[st->nnames++] = MemoryContextStrdup(st->names_context, name);
}

/*
 * Write the nodes, references and same-file edges of one parsed file;
 * returns the number of definitions and of references stored.
 */
static void
store_facts(StoreState *st, int64 file_id, const CmExtraction *ex,
			int64 *ndefinitions, int64 *nreferences)
{
	int64	   *node_ids = palloc0(sizeof(int64) * Max(ex->nfacts, 1));
	DefEntry   *defs = palloc(sizeof(DefEntry) * Max(ex->nfacts, 1));
	int			ndefs = 0;
	Datum		repo_id = Int32GetDatum(st->repo_id);
	Datum		file = Int64GetDatum(file_id);

	*ndefinitions = *nreferences = 0;

	/* definitions: a node each, under its enclosing definition or the file */
	for (size_t i = 0; i < ex->nfacts; i++)
	{
		const CmFact *f = &ex->facts[i];
		TupleTableSlot *slot;
		int64		parent;

		if (i % 1024 == 0)
			CHECK_FOR_INTERRUPTS();
		if (f->kind != CM_FACT_DEFINITION || f->name == NULL ||
			f->symbol_kind == NULL || f->qualname == NULL)
			continue;
		node_ids[i] = nextval_internal(st->node_seq, true);
		parent = (f->parent >= 0 && node_ids[f->parent] != 0) ?
			node_ids[f->parent] : file_id;

		slot = inserter_next(&st->node);
		set_value(&st->node, slot, 1, repo_id);
		set_value(&st->node, slot, 2, Int64GetDatum(node_ids[i]));
		set_text(&st->node, slot, 3, f->symbol_kind);
		set_text(&st->node, slot, 4, f->name);
		set_text(&st->node, slot, 5, f->qualname);
		set_value(&st->node, slot, 6, file);
		set_value(&st->node, slot, 7, Int64GetDatum(parent));
		set_value(&st->node, slot, 8, Int32GetDatum((int32) Min(f->start_line, PG_INT32_MAX)));
		set_value(&st->node, slot, 9, Int32GetDatum((int32) Min(f->end_line, PG_INT32_MAX)));
		inserter_add(st, &st->node, slot);

		defs[ndefs].name = f->name;
		defs[ndefs].index = (int64) i;
		ndefs++;
		if (st->record_names)
			remember_name(st, f->name);
		(*ndefinitions)++;
	}
	qsort(defs, ndefs, sizeof(DefEntry), def_entry_cmp);

	/* references and imports, and the edges this file alone answers */
	for (size_t i = 0; i < ex->nfacts; i++)
	{
		const CmFact *f = &ex->facts[i];
		bool		import = (f->kind == CM_FACT_IMPORT);
		TupleTableSlot *slot;
		Datum		src;
		int64		target;

		if (i % 1024 == 0)
			CHECK_FOR_INTERRUPTS();
		if (f->kind == CM_FACT_DEFINITION)
			continue;
		/* the kinds ref.kind admits; the queries produce no others */
		if (!import && (f->symbol_kind == NULL ||
						(strcmp(f->symbol_kind, "call") != 0 &&
						 strcmp(f->symbol_kind, "inherit") != 0)))
			continue;
		src = Int64GetDatum((f->parent >= 0 && node_ids[f->parent] != 0) ?
							node_ids[f->parent] : file_id);
		target = import ? -1 : same_file_target(ex, defs, ndefs, f);

		slot = inserter_next(&st->ref);
		set_value(&st->ref, slot, 1, repo_id);
		set_value(&st->ref, slot, 2, file);
		set_value(&st->ref, slot, 3, Int32GetDatum((int32) (i + 1)));
		set_value(&st->ref, slot, 4, src);
		if (import)
		{
			set_text(&st->ref, slot, 5, "import");
			set_text(&st->ref, slot, 6, f->symbol_kind);
			set_text(&st->ref, slot, 7, f->name);
			set_text(&st->ref, slot, 8, f->detail);
			set_text(&st->ref, slot, 9, f->qualname);
		}
		else
		{
			set_text(&st->ref, slot, 5, f->symbol_kind);
			set_text(&st->ref, slot, 7, f->name);
			set_text(&st->ref, slot, 8, f->qualname);
		}
		set_value(&st->ref, slot, 10, Int32GetDatum((int32) Min(f->start_line, PG_INT32_MAX)));
		set_value(&st->ref, slot, 11, BoolGetDatum(target >= 0));
		inserter_add(st, &st->ref, slot);
		(*nreferences)++;

		if (target < 0)
			continue;
		slot = inserter_next(&st->edge);
		set_value(&st->edge, slot, 1, repo_id);
		set_value(&st->edge, slot, 2, file);
		set_value(&st->edge, slot, 3, Int32GetDatum((int32) (i + 1)));
		set_value(&st->edge, slot, 4, src);
		set_value(&st->edge, slot, 5, Int64GetDatum(node_ids[target]));
		set_text(&st->edge, slot, 6, strcmp(f->symbol_kind, "call") == 0 ? "calls" : "inherits");
		set_value(&st->edge, slot, 7, Float4GetDatum(1.0f));
		set_value(&st->edge, slot, 8, Int16GetDatum(0));	/* the one answer */
		inserter_add(st, &st->edge, slot);
	}

	/* the slots point into this file's memory: write them out now */
	inserter_flush(st, &st->node);
	inserter_flush(st, &st->ref);
	inserter_flush(st, &st->edge);
}

/* Record each distinct name defined by the stored files in changed_name. */
static void
store_changed_names(StoreState *st, MemoryContext scratch)
{
	MemoryContext old = MemoryContextSwitchTo(scratch);

	qsort(st->names, st->nnames, sizeof(char *), name_cmp);
	for (int i = 0; i < st->nnames; i++)
	{
		TupleTableSlot *slot;

		if (i > 0 && strcmp(st->names[i], st->names[i - 1]) == 0)
			continue;
		slot = inserter_next(&st->changed);
		set_value(&st->changed, slot, 1, Int32GetDatum(st->repo_id));
		set_text(&st->changed, slot, 2, st->names[i]);
		inserter_add(st, &st->changed, slot);
		if (st->changed.nused == 0)
			MemoryContextReset(scratch);
	}
	inserter_flush(st, &st->changed);
	MemoryContextSwitchTo(old);
	MemoryContextReset(scratch);
}

/*
 * Parse one file in a subtransaction.  Returns the context holding the
 * extraction, or NULL with *message set when the parse failed with an
 * error other than a cancel.
 */
static MemoryContext
parse_file(text *source, const char *language, CmExtraction *ex,
		   char **message, MemoryContext filecxt)
{
	ResourceOwner oldowner = CurrentResourceOwner;
	MemoryContext volatile work = NULL;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(filecxt);
	PG_TRY();
	{
		work = cm_pg_extract(source, language, 0, 0, ex);
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(filecxt);
		CurrentResourceOwner = oldowner;
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(filecxt);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(filecxt);
		CurrentResourceOwner = oldowner;
		if (edata->sqlerrcode == ERRCODE_QUERY_CANCELED)
			ReThrowError(edata);
		*message = edata->message;
		work = NULL;
	}
	PG_END_TRY();
	return work;
}

/* Lines of a source: its newlines, plus one for a last line without one. */
static int32
count_lines(text *source)
{
	const char *p = VARDATA_ANY(source);
	const char *end = p + VARSIZE_ANY_EXHDR(source);
	int64		lines = 0;

	while (p < end && (p = memchr(p, '\n', end - p)) != NULL)
	{
		lines++;
		p++;
	}
	if (end > VARDATA_ANY(source) && end[-1] != '\n')
		lines++;
	return (int32) Min(lines, PG_INT32_MAX);
}

PG_FUNCTION_INFO_V1(codemap_store_staged);

/*
 * _store_staged(repo_id integer, record_names boolean) -> setof (file_id
 * bigint, status text, reason text, syntax_errors integer, definitions
 * bigint, references bigint, lines integer)
 *
 * Parses every row of pg_temp.codemap_stage whose status is NULL (file_id
 * and language set, the file's old nodes and references already removed)
 * and writes its definitions as nodes, its references and imports as refs,
 * and the calls and bases a definition of the same file answers as edges
 * of confidence 1.  With record_names, every name defined goes to
 * changed_name once (the caller leaves it out while no file of the
 * repository has been resolved, since refresh() then looks at every
 * reference anyway).  Returns
 * a row per file: indexed, partial (reason says what was left out) or
 * failed (reason is the error).
 */
Datum
codemap_store_staged(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext callcxt = CurrentMemoryContext;
	MemoryContext filecxt;
	StoreState	st = {0};
	SPIPlanPtr	plan;
	Portal		portal;

	InitMaterializedSRF(fcinfo, 0);
	st.repo_id = PG_GETARG_INT32(0);
	st.record_names = PG_GETARG_BOOL(1);

	/*
	 * Rows are written below the executor, where policies do not apply:
	 * the one they would apply is checked here instead.  Every row written
	 * carries this repository's id.
	 */
	if (!cm_pg_may_write(st.repo_id))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to index into repository %d", st.repo_id),
				 errhint("The repository's owner grants write access with codemap.grant_repo().")));
	st.estate = CreateExecutorState();
	st.cid = GetCurrentCommandId(true);
	st.node_seq = codemap_relid("node_id_seq", NoLock);
	st.names_context = AllocSetContextCreate(callcxt, "codemap names",
											 ALLOCSET_DEFAULT_SIZES);
	inserter_open(&st.node, "node", node_columns);
	inserter_open(&st.ref, "ref", ref_columns);
	inserter_open(&st.edge, "edge", edge_columns);
	inserter_open(&st.changed, "changed_name", changed_name_columns);
	filecxt = AllocSetContextCreate(callcxt, "codemap store file",
									ALLOCSET_DEFAULT_SIZES);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	plan = SPI_prepare("SELECT st.file_id, st.source, st.language"
					   " FROM pg_temp.codemap_stage st"
					   " WHERE st.status IS NULL AND st.file_id IS NOT NULL"
					   " ORDER BY st.path", 0, NULL);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);

	for (;;)
	{
		SPI_cursor_fetch(portal, true, CM_FETCH_FILES);
		if (SPI_processed == 0)
			break;
		for (uint64 row = 0; row < SPI_processed; row++)
		{
			HeapTuple	tup = SPI_tuptable->vals[row];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			bool		isnull;
			int64		file_id;
			Datum		source;
			char	   *language;
			char	   *message = NULL;
			CmExtraction ex;
			MemoryContext work;
			Datum		values[7];
			bool		nulls[7] = {0};

			CHECK_FOR_INTERRUPTS();
			file_id = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
			source = SPI_getbinval(tup, desc, 2, &isnull);
			MemoryContextSwitchTo(filecxt);
			if (isnull)
			{
				message = "no content";
				work = NULL;
			}
			else
			{
				text	   *src = DatumGetTextPP(source);

				values[6] = Int32GetDatum(count_lines(src));
				language = SPI_getvalue(tup, desc, 3);
				if (language == NULL)
				{
					message = "language not recognized";
					work = NULL;
				}
				else
					work = parse_file(src, language, &ex, &message, filecxt);
			}

			values[0] = Int64GetDatum(file_id);
			nulls[6] = isnull;
			if (work == NULL)
			{
				values[1] = CStringGetTextDatum("failed");
				values[2] = cm_pg_text_or_null(message, &nulls[2]);
				nulls[3] = true;
				values[4] = Int64GetDatum(0);
				values[5] = Int64GetDatum(0);
			}
			else
			{
				const char *partial = ex.error_skipped ?
					"syntax error regions larger than 8 kB were not searched" :
					ex.match_limit_hit ?
					"the query matcher exceeded its limit of pending matches" :
					NULL;
				int64		ndefs;
				int64		nrefs;

				store_facts(&st, file_id, &ex, &ndefs, &nrefs);
				values[1] = CStringGetTextDatum(partial ? "partial" : "indexed");
				values[2] = cm_pg_text_or_null(partial, &nulls[2]);
				values[3] = Int32GetDatum((int32) Min(ex.error_nodes + ex.missing_nodes,
													  (size_t) PG_INT32_MAX));
				values[4] = Int64GetDatum(ndefs);
				values[5] = Int64GetDatum(nrefs);
			}
			MemoryContextSwitchTo(callcxt);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			MemoryContextReset(filecxt);
		}
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);

	store_changed_names(&st, filecxt);
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");

	MemoryContextSwitchTo(callcxt);
	inserter_close(&st.node);
	inserter_close(&st.ref);
	inserter_close(&st.edge);
	inserter_close(&st.changed);
	FreeExecutorState(st.estate);
	MemoryContextDelete(filecxt);
	MemoryContextDelete(st.names_context);
	return (Datum) 0;
}
