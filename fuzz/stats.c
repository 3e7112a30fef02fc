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
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* ASan's report hook, looked up at run time when the ASan runtime is there
 * (no symbol reference: the other sanitizer builds must not name ASan;
 * libFuzzer keeps the death callback for itself: it writes the crash
 * artifact there). */
typedef void (*asan_report_setter)(void (*callback)(const char *));

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
	{
		asan_report_setter set = (asan_report_setter)dlsym(RTLD_DEFAULT, "__asan_set_error_report_callback");

		if (set != NULL)
			set(asan_report);
	}
}

/* throw.c calls this, when it is linked, just before abort(). */
void sf_fatal_hook(void)
{
	if (wanted)
		sf_print_stats(stderr);
}
