/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fatal errors (upstream: runtime/panic.go throw, runtime/print.go).
 *
 * A throw prints "fatal error: <msg>" to stderr and ends the run.  <msg> is
 * always a string constant: it is the crash signature that triage groups
 * on, so details go in the "runtime: ..." lines printed before it.
 */
#ifndef SCHEDFUZZ_THROW_H
#define SCHEDFUZZ_THROW_H

#include <stdbool.h>
#include <stdio.h>

#if defined(__GNUC__)
#define SF_NORETURN __attribute__((noreturn))
#define SF_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define SF_NORETURN
#define SF_PRINTF(a, b)
#endif

/* print a detail line; the caller includes the "runtime: " prefix. */
void print(const char *fmt, ...) SF_PRINTF(1, 2);

SF_NORETURN void throw(const char *msg);
/* Whether sf_tolerate set any signature. */
bool sf_tolerating(void);

/*
 * An assertion that NDEBUG does not remove (libdill's dill_assert): the
 * model's own consistency, as opposed to the runtime's throws.
 */
#define sf_assert(cond)                                                        \
	do {                                                                   \
		if (!(cond)) {                                                 \
			print("runtime: assertion failed at %s:%d: %s\n",      \
			      __FILE__, __LINE__, #cond);                      \
			throw("model assertion failed");                       \
		}                                                              \
	} while (0)

#endif
