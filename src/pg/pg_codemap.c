/*-------------------------------------------------------------------------
 *
 * pg_codemap.c
 *		Module entry point: GUCs and process-wide setup.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>

#include "fmgr.h"
#include "utils/guc.h"

#include "pg_codemap.h"
#include "pg_graph.h"

PG_MODULE_MAGIC;

#define CM_DEFAULT_MAX_FILE_BYTES	(4 * 1024 * 1024)
#define CM_DEFAULT_MAX_PARSE_MEMORY_KB	(512 * 1024)

int			cm_pg_max_file_bytes = CM_DEFAULT_MAX_FILE_BYTES;
int			cm_pg_max_parse_memory_kb = CM_DEFAULT_MAX_PARSE_MEMORY_KB;

void		_PG_init(void);

void
_PG_init(void)
{
	DefineCustomIntVariable("codemap.max_file_bytes",
							"Largest source text codemap parses, in bytes.",
							"Larger inputs are rejected: they are almost always generated "
							"code, and parse time and memory grow with size.",
							&cm_pg_max_file_bytes,
							CM_DEFAULT_MAX_FILE_BYTES,
							1024,
							MaxAllocSize - 1,
							PGC_USERSET,
							GUC_UNIT_BYTE,
							NULL, NULL, NULL);

	DefineCustomIntVariable("codemap.max_parse_memory",
							"Most memory the parser may use for one source text.",
							"Ordinary code needs about 25 times its size; deeply nested or "
							"unterminated constructs can need far more.",
							&cm_pg_max_parse_memory_kb,
							CM_DEFAULT_MAX_PARSE_MEMORY_KB,
							1024,
							INT_MAX,
							PGC_USERSET,
							GUC_UNIT_KB,
							NULL, NULL, NULL);

	DefineCustomIntVariable("codemap.graph_work_mem",
							"Most memory one graph function may use.",
							"Building a graph, clustering it and the other graph algorithms "
							"stop with an error past this amount.",
							&cm_pg_graph_work_mem_kb,
							1024 * 1024,
							64,
							INT_MAX,
							PGC_USERSET,
							GUC_UNIT_KB,
							NULL, NULL, NULL);

	MarkGUCPrefixReserved("codemap");

	cm_pg_alloc_init();
}
