/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Process statistics: how much modelling a process did, measured the same
 * way by every program (the fuzz targets, simulate) and read by the
 * benchmark.  sf_run counts every run into sf_totals; this file prints them
 * with the CPU time of the process.  Reporting only: nothing here reaches a
 * decision.
 */
#include <stdio.h>
#include <sys/resource.h>

#include "runtime2.h"

struct sf_totals sf_totals;

/* Called by sf_run at the start and the end of every run.  Here, in a file
 * built without coverage, so that the first run's branch does not make an
 * input's coverage depend on what ran before it in the process. */
void sf_totals_begin(void)
{
	if (sf_totals.runs == 0 && !sf_totals.inrun)
		sf_totals.startcpu = sf_cpu_seconds();
	sf_totals.inrun = true;
}

void sf_totals_search_begins(void)
{
	if (sf_totals.searching)
		return;
	sf_totals.searching = true;
	sf_totals.searchcpu = sf_cpu_seconds();
	sf_totals.searchexecs = sf_totals.execs;
}

void sf_totals_end(void)
{
	sf_totals.runs++;
	sf_totals.callbacks += (uint64_t)sched.callbacks;
	sf_totals.steps += sched.step;
	sf_totals.inrun = false;
}

double sf_cpu_seconds(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       (double)ru.ru_stime.tv_usec / 1e6;
}

void sf_print_stats(void *file)
{
	uint64_t execs = sf_totals.execs, runs = sf_totals.runs, callbacks = sf_totals.callbacks, steps = sf_totals.steps;

	if (sf_totals.inrun) { /* a run that is dying now counts, up to its last step */
		runs++;
		callbacks += (uint64_t)sched.callbacks;
		steps += sched.step;
	}
	fprintf(file,
		"schedfuzz-stats: execs=%llu runs=%llu callbacks=%llu steps=%llu cpu=%.4f startcpu=%.4f searchcpu=%.4f "
		"searchexecs=%llu\n",
		(unsigned long long)execs, (unsigned long long)runs, (unsigned long long)callbacks,
		(unsigned long long)steps, sf_cpu_seconds(), sf_totals.startcpu,
		sf_totals.searching ? sf_totals.searchcpu : sf_totals.startcpu,
		(unsigned long long)(sf_totals.searching ? sf_totals.searchexecs : 0));
	fflush(file);
}
