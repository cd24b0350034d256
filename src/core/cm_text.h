/*-------------------------------------------------------------------------
 *
 * cm_text.h
 *		Checks on raw source text, and the JSON dialect of tsconfig.json.
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

/*
 * Turn JSON with comments and trailing commas (what tsconfig.json and
 * jsconfig.json may hold) into plain JSON: each comment becomes a blank
 * (a line comment keeps its newline), and a comma followed, past blanks
 * and comments, by "}" or "]" becomes a blank.  Text inside strings is
 * kept as it is.  Writes len bytes or fewer to out, which must hold len;
 * returns how many.  Anything else that is not JSON is left for the JSON
 * parser to reject.
 */
extern size_t cm_jsonc_to_json(const char *in, size_t len, char *out);

#endif							/* CM_TEXT_H */
