/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Extra Ms for C-created threads (upstream: runtime/proc.go).
 *
 * The extra-M list is go1.21's (7911f7c2; unchanged to go1.25,
 * proc.go:2710-2799 there): a LIFO list linked through m.schedlink, and
 * three counters beside it.
 *  - lockextra(nilokay) takes the list and returns its head.  A caller
 *    that must have an M (nilokay false) and finds the list empty counts
 *    itself once in extraMWaiters and sleeps and retries: here it returns
 *    NULL and the thread retries at site needm in a later step.
 *  - unlockextra(mp, delta) stores the new head; extraMLength += delta.
 *  - getExtraM (needm) pops one; extraMInUse += 1.  putExtraM (dropm)
 *    gives one back; extraMInUse -= 1.  addExtraM (oneNewExtraM) pushes a
 *    new one.  Between 734b26d4 and 7911f7c2^ (#60540) the increment was in
 *    lockextra, on every successful lock: addExtraM's never came back.
 *  - oneNewExtraM: an M with a G in _Gdead, locked together for life
 *    (lockedInt = 1); with M binding (go1.21+) it starts with isExtraInC.
 *    One is made at start-up (mstartm0's newextram).
 *  - newextram: run by cgocallbackg1 when needextram or waiters: one new M
 *    per waiter, or one if the list is empty.
 *  - needm: a C thread calling Go with no M (TLS g == nil) takes one.  If it
 *    took the last one it sets needextram.  The M's g0 stack becomes the
 *    thread's own C stack; its G goes _Gdead -> _Gsyscall.
 *  - dropm: the G goes back to _Gdead and the M back on the list; the
 *    thread runs C with no M again.
 * Every lockextra..unlockextra section lies inside one step, so another
 * thread never finds the list locked (upstream's osyield_no_g spin would
 * only be a retry).  Only a signal handler on the locking thread itself
 * can: it runs inside the step it interrupted (badsignal.c), and the
 * holder, that thread's interrupted needm, cannot run until the handler
 * returns.  Upstream spins forever there (1.17 proc.go:2141-2143); the
 * model reports the hang at once: nothing else runs while it spins.  The
 * counters are what upstream's checkmcount reads; check.c balances them
 * after every step and extram_balanced at quiescence.
 *
 * needm and the signal mask (1.17 proc.go:1930-1991; 368c4011^, go1.15:
 * 1698-1749).  A user signal (SIGCHLD, say) on a C thread with no M finds
 * TLS g == nil and goes to badsignal, which calls needm itself (1.17
 * signal_unix.go:442, 948).  Since 368c4011 needm saves and blocks the
 * signals first (sigsave 1951, sigblock 1952), then lockextra (1958),
 * unlockextra (1969), setg(mp.g0) (1983), and minit (1991) restores the
 * saved mask: a signal that came in between waits, pending, and is
 * delivered with g = g0 to sighandler.  Before it (368c4011^) the order was
 * lockextra (1714), unlockextra (1725), msigsave and sigblock (1733-1734),
 * setg (1741), minit (1749): the signal points lockextra (list locked) and
 * unlockextra (list released, g still nil) had signals unblocked, and a
 * signal there re-entered needm (#42207).  The row switch
 * needm_sigblock_late says which order; nothing else differs between
 * those needms on this path (osSetupTLS and sigblock's argument aside).
 */
#include "access.h"
#include "cstack.h"
#include "proc.h"
#include "throw.h"

/* Returns the head, or NULL: an empty list for nilokay, else "wait". */
static struct m *lockextra(bool nilokay)
{
	struct thread *t = sched.cur;

	readobj(O_EXTRAM, 0);
	if (sched.extraMLocked) {
		/* extram == locked: osyield_no_g(); continue.  Within a step no
		 * other thread runs, so the holder is this thread's interrupted
		 * code and the spin never ends (1.17 proc.go:2141-2143). */
		print("runtime: lockextra on t%d finds the extra-M list locked by t%d%s; upstream spins in "
		      "osyield_no_g forever (a hang, nothing printed): the model's hang detector reports it\n",
		      t != NULL ? t->id : -1, sched.extraMLocker, sched.inhandler ? " (in a signal handler on that thread)" : "");
		throw("lockextra: spins forever on an extra-M list its own thread locked (hang)");
	}
	if (sched.extraM == NULL && !nilokay) {
		if (!t->waitingm) { /* incr: once per caller, cleared by newextram */
			writeobj(O_EXTRAM, 0);
			touch(O_CSTACK, t->id);
			t->waitingm = true;
			sched.extraMWaiters++;
		}
		return NULL; /* usleep_no_g(1); retry */
	}
	if (sched.var->inuse_in_lockextra)
		sched.extraMInUse++; /* 7911f7c2^:proc.go:2263 */
	writeobj(O_EXTRAM, 0);
	sched.extraMLocked = true;
	sched.extraMLocker = t != NULL ? t->id : -1; /* start-up's newextram runs on no thread */
	return sched.extraM;
}

static void unlockextra(struct m *mp, int delta)
{
	sched.extraMLength += delta;
	sched.extraM = mp;
	sched.extraMLocked = false;
}

/* NULL while the list is empty: the caller waits. */
static struct m *getExtraM(bool *last)
{
	struct m *mp = lockextra(false);

	if (mp == NULL)
		return NULL;
	touch(O_CSTACK, sched.cur->id);
	sched.cur->waitingm = false;
	signal_point(SITE_LOCKEXTRA);
	if (!sched.var->inuse_in_lockextra)
		sched.extraMInUse++;
	unlockextra(mp->schedlink, -1);
	*last = mp->schedlink == NULL;
	return mp;
}

static void addExtraM(struct m *mp)
{
	struct m *mnext = lockextra(true);

	touch(O_MSTATE, mp->id);
	mp->schedlink = mnext;
	unlockextra(mp, 1);
}

static void putExtraM(struct m *mp)
{
	writeobj(O_EXTRAM, 0);
	sched.extraMInUse--;
	addExtraM(mp);
}

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
	mp->isExtraInC = sched.var->bindm; /* go1.21: "mark we are in C by default" */
	mp->state = Mextra;
	sched.extraMMade++;
	addExtraM(mp);
}

struct m *needm(struct thread *t)
{
	struct m *mp;
	struct g *gp;
	bool last;

	/* sigsave, sigblock(false) (proc.go:1951-1952); a retry after
	 * waiting for an M is still inside upstream's lockextra. */
	if (!sched.var->needm_sigblock_late && !t->waitingm)
		sigsave_block(t);
	mp = getExtraM(&last);
	if (mp == NULL)
		return NULL;
	signal_point(SITE_UNLOCKEXTRA);
	if (sched.var->needm_sigblock_late)
		sigsave_block(t); /* msigsave(mp), sigblock() (368c4011^:1733-1734) */
	touch(O_MSTATE, mp->id);
	touch(O_CSTACK, t->id);
	readobj(O_CURG, mp->id);
	touch(O_GSTATE, mp->curg->id);
	mp->needextram = last;
	mp->thr = t;
	t->m = mp;
	mp->state = Mrunning;
	needm_bounds(t, mp, (uintptr_t)t->stk->sp); /* setg(mp.g0); bounds for this SP */
	minit_sigmask(t); /* minit: the saved mask again; a pending signal lands, g = g0 */
	mp->isExtraInC = false;
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
	dropm_bounds(mp);
	putExtraM(mp);
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
	} else if (sched.extraMLength == 0) {
		oneNewExtraM();
	}
}

/*
 * The counters against the list (checkstate after every step; sf_run at
 * quiescence, in every build): extraMLength is the list's length,
 * extraMInUse the extra Ms off it (bound to a thread or in a callback).
 * extraMWaiters has no such rule: a waiter that later gets an M dropped by
 * another thread stays counted until newextram.  Upstream nothing
 * crashes on a wrong count: checkmcount (proc.go:948-964) subtracts both
 * from mcount(), so a leaked extraMInUse silently raises the
 * SetMaxThreads limit (#60540).
 */
void extramcheck(void)
{
	int n = 0;

	for (struct m *mp = sched.extraM; mp != NULL && n <= MAXM; mp = mp->schedlink)
		n++;
	if (sched.extraMLocked || n != sched.extraMLength) {
		print("runtime: extra-M list: %d Ms listed, extraMLength=%d%s\n", n, sched.extraMLength,
		      sched.extraMLocked ? ", left locked" : "");
		throw("checkstate: extraMLength does not match the extra-M list");
	}
	if (sched.extraMInUse != sched.extraMMade - n) {
		print("runtime: extraMInUse=%d with %d extra Ms made and %d on the list\n", sched.extraMInUse,
		      sched.extraMMade, n);
		throw("checkstate: extraMInUse does not match the extra Ms in use");
	}
}
