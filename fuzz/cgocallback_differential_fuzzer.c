/* cgocallback_differential_fuzzer: every ordering of runtime/variants.c on each schedule: the non-buggy rows must pass; whether the buggy rows fail is feedback and is reported by the replay driver. */
#include "fuzz.h"

const struct sf_target sf_this_target = {"cgocallback_differential_fuzzer", NULL, true};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return sf_fuzz_one(&sf_this_target, data, size);
}
