/*-------------------------------------------------------------------------
 *
 * cm_grammars.h
 *		The tree-sitter grammars compiled into codemap.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CM_GRAMMARS_H
#define CM_GRAMMARS_H

#include <tree_sitter/api.h>

#include "cm_language.h"

/* The grammar for a language; never NULL for an id below CM_LANG_COUNT. */
extern const TSLanguage *cm_grammar(CmLanguageId id);

/* The npm version of the grammar package compiled in, e.g. "0.23.6". */
extern const char *cm_grammar_version(CmLanguageId id);

/* The extraction query source for a language (src/core/queries/NAME.scm). */
extern const char *cm_grammar_query_source(CmLanguageId id);

#endif							/* CM_GRAMMARS_H */
