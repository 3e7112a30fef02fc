/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The model's Gs, Ms, Ps and scheduler state (upstream: runtime/runtime2.go).
 *
 * Everything lives in one struct sched, reset at the start of every run, so a
 * fuzz engine can run millions of inputs in one process with nothing carried
 * over.  All sizes are fixed and clamped by the shape (shape.c): a run can
 * neither allocate nor grow.  Pointers link objects inside struct sched only;
 * no address ever decides anything (ids do), so runs are reproducible.
 */
#ifndef SCHEDFUZZ_RUNTIME2_H
#define SCHEDFUZZ_RUNTIME2_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "runtime.h"
#include "sites.h"

/* Hard capacity; shapes are clamped well inside it (shape.c). */
#define MAXG 40      /* main + workers + one G per extra M */
#define MAXM 40      /* Go-created Ms plus extra Ms */
#define MAXP 4       /* GOMAXPROCS */
#define MAXTHREAD 48 /* one per Go-created M plus the C-created threads */
#define MAXNEST 3    /* C->Go->C->Go depth */
#define RUNQSIZE 64  /* per-P local run queue (upstream: 256) */
_Static_assert(MAXTHREAD <= SF_SEARCH_MAXTHREAD && MAXG < SF_SEARCH_MAXG, "search.c's tables are too small");

/*
 * G statuses (upstream _G* constants).  For each: who owns the G and where it
 * is.  checkstate() verifies every line of this table after every step.
 */
enum gstatus {
	/* _Gidle: never used after allocation; unused slots are zeroed. */
	Gidle,
	/* _Grunnable: on exactly one run queue (a P's local runq or the global
	 * runq); g.m == nil; no M owns it. */
	Grunnable,
	/* _Grunning: owned by g.m; g.m.curg == g; g.m holds a P; the G executes
	 * Go code.  On no queue. */
	Grunning,
	/* _Gsyscall: owned by g.m, g.m.curg == g; the M executes C code (or a
	 * syscall) for it.  The M's P, if any, is in _Psyscall as m.oldp. */
	Gsyscall,
	/* _Gwaiting: parked by gopark on one wait queue (g.waiting: a
	 * channel's receivers or a semaphore's waiters); on no run queue, no
	 * M; the waker dequeues it and ready() puts it on a run queue. */
	Gwaiting,
	/* _Gpreempted: stopped by preemptPark for a GC suspendG; on
	 * sched.preempted until resumeG readies it; no M. */
	Gpreempted,
	/* _Gdead: finished, or the G of an extra M that is on the extra-M
	 * list.  On no queue; no M (extra Ms: g.m stays the extra M). */
	Gdead,
};

/* P statuses (upstream _P*). */
enum pstatus {
	Pidle,    /* on sched.pidle, p.m == nil */
	Prunning, /* p.m == the M that runs Go code with it (m.p == p) */
	Psyscall, /* p.m == nil; the M in the syscall has m.oldp == p and may take
		   * it back; sysmon may retake it (-> Pidle or handoffp) */
};

/* What a thread is doing.  Not an upstream type: upstream this is implicit in
 * where the thread's PC is.  The step loop only runs threads that are not
 * parked. */
enum mstate {
	Mrunning,    /* executing m.curg: Go code, or C code for a _Gsyscall curg */
	Mschedule,   /* on g0 in schedule(): next step looks for work */
	Midle,       /* parked in stopm, on sched.midle; startm sets m.note */
	Mlockedwait, /* parked in stoplockedm; startlockedm sets m.note */
	Mextra,      /* extra M on the extra-M list: no thread behind it */
	Mexitsyscall0, /* on g0 between exitsyscall0's unlock of sched.lock and its
			* decision: stoplockedm or stopm (no P, no curg, not parked) */
	Mnew,        /* allocated by newm, on newmHandoff's list: no thread yet; nextp set */
	Mtemplate,   /* the template thread, parked in notesleep until m.note */
	Mdead,       /* mexit done: its thread exited (m0: wedged in mPark for good) */
};

/* A deferred call of cgocallbackg1, in registration order. */
enum deferkind {
	DEFER_UNLOCK = 1, /* fixed: defer unlockOSThread() (no wrapper) */
	DEFER_POPCTXT,    /* dwrap.1: pop gp.cgoCtxt */
	DEFER_UNWINDM,    /* dwrap.2: unwindm(&restore) */
};

/* What a G unwinds its stack for (gopanic, Goexit). */
enum { UNWIND_NONE, UNWIND_PANIC, UNWIND_GOEXIT };

/*
 * Objects of shared state, for access.h: a class and an instance id (M, G,
 * P or thread id; 0 for a global list).  The first O_NSHARED classes are
 * the state the callback-path bugs are about (reads-from pairs are kept
 * for them); the rest is what else the checker checks.
 */
enum sf_obj {
	O_G0SP,    /* m.g0.sched.sp, per M */
	O_CURG,    /* m.curg, per M */
	O_GM,      /* g.m, per G */
	O_LOCKEDG, /* m.lockedg and the lock counts, per M */
	O_LOCKEDM, /* g.lockedm, per G */
	O_RUNQ,    /* the global run queue and the preempted list */
	O_PRUNQ,   /* a P's local run queue, per P */
	O_POWN,    /* who owns a P: p.m, p.status, the idle-P list, m.p/oldp/nextp; per P */
	O_EXTRAM,  /* the extra-M list and its waiters */
	O_MIDLE,   /* the idle-M list, nmspinning, newmHandoff (its list, waiting, the template M) */
	O_WAITQ,   /* the program's wait objects: main_init_done, the WaitGroup and its semaphore */
	O_NSHARED,
	O_GSTATE = O_NSHARED, /* the rest of a G (status, preempt, cgo levels), per G */
	O_MSTATE,             /* the rest of an M (state, incgo, ncgo, spinning, note), per M */
	O_CSTACK,             /* a thread's C stack and its binding to an M, per thread */
	NOBJ
};

/* Objects a step read and wrote, one bit per instance. */
struct access {
	uint64_t r[NOBJ], w[NOBJ];
};

/* The last write of a shared object: site and thread id + 1 (0: never). */
struct lastwrite {
	uint8_t site, thread;
};

struct m;
struct p;
struct thread;

/* Gs parked on one wait object, FIFO (upstream: a channel's recvq, a
 * semaphore root's queue of sudogs for one address). */
struct waitq {
	struct g *g[MAXG];
	int n;
};

/* upstream gobuf: only the stack pointer matters to this model. */
struct gobuf {
	char *sp; /* g0: the C stack cursor cgocallback pushes below; else unused */
};

/*
 * One Go->C->Go round at one nesting level: the locals of cgocall,
 * cgocallbackg and cgocallbackg1 that upstream keep in their frames.
 * Valid while lvl >= its index.
 */
struct cgolevel {
	struct m *callm;   /* cgocall: mp := getg().m, decremented on return */
	uintptr_t ctxt;    /* the context value crosscall2 passed */
	struct m *checkm;  /* cgocallbackg: checkm := gp.m (B3) */
	uintptr_t savedsp; /* cgocallbackg: gp.syscallsp at entry (B4) */
	uint32_t seq;      /* tag of the cgocallback C frame pushed for this level */
	uint32_t asmseq;   /* tag of asmcgocall's C frame (0 for a C thread's level 0) */
	uint8_t defers[3]; /* cgocallbackg1's deferred calls, registration order */
	uint8_t ndefer;
	bool cbframe;    /* asm cgocallback's frame is on the G's stack (A3 to A4) */
	bool userlocked; /* LockOSThread was called around this cgocall */
	bool incb;       /* between cgocallbackg entry (B2) and reentersyscall (B8) */
	uint8_t reps;    /* callbacks the C function of this level's cgocall has made */
	/* cgocallbackg's oldStack and oldAccurate (76a8409e): the g0 bounds
	 * at the callback's entry, put back when it returns. */
	uintptr_t oldlo, oldhi;
	bool oldaccurate;
};

struct g {
	int id;                 /* g1 is main; workers follow; extra Ms' Gs last */
	enum gstatus status;
	struct m *m;            /* valid in Grunning and Gsyscall; extra-M Gs keep theirs */
	struct m *lockedm;      /* set by dolockOSThread, cleared by dounlockOSThread */
	struct waitq *waiting;  /* in _Gwaiting: the queue it is parked on */
	struct gobuf sched;
	enum site pc;           /* the next site this G executes */
	enum site resumepp;     /* a PP just preempted here: let it pass once */
	bool preempt;           /* preempt request pending (stackguard0 == stackPreempt) */
	bool preemptStop;       /* GC wants it parked in _Gpreempted */
	bool throwsplit;        /* set by reentersyscall: no stack split allowed */
	uintptr_t syscallsp;    /* SP where the syscall began: set in Gsyscall, kept until the G resumes */
	bool sysexit;           /* queued by exitsyscall's slow path: its tail runs when the G resumes */
	uintptr_t stacklo, stackhi; /* the Go stack, as addresses only the model sees; g0: real C stack */
	uintptr_t stackguard0;  /* g0 only: stack.lo + stackGuard, what a g0 prologue compares SP with */
	uintptr_t cgoCtxt[MAXNEST]; /* gp.cgoCtxt: pushed contexts, read by SIGPROF */
	int ncgoCtxt;
	int kind;               /* GMAIN, GWORKER, GEXTRA */
	int j;                  /* the worker's loop counter */
	bool userlock;          /* a worker that LockOSThreads around each call */
	bool lockexit;          /* a worker that LockOSThreads first and exits locked */
	bool unwinder;          /* a worker whose last callback panics or calls Goexit */
	int unwinding;          /* UNWIND_PANIC or UNWIND_GOEXIT while its deferred calls run */
	int lvl;                /* current cgo nesting level, -1 outside cgo */
	struct cgolevel lv[MAXNEST];
};

enum { GMAIN = 1, GWORKER, GEXTRA };

struct m {
	int id;
	struct g g0;          /* g0.sched.sp, and g0.m (the M) for the signal handler */
	struct g *curg;       /* the G this M runs, nil on g0 */
	struct p *p;          /* P held to run Go code */
	struct p *oldp;       /* P held before entersyscall */
	struct p *nextp;      /* P handed over by startm/startlockedm */
	struct g *lockedg;    /* G locked to this M, nil if none */
	uint32_t lockedExt;   /* user LockOSThread depth */
	uint32_t lockedInt;   /* runtime-internal lockOSThread depth */
	bool incgo;           /* executing a cgo call (schedule must not run) */
	int32_t ncgo;         /* active Go->C calls on this M */
	bool needextram;      /* the extra-M list was emptied by needm */
	struct m *schedlink;  /* next on the extra-M list */
	int locks;            /* m.locks: nonzero forbids preemption */
	bool spinning;        /* in findrunnable without work */
	bool note;            /* m.park signalled: a parked M may run again */
	struct g *exitg;      /* Mexitsyscall0: the G exitsyscall0 published (its gp) */
	bool exitlocked;      /* Mexitsyscall0: gp.lockedm != 0, sampled under sched.lock */
	bool extra;           /* an extra M (oneNewExtraM), for C-created threads: upstream's isextra */
	bool isExtraInC;      /* an extra M with no Go frames: its thread runs C (go1.21+) */
	bool g0StackAccurate; /* g0's bounds came from pthread, not a guess (76a8409e) */
	enum mstate state;
	struct thread *thr;   /* the thread executing this M, nil on the extra list */
};

struct p {
	int id;
	enum pstatus status;
	struct m *m;
	struct g *runq[RUNQSIZE];
	uint32_t runqhead, runqtail;
	uint32_t schedtick;
};

/*
 * A thread of the process.  Go-created Ms have one each for life.  C-created
 * threads run C code with no M until a callback binds an extra M (needm) and
 * return it afterwards (dropm).  The C stack belongs to the thread: upstream,
 * an extra M's g0 stack is the stack of the C thread that took it.
 */
struct thread {
	int id;
	bool cthread;       /* created by C, not by newm */
	bool done;          /* C thread finished its loop */
	bool tainted;       /* LockOSThread'd by the user and not unlocked: its kernel state may be odd */
	struct m *m;        /* Go-created: fixed; C-created: bound extra M or nil */
	enum site pc;       /* C thread only: its next site while it has no G */
	int j;              /* C thread only: its loop counter */
	bool waitingm;      /* in needm, waiting for the extra-M list */
	bool sigblocked;    /* its signal mask blocks the signals Go handles (needm's sigblock to minit) */
	bool sigsaved;      /* the mask needm's sigsave kept for minit (its stack local sigmask): blocked or not */
	int sigpending;     /* a user signal arrived while blocked: the signal point it came at, else 0 */
	uintptr_t ctxt;     /* the C export wrapper's context value, on its way to Go */
	struct cstack *stk; /* the C stack it runs on (cstack.c) */
	struct cstack *pstk; /* its pthread stack */
	/* C-created threads (cthread.c): */
	int slot;           /* which of the shape's C threads; a respawned thread takes its slot */
	int life;           /* 0 for the first thread in the slot, then 1, 2 ... (respawn) */
	uint32_t cfseq[MAXNEST]; /* the C code frame of each level's export call (0: none) */
	char *cbbase;       /* the outermost live callback's frame: nested C code stays near it */
};

struct sched {
	struct sf_shape shape;
	const struct sf_variant *var;
	struct sf_options opt;

	struct g allg[MAXG];
	int ng;
	struct m allm[MAXM];
	int nm;
	struct p allp[MAXP];
	int np;
	struct thread allt[MAXTHREAD];
	int nt;

	struct g *runq[MAXG]; /* global run queue, FIFO */
	int runqhead, runqsize;
	struct g *preempted[MAXG]; /* suspendG'd Gs waiting for resumeG */
	int npreempted;
	struct m *midle[MAXM];
	int nmidle;
	struct p *pidle[MAXP];
	int npidle;
	/* The extra-M list (extram.c): LIFO through m.schedlink. */
	struct m *extraM;
	bool extraMLocked;  /* between lockextra and unlockextra (within a step) */
	int extraMLocker;   /* the thread that locked it, while locked */
	int extraMLength;   /* Ms on the list */
	int extraMWaiters;  /* threads that found it empty (cleared by newextram) */
	int extraMInUse;    /* extra Ms taken by threads */
	int extraMMade;     /* extra Ms oneNewExtraM made (the model's count) */
	int nmspinning;

	/* The program's synchronisation (program.c, sync.c). */
	struct g *maing;
	bool runtimeInitDone; /* runtime/cgo's runtime_init_done: set by main's cgocall */
	bool contextfn;       /* cgo_context_function installed (SetCgoTraceback ran) */
	bool cgoTraceback;    /* the traceback function installed (SetCgoTraceback ran) */
	bool keycreated;      /* x_cgo_pthread_key_created: the export wrapper made the M-binding key */
	struct {
		bool closed;
		struct waitq recvq;
	} mainInitDone; /* chan main_init_done: closed when package init is done */
	struct {
		int32_t v;   /* counter (the high half of upstream's state word) */
		uint32_t w;  /* waiters (the low half) */
		uint32_t sema;
		struct waitq semq; /* Gs parked in semacquire on sema */
	} wg; /* the test program's sync.WaitGroup */
	bool exited; /* main returned: the process ends OK */
	/* newmHandoff (proc.go:2183): Ms a locked or cgo thread asked the
	 * template thread to create, LIFO, and the template thread's M. */
	struct {
		struct m *newm[MAXM];
		int n;
		bool waiting;
		struct m *tm;
	} newmHandoff;
	bool insysmon; /* sysmon runs now (retake): it calls newm from its own thread */

	struct sf_sigview sig; /* what the last signal handler saw */
	bool inhandler;        /* a signal handler runs (a throw there ends the run inside it) */

	struct thread *cur; /* thread executing the current step */
	int rr;             /* round-robin cursor of the default thread choice */
	uint64_t step;
	uint64_t maxsteps;
	uint32_t cframeseq;
	int callbacks;

	uint32_t occ[NKINDS][NSITES]; /* decisions taken so far, per (kind, site) */
	enum site lastsite;           /* site of the previous step: keys K_SWITCH */
	enum site cursite;            /* site of the step under way */
	int runnable[MAXTHREAD];      /* the runnable threads a K_SWITCH chooses among */
	int nrunnable;

	struct access acc;            /* what the current step read and wrote (access.h) */
	uint64_t dirty[NOBJ];         /* what changed since the last check (access.h) */
	struct lastwrite lastw[O_NSHARED][64];
	struct sf_decider *dec;
	struct sf_trace *trace;
	jmp_buf *onthrow; /* set: a tolerated throw (sf_tolerate) longjmps here instead of aborting */
	bool recover;     /* ... and so does every other throw (sf_run's recover) */
	struct sf_result *res;
};

extern struct sched sched;

/* Upstream's `getg().m` etc. are spelt through these in the model. */
#define getm() (sched.cur->m)

#endif
