/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The harness's statistics (runtime/stats.c counts and prints them): with
 * SCHEDFUZZ_STATS=1 in the environment, one line at exit, or when a finding
 * ends the process (a throw; an ASan report), so the benchmark measures
 * every engine and simulate the same way.
 *
 * Built without coverage in the engine builds (Makefile UNINSTRUMENTED):
 * its first-input-only branch would otherwise make an input's coverage
 * depend on what ran before it in the process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* ASan's report hook, when ASan is linked (libFuzzer keeps the death
 * callback for itself: it writes the crash artifact there). */
void __asan_set_error_report_callback(void (*callback)(const char *)) __attribute__((weak));

static bool wanted, asked;

static void atexit_stats(void)
{
	sf_print_stats(stderr);
}

static void asan_report(const char *report)
{
	(void)report;
	sf_print_stats(stderr);
}

void sf_stats_begin(void)
{
	const char *v;

	if (asked)
		return;
	asked = true;
	v = getenv("SCHEDFUZZ_STATS");
	wanted = v != NULL && strcmp(v, "1") == 0;
	if (!wanted)
		return;
	atexit(atexit_stats);
	if (__asan_set_error_report_callback != NULL)
		__asan_set_error_report_callback(asan_report);
}

/* throw.c calls this, when it is linked, just before abort(). */
void sf_fatal_hook(void)
{
	if (wanted)
		sf_print_stats(stderr);
}
