/* SPDX-License-Identifier: Apache-2.0 */
/*
 * throw: print the signature, then either unwind to sf_run (stress runs and
 * tests that count failures) or abort (fuzz targets: the engine records the
 * crash and the message above its report).
 */
#include <stdarg.h>
#include <stdlib.h>

#include "proc.h"
#include "throw.h"
#include "trace.h"

static FILE *detail;
static bool detail_set;

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

void throw(const char *msg)
{
	static bool dumping;

	if (!dumping && sched.nm > 0) {
		dumping = true;
		dumpstate();
		dumping = false;
	}
	trace_throw();
	if (sched.res != NULL) {
		sched.res->status = SF_FATAL;
		sched.res->fatal = msg;
		sched.res->steps = sched.step;
		sched.res->callbacks = sched.callbacks;
		if (sched.trace != NULL)
			sched.res->tracehash = sched.trace->hash;
	}
	if (sched.onthrow != NULL) {
		print("fatal error: %s\n", msg);
		longjmp(*sched.onthrow, 1);
	}
	fprintf(stderr, "fatal error: %s\n", msg);
	if (sf_fatal_hook != NULL)
		sf_fatal_hook();
	fflush(stderr);
	abort();
}
