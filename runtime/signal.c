/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SIGPROF during the callback path (upstream: sigprof in runtime/proc.go,
 * the cgo traceback hooks in runtime/traceback.go and the seed's
 * tcTraceback).
 *
 * A K_SIGPROF decision after any step delivers the signal to the thread
 * that took it.  The handler reads the thread's M and its curg as the real
 * handler does: a thread with no M (a C thread between callbacks) or a G in
 * C code gets a traceback with a signal context; a G in Go code inside a
 * callback with a pushed context gets that context.  The seed's
 * tcTraceback aborts when both are zero; the model throws the same way, and
 * also checks that the context read is the one the G pushed.  It never
 * loads m.curg.m: upstream 1.17's sigprof does not either, so a handler
 * that finds the link torn (dropg, execute) is harmless there.
 */
#include "proc.h"
#include "throw.h"

static void tcTraceback(uintptr_t context, uintptr_t sigContext)
{
	if (context == 0 && sigContext == 0) {
		print("runtime: SIGPROF traceback with neither a context nor a signal context\n");
		throw("tcTraceback: context and sigContext both zero");
	}
}

void sigprof(struct thread *t)
{
	struct m *mp = t->m;
	struct g *gp;

	if (mp == NULL) {
		tcTraceback(0, 1); /* sigprofNonGo: C code, signal context only */
		return;
	}
	gp = mp->curg;
	if (gp == NULL)
		return; /* on g0: no cgo traceback */
	if (gp->status == Gsyscall) {
		tcTraceback(0, 1);
		return;
	}
	if (gp->ncgoCtxt > 0) {
		uintptr_t ctxt = gp->cgoCtxt[gp->ncgoCtxt - 1];
		bool mine = false;

		for (int l = 0; l <= gp->lvl; l++)
			mine = mine || gp->lv[l].ctxt == ctxt;
		if (!mine) {
			print("runtime: sigprof: g%d cgoCtxt top %#lx is not its callback's context\n", gp->id,
			      (unsigned long)ctxt);
			throw("sigprof: stale cgo context");
		}
		tcTraceback(ctxt, 0);
	}
}
