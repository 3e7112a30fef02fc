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
#include "mutate.h"

#ifndef SF_FEEDBACK
#define SF_FEEDBACK 0
#endif
#ifndef SF_CHECK
#define SF_CHECK 1
#endif

const struct sf_target sf_targets[] = {
	{"cgocallback_fuzzer", "fixed", true, false},
	{"cgocallback_go117_fuzzer", "go117", true, false},
	{"cgocallback_go117_noassert_fuzzer", "go117", false, false},
	{"cgocallback_differential_fuzzer", NULL, true, false},
	{"cgocallback_variant_fuzzer", NULL, true, true},
};
const int sf_ntargets = sizeof sf_targets / sizeof sf_targets[0];

const struct sf_target *sf_target_named(const char *name)
{
	for (int i = 0; i < sf_ntargets; i++)
		if (strcmp(sf_targets[i].name, name) == 0)
			return &sf_targets[i];
	return NULL;
}

const struct sf_variant *sf_target_variant(const struct sf_target *t)
{
	const char *row;
	const struct sf_variant *v;

	if (!t->variantfromenv)
		return t->variant != NULL ? sf_variant_lookup(t->variant) : NULL;
	row = getenv("SCHEDFUZZ_VARIANT");
	if (row == NULL || (v = sf_variant_lookup(row)) == NULL) {
		fprintf(stderr, "schedfuzz: %s runs the row SCHEDFUZZ_VARIANT names; it names %s%s%s; rows:", t->name,
			row ? "'" : "", row ? row : "none", row ? "'" : "");
		for (int i = 0; i < sf_nvariants; i++)
			fprintf(stderr, " %s", sf_variants[i].name);
		fprintf(stderr, "\n");
		exit(2);
	}
	return v;
}

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
 * threads, each respawned at most once) x 4 calls x (1 + 2 + 4) callbacks
 * over 3 levels with each C function calling back at most twice = 392
 * callbacks.
 */
static void fuzzclamp(struct sf_shape *s)
{
	s->goroutines = atmost(s->goroutines, sf_fuzz_max.goroutines);
	s->calls = atmost(s->calls, sf_fuzz_max.calls);
	s->cthreads = atmost(s->cthreads, sf_fuzz_max.cthreads);
	s->respawn = atmost(s->respawn, sf_fuzz_max.respawn);
	s->repeat = atmost(s->repeat, sf_fuzz_max.repeat);
	s->locked = atmost(s->locked, s->goroutines);
	s->lockexit = atmost(s->lockexit, s->goroutines);
	s->unwind = atmost(s->unwind, s->goroutines);
}

static struct sf_options options(const struct sf_target *t)
{
	/* No per-step observer call at all when the feedback is compiled out. */
	return (struct sf_options){.checkm = t->checkm, .checkstate = SF_CHECK,
				   .onstep = SF_FEEDBACK == 1 ? sf_feedback_step : NULL,
				   .onrf = SF_FEEDBACK == 2 ? sf_feedback_rf : NULL};
}

void sf_fuzz_decode(struct sf_input *input, const uint8_t *data, size_t size)
{
	if (size > SF_MAX_INPUT)
		size = SF_MAX_INPUT;
	sf_input_decode(input, data, size, &sf_fuzz_shape);
	fuzzclamp(&input->shape);
}

/*
 * SCHEDFUZZ_BUG=<issue> (golang/go#62440(b), or 62440(b)) says which of a
 * row's known bugs a campaign looks for: the signatures of the row's other
 * bugs are tolerated (the run ends and counts, and is no crash;
 * sf_variant_tolerate_others), so that a campaign for #62440(c) on go1220
 * is not stopped by #72870 every time.  Unset: none.  Read on every input,
 * as the row is: no first-input-only branch.
 */
static void tolerate_others(const struct sf_variant *row)
{
	char err[512];

	if (sf_variant_tolerate_others(row, getenv("SCHEDFUZZ_BUG"), err, sizeof err) != 0) {
		fprintf(stderr, "schedfuzz: SCHEDFUZZ_BUG=%s\n", err);
		exit(2);
	}
}

/* The decision feed of an observed run: the input's, with a record of
 * every decision that had a choice. */
struct observed {
	struct sf_decider d;
	struct sf_input *in;
	struct sf_taken *out;
	int n, max;
};

static int observe_decide(struct sf_decider *d, int kind, int site, uint32_t occ, int n, int def, int *off)
{
	struct observed *o = (struct observed *)(void *)d;
	int c = o->in->d.decide(&o->in->d, kind, site, occ, n, def, off);

	if (o->n < o->max)
		o->out[o->n++] = (struct sf_taken){(uint8_t)kind, (uint8_t)site, (uint8_t)(n > 255 ? 255 : n), (uint8_t)c, occ};
	return c;
}

static void observe_stepped(struct sf_decider *d, int thread)
{
	sf_input_step(((struct observed *)(void *)d)->in, thread);
}

int sf_fuzz_taken(const struct sf_target *t, const uint8_t *data, size_t size, struct sf_taken *out, int max)
{
	static struct sf_input parent;
	const struct sf_variant *row = sf_target_variant(t);
	struct observed o = {.d.decide = observe_decide, .d.stepped = observe_stepped, .in = &parent, .out = out,
			     .max = max};
	struct sf_options opt = {.checkm = t->checkm};
	struct sf_result res;

	/* The differential target: the first row that must pass, as replayed. */
	for (int i = 0; row == NULL && i < sf_nvariants; i++)
		if (!sf_variant_buggy(&sf_variants[i]))
			row = &sf_variants[i];
	sf_fuzz_decode(&parent, data, size);
	sf_set_detail_stream(NULL);
	sf_run(&parent.shape, row, &opt, &o.d, NULL, true, &res);
	sf_set_detail_stream(stderr);
	return o.n;
}

int sf_fuzz_one(const struct sf_target *t, const uint8_t *data, size_t size)
{
	struct sf_options opt = options(t);
	const struct sf_variant *row = sf_target_variant(t);
	bool reported = false;

	if (sf_nvariants > SF_MAXVARIANTS) {
		fprintf(stderr, "schedfuzz: %d orderings, the differential target keeps %d\n", sf_nvariants,
			SF_MAXVARIANTS);
		abort();
	}
	sf_stats_begin();
	sf_totals.execs++;
	sf_fuzz_decode(&in, data, size);
	sf_feedback_reset();
	if (row != NULL) {
		tolerate_others(row);
		sf_run(&in.shape, row, &opt, &in.d, sf_fuzz_trace, false, &sf_fuzz_result);
		sf_tolerate(NULL, 0);
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
		sf_run(&in.shape, v, &opt, &in.d, reported ? NULL : sf_fuzz_trace, false,
		       reported ? &res : &sf_fuzz_result);
		reported = true;
	}
	return 0;
}
