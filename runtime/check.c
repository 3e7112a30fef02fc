/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The state checker (in the manner of Lua's ltests.c): after every step of
 * a check build it verifies the lists and links that runtime2.h documents.
 * It never changes the model's state.  Each failure prints what it found
 * and throws a "checkstate: ..." constant, so a broken model is caught at
 * the step that broke it, not when a symptom surfaces.
 *
 * It is incremental: a step checks only the objects it changed.  The
 * model's primitives say what they change (access.h: writeobj, touch); the
 * step loop adds the stepping thread's own M, G and P.  From that dirty
 * set this file
 *   1. rescans the run queues that changed (a G bitmask per queue),
 *   2. updates what it keeps per M (the G it runs, spinning, on the idle
 *      or extra list) for the Ms that changed,
 *   3. counts, per G, the places that hold it, from those masks,
 * then runs the per-object rules below on the dirty objects and the
 * objects they point at.  So a step costs what it touched, not what
 * exists: the checked build's per-step cost is flat in the number of Gs.
 * A full check (everything dirty, the bookkeeping rebuilt) runs after the
 * first step, at the end of every run, after a test hook that may have
 * changed anything, and in every step with SF_CHECK_FULL.
 *
 * SF_CHECK_VERIFY checks the checker: it compares every G, M, P, thread,
 * C stack and list with a copy from the previous step, and throws when
 * something changed that was not marked dirty (a primitive without its
 * touch), then runs the incremental and the full check.  The tests run it
 * over the corpus and stress runs.
 *
 * Adding state and rules (the bug-zoo rows do): new state of a G, M or P
 * is covered as soon as every change to it goes through a primitive that
 * calls writeobj or touch on its object (verify mode finds the ones that
 * do not); a new rule about one object goes in check_g, check_m, check_p
 * or check_thread, and sees that object whenever it is dirty; a rule that
 * spans objects marks, in closure(), the objects it reads when one of them
 * changes; a new global list gets an object class in runtime2.h, a rescan
 * in lists(), and a comparison in verify().
 *
 * checkwindow is the opt-in latent-window detector I1 (--strict): a G
 * between cgocallbackg's lockOSThread and reentersyscall must be locked to
 * the M whose C stack holds its frame.  It flags the go117 window even when
 * no preemption happens, which is why it is not on by default.
 */
#include <string.h>

#include "access.h"
#include "cstack.h"
#include "proc.h"
#include "throw.h"

#define CHECK(cond, msg)                                                                  \
	do {                                                                              \
		if (!(cond)) {                                                            \
			print("runtime: checkstate at step %llu: %s (%s:%d)\n",           \
			      (unsigned long long)sched.step, #cond, __FILE__, __LINE__); \
			throw(msg);                                                       \
		}                                                                         \
	} while (0)

#define BIT(i) (1ULL << (i))

/* What the checker keeps between steps (rebuilt by a full check). */
static struct {
	uint64_t qglobal, qpreempted, qlocal[MAXP]; /* Gs on each queue */
	uint64_t qwait;                             /* Gs parked on a wait queue */
	int runs[MAXM];                             /* G id an M runs (Mrunning), else 0 */
	uint8_t places[MAXG + 1];                   /* queues and Ms holding each G */
	uint64_t spinning, inidle, inextra;         /* Ms */
	uint64_t inhandoff;                         /* Ms on newmHandoff's list */
	int nspinning;
} k;

/* The objects to check this time: one bit per instance. */
static uint64_t dg, dm, dp, dt;

static void place(uint64_t old, uint64_t now)
{
	uint64_t changed = old ^ now;

	for (uint64_t x = changed; x != 0; x &= x - 1) {
		int id = __builtin_ctzll(x);

		k.places[id] += (now >> id) & 1 ? 1 : -1;
	}
	dg |= changed;
}

/* The Gs parked on the program's wait queues, each on the one it names. */
static void waitqs(void)
{
	uint64_t q = 0;

	for (int which = 0; which < 2; which++) {
		const struct waitq *wq = which ? &sched.wg.semq : &sched.mainInitDone.recvq;

		for (int i = 0; i < wq->n; i++) {
			CHECK(wq->g[i]->status == Gwaiting && wq->g[i]->waiting == wq, "checkstate: G on a wait queue not waiting on it");
			CHECK(!(q & BIT(wq->g[i]->id)), "checkstate: G not in exactly one place");
			q |= BIT(wq->g[i]->id);
		}
	}
	place(k.qwait, q);
	k.qwait = q;
}

/* 1. The queues that changed: what they hold, and that it is runnable. */
static void queues(uint64_t runq, uint64_t prunq)
{
	if (runq) {
		uint64_t q = 0, pre = 0;

		for (int i = 0; i < sched.runqsize; i++) {
			struct g *gp = sched.runq[(sched.runqhead + i) % MAXG];

			CHECK(gp->status == Grunnable, "checkstate: non-runnable G on the global run queue");
			CHECK(!(q & BIT(gp->id)), "checkstate: G not in exactly one place");
			q |= BIT(gp->id);
		}
		for (int i = 0; i < sched.npreempted; i++) {
			CHECK(sched.preempted[i]->status == Gpreempted, "checkstate: G on the preempted list not Gpreempted");
			pre |= BIT(sched.preempted[i]->id);
		}
		place(k.qglobal, q);
		place(k.qpreempted, pre);
		k.qglobal = q;
		k.qpreempted = pre;
	}
	for (int i = 0; i < sched.np; i++) {
		struct p *pp = &sched.allp[i];
		uint64_t q = 0;

		if (!(prunq & BIT(i)))
			continue;
		for (uint32_t j = pp->runqhead; j != pp->runqtail; j++) {
			struct g *gp = pp->runq[j % RUNQSIZE];

			CHECK(gp->status == Grunnable, "checkstate: non-runnable G on a local run queue");
			CHECK(!(q & BIT(gp->id)), "checkstate: G not in exactly one place");
			q |= BIT(gp->id);
		}
		place(k.qlocal[i], q);
		k.qlocal[i] = q;
		dp |= BIT(i);
	}
}

/* The idle-M and extra-M lists, when they changed. */
static uint64_t mlist(struct m *const *list, int n)
{
	uint64_t in = 0;

	for (int i = 0; i < n; i++) {
		CHECK(!(in & BIT(list[i]->id)), "checkstate: M twice on a list");
		in |= BIT(list[i]->id);
	}
	return in;
}

/* The extra-M list is linked through m.schedlink (extram.c). */
static uint64_t extralist(void)
{
	uint64_t in = 0;

	for (const struct m *mp = sched.extraM; mp != NULL; mp = mp->schedlink) {
		CHECK(!(in & BIT(mp->id)), "checkstate: M twice on a list");
		in |= BIT(mp->id);
	}
	return in;
}

static void lists(uint64_t midle, uint64_t extram)
{
	if (midle) {
		uint64_t in = mlist(sched.midle, sched.nmidle);
		uint64_t handoff = mlist(sched.newmHandoff.newm, sched.newmHandoff.n);

		dm |= in ^ k.inidle;
		k.inidle = in;
		dm |= handoff ^ k.inhandoff;
		k.inhandoff = handoff;
		if (sched.newmHandoff.tm != NULL)
			dm |= BIT(sched.newmHandoff.tm->id); /* its rule reads newmHandoff.waiting */
	}
	if (extram) {
		uint64_t in = extralist();

		dm |= in ^ k.inextra;
		k.inextra = in;
	}
}

/* 2. What is kept per M, for the Ms that changed. */
static void ms(void)
{
	for (uint64_t x = dm; x != 0; x &= x - 1) {
		int id = __builtin_ctzll(x);
		const struct m *mp = &sched.allm[id];
		int runs = mp->state == Mrunning && mp->curg != NULL ? mp->curg->id : 0;
		bool spin = mp->spinning;

		if (runs != k.runs[id]) {
			if (k.runs[id] != 0) {
				k.places[k.runs[id]]--;
				dg |= BIT(k.runs[id]);
			}
			if (runs != 0) {
				k.places[runs]++;
				dg |= BIT(runs);
			}
			k.runs[id] = runs;
		}
		if (spin != ((k.spinning >> id) & 1)) {
			k.spinning ^= BIT(id);
			k.nspinning += spin ? 1 : -1;
		}
	}
}

/* Rules that span objects: when one changes, the others it names are
 * checked too. */
static void closure(void)
{
	for (uint64_t x = dm; x != 0; x &= x - 1) {
		const struct m *mp = &sched.allm[__builtin_ctzll(x)];

		if (mp->curg != NULL)
			dg |= BIT(mp->curg->id);
		if (mp->lockedg != NULL)
			dg |= BIT(mp->lockedg->id); /* its place depends on this M's note */
		if (mp->p != NULL)
			dp |= BIT(mp->p->id);
		if (mp->oldp != NULL)
			dp |= BIT(mp->oldp->id);
		if (mp->nextp != NULL)
			dp |= BIT(mp->nextp->id);
		if (mp->thr != NULL)
			dt |= BIT(mp->thr->id);
	}
	for (uint64_t x = dg; x != 0; x &= x - 1) {
		const struct g *gp = &sched.allg[__builtin_ctzll(x) - 1];

		if (gp->m != NULL)
			dm |= BIT(gp->m->id);
		if (gp->lockedm != NULL)
			dm |= BIT(gp->lockedm->id);
	}
}

static void check_p(struct p *pp)
{
	int owners = 0, syscallers = 0, handed = 0, idle = 0;

	for (int i = 0; i < sched.nm; i++) {
		const struct m *mp = &sched.allm[i];

		owners += mp->p == pp;
		syscallers += mp->oldp == pp && pp->status == Psyscall;
		handed += mp->nextp == pp;
	}
	for (int i = 0; i < sched.npidle; i++)
		idle += sched.pidle[i] == pp;
	CHECK(owners <= 1, "checkstate: P owned by two Ms");
	switch (pp->status) {
	case Prunning:
		CHECK(pp->m != NULL && pp->m->p == pp && owners == 1, "checkstate: running P without its M");
		CHECK(idle == 0, "checkstate: running P on the idle list");
		break;
	case Psyscall:
		/* A retaken P can go back into _Psyscall under another M while the
		 * first M still holds it as a stale oldp, as upstream. */
		CHECK(pp->m == NULL && owners == 0 && syscallers >= 1, "checkstate: syscall P without an M in the syscall");
		CHECK(idle == 0, "checkstate: syscall P on the idle list");
		break;
	case Pidle:
		CHECK(pp->m == NULL && owners == 0, "checkstate: idle P with an M");
		CHECK(idle + handed == 1, "checkstate: idle P neither on the idle list nor handed to one M");
		break;
	}
}

static void check_m(struct m *mp)
{
	CHECK(mp->lockedInt < 64 && mp->lockedExt < 64, "checkstate: lock count underflow");
	/* An exited M keeps the lockedExt its G left (d0f8a751). */
	CHECK((mp->lockedg != NULL) == (mp->lockedInt + mp->lockedExt > 0) || (mp->state == Mdead && mp->lockedg == NULL),
	      "checkstate: lockedg disagrees with the lock counts");
	CHECK(mp->lockedg == NULL || mp->lockedg->lockedm == mp, "checkstate: m.lockedg.lockedm != m");
	CHECK(mp->ncgo >= 0, "checkstate: ncgo negative");
	/* isExtraInC: "no Go frames"; the fix (577bb3d0) keeps it off while a
	 * cgocall is active above the callback.  Checked where it shows: Go
	 * code running flagged. */
	CHECK(!extrainc_in_go(mp), "checkstate: Go code running on an M flagged isExtraInC");
	CHECK(!mp->isExtraInC || mp->extra, "checkstate: a Go-created M flagged isExtraInC");
	CHECK(mp->thr == NULL || mp->thr->m == mp, "checkstate: thread and M disagree");
	CHECK(mp->p == NULL || mp->p->m == mp, "checkstate: m.p.m != m");
	CHECK(((k.inidle >> mp->id) & 1) == (mp->state == Midle && !mp->note), "checkstate: M on the idle list iff parked in stopm");
	CHECK(((k.inextra >> mp->id) & 1) == (mp->state == Mextra), "checkstate: M on the extra list iff extra and unused");
	CHECK(((k.inhandoff >> mp->id) & 1) == (mp->state == Mnew), "checkstate: M on newmHandoff's list iff waiting for its thread");
	switch (mp->state) {
	case Mrunning:
		CHECK(mp->curg != NULL && mp->curg->m == mp, "checkstate: running M without its curg");
		CHECK(mp->curg->status == Grunning || mp->curg->status == Gsyscall, "checkstate: M runs a G that is not running");
		CHECK((mp->curg->status == Grunning) == (mp->p != NULL), "checkstate: Go code without a P, or a syscall with one");
		break;
	case Mextra:
		CHECK(mp->extra && mp->thr == NULL && mp->curg->status == Gdead && mp->lockedInt >= 1, "checkstate: bad extra M on the list");
		break;
	case Mnew:
		CHECK(mp->thr == NULL && mp->curg == NULL && mp->p == NULL && mp->nextp != NULL,
		      "checkstate: M waiting for its thread with a thread, a G or no P to start with");
		break;
	case Mtemplate:
		CHECK(mp == sched.newmHandoff.tm && mp->thr != NULL && mp->curg == NULL && mp->p == NULL &&
			      sched.newmHandoff.waiting == !mp->note,
		      "checkstate: bad template thread");
		break;
	case Mdead:
		CHECK(mp->curg == NULL && mp->p == NULL && mp->nextp == NULL && !mp->spinning &&
			      (mp->thr->done || mp == &sched.allm[0]),
		      "checkstate: exited M with a G, a P, or a live thread that is not m0's");
		break;
	case Mexitsyscall0:
		CHECK(mp->curg == NULL && mp->p == NULL && mp->exitg != NULL && !mp->spinning,
		      "checkstate: M in exitsyscall0 with a G or a P, or without the G it published");
		break;
	default:
		CHECK(mp->curg == NULL, "checkstate: M off its G still has a curg");
		CHECK(mp->state != Mschedule || mp->p != NULL, "checkstate: M in schedule without a P");
	}
}

static void check_g(struct g *gp)
{
	int want = gp->status == Gdead ? 0 : 1;

	/* startlockedm took it off its queue and woke its M to run it. */
	if (gp->status == Grunnable && gp->lockedm != NULL && gp->lockedm->note)
		want = 0;
	CHECK(k.places[gp->id] == want, "checkstate: G not in exactly one place");
	CHECK(gp->lockedm == NULL || gp->lockedm->lockedg == gp, "checkstate: g.lockedm.lockedg != g");
	CHECK((gp->status == Gwaiting) == (gp->waiting != NULL), "checkstate: g.waiting set iff _Gwaiting");
	CHECK(gp->status == Grunning || gp->status == Gsyscall || gp->kind == GEXTRA || gp->m == NULL,
	      "checkstate: G off an M still points at one");
	CHECK(gp->ncgoCtxt >= 0 && gp->ncgoCtxt <= gp->lvl + 1, "checkstate: more contexts than callbacks");
	CHECK(!gp->sysexit || (gp->syscallsp != 0 && (gp->status == Grunnable || gp->status == Grunning)),
	      "checkstate: a G between exitsyscall's slow path and its resumption lost its syscallsp");
}

static void check_thread(const struct thread *t)
{
	const struct cstack *s = t->stk;
	const char *top = cstack_mstart_sp(s);
	const struct m *mp = t->m;
	/* A bound C thread between callbacks keeps a stale g0.sched.sp, as
	 * upstream: only a thread inside a callback must have it live. */
	bool sawsp = mp == NULL || (t->cthread ? mp->curg != NULL && mp->curg->lvl < 0 : mp->g0.sched.sp == top);

	CHECK(s->live && s->owner == t->id && t->pstk->live, "checkstate: thread on a C stack it does not own");
	CHECK(s->sp >= s->lo && s->sp <= top, "checkstate: C stack pointer out of its stack");
	for (const char *sp = s->sp; sp < top;) {
		const struct cframe *f = (const struct cframe *)(const void *)sp;

		CHECK(f->thread == t->id, "checkstate: C frame on another thread's stack");
		CHECK(f->kind == CF_ASMCGOCALL || f->kind == CF_CGOCALLBACK || f->kind == CF_CTHREAD ||
			      f->kind == CF_COROUTINE || f->kind == CF_CFUNC,
		      "checkstate: junk in a live C frame");
		CHECK(t->cthread || f->m == t->m->id + 1, "checkstate: C frame of another M on a Go-created M's stack");
		CHECK(f->size >= sizeof *f && f->size <= (size_t)(top - sp), "checkstate: C frame size out of its stack");
		if (mp != NULL && sp == mp->g0.sched.sp)
			sawsp = true;
		sp += f->size;
	}
	CHECK(sawsp, "checkstate: g0.sched.sp is not a live frame");
	/* The signal mask (badsignal.c): between steps only a needm waiting
	 * for an M (1.17's order: blocked before lockextra) blocks signals,
	 * and a signal is pending only on a thread that blocks it. */
	CHECK(!t->sigblocked || (t->m == NULL && t->waitingm), "checkstate: signals blocked on a thread outside needm");
	CHECK(t->sigpending == 0 || t->sigblocked, "checkstate: a signal pending on a thread that does not block it");
}

/* ---- verify mode: was every change marked? ---- */

static struct {
	struct g allg[MAXG];
	struct m allm[MAXM];
	struct p allp[MAXP];
	struct thread allt[MAXTHREAD];
	struct cstack stk[MAXTHREAD];
	struct g *runq[MAXG], *preempted[MAXG];
	int runqhead, runqsize, npreempted;
	struct m *midle[MAXM], *extraM;
	int nmidle, extraMLength, extraMWaiters, extraMInUse, extraMMade, nmspinning;
	bool extraMLocked;
	__typeof__(sched.newmHandoff) newmHandoff;
	struct waitq semq, recvq;
	bool closed;
	int ng, nm, np, nt;
} prev;

static bool changed(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n) != 0;
}

static void unmarked(const char *what, int id)
{
	print("runtime: checkstate verify at step %llu: %s %d changed and nothing marked it (access.h)\n",
	      (unsigned long long)sched.step, what, id);
	throw("checkstate: a change the checker was not told of");
}

static void verify(bool first)
{
	const uint64_t *d = sched.dirty;

	if (first)
		goto save; /* no copy of this run yet */
	for (int i = 0; i < sched.ng; i++)
		if ((i >= prev.ng || changed(&sched.allg[i], &prev.allg[i], sizeof prev.allg[i])) &&
		    !((d[O_GSTATE] | d[O_GM] | d[O_LOCKEDM]) & BIT(i + 1)))
			unmarked("g", i + 1);
	for (int i = 0; i < sched.nm; i++)
		if ((i >= prev.nm || changed(&sched.allm[i], &prev.allm[i], sizeof prev.allm[i])) &&
		    !((d[O_MSTATE] | d[O_CURG] | d[O_LOCKEDG] | d[O_G0SP]) & BIT(i)))
			unmarked("m", i);
	for (int i = 0; i < sched.np; i++)
		if (changed(&sched.allp[i], &prev.allp[i], sizeof prev.allp[i]) && !((d[O_POWN] | d[O_PRUNQ]) & BIT(i)))
			unmarked("p", i);
	for (int i = 0; i < sched.nt; i++)
		if ((i >= prev.nt || changed(&sched.allt[i], &prev.allt[i], sizeof prev.allt[i]) ||
		     changed(sched.allt[i].stk != NULL ? sched.allt[i].stk : &(struct cstack){0}, &prev.stk[i],
			     sizeof prev.stk[i])) &&
		    !(d[O_CSTACK] & BIT(i)))
			unmarked("thread", i);
	if ((sched.runqhead != prev.runqhead || sched.runqsize != prev.runqsize ||
	     changed(sched.runq, prev.runq, sizeof prev.runq) || sched.npreempted != prev.npreempted ||
	     changed(sched.preempted, prev.preempted, sizeof prev.preempted)) &&
	    !d[O_RUNQ])
		unmarked("the global run queue", 0);
	if ((sched.nmidle != prev.nmidle || changed(sched.midle, prev.midle, sizeof prev.midle) ||
	     sched.nmspinning != prev.nmspinning || changed(&sched.newmHandoff, &prev.newmHandoff, sizeof prev.newmHandoff)) &&
	    !d[O_MIDLE])
		unmarked("the idle-M list", 0);
	if ((sched.extraM != prev.extraM || sched.extraMLength != prev.extraMLength ||
	     sched.extraMWaiters != prev.extraMWaiters || sched.extraMInUse != prev.extraMInUse ||
	     sched.extraMMade != prev.extraMMade || sched.extraMLocked != prev.extraMLocked) &&
	    !d[O_EXTRAM])
		unmarked("the extra-M list", 0);
	if ((changed(&sched.wg.semq, &prev.semq, sizeof prev.semq) ||
	     changed(&sched.mainInitDone.recvq, &prev.recvq, sizeof prev.recvq) ||
	     sched.mainInitDone.closed != prev.closed) &&
	    !d[O_WAITQ])
		unmarked("the wait queues", 0);
save:
	memcpy(prev.allg, sched.allg, sizeof prev.allg);
	memcpy(prev.allm, sched.allm, sizeof prev.allm);
	memcpy(prev.allp, sched.allp, sizeof prev.allp);
	memcpy(prev.allt, sched.allt, sizeof prev.allt);
	for (int i = 0; i < sched.nt; i++)
		prev.stk[i] = sched.allt[i].stk != NULL ? *sched.allt[i].stk : (struct cstack){0};
	memcpy(prev.runq, sched.runq, sizeof prev.runq);
	memcpy(prev.preempted, sched.preempted, sizeof prev.preempted);
	memcpy(prev.midle, sched.midle, sizeof prev.midle);
	prev.extraM = sched.extraM, prev.extraMLength = sched.extraMLength, prev.extraMInUse = sched.extraMInUse;
	prev.extraMMade = sched.extraMMade, prev.extraMLocked = sched.extraMLocked;
	prev.runqhead = sched.runqhead, prev.runqsize = sched.runqsize, prev.npreempted = sched.npreempted;
	prev.nmidle = sched.nmidle, prev.extraMWaiters = sched.extraMWaiters;
	prev.nmspinning = sched.nmspinning;
	prev.newmHandoff = sched.newmHandoff;
	prev.semq = sched.wg.semq, prev.recvq = sched.mainInitDone.recvq, prev.closed = sched.mainInitDone.closed;
	prev.ng = sched.ng, prev.nm = sched.nm, prev.np = sched.np, prev.nt = sched.nt;
}

/* ---- the check ---- */

static void check(bool full)
{
	const uint64_t *d = sched.dirty;
	uint64_t all = ~0ULL;

	if (full) {
		memset(&k, 0, sizeof k);
		dg = sched.ng >= 63 ? all : (BIT(sched.ng + 1) - 1) & ~1ULL;
		dm = sched.nm >= 64 ? all : BIT(sched.nm) - 1;
		dp = BIT(sched.np) - 1;
		dt = sched.nt >= 64 ? all : BIT(sched.nt) - 1;
		queues(1, dp);
		waitqs();
		lists(1, 1);
	} else {
		dg = d[O_GSTATE] | d[O_GM] | d[O_LOCKEDM];
		dm = d[O_MSTATE] | d[O_CURG] | d[O_LOCKEDG] | d[O_G0SP];
		dp = d[O_POWN];
		dt = d[O_CSTACK];
		queues(d[O_RUNQ], d[O_PRUNQ]);
		if (d[O_WAITQ])
			waitqs();
		lists(d[O_MIDLE], d[O_EXTRAM]);
	}
	ms();
	closure();
	for (uint64_t x = dp; x != 0; x &= x - 1)
		check_p(&sched.allp[__builtin_ctzll(x)]);
	for (uint64_t x = dm; x != 0; x &= x - 1)
		check_m(&sched.allm[__builtin_ctzll(x)]);
	CHECK(k.nspinning == sched.nmspinning, "checkstate: nmspinning disagrees with the spinning Ms");
	for (uint64_t x = dg; x != 0; x &= x - 1)
		check_g(&sched.allg[__builtin_ctzll(x) - 1]);
	for (uint64_t x = dt; x != 0; x &= x - 1) {
		const struct thread *t = &sched.allt[__builtin_ctzll(x)];

		if (!t->done && t->stk != NULL) /* not before ctstart */
			check_thread(t);
	}
	if (full || d[O_EXTRAM])
		extramcheck(); /* the counters against the list, after the rules on its Ms */
	memset(sched.dirty, 0, sizeof sched.dirty);
}

void checkstate(int mode, bool full)
{
	switch (mode) {
	case SF_CHECK_OFF:
		return;
	case SF_CHECK_VERIFY: {
		static __typeof__(k) kept;

		verify(sched.step == 1);
		check(full);
		kept = k;
		check(true);
		if (memcmp(&kept, &k, sizeof k) != 0)
			throw("checkstate: the incremental bookkeeping disagrees with a full rebuild");
		return;
	}
	case SF_CHECK_FULL:
		check(true);
		return;
	default:
		check(full);
	}
}

void checkwindow(void)
{
	for (int i = 0; i < sched.ng; i++) {
		struct g *gp = &sched.allg[i];
		struct m *owner;

		if (gp->lvl < 0 || !gp->lv[gp->lvl].incb)
			continue;
		owner = gp->lv[gp->lvl].checkm;
		if (gp->lockedm != owner && !owner->incgo) {
			print("runtime: g%d is inside a callback entered on m%d but is not locked to it (lockedm=%d, incgo=%d)\n",
			      gp->id, owner->id, gp->lockedm ? gp->lockedm->id : -1, owner->incgo);
			throw("cgocallback: unlocked window inside the callback");
		}
	}
}
