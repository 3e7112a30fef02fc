/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Trace storage and hash.  The hash covers every event, including those
 * that no longer fit in the buffer, and is computed over the fields (never
 * over struct bytes, which would include padding), so two runs of one input
 * hash equal exactly when their event sequences are equal.
 */
#include <string.h>

#include "trace.h"

#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

static uint64_t mix(uint64_t h, uint32_t v)
{
	for (int i = 0; i < 4; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= FNV_PRIME;
	}
	return h;
}

void sf_trace_reset(struct sf_trace *t)
{
	t->n = 0;
	t->hash = FNV_OFFSET;
	t->dropped = 0;
}

void trace_append(const struct sf_event *e)
{
	struct sf_trace *t = sched.trace;
	uint64_t h = t->hash;

	h = mix(h, e->step);
	h = mix(h, (uint32_t)e->kind | (uint32_t)e->thread << 8 | (uint32_t)e->m << 16 | (uint32_t)e->g << 24);
	h = mix(h, (uint32_t)e->site | (uint32_t)e->dkind << 8 | (uint32_t)e->choice << 16 | (uint32_t)e->nchoice << 24);
	h = mix(h, (uint32_t)e->occ | (uint32_t)(uint16_t)e->off << 16);
	t->hash = h;
	if (t->ev != NULL && t->n < t->cap)
		t->ev[t->n++] = *e;
	else
		t->dropped++;
}
