/* cgocallback_go117_noassert_fuzzer: the Go 1.17 pre-release ordering without the assertion: AddressSanitizer alone reports the return to C on the wrong stack. */
#include "fuzz.h"

const struct sf_target sf_this_target = {"cgocallback_go117_noassert_fuzzer", "go117", false};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return sf_fuzz_one(&sf_this_target, data, size);
}
