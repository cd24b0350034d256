/*-------------------------------------------------------------------------
 *
 * cm_text.c
 *		Checks on raw source text.
 *
 *-------------------------------------------------------------------------
 */
#include "cm_text.h"

#include <stdint.h>

int
cm_utf8_valid(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *) text;
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = s[i];
		size_t		n;
		unsigned int cp;

		if (c == 0)
			return 0;
		if (c < 0x80)
		{
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0)
		{
			n = 1;
			cp = c & 0x1F;
		}
		else if ((c & 0xF0) == 0xE0)
		{
			n = 2;
			cp = c & 0x0F;
		}
		else if ((c & 0xF8) == 0xF0)
		{
			n = 3;
			cp = c & 0x07;
		}
		else
			return 0;
		if (i + n >= len)
			return 0;
		for (size_t k = 1; k <= n; k++)
		{
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
			(n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
			(cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += n + 1;
	}
	return 1;
}

size_t
cm_jsonc_to_json(const char *in, size_t len, char *out)
{
	size_t		n = 0;
	size_t		comma = SIZE_MAX;	/* out index of a comma that may trail */

	for (size_t i = 0; i < len; i++)
	{
		char		ch = in[i];

		if (ch == '"')
		{
			/* a string, escapes and all, up to its closing quote */
			comma = SIZE_MAX;
			out[n++] = in[i];
			while (++i < len && in[i] != '"')
			{
				out[n++] = in[i];
				if (in[i] == '\\' && i + 1 < len)
					out[n++] = in[++i];
			}
			if (i < len)
				out[n++] = in[i];
		}
		else if (ch == '/' && i + 1 < len && in[i + 1] == '/')
		{
			while (i + 1 < len && in[i + 1] != '\n')
				i++;
			out[n++] = ' ';
		}
		else if (ch == '/' && i + 1 < len && in[i + 1] == '*')
		{
			i += 2;
			while (i < len && !(in[i] == '*' && i + 1 < len && in[i + 1] == '/'))
				i++;
			i++;				/* onto the "/", or past the end */
			out[n++] = ' ';
		}
		else if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')
			out[n++] = ch;
		else
		{
			if ((ch == '}' || ch == ']') && comma != SIZE_MAX)
				out[comma] = ' ';
			comma = ch == ',' ? n : SIZE_MAX;
			out[n++] = ch;
		}
	}
	return n;
}
