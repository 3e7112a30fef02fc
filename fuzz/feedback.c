/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interleaving feedback: tell the engine about new interleavings, not only
 * new code.  Two kinds, one per build (make FEEDBACK=1 or 2):
 *
 * FEEDBACK=1, hand-offs.  Two features per step:
 *   - the pair (site the previous step ran, site this step runs) when the
 *     thread changed: which interleavings of two threads' steps were seen;
 *   - a G stepping on a different M than its previous step, per site: where
 *     Gs migrate (the #47441 window is a migration at dwrap1's successor).
 *
 * FEEDBACK=2, reads-from pairs (RFF, Wolff et al., ASPLOS 2024): a feature
 * per (object class, site of the last write, site of the read) when a step
 * reads shared state another thread wrote (runtime/access.h: g0.sched.sp,
 * m.curg, g.m, lockedg, lockedm, the run queues, P ownership, the extra-M
 * and idle-M lists).  Two schedules with the same pairs behave the same,
 * so a new pair is a new behaviour.
 *
 * libFuzzer reads them as extra counters (a section it scans); AFL++ builds
 * add them to the shared coverage map.  The benchmark measures each against
 * none (docs/benchmarks.md); the shipped builds leave out what did not win.
 */
#include <stdint.h>
#include <string.h>

#include "../runtime/runtime2.h"
#include "../runtime/sites.h"
#include "fuzz.h"

#if SF_FEEDBACK

#define NSTEPFEAT (NSITES * NSITES + NSITES + 8)
#define NRFFEAT (O_NSHARED * (NSITES + 1) * NSITES)
#define NFEAT (NSTEPFEAT + NRFFEAT)

__attribute__((section("__libfuzzer_extra_counters"))) static uint8_t counters[NFEAT];

#if SF_AFL_MAP
/* AFL++'s map.  This file is compiled without AFL's pass for AFL builds:
 * the pass declares __afl_area_ptr itself, clashing with this declaration. */
extern uint8_t *__afl_area_ptr;
extern uint32_t __afl_map_size;
#endif

static uint8_t lastm[256];
static int prevthread = -1, prevsite;

static void hit(unsigned f)
{
	counters[f]++;
#if SF_AFL_MAP
	if (__afl_map_size > 0)
		__afl_area_ptr[(f * 2654435761u + 0x9e37u) % __afl_map_size]++;
#endif
}

void sf_feedback_reset(void)
{
	memset(lastm, 0, sizeof lastm);
	prevthread = -1;
}

void sf_feedback_rf(int obj, int wsite, int rsite)
{
	hit((unsigned)(NSTEPFEAT + (obj * (NSITES + 1) + wsite) * NSITES + rsite));
}

void sf_feedback_step(int thread, int site, int m, int g)
{
	if (m == 0xff) { /* differential: a buggy row failed */
		hit(NSITES * NSITES + NSITES + (unsigned)(g & 7));
		return;
	}
	if (prevthread >= 0 && thread != prevthread)
		hit((unsigned)(prevsite * NSITES + site));
	prevthread = thread;
	prevsite = site;
	if (g != 0) {
		if (lastm[g & 0xff] != 0 && lastm[g & 0xff] != m)
			hit((unsigned)(NSITES * NSITES + site));
		lastm[g & 0xff] = (uint8_t)m;
	}
}

#else

void sf_feedback_reset(void)
{
}

void sf_feedback_step(int thread, int site, int m, int g)
{
	(void)thread, (void)site, (void)m, (void)g;
}

void sf_feedback_rf(int obj, int wsite, int rsite)
{
	(void)obj, (void)wsite, (void)rsite;
}

#endif
