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

/* Rows built on fixed (amd64) keep its leaf unwindm: see fixed.  -msan
 * does not change that: the compiler never instruments package runtime. */
#define AMD64_LEAF_UNWINDM PPBIT(SITE_UNWINDM)

/* A G that comes back on another M meets the fix's assertion first; with
 * the assertion off, or when it came back to its own M into another G's
 * callback frame, the return to C finds a foreign frame. */
#define SIG_CHECKM "m changed unexpectedly in cgocallbackg"
#define SIG_FOREIGN_FRAME "return to C on a foreign C stack frame"
/* exitsyscall0's M read gp.lockedm after another M had run the G it
 * published and locked it to itself (#46524). */
#define SIG_STOPLOCKEDM "stoplockedm: inconsistent locking"
/* SIGPROF's traceback of a curg whose m dropg or execute had not set yet
 * (upstream: a SIGSEGV in gentraceback, #50936). */
#define SIG_CURG_M_NIL "sigprof: traceback of a curg whose m is nil"
/* The MSan runtime's frame written at g0.sched.sp from the SIGPROF
 * handler over the frames of a nested C call (#71395). */
#define SIG_MSANCALL "msancall: C frame written over live g0 frames"
/* SIGPROF's cgo-branch traceback from a syscallsp that a popped
 * cgocallbackg frame left behind (#7978). */
#define SIG_STALE_SYSCALLSP "sigprof: syscallsp points into a popped frame"
/* newm cloned a thread from one whose G exited locked after goexit0 had
 * cleared its lockedExt (#28979; upstream prints nothing: the clone
 * inherits the thread's kernel state). */
#define SIG_TAINTED_CLONE "newm: new thread cloned from a locked thread"

const struct sf_variant sf_variants[] = {
	{
		.name = "go117",
		.issue = "golang/go#47441",
		.commit = "9eee0ed439 (parent of 70fd4e47, go1.17rc1)",
		.what = "unlockOSThread at the end of unwindm: the context-pop wrapper dwrap.1 runs unlocked",
		.unlock_in_unwindm = true,
		.bugs = {{"golang/go#47441", "fixed", {SIG_CHECKM, SIG_FOREIGN_FRAME}}},
	},
	{
		.name = "fixed",
		.issue = "golang/go#47441",
		.commit = "70fd4e47 (go1.17rc2)",
		.what = "defer unlockOSThread() registered first, so it runs after the context pop",
		.unlock_in_unwindm = false,
		/* unwindm calls nothing when it does not unlock: on amd64 the
		 * compiler marks that small leaf nosplit (obj6.go's leaf rule; make
		 * realgo reads it from the 1.19 build).  The go122 rows have the
		 * same body but are 386, where the rule does not apply: they keep
		 * the PP (runtime/sites.tsv). */
		.nopp = AMD64_LEAF_UNWINDM,
	},
	{
		.name = "go122-386",
		.issue = "golang/go#62102",
		.commit = "parent of 68a12a80 (go1.22 development; 386 PIE, no open-coded defers)",
		.what = "the 70fd4e47 ordering, but deferreturn has a preemption point after the deferred unlockOSThread ran",
		.deferreturn_pp = true,
		.bugs = {{"golang/go#62102", "go122", {SIG_CHECKM, SIG_FOREIGN_FRAME}}},
	},
	{
		.name = "go122",
		.issue = "golang/go#62102",
		.commit = "68a12a80 (go1.22)",
		.what = "incgo set, then unlockOSThread called inline in cgocallbackg: no deferred unlock, no window",
		.unlock_inline = true,
		.deferreturn_pp = true,
	},
	{
		.name = "go117dev-exitsyscall0",
		.issue = "golang/go#46524",
		.commit = "4b1a24f3cd..e0d029f7^ (go1.17 development, never released)",
		.what = "fixed, but exitsyscall0 decides between stoplockedm and stopm from a fresh read of gp.lockedm "
			"after publishing the G, instead of the value sampled under sched.lock",
		.exitsyscall0_rereads_lockedm = true,
		.nopp = AMD64_LEAF_UNWINDM,
		.bugs = {{"golang/go#46524", "fixed", {SIG_STOPLOCKEDM}}},
	},
	{
		.name = "go118dev",
		.issue = "golang/go#50936",
		.commit = "2bc8ed8e9c..822dbcb7^ (go1.18 development; in go1.18beta1)",
		.what = "fixed, but sigprof's cgo-branch traceback passes _TraceJumpStack, whose first test loads "
			"curg.m: nil inside dropg's and execute's windows",
		.sigprof_cgo_jumpstack = true,
		.nopp = AMD64_LEAF_UNWINDM,
		.bugs = {{"golang/go#50936", "fixed", {SIG_CURG_M_NIL}}},
	},
	{
		.name = "go117-msan",
		.issue = "golang/go#71395",
		.commit = "go1.17 (70fd4e47) built with -msan; msancall as in go1.6-go1.24",
		.what = "fixed, built with -msan: the SIGPROF handler's cgoContextPCs calls msanwrite, whose msancall "
			"switches from gsignal to g0.sched.sp, over a nested C call's live frames",
		.msan = true,
		.nopp = AMD64_LEAF_UNWINDM,
		.bugs = {{"golang/go#71395", "go125-msan", {SIG_MSANCALL}}},
	},
	{
		.name = "go125-msan",
		.issue = "golang/go#71395",
		.commit = "11c86ddc (go1.25) on go1.17 built with -msan",
		.what = "go117-msan with 11c86ddc: msancall on gsignal stays on the signal stack",
		.msan = true,
		.msancall_gsignal = true,
		.nopp = AMD64_LEAF_UNWINDM,
	},
	{
		.name = "go13-syscallsp",
		.issue = "golang/go#7978",
		.commit = "7283e08c^ grafted on go1.17 (go1.3/go1.4 development's cgocallbackg tail and exitsyscall)",
		.what = "fixed, but cgocallbackg ends with entersyscall(), which leaves syscallsp in its own frame, "
			"popped once the callback returns to C, and exitsyscall has no frame check",
		.b8_entersyscall = true,
		.no_exitsyscall_check = true,
		.nopp = AMD64_LEAF_UNWINDM,
		.bugs = {{"golang/go#7978", "fixed", {SIG_STALE_SYSCALLSP}}},
	},
	{
		.name = "go111-lockedext",
		.issue = "golang/go#28979",
		.commit = "4f34a52913..d0f8a751^ (go1.10 to go1.11.5)",
		.what = "fixed, but goexit0 clears m.lockedExt of a G that exits locked, so mexit's handoffp clones "
			"the next M from that thread (newm1) instead of handing it to the template thread",
		.goexit0_clears_lockedext = true,
		.nopp = AMD64_LEAF_UNWINDM,
		.bugs = {{"golang/go#28979", "fixed", {SIG_TAINTED_CLONE}}},
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

bool sf_variant_buggy(const struct sf_variant *v)
{
	return v->bugs[0].issue != NULL;
}

const struct sf_bug *sf_variant_bug(const struct sf_variant *v, const char *fatal)
{
	for (int i = 0; i < SF_MAXBUGS && v->bugs[i].issue != NULL; i++)
		for (int j = 0; j < SF_MAXSIGS && v->bugs[i].signatures[j] != NULL; j++)
			if (fatal != NULL && strcmp(v->bugs[i].signatures[j], fatal) == 0)
				return &v->bugs[i];
	return NULL;
}

bool sf_site_pp(const struct sf_variant *v, int site)
{
	if (site < 0 || site >= NSITES || !(site_flags[site] & SITE_PP) || (v->nopp & PPBIT(site)))
		return false;
	return site != SITE_DEFERRETURN || v->deferreturn_pp;
}
