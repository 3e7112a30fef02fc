/* SPDX-License-Identifier: Apache-2.0 */
/*
 * C-created threads: their own C code between callbacks (upstream: the
 * program's C side, cmd/cgo's export wrapper, runtime/cgo/gcc_libinit.c).
 *
 * A C thread runs a loop of `calls` calls of the export.  While it has no
 * M (always in go1.17, before its first callback from go1.21 on) or its
 * bound M runs no callback (curg at cgo level -1), the thread steps here,
 * one line per step:
 *
 *   ctstart   a thread of a respawned slot starts: pthread_create gives it
 *             a stack (the calloc decision: fresh, or the memory of the
 *             last thread stack freed).
 *   cthread   the loop: before each call the thread may switch stacks (the
 *             cstack decision: stay, a new coroutine stack with calloc
 *             choosing its memory, or back to the pthread stack; the
 *             coroutine it leaves is freed).  After the last call the
 *             thread's function returns: with a bound M the TSD destructor
 *             runs next (ctexit); without one the thread is gone now.
 *   context   the C code goes `cdepth` KiB deeper, then calls the export:
 *             its wrapper (cgocall.c) waits for runtime init, makes the
 *             pthread key on its first call (go1.21+) and reads the
 *             context function.
 *   cgocallback / needm   crosscall2 and asm cgocallback (cgocall.c).
 *   ctexit    pthread_key_destructor (gcc_libinit.c): crosscall2(NULL, g0),
 *             whose asm cgocallback puts g0 back in TLS and jumps to dropm
 *             (extram.c).  The stacks are freed; with respawn left, a new
 *             thread takes the slot (ctstart).
 *
 * The C code's depth is bounded the way a real program must bound it: a
 * C function leaves at least CROOM of its stack below the export call (the
 * largest g0use, 24 KiB, plus the prologue's guard and frames), and while
 * Go frames of a callback are live on the thread (nested calls) its C code
 * stays within NESTROOM of the outermost callback's entry: a guess of the
 * g0 bounds leaves 32 KiB below that entry, and Go's own g0 work needs
 * the rest.  Upstream does not support a C program that calls Go with less
 * stack left than Go assumes.  Stack switches happen only between
 * top-level calls: switching with Go frames live (#62130) is unsupported
 * upstream.
 */
#include "access.h"
#include "cstack.h"
#include "proc.h"
#include "throw.h"

#define CROOM (26 * KiB)
#define NESTROOM (6 * KiB)

bool ctinc(const struct thread *t)
{
	return t->cthread && (t->m == NULL || (t->m->curg != NULL && t->m->curg->lvl < 0));
}

/* The export call's C code: k KiB below the C function's base. */
void cdepth_push(struct thread *t, int lvl, int g)
{
	struct cstack *s = t->stk;
	uintptr_t sp = (uintptr_t)s->sp, k = (uintptr_t)decide(K_CDEPTH, SITE_C_CONTEXT, 48, 0) * KiB;
	struct m *mp = t->m;

	if (sp - k < (uintptr_t)s->lo + CROOM)
		k = sp > (uintptr_t)s->lo + CROOM ? (sp - (uintptr_t)s->lo - CROOM) & ~(uintptr_t)(KiB - 1) : 0;
	if (lvl > 0 && t->cbbase != NULL && sp - k < (uintptr_t)t->cbbase - NESTROOM)
		k = sp > (uintptr_t)t->cbbase - NESTROOM ? sp - ((uintptr_t)t->cbbase - NESTROOM) : 0;
	t->cfseq[lvl] = 0;
	if (k > 0)
		t->cfseq[lvl] = cframe_push_c(t, (uint32_t)k, mp ? mp->id + 1 : 0, g, lvl)->seq;
}

/* The C code returns to the C function's base after the callback. */
void cdepth_pop(struct thread *t, int lvl, int g)
{
	if (t->cfseq[lvl] != 0)
		cframe_pop(t, t->stk->sp, CF_CFUNC, g, t->cfseq[lvl]);
	t->cfseq[lvl] = 0;
}

static void ctloop(struct thread *t)
{
	if (t->j >= sched.shape.calls) {
		cstack_tothread(t); /* the thread function returns on its own stack */
		if (t->m != NULL) {
			t->pc = SITE_CT_EXIT; /* its key holds g0: the destructor runs */
			return;
		}
		ctexit(t);
		return;
	}
	switch (decide(K_CSTACK, SITE_CT_LOOP, 3, 0)) {
	case 1:
		cstack_coroutine(t, decide(K_CALLOC, SITE_CT_LOOP, COSTACKSIZE / KiB, 0));
		break;
	case 2:
		cstack_tothread(t);
		break;
	}
	t->pc = SITE_C_CONTEXT;
}

void ctexit(struct thread *t)
{
	if (t->m != NULL) {
		/* pthread_key_destructor: crosscall2(NULL, g0); asm cgocallback
		 * with fn == nil restores g from the key and jumps to dropm. */
		dropm_check(t->m, (uintptr_t)t->stk->sp);
		dropm(t);
	}
	cstack_exit(t);
	t->done = true;
	if (t->life < sched.shape.respawn) {
		struct thread *n;

		if (sched.nt == MAXTHREAD)
			throw("thread exhaustion");
		n = &sched.allt[sched.nt];
		*n = (struct thread){.id = sched.nt++, .cthread = true, .slot = t->slot, .life = t->life + 1,
				     .pc = SITE_CT_START};
		touch(O_CSTACK, n->id);
	}
}

void cthreadstep(struct thread *t)
{
	switch (t->pc) {
	case SITE_CT_START:
		cstack_init(t, decide(K_CALLOC, SITE_CT_START, THREADSTACKSIZE / KiB, 0));
		t->pc = SITE_CT_LOOP;
		break;
	case SITE_CT_LOOP:
		ctloop(t);
		break;
	case SITE_C_CONTEXT:
		cdepth_push(t, 0, 0);
		t->ctxt = export_wrapper();
		t->pc = SITE_CGOCALLBACK;
		break;
	case SITE_CGOCALLBACK:
	case SITE_NEEDM:
		cgocallback(t);
		break;
	case SITE_CT_EXIT:
		ctexit(t);
		break;
	default:
		throw("model: C thread at a site it never reaches");
	}
}
