/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Preemption points (upstream: the morestack prologue check, newstack in
 * runtime/stack.go, canPreemptM and gopreempt_m in runtime/proc.go).
 *
 * Every PP site of the row (sf_site_pp) calls morestack first.  A K_PREEMPT decision
 * there stands for a request that arrived since the last check (sysmon's
 * preemptone, or the GC's suspendG setting preemptStop); a request that
 * cannot be honoured yet (m.locks, no running P) stays pending in
 * g.preempt and is honoured at the next PP that can.  The prologue that a G
 * resumes at after being preempted passes once without asking again: the
 * request was consumed, as upstream resets stackguard0.
 */
#include "proc.h"
#include "throw.h"

static bool canPreemptM(struct m *mp)
{
	return mp->locks == 0 && mp->p != NULL && mp->p->status == Prunning;
}

/* Returns true if the G was preempted: the step ends, the G is off its M. */
bool morestack(struct m *mp, struct g *gp, enum site site)
{
	int d;

	if (gp->resumepp == site) {
		gp->resumepp = NSITES;
		return false;
	}
	d = decide(K_PREEMPT, site, 3, 0);
	if (d != 0) {
		gp->preempt = true;
		gp->preemptStop = gp->preemptStop || d == 2;
	}
	if (!gp->preempt)
		return false;
	/* stackguard0 == stackPreempt: morestack switches to g0 and calls
	 * newstack, whose own prologue checks the g0 bounds first. */
	g0use(mp, G0FRAME, "newstack");
	if (gp->throwsplit) {
		print("runtime: g%d preempted in %s while in a syscall\n", gp->id, site_name[site]);
		throw("runtime: stack split at bad time");
	}
	if (!canPreemptM(mp))
		return false;
	gp->preempt = false;
	gp->resumepp = site;
	if (gp->preemptStop)
		preemptPark(mp, gp);
	else
		gopreempt_m(mp, gp);
	return true;
}
