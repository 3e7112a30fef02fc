/* cgocallback_go117_fuzzer: the Go 1.17 pre-release ordering with the M-identity assertion: finds "m changed unexpectedly in cgocallbackg". */
#include "fuzz.h"

const struct sf_target sf_this_target = {"cgocallback_go117_fuzzer", "go117", true};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return sf_fuzz_one(&sf_this_target, data, size);
}
