/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SIGPROF and its handler (upstream, Go 1.17: cgoSigtramp in
 * sys_linux_amd64.s, sigtrampgo and sighandler in signal_unix.go, sigprof
 * in proc.go, gentraceback and the cgo traceback hooks in traceback.go;
 * the seed's C tcTraceback).
 *
 * A K_SIGPROF decision after any step delivers the signal to the thread
 * that took it; one at a signal point (dropg, execute: runtime code on g0
 * between two stores) delivers it there, to the same thread.  The handler
 * runs on the signal stack with every signal blocked, so it is one call,
 * never a step; it reads the state as the real one does, in its order:
 *   cgoSigtramp   the TLS g of the interrupted code: nil on a C thread with
 *                 no M, g0 in C (asmcgocall switched g) or in the
 *                 scheduler, curg in Go code.  With a traceback function
 *                 installed, g == nil takes the no-M path (sigprofCallers:
 *                 the C traceback with the signal context, then
 *                 sigprofNonGo); g.m.ncgo != 0 with m.curg.syscallsp != 0
 *                 calls the C traceback with the signal context first.
 *   sigtrampgo    g == nil: sigprofNonGoPC, done.  Else on gsignal,
 *   sighandler    sigprof(pc, sp, lr, gp = that g, mp = the thread's M).
 *   sigprof       the cgo branch (proc.go:4721) when mp.ncgo > 0 and
 *                 mp.curg is in a syscall: gentraceback from
 *                 curg.syscallsp with flags 0 (the model checks that a live
 *                 frame is there: #7978 left it in a popped one); else
 *                 from the interrupted frame with _TraceTrap|_TraceJumpStack.
 *   gentraceback  with _TraceJumpStack every frame first tests gp ==
 *                 gp.m.g0 (traceback.go:186), a load through gp.m; the
 *                 model's g0 code never runs in a systemstack or morestack
 *                 frame, so the walk never jumps from g0 to curg.  Walking
 *                 a G, each asm cgocallback frame above sp pops the
 *                 innermost context left in gp.cgoCtxt (:484-493), pushed
 *                 by that level or not, and hands it to cgoContextPCs,
 *                 which calls the C traceback with it (through asmcgocall:
 *                 on gsignal it stays there); in -msan builds msanwrite
 *                 first, whose msancall switches to g0.sched.sp (#71395).
 * The seed's tcTraceback aborts when context and sigContext are both zero;
 * the model throws the same way, and also checks that a context handed over
 * is one the G's own callbacks pushed.  Nothing reads m.curg.m: upstream
 * 1.17's sigprof does not either, so a handler that finds the link torn
 * (dropg, execute) is harmless there.
 *
 * From go1.21 an extra M flagged isExtraInC counts as a non-Go thread too
 * (sigtrampgo, go1.25.0 signal_unix.go:438): the sample goes to
 * runtime._ExternalCode.  If the M's G is running Go code then, its time is
 * charged to C (#72870).  One window is upstream's own and not flagged: a
 * callback's G that came back from exitsyscall's slow path and has not
 * cleared the flag yet (#70529).
 */
#include <string.h>

#include "access.h"
#include "cstack.h"
#include "proc.h"
#include "throw.h"

enum { TRACE_TRAP = 1, TRACE_JUMPSTACK = 2 };

static void tcTraceback(uintptr_t context, uintptr_t sigContext)
{
	struct sf_sigview *v = &sched.sig;

	if (context == 0 && sigContext == 0) {
		print("runtime: SIGPROF traceback with neither a context nor a signal context\n");
		throw("tcTraceback: context and sigContext both zero");
	}
	if (sigContext != 0)
		v->sigctx = true;
	else if (v->nctxt < (int)(sizeof v->ctxt / sizeof v->ctxt[0]))
		v->ctxt[v->nctxt++] = context;
}

/*
 * msancall (msan_amd64.s:72-90), as msanwrite reaches it from the handler
 * (g == gsignal): a call into the MSan runtime, on the current stack if g
 * is nil or g0, else at g0.sched.sp.  The handler's g is gsignal, and the
 * code it interrupted may be using the g0 stack below that cursor (a
 * nested C call: asmcgocall's saved g and depth, the C frames): the MSan
 * runtime's frame lands on them (#71395).  11c86ddc stays on the signal
 * stack when g is gsignal.
 */
#define MSANFRAME 256 /* bytes the MSan runtime's frames take */

static void msancall(struct thread *t)
{
	struct m *mp = t->m;
	char *sp;

	if (sched.var->msancall_gsignal)
		return;
	readobj(O_G0SP, mp->id);
	sp = mp->g0.sched.sp;
	cstack_scribble(t, sp, MSANFRAME);
	if (t->stk->sp < sp) {
		print("runtime: msancall on gsignal of m%d switched to g0.sched.sp=stack+%ld over live C frames down to stack+%ld\n",
		      mp->id, (long)(sp - t->stk->lo), (long)(t->stk->sp - t->stk->lo));
		throw("msancall: C frame written over live g0 frames");
	}
}

/* cgoContextPCs (traceback.go:1410): the C traceback for one context,
 * through asmcgocall (on gsignal it stays there); -msan builds first tell
 * MSan the argument is written. */
static void cgoContextPCs(struct thread *t, uintptr_t ctxt)
{
	if (!sched.cgoTraceback)
		return;
	if (sched.var->msan)
		msancall(t);
	tcTraceback(ctxt, 0);
}

/* Whether a context handed to the traceback is one gp's callbacks pushed. */
static void checkctxt(const struct g *gp, uintptr_t ctxt)
{
	for (int l = 0; l <= gp->lvl; l++)
		if (gp->lv[l].ctxt == ctxt)
			return;
	print("runtime: sigprof: g%d cgoCtxt holds %#lx, which none of its callbacks pushed\n", gp->id,
	      (unsigned long)ctxt);
	throw("sigprof: stale cgo context");
}

/* gentraceback as sigprof calls it (pcbuf, no callback), from sp up gp's stack. */
static void gentraceback(struct thread *t, uintptr_t sp, struct g *gp, unsigned flags)
{
	int n;

	if (flags & TRACE_JUMPSTACK) {
		readobj(O_GM, gp->id);
		if (gp->m == NULL) {
			print("runtime: sigprof: traceback of g%d, the curg of m%d, whose m is nil\n", gp->id,
			      sched.cur && sched.cur->m ? sched.cur->m->id : -1);
			throw("sigprof: traceback of a curg whose m is nil");
		}
		if (gp == &gp->m->g0)
			return;
	}
	n = gp->ncgoCtxt;
	for (int l = gp->lvl; l >= 0 && n > 0; l--) {
		if (!gp->lv[l].cbframe || cgocallbacksp_at(gp, l) < sp)
			continue;
		checkctxt(gp, gp->cgoCtxt[n - 1]);
		cgoContextPCs(t, gp->cgoCtxt[--n]);
	}
}

/*
 * The SP of gp's innermost live frame that the model lays out (syscall.c):
 * cgocall's at its current level, below it asm cgocallback's while its
 * frame is on the stack, and below that cgocallbackg's from its entry
 * until it returns after reentersyscall.
 */
static uintptr_t innermost_sp(struct g *gp)
{
	int l = gp->lvl < 0 ? 0 : gp->lvl;
	uintptr_t sp = syscallsp_at(gp, l);

	if (gp->lvl >= 0 && gp->lv[l].cbframe)
		sp = cgocallbacksp_at(gp, l);
	if (gp->lvl >= 0 && gp->lv[l].incb)
		sp = cgocallbackgsp_at(gp, l);
	return sp;
}

/* sigprof (proc.go:4677) on gsignal: gp is the interrupted g, mp the thread's M. */
static void sigprof(struct thread *t, struct g *gp, struct m *mp)
{
	struct g *curg = mp->curg;

	readobj(O_CURG, mp->id);
	if (mp->ncgo > 0 && curg != NULL && curg->syscallsp != 0) {
		sched.sig.branch = SF_SIG_CGO;
		if (curg->syscallsp < innermost_sp(curg)) {
			/* Upstream walks whatever the popped frame held (#7978). */
			print("runtime: sigprof: g%d syscallsp=%#lx is below its innermost live frame %#lx\n", curg->id,
			      (unsigned long)curg->syscallsp, (unsigned long)innermost_sp(curg));
			throw("sigprof: syscallsp points into a popped frame");
		}
		gentraceback(t, curg->syscallsp, curg, sched.var->sigprof_cgo_jumpstack ? TRACE_JUMPSTACK : 0);
		return;
	}
	sched.sig.branch = SF_SIG_GO;
	/* The interrupted frame is the innermost one: every frame is above it. */
	gentraceback(t, 0, gp, TRACE_TRAP | TRACE_JUMPSTACK);
}

/* The TLS g of the code a signal after a step interrupts (sigFetchG). */
static struct g *interrupted_g(struct thread *t)
{
	struct m *mp = t->m;
	struct g *gp;

	if (mp == NULL)
		return NULL;
	gp = mp->curg;
	if (mp->state != Mrunning)
		return &mp->g0;
	if (gp->status == Grunning)
		return gp;
	/* In a syscall, C code runs on g0, but Go code still runs on curg
	 * from asm cgocallback's switch to cgocallbackg's exitsyscall, and
	 * from reentersyscall back to asm cgocallback's tail. */
	if (gp->pc == SITE_CGOCALLBACKG || gp->pc == SITE_CGOCALLBACK_RET)
		return gp;
	return &mp->g0;
}

/*
 * The entry and return every handler shares (sigtrampgo's begin and end):
 * a fresh view of what thread t was running (gp, its TLS g, at `point`),
 * and at the return that view to sf_options.onsignal.  In between a throw
 * ends the run inside the handler (sched.inhandler).
 */
void sigtramp_enter(struct thread *t, const struct g *gp, enum site point, enum sf_signo signo)
{
	struct sf_sigview *v = &sched.sig;
	struct m *mp = t->m;

	memset(v, 0, sizeof *v);
	sched.inhandler = true;
	v->signo = signo;
	v->thread = t->id;
	v->point = point;
	v->g = gp == NULL ? -1 : gp->id;
	v->m = mp ? mp->id + 1 : 0;
	v->curg = mp && mp->curg ? mp->curg->id : 0;
	v->curgm = mp && mp->curg && mp->curg->m ? mp->curg->m->id + 1 : 0;
	v->ncgo = mp ? mp->ncgo : 0;
	v->syscallsp = mp && mp->curg && mp->curg->syscallsp != 0;
}

void sigtramp_return(void)
{
	sched.sig.returned = true;
	sched.inhandler = false;
	if (sched.opt.onsignal != NULL)
		sched.opt.onsignal(&sched.sig);
}

/* cgoSigtramp, sigtrampgo and sighandler for SIGPROF on thread t, which was
 * running gp (its TLS g) when the signal came, at signal point `point` or
 * (NSITES) between two steps. */
static void sigtramp(struct thread *t, struct g *gp, enum site point)
{
	struct m *mp = t->m;
	struct sf_sigview *v = &sched.sig;

	sigtramp_enter(t, gp, point, SF_SIGPROF);
	if (gp == NULL) {
		/* sigprofCallers and sigprofNonGo: C code, signal context only. */
		v->branch = SF_SIG_NONGO;
		if (sched.cgoTraceback)
			tcTraceback(0, 1);
	} else {
		if (sched.cgoTraceback && gp->m != NULL && gp->m->ncgo != 0 && gp->m->curg != NULL &&
		    gp->m->curg->syscallsp != 0)
			tcTraceback(0, 1); /* _cgo_callers */
		if (mp->isExtraInC) {
			/* go1.21+ sigtrampgo: sigprofNonGoPC, as for g == nil. */
			if (extrainc_in_go(mp)) {
				print("runtime: SIGPROF on m%d, flagged isExtraInC, while g%d runs Go code at %s (cgo level %d)\n",
				      mp->id, mp->curg->id, site_name[mp->curg->pc], mp->curg->lvl);
				throw("sigprof: Go code attributed to _ExternalCode");
			}
			v->branch = SF_SIG_NONGO;
		} else {
			sigprof(t, gp, mp);
		}
	}
	sigtramp_return();
}

void sigprof_after_step(struct thread *t)
{
	sigtramp(t, interrupted_g(t), NSITES);
}

/* A signal point (sites.h SITE_SIG): a SIGPROF on the current thread
 * between two stores of a step, which runs on g0. */
void sigprof_point(enum site point)
{
	struct thread *t = sched.cur;

	if (t != NULL && t->m != NULL && decide(K_SIGPROF, point, 2, 0))
		sigtramp(t, &t->m->g0, point);
}
