/* SPDX-License-Identifier: Apache-2.0 */
/*
 * System calls, as cgo uses them (upstream: runtime/proc.go).
 *
 *  - entersyscall: the G goes to _Gsyscall and its P to _Psyscall, kept as
 *    m.oldp with p.m cleared, so sysmon can retake it.
 *  - reentersyscall: the same on the way back to C after a callback, with
 *    the saved syscallsp; it must point into the G's stack ("entersyscall").
 *  - retake: sysmon takes a P that stayed in _Psyscall (a K_RETAKE
 *    decision after any step says when and which: run.c) and hands it off.
 *  - exitsyscall: the caller's frame must still hold the syscall's SP
 *    ("exitsyscall: syscall frame is no longer valid"); fast path takes
 *    m.oldp back, or any idle P; slow path (exitsyscall0) queues the G,
 *    then in a step of its own parks the M - in stoplockedm if the G is
 *    locked to it, so a locked G resumes on its own M.  The G keeps syscallsp until it resumes inside
 *    exitsyscall (proc.go:3991): exitsyscall_tail, at the start of its next
 *    step, clears it.
 * The Go stack is modelled by addresses only: each cgo level has its own
 * syscallsp (cgocall's frame) and, below it, the frames of asm cgocallback
 * and cgocallbackg, so a stale syscallsp is detected.
 */
#include "access.h"
#include "proc.h"
#include "throw.h"

uintptr_t syscallsp_at(struct g *gp, int lvl)
{
	if (gp->kind == GEXTRA && lvl == 0)
		return gp->stackhi; /* oneNewExtraM: syscallsp = stack.hi */
	return gp->stackhi - 0x100 * (uintptr_t)(lvl + 1);
}

/* asm cgocallback's frame on the G's stack, below the syscall's. */
uintptr_t cgocallbacksp_at(struct g *gp, int lvl)
{
	return syscallsp_at(gp, lvl) - 0x40;
}

/* cgocallbackg's frame, below that: the caller of its exitsyscall. */
uintptr_t cgocallbackgsp_at(struct g *gp, int lvl)
{
	return syscallsp_at(gp, lvl) - 0x80;
}

static void enter(struct m *mp, struct g *gp, uintptr_t sp)
{
	struct p *pp = mp->p;

	writeobj(O_POWN, pp->id);
	gp->syscallsp = sp;
	gp->status = Gsyscall;
	pp->m = NULL;
	mp->oldp = pp;
	mp->p = NULL;
	pp->status = Psyscall;
}

void entersyscall(struct m *mp, struct g *gp, uintptr_t sp)
{
	/* entersyscall is reentersyscall(pc, sp): it sets throwsplit too
	 * (go1.17.13 proc.go:3776; go1.25.0 proc.go:4573), so a nested
	 * callback's cgocallbackg starts with it set. */
	gp->throwsplit = true;
	enter(mp, gp, sp);
}

void reentersyscall(struct m *mp, struct g *gp, uintptr_t sp)
{
	gp->throwsplit = true;
	if (sp < gp->stacklo || sp > gp->stackhi) {
		print("runtime: entersyscall: g%d syscallsp=%#lx not in [%#lx, %#lx]\n", gp->id, (unsigned long)sp,
		      (unsigned long)gp->stacklo, (unsigned long)gp->stackhi);
		throw("entersyscall");
	}
	enter(mp, gp, sp);
}

/* retake's _Psyscall branch (proc.go:5508-5540) for one P. */
void retake(struct p *pp)
{
	readobj(O_POWN, pp->id);
	if (pp->status != Psyscall)
		throw("model: retake of a P not in _Psyscall");
	writeobj(O_POWN, pp->id);
	pp->status = Pidle;
	handoffp(pp);
}

/*
 * exitsyscall0 (proc.go:4080), the slow path on g0, in two steps: another
 * M may run the G between them (#46524).  First, under sched.lock, the G
 * goes back to _Grunnable and onto the global queue, and whether it is
 * locked is sampled (e0d029f7) before the unlock publishes it.  Upstream
 * retries pidleget here; in the model nothing can free a P between
 * exitsyscall's try and this one.
 */
static void exitsyscall0(struct m *mp, struct g *gp)
{
	gp->status = Grunnable;
	dropg(mp);
	globrunqput(gp);
	mp->exitg = gp;
	readobj(O_LOCKEDM, gp->id);
	mp->exitlocked = gp->lockedm != NULL;
	mp->state = Mexitsyscall0;
}

/* Then, after the unlock (proc.go:4103-4116): wait for the G in
 * stoplockedm if it was locked, else stopm.  Rows before e0d029f7 read
 * gp.lockedm afresh here instead, after the G was published. */
void exitsyscall0_locked(struct m *mp)
{
	bool locked = mp->exitlocked;

	if (sched.var->exitsyscall0_rereads_lockedm) {
		readobj(O_LOCKEDM, mp->exitg->id);
		locked = mp->exitg->lockedm != NULL;
	}
	mp->exitg = NULL;
	mp->exitlocked = false;
	if (locked) {
		stoplockedm(mp);
		return;
	}
	stopm(mp);
}

/*
 * exitsyscall (proc.go:3923), called from a frame at callersp.  Returns
 * true when the G runs on (fast path); false when it was queued and the M
 * parked or went on to another G: the caller's step ends and the G
 * continues at gp->pc wherever it is next executed, first running
 * exitsyscall_tail.
 */
bool exitsyscall(struct m *mp, struct g *gp, uintptr_t callersp)
{
	struct p *oldp = mp->oldp;

	if (!sched.var->no_exitsyscall_check && callersp > gp->syscallsp) { /* proc.go:3927 */
		print("runtime: exitsyscall: g%d called from sp=%#lx above syscallsp=%#lx\n", gp->id,
		      (unsigned long)callersp, (unsigned long)gp->syscallsp);
		throw("exitsyscall: syscall frame is no longer valid");
	}
	mp->oldp = NULL;
	if (oldp != NULL)
		readobj(O_POWN, oldp->id);
	if (oldp != NULL && oldp->status == Psyscall) {
		writeobj(O_POWN, oldp->id);
		oldp->status = Pidle;
		acquirep(mp, oldp);
	} else {
		struct p *pp = pidleget();

		/* systemstack(exitsyscallfast_pidle), or mcall(exitsyscall0). */
		g0use(mp, G0FRAME, pp != NULL ? "exitsyscallfast_pidle" : "exitsyscall0");
		if (pp == NULL) {
			gp->sysexit = true;
			exitsyscall0(mp, gp);
			return false;
		}
		acquirep(mp, pp);
	}
	gp->status = Grunning;
	gp->syscallsp = 0;
	gp->throwsplit = false;
	return true;
}

/* The rest of exitsyscall once mcall(exitsyscall0) has returned, i.e.
 * when the G runs again (proc.go:3991-3993): only now is syscallsp cleared. */
void exitsyscall_tail(struct g *gp)
{
	gp->sysexit = false;
	gp->syscallsp = 0;
	gp->throwsplit = false;
}
