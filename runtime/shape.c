/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shapes and named scenarios.  Clamps bound every run: at most 16
 * goroutines x 16 calls plus 4 C threads x 16 calls, nested at most 3 deep,
 * so a run's steps and memory are bounded whatever the input says.
 */
#include <string.h>

#include "runtime.h"

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void sf_shape_clamp(struct sf_shape *s)
{
	s->goroutines = clamp(s->goroutines, 0, 16);
	s->calls = clamp(s->calls, 1, 16);
	s->cthreads = clamp(s->cthreads, 0, 4);
	s->gomaxprocs = clamp(s->gomaxprocs, 1, 4);
	s->locked = clamp(s->locked, 0, s->goroutines);
	s->lockexit = clamp(s->lockexit, 0, s->goroutines);
	s->unwind = clamp(s->unwind, 0, s->goroutines);
	s->goexit = clamp(s->goexit, 0, 1);
	s->nest = clamp(s->nest, 1, 3);
	s->context = clamp(s->context, SF_CONTEXT_NONE, SF_CONTEXT_NONZERO);
}

int sf_shape_callbacks(const struct sf_shape *s)
{
	/* Each callback but the innermost makes one nested call. */
	return (s->goroutines + s->cthreads) * s->calls * s->nest;
}

const struct sf_scenario sf_scenarios[] = {
	{"TracebackContextPreemption",
	 "the test of golang/go#47441: 10 goroutines call C, which calls back into Go, with a context function that turns 0 into 1",
	 {.goroutines = 10, .calls = 10, .cthreads = 0, .gomaxprocs = 2, .locked = 0, .nest = 1,
	  .context = SF_CONTEXT_NONZERO}},
	{"TracebackContextNone",
	 "the same program with no context function installed: no deferred pop, so no unlocked window",
	 {.goroutines = 10, .calls = 10, .cthreads = 0, .gomaxprocs = 2, .locked = 0, .nest = 1,
	  .context = SF_CONTEXT_NONE}},
	{"CgoCallbackFromCThread",
	 "C-created threads call back into Go through extra Ms (needm/dropm), with a context function",
	 {.goroutines = 2, .calls = 8, .cthreads = 3, .gomaxprocs = 2, .locked = 0, .nest = 1,
	  .context = SF_CONTEXT_NONZERO}},
	{"LockOSThreadCallback",
	 "goroutines that LockOSThread around each C call: the callback G stays locked through the window",
	 {.goroutines = 4, .calls = 8, .cthreads = 0, .gomaxprocs = 2, .locked = 4, .nest = 1,
	  .context = SF_CONTEXT_NONZERO}},
	{"NestedCallback",
	 "C->Go->C->Go: each callback calls C again, which calls back",
	 {.goroutines = 4, .calls = 6, .cthreads = 1, .gomaxprocs = 2, .locked = 1, .nest = 2,
	  .context = SF_CONTEXT_NONZERO}},
};

const int sf_nscenarios = sizeof sf_scenarios / sizeof sf_scenarios[0];

const struct sf_scenario *sf_scenario_lookup(const char *name)
{
	for (int i = 0; i < sf_nscenarios; i++)
		if (strcmp(sf_scenarios[i].name, name) == 0)
			return &sf_scenarios[i];
	return NULL;
}
