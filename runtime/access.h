/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Who reads and writes the shared state, step by step.
 *
 * The model's shared state is named as objects: a class (below) and an
 * instance id (an M, G, P or thread id; 0 for the global lists).  The
 * primitives that change it (execute, dropg, runqput, acquirep, needm,
 * lockOSThread, ...) and the places that read it where the callback path
 * depends on it (asmcgocall and cgocallback's use of g0.sched.sp, checkm,
 * schedule's queues, exitsyscall's P) say so with readobj/writeobj, and
 * the checker-only state (the rest of a G, an M, a C stack) with touch.
 * Three users, one record:
 *   - the incremental checker (check.c) checks only the objects a step
 *     wrote or touched (sched.dirty);
 *   - the POS search (search.c) asks whether two steps race (they accessed
 *     one object and one of them wrote it: sched.acc);
 *   - the reads-from feedback (RFF) pairs each read with the step that last
 *     wrote the object, when another thread wrote it (sched.opt.onrf).
 * A new piece of shared state is a new class here (or an existing one) and
 * a writeobj or touch wherever it changes; check.c's opening comment says
 * how its invariants then slot in, and its verify mode catches a change
 * without a touch.  Each call is a few ORs and a test of a NULL pointer.
 */
#ifndef SCHEDFUZZ_ACCESS_H
#define SCHEDFUZZ_ACCESS_H

#include "runtime2.h"

static inline void readobj(int obj, int id)
{
	sched.acc.r[obj] |= 1ULL << id;
	if (sched.opt.onrf != NULL && obj < O_NSHARED) {
		const struct lastwrite *w = &sched.lastw[obj][id];

		/* A read of what another thread wrote (or of the initial state). */
		if (w->thread != (sched.cur ? sched.cur->id + 1 : 255))
			sched.opt.onrf(obj, w->thread ? w->site : NSITES, sched.cursite);
	}
}

static inline void writeobj(int obj, int id)
{
	sched.acc.w[obj] |= 1ULL << id;
	sched.dirty[obj] |= 1ULL << id;
	sched.lastw[obj][id] = (struct lastwrite){(uint8_t)sched.cursite, (uint8_t)(sched.cur ? sched.cur->id + 1 : 255)};
}

/* Changed, for the checker only: not an access that races or pairs. */
static inline void touch(int obj, int id)
{
	sched.dirty[obj] |= 1ULL << id;
}

#endif
