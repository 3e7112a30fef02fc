/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared harness: decode the input into shape and decision records, run the
 * model once per ordering the target names, and let throw()/ASan end the
 * process on a finding.  Inputs longer than SF_MAX_INPUT are cut here, since
 * AFL++ ignores max_len.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#ifndef SF_FEEDBACK
#define SF_FEEDBACK 0
#endif
#ifndef SF_CHECK
#define SF_CHECK 1
#endif

const struct sf_target sf_targets[] = {
	{"cgocallback_fuzzer", "fixed", true},
	{"cgocallback_go117_fuzzer", "go117", true},
	{"cgocallback_go117_noassert_fuzzer", "go117", false},
	{"cgocallback_differential_fuzzer", NULL, true},
};
const int sf_ntargets = sizeof sf_targets / sizeof sf_targets[0];

const struct sf_target *sf_target_named(const char *name)
{
	for (int i = 0; i < sf_ntargets; i++)
		if (strcmp(sf_targets[i].name, name) == 0)
			return &sf_targets[i];
	return NULL;
}

const struct sf_shape sf_fuzz_shape = {
	.goroutines = 3, .calls = 1, .cthreads = 0, .gomaxprocs = 2, .locked = 0, .nest = 1,
	.context = SF_CONTEXT_NONZERO,
};

struct sf_trace *sf_fuzz_trace;
struct sf_result sf_fuzz_result;
const char *sf_fuzz_buggy_fatal[SF_MAXVARIANTS];

static struct sf_input in;
static int atmost(int v, int hi)
{
	return v < hi ? v : hi;
}

/*
 * Fuzz inputs get a tighter shape than simulate's: every bug this model
 * knows needs at most a handful of goroutines and calls, and a run ten times
 * longer is ten times fewer executions.  At most (8 goroutines + 3 C
 * threads) x 4 calls x 3 levels = 132 callbacks.
 */
static void fuzzclamp(struct sf_shape *s)
{
	s->goroutines = atmost(s->goroutines, 8);
	s->calls = atmost(s->calls, 4);
	s->cthreads = atmost(s->cthreads, 3);
	s->locked = atmost(s->locked, s->goroutines);
	s->lockexit = atmost(s->lockexit, s->goroutines);
	s->unwind = atmost(s->unwind, s->goroutines);
}

static struct sf_options options(const struct sf_target *t)
{
	return (struct sf_options){.checkm = t->checkm, .checkstate = SF_CHECK,
				   .onstep = sf_feedback_step};
}

void sf_fuzz_decode(struct sf_input *input, const uint8_t *data, size_t size)
{
	if (size > SF_MAX_INPUT)
		size = SF_MAX_INPUT;
	sf_input_decode(input, data, size, &sf_fuzz_shape);
	fuzzclamp(&input->shape);
}

int sf_fuzz_one(const struct sf_target *t, const uint8_t *data, size_t size)
{
	struct sf_options opt = options(t);
	bool reported = false;

	if (sf_nvariants > SF_MAXVARIANTS) {
		fprintf(stderr, "schedfuzz: %d orderings, the differential target keeps %d\n", sf_nvariants,
			SF_MAXVARIANTS);
		abort();
	}
	sf_stats_begin();
	sf_fuzz_decode(&in, data, size);
	sf_feedback_reset();
	if (t->variant != NULL) {
		sf_run(&in.shape, sf_variant_lookup(t->variant), &opt, &in.d, sf_fuzz_trace, false, &sf_fuzz_result);
		sf_stats_callbacks(sf_fuzz_result.callbacks);
		return 0;
	}
	/* Differential: a buggy row may fail with one of its known bugs' signatures
	 * (the outcome is feedback, and the replay driver reports it); any other
	 * failure, on any row, is a finding.  The first row that must pass is the
	 * one whose result and trace the driver reports. */
	for (int i = 0; i < sf_nvariants; i++) {
		const struct sf_variant *v = &sf_variants[i];
		struct sf_result res;

		sf_input_rewind(&in);
		sf_fuzz_buggy_fatal[i] = NULL;
		if (sf_variant_buggy(v)) {
			sf_set_detail_stream(NULL);
			if (sf_run(&in.shape, v, &opt, &in.d, NULL, true, &res) != SF_OK) {
				sf_fuzz_buggy_fatal[i] = res.fatal;
				sf_feedback_step(0, 0, 0xff, i);
			}
			sf_set_detail_stream(stderr);
			if (res.status == SF_OK || sf_variant_bug(v, res.fatal) != NULL)
				continue;
			/* Not a known bug of this row: run it again, deterministically,
			 * so that the throw ends the process with its details. */
			sf_input_rewind(&in);
			sf_run(&in.shape, v, &opt, &in.d, NULL, false, &res);
			continue;
		}
		if (!reported) {
			reported = true;
			sf_run(&in.shape, v, &opt, &in.d, sf_fuzz_trace, false, &sf_fuzz_result);
			res = sf_fuzz_result;
		} else {
			sf_run(&in.shape, v, &opt, &in.d, NULL, false, &res);
		}
		sf_stats_callbacks(res.callbacks);
	}
	return 0;
}
