/* SPDX-License-Identifier: Apache-2.0 */
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
	/* Looked up every time (four names): a first-call-only branch would make
	 * an input's coverage depend on what ran before it in the process. */
	const struct sf_target *t = sf_target_named(sf_this_target_name);

	if (t == NULL) {
		fprintf(stderr, "schedfuzz: no target named %s in sf_targets\n", sf_this_target_name);
		abort();
	}
	return sf_fuzz_one(t, data, size);
}

int sf_fuzz_observe(const uint8_t *data, size_t size, struct sf_taken *out, int max)
{
	const struct sf_target *t = sf_target_named(sf_this_target_name);

	return t != NULL ? sf_fuzz_taken(t, data, size, out, max) : 0;
}
