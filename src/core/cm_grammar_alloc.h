/*-------------------------------------------------------------------------
 *
 * cm_grammar_alloc.h
 *		Forced include for compiling third-party tree-sitter grammars.
 *
 * Grammar scanners allocate their state with plain malloc/calloc/realloc/
 * free, or with ts_malloc and friends which fall back to the same.  The
 * build includes this header first in every grammar translation unit so
 * that all of those calls go through tree-sitter's current allocator,
 * which the extension points at PostgreSQL memory contexts.  Without it a
 * scanner's state would live outside any context: leaked when an error
 * unwinds a parse, and allocated by a malloc that nothing bounds.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CM_GRAMMAR_ALLOC_H
#define CM_GRAMMAR_ALLOC_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern void *(*ts_current_malloc) (size_t size);
extern void *(*ts_current_calloc) (size_t count, size_t size);
extern void *(*ts_current_realloc) (void *ptr, size_t size);
extern void (*ts_current_free) (void *ptr);

#define malloc ts_current_malloc
#define calloc ts_current_calloc
#define realloc ts_current_realloc
#define free ts_current_free

#endif							/* CM_GRAMMAR_ALLOC_H */
