/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The scheduler (upstream: runtime/proc.go).
 *
 * Walk-through of what this file models, in the order a G meets it:
 *  - newproc puts a new G on the creating P's local run queue and, as
 *    upstream after main has started, wakep starts a spinning M if a P is
 *    idle and nobody is spinning.
 *  - schedule (one step) is schedule+findrunnable: a locked M never looks for
 *    work (stoplockedm); an M with incgo set throws "schedule: in cgo"; else
 *    it takes a G from one of the non-empty sources in upstream's order (the
 *    global queue every 61st tick, the local queue, the global queue, then
 *    stealing half of another P's queue); which one is a K_PICK decision
 *    whose default is upstream's order.  A G locked to another M is handed
 *    to it (startlockedm) and this M stops.
 *  - execute wires G and M together (m.curg, then g.m); dropg unwires them
 *    (g.m, then m.curg).  Both run on g0, where only a signal on the same
 *    thread can land between the two stores: a signal point each.
 *  - gopreempt_m/goschedImpl puts a preempted G on the global queue;
 *    preemptPark parks it for a GC suspendG that resumes it at the next
 *    schedule.  Either way the M goes back to schedule.
 *  - stoplockedm/startlockedm hand a P to the M a runnable G is locked to,
 *    so a locked G always resumes on its own M.
 *  - startm/stopm/handoffp/wakep move Ps between Ms; newm creates Ms: on
 *    a thread the user locked, or one in a cgo call, it hands the new M to
 *    the template thread, which creates its thread (newmHandoff).
 * Simplified: no netpoll, no timers, no GC other than preemptPark; a spinning
 * M without work looks once more, then stops.
 */
#include <string.h>

#include "access.h"
#include "cstack.h"
#include "proc.h"
#include "throw.h"

/* ---- run queues ---- */

void runqput(struct p *pp, struct g *gp)
{
	writeobj(O_PRUNQ, pp->id);
	touch(O_GSTATE, gp->id);
	if (pp->runqtail - pp->runqhead == RUNQSIZE) {
		/* runqputslow: move half to the global queue. */
		for (int i = 0; i < RUNQSIZE / 2; i++)
			globrunqput(pp->runq[pp->runqhead++ % RUNQSIZE]);
	}
	pp->runq[pp->runqtail++ % RUNQSIZE] = gp;
}

static struct g *runqget(struct p *pp)
{
	readobj(O_PRUNQ, pp->id);
	writeobj(O_PRUNQ, pp->id);
	if (pp->runqhead == pp->runqtail)
		return NULL;
	return pp->runq[pp->runqhead++ % RUNQSIZE];
}

static int runqlen(const struct p *pp)
{
	return (int)(pp->runqtail - pp->runqhead);
}

void globrunqput(struct g *gp)
{
	writeobj(O_RUNQ, 0);
	touch(O_GSTATE, gp->id);
	sf_assert(sched.runqsize < MAXG);
	sched.runq[(sched.runqhead + sched.runqsize) % MAXG] = gp;
	sched.runqsize++;
}

static struct g *globrunqget(void)
{
	struct g *gp;

	readobj(O_RUNQ, 0);
	writeobj(O_RUNQ, 0);
	if (sched.runqsize == 0)
		return NULL;
	gp = sched.runq[sched.runqhead];
	sched.runqhead = (sched.runqhead + 1) % MAXG;
	sched.runqsize--;
	return gp;
}

/* runqsteal: take half of victim's queue (rounded up), return one. */
static struct g *runqsteal(struct p *pp, struct p *victim)
{
	int n = runqlen(victim);
	struct g *gp;

	n -= n / 2;
	gp = runqget(victim);
	for (int i = 1; i < n; i++)
		runqput(pp, runqget(victim));
	return gp;
}

/* ---- Ps ---- */

struct p *pidleget(void)
{
	struct p *pp;

	if (sched.npidle == 0)
		return NULL;
	pp = sched.pidle[--sched.npidle];
	writeobj(O_POWN, pp->id);
	return pp;
}

void pidleput(struct p *pp)
{
	if (runqlen(pp) != 0)
		throw("pidleput: P has non-empty run queue");
	writeobj(O_POWN, pp->id);
	pp->status = Pidle;
	pp->m = NULL;
	sched.pidle[sched.npidle++] = pp;
}

void acquirep(struct m *mp, struct p *pp)
{
	if (mp->p != NULL || pp->m != NULL || pp->status != Pidle) {
		print("runtime: acquirep: m%d p=%d p.m=%d p.status=%d\n", mp->id, mp->p ? mp->p->id : -1,
		      pp->m ? pp->m->id : -1, (int)pp->status);
		throw("acquirep: invalid p state");
	}
	writeobj(O_POWN, pp->id);
	touch(O_MSTATE, mp->id);
	mp->p = pp;
	pp->m = mp;
	pp->status = Prunning;
}

struct p *releasep(struct m *mp)
{
	struct p *pp = mp->p;

	if (pp == NULL || pp->m != mp || pp->status != Prunning)
		throw("releasep: invalid arg");
	writeobj(O_POWN, pp->id);
	touch(O_MSTATE, mp->id);
	mp->p = NULL;
	pp->m = NULL;
	pp->status = Pidle;
	return pp;
}

/* ---- Ms ---- */

struct m *allocm(bool extra)
{
	struct m *mp;

	if (sched.nm == MAXM) {
		print("runtime: program exceeds %d-thread limit\n", MAXM);
		throw("thread exhaustion");
	}
	mp = &sched.allm[sched.nm];
	memset(mp, 0, sizeof *mp);
	mp->id = sched.nm++;
	touch(O_MSTATE, mp->id);
	mp->extra = extra;
	mp->g0.id = 0;
	mp->g0.m = mp;
	return mp;
}

/* A new OS thread for mp, its g0 stack the thread's stack from mstart. */
static void newthread(struct m *mp)
{
	struct thread *t;

	if (sched.nt == MAXTHREAD)
		throw("thread exhaustion");
	t = &sched.allt[sched.nt];
	memset(t, 0, sizeof *t);
	t->id = sched.nt++;
	t->m = mp;
	touch(O_CSTACK, t->id);
	touch(O_MSTATE, mp->id);
	mp->thr = t;
	cstack_init(t, 0);
	writeobj(O_G0SP, mp->id);
	mp->g0.sched.sp = cstack_mstart_sp(t->stk);
	g0stack_exact(mp, t->pstk);
}

/*
 * newm1 (proc.go:2233): clone a thread for mp from the calling thread
 * (parent; NULL: sysmon's or the template thread's, both clean).  It
 * starts in mstart, takes mp.nextp and runs schedule.  The model's own
 * check: a thread the user locked and never unlocked may carry odd kernel
 * state (#28979), which the clone would inherit.
 */
static void newm1(struct m *mp, const struct thread *parent)
{
	if (parent != NULL && parent->tainted) {
		print("runtime: newm1 clones m%d's thread from thread %d, locked by the user and never unlocked\n",
		      mp->id, parent->id);
		throw("newm: new thread cloned from a locked thread");
	}
	newthread(mp);
	mp->state = Mschedule;
	writeobj(O_POWN, mp->nextp->id);
	acquirep(mp, mp->nextp);
	mp->nextp = NULL;
}

/* notewakeup(&newmHandoff.wake) */
static void wake_template(void)
{
	readobj(O_MIDLE, 0);
	if (sched.newmHandoff.waiting) {
		writeobj(O_MIDLE, 0);
		touch(O_MSTATE, sched.newmHandoff.tm->id);
		sched.newmHandoff.waiting = false;
		sched.newmHandoff.tm->note = true;
	}
}

/*
 * The template thread (proc.go:2362), started by runtime.main when iscgo
 * (:234), before any user code: the model makes it at its first use, as
 * a thread that sleeps until woken, which nothing can tell apart (a
 * sleeping thread takes no steps and no signal).
 */
static void startTemplateThread(void)
{
	struct m *mp;

	readobj(O_MIDLE, 0);
	if (sched.newmHandoff.tm != NULL)
		return;
	writeobj(O_MIDLE, 0);
	mp = allocm(false);
	newthread(mp);
	mp->state = Mtemplate;
	sched.newmHandoff.tm = mp;
	sched.newmHandoff.waiting = true;
}

/*
 * newm (proc.go:2200): a new M that will start in schedule with pp.  A
 * thread whose M is locked by the user or in a cgo call must not be
 * cloned (its kernel state may be odd): the template thread creates it.
 */
static void newm(struct p *pp, bool spinning)
{
	struct m *mp = allocm(false);
	struct m *cur = sched.insysmon || sched.cur == NULL ? NULL : sched.cur->m;

	writeobj(O_POWN, pp->id);
	mp->nextp = pp;
	mp->spinning = spinning;
	mp->state = Mnew;
	if (cur != NULL)
		readobj(O_LOCKEDG, cur->id);
	if (cur != NULL && (cur->lockedExt != 0 || cur->incgo)) {
		startTemplateThread();
		sf_assert(sched.newmHandoff.n < MAXM);
		writeobj(O_MIDLE, 0);
		sched.newmHandoff.newm[sched.newmHandoff.n++] = mp;
		wake_template();
		return;
	}
	newm1(mp, cur != NULL ? cur->thr : NULL);
}

/* The template thread woken: newm1 every M handed to it, then sleep again. */
void templateThread(struct m *tm)
{
	touch(O_MSTATE, tm->id);
	tm->note = false;
	readobj(O_MIDLE, 0);
	writeobj(O_MIDLE, 0);
	while (sched.newmHandoff.n > 0)
		newm1(sched.newmHandoff.newm[--sched.newmHandoff.n], NULL);
	sched.newmHandoff.waiting = true;
}

static void notewakeup(struct m *mp)
{
	touch(O_MSTATE, mp->id);
	mp->note = true;
}

void stopm(struct m *mp)
{
	if (mp->locks != 0)
		throw("stopm holding locks");
	if (mp->p != NULL)
		throw("stopm holding p");
	if (mp->spinning)
		throw("stopm spinning");
	writeobj(O_MIDLE, 0);
	touch(O_MSTATE, mp->id);
	sched.midle[sched.nmidle++] = mp;
	mp->state = Midle;
}

/* The M parked in stopm runs again: mstart/stopm's tail. */
void stopm_wake(struct m *mp)
{
	struct p *pp = mp->nextp;

	mp->note = false;
	mp->nextp = NULL;
	acquirep(mp, pp);
	mp->state = Mschedule;
}

void startm(struct p *pp, bool spinning)
{
	struct m *nmp;

	readobj(O_MIDLE, 0);
	writeobj(O_MIDLE, 0);
	if (pp == NULL) {
		pp = pidleget();
		if (pp == NULL) {
			if (spinning)
				sched.nmspinning--;
			return;
		}
	}
	if (sched.nmidle == 0) {
		newm(pp, spinning);
		return;
	}
	nmp = sched.midle[--sched.nmidle];
	if (nmp->nextp != NULL)
		throw("startm: m has p");
	writeobj(O_POWN, pp->id);
	nmp->spinning = spinning;
	nmp->nextp = pp;
	notewakeup(nmp);
}

void handoffp(struct p *pp)
{
	readobj(O_PRUNQ, pp->id);
	readobj(O_RUNQ, 0);
	if (runqlen(pp) != 0 || sched.runqsize != 0) {
		startm(pp, false);
		return;
	}
	if (sched.nmspinning + sched.npidle == 0) {
		writeobj(O_MIDLE, 0);
		sched.nmspinning++;
		startm(pp, true);
		return;
	}
	pidleput(pp);
}

void wakep(void)
{
	readobj(O_MIDLE, 0);
	if (sched.npidle == 0 || sched.nmspinning != 0)
		return;
	writeobj(O_MIDLE, 0);
	sched.nmspinning++;
	startm(NULL, true);
}

/* ---- Gs ---- */

struct g *allocg(int kind)
{
	struct g *gp;

	sf_assert(sched.ng < MAXG);
	gp = &sched.allg[sched.ng];
	memset(gp, 0, sizeof *gp);
	gp->id = ++sched.ng;
	touch(O_GSTATE, gp->id);
	gp->kind = kind;
	gp->lvl = -1;
	gp->stacklo = (uintptr_t)gp->id << 16;
	gp->stackhi = gp->stacklo + 0x8000;
	return gp;
}

struct g *newproc(struct m *mp)
{
	struct g *gp = allocg(GWORKER);

	gp->status = Grunnable;
	gp->pc = SITE_GO_FUNC;
	runqput(mp->p, gp);
	wakep();
	return gp;
}

/* ready (proc.go:831): only a parked G, taken off its wait queue by the
 * waker, goes back on the current P's run queue. */
void ready(struct g *gp)
{
	struct m *mp = getm();

	if (gp->status != Gwaiting || gp->waiting != NULL) {
		print("runtime: ready g%d: status=%d\n", gp->id, (int)gp->status);
		throw("bad g->status in ready");
	}
	gp->status = Grunnable;
	runqput(mp->p, gp);
	wakep();
}

/* dropg (proc.go:3416), on g0: a SIGPROF may land between its stores. */
void dropg(struct m *mp)
{
	writeobj(O_CURG, mp->id);
	writeobj(O_GM, mp->curg->id);
	touch(O_GSTATE, mp->curg->id);
	mp->curg->m = NULL;
	sigprof_point(SITE_DROPG);
	mp->curg = NULL;
}

static bool owns_top_frame(struct m *mp, struct g *gp)
{
	const struct cframe *f = (const struct cframe *)(void *)mp->g0.sched.sp;

	if (mp->extra || mp->g0.sched.sp == cstack_mstart_sp(mp->thr->stk))
		return true;
	return f->g == gp->id;
}

void execute(struct m *mp, struct g *gp)
{
	if (sched.opt.strict && !owns_top_frame(mp, gp)) {
		print("runtime: m%d runs g%d while g%d's callback frame is live on its C stack\n", mp->id, gp->id,
		      ((const struct cframe *)(void *)mp->g0.sched.sp)->g);
		throw("schedule: new g on an m with a live callback frame");
	}
	writeobj(O_CURG, mp->id);
	writeobj(O_GM, gp->id);
	touch(O_GSTATE, gp->id);
	touch(O_MSTATE, mp->id);
	mp->curg = gp;
	sigprof_point(SITE_EXECUTE);
	gp->m = mp;
	gp->status = Grunning;
	gp->preempt = false;
	mp->p->schedtick++;
	mp->state = Mrunning;
}

/* goschedImpl, as reached from newstack for a sysmon preemption. */
void gopreempt_m(struct m *mp, struct g *gp)
{
	gp->status = Grunnable;
	dropg(mp);
	globrunqput(gp);
	mp->state = Mschedule;
}

void preemptPark(struct m *mp, struct g *gp)
{
	gp->preemptStop = false;
	gp->status = Gpreempted;
	dropg(mp);
	writeobj(O_RUNQ, 0);
	sched.preempted[sched.npreempted++] = gp;
	mp->state = Mschedule;
}

/*
 * gopark + park_m (proc.go:349, :3494): the G waits on q until a waker
 * dequeues and readies it.  It resumes at gp->pc, the site that parked:
 * that site's prologue already ran, so it passes once (resumepp), and the
 * site retries the operation as upstream's loops do.
 */
void gopark(struct m *mp, struct g *gp, struct waitq *q)
{
	if (gp->status != Grunning)
		throw("gopark: bad g status");
	g0use(mp, G0FRAME, "park_m"); /* mcall(park_m) */
	sf_assert(q->n < MAXG);
	writeobj(O_WAITQ, 0);
	q->g[q->n++] = gp;
	gp->waiting = q;
	if (sf_site_pp(sched.var, gp->pc))
		gp->resumepp = gp->pc;
	gp->status = Gwaiting;
	dropg(mp);
	mp->state = Mschedule;
}

/*
 * mexit (proc.go:1462), where gogo(&g0.sched) in goexit0 leads through
 * mstart0 (:1374): a thread whose G exited locked is not given back.  It
 * hands its P off (handoffp(releasep()), :1528; m0 too, :1478), on its
 * own thread, so a newm there sees its lockedExt; then the thread exits,
 * or, m0, stays wedged in mPark.  Either way the M never runs again.
 */
static void mexit(struct m *mp)
{
	handoffp(releasep(mp));
	touch(O_MSTATE, mp->id);
	mp->state = Mdead;
	if (mp != &sched.allm[0]) {
		touch(O_CSTACK, mp->thr->id);
		mp->thr->done = true;
	}
}

/*
 * goexit0 (proc.go:3633): the G is dead and off its M.  A lockOSThread the
 * runtime still holds is a runtime bug ("internal lockOSThread error",
 * :3671); a G that exits locked by the user takes its thread with it
 * (:3676, mexit), lockedExt still set (d0f8a751; rows before it cleared it
 * here, #28979).
 */
void goexit0(struct m *mp, struct g *gp)
{
	bool locked = gp->lockedm != NULL;

	writeobj(O_LOCKEDM, gp->id);
	writeobj(O_LOCKEDG, mp->id);
	gp->status = Gdead;
	gp->lockedm = NULL;
	mp->lockedg = NULL;
	dropg(mp);
	if (mp->lockedInt != 0) {
		print("invalid m->lockedInt = %u\n", mp->lockedInt);
		throw("internal lockOSThread error");
	}
	if (locked) {
		if (sched.var->goexit0_clears_lockedext)
			mp->lockedExt = 0;
		mexit(mp);
		return;
	}
	mp->state = Mschedule;
}

/* ---- locked Ms ---- */

void stoplockedm(struct m *mp)
{
	readobj(O_LOCKEDG, mp->id);
	if (mp->lockedg == NULL || mp->lockedg->lockedm != mp)
		throw("stoplockedm: inconsistent locking");
	if (mp->p != NULL)
		handoffp(releasep(mp));
	mp->state = Mlockedwait;
}

/* The M parked in stoplockedm runs again: stoplockedm's tail and execute. */
void stoplockedm_wake(struct m *mp)
{
	struct p *pp = mp->nextp;

	readobj(O_LOCKEDG, mp->id);
	mp->note = false;
	if (mp->lockedg->status != Grunnable) {
		print("runtime: stoplockedm: lockedg (atomicstatus=%d) is not Grunnable or Gscanrunnable\n",
		      (int)mp->lockedg->status);
		throw("stoplockedm: not runnable");
	}
	mp->nextp = NULL;
	acquirep(mp, pp);
	execute(mp, mp->lockedg);
}

static void startlockedm(struct m *self, struct g *gp)
{
	struct m *mp = gp->lockedm;

	if (mp == self)
		throw("startlockedm: locked to me");
	if (mp->nextp != NULL)
		throw("startlockedm: m has p");
	touch(O_MSTATE, mp->id);
	mp->nextp = releasep(self);
	notewakeup(mp);
	stopm(self);
}

/* ---- schedule ---- */

enum { SRC_GLOBAL = -1, SRC_LOCAL = -2 };

static void resetspinning(struct m *mp)
{
	if (!mp->spinning)
		return;
	writeobj(O_MIDLE, 0);
	mp->spinning = false;
	sched.nmspinning--;
	if (sched.nmspinning == 0)
		wakep();
}

void schedule(struct m *mp)
{
	int src[MAXP + 2], nsrc = 0;
	struct p *pp = mp->p;
	struct g *gp;
	int c;

	if (mp->locks != 0)
		throw("schedule: holding locks");
	/* The GC worker's resumeG for every G it suspended: done by the time
	 * any M schedules, so a locked M's handoffp sees its G runnable. */
	if (sched.npreempted > 0)
		writeobj(O_RUNQ, 0);
	for (int i = 0; i < sched.npreempted; i++) {
		sched.preempted[i]->status = Grunnable;
		globrunqput(sched.preempted[i]);
	}
	sched.npreempted = 0;
	readobj(O_LOCKEDG, mp->id);
	if (mp->lockedg != NULL) {
		stoplockedm(mp);
		return;
	}
	if (mp->incgo)
		throw("schedule: in cgo");

	readobj(O_RUNQ, 0);
	readobj(O_PRUNQ, pp->id);
	if (pp->schedtick % 61 == 0 && sched.runqsize > 0)
		src[nsrc++] = SRC_GLOBAL;
	if (runqlen(pp) > 0)
		src[nsrc++] = SRC_LOCAL;
	if (sched.runqsize > 0 && nsrc == 0)
		src[nsrc++] = SRC_GLOBAL;
	else if (sched.runqsize > 0 && src[0] != SRC_GLOBAL)
		src[nsrc++] = SRC_GLOBAL;
	for (int i = 1; i < sched.np; i++) {
		struct p *victim = &sched.allp[(pp->id + i) % sched.np];

		readobj(O_PRUNQ, victim->id);
		if (runqlen(victim) > 0)
			src[nsrc++] = victim->id;
	}
	if (nsrc == 0) {
		writeobj(O_MIDLE, 0);
		if (!mp->spinning) {
			mp->spinning = true;
			sched.nmspinning++;
			return; /* look once more */
		}
		mp->spinning = false;
		sched.nmspinning--;
		pidleput(releasep(mp));
		stopm(mp);
		return;
	}
	c = decide(K_PICK, SITE_SCHEDULE, nsrc, 0);
	if (src[c] == SRC_GLOBAL)
		gp = globrunqget();
	else if (src[c] == SRC_LOCAL)
		gp = runqget(pp);
	else
		gp = runqsteal(pp, &sched.allp[src[c]]);
	resetspinning(mp);
	readobj(O_LOCKEDM, gp->id);
	if (gp->lockedm != NULL) {
		/* Hands off own P to the locked M, then blocks waiting for a new P. */
		startlockedm(mp, gp);
		return;
	}
	execute(mp, gp);
}
