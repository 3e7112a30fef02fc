/* SPDX-License-Identifier: Apache-2.0 */
/*
 * User signals and the signal mask of a thread in needm (upstream, Go 1.17:
 * sigtrampgo, badsignal and sighandler in signal_unix.go, needm in
 * proc.go; 368c4011^ for the order before golang/go#42207's fix).
 *
 * A user signal is any signal but SIGPROF and the preemption signal that
 * has Go's handler installed: SIGCHLD from a child (the popen), a
 * signal the program Notify'd.  The model offers one, as a K_SIGNAL
 * decision, at needm's two signal points (extram.c): lockextra (the list
 * is locked by this thread) and unlockextra (released, TLS g still nil).
 * Nowhere else: a user signal on a thread with g != nil is sighandler's
 * ordinary path, which the model's program never asks for (no Notify), and
 * one between callbacks on a C thread with no M runs badsignal on an
 * unlocked list, which only needm's windows make interesting.
 *
 * The mask is per thread (struct thread: sigblocked, sigsaved):
 *   sigsave_block  needm's sigsave+sigblock: keep the mask for minit,
 *                  block every signal Go handles.  Where it runs is the
 *                  row's (needm_sigblock_late); 1.17 does it first.
 *   minit          minitSignalMask restores the kept mask (proc.go:1991;
 *                  signal_unix.go minitSignalMask); a signal that came
 *                  while blocked was left pending by the kernel and lands
 *                  now, on a thread whose TLS g is g0 (setg, 1983).
 * The decision is taken whether or not the thread blocks it, so one input
 * sends the same signal to every row: blocked, it is pending, not lost.
 *
 * The handler, as one call (setsig's sa_mask is full: every signal is
 * blocked while it runs, so no second one nests; the kernel restores the
 * interrupted mask at sigreturn):
 *   sigtrampgo     (1.17 signal_unix.go:416) g == nil and not SIGPROF:
 *   badsignal      (:938) needm (:948), sigsend (:949) to os/signal's
 *                  queue, dropm (:954).  Its needm locks the extra-M list:
 *                  if this thread's interrupted needm holds it, lockextra
 *                  spins forever (extram.c's hang detector).  If the list
 *                  is empty (the interrupted needm took the last M, window
 *                  unlockextra), upstream's lockextra sleeps until another
 *                  thread's callback runs newextram, and hangs if none
 *                  does (368c4011's "just after we allocated the M"); the
 *                  model's handler cannot wait, so it reports that too.
 *   sighandler     (:537) g != nil: a signal flagged _SigNotify goes to
 *                  sigsend (:595), which drops it when nobody asked;
 *                  SIGCHLD is also _SigIgn (sigtab_linux_generic.go:28):
 *                  nothing happens.
 * The handler's entry and return are signal.c's (sigtramp_enter and
 * sigtramp_return), SIGPROF's own: what it saw goes to sf_options.onsignal.
 */
#include "proc.h"
#include "throw.h"

void sigsave_block(struct thread *t)
{
	t->sigsaved = t->sigblocked;
	t->sigblocked = true;
}

/* badsignal (signal_unix.go:938) on thread t, which has no M. */
static void badsignal(struct thread *t, enum site point)
{
	bool blocked = t->sigblocked, saved = t->sigsaved;
	struct m *mp;

	sigtramp_enter(t, NULL, point, SF_SIGUSER);
	sched.sig.branch = SF_SIG_BADSIGNAL;
	t->sigblocked = true; /* sa_mask */
	mp = needm(t);
	if (mp == NULL) {
		print("runtime: badsignal on t%d inside its own needm (%s) finds the extra-M list empty; upstream "
		      "lockextra sleeps until another thread's callback runs newextram, and hangs if none does\n",
		      t->id, site_name[point]);
		throw("badsignal: needm waits for an extra M inside a signal handler (hang)");
	}
	/* sigsend: queued for os/signal, or dropped; nothing the program reads. */
	dropm(t);
	t->sigblocked = blocked, t->sigsaved = saved; /* sigreturn */
	sigtramp_return();
}

/* A signal point inside needm: a user signal on the current thread. */
void signal_point(enum site point)
{
	struct thread *t = sched.cur;

	/* A handler's own needm: every signal is blocked (sa_mask), and the
	 * model nests none. */
	if (t == NULL || t->m != NULL || sched.inhandler || !decide(K_SIGNAL, point, 2, 0))
		return;
	if (t->sigblocked)
		t->sigpending = point;
	else
		badsignal(t, point);
}

/* minit's minitSignalMask: the mask sigsave kept; a pending user signal
 * lands on the thread, now with TLS g = g0: sighandler ignores it. */
void minit_sigmask(struct thread *t)
{
	enum site point = (enum site)t->sigpending;

	t->sigblocked = t->sigsaved;
	if (t->sigblocked || t->sigpending == 0)
		return;
	t->sigpending = 0;
	sigtramp_enter(t, &t->m->g0, point, SF_SIGUSER);
	sched.sig.pending = true;
	sched.sig.branch = SF_SIG_IGNORED;
	sigtramp_return();
}
