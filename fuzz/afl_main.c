/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AFL++ persistent-mode driver: the test case comes through shared memory
 * and one process runs many inputs (__AFL_LOOP); the model resets all of
 * its state per run.  Outside afl-fuzz it reads one input from stdin.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

__AFL_FUZZ_INIT();

int main(int argc, char **argv)
{
	unsigned char *buf;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: afl-fuzz -i SEEDS -o OUT -- %s    (or: %s < INPUT)\n"
		       "The AFL++ persistent-mode build of this target: afl-fuzz feeds it inputs\n"
		       "through shared memory; run by hand, it runs the one input on stdin.\n",
		       argv[0], argv[0]);
		return 0;
	}
	__AFL_INIT();
	buf = __AFL_FUZZ_TESTCASE_BUF;
	while (__AFL_LOOP(100000)) {
		size_t len = (size_t)__AFL_FUZZ_TESTCASE_LEN;

		LLVMFuzzerTestOneInput(buf, len);
	}
	return 0;
}
