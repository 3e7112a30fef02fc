/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shapes and named scenarios.  Clamps bound every run: at most 16
 * goroutines x 16 calls plus 4 C threads x 16 calls, nested at most 3 deep,
 * so a run's steps and memory are bounded whatever the input says.
 */
#include <string.h>

#include "input.h"
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
	s->libc = clamp(s->libc, SF_LIBC_GLIBC, SF_LIBC_MUSL);
	s->respawn = clamp(s->respawn, 0, 3);
	s->repeat = clamp(s->repeat, 1, 3);
}

int sf_shape_callbacks(const struct sf_shape *s)
{
	/* Each callback but the innermost makes one nested call, whose C
	 * function calls back `repeat` times. */
	struct sf_shape c = *s;
	int perlevel = 1, percall = 0;

	sf_shape_clamp(&c);
	for (int l = 0; l < c.nest; l++, perlevel *= c.repeat)
		percall += perlevel;
	return (c.goroutines + c.cthreads * (c.respawn + 1)) * c.calls * percall;
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

/* The shape a fuzz input starts from before its shape records: small, so a
 * run is a few dozen steps and bugs show up in few callbacks.  Here rather
 * than in fuzz/ because the mutators (libFuzzer's in the target, AFL++'s in
 * a library of its own) read it too: to pin a parent's shape. */
const struct sf_shape sf_fuzz_shape = {
	.goroutines = 3, .calls = 1, .cthreads = 0, .gomaxprocs = 2, .locked = 0, .nest = 1,
	.context = SF_CONTEXT_NONZERO,
};

/* The fuzz targets' ranges (fuzz.c clamps to them; docs/input-format.md). */
const struct sf_shape sf_fuzz_max = {
	.goroutines = 8, .calls = 4, .cthreads = 3, .gomaxprocs = 4, .locked = 8, .nest = 3,
	.context = SF_CONTEXT_NONZERO, .libc = SF_LIBC_MUSL, .respawn = 1, .repeat = 2, .goexit = 1,
};

/*
 * A shape near s for one seeded run (simulate --shape mixed, and a fuzz
 * input's stress field): each field keeps its value with probability 1/2,
 * else is drawn uniformly from the fuzz targets' range, so a baseline
 * explores shapes as the fuzzers do with shape records, while half of
 * every field's draws stay at the scenario's.  The fields in `keep` (a bit
 * per enum sf_shapefield: an input's explicit shape records) are left as
 * they are; the others draw exactly what they would without them, so an
 * explicit record overrides one field and moves no other draw.
 */
void sf_shape_mix(struct sf_shape *s, uint64_t seed, unsigned keep)
{
	/* SH_GOROUTINES first: the per-goroutine fields draw up to it. */
	for (int f = 0; f < NSHAPEFIELDS; f++) {
		const struct sf_shapefieldinfo *d = &sf_shapefields[f];
		uint64_t x = sf_stress_hash(seed, 0x7f, d->draw, 0);
		int top = d->pergoroutine ? s->goroutines : sf_shape_field(&sf_fuzz_max, f);

		if ((x & 1) && !(keep >> f & 1))
			*sf_shape_ref(s, f) = d->lo + (int)((x >> 1) % (uint64_t)(top - d->lo + 1));
	}
	sf_shape_clamp(s);
}
