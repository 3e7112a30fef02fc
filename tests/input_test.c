/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What an input says reaches the run: every record up to the input cap is
 * honoured wherever it sits, and each context-function choice is the value
 * the callback carries.
 */
#include <stdio.h>
#include <string.h>

#include "../runtime/proc.h"
#include "test.h"

static struct sf_event events[1 << 16];
static struct sf_trace tr = {.ev = events, .cap = sizeof events / sizeof events[0]};

/* Append the bytes of one record, in its text form, at buf + *n. */
static void rec(uint8_t *buf, size_t *n, const char *text)
{
	char err[256];
	long k = sf_text_encode(text, buf + *n, SF_MAX_INPUT + 64 - *n, err, sizeof err);

	if (k != SF_RECSIZE) {
		fail("'%s' does not encode to one record: %s", text, err);
		return;
	}
	*n += SF_RECSIZE;
}

/*
 * n - 1 records that change nothing this run can see (a shape field set to
 * its default, and decisions of occurrences no run of this shape reaches),
 * then the record that matters last.
 */
static size_t padded(uint8_t *buf, int n, const char *last)
{
	static const char *const filler[] = {"shape goroutines 3\n", "preempt userfn 250 sysmon\n",
					     "sigprof creturn 251 yes\n"};
	size_t len = 0;

	for (int i = 0; i < n - 1; i++)
		rec(buf, &len, filler[i % 3]);
	rec(buf, &len, last);
	return len;
}

static void run(const uint8_t *buf, size_t len, const char *row, struct sf_result *res)
{
	sf_set_detail_stream(NULL);
	run_input(buf, len, scenario("TracebackContextPreemption"), sf_variant_lookup(row), opts(), true, res, &tr);
	sf_set_detail_stream(stderr);
}

/* The #47441 schedule of corpus/regressions/issue47441.txt, but with its
 * preemption as the 40th record: go117 takes it from input@117 and fails. */
static void test_fortieth_record(void)
{
	static uint8_t buf[SF_MAX_INPUT + 64];
	size_t len = 0;
	struct sf_result res;
	const struct sf_event *e;

	rec(buf, &len, "shape goroutines 3\n");
	rec(buf, &len, "shape calls 1\n");
	rec(buf, &len, "shape gomaxprocs 2\n");
	rec(buf, &len, "pick schedule 2 1\n");
	for (int i = 0; i < 35; i++)
		rec(buf, &len, "sigprof creturn 251 yes\n");
	rec(buf, &len, "preempt dwrap1 0 sysmon\n");
	EXPECT(len == 40 * SF_RECSIZE, "%zu bytes, want 40 records", len);
	run(buf, len, "go117", &res);
	e = trace_decision_at(&tr, K_PREEMPT, SITE_DWRAP1, 0);
	EXPECT(e != NULL && e->off == 39 * SF_RECSIZE && e->choice == 1,
	       "the 40th record (preempt dwrap1 0 sysmon) was not taken from input@%d: %s", 39 * SF_RECSIZE,
	       e == NULL ? "no such decision" : e->off < 0 ? "taken as the default" : "taken from elsewhere");
	EXPECT(res.status == SF_FATAL && strcmp(res.fatal, "m changed unexpectedly in cgocallbackg") == 0,
	       "go117 with the preemption as the 40th record: %s", res.fatal ? res.fatal : "passed");
}

/* The last whole record under the 4096-byte cap (bytes 4092-4094) is
 * honoured; a record that starts at byte 4095 is past the cap. */
static void test_last_record_under_cap(void)
{
	static uint8_t buf[SF_MAX_INPUT + 64];
	size_t len = padded(buf, SF_MAXREC, "preempt dwrap1 0 sysmon\n");
	struct sf_result res;
	const struct sf_event *e;

	EXPECT(len == 4095, "%zu bytes", len);
	run(buf, len, "fixed", &res);
	e = trace_decision_at(&tr, K_PREEMPT, SITE_DWRAP1, 0);
	EXPECT(e != NULL && e->off == 4092 && e->choice == 1, "record %d at byte 4092 was not honoured", SF_MAXREC);
	EXPECT(res.status == SF_OK, "fixed died: %s", res.fatal);

	len = padded(buf, SF_MAXREC + 1, "preempt dwrap1 0 sysmon\n"); /* the last one at 4095..4097 */
	run(buf, len, "fixed", &res);
	e = trace_decision_at(&tr, K_PREEMPT, SITE_DWRAP1, 0);
	EXPECT(e != NULL && e->off == -1, "a record past the 4096-byte cap was honoured (from input@%d)",
	       e ? e->off : -9);
}

/* ---- the context function's value reaches the callback ---- */

static int seen_ctxt; /* contexts pushed when g first reached cgoexp, -1 never */
static uintptr_t seen_value;

static void watch_cgoexp(void *arg)
{
	(void)arg;
	for (int i = 0; i < sched.ng; i++) {
		const struct g *gp = &sched.allg[i];

		if (seen_ctxt < 0 && gp->pc == SITE_CGOEXP && gp->lvl >= 0) {
			seen_ctxt = gp->ncgoCtxt;
			seen_value = gp->ncgoCtxt > 0 ? gp->cgoCtxt[gp->ncgoCtxt - 1] : 0;
		}
	}
}

/*
 * One goroutine, one callback; the context function (shape `context`)
 * answers `choice`.  Returns the pushed count; *value the pushed value.
 */
static int ctxt_run(const char *context, const char *choice, uintptr_t *value, int *dwrap1)
{
	char text[256], err[256];
	uint8_t buf[64];
	long n;
	struct sf_options o = opts();
	struct sf_result res;
	const struct sf_event *e;

	snprintf(text, sizeof text, "shape goroutines 1\nshape calls 1\nshape context %s\nctxt context 0 %s\n", context,
		 choice);
	n = sf_text_encode(text, buf, sizeof buf, err, sizeof err);
	if (n < 0) {
		fail("%s", err);
		return -1;
	}
	o.afterstep = watch_cgoexp;
	seen_ctxt = -1;
	run_input(buf, (size_t)n, scenario("TracebackContextPreemption"), sf_variant_lookup("fixed"), o, true, &res, &tr);
	EXPECT(res.status == SF_OK && res.callbacks == 1, "context %s, choice %s: %s", context, choice,
	       res.fatal ? res.fatal : "not one callback");
	e = trace_decision_at(&tr, K_CTXT, SITE_C_CONTEXT, 0);
	if (strcmp(context, "none") == 0)
		EXPECT(e == NULL, "no context function, yet a ctxt decision was taken");
	else
		EXPECT(e != NULL && e->off == 9, "context %s: the ctxt record (input@9) was not taken", context);
	*value = seen_value;
	*dwrap1 = trace_steps_at(&tr, SITE_DWRAP1);
	return seen_ctxt;
}

static void test_each_context_choice(void)
{
	static const struct {
		const char *context, *choice;
		int pushed;      /* contexts pushed in cgocallbackg1 */
		uintptr_t value; /* the value pushed */
	} cases[] = {
		{"nonzero", "own", 1, 1},         /* tcContextSimple turns 0 into 1 */
		{"nonzero", "zero", 0, 0},        /* the function left it 0: nothing to pop */
		{"nonzero", "nonzero", 1, 0x100}, /* its own value: 0x100 + callbacks so far */
		{"zero", "own", 0, 0},
		{"zero", "nonzero", 1, 0x100},
		{"none", "nonzero", 0, 0}, /* no function installed: ctxt is 0 */
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uintptr_t value = 0;
		int dwrap1 = 0;
		int pushed = ctxt_run(cases[i].context, cases[i].choice, &value, &dwrap1);

		EXPECT(pushed == cases[i].pushed && value == cases[i].value,
		       "context %s, choice %s: the callback carried %d context(s), value %#lx; want %d, %#lx",
		       cases[i].context, cases[i].choice, pushed, (unsigned long)value, cases[i].pushed,
		       (unsigned long)cases[i].value);
		/* A pushed context is popped by its own deferred wrapper, dwrap1. */
		EXPECT(dwrap1 == cases[i].pushed, "context %s, choice %s: %d dwrap1 step(s)", cases[i].context,
		       cases[i].choice, dwrap1);
	}
}

/* Two records naming one decision: the later one wins. */
static void test_later_record_wins(void)
{
	static const char *const orders[] = {"preempt dwrap1 0 none\npreempt dwrap1 0 sysmon\n",
					     "preempt dwrap1 0 sysmon\npreempt dwrap1 0 none\n"};

	for (int k = 0; k < 2; k++) {
		char text[256], err[256];
		uint8_t buf[64];
		struct sf_result res;
		const struct sf_event *e;
		long n;

		snprintf(text, sizeof text, "shape goroutines 3\nshape calls 1\npick schedule 2 1\n%s", orders[k]);
		n = sf_text_encode(text, buf, sizeof buf, err, sizeof err);
		EXPECT(n >= 0, "%s does not encode: %s", text, err);
		if (n < 0)
			continue;
		run(buf, (size_t)n, "go117", &res);
		e = trace_decision_at(&tr, K_PREEMPT, SITE_DWRAP1, 0);
		EXPECT(e != NULL && e->off == 12 && e->choice == (k == 0 ? 1 : 0),
		       "%s: preempt dwrap1 #0 was not the later record's (input@12)", k == 0 ? "none, sysmon" : "sysmon, none");
		EXPECT((res.status == SF_FATAL) == (k == 0), "%s: go117 %s", k == 0 ? "none, sysmon" : "sysmon, none",
		       res.status == SF_OK ? "passed" : res.fatal);
	}
}

const struct test input_tests[] = {
	{"input: of two records for one decision, the later wins", test_later_record_wins},
	{"input: the 40th record of a 40-record input is honoured", test_fortieth_record},
	{"input: the last record under the 4096-byte cap is honoured, the next is not", test_last_record_under_cap},
	{"input: each context-function choice is the value the callback carries", test_each_context_choice},
};
const size_t ninputtests = sizeof input_tests / sizeof input_tests[0];
