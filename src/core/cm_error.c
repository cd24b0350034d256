/*-------------------------------------------------------------------------
 *
 * cm_error.c
 *		Filling CmError values.
 *
 *-------------------------------------------------------------------------
 */
#include "cm_error.h"

#include <stdarg.h>
#include <stdio.h>

CmStatus
cm_error_set(CmError *err, CmStatus status, size_t offset, const char *fmt,...)
{
	va_list		args;

	if (err == NULL)
		return status;
	err->status = status;
	err->offset = offset;
	va_start(args, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, args);
	va_end(args);
	return status;
}

const char *
cm_status_name(CmStatus status)
{
	switch (status)
	{
		case CM_OK:
			return "success";
		case CM_ERR_NOMEM:
			return "out of memory";
		case CM_ERR_CANCELED:
			return "canceled";
		case CM_ERR_LANGUAGE:
			return "unusable language";
		case CM_ERR_TOO_LARGE:
			return "input too large";
		case CM_ERR_QUERY:
			return "invalid extraction query";
		case CM_ERR_PARSE:
			return "parse failed";
		case CM_ERR_SYNTAX:
			return "invalid text representation";
		case CM_ERR_CORRUPT:
			return "corrupted value";
		case CM_ERR_INVALID:
			return "invalid argument";
	}
	return "unrecognized status";
}
