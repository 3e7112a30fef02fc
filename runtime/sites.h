/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sites: the places where a modelled thread takes one step.
 *
 * Every step of the model executes exactly one site on one thread.  A site is
 * a run of upstream code with no preemption point and no hand-off inside it,
 * so it is atomic with respect to the scheduler; the step loop may switch to
 * another thread between two sites.  Sites flagged PP are prologues of
 * splittable Go functions (morestack checks stackguard0 there): the only
 * places a preempt request can be honoured on this path in Go 1.17.  The
 * flag says "a PP in some row": a row whose compiled function has no stack
 * check there lists the site in its nopp (runtime/variants.c), and
 * sf_site_pp is the row's answer.  Sites flagged SIG are not steps but
 * signal points: places inside a step where a signal on the same thread may
 * land between two stores, keying the signal decisions taken there.
 * runtime/sites.tsv gives, for every site and row, the upstream function and
 * line behind it; tests/suites/77-sites.sh holds them together.
 *
 * The short name is what traces, the text input format and the fuzz
 * dictionaries use; never rename one without regenerating corpus/.
 *
 *   X(enum tail, short name, flags, upstream code the step stands for)
 */
#ifndef SCHEDFUZZ_SITES_H
#define SCHEDFUZZ_SITES_H

#define SITE_PP 1 /* prologue of a splittable function: a preemption point */
#define SITE_C 2  /* C code: the G, if any, is in _Gsyscall */
#define SITE_SIG 4 /* a signal point inside a step: never a step, only signal decisions are keyed by it */

#define SITES(X)                                                                         \
	X(MAIN_INIT, "main", 0, "runtime.main: lockOSThread, runtime init, make(main_init_done)") \
	X(MAIN_CGOINIT, "cgoinit", SITE_PP, "runtime.main: startTemplateThread, cgocall(_cgo_notify_runtime_init_done): C wakes the export wrappers") \
	X(MAIN_CGOINIT_RET, "cgoinitret", SITE_C, "that C call returns: cgocall's tail, exitsyscall") \
	X(MAIN_PKGINIT, "init", SITE_PP, "doInit(&main_inittask): the program's init: SetCgoTraceback, wg.Add") \
	X(MAIN_INITDONE, "initdone", SITE_PP, "close(main_init_done), unlockOSThread, call main.main") \
	X(MAIN_NEWPROC, "newproc", SITE_PP, "main.main: go func(i int){...}(i): newproc, runqput, wakep") \
	X(MAIN_WAIT, "wgwait", SITE_PP, "wg.Wait: return if the counter is 0, else waiters++") \
	X(MAIN_SEMACQUIRE, "semacquire", SITE_PP, "wg.Wait: runtime_Semacquire: take the semaphore or park on it") \
	X(MAIN_EXIT, "mainexit", SITE_PP, "fmt.Println(\"OK\"); runtime.main: exit(0)") \
	X(GO_FUNC, "gofunc", SITE_PP, "prologue of the goroutine body")                    \
	X(LOCKOSTHREAD, "lockosthread", 0, "runtime.LockOSThread (user; nosplit)")            \
	X(CGOCALL, "cgocall", SITE_PP, "_Cfunc_ wrapper, cgocall: ncgo++, entersyscall, asmcgocall") \
	X(C_CONTEXT, "context", SITE_C, "C f calls the export: _cgo_wait_runtime_init_done, context function") \
	X(CGOCALLBACK, "cgocallback", SITE_C, "crosscall2, asm cgocallback: needm?, push g0.sched.sp, switch to curg") \
	X(CGOCALLBACKG, "cgocallbackg", 0, "cgocallbackg: lockOSThread, checkm, save syscall, exitsyscall") \
	X(CGOCALLBACKG_EXITED, "exitsyscall", 0, "cgocallbackg after a slow exitsyscall: incgo = false") \
	X(CGOCALLBACKG1, "cgocallbackg1", SITE_PP, "cgocallbackg1 prologue, defers, newextram, push ctxt") \
	X(INITWAIT, "initwait", SITE_PP, "cgocallbackg1 with ncgo == 0: <-main_init_done (chanrecv1), may park") \
	X(CGOEXP, "cgoexp", SITE_PP, "_cgoexp_ wrapper of the exported function")          \
	X(USERFN, "userfn", SITE_PP, "the exported Go function")                           \
	X(SPRINTF, "sprintf", SITE_PP, "fmt.Sprintf busy work, or the nested C call; a C thread's last: wg.Done")     \
	X(DWRAP2, "dwrap2", SITE_PP, "cgocallbackg1.dwrap.2: defer unwindm(&restore)")     \
	X(UNWINDM, "unwindm", SITE_PP, "unwindm (go117: ends with unlockOSThread); deferreturn")       \
	X(DEFERRETURN, "deferreturn", SITE_PP, "deferreturn after a deferred call, where it has a prologue (go122 rows)") \
	X(DWRAP1, "dwrap1", SITE_PP, "cgocallbackg1.dwrap.1: pop gp.cgoCtxt; cgocallbackg tail: checkm, reentersyscall")              \
	X(CGOCALLBACK_RET, "cgocallbackret", SITE_C, "asm cgocallback tail: frame via gp.m.g0.sched.sp, dropm?") \
	X(C_RETURN, "creturn", SITE_C, "_cgo_release_context, C f returns, asmcgocall, cgocall: ncgo--, exitsyscall")   \
	X(CGOCALL_DONE, "cgocalldone", 0, "after cgocall: back in the caller (loop, or the user fn of an outer callback)") \
	X(UNLOCKOSTHREAD, "unlockosthread", 0, "runtime.UnlockOSThread (user; nosplit)")      \
	X(GO_EXIT, "goexit", SITE_PP, "deferred wg.Done (Add(-1), semrelease), goexit0")                                       \
	X(CT_LOOP, "cthread", SITE_C, "C-created thread: loop calling the export")       \
	X(SCHEDULE, "schedule", 0, "schedule, findrunnable, execute")                     \
	X(STOPLOCKEDM, "stoplockedm", 0, "stoplockedm wakes: acquirep(nextp), execute(lockedg)") \
	X(STOPM, "stopm", 0, "stopm wakes: acquirep(nextp), schedule")                    \
	X(NEEDM, "needm", SITE_C, "needm: lockextra, wait for an extra M")                \
	X(SYSMON, "sysmon", 0, "sysmon retake: Ps left in _Psyscall when no thread can run") \
	X(CT_START, "ctstart", SITE_C, "a new C thread (respawn): pthread_create gives it a stack") \
	X(CT_EXIT, "ctexit", SITE_C, "a C thread exits holding a bound M: pthread_key_destructor, crosscall2(NULL, g0), dropm") \
	X(EXITSYSCALL0, "exitsyscall0", 0, "exitsyscall0 after unlock(&sched.lock): stoplockedm if locked, else stopm") \
	X(DROPG, "dropg", SITE_SIG, "in dropg, on g0: m.curg.m cleared, m.curg not yet") \
	X(EXECUTE, "execute", SITE_SIG, "in execute, on g0: m.curg set, gp.m not yet") \
	X(TEMPLATETHREAD, "templatethread", 0, "templateThread woken: newm1 each M handed to it, then notesleep") \
	X(GOPANIC, "gopanic", SITE_PP, "the exported function panics: gopanic runs the deferred calls of the frames it unwinds") \
	X(GOEXITCALL, "Goexit", SITE_PP, "the exported function calls runtime.Goexit: it runs every deferred call of the G") \
	X(RECOVER, "recover", SITE_PP, "the goroutine body's deferred func() { recover() }: recovers a panic, is a no-op in Goexit") \
	X(LOCKEXTRA, "lockextra", SITE_SIG, "in needm, on a C thread with no M: lockextra took the extra-M list, unlockextra not yet") \
	X(UNLOCKEXTRA, "unlockextra", SITE_SIG, "in needm, on a C thread with no M: unlockextra ran, setg(mp.g0) not yet")

enum site {
#define X(e, name, flags, what) SITE_##e,
	SITES(X)
#undef X
	NSITES
};

extern const char *const site_name[NSITES];
extern const char *const site_what[NSITES];
extern const unsigned char site_flags[NSITES];

/* site_name[s], or "-" for a value that is not a site (none recorded). */
const char *site_label(int s);

#endif
