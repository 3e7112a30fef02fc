/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Death tests of the whole-state checker (runtime/check.c), one per rule.
 *
 * Each rule gets a state that breaks it and no rule the checker looks at
 * before it: a seeded run of a busy shape (C threads, nesting, a locked
 * worker, frequent sysmon and GC preemptions) goes until the state the rule
 * talks about first arises, the test hook breaks it there, and the checker
 * must throw that rule's own message at that very step.  The same runs,
 * unbroken, pass: the throw is the rule's, not the run's.
 */
#include <stdio.h>
#include <string.h>

#include "../runtime/cstack.h"
#include "../runtime/proc.h"
#include "test.h"

#define NSEEDS 60

/* ---- finding the state a rule talks about ---- */

static struct p *p_with(enum pstatus st)
{
	for (int i = 0; i < sched.np; i++)
		if (sched.allp[i].status == st)
			return &sched.allp[i];
	return NULL;
}

static struct m *m_in(enum mstate st)
{
	for (int i = 0; i < sched.nm; i++)
		if (sched.allm[i].state == st)
			return &sched.allm[i];
	return NULL;
}

static struct g *g_with(enum gstatus st)
{
	for (int i = 0; i < sched.ng; i++)
		if (sched.allg[i].status == st)
			return &sched.allg[i];
	return NULL;
}

/* A running M whose G is in C (_Gsyscall), or in Go (_Grunning). */
static struct m *m_running(enum gstatus st)
{
	for (int i = 0; i < sched.nm; i++)
		if (sched.allm[i].state == Mrunning && sched.allm[i].curg->status == st)
			return &sched.allm[i];
	return NULL;
}

static struct m *m_unlocked(void)
{
	for (int i = 0; i < sched.nm; i++)
		if (sched.allm[i].lockedg == NULL && sched.allm[i].lockedInt == 0 && sched.allm[i].lockedExt == 0)
			return &sched.allm[i];
	return NULL;
}

static struct m *m_without_p(void)
{
	for (int i = 0; i < sched.nm; i++)
		if (sched.allm[i].p == NULL)
			return &sched.allm[i];
	return NULL;
}

/* A live thread with a live C frame; Go-created only if `gocreated`. */
static struct thread *t_with_frame(bool gocreated)
{
	for (int i = 0; i < sched.nt; i++) {
		struct thread *t = &sched.allt[i];

		if (!t->done && t->stk != NULL && t->stk->sp < cstack_mstart_sp(t->stk) && (!gocreated || !t->cthread))
			return t;
	}
	return NULL;
}

static struct cframe *topframe(struct thread *t)
{
	return (struct cframe *)(void *)t->stk->sp;
}

/* A runnable G on a P's local run queue. */
static struct g *g_on_local_runq(void)
{
	for (int i = 0; i < sched.np; i++) {
		struct p *pp = &sched.allp[i];

		if (pp->runqhead != pp->runqtail)
			return pp->runq[pp->runqhead % RUNQSIZE];
	}
	return NULL;
}

static struct g *g_running_unlocked(void)
{
	for (int i = 0; i < sched.ng; i++)
		if (sched.allg[i].status == Grunning && sched.allg[i].lockedm == NULL)
			return &sched.allg[i];
	return NULL;
}

static struct p *p_on_idle_list(void)
{
	return sched.npidle > 0 ? sched.pidle[0] : NULL;
}

/* ---- the breaks: each returns whether the state it needs was there ---- */

/* A running M put into another M state (zoo part 2's): it keeps its
 * thread, its G and its P, which no M in that state has. */
static bool running_m_as(enum mstate st)
{
	struct m *mp = m_running(Grunning);

	if (mp == NULL)
		return false;
	mp->state = st;
	return true;
}

static bool running_m_on_handoff_list(void)
{
	struct m *mp = m_running(Grunning);

	if (mp == NULL)
		return false;
	sched.newmHandoff.newm[sched.newmHandoff.n++] = mp;
	return true;
}

static bool new_m_with_thread(void)
{
	return running_m_on_handoff_list() && running_m_as(Mnew);
}

static bool template_m_stray(void)
{
	return running_m_as(Mtemplate);
}

static bool dead_m_with_g(void)
{
	return running_m_as(Mdead);
}

static bool exitsyscall0_m_with_g(void)
{
	return running_m_as(Mexitsyscall0);
}

/* A G in Go code marked as resuming from exitsyscall's slow path, which
 * would keep its syscallsp until then. */
static bool sysexit_without_syscallsp(void)
{
	for (int i = 0; i < sched.ng; i++) {
		struct g *gp = &sched.allg[i];

		if (gp->status == Grunning && gp->syscallsp == 0 && !gp->sysexit) {
			gp->sysexit = true;
			return true;
		}
	}
	return false;
}

static bool sp_outside(void)
{
	struct thread *t = &sched.allt[0];

	t->stk->sp = t->stk->hi;
	return true;
}

static bool frame_size_bad(void)
{
	struct thread *t = t_with_frame(false);

	if (t == NULL)
		return false;
	topframe(t)->size = 8; /* shorter than its own header */
	return true;
}

static bool stack_not_owned(void)
{
	sched.allt[0].stk->owner = sched.allt[0].id + 1;
	return true;
}

static bool frame_of_other_thread(void)
{
	struct thread *t = t_with_frame(false);

	if (t == NULL || sched.nt < 2)
		return false;
	topframe(t)->thread = (uint16_t)((t->id + 1) % sched.nt);
	return true;
}

static bool frame_junk(void)
{
	struct thread *t = t_with_frame(false);

	if (t == NULL)
		return false;
	topframe(t)->kind = 0x6a756e6b;
	return true;
}

static bool frame_of_other_m(void)
{
	struct thread *t = t_with_frame(true);

	if (t == NULL)
		return false;
	topframe(t)->m = (uint16_t)(t->m->id + 2); /* another M's id + 1 */
	return true;
}

static bool g0sp_not_a_frame(void)
{
	struct thread *t = &sched.allt[0]; /* m0's: a Go-created M */

	t->m->g0.sched.sp = t->stk->lo;
	return true;
}

static bool globrunq_not_runnable(void)
{
	if (sched.runqsize == 0)
		return false;
	sched.runq[sched.runqhead % MAXG]->status = Gwaiting;
	return true;
}

static bool preempted_not_preempted(void)
{
	if (sched.npreempted == 0)
		return false;
	sched.preempted[0]->status = Grunnable;
	return true;
}

static bool localrunq_not_runnable(void)
{
	struct g *gp = g_on_local_runq();

	if (gp == NULL)
		return false;
	gp->status = Gwaiting;
	return true;
}

static bool p_two_owners(void)
{
	struct p *pp = p_with(Prunning);
	struct m *mp = m_without_p();

	if (pp == NULL || mp == NULL)
		return false;
	mp->p = pp;
	return true;
}

static bool running_p_no_m(void)
{
	struct p *pp = p_with(Prunning);

	if (pp == NULL)
		return false;
	pp->m = NULL;
	return true;
}

static bool running_p_idle(void)
{
	struct p *pp = p_with(Prunning);

	if (pp == NULL)
		return false;
	sched.pidle[sched.npidle++] = pp;
	return true;
}

static bool syscall_p_no_m(void)
{
	struct p *pp = p_with(Psyscall);

	if (pp == NULL)
		return false;
	for (int i = 0; i < sched.nm; i++)
		if (sched.allm[i].oldp == pp)
			sched.allm[i].oldp = NULL;
	return true;
}

static bool syscall_p_idle(void)
{
	struct p *pp = p_with(Psyscall);

	if (pp == NULL)
		return false;
	sched.pidle[sched.npidle++] = pp;
	return true;
}

static bool idle_p_with_m(void)
{
	struct p *pp = p_on_idle_list();

	if (pp == NULL)
		return false;
	pp->m = &sched.allm[0];
	return true;
}

static bool idle_p_lost(void)
{
	if (sched.npidle == 0)
		return false;
	sched.npidle--; /* the last one on the list falls off it */
	return true;
}

static bool lock_underflow(void)
{
	sched.allm[0].lockedInt = (uint32_t)-1;
	return true;
}

static bool lockedg_without_count(void)
{
	struct m *mp = m_unlocked();

	if (mp == NULL)
		return false;
	mp->lockedExt = 1;
	return true;
}

static bool lockedg_lockedm(void)
{
	if (sched.extraM == NULL)
		return false;
	sched.extraM->lockedg->lockedm = NULL; /* an extra M on the list is locked to its G */
	return true;
}

static bool ncgo_negative(void)
{
	sched.allm[0].ncgo = -1;
	return true;
}

static bool thread_m_disagree(void)
{
	sched.allm[0].thr->m = NULL;
	return true;
}

static bool m_p_elsewhere(void)
{
	struct m *mp = m_without_p();

	if (mp == NULL || sched.np >= MAXP)
		return false;
	sched.allp[sched.np].id = sched.np;
	/* A P beyond GOMAXPROCS in none of the states: the P rules, which
	 * judge a P by its state, pass over it; only this rule sees it. */
	sched.allp[sched.np].status = (enum pstatus)0x7f;
	mp->p = &sched.allp[sched.np];
	return true;
}

static bool running_m_on_idle_list(void)
{
	struct m *mp = m_in(Mrunning);

	if (mp == NULL)
		return false;
	sched.midle[sched.nmidle++] = mp;
	return true;
}

static bool extra_m_twice(void)
{
	if (sched.extraM == NULL)
		return false;
	sched.extraM->schedlink = sched.extraM; /* the list comes back to its head */
	return true;
}

static bool m_on_extra_list(void)
{
	sched.allm[0].schedlink = sched.extraM;
	sched.extraM = &sched.allm[0];
	sched.extraMLength++;
	return true;
}

static bool running_m_curg_elsewhere(void)
{
	struct m *mp = m_in(Mrunning);

	if (mp == NULL)
		return false;
	mp->curg->m = NULL;
	return true;
}

static bool running_m_g_waiting(void)
{
	struct m *mp = m_in(Mrunning);

	if (mp == NULL)
		return false;
	mp->curg->status = Gwaiting;
	return true;
}

static bool syscall_with_go_status(void)
{
	struct m *mp = m_running(Gsyscall);

	if (mp == NULL || mp->p != NULL)
		return false;
	mp->curg->status = Grunning;
	return true;
}

static bool bad_extra_m(void)
{
	if (sched.extraM == NULL)
		return false;
	sched.extraM->curg->status = Grunnable;
	return true;
}

static bool idle_m_with_curg(void)
{
	struct m *mp = m_in(Midle);

	if (mp == NULL)
		return false;
	mp->curg = &sched.allg[0];
	return true;
}

static bool schedule_without_p(void)
{
	for (int i = 0; i < sched.nmidle; i++) {
		struct m *mp = sched.midle[i];

		if (mp->state == Midle && !mp->note && mp->p == NULL) {
			sched.midle[i] = sched.midle[--sched.nmidle];
			mp->state = Mschedule;
			return true;
		}
	}
	return false;
}

static bool nmspinning_off(void)
{
	sched.nmspinning++;
	return true;
}

/* A queue a G is parked on: the WaitGroup's semaphore or main_init_done. */
static struct waitq *nonempty_waitq(void)
{
	if (sched.wg.semq.n > 0)
		return &sched.wg.semq;
	if (sched.mainInitDone.recvq.n > 0)
		return &sched.mainInitDone.recvq;
	return NULL;
}

static bool queued_g_not_waiting(void)
{
	struct waitq *q = nonempty_waitq();

	if (q == NULL)
		return false;
	q->g[0]->waiting = NULL; /* still on the queue */
	return true;
}

static bool waiting_g_lost(void)
{
	struct waitq *q = nonempty_waitq();

	if (q == NULL)
		return false;
	q->n--; /* its last G parked, on no queue now */
	return true;
}

static bool running_g_waiting(void)
{
	struct g *gp = g_running_unlocked();

	if (gp == NULL)
		return false;
	gp->waiting = &sched.wg.semq; /* but not on it, and running */
	return true;
}

static bool g_lockedm_lockedg(void)
{
	struct g *gp = g_running_unlocked();
	struct m *mp = m_unlocked();

	if (gp == NULL || mp == NULL)
		return false;
	gp->lockedm = mp;
	return true;
}

static bool queued_g_with_m(void)
{
	struct g *gp = g_on_local_runq();

	if (gp == NULL || gp->lockedm != NULL)
		return false;
	gp->m = &sched.allm[0];
	return true;
}

static bool too_many_contexts(void)
{
	struct g *gp = g_with(Grunning);

	if (gp == NULL)
		return false;
	gp->ncgoCtxt = gp->lvl + 2;
	return true;
}

static bool go_flagged_extrainc(void)
{
	struct m *mp = m_running(Grunning);

	if (mp == NULL || mp->curg->pc == SITE_CGOCALLBACKG_EXITED)
		return false;
	mp->extra = true;
	mp->isExtraInC = true; /* "no Go frames", while its G runs Go */
	return true;
}

static bool gocreated_extrainc(void)
{
	struct m *mp = m_in(Midle);

	if (mp == NULL || mp->extra)
		return false;
	mp->isExtraInC = true;
	return true;
}

static bool sigblocked_outside_needm(void)
{
	sched.allt[0].sigblocked = true; /* m0's thread: never in needm */
	return true;
}

static bool sigpending_unblocked(void)
{
	sched.allt[0].sigpending = SITE_LOCKEXTRA;
	return true;
}

static bool extram_length_off(void)
{
	sched.extraMLength++;
	return true;
}

static bool extram_inuse_off(void)
{
	sched.extraMInUse++; /* #60540's leak */
	return true;
}

/*
 * The rules, in the order the checker looks at them, with the break that
 * violates each: X(message, break).
 */
#define RULES(X) \
	X("checkstate: non-runnable G on the global run queue", globrunq_not_runnable) \
	X("checkstate: G on a wait queue not waiting on it", queued_g_not_waiting) \
	X("checkstate: G on the preempted list not Gpreempted", preempted_not_preempted) \
	X("checkstate: non-runnable G on a local run queue", localrunq_not_runnable) \
	X("checkstate: P owned by two Ms", p_two_owners) \
	X("checkstate: running P without its M", running_p_no_m) \
	X("checkstate: running P on the idle list", running_p_idle) \
	X("checkstate: syscall P without an M in the syscall", syscall_p_no_m) \
	X("checkstate: syscall P on the idle list", syscall_p_idle) \
	X("checkstate: idle P with an M", idle_p_with_m) \
	X("checkstate: idle P neither on the idle list nor handed to one M", idle_p_lost) \
	X("checkstate: lock count underflow", lock_underflow) \
	X("checkstate: lockedg disagrees with the lock counts", lockedg_without_count) \
	X("checkstate: m.lockedg.lockedm != m", lockedg_lockedm) \
	X("checkstate: ncgo negative", ncgo_negative) \
	X("checkstate: Go code running on an M flagged isExtraInC", go_flagged_extrainc) \
	X("checkstate: a Go-created M flagged isExtraInC", gocreated_extrainc) \
	X("checkstate: thread and M disagree", thread_m_disagree) \
	X("checkstate: m.p.m != m", m_p_elsewhere) \
	X("checkstate: M twice on a list", extra_m_twice) \
	X("checkstate: M on the idle list iff parked in stopm", running_m_on_idle_list) \
	X("checkstate: M on the extra list iff extra and unused", m_on_extra_list) \
	X("checkstate: M on newmHandoff's list iff waiting for its thread", running_m_on_handoff_list) \
	X("checkstate: M waiting for its thread with a thread, a G or no P to start with", new_m_with_thread) \
	X("checkstate: bad template thread", template_m_stray) \
	X("checkstate: exited M with a G, a P, or a live thread that is not m0's", dead_m_with_g) \
	X("checkstate: M in exitsyscall0 with a G or a P, or without the G it published", exitsyscall0_m_with_g) \
	X("checkstate: running M without its curg", running_m_curg_elsewhere) \
	X("checkstate: M runs a G that is not running", running_m_g_waiting) \
	X("checkstate: Go code without a P, or a syscall with one", syscall_with_go_status) \
	X("checkstate: bad extra M on the list", bad_extra_m) \
	X("checkstate: M off its G still has a curg", idle_m_with_curg) \
	X("checkstate: M in schedule without a P", schedule_without_p) \
	X("checkstate: nmspinning disagrees with the spinning Ms", nmspinning_off) \
	X("checkstate: G not in exactly one place", waiting_g_lost) \
	X("checkstate: g.lockedm.lockedg != g", g_lockedm_lockedg) \
	X("checkstate: g.waiting set iff _Gwaiting", running_g_waiting) \
	X("checkstate: G off an M still points at one", queued_g_with_m) \
	X("checkstate: more contexts than callbacks", too_many_contexts) \
	X("checkstate: a G between exitsyscall's slow path and its resumption lost its syscallsp", sysexit_without_syscallsp) \
	X("checkstate: thread on a C stack it does not own", stack_not_owned) \
	X("checkstate: C stack pointer out of its stack", sp_outside) \
	X("checkstate: C frame on another thread's stack", frame_of_other_thread) \
	X("checkstate: junk in a live C frame", frame_junk) \
	X("checkstate: C frame of another M on a Go-created M's stack", frame_of_other_m) \
	X("checkstate: C frame size out of its stack", frame_size_bad) \
	X("checkstate: g0.sched.sp is not a live frame", g0sp_not_a_frame) \
	X("checkstate: signals blocked on a thread outside needm", sigblocked_outside_needm) \
	X("checkstate: a signal pending on a thread that does not block it", sigpending_unblocked) \
	X("checkstate: extraMLength does not match the extra-M list", extram_length_off) \
	X("checkstate: extraMInUse does not match the extra Ms in use", extram_inuse_off)

struct rule {
	const char *msg;
	bool (*plant)(void);
};

static const struct rule rules[] = {
#define X(msg, fn) {msg, fn},
	RULES(X)
#undef X
};
#define NRULES (sizeof rules / sizeof rules[0])

/* ---- the runs ---- */

/* A shape where every list and state the checker reads gets used. */
static const struct sf_shape busy = {
	.goroutines = 4, .calls = 3, .cthreads = 2, .gomaxprocs = 2, .locked = 1, .nest = 2,
	.context = SF_CONTEXT_NONZERO,
};

/* The checker names the rule a planted break violates, at that step. */
static void test_rule(int i)
{
	const struct rule *r = &rules[i];
	struct sf_result res;

	for (int seed = 1; seed <= NSEEDS; seed++) {
		uint64_t plantedat = run_broken(&busy, "fixed", opts(), 64, seed, r->plant, &res);

		if (plantedat == 0)
			continue;
		EXPECT(res.status == SF_FATAL && strcmp(res.fatal, r->msg) == 0,
		       "seed %d, broken at step %llu: the run %s%s", seed, (unsigned long long)plantedat,
		       res.status == SF_OK ? "passed" : "died of ", res.status == SF_OK ? "" : res.fatal);
		EXPECT(res.steps == plantedat, "broken at step %llu, caught at step %llu", (unsigned long long)plantedat,
		       (unsigned long long)res.steps);
		return;
	}
	fail("the state to break never arose in %d seeded runs", NSEEDS);
}

/* The checker's checks of itself, which no planted state reaches: the
 * verify mode's (tests/search_test.c breaks it) and the incremental
 * bookkeeping's, kept in check.c's own statics. */
static const char *const selfchecks[] = {
	"checkstate: a change the checker was not told of",
	"checkstate: the incremental bookkeeping disagrees with a full rebuild",
};
#define NSELF (sizeof selfchecks / sizeof selfchecks[0])

/* Every rule of check.c (and of extramcheck, which it runs) has its row
 * above: the messages are read from the source (a rule checked in several
 * places counts once), so a new rule without a death test fails here. */
static void scan_rules(const char *path, char seen[][128], int *n)
{
	FILE *f = fopen(path, "r");
	char line[512];

	if (f == NULL) {
		fail("cannot read a runtime file (run from the repository root)");
		return;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		for (const char *q = line; (q = strstr(q, "\"checkstate: ")) != NULL; q++) {
			size_t len = strcspn(q + 1, "\"");
			bool found = false, dup = false;

			if (strstr(q, "...") == q + 13 || len >= 128)
				continue; /* the prose in the header */
			for (int i = 0; i < *n; i++)
				dup |= strlen(seen[i]) == len && strncmp(q + 1, seen[i], len) == 0;
			if (dup)
				continue;
			if (*n < 64)
				snprintf(seen[(*n)++], 128, "%.*s", (int)len, q + 1);
			for (size_t i = 0; i < NRULES; i++)
				found |= strlen(rules[i].msg) == len && strncmp(q + 1, rules[i].msg, len) == 0;
			for (size_t i = 0; i < NSELF; i++)
				found |= strlen(selfchecks[i]) == len && strncmp(q + 1, selfchecks[i], len) == 0;
			EXPECT(found, "%s has a rule with no death test: %.*s", path, (int)len, q + 1);
		}
	}
	fclose(f);
}

static void test_every_rule_listed(void)
{
	char seen[64][128];
	int n = 0;

	scan_rules("runtime/check.c", seen, &n);
	scan_rules("runtime/extram.c", seen, &n); /* extramcheck: the counters checkstate checks */
	EXPECT(n == (int)(NRULES + NSELF),
	       "runtime/check.c and extram.c have %d rules, tests/checker_test.c breaks %zu and lists %zu self-checks", n,
	       (size_t)NRULES, (size_t)NSELF);
}

/* The runs the rules are planted in pass when nothing is planted. */
static void test_unbroken_runs_pass(void)
{
	struct sf_result res;

	for (int seed = 1; seed <= NSEEDS; seed++) {
		run_broken(&busy, "fixed", opts(), 64, seed, NULL, &res);
		EXPECT(res.status == SF_OK, "seed %d died of %s without a planted break", seed, res.fatal);
	}
}

enum {
#define X(msg, fn) R_##fn,
	RULES(X)
#undef X
};

/* One test per rule. */
#define X(msg, fn) \
	static void test_##fn(void) { test_rule(R_##fn); }
RULES(X)
#undef X

const struct test checker_tests[] = {
	{"checker: unbroken busy runs pass", test_unbroken_runs_pass},
	{"checker: every rule of check.c has a death test", test_every_rule_listed},
#define X(msg, fn) {"checker rule '" msg "'", test_##fn},
	RULES(X)
#undef X
};
const size_t ncheckertests = sizeof checker_tests / sizeof checker_tests[0];
