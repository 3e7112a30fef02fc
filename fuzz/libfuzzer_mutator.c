/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer's custom-mutator hooks over fuzz/mutate.c.  The mutator runs
 * in the target's process, so with SF_PREFIX (make PREFIX=1) it runs a
 * parent through the harness to see its decisions, for the
 * schedule-prefix operation (libFuzzer clears the coverage maps before
 * each execution, so that run leaves no trace in the feedback).  Off by
 * default: the benchmark has not shown it to help (docs/benchmarks.md).
 */
#include "fuzz.h"
#include "mutate.h"

#ifndef SF_PREFIX
#define SF_PREFIX 0
#endif

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxsize);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t maxsize, unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2, uint8_t *out,
				 size_t maxout, unsigned int seed);

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t maxsize, unsigned int seed)
{
	sf_totals_search_begins();
	return sf_mutate(data, size, maxsize, seed, LLVMFuzzerMutate, SF_PREFIX ? sf_fuzz_observe : NULL);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2, uint8_t *out,
				 size_t maxout, unsigned int seed)
{
	sf_totals_search_begins();
	return sf_crossover(data1, size1, data2, size2, out, maxout, seed);
}
