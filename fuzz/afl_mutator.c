/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AFL++ custom mutator library over fuzz/mutate.c.  Load it with
 * AFL_CUSTOM_MUTATOR_LIBRARY=build/afl/schedfuzz_mutator.so; AFL++'s own
 * havoc stays on (no AFL_CUSTOM_MUTATOR_ONLY), keeping byte mutation in
 * the mix.
 */
#include <stdlib.h>
#include <string.h>

#include "../runtime/input.h"
#include "mutate.h"

struct state {
	uint64_t seed;
	uint8_t buf[SF_MAX_INPUT];
};

void *afl_custom_init(void *afl, unsigned int seed);
size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf, uint8_t *add_buf,
		       size_t add_buf_size, size_t max_size);
void afl_custom_deinit(void *data);

void *afl_custom_init(void *afl, unsigned int seed)
{
	struct state *st = calloc(1, sizeof *st);

	(void)afl;
	if (st != NULL)
		st->seed = seed;
	return st;
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf, uint8_t *add_buf,
		       size_t add_buf_size, size_t max_size)
{
	struct state *st = data;
	size_t max = max_size < sizeof st->buf ? max_size : sizeof st->buf;
	size_t n;

	st->seed++;
	if (add_buf != NULL && add_buf_size > 0 && st->seed % 4 == 0) {
		n = sf_crossover(buf, buf_size, add_buf, add_buf_size, st->buf, max, st->seed);
	} else {
		n = buf_size < max ? buf_size : max;
		memcpy(st->buf, buf, n);
		n = sf_mutate(st->buf, n, max, st->seed, NULL, NULL);
	}
	*out_buf = st->buf;
	return n;
}

void afl_custom_deinit(void *data)
{
	free(data);
}
