/*-------------------------------------------------------------------------
 *
 * cm_error.h
 *		Status codes and error details returned by the core.
 *
 * Every fallible core function returns a CmStatus and, on failure, fills a
 * caller-supplied CmError.  The core never prints, exits or longjmps; the
 * extension maps each status to one SQLSTATE in src/pg/pg_errors.c.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CM_ERROR_H
#define CM_ERROR_H

#include <stddef.h>

typedef enum CmStatus
{
	CM_OK = 0,
	CM_ERR_NOMEM,				/* an allocation failed */
	CM_ERR_CANCELED,			/* the progress callback asked to stop */
	CM_ERR_LANGUAGE,			/* unrecognized or unusable language */
	CM_ERR_TOO_LARGE,			/* input over a size limit */
	CM_ERR_QUERY,				/* an extraction query failed to compile */
	CM_ERR_PARSE,				/* the parser produced no tree */
	CM_ERR_SYNTAX,				/* a text form is malformed (offset says where) */
	CM_ERR_CORRUPT,				/* a serialized value fails its checks */
	CM_ERR_INVALID				/* an argument is out of its domain */
} CmStatus;

#define CM_ERROR_TEXT_MAX 256

typedef struct CmError
{
	CmStatus	status;
	size_t		offset;			/* byte offset in the input, where it applies */
	char		text[CM_ERROR_TEXT_MAX];	/* short lower-case description */
} CmError;

/*
 * Fill err (when not NULL) with status, offset and a printf-style text, and
 * return status, so that callers can write "return cm_error_set(...)".
 */
extern CmStatus cm_error_set(CmError *err, CmStatus status, size_t offset,
							 const char *fmt,...)
			__attribute__((format(printf, 4, 5)));

/* A fixed name for a status ("out of memory", ...), never NULL. */
extern const char *cm_status_name(CmStatus status);

/*
 * Progress callback for long core loops.  Called every few milliseconds of
 * work; returns nonzero to ask the core to stop with CM_ERR_CANCELED.  It
 * must not raise or longjmp: the core cleans up before it returns.
 */
typedef int (*CmProgressFn) (void *arg);

#endif							/* CM_ERROR_H */
