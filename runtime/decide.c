/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one decision source.  Every nondeterministic choice of the model
 * comes through decide(): nothing else (time, addresses, libc rand,
 * threads) decides anything.  decide() counts occurrences per (kind, site),
 * asks the run's feed, applies the "always preempt" mode (the model's
 * mayMoreStackPreempt) and records the decision in the trace.
 */
#include "input.h"
#include "proc.h"
#include "throw.h"
#include "trace.h"

const char *const sf_kind_name[NKINDS] = {"preempt", "switch", "pick", "ctxt", "retake", "sigprof",
					 "cdepth", "cstack", "calloc", "g0use", "signal"};

int decide(int kind, int site, int n, int def)
{
	uint32_t occ = sched.occ[kind][site]++;
	int off = -1;
	int c;

	if (n <= 1)
		return 0;
	if (kind == K_PREEMPT && sched.opt.preempt == SF_PREEMPT_ALWAYS)
		c = 1;
	else
		c = sched.dec->decide(sched.dec, kind, site, occ, n, def, &off);
	sf_assert(c >= 0 && c < n);
	/* Kinds whose default is every step's (and the C-stack kinds, which the
	 * old rows' traces never had) are recorded only when they leave it. */
	if (c != def || kind == K_PREEMPT || kind == K_PICK || kind == K_CTXT)
		trace_decision(kind, site, occ, c, n, off);
	return c;
}

/* ---- the seeded feed: every decision from the stress distribution ---- */

static int random_decide(struct sf_decider *d, int kind, int site, uint32_t occ, int n, int def, int *off)
{
	struct sf_random *r = (struct sf_random *)(void *)d;

	*off = -2; /* from the seed */
	return sf_stress_pick(&r->st, kind, site, occ, n, def);
}

void sf_random_init(struct sf_random *r, uint64_t seed, int preempt_per_256)
{
	r->d.decide = random_decide;
	r->d.stepped = NULL;
	sf_stress_init(&r->st, seed);
	if (preempt_per_256 >= 0)
		r->st.per256[K_PREEMPT] = preempt_per_256;
}

/* ---- the adversarial feed: every decision uniform over all its choices ---- */

static uint64_t next(struct sf_random *r)
{
	return sf_mix64(r->state += 0x9e3779b97f4a7c15ULL);
}

static int adversarial_decide(struct sf_decider *d, int kind, int site, uint32_t occ, int n, int def, int *off)
{
	struct sf_random *r = (struct sf_random *)(void *)d;

	(void)kind, (void)site, (void)occ, (void)def;
	*off = -2;
	return (int)(next(r) % (uint64_t)n);
}

void sf_adversarial_init(struct sf_random *r, uint64_t seed)
{
	r->d.decide = adversarial_decide;
	r->d.stepped = NULL;
	r->state = seed;
}
