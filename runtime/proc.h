/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal interface between the model's runtime files; each function is
 * named after the upstream function it models.
 */
#ifndef SCHEDFUZZ_PROC_H
#define SCHEDFUZZ_PROC_H

#include "runtime2.h"

/* run.c */
bool threadrunnable(const struct thread *t);
enum site nextsite(const struct thread *t);

/* decide.c: the one source of nondeterminism. */
int decide(int kind, int site, int n, int def);

/* proc.c */
void runqput(struct p *pp, struct g *gp);
void globrunqput(struct g *gp);
void ready(struct g *gp);
void wakep(void);
void startm(struct p *pp, bool spinning);
void stopm(struct m *mp);
void handoffp(struct p *pp);
struct p *releasep(struct m *mp);
void acquirep(struct m *mp, struct p *pp);
struct p *pidleget(void);
void pidleput(struct p *pp);
void execute(struct m *mp, struct g *gp);
void dropg(struct m *mp);
void gopreempt_m(struct m *mp, struct g *gp);
void preemptPark(struct m *mp, struct g *gp);
void gopark(struct m *mp, struct g *gp, struct waitq *q);
void goexit0(struct m *mp, struct g *gp);
void stoplockedm(struct m *mp);
void schedule(struct m *mp);
void stopm_wake(struct m *mp);
void stoplockedm_wake(struct m *mp);
struct g *newproc(struct m *mp);
struct m *allocm(bool extra);
void templateThread(struct m *tm);
struct g *allocg(int kind);

/* lockosthread.c */
void lockOSThread(struct m *mp, struct g *gp);
void unlockOSThread(struct m *mp, struct g *gp);
void LockOSThread(struct m *mp, struct g *gp);
void UnlockOSThread(struct m *mp, struct g *gp);

/* syscall.c */
void entersyscall(struct m *mp, struct g *gp, uintptr_t sp);
void reentersyscall(struct m *mp, struct g *gp, uintptr_t sp);
bool exitsyscall(struct m *mp, struct g *gp, uintptr_t callersp);
void exitsyscall_tail(struct g *gp);
void exitsyscall0_locked(struct m *mp);
void retake(struct p *pp);
uintptr_t syscallsp_at(struct g *gp, int lvl);
uintptr_t cgocallbacksp_at(struct g *gp, int lvl);
uintptr_t cgocallbackgsp_at(struct g *gp, int lvl);

/* preempt.c */
bool morestack(struct m *mp, struct g *gp, enum site site);

/* extram.c */
void oneNewExtraM(void);
struct m *needm(struct thread *t);
void dropm(struct thread *t);
void newextram(void);
void extramcheck(void);

/* cgocall.c: one handler per site */
void gostep(struct thread *t, struct m *mp, struct g *gp);
void goloop(struct g *gp);
bool cgocallback(struct thread *t);
uintptr_t export_wrapper(void);

/* cthread.c: a C-created thread's own C code */
bool ctinc(const struct thread *t);
void cthreadstep(struct thread *t);
void ctexit(struct thread *t);
void cdepth_push(struct thread *t, int lvl, int g);
void cdepth_pop(struct thread *t, int lvl, int g);

/* g0stack.c: an M's g0 stack bounds and the g0 prologue check */
struct cstack;
#define G0FRAME 256 /* the model's frame for runtime code on g0 (newstack, park_m, newextram ...) */
void g0stack_exact(struct m *mp, const struct cstack *s);
void needm_bounds(struct thread *t, struct m *mp, uintptr_t sp);
void callbackUpdateSystemStack(struct thread *t, struct m *mp, uintptr_t sp);
void callback_bounds_enter(struct thread *t, struct m *mp, struct cgolevel *L);
void callback_bounds_exit(struct m *mp, const struct cgolevel *L);
void dropm_bounds(struct m *mp);
void dropm_check(struct m *mp, uintptr_t sp);
void g0check(struct m *mp, uintptr_t sp, uint32_t frame, const char *fn);
void g0use(struct m *mp, uint32_t frame, const char *fn);
bool extrainc_in_go(const struct m *mp);

/* program.c: runtime.main and the test program's main goroutine */
void mainstep(struct m *mp, struct g *gp);

/* sync.c: the program's wait objects */
bool chanrecv(struct m *mp, struct g *gp);
void closechan(void);
bool semacquire(struct m *mp, struct g *gp, uint32_t *addr, struct waitq *q);
void semrelease(uint32_t *addr, struct waitq *q);
void wgadd(int delta);
bool wgwait(void);
bool wgsemacquire(struct m *mp, struct g *gp);

/* signal.c */
void sigtramp_enter(struct thread *t, const struct g *gp, enum site point, enum sf_signo signo);
void sigtramp_return(void);
void sigprof_after_step(struct thread *t);
void sigprof_point(enum site point);

/* badsignal.c */
void signal_point(enum site point);
void sigsave_block(struct thread *t);
void minit_sigmask(struct thread *t);

/* check.c */
void checkstate(int mode, bool full);
void checkwindow(void);

/* dump.c */
void dumpstate(void);

#endif
