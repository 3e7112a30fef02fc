/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-process statistics for the benchmark: how much modelling a finding
 * took, and how long since the first input (measured before the crash
 * report, whose stack symbolisation takes longer than the search).
 * Reporting only: no clock reading reaches the model.
 *
 * Built without coverage in the engine builds (Makefile UNINSTRUMENTED):
 * its first-input-only branch would otherwise make an input's coverage
 * depend on what ran before it in the process.
 */
#include <stdio.h>
#include <time.h>

#include "fuzz.h"

static uint64_t total_callbacks, total_runs;
static struct timespec firstinput;

void sf_stats_begin(void)
{
	if (total_runs++ == 0)
		clock_gettime(CLOCK_MONOTONIC, &firstinput);
}

void sf_stats_callbacks(int callbacks)
{
	total_callbacks += (uint64_t)callbacks;
}

/* throw.c calls this, when it is linked, just before abort(). */
void sf_fatal_hook(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	fprintf(stderr, "schedfuzz: %llu runs and %llu modelled callbacks in this process, including the last, in %.4f s\n",
		(unsigned long long)total_runs,
		(unsigned long long)(total_callbacks + (uint64_t)sf_current_callbacks()),
		(double)(now.tv_sec - firstinput.tv_sec) + (double)(now.tv_nsec - firstinput.tv_nsec) / 1e9);
}
