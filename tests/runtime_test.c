/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests of the runtime model.  Each test asserts an outcome that would be
 * different if the model were wrong; death tests run in a forked child and
 * check how it died and what it printed.  Ends with "N passed, N failed".
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../runtime/cstack.h"
#include "../runtime/input.h"
#include "../runtime/proc.h"
#include "../tools/readfile.h"
#include "test.h"

static int passed, failed;
static const char *curtest;
static bool curfail;
/* The current test's failure messages, printed under its FAIL line. */
static char *failtext;
static size_t failtextlen;
static FILE *failbuf;

void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(failbuf, fmt, ap);
	va_end(ap);
	fputc('\n', failbuf);
	curfail = true;
}

struct sf_options opts(void)
{
	return (struct sf_options){.checkm = true, .checkstate = true};
}

static const struct sf_variant *fixed(void)
{
	return sf_variant_lookup("fixed");
}

static const struct sf_variant *go117(void)
{
	return sf_variant_lookup("go117");
}

struct sf_shape scenario(const char *name)
{
	const struct sf_scenario *sc = sf_scenario_lookup(name);

	if (sc == NULL) {
		fprintf(stderr, "no scenario %s\n", name);
		exit(2);
	}
	return sc->shape;
}

/*
 * Seeded stress runs of a scenario, recovering from throws; each result is
 * passed to `each` (may be NULL).  Returns how many runs failed.
 */
static int stress(const char *name, const struct sf_variant *var, int runs, int preempt_per_256,
		  void (*each)(const char *name, int seed, const struct sf_shape *shape, const struct sf_result *res))
{
	struct sf_shape shape = scenario(name);
	int bad = 0;

	sf_set_detail_stream(NULL);
	for (int i = 1; i <= runs; i++) {
		struct sf_random r;
		struct sf_result res;
		struct sf_options o = opts();

		sf_random_init(&r, (uint64_t)i, preempt_per_256);
		sf_run(&shape, var, &o, &r.d, NULL, true, &res);
		bad += res.status != SF_OK;
		if (each != NULL)
			each(name, i, &shape, &res);
	}
	sf_set_detail_stream(stderr);
	return bad;
}

/* ---- death tests ---- */

struct death {
	bool died;
	char err[1 << 16];
};

/* Run fn in a child with stderr captured; report whether it died. */
static void deathtest(struct death *d, void (*fn)(void *), void *arg)
{
	int fds[2];
	pid_t pid;
	size_t n = 0;
	ssize_t r;
	int st;

	fflush(stdout);
	fflush(stderr);
	if (pipe(fds) != 0) {
		perror("pipe");
		exit(2);
	}
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		fn(arg);
		_exit(0);
	}
	close(fds[1]);
	while (n < sizeof d->err - 1 && (r = read(fds[0], d->err + n, sizeof d->err - 1 - n)) > 0)
		n += (size_t)r;
	d->err[n] = '\0';
	close(fds[0]);
	waitpid(pid, &st, 0);
	d->died = !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

void expect_death(void (*fn)(void *), void *arg, const char *want)
{
	static struct death d;

	deathtest(&d, fn, arg);
	EXPECT(d.died, "expected the run to die with '%s'; it exited cleanly", want);
	EXPECT(strstr(d.err, want) != NULL, "expected '%s' on stderr; got:\n%.2000s", want, d.err);
}

/* ---- inputs ---- */

static struct sf_input in;

long load(const char *path, uint8_t *buf)
{
	long n = sf_read_text_input(path, buf, SF_MAX_INPUT);

	if (n < 0) {
		fprintf(stderr, "cannot load %s\n", path);
		exit(2);
	}
	return n;
}

int run_input(const uint8_t *data, size_t size, struct sf_shape def, const struct sf_variant *var,
		     struct sf_options opt, bool recover, struct sf_result *res, struct sf_trace *tr)
{
	sf_input_decode(&in, data, size, &def);
	return sf_run(&in.shape, var, &opt, &in.d, tr, recover, res);
}

static bool (*breaker)(void);
static uint64_t brokenat;

static void break_once(void *arg)
{
	(void)arg;
	if (breaker != NULL && brokenat == 0 && breaker())
		brokenat = sched.step;
}

uint64_t run_broken(const struct sf_shape *shape, const char *row, struct sf_options o, int preempt_per_256,
		    int seed, bool (*brk)(void), struct sf_result *res)
{
	struct sf_random rnd;

	o.afterstep = break_once;
	breaker = brk;
	brokenat = 0;
	sf_random_init(&rnd, (uint64_t)seed, preempt_per_256);
	sf_set_detail_stream(NULL);
	sf_run(shape, sf_variant_lookup(row), &o, &rnd.d, NULL, true, res);
	sf_set_detail_stream(stderr);
	breaker = NULL;
	return brokenat;
}

const struct sf_event *trace_decision_at(const struct sf_trace *tr, int kind, int site, int occ)
{
	for (size_t i = 0; i < tr->n; i++) {
		const struct sf_event *e = &tr->ev[i];

		if (e->kind == EV_DECISION && e->dkind == kind && e->site == site && e->occ == occ)
			return e;
	}
	return NULL;
}

int trace_steps_at(const struct sf_trace *tr, int site)
{
	int n = 0;

	for (size_t i = 0; i < tr->n; i++)
		n += tr->ev[i].kind == EV_STEP && tr->ev[i].site == site;
	return n;
}

/* ---- tests ---- */

static int fixed_runs; /* runs fixed_run has seen */

static void fixed_run(const char *name, int seed, const struct sf_shape *shape, const struct sf_result *res)
{
	fixed_runs++;
	EXPECT(res->status == SF_OK, "%s seed %d: %s", name, seed, res->fatal);
	EXPECT(res->status != SF_OK || res->callbacks == sf_shape_callbacks(shape), "%s seed %d: %d callbacks, want %d",
	       name, seed, res->callbacks, sf_shape_callbacks(shape));
}

static const char *const scenario_names[] = {"TracebackContextPreemption", "CgoCallbackFromCThread",
					     "LockOSThreadCallback", "NestedCallback"};

static void test_fixed_stress(void)
{
	int runs[] = {7000, 1000, 1000, 1000};

	fixed_runs = 0;
	for (int s = 0; s < 4; s++)
		stress(scenario_names[s], fixed(), runs[s], 16, fixed_run);
	/* Counted where each run ends, not summed from the constants above. */
	EXPECT(fixed_runs == 10000, "%d runs reached their end, want 10000", fixed_runs);
}

/* Every other row of the table that is not known buggy passes too. */
static void test_other_fixed_rows_stress(void)
{
	int rows = 0;

	for (int v = 0; v < sf_nvariants; v++) {
		if (sf_variant_buggy(&sf_variants[v]) || &sf_variants[v] == fixed())
			continue;
		rows++;
		for (int s = 0; s < 4; s++)
			stress(scenario_names[s], &sf_variants[v], 500, 16, fixed_run);
	}
	EXPECT(rows > 0, "no other fixed row in runtime/variants.c");
}

/* With checkm on, an unlocked window (go117's, go122-386's) shows two ways:
 * the G comes back on another M (the assertion at B7), or on its own M
 * after another G pushed its callback frame there (the frame check at the
 * return to C). */
static bool window_signature(const struct sf_result *res)
{
	return strcmp(res->fatal, "m changed unexpectedly in cgocallbackg") == 0 ||
	       strcmp(res->fatal, "return to C on a foreign C stack frame") == 0;
}

static void window_run(const char *name, int seed, const struct sf_shape *shape, const struct sf_result *res)
{
	(void)shape;
	EXPECT(res->status == SF_OK || window_signature(res), "%s seed %d died of %s", name, seed, res->fatal);
}

static void test_go117_stress_fails(void)
{
	int bad = stress("TracebackContextPreemption", go117(), 200, 16, window_run);

	EXPECT(bad > 150, "go117 failed only %d of 200 stress runs", bad);
}

static struct sf_event events[1 << 16];

static uint8_t issue47441[SF_MAX_INPUT];
static long issue47441_len;

static void run_issue47441(void *arg)
{
	struct sf_options o = opts();
	struct sf_result res;

	o.checkm = arg == NULL;
	run_input(issue47441, (size_t)issue47441_len, scenario("TracebackContextPreemption"), go117(), o, false, &res,
		  NULL);
}

static void test_issue47441_checkm(void)
{
	expect_death(run_issue47441, NULL, "fatal error: m changed unexpectedly in cgocallbackg");
}

static void test_issue47441_sanitizer(void)
{
#ifdef ASAN
	expect_death(run_issue47441, "nocheckm", "AddressSanitizer: use-after-poison");
	expect_death(run_issue47441, "nocheckm", "in cgocallback_ret");
#else
	expect_death(run_issue47441, "nocheckm", "fatal error: return to C on a foreign C stack frame");
#endif
}

static uint8_t issue62102[SF_MAX_INPUT];
static long issue62102_len;

static void run_issue62102(void *arg)
{
	struct sf_result res;

	(void)arg;
	run_input(issue62102, (size_t)issue62102_len, scenario("TracebackContextPreemption"),
		  sf_variant_lookup("go122-386"), opts(), false, &res, NULL);
}

/* Run the #62102 shape (3 goroutines, 1 call, 2 Ps, no context function)
 * on `row` with the given text schedule, then main's wg.Wait steps back to
 * back as in corpus/src/common/issue62102.txt (runtime.main's start-up keeps
 * the two Ms in the step the schedule was built for); the trace goes to tr. */
static void run62102(const char *row, const char *schedule, struct sf_result *res, struct sf_trace *tr)
{
	static const char shape[] = "shape goroutines 3\nshape calls 1\nshape gomaxprocs 2\nshape context none\n";
	char text[512], err[256];
	uint8_t buf[256];
	long n;

	snprintf(text, sizeof text, "%s%sswitch wgwait 0 0\n", shape, schedule);
	n = sf_text_encode(text, buf, sizeof buf, err, sizeof err);
	if (n < 0) {
		fail("bad schedule: %s", err);
		return;
	}
	sf_set_detail_stream(NULL);
	run_input(buf, (size_t)n, scenario("TracebackContextPreemption"), sf_variant_lookup(row), opts(), true, res, tr);
	sf_set_detail_stream(stderr);
}

static void test_issue62102(void)
{
	struct sf_trace tr = {.ev = events, .cap = sizeof events / sizeof events[0]};
	struct sf_result res;
	const struct sf_event *e;
	const char *nopp[] = {"fixed", "go117"};

	/* go122-386: the fourth deferreturn prologue (the unlocked one of the
	 * second callback) is preempted, from the input, and g moves. */
	expect_death(run_issue62102, NULL, "fatal error: m changed unexpectedly in cgocallbackg");
	run62102("go122-386", "preempt deferreturn 3 sysmon\n", &res, &tr);
	e = trace_decision_at(&tr, K_PREEMPT, SITE_DEFERRETURN, 3);
	EXPECT(e != NULL && e->off == 12 && e->choice == 1, "go122-386: the #62102 preemption was not taken from input@12");
	EXPECT(res.status == SF_FATAL && strcmp(res.fatal, "m changed unexpectedly in cgocallbackg") == 0,
	       "go122-386 on the #62102 schedule: %s", res.fatal ? res.fatal : "passed");

	/* go122 meets one deferreturn prologue per callback (occurrences 0-2
	 * here), each still locked: preempting every one of them, by sysmon or
	 * by the GC, passes, and each preemption is taken from the input. */
	for (int how = 1; how <= 2; how++) {
		char text[128];

		snprintf(text, sizeof text, "preempt deferreturn 0 %d\npreempt deferreturn 1 %d\npreempt deferreturn 2 %d\n",
			 how, how, how);
		run62102("go122", text, &res, &tr);
		EXPECT(res.status == SF_OK, "go122, every deferreturn preempted (%d): %s", how, res.fatal);
		EXPECT(res.callbacks == 3, "go122: %d callbacks, want 3", res.callbacks);
		for (int occ = 0; occ < 3; occ++) {
			e = trace_decision_at(&tr, K_PREEMPT, SITE_DEFERRETURN, occ);
			EXPECT(e != NULL && e->off == 12 + 3 * occ && e->choice == how,
			       "go122: preempt deferreturn %d (choice %d) was not taken from input@%d", occ, how, 12 + 3 * occ);
		}
		EXPECT(trace_decision_at(&tr, K_PREEMPT, SITE_DEFERRETURN, 3) == NULL,
		       "go122 met a fourth deferreturn prologue: the row's sites changed");
	}
	/* fixed and go117 have no preemption point in deferreturn at all: the
	 * #62102 schedule is not a schedule for them. */
	for (int i = 0; i < 2; i++) {
		run62102(nopp[i], "preempt deferreturn 3 sysmon\n", &res, &tr);
		EXPECT(trace_steps_at(&tr, SITE_DEFERRETURN) == 0, "%s stepped at deferreturn", nopp[i]);
		EXPECT(res.status == SF_OK, "%s died: %s", nopp[i], res.fatal);
	}
	/* #62102 needs no context function, unlike #47441; every failure is
	 * the window's own. */
	EXPECT(stress("TracebackContextNone", sf_variant_lookup("go122-386"), 100, 16, window_run) > 50,
	       "go122-386 without a context function rarely fails");
}

static void test_issue47441_fixed_passes(void)
{
	struct sf_trace tr = {.ev = events, .cap = sizeof events / sizeof events[0]};
	struct sf_result res;
	const struct sf_event *e;

	run_input(issue47441, (size_t)issue47441_len, scenario("TracebackContextPreemption"), fixed(), opts(), true,
		  &res, &tr);
	EXPECT(res.status == SF_OK, "fixed ordering died: %s", res.fatal ? res.fatal : "");
	EXPECT(res.callbacks == 3, "%d callbacks, want 3", res.callbacks);
	/* Not vacuous: the fixed row meets both decisions of the schedule and
	 * takes them from the input (the fifth and sixth records). */
	e = trace_decision_at(&tr, K_PREEMPT, SITE_DWRAP1, 0);
	EXPECT(e != NULL && e->off == 12 && e->choice == 1, "fixed: preempt dwrap1 #0 was not taken from input@12");
	e = trace_decision_at(&tr, K_PICK, SITE_SCHEDULE, 2);
	EXPECT(e != NULL && e->off == 15 && e->choice == 1, "fixed: pick schedule #2 was not taken from input@15");
}

/* A locked G preempted inside the callback resumes on its own M. */

static void test_locked_resumes_on_own_m(void)
{
	struct sf_shape shape = scenario("LockOSThreadCallback");
	struct sf_options o = opts();
	struct sf_result res;
	struct sf_trace tr = {.ev = events, .cap = sizeof events / sizeof events[0]};
	int where[256], preempted = 0;

	o.preempt = SF_PREEMPT_ALWAYS;
	o.strict = true; /* I1/I2 would also throw */
	sf_input_decode(&in, NULL, 0, &shape);
	sf_run(&in.shape, go117(), &o, &in.d, &tr, true, &res);
	EXPECT(res.status == SF_OK, "died: %s", res.fatal ? res.fatal : "");
	EXPECT(tr.dropped == 0, "trace overflowed");
	/* Between cgocallbackg and cgocallbackret every step of a G is on one M. */
	memset(where, 0, sizeof where);
	for (size_t i = 0; i < tr.n; i++) {
		const struct sf_event *e = &tr.ev[i];

		if (e->kind == EV_DECISION && e->dkind == K_PREEMPT && e->choice != 0)
			preempted++;
		if (e->kind != EV_STEP || e->g == 0)
			continue;
		if (e->site == SITE_CGOCALLBACKG)
			where[e->g] = e->m;
		else if (where[e->g] != 0 && e->m != where[e->g])
			fail("g%d entered its callback on m%d but stepped at %s on m%d", e->g, where[e->g] - 1,
			     site_name[e->site], e->m - 1);
		if (e->site == SITE_CGOCALLBACK_RET)
			where[e->g] = 0;
	}
	EXPECT(preempted > 100, "only %d preemptions: the test proves nothing", preempted);
}

static void test_locked_preempt_go117_passes(void)
{
	int bad = stress("LockOSThreadCallback", go117(), 300, 64, NULL);

	EXPECT(bad == 0, "%d of 300 go117 runs with user-locked goroutines failed", bad);
}

static void test_lockosthread_nesting(void)
{
	struct m mp = {0};
	struct g gp = {0};

	LockOSThread(&mp, &gp);
	LockOSThread(&mp, &gp);
	lockOSThread(&mp, &gp);
	EXPECT(mp.lockedExt == 2 && mp.lockedInt == 1 && mp.lockedg == &gp && gp.lockedm == &mp, "lock counts");
	UnlockOSThread(&mp, &gp);
	unlockOSThread(&mp, &gp);
	EXPECT(mp.lockedg == &gp && gp.lockedm == &mp, "unlocked while lockedExt == 1");
	UnlockOSThread(&mp, &gp);
	EXPECT(mp.lockedg == NULL && gp.lockedm == NULL && mp.lockedExt == 0 && mp.lockedInt == 0, "still locked");
	UnlockOSThread(&mp, &gp); /* user unlock without lock: a no-op upstream */
	EXPECT(mp.lockedExt == 0, "lockedExt went below zero");
}

static void underflow(void *arg)
{
	struct m mp = {0};
	struct g gp = {0};

	(void)arg;
	lockOSThread(&mp, &gp);
	unlockOSThread(&mp, &gp);
	unlockOSThread(&mp, &gp);
}

static void test_unlock_underflow_throws(void)
{
	expect_death(underflow, NULL, "fatal error: runtime: internal error: misuse of lockOSThread/unlockOSThread");
}

static void test_cthreads(void)
{
	struct sf_shape shape = scenario("CgoCallbackFromCThread");
	struct sf_options o = opts();
	struct sf_trace tr = {.ev = events, .cap = sizeof events / sizeof events[0]};
	struct sf_result res;
	int needm_waits = 0, extra_steps = 0;

	/* Only C threads, preempted everywhere, in the buggy ordering: extra
	 * Ms stay locked (lockedInt from oneNewExtraM), so nothing moves. */
	shape.goroutines = 0;
	o.preempt = SF_PREEMPT_ALWAYS;
	sf_input_decode(&in, NULL, 0, &shape);
	sf_run(&in.shape, go117(), &o, &in.d, &tr, true, &res);
	EXPECT(res.status == SF_OK, "died: %s", res.fatal ? res.fatal : "");
	EXPECT(res.callbacks == shape.cthreads * shape.calls, "%d callbacks, want %d", res.callbacks,
	       shape.cthreads * shape.calls);
	for (size_t i = 0; i < tr.n; i++) {
		needm_waits += tr.ev[i].kind == EV_STEP && tr.ev[i].site == SITE_NEEDM;
		extra_steps += tr.ev[i].kind == EV_STEP && tr.ev[i].site == SITE_CGOCALLBACKG;
	}
	EXPECT(needm_waits > 0, "no C thread ever waited for an extra M: needm's waiter path untested");
	EXPECT(extra_steps == res.callbacks, "%d steps at cgocallbackg, want %d", extra_steps, res.callbacks);
}

/* A decider that always takes the default. */
static int default_decide(struct sf_decider *d, int kind, int site, uint32_t occ, int n, int def, int *off)
{
	(void)d, (void)kind, (void)site, (void)occ, (void)n, (void)off;
	return def;
}

static void test_empty_input_is_canonical(void)
{
	struct sf_decider defaults = {.decide = default_decide};
	static struct sf_event ev2[1 << 16];
	struct sf_trace a = {.ev = events, .cap = 1 << 16}, b = {.ev = ev2, .cap = 1 << 16};
	struct sf_shape shape = scenario("TracebackContextPreemption");
	struct sf_options o = opts();
	struct sf_result r1, r2;

	run_input((const uint8_t *)"", 0, shape, go117(), o, true, &r1, &a);
	sf_run(&shape, go117(), &o, &defaults, &b, true, &r2);
	EXPECT(r1.status == SF_OK && r2.status == SF_OK, "the canonical run died");
	EXPECT(a.hash == b.hash, "empty input %016llx != all-defaults %016llx", (unsigned long long)a.hash,
	       (unsigned long long)b.hash);
	for (size_t i = 0; i < a.n; i++)
		if (a.ev[i].kind == EV_DECISION && a.ev[i].off != -1)
			fail("empty input took a decision from input offset %d", a.ev[i].off);
	/* Two trailing bytes are not a record: still canonical. */
	run_input((const uint8_t *)"\x05\x00", 2, shape, go117(), o, true, &r2, &b);
	EXPECT(b.hash == a.hash, "a partial record changed the run");
}

static void test_same_input_same_trace(void)
{
	static struct sf_event ev2[1 << 16];
	uint64_t x = 88172645463325252ULL;

	for (int k = 0; k < 200; k++) {
		uint8_t buf[96];
		size_t len = (size_t)(k % 96);
		struct sf_trace a = {.ev = events, .cap = 1 << 16}, b = {.ev = ev2, .cap = 1 << 16};
		struct sf_result r1, r2;
		const struct sf_variant *var = k % 2 ? go117() : fixed();

		for (size_t i = 0; i < len; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			buf[i] = (uint8_t)x;
		}
		sf_set_detail_stream(NULL);
		run_input(buf, len, scenario("NestedCallback"), var, opts(), true, &r1, &a);
		run_input(buf, len, scenario("NestedCallback"), var, opts(), true, &r2, &b);
		sf_set_detail_stream(stderr);
		EXPECT(a.hash == b.hash && a.n == b.n && r1.status == r2.status && r1.steps == r2.steps,
		       "input %d: two runs differ", k);
		EXPECT(memcmp(a.ev, b.ev, a.n * sizeof a.ev[0]) == 0, "input %d: events differ", k);
	}
}

static void test_text_roundtrip(void)
{
	uint8_t buf[SF_MAX_INPUT], buf2[SF_MAX_INPUT];
	char err[256], *text = NULL;
	size_t textlen = 0;
	long n, n2;
	FILE *f;

	n = load("corpus/regressions/issue47441.txt", buf);
	EXPECT(n == 6 * SF_RECSIZE, "issue47441.txt encodes to %ld bytes", n);
	f = open_memstream(&text, &textlen);
	sf_text_decode(f, buf, (size_t)n);
	fclose(f);
	n2 = sf_text_encode(text, buf2, sizeof buf2, err, sizeof err);
	EXPECT(n2 == n && memcmp(buf, buf2, (size_t)n) == 0, "decode+encode changed the input: %s", text);
	free(text);
	EXPECT(sf_text_encode("preempt nosuchsite 0 sysmon\n", buf, sizeof buf, err, sizeof err) < 0 &&
		       strstr(err, "line 1") != NULL,
	       "a bad site was accepted (%s)", err);
	EXPECT(sf_text_encode("preempt dwrap1 300 sysmon\n", buf, sizeof buf, err, sizeof err) < 0,
	       "occurrence 300 accepted");
	EXPECT(sf_text_encode("# only a comment\n\n", buf, sizeof buf, err, sizeof err) == 0, "comments encode");
	EXPECT(sf_text_encode("ctxt dwrap1 0 zero\n", buf, sizeof buf, err, sizeof err) < 0,
	       "ctxt accepted at a site where no ctxt decision is taken");
}

static void test_context_none_has_no_window(void)
{
	int bad = stress("TracebackContextNone", go117(), 300, 64, NULL);

	EXPECT(bad == 0, "go117 without a context function failed %d of 300 runs", bad);
}

static void test_strict_flags_window_without_preemption(void)
{
	struct sf_shape shape = scenario("TracebackContextPreemption");
	struct sf_options o = opts();
	struct sf_result res;

	o.strict = true;
	sf_set_detail_stream(NULL);
	run_input(NULL, 0, shape, go117(), o, true, &res, NULL);
	EXPECT(res.status == SF_FATAL && strcmp(res.fatal, "cgocallback: unlocked window inside the callback") == 0,
	       "strict go117 canonical run: %s", res.fatal ? res.fatal : "passed");
	run_input(NULL, 0, shape, fixed(), o, true, &res, NULL);
	sf_set_detail_stream(stderr);
	EXPECT(res.status == SF_OK, "strict fixed canonical run died: %s", res.fatal ? res.fatal : "");
}

static void test_always_preempt(void)
{
	struct sf_shape shape = scenario("TracebackContextPreemption");
	struct sf_options o = opts();
	struct sf_result res;

	o.preempt = SF_PREEMPT_ALWAYS;
	sf_set_detail_stream(NULL);
	run_input(NULL, 0, shape, fixed(), o, true, &res, NULL);
	EXPECT(res.status == SF_OK, "fixed, always preempt: %s", res.fatal ? res.fatal : "");
	shape.calls = 1;
	run_input(NULL, 0, shape, go117(), o, true, &res, NULL);
	EXPECT(res.status == SF_FATAL && strcmp(res.fatal, "m changed unexpectedly in cgocallbackg") == 0,
	       "go117, always preempt, 1 call each: %s", res.fatal ? res.fatal : "passed");
	sf_set_detail_stream(stderr);
}

static void test_clamps(void)
{
	struct sf_shape s = {.goroutines = 99, .calls = 0, .cthreads = -3, .gomaxprocs = 50, .locked = 40, .nest = 9,
			     .context = 7};

	sf_shape_clamp(&s);
	EXPECT(s.goroutines == 16 && s.calls == 1 && s.cthreads == 0 && s.gomaxprocs == 4 && s.locked == 16 &&
		       s.nest == 3 && s.context == SF_CONTEXT_NONZERO,
	       "clamp");
}

/* Every byte string runs to an end within the step budget, in both
 * orderings: fixed passes; go117 passes or fails with its own signature,
 * never with the model's budget, a deadlock or a checker throw. */
static void test_random_bytes_bounded(void)
{
	uint64_t x = 0x1234567;
	int go117_failed = 0;

	sf_set_detail_stream(NULL);
	for (int k = 0; k < 300; k++) {
		uint8_t buf[512];
		size_t len = (size_t)(k * 7 % 512);
		struct sf_result res;

		for (size_t i = 0; i < len; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			buf[i] = (uint8_t)x;
		}
		run_input(buf, len, scenario("CgoCallbackFromCThread"), fixed(), opts(), true, &res, NULL);
		EXPECT(res.status == SF_OK, "fixed died on random input %d: %s", k, res.fatal);
		run_input(buf, len, scenario("CgoCallbackFromCThread"), go117(), opts(), true, &res, NULL);
		EXPECT(res.status == SF_OK || window_signature(&res), "go117 died on random input %d: %s", k, res.fatal);
		go117_failed += res.status != SF_OK;
	}
	sf_set_detail_stream(stderr);
	EXPECT(go117_failed < 300, "go117 failed on every random input");
}

/* sync.WaitGroup as Go's: Wait on zero returns at once; Done releases the
 * semaphore only at zero with waiters; a release before the acquire is kept. */
static void test_waitgroup(void)
{
	struct m mp = {0};
	struct g gp = {0};

	memset(&sched, 0, sizeof sched);
	EXPECT(!wgwait(), "Wait on a zero counter did not return at once");
	wgadd(2);
	EXPECT(wgwait() && sched.wg.w == 1, "Wait on a counter of 2 did not count itself a waiter");
	wgadd(-1);
	EXPECT(sched.wg.sema == 0 && sched.wg.v == 1, "a Done that left the counter above zero released");
	wgadd(-1);
	EXPECT(sched.wg.sema == 1 && sched.wg.v == 0 && sched.wg.w == 0,
	       "the last Done with a waiter: sema=%u v=%d w=%u", sched.wg.sema, (int)sched.wg.v, sched.wg.w);
	gp.status = Grunning;
	EXPECT(wgsemacquire(&mp, &gp) && sched.wg.sema == 0 && gp.status == Grunning,
	       "the waiter lost the release that came before its acquire");
}

/* needm that takes the last extra M notes it (needextram), and the
 * callback's newextram puts a new one on the list, so the next C thread
 * finds one without waiting for a dropm; needm with Ms to spare asks for none. */
static void test_needm_last_extra_m(void)
{
	struct thread t1 = {.id = 0, .cthread = true}, t2 = {.id = 1, .cthread = true};
	struct sf_decider defaults = {.decide = default_decide}; /* needm's signal points decide */
	struct m *mp;

	memset(&sched, 0, sizeof sched);
	sched.dec = &defaults;
	sched.var = sf_variant_lookup("go125");
	cstack_reset();
	cstack_init(&t1, 0); /* needm sets the g0 bounds from the thread's SP */
	cstack_init(&t2, 0);
	oneNewExtraM();
	oneNewExtraM();
	sched.cur = &t1;
	mp = needm(&t1);
	EXPECT(mp != NULL && !mp->needextram, "needm with a second extra M left on the list asked for a new one");
	sched.cur = &t2;
	mp = needm(&t2);
	EXPECT(mp != NULL && mp->needextram,
	       "needm took the last extra M without setting needextram: no callback replaces it, the next C thread waits");
	EXPECT(sched.extraMWaiters == 0 && !t2.waitingm, "a needm that found an M counted itself a waiter");
	newextram();
	EXPECT(sched.extraMLength == 1, "newextram on an empty list with no waiters made %d Ms, want 1", sched.extraMLength);
}

static void negative_counter(void *arg)
{
	(void)arg;
	memset(&sched, 0, sizeof sched);
	wgadd(1);
	wgadd(-1);
	wgadd(-1);
}

static void test_waitgroup_negative(void)
{
	expect_death(negative_counter, NULL, "fatal error: sync: negative WaitGroup counter");
}

/* main parks in semacquire, a worker's wg.Done readies it, and it resumes at
 * the same site without asking for a preemption again (its prologue ran). */
static void test_gopark_ready(void)
{
	struct sf_shape shape = scenario("TracebackContextPreemption");
	struct sf_trace tr = {.ev = events, .cap = sizeof events / sizeof events[0]};
	struct sf_result res;
	int steps = 0, asked = 0;

	shape.goroutines = 2;
	shape.calls = 1;
	run_input(NULL, 0, shape, fixed(), opts(), true, &res, &tr);
	EXPECT(res.status == SF_OK, "died: %s", res.fatal ? res.fatal : "");
	for (size_t i = 0; i < tr.n; i++) {
		steps += tr.ev[i].kind == EV_STEP && tr.ev[i].site == SITE_MAIN_SEMACQUIRE && tr.ev[i].g == 1;
		asked += tr.ev[i].kind == EV_DECISION && tr.ev[i].dkind == K_PREEMPT &&
			 tr.ev[i].site == SITE_MAIN_SEMACQUIRE;
	}
	EXPECT(steps == 2 && asked == 1, "main at semacquire: %d steps, %d preemption decisions; want 2 and 1",
	       steps, asked);
}

/* Under the adversarial feed, no C thread enters the export before runtime
 * init (cgoinit), and no extra-M G runs the exported function before main
 * closes main_init_done (initdone). */
static void test_cthreads_wait_for_init(void)
{
	struct sf_shape shape = scenario("CgoCallbackFromCThread");
	int early = 0, parked = 0;

	shape.goroutines = 0;
	shape.calls = 1;
	sf_set_detail_stream(NULL);
	for (int seed = 1; seed <= 300; seed++) {
		struct sf_trace tr = {.ev = events, .cap = sizeof events / sizeof events[0]};
		struct sf_random r;
		struct sf_result res;
		struct sf_options o = opts();
		bool notified = false, closed = false;

		sf_adversarial_init(&r, (uint64_t)seed);
		sf_run(&shape, fixed(), &o, &r.d, &tr, true, &res);
		EXPECT(res.status == SF_OK, "seed %d died: %s", seed, res.fatal ? res.fatal : "");
		for (size_t i = 0; i < tr.n; i++) {
			const struct sf_event *e = &tr.ev[i];

			if (e->kind != EV_STEP)
				continue;
			notified = notified || e->site == SITE_MAIN_CGOINIT;
			closed = closed || e->site == SITE_MAIN_INITDONE;
			early += (e->site == SITE_C_CONTEXT && !notified) || (e->site == SITE_CGOEXP && !closed);
			parked += e->site == SITE_INITWAIT && !closed;
		}
	}
	sf_set_detail_stream(stderr);
	EXPECT(early == 0, "%d steps ran before runtime init or package init allowed them", early);
	EXPECT(parked > 0, "no callback ever waited at D4: the test proves nothing");
}

static const struct test tests[] = {
	{"fixed ordering passes 10000 seeded stress runs", test_fixed_stress},
	{"go117 ordering fails stress runs with its signature", test_go117_stress_fails},
	{"issue 47441 schedule: m changed unexpectedly", test_issue47441_checkm},
	{"issue 47441 schedule, no checkm: bad stack access", test_issue47441_sanitizer},
	{"issue 47441 schedule passes on the fixed ordering", test_issue47441_fixed_passes},
	{"issue 62102 schedule: go122-386 fails, go122 passes", test_issue62102},
	{"the other fixed rows pass 2000 stress runs each", test_other_fixed_rows_stress},
	{"locked G preempted resumes on its own M", test_locked_resumes_on_own_m},
	{"user-locked goroutines survive go117", test_locked_preempt_go117_passes},
	{"LockOSThread nesting", test_lockosthread_nesting},
	{"unlockOSThread underflow throws", test_unlock_underflow_throws},
	{"C-created threads: needm/dropm path", test_cthreads},
	{"empty input is the canonical run", test_empty_input_is_canonical},
	{"same input gives the same trace", test_same_input_same_trace},
	{"text form round trip and errors", test_text_roundtrip},
	{"no context function: no window", test_context_none_has_no_window},
	{"strict I1 flags the go117 window without preemption", test_strict_flags_window_without_preemption},
	{"always-preempt mode", test_always_preempt},
	{"shape clamps", test_clamps},
	{"random bytes are valid bounded inputs", test_random_bytes_bounded},
	{"WaitGroup: Wait on zero, Done at zero, a release before the acquire", test_waitgroup},
	{"WaitGroup: a negative counter throws", test_waitgroup_negative},
	{"needm: taking the last extra M asks for a new one (needextram)", test_needm_last_extra_m},
	{"gopark/ready: main parks on the semaphore and resumes past its prologue", test_gopark_ready},
	{"C threads wait for runtime init and for main_init_done", test_cthreads_wait_for_init},
};

static void runtable(const struct test *t, size_t n, const char *filter)
{
	for (size_t i = 0; i < n; i++) {
		if (filter != NULL && strstr(t[i].name, filter) == NULL)
			continue;
		curtest = t[i].name;
		curfail = false;
		/* Said first: if the test kills the process (a sanitizer report
		 * cannot be recovered from), the runner knows which one did. */
		printf("run  %s\n", t[i].name);
		failbuf = open_memstream(&failtext, &failtextlen);
		t[i].fn();
		fclose(failbuf);
		printf("%s %s\n", curfail ? "FAIL" : "ok  ", t[i].name);
		/* The messages, each line under the FAIL line (capped). */
		for (char *p = failtext, *nl; curfail && p < failtext + failtextlen && p < failtext + 4000; p = nl + 1) {
			nl = strchr(p, '\n');
			if (nl == NULL)
				nl = p + strlen(p);
			printf("       | %.*s\n", (int)(nl - p), p);
		}
		free(failtext);
		failtext = NULL;
		if (curfail)
			failed++;
		else
			passed++;
	}
}

int main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;

	issue47441_len = load("corpus/regressions/issue47441.txt", issue47441);
	issue62102_len = load("corpus/src/common/issue62102.txt", issue62102);
	setvbuf(stdout, NULL, _IOLBF, 0);
	runtable(tests, sizeof tests / sizeof tests[0], filter);
	runtable(input_tests, ninputtests, filter);
	runtable(detector_tests, ndetectortests, filter);
	runtable(checker_tests, ncheckertests, filter);
	runtable(zoo2_tests, nzoo2tests, filter);
	printf("runtime_test: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
