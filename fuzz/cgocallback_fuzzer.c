/* cgocallback_fuzzer: the continuous-fuzzing target: the fixed ordering (70fd4e47) with every detector on; it must never crash. */
#include "fuzz.h"

const char sf_this_target_name[] = "cgocallback_fuzzer";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct sf_target *t;

	if (t == NULL)
		t = sf_target_named(sf_this_target_name);
	return sf_fuzz_one(t, data, size);
}
