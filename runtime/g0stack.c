/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The g0 stack bounds of an M, and the prologue check that reads them
 * (upstream: callbackUpdateSystemStack in runtime/cgocall.go, needm and
 * dropm in runtime/proc.go, x_cgo_getstackbound in
 * runtime/cgo/gcc_stack_unix.c, morestack/badmorestackg0 in
 * runtime/asm_amd64.s and proc.go).
 *
 * A Go-created M's g0 stack is its thread's stack, with exact bounds set
 * once.  An extra M's g0 stack is whatever C stack the thread that took
 * it is on, so the runtime has to find its bounds, and every release from
 * 1.17 to 1.25 did it differently (the row's cbstack):
 *
 *   set      needm, from the caller's SP: a guess [sp-32K, sp+1K] (1.17,
 *            ef0dedce), then pthread's bounds over it (c426c870), then
 *            callbackUpdateSystemStack (4f9fe6d5 on), which cgocallbackg
 *            also calls on every callback with g0.sched.sp.  Pthread's
 *            bounds (glibc's pthread_getattr_np) are the thread's own
 *            stack whatever stack SP is on; they are used only when they
 *            hold SP (4f9fe6d5 on).  musl has no such call: before
 *            76a8409e gcc_stack_unix.c guesses [frame+4K-128K, frame+4K],
 *            after it it returns nothing and the SP guess stays.
 *   kept     when SP is in bounds (4f9fe6d5), never for an extra M
 *            (1ffc2967), when SP is in bounds and the bounds came from
 *            pthread (76a8409e).  In between, out of bounds with ncgo > 0
 *            (a nested callback) is fatal: the branch prints while the G
 *            is still in its syscall state, and the print's stack check
 *            dies as "runtime: stack split at bad time" (#68285).
 *   restored at the end of every callback, to what it was at entry
 *            (76a8409e).
 *   cleared  by dropm, so the next thread to take the M computes fresh
 *            ones (1af424c1).
 *   checked  by the prologue of every splittable function that runs on
 *            g0: SP - frame below lo + stackGuard (928 bytes on
 *            linux/amd64) is runtime·morestack on g0, "morestack on g0".
 *            The g0 users on the callback path are g0check's callers:
 *            newstack (a preemption request), mcall(park_m),
 *            exitsyscall's idle-P and slow paths, systemstack(newextram),
 *            the callback's own systemstack work (the g0use decision at
 *            userfn), and dropm while it was splittable (before
 *            4f9fe6d5).  The failure is a false overflow: the memory is
 *            fine, so no frame is written for it.
 */
#include "cstack.h"
#include "proc.h"
#include "throw.h"

#define STACKGUARD 928 /* stackGuard: 928*1 + 0 on linux/amd64 (stack.go) */

/* New bounds, and the guard upstream derives from them wherever it sets
 * them (stack.lo + stackGuard): the one place the model derives it. */
static void setbounds(struct m *mp, uintptr_t lo, uintptr_t hi, bool accurate)
{
	mp->g0.stacklo = lo;
	mp->g0.stackhi = hi;
	mp->g0.stackguard0 = lo + STACKGUARD;
	mp->g0StackAccurate = accurate;
}

void g0stack_exact(struct m *mp, const struct cstack *s)
{
	setbounds(mp, (uintptr_t)s->lo, (uintptr_t)s->hi, true);
}

/* The guess every release makes when it knows nothing better. */
static void guess(struct m *mp, uintptr_t sp)
{
	setbounds(mp, sp - 32 * KiB, sp + KiB, false);
}

/* x_cgo_getstackbound: false for "zeros". */
static bool getstackbound(const struct thread *t, uintptr_t frame, uintptr_t *lo, uintptr_t *hi)
{
	if (sched.shape.libc == SF_LIBC_GLIBC) {
		*lo = (uintptr_t)t->pstk->lo;
		*hi = (uintptr_t)t->pstk->hi;
		return true;
	}
	if (sched.var->cbstack == CB_SAVE_RESTORE)
		return false; /* 76a8409e: no API, no answer */
	/* The default stack size below a frame address near the top. */
	*hi = frame + 4 * KiB;
	*lo = *hi - THREADSTACKSIZE;
	return true;
}

static void print_off(const char *label, uintptr_t addr)
{
	print("%s=arena%+ld", label, cstack_off(addr));
}

SF_NORETURN static void outofbounds(struct m *mp, uintptr_t sp)
{
	uintptr_t lo = mp->g0.stacklo, hi = mp->g0.stackhi;

	/* "Stack is bogus, but reset the bounds anyway so we can print." */
	guess(mp, sp);
	print("runtime: M %d: cgocallback with ", mp->id);
	print_off("sp", sp);
	print(" out of bounds [");
	print_off("lo", lo);
	print(", ");
	print_off("hi", hi);
	print("]\n");
	/* That print's printlock is splittable and the G is still in its
	 * syscall state (throwsplit): newstack on g0 gives up. */
	sf_assert(mp->curg != NULL && mp->curg->throwsplit);
	print("runtime: newstack at runtime.printlock: g%d is in a syscall (throwsplit)\n", mp->curg->id);
	throw("runtime: stack split at bad time");
}

/* Only rows from 4f9fe6d5 on have it: its callers, needm_bounds and
 * callback_bounds_enter, leave the bounds to needm before that. */
void callbackUpdateSystemStack(struct thread *t, struct m *mp, uintptr_t sp)
{
	bool inBound = sp > mp->g0.stacklo && sp <= mp->g0.stackhi;
	uintptr_t lo, hi;

	switch (sched.var->cbstack) {
	case CB_UPDATE_IF_OUT: /* 4f9fe6d5 cgocall.go:216-240 */
		if (inBound)
			return;
		if (mp->ncgo > 0)
			outofbounds(mp, sp);
		break;
	case CB_ALWAYS_UPDATE: /* 1ffc2967 cgocall.go:225-257 */
		if (mp->ncgo > 0 && !inBound)
			outofbounds(mp, sp);
		if (!mp->extra)
			return;
		break;
	case CB_SAVE_RESTORE: /* go1.25.0 cgocall.go:234-248 */
		if (!mp->extra)
			return;
		if (inBound && mp->g0StackAccurate)
			return;
		break;
	}
	/* go1.25.0 cgocall.go:269-295 */
	if (getstackbound(t, sp, &lo, &hi) && sp > lo && sp <= hi)
		setbounds(mp, lo, hi, true);
	else
		guess(mp, sp);
}

void needm_bounds(struct thread *t, struct m *mp, uintptr_t sp)
{
	uintptr_t lo, hi;

	switch (sched.var->cbstack) {
	case CB_NEEDM_GUESS: /* go1.17.13 proc.go:1985-1987; ef0dedce proc.go:1944-1946 */
		guess(mp, sp);
		return;
	case CB_NEEDM_PTHREAD: /* go1.21.0 proc.go:2047-2062: no check that they hold SP */
		if (getstackbound(t, sp, &lo, &hi))
			setbounds(mp, lo, hi, false);
		else
			guess(mp, sp);
		return;
	}
	callbackUpdateSystemStack(t, mp, sp); /* go1.25.0 proc.go:2434-2435 */
}

void dropm_bounds(struct m *mp)
{
	if (sched.var->dropm_clears) { /* 1af424c1 proc.go:2192-2196 */
		mp->g0.stacklo = mp->g0.stackhi = 0;
		mp->g0.stackguard0 = 0;
	}
	mp->g0StackAccurate = false; /* 76a8409e; read only by CB_SAVE_RESTORE */
}

void g0check(struct m *mp, uintptr_t sp, uint32_t frame, const char *fn)
{
	if (sp - frame >= mp->g0.stackguard0)
		return;
	print("runtime: morestack on g0, stack [");
	print_off("lo", mp->g0.stacklo);
	print(" ");
	print_off("hi", mp->g0.stackhi);
	print("], ");
	print_off("sp", sp);
	print(", %u-byte frame of %s on m%d\n", frame, fn, mp->id);
	throw("morestack on g0");
}

/* cgocallbackg, before lockOSThread (go1.25.0 cgocall.go:308-311). */
void callback_bounds_enter(struct thread *t, struct m *mp, struct cgolevel *L)
{
	if (sched.var->cbstack < CB_UPDATE_IF_OUT)
		return; /* before 4f9fe6d5 only needm set them */
	L->oldlo = mp->g0.stacklo;
	L->oldhi = mp->g0.stackhi;
	L->oldaccurate = mp->g0StackAccurate;
	callbackUpdateSystemStack(t, mp, (uintptr_t)mp->g0.sched.sp);
}

/* cgocallbackg, after reentersyscall (go1.25.0 cgocall.go:376-379). */
void callback_bounds_exit(struct m *mp, const struct cgolevel *L)
{
	if (sched.var->cbstack != CB_SAVE_RESTORE)
		return;
	setbounds(mp, L->oldlo, L->oldhi, L->oldaccurate);
}

/* dropm had a prologue until 4f9fe6d5 made it nosplit: it runs on the C
 * stack with whatever bounds g0 has. */
void dropm_check(struct m *mp, uintptr_t sp)
{
	if (sched.var->cbstack < CB_UPDATE_IF_OUT)
		g0check(mp, sp, G0FRAME, "dropm");
}

/* systemstack or mcall: runtime code on g0 at g0.sched.sp. */
void g0use(struct m *mp, uint32_t frame, const char *fn)
{
	g0check(mp, (uintptr_t)mp->g0.sched.sp, frame, fn);
}

/* An M flagged isExtraInC whose G runs Go code, outside the #70529 window
 * (cgocallbackg after a slow exitsyscall, before it clears the flag). */
bool extrainc_in_go(const struct m *mp)
{
	return mp->isExtraInC && mp->curg != NULL && mp->curg->status == Grunning &&
	       mp->curg->pc != SITE_CGOCALLBACKG_EXITED;
}
