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

/* cgocall.c: one handler per site */
void gostep(struct thread *t, struct m *mp, struct g *gp);
void cthreadstep(struct thread *t);
void goloop(struct g *gp);

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
void sigprof_after_step(struct thread *t);
void sigprof_point(enum site point);

/* check.c */
void checkstate(int mode, bool full);
void checkwindow(void);

/* dump.c */
void dumpstate(void);

#endif
