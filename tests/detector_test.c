/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The detectors besides the whole-state checker, each shown to fire: the C
 * stacks' poisoning and frame check, and the runtime's own throws.  Each
 * break is planted from the test hook in a seeded run with the checker off,
 * so the detector under test is the one that must speak.
 */
#include <stdio.h>
#include <string.h>

#include "../runtime/cstack.h"
#include "../runtime/proc.h"
#include "test.h"

/* ---- C stacks ---- */

static struct thread lone = {.id = 0};

#ifdef ASAN
/* Push a frame and pop it, then read it as a stale return path would. */
static void read_popped_frame(void *arg)
{
	struct cframe *f;
	char *sp;

	(void)arg;
	memset(&sched, 0, sizeof sched);
	cstack_init(&lone, 0);
	f = cframe_push(&lone, CF_CGOCALLBACK, 1, 3, 0, NULL, 1);
	sp = (char *)f;
	cframe_pop(&lone, sp, CF_CGOCALLBACK, 3, f->seq);
	fprintf(stderr, "read %x\n", (unsigned)((volatile struct cframe *)(void *)sp)->kind);
}

/* Pop a frame twice: the second pop finds what the first left. */
static void pop_twice(void *arg)
{
	struct cframe *f;
	uint32_t seq;

	(void)arg;
	memset(&sched, 0, sizeof sched);
	cstack_init(&lone, 0);
	f = cframe_push(&lone, CF_CGOCALLBACK, 1, 3, 0, NULL, 1);
	seq = f->seq;
	cframe_pop(&lone, (char *)f, CF_CGOCALLBACK, 3, seq);
	cframe_pop(&lone, (char *)f, CF_CGOCALLBACK, 3, seq);
}

/* Read the junk under a fresh Go-created M's g0.sched.sp (its mstart area). */
static void read_mstart_area(void *arg)
{
	(void)arg;
	memset(&sched, 0, sizeof sched);
	cstack_init(&lone, 0);
	fprintf(stderr, "read %x\n", (unsigned)*(volatile char *)cstack_mstart_sp(lone.stk));
}
#endif

static void test_popped_frame_poisoned(void)
{
#ifdef ASAN
	expect_death(read_popped_frame, NULL, "AddressSanitizer: use-after-poison");
	expect_death(pop_twice, NULL, "AddressSanitizer: use-after-poison");
	expect_death(read_mstart_area, NULL, "AddressSanitizer: use-after-poison");
#else
	fail("this build has no AddressSanitizer: make check builds runtime_test with it");
#endif
}

/* A live frame of another G, popped as this G's: the frame check names it. */
static void pop_foreign(void *arg)
{
	struct cframe *f;

	(void)arg;
	memset(&sched, 0, sizeof sched);
	cstack_init(&lone, 0);
	f = cframe_push(&lone, CF_CGOCALLBACK, 1, 3, 0, NULL, 1);
	cframe_pop(&lone, (char *)f, CF_CGOCALLBACK, 4, f->seq);
}

static void test_frame_check(void)
{
	expect_death(pop_foreign, NULL, "fatal error: return to C on a foreign C stack frame");
}

/* ---- throws planted in seeded runs ---- */

struct breakage {
	const char *msg;
	bool (*plant)(void);
	bool strict;
};

/* The running G of a Go-created M about to run `site`, if any. */
static struct g *g_at(enum site site)
{
	for (int i = 0; i < sched.nm; i++) {
		struct m *mp = &sched.allm[i];

		if (mp->state == Mrunning && !mp->extra && mp->curg->pc == site && mp->curg->resumepp != site)
			return mp->curg;
	}
	return NULL;
}

static bool split_in_syscall(void)
{
	struct g *gp = g_at(SITE_USERFN);

	if (gp == NULL)
		return false;
	gp->throwsplit = true;
	gp->preempt = true;
	return true;
}

static bool ctxt_lost(void)
{
	struct g *gp = g_at(SITE_DWRAP1);

	if (gp == NULL)
		return false;
	gp->ncgoCtxt = 0;
	return true;
}

static bool g0sp_moved(void)
{
	struct g *gp = g_at(SITE_CGOCALL);

	if (gp == NULL)
		return false;
	gp->m->g0.sched.sp -= sizeof(struct cframe);
	return true;
}

static bool stack_full(void)
{
	struct g *gp = g_at(SITE_CGOCALL);
	struct cstack *s;

	if (gp == NULL)
		return false;
	s = gp->m->thr->stk;
	s->sp = s->lo + 8;
	gp->m->g0.sched.sp = s->sp;
	/* g0's bounds say there is room, so no prologue check stops it
	 * first: the push itself finds the end of the region. */
	gp->m->g0.stackguard0 = 0;
	return true;
}

static bool nothing_runnable(void)
{
	for (int i = 0; i < sched.np; i++)
		if (sched.allp[i].status == Psyscall)
			return false;
	for (int i = 0; i < sched.nt; i++)
		sched.allt[i].done = true;
	return true;
}

static bool budget_spent(void)
{
	sched.maxsteps = sched.step;
	return true;
}

static bool schedule_locked(void)
{
	for (int i = 0; i < sched.nm; i++)
		if (sched.allm[i].state == Mschedule) {
			sched.allm[i].locks = 1;
			return true;
		}
	return false;
}

static bool unlock_extra(void)
{
	struct g *gp = g_at(SITE_CGOCALLBACKG1);

	if (gp == NULL)
		return false;
	unlockOSThread(gp->m, gp); /* the callback's own lock, released early */
	return true;
}

/* X(message, break, strict): strict turns on the opt-in detector I1. */
#define BREAKAGES(X)                                                                   \
	X("runtime: stack split at bad time", split_in_syscall, false)                 \
	X("cgoCtxt underflow", ctxt_lost, false)                                       \
	X("asmcgocall: g0 stack cursor out of place", g0sp_moved, false)               \
	X("C stack overflow", stack_full, false)                                       \
	X("all goroutines are asleep - deadlock!", nothing_runnable, false)            \
	X("model: step budget exhausted", budget_spent, false)                         \
	X("schedule: holding locks", schedule_locked, false)                           \
	X("cgocallback: unlocked window inside the callback", unlock_extra, true)

static const struct breakage breakages[] = {
#define X(msg, fn, strict) {msg, fn, strict},
	BREAKAGES(X)
#undef X
};

enum {
#define X(msg, fn, strict) B_##fn,
	BREAKAGES(X)
#undef X
};

static void test_breakage(int i)
{
	const struct breakage *b = &breakages[i];
	struct sf_shape shape = scenario("TracebackContextPreemption");
	struct sf_options o = opts();

	o.checkstate = false;
	o.strict = b->strict;
	for (int seed = 1; seed <= 20; seed++) {
		struct sf_result res;
		uint64_t at = run_broken(&shape, "fixed", o, 32, seed, b->plant, &res);

		if (at == 0)
			continue;
		EXPECT(res.status == SF_FATAL && strcmp(res.fatal, b->msg) == 0, "seed %d, broken at step %llu: %s%s",
		       seed, (unsigned long long)at, res.status == SF_OK ? "the run passed" : "died of ",
		       res.status == SF_OK ? "" : res.fatal);
		return;
	}
	fail("the state to break never arose in 20 seeded runs");
}

#define X(msg, fn, strict) \
	static void test_##fn(void) { test_breakage(B_##fn); }
BREAKAGES(X)
#undef X

/* A SIGPROF the input asks for arrives, and its handler checks the
 * context: a callback whose pushed context is not its own throws. */
static void stale_context(void *arg)
{
	(void)arg;
	for (int i = 0; i < sched.ng; i++) {
		struct g *gp = &sched.allg[i];

		if (gp->pc == SITE_USERFN && gp->ncgoCtxt > 0)
			gp->cgoCtxt[gp->ncgoCtxt - 1] = 0xbad;
	}
}

static void test_sigprof_delivered(void)
{
	static const char text[] = "shape goroutines 1\nshape calls 1\nsigprof userfn 0 yes\n";
	char err[256];
	uint8_t buf[64];
	long n = sf_text_encode(text, buf, sizeof buf, err, sizeof err);
	struct sf_options o = opts();
	struct sf_result res;

	EXPECT(n >= 0, "the SIGPROF schedule does not encode: %s", err);
	if (n < 0)
		return;
	run_input(buf, (size_t)n, scenario("TracebackContextPreemption"), sf_variant_lookup("fixed"), o, true, &res,
		  NULL);
	EXPECT(res.status == SF_OK, "the SIGPROF schedule alone died: %s", res.fatal);
	o.afterstep = stale_context;
	sf_set_detail_stream(NULL);
	run_input(buf, (size_t)n, scenario("TracebackContextPreemption"), sf_variant_lookup("fixed"), o, true, &res,
		  NULL);
	sf_set_detail_stream(stderr);
	EXPECT(res.status == SF_FATAL && strcmp(res.fatal, "sigprof: stale cgo context") == 0,
	       "a SIGPROF after userfn with a stale context: %s", res.status == SF_OK ? "passed" : res.fatal);
}

const struct test detector_tests[] = {
	{"detector: a SIGPROF from the input arrives and checks the callback's context", test_sigprof_delivered},
	{"detector: ASan reports a read of a popped (or never pushed) C frame", test_popped_frame_poisoned},
	{"detector: the frame check names a foreign frame", test_frame_check},
#define X(msg, fn, strict) {"detector: throw '" msg "'", test_##fn},
	BREAKAGES(X)
#undef X
};
const size_t ndetectortests = sizeof detector_tests / sizeof detector_tests[0];
