/* SPDX-License-Identifier: Apache-2.0 */
/*
 * simulate: run a named scenario of the model, seeded or from an input.
 *
 *   simulate --scenario NAME --ordering NAME [options]   R seeded runs
 *   simulate --list                                            the scenarios
 *   simulate --variants                          the rows: NAME buggy|fixed [ISSUE...]
 *
 * --search picks how the seeded runs choose their schedules: random (every
 * decision from the stress distribution), pct:D (PCT with bug depth D) or
 * pos (partial-order sampling); docs/search.md.  --shape mixed draws each
 * run's shape near the scenario's (sf_shape_mix), as a baseline that
 * explores shapes the way the fuzzers' shape records do.  --bug ISSUE
 * (golang/go#62440(b) or 62440(b)) searches for one of the row's known bugs:
 * a run that ends on a signature of only its other bugs is tolerated, not a
 * failure (sf_variant_tolerate_others), as SCHEDFUZZ_BUG does for the
 * fuzzers.
 *
 * Exit 0 when every run passed, 1 when any failed, 2 on a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/input.h"
#include "../runtime/runtime.h"
#include "readfile.h"
#include "cli.h"

#ifndef SF_CHECK
#define SF_CHECK 1
#endif

static const char usage[] =
	"usage: simulate --scenario NAME --ordering NAME [--no-checkm] [--strict]\n"
	"                [--preempt always|random|none] [--goroutines N] [--calls N] [--threads N]\n"
	"                [--gomaxprocs N] [--locked N] [--nest N] [--context none|zero|nonzero]\n"
	"                [--libc glibc|musl] [--respawn N] [--repeat N]\n"
	"                [--lockexit N] [--unwind N] [--goexit]\n"
	"                [--seed S] [--runs R] [--max-seconds S] [--feed stress|adversarial]\n"
	"                [--search random|pct:D|pos] [--shape fixed|mixed] [--bug ISSUE]\n"
	"                [--schedule FILE.txt | --input FILE] [--trace]\n"
	"                [--checkstate off|incremental|full|verify | --no-checkstate] [--verbose] [--until-failure]\n"
	"       simulate --list | --variants\n";

/* SCHEDFUZZ_STATS=1: the statistics line every program prints the same way. */
static void stats(void)
{
	const char *v = getenv("SCHEDFUZZ_STATS");

	fflush(stdout);
	if (v != NULL && strcmp(v, "1") == 0)
		sf_print_stats(stderr);
}

static void die_usage(const char *fmt, const char *arg)
{
	exit(sf_usage_error("simulate", usage, fmt, arg));
}

/* The ordering names of runtime/variants.c, comma-separated. */
static const char *orderings(void)
{
	static char buf[256];
	size_t n = 0;

	for (int i = 0; i < sf_nvariants && n < sizeof buf; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i ? ", " : "", sf_variants[i].name);
	return buf;
}

static long number(const char *opt, const char *v, long lo, long hi)
{
	return sf_number_arg("simulate", usage, opt, v, lo, hi);
}

/* --search random | pct:D | pos */
static int search_named(const char *v, int *depth)
{
	char *end;

	if (v != NULL && strcmp(v, "random") == 0)
		return SF_SEARCH_RANDOM;
	if (v != NULL && strcmp(v, "pos") == 0)
		return SF_SEARCH_POS;
	if (v != NULL && strncmp(v, "pct:", 4) == 0) {
		long d = strtol(v + 4, &end, 10);

		if (end != v + 4 && *end == '\0' && d >= 1 && d <= SF_PCT_MAXDEPTH) {
			*depth = (int)d;
			return SF_SEARCH_PCT;
		}
	}
	fprintf(stderr, "simulate: --search wants random, pct:D with D from 1 to %d, or pos, not '%s'\n%s",
		SF_PCT_MAXDEPTH, v ? v : "", usage);
	exit(2);
}

/* PCT's k: the steps of the canonical run, where every decision is at its default. */
static uint64_t canonical_steps(const struct sf_shape *shape, const struct sf_variant *var, struct sf_options opt)
{
	static struct sf_input none;
	struct sf_result res;

	sf_input_decode(&none, NULL, 0, shape);
	sf_run(&none.shape, var, &opt, &none.d, NULL, true, &res);
	return res.steps;
}

static int context_named(const char *v)
{
	static const char *const names[] = {"none", "zero", "nonzero"};

	for (int i = 0; i < 3; i++)
		if (v != NULL && strcmp(v, names[i]) == 0)
			return i;
	die_usage("--context wants none, zero or nonzero, not '%s'", v ? v : "");
	return 0;
}

static void list(void)
{
	for (int i = 0; i < sf_nscenarios; i++)
		printf("%-28s %s\n", sf_scenarios[i].name, sf_scenarios[i].what);
	printf("\norderings:\n");
	for (int i = 0; i < sf_nvariants; i++)
		printf("%-28s %s [%s, %s]\n", sf_variants[i].name, sf_variants[i].what, sf_variants[i].issue,
		       sf_variants[i].commit);
}

int main(int argc, char **argv)
{
	const struct sf_scenario *sc = NULL;
	const struct sf_variant *var = NULL;
	struct sf_shape shape;
	struct sf_options opt = {.checkm = true, .checkstate = SF_CHECK};
	int preempt_per_256 = -1, set[13] = {0}, vals[13] = {0};
	long long seed = 1;
	long runs = 1, failed = 0, done = 0;
	int search = SF_SEARCH_RANDOM, depth = 1;
	uint64_t ksteps = 0;
	double maxsec = 0; /* stop after this much CPU time (0: no limit) */
	uint64_t total = 0;
	const char *schedule = NULL, *inputfile = NULL, *bug = NULL;
	long tolerated = 0;
	char err[512];
	bool trace = false, verbose = false, untilfail = false, adversarial = false, mixed = false;
	static struct sf_event events[1 << 16];
	static struct sf_input in;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (sf_is_help(a)) {
			fputs(usage, stdout);
			return 0;
		}
		if (strcmp(a, "--list") == 0) {
			list();
			return 0;
		} else if (strcmp(a, "--variants") == 0) {
			for (int k = 0; k < sf_nvariants; k++) {
				printf("%s %s", sf_variants[k].name, sf_variant_buggy(&sf_variants[k]) ? "buggy" : "fixed");
				for (int b = 0; b < SF_MAXBUGS && sf_variants[k].bugs[b].issue != NULL; b++)
					printf(" %s", sf_variants[k].bugs[b].issue);
				printf("\n");
			}
			return 0;
		} else if (strcmp(a, "--shape") == 0) {
			if (v == NULL || (strcmp(v, "fixed") != 0 && strcmp(v, "mixed") != 0))
				die_usage("--shape wants fixed or mixed, not '%s'", v ? v : "");
			mixed = strcmp(v, "mixed") == 0;
			i++;
		} else if (strcmp(a, "--scenario") == 0) {
			if (v == NULL || (sc = sf_scenario_lookup(v)) == NULL)
				die_usage("unknown scenario '%s' (--list shows them)", v ? v : "");
			i++;
		} else if (strcmp(a, "--ordering") == 0) {
			if (v == NULL || (var = sf_variant_lookup(v)) == NULL) {
				fprintf(stderr, "simulate: --ordering wants one of: %s\n", orderings());
				die_usage("not '%s'", v ? v : "");
			}
			i++;
		} else if (strcmp(a, "--no-checkm") == 0) {
			opt.checkm = false;
		} else if (strcmp(a, "--strict") == 0) {
			opt.strict = true;
		} else if (strcmp(a, "--no-checkstate") == 0) {
			opt.checkstate = SF_CHECK_OFF;
		} else if (strcmp(a, "--checkstate") == 0) {
			static const char *const modes[] = {"off", "incremental", "full", "verify"};

			opt.checkstate = -1;
			for (int m = 0; m < 4; m++)
				if (v != NULL && strcmp(v, modes[m]) == 0)
					opt.checkstate = m;
			if (opt.checkstate < 0)
				die_usage("--checkstate wants off, incremental, full or verify, not '%s'", v ? v : "");
			i++;
		} else if (strcmp(a, "--trace") == 0) {
			trace = true;
		} else if (strcmp(a, "--verbose") == 0) {
			verbose = true;
		} else if (strcmp(a, "--until-failure") == 0) {
			untilfail = true;
		} else if (strcmp(a, "--preempt") == 0) {
			if (v != NULL && strcmp(v, "always") == 0)
				opt.preempt = SF_PREEMPT_ALWAYS;
			else if (v != NULL && strcmp(v, "random") == 0)
				preempt_per_256 = -1;
			else if (v != NULL && strcmp(v, "none") == 0)
				preempt_per_256 = 0;
			else
				die_usage("--preempt wants always, random or none, not '%s'", v ? v : "");
			i++;
		} else if (strcmp(a, "--feed") == 0) {
			if (v != NULL && strcmp(v, "adversarial") == 0)
				adversarial = true;
			else if (v == NULL || strcmp(v, "stress") != 0)
				die_usage("--feed wants stress or adversarial, not '%s'", v ? v : "");
			i++;
		} else if (strcmp(a, "--goroutines") == 0) {
			set[0] = 1, vals[0] = (int)number(a, v, 0, 16), i++;
		} else if (strcmp(a, "--calls") == 0) {
			set[1] = 1, vals[1] = (int)number(a, v, 1, 16), i++;
		} else if (strcmp(a, "--threads") == 0) {
			set[2] = 1, vals[2] = (int)number(a, v, 0, 4), i++;
		} else if (strcmp(a, "--gomaxprocs") == 0) {
			set[3] = 1, vals[3] = (int)number(a, v, 1, 4), i++;
		} else if (strcmp(a, "--locked") == 0) {
			set[4] = 1, vals[4] = (int)number(a, v, 0, 16), i++;
		} else if (strcmp(a, "--nest") == 0) {
			set[5] = 1, vals[5] = (int)number(a, v, 1, 3), i++;
		} else if (strcmp(a, "--context") == 0) {
			set[6] = 1, vals[6] = context_named(v), i++;
		} else if (strcmp(a, "--libc") == 0) {
			if (v == NULL || (strcmp(v, "glibc") != 0 && strcmp(v, "musl") != 0))
				die_usage("--libc wants glibc or musl, not '%s'", v ? v : "");
			set[7] = 1, vals[7] = strcmp(v, "musl") == 0 ? SF_LIBC_MUSL : SF_LIBC_GLIBC, i++;
		} else if (strcmp(a, "--respawn") == 0) {
			set[8] = 1, vals[8] = (int)number(a, v, 0, 3), i++;
		} else if (strcmp(a, "--repeat") == 0) {
			set[9] = 1, vals[9] = (int)number(a, v, 1, 3), i++;
		} else if (strcmp(a, "--lockexit") == 0) {
			set[10] = 1, vals[10] = (int)number(a, v, 0, 16), i++;
		} else if (strcmp(a, "--unwind") == 0) {
			set[11] = 1, vals[11] = (int)number(a, v, 0, 16), i++;
		} else if (strcmp(a, "--goexit") == 0) {
			set[12] = 1, vals[12] = 1;
		} else if (strcmp(a, "--seed") == 0) {
			seed = number(a, v, 0, 0x7fffffffffffffffL), i++;
		} else if (strcmp(a, "--max-seconds") == 0) {
			maxsec = (double)number(a, v, 1, 1000000), i++;
		} else if (strcmp(a, "--bug") == 0) {
			if (v == NULL)
				die_usage("%s needs an issue, e.g. golang/go#62440(b) or 62440(b)", a);
			bug = v, i++;
		} else if (strcmp(a, "--search") == 0) {
			search = search_named(v, &depth), i++;
		} else if (strcmp(a, "--runs") == 0) {
			runs = number(a, v, 1, 100000000), i++;
		} else if (strcmp(a, "--schedule") == 0) {
			if (v == NULL)
				die_usage("%s needs a file", a);
			schedule = v, i++;
		} else if (strcmp(a, "--input") == 0) {
			if (v == NULL)
				die_usage("%s needs a file", a);
			inputfile = v, i++;
		} else {
			die_usage("unknown argument '%s'", a);
		}
	}
	if (sc == NULL)
		die_usage("%s", "--scenario is required (--list shows them)");
	if (var == NULL)
		die_usage("--ordering is required, one of: %s", orderings());
	if (schedule != NULL && inputfile != NULL)
		die_usage("%s", "--schedule and --input are two ways to give one input: use one");
	if (adversarial && (schedule != NULL || inputfile != NULL))
		die_usage("%s", "--feed is for seeded runs; an input gives its own decisions");
	if (adversarial && search != SF_SEARCH_RANDOM)
		die_usage("%s", "--feed adversarial is a feed for random search; pct and pos make their own decisions");

	if (sf_variant_tolerate_others(var, bug, err, sizeof err) != 0) {
		fprintf(stderr, "simulate: --bug %s\n", err);
		return 2;
	}

	shape = sc->shape;
	if (set[0]) shape.goroutines = vals[0];
	if (set[1]) shape.calls = vals[1];
	if (set[2]) shape.cthreads = vals[2];
	if (set[3]) shape.gomaxprocs = vals[3];
	if (set[4]) shape.locked = vals[4];
	if (set[5]) shape.nest = vals[5];
	if (set[6]) shape.context = vals[6];
	if (set[7]) shape.libc = vals[7];
	if (set[8]) shape.respawn = vals[8];
	if (set[9]) shape.repeat = vals[9];
	if (set[10]) shape.lockexit = vals[10];
	if (set[11]) shape.unwind = vals[11];
	if (set[12]) shape.goexit = vals[12];

	if (schedule != NULL || inputfile != NULL) {
		static uint8_t bytes[SF_MAX_INPUT];
		long n;
		struct sf_trace tr = {.ev = events, .cap = sizeof events / sizeof events[0]};
		struct sf_result res;

		n = schedule != NULL ? sf_read_text_input(schedule, bytes, sizeof bytes)
				     : sf_read_input(inputfile, bytes, sizeof bytes);
		if (n < 0)
			return 2;
		sf_input_decode(&in, bytes, (size_t)n, &shape);
		sf_totals.execs++;
		sf_run(&in.shape, var, &opt, &in.d, &tr, true, &res);
		if (trace)
			sf_trace_print(stdout, &tr);
		if (res.status == SF_TOLERATED)
			printf("tolerated (--bug %s): %s\n", bug, res.fatal);
		else if (res.status != SF_OK)
			printf("fatal error: %s\n", res.fatal);
		printf("runs=1 ok=%d failed=%d steps=%llu callbacks=%d trace=%016llx\n", res.status == SF_OK,
		       res.status == SF_FATAL, (unsigned long long)res.steps, res.callbacks,
		       (unsigned long long)res.tracehash);
		stats();
		return res.status == SF_FATAL ? 1 : 0;
	}

	if (!verbose && runs > 1)
		sf_set_detail_stream(NULL);
	if (search == SF_SEARCH_PCT)
		ksteps = canonical_steps(&shape, var, opt);
	for (long r = 0; r < runs && !(untilfail && failed); r++) {
		if (maxsec > 0 && r % 16 == 0 && sf_cpu_seconds() > maxsec)
			break;
		static struct sf_search srch;
		struct sf_random rnd;
		struct sf_decider *dec = &rnd.d;
		struct sf_result res;
		struct sf_trace tr = {.ev = trace ? events : NULL, .cap = trace ? sizeof events / sizeof events[0] : 0};
		struct sf_shape sh = shape;

		if (mixed)
			sf_shape_mix(&sh, (uint64_t)(seed + r), 0);
		if (search != SF_SEARCH_RANDOM) {
			sf_search_init(&srch, search, depth, (uint64_t)(seed + r), ksteps);
			dec = &srch.d;
		} else if (adversarial) {
			sf_adversarial_init(&rnd, (uint64_t)(seed + r));
		} else {
			sf_random_init(&rnd, (uint64_t)(seed + r), preempt_per_256);
		}
		sf_totals.execs++;
		sf_run(&sh, var, &opt, dec, trace ? &tr : NULL, true, &res);
		if (res.steps > ksteps)
			ksteps = res.steps;
		if (trace)
			sf_trace_print(stdout, &tr);
		if (res.status == SF_TOLERATED) {
			tolerated++;
		} else if (res.status != SF_OK) {
			failed++;
			printf("seed=%lld fatal error: %s (step %llu, %d callbacks)", seed + r, res.fatal,
			       (unsigned long long)res.steps, res.callbacks);
			/* The fuzz input that runs it again (an input's seed draws
			 * the shape, as --shape mixed does): `stress N` alone for
			 * random search, a search record with it for the others. */
			if (search == SF_SEARCH_PCT && mixed)
				printf(" [search pct %d %llu]", srch.depth, (unsigned long long)srch.ksteps);
			else if (search == SF_SEARCH_POS && mixed)
				printf(" [search pos]");
			printf("\n");
		}
		total += (uint64_t)res.callbacks;
		done++;
	}
	printf("runs=%ld ok=%ld failed=%ld callbacks=%llu", done, done - failed - tolerated, failed,
	       (unsigned long long)total);
	if (bug != NULL)
		printf(" tolerated=%ld", tolerated);
	printf("\n");
	stats();
	return failed ? 1 : 0;
}
