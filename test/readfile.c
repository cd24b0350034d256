/*-------------------------------------------------------------------------
 *
 * readfile.c
 *		Reading a whole file, for the test and benchmark tools.
 *
 *-------------------------------------------------------------------------
 */
#include "readfile.h"

#include <stdio.h>
#include <stdlib.h>

char *
test_read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf = NULL;
	long		size;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
		fseek(f, 0, SEEK_SET) != 0 ||
		(buf = malloc((size_t) size + 1)) == NULL ||
		fread(buf, 1, (size_t) size, f) != (size_t) size)
	{
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[size] = '\0';
	*len = (size_t) size;
	return buf;
}
