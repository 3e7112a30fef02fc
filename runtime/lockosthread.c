/* SPDX-License-Identifier: Apache-2.0 */
/*
 * LockOSThread (upstream: runtime/proc.go).
 *
 * An M counts two kinds of locks: lockedExt for the user's
 * runtime.LockOSThread, lockedInt for the runtime's own (cgocallbackg takes
 * one for the whole callback, an extra M holds one from oneNewExtraM).  The
 * M and G stay wired (m.lockedg, g.lockedm) while either count is nonzero.
 * All six are nosplit in Go 1.17 (proc.go:4543-4640; the pragmas of
 * LockOSThread and UnlockOSThread sit above their doc comments), so none
 * is a preemption point: the user's calls have sites of their own
 * (lockosthread, unlockosthread) that are not PPs.  A thread the user
 * locked is marked tainted (its kernel state may be odd) until its last
 * UnlockOSThread: the model's stand-in for that state (#28979).
 */
#include "access.h"
#include "proc.h"
#include "throw.h"

static void dolockOSThread(struct m *mp, struct g *gp)
{
	writeobj(O_LOCKEDG, mp->id);
	writeobj(O_LOCKEDM, gp->id);
	mp->lockedg = gp;
	gp->lockedm = mp;
}

static void dounlockOSThread(struct m *mp, struct g *gp)
{
	writeobj(O_LOCKEDG, mp->id); /* the counts */
	if (mp->lockedInt != 0 || mp->lockedExt != 0)
		return;
	writeobj(O_LOCKEDM, gp->id);
	mp->lockedg = NULL;
	gp->lockedm = NULL;
}

void lockOSThread(struct m *mp, struct g *gp)
{
	mp->lockedInt++;
	dolockOSThread(mp, gp);
}

void unlockOSThread(struct m *mp, struct g *gp)
{
	if (mp->lockedInt == 0) {
		print("runtime: m%d g%d lockedInt underflow\n", mp->id, gp->id);
		throw("runtime: internal error: misuse of lockOSThread/unlockOSThread");
	}
	mp->lockedInt--;
	dounlockOSThread(mp, gp);
}

/* Locked by the user, the thread may get odd kernel state; the user's
 * contract is to restore it before the last UnlockOSThread. */
static void settaint(struct m *mp)
{
	if (mp->thr != NULL)
		mp->thr->tainted = mp->lockedExt != 0;
}

void LockOSThread(struct m *mp, struct g *gp)
{
	if (mp->lockedExt + 1 == 0)
		throw("LockOSThread nesting overflow");
	mp->lockedExt++;
	settaint(mp);
	dolockOSThread(mp, gp);
}

void UnlockOSThread(struct m *mp, struct g *gp)
{
	if (mp->lockedExt == 0)
		return;
	mp->lockedExt--;
	settaint(mp);
	dounlockOSThread(mp, gp);
}
