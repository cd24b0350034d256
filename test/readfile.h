/*-------------------------------------------------------------------------
 *
 * readfile.h
 *		Reading a whole file, for the test and benchmark tools.
 *
 *-------------------------------------------------------------------------
 */
#ifndef TEST_READFILE_H
#define TEST_READFILE_H

#include <stddef.h>

/*
 * The contents of path in fresh malloc'd memory, NUL-terminated, with its
 * length in *len; NULL (errno set where the C library sets it) when the
 * file cannot be opened or read.
 */
extern char *test_read_file(const char *path, size_t *len);

#endif							/* TEST_READFILE_H */
