/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Cgo calls and callbacks (upstream: runtime/cgocall.go, asm_amd64.s).
 *
 * One Go->C->Go round trip on a Go-created M, one step per line; a step
 * marked PP starts with morestack, where a preempt request may be honoured.
 *
 *   gofunc (PP)         the goroutine body; [lockexit workers:
 *                       LockOSThread, never undone: goexit0 kills the
 *                       thread, mexit hands its P off]
 *   cgocall (PP)        ncgo++; entersyscall; incgo = true; asmcgocall
 *                       switches to g0.sched.sp and pushes the C function's
 *                       frame (C0-C3).  sysmon may retake the P (K_RETAKE).
 *   context (C)         the C wrapper: _cgo_wait_runtime_init_done (a thread
 *                       here does not run before runtime init, run.c), then
 *                       the context function, if init installed it, for ctxt.
 *   cgocallback (C)     crosscall2 and asm cgocallback (A1-A3): needm if the
 *                       thread has no M; push a C frame holding the old
 *                       g0.sched.sp and set g0.sched.sp to it; switch to curg.
 *   cgocallbackg        (nosplit, B1-B6) bad g check; lockOSThread; checkm :=
 *                       gp.m; save syscallsp; exitsyscall (may park the M:
 *                       slow path; then "exitsyscall" does B6 later).
 *   cgocallbackg1 (PP)  D1-D5: [fixed] defer unlockOSThread; newextram if
 *                       needed; ctxt != 0: push it, defer dwrap.1 (pop);
 *                       defer dwrap.2 (unwindm).
 *   initwait (PP)       D4, C threads only (ncgo == 0): <-main_init_done;
 *                       parks (locked: its M waits in stoplockedm) until
 *                       main closes it after package init.
 *   cgoexp, userfn, sprintf (PP each)  the exported function; with nest > 1
 *                       sprintf makes the nested cgocall instead.
 *   deferreturn         (inline, nosplit) runs the defers LIFO.
 *   dwrap2 (PP), unwindm (PP)  [go117: unwindm ends with unlockOSThread,
 *                       so the next step, dwrap1, runs UNLOCKED: #47441].
 *   dwrap1 (PP)         pop ctxt; [fixed: unlockOSThread]; back in
 *                       cgocallbackg: incgo = true; checkm == gp.m or throw
 *                       "m changed unexpectedly in cgocallbackg" (B7);
 *                       reentersyscall (B8).
 *   gopanic, Goexit (PP)  [unwind workers, the last call's innermost
 *                       callback] the exported function panics or calls
 *                       runtime.Goexit: the same deferred calls run, from
 *                       the panic's loop (no deferreturn PP); unwindm
 *                       restores g0.sched.sp from asm cgocallback's frame
 *                       and undoes cgocall's accounting; then the next
 *                       level's deferred calls, and at last
 *   recover (PP)        the goroutine body's deferred recover; goexit.
 *   deferreturn (PP)    go122 rows only: deferreturn's own prologue after
 *                       each deferred call; in go122-386 the last one runs
 *                       after unlockOSThread (#62102).  go122 unlocks inline
 *                       in cgocallbackg after incgo = true instead.
 *   cgocallbackret (C)  asm (A4): the C frame is found only through
 *                       gp.m.g0.sched.sp; restore g0.sched.sp; dropm if the
 *                       thread had no M.  On the wrong M this is the bad
 *                       stack access (ASan, or the frame check).
 *   creturn (C)         C f returns to asmcgocall; cgocall: incgo = false,
 *                       ncgo--, exitsyscall (may move the G: no C frames left).
 *   cgocalldone         back in the caller.
 *
 * On a C-created thread (cthread.c) the round starts in C: context, then
 * cgocallback with needm when the thread has no M.  From go1.21 the
 * export wrapper's first call makes the pthread key, needAndBindM binds the
 * extra M to the thread, and cgocallbackret no longer drops it: the
 * thread's later calls find it in TLS, and its exit drops it (ctexit).
 * cgocallbackg sets the M's g0 bounds for the C stack it came from and puts
 * them back on return, as the row's release does (g0stack.c), clears
 * isExtraInC after exitsyscall and sets it again on the way back to C.
 * The C function a cgocall reaches may call the export again (repeat)
 * before it returns.
 */
#include "access.h"
#include "cstack.h"
#include "proc.h"
#include "throw.h"

/* Which worker locks the OS thread around its calls is part of the shape. */
void goloop(struct g *gp)
{
	if (gp->j >= sched.shape.calls)
		gp->pc = SITE_GO_EXIT;
	else
		gp->pc = gp->userlock ? SITE_LOCKOSTHREAD : SITE_CGOCALL;
}

/* ---- Go -> C ---- */

static void cgocall(struct thread *t, struct m *mp, struct g *gp)
{
	struct cgolevel *L;

	sf_assert(gp->lvl + 1 < MAXNEST);
	L = &gp->lv[++gp->lvl];
	L->callm = mp;
	mp->ncgo++;
	entersyscall(mp, gp, syscallsp_at(gp, gp->lvl));
	mp->incgo = true;
	/* asmcgocall: SP := g0.sched.sp, then the C function's frame. */
	readobj(O_G0SP, mp->id);
	if (t->stk->sp != mp->g0.sched.sp) {
		print("runtime: m%d C SP stack+%ld != g0.sched.sp\n", mp->id, (long)(t->stk->sp - t->stk->lo));
		throw("asmcgocall: g0 stack cursor out of place");
	}
	L->asmseq = cframe_push(t, CF_ASMCGOCALL, mp->id + 1, gp->id, gp->lvl, NULL, 0)->seq;
	gp->pc = SITE_C_CONTEXT;
}

/*
 * The C wrapper of the export: _cgo_wait_runtime_init_done (gcc_libinit.c)
 * has waited for runtime init (a thread at this site does not run before:
 * run.c), then reads cgo_context_function and calls it if one is
 * installed.  SetCgoTraceback runs in package init, after runtime init, so
 * an early C thread sees none and passes context 0.  From go1.21 the
 * first wrapper to get past the wait also creates the pthread key whose
 * destructor drops a bound M at thread exit (go1.25.0 gcc_libinit.c:69-71).
 */
uintptr_t export_wrapper(void)
{
	uintptr_t own = sched.shape.context == SF_CONTEXT_NONZERO ? 1 : 0;

	if (sched.var->bindm)
		sched.keycreated = true;
	if (!sched.contextfn)
		return 0;
	switch (decide(K_CTXT, SITE_C_CONTEXT, 3, 0)) {
	case 1: return 0;
	case 2: return 0x100 + (uintptr_t)sched.callbacks;
	}
	return own;
}

/*
 * asm cgocallback, A1-A3.  Returns false while needm waits for an M.  TLS
 * g is nil on a C thread with no M: needAndBindM takes an extra M (and
 * binds it to the thread when the key exists: cgoBindM stores g0 in it).
 * A bound thread's later calls find g0 in TLS and take the havem path,
 * as a Go-created M's nested calls do.
 */
bool cgocallback(struct thread *t)
{
	uint32_t savedm = t->m ? (uint32_t)t->m->id + 1 : 0;
	struct m *mp = t->m;
	struct g *gp;
	struct cframe *f;

	if (mp == NULL) {
		mp = needm(t);
		if (mp == NULL) {
			t->pc = SITE_NEEDM;
			return false;
		}
		writeobj(O_G0SP, mp->id);
		mp->g0.sched.sp = t->stk->sp; /* needm path: g0.sched.sp := SP */
	}
	readobj(O_CURG, mp->id);
	readobj(O_G0SP, mp->id);
	writeobj(O_G0SP, mp->id);
	gp = mp->curg;
	if (gp->lvl < 0) { /* the C thread's own call */
		gp->lvl = 0;
		gp->lv[0] = (struct cgolevel){0};
	}
	f = cframe_push(t, CF_CGOCALLBACK, mp->id + 1, gp->id, gp->lvl, mp->g0.sched.sp, savedm);
	mp->g0.sched.sp = (char *)f;
	if (gp->lvl == 0)
		t->cbbase = (char *)f;
	gp->lv[gp->lvl].seq = f->seq;
	gp->lv[gp->lvl].cbframe = true;
	gp->pc = SITE_CGOCALLBACKG;
	return true;
}

/* The last callback of the last thread in a C thread's slot. */
static bool lastcallback(const struct thread *t, const struct g *gp)
{
	if (gp->lvl != sched.shape.nest - 1 || t->j != sched.shape.calls - 1 || t->life != sched.shape.respawn)
		return false;
	for (int l = 1; l <= gp->lvl; l++)
		if (gp->lv[l].reps != sched.shape.repeat - 1)
			return false;
	return true;
}

/* The g0use decision: bytes of g0 stack the callback's systemstack work needs. */
static uint32_t g0bytes(int c)
{
	static const uint32_t bytes[5] = {256, 0, 2 * 1024, 8 * 1024, 24 * 1024};

	return bytes[c];
}

/* ---- C -> Go: cgocallbackg, cgocallbackg1 ---- */

static void cgocallbackg_exited(struct m *mp, struct g *gp);

static void cgocallbackg(struct thread *t, struct m *mp, struct g *gp)
{
	struct cgolevel *L = &gp->lv[gp->lvl];

	readobj(O_CURG, mp->id);
	if (gp != mp->curg) { /* B1 */
		print("runtime: bad g in cgocallback\n");
		throw("bad g in cgocallback");
	}
	callback_bounds_enter(t, mp, L); /* g0 bounds for this callback's C stack */
	sched.callbacks++;
	lockOSThread(mp, gp); /* B2 */
	L->incb = true;
	readobj(O_GM, gp->id);
	L->checkm = mp; /* B3 (fixed; the model keeps it in both orderings) */
	L->savedsp = gp->syscallsp; /* B4 */
	L->ctxt = t->ctxt;
	gp->pc = SITE_CGOCALLBACKG_EXITED;
	if (!exitsyscall(mp, gp, cgocallbackgsp_at(gp, gp->lvl))) /* B5 */
		return;
	cgocallbackg_exited(mp, gp);
}

/* B6, after exitsyscall (in a later step when it took the slow path). */
static void cgocallbackg_exited(struct m *mp, struct g *gp)
{
	mp->incgo = false;
	if (mp->extra)
		mp->isExtraInC = false;
	gp->pc = SITE_CGOCALLBACKG1;
}

static void cgocallbackg1(struct m *mp, struct g *gp)
{
	struct cgolevel *L = &gp->lv[gp->lvl];

	L->ndefer = 0;
	if (!sched.var->unlock_in_unwindm && !sched.var->unlock_inline)
		L->defers[L->ndefer++] = DEFER_UNLOCK; /* D1 */
	if (mp->needextram || sched.extraMWaiters > 0) { /* D2 */
		mp->needextram = false;
		g0use(mp, G0FRAME, "newextram"); /* systemstack(newextram) */
		newextram();
	}
	if (L->ctxt != 0) { /* D3 */
		sf_assert(gp->ncgoCtxt < MAXNEST);
		gp->cgoCtxt[gp->ncgoCtxt++] = L->ctxt;
		L->defers[L->ndefer++] = DEFER_POPCTXT;
	}
	if (mp->ncgo == 0) { /* D4: a C-created thread's call */
		gp->pc = SITE_INITWAIT;
		return;
	}
	L->defers[L->ndefer++] = DEFER_UNWINDM; /* D5 */
	gp->pc = SITE_CGOEXP;
}

/* D4: <-main_init_done.  Parked, the G stays locked to its extra M, which
 * waits in stoplockedm until the close readies the G (startlockedm). */
static void initwait(struct m *mp, struct g *gp)
{
	struct cgolevel *L = &gp->lv[gp->lvl];

	if (!chanrecv(mp, gp))
		return;
	L->defers[L->ndefer++] = DEFER_UNWINDM; /* D5 */
	gp->pc = SITE_CGOEXP;
}

/* cgocallbackg after cgocallbackg1 returned: B7-B9. */
static void cgocallbackg_tail(struct m *mp, struct g *gp)
{
	struct cgolevel *L = &gp->lv[gp->lvl];

	mp->incgo = true; /* B7 */
	if (sched.var->unlock_inline)
		unlockOSThread(mp, gp); /* 68a12a80: after incgo, so schedule would throw */
	/* go1.21 (ef0dedce): back to C, so "in C"; 577bb3d0 (#72870): only
	 * with no cgocall above, else the outer Go code runs flagged. */
	if (mp->extra && sched.var->bindm && (!sched.var->extrainc_ncgo || mp->ncgo == 0))
		mp->isExtraInC = true;
	readobj(O_GM, gp->id);
	if (sched.opt.checkm && mp != L->checkm) {
		print("runtime: g%d entered cgocallbackg on m%d and returns to C on m%d\n", gp->id,
		      L->checkm->id, mp->id);
		throw("m changed unexpectedly in cgocallbackg");
	}
	L->incb = false;
	if (sched.var->b8_entersyscall)
		reentersyscall(mp, gp, cgocallbackgsp_at(gp, gp->lvl)); /* go1.4-dev: entersyscall(), its caller's SP */
	else
		reentersyscall(mp, gp, L->savedsp); /* B8 */
	callback_bounds_exit(mp, L);
	gp->pc = SITE_CGOCALLBACK_RET;
}

/*
 * deferreturn: run deferred calls until one needs its own (splittable)
 * step.  In the go122 rows deferreturn itself is splittable after each
 * deferred call (#62102): that is a step boundary at site deferreturn.
 */
static void unwind_level(struct m *mp, struct g *gp);

static void deferreturn(struct m *mp, struct g *gp)
{
	struct cgolevel *L = &gp->lv[gp->lvl];

	while (L->ndefer > 0) {
		switch (L->defers[--L->ndefer]) {
		case DEFER_UNLOCK:
			unlockOSThread(mp, gp);
			if (sched.var->deferreturn_pp && gp->unwinding == UNWIND_NONE) {
				gp->pc = SITE_DEFERRETURN;
				return;
			}
			break;
		case DEFER_POPCTXT:
			gp->pc = SITE_DWRAP1;
			return;
		case DEFER_UNWINDM:
			gp->pc = SITE_DWRAP2;
			return;
		}
	}
	if (gp->unwinding != UNWIND_NONE)
		unwind_level(mp, gp);
	else
		cgocallbackg_tail(mp, gp);
}

/* A deferred call that ran in its own steps (a dwrap) returned to
 * deferreturn, or to the panic's loop over the deferred calls, which has
 * no prologue between them. */
static void deferred_done(struct m *mp, struct g *gp)
{
	if (sched.var->deferreturn_pp && gp->unwinding == UNWIND_NONE)
		gp->pc = SITE_DEFERRETURN;
	else
		deferreturn(mp, gp);
}

/*
 * unwindm (cgocall.go:317).  restore is true when a panic or Goexit runs it
 * (cgocallbackg1 clears it only after the callback returned): the callback
 * is abandoned, so g0.sched.sp gets back the value asm cgocallback saved
 * in its frame (the C frames under it are dropped, as a longjmp would),
 * and a Go-created M does the accounting cgocall will not do.  68a12a80
 * also unlocks there, on that path only.
 */
static void unwindm(struct thread *t, struct m *mp, struct g *gp)
{
	if (gp->unwinding != UNWIND_NONE) {
		mp->g0.sched.sp = cframe_unwind(t, mp->g0.sched.sp, gp->id, gp->lv[gp->lvl].seq);
		gp->lv[gp->lvl].cbframe = false;
		if (mp->ncgo > 0) {
			mp->incgo = false;
			mp->ncgo--;
		}
		if (sched.var->unlock_inline)
			unlockOSThread(mp, gp);
	}
	if (sched.var->unlock_in_unwindm)
		unlockOSThread(mp, gp);
}

/*
 * The panic or Goexit has run a callback's deferred calls and goes on up
 * the G's stack, past cgocallbackg, asm cgocallback and cgocall, whose
 * frames defer nothing: to the outer callback's function that made the
 * nested call (its cgocallbackg1's deferred calls run next), or to the
 * goroutine body.  The user's UnlockOSThread after the call never runs.
 */
static void unwind_level(struct m *mp, struct g *gp)
{
	gp->lv[gp->lvl] = (struct cgolevel){0};
	if (--gp->lvl >= 0) {
		deferreturn(mp, gp);
		return;
	}
	gp->pc = SITE_RECOVER;
}

static void popctxt(struct g *gp)
{
	if (gp->ncgoCtxt == 0)
		throw("cgoCtxt underflow");
	gp->ncgoCtxt--;
}

/* ---- back to C: asm cgocallback's tail (A4), then the C function returns ---- */

/*
 * A4, then the C code that called the export returns to its base.  A C
 * thread's own call goes back to its loop: dropm if the callback needed
 * needm and there is no pthread key (go1.17, and upstream's no-key case);
 * with the key the M stays bound.  A C function called from Go calls the
 * export again (repeat) or returns to asmcgocall.
 */
static void cgocallback_ret(struct thread *t, struct m *mp, struct g *gp)
{
	struct cgolevel *L = &gp->lv[gp->lvl];
	struct cframe f;

	/* The frame is found only through gp.m.g0.sched.sp, as the assembly does. */
	readobj(O_GM, gp->id);
	readobj(O_G0SP, gp->m->id);
	f = cframe_pop(t, gp->m->g0.sched.sp, CF_CGOCALLBACK, gp->id, gp->lv[gp->lvl].seq);
	writeobj(O_G0SP, mp->id);
	mp->g0.sched.sp = f.oldsp;
	gp->lv[gp->lvl].cbframe = false;
	if (t->cthread && gp->lvl == 0) {
		gp->lvl--;
		if (f.savedm == 0 && !sched.keycreated) {
			dropm_check(mp, (uintptr_t)t->stk->sp);
			dropm(t);
		}
		cdepth_pop(t, 0, 0);
		t->j++;
		t->pc = SITE_CT_LOOP;
		return;
	}
	cdepth_pop(t, gp->lvl, gp->id);
	if (++L->reps < sched.shape.repeat) {
		gp->pc = SITE_C_CONTEXT;
		return;
	}
	gp->pc = SITE_C_RETURN;
}

static void creturn(struct thread *t, struct m *mp, struct g *gp)
{
	struct cgolevel *L = &gp->lv[gp->lvl];

	/* asmcgocall: back on the G's stack through the frame it pushed. */
	cframe_pop(t, t->stk->sp, CF_ASMCGOCALL, gp->id, L->asmseq);
	touch(O_MSTATE, L->callm->id);
	L->callm->incgo = false;
	L->callm->ncgo--;
	gp->pc = SITE_CGOCALL_DONE;
	exitsyscall(mp, gp, syscallsp_at(gp, gp->lvl));
}

static void cgocalldone(struct g *gp)
{
	struct cgolevel *L = &gp->lv[gp->lvl];
	bool userlocked = L->userlocked;

	*L = (struct cgolevel){0};
	if (--gp->lvl >= 0) {
		/* The nested call returned into the user function of an outer
		 * callback, which now returns: deferreturn. */
		deferreturn(getm(), gp);
		return;
	}
	if (userlocked) {
		gp->pc = SITE_UNLOCKOSTHREAD;
		return;
	}
	gp->j++;
	goloop(gp);
}

/* ---- dispatch ---- */

void gostep(struct thread *t, struct m *mp, struct g *gp)
{
	enum site site = gp->pc;
	uint32_t g0frame;

	if (gp->sysexit)
		exitsyscall_tail(gp);
	if (sf_site_pp(sched.var, site) && morestack(mp, gp, site))
		return;
	switch (site) {
	case SITE_GO_FUNC:
		if (gp->lockexit)
			LockOSThread(mp, gp); /* nosplit: no PP after the prologue */
		gp->j = 0;
		goloop(gp);
		break;
	case SITE_LOCKOSTHREAD:
		LockOSThread(mp, gp);
		gp->lv[gp->lvl + 1].userlocked = true;
		gp->pc = SITE_CGOCALL;
		break;
	case SITE_CGOCALL:
		cgocall(t, mp, gp);
		break;
	case SITE_C_CONTEXT:
		cdepth_push(t, gp->lvl, gp->id);
		t->ctxt = export_wrapper();
		gp->pc = SITE_CGOCALLBACK;
		break;
	case SITE_CGOCALLBACK:
		cgocallback(t);
		break;
	case SITE_CGOCALLBACKG:
		cgocallbackg(t, mp, gp);
		break;
	case SITE_CGOCALLBACKG_EXITED:
		cgocallbackg_exited(mp, gp);
		break;
	case SITE_CGOCALLBACKG1:
		cgocallbackg1(mp, gp);
		break;
	case SITE_INITWAIT:
		initwait(mp, gp);
		break;
	case SITE_CGOEXP:
		gp->pc = SITE_USERFN;
		break;
	case SITE_USERFN:
		g0frame = g0bytes(decide(K_G0USE, SITE_USERFN, 5, 0));
		if (g0frame > 0) /* "none": the callback calls no systemstack */
			g0use(mp, g0frame, "the callback's systemstack");
		gp->pc = SITE_SPRINTF;
		break;
	case SITE_SPRINTF:
		/* A C thread reports done from the innermost Go function of its
		 * last call: Go code, with a P, can ready main. */
		if (gp->kind == GEXTRA && lastcallback(t, gp))
			wgadd(-1);
		if (gp->lvl + 1 < sched.shape.nest)
			gp->pc = SITE_CGOCALL;
		else if (gp->unwinder && gp->j == sched.shape.calls - 1)
			gp->pc = sched.shape.goexit ? SITE_GOEXITCALL : SITE_GOPANIC;
		else
			deferreturn(mp, gp);
		break;
	case SITE_GOPANIC:
	case SITE_GOEXITCALL:
		gp->unwinding = site == SITE_GOPANIC ? UNWIND_PANIC : UNWIND_GOEXIT;
		deferreturn(mp, gp);
		break;
	case SITE_RECOVER:
		gp->unwinding = UNWIND_NONE;
		gp->pc = SITE_GO_EXIT;
		break;
	case SITE_DWRAP2:
		gp->pc = SITE_UNWINDM;
		break;
	case SITE_UNWINDM:
		unwindm(t, mp, gp);
		deferred_done(mp, gp);
		break;
	case SITE_DEFERRETURN:
		deferreturn(mp, gp);
		break;
	case SITE_DWRAP1:
		popctxt(gp);
		deferred_done(mp, gp);
		break;
	case SITE_CGOCALLBACK_RET:
		cgocallback_ret(t, mp, gp);
		break;
	case SITE_C_RETURN:
		creturn(t, mp, gp);
		break;
	case SITE_CGOCALL_DONE:
		cgocalldone(gp);
		break;
	case SITE_UNLOCKOSTHREAD:
		UnlockOSThread(mp, gp);
		gp->j++;
		goloop(gp);
		break;
	case SITE_GO_EXIT:
		wgadd(-1);
		goexit0(mp, gp);
		break;
	default:
		mainstep(mp, gp);
	}
}
