/*
 * The engines' entry point, the same for every target: each target file
 * only names its row of sf_targets (fuzz.c), so a target is one line.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct sf_target *t;

	if (t == NULL && (t = sf_target_named(sf_this_target_name)) == NULL) {
		fprintf(stderr, "schedfuzz: no target named %s in sf_targets\n", sf_this_target_name);
		abort();
	}
	return sf_fuzz_one(t, data, size);
}
