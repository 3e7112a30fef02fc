/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The C half of the real-Go test program: the C function that calls Go
 * back, C-created threads, and the SetCgoTraceback functions.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

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

	/* Each call enters Go on an extra M (needm) and leaves it (dropm). */
	for (int j = 0; j < t->calls; j++)
		SfCallback(-(t->id * t->calls + j) - 1, 1, j == t->calls - 1);
	free(t);
	return NULL;
}

int sf_start_cthreads(int n, int calls)
{
	for (int i = 0; i < n; i++) {
		pthread_t tid;
		pthread_attr_t attr;
		struct cthread *t = malloc(sizeof *t);

		if (t == NULL)
			return -1;
		t->id = i;
		t->calls = calls;
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		if (pthread_create(&tid, &attr, cthread_main, t) != 0) {
			free(t);
			return -1;
		}
		pthread_attr_destroy(&attr);
	}
	return 0;
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
