/* cgocallback_fuzzer: the continuous-fuzzing target: the fixed ordering (70fd4e47) with every detector on; it must never crash. */
#include "fuzz.h"

const struct sf_target sf_this_target = {"cgocallback_fuzzer", "fixed", true};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return sf_fuzz_one(&sf_this_target, data, size);
}
