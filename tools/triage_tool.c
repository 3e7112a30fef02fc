/* SPDX-License-Identifier: Apache-2.0 */
/*
 * triage-tool: the in-process half of scripts/triage.
 *
 *   triage-tool signature --target T [--text] FILE   the failure, as key=value lines
 *   triage-tool shrink --target T [--bound N] [--budget R] [--text] IN OUT
 *                                                   decision-level shrinking
 *   triage-tool needs --target T [--tries N] [--budget R]
 *                                                   the fewest decisions its bug needs
 *   triage-tool target-of PATH                      the target a path names
 *   triage-tool json-string STRING | json-file FILE a JSON string literal
 *
 * Shrinking keeps the failure's signature as the in-process run sees it:
 * the fatal message, the site of the failing step and the site where the
 * failing G was last preempted.  scripts/triage checks the result with the
 * replay driver as well.  Exit 0 on success, 1 when the input does not
 * fail (signature, shrink), 2 on a usage or input error.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/input.h"
#include "../runtime/sites.h"
#include "explain_run.h"
#include "readfile.h"
#include "cli.h"

static const char usage[] =
	"usage: triage-tool signature --target T [--text] FILE\n"
	"       triage-tool shrink --target T [--bound BYTES] [--budget RUNS] [--text] IN OUT\n"
	"       triage-tool needs --target T [--tries N] [--budget RUNS]\n"
	"       triage-tool target-of PATH\n"
	"       triage-tool json-string STRING | json-file FILE\n";

static int bad(const char *fmt, const char *arg)
{
	return sf_usage_error("triage-tool", usage, fmt, arg);
}

/* ---- options shared by signature and shrink ---- */

struct args {
	const struct sf_target *tgt;
	bool text;
	long bound, budget;
	const char *path[2];
	int npath;
};

static int parse(int argc, char **argv, struct args *a, int want)
{
	bool opts = true;

	a->bound = -1;
	a->budget = 20000;
	for (int i = 2; i < argc; i++) {
		const char *s = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		char *end;

		if (opts && strcmp(s, "--") == 0) {
			opts = false;
		} else if (opts && strcmp(s, "--target") == 0) {
			if (v == NULL || (a->tgt = sf_target_named(v)) == NULL)
				return bad("--target wants a target name, not '%s'", v ? v : "");
			i++;
		} else if (opts && strcmp(s, "--text") == 0) {
			a->text = true;
		} else if (opts && (strcmp(s, "--bound") == 0 || strcmp(s, "--budget") == 0)) {
			long n = v ? strtol(v, &end, 10) : -1;

			if (v == NULL || *end != '\0' || n < 0)
				return bad("%s wants a whole number", s);
			*(strcmp(s, "--bound") == 0 ? &a->bound : &a->budget) = n;
			i++;
		} else if (opts && s[0] == '-' && s[1] != '\0') {
			return bad("unknown option '%s'", s);
		} else if (a->npath < 2) {
			a->path[a->npath++] = s;
		} else {
			return bad("too many arguments ('%s')", s);
		}
	}
	if (a->tgt == NULL)
		return bad("%s", "--target is required");
	if (a->npath != want)
		return bad("%s", want == 1 ? "one FILE is required" : "IN and OUT are required");
	return 0;
}

static long load(const struct args *a, uint8_t *buf)
{
	return a->text ? sf_read_text_input(a->path[0], buf, SF_MAX_INPUT) : sf_read_input(a->path[0], buf, SF_MAX_INPUT);
}

/* ---- signature ---- */

static int signature(int argc, char **argv)
{
	static uint8_t buf[SF_MAX_INPUT];
	struct args a = {0};
	struct ex_run r;
	long n;
	int rc = parse(argc, argv, &a, 1);

	if (rc != 0)
		return rc;
	if ((n = load(&a, buf)) < 0)
		return 2;
	r = (struct ex_run){.tgt = a.tgt, .rkind = -1};
	ex_run_input(&r, buf, (size_t)n);
	printf("target=%s\nordering=%s\n", a.tgt->name, r.var->name);
	printf("status=%s\n", r.res.status == SF_OK ? "ok" : "fatal");
	printf("fatal=%s\n", r.res.status == SF_OK ? "" : r.res.fatal);
	printf("throwsite=%s\n", site_label(r.throwsite));
	printf("preemptsite=%s\n", site_label(r.preemptsite));
	printf("preemptchoice=%s\n", r.preemptchoice > 0 ? sf_choice_name(K_PREEMPT, r.preemptchoice) : "-");
	printf("failg=%d\nfailm=%d\n", r.throwg, r.throwm > 0 ? r.throwm - 1 : -1);
	printf("steps=%llu\ncallbacks=%d\ntrace=%016llx\n", (unsigned long long)r.res.steps, r.res.callbacks,
	       (unsigned long long)r.res.tracehash);
	ex_free(&r);
	return r.res.status == SF_OK ? 1 : 0;
}

/* ---- shrink ---- */

struct cand {
	int n;                 /* records */
	uint8_t b[SF_MAXREC][3];
};

struct outcome {
	int status, throwsite, preemptsite;
	const char *fatal;
};

static struct ex_run R;
static long runs, budget;
static struct outcome want;

static void run_cand(const struct cand *c)
{
	runs++;
	ex_run_input(&R, &c->b[0][0], (size_t)c->n * 3);
}

static bool same(void)
{
	return R.res.status != SF_OK && want.status != SF_OK && strcmp(R.res.fatal, want.fatal) == 0 &&
	       R.throwsite == want.throwsite && R.preemptsite == want.preemptsite;
}

/* After a run of c: the equivalent input holding only what the run used.
 * The last record of each shape field, in field order, then the decision
 * records that were consulted and chose other than the default, in the
 * order they were, each valued as the choice it made.  Decisions the
 * stress field drew become explicit records too, and so do the shape
 * fields it drew (each one the seed moved off the target's default), and
 * the stress record goes: the run is the same, and every record can now be
 * shrunk alone.
 * (A stress decision past occurrence 255 has no record form: then the
 * stress and search records stay and only the input's own records are
 * kept.) */
static void normalize(const struct cand *c, struct cand *out)
{
	int nkeys = sf_nkeys(), lastshape[NSHAPEFIELDS], nstress = 0, stressat[SF_MAXREC];
	bool materialize = true;
	struct cand t;

	t.n = 0;
	for (int f = 0; f < NSHAPEFIELDS; f++)
		lastshape[f] = -1;
	for (int i = 0; i < c->n; i++) {
		const struct sf_key *k = sf_key_at(c->b[i][0] % nkeys);

		if (k->kind == SF_KEY_SHAPE)
			lastshape[k->site] = i;
		if (sf_kind_seeded(k->kind))
			stressat[nstress++] = i;
	}
	for (size_t i = 0; i < R.ndec; i++)
		if (R.dec[i].off == -2 && R.dec[i].choice != R.dec[i].def && R.dec[i].occ > 255)
			materialize = false;
	for (int f = 0; f < NSHAPEFIELDS; f++)
		if (lastshape[f] >= 0) {
			t.b[t.n][0] = (uint8_t)(c->b[lastshape[f]][0] % nkeys);
			t.b[t.n][1] = 0;
			t.b[t.n][2] = c->b[lastshape[f]][2];
			t.n++;
		} else if (nstress > 0 && materialize && sf_shape_field(&R.shape, f) != sf_shape_field(&sf_fuzz_shape, f)) {
			t.b[t.n][0] = (uint8_t)sf_key_index(SF_KEY_SHAPE, f);
			t.b[t.n][1] = 0;
			t.b[t.n][2] = (uint8_t)sf_shape_field(&R.shape, f);
			t.n++;
		}
	/* Every stress and search record, in order: together they are the
	 * seed and the strategy it drives. */
	for (int i = 0; !materialize && i < nstress; i++) {
		memcpy(t.b[t.n], c->b[stressat[i]], 3);
		t.n++;
	}
	for (size_t i = 0; i < R.ndec && t.n < SF_MAXREC; i++) {
		const struct ex_decision *d = &R.dec[i];

		/* A record that chose the default changes nothing: drop it. */
		if (d->choice == d->def)
			continue;
		if (d->off == -2 && materialize) {
			t.b[t.n][0] = (uint8_t)sf_key_index(d->kind, d->site);
			t.b[t.n][1] = (uint8_t)d->occ;
		} else if (d->off >= 0 && d->off / 3 < c->n) {
			t.b[t.n][0] = (uint8_t)sf_key_index(d->kind, d->site);
			t.b[t.n][1] = c->b[d->off / 3][1];
		} else {
			continue;
		}
		t.b[t.n][2] = (uint8_t)d->choice;
		t.n++;
	}
	*out = t;
}

static int weight(const struct sf_shape *s)
{
	return sf_shape_callbacks(s) * 8 + 2 * (s->goroutines + s->cthreads) + s->gomaxprocs + s->locked + s->nest;
}

/* Cheaper: no stress record (every decision readable), then a smaller
 * shape, fewer bytes, smaller occurrences and choices.  For `needs`,
 * fewer decisions before the shape. */
struct cost {
	int stress, decisions, weight, size, sum;
};

static bool fewestfirst;

static struct cost cost_of(const struct cand *c, const struct sf_shape *s)
{
	struct cost k = {0, 0, weight(s), c->n * 3, 0};
	int nkeys = sf_nkeys();

	for (int i = 0; i < c->n; i++) {
		int kind = sf_key_at(c->b[i][0] % nkeys)->kind;

		if (kind >= 0) {
			k.sum += c->b[i][1] + c->b[i][2];
			k.decisions++;
		}
		k.stress |= sf_kind_seeded(kind);
	}
	return k;
}

static bool cheaper(struct cost a, struct cost b)
{
	if (a.stress != b.stress)
		return a.stress < b.stress;
	if (fewestfirst && a.decisions != b.decisions)
		return a.decisions < b.decisions;
	if (a.weight != b.weight)
		return a.weight < b.weight;
	if (a.size != b.size)
		return a.size < b.size;
	return a.sum < b.sum;
}

static struct cand best;
static struct cost bestcost;
static long bound;

/* Try c: keep it (normalized) when it fails the same way and is cheaper. */
static bool try(const struct cand *c)
{
	struct cand norm;
	struct cost k;

	if (runs >= budget || c->n * 3 > bound)
		return false;
	run_cand(c);
	if (!same())
		return false;
	normalize(c, &norm);
	k = cost_of(&norm, &R.shape);
	if (!cheaper(k, bestcost))
		return false;
	best = norm;
	bestcost = k;
	return true;
}

static bool pass_delete(void)
{
	bool any = false;

	for (int i = best.n - 1; i >= 0; i--) {
		struct cand c = best;

		if (i >= best.n)
			continue;
		memmove(&c.b[i], &c.b[i + 1], (size_t)(c.n - i - 1) * 3);
		c.n--;
		any |= try(&c);
	}
	return any;
}

static bool pass_values(void)
{
	bool any = false;
	int nkeys = sf_nkeys();

	for (int i = 0; i < best.n; i++) {
		const struct sf_key *k = sf_key_at(best.b[i][0] % nkeys);
		int occ = best.b[i][1], val = best.b[i][2];
		const int occs[3] = {0, occ / 2, occ - 1};

		if (k->kind < 0)
			continue;
		for (int v = 0; v < val; v++) {
			struct cand c = best;

			c.b[i][2] = (uint8_t)v;
			if (try(&c)) {
				any = true;
				break;
			}
		}
		if (i >= best.n)
			break;
		for (int j = 0; j < 3; j++) {
			struct cand c = best;

			if (occs[j] < 0 || occs[j] >= best.b[i][1])
				continue;
			c.b[i][1] = (uint8_t)occs[j];
			if (try(&c)) {
				any = true;
				break;
			}
		}
	}
	return any;
}

/* Fewer goroutines, calls, C threads, nesting, locked workers, Ps, and a
 * simpler context function (none, then one that returns zero): the
 * smallest value that still fails the same way. */
static bool pass_shape(void)
{
	static const int order[] = {SH_GOROUTINES, SH_CALLS, SH_CTHREADS, SH_NEST, SH_LOCKED, SH_GOMAXPROCS, SH_CONTEXT,
				    SH_RESPAWN, SH_REPEAT};
	bool any = false;
	int nkeys = sf_nkeys();

	for (size_t o = 0; o < sizeof order / sizeof order[0]; o++) {
		int f = order[o], key = sf_key_index(SF_KEY_SHAPE, f), cur;

		run_cand(&best);
		cur = sf_shape_field(&R.shape, f);
		for (int v = sf_shapefields[f].lo; v < cur; v++) {
			struct cand c = best;
			int at = -1;

			for (int i = 0; i < c.n; i++)
				if (c.b[i][0] % nkeys == key)
					at = i;
			if (at < 0) {
				if (c.n >= SF_MAXREC)
					break;
				at = c.n++;
				c.b[at][0] = (uint8_t)key;
				c.b[at][1] = 0;
			}
			c.b[at][2] = (uint8_t)v;
			if (try(&c)) {
				any = true;
				break;
			}
		}
	}
	return any;
}

/* Shrink orig (which must fail on tgt) into best, within bnd bytes (grown
 * to its explicit form for a stress input) and bgt runs.  Returns 1 when
 * orig does not fail. */
static int minimise(const struct sf_target *tgt, const struct cand *orig, long bnd, long bgt)
{
	int rounds = 0;

	runs = 0;
	budget = bgt;
	bound = bnd < orig->n * 3 ? orig->n * 3 : bnd;
	ex_free(&R);
	R = (struct ex_run){.tgt = tgt, .keep = true, .rkind = -1};
	run_cand(orig);
	if (R.res.status == SF_OK)
		return 1;
	want = (struct outcome){R.res.status, R.throwsite, R.preemptsite, R.res.fatal};
	best = *orig;
	bestcost = (struct cost){INT_MAX, INT_MAX, INT_MAX, INT_MAX, INT_MAX}; /* the normalized original always wins */
	if (!try(orig)) {
		best = *orig; /* cannot happen: normalizing keeps the run; keep the original */
		bestcost = cost_of(orig, &R.shape);
	}
	/* The bound keeps the result no bigger than the original, except that a
	 * stress input grows into its explicit records first. */
	if (bound < bestcost.size)
		bound = bestcost.size;
	while (runs < budget && rounds++ < 64) {
		bool any = pass_delete();

		any |= pass_values();
		any |= pass_shape();
		if (!any)
			break;
	}
	/* The result must fail as the original did: one more run to be sure. */
	run_cand(&best);
	if (!same()) {
		fprintf(stderr, "triage-tool: the shrunk input fails otherwise; keeping the original\n");
		best = *orig;
		run_cand(&best);
	}
	return 0;
}

static int shrink(int argc, char **argv)
{
	static uint8_t buf[SF_MAX_INPUT];
	static struct cand orig;
	struct args a = {0};
	FILE *out;
	long n;
	int rc = parse(argc, argv, &a, 2), origweight;

	if (rc != 0)
		return rc;
	if ((n = load(&a, buf)) < 0)
		return 2;
	orig.n = (int)(n / 3);
	memcpy(orig.b, buf, (size_t)orig.n * 3);
	if (minimise(a.tgt, &orig, a.bound >= 0 ? a.bound : n, a.budget) != 0) {
		fprintf(stderr, "triage-tool: %s does not fail on %s: nothing to shrink\n", a.path[0], a.tgt->name);
		ex_free(&R);
		return 1;
	}
	run_cand(&orig);
	origweight = weight(&R.shape);
	run_cand(&best);
	out = fopen(a.path[1], "wb");
	if (out == NULL || fwrite(best.b, 3, (size_t)best.n, out) != (size_t)best.n || fclose(out) != 0) {
		perror(a.path[1]);
		ex_free(&R);
		return 2;
	}
	printf("shrink: %ld -> %d bytes, %ld -> %d records, shape weight %d -> %d, %ld runs; fails with: %s at %s, preempted at %s\n",
	       n, best.n * 3, n / 3, best.n, origweight, weight(&R.shape), runs, want.fatal, site_label(want.throwsite),
	       site_label(want.preemptsite));
	ex_free(&R);
	return 0;
}

/* ---- needs: how many decisions a target's bug takes ---- */

/* Whether one decision record, on the default shape or one shape record
 * away from it, makes tgt fail: then the bug needs one decision.  Every
 * decision key, occurrences 0 to 7, every other choice (three for the
 * kinds whose choices depend on the state). */
static bool single(const struct sf_target *tgt, struct cand *out)
{
	static const int shapes[][2] = {{-1, 0}, {SH_CONTEXT, SF_CONTEXT_NONE}, {SH_CONTEXT, SF_CONTEXT_ZERO},
					{SH_GOMAXPROCS, 1}, {SH_GOMAXPROCS, 3}, {SH_GOROUTINES, 2}, {SH_GOROUTINES, 4}};
	struct ex_run r = {.tgt = tgt, .rkind = -1};

	for (size_t sh = 0; sh < sizeof shapes / sizeof shapes[0]; sh++)
		for (int key = 0; key < sf_nkeys(); key++) {
			const struct sf_key *k = sf_key_at(key);
			int nch = k->kind >= 0 ? sf_kind_choices(k->kind) : 0;

			if (k->kind < 0)
				continue;
			for (int occ = 0; occ < 8; occ++)
				for (int val = 1; val < (nch > 0 ? nch : 4); val++) {
					struct cand c = {0};

					if (shapes[sh][0] >= 0) {
						c.b[c.n][0] = (uint8_t)sf_key_index(SF_KEY_SHAPE, shapes[sh][0]);
						c.b[c.n++][2] = (uint8_t)shapes[sh][1];
					}
					c.b[c.n][0] = (uint8_t)key;
					c.b[c.n][1] = (uint8_t)occ;
					c.b[c.n++][2] = (uint8_t)val;
					if (ex_run_input(&r, &c.b[0][0], (size_t)c.n * 3) != SF_OK) {
						*out = c;
						ex_free(&r);
						return true;
					}
				}
		}
	ex_free(&r);
	return false;
}

/*
 * The fewest non-default decisions a failure of tgt needs: one if a single
 * decision record does it (near the default shape: single()); else as
 * shrinking finds it: the first `tries` stress seeds that fail (each one
 * run of the random baseline: its shape drawn near the target's default,
 * as --shape mixed draws it) are each shrunk to a 1-minimal schedule (no
 * record can go; the drawn shape becomes shape records, shrunk too, and
 * not counted; a run that keeps its seed, having a drawn decision past
 * occurrence 255, is no count), and the smallest is reported with its
 * text form.  An
 * upper bound on the true minimum, exact when one of the tries finds it.
 */
static int needs(int argc, char **argv)
{
	static struct cand c, fewest;
	const struct sf_target *tgt = NULL;
	long tries = 10, bgt = 20000, found = 0, seeds = 0;
	int key = sf_key_index(SF_KEY_STRESS, 0), k = -1;

	for (int i = 2; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		char *end;

		if (strcmp(argv[i], "--target") == 0 && v != NULL && (tgt = sf_target_named(v)) != NULL) {
			i++;
		} else if ((strcmp(argv[i], "--tries") == 0 || strcmp(argv[i], "--budget") == 0) && v != NULL &&
			   strtol(v, &end, 10) > 0 && *end == '\0') {
			*(strcmp(argv[i], "--tries") == 0 ? &tries : &bgt) = strtol(v, NULL, 10);
			i++;
		} else {
			return bad("needs wants --target T [--tries N] [--budget RUNS], not '%s'", argv[i]);
		}
	}
	if (tgt == NULL)
		return bad("%s", "needs wants --target T");
	if (single(tgt, &fewest)) {
		printf("needs=1 failures=1 seeds=0\n");
		sf_text_decode(stdout, &fewest.b[0][0], (size_t)fewest.n * 3);
		return 0;
	}
	fewestfirst = true;
	for (long seed = 0; seed < 65536 && found < tries; seed++, seeds++) {
		c.n = 1;
		c.b[0][0] = (uint8_t)key;
		c.b[0][1] = (uint8_t)(seed >> 8);
		c.b[0][2] = (uint8_t)seed;
		if (minimise(tgt, &c, 3, bgt) != 0)
			continue;
		found++;
		/* A run with a drawn decision past occurrence 255 keeps its seed
		 * (normalize): its explicit decisions are not all it needs. */
		if (bestcost.stress)
			continue;
		if (k < 0 || bestcost.decisions < k) {
			k = bestcost.decisions;
			fewest = best;
		}
	}
	ex_free(&R);
	if (k < 0) {
		printf("needs=- failures=%ld seeds=%ld\n", found, seeds);
		return 1;
	}
	printf("needs=%d failures=%ld seeds=%ld\n", k, found, seeds);
	sf_text_decode(stdout, &fewest.b[0][0], (size_t)fewest.n * 3);
	return 0;
}

/* ---- small helpers for the script ---- */

static int json_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t n = 0, cap = 0, got;

	if (f == NULL) {
		perror(path);
		return 2;
	}
	do {
		if (n + 4096 > cap) {
			char *t = realloc(s, cap = cap ? 2 * cap : 65536);

			if (t == NULL) {
				free(s);
				fclose(f);
				fprintf(stderr, "triage-tool: out of memory\n");
				return 2;
			}
			s = t;
		}
		got = fread(s + n, 1, 4096, f);
		n += got;
	} while (got > 0);
	fclose(f);
	ex_json_string(stdout, s ? s : "", n);
	putchar('\n');
	free(s);
	return 0;
}

int main(int argc, char **argv)
{
	const struct sf_target *t;

	if (argc < 2)
		return bad("%s", "no command");
	if (sf_is_help(argv[1])) {
		fputs(usage, stdout);
		return 0;
	}
	if (strcmp(argv[1], "signature") == 0)
		return signature(argc, argv);
	if (strcmp(argv[1], "shrink") == 0)
		return shrink(argc, argv);
	if (strcmp(argv[1], "needs") == 0)
		return needs(argc, argv);
	if (strcmp(argv[1], "target-of") == 0 && argc == 3) {
		if ((t = ex_target_in_path(argv[2])) == NULL)
			return 1;
		printf("%s\n", t->name);
		return 0;
	}
	if (strcmp(argv[1], "json-string") == 0 && argc == 3) {
		ex_json_string(stdout, argv[2], strlen(argv[2]));
		putchar('\n');
		return 0;
	}
	if (strcmp(argv[1], "json-file") == 0 && argc == 3)
		return json_file(argv[2]);
	return bad("unknown command or arguments: '%s'", argv[1]);
}
