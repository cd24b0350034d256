/*-------------------------------------------------------------------------
 *
 * pg_alloc.c
 *		Memory for the core and for tree-sitter, from memory contexts.
 *
 * Two allocators are set up here:
 *
 * - CmAllocator, the core's interface, over a given context with
 *	 MCXT_ALLOC_NO_OOM: it returns NULL on failure and the core turns that
 *	 into CM_ERR_NOMEM.
 *
 * - tree-sitter's process-wide allocator (ts_set_allocator).  tree-sitter
 *	 cannot survive a NULL from malloc, and its default aborts the process,
 *	 so ours raises an ERROR instead.  It allocates in ts_context, which
 *	 the wrappers switch to the context of the current call (or to the
 *	 long-lived query cache while compiling queries), and never frees: the
 *	 context releases everything at once (see ts_pg_free).  An object
 *	 tree-sitter was building when an error was raised is abandoned with its
 *	 context and never touched again.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <tree_sitter/api.h>

#include "miscadmin.h"
#include "utils/memutils.h"

#include "pg_codemap.h"

/* where tree-sitter allocates; NULL means CurrentMemoryContext */
static MemoryContext ts_context = NULL;

/*
 * Each block handed to tree-sitter starts with its size, so that realloc
 * can copy without asking the memory context.
 */
#define TS_HEADER MAXALIGN(sizeof(Size))

/* bytes tree-sitter may still take in this call; SIZE_MAX: no limit */
static Size ts_budget = SIZE_MAX;
static Size ts_budget_limit = SIZE_MAX;

static MemoryContext
ts_target(void)
{
	return ts_context ? ts_context : CurrentMemoryContext;
}

static void *
ts_alloc(size_t size, int flags)
{
	char	   *block;

	if (size > MaxAllocHugeSize - TS_HEADER)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("parser memory request of %zu bytes is too large", size)));
	if (ts_budget != SIZE_MAX)
	{
		if (TS_HEADER + size > ts_budget)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("parsing this source needs more than codemap.max_parse_memory"),
					 errdetail("The limit is %zu kB.", ts_budget_limit / 1024),
					 errhint("Pathological input (deeply nested or unterminated constructs) makes the parser's memory grow; raise codemap.max_parse_memory or skip the file.")));
		ts_budget -= TS_HEADER + size;
	}
	block = MemoryContextAllocExtended(ts_target(), TS_HEADER + size,
									   MCXT_ALLOC_HUGE | flags);
	*(Size *) block = size;
	return block + TS_HEADER;
}

static void *
ts_pg_malloc(size_t size)
{
	return ts_alloc(size, 0);
}

static void *
ts_pg_calloc(size_t count, size_t size)
{
	if (size != 0 && count > MaxAllocHugeSize / size)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("parser memory request of %zu elements of %zu bytes is too large",
						count, size)));
	return ts_alloc(count * size, MCXT_ALLOC_ZERO);
}

static void *
ts_pg_realloc(void *ptr, size_t size)
{
	void	   *grown = ts_alloc(size, 0);

	if (ptr != NULL)
	{
		Size		old = *(Size *) ((char *) ptr - TS_HEADER);

		memcpy(grown, ptr, Min(old, size));
	}
	return grown;
}

/*
 * Freeing is left to the memory context.  The tree-sitter 0.20.7 runtime
 * frees some blocks twice while recovering from inputs that end inside
 * over 65,535 unfinished constructs; with a real pfree that would corrupt
 * the context or crash the backend.  Memory of a parse is therefore
 * released all at once when its context goes, which costs memory while a
 * parse runs (about 25 times the source size; see the README's
 * Performance section) and never touches freed memory.
 */
static void
ts_pg_free(void *ptr)
{
}

/* Route tree-sitter's allocations into memory contexts; once, at load. */
void
cm_pg_alloc_init(void)
{
	ts_set_allocator(ts_pg_malloc, ts_pg_calloc, ts_pg_realloc, ts_pg_free);
}

/*
 * Limit what tree-sitter may allocate from now on to limit bytes (SIZE_MAX:
 * no limit).  A parse call sets it before parsing and lifts it after.
 */
void
cm_pg_ts_budget(Size limit)
{
	ts_budget = limit;
	ts_budget_limit = limit;
}

/* Forget ts_context when the context it names is reset or deleted. */
static void
forget_ts_context(void *arg)
{
	if (ts_context == (MemoryContext) arg)
		ts_context = NULL;
}

/*
 * Make tree-sitter allocate in context (NULL: the current context) and
 * return the previous setting, for the caller to restore once the
 * tree-sitter calls are done.  When an error skips the restore, the setting
 * is cleared as soon as context is reset or deleted (as transaction abort
 * does), so tree-sitter never allocates in freed memory.
 */
MemoryContext
cm_pg_ts_context_switch(MemoryContext context)
{
	MemoryContext previous = ts_context;

	if (context != NULL)
	{
		MemoryContextCallback *cb =
			MemoryContextAlloc(context, sizeof(MemoryContextCallback));

		cb->func = forget_ts_context;
		cb->arg = context;
		MemoryContextRegisterResetCallback(context, cb);
	}
	ts_context = context;
	return previous;
}

static void *
core_alloc(void *state, size_t size)
{
	return MemoryContextAllocExtended((MemoryContext) state, size ? size : 1,
									  MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
}

static void
core_free(void *state, void *ptr)
{
	if (ptr != NULL)
		pfree(ptr);
}

/* A CmAllocator drawing from context, returning NULL when memory runs out. */
void
cm_pg_allocator_init(CmAllocator *allocator, MemoryContext context)
{
	allocator->alloc = core_alloc;
	allocator->free = core_free;
	allocator->state = context;
}

/*
 * The core's progress callback: stop when a cancel or termination is
 * pending, so that the wrapper can service it once the core has returned.
 * Other pending interrupts do not stop the work.
 */
int
cm_pg_progress(void *arg)
{
	return InterruptPending && (QueryCancelPending || ProcDiePending);
}
