/*-------------------------------------------------------------------------
 *
 * region.h
 *		A region allocator for tree-sitter in tools and tests.
 *
 * It treats tree-sitter's memory the way the extension's memory contexts
 * do: free() does nothing, and everything goes at once with
 * test_region_reset().  Needed to run inputs whose trees the tree-sitter
 * 0.20.7 runtime cannot delete (see no_tree_free in cm_extract.h).
 *
 *-------------------------------------------------------------------------
 */
#ifndef TEST_REGION_H
#define TEST_REGION_H

#include <stddef.h>

/* Point tree-sitter's allocator at the region (ts_set_allocator). */
extern void test_region_use(void);

/* Give tree-sitter back its default allocator; the region stays. */
extern void test_region_unuse(void);

/* Release everything the region handed out. */
extern void test_region_reset(void);

/* Bytes handed out since the last reset. */
extern size_t test_region_bytes(void);

#endif							/* TEST_REGION_H */
