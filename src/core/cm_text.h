/*-------------------------------------------------------------------------
 *
 * cm_text.h
 *		Checks on raw source text.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CM_TEXT_H
#define CM_TEXT_H

#include <stddef.h>

/*
 * Is s[0..len) well-formed UTF-8: no overlong forms, no surrogates, nothing
 * above U+10FFFF, no NUL byte?  The same rule PostgreSQL applies to text in
 * a UTF8 database, so a file that passes can be sent as text.
 */
extern int	cm_utf8_valid(const char *s, size_t len);

#endif							/* CM_TEXT_H */
