/*-------------------------------------------------------------------------
 *
 * pg_errors.c
 *		Turning core statuses into errors.
 *
 * Every CmStatus maps to one SQLSTATE and one message here, so that a
 * failure reads the same whichever function met it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"

#include "pg_codemap.h"

/*
 * The core stopped because a cancel or termination is pending: service it.
 * Should the interrupt be held off, raise a cancel of our own rather than
 * return half a result.
 */
void
cm_pg_raise_canceled(void)
{
	CHECK_FOR_INTERRUPTS();
	ereport(ERROR,
			(errcode(ERRCODE_QUERY_CANCELED),
			 errmsg("canceling statement due to user request")));
}

/* Raise the error for a failed core call; return quietly on CM_OK. */
void
cm_pg_check(CmStatus status, const CmError *err)
{
	switch (status)
	{
		case CM_OK:
			return;
		case CM_ERR_CANCELED:
			cm_pg_raise_canceled();
			break;
		case CM_ERR_NOMEM:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory"),
					 errdetail("codemap could not allocate memory: %s.",
							   err->text)));
			break;
		case CM_ERR_TOO_LARGE:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s", err->text)));
			break;
		case CM_ERR_LANGUAGE:
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("%s", err->text),
					 errhint("Rebuild codemap against a tree-sitter runtime that accepts the grammar.")));
			break;
		case CM_ERR_PARSE:
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("could not parse source: %s", err->text)));
			break;
		case CM_ERR_SYNTAX:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type graph"),
					 errdetail("%s at byte %zu.", err->text, err->offset)));
			break;
		case CM_ERR_CORRUPT:
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("graph value is corrupted"),
					 errdetail("%s.", err->text)));
			break;
		case CM_ERR_INVALID:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s", err->text)));
			break;
		case CM_ERR_QUERY:
			elog(ERROR, "codemap internal error: %s (offset %zu)",
				 err->text, err->offset);
			break;
	}
	elog(ERROR, "unrecognized codemap status %d", (int) status);
}
