/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The wait objects of the modelled program (upstream: runtime/chan.go,
 * sync/waitgroup.go and runtime/sema.go, Go 1.17).
 *
 *  - main_init_done, the channel runtime.main closes after package init:
 *    a receive returns at once once it is closed, else the G parks on the
 *    channel's receivers (chanrecv); closechan readies every receiver.
 *  - the program's sync.WaitGroup: a counter and a waiter count (one state
 *    word upstream) and a semaphore.  Add(-1) that brings the counter to
 *    zero with waiters resets the state and releases the semaphore once
 *    per waiter; Wait returns at once when the counter is zero, else counts
 *    itself as a waiter and acquires the semaphore.
 *  - the semaphore: semrelease adds one and readies the first G parked on
 *    it, if any; semacquire takes one if there is one, else parks.  A
 *    release that comes before the acquire is kept in the count, not lost.
 * Any G may park (gopark in proc.c): the queue it parks on is recorded in
 * g.waiting and the whole-state checker finds it there.  Each operation is
 * atomic in one step, as the upstream ones are under their locks.
 */
#include "access.h"
#include "proc.h"
#include "throw.h"

/* ---- wait queues ---- */

static struct g *dequeue(struct waitq *q)
{
	struct g *gp;

	readobj(O_WAITQ, 0);
	if (q->n == 0)
		return NULL;
	writeobj(O_WAITQ, 0);
	gp = q->g[0];
	touch(O_GSTATE, gp->id);
	q->n--;
	for (int i = 0; i < q->n; i++)
		q->g[i] = q->g[i + 1];
	gp->waiting = NULL;
	return gp;
}

/* ---- chan main_init_done ---- */

bool chanrecv(struct m *mp, struct g *gp)
{
	readobj(O_WAITQ, 0);
	if (sched.mainInitDone.closed)
		return true;
	gopark(mp, gp, &sched.mainInitDone.recvq);
	return false;
}

void closechan(void)
{
	struct g *gp;

	if (sched.mainInitDone.closed)
		throw("close of closed channel");
	writeobj(O_WAITQ, 0);
	sched.mainInitDone.closed = true;
	while ((gp = dequeue(&sched.mainInitDone.recvq)) != NULL)
		ready(gp);
}

/* ---- the runtime semaphore ---- */

static bool cansemacquire(uint32_t *addr)
{
	readobj(O_WAITQ, 0);
	if (*addr == 0)
		return false;
	writeobj(O_WAITQ, 0);
	(*addr)--;
	return true;
}

/* Returns true with the semaphore taken; false when the G parked (it
 * retries at the same site when readied, as semacquire1's loop does). */
bool semacquire(struct m *mp, struct g *gp, uint32_t *addr, struct waitq *q)
{
	if (cansemacquire(addr))
		return true;
	gopark(mp, gp, q);
	return false;
}

void semrelease(uint32_t *addr, struct waitq *q)
{
	struct g *gp;

	writeobj(O_WAITQ, 0);
	(*addr)++;
	if ((gp = dequeue(q)) != NULL)
		ready(gp);
}

/* ---- sync.WaitGroup ---- */

void wgadd(int delta)
{
	int32_t v;
	uint32_t w;

	readobj(O_WAITQ, 0);
	writeobj(O_WAITQ, 0);
	v = sched.wg.v += delta;
	w = sched.wg.w;

	if (v < 0) {
		print("runtime: WaitGroup counter %d\n", (int)v);
		throw("sync: negative WaitGroup counter");
	}
	if (w != 0 && delta > 0 && v == delta)
		throw("sync: WaitGroup misuse: Add called concurrently with Wait");
	if (v > 0 || w == 0)
		return;
	sched.wg.w = 0;
	for (; w != 0; w--)
		semrelease(&sched.wg.sema, &sched.wg.semq);
}

/* Wait's first half: true if the caller must acquire the semaphore. */
bool wgwait(void)
{
	readobj(O_WAITQ, 0);
	if (sched.wg.v == 0)
		return false;
	writeobj(O_WAITQ, 0);
	sched.wg.w++;
	return true;
}

/* Wait's second half; true once it may return. */
bool wgsemacquire(struct m *mp, struct g *gp)
{
	if (!semacquire(mp, gp, &sched.wg.sema, &sched.wg.semq))
		return false;
	if (sched.wg.v != 0 || sched.wg.w != 0)
		throw("sync: WaitGroup is reused before previous Wait has returned");
	return true;
}
