/*-------------------------------------------------------------------------
 *
 * cm_extract.h
 *		Parse one source text and extract its definitions, references and
 *		imports.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CM_EXTRACT_H
#define CM_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "cm_alloc.h"
#include "cm_error.h"
#include "cm_query.h"

typedef enum CmFactKind
{
	CM_FACT_DEFINITION,
	CM_FACT_REFERENCE,
	CM_FACT_IMPORT
} CmFactKind;

/*
 * One extracted fact.  Lines and columns are 1-based; columns count bytes.
 * Strings are NUL-terminated and live in the extraction's arena; any of
 * them may be NULL.
 *
 *	definition	name, qualname (scopes joined: "ns::Box::target_fn"),
 *				detail NULL
 *	reference	name (last identifier of the callee or base type),
 *				qualname (the callee as written, whitespace removed:
 *				"self.helper"), detail (qualname of the enclosing
 *				definition, NULL at top level)
 *	import		detail (the target as written: "os.path", "./lib/a.js",
 *				"\"util.h\"", "<vector>"), name (the member imported,
 *				"x" in "from m import x"), qualname (the alias, "np")
 */
typedef struct CmFact
{
	CmFactKind	kind;
	const char *symbol_kind;
	const char *name;
	const char *qualname;
	const char *detail;
	uint32_t	start_line;
	uint32_t	start_col;
	uint32_t	end_line;
	uint32_t	end_col;
	uint32_t	start_byte;
	uint32_t	end_byte;

	/*
	 * Index in CmExtraction.facts of the innermost definition enclosing
	 * this fact (the class of a method, the function making a call), or -1
	 * at top level.  Always lower than the fact's own index.
	 */
	int64_t		parent;
} CmFact;

/* A syntax error node: ERROR (text the grammar could not place) or MISSING */
typedef struct CmSyntaxError
{
	int			missing;
	uint32_t	start_line;
	uint32_t	start_col;
	uint32_t	end_line;
	uint32_t	end_col;
} CmSyntaxError;

typedef struct CmExtractOptions
{
	/* called every progress_us microseconds of parsing and every few
	 * thousand matches; NULL for none */
	CmProgressFn progress;
	void	   *progress_arg;
	uint64_t	progress_us;
	int			list_errors;	/* fill CmExtraction.errors */

	/*
	 * Leave the parser and tree undeleted: the caller releases everything
	 * tree-sitter allocated at once (the extension deletes the memory
	 * context its allocator draws from).  Such callers must set this: the
	 * tree-sitter 0.20.7 runtime frees some nodes twice when deleting the
	 * tree of an input that ends with over 65,535 unfinished constructs
	 * ("((((...", "if (x) if (x) ..."), and a double free would corrupt
	 * the caller's heap.  Reading such a tree is sound.
	 */
	int			no_tree_free;
	int			skip_facts;		/* parse and count errors only */
} CmExtractOptions;

typedef struct CmExtraction
{
	CmArena		arena;
	CmFact	   *facts;			/* ordered by start byte, then kind */
	size_t		nfacts;
	CmSyntaxError *errors;		/* with list_errors, in document order */
	size_t		nerrors;
	size_t		error_nodes;	/* ERROR nodes in the tree */
	size_t		missing_nodes;	/* MISSING nodes in the tree */
	int			match_limit_hit;	/* the query dropped matches */
	int			error_skipped;	/* a syntax error region over 8 kB was not
								 * searched for facts */
} CmExtraction;

/*
 * Parse source (len bytes of UTF-8) with query's grammar and run the query.
 *
 * Memory for results comes from allocator and is released by
 * cm_extraction_free(), also after a failure.  Parser, tree and cursor
 * come from tree-sitter's allocator and are freed before returning.
 *
 * Errors: CM_ERR_CANCELED when the progress callback asked to stop,
 * CM_ERR_NOMEM, CM_ERR_TOO_LARGE for inputs of 4 GB or more, CM_ERR_PARSE
 * when tree-sitter produced no tree, CM_ERR_LANGUAGE when the runtime
 * rejects the grammar.
 */
extern CmStatus cm_extract(const CmQuery *query, const char *source,
						   size_t len, const CmExtractOptions *options,
						   const CmAllocator *allocator, CmExtraction *out,
						   CmError *err);

extern void cm_extraction_free(CmExtraction *extraction);

/* "definition", "reference" or "import" */
extern const char *cm_fact_kind_name(CmFactKind kind);

#endif							/* CM_EXTRACT_H */
