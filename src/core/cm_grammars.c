/*-------------------------------------------------------------------------
 *
 * cm_grammars.c
 *		Binding each language to its grammar, version and query text.
 *
 * The grammar objects come from the npm packages pinned in grammars/
 * package-lock.json; grammar_versions.h is generated from the installed
 * packages and cm_queries.c from src/core/queries at build time.
 *
 *-------------------------------------------------------------------------
 */
#include "cm_grammars.h"

#include "grammar_versions.h"

extern const TSLanguage *tree_sitter_c(void);
extern const TSLanguage *tree_sitter_cpp(void);
extern const TSLanguage *tree_sitter_python(void);
extern const TSLanguage *tree_sitter_javascript(void);
extern const TSLanguage *tree_sitter_typescript(void);
extern const TSLanguage *tree_sitter_tsx(void);
extern const TSLanguage *tree_sitter_go(void);
extern const TSLanguage *tree_sitter_java(void);
extern const TSLanguage *tree_sitter_rust(void);
extern const TSLanguage *tree_sitter_ruby(void);
extern const TSLanguage *tree_sitter_c_sharp(void);
extern const TSLanguage *tree_sitter_php(void);

extern const char cm_query_c[];
extern const char cm_query_cpp[];
extern const char cm_query_python[];
extern const char cm_query_javascript[];
extern const char cm_query_typescript[];
extern const char cm_query_tsx[];
extern const char cm_query_go[];
extern const char cm_query_java[];
extern const char cm_query_rust[];
extern const char cm_query_ruby[];
extern const char cm_query_csharp[];
extern const char cm_query_php[];

static const struct
{
	const TSLanguage *(*grammar) (void);
	const char *version;
	const char *query;
}			grammars[CM_LANG_COUNT] = {
	[CM_LANG_C] = {tree_sitter_c, CM_GRAMMAR_VERSION_C, cm_query_c},
	[CM_LANG_CPP] = {tree_sitter_cpp, CM_GRAMMAR_VERSION_CPP, cm_query_cpp},
	[CM_LANG_PYTHON] = {tree_sitter_python, CM_GRAMMAR_VERSION_PYTHON,
	cm_query_python},
	[CM_LANG_JAVASCRIPT] = {tree_sitter_javascript,
	CM_GRAMMAR_VERSION_JAVASCRIPT, cm_query_javascript},
	[CM_LANG_TYPESCRIPT] = {tree_sitter_typescript,
	CM_GRAMMAR_VERSION_TYPESCRIPT, cm_query_typescript},
	[CM_LANG_TSX] = {tree_sitter_tsx, CM_GRAMMAR_VERSION_TYPESCRIPT,
	cm_query_tsx},
	[CM_LANG_GO] = {tree_sitter_go, CM_GRAMMAR_VERSION_GO, cm_query_go},
	[CM_LANG_JAVA] = {tree_sitter_java, CM_GRAMMAR_VERSION_JAVA,
	cm_query_java},
	[CM_LANG_RUST] = {tree_sitter_rust, CM_GRAMMAR_VERSION_RUST,
	cm_query_rust},
	[CM_LANG_RUBY] = {tree_sitter_ruby, CM_GRAMMAR_VERSION_RUBY,
	cm_query_ruby},
	[CM_LANG_CSHARP] = {tree_sitter_c_sharp, CM_GRAMMAR_VERSION_C_SHARP,
	cm_query_csharp},
	[CM_LANG_PHP] = {tree_sitter_php, CM_GRAMMAR_VERSION_PHP, cm_query_php},
};

const TSLanguage *
cm_grammar(CmLanguageId id)
{
	return grammars[id].grammar();
}

const char *
cm_grammar_version(CmLanguageId id)
{
	return grammars[id].version;
}

const char *
cm_grammar_query_source(CmLanguageId id)
{
	return grammars[id].query;
}
