/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The C stack arena, frame push/pop and AddressSanitizer poisoning.
 *
 * One static arena, laid out as Linux lays out memory: a heap zone of
 * coroutine stacks (malloc'd, 64 KiB each) below a zone of pthread stacks
 * (128 KiB each).  Each zone is a row of slots twice a region's size: a
 * fresh region takes the upper half of an unused slot, and the lower half
 * is where a region reusing freed memory may sit, k KiB below the freed
 * one's top, so that a reuse never reaches into another slot.  Which
 * memory a new stack gets is the `calloc` decision (0 fresh, k reuse the
 * most recently freed stack of its kind, k KiB lower), taken by the
 * caller; a reuse that would touch a live stack gets fresh memory instead.
 *
 * A slot is filled with junk and poisoned the first time a process uses
 * it; after that, each run ends its regions' written part as junk again
 * (cstack_reset at the start of the next run), so a run's memory never
 * depends on the runs before it in the process.  Only frame headers are
 * written: the C code a CF_CFUNC frame stands for, and the g0 frames the
 * prologue check accounts for (proc.c), are never written.  A pop, an
 * unwind and a free junk what they leave behind, so what a run leaves
 * written is a region's live part (its C SP up) and what a scribble left
 * on frames popped since; the reset junks those and no deeper.
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

#define MSTARTAREA 64 /* bytes at the top of a stack: mstart0's frame, a thread's entry */
#define COSLOTS 32
#define THREADSLOTS MAXTHREAD
/* Regions one run may use: every thread, and a coroutine per C call. */
#define MAXREGION (MAXTHREAD + 4 * 4 * 16 + 16)

static const size_t regionsize[2] = {[CR_THREAD] = THREADSTACKSIZE, [CR_COROUTINE] = COSTACKSIZE};
static const int nslots[2] = {[CR_THREAD] = THREADSLOTS, [CR_COROUTINE] = COSLOTS};
#define COZONE ((size_t)COSLOTS * 2 * COSTACKSIZE)
#define THREADZONE ((size_t)THREADSLOTS * 2 * THREADSTACKSIZE)
static const size_t zonebase[2] = {[CR_COROUTINE] = 0, [CR_THREAD] = COZONE};

static _Alignas(64) char arena[COZONE + THREADZONE];
static bool filled[2][THREADSLOTS > COSLOTS ? THREADSLOTS : COSLOTS]; /* for the process */

static struct cstack regions[MAXREGION];
static int nregions;
static int nextslot[2];  /* fresh slots used in this run */
static int lastfreed[2]; /* region most recently freed, -1 none */

static char *slotbase(int kind, int slot)
{
	return arena + zonebase[kind] + (size_t)slot * 2 * regionsize[kind];
}

/* Junk, not zeroes: a frame read from here must never look valid.  Not
 * checked by ASan itself: it lays out the poisoning, and its memsets would
 * otherwise be checked byte range by byte range on every run. */
#ifdef SF_ASAN
__attribute__((no_sanitize("address")))
#endif
static void junk(char *from, char *to)
{
	if (to <= from)
		return;
	UNPOISON(from, (size_t)(to - from));
	memset(from, 0xdb, (size_t)(to - from));
	POISON(from, (size_t)(to - from));
}

void cstack_reset(void)
{
	for (int i = 0; i < nregions; i++) {
		const struct cstack *s = &regions[i];

		/* Below the C SP (which the checker keeps in its region) a
		 * deep C frame's body was never written. */
		junk(s->low < s->sp ? s->low : s->sp, s->hi);
	}
	nregions = 0;
	nextslot[CR_THREAD] = nextslot[CR_COROUTINE] = 0;
	lastfreed[CR_THREAD] = lastfreed[CR_COROUTINE] = -1;
}

static bool overlaps_live(const char *lo, const char *hi)
{
	for (int i = 0; i < nregions; i++)
		if (regions[i].live && lo < regions[i].hi && regions[i].lo < hi)
			return true;
	return false;
}

static int freshslot(int kind)
{
	if (nextslot[kind] < nslots[kind])
		return nextslot[kind]++;
	/* All used once in this run: the lowest slot with nothing live in it
	 * (an allocator handing back old memory). */
	for (int s = 0; s < nslots[kind]; s++)
		if (!overlaps_live(slotbase(kind, s), slotbase(kind, s) + 2 * regionsize[kind]))
			return s;
	throw("model: C stack arena exhausted");
}

static struct cstack *alloc(int kind, int reuse, int owner)
{
	size_t size = regionsize[kind];
	struct cstack *s;
	char *lo = NULL, *hi = NULL;
	int slot = -1;

	if (nregions == MAXREGION)
		throw("model: C stack arena exhausted");
	if (reuse > 0 && lastfreed[kind] >= 0) {
		const struct cstack *f = &regions[lastfreed[kind]];

		hi = f->hi - (size_t)reuse * KiB;
		lo = hi - size;
		slot = f->slot;
		if (lo < slotbase(kind, slot) || overlaps_live(lo, hi))
			slot = -1; /* fresh memory instead */
	}
	if (slot < 0) {
		slot = freshslot(kind);
		lo = slotbase(kind, slot) + size;
		hi = lo + size;
	}
	if (!filled[kind][slot]) {
		filled[kind][slot] = true;
		junk(slotbase(kind, slot), slotbase(kind, slot) + 2 * size);
	}
	s = &regions[nregions++];
	*s = (struct cstack){.lo = lo, .hi = hi, .sp = hi - MSTARTAREA, .low = hi, .owner = owner,
			     .kind = kind, .slot = slot, .live = true};
	/* The entry frame's area; poisoned, so reading it as a frame is ASan's. */
	UNPOISON(s->sp, MSTARTAREA);
	memset(s->sp, 0x5a, MSTARTAREA);
	POISON(s->sp, MSTARTAREA);
	return s;
}

static void release(struct cstack *s)
{
	junk(s->sp, s->hi);
	s->live = false;
	lastfreed[s->kind] = (int)(s - regions);
}

void cstack_init(struct thread *t, int reuse)
{
	touch(O_CSTACK, t->id);
	t->stk = t->pstk = alloc(CR_THREAD, reuse, t->id);
	if (t->cthread)
		cframe_push(t, CF_CTHREAD, 0, 0, 0, NULL, 0);
}

char *cstack_mstart_sp(const struct cstack *s)
{
	return s->hi - MSTARTAREA;
}

void cstack_coroutine(struct thread *t, int reuse)
{
	touch(O_CSTACK, t->id);
	if (t->stk != t->pstk)
		release(t->stk);
	t->stk = alloc(CR_COROUTINE, reuse, t->id);
	cframe_push(t, CF_COROUTINE, 0, 0, 0, NULL, 0);
}

void cstack_tothread(struct thread *t)
{
	touch(O_CSTACK, t->id);
	if (t->stk != t->pstk)
		release(t->stk);
	t->stk = t->pstk;
}

void cstack_exit(struct thread *t)
{
	cstack_tothread(t);
	release(t->pstk);
}

long cstack_off(uintptr_t addr)
{
	return (long)(addr - (uintptr_t)arena);
}

static struct cframe *push(struct thread *t, uint32_t bytes)
{
	struct cstack *s = t->stk;
	struct cframe *f;

	if ((size_t)(s->sp - s->lo) < bytes) {
		print("runtime: thread %d C stack [%zu bytes] exhausted\n", t->id, regionsize[s->kind]);
		throw("C stack overflow");
	}
	touch(O_CSTACK, t->id);
	s->sp -= bytes;
	f = (struct cframe *)(void *)s->sp;
	UNPOISON(f, sizeof *f);
	memset(f, 0, sizeof *f);
	f->thread = (uint16_t)t->id;
	f->seq = ++sched.cframeseq;
	f->size = bytes;
	return f;
}

struct cframe *cframe_push(struct thread *t, enum cframekind kind, int m, int g, int level, char *oldsp,
			   uint32_t savedm)
{
	struct cframe *f = push(t, sizeof(struct cframe));

	f->kind = (uint32_t)kind;
	f->m = (uint16_t)m;
	f->g = (uint16_t)g;
	f->level = (uint16_t)level;
	f->oldsp = oldsp;
	f->savedm = savedm;
	return f;
}

struct cframe *cframe_push_c(struct thread *t, uint32_t bytes, int m, int g, int level)
{
	struct cframe *f = push(t, bytes < sizeof(struct cframe) ? sizeof(struct cframe) : bytes);

	f->kind = CF_CFUNC;
	f->m = (uint16_t)m;
	f->g = (uint16_t)g;
	f->level = (uint16_t)level;
	return f;
}

static const char *kindname(uint32_t k)
{
	switch (k) {
	case CF_MSTART: return "mstart";
	case CF_CTHREAD: return "cthread";
	case CF_ASMCGOCALL: return "asmcgocall";
	case CF_CGOCALLBACK: return "cgocallback";
	case CF_COROUTINE: return "coroutine";
	case CF_CFUNC: return "C code";
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
		print("runtime: thread %d returning to C for g%d (frame seq %u) found a %s frame of thread %d g%d seq %u at sp=arena+%ld (C SP arena+%ld)\n",
		      t->id, g, seq, kindname(f.kind), f.thread, f.g, f.seq, cstack_off((uintptr_t)sp),
		      cstack_off((uintptr_t)s->sp));
		throw("return to C on a foreign C stack frame");
	}
	return f;
}

struct cframe cframe_pop(struct thread *t, char *sp, enum cframekind kind, int g, uint32_t seq)
{
	struct cstack *s = t->stk;
	struct cframe f = cframe_read(t, sp, s->sp, kind, g, seq);

	touch(O_CSTACK, t->id);
	junk(sp, sp + sizeof(struct cframe));
	s->sp += f.size;
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
	junk(s->sp, f.oldsp); /* C frames' bodies are poisoned: junk unpoisons first */
	s->sp = f.oldsp;
	return f.oldsp;
}
