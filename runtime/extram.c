/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Extra Ms for C-created threads (upstream: runtime/proc.go, Go 1.17).
 *
 *  - oneNewExtraM: an M with a G in _Gdead, locked together for life
 *    (lockedInt = 1), pushed on the extra-M list.  One is made at start-up.
 *  - needm: a C thread calling Go with no M (TLS g == nil) pops one.  If the
 *    list is empty it registers as a waiter (extraMWaiters) and retries; if
 *    it took the last one it sets needextram.  The M's g0 stack becomes the
 *    thread's own C stack; its G goes _Gdead -> _Gsyscall.
 *  - newextram: run by cgocallbackg1 when needextram or waiters: one new M
 *    per waiter, or one if the list is empty.
 *  - dropm: after the callback, the G goes back to _Gdead and the M back on
 *    the list; the thread runs C with no M again.
 * Signals are blocked first in needm (#42207): the model's SIGPROF on a
 * thread in needm takes the no-M path, so it cannot re-enter.
 */
#include "access.h"
#include "proc.h"
#include "throw.h"

void oneNewExtraM(void)
{
	struct m *mp = allocm(true);
	struct g *gp = allocg(GEXTRA);

	writeobj(O_GM, gp->id);
	writeobj(O_CURG, mp->id);
	writeobj(O_LOCKEDG, mp->id);
	writeobj(O_LOCKEDM, gp->id);
	writeobj(O_EXTRAM, 0);
	gp->status = Gdead;
	gp->m = mp;
	mp->curg = gp;
	mp->lockedInt = 1;
	mp->lockedg = gp;
	gp->lockedm = mp;
	mp->state = Mextra;
	sched.extram[sched.nextram++] = mp;
}

struct m *needm(struct thread *t)
{
	struct m *mp;
	struct g *gp;

	readobj(O_EXTRAM, 0);
	if (sched.nextram == 0) {
		if (!t->waitingm) {
			writeobj(O_EXTRAM, 0);
			touch(O_CSTACK, t->id);
			t->waitingm = true;
			sched.extraMWaiters++;
		}
		return NULL;
	}
	writeobj(O_EXTRAM, 0);
	t->waitingm = false;
	mp = sched.extram[--sched.nextram];
	touch(O_MSTATE, mp->id);
	touch(O_CSTACK, t->id);
	readobj(O_CURG, mp->id);
	touch(O_GSTATE, mp->curg->id);
	mp->needextram = sched.nextram == 0;
	mp->thr = t;
	t->m = mp;
	mp->state = Mrunning;
	gp = mp->curg;
	if (gp->status != Gdead)
		throw("needm: extra M's g is not dead");
	gp->status = Gsyscall;
	gp->syscallsp = syscallsp_at(gp, 0);
	return mp;
}

void dropm(struct thread *t)
{
	struct m *mp = t->m;
	struct g *gp = mp->curg;

	writeobj(O_EXTRAM, 0);
	touch(O_GSTATE, gp->id);
	gp->status = Gdead;
	gp->preemptStop = false;
	gp->syscallsp = 0;
	mp->thr = NULL;
	mp->state = Mextra;
	t->m = NULL;
	sched.extram[sched.nextram++] = mp;
}

void newextram(void)
{
	int c = sched.extraMWaiters;

	readobj(O_EXTRAM, 0);
	writeobj(O_EXTRAM, 0);
	sched.extraMWaiters = 0;
	if (c > 0) {
		for (int i = 0; i < c; i++)
			oneNewExtraM();
	} else if (sched.nextram == 0) {
		oneNewExtraM();
	}
}
