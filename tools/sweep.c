/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sweep: the adversarial feed over the whole grid of shapes.
 *
 *   sweep [--runs N] [--seed S] [--calls C] [--rows fixed|buggy|all|NAME[,NAME...]]
 *         [--preemption-points]
 *
 * For each chosen row of runtime/variants.c, each scenario, GOMAXPROCS 1 to
 * 4, 0 to 3 C threads, nesting 1 to 3 and each context setting (720 shapes
 * a row), N runs with the adversarial feed (every decision uniform over its
 * choices), the scenario's goroutines, calls cycling from 1 to C, in
 * every other run the last goroutine exiting locked, and in two runs of
 * three the first goroutine's last callback panicking or calling Goexit.  Run k of
 * the sweep uses seed S + k, so every failure prints the simulate command
 * that replays it alone.
 *
 * A row that is not buggy must pass every run; a buggy row may fail only
 * with the signatures of its known bugs (runtime/variants.c), and the
 * verdict says whether the first detector of its first bug found it in
 * these runs: the #47441 family's windows are met in most runs, others
 * (#46524's publish race) in a few per ten thousand, so not finding one is
 * reported, not a failure.  Exit 0 when no fixed row failed and no failure
 * was unknown, 1 when not, 2 on a usage error.
 *
 * --preemption-points also lists, for each site, its SITE_PP flag
 * ("site NAME pp|-") and, for each row, the sites its table makes PPs
 * ("rowpp NAME: SITE...", sf_site_pp: the flag less the row's nopp) and
 * the sites at which a preemption decision was taken in the sweep ("row
 * NAME: SITE..."): what tests/suites/77-sites.sh compares with
 * runtime/sites.tsv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/runtime.h"
#include "../runtime/sites.h"
#include "cli.h"

#ifndef SF_CHECK
#define SF_CHECK 1
#endif

static const char usage[] =
	"usage: sweep [--runs N] [--seed S] [--calls C] [--rows fixed|buggy|all|NAME[,NAME...]]\n"
	"             [--preemption-points]\n";
static const char *const context_name[] = {"none", "zero", "nonzero"};
static const char checkm_signature[] = "m changed unexpectedly in cgocallbackg";
static const char frame_signature[] = "return to C on a foreign C stack frame";

static long number(const char *opt, const char *v, long lo, long hi)
{
	return sf_number_arg("sweep", usage, opt, v, lo, hi);
}

static bool isclass(const char *rows)
{
	return strcmp(rows, "all") == 0 || strcmp(rows, "fixed") == 0 || strcmp(rows, "buggy") == 0;
}

/* Does the comma-separated list name this row? */
static bool listed(const char *rows, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = rows;; p += strcspn(p, ",") + 1) {
		if (strcspn(p, ",") == len && strncmp(p, name, len) == 0)
			return true;
		if (p[strcspn(p, ",")] == '\0')
			return false;
	}
}

/* Which rows --rows names: a class, or a list of names. */
static bool chosen(const char *rows, const struct sf_variant *v)
{
	if (strcmp(rows, "all") == 0)
		return true;
	if (strcmp(rows, "fixed") == 0)
		return !sf_variant_buggy(v);
	if (strcmp(rows, "buggy") == 0)
		return sf_variant_buggy(v);
	return listed(rows, v->name);
}

/* Every name in the list is a row. */
static bool rows_valid(const char *rows)
{
	if (isclass(rows))
		return true;
	for (const char *p = rows;; p += strcspn(p, ",") + 1) {
		char name[64];
		size_t len = strcspn(p, ",");

		if (len == 0 || len >= sizeof name)
			return false;
		memcpy(name, p, len);
		name[len] = '\0';
		if (sf_variant_lookup(name) == NULL)
			return false;
		if (p[len] == '\0')
			return true;
	}
}

/* The adversarial feed, noting where preemption decisions are taken. */
struct recorder {
	struct sf_decider d;
	struct sf_random rnd;
	bool pp[NSITES];
};

static int recording_decide(struct sf_decider *d, int kind, int site, uint32_t occ, int n, int def, int *off)
{
	struct recorder *r = (struct recorder *)(void *)d;

	if (kind == K_PREEMPT)
		r->pp[site] = true;
	return r->rnd.d.decide(&r->rnd.d, kind, site, occ, n, def, off);
}

struct tally {
	long runs, failed, checkm, frame, unknown, primary;
	unsigned long long callbacks;
	char first[512]; /* the simulate command that replays the first failure */
};

static struct tally sweep_row(const struct sf_variant *var, long runs, long long *seed, int maxcalls,
			      struct recorder *rec, bool points)
{
	/* Listing preemption points needs whole runs: a row whose checker
	 * fails at the first step (bindm-60540) still reaches every PP, and
	 * fails at quiescence instead. */
	struct sf_options opt = {.checkm = true, .checkstate = SF_CHECK && !points};
	struct tally t = {0};

	for (int s = 0; s < sf_nscenarios; s++)
		for (int p = 1; p <= 4; p++)
			for (int th = 0; th <= 3; th++)
				for (int n = 1; n <= 3; n++)
					for (int c = SF_CONTEXT_NONE; c <= SF_CONTEXT_NONZERO; c++)
						for (long r = 0; r < runs; r++, (*seed)++) {
							struct sf_shape shape = sf_scenarios[s].shape;
							struct sf_result res;

							shape.gomaxprocs = p;
							shape.cthreads = th;
							shape.nest = n;
							shape.context = c;
							shape.calls = 1 + (int)(*seed % maxcalls);
							/* Every other run, the last goroutine exits locked. */
							shape.lockexit = (int)(*seed / maxcalls % 2);
							/* A third of the runs, the first goroutine's last callback
							 * panics, another third it calls Goexit. */
							shape.unwind = *seed / (2 * maxcalls) % 3 != 0;
							shape.goexit = *seed / (2 * maxcalls) % 3 == 2;
							/* The C-thread fields vary with the seed too: half
							 * the runs on musl, a quarter with each C thread
							 * respawned once, a quarter calling back twice from
							 * each C function. */
							shape.libc = (int)(*seed / 2 % 2);
							shape.respawn = *seed / 4 % 4 == 0;
							shape.repeat = 1 + (*seed / 16 % 4 == 0);
							sf_adversarial_init(&rec->rnd, (uint64_t)*seed);
							sf_run(&shape, var, &opt, &rec->d, NULL, true, &res);
							t.runs++;
							t.callbacks += (unsigned long long)res.callbacks;
							if (res.status == SF_OK)
								continue;
							char cmd[sizeof t.first];

							snprintf(cmd, sizeof cmd,
								 "simulate --scenario %s --ordering %s --feed adversarial "
								 "--gomaxprocs %d --threads %d --nest %d --context %s "
								 "--calls %d --libc %s --respawn %d --repeat %d --lockexit %d --unwind %d%s --seed %lld: %s",
								 sf_scenarios[s].name, var->name, p, th, n, context_name[c],
								 shape.calls, shape.libc ? "musl" : "glibc", shape.respawn,
								 shape.repeat, shape.lockexit, shape.unwind,
								 shape.goexit ? " --goexit" : "", *seed, res.fatal);
							if (t.failed++ == 0)
								memcpy(t.first, cmd, sizeof cmd);
							if (strcmp(res.fatal, checkm_signature) == 0)
								t.checkm++;
							else if (strcmp(res.fatal, frame_signature) == 0)
								t.frame++;
							if (sf_variant_buggy(var) && strcmp(res.fatal, var->bugs[0].signatures[0]) == 0)
								t.primary++;
							if (sf_variant_bug(var, res.fatal) == NULL) {
								t.unknown++;
								printf("FAIL %s: %s\n", var->name, cmd);
							}
						}
	return t;
}

int main(int argc, char **argv)
{
	long runs = 70, maxcalls = 3;
	long long seed = 1;
	const char *rows = "all";
	bool ok = true, points = false;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (sf_is_help(a)) {
			fputs(usage, stdout);
			return 0;
		}
		if (strcmp(a, "--runs") == 0)
			runs = number(a, v, 1, 1000000), i++;
		else if (strcmp(a, "--seed") == 0)
			seed = number(a, v, 0, 0x3fffffffffffffffL), i++;
		else if (strcmp(a, "--calls") == 0)
			maxcalls = number(a, v, 1, 16), i++;
		else if (strcmp(a, "--preemption-points") == 0)
			points = true;
		else if (strcmp(a, "--rows") == 0) {
			if (v == NULL)
				return sf_usage_error("sweep", usage, "%s needs a value", a);
			rows = v, i++;
		} else
			return sf_usage_error("sweep", usage, "unknown argument '%s'", a);
	}
	if (!rows_valid(rows))
		return sf_usage_error("sweep", usage, "--rows: '%s' is not fixed, buggy, all or a list of rows", rows);

	sf_set_detail_stream(NULL);
	printf("%-22s %-6s %9s %9s %7s %7s %14s %s\n", "row", "buggy", "runs", "failed", "checkm", "frame",
	       "callbacks", "verdict");
	if (points)
		for (int s = 0; s < NSITES; s++)
			printf("site %s %s\n", site_name[s], site_flags[s] & SITE_PP ? "pp" : "-");
	for (int i = 0; i < sf_nvariants; i++) {
		const struct sf_variant *var = &sf_variants[i];
		static struct recorder rec;
		struct tally t;
		bool good;

		if (!chosen(rows, var))
			continue;
		memset(&rec, 0, sizeof rec);
		rec.d.decide = recording_decide;
		t = sweep_row(var, runs, &seed, (int)maxcalls, &rec, points);
		/* A buggy row may fail only with its known bugs' signatures; the
		 * verdict says whether its first bug's first detector found it. */
		good = sf_variant_buggy(var) ? t.unknown == 0 : t.failed == 0;
		ok = ok && good;
		printf("%-22s %-6s %9ld %9ld %7ld %7ld %14llu %s\n", var->name, sf_variant_buggy(var) ? "yes" : "no", t.runs,
		       t.failed, t.checkm, t.frame, t.callbacks,
		       !good ? (sf_variant_buggy(var) ? "FAIL: a failure that is no known bug of the row" : "FAIL: a fixed row failed")
		       : !sf_variant_buggy(var) ? "ok: no failure"
		       : t.primary > 0 ? "ok: fails on its bug's detector, only with known signatures"
				       : "ok: its bug's detector did not fire in these runs; no unknown failure");
		if (t.failed > 0)
			printf("  first failure: %s\n", t.first);
		if (points) {
			printf("rowpp %s:", var->name);
			for (int s = 0; s < NSITES; s++)
				if (sf_site_pp(var, s))
					printf(" %s", site_name[s]);
			printf("\n");
			printf("row %s:", var->name);
			for (int s = 0; s < NSITES; s++)
				if (rec.pp[s])
					printf(" %s", site_name[s]);
			printf("\n");
		}
	}
	return ok ? 0 : 1;
}
