/* SPDX-License-Identifier: Apache-2.0 */
/*
 * C stacks as real memory.
 *
 * Every C stack is a region of one static arena: each thread's pthread
 * stack (Go-created threads too: it is their g0 stack), and the coroutine
 * stacks a C thread may switch to between calls.  A region grows down.
 * The frames that matter to the callback path are pushed into it as
 * tagged records: the frame asmcgocall leaves when Go calls C, the frame
 * asm cgocallback pushes when C calls Go (its address is what
 * g0.sched.sp holds during the callback), the base frame of a C-created
 * thread or coroutine, and the C code between a C function's base and its
 * call of the export (a frame as deep as the `cdepth` decision says).
 * Every byte outside the live frames is poisoned for AddressSanitizer, so
 * a return to C that reads a frame on the wrong stack is an ASan report by
 * itself; without ASan the tag check in cframe_pop aborts with its own
 * constant message.
 *
 * SPs, frames and g0 stack bounds are real addresses, compared as
 * uintptr_t: a guessed bound (sp - 32 KiB) may lie outside the arena.
 * Nothing prints an address; details print arena offsets.
 */
#ifndef SCHEDFUZZ_CSTACK_H
#define SCHEDFUZZ_CSTACK_H

#include <stdint.h>

#include "runtime2.h"

#define KiB 1024
#define THREADSTACKSIZE (128 * KiB) /* a pthread stack (musl's default size) */
#define COSTACKSIZE (64 * KiB)      /* a coroutine stack (the STACK_SIZE of upstream's stackswitch.c) */

enum cframekind {
	CF_MSTART = 0x6d737461,     /* never live: the junk under a Go-created M's g0.sched.sp */
	CF_CTHREAD = 0x63746872,    /* base frame of a C-created thread */
	CF_ASMCGOCALL = 0x6163616c, /* Go called C: the C function's frame and G's saved SP */
	CF_CGOCALLBACK = 0x63626b21, /* C called Go: crosscall2 + cgocallback's frame */
	CF_COROUTINE = 0x636f726f,  /* base frame of a coroutine stack (makecontext's entry) */
	CF_CFUNC = 0x63667563,      /* C code between a C function's base and its export call */
};

struct cframe {
	uint32_t kind;   /* enum cframekind */
	uint16_t thread; /* owner thread */
	uint16_t m;      /* M id + 1 that pushed it */
	uint16_t g;      /* G it was pushed for */
	uint16_t level;  /* cgo nesting level */
	uint32_t seq;    /* unique per push within a run */
	char *oldsp;     /* cgocallback: g0.sched.sp before the push (0(SP) upstream) */
	uint32_t savedm; /* cgocallback: M id + 1 if the thread had an M, 0 means dropm */
	uint32_t size;   /* bytes from this header to the frame above it */
	uint32_t pad[4];
};

enum cregionkind { CR_THREAD, CR_COROUTINE };

/* One region of C stack memory. */
struct cstack {
	char *lo, *hi; /* [lo, hi) */
	char *sp;      /* lowest live byte: the C SP of the thread running on it */
	char *low;     /* lowest byte a scribble wrote in this run (hi: none) */
	int owner;     /* thread id */
	int kind;      /* enum cregionkind */
	int slot;      /* the arena slot it lies in */
	bool live;
};

/* A new run: the regions of the last one are junk-filled and poisoned again. */
void cstack_reset(void);
/*
 * A new thread's pthread stack: fresh memory, or (reuse = k > 0) the most
 * recently freed thread stack's memory with its top k KiB lower, when that
 * touches no live region.  Go-created threads start with mstart's area;
 * C-created ones with their base frame.
 */
void cstack_init(struct thread *t, int reuse);
/* The top of a region's frames, where its first frame is pushed: on a
 * Go-created thread, where its M's g0.sched.sp starts (mstart's frame). */
char *cstack_mstart_sp(const struct cstack *s);
/* Switch a C thread to a new coroutine stack (reuse as above, for
 * coroutine stacks), or back to its pthread stack; a coroutine it leaves
 * is freed.  cstack_exit frees all of a thread's stacks. */
void cstack_coroutine(struct thread *t, int reuse);
void cstack_tothread(struct thread *t);
void cstack_exit(struct thread *t);
/* The arena offset of an address, for details (never an address). */
long cstack_off(uintptr_t addr);

/* Push a frame at the thread's C SP; returns it.  cframe_push_c pushes C
 * code `bytes` deep (at least a header). */
struct cframe *cframe_push(struct thread *t, enum cframekind kind, int m, int g, int level, char *oldsp,
			   uint32_t savedm);
struct cframe *cframe_push_c(struct thread *t, uint32_t bytes, int m, int g, int level);
/*
 * Read the frame at sp as the return path does, check it is a live frame of
 * `kind` pushed for (g, seq) on this thread's stack, then pop it.  Throws on
 * any mismatch; under ASan a poisoned sp is reported before the check.
 */
struct cframe cframe_pop(struct thread *t, char *sp, enum cframekind kind, int g, uint32_t seq);

/*
 * A frame of n bytes written just below `top` by code that runs there and
 * returns (the MSan runtime through msancall): what it overwrites stays
 * overwritten; the part below the thread's C SP, dead before, is dead
 * again afterwards.
 */
void cstack_scribble(struct thread *t, char *top, size_t n);

/*
 * unwindm's restore (a panic or Goexit leaving a callback): check the
 * frame at sp as cframe_pop does, take the g0.sched.sp it saved, and drop
 * every frame from the thread's C SP up to that saved SP, which becomes
 * the C SP (the C frames abandoned, as longjmp would).
 */
char *cframe_unwind(struct thread *t, char *sp, int g, uint32_t seq);

#endif
