/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The modelled program: runtime.main around the test program (upstream:
 * runtime/proc.go main, Go 1.17; the program is testprogcgo's
 * TracebackContextPreemption with C-created threads added).  In Go:
 *
 *     var wg sync.WaitGroup
 *     func init() {                        // before main_init_done closes
 *             runtime.SetCgoTraceback(0, tcTraceback, tcContextSimple, nil)
 *             wg.Add(goroutines + cthreads)
 *     }
 *     func main() {
 *             for i := 0; i < goroutines; i++ {
 *                     go func(i int) {
 *                             defer wg.Done()
 *                             // i >= goroutines-lockexit: runtime.LockOSThread(), never unlocked
 *                             // i < unwind: defer func() { recover() }(), and the
 *                             // innermost callback of the last call panics (goexit:
 *                             // calls runtime.Goexit)
 *                             for j := 0; j < calls; j++ {
 *                                     // i < locked: LockOSThread/UnlockOSThread around the call
 *                                     C.callGo(...) // C calls back into Go, nest levels deep
 *                             }
 *                     }(i)
 *             }
 *             wg.Wait()
 *             fmt.Println("OK")
 *     }
 *
 * and `cthreads` C-created threads each call the export `calls` times; the
 * export calls wg.Done() in the innermost level of its thread's last call.
 * init is where both calls must be: a C thread's callback waits for
 * main_init_done (D4), so its wg.Done cannot come before the Add, and its
 * export wrapper reads the context function when runtime init is done,
 * which may be before init installs it (then its context is 0).
 *
 * runtime.main, one step per line (proc.go):
 *   main        lockOSThread, so main stays on m0 during init (:183);
 *               runtime init; main_init_done = make(chan bool) (:216).
 *               No PP: sysmon and the GC are not running yet.
 *   cgoinit     cgocall(_cgo_notify_runtime_init_done) (:235): ncgo++,
 *               entersyscall, incgo; the C function (gcc_libinit.c) sets
 *               runtime_init_done and wakes every export wrapper waiting
 *               in _cgo_wait_runtime_init_done.  cgocall is nosplit and
 *               called directly: no PP.
 *   cgoinitret  the C function returns: incgo = false, ncgo--, exitsyscall
 *               (main is locked: a slow path parks m0 in stoplockedm).
 *   init (PP)   doInit(&main_inittask) (:238): the program's init above;
 *               SetCgoTraceback's own cgocall (_cgo_set_context_function)
 *               is folded into the step.
 *   initdone (PP)  close(main_init_done) (:244) readies every callback
 *               parked in D4; unlockOSThread (:247); main.main.
 *   newproc (PP)   main.main: one go statement per step.
 *   wgwait, semacquire (PP)  wg.Wait (sync/waitgroup.go:110-140).
 *   mainexit (PP)  fmt.Println; runtime.main's exit(0) ends the run.
 */
#include "proc.h"
#include "throw.h"

void mainstep(struct m *mp, struct g *gp)
{
	switch (gp->pc) {
	case SITE_MAIN_INIT:
		lockOSThread(mp, gp);
		gp->pc = SITE_MAIN_CGOINIT;
		break;
	case SITE_MAIN_CGOINIT:
		mp->ncgo++;
		entersyscall(mp, gp, syscallsp_at(gp, 0));
		mp->incgo = true;
		sched.runtimeInitDone = true; /* x_cgo_notify_runtime_init_done */
		gp->pc = SITE_MAIN_CGOINIT_RET;
		break;
	case SITE_MAIN_CGOINIT_RET:
		mp->incgo = false;
		mp->ncgo--;
		gp->pc = SITE_MAIN_PKGINIT;
		exitsyscall(mp, gp, syscallsp_at(gp, 0));
		break;
	case SITE_MAIN_PKGINIT:
		sched.cgoTraceback = true;
		sched.contextfn = sched.shape.context != SF_CONTEXT_NONE;
		wgadd(sched.shape.goroutines + sched.shape.cthreads);
		gp->pc = SITE_MAIN_INITDONE;
		break;
	case SITE_MAIN_INITDONE:
		closechan();
		unlockOSThread(mp, gp);
		gp->j = 0;
		gp->pc = SITE_MAIN_NEWPROC;
		break;
	case SITE_MAIN_NEWPROC:
		if (gp->j < sched.shape.goroutines) {
			struct g *ng = newproc(mp);

			ng->userlock = gp->j < sched.shape.locked;
			ng->lockexit = gp->j >= sched.shape.goroutines - sched.shape.lockexit;
			ng->unwinder = gp->j < sched.shape.unwind;
			gp->j++;
			break;
		}
		gp->pc = SITE_MAIN_WAIT;
		break;
	case SITE_MAIN_WAIT:
		gp->pc = wgwait() ? SITE_MAIN_SEMACQUIRE : SITE_MAIN_EXIT;
		break;
	case SITE_MAIN_SEMACQUIRE:
		if (wgsemacquire(mp, gp))
			gp->pc = SITE_MAIN_EXIT;
		break;
	case SITE_MAIN_EXIT:
		sched.exited = true;
		break;
	default:
		throw("model: main at a site it never reaches");
	}
}
