/*-------------------------------------------------------------------------
 *
 * cm_query.h
 *		Compiled extraction queries and the capture vocabulary they use.
 *
 * Each language has one query file, src/core/queries/LANG.scm, in
 * tree-sitter's query syntax.  Every pattern in it has exactly one "role"
 * capture saying what a match produces, plus "part" captures that supply
 * its text:
 *
 *	role captures
 *		@def.KIND		a definition; KIND is function, method, class, struct,
 *						interface, enum, trait, module, namespace, package,
 *						type, macro or constant.  @def.KIND.file marks a
 *						declaration without a body (a file-scoped namespace)
 *						that names everything after it in the file.
 *		@scope			a node that names what is inside it without being a
 *						definition itself (a Rust impl block)
 *		@ref.KIND		a reference: call or inherit
 *		@import.FORM	an import; FORM names the construct (include, import,
 *						from, require, require_relative, use, using, mod, ...)
 *						and becomes the fact's symbol_kind
 *
 *	part captures
 *		@name			the defined or referenced name; a definition name
 *						holding the scope separator ("ns::Box::f") is split
 *						into a qualifier and a last part
 *		@qualifier		text put before a definition's name (a Go receiver)
 *		@callee			a reference's whole callee expression
 *		@path			an import target, verbatim
 *		@path.str		an import target, one layer of quotes removed
 *		@path.list		a use-list to expand ("a::{b, c as d}"); an @path in
 *						the same match is its prefix
 *		@member			the name an import brings in ("x" in "from m import x")
 *		@member.list	a list of members to expand ("{a, b as c}"), one fact
 *						each, all with the same @path
 *		@alias			the local name it is bound to ("np" in "as np")
 *		@glob			a wildcard ending the import; the target then runs
 *						from @path to the end of @glob ("java.util.*")
 *		@top			the match counts only if this node is a child of the
 *						root: "a constant at file level".  The query runs on
 *						each top-level node separately (see cm_extract.c),
 *						so patterns must say this instead of naming the
 *						root node type.
 *
 * Captures whose name starts with "_" only feed predicates.  Predicates
 * supported: #eq?, #not-eq?, #match?, #not-match? (POSIX extended regular
 * expressions), #any-of?, #not-any-of?.  The directive (#set! member "x")
 * or (#set! alias "x") gives a part fixed text when no capture supplies it
 * (a default import's member is "default").
 *
 *-------------------------------------------------------------------------
 */
#ifndef CM_QUERY_H
#define CM_QUERY_H

#include <stdint.h>
#include <tree_sitter/api.h>

#include "cm_alloc.h"
#include "cm_error.h"
#include "cm_language.h"

typedef enum CmCaptureRole
{
	CM_CAP_IGNORE = 0,
	/* roles */
	CM_CAP_DEF,
	CM_CAP_SCOPE,
	CM_CAP_REF,
	CM_CAP_IMPORT,
	/* parts */
	CM_CAP_NAME,
	CM_CAP_QUALIFIER,
	CM_CAP_CALLEE,
	CM_CAP_PATH,
	CM_CAP_PATH_STR,
	CM_CAP_PATH_LIST,
	CM_CAP_MEMBER,
	CM_CAP_MEMBER_LIST,
	CM_CAP_ALIAS,
	CM_CAP_GLOB,
	CM_CAP_TOP
} CmCaptureRole;

#define CM_CAP_IS_ROLE(r) ((r) >= CM_CAP_DEF && (r) <= CM_CAP_IMPORT)

typedef struct CmCapture
{
	CmCaptureRole role;
	const char *kind;			/* role captures: "function", "call", "from" */
	int			file_scope;		/* @def.KIND.file */
} CmCapture;

typedef struct CmPredicate CmPredicate;

/* parts given fixed text by #set! in one pattern */
typedef struct CmPatternSettings
{
	const char *member;
	const char *alias;
} CmPatternSettings;

typedef struct CmQuery
{
	const CmLanguageInfo *language;
	const TSLanguage *grammar;
	TSQuery    *ts_query;
	uint32_t	ncaptures;
	CmCapture  *captures;		/* by capture id */
	uint32_t	npatterns;
	uint32_t   *pattern_role;	/* capture id of each pattern's role */
	CmPredicate **predicates;	/* per pattern, NULL when none */
	uint32_t   *npredicates;	/* per pattern */
	CmPatternSettings *settings;	/* per pattern */
	const CmAllocator *allocator;
	const char *source;			/* the query text compiled */
} CmQuery;

/*
 * Compile the extraction query of a language.  The query and its tables
 * come from allocator; the TSQuery from tree-sitter's allocator, so the
 * caller must make that one last as long as the query.  Regular
 * expressions in #match? predicates are compiled with regcomp() and so use
 * the C library's malloc; they are few and small.
 *
 * Errors: CM_ERR_QUERY with the byte offset of a syntax or structure error
 * (every pattern needs exactly one role capture), CM_ERR_NOMEM.
 */
extern CmStatus cm_query_new(CmLanguageId id, const CmAllocator *allocator,
							 CmQuery **query, CmError *err);

/*
 * As cm_query_new(), but compile source instead of the built-in query text;
 * source must stay valid while the query lives.  For tools that try out a
 * query file without rebuilding.
 */
extern CmStatus cm_query_new_from_source(CmLanguageId id, const char *source,
										 const CmAllocator *allocator,
										 CmQuery **query, CmError *err);

/* Release a query from cm_query_new(); NULL is allowed. */
extern void cm_query_free(CmQuery *query);

/* Do a match's captures satisfy its pattern's predicates? */
extern int	cm_query_match_ok(const CmQuery *query, const TSQueryMatch *match,
							  const char *source);

#endif							/* CM_QUERY_H */
