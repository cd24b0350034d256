/*-------------------------------------------------------------------------
 *
 * cm_alloc.h
 *		The allocator interface of the core, and a bump arena on top of it.
 *
 * The core never calls malloc.  Every allocation goes through a CmAllocator
 * that its caller supplies: the extension backs it with a PostgreSQL memory
 * context (returning NULL rather than raising on failure), the unit tests
 * and benchmarks with the C library.  An allocator returns NULL on failure
 * and the core turns that into CM_ERR_NOMEM.
 *
 * tree-sitter itself does not use this interface: it has one process-wide
 * allocator of its own, set with ts_set_allocator() by whoever embeds the
 * core (see src/pg/pg_alloc.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef CM_ALLOC_H
#define CM_ALLOC_H

#include <stddef.h>

typedef struct CmAllocator
{
	/* allocate size bytes; NULL on failure */
	void	   *(*alloc) (void *state, size_t size);
	/* release memory from alloc; ptr may be NULL */
	void		(*free) (void *state, void *ptr);
	void	   *state;
} CmAllocator;

/* An allocator over the C library, for tools and tests outside a server. */
extern const CmAllocator cm_libc_allocator;

/*
 * CmArena: many small allocations released together.  Blocks come from the
 * arena's allocator; nothing is freed until cm_arena_free().
 */
typedef struct CmArenaBlock CmArenaBlock;

typedef struct CmArena
{
	const CmAllocator *allocator;
	CmArenaBlock *blocks;		/* newest first */
	size_t		used;			/* bytes used in the newest block */
	size_t		capacity;		/* usable bytes in the newest block */
} CmArena;

/* Start an empty arena; allocates nothing yet. */
extern void cm_arena_init(CmArena *self, const CmAllocator *allocator);

/* size bytes aligned for any object, or NULL when the allocator fails. */
extern void *cm_arena_alloc(CmArena *self, size_t size);

/* A NUL-terminated copy of len bytes of s, or NULL on failure. */
extern char *cm_arena_strndup(CmArena *self, const char *s, size_t len);

/* Release every block; the arena may be used again afterwards. */
extern void cm_arena_free(CmArena *self);

#endif							/* CM_ALLOC_H */
