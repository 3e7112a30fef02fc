/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The C test harness shared by the model's test files (runtime_test.c has
 * main).  A test file exports a table of tests; each test reports what
 * broke with fail() or EXPECT, and the run prints "ok   NAME" or
 * "FAIL NAME" with the messages under it, then "runtime_test: N passed,
 * N failed".
 */
#ifndef SCHEDFUZZ_TEST_H
#define SCHEDFUZZ_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../runtime/input.h"
#include "../runtime/runtime.h"

#if defined(__SANITIZE_ADDRESS__)
#define ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN 1
#endif
#endif

struct test {
	const char *name;
	void (*fn)(void);
};

/* Record a failure of the current test (printf format). */
void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define EXPECT(cond, ...)                  \
	do {                               \
		if (!(cond))               \
			fail(__VA_ARGS__); \
	} while (0)

/* Run fn(arg) in a forked child; it must die, with `want` on its stderr. */
void expect_death(void (*fn)(void *), void *arg, const char *want);

/* runtime_test.c: the options every test starts from (checkm, checkstate),
 * a named scenario's shape, a text input's bytes, and one run of an input
 * from `def` (recover: a throw ends the run, not the process). */
struct sf_options opts(void);
struct sf_shape scenario(const char *name);
long load(const char *path, uint8_t *buf);
int run_input(const uint8_t *data, size_t size, struct sf_shape def, const struct sf_variant *var,
	      struct sf_options opt, bool recover, struct sf_result *res, struct sf_trace *tr);

/*
 * A seeded run of `shape` on `row` (sysmon and GC preemptions at
 * preempt_per_256), recovered, with `brk` (may be NULL) tried after every
 * step, before the checker, until it finds the state it breaks and returns
 * true.  Returns the step it broke the state at, 0 if it never did.
 */
uint64_t run_broken(const struct sf_shape *shape, const char *row, struct sf_options o, int preempt_per_256,
		    int seed, bool (*brk)(void), struct sf_result *res);

/* The decision event of (kind, site, occ) in a trace, NULL if none was
 * recorded (preempt and ctxt decisions are always recorded; the others only
 * when they leave the default). */
const struct sf_event *trace_decision_at(const struct sf_trace *tr, int kind, int site, int occ);
/* How many steps at `site` a trace holds. */
int trace_steps_at(const struct sf_trace *tr, int site);

/* The tables of the other test files. */
extern const struct test checker_tests[], input_tests[], detector_tests[], zoo2_tests[];
extern const size_t ncheckertests, ninputtests, ndetectortests, nzoo2tests;

#endif
