/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ordering variants: one row per upstream ordering of cgocallbackg1's
 * deferred calls (and of where cgocallbackg unlocks the thread).  A later historical bug on this path is one more row
 * (and, if it needs one, one more flag read where the code differs).
 */
#include <string.h>

#include "runtime.h"
#include "sites.h"

#define PPBIT(site) ((uint64_t)1 << (site))
_Static_assert(NSITES <= 64, "sf_variant.nopp holds one bit per site");

const struct sf_variant sf_variants[] = {
	{
		.name = "go117",
		.issue = "golang/go#47441",
		.commit = "9eee0ed439 (parent of 70fd4e47, go1.17rc1)",
		.what = "unlockOSThread at the end of unwindm: the context-pop wrapper dwrap.1 runs unlocked",
		.unlock_in_unwindm = true,
		.buggy = true,
		/* A stray //go:nosplit above each one's doc comment (go1.17 and
		 * go1.19 proc.go) makes LockOSThread and UnlockOSThread nosplit. */
		.nopp = PPBIT(SITE_LOCKOSTHREAD) | PPBIT(SITE_UNLOCKOSTHREAD),
	},
	{
		.name = "fixed",
		.issue = "golang/go#47441",
		.commit = "70fd4e47 (go1.17rc2)",
		.what = "defer unlockOSThread() registered first, so it runs after the context pop",
		.unlock_in_unwindm = false,
		/* unwindm calls nothing when it does not unlock (acquirem and
		 * releasem inline): a leaf, compiled with no stack check (go1.17
		 * and go1.19 alike; make realgo checks it on the 1.19 build). */
		.nopp = PPBIT(SITE_UNWINDM) | PPBIT(SITE_LOCKOSTHREAD) | PPBIT(SITE_UNLOCKOSTHREAD),
	},
	{
		.name = "go122-386",
		.issue = "golang/go#62102",
		.commit = "parent of 68a12a80 (go1.22 development; 386 PIE, no open-coded defers)",
		.what = "the 70fd4e47 ordering, but deferreturn has a preemption point after the deferred unlockOSThread ran",
		.deferreturn_pp = true,
		.buggy = true,
	},
	{
		.name = "go122",
		.issue = "golang/go#62102",
		.commit = "68a12a80 (go1.22)",
		.what = "incgo set, then unlockOSThread called inline in cgocallbackg: no deferred unlock, no window",
		.unlock_inline = true,
		.deferreturn_pp = true,
	},
};

const int sf_nvariants = sizeof sf_variants / sizeof sf_variants[0];

const struct sf_variant *sf_variant_lookup(const char *name)
{
	for (int i = 0; i < sf_nvariants; i++)
		if (strcmp(sf_variants[i].name, name) == 0)
			return &sf_variants[i];
	return NULL;
}

bool sf_site_pp(const struct sf_variant *v, int site)
{
	if (site < 0 || site >= NSITES || !(site_flags[site] & SITE_PP) || (v->nopp & PPBIT(site)))
		return false;
	return site != SITE_DEFERRETURN || v->deferreturn_pp;
}
