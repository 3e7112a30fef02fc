/* SPDX-License-Identifier: Apache-2.0 */
/*
 * C stacks as real memory.
 *
 * Each thread owns a stack buffer that grows down.  The frames that matter
 * to the callback path are pushed into it as tagged records: the frame
 * asmcgocall leaves when Go calls C, the frame asm cgocallback pushes when C
 * calls Go (its address is what g0.sched.sp holds during the callback), and
 * the base frame of a C-created thread.  Every byte outside the live frames
 * is poisoned for AddressSanitizer, so a return to C that reads a frame on
 * the wrong stack is an ASan report by itself; without ASan the tag check in
 * cframe_pop aborts with its own constant message.
 */
#ifndef SCHEDFUZZ_CSTACK_H
#define SCHEDFUZZ_CSTACK_H

#include <stdint.h>

#include "runtime2.h"

enum cframekind {
	CF_MSTART = 0x6d737461,    /* never live: the junk under a Go-created M's g0.sched.sp */
	CF_CTHREAD = 0x63746872,   /* base frame of a C-created thread */
	CF_ASMCGOCALL = 0x6163616c, /* Go called C: the C function's frame and G's saved SP */
	CF_CGOCALLBACK = 0x63626b21, /* C called Go: crosscall2 + cgocallback's frame */
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
	uint32_t pad[5];
};

struct cstack {
	char *lo, *hi; /* [lo, hi): the buffer */
	char *sp;      /* lowest live byte: the thread's current C SP */
	char *low;     /* lowest SP of any run so far: below it, never written */
	int owner;     /* thread id */
};

/* Lay out a fresh stack for thread t: Go-created (mstart area) or C thread. */
void cstack_init(struct thread *t);
/* The address a new Go-created M's g0.sched.sp starts at (mstart's frame). */
char *cstack_mstart_sp(struct cstack *s);

/* Push a frame at the thread's C SP; returns it. */
struct cframe *cframe_push(struct thread *t, enum cframekind kind, int m, int g, int level, char *oldsp,
			   uint32_t savedm);
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
