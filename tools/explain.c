/* SPDX-License-Identifier: Apache-2.0 */
/*
 * explain: why one input fails (or passes) on one fuzz target.
 *
 *   explain [--target T] [--text|--binary] [--svg FILE] [--chrome-trace FILE]
 *           [--lanes all|N] [--] INPUT
 *
 * Runs the input in-process exactly as the target's harness would, but
 * recovered and observed, and prints: a header (hash, target, ordering,
 * shape, replay command), one line per decision, a lane view with one
 * column per M, a goroutine-dump-style table at the failure and the
 * counterfactual (does reverting each input decision alone make it pass?).
 * --svg draws the lanes; --chrome-trace writes Trace Event JSON (Perfetto).
 *
 * Exit 0 when the input fails (explained), 1 when it passes, 2 on a usage
 * or input error.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../runtime/cstack.h"
#include "../runtime/input.h"
#include "../runtime/runtime2.h"
#include "../runtime/sites.h"
#include "explain_out.h"
#include "explain_run.h"
#include "readfile.h"
#include "cli.h"

static const char usage[] =
	"usage: explain [--target T] [--text|--binary] [--svg FILE] [--chrome-trace FILE] [--lanes all|N] [--] INPUT\n"
	"  T is one of cgocallback_fuzzer, cgocallback_go117_fuzzer, cgocallback_go117_noassert_fuzzer,\n"
	"  cgocallback_differential_fuzzer; without --target it is read from INPUT's path or its\n"
	"  '# expect T:' lines.  --text reads INPUT in the text form (the default for *.txt files,\n"
	"  --binary overrides it).  Exit 0: the input fails; 1: it passes; 2: usage or input error.\n";

static const char *const gstatus_name[] = {"idle", "runnable", "running", "syscall", "waiting", "preempted", "dead"};
static const char *const mstate_name[] = {"running", "schedule", "stopm", "stoplockedm", "extra list",
					  "exitsyscall0", "new", "template", "exited"};
static const char *const gkind_name[] = {"?", "main", "worker", "extra"};

static uint8_t data[SF_MAX_INPUT];
static size_t size;
static char sha[65];
static const char *inpath;
static bool textinput;
static struct ex_run run;
static char buggyrows[512];

static int die(const char *fmt, const char *arg)
{
	return sf_usage_error("explain", usage, fmt, arg);
}

/* A shell word for s: bare when safe, else single-quoted. */
static void shellword(FILE *f, const char *s)
{
	if (*s != '\0' && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:=@%+-,") == strlen(s)) {
		fputs(s, f);
		return;
	}
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

/* The build folder: where this binary lives. */
static void builddir(const char *argv0, char *out, size_t len)
{
	char tmp[PATH_MAX], *slash;
	ssize_t n;

	if (strchr(argv0, '/') != NULL && strlen(argv0) < sizeof tmp) {
		strcpy(tmp, argv0);
	} else if ((n = readlink("/proc/self/exe", tmp, sizeof tmp - 1)) > 0) {
		tmp[n] = '\0';
	} else {
		snprintf(out, len, "build");
		return;
	}
	slash = strrchr(tmp, '/');
	if (slash != NULL)
		*slash = '\0';
	if (realpath(tmp, out) == NULL)
		snprintf(out, len, "%s", tmp);
}

/* ---- loading ---- */

static bool has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && strcmp(s + a - b, suf) == 0;
}

/* ---- the decisions ---- */

/* The row of a step (rows are in step order; sysmon shares a step number). */
static const struct ex_row *row_of_step(uint32_t step)
{
	size_t lo = 0, hi = run.nrow;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (run.row[mid].step < step)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < run.nrow && run.row[lo].step == step; lo++)
		if (run.row[lo].thread != 255)
			return &run.row[lo];
	return NULL;
}

static void choices(char *buf, size_t len, const struct ex_decision *d)
{
	int n = sf_kind_choices(d->kind);

	if (n > 0 && sf_choice_name(d->kind, 0) == NULL) { /* numbered, not named (cdepth: KiB) */
		snprintf(buf, len, "0..%d", n - 1);
		return;
	}
	if (n > 0) {
		size_t o = 0;

		buf[0] = '\0';
		for (int c = 0; c < n && o < len; c++)
			o += (size_t)snprintf(buf + o, len - o, "%s%s", c ? "/" : "", sf_choice_name(d->kind, c));
		return;
	}
	snprintf(buf, len, "%d %s", d->n, d->kind == K_SWITCH ? "threads" : "sources");
}

static void taken(char *buf, size_t len, const struct ex_decision *d)
{
	const char *name = sf_choice_name(d->kind, d->choice);
	const struct ex_row *w;

	if (name != NULL) {
		snprintf(buf, len, "%s", name);
	} else if (d->kind == K_SWITCH && (w = row_of_step(d->step + 1)) != NULL) {
		snprintf(buf, len, "#%d: t%d", d->choice, w->thread);
	} else if (d->kind == K_PICK && (w = row_of_step(d->step)) != NULL && w->curg > 0) {
		snprintf(buf, len, "#%d: g%d", d->choice, w->curg);
	} else {
		snprintf(buf, len, "#%d", d->choice);
	}
	if (d->choice == d->def && sf_kind_choices(d->kind) == 0)
		snprintf(buf + strlen(buf), len - strlen(buf), " (default)");
}

static void from(char *buf, size_t len, int off)
{
	if (off == -2) {
		snprintf(buf, len, "stress seed");
		return;
	}
	if (off < 0 || (size_t)off + 3 > size) {
		snprintf(buf, len, "default");
		return;
	}
	snprintf(buf, len, "input@%d [%02x %02x %02x]", off, data[off], data[off + 1], data[off + 2]);
}

static void print_decisions(void)
{
	size_t skipped = 0, shown = 0;

	for (size_t i = 0; i < run.ndec; i++) {
		const struct ex_decision *d = &run.dec[i];

		if ((d->kind == K_SWITCH || d->kind == K_SIGPROF) && d->off < 0 && d->choice == d->def)
			skipped++;
		else
			shown++;
	}
	printf("\ndecisions: %zu shown; %zu default switch/sigprof decisions not shown\n", shown, skipped);
	printf("  %5s  %-30s %-16s %-16s %s\n", "step", "decision", "choices", "taken", "from");
	for (size_t i = 0; i < run.ndec; i++) {
		const struct ex_decision *d = &run.dec[i];
		char what[64], ch[40], tk[40], fr[40];

		if ((d->kind == K_SWITCH || d->kind == K_SIGPROF) && d->off < 0 && d->choice == d->def)
			continue;
		if (d->kind == K_SWITCH)
			snprintf(what, sizeof what, "switch after %s #%d", site_label(d->site), d->occ);
		else
			snprintf(what, sizeof what, "%s %s #%d", sf_kind_name[d->kind], site_label(d->site), d->occ);
		choices(ch, sizeof ch, d);
		taken(tk, sizeof tk, d);
		from(fr, sizeof fr, d->off);
		printf("  %5u  %-30s %-16s %-16s %s%s\n", d->kind == K_SWITCH ? d->step + 1 : d->step, what, ch, tk, fr,
		       d->choice != d->def && d->kind == K_PREEMPT ? "   <- preempt" : "");
	}
}

/* ---- lanes ---- */

#define NOM 0 /* the lane of steps with no M: C threads between callbacks, sysmon */

static int lanes[MAXM + 1], nlanes;

static void find_lanes(void)
{
	bool seen[MAXM + 2] = {false};

	nlanes = 0;
	for (size_t i = 0; i < run.nrow; i++)
		seen[run.row[i].m <= MAXM ? run.row[i].m : 0] = true;
	for (int m = 1; m <= MAXM; m++)
		if (seen[m])
			lanes[nlanes++] = m;
	if (seen[NOM])
		lanes[nlanes++] = NOM;
}

static void lanename(char *buf, size_t len, int m)
{
	if (m == NOM)
		snprintf(buf, len, "no M");
	else
		snprintf(buf, len, "m%d%s", m - 1, m <= sched.nm && sched.allm[m - 1].extra ? " (extra)" : "");
}

static void cell(char *buf, size_t len, const struct ex_row *w)
{
	char g[8] = "g0", lk[16] = "";

	if (w->thread == 255) {
		snprintf(buf, len, "sysmon");
		return;
	}
	if (w->m == 0) {
		snprintf(buf, len, "t%d %s c%d", w->thread, site_label(w->site), w->cdepth);
		return;
	}
	if (w->g)
		snprintf(g, sizeof g, "g%d", w->g);
	if (w->lockedg != 0)
		snprintf(lk, sizeof lk, w->lockedg == w->g ? " L" : " Lg%d", w->lockedg);
	snprintf(buf, len, "%s %s%s c%d", g, site_label(w->site), lk, w->cdepth);
}

/* ---- signals: what each handler saw ---- */

static void sigtext(char *buf, size_t len, const struct sf_sigview *v)
{
	static const char *const branch[] = {"no M: sigprofNonGo", "cgo branch: traceback from curg.syscallsp",
					     "traceback from the interrupted frame",
					     "badsignal: needm, sigsend, dropm",
					     "sighandler: not notified, ignored"};
	const char *sig = v->signo == SF_SIGUSER ? "user signal" : "SIGPROF";
	size_t n = 0;

#define ADD(...) (n += (size_t)snprintf(buf + n, n < len ? len - n : 0, __VA_ARGS__))
	if (v->point == NSITES)
		ADD("%s on t%d after the step", sig, v->thread);
	else if (v->pending)
		ADD("%s on t%d inside %s, blocked, delivered at minit", sig, v->thread, site_label(v->point));
	else
		ADD("%s on t%d inside %s", sig, v->thread, site_label(v->point));
	if (v->g < 0)
		ADD(": TLS g=nil");
	else if (v->g == 0)
		ADD(": TLS g=g0");
	else
		ADD(": TLS g=g%d", v->g);
	if (v->m != 0) {
		if (v->curg != 0)
			ADD(", m%d.curg=g%d, g%d.m=", v->m - 1, v->curg, v->curg);
		else
			ADD(", m%d.curg=nil", v->m - 1);
		if (v->curg != 0 && v->curgm != 0)
			ADD("m%d", v->curgm - 1);
		else if (v->curg != 0)
			ADD("nil%s", v->curgm == 0 ? " (torn)" : "");
		ADD(", ncgo=%d, syscallsp %s", v->ncgo, v->syscallsp ? "set" : "0");
	}
	ADD("; %s", branch[v->branch]);
	if (v->signo == SF_SIGPROF) {
		ADD("; C traceback:");
		if (v->sigctx)
			ADD(" sigContext");
		for (int i = 0; i < v->nctxt; i++)
			ADD("%s ctxt %#lx", v->sigctx || i ? "," : "", (unsigned long)v->ctxt[i]);
		if (!v->sigctx && v->nctxt == 0)
			ADD(" not called");
	}
	if (!v->returned)
		ADD("; the run died in the handler");
#undef ADD
}

static bool has_signal(uint32_t step)
{
	for (size_t i = 0; i < run.nsig; i++)
		if (run.sig[i].step == step)
			return true;
	return false;
}

static void print_row(const struct ex_row *w, int width)
{
	char c[64];

	printf("  %5u ", w->step);
	for (int l = 0; l < nlanes; l++) {
		bool mine = lanes[l] == (w->m <= MAXM ? w->m : 0);

		if (mine)
			cell(c, sizeof c, w);
		else
			snprintf(c, sizeof c, "%s", "|");
		printf(" %-*s", width, c);
	}
	if (w->preempt)
		printf(" * preempted (%s) at %s", sf_choice_name(K_PREEMPT, w->preempt), site_label(w->site));
	if (w->fromm)
		printf(" > g%d moved m%d -> m%d", w->g, w->fromm - 1, w->m - 1);
	if (w->badbound)
		printf(" ! g0 bounds [%+ld, %+ld]%s, sp %+ld: no room for g0 frames", w->g0lo, w->g0hi,
		       w->accurate ? " (pthread)" : " (guessed)", w->g0sp);
	if (w->extrainc && w->g != 0 && w->incgo == 0 && w->lvl >= 0 && w->site != SITE_CGOCALLBACKG)
		printf(" ! isExtraInC set while g%d runs Go", w->g);
	if (w->fatal)
		printf(" X fatal error: %s", run.res.fatal);
	putchar('\n');
	for (size_t i = 0; i < run.nsig; i++) {
		char s[320];

		if (run.sig[i].step != w->step || (w->thread != 255 && run.sig[i].v.thread != w->thread))
			continue;
		sigtext(s, sizeof s, &run.sig[i].v);
		printf("        ! %s\n", s);
	}
}

static void print_lanes(long limit)
{
	int width = 8;
	char c[64];
	size_t head = run.nrow, tailfrom = run.nrow;

	find_lanes();
	for (size_t i = 0; i < run.nrow; i++) {
		cell(c, sizeof c, &run.row[i]);
		if ((int)strlen(c) > width)
			width = (int)strlen(c);
	}
	if (limit >= 0 && run.nrow > (size_t)limit) {
		head = (size_t)limit / 5;
		tailfrom = run.nrow - ((size_t)limit - head);
	}
	printf("\nlanes: one column per M: the G it runs (g0: scheduler), the site, L = locked to that G\n"
	       "(Lg4: to another G), cN = live C frames on its thread's stack; * preemption, > migration,\n"
	       "X the failure; ! a signal, with what its handler saw\n");
	printf("  %5s ", "step");
	for (int l = 0; l < nlanes; l++) {
		lanename(c, sizeof c, lanes[l]);
		printf(" %-*s", width, c);
	}
	putchar('\n');
	/* In the middle of a long run only the marked steps are shown. */
	for (size_t i = 0, gap = 0; i < run.nrow; i++) {
		const struct ex_row *w = &run.row[i];

		if (i >= head && i < tailfrom && !w->preempt && !w->fromm && !w->fatal && !has_signal(w->step)) {
			gap++;
			continue;
		}
		if (gap > 0)
			printf("  ... %zu steps not shown (--lanes all shows every step)\n", gap);
		gap = 0;
		print_row(w, width);
	}
	if (run.oom)
		printf("  (out of memory: the log above is cut short)\n");
}

/* ---- the state at the failure ---- */

/* The Go 1.21+ C-thread state: each extra M's g0 bounds against its
 * g0.sched.sp and isExtraInC, the extra-M counters, and each C thread's
 * stack.  Addresses are arena offsets. */
static void print_extram_state(void)
{
	bool any = false;

	for (int i = 0; i < sched.nm; i++)
		any = any || sched.allm[i].extra;
	if (!any)
		return;
	printf("  extra Ms: g0 bounds (arena offsets; stackguard0 = lo + 928) against g0.sched.sp\n");
	printf("  %-4s %-24s %-9s %-12s %-11s %s\n", "M", "g0.stack [lo, hi]", "source", "g0.sched.sp", "isExtraInC",
	       "verdict");
	for (int i = 0; i < sched.nm; i++) {
		const struct m *mp = &sched.allm[i];
		char b[48] = "none (0, 0)", sp[16] = "-";

		if (!mp->extra)
			continue;
		if (mp->g0.stacklo || mp->g0.stackhi)
			snprintf(b, sizeof b, "[%+ld, %+ld]", cstack_off(mp->g0.stacklo), cstack_off(mp->g0.stackhi));
		if (mp->g0.sched.sp)
			snprintf(sp, sizeof sp, "%+ld", cstack_off((uintptr_t)mp->g0.sched.sp));
		printf("  m%-3d %-24s %-9s %-12s %-11s %s\n", mp->id, b,
		       mp->g0.stacklo == 0 ? "-" : mp->g0StackAccurate ? "pthread" : "guessed", sp,
		       mp->isExtraInC ? "yes" : "no",
		       ex_badbound(mp)                   ? "BAD: sp outside the bounds or too near lo"
		       : mp->state == Mextra             ? "on the extra-M list"
		       : mp->curg && mp->curg->lvl >= 0 ? "in a callback, fits"
							  : "bound, between callbacks");
	}
	printf("  extra-M list: extraMLength=%d extraMInUse=%d extraMWaiters=%d, %d made%s", sched.extraMLength,
	       sched.extraMInUse, sched.extraMWaiters, sched.extraMMade,
	       sched.extraMInUse != sched.extraMMade - sched.extraMLength ? " (extraMInUse does not balance)" : "");
	if (sched.extraMLocked)
		printf(", locked by t%d", sched.extraMLocker);
	printf("\n");
	for (int i = 0; i < sched.nt; i++) {
		const struct thread *t = &sched.allt[i];

		if (!t->cthread || t->done || t->stk == NULL)
			continue;
		printf("  t%d (C thread, slot %d, life %d): on its %s stack [%+ld, %+ld), C SP %+ld%s\n", t->id, t->slot,
		       t->life, t->stk == t->pstk ? "pthread" : "coroutine", cstack_off((uintptr_t)t->stk->lo),
		       cstack_off((uintptr_t)t->stk->hi), cstack_off((uintptr_t)t->stk->sp),
		       t->m != NULL && sched.keycreated ? ", its M bound" : "");
	}
}

static void print_state(void)
{
	printf("\nstate at the failure (step %llu):\n", (unsigned long long)run.res.steps);
	printf("  %-4s %-7s %-10s %-4s %-8s %-15s %-6s %-16s %s\n", "G", "kind", "status", "M", "lockedm", "at",
	       "level", "contexts", "callback frame");
	for (int i = 0; i < sched.ng; i++) {
		const struct g *gp = &sched.allg[i];
		char m[8] = "-", lm[8] = "-", ctx[64] = "[", fr[24] = "-";
		size_t o = 1;
		int t = ex_callback_frame_thread(gp->id);

		if (gp->m)
			snprintf(m, sizeof m, "m%d", gp->m->id);
		if (gp->lockedm)
			snprintf(lm, sizeof lm, "m%d", gp->lockedm->id);
		for (int c = 0; c < gp->ncgoCtxt && o < sizeof ctx - 12; c++)
			o += (size_t)snprintf(ctx + o, sizeof ctx - o, "%s%#lx", c ? " " : "", (unsigned long)gp->cgoCtxt[c]);
		snprintf(ctx + o, sizeof ctx - o, "]");
		if (t >= 0 && sched.allt[t].m != NULL)
			snprintf(fr, sizeof fr, "on t%d (m%d)", t, sched.allt[t].m->id);
		else if (t >= 0)
			snprintf(fr, sizeof fr, "on t%d", t);
		printf("  g%-3d %-7s %-10s %-4s %-8s %-15s %-6d %-16s %s%s%s\n", gp->id, gkind_name[gp->kind & 3],
		       gstatus_name[gp->status], m, lm, site_name[gp->pc], gp->lvl, ctx, fr,
		       gp->preempt ? ", preempt requested" : "", gp->id == run.throwg ? "   <- failing G" : "");
	}
	printf("  %-4s %-11s %-5s %-7s %-8s %-5s %-4s %-3s %-4s %-6s %-8s %-30s %s\n", "M", "state", "curg", "lockedg",
	       "int/ext", "incgo", "ncgo", "P", "oldp", "thread", "C frames", "top C frame", "g0.sched.sp");
	for (int i = 0; i < sched.nm; i++) {
		const struct m *mp = &sched.allm[i];
		char cg[8] = "-", lg[8] = "-", p[8] = "-", op[8] = "-", th[8] = "-", top[48] = "-", sp[80];
		char name[16];
		struct ex_frame f;
		int n = 0;

		if (mp->curg)
			snprintf(cg, sizeof cg, "g%d", mp->curg->id);
		if (mp->lockedg)
			snprintf(lg, sizeof lg, "g%d", mp->lockedg->id);
		if (mp->p)
			snprintf(p, sizeof p, "%d", mp->p->id);
		if (mp->oldp)
			snprintf(op, sizeof op, "%d", mp->oldp->id);
		if (mp->thr) {
			snprintf(th, sizeof th, "t%d", mp->thr->id);
			n = ex_cframes(mp->thr->id, &f);
			if (n > 0 && f.kind != NULL)
				snprintf(top, sizeof top, "%s of g%d by m%d", f.kind, f.g, f.m - 1);
			else if (n > 0)
				snprintf(top, sizeof top, "junk");
		}
		ex_describe_g0sp(mp->id + 1, sp, sizeof sp);
		snprintf(name, sizeof name, "m%d%s", mp->id, mp->extra ? "x" : "");
		printf("  %-4s %-11s %-5s %-7s %u/%-6u %-5d %-4d %-3s %-4s %-6s %-8d %-30s %s%s\n", name,
		       mstate_name[mp->state], cg, lg, mp->lockedInt, mp->lockedExt, mp->incgo, mp->ncgo, p, op, th, n,
		       top, sp, mp->id + 1 == run.throwm ? "   <- failing M" : "");
	}
	printf("  (mNx: an extra M; int/ext: lockedInt/lockedExt; top C frame: the frame at the thread's C SP\n"
	       "  and the G and M it was pushed for)\n");
	print_extram_state();
}

/* ---- the counterfactual ---- */

static void print_counterfactual(const struct sf_target *tgt)
{
	int needed = 0, total = 0;

	int samestress = 0;

	printf("\ncounterfactual: each non-default input decision reverted to its default alone\n");
	for (size_t i = 0; i < run.ndec; i++) {
		const struct ex_decision *d = &run.dec[i];
		struct ex_run alt = {.tgt = tgt, .var = run.var, .rkind = d->kind, .rsite = d->site, .rocc = d->occ};
		char what[64], tk[40], fr[40];

		if ((d->off < 0 && d->off != -2) || d->choice == d->def)
			continue;
		total++;
		snprintf(what, sizeof what, "%s %s #%d", d->kind == K_SWITCH ? "switch after" : sf_kind_name[d->kind],
			 site_label(d->site), d->occ);
		taken(tk, sizeof tk, d);
		from(fr, sizeof fr, d->off);
		ex_run_input(&alt, data, size);
		if (alt.res.status == SF_OK) {
			needed++;
			printf("  %-30s = %-12s %-26s reverted: passes   <- needed\n", what, tk, fr);
		} else if (strcmp(alt.res.fatal, run.res.fatal) == 0) {
			if (d->off == -2)
				samestress++; /* many: counted, not listed */
			else
				printf("  %-30s = %-12s %-26s reverted: still fails the same way\n", what, tk, fr);
		} else {
			printf("  %-30s = %-12s %-26s reverted: fails otherwise: %s\n", what, tk, fr, alt.res.fatal);
		}
		ex_free(&alt);
	}
	if (samestress > 0)
		printf("  %d decision(s) drawn from the stress seed, each reverted alone: still fails the same way\n",
		       samestress);
	if (total == 0)
		printf("  none: every decision took its default, so the failure needs no schedule at all\n");
	else
		printf("  %d of %d input decision(s) are each needed for the failure\n", needed, total);
}

/* ---- pictures ---- */

static const char *const palette[] = {
	"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
	"#b07aa1", "#ff9da7", "#9c755f", "#17becf", "#bcbd22", "#8c564b",
};

static const char *gcolor(int g)
{
	return g == 0 ? "#d9d9d9" : palette[(g - 1) % (int)(sizeof palette / sizeof palette[0])];
}

static int lane_index(int m)
{
	for (int l = 0; l < nlanes; l++)
		if (lanes[l] == (m <= MAXM ? m : 0))
			return l;
	return nlanes - 1;
}

static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default:
			if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f)
				fputc(*s, f);
			else
				fputc('?', f);
		}
	}
}

static int write_svg(const char *path, const struct sf_target *tgt)
{
	FILE *f = fopen(path, "w");
	int left = 110, top = 74, laneh = 30, boxh = 20;
	uint32_t nsteps = run.nrow ? run.row[run.nrow - 1].step : 1;
	double px = 1600.0 / (nsteps ? nsteps : 1);
	int width, height, maxg = 0;
	int lastx[MAXG + 2] = {0}, lastl[MAXG + 2] = {0};
	bool gseen[MAXG + 2] = {false};
	char name[32];

	if (f == NULL) {
		fprintf(stderr, "explain: %s: %s\n", path, strerror(errno));
		return 2;
	}
	find_lanes();
	px = px < 3 ? 3 : px > 14 ? 14 : px;
	for (size_t i = 0; i < run.nrow; i++) {
		maxg = run.row[i].g > maxg ? run.row[i].g : maxg;
		gseen[run.row[i].g <= MAXG ? run.row[i].g : 0] = true;
	}
	width = left + (int)(px * nsteps) + 40;
	width = width < 640 ? 640 : width;
	height = top + nlanes * laneh + 60;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- %s -->\n", EX_OUT_MARK);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		   "font-family=\"monospace\" font-size=\"11\">\n", width, height, width, height);
	fprintf(f, "<title>schedfuzz explain: %s %.12s</title>\n", tgt->name, sha);
	fprintf(f, "<defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" "
		   "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#333\"/></marker></defs>\n");
	fprintf(f, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width, height);
	fprintf(f, "<text x=\"8\" y=\"18\" font-size=\"13\">%s (%s ordering), input sha256 %.12s: ", tgt->name,
		run.var->name, sha);
	if (run.res.status == SF_OK)
		fprintf(f, "passes in %llu steps", (unsigned long long)run.res.steps);
	else {
		fputs("fatal error: ", f);
		xml_text(f, run.res.fatal);
		fprintf(f, " at step %llu", (unsigned long long)run.res.steps);
	}
	fprintf(f, "</text>\n");
	fprintf(f, "<text x=\"8\" y=\"34\" fill=\"#555\">one lane per M; colour = G (grey: g0), pale = C code; "
		   "red triangle = preemption, dashed arrow = migration, red line = failure, orange diamond = signal "
		   "(its title: what the handler saw); orange frame = g0 bounds that do not fit g0.sched.sp</text>\n");
	for (int l = 0; l < nlanes; l++) {
		int y = top + l * laneh;

		lanename(name, sizeof name, lanes[l]);
		fprintf(f, "<text x=\"8\" y=\"%d\">", y + 14);
		xml_text(f, name);
		fprintf(f, "</text>\n<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>\n", left,
			y + boxh / 2, width - 20, y + boxh / 2);
	}
	for (uint32_t s = 0; s <= nsteps; s += nsteps > 200 ? 50 : 10) {
		int x = left + (int)(px * s);

		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ccc\"/>", x, top - 4, x,
			top + nlanes * laneh - 6);
		fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"#777\" font-size=\"9\">%u</text>\n", x + 1,
			top + nlanes * laneh + 6, s);
	}
	for (size_t i = 0; i < run.nrow; i++) {
		const struct ex_row *w = &run.row[i];
		int l = lane_index(w->m), x = left + (int)(px * (w->step ? w->step - 1 : 0)), y = top + l * laneh;
		bool csite = w->site >= 0 && w->site < NSITES && (site_flags[w->site] & SITE_C);
		char c[64];

		cell(c, sizeof c, w);
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"%s><title>step %u: ", x, y,
			px >= 4 ? (int)px - 1 : (int)px, boxh, gcolor(w->g), csite ? " fill-opacity=\"0.45\"" : "",
			w->step);
		xml_text(f, c);
		fprintf(f, "</title></rect>\n");
		if (w->badbound)
			fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ff7f0e\" "
				   "stroke-width=\"2\" class=\"badbound\"><title>step %u: m%d's g0 bounds [%+ld, %+ld] (%s) do "
				   "not fit g0.sched.sp %+ld</title></rect>\n",
				x, y - 2, px >= 4 ? (int)px - 1 : (int)px, boxh + 4, w->step, w->m - 1, w->g0lo, w->g0hi,
				w->accurate ? "pthread" : "guessed", w->g0sp);
		if (w->preempt) {
			fprintf(f, "<path d=\"M%d,%d l-5,-8 l10,0 z\" fill=\"#d62728\"><title>step %u: g%d preempted (%s) at %s</title></path>\n",
				x + (int)(px / 2), y - 1, w->step, w->g, sf_choice_name(K_PREEMPT, w->preempt),
				site_label(w->site));
		}
		if (w->fromm && w->g <= MAXG && lastx[w->g]) {
			fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" stroke-dasharray=\"4,2\" "
				   "marker-end=\"url(#arrow)\"><title>step %u: g%d moved m%d -> m%d</title></line>\n",
				lastx[w->g], top + lastl[w->g] * laneh + boxh / 2, x, y + boxh / 2, w->step, w->g,
				w->fromm - 1, w->m - 1);
		}
		if (w->g > 0 && w->g <= MAXG && w->m != 0) {
			lastx[w->g] = x + (int)px;
			lastl[w->g] = l;
		}
		if (w->fatal) {
			fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d62728\" stroke-width=\"2\"/>\n",
				x + (int)px, top - 10, x + (int)px, top + nlanes * laneh);
			fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"#d62728\" text-anchor=\"end\">X ", x + (int)px - 2,
				top - 16);
			xml_text(f, run.res.fatal);
			fprintf(f, "</text>\n");
		}
	}
	for (size_t i = 0; i < run.nsig; i++) {
		const struct sf_sigview *v = &run.sig[i].v;
		int x = left + (int)(px * (run.sig[i].step ? run.sig[i].step - 1 : 0)) + (int)(px / 2);
		int y = top + lane_index(v->m) * laneh + boxh + 2;
		char s[320];

		sigtext(s, sizeof s, v);
		fprintf(f, "<path d=\"M%d,%d l4,5 l-4,5 l-4,-5 z\" fill=\"%s\" stroke=\"#333\" stroke-width=\"0.5\">"
			   "<title>step %u: ", x, y, v->returned ? "#ff9f1c" : "#d62728", run.sig[i].step);
		xml_text(f, s);
		fprintf(f, "</title></path>\n");
	}
	for (int g = 1, k = 0; g <= maxg; g++) {
		int x = left + k * 48, y = top + nlanes * laneh + 24;

		if (!gseen[g])
			continue;
		k++;

		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">g%d</text>\n",
			x, y, gcolor(g), x + 16, y + 10, g);
	}
	fprintf(f, "</svg>\n");
	if (fclose(f) != 0) {
		fprintf(stderr, "explain: %s: %s\n", path, strerror(errno));
		return 2;
	}
	return 0;
}

static int chrome_tid(const struct ex_row *w)
{
	if (w->thread == 255)
		return 999;
	return w->m ? w->m : 1000 + w->thread;
}

static int write_chrome(const char *path, const struct sf_target *tgt)
{
	FILE *f = fopen(path, "w");
	bool named[1256] = {false};
	char buf[160];
	int flow = 0;

	if (f == NULL) {
		fprintf(stderr, "explain: %s: %s\n", path, strerror(errno));
		return 2;
	}
	snprintf(buf, sizeof buf, "schedfuzz %s (%s ordering)", tgt->name, run.var->name);
	fprintf(f, "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"generator\":\"%s\",\"target\":\"%s\",\"sha256\":\"%s\",\"input\":",
		EX_OUT_MARK, tgt->name, sha);
	ex_json_string(f, inpath, strlen(inpath));
	fprintf(f, ",\"outcome\":");
	if (run.res.status == SF_OK)
		fprintf(f, "\"ok\"");
	else
		ex_json_string(f, run.res.fatal, strlen(run.res.fatal));
	fprintf(f, "},\n\"traceEvents\":[\n");
	fprintf(f, "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"tid\":0,\"args\":{\"name\":\"%s\"}}", buf);
	for (size_t i = 0; i < run.nrow; i++) {
		const struct ex_row *w = &run.row[i];
		int tid = chrome_tid(w);
		char c[64];

		if (!named[tid]) {
			named[tid] = true;
			if (w->thread == 255)
				snprintf(buf, sizeof buf, "sysmon");
			else if (w->m)
				lanename(buf, sizeof buf, w->m);
			else
				snprintf(buf, sizeof buf, "t%d (C thread, no M)", w->thread);
			fprintf(f, ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%d,\"args\":{\"name\":\"%s\"}}",
				tid, buf);
			fprintf(f, ",\n{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":1,\"tid\":%d,\"args\":{\"sort_index\":%d}}",
				tid, tid);
		}
		cell(c, sizeof c, w);
		if (w->g)
			snprintf(buf, sizeof buf, "g%d %s", w->g, site_label(w->site));
		else
			snprintf(buf, sizeof buf, "%s", site_label(w->site));
		fprintf(f, ",\n{\"name\":\"%s\",\"cat\":\"step\",\"ph\":\"X\",\"ts\":%u,\"dur\":1,\"pid\":1,\"tid\":%d,"
			   "\"args\":{\"step\":%u,\"thread\":%d,\"g\":%d,\"site\":\"%s\",\"state\":\"%s\"}}",
			buf, w->step, tid, w->step, w->thread, w->g, site_label(w->site), c);
		if (w->preempt)
			fprintf(f, ",\n{\"name\":\"preempt %s at %s\",\"cat\":\"preempt\",\"ph\":\"i\",\"s\":\"t\",\"ts\":%u,"
				   "\"pid\":1,\"tid\":%d,\"args\":{\"g\":%d}}",
				sf_choice_name(K_PREEMPT, w->preempt), site_label(w->site), w->step, tid, w->g);
		if (w->fromm) {
			flow++;
			fprintf(f, ",\n{\"name\":\"g%d migrates\",\"cat\":\"migration\",\"ph\":\"s\",\"id\":%d,\"ts\":%u,"
				   "\"pid\":1,\"tid\":%d}", w->g, flow, w->step > 0 ? w->step - 1 : 0, w->fromm);
			fprintf(f, ",\n{\"name\":\"g%d migrates\",\"cat\":\"migration\",\"ph\":\"f\",\"bp\":\"e\",\"id\":%d,"
				   "\"ts\":%u,\"pid\":1,\"tid\":%d}", w->g, flow, w->step, tid);
			fprintf(f, ",\n{\"name\":\"g%d moved m%d -> m%d\",\"cat\":\"migration\",\"ph\":\"i\",\"s\":\"t\","
				   "\"ts\":%u,\"pid\":1,\"tid\":%d}", w->g, w->fromm - 1, w->m - 1, w->step, tid);
		}
		if (w->fatal) {
			fprintf(f, ",\n{\"name\":");
			snprintf(buf, sizeof buf, "fatal error: %s", run.res.fatal);
			ex_json_string(f, buf, strlen(buf));
			fprintf(f, ",\"cat\":\"fatal\",\"ph\":\"i\",\"s\":\"g\",\"ts\":%u,\"pid\":1,\"tid\":%d}", w->step + 1,
				tid);
		}
	}
	fprintf(f, "\n]}\n");
	if (fclose(f) != 0) {
		fprintf(stderr, "explain: %s: %s\n", path, strerror(errno));
		return 2;
	}
	return 0;
}

/* ---- the header ---- */

/* The stress field: its seed, the strategy it drives, and how much of the
 * run it decided. */
static void print_stress(void)
{
	static struct sf_input in; /* the seed as the run decoded it */
	int key = sf_key_index(SF_KEY_STRESS, 0), at = -1, nrec = 0, depth;
	size_t drawn = 0, moved = 0;
	uint64_t ksteps;
	int search;
	char how[96] = "";

	for (size_t r = 0; r + SF_RECSIZE <= size; r += SF_RECSIZE)
		if (data[r] % sf_nkeys() == key) {
			at = (int)r;
			nrec++;
		}
	sf_input_decode(&in, data, size, &sf_fuzz_shape);
	if (!in.stressed) {
		printf("  stress    none: every decision without a record takes its default\n");
		return;
	}
	for (size_t i = 0; i < run.ndec; i++) {
		drawn += run.dec[i].off == -2;
		moved += run.dec[i].off == -2 && run.dec[i].choice != run.dec[i].def;
	}
	search = sf_input_search(&in, &depth, &ksteps);
	if (search == SF_SEARCH_PCT)
		snprintf(how, sizeof how, ", driving PCT (depth %d over %llu steps: the search record)", depth,
			 (unsigned long long)ksteps);
	else if (search == SF_SEARCH_POS)
		snprintf(how, sizeof how, ", driving POS (the search record)");
	if (at < 0)
		printf("  stress    seed 0 (no stress record)%s: %zu decisions drawn from it, %zu of them not the default\n",
		       how, drawn, moved);
	else
		printf("  stress    seed %llu (%s@%d)%s: %zu decisions drawn from it, %zu of them not the default\n",
		       (unsigned long long)in.stress, nrec > 1 ? "its records, the last at input" : "input", at, how,
		       drawn, moved);
	printf("            (\"stress seed\" below; scripts/triage turns them into explicit records)\n");
}

static void print_shape(void)
{
	int off[NSHAPEFIELDS];
	bool stressed = false;
	static const char *const ctx[] = {"none", "zero", "nonzero"};
	static const char *const libc[] = {"glibc", "musl"};

	for (int i = 0; i < NSHAPEFIELDS; i++)
		off[i] = -1;
	for (size_t r = 0; r + SF_RECSIZE <= size; r += SF_RECSIZE) {
		const struct sf_key *k = sf_key_at(data[r] % sf_nkeys());

		if (k->kind == SF_KEY_SHAPE)
			off[k->site] = (int)r;
		stressed |= sf_kind_seeded(k->kind);
	}
	printf("  shape     ");
	for (int i = 0; i < NSHAPEFIELDS; i++) {
		int v = sf_shape_field(&run.shape, i);

		if (i == SH_CONTEXT)
			printf("%s=%s", sf_shapefield_name[i], ctx[v % 3]);
		else if (i == SH_LIBC)
			printf("%s=%s", sf_shapefield_name[i], libc[v % 2]);
		else
			printf("%s=%d", sf_shapefield_name[i], v);
		if (off[i] >= 0)
			printf(" (input@%d)", off[i]);
		else if (stressed && v != sf_shape_field(&sf_fuzz_shape, i))
			printf(" (stress)");
		printf(i + 1 < NSHAPEFIELDS ? " " : "\n");
	}
	printf("            %d callback(s) in all; fields without input@ are the fuzz harness defaults%s\n",
	       sf_shape_callbacks(&run.shape), stressed ? " or drawn from the stress seed" : "");
	print_stress();
}

/* The failing G's path in one sentence: where its callback began, where it
 * was preempted and whether it was still locked there, where it resumed. */
static void print_story(void)
{
	const struct ex_row *entered = NULL, *before = NULL, *moved = NULL;
	int g = run.throwg, lvl;

	if (g <= 0 || g > sched.ng)
		return;
	lvl = sched.allg[g - 1].lvl; /* the level that returns to C */
	for (size_t i = 0; i < run.nrow; i++) {
		const struct ex_row *w = &run.row[i];

		if (w->g != g)
			continue;
		if (run.preemptsite < 0 || w->step < run.preemptstep) {
			if (w->site == SITE_CGOCALLBACKG && w->lvl == lvl)
				entered = w;
			before = w;
		} else if (w->fromm && moved == NULL) {
			moved = w;
		}
	}
	printf("  story     g%d", g);
	if (entered != NULL)
		printf(" entered its callback on m%d (step %u)", entered->m - 1, entered->step);
	if (run.preemptsite >= 0) {
		printf("%s was preempted (%s) at %s in step %u", entered ? "," : "",
		       sf_choice_name(K_PREEMPT, run.preemptchoice), site_label(run.preemptsite), run.preemptstep);
		if (before != NULL && before->m != 0)
			printf(" %s m%d", before->lockedg == g ? "while still locked to" : "while no longer locked to",
			       before->m - 1);
	}
	if (moved != NULL && moved->step == run.res.steps)
		printf(", then ran on m%d in step %u, where it failed\n", moved->m - 1, moved->step);
	else if (moved != NULL)
		printf(", then ran on m%d from step %u and failed in step %llu\n", moved->m - 1, moved->step,
		       (unsigned long long)run.res.steps);
	else
		printf(" and failed in step %llu\n", (unsigned long long)run.res.steps);
}

static void print_header(const struct sf_target *tgt, const char *build, long filesize)
{
	char abs[PATH_MAX];

	printf("explain %s\n", inpath);
	printf("  sha256    %s (%zu byte(s) the target reads", sha, size);
	if (textinput)
		printf(", encoded from the text form");
	else if (filesize > (long)size)
		printf(" of %ld: the targets read at most %d", filesize, SF_MAX_INPUT);
	printf("; %zu record(s)", size / SF_RECSIZE);
	if (size % SF_RECSIZE)
		printf(", %zu trailing byte(s) ignored", size % SF_RECSIZE);
	printf(")\n");
	printf("  target    %s (M-identity assertion %s)\n", tgt->name, tgt->checkm ? "on" : "off");
	printf("  ordering  %s: %s [%s, %s]\n", run.var->name, run.var->what, run.var->issue, run.var->commit);
	if (sf_target_variant(tgt) == NULL)
		printf("            (differential: every ordering runs; the target fails only if a row that must\n"
		       "            pass fails, so that row is explained; buggy rows:%s)\n", buggyrows);
	print_shape();
	printf("  replay    ");
	shellword(stdout, build);
	printf("/replay/%s %s-- ", tgt->name, textinput ? "--text " : "");
	shellword(stdout, realpath(inpath, abs) != NULL ? abs : inpath);
	printf("\n");
	if (run.res.status == SF_OK) {
		printf("  outcome   passes: %llu steps, %d callbacks, trace %016llx\n", (unsigned long long)run.res.steps,
		       run.res.callbacks, (unsigned long long)run.res.tracehash);
		return;
	}
	printf("  outcome   fatal error: %s\n", run.res.fatal);
	printf("            at step %llu, site %s, g%d on m%d (thread t%d)", (unsigned long long)run.res.steps,
	       site_label(run.throwsite), run.throwg, run.throwm - 1, run.throwthread);
	if (run.preemptsite >= 0)
		printf("; g%d was preempted (%s) at %s in step %u", run.throwg,
		       sf_choice_name(K_PREEMPT, run.preemptchoice), site_label(run.preemptsite), run.preemptstep);
	printf("\n");
	print_story();
	if (!tgt->checkm)
		printf("  note      this target has the M-identity assertion off: under ASan (its libFuzzer and\n"
		       "            AFL++ builds%s) a return to C on the wrong stack is reported as\n"
		       "            use-after-poison in cframe_pop, which would end this process.  explain runs\n"
		       "            the model with the C-frame check instead (C stacks kept readable), which\n"
		       "            throws \"return to C on a foreign C stack frame\" and is recovered from.\n",
		       ex_asan() ? ", and this one" : "");
	else if (strcmp(run.res.fatal, "return to C on a foreign C stack frame") == 0 && ex_asan())
		printf("  note      an ASan build reports this as use-after-poison in cframe_pop; explain runs the\n"
		       "            model with the C-frame check instead\n");
}

int main(int argc, char **argv)
{
	const char *svg = NULL, *chrome = NULL, *tname = NULL;
	const struct sf_target *tgt;
	char build[PATH_MAX];
	long lanes_limit = 600, n, filesize = -1;
	bool opts = true, forcetext = false, forcebinary = false;
	int rc = 0;
	FILE *probe;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (opts && strcmp(a, "--") == 0) {
			opts = false;
		} else if (opts && sf_is_help(a)) {
			fputs(usage, stdout);
			return 0;
		} else if (opts && strcmp(a, "--svg") == 0) {
			if (v == NULL)
				return die("%s needs a file", a);
			svg = v, i++;
		} else if (opts && strcmp(a, "--chrome-trace") == 0) {
			if (v == NULL)
				return die("%s needs a file", a);
			chrome = v, i++;
		} else if (opts && strcmp(a, "--target") == 0) {
			if (v == NULL)
				return die("%s needs a target name", a);
			tname = v, i++;
		} else if (opts && strcmp(a, "--text") == 0) {
			forcetext = true;
			forcebinary = false;
		} else if (opts && strcmp(a, "--binary") == 0) {
			forcebinary = true;
			forcetext = false;
		} else if (opts && strcmp(a, "--lanes") == 0) {
			char *end;

			if (v == NULL)
				return die("%s needs 'all' or a number", a);
			lanes_limit = strcmp(v, "all") == 0 ? -1 : strtol(v, &end, 10);
			if (strcmp(v, "all") != 0 && (*end != '\0' || lanes_limit < 1))
				return die("--lanes wants 'all' or a positive number, not '%s'", v);
			i++;
		} else if (opts && a[0] == '-' && a[1] != '\0') {
			return die("unknown option '%s'", a);
		} else if (inpath != NULL) {
			return die("one INPUT only ('%s' is a second)", a);
		} else {
			inpath = a;
		}
	}
	if (inpath == NULL)
		return die("%s", "no INPUT given");
	if ((svg != NULL && (rc = ex_out_check("--svg", svg, inpath, chrome)) != 0) ||
	    (chrome != NULL && (rc = ex_out_check("--chrome-trace", chrome, inpath, svg)) != 0))
		return rc;
	textinput = forcetext || (!forcebinary && has_suffix(inpath, ".txt"));
	n = textinput ? sf_read_text_input(inpath, data, sizeof data) : sf_read_input(inpath, data, sizeof data);
	if (n < 0)
		return 2;
	size = (size_t)n;
	if (!textinput && (probe = fopen(inpath, "rb")) != NULL) {
		if (fseek(probe, 0, SEEK_END) == 0)
			filesize = ftell(probe);
		fclose(probe);
	}
	if (tname != NULL) {
		if ((tgt = sf_target_named(tname)) == NULL)
			return die("unknown target '%s'", tname);
	} else if ((tgt = ex_target_in_path(inpath)) == NULL && (!textinput || (tgt = ex_target_in_text(inpath)) == NULL)) {
		return die("cannot tell the target of '%s' from its path: give --target", inpath);
	}
	builddir(argv[0], build, sizeof build);
	ex_sha256_hex(data, size, sha);

	/* The buggy rows first: every run resets the model, and the tables
	 * below read the explained run's final state. */
	for (int i = 0; sf_target_variant(tgt) == NULL && i < sf_nvariants; i++) {
		struct ex_run alt = {.tgt = tgt, .var = &sf_variants[i], .rkind = -1};
		size_t o = strlen(buggyrows);

		if (!sf_variant_buggy(&sf_variants[i]))
			continue;
		ex_run_input(&alt, data, size);
		snprintf(buggyrows + o, sizeof buggyrows - o, " %s %s", sf_variants[i].name,
			 alt.res.status == SF_OK ? "ok" : alt.res.fatal);
		ex_free(&alt);
	}
	run = (struct ex_run){.tgt = tgt, .keep = true, .rkind = -1};
	ex_run_input(&run, data, size);
	print_header(tgt, build, filesize);
	print_decisions();
	print_lanes(lanes_limit);
	if (run.res.status != SF_OK) {
		print_state();
		print_counterfactual(tgt);
	} else {
		printf("\nthe run passes: there is no failure to explain (not reproducible on %s)\n", tgt->name);
	}
	fflush(stdout);
	/* The counterfactual runs reused the model: put the explained run back
	 * for the pictures' lane names. */
	if (svg != NULL || chrome != NULL) {
		ex_free(&run);
		run = (struct ex_run){.tgt = tgt, .keep = true, .rkind = -1};
		ex_run_input(&run, data, size);
		if (svg != NULL)
			rc = write_svg(svg, tgt);
		if (chrome != NULL && rc == 0)
			rc = write_chrome(chrome, tgt);
	}
	ex_free(&run);
	if (rc != 0)
		return rc;
	return run.res.status == SF_OK ? 1 : 0;
}
