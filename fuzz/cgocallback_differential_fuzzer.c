/* cgocallback_differential_fuzzer: every ordering of runtime/variants.c on each schedule: the non-buggy rows must pass; whether the buggy rows fail is feedback and is reported by the replay driver. */
#include "fuzz.h"

const char sf_this_target_name[] = "cgocallback_differential_fuzzer";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct sf_target *t;

	if (t == NULL)
		t = sf_target_named(sf_this_target_name);
	return sf_fuzz_one(t, data, size);
}
