/*-------------------------------------------------------------------------
 *
 * cm_resolve.h
 *		Where an import may lead: the repository files a language would
 *		load for one import, in the order it searches them.
 *
 * The core knows nothing of the repository's files.  It turns one import,
 * as the parser wrote it, into candidate paths; whoever knows the files
 * (the SQL side) keeps the first candidate that exists.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CM_RESOLVE_H
#define CM_RESOLVE_H

#include <stddef.h>

#include "cm_alloc.h"
#include "cm_error.h"
#include "cm_language.h"

/* most candidates returned for one import; later ones are not produced */
#define CM_IMPORT_MAX_CANDIDATES	64

/*
 * Most paths tried for one import, kept or not: the search stops there.
 * Real imports try a few dozen; thousands of source roots or packages
 * that all lead nowhere would otherwise make one import cost seconds.
 */
#define CM_IMPORT_MAX_TRIES			1024

/*
 * Longest importer, target, member, include dir or source root accepted,
 * in bytes (Linux's PATH_MAX).  A longer importer, target or member gives
 * no candidates; a longer dir or root is skipped.
 */
#define CM_IMPORT_MAX_PATH			4096

/* An ordered list of repo-relative paths; the strings live in an arena. */
typedef struct CmPathList
{
	char	  **paths;
	size_t		n;
} CmPathList;

/*
 * What a repository tells the search besides its files: the directories
 * searched for C and C++ includes, as with -I (include_dirs); directories
 * that hold importable modules besides the repository root (source_roots:
 * Python's sys.path entries, PHP's include_path); and the packages the
 * repository declares (packages: "name<TAB>dir" entries, such as a Go
 * module's path and the directory of its go.mod); and the aliases that
 * apply to the importer (aliases: "pattern<TAB>path" entries, such as
 * tsconfig's paths, and "<TAB>dir" for its baseUrl).  Every directory is
 * repo-relative ("" or "." for the root).  Any array may be NULL when its
 * count is 0; NULL entries are skipped, as are entries too long or not
 * relative.
 */
typedef struct CmImportSearch
{
	const char *const *include_dirs;
	size_t		n_include_dirs;
	const char *const *source_roots;
	size_t		n_source_roots;
	const char *const *packages;
	size_t		n_packages;
	const char *const *aliases;
	size_t		n_aliases;
} CmImportSearch;

/*
 * The candidate files of one import, in the order the language searches
 * them.
 *
 * lang is the importing file's language; importer its repo-relative path
 * ("src/app/main.c"); target the import target as the parser wrote it (the
 * fact's detail: "\"box.h\"", ".models", "./lib/a.js"); form the import
 * construct (the fact's symbol_kind: "include", "from", "mod", ...);
 * member the member imported, or NULL ("views" in "from . import views").
 * search is what the repository declares (NULL: nothing).
 *
 * Every candidate is a normalized repo-relative path: no "." segments, no
 * empty segments, ".." folded into the segment before it, no leading or
 * trailing "/" except that a candidate naming a directory (a Python
 * namespace package, a Go package) ends in "/".  Candidates that would
 * climb above the repository root, and absolute paths, are left out; no
 * path appears twice.  At most CM_IMPORT_MAX_CANDIDATES are returned.
 *
 * The list is empty when the language or form is not covered yet, when the
 * target is external (a bare npm package name, a Rust "use"), or when the
 * input cannot name a file (empty, over CM_IMPORT_MAX_PATH, characters no
 * module name may hold).  Such input is not an error.
 *
 * On success returns CM_OK and fills *out, whose array and strings are
 * allocated in arena and live until it is freed.  Returns CM_ERR_NOMEM
 * (with *out empty) when the arena cannot allocate, CM_ERR_LANGUAGE when
 * lang is NULL.  Work is at most CM_IMPORT_MAX_TRIES paths, plus ordering
 * the source roots or packages once.
 */
extern CmStatus cm_import_candidates(const CmLanguageInfo *lang,
									 const char *importer,
									 const char *target,
									 const char *form,
									 const char *member,
									 const CmImportSearch *search,
									 CmArena *arena, CmPathList *out,
									 CmError *err);

#endif							/* CM_RESOLVE_H */
