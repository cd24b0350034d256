/*-------------------------------------------------------------------------
 *
 * check.h
 *		The assertion of the unit tests: CHECK(condition, printf-style
 *		message) counts a pass or prints the failure and counts it.  Each
 *		test program defines the counters once (CHECK_COUNTERS).
 *
 *-------------------------------------------------------------------------
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>

#define CHECK_COUNTERS \
	static int	passed; \
	static int	failed

#define CHECK(cond, ...) \
	do { \
		if (cond) \
			passed++; \
		else \
		{ \
			failed++; \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
		} \
	} while (0)

#endif							/* CHECK_H */
