/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests of the model's signals, syscall exits, goroutine exits and the rows
 * of the second bug zoo (issue 11), run by runtime_test.  Each test asserts
 * an outcome that would differ if the model broke the upstream rule it
 * names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/cstack.h"
#include "../runtime/proc.h"
#include "test.h"

static const struct sf_variant *row(const char *name)
{
	const struct sf_variant *v = sf_variant_lookup(name);

	if (v == NULL) {
		fprintf(stderr, "no row %s\n", name);
		exit(2);
	}
	return v;
}

/* ---- runs ---- */

/* Seeded adversarial runs of shape on a row with options o (their hooks
 * see every run); returns how many failed, the first failure in *first. */
static int adversarial(struct sf_shape shape, const struct sf_variant *var, int runs, struct sf_options o,
		       const char **first)
{
	int bad = 0;

	sf_set_detail_stream(NULL);
	for (int seed = 1; seed <= runs; seed++) {
		struct sf_random r;
		struct sf_result res;

		sf_adversarial_init(&r, (uint64_t)seed);
		sf_run(&shape, var, &o, &r.d, NULL, true, &res);
		if (res.status != SF_OK && bad++ == 0 && first != NULL)
			*first = res.fatal;
	}
	sf_set_detail_stream(stderr);
	return bad;
}

/* The default options with an after-step hook. */
static struct sf_options with_afterstep(void (*each)(void *))
{
	struct sf_options o = opts();

	o.afterstep = each;
	return o;
}

/* ---- the tests ---- */

/*
 * Upstream 1.17's sigprof never loads m.curg.m (proc.go:4721-4742 with flags
 * 0 on the cgo branch), so a SIGPROF that finds the link torn, as dropg and
 * execute leave it for a moment, is harmless on the fixed row.  The hook
 * tears the link of every M in C and delivers SIGPROF to its thread.
 */
static int torn;

static void tear_and_signal(void *arg)
{
	(void)arg;
	for (int i = 0; i < sched.nm; i++) {
		struct m *mp = &sched.allm[i];
		struct g *gp = mp->curg;

		if (mp->state != Mrunning || mp->thr == NULL || gp == NULL || gp->status != Gsyscall || mp->ncgo == 0)
			continue;
		gp->m = NULL;
		sigprof_after_step(mp->thr);
		gp->m = mp;
		torn++;
	}
}

static void test_sigprof_torn_link_fixed(void)
{
	const char *first = NULL;
	int bad;

	torn = 0;
	bad = adversarial(scenario("NestedCallback"), row("fixed"), 200, with_afterstep(tear_and_signal), &first);
	EXPECT(bad == 0, "%d runs failed, first: %s", bad, first ? first : "");
	EXPECT(torn > 100, "only %d torn links signalled: the test proves nothing", torn);
}


/*
 * exitsyscall's slow path leaves syscallsp set until the G resumes inside
 * exitsyscall (proc.go:3985-3991).  A G waiting at the site after a
 * cgocall's or a callback's exitsyscall (neither is a preemption point,
 * so only the slow path queues a G there) still has it; once the G has
 * taken its next step it is clear.
 */
static int queued_with_sp, queued_without_sp, resumed_with_sp;

static void check_queued_syscallsp(void *arg)
{
	(void)arg;
	for (int i = 0; i < sched.ng; i++) {
		const struct g *gp = &sched.allg[i];

		if (gp->status != Grunnable || (gp->pc != SITE_CGOCALLBACKG_EXITED && gp->pc != SITE_CGOCALL_DONE))
			continue;
		if (gp->syscallsp != 0)
			queued_with_sp++;
		else
			queued_without_sp++;
	}
}

static void check_resumed_syscallsp(int thread, int site, int m, int g)
{
	(void)thread, (void)m;
	if (g != 0 && site == SITE_CGOCALLBACKG_EXITED && sched.allg[g - 1].syscallsp != 0)
		resumed_with_sp++;
}

static void test_syscallsp_kept_until_resume(void)
{
	struct sf_shape shape = scenario("TracebackContextPreemption");
	struct sf_options o = with_afterstep(check_queued_syscallsp);
	const char *first = NULL;
	int bad;

	queued_with_sp = queued_without_sp = resumed_with_sp = 0;
	shape.calls = 2;
	o.onstep = check_resumed_syscallsp;
	bad = adversarial(shape, row("fixed"), 200, o, &first);
	EXPECT(bad == 0, "%d runs failed, first: %s", bad, first ? first : "");
	EXPECT(queued_without_sp == 0, "%d queued Gs had lost syscallsp before resuming", queued_without_sp);
	EXPECT(resumed_with_sp == 0, "%d Gs kept syscallsp after resuming", resumed_with_sp);
	EXPECT(queued_with_sp > 100, "only %d Gs seen queued by a slow exitsyscall: the test proves nothing",
	       queued_with_sp);
}

/*
 * exitsyscall's frame check is upstream's (proc.go:3927): the caller's SP
 * must not be above syscallsp.  A syscallsp moved below cgocall's frame
 * while the G is in C (as go1.4-dev's B8 left it, #7978) fails it at the
 * return from C.
 */
static void lower_syscallsp(void *arg)
{
	(void)arg;
	for (int i = 0; i < sched.ng; i++) {
		struct g *gp = &sched.allg[i];

		if (gp->status == Gsyscall && gp->pc == SITE_C_RETURN && gp->syscallsp == syscallsp_at(gp, gp->lvl))
			gp->syscallsp = cgocallbackgsp_at(gp, gp->lvl);
	}
}

static void run_lowered_syscallsp(void *arg)
{
	struct sf_shape shape = scenario("TracebackContextPreemption");
	struct sf_options o = opts();
	struct sf_random r;
	struct sf_result res;

	(void)arg;
	o.afterstep = lower_syscallsp;
	sf_adversarial_init(&r, 1);
	sf_run(&shape, row("fixed"), &o, &r.d, NULL, false, &res);
}

static void test_exitsyscall_frame_check(void)
{
	expect_death(run_lowered_syscallsp, NULL, "fatal error: exitsyscall: syscall frame is no longer valid");
}

/*
 * goexit0 throws "internal lockOSThread error" when the runtime still holds
 * a lockOSThread on the M (1.17 proc.go:3671-3674), whatever the G's lock.
 * The hook takes one for a worker about to exit, as a leaked internal
 * lock would.
 */
static void leak_internal_lock(void *arg)
{
	(void)arg;
	for (int i = 0; i < sched.ng; i++) {
		struct g *gp = &sched.allg[i];

		if (gp->kind == GWORKER && gp->status == Grunning && gp->pc == SITE_GO_EXIT && gp->m->lockedInt == 0)
			lockOSThread(gp->m, gp);
	}
}

static void run_leaked_lock(void *arg)
{
	struct sf_shape shape = scenario("TracebackContextPreemption");
	struct sf_options o = opts();
	struct sf_random r;
	struct sf_result res;

	(void)arg;
	o.afterstep = leak_internal_lock;
	sf_random_init(&r, 1, 0);
	sf_run(&shape, row("fixed"), &o, &r.d, NULL, false, &res);
}

static void test_goexit0_internal_lock(void)
{
	expect_death(run_leaked_lock, NULL, "invalid m->lockedInt = 1");
	expect_death(run_leaked_lock, NULL, "fatal error: internal lockOSThread error");
}

/*
 * The handler walks the callback frames above where its traceback starts
 * and hands each one the innermost context left (traceback.go:484-493).
 * One goroutine, a callback that calls C and is called back again, each
 * level with its own context: in the nested C call, sigprof's cgo branch
 * starts at the nested cgocall's syscallsp, above the inner callback, so
 * only the outer context is handed over, after the signal context
 * (cgoSigtramp); in the inner callback's Go code both are, innermost
 * first, and no signal context.
 */
static struct sf_sigview seen[8];
static int nseen;

static void record_signal(const struct sf_sigview *v)
{
	if (nseen < 8)
		seen[nseen++] = *v;
}

static void test_sigprof_walks_outer_contexts(void)
{
	static const char text[] = "shape goroutines 1\nshape cthreads 0\nshape calls 1\nshape nest 2\nshape context nonzero\n"
				    "ctxt context 0 nonzero\nctxt context 1 nonzero\n"
				    "sigprof cgocall 1 yes\nsigprof userfn 1 yes\n";
	struct sf_shape def = scenario("NestedCallback");
	struct sf_options o = opts();
	struct sf_result res;
	uint8_t buf[256];
	char err[128];
	long n = sf_text_encode(text, buf, sizeof buf, err, sizeof err);

	nseen = 0;
	o.onsignal = record_signal;
	run_input(buf, (size_t)n, def, row("fixed"), o, true, &res, NULL);
	EXPECT(res.status == SF_OK, "died: %s", res.fatal ? res.fatal : "");
	EXPECT(nseen == 2, "%d signals, want 2", nseen);
	if (nseen != 2)
		return;
	EXPECT(seen[0].branch == SF_SIG_CGO && seen[0].g == 0 && seen[0].ncgo == 2,
	       "in nested C: branch %d, TLS g %d, ncgo %d; want the cgo branch on g0 with ncgo 2", seen[0].branch,
	       seen[0].g, seen[0].ncgo);
	EXPECT(seen[0].sigctx && seen[0].nctxt == 1 && seen[0].ctxt[0] == 0x100,
	       "in nested C: sigctx %d, %d contexts (first %#lx); want the signal context and 0x100", seen[0].sigctx,
	       seen[0].nctxt, (unsigned long)seen[0].ctxt[0]);
	EXPECT(seen[1].branch == SF_SIG_GO && seen[1].g > 0 && !seen[1].sigctx && seen[1].nctxt == 2 &&
		       seen[1].ctxt[0] == 0x101 && seen[1].ctxt[1] == 0x100,
	       "in the inner callback: branch %d, g %d, sigctx %d, %d contexts (%#lx, %#lx); want 0x101 then 0x100",
	       seen[1].branch, seen[1].g, seen[1].sigctx, seen[1].nctxt, (unsigned long)seen[1].ctxt[0],
	       (unsigned long)seen[1].ctxt[1]);
}

/*
 * exitsyscall0 is two steps (proc.go:4081-4102 | 4103-4116): between them
 * the G it published may run on another M, which may lock it.  Under the
 * adversarial feed the fixed row survives that, and it happens.
 */
static int published_ran;

static void watch_published(void *arg)
{
	(void)arg;
	for (int i = 0; i < sched.nm; i++) {
		const struct m *mp = &sched.allm[i];

		if (mp->state == Mexitsyscall0 && mp->exitg->m != NULL && mp->exitg->m != mp)
			published_ran++;
	}
}

static void test_exitsyscall0_split(void)
{
	struct sf_shape shape = scenario("TracebackContextPreemption");
	const char *first = NULL;
	int bad;

	published_ran = 0;
	shape.goroutines = 2;
	shape.gomaxprocs = 2;
	shape.calls = 2;
	bad = adversarial(shape, row("fixed"), 3000, with_afterstep(watch_published), &first);
	EXPECT(bad == 0, "%d runs failed, first: %s", bad, first ? first : "");
	EXPECT(published_ran > 0, "no G ran on another M between exitsyscall0's halves: the test proves nothing");
	bad = adversarial(shape, row("go117dev-exitsyscall0"), 3000, opts(), &first);
	EXPECT(bad > 0 && strcmp(first, "stoplockedm: inconsistent locking") == 0,
	       "go117dev-exitsyscall0: %d of 3000 failed, first with %s", bad, first ? first : "-");
}

/*
 * dropg and execute are signal points: a SIGPROF may land between their two
 * stores and find m.curg set with curg.m nil.  Under the adversarial feed
 * the fixed row's handler meets that torn link in its cgo branch and
 * survives it (flags 0); go118dev's dies of it.
 */
static int torn_cgo;

static void count_torn(const struct sf_sigview *v)
{
	if (v->point != NSITES && v->curg != 0 && v->curgm == 0 && v->branch == SF_SIG_CGO)
		torn_cgo++;
}

static void test_signal_points_torn_link(void)
{
	struct sf_shape shape = scenario("TracebackContextPreemption");
	struct sf_options o = opts();
	const char *first = NULL;
	int bad;

	shape.goroutines = 2;
	shape.gomaxprocs = 1;
	shape.calls = 1;
	torn_cgo = 0;
	o.onsignal = count_torn;
	bad = adversarial(shape, row("fixed"), 500, o, &first);
	EXPECT(bad == 0, "fixed: %d runs failed, first: %s", bad, first ? first : "");
	EXPECT(torn_cgo > 10, "only %d signals met a torn link in the cgo branch: the test proves nothing", torn_cgo);
	bad = adversarial(shape, row("go118dev"), 500, opts(), &first);
	EXPECT(bad > 100 && strcmp(first, "sigprof: traceback of a curg whose m is nil") == 0,
	       "go118dev: %d of 500 failed, first with %s", bad, first ? first : "-");
}

/*
 * needm's signal points (#42207).  A user signal at lockextra: the fixed
 * row blocked it (pending; minit lands it with TLS g = g0 on sighandler);
 * go115-needm runs badsignal with g == nil, whose needm finds the list
 * locked by the same thread: the hang detector.  At unlockextra with a
 * spare M, go115-needm's handler takes one and gives it back and the run
 * passes; with the last M taken it would wait: that detector.
 */
static int run_text(const char *text, const char *rowname, struct sf_options o, struct sf_result *res)
{
	struct sf_shape def = scenario("TracebackContextPreemption");
	uint8_t buf[512];
	char err[128];
	long n = sf_text_encode(text, buf, sizeof buf, err, sizeof err);

	if (n < 0) {
		fprintf(stderr, "%s\n", err);
		exit(2);
	}
	nseen = 0;
	o.onsignal = record_signal;
	sf_set_detail_stream(NULL);
	run_input(buf, (size_t)n, def, row(rowname), o, true, res, NULL);
	sf_set_detail_stream(stderr);
	return nseen;
}

static int pending_seen;

static void count_pending(const struct sf_sigview *v)
{
	if (v->signo == SF_SIGUSER && v->pending && v->g == 0 && v->branch == SF_SIG_IGNORED)
		pending_seen++;
}

static void test_needm_signal_points(void)
{
#define SHAPE "shape goroutines 0\nshape calls 1\nshape gomaxprocs 1\nshape nest 1\nshape locked 0\nshape context none\n"
	static const char locked[] = SHAPE "shape cthreads 1\nsignal lockextra 0 user\n";
	static const char last[] = SHAPE "shape cthreads 1\nsignal unlockextra 0 user\n";
	/* The first callback took the last M, so its newextram made a second
	 * one; after its dropm the second call's needm leaves one spare. */
	static const char spare[] = SHAPE "shape cthreads 1\nshape calls 2\nsignal unlockextra 1 user\n";
	struct sf_shape shape = scenario("TracebackContextPreemption");
	struct sf_options o = opts();
	struct sf_result res;
	const char *first = NULL;
	int n, bad;

	n = run_text(locked, "fixed", opts(), &res);
	EXPECT(res.status == SF_OK, "fixed died: %s", res.fatal ? res.fatal : "");
	EXPECT(n == 1 && seen[0].signo == SF_SIGUSER && seen[0].pending && seen[0].g == 0 &&
		       seen[0].branch == SF_SIG_IGNORED && seen[0].point == SITE_LOCKEXTRA,
	       "fixed: %d signals; want one user signal from lockextra, pending, landing on g0 in sighandler", n);
	run_text(locked, "go115-needm", opts(), &res);
	EXPECT(res.status != SF_OK && res.fatal &&
		       strcmp(res.fatal, "lockextra: spins forever on an extra-M list its own thread locked (hang)") == 0,
	       "go115-needm at lockextra: %s", res.fatal ? res.fatal : "passed");
	/* It died in the handler: no onsignal, the view is the runtime's. */
	EXPECT(sched.inhandler && sched.sig.g == -1 && sched.sig.branch == SF_SIG_BADSIGNAL && !sched.sig.returned,
	       "go115-needm: in handler %d, TLS g %d, branch %d; want death in badsignal with g nil", sched.inhandler,
	       sched.sig.g, sched.sig.branch);
	run_text(last, "go115-needm", opts(), &res);
	EXPECT(res.status != SF_OK && res.fatal &&
		       strcmp(res.fatal, "badsignal: needm waits for an extra M inside a signal handler (hang)") == 0,
	       "go115-needm at unlockextra after taking the last M: %s", res.fatal ? res.fatal : "passed");
	n = run_text(spare, "go115-needm", opts(), &res);
	EXPECT(res.status == SF_OK && n == 1 && seen[0].branch == SF_SIG_BADSIGNAL && seen[0].returned,
	       "go115-needm at unlockextra with a spare M: %s, %d signals (want a badsignal that returns)",
	       res.fatal ? res.fatal : "passed", n);
	/* sigreturn gave the thread its mask back: minit unblocked it. */
	for (int i = 0; i < sched.nt; i++)
		EXPECT(!sched.allt[i].sigblocked && sched.allt[i].sigpending == 0,
		       "t%d ends with signals blocked (%d) or one pending (%d)", i, sched.allt[i].sigblocked,
		       sched.allt[i].sigpending);
	/* Under the adversarial feed fixed meets pending signals and passes. */
	shape.goroutines = 1;
	shape.cthreads = 2;
	shape.calls = 2;
	pending_seen = 0;
	o.onsignal = count_pending;
	bad = adversarial(shape, row("fixed"), 300, o, &first);
	EXPECT(bad == 0, "fixed: %d runs failed, first: %s", bad, first ? first : "");
	EXPECT(pending_seen > 10, "only %d pending user signals landed at minit: the test proves nothing", pending_seen);
	bad = adversarial(shape, row("go115-needm"), 300, opts(), &first);
	EXPECT(bad > 50 && sf_variant_bug(row("go115-needm"), first) != NULL,
	       "go115-needm: %d of 300 failed, first with %s", bad, first ? first : "-");
#undef SHAPE
}

/*
 * msancall from the handler writes the MSan runtime's frame at
 * g0.sched.sp (msan_amd64.s:85).  In a nested C call that is where the
 * nested asmcgocall frame lives: go117-msan throws with that frame
 * overwritten (its tag gone, as the C call's return would find it); one
 * level in, the same write lies below every live frame and the run
 * passes, as it does upstream; go125-msan never leaves the signal stack.
 */
static void test_msancall_over_live_frames(void)
{
	static uint8_t buf[SF_MAX_INPUT];
	struct sf_shape def = scenario("NestedCallback");
	struct sf_result res;
	long n = load("corpus/regressions/issue71395.txt", buf);
	const struct cframe *f;

	sf_set_detail_stream(NULL);
	run_input(buf, (size_t)n, def, row("go117-msan"), opts(), true, &res, NULL);
	EXPECT(res.status != SF_OK && strcmp(res.fatal, "msancall: C frame written over live g0 frames") == 0,
	       "go117-msan: %s", res.fatal ? res.fatal : "passed");
	f = (const struct cframe *)(const void *)sched.allt[1].stk->sp;
	EXPECT(sched.allt[1].m != NULL && f->kind != CF_ASMCGOCALL,
	       "the nested asmcgocall frame at the C SP still has its tag: msancall wrote nothing over it");
	run_input(buf, (size_t)n, def, row("go125-msan"), opts(), true, &res, NULL);
	EXPECT(res.status == SF_OK, "go125-msan: %s", res.fatal ? res.fatal : "");
	n = load("corpus/regressions/issue71395-harmless.txt", buf);
	run_input(buf, (size_t)n, def, row("go117-msan"), opts(), true, &res, NULL);
	EXPECT(res.status == SF_OK, "go117-msan, signal in the inner callback's Go code: %s", res.fatal ? res.fatal : "");
	sf_set_detail_stream(stderr);
}

/*
 * #7978's row takes both hunks of 7283e08c: with go1.4-dev's cgocallbackg
 * tail alone, 1.17's exitsyscall check fails at the return from C, since
 * cgocall's frame is above the syscallsp left in cgocallbackg's; with
 * both, the run passes unless something reads syscallsp while the G is
 * in C (the SIGPROF of issue7978.txt).
 */
static void test_syscallsp_graft(void)
{
	static const char text[] = "shape goroutines 1\nshape calls 1\nshape cthreads 0\nshape gomaxprocs 1\n"
				    "shape locked 0\nshape nest 1\nshape context nonzero\n";
	struct sf_variant half = *row("fixed");
	struct sf_result res;
	uint8_t buf[64];
	char err[128];
	long n = sf_text_encode(text, buf, sizeof buf, err, sizeof err);

	half.b8_entersyscall = true;
	sf_set_detail_stream(NULL);
	run_input(buf, (size_t)n, scenario("TracebackContextPreemption"), &half, opts(), true, &res, NULL);
	EXPECT(res.status != SF_OK && strcmp(res.fatal, "exitsyscall: syscall frame is no longer valid") == 0,
	       "fixed with go1.4-dev's B8 alone: %s", res.fatal ? res.fatal : "passed");
	run_input(buf, (size_t)n, scenario("TracebackContextPreemption"), row("go13-syscallsp"), opts(), true, &res,
		  NULL);
	EXPECT(res.status == SF_OK, "go13-syscallsp with no signal: %s", res.fatal ? res.fatal : "");
	sf_set_detail_stream(stderr);
}

/*
 * newm on a thread whose M the user locked, or that is in a cgo call,
 * hands the new M to the template thread instead of cloning the thread
 * (proc.go:2205-2228); the template thread creates it when it next runs.
 * The hook calls wakep from such an M when a P is idle and no M is, as a
 * ready there would.
 */
static int handed, cloned;

static void wakep_on_locked_m(void *arg)
{
	struct m *mp = sched.cur ? sched.cur->m : NULL;
	int nt = sched.nt, n = sched.newmHandoff.n;

	(void)arg;
	if (mp == NULL || mp->state != Mrunning || mp->p == NULL || (mp->lockedExt == 0 && !mp->incgo) ||
	    sched.npidle == 0 || sched.nmidle != 0 || sched.nmspinning != 0)
		return;
	wakep();
	if (sched.newmHandoff.n == n + 1 && sched.newmHandoff.tm != NULL && sched.newmHandoff.tm->note)
		handed++;
	if (sched.nt > nt + (sched.newmHandoff.tm == NULL ? 0 : 1))
		cloned++;
}

static void test_newm_handoff(void)
{
	struct sf_shape shape = scenario("LockOSThreadCallback");
	const char *first = NULL;
	int bad;

	handed = cloned = 0;
	shape.gomaxprocs = 4;
	bad = adversarial(shape, row("fixed"), 1500, with_afterstep(wakep_on_locked_m), &first);
	EXPECT(bad == 0, "%d runs failed, first: %s", bad, first ? first : "");
	EXPECT(cloned == 0, "%d threads cloned from a locked or cgo M", cloned);
	EXPECT(handed > 10, "only %d Ms handed to the template thread: the test proves nothing", handed);
}

/*
 * A G that exits locked by the user kills its thread (goexit0's gogo to
 * mstart, mexit: proc.go:3676-3684, :1462): the M never runs again, its
 * thread exits (m0 stays wedged), it hands its P off first and keeps its
 * lockedExt (d0f8a751).  Under the adversarial feed, with goroutines that
 * exit locked, the fixed row passes and both kinds of death happen.
 */
static int exited, wedged, cleared;

static void count_exits(void *arg)
{
	(void)arg;
	for (int i = 0; i < sched.nm; i++) {
		const struct m *mp = &sched.allm[i];

		if (mp->state != Mdead)
			continue;
		if (mp->lockedExt == 0)
			cleared++;
		if (i == 0 && !mp->thr->done)
			wedged++;
		else if (i != 0 && mp->thr->done)
			exited++;
	}
}

static void test_goexit_locked_kills_thread(void)
{
	struct sf_shape shape = scenario("TracebackContextPreemption");
	const char *first = NULL;
	int bad;

	exited = wedged = cleared = 0;
	shape.goroutines = 3;
	shape.calls = 1;
	shape.lockexit = 2;
	bad = adversarial(shape, row("fixed"), 500, with_afterstep(count_exits), &first);
	EXPECT(bad == 0, "%d runs failed, first: %s", bad, first ? first : "");
	EXPECT(exited > 0 && wedged > 0, "%d steps saw an exited thread, %d a wedged m0: want both", exited, wedged);
	EXPECT(cleared == 0, "%d exited Ms lost their lockedExt", cleared);
}

/*
 * A panic or Goexit through callbacks runs cgocallbackg1's deferred calls
 * with restore == true: unwindm gives g0.sched.sp back its value from
 * before the callback, dropping the C frames under it, and undoes cgocall's
 * accounting; the thread unlock comes from the deferred unlockOSThread
 * (1.17) or from unwindm itself (68a12a80, go122).  When the panic reaches
 * the goroutine body (site recover) the M is back as it was before the
 * outermost cgocall, in every fixed row, nested or not.
 */
static int recovered, leftover;

static void check_unwound(void *arg)
{
	(void)arg;
	for (int i = 0; i < sched.ng; i++) {
		const struct g *gp = &sched.allg[i];
		const struct m *mp = gp->m;

		if (gp->pc != SITE_RECOVER || gp->status != Grunning)
			continue;
		recovered++;
		if (mp->ncgo != 0 || mp->incgo || mp->lockedInt != 0 || gp->lvl != -1 || gp->ncgoCtxt != 0 ||
		    mp->g0.sched.sp != cstack_mstart_sp(mp->thr->stk) || mp->thr->stk->sp != mp->g0.sched.sp)
			leftover++;
	}
}

static void test_unwind_through_callbacks(void)
{
	struct sf_shape shape = scenario("NestedCallback");
	const char *names[] = {"fixed", "go122", "go125-msan"};

	shape.cthreads = 0;
	shape.locked = 0;
	shape.unwind = 2;
	for (int goexit = 0; goexit <= 1; goexit++) {
		for (int r = 0; r < 3; r++) {
			const char *first = NULL;
			int bad;

			recovered = leftover = 0;
			shape.goexit = goexit;
			bad = adversarial(shape, row(names[r]), 300, with_afterstep(check_unwound), &first);
			EXPECT(bad == 0, "%s, %s: %d runs failed, first: %s", names[r], goexit ? "Goexit" : "panic", bad,
			       first ? first : "");
			EXPECT(recovered > 100 && leftover == 0, "%s, %s: %d of %d unwound Gs left cgo state behind",
			       names[r], goexit ? "Goexit" : "panic", leftover, recovered);
		}
	}
}

/*
 * 76a8409e (go1.24.0, go1.23.5): cgocallbackg saves an extra M's g0 bounds
 * before callbackUpdateSystemStack and puts them back on return, so after an
 * inner callback the outer one runs on its own bounds again, and g0's SP
 * (where the outer callback's frame hangs) is inside them.  Without the
 * restore the outer callback keeps the inner one's guess, a range around an
 * SP kilobytes deeper, which the outer SP lies above (docs/model.md, the
 * cbstack row).  The hook checks every extra M in a nested callback after
 * every step, on musl (guessed bounds) and glibc.
 */
static int nestedsteps, outside;

static void check_own_bounds(void *arg)
{
	(void)arg;
	for (int i = 0; i < sched.nm; i++) {
		const struct m *mp = &sched.allm[i];
		uintptr_t sp = (uintptr_t)mp->g0.sched.sp;

		if (!mp->extra || mp->state != Mrunning || mp->curg == NULL || mp->curg->lvl < 1 || sp == 0)
			continue;
		nestedsteps++;
		outside += !(sp > mp->g0.stacklo && sp <= mp->g0.stackhi);
	}
}

static void test_callback_restores_g0_bounds(void)
{
	struct sf_shape shape = scenario("NestedCallback");
	const char *names[] = {"go124", "go125"};

	shape.cthreads = 2;
	shape.goroutines = 0;
	shape.nest = 3;
	for (int libc = 0; libc <= 1; libc++) {
		for (int r = 0; r < 2; r++) {
			nestedsteps = outside = 0;
			shape.libc = libc;
			adversarial(shape, row(names[r]), 300, with_afterstep(check_own_bounds), NULL);
			EXPECT(nestedsteps > 1000 && outside == 0,
			       "%s, %s: g0's SP outside its M's bounds in %d of %d steps of nested callbacks", names[r],
			       libc ? "musl" : "glibc", outside, nestedsteps);
		}
	}
}

const struct test zoo2_tests[] = {
	{"an extra M's outer callback runs on its own g0 bounds after an inner one (76a8409e restore)",
	 test_callback_restores_g0_bounds},
	{"sigprof on a torn m.curg.m link passes on fixed", test_sigprof_torn_link_fixed},
	{"dropg and execute signal points: fixed survives the torn link, go118dev dies", test_signal_points_torn_link},
	{"needm's signal points: a user signal is pending on fixed, re-enters needm on go115-needm", test_needm_signal_points},
	{"sigprof hands the C traceback every outer callback's context", test_sigprof_walks_outer_contexts},
	{"msancall from the handler: over a nested C call's frames, or harmless below the cursor", test_msancall_over_live_frames},
	{"exitsyscall's slow path keeps syscallsp until the G resumes", test_syscallsp_kept_until_resume},
	{"exitsyscall's frame check: caller's SP above syscallsp throws", test_exitsyscall_frame_check},
	{"exitsyscall0's halves: another M runs the published G between them", test_exitsyscall0_split},
	{"#7978's graft: its B8 alone fails 1.17's exitsyscall check; with no check it needs a reader", test_syscallsp_graft},
	{"newm on a locked or cgo M hands the new M to the template thread", test_newm_handoff},
	{"a G that exits locked kills its thread (m0: wedged), which hands its P off", test_goexit_locked_kills_thread},
	{"a panic or Goexit through callbacks leaves the M as before the cgocall (unwindm restore)", test_unwind_through_callbacks},
	{"goexit0 with an internal lockOSThread held: internal lockOSThread error", test_goexit0_internal_lock},
};
const size_t nzoo2tests = sizeof zoo2_tests / sizeof zoo2_tests[0];
