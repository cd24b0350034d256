/*-------------------------------------------------------------------------
 *
 * region.c
 *		A region allocator for tree-sitter in tools and tests.
 *
 * Each block starts with a header holding the previous block and its size,
 * so that realloc can copy and reset can free; the header keeps malloc's
 * 16-byte alignment on LP64.
 *
 *-------------------------------------------------------------------------
 */
#include "region.h"

#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

typedef struct RegionBlock
{
	struct RegionBlock *next;
	size_t		size;
} RegionBlock;

static RegionBlock *region;
static size_t region_bytes;

static void *
region_malloc(size_t size)
{
	RegionBlock *b = malloc(sizeof(RegionBlock) + size);

	if (b == NULL)
		abort();
	b->next = region;
	b->size = size;
	region = b;
	region_bytes += size;
	return b + 1;
}

static void *
region_calloc(size_t count, size_t size)
{
	void	   *p = region_malloc(count * size);

	memset(p, 0, count * size);
	return p;
}

static void *
region_realloc(void *ptr, size_t size)
{
	void	   *p = region_malloc(size);

	if (ptr != NULL)
	{
		size_t		old = ((RegionBlock *) ptr - 1)->size;

		memcpy(p, ptr, old < size ? old : size);
	}
	return p;
}

static void
region_free(void *ptr)
{
}

void
test_region_use(void)
{
	ts_set_allocator(region_malloc, region_calloc, region_realloc, region_free);
}

void
test_region_unuse(void)
{
	ts_set_allocator(NULL, NULL, NULL, NULL);
}

void
test_region_reset(void)
{
	while (region != NULL)
	{
		RegionBlock *next = region->next;

		free(region);
		region = next;
	}
	region_bytes = 0;
}

size_t
test_region_bytes(void)
{
	return region_bytes;
}
