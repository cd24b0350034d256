/*-------------------------------------------------------------------------
 *
 * replay.c
 *		Run a libFuzzer target's inputs without libFuzzer.
 *
 * Linked with a fuzz target (test/fuzz/fuzz_*.c) and built with the
 * sanitizers by any C compiler, it hands each file named on the command
 * line to LLVMFuzzerTestOneInput once, so that "make unittest" replays the
 * inputs that once made a target fail (test/fuzz/regressions-*) on
 * machines without clang.  A failing check aborts, as under libFuzzer;
 * otherwise it prints how many inputs passed.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "readfile.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
	{
		size_t		len;
		char	   *input = test_read_file(argv[i], &len);

		if (input == NULL)
		{
			fprintf(stderr, "could not read \"%s\"\n", argv[i]);
			return 2;
		}
		/* an exact copy, so that a read past its end shows */
		{
			uint8_t    *data = malloc(len ? len : 1);

			if (data == NULL)
			{
				fprintf(stderr, "out of memory\n");
				return 2;
			}
			for (size_t k = 0; k < len; k++)
				data[k] = (uint8_t) input[k];
			LLVMFuzzerTestOneInput(data, len);
			free(data);
		}
		free(input);
	}
	printf("%d inputs replayed\n", argc - 1);
	return 0;
}
