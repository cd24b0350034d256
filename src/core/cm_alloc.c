/*-------------------------------------------------------------------------
 *
 * cm_alloc.c
 *		The libc allocator and the bump arena used for extraction results.
 *
 * An arena hands out memory from blocks that double in size up to a cap,
 * so that a file with a hundred facts costs one small block and a file with
 * a million costs a few dozen large ones.  Requests larger than the cap get
 * a block of their own.
 *
 *-------------------------------------------------------------------------
 */
#include "cm_alloc.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_FIRST_BLOCK	(8 * 1024)
#define ARENA_MAX_BLOCK		(1024 * 1024)
#define ARENA_ALIGN			16

struct CmArenaBlock
{
	CmArenaBlock *next;
	/* data follows, aligned to ARENA_ALIGN */
};

#define BLOCK_HEADER \
	((sizeof(CmArenaBlock) + ARENA_ALIGN - 1) & ~(size_t) (ARENA_ALIGN - 1))

static void *
libc_alloc(void *state, size_t size)
{
	return malloc(size ? size : 1);
}

static void
libc_free(void *state, void *ptr)
{
	free(ptr);
}

const CmAllocator cm_libc_allocator = {libc_alloc, libc_free, NULL};

void
cm_arena_init(CmArena *self, const CmAllocator *allocator)
{
	self->allocator = allocator;
	self->blocks = NULL;
	self->used = 0;
	self->capacity = 0;
}

void *
cm_arena_alloc(CmArena *self, size_t size)
{
	size_t		rounded;
	size_t		block_size;
	CmArenaBlock *block;

	if (size > ((size_t) -1) / 2)
		return NULL;
	rounded = (size + ARENA_ALIGN - 1) & ~(size_t) (ARENA_ALIGN - 1);

	if (self->blocks != NULL && self->capacity - self->used >= rounded)
	{
		char	   *p = (char *) self->blocks + BLOCK_HEADER + self->used;

		self->used += rounded;
		return p;
	}

	/* Grow geometrically so that the block count stays logarithmic. */
	block_size = self->capacity ? self->capacity * 2 : ARENA_FIRST_BLOCK;
	if (block_size > ARENA_MAX_BLOCK)
		block_size = ARENA_MAX_BLOCK;
	if (block_size < rounded)
		block_size = rounded;

	block = self->allocator->alloc(self->allocator->state,
								   BLOCK_HEADER + block_size);
	if (block == NULL)
		return NULL;
	block->next = self->blocks;
	self->blocks = block;
	self->capacity = block_size;
	self->used = rounded;
	return (char *) block + BLOCK_HEADER;
}

char *
cm_arena_strndup(CmArena *self, const char *s, size_t len)
{
	char	   *copy = cm_arena_alloc(self, len + 1);

	if (copy == NULL)
		return NULL;
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

void
cm_arena_free(CmArena *self)
{
	CmArenaBlock *block = self->blocks;

	while (block != NULL)
	{
		CmArenaBlock *next = block->next;

		self->allocator->free(self->allocator->state, block);
		block = next;
	}
	self->blocks = NULL;
	self->used = 0;
	self->capacity = 0;
}
