/*-------------------------------------------------------------------------
 *
 * pg_codemap.h
 *		Helpers shared by the SQL-callable wrappers in src/pg.
 *
 *-------------------------------------------------------------------------
 */
#ifndef PG_CODEMAP_H
#define PG_CODEMAP_H

#include "postgres.h"

#include "utils/memutils.h"

#include "cm_alloc.h"
#include "cm_error.h"
#include "cm_extract.h"
#include "cm_language.h"
#include "cm_query.h"

/* GUCs */
extern int	cm_pg_max_file_bytes;
extern int	cm_pg_max_parse_memory_kb;

/* pg_access.c */
extern bool cm_pg_may_write(int32 repo_id);
extern bool cm_pg_may_read(int32 repo_id);

/* pg_alloc.c */
extern void cm_pg_alloc_init(void);
extern void cm_pg_allocator_init(CmAllocator *allocator, MemoryContext context);
extern MemoryContext cm_pg_ts_context_switch(MemoryContext context);
extern void cm_pg_ts_budget(Size limit);
extern int	cm_pg_progress(void *arg);

/* pg_errors.c */
extern void cm_pg_check(CmStatus status, const CmError *err);
extern void cm_pg_raise_canceled(void);

/* pg_parse.c */
extern const CmLanguageInfo *cm_pg_language(const char *name);
extern const CmQuery *cm_pg_query(const CmLanguageInfo *lang);
extern MemoryContext cm_pg_extract(text *source, const char *language,
								   int list_errors, int skip_facts,
								   CmExtraction *ex);
extern Datum cm_pg_text_or_null(const char *s, bool *isnull);

#endif							/* PG_CODEMAP_H */
