/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The rows: one per upstream version of the callback path.  go117/fixed
 * are the #47441 pair (Go 1.17, per-callback needm/dropm).  The others
 * are one chain of Go 1.21-1.25 releases and development states, each the
 * one before it plus one fix commit, ending at go125 (go1.25.0, which has
 * every fix of the family).  A field is one upstream code difference,
 * read where that code is (docs/model.md lists them).  A row in the middle
 * of the chain is fixed for the earlier bugs and still has the later ones:
 * each is listed with the row that has its fix.
 */
#include <stdio.h>
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
/* A user signal inside needm on a C thread with no M re-enters needm
 * (badsignal): its lockextra spins on the list the interrupted needm
 * locked, or, after that needm took the last M, waits for another
 * thread's callback (#42207; upstream hangs, printing nothing). */
#define SIG_LOCKEXTRA_HANG "lockextra: spins forever on an extra-M list its own thread locked (hang)"
#define SIG_BADSIGNAL_WAIT "badsignal: needm waits for an extra M inside a signal handler (hang)"
/* g0 bounds that do not fit the C stack: a g0 prologue's false overflow. */
#define SIG_MORESTACK_G0 "morestack on g0"
/* callbackUpdateSystemStack's out-of-bounds branch, as a release dies in it. */
#define SIG_STACKSPLIT "runtime: stack split at bad time"
/* Go code of an extra M running while it is flagged as in C: SIGPROF
 * charges it to C, and the checker sees it without a signal. */
#define SIG_EXTERNALCODE "sigprof: Go code attributed to _ExternalCode"
#define SIG_EXTRAINC "checkstate: Go code running on an M flagged isExtraInC"
#define SIG_EXTRAMINUSE "checkstate: extraMInUse does not match the extra Ms in use"

#define BUG_62102 {"golang/go#62102", "go122", {SIG_CHECKM, SIG_FOREIGN_FRAME}}
#define BUG_72870 {"golang/go#72870", "go125", {SIG_EXTERNALCODE, SIG_EXTRAINC}}
/* A kept range that SP only just fits: the callback's own g0 work, or a
 * nested callback below lo, which the out-of-bounds branch kills. */
#define BUG_62440C {"golang/go#62440(c)", "go123", {SIG_MORESTACK_G0, SIG_STACKSPLIT}}

const struct sf_variant sf_variants[] = {
	{
		.name = "go117",
		.issue = "golang/go#47441",
		.commit = "9eee0ed439 (parent of 70fd4e47, go1.17rc1)",
		.what = "unlockOSThread at the end of unwindm: the context-pop wrapper dwrap.1 runs unlocked",
		.unlock_in_unwindm = true,
		.cbstack = CB_NEEDM_GUESS,
		.bugs = {{"golang/go#47441", "fixed", {SIG_CHECKM, SIG_FOREIGN_FRAME}}},
	},
	{
		.name = "fixed",
		.issue = "golang/go#47441",
		.commit = "70fd4e47 (go1.17rc2)",
		.what = "defer unlockOSThread() registered first, so it runs after the context pop",
		.unlock_in_unwindm = false,
		.cbstack = CB_NEEDM_GUESS,
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
		.bindm = true,
		.cbstack = CB_UPDATE_IF_OUT,
		.bugs = {BUG_62102,
			 {"golang/go#62440(b)", "go1220", {SIG_MORESTACK_G0}},
			 BUG_62440C,
			 BUG_72870},
	},
	{
		.name = "go122",
		.issue = "golang/go#62102",
		.commit = "68a12a80 (go1.22 development, 386)",
		.what = "incgo set, then unlockOSThread called inline in cgocallbackg: no deferred unlock, no window",
		.unlock_inline = true,
		.deferreturn_pp = true,
		.bindm = true,
		.cbstack = CB_UPDATE_IF_OUT,
		.bugs = {{"golang/go#62440(b)", "go1220", {SIG_MORESTACK_G0}},
			 BUG_62440C,
			 BUG_72870},
	},
	{
		.name = "bindm-59294",
		.issue = "golang/go#59294",
		.commit = "ef0dedce87 (go1.21 development, reverted by bfe3c678ab)",
		.what = "the extra M stays bound to its C thread; needm guesses its g0 bounds once and nothing updates them (extraMInUse, which came later, counted as fixed)",
		.bindm = true,
		.cbstack = CB_NEEDM_GUESS,
		.nopp = AMD64_LEAF_UNWINDM,
		.bugs = {{"golang/go#59294", "go121", {SIG_MORESTACK_G0}}, BUG_72870},
	},
	{
		.name = "bindm-60540",
		.issue = "golang/go#60540",
		.commit = "parent of 7911f7c2 (go1.21 development)",
		.what = "lockextra counts every successful lock in extraMInUse: addExtraM's count never comes back",
		.inuse_in_lockextra = true,
		.bindm = true,
		.cbstack = CB_NEEDM_PTHREAD,
		.nopp = AMD64_LEAF_UNWINDM,
		.bugs = {{"golang/go#60540", "go121", {SIG_EXTRAMINUSE}},
			 {"golang/go#62440(a)", "go122", {SIG_MORESTACK_G0}},
			 BUG_72870},
	},
	{
		.name = "go121",
		.issue = "golang/go#62440",
		.commit = "c426c870 + 7911f7c2 (go1.21.0 to go1.21.6)",
		.what = "needm takes pthread's stack bounds without checking they hold SP, and nothing updates them: a C coroutine's SP is out of bounds",
		.bindm = true,
		.cbstack = CB_NEEDM_PTHREAD,
		.nopp = AMD64_LEAF_UNWINDM,
		.bugs = {{"golang/go#62440(a)", "go122", {SIG_MORESTACK_G0}}, BUG_72870},
	},
	{
		.name = "go1220",
		.issue = "golang/go#62440",
		.commit = "1af424c1 (go1.22.0 to go1.22.4, amd64)",
		.what = "dropm clears the g0 bounds; an in-bounds SP still keeps a guessed range",
		.unlock_inline = true,
		.bindm = true,
		.cbstack = CB_UPDATE_IF_OUT,
		.dropm_clears = true,
		.bugs = {BUG_62440C, BUG_72870},
	},
	{
		.name = "go123",
		.issue = "golang/go#68285",
		.commit = "1ffc2967 (go1.23.0 to go1.23.4; go1.22.5+, go1.21.12+)",
		.what = "an extra M's bounds are recomputed on every callback and never restored: a nested callback that moved them leaves the next one out of bounds",
		.unlock_inline = true,
		.bindm = true,
		.cbstack = CB_ALWAYS_UPDATE,
		.dropm_clears = true,
		.bugs = {{"golang/go#68285", "go124", {SIG_STACKSPLIT}}, BUG_72870},
	},
	{
		.name = "go124",
		.issue = "golang/go#72870",
		.commit = "76a8409e (go1.24.0, go1.24.1; go1.23.5 to go1.23.7)",
		.what = "bounds kept only when accurate, restored after each callback; returning from an inner callback flags the M as in C while the outer Go code runs",
		.unlock_inline = true,
		.bindm = true,
		.cbstack = CB_SAVE_RESTORE,
		.dropm_clears = true,
		.bugs = {BUG_72870},
	},
	{
		.name = "go125",
		.issue = "golang/go#72870",
		.commit = "577bb3d0 (go1.25.0; the same path in go1.24.2+, go1.23.8+)",
		.what = "isExtraInC set only when no cgocall is active above the callback: every fix of the family",
		.unlock_inline = true,
		.bindm = true,
		.cbstack = CB_SAVE_RESTORE,
		.dropm_clears = true,
		.extrainc_ncgo = true,
	},
	{
		.name = "go117dev-exitsyscall0",
		.issue = "golang/go#46524",
		.commit = "4b1a24f3cd..e0d029f7^ (go1.17 development, never released)",
		.what = "fixed, but exitsyscall0 decides between stoplockedm and stopm from a fresh read of gp.lockedm "
			"after publishing the G, instead of the value sampled under sched.lock",
		.exitsyscall0_rereads_lockedm = true,
		.cbstack = CB_NEEDM_GUESS,
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
		.cbstack = CB_NEEDM_GUESS,
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
		.cbstack = CB_NEEDM_GUESS,
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
		.cbstack = CB_NEEDM_GUESS,
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
		.cbstack = CB_NEEDM_GUESS,
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
		.cbstack = CB_NEEDM_GUESS,
		.nopp = AMD64_LEAF_UNWINDM,
		.bugs = {{"golang/go#28979", "fixed", {SIG_TAINTED_CLONE}}},
	},
	{
		.name = "go115-needm",
		.issue = "golang/go#42207",
		.commit = "368c4011^ (every release to go1.15.5 / go1.14.12; fixed in go1.16, go1.15.6, go1.14.13)",
		.what = "fixed, but needm blocks signals after unlockextra instead of before lockextra: a user signal "
			"in between runs badsignal, whose needm spins on the list its own thread locked",
		.needm_sigblock_late = true,
		.cbstack = CB_NEEDM_GUESS,
		.nopp = AMD64_LEAF_UNWINDM,
		.bugs = {{"golang/go#42207", "fixed", {SIG_LOCKEXTRA_HANG, SIG_BADSIGNAL_WAIT}}},
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

static bool isbug(const struct sf_bug *b, const char *issue)
{
	const char *hash = strchr(b->issue, '#');

	return strcmp(b->issue, issue) == 0 || (hash != NULL && strcmp(hash + 1, issue) == 0);
}

static bool hassig(const struct sf_bug *b, const char *sig)
{
	for (int k = 0; k < SF_MAXSIGS && b->signatures[k] != NULL; k++)
		if (strcmp(b->signatures[k], sig) == 0)
			return true;
	return false;
}

int sf_variant_tolerate_others(const struct sf_variant *v, const char *issue, char *err, size_t errlen)
{
	const struct sf_bug *named = NULL;
	const char *sigs[SF_MAXTOLERATED];
	int n = 0;

	sf_tolerate(NULL, 0);
	if (issue == NULL)
		return 0;
	for (int i = 0; i < SF_MAXBUGS && v->bugs[i].issue != NULL; i++)
		if (isbug(&v->bugs[i], issue))
			named = &v->bugs[i];
	if (named == NULL) {
		int len = snprintf(err, errlen, "%s is no known bug of the row %s; its bugs:", issue, v->name);

		for (int i = 0; i < SF_MAXBUGS && v->bugs[i].issue != NULL && len >= 0 && (size_t)len < errlen; i++)
			len += snprintf(err + len, errlen - (size_t)len, " %s", v->bugs[i].issue);
		if (!sf_variant_buggy(v) && len >= 0 && (size_t)len < errlen)
			snprintf(err + len, errlen - (size_t)len, " none");
		return -1;
	}
	for (int i = 0; i < SF_MAXBUGS && v->bugs[i].issue != NULL; i++)
		for (int j = 0; &v->bugs[i] != named && j < SF_MAXSIGS && v->bugs[i].signatures[j] != NULL; j++)
			if (!hassig(named, v->bugs[i].signatures[j]) && n < SF_MAXTOLERATED)
				sigs[n++] = v->bugs[i].signatures[j];
	sf_tolerate(sigs, n);
	return 0;
}

bool sf_site_pp(const struct sf_variant *v, int site)
{
	if (site < 0 || site >= NSITES || !(site_flags[site] & SITE_PP) || (v->nopp & PPBIT(site)))
		return false;
	return site != SITE_DEFERRETURN || v->deferreturn_pp;
}
