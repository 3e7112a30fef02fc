/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The stress distribution: how a decision that nobody sets explicitly is
 * drawn at random.  One row per decision kind, in one table, used by every
 * random source of the project: simulate's seeded runs (--search random),
 * the stress field of a fuzz input (input.c), and the environment decisions
 * of the PCT and POS strategies (search.c).
 *
 * Each seed also picks, for each kind, how hard it pushes: the row's chance
 * times 1, 2, 4 or 16 (at most certain).  A sample of seeds is then a
 * mixture of gentle and aggressive schedules (one seed preempts 1 PP in
 * 16, another every PP, with gentle signals and frequent retakes or the
 * other way round), which finds both the bugs that need many deviations
 * and the ones that need a few in a quiet run, without a parameter to
 * tune per bug.
 *
 * A draw is a pure function of (seed, kind, site, occurrence): a hash, not a
 * stream.  So changing one decision (an explicit record in an input) leaves
 * every other decision of the run where it was: the ones before it are
 * untouched, and the ones after it are the same function of their own
 * (kind, site, occurrence) on the new path.  That is what makes a stress
 * input a good parent for mutation: a record on top of a seed is a
 * schedule-prefix mutation for free.
 *
 * A kind added to enum sf_kind adds one row here; a kind without a row is
 * never drawn (its chance is 0), which tests/runtime_test.c refuses.
 */
#include "runtime.h"

/*
 * per256: the chance, out of 256, that the decision is drawn rather than
 *         left at its default;
 * w:      when drawn, the weight of each choice (index = choice); all zero
 *         means uniform over the n choices of that moment, or over the
 *         n - 1 other than the default with `others`;
 * sched:  a scheduling decision (which thread runs next, whether a G
 *         yields at a preemption point): the search strategies make these
 *         themselves; every other kind is the environment (sysmon's retake,
 *         a signal, the steal order upstream randomises, what the context
 *         function returns), drawn from this table by every strategy.
 */
const struct sf_stress_row sf_stress[NKINDS] = {
	/* 1 PP in 16 gets a request; a quarter of those are GC stops. */
	[K_PREEMPT] = {.per256 = 16, .w = {0, 3, 1}, .sched = true},
	/* Any runnable thread, uniformly, after every step. */
	[K_SWITCH] = {.per256 = 256, .sched = true},
	/* findrunnable takes another source than upstream's first 1 time in 8. */
	[K_PICK] = {.per256 = 32},
	/* The context function returns zero or another value 1 time in 32. */
	[K_CTXT] = {.per256 = 8, .w = {0, 1, 1}},
	/* sysmon retakes a P left in _Psyscall after 1 step in 128 (any of
	 * them: the choices are the Ps in a syscall). */
	[K_RETAKE] = {.per256 = 2, .others = true},
	/* SIGPROF after a step 1 time in 64. */
	[K_SIGPROF] = {.per256 = 4, .w = {0, 1}},
	/* The C program (cthread.c), not the scheduler: an export call made
	 * deeper in C 1 time in 4 (any depth), a C thread moving to another
	 * stack before 1 call in 8, new stack memory reusing freed memory 1
	 * time in 4 (any offset), a callback's g0 work other than the default
	 * 1 time in 8. */
	[K_CDEPTH] = {.per256 = 64},
	[K_CSTACK] = {.per256 = 32, .others = true},
	[K_CALLOC] = {.per256 = 64},
	[K_G0USE] = {.per256 = 32, .others = true},
	/* A user signal (SIGCHLD from a child, a Notify'd signal) lands inside
	 * needm 1 time in 16: needm is rare (a C thread's callback with no M),
	 * and its window is a few instructions, but the signal is the
	 * environment's, as likely there as anywhere. */
	[K_SIGNAL] = {.per256 = 16, .w = {0, 1}},
};

uint64_t sf_mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The hash is two rounds: the seed's, the same for every decision of a run
 * (sf_stress_init does it once), then the decision's key mixed into it. */
static uint64_t seedmix(uint64_t seed)
{
	return sf_mix64(seed * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL);
}

static uint64_t keyhash(uint64_t mixed, int kind, int site, uint32_t occ)
{
	return sf_mix64(mixed ^ ((uint64_t)(kind & 0xff) << 56 | (uint64_t)(site & 0xffff) << 32 | occ));
}

uint64_t sf_stress_hash(uint64_t seed, int kind, int site, uint32_t occ)
{
	return keyhash(seedmix(seed), kind, site, occ);
}

/* How hard a seed pushes one kind: a factor on the row's chance. */
static const uint8_t intensity[4] = {1, 2, 4, 16};

int sf_stress_per256(uint64_t seed, int kind)
{
	int per256 = sf_stress[kind].per256 * intensity[sf_stress_hash(seed, kind, 0xffff, 0xffffffffu) & 3];

	return per256 > 256 ? 256 : per256;
}

int sf_stress_choose(uint64_t x, int kind, int n, int def, int per256)
{
	const struct sf_stress_row *row = &sf_stress[kind];
	unsigned total = 0, r;

	if ((int)(x & 0xff) >= per256)
		return def;
	x >>= 8;
	for (int c = 0; c < n && c < SF_STRESS_MAXW; c++)
		total += row->w[c];
	if (row->others && n > 1)
		return (def + 1 + (int)(x % (uint64_t)(n - 1))) % n;
	if (total == 0 || n > SF_STRESS_MAXW)
		return (int)(x % (uint64_t)n);
	r = (unsigned)(x % total);
	for (int c = 0; c < n; c++) {
		if (r < row->w[c])
			return c;
		r -= row->w[c];
	}
	return def;
}

void sf_stress_init(struct sf_stress *st, uint64_t seed)
{
	st->seed = seed;
	st->mixed = seedmix(seed);
	for (int k = 0; k < NKINDS; k++)
		st->per256[k] = sf_stress_per256(seed, k);
}

int sf_stress_pick(const struct sf_stress *st, int kind, int site, uint32_t occ, int n, int def)
{
	if (st->per256[kind] == 0)
		return def;
	return sf_stress_choose(keyhash(st->mixed, kind, site, occ), kind, n, def, st->per256[kind]);
}

int sf_stress_draw(uint64_t seed, int kind, int site, uint32_t occ, int n, int def)
{
	return sf_stress_choose(sf_stress_hash(seed, kind, site, occ), kind, n, def, sf_stress_per256(seed, kind));
}
