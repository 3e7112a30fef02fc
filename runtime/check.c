/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The whole-state checker (in the manner of Lua's ltests.c): after every
 * step of a check build it verifies every list and link that runtime2.h
 * documents.  It never changes state.  Each failure prints what it found
 * and throws a "checkstate: ..." constant, so a broken model is caught at
 * the step that broke it, not when a symptom surfaces.
 *
 * checkwindow is the opt-in latent-window detector I1 (--strict): a G
 * between cgocallbackg's lockOSThread and reentersyscall must be locked to
 * the M whose C stack holds its frame.  It flags the go117 window even when
 * no preemption happens, which is why it is not on by default.
 */
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

static void checkframes(const struct thread *t)
{
	const struct cstack *s = t->stk;
	const char *top = cstack_mstart_sp((struct cstack *)s);
	bool sawsp = t->cthread || t->m == NULL || t->m->g0.sched.sp == top;

	CHECK(s->sp >= s->lo && s->sp <= top, "checkstate: C stack pointer out of its stack");
	CHECK((top - s->sp) % (long)sizeof(struct cframe) == 0, "checkstate: C stack pointer misaligned");
	for (const char *sp = s->sp; sp < top; sp += sizeof(struct cframe)) {
		const struct cframe *f = (const struct cframe *)(const void *)sp;

		CHECK(f->thread == t->id, "checkstate: C frame on another thread's stack");
		CHECK(f->kind == CF_ASMCGOCALL || f->kind == CF_CGOCALLBACK || f->kind == CF_CTHREAD,
		      "checkstate: junk in a live C frame");
		CHECK(t->cthread || f->m == t->m->id + 1, "checkstate: C frame of another M on a Go-created M's stack");
		if (t->m != NULL && sp == t->m->g0.sched.sp)
			sawsp = true;
	}
	CHECK(sawsp, "checkstate: g0.sched.sp is not a live frame");
}

void checkstate(void)
{
	/* One pass over each list fills these; then every rule is a lookup. */
	int seen[MAXG + 1] = {0};
	int owners[MAXP] = {0}, syscallers[MAXP] = {0}, handed[MAXP] = {0}, idle[MAXP] = {0};
	int inidle[MAXM] = {0}, inextra[MAXM] = {0}, inhandoff[MAXM] = {0};
	int nspinning = 0;

	for (int i = 0; i < sched.runqsize; i++) {
		struct g *gp = sched.runq[(sched.runqhead + i) % MAXG];

		CHECK(gp->status == Grunnable, "checkstate: non-runnable G on the global run queue");
		seen[gp->id]++;
	}
	for (int k = 0; k < 2; k++) {
		const struct waitq *q = k ? &sched.wg.semq : &sched.mainInitDone.recvq;

		for (int i = 0; i < q->n; i++) {
			CHECK(q->g[i]->status == Gwaiting && q->g[i]->waiting == q, "checkstate: G on a wait queue not waiting on it");
			seen[q->g[i]->id]++;
		}
	}
	for (int i = 0; i < sched.npreempted; i++) {
		CHECK(sched.preempted[i]->status == Gpreempted, "checkstate: G on the preempted list not Gpreempted");
		seen[sched.preempted[i]->id]++;
	}
	for (int i = 0; i < sched.npidle; i++)
		idle[sched.pidle[i]->id]++;
	for (int i = 0; i < sched.nmidle; i++)
		inidle[sched.midle[i]->id]++;
	for (int i = 0; i < sched.nextram; i++)
		inextra[sched.extram[i]->id]++;
	for (int i = 0; i < sched.newmHandoff.n; i++)
		inhandoff[sched.newmHandoff.newm[i]->id]++;
	for (int i = 0; i < sched.nm; i++) {
		const struct m *mp = &sched.allm[i];

		if (mp->p != NULL)
			owners[mp->p->id]++;
		if (mp->oldp != NULL && mp->oldp->status == Psyscall)
			syscallers[mp->oldp->id]++;
		if (mp->nextp != NULL)
			handed[mp->nextp->id]++;
	}
	for (int i = 0; i < sched.np; i++) {
		struct p *pp = &sched.allp[i];

		for (uint32_t k = pp->runqhead; k != pp->runqtail; k++) {
			CHECK(pp->runq[k % RUNQSIZE]->status == Grunnable, "checkstate: non-runnable G on a local run queue");
			seen[pp->runq[k % RUNQSIZE]->id]++;
		}
		CHECK(owners[i] <= 1, "checkstate: P owned by two Ms");
		switch (pp->status) {
		case Prunning:
			CHECK(pp->m != NULL && pp->m->p == pp && owners[i] == 1, "checkstate: running P without its M");
			CHECK(idle[i] == 0, "checkstate: running P on the idle list");
			break;
		case Psyscall:
			/* A retaken P can go back into _Psyscall under another M while the
			 * first M still holds it as a stale oldp, as upstream. */
			CHECK(pp->m == NULL && owners[i] == 0 && syscallers[i] >= 1, "checkstate: syscall P without an M in the syscall");
			CHECK(idle[i] == 0, "checkstate: syscall P on the idle list");
			break;
		case Pidle:
			CHECK(pp->m == NULL && owners[i] == 0, "checkstate: idle P with an M");
			CHECK(idle[i] + handed[i] == 1, "checkstate: idle P neither on the idle list nor handed to one M");
			break;
		}
	}
	for (int i = 0; i < sched.nm; i++) {
		struct m *mp = &sched.allm[i];

		CHECK(mp->lockedInt < 64 && mp->lockedExt < 64, "checkstate: lock count underflow");
		/* An exited M keeps the lockedExt its G left (d0f8a751). */
		CHECK((mp->lockedg != NULL) == (mp->lockedInt + mp->lockedExt > 0) || (mp->state == Mdead && mp->lockedg == NULL),
		      "checkstate: lockedg disagrees with the lock counts");
		CHECK(mp->lockedg == NULL || mp->lockedg->lockedm == mp, "checkstate: m.lockedg.lockedm != m");
		CHECK(mp->ncgo >= 0, "checkstate: ncgo negative");
		CHECK(mp->thr == NULL || mp->thr->m == mp, "checkstate: thread and M disagree");
		CHECK(mp->p == NULL || mp->p->m == mp, "checkstate: m.p.m != m");
		nspinning += mp->spinning;
		CHECK(inidle[i] == (mp->state == Midle && !mp->note), "checkstate: M on the idle list iff parked in stopm");
		CHECK(inextra[i] == (mp->state == Mextra), "checkstate: M on the extra list iff extra and unused");
		CHECK(inhandoff[i] == (mp->state == Mnew), "checkstate: M on newmHandoff's list iff waiting for its thread");
		switch (mp->state) {
		case Mrunning:
			CHECK(mp->curg != NULL && mp->curg->m == mp, "checkstate: running M without its curg");
			CHECK(mp->curg->status == Grunning || mp->curg->status == Gsyscall, "checkstate: M runs a G that is not running");
			CHECK((mp->curg->status == Grunning) == (mp->p != NULL), "checkstate: Go code without a P, or a syscall with one");
			seen[mp->curg->id]++;
			break;
		case Mextra:
			CHECK(mp->extra && mp->thr == NULL && mp->curg->status == Gdead && mp->lockedInt >= 1, "checkstate: bad extra M on the list");
			break;
		case Mnew:
			CHECK(mp->thr == NULL && mp->curg == NULL && mp->p == NULL && mp->nextp != NULL && inhandoff[i] == 1,
			      "checkstate: M waiting for its thread off newmHandoff's list, or with a thread, a G or no P to start with");
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
	CHECK(nspinning == sched.nmspinning, "checkstate: nmspinning disagrees with the spinning Ms");
	for (int i = 0; i < sched.ng; i++) {
		struct g *gp = &sched.allg[i];
		int want = gp->status == Gdead ? 0 : 1;

		/* startlockedm took it off its queue and woke its M to run it. */
		if (gp->status == Grunnable && gp->lockedm != NULL && gp->lockedm->note)
			want = 0;
		CHECK(seen[gp->id] == want, "checkstate: G not in exactly one place");
		CHECK(gp->lockedm == NULL || gp->lockedm->lockedg == gp, "checkstate: g.lockedm.lockedg != g");
		CHECK((gp->status == Gwaiting) == (gp->waiting != NULL), "checkstate: g.waiting set iff _Gwaiting");
		CHECK(gp->status == Grunning || gp->status == Gsyscall || gp->kind == GEXTRA || gp->m == NULL,
		      "checkstate: G off an M still points at one");
		CHECK(gp->ncgoCtxt >= 0 && gp->ncgoCtxt <= gp->lvl + 1, "checkstate: more contexts than callbacks");
		CHECK(!gp->sysexit || (gp->syscallsp != 0 && (gp->status == Grunnable || gp->status == Grunning)),
		      "checkstate: a G between exitsyscall's slow path and its resumption lost its syscallsp");
	}
	for (int i = 0; i < sched.nt; i++)
		if (!sched.allt[i].done)
			checkframes(&sched.allt[i]);
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
