/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests of the schedule sources: the stress distribution and the stress
 * field of an input, the search strategies (PCT, POS), the structure-aware
 * mutator's stress operations, and the incremental checker's verify mode.
 * Run by tests/suites/24-search-unit.sh; prints "ok"/"FAIL" per test and a
 * summary line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/mutate.h"
#include "../runtime/input.h"
#include "../runtime/runtime2.h"

static int nfail, npass;
static bool bad;

#define EXPECT(cond, ...)                                            \
	do {                                                         \
		if (!(cond)) {                                       \
			printf("       | " __VA_ARGS__);             \
			printf("\n");                                \
			bad = true;                                  \
		}                                                    \
	} while (0)

static struct sf_event ev1[1 << 16], ev2[1 << 16];
static struct sf_input in;

static struct sf_shape shape(const char *name)
{
	return sf_scenario_lookup(name)->shape;
}

static struct sf_options opts(int check)
{
	return (struct sf_options){.checkm = true, .checkstate = check};
}

static int run_bytes(const uint8_t *b, size_t n, struct sf_shape sh, const char *row, struct sf_trace *tr,
		     struct sf_result *res)
{
	struct sf_options o = opts(SF_CHECK_INCREMENTAL);

	sf_input_decode(&in, b, n, &sh);
	return sf_run(&in.shape, sf_variant_lookup(row), &o, &in.d, tr, true, res);
}

static size_t encode(const char *text, uint8_t *out)
{
	char err[256];
	long n = sf_text_encode(text, out, SF_MAX_INPUT, err, sizeof err);

	if (n < 0) {
		fprintf(stderr, "search_test: %s\n", err);
		exit(2);
	}
	return (size_t)n;
}

/* ---- the stress distribution ---- */

static void test_every_kind_has_a_row(void)
{
	for (int k = 0; k < NKINDS; k++) {
		int fixed = sf_kind_choices(k), total = 0;

		EXPECT(sf_stress[k].per256 > 0, "kind %s has no row in the stress table (runtime/stress.c)", sf_kind_name[k]);
		for (int c = 0; c < SF_STRESS_MAXW; c++)
			total += sf_stress[k].w[c];
		EXPECT(total == 0 || (fixed > 0 && sf_stress[k].w[0] == 0), "kind %s: weights must leave the default out",
		       sf_kind_name[k]);
	}
}

static void test_draws_are_in_range_and_hashed(void)
{
	int nondef = 0, per256 = sf_stress_per256(7, K_PREEMPT), want = 4096 * per256 / 256;

	EXPECT(per256 >= sf_stress[K_PREEMPT].per256 && per256 <= 256, "seed 7's preempt chance is %d/256", per256);
	for (uint32_t occ = 0; occ < 4096; occ++) {
		int c = sf_stress_draw(7, K_PREEMPT, SITE_DWRAP1, occ, 3, 0);

		EXPECT(c >= 0 && c < 3, "choice %d out of range", c);
		nondef += c != 0;
		EXPECT(c == sf_stress_draw(7, K_PREEMPT, SITE_DWRAP1, occ, 3, 0), "the same key drew twice differently");
	}
	EXPECT(nondef > want * 3 / 4 && nondef < want * 5 / 4 + 10, "%d of 4096 preempt draws not the default, want about %d",
	       nondef, want);
}

/* ---- the stress field of an input ---- */

static void test_stress_field_is_the_seeded_feed(void)
{
	struct sf_shape sh = shape("TracebackContextPreemption");
	struct sf_trace a = {.ev = ev1, .cap = 1 << 16}, b = {.ev = ev2, .cap = 1 << 16};
	struct sf_options o = opts(SF_CHECK_INCREMENTAL);
	struct sf_result r1, r2;
	uint8_t buf[SF_MAX_INPUT];

	for (int seed = 1; seed < 40; seed++) {
		char text[64];
		size_t n;
		struct sf_random rnd;
		struct sf_shape mixed = sh; /* the shape is drawn as --shape mixed draws it */

		snprintf(text, sizeof text, "stress %d\n", seed * 1613);
		n = encode(text, buf);
		run_bytes(buf, n, sh, "fixed", &a, &r1);
		sf_random_init(&rnd, (uint64_t)(seed * 1613), -1);
		sf_shape_mix(&mixed, (uint64_t)(seed * 1613), 0);
		sf_run(&mixed, sf_variant_lookup("fixed"), &o, &rnd.d, &b, true, &r2);
		EXPECT(a.hash == b.hash, "stress %d: the input's run differs from the seeded feed's", seed * 1613);
	}
}

/* A record on top of a seed changes that decision and none before it. */
static void test_record_keeps_the_prefix(void)
{
	struct sf_shape sh = shape("TracebackContextPreemption");
	struct sf_trace a = {.ev = ev1, .cap = 1 << 16}, b = {.ev = ev2, .cap = 1 << 16};
	struct sf_result r1, r2;
	uint8_t buf[SF_MAX_INPUT];
	char text[128];
	size_t n, at = 0;

	n = encode("stress 4242\n", buf);
	run_bytes(buf, n, sh, "fixed", &a, &r1);
	/* The tenth preempt decision that took its default. */
	for (size_t i = 0, seen = 0; i < a.n; i++)
		if (a.ev[i].kind == EV_DECISION && a.ev[i].dkind == K_PREEMPT && a.ev[i].choice == 0 && ++seen == 10) {
			at = i;
			break;
		}
	EXPECT(at > 0, "no tenth default preempt decision");
	snprintf(text, sizeof text, "stress 4242\npreempt %s %u sysmon\n", site_name[a.ev[at].site], a.ev[at].occ);
	n = encode(text, buf);
	run_bytes(buf, n, sh, "fixed", &b, &r2);
	EXPECT(memcmp(a.ev, b.ev, at * sizeof a.ev[0]) == 0, "the events before the changed decision differ");
	EXPECT(b.ev[at].kind == EV_DECISION && b.ev[at].choice == 1 && b.ev[at].off >= 0,
	       "the record did not take the decision it names");
}

static void test_stress_text_and_default(void)
{
	uint8_t buf[SF_MAX_INPUT], back[SF_MAX_INPUT];
	char *text = NULL, err[256];
	size_t len = 0, n = encode("stress 65535\nshape goroutines 2\n", buf);
	FILE *f = open_memstream(&text, &len);

	sf_text_decode(f, buf, n);
	fclose(f);
	EXPECT(strstr(text, "stress 65535\n") != NULL, "decoded: %s", text);
	EXPECT(sf_text_encode(text, back, sizeof back, err, sizeof err) == (long)n && memcmp(buf, back, n) == 0,
	       "the stress record does not round-trip");
	free(text);
	EXPECT(sf_text_encode("stress 18446744073709551616\n", buf, sizeof buf, err, sizeof err) < 0,
	       "a seed of 65 bits accepted");
	EXPECT(sf_text_encode("stress -1\n", buf, sizeof buf, err, sizeof err) < 0, "a negative seed accepted");
	EXPECT(sf_text_encode("stress\n", buf, sizeof buf, err, sizeof err) < 0, "a stress line without a seed accepted");
	/* Wider seeds: one record per 16 bits, the highest first; the records
	 * of one line decode back to it, and any byte string round-trips. */
	n = encode("stress 65536\nstress 18446744073709551615\nstress 0\nstress 7\n", buf);
	EXPECT(n == 8 * SF_RECSIZE, "the seeds 65536, 2^64 - 1, 0 and 7 made %zu bytes, not 8 records", n);
	sf_input_decode(&in, buf, 2 * SF_RECSIZE, &(struct sf_shape){0});
	EXPECT(in.stressed && in.stress == 65536, "stress 65536 decodes as seed %llu", (unsigned long long)in.stress);
	sf_input_decode(&in, buf, n, &(struct sf_shape){0});
	EXPECT(in.stress == (UINT64_C(0xffffffff) << 32 | 7), "the last four records are not the seed: %llx",
	       (unsigned long long)in.stress);
	f = open_memstream(&text, &len);
	sf_text_decode(f, buf, n);
	fclose(f);
	/* Eight records in a row are no one `stress N`: a line each. */
	EXPECT(strcmp(text, "stress 1\nstress 0\nstress 65535\nstress 65535\nstress 65535\nstress 65535\nstress 0\n"
			    "stress 7\n") == 0,
	       "decoded: %s", text);
	EXPECT(sf_text_encode(text, back, sizeof back, err, sizeof err) == (long)n && memcmp(buf, back, n) == 0,
	       "wide stress seeds do not round-trip");
	free(text);
	n = encode("stress 4294967296\npreempt userfn 0 gc\nstress 0\nstress 3\n", buf);
	f = open_memstream(&text, &len);
	sf_text_decode(f, buf, n);
	fclose(f);
	EXPECT(strcmp(text, "stress 4294967296\npreempt userfn 0 gc\nstress 0\nstress 3\n") == 0, "decoded: %s", text);
	free(text);
	sf_input_decode(&in, NULL, 0, &(struct sf_shape){0});
	EXPECT(!in.stressed, "the empty input has a stress field");
}

/* The text of bytes, decoded (the caller frees it). */
static char *decoded(const uint8_t *b, size_t n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	sf_text_decode(f, b, n);
	fclose(f);
	return text;
}

/* A search record makes the seed drive PCT or POS: the input's run is the
 * strategy's run under that seed, on the shape the seed draws. */
static void test_search_field(void)
{
	struct sf_shape sh = shape("TracebackContextPreemption");
	struct sf_trace a = {.ev = ev1, .cap = 1 << 16}, b = {.ev = ev2, .cap = 1 << 16};
	struct sf_options o = opts(SF_CHECK_INCREMENTAL);
	static struct sf_search srch;
	struct sf_result r1, r2;
	uint8_t buf[SF_MAX_INPUT];
	const char *const good[] = {"search pct 3 384\nstress 77\n", "search pos\n", "search random\nstress 5\n",
				    "search pct 8 4096\n", "search pct 1 64\n"};
	const char *const refused[] = {"search\n", "search pct\n", "search pct 2\n", "search pct 0 64\n",
				       "search pct 9 64\n", "search pct 2 100\n", "search pct 2 0\n",
				       "search pct 2 16448\n", "search fifo\n", "search pos 16\n"};
	char err[256], *text;
	size_t n;

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		n = encode(good[i], buf);
		text = decoded(buf, n);
		EXPECT(strcmp(text, good[i]) == 0, "'%s' decodes as '%s'", good[i], text);
		free(text);
	}
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		EXPECT(sf_text_encode(refused[i], buf, sizeof buf, err, sizeof err) < 0, "'%s' accepted", refused[i]);
	/* Any value byte is a strategy (mod 10). */
	buf[0] = (uint8_t)sf_key_index(SF_KEY_SEARCH, 0), buf[1] = 7, buf[2] = 19;
	text = decoded(buf, 3);
	EXPECT(strcmp(text, "search pos\n") == 0, "value 19 decodes as '%s'", text);
	free(text);
	for (int kind = SF_SEARCH_PCT; kind <= SF_SEARCH_POS; kind++)
		for (int depth = 1; depth <= (kind == SF_SEARCH_PCT ? 3 : 1); depth++)
			for (uint64_t seed = 0; seed < 30; seed++) {
				char line[96], stress[48] = "";
				struct sf_shape mixed = sh;

				/* Seed 0 has no stress record: the search record alone. */
				if (seed != 0)
					snprintf(stress, sizeof stress, "stress %llu\n", (unsigned long long)(seed * 7919));
				if (kind == SF_SEARCH_PCT)
					snprintf(line, sizeof line, "search pct %d 384\n%s", depth, stress);
				else
					snprintf(line, sizeof line, "search pos\n%s", stress);
				n = encode(line, buf);
				run_bytes(buf, n, sh, "fixed", &a, &r1);
				sf_shape_mix(&mixed, seed * 7919, 0);
				sf_search_init(&srch, kind, depth, seed * 7919, 384);
				sf_run(&mixed, sf_variant_lookup("fixed"), &o, &srch.d, &b, true, &r2);
				EXPECT(a.hash == b.hash && r1.steps == r2.steps, "%.*s: the input's run is not the strategy's",
				       (int)(strchr(line, '\n') - line), line);
				/* Decoded once, run twice: the strategy starts again. */
				sf_input_rewind(&in);
				sf_run(&in.shape, sf_variant_lookup("fixed"), &o, &in.d, &b, true, &r2);
				EXPECT(a.hash == b.hash, "%s: a rewound input runs another schedule", line);
			}
}

/* ---- the mutator ---- */

static void test_mutator_reseeds(void)
{
	int key = sf_key_index(SF_KEY_STRESS, 0), withstress = 0, reseeded = 0, pinned = 0, wasted = 0, wide = 0;
	static struct sf_input parent, child;

	for (uint64_t seed = 1; seed <= 2000; seed++) {
		uint8_t buf[64] = {0};
		size_t n = sf_mutate(buf, 0, sizeof buf, seed, NULL, NULL);

		EXPECT(n % SF_RECSIZE == 0 && n <= sizeof buf, "mutating the empty input made %zu bytes", n);
		withstress += n == SF_RECSIZE && buf[0] == key;
	}
	/* A stress seed that draws a shape away from the default. */
	sf_input_decode(&parent, (uint8_t[]){(uint8_t)key, 1, 2}, 3, &sf_fuzz_shape);
	for (uint64_t seed = 1; seed <= 2000; seed++) {
		uint8_t buf[64] = {(uint8_t)key, 1, 2};
		size_t n = sf_mutate(buf, 3, sizeof buf, seed, NULL, NULL);

		sf_input_decode(&child, buf, n, &sf_fuzz_shape);
		/* The parent again, or the canonical run: both already ran. */
		wasted += (n == 3 && memcmp(buf, (uint8_t[]){(uint8_t)key, 1, 2}, 3) == 0) || !child.stressed;
		reseeded += child.stressed && child.stress != parent.stress;
		wide += child.stress > 0xffff && child.stress <= 0xffffffff;
		if (n > 3 && child.stressed && child.stress != parent.stress && child.shapeset != 0) {
			pinned++;
			EXPECT(child.shapeset == (1u << NSHAPEFIELDS) - 1, "a pinned child sets the shape fields %#x",
			       child.shapeset);
			for (int f = 0; f < NSHAPEFIELDS; f++)
				EXPECT(sf_shape_field(&child.shape, f) == sf_shape_field(&parent.shape, f),
				       "a pinned child's %s is %d, its parent ran %d", sf_shapefield_name[f],
				       sf_shape_field(&child.shape, f), sf_shape_field(&parent.shape, f));
		}
	}
	/* Every mutation of the empty input is a stress record (a new random
	 * run); on a stress input every operation but add gives a new seed
	 * (31 in 32: the local ones have no explicit record to edit), pin
	 * alone 1 in 32. */
	EXPECT(withstress == 2000, "%d of 2000 mutations of the empty input are a stress record", withstress);
	EXPECT(wasted == 0, "%d of 2000 mutations of a stress input gave a schedule that already ran", wasted);
	EXPECT(reseeded > 1850, "%d of 2000 mutations of a stress input gave it a new seed", reseeded);
	EXPECT(pinned > 20 && pinned < 150, "%d of 2000 mutations of a stress input pinned its shape", pinned);
	EXPECT(wide > 1850, "%d of 2000 mutations of a one-record stress input gave it a seed of 32 bits", wide);
	EXPECT(memcmp(&parent.shape, &sf_fuzz_shape, sizeof parent.shape) != 0,
	       "stress 258 draws the default shape: the pin test proves nothing");
}

/* A PCT parent's children keep its search record: a reseed changes the
 * seed the strategy runs under, a local operation edits explicit records. */
static void test_mutator_keeps_the_strategy(void)
{
	uint8_t parent[SF_MAX_INPUT];
	size_t np = encode("search pct 2 384\nstress 5\npreempt userfn 0 sysmon\n", parent);
	int kept = 0, reseeded = 0, search = sf_key_index(SF_KEY_SEARCH, 0);
	static struct sf_input child;

	for (uint64_t seed = 1; seed <= 1000; seed++) {
		uint8_t buf[64];
		size_t n;
		int depth;
		uint64_t ksteps;

		memcpy(buf, parent, np);
		n = sf_mutate(buf, np, sizeof buf, seed, NULL, NULL);
		sf_input_decode(&child, buf, n, &sf_fuzz_shape);
		for (size_t i = 0; i < n; i += SF_RECSIZE)
			if (buf[i] == search && buf[i + 1] == parent[1] && buf[i + 2] == parent[2]) {
				kept++;
				break;
			}
		reseeded += sf_input_search(&child, &depth, &ksteps) == SF_SEARCH_PCT && depth == 2 &&
			    ksteps == 384 && child.stress != 5;
	}
	EXPECT(kept == 1000, "%d of 1000 children of a PCT input kept its search record", kept);
	/* Reseed and pin are 25 of the 32 operations, and raw reseeds when
	 * there is no byte mutator: 26 in 32; the others keep the seed. */
	EXPECT(reseeded > 750, "%d of 1000 children of a PCT input run PCT under a new seed", reseeded);
}

static void test_crossover_reseeds(void)
{
	int key = sf_key_index(SF_KEY_STRESS, 0), fresh = 0;
	int pre = sf_key_index(K_PREEMPT, 0) >= 0 ? sf_key_index(K_PREEMPT, 0) : 0;
	static struct sf_input child;

	for (uint64_t seed = 1; seed <= 500; seed++) {
		const uint8_t a[] = {(uint8_t)key, 1, 2, (uint8_t)pre, 0, 1}, b[] = {(uint8_t)key, 3, 4, (uint8_t)pre, 1, 1};
		uint8_t out[64];
		size_t n = sf_crossover(a, sizeof a, b, sizeof b, out, sizeof out, seed);

		sf_input_decode(&child, out, n, &sf_fuzz_shape);
		EXPECT(child.stressed, "a crossover of two stress inputs has no stress record");
		fresh += child.stress != 258 && child.stress != 772;
	}
	/* A new seed every time. */
	EXPECT(fresh >= 495, "%d of 500 crossovers of two stress inputs drew a new seed", fresh);
}

/* ---- search strategies ---- */

static int preempts(const struct sf_trace *t)
{
	int n = 0;

	for (size_t i = 0; i < t->n; i++)
		n += t->ev[i].kind == EV_DECISION && t->ev[i].dkind == K_PREEMPT && t->ev[i].choice != 0;
	return n;
}

static void search_runs(int kind, int depth, const char *row, int runs, int *failed, int *maxpre)
{
	struct sf_shape sh = shape("TracebackContextPreemption");
	/* Verify the checker on the fixed rows; the long bug hunts check incrementally. */
	struct sf_options o = opts(runs > 300 ? SF_CHECK_INCREMENTAL : SF_CHECK_VERIFY);
	static struct sf_search s;

	sh.goroutines = 3;
	sh.calls = 2;
	*failed = *maxpre = 0;
	for (int r = 1; r <= runs; r++) {
		struct sf_trace a = {.ev = ev1, .cap = 1 << 16}, b = {.ev = ev2, .cap = 1 << 16};
		struct sf_result r1, r2;

		/* PCT's k: the canonical run's 111 steps on this shape, as
		 * simulate starts (sf_pct_steps makes it 128). */
		sf_search_init(&s, kind, depth, (uint64_t)r, 111);
		sf_run(&sh, sf_variant_lookup(row), &o, &s.d, &a, true, &r1);
		sf_search_init(&s, kind, depth, (uint64_t)r, 111);
		sf_run(&sh, sf_variant_lookup(row), &o, &s.d, &b, true, &r2);
		EXPECT(a.hash == b.hash, "%s run %d is not deterministic", row, r);
		EXPECT(r1.status == SF_OK || strstr(r1.fatal, "checkstate") == NULL, "%s run %d: %s", row, r, r1.fatal);
		*failed += r1.status != SF_OK;
		*maxpre = preempts(&a) > *maxpre ? preempts(&a) : *maxpre;
	}
}

static void test_pct(void)
{
	int failed, maxpre;

	sf_set_detail_stream(NULL);
	for (int d = 1; d <= 3; d++) {
		search_runs(SF_SEARCH_PCT, d, "fixed", 200, &failed, &maxpre);
		EXPECT(failed == 0, "pct:%d: %d fixed runs failed", d, failed);
		EXPECT(maxpre <= d - 1, "pct:%d made %d yields in one run (at most d-1)", d, maxpre);
	}
	/* PCT runs the highest thread until it blocks, so a G that yields at
	 * dwrap1 is found by another M only if that M was itself stopped in
	 * the middle of its work: depth 3 (docs/search.md). */
	search_runs(SF_SEARCH_PCT, 3, "go117", 3000, &failed, &maxpre);
	EXPECT(failed > 0, "pct:3 never found the go117 bug in 3000 runs");
	sf_set_detail_stream(stderr);
}

static void test_pos(void)
{
	int failed, maxpre;

	sf_set_detail_stream(NULL);
	search_runs(SF_SEARCH_POS, 0, "fixed", 300, &failed, &maxpre);
	EXPECT(failed == 0, "pos: %d fixed runs failed", failed);
	EXPECT(maxpre > 0, "pos never made a G yield");
	search_runs(SF_SEARCH_POS, 0, "go117", 300, &failed, &maxpre);
	EXPECT(failed > 0, "pos never found the go117 bug in 300 runs");
	sf_set_detail_stream(stderr);
}

/* C threads spinning in needm (the list empty) yield: no strategy lets a
 * spinner starve the thread that frees an M until the step budget runs out. */
static void test_search_spinners(void)
{
	struct sf_shape sh = shape("CgoCallbackFromCThread");
	struct sf_options o = opts(SF_CHECK_INCREMENTAL);
	static struct sf_search s;
	int nbad[2] = {0};

	sh.cthreads = 3;
	sh.calls = 2;
	sh.gomaxprocs = 1;
	sf_set_detail_stream(NULL);
	/* No goroutine but main as well: the C threads' callbacks are all
	 * there is, and a thread that got its M after spinning must still run
	 * (PCT of every depth up to 5: each depth draws other priorities). */
	for (int g = 0; g <= 1; g++)
		for (int kind = SF_SEARCH_PCT; kind <= SF_SEARCH_POS; kind++)
			for (int depth = 1; depth <= (kind == SF_SEARCH_PCT ? 5 : 1); depth++)
				for (int r = 1; r <= 300; r++) {
					struct sf_result res;

					sh.goroutines = g;
					sf_search_init(&s, kind, depth, (uint64_t)r, 200);
					sf_run(&sh, sf_variant_lookup("fixed"), &o, &s.d, NULL, true, &res);
					if (res.status != SF_OK && nbad[kind == SF_SEARCH_POS]++ < 3)
						EXPECT(false, "%s:%d, %d goroutine(s), seed %d: %s",
						       kind == SF_SEARCH_PCT ? "pct" : "pos", depth, g, r, res.fatal);
				}
	EXPECT(nbad[0] + nbad[1] == 0, "%d PCT and %d POS runs failed", nbad[0], nbad[1]);
	sf_set_detail_stream(stderr);
}

/* ---- the checker ---- */

/* Verify mode: every change a step makes is marked, over every scenario
 * and row, and the incremental bookkeeping equals a full rebuild. */
static void test_checker_verify(void)
{
	struct sf_options o = opts(SF_CHECK_VERIFY);

	sf_set_detail_stream(NULL);
	for (int sc = 0; sc < sf_nscenarios; sc++)
		for (int v = 0; v < sf_nvariants; v++)
			for (int r = 1; r <= 40; r++) {
				struct sf_shape sh = sf_scenarios[sc].shape;
				struct sf_random rnd;
				struct sf_result res;

				sh.goroutines = 1 + r % 5;
				sh.calls = 1 + r % 3;
				sh.cthreads = r % 3;
				sh.gomaxprocs = 1 + r % 4;
				sf_random_init(&rnd, (uint64_t)r, 64);
				sf_run(&sh, &sf_variants[v], &o, &rnd.d, NULL, true, &res);
				/* A row's known bug may be a checker rule (#72870, #60540). */
				EXPECT(res.status == SF_OK || strstr(res.fatal, "checkstate") == NULL ||
					       sf_variant_bug(&sf_variants[v], res.fatal) != NULL,
				       "%s %s seed %d: %s", sf_scenarios[sc].name, sf_variants[v].name, r, res.fatal);
			}
	sf_set_detail_stream(stderr);
}

/* A change nobody marked is what verify mode exists to catch. */
static void unmarked(void *arg)
{
	uint64_t marked = sched.dirty[O_GSTATE] | sched.dirty[O_GM] | sched.dirty[O_LOCKEDM];

	(void)arg;
	if (sched.step != 30)
		return;
	/* The loop counter of a G this step did not change, behind the checker's back. */
	for (int i = 0; i < sched.ng; i++)
		if (!(marked >> (i + 1) & 1)) {
			sched.allg[i].j += 7;
			return;
		}
}

static void test_checker_catches_unmarked(void)
{
	struct sf_shape sh = shape("TracebackContextPreemption");
	struct sf_options o = opts(SF_CHECK_VERIFY);
	struct sf_random rnd;
	struct sf_result res;

	/* Through the test hook the next check is a full one, so verify mode
	 * is what must see it. */
	o.afterstep = unmarked;
	sf_set_detail_stream(NULL);
	sf_random_init(&rnd, 1, -1);
	sf_run(&sh, sf_variant_lookup("fixed"), &o, &rnd.d, NULL, true, &res);
	sf_set_detail_stream(stderr);
	EXPECT(res.status != SF_OK && strcmp(res.fatal, "checkstate: a change the checker was not told of") == 0,
	       "got %s", res.status == SF_OK ? "a clean run" : res.fatal);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{"every decision kind has a row in the stress table", test_every_kind_has_a_row},
	{"stress draws are in range, hashed and at the table's rate", test_draws_are_in_range_and_hashed},
	{"an input's stress field is one seeded run of --shape mixed with that seed", test_stress_field_is_the_seeded_feed},
	{"a record on a stress input keeps every decision before it", test_record_keeps_the_prefix},
	{"stress records in the text form; the empty input has none", test_stress_text_and_default},
	{"a search record makes the seed drive PCT or POS; its text form", test_search_field},
	{"the mutator adds stress records and reseeds them", test_mutator_reseeds},
	{"the mutator keeps a PCT parent's strategy and reseeds it", test_mutator_keeps_the_strategy},
	{"crossover draws a new seed for two stress parents", test_crossover_reseeds},
	{"PCT: fixed rows pass, at most d-1 yields, go117 found at depth 3", test_pct},
	{"POS: fixed rows pass, Gs yield, go117 found", test_pos},
	{"PCT and POS: C threads spinning for an extra M yield, no livelock", test_search_spinners},
	{"checker verify mode: every change marked, bookkeeping exact", test_checker_verify},
	{"checker verify mode catches an unmarked change", test_checker_catches_unmarked},
};

int main(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		if (argc > 1 && strstr(tests[i].name, argv[1]) == NULL)
			continue;
		bad = false;
		tests[i].fn();
		printf("%s %s\n", bad ? "FAIL" : "ok  ", tests[i].name);
		nfail += bad;
		npass += !bad;
	}
	printf("search_test: %d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
