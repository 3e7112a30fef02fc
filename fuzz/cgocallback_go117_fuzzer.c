/* cgocallback_go117_fuzzer: the Go 1.17 pre-release ordering with the M-identity assertion: finds "m changed unexpectedly in cgocallbackg". */
#include "fuzz.h"

const char sf_this_target_name[] = "cgocallback_go117_fuzzer";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct sf_target *t;

	if (t == NULL)
		t = sf_target_named(sf_this_target_name);
	return sf_fuzz_one(t, data, size);
}
