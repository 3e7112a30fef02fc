/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The structure-aware mutator, engine-neutral: it edits decision records
 * (runtime/input.h) rather than bytes.  libfuzzer_mutator.c and
 * afl_mutator.c adapt it to each engine's custom-mutator interface.
 */
#ifndef SCHEDFUZZ_MUTATE_H
#define SCHEDFUZZ_MUTATE_H

#include <stddef.h>
#include <stdint.h>

/* Engine's own byte mutator, or NULL. */
typedef size_t (*sf_rawmutator)(uint8_t *data, size_t size, size_t maxsize);

/* One decision a run took: what the schedule-prefix operation changes. */
struct sf_taken {
	uint8_t kind, site, n, choice;
	uint32_t occ;
};
/* Runs an input as the target would and lists the decisions it took (at
 * most max); NULL where the engine's mutator cannot run the model. */
typedef int (*sf_observer)(const uint8_t *data, size_t size, struct sf_taken *out, int max);

size_t sf_mutate(uint8_t *data, size_t size, size_t maxsize, uint64_t seed, sf_rawmutator raw, sf_observer observe);
size_t sf_crossover(const uint8_t *a, size_t asize, const uint8_t *b, size_t bsize, uint8_t *out, size_t maxsize,
		    uint64_t seed);

#endif
