/*-------------------------------------------------------------------------
 *
 * cm_language.h
 *		The languages codemap parses: names, file extensions, detection.
 *
 * This part of the core knows nothing of grammars, so that the client can
 * link it to detect languages without carrying every parser; cm_grammars.h
 * adds the tree-sitter side.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CM_LANGUAGE_H
#define CM_LANGUAGE_H

#include <stddef.h>

typedef enum CmLanguageId
{
	CM_LANG_C,
	CM_LANG_CPP,
	CM_LANG_PYTHON,
	CM_LANG_JAVASCRIPT,
	CM_LANG_TYPESCRIPT,
	CM_LANG_TSX,
	CM_LANG_GO,
	CM_LANG_JAVA,
	CM_LANG_RUST,
	CM_LANG_RUBY,
	CM_LANG_CSHARP,
	CM_LANG_PHP,
	CM_LANG_COUNT
} CmLanguageId;

typedef struct CmLanguageInfo
{
	CmLanguageId id;
	const char *name;			/* SQL-visible name: "cpp", "csharp", ... */
	const char *const *extensions;	/* lower case, no dot, NULL-terminated */

	/*
	 * Qualified names join scope names with scope_sep ("ns::Box" in C++,
	 * "App\Models" in PHP) and put member_sep before a member of a type
	 * ("Box.target_fn", "User::save").
	 */
	const char *scope_sep;
	const char *member_sep;
	const char *constant_sep;	/* before a constant of a type ("Box::MAX") */
} CmLanguageInfo;

/* The language with this id; id must be below CM_LANG_COUNT. */
extern const CmLanguageInfo *cm_language_get(CmLanguageId id);

/* The language with this exact name, or NULL. */
extern const CmLanguageInfo *cm_language_by_name(const char *name);

/*
 * Guess the language of a file from its path and, when the path says
 * nothing (or something ambiguous, like ".h"), from the first bytes of its
 * content: a shebang line, "<?php", C++-only keywords in a header.  source
 * may be NULL.  Returns NULL when nothing matches.
 */
extern const CmLanguageInfo *cm_language_detect(const char *path,
												const char *source,
												size_t source_len);

/*
 * The kind of project file that path names, which import resolution reads
 * (its content is no source to parse): "go.mod", "package.json",
 * "composer.json", or "tsconfig" (tsconfig.json, jsconfig.json and the
 * tsconfig.*.json files they extend).  NULL for any other path.
 */
extern const char *cm_manifest_kind(const char *path);

#endif							/* CM_LANGUAGE_H */
