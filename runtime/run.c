/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The step loop: one run of the model (sf_run).
 *
 * Set-up is runtime·rt0_go and schedinit in miniature: GOMAXPROCS Ps, m0
 * running main on P0, one extra M (mstart's newextram when cgo is in use)
 * and the C-created threads.  Then, until main exits: choose the thread for
 * the next step (round robin among runnable threads unless a K_SWITCH
 * decision says otherwise), run one site on it, maybe deliver SIGPROF, and
 * in check builds verify the whole state.  No runnable thread while main
 * has not exited is upstream's checkdead; running past the step budget
 * means the model itself livelocked.
 */
#include <string.h>

#include "access.h"
#include "cstack.h"
#include "proc.h"
#include "throw.h"
#include "trace.h"

struct sched sched;

static bool mrunnable(const struct m *mp)
{
	switch (mp->state) {
	case Mrunning:
	case Mschedule:
	case Mexitsyscall0:
		return true;
	case Midle:
	case Mlockedwait:
	case Mtemplate:
		return mp->note;
	case Mextra:
	case Mnew:
	case Mdead:
		break;
	}
	return false;
}

bool threadrunnable(const struct thread *t)
{
	if (t->done)
		return false;
	if (t->m != NULL && !mrunnable(t->m))
		return false;
	if (t->m == NULL && !t->cthread)
		return false;
	/* _cgo_wait_runtime_init_done: the export wrapper blocks on a pthread
	 * condition until runtime.main's cgocall says runtime init is done. */
	return sched.runtimeInitDone || nextsite(t) != SITE_C_CONTEXT;
}

/* The site a thread would execute next: keys decisions and traces. */
enum site nextsite(const struct thread *t)
{
	const struct m *mp = t->m;

	if (ctinc(t))
		return t->pc;
	switch (mp->state) {
	case Mrunning: return mp->curg->pc;
	case Mextra: return SITE_SYSMON; /* never: extra Ms on the list do not run */
	case Midle: return SITE_STOPM;
	case Mlockedwait: return SITE_STOPLOCKEDM;
	case Mexitsyscall0: return SITE_EXITSYSCALL0;
	case Mtemplate: return SITE_TEMPLATETHREAD;
	case Mnew:
	case Mdead: return SITE_SYSMON; /* never: an M without a thread, or exited, does not run */
	default: return SITE_SCHEDULE;
	}
}

static void setup(const struct sf_shape *shape, const struct sf_variant *var, const struct sf_options *opt,
		  struct sf_decider *dec, struct sf_trace *trace, struct sf_result *res, jmp_buf *onthrow,
		  bool recover)
{
	struct thread *t0;
	struct m *m0;
	struct g *g1;

	memset(&sched, 0, sizeof sched);
	cstack_reset();
	/* Decisions are taken from here on: m0's execute of main has a signal point. */
	sched.dec = dec;
	sched.trace = trace;
	sched.res = res;
	sched.onthrow = onthrow;
	sched.recover = recover;
	sched.shape = *shape;
	sf_shape_clamp(&sched.shape);
	sched.var = var;
	sched.opt = *opt;
	sched.np = sched.shape.gomaxprocs;
	for (int i = 0; i < sched.np; i++)
		sched.allp[i].id = i;
	for (int i = sched.np - 1; i >= 1; i--)
		pidleput(&sched.allp[i]);

	m0 = allocm(false);
	t0 = &sched.allt[sched.nt];
	t0->id = sched.nt++;
	t0->m = m0;
	m0->thr = t0;
	cstack_init(t0, 0);
	m0->g0.sched.sp = cstack_mstart_sp(t0->stk);
	g0stack_exact(m0, t0->pstk);
	acquirep(m0, &sched.allp[0]);
	g1 = allocg(GMAIN);
	g1->pc = SITE_MAIN_INIT;
	sched.maing = g1;
	sched.cur = t0;
	execute(m0, g1);
	m0->p->schedtick = 0;

	oneNewExtraM();
	for (int i = 0; i < sched.shape.cthreads; i++) {
		struct thread *t = &sched.allt[sched.nt];

		t->id = sched.nt++;
		t->cthread = true;
		t->slot = i;
		t->pc = SITE_CT_LOOP;
		cstack_init(t, 0);
	}
	/* Generous: about 12 steps make a callback; preempting at every PP
	 * adds a few per PP. */
	sched.maxsteps = 400 * (uint64_t)(sf_shape_callbacks(&sched.shape) + sched.shape.goroutines + 8);
}

/*
 * sysmon's retake (proc.go:5478).  Upstream sysmon runs on its own thread
 * and may retake any P that has stayed in _Psyscall for a tick, at any
 * moment; the model has no clock, so after every step a K_RETAKE decision
 * says whether it does now, and which: 0 none, 1 the stepping thread's own
 * P (its m.oldp) if that is in _Psyscall, then the others by P id.
 */
static void sysmon_retake(const struct thread *t, enum site site)
{
	struct p *cand[MAXP], *own = t->m != NULL ? t->m->oldp : NULL;
	int n = 0, c;

	if (own != NULL && own->status == Psyscall)
		cand[n++] = own;
	else
		own = NULL;
	for (int i = 0; i < sched.np; i++)
		if (sched.allp[i].status == Psyscall && &sched.allp[i] != own)
			cand[n++] = &sched.allp[i];
	c = decide(K_RETAKE, site, n + 1, 0);
	if (c > 0) {
		sched.insysmon = true;
		retake(cand[c - 1]);
		sched.insysmon = false;
	}
}

/*
 * sysmon, when nothing else can run: it retakes every P left in _Psyscall,
 * which is what frees the P an extra M leaves behind when it returns to C
 * and drops its M, if no K_RETAKE took it earlier.  Returns whether it
 * found one.
 */
static bool sysmon(void)
{
	bool found = false;

	sched.cur = NULL;
	sched.cursite = SITE_SYSMON;
	for (int i = 0; i < sched.np; i++) {
		struct p *pp = &sched.allp[i];

		readobj(O_POWN, pp->id);
		if (pp->status != Psyscall)
			continue;
		writeobj(O_POWN, pp->id);
		if (!found)
			trace_step(SITE_SYSMON);
		found = true;
		retake(pp);
	}
	return found;
}

static int runnablethreads(int *runnable)
{
	int n = 0;

	for (int i = 0; i < sched.nt; i++)
		if (threadrunnable(&sched.allt[i]))
			runnable[n++] = i;
	return n;
}

static struct thread *pickthread(void)
{
	int *runnable = sched.runnable, n, def = 0, c;

	n = runnablethreads(runnable);
	if (n == 0 && sysmon())
		n = runnablethreads(runnable);
	sched.nrunnable = n;
	if (n == 0) {
		print("runtime: no runnable thread at step %llu; main is %s\n", (unsigned long long)sched.step,
		      sched.maing->status == Gwaiting ? "waiting" : "not waiting");
		throw("all goroutines are asleep - deadlock!");
	}
	/* Round robin: the first runnable thread after the previous one. */
	for (int i = 0; i < n; i++)
		if (runnable[i] > sched.rr) {
			def = i;
			break;
		}
	c = decide(K_SWITCH, sched.lastsite, n, def);
	sched.rr = runnable[c];
	return &sched.allt[runnable[c]];
}

/* What a step may change of its own thread, M, G and P, for the checker. */
static void touchown(struct thread *t)
{
	struct m *mp = t->m;

	touch(O_CSTACK, t->id);
	if (mp == NULL)
		return;
	touch(O_MSTATE, mp->id);
	if (mp->curg != NULL)
		touch(O_GSTATE, mp->curg->id);
	if (mp->p != NULL)
		touch(O_POWN, mp->p->id);
	if (mp->oldp != NULL)
		touch(O_POWN, mp->oldp->id);
}

static void step(struct thread *t)
{
	struct m *mp = t->m;
	enum site site = nextsite(t);

	sched.cur = t;
	sched.cursite = site;
	sched.step++;
	memset(&sched.acc, 0, sizeof sched.acc);
	touchown(t);
	trace_step(site);
	if (ctinc(t)) {
		cthreadstep(t);
	} else {
		switch (mp->state) {
		case Mrunning: gostep(t, mp, mp->curg); break;
		case Mschedule: schedule(mp); break;
		case Midle: stopm_wake(mp); break;
		case Mlockedwait: stoplockedm_wake(mp); break;
		case Mexitsyscall0: exitsyscall0_locked(mp); break;
		case Mtemplate: templateThread(mp); break;
		case Mnew: throw("model: stepping an M that has no thread yet");
		case Mdead: throw("model: stepping an M that has exited");
		case Mextra: throw("model: stepping an extra M on the list");
		}
	}
	touchown(t);
	sched.lastsite = site;
	if (sched.opt.onstep != NULL)
		sched.opt.onstep(t->id, site, mp ? mp->id + 1 : 0, mp && mp->curg ? mp->curg->id : 0);
	if (decide(K_SIGPROF, site, 2, 0))
		sigprof_after_step(t);
	sysmon_retake(t, site);
}

int sf_current_callbacks(void)
{
	return sched.callbacks;
}

int sf_run(const struct sf_shape *shape, const struct sf_variant *var, const struct sf_options *opt,
	   struct sf_decider *dec, struct sf_trace *trace, bool recover, struct sf_result *res)
{
	jmp_buf env;

	memset(res, 0, sizeof *res);
	if (trace != NULL)
		sf_trace_reset(trace);
	sf_totals_begin();
	if (recover || sf_tolerating()) {
		if (setjmp(env) != 0) {
			sched.onthrow = NULL;
			sched.res = NULL;
			sf_totals_end();
			return res->status;
		}
	}
	/* A recovering run longjmps on every throw; a tolerating one
	 * (SCHEDFUZZ_BUG) only on the tolerated ones. */
	setup(shape, var, opt, dec, trace, res, recover || sf_tolerating() ? &env : NULL, recover);
	while (!sched.exited) {
		struct thread *t;

		if (sched.step >= sched.maxsteps) {
			print("runtime: %llu steps and main has not exited\n", (unsigned long long)sched.step);
			throw("model: step budget exhausted");
		}
		t = pickthread();
		step(t);
		if (dec->stepped != NULL)
			dec->stepped(dec, t->id);
		if (opt->afterstep != NULL)
			opt->afterstep(opt->afterstep_arg);
		if (opt->checkstate) {
			checkstate(opt->checkstate, sched.step == 1 || sched.exited || opt->afterstep != NULL);
			res->checks++;
		}
		if (opt->strict)
			checkwindow();
	}
	extramcheck(); /* quiescence: the counters checkmcount reads */
	res->status = SF_OK;
	res->steps = sched.step;
	res->callbacks = sched.callbacks;
	res->tracehash = trace != NULL ? trace->hash : 0;
	sched.onthrow = NULL;
	sched.res = NULL;
	sf_totals_end();
	return SF_OK;
}
