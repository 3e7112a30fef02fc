/* SPDX-License-Identifier: Apache-2.0 */
/*
 * throw: print the signature, then either unwind to sf_run (stress runs and
 * tests that count failures) or abort (fuzz targets: the engine records the
 * crash and the message above its report).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "throw.h"
#include "trace.h"

static FILE *detail;
static bool detail_set;
static const char *tolerated[SF_MAXTOLERATED];
static int ntolerated;

void sf_tolerate(const char *const *sigs, int n)
{
	ntolerated = n < SF_MAXTOLERATED ? n : SF_MAXTOLERATED;
	for (int i = 0; i < ntolerated; i++)
		tolerated[i] = sigs[i];
}

bool sf_tolerating(void)
{
	return ntolerated > 0;
}

static bool istolerated(const char *msg)
{
	for (int i = 0; i < ntolerated; i++)
		if (strcmp(tolerated[i], msg) == 0)
			return true;
	return false;
}

void sf_set_detail_stream(void *file)
{
	detail = file;
	detail_set = true;
}

void print(const char *fmt, ...)
{
	FILE *f = detail_set ? detail : stderr;
	va_list ap;

	if (f == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
}

/* The run's end: its trace event and result. */
static void ended(int status, const char *msg)
{
	trace_throw();
	if (sched.res != NULL) {
		sched.res->status = status;
		sched.res->fatal = msg;
		sched.res->steps = sched.step;
		sched.res->callbacks = sched.callbacks;
		if (sched.trace != NULL)
			sched.res->tracehash = sched.trace->hash;
	}
}

void throw(const char *msg)
{
	static bool dumping;

	if (sched.onthrow != NULL && istolerated(msg)) {
		ended(SF_TOLERATED, msg);
		longjmp(*sched.onthrow, 1);
	}
	if (!dumping && sched.nm > 0) {
		dumping = true;
		dumpstate();
		dumping = false;
	}
	ended(SF_FATAL, msg);
	if (sched.onthrow != NULL && sched.recover) {
		print("fatal error: %s\n", msg);
		longjmp(*sched.onthrow, 1);
	}
	fprintf(stderr, "fatal error: %s\n", msg);
	if (sf_fatal_hook != NULL)
		sf_fatal_hook();
	fflush(stderr);
	abort();
}
