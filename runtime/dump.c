/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A goroutine dump of the model (upstream: tracebackothers and
 * schedtrace(detailed)): printed with the details of a fatal error, so
 * every crash explains the state it died in.
 */
#include "cstack.h"
#include "proc.h"
#include "throw.h"

static const char *const gstatus_name[] = {
	"idle", "runnable", "running", "syscall", "waiting", "preempted", "dead",
};
static const char *const mstate_name[] = {
	"running", "schedule", "idle (stopm)", "parked (stoplockedm)", "on the extra-M list",
	"in exitsyscall0 (published its G)", "new (waiting for the template thread)", "template thread",
	"exited (m0: wedged)",
};
static const char *const pstatus_name[] = {"idle", "running", "syscall"};

static int mid(const struct m *mp)
{
	return mp ? mp->id : -1;
}

void dumpstate(void)
{
	print("runtime: state at step %llu: gomaxprocs=%d runqsize=%d npidle=%d nmidle=%d nmspinning=%d extraMLength=%d extraMInUse=%d extraMWaiters=%d wg=%d/%u sema=%u main_init_done=%s\n",
	      (unsigned long long)sched.step, sched.np, sched.runqsize, sched.npidle, sched.nmidle, sched.nmspinning,
	      sched.extraMLength, sched.extraMInUse, sched.extraMWaiters, (int)sched.wg.v, sched.wg.w, sched.wg.sema,
	      sched.mainInitDone.closed ? "closed" : "open");
	for (int i = 0; i < sched.np; i++) {
		const struct p *pp = &sched.allp[i];

		print("runtime:   P%d: status=%s m=%d runq=%u schedtick=%u\n", pp->id, pstatus_name[pp->status],
		      mid(pp->m), pp->runqtail - pp->runqhead, pp->schedtick);
	}
	for (int i = 0; i < sched.nm; i++) {
		const struct m *mp = &sched.allm[i];

		print("runtime:   M%d%s: %s curg=%d p=%d oldp=%d nextp=%d lockedg=%d lockedInt=%u lockedExt=%u incgo=%d ncgo=%d thread=%d g0.sched.sp=%s",
		      mp->id, mp->extra ? " (extra)" : "", mstate_name[mp->state], mp->curg ? mp->curg->id : 0,
		      mp->p ? mp->p->id : -1, mp->oldp ? mp->oldp->id : -1, mp->nextp ? mp->nextp->id : -1,
		      mp->lockedg ? mp->lockedg->id : 0, mp->lockedInt, mp->lockedExt, mp->incgo, mp->ncgo,
		      mp->thr ? mp->thr->id : -1,
		      mp->g0.sched.sp == NULL ? "nil" : "set");
		if (mp->extra)
			print(" g0.stack=[arena%+ld, arena%+ld]%s isExtraInC=%d",
			      mp->g0.stacklo ? cstack_off(mp->g0.stacklo) : 0, mp->g0.stackhi ? cstack_off(mp->g0.stackhi) : 0,
			      mp->g0StackAccurate ? " accurate" : mp->g0.stacklo ? " guessed" : " cleared", mp->isExtraInC);
		print("\n");
	}
	for (int i = 0; i < sched.ng; i++) {
		const struct g *gp = &sched.allg[i];

		print("runtime:   goroutine %d [%s]: m=%d lockedm=%d at %s, cgo level %d, %d context(s)%s\n", gp->id,
		      gstatus_name[gp->status], mid(gp->m), mid(gp->lockedm), site_name[gp->pc], gp->lvl,
		      gp->ncgoCtxt, gp->preempt ? ", preempt requested" : "");
	}
	for (int i = 0; i < sched.nt; i++) {
		const struct thread *t = &sched.allt[i];

		if (t->cthread)
			print("runtime:   C thread %d (slot %d, life %d): %s m=%d%s at %s, call %d, on its %s stack [arena%+ld, arena%+ld] sp=arena%+ld\n",
			      t->id, t->slot, t->life, t->done ? "done" : "live", mid(t->m),
			      t->m != NULL && sched.keycreated ? " (bound)" : "", site_name[t->pc], t->j,
			      t->stk == NULL || t->done ? "no" : t->stk == t->pstk ? "pthread" : "coroutine",
			      t->stk && !t->done ? cstack_off((uintptr_t)t->stk->lo) : 0,
			      t->stk && !t->done ? cstack_off((uintptr_t)t->stk->hi) : 0,
			      t->stk && !t->done ? cstack_off((uintptr_t)t->stk->sp) : 0);
	}
}
