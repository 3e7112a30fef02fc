/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The event trace: one compact record per step and per decision, appended to
 * a caller-owned bounded buffer, and a running hash of all of them.  With no
 * trace attached each call is one test of a NULL pointer.
 */
#ifndef SCHEDFUZZ_TRACE_H
#define SCHEDFUZZ_TRACE_H

#include "runtime2.h"

void trace_append(const struct sf_event *e);

static inline void trace_fill(struct sf_event *e, int kind, int site)
{
	struct thread *t = sched.cur;
	struct m *mp = t ? t->m : NULL;

	e->step = (uint32_t)sched.step;
	e->kind = (uint8_t)kind;
	e->thread = (uint8_t)(t ? t->id : 255);
	e->m = (uint8_t)(mp ? mp->id + 1 : 0);
	e->g = (uint8_t)(mp && mp->curg ? mp->curg->id : 0);
	e->site = (uint8_t)site;
	e->dkind = 0;
	e->choice = 0;
	e->nchoice = 0;
	e->occ = 0;
	e->off = -1;
}

static inline void trace_step(int site)
{
	struct sf_event e;

	if (sched.trace == NULL)
		return;
	trace_fill(&e, EV_STEP, site);
	trace_append(&e);
}

static inline void trace_decision(int kind, int site, uint32_t occ, int choice, int n, int off)
{
	struct sf_event e;

	if (sched.trace == NULL)
		return;
	trace_fill(&e, EV_DECISION, site);
	e.dkind = (uint8_t)kind;
	e.choice = (uint8_t)choice;
	e.nchoice = (uint8_t)(n > 255 ? 255 : n);
	e.occ = (uint16_t)(occ > 65535 ? 65535 : occ);
	e.off = (int16_t)(off > 32767 ? 32767 : off);
	trace_append(&e);
}

static inline void trace_throw(void)
{
	struct sf_event e;

	if (sched.trace == NULL)
		return;
	trace_fill(&e, EV_THROW, 0);
	trace_append(&e);
}

#endif
