/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The shared decoder harness: every fuzz target is one small file that
 * names its row of sf_targets; fuzz/target.c is the engines' entry point
 * (LLVMFuzzerTestOneInput) for all of them, over sf_fuzz_one (libxml2's
 * fuzz/NAME.c files over its fuzz.c).
 */
#ifndef SCHEDFUZZ_FUZZ_H
#define SCHEDFUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "../runtime/input.h"
#include "../runtime/runtime.h"

struct sf_target {
	const char *name;
	const char *variant;  /* "fixed", "go117", or NULL: every row of the table (differential) */
	bool checkm;          /* the M-identity assertion */
	bool variantfromenv;      /* the row SCHEDFUZZ_VARIANT names (the benchmark's target for any row) */
};

/* Every target, one row each; each target file names its row. */
extern const struct sf_target sf_targets[];
extern const int sf_ntargets;
const struct sf_target *sf_target_named(const char *name);
/* The row a target runs; NULL for the differential target (every row).
 * SCHEDFUZZ_VARIANT naming no row ends the process with the list of rows. */
const struct sf_variant *sf_target_variant(const struct sf_target *t);
extern const char sf_this_target_name[]; /* defined by each target file */

/* Decode an input as the targets do: cut at SF_MAX_INPUT, the fuzz shape,
 * then the fuzz clamps (tighter than sf_shape_clamp). */
void sf_fuzz_decode(struct sf_input *in, const uint8_t *data, size_t size);

/* Decode and run one input.  A throw or a sanitizer report ends the process
 * (the engine's crash); otherwise returns 0. */
int sf_fuzz_one(const struct sf_target *t, const uint8_t *data, size_t size);

/* Run an input as target t does, recovered and unchecked, and list the
 * decisions it took (the mutator's schedule-prefix operation);
 * sf_fuzz_observe does it for the target this program is (target.c). */
struct sf_taken;
int sf_fuzz_taken(const struct sf_target *t, const uint8_t *data, size_t size, struct sf_taken *out, int max);
int sf_fuzz_observe(const uint8_t *data, size_t size, struct sf_taken *out, int max);

/* Set by the replay driver: where the last run's result and trace go. */
extern struct sf_trace *sf_fuzz_trace;
extern struct sf_result sf_fuzz_result;
/* Differential target: the buggy rows' outcomes of the last input. */
#define SF_MAXVARIANTS 32
extern const char *sf_fuzz_buggy_fatal[SF_MAXVARIANTS];

/* Statistics for the benchmark (stats.c): SCHEDFUZZ_STATS=1 asks for one
 * line at exit; called before every input. */
void sf_stats_begin(void);

/* Interleaving feedback (feedback.c): a feature of the last step
 * (SF_FEEDBACK=1), or a reads-from pair (SF_FEEDBACK=2). */
void sf_feedback_reset(void);
void sf_feedback_step(int thread, int site, int m, int g);
void sf_feedback_rf(int obj, int wsite, int rsite);

#endif
