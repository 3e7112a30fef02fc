/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Search strategies for simulate --search: PCT and POS, adapted to this
 * model (random search is the stress feed of decide.c).  docs/search.md
 * argues each choice; in short:
 *
 * The model has two kinds of scheduling decision.  K_SWITCH picks the OS
 * thread that takes the next step: the OS scheduler's choice, which is what
 * PCT and POS were designed for.  K_PREEMPT says whether the G at a
 * preemption point yields (a request from sysmon or the GC honoured at the
 * prologue): the Go scheduler's context switch, which only happens there.
 * Every other kind (retake, SIGPROF, the steal order, the context value,
 * and whatever kinds are added later) is the environment: drawn from the
 * stress distribution (stress.c) under the run's seed, the same way in
 * every strategy, so that the strategies differ only in scheduling.
 *
 * PCT (Burckhardt et al., ASPLOS 2010), depth d.  Each thread gets a
 * random priority above d-1 when it first appears; the highest-priority
 * runnable thread always takes the next step.  d-1 change points are drawn
 * uniformly among the k steps of a run (k: the longest run seen so far,
 * from the canonical run on); at change point i the thread that took that
 * step drops to priority i, below every initial one, and the G it was
 * running (if it runs Go code) is asked to yield at its next preemption
 * point: in Go a thread that is descheduled keeps its G, so the change
 * point must also move the G for the G-level ordering to change.  No other
 * preemption happens: a depth-d schedule has d-1 deviations.
 *
 * Both strategies assume threads block rather than spin.  The one spin of
 * the model is a C thread in needm with the extra-M list empty: upstream
 * lockextra yields (osyield, usleep) and tries again.  A yield gives the
 * thread the lowest priority, lower than every earlier yield's, as
 * schedulers built on priorities do for yielding threads (without it a
 * high-priority spinner would starve the thread that frees an M: a
 * livelock no real OS produces).  Under POS a
 * write to the extra-M list races with the spinner's next try, which then
 * draws a priority again.
 *
 * POS (Yuan et al., CAV 2018).  Every pending event has a random priority
 * and the highest-priority enabled event runs.  A thread's pending event
 * is its next step; its priority is drawn when it becomes pending (the
 * thread's previous step ran) and drawn again when a step of another
 * thread races with it (they access one shared object and one of them
 * writes it: the executed step's accesses from access.h, the pending
 * step's predicted from its site below).  sysmon is a thread of POS too:
 * its pending event asks one running G (drawn at random) to yield at its
 * next preemption point, and races with that G's steps (they read the
 * request).  It runs when its priority beats every thread's.
 */
#include <string.h>

#include "access.h"
#include "proc.h"

/* ---- common ---- */

/* The strategy's own random numbers: one stream per purpose and run. */
static uint64_t draw(struct sf_search *s, int what)
{
	return sf_stress_hash(s->seed, 0x40 + what, 0, s->counter++);
}

/* The G a thread runs Go code for, or NULL. */
static struct g *gocode(const struct thread *t)
{
	struct m *mp = t->m;

	if (mp == NULL || mp->state != Mrunning || mp->curg == NULL || mp->curg->status != Grunning)
		return NULL;
	return mp->curg;
}

static int yield(struct sf_search *s, struct g *gp)
{
	int c = s->yield[gp->id];

	s->yield[gp->id] = 0;
	return c;
}

/* The priority of a thread that yielded: below every other thread's, and
 * below every thread that yielded before it, so that of two spinners the
 * one that yielded last runs last.  A single "lowest" for every yield
 * would tie a spinner with a thread that spun earlier, got its M and must
 * now run to free the next one: the tie goes to the lower thread index,
 * and a spinner there starves it for good (a livelock no OS produces; the
 * fuzzer found one on the fixed row, corpus/regressions/pct-yield-order.txt).
 * 0 means "to draw"; PCT's change points start just above YIELDMAX. */
#define YIELDMAX (1ULL << 32)

static uint64_t yieldprio(struct sf_search *s)
{
	return YIELDMAX - ++s->nyields;
}

/* Whether thread t's step just now was a yield: a C thread still waiting
 * in needm for an extra M. */
static bool yielded(int thread)
{
	const struct thread *t = &sched.allt[thread];

	return sched.lastsite == SITE_NEEDM && t->m == NULL && t->waitingm;
}

/* The runnable thread with the highest priority: an index into sched.runnable. */
static int highest(const uint64_t *prio)
{
	int best = 0;

	for (int i = 1; i < sched.nrunnable; i++)
		if (prio[sched.runnable[i]] > prio[sched.runnable[best]])
			best = i;
	return best;
}

/* ---- PCT ---- */

static void pct_prio(struct sf_search *s, int t)
{
	/* Above the change points' (YIELDMAX + 1 ..), random, distinct (the
	 * low bits are the thread id). */
	if (s->prio[t] == 0)
		s->prio[t] = ((uint64_t)(s->depth + 1) << 48) + (draw(s, 1) & 0xffffffff00ULL) + (uint64_t)t + 1;
}

static void pct_stepped(struct sf_decider *d, int thread)
{
	struct sf_search *s = (struct sf_search *)(void *)d;

	pct_prio(s, thread);
	if (yielded(thread))
		s->prio[thread] = yieldprio(s);
	for (int i = 0; i < s->depth - 1; i++) {
		struct g *gp;

		if (s->change[i] != sched.step)
			continue;
		s->prio[thread] = YIELDMAX + 1 + (uint64_t)i;
		if ((gp = gocode(&sched.allt[thread])) != NULL)
			s->yield[gp->id] = 1;
	}
}

static int pct_decide(struct sf_decider *d, int kind, int site, uint32_t occ, int n, int def, int *off)
{
	struct sf_search *s = (struct sf_search *)(void *)d;

	*off = -2; /* the strategy's, under the run's seed */
	switch (kind) {
	case K_SWITCH:
		for (int i = 0; i < sched.nrunnable; i++)
			pct_prio(s, sched.runnable[i]);
		return highest(s->prio);
	case K_PREEMPT:
		return yield(s, sched.cur->m->curg);
	}
	return sf_stress_pick(&s->env, kind, site, occ, n, def);
}

/* ---- POS ---- */

/* Every instance of a class. */
#define ALL (~0ULL)

static void rw(struct access *a, int obj, uint64_t r, uint64_t w)
{
	a->r[obj] |= r;
	a->w[obj] |= w;
}

/*
 * What the next step of thread t may read and write: from its site and its
 * M, G and P, over-approximated (any P, any G where the step picks one).
 * A site this table does not know may touch anything.
 */
static void predict(struct sf_search *s, const struct thread *t, struct access *a)
{
	struct m *mp = t->m;
	struct g *gp = mp != NULL ? mp->curg : NULL;
	uint64_t m = mp != NULL ? 1ULL << mp->id : 0, g = gp != NULL ? 1ULL << gp->id : 0;
	uint64_t p = mp != NULL && mp->p != NULL ? 1ULL << mp->p->id : 0;
	enum site site = nextsite(t);

	memset(a, 0, sizeof *a);
	if (gp != NULL && (site_flags[site] & SITE_PP) && (s->yield[gp->id] || gp->preempt)) {
		/* It will yield there: gopreempt_m or preemptPark. */
		rw(a, O_RUNQ, ALL, ALL);
		rw(a, O_CURG, 0, m);
		rw(a, O_GM, 0, g);
	}
	switch (site) {
	case SITE_MAIN_INIT:
	case SITE_MAIN_EXIT:
	case SITE_C_CONTEXT:
	case SITE_CGOEXP:
	case SITE_USERFN:
	case SITE_DWRAP2:
	case SITE_CGOCALLBACKG_EXITED:
	case SITE_CT_LOOP:
		break;
	case SITE_MAIN_NEWPROC:
		rw(a, O_PRUNQ, 0, p);
		rw(a, O_MIDLE, ALL, ALL);
		rw(a, O_POWN, 0, ALL);
		break;
	case SITE_MAIN_WAIT:
		rw(a, O_WAITQ, ALL, ALL);
		break;
	case SITE_SPRINTF: /* a C thread's last wg.Done may ready main */
		rw(a, O_WAITQ, ALL, ALL);
		rw(a, O_PRUNQ, 0, p);
		rw(a, O_MIDLE, ALL, ALL);
		rw(a, O_LOCKEDG, 0, m); /* the nested call's return may unlock */
		rw(a, O_LOCKEDM, 0, g);
		break;
	case SITE_UNWINDM: /* unwinding a panic: g0.sched.sp restored */
		rw(a, O_G0SP, m, m);
		/* fallthrough */
	case SITE_GO_FUNC: /* a lockexit G locks first */
	case SITE_LOCKOSTHREAD:
	case SITE_UNLOCKOSTHREAD:
	case SITE_DEFERRETURN:
	case SITE_CGOCALL_DONE:
		rw(a, O_LOCKEDG, 0, m);
		rw(a, O_LOCKEDM, 0, g);
		break;
	case SITE_DWRAP1:
		rw(a, O_LOCKEDG, 0, m);
		rw(a, O_LOCKEDM, 0, g);
		rw(a, O_GM, g, 0);
		rw(a, O_POWN, 0, p);
		break;
	case SITE_CGOCALL:
		rw(a, O_G0SP, m, 0);
		rw(a, O_POWN, ALL, ALL);
		rw(a, O_MIDLE, ALL, ALL);
		break;
	case SITE_CGOCALLBACK:
	case SITE_NEEDM:
		rw(a, O_CURG, m, 0);
		rw(a, O_G0SP, m, m);
		/* A waiter that will find the list still empty only reads it. */
		if (mp == NULL)
			rw(a, O_EXTRAM, ALL, t->waitingm && sched.extraM == NULL ? 0 : ALL);
		break;
	case SITE_CGOCALLBACKG1:
		rw(a, O_EXTRAM, ALL, ALL);
		break;
	case SITE_CGOCALLBACK_RET:
		rw(a, O_GM, g, 0);
		rw(a, O_G0SP, ALL, m);
		rw(a, O_EXTRAM, 0, ALL);
		break;
	default:
		/* cgocallbackg, creturn, goexit, schedule, stopm, stoplockedm and
		 * anything new: the scheduler's shared state, all of it. */
		for (int obj = 0; obj < O_NSHARED; obj++)
			rw(a, obj, ALL, ALL);
	}
}

static bool races(const struct access *x, const struct access *y)
{
	for (int obj = 0; obj < O_NSHARED; obj++)
		if ((x->w[obj] & (y->r[obj] | y->w[obj])) | (x->r[obj] & y->w[obj]))
			return true;
	return false;
}

static uint64_t fresh(struct sf_search *s)
{
	return draw(s, 2) | 1; /* never 0: 0 means "to draw" */
}

/* A G running Go code with no request yet, drawn at random; 0 if none. */
static int systarget(struct sf_search *s)
{
	int cand[MAXTHREAD], n = 0;

	for (int i = 0; i < sched.nt; i++) {
		struct g *gp = gocode(&sched.allt[i]);

		if (gp != NULL && s->yield[gp->id] == 0)
			cand[n++] = gp->id;
	}
	return n > 0 ? cand[draw(s, 3) % (uint64_t)n] : 0;
}

static void pos_stepped(struct sf_decider *d, int thread)
{
	struct sf_search *s = (struct sf_search *)(void *)d;
	const struct thread *t = &sched.allt[thread];
	uint64_t top = 0;

	s->prio[thread] = yielded(thread) ? yieldprio(s) : 0; /* its event ran: the next one is new */
	for (int u = 0; u < sched.nt; u++) {
		struct access a;

		if (u == thread || s->prio[u] == 0)
			continue;
		predict(s, &sched.allt[u], &a);
		if (races(&sched.acc, &a))
			s->prio[u] = 0;
	}
	/* sysmon's request races with its target's steps (they read it). */
	if (s->systarget != 0 && t->m != NULL && t->m->curg != NULL && t->m->curg->id == s->systarget)
		s->sysprio = 0;
	/* Every enabled event has a priority; sysmon's runs while it is the
	 * highest (each time at another G). */
	for (int u = 0; u < sched.nt; u++)
		if (threadrunnable(&sched.allt[u])) {
			if (s->prio[u] == 0)
				s->prio[u] = fresh(s);
			top = s->prio[u] > top ? s->prio[u] : top;
		}
	for (int guard = 0; guard < MAXG; guard++) {
		if (s->systarget == 0 || s->sysprio == 0) {
			s->systarget = systarget(s);
			s->sysprio = fresh(s);
		}
		if (s->systarget == 0 || s->sysprio < top)
			break;
		/* sysmon's event: the request; a quarter are the GC's. */
		s->yield[s->systarget] = draw(s, 4) % 4 == 0 ? 2 : 1;
		s->systarget = 0;
	}
}

static int pos_decide(struct sf_decider *d, int kind, int site, uint32_t occ, int n, int def, int *off)
{
	struct sf_search *s = (struct sf_search *)(void *)d;

	*off = -2; /* the strategy's, under the run's seed */
	switch (kind) {
	case K_SWITCH:
		for (int i = 0; i < sched.nrunnable; i++)
			if (s->prio[sched.runnable[i]] == 0)
				s->prio[sched.runnable[i]] = fresh(s);
		return highest(s->prio);
	case K_PREEMPT:
		return yield(s, sched.cur->m->curg);
	}
	return sf_stress_pick(&s->env, kind, site, occ, n, def);
}

/* ---- set-up ---- */

uint64_t sf_pct_steps(uint64_t ksteps)
{
	uint64_t k = (ksteps + 63) / 64 * 64;

	return k < 64 ? 64 : k > 16384 ? 16384 : k;
}

void sf_search_init(struct sf_search *s, int kind, int depth, uint64_t seed, uint64_t ksteps)
{
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->depth = depth < 1 ? 1 : depth > SF_PCT_MAXDEPTH ? SF_PCT_MAXDEPTH : depth;
	s->seed = seed;
	s->ksteps = sf_pct_steps(ksteps);
	sf_stress_init(&s->env, seed);
	if (kind == SF_SEARCH_PCT) {
		s->d.decide = pct_decide;
		s->d.stepped = pct_stepped;
		for (int i = 0; i < s->depth - 1; i++)
			s->change[i] = 1 + draw(s, 5) % s->ksteps;
	} else {
		s->d.decide = pos_decide;
		s->d.stepped = pos_stepped;
	}
}
