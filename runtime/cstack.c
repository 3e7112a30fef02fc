/* SPDX-License-Identifier: Apache-2.0 */
/*
 * C stack buffers, frame push/pop and AddressSanitizer poisoning.
 *
 * The buffers are static: one per thread slot, laid out anew at the start
 * of every run for the threads that run uses, so nothing grows.  Laying
 * out refills every byte an earlier run wrote with the popped-frame junk,
 * so a run's memory never depends on the runs before it in the process.
 */
#include <string.h>

#include "access.h"
#include "cstack.h"
#include "throw.h"

#if defined(__SANITIZE_ADDRESS__)
#define SF_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SF_ASAN 1
#endif
#endif

#ifdef SF_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define MSTARTAREA 64 /* bytes above g0.sched.sp that mstart0 owns */

static _Alignas(64) char stackmem[MAXTHREAD][CSTACKSIZE];
static struct cstack stacks[MAXTHREAD];

/* Not checked by ASan itself: it lays out the poisoning, and its memsets
 * would otherwise be checked byte range by byte range on every run. */
#ifdef SF_ASAN
__attribute__((no_sanitize("address")))
#endif
void cstack_init(struct thread *t)
{
	struct cstack *s = &stacks[t->id];
	char *from;

	touch(O_CSTACK, t->id);
	s->lo = stackmem[t->id];
	s->hi = s->lo + CSTACKSIZE;
	s->owner = t->id;
	UNPOISON(s->lo, CSTACKSIZE);
	/* Below s->low no run has written since the first fill. */
	from = s->low != NULL ? s->low : s->lo;
	memset(from, 0xdb, (size_t)(s->hi - MSTARTAREA - from));
	/* Junk, not zeroes: a frame read from here must never look valid. */
	memset(s->hi - MSTARTAREA, 0x5a, MSTARTAREA);
	POISON(s->lo, CSTACKSIZE);
	s->sp = s->hi - MSTARTAREA;
	s->low = s->sp;
	t->stk = s;
	if (t->cthread)
		cframe_push(t, CF_CTHREAD, 0, 0, 0, NULL, 0);
}

char *cstack_mstart_sp(struct cstack *s)
{
	return s->hi - MSTARTAREA;
}

struct cframe *cframe_push(struct thread *t, enum cframekind kind, int m, int g, int level, char *oldsp,
			   uint32_t savedm)
{
	struct cstack *s = t->stk;
	struct cframe *f;

	if (s->sp - sizeof(struct cframe) < s->lo) {
		print("runtime: thread %d C stack [%zu bytes] exhausted\n", t->id, (size_t)CSTACKSIZE);
		throw("C stack overflow");
	}
	touch(O_CSTACK, t->id);
	s->sp -= sizeof(struct cframe);
	if (s->sp < s->low)
		s->low = s->sp;
	f = (struct cframe *)(void *)s->sp;
	UNPOISON(f, sizeof *f);
	memset(f, 0, sizeof *f);
	f->kind = (uint32_t)kind;
	f->thread = (uint16_t)t->id;
	f->m = (uint16_t)m;
	f->g = (uint16_t)g;
	f->level = (uint16_t)level;
	f->seq = ++sched.cframeseq;
	f->oldsp = oldsp;
	f->savedm = savedm;
	return f;
}

static const char *kindname(uint32_t k)
{
	switch (k) {
	case CF_MSTART: return "mstart";
	case CF_CTHREAD: return "cthread";
	case CF_ASMCGOCALL: return "asmcgocall";
	case CF_CGOCALLBACK: return "cgocallback";
	}
	return "junk";
}

/* The load the return path does through sp (under ASan a poisoned sp dies
 * right here), and the tag check: a live frame of kind for (g, seq) of
 * this thread, found at `at`. */
static struct cframe cframe_read(struct thread *t, char *sp, char *at, enum cframekind kind, int g, uint32_t seq)
{
	struct cstack *s = t->stk;
	struct cframe f = *(volatile struct cframe *)(void *)sp;

	if (sp != at || f.kind != (uint32_t)kind || f.thread != t->id || f.g != g || f.seq != seq) {
		print("runtime: thread %d returning to C for g%d (frame seq %u) found a %s frame of thread %d g%d seq %u at sp=stack+%ld (C SP stack+%ld)\n",
		      t->id, g, seq, kindname(f.kind), f.thread, f.g, f.seq, (long)(sp - s->lo),
		      (long)(s->sp - s->lo));
		throw("return to C on a foreign C stack frame");
	}
	return f;
}

struct cframe cframe_pop(struct thread *t, char *sp, enum cframekind kind, int g, uint32_t seq)
{
	struct cstack *s = t->stk;
	struct cframe f = cframe_read(t, sp, s->sp, kind, g, seq);

	touch(O_CSTACK, t->id);
	memset(sp, 0xdb, sizeof(struct cframe));
	POISON(sp, sizeof(struct cframe));
	s->sp += sizeof(struct cframe);
	return f;
}

void cstack_scribble(struct thread *t, char *top, size_t n)
{
	struct cstack *s = t->stk;
	char *lo = top - n < s->lo ? s->lo : top - n;
	char *dead = top < s->sp ? top : s->sp;

	touch(O_CSTACK, t->id);
	if (lo < s->low)
		s->low = lo;
	UNPOISON(lo, (size_t)(top - lo));
	memset(lo, 0x6d, (size_t)(top - lo));
	if (lo < dead) {
		memset(lo, 0xdb, (size_t)(dead - lo));
		POISON(lo, (size_t)(dead - lo));
	}
}

char *cframe_unwind(struct thread *t, char *sp, int g, uint32_t seq)
{
	struct cstack *s = t->stk;
	struct cframe f = cframe_read(t, sp, s->sp, CF_CGOCALLBACK, g, seq);

	touch(O_CSTACK, t->id);
	memset(s->sp, 0xdb, (size_t)(f.oldsp - s->sp));
	POISON(s->sp, (size_t)(f.oldsp - s->sp));
	s->sp = f.oldsp;
	return f.oldsp;
}
