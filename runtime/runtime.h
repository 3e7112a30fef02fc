/* SPDX-License-Identifier: Apache-2.0 */
/*
 * schedfuzz runtime model: the public interface.
 *
 * A run executes one scenario shape under one ordering variant, with every
 * nondeterministic choice taken from one decision source (a decoded fuzz
 * input, or a seeded generator).  See docs/model.md for what is modelled and
 * runtime/cgocall.c for the walk-through of the callback path.
 */
#ifndef SCHEDFUZZ_RUNTIME_H
#define SCHEDFUZZ_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- shape: what program runs (shape.c clamps every field) ---- */

enum sf_context {
	SF_CONTEXT_NONE,    /* no context function installed: ctxt is always 0 */
	SF_CONTEXT_ZERO,    /* installed, leaves the context 0 */
	SF_CONTEXT_NONZERO, /* installed, turns 0 into 1 (the seed's tcContextSimple) */
};

struct sf_shape {
	int goroutines; /* Go-created goroutines calling C */
	int calls;      /* C->Go callbacks per goroutine and per C thread */
	int cthreads;   /* C-created threads calling the export */
	int gomaxprocs;
	int locked;     /* the first `locked` goroutines LockOSThread around each call */
	int nest;       /* 1: C->Go; 2: C->Go->C->Go; 3 ... */
	int context;    /* enum sf_context */
	/* Appended with the Go 1.21+ C-thread model (zoo part 1): */
	int libc;       /* enum sf_libc: how x_cgo_getstackbound finds a thread's stack */
	int respawn;    /* a C thread that exits is followed by a new one in its slot, this many times */
	int repeat;     /* times each C function called from Go calls back (1-3) */
	/* Appended with the signal/unwind/template-thread model (zoo part 2): */
	int lockexit;   /* the last `lockexit` goroutines LockOSThread first and exit still locked */
	int unwind;     /* the first `unwind` goroutines' last callback panics (recovered in the goroutine) */
	int goexit;     /* 1: ... calls runtime.Goexit instead */
};

enum sf_libc {
	SF_LIBC_GLIBC, /* pthread_getattr_np: the thread's own pthread stack */
	SF_LIBC_MUSL,  /* no such call: a guess, or nothing (cgo/gcc_stack_unix.c) */
};

void sf_shape_clamp(struct sf_shape *s);
int sf_shape_callbacks(const struct sf_shape *s);
/* The fuzz targets' default shape and ranges, and a seeded shape near s within them. */
extern const struct sf_shape sf_fuzz_shape, sf_fuzz_max;
void sf_shape_mix(struct sf_shape *s, uint64_t seed, unsigned keep); /* keep: fields left alone, bit per enum sf_shapefield */

/* ---- variants: one row per upstream release of the callback path (variants.c) ---- */

/*
 * How an extra M's g0 stack bounds follow the C stack (cgocall.go's
 * callbackUpdateSystemStack and what came before it), one value per
 * upstream rewrite; g0stack.c reads it.
 */
enum sf_cbstack {
	CB_NEEDM_GUESS,   /* needm guesses [sp-32K, sp+1K]; nothing updates it (go1.17; ef0dedce) */
	CB_NEEDM_PTHREAD, /* needm: the guess, then pthread's bounds, whether or not they hold SP (c426c870, go1.21.0) */
	CB_UPDATE_IF_OUT, /* callbackUpdateSystemStack on every callback: kept when SP is in bounds;
			   * out of bounds with ncgo > 0 is fatal (4f9fe6d5, go1.22.0) */
	CB_ALWAYS_UPDATE, /* always recomputed for an extra M (1ffc2967, go1.23.0) */
	CB_SAVE_RESTORE,  /* kept only when accurate and SP in bounds; saved and restored around each
			   * callback; musl gets no bounds (76a8409e, go1.24.0) */
};

/*
 * A known upstream bug of a row: the issue, the row whose code has its fix,
 * and the constant messages its detectors throw (the crash signatures; an
 * AddressSanitizer report ends the process before any signature).
 */
#define SF_MAXBUGS 6
#define SF_MAXSIGS 3
struct sf_bug {
	const char *issue;
	const char *fixedby;
	const char *signatures[SF_MAXSIGS];
};

struct sf_variant {
	const char *name;
	const char *issue;  /* upstream issue this row reproduces or fixes */
	const char *commit; /* upstream commit whose ordering this is */
	const char *what;
	bool unlock_in_unwindm; /* unlockOSThread at the end of unwindm (pre-70fd4e47) */
	bool unlock_inline;     /* cgocallbackg unlocks after cgocallbackg1 returns, incgo already set (68a12a80) */
	bool deferreturn_pp;    /* deferreturn is a PP after each deferred call (go1.22 without open-coded defers) */
	bool inuse_in_lockextra; /* extraMInUse counted in lockextra, not getExtraM (734b26d4..7911f7c2^, #60540) */
	bool bindm;             /* the extra M stays bound to its C thread through a pthread key, and
				 * isExtraInC says when it runs C (ef0dedce, c426c870: go1.21) */
	int cbstack;            /* enum sf_cbstack */
	bool dropm_clears;      /* dropm clears the g0 bounds (1af424c1, go1.22.0) */
	bool extrainc_ncgo;     /* cgocallbackg sets isExtraInC only when ncgo == 0 (577bb3d0, go1.25) */
	bool exitsyscall0_rereads_lockedm; /* exitsyscall0 reads gp.lockedm after publishing the G (4b1a24f3cd, before e0d029f7) */
	bool sigprof_cgo_jumpstack; /* sigprof's cgo-branch traceback passes _TraceJumpStack (2bc8ed8e9c, before 822dbcb7) */
	bool msan;              /* the program is built with -msan: cgoContextPCs calls msanwrite (traceback.go:1425) */
	bool msancall_gsignal;  /* msancall stays on the signal stack when g == m.gsignal (11c86ddc, go1.25) */
	/* go1.4 development before 7283e08c, both hunks of that commit: */
	bool b8_entersyscall;   /* cgocallbackg ends with entersyscall(): syscallsp is its own frame's SP, not cgocall's */
	bool no_exitsyscall_check; /* exitsyscall has no "syscall frame is no longer valid" check */
	bool goexit0_clears_lockedext; /* goexit0 clears m.lockedExt of a locked G's M (4f34a52913, before d0f8a751) */
	bool needm_sigblock_late; /* needm blocks signals after unlockextra, not before lockextra (before 368c4011) */
	/* The upstream bugs this row's code has, none for a fixed row.  A row
	 * in a chain of releases can be fixed for one bug and still have a
	 * later one: each is listed with the row that holds its fix. */
	struct sf_bug bugs[SF_MAXBUGS];
	/* Sites flagged PP in sites.h whose function has no stack check in
	 * this row's compiled runtime (bit 1 << site): on amd64 the compiler
	 * gives a leaf function with a small frame none.  runtime/sites.tsv
	 * states the same per row with its evidence; tests/suites/77-sites.sh
	 * fails when the two differ. */
	uint64_t nopp;
};

extern const struct sf_variant sf_variants[];
extern const int sf_nvariants;
const struct sf_variant *sf_variant_lookup(const char *name);
/* Whether the row has a known bug: a fixed row must pass every schedule. */
bool sf_variant_buggy(const struct sf_variant *v);
/* The row's bug that a fatal signature belongs to, or NULL: a failure of a
 * row with no such bug is a model bug or a new finding. */
const struct sf_bug *sf_variant_bug(const struct sf_variant *v, const char *fatal);
/* A search for one of the row's bugs (issue: golang/go#62440(b) or
 * 62440(b)): tolerates the signatures of its other bugs that the named one
 * does not share (sf_tolerate), so that they end a run without stopping the
 * search.  issue NULL tolerates nothing.  An unknown bug: -1, nothing
 * tolerated, and err says so and lists the row's bugs. */
int sf_variant_tolerate_others(const struct sf_variant *v, const char *issue, char *err, size_t errlen);
/* Whether site is a preemption point in this row: flagged PP, not in the
 * row's nopp, and deferreturn only where it has a prologue. */
bool sf_site_pp(const struct sf_variant *v, int site);

/* ---- scenarios: named shapes, like testprogcgo's registered programs ---- */

struct sf_scenario {
	const char *name;
	const char *what;
	struct sf_shape shape;
};

extern const struct sf_scenario sf_scenarios[];
extern const int sf_nscenarios;
const struct sf_scenario *sf_scenario_lookup(const char *name);

/* ---- decisions ---- */

enum sf_kind {
	K_PREEMPT, /* at a PP: 0 none, 1 sysmon (gopreempt_m), 2 GC (preemptPark) */
	K_SWITCH,  /* after a step: which runnable thread runs next (index) */
	K_PICK,    /* findrunnable: which non-empty source to take a G from (index) */
	K_CTXT,    /* context function result: 0 its own, 1 zero, 2 nonzero */
	K_RETAKE,  /* entering C: 0 keep the P, 1 sysmon retakes it (handoffp) */
	K_SIGPROF, /* after a step: 0 nothing, 1 SIGPROF arrives on that thread */
	/* Appended with the C-thread stack model (cthread.c): */
	K_CDEPTH,  /* at context: the C code is k KiB deeper than its base before the export call */
	K_CSTACK,  /* at a C thread's top-level call: stay, switch to a new coroutine, back to the thread stack */
	K_CALLOC,  /* new stack memory: 0 fresh, k: the last freed stack's memory, its top k KiB lower */
	K_G0USE,   /* at userfn: g0 stack the callback's systemstack work needs (256 B, none, 2, 8, 24 KiB) */
	/* Appended with needm's signal points (badsignal.c): */
	K_SIGNAL,  /* at a signal point in needm: 0 nothing, 1 a user signal (not SIGPROF; Go's handler installed) */
	NKINDS
};

extern const char *const sf_kind_name[NKINDS];

/*
 * A decision source.  decide() returns a choice in [0, n); `def` is the
 * documented default.  `occ` counts earlier decisions of the same (kind,
 * site) in this run.  *off is set to the input offset the choice came from,
 * or -1 for a default.
 */
struct sf_decider {
	int (*decide)(struct sf_decider *d, int kind, int site, uint32_t occ, int n, int def, int *off);
	/* Optional: told after every step which thread took it (search.c). */
	void (*stepped)(struct sf_decider *d, int thread);
};

/* ---- the stress distribution (stress.c): one row per kind ---- */

#define SF_STRESS_MAXW 4
struct sf_stress_row {
	uint16_t per256;           /* chance out of 256 that a decision is drawn, not left at its default */
	uint8_t w[SF_STRESS_MAXW]; /* weights of the choices when drawn; all 0: uniform */
	bool others;               /* when drawn, uniform over the choices other than the default */
	bool sched;                /* a scheduling decision (search strategies make it), else environment */
};
extern const struct sf_stress_row sf_stress[NKINDS];

/* The hash of one decision under a seed; the chance a seed gives a kind
 * (its row's, times the seed's intensity for that kind); the choice made
 * from a hash with that chance. */
uint64_t sf_stress_hash(uint64_t seed, int kind, int site, uint32_t occ);
uint64_t sf_mix64(uint64_t z); /* splitmix64's finaliser */
int sf_stress_per256(uint64_t seed, int kind);
int sf_stress_choose(uint64_t x, int kind, int n, int def, int per256);
/* A seed with its chances worked out once (a run takes many decisions);
 * sf_stress_pick is the decision the stress distribution draws under it,
 * sf_stress_draw the same from the bare seed. */
struct sf_stress {
	uint64_t seed;
	uint64_t mixed; /* the seed's round of the hash, done once */
	int per256[NKINDS];
};
void sf_stress_init(struct sf_stress *st, uint64_t seed);
int sf_stress_pick(const struct sf_stress *st, int kind, int site, uint32_t occ, int n, int def);
int sf_stress_draw(uint64_t seed, int kind, int site, uint32_t occ, int n, int def);

/* Seeded feed (stress mode, simulate --search random), decide.c: every
 * decision drawn from the stress distribution; preempt_per_256 >= 0
 * overrides the chance of a preemption (simulate --preempt none). */
struct sf_random {
	struct sf_decider d;
	struct sf_stress st;
	uint64_t state; /* the adversarial feed's stream */
};
void sf_random_init(struct sf_random *r, uint64_t seed, int preempt_per_256);
/* Adversarial feed: every decision uniform over all its choices (any
 * runnable thread, a preemption of either kind at two PPs in three, a
 * retake of any _Psyscall P, SIGPROF after half the steps, any pick, any
 * ctxt).  Far from any real timing: what the fixed rows must survive. */
void sf_adversarial_init(struct sf_random *r, uint64_t seed);

/* ---- what a signal handler saw (signal.c), for observers ---- */

enum sf_sigbranch {
	SF_SIG_NONGO, /* TLS g == nil: sigprofNonGo */
	SF_SIG_CGO,   /* sigprof's cgo branch: the traceback from curg.syscallsp */
	SF_SIG_GO,    /* the traceback from the interrupted frame */
	/* A user signal (badsignal.c): */
	SF_SIG_BADSIGNAL, /* TLS g == nil: badsignal: needm, sigsend, dropm */
	SF_SIG_IGNORED,   /* TLS g != nil: sighandler, a signal Go ignores unless Notify'd */
};

enum sf_signo {
	SF_SIGPROF,
	SF_SIGUSER, /* any other signal with Go's handler installed (SIGCHLD in #42207) */
};

struct sf_sigview {
	int signo;      /* enum sf_signo */
	bool pending;   /* blocked where it arrived (point), delivered when minit unblocked it */
	int thread;
	int point;      /* the site of the signal point inside a step, NSITES between steps */
	int g;          /* the interrupted code's TLS g: -1 nil, 0 g0, else the G id */
	int m;          /* the thread's M id + 1, 0 none */
	int curg;       /* m.curg's id, 0 nil */
	int curgm;      /* m.curg.m's id + 1, 0 nil */
	int ncgo;       /* m.ncgo */
	bool syscallsp; /* m.curg.syscallsp != 0 */
	int branch;     /* enum sf_sigbranch */
	bool sigctx;    /* the C traceback was called with the signal context */
	int nctxt;      /* contexts the C traceback was called with, innermost first */
	uintptr_t ctxt[4];
	bool returned;  /* the handler returned (false: the run died inside it) */
};

/* Search strategies (search.c, docs/search.md): PCT with depth d and POS,
 * over the model's thread switches and yields; the other decisions drawn
 * from the stress distribution under the same seed.  Initialise per run;
 * PCT's ksteps is the number of steps a run is expected to take, rounded
 * up to a multiple of 64 from 64 to 16384 (sf_pct_steps), the values a fuzz
 * input's search record holds. */
enum sf_search_kind { SF_SEARCH_RANDOM, SF_SEARCH_PCT, SF_SEARCH_POS };
#define SF_PCT_MAXDEPTH 8
#define SF_SEARCH_MAXTHREAD 48
#define SF_SEARCH_MAXG 41
struct sf_search {
	struct sf_decider d;
	int kind, depth;
	uint64_t seed, counter, ksteps, nyields;
	struct sf_stress env;               /* the environment decisions' distribution */
	uint64_t prio[SF_SEARCH_MAXTHREAD]; /* per thread; 0: not drawn yet */
	uint64_t change[SF_PCT_MAXDEPTH];   /* PCT: the steps of the change points */
	uint8_t yield[SF_SEARCH_MAXG];      /* per G: a yield asked for (preempt choice), 0 none */
	int systarget;                      /* POS: the G sysmon's pending event targets, 0 none */
	uint64_t sysprio;
};
void sf_search_init(struct sf_search *s, int kind, int depth, uint64_t seed, uint64_t ksteps);
uint64_t sf_pct_steps(uint64_t ksteps);

/* ---- options of one run ---- */

enum sf_checkmode {
	SF_CHECK_OFF,
	SF_CHECK_INCREMENTAL, /* what each step changed; everything after the first and the last step */
	SF_CHECK_FULL,        /* everything after every step */
	SF_CHECK_VERIFY,      /* both, and that every change was marked (tests) */
};

enum sf_preempt_mode {
	SF_PREEMPT_SOURCE, /* as the decision source says */
	SF_PREEMPT_ALWAYS, /* every PP honours a request: mayMoreStackPreempt */
};

struct sf_options {
	bool checkm;     /* the M-identity assertion at B7 (both orderings) */
	bool strict;     /* also the latent-window detectors I1 and I2 */
	int preempt;     /* enum sf_preempt_mode */
	int checkstate;  /* enum sf_checkmode: the state checker after every step (check builds) */
	/* Observer: called after every step with the thread, the site it ran,
	 * M id + 1 (0 none) and G id (0 for g0) it ran them for. */
	void (*onstep)(int thread, int site, int m, int g);
	/* Observer: called when a signal handler returns, with what it saw. */
	void (*onsignal)(const struct sf_sigview *v);
	/* Reads-from observer (access.h): a step at rsite read shared object
	 * class obj last written by another thread at wsite (NSITES: never
	 * written in this run). */
	void (*onrf)(int obj, int wsite, int rsite);
	/* Test hook: called after every step, before the checker (which then
	 * checks everything: the hook may have changed anything). */
	void (*afterstep)(void *arg);
	void *afterstep_arg;
};

/* ---- trace ---- */

enum sf_evkind {
	EV_STEP,     /* a thread executed a site */
	EV_DECISION, /* a decision was taken */
	EV_THROW,    /* the run died */
};

struct sf_event {
	uint32_t step;
	uint8_t kind;   /* enum sf_evkind */
	uint8_t thread; /* thread id */
	uint8_t m;      /* M id + 1, 0 = none */
	uint8_t g;      /* G id, 0 = none (g0) */
	uint8_t site;
	uint8_t dkind;  /* EV_DECISION: enum sf_kind */
	uint8_t choice;
	uint8_t nchoice;
	uint16_t occ;
	int16_t off;    /* input offset behind a decision, -1 default, -2 seeded feed */
};

struct sf_trace {
	struct sf_event *ev; /* may be NULL: hash only */
	size_t cap, n;
	uint64_t hash;
	uint64_t dropped;
};

void sf_trace_reset(struct sf_trace *t);
/* One line per event, then the hash (traceprint.c); `file` is a FILE *. */
void sf_trace_print(void *file, const struct sf_trace *t);
/* One event's line; without stepno, no step number column (golden traces). */
void sf_event_print(void *file, const struct sf_event *e, bool stepno);

/* ---- a run ---- */

/* SF_TOLERATED: a throw whose signature was tolerated (sf_tolerate) ended
 * a run that would otherwise have aborted the process. */
enum sf_status { SF_OK, SF_FATAL, SF_TOLERATED };

struct sf_result {
	int status;        /* enum sf_status */
	const char *fatal; /* the constant message of the throw: the crash signature */
	uint64_t steps;
	int callbacks;     /* C->Go callbacks that reached cgocallbackg */
	uint64_t tracehash;
	uint64_t checks;   /* whole-state checks that ran (one per step with checkstate) */
};

/*
 * Run once.  With recover set, a throw ends the run and fills res; without
 * it, a throw prints its message and aborts the process (fuzz targets).
 * Returns res->status.
 */
int sf_run(const struct sf_shape *shape, const struct sf_variant *var, const struct sf_options *opt,
	   struct sf_decider *dec, struct sf_trace *trace, bool recover, struct sf_result *res);

/*
 * Signatures that end a run without aborting the process, even when sf_run
 * runs without recover (a fuzz target): the run returns SF_TOLERATED with
 * the signature in res->fatal, and no dump is printed.  Any other throw
 * aborts as usual, from throw() itself, so a real crash keeps its stack.
 * A campaign for one bug of a row tolerates the row's other known bugs
 * (sf_variant_tolerate_others).  With recover, a tolerated throw also
 * returns SF_TOLERATED.  n == 0 tolerates nothing.
 */
#define SF_MAXTOLERATED 16
void sf_tolerate(const char *const *sigs, int n);

/* Called by a fatal throw just before it aborts the process, if a program
 * links one (the fuzz harness reports its statistics: fuzz/stats.c). */
void sf_fatal_hook(void) __attribute__((weak));
/* Callbacks the current (or last) run has made so far. */
int sf_current_callbacks(void);

/* Every run of this process, counted by sf_run (stats.c prints them);
 * execs is counted by the program: the inputs a fuzz target executed (a
 * differential input runs every row, and the mutator may run a parent to
 * see its decisions), the schedules simulate tried. */
struct sf_totals {
	uint64_t execs, runs, callbacks, steps;
	double startcpu;      /* process CPU seconds when the first run began */
	bool inrun;           /* a run is under way (not yet counted) */
	bool searching;       /* the engine has begun its search (sf_totals_search_begins) */
	double searchcpu;     /* ... the process CPU seconds then */
	uint64_t searchexecs; /* ... and the executions before it */
};
extern struct sf_totals sf_totals;
void sf_totals_begin(void);
void sf_totals_end(void);
/* An engine's first mutation: what ran before it was the engine's own
 * start-up (libFuzzer's empty input, its seed corpus).  The libFuzzer
 * mutator calls it; a program that never does searched from its first
 * run. */
void sf_totals_search_begins(void);
/* One line, "schedfuzz-stats: execs=E runs=R callbacks=C steps=S
 * cpu=SECONDS startcpu=SECONDS searchcpu=SECONDS searchexecs=N", the CPU
 * time being the whole process's (user + system), startcpu what it had
 * spent before its first run (its start-up), searchcpu and searchexecs the
 * CPU and the executions before its search began (startcpu and 0 when
 * nothing said so); `file` is a FILE *.  SCHEDFUZZ_STATS=1 asks the
 * programs for it at exit. */
void sf_print_stats(void *file);
double sf_cpu_seconds(void);

/* Where run-time details go (the lines prefixed "runtime:"): stderr by
 * default; NULL silences them (stress runs print only the signature). */
void sf_set_detail_stream(void *file);

#endif
