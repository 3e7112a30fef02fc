/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The C half of the real-Go test program: the C function that calls Go
 * back, the C-created threads (started before Go), and the SetCgoTraceback
 * functions.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgocallback.h"
#include "_cgo_export.h"

void sf_call(int arg, int level, int last)
{
	SfCallback(arg, level, last);
}

struct cthread {
	int id, calls;
};

static void *cthread_main(void *p)
{
	struct cthread *t = p;

	/* Each call enters Go on an extra M (needm) and leaves it (dropm).
	 * The first ones wait in the export wrapper until runtime.main says
	 * runtime init is done, then in cgocallbackg1 for main_init_done. */
	for (int j = 0; j < t->calls; j++)
		SfCallback(-(t->id * t->calls + j) - 1, 1, j == t->calls - 1);
	free(t);
	return NULL;
}

static int started; /* C threads started, or -1 if one could not be */

int sf_cthreads_started(void)
{
	return started;
}

/* A whole number in [lo, hi], or -1. */
static long number(const char *s, long lo, long hi)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return -1;
	v = strtol(s, &end, 10);
	return *end == '\0' && v >= lo && v <= hi ? v : -1;
}

/*
 * -cthreads and -calls as Go's flag package reads them (-f v, -f=v, with
 * one or two dashes, up to "--" or the first argument that is no flag),
 * so that the threads exist before the Go runtime starts, as in the model.
 * A value out of range starts none: init then names the bad flag.
 */
static void shape_from_args(int argc, char **argv, long *n, long *calls)
{
	static const char *const valued[] = {"goroutines", "calls", "cthreads", "gomaxprocs", "locked", "nest",
					      "context"};

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *name, *eq, *v = NULL;
		size_t len;
		bool takes = false;

		if (strcmp(a, "--") == 0 || a[0] != '-' || a[1] == '\0')
			return;
		name = a + (a[1] == '-' ? 2 : 1);
		eq = strchr(name, '=');
		len = eq != NULL ? (size_t)(eq - name) : strlen(name);
		for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++)
			takes = takes || (strlen(valued[k]) == len && strncmp(name, valued[k], len) == 0);
		if (takes)
			v = eq != NULL ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
		if (len == 8 && strncmp(name, "cthreads", len) == 0)
			*n = number(v, 0, 64);
		else if (len == 5 && strncmp(name, "calls", len) == 0)
			*calls = number(v, 1, 1000000000);
	}
}

/* glibc calls a constructor with the program's arguments, before main:
 * before the Go runtime has started. */
__attribute__((constructor)) static void start_cthreads(int argc, char **argv)
{
	long n = 0, calls = 100000;

	shape_from_args(argc, argv, &n, &calls);
	if (n <= 0 || calls <= 0)
		return;
	for (int i = 0; i < n; i++) {
		pthread_t tid;
		pthread_attr_t attr;
		struct cthread *t = malloc(sizeof *t);

		if (t == NULL) {
			started = -1;
			return;
		}
		t->id = i;
		t->calls = (int)calls;
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		if (pthread_create(&tid, &attr, cthread_main, t) != 0) {
			free(t);
			started = -1;
			return;
		}
		pthread_attr_destroy(&attr);
		started++;
	}
}

/* runtime.SetCgoTraceback's argument layouts (runtime/traceback.go). */
struct context_arg {
	uintptr_t context;
};

struct traceback_arg {
	uintptr_t context, sig_context;
	uintptr_t *buf;
	uintptr_t max;
};

void sf_traceback(void *p)
{
	struct traceback_arg *arg = p;

	/* No symbolised C frames to offer: an empty traceback. */
	if (arg->max > 0)
		arg->buf[0] = 0;
}

/* Installed, but records no context: ctxt stays 0, no deferred pop. */
void sf_context_zero(void *p)
{
	(void)p;
}

/* A new context (Context == 0) becomes 1; a release (nonzero) is a no-op. */
void sf_context_nonzero(void *p)
{
	struct context_arg *arg = p;

	if (arg->context == 0)
		arg->context = 1;
}
