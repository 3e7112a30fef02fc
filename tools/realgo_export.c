/* SPDX-License-Identifier: Apache-2.0 */
/*
 * realgo-export: the model's half of scripts/realgo (realgo/realgo.py).
 *
 *   realgo-export rows --target T          the rows (orderings) T runs, one a line
 *   realgo-export sites --ordering O       each site: name, PP in row O (1/0), C code (1/0)
 *   realgo-export schedule [--target T] [--ordering O] [--text|--binary] [--] INPUT
 *
 * schedule runs INPUT in-process as T's harness would (explain_run.c), on
 * row O, or T's row (every row of the differential target, one block each,
 * blocks separated by an empty line), and prints what a real run needs:
 *
 *   target T / ordering O / shape FIELD VALUE (10 lines) / outcome ok|fatal error: MSG
 *   preempt SITE OCC CHOICE    each preemption the run took that the default would not
 *   other KIND SITE OCC CHOICE each other decision that differs from its default
 *
 * Without --target, T comes from INPUT's path or its '# expect T:' lines;
 * *.txt inputs are text unless --binary.  Exit 0, or 2 on a usage or input
 * error.
 */
#include <stdio.h>
#include <string.h>

#include "../runtime/input.h"
#include "../runtime/sites.h"
#include "cli.h"
#include "explain_run.h"
#include "readfile.h"

static const char usage[] =
	"usage: realgo-export rows --target T\n"
	"       realgo-export sites --ordering O\n"
	"       realgo-export schedule [--target T] [--ordering O] [--text|--binary] [--] INPUT\n";

static int bad(const char *fmt, const char *arg)
{
	return sf_usage_error("realgo-export", usage, fmt, arg);
}

struct args {
	const struct sf_target *tgt;
	const struct sf_variant *var;
	const char *input;
	int text; /* -1: from the name */
};

static int parse(int argc, char **argv, struct args *a)
{
	bool opts = true;

	a->text = -1;
	for (int i = 2; i < argc; i++) {
		const char *s = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (opts && strcmp(s, "--") == 0) {
			opts = false;
		} else if (opts && strcmp(s, "--target") == 0) {
			if (v == NULL || (a->tgt = sf_target_named(v)) == NULL)
				return bad("--target wants a target name, not '%s'", v ? v : "");
			i++;
		} else if (opts && strcmp(s, "--ordering") == 0) {
			if (v == NULL || (a->var = sf_variant_lookup(v)) == NULL)
				return bad("--ordering wants a row of runtime/variants.c, not '%s'", v ? v : "");
			i++;
		} else if (opts && (strcmp(s, "--text") == 0 || strcmp(s, "--binary") == 0)) {
			a->text = strcmp(s, "--text") == 0;
		} else if (opts && s[0] == '-' && s[1] != '\0') {
			return bad("unknown option '%s'", s);
		} else if (a->input == NULL) {
			a->input = s;
		} else {
			return bad("one INPUT only ('%s' is a second)", s);
		}
	}
	return 0;
}

static int rows(const struct args *a)
{
	if (a->tgt == NULL)
		return bad("%s", "rows needs --target");
	for (int i = 0; i < sf_nvariants; i++)
		if (a->tgt->variant == NULL || strcmp(a->tgt->variant, sf_variants[i].name) == 0)
			printf("%s\n", sf_variants[i].name);
	return 0;
}

static int sites(const struct args *a)
{
	if (a->var == NULL)
		return bad("%s", "sites needs --ordering");
	for (int s = 0; s < NSITES; s++)
		printf("%s\t%d\t%d\n", site_name[s], sf_site_pp(a->var, s), (site_flags[s] & SITE_C) != 0);
	return 0;
}

/* One row's run of the input, as the lines of the header comment. */
static int block(const struct args *a, const uint8_t *data, size_t size, const struct sf_variant *var)
{
	static const char *const context[] = {"none", "zero", "nonzero"};
	struct ex_run r = {.tgt = a->tgt, .var = var, .keep = true, .rkind = -1};

	ex_run_input(&r, data, size);
	printf("target %s\nordering %s\n", a->tgt->name, r.var->name);
	printf("shape goroutines %d\nshape calls %d\nshape cthreads %d\nshape gomaxprocs %d\n", r.shape.goroutines,
	       r.shape.calls, r.shape.cthreads, r.shape.gomaxprocs);
	printf("shape locked %d\nshape nest %d\nshape context %s\n", r.shape.locked, r.shape.nest,
	       context[r.shape.context % 3]);
	printf("shape lockexit %d\nshape unwind %d\nshape goexit %d\n", r.shape.lockexit, r.shape.unwind, r.shape.goexit);
	if (r.res.status == SF_OK)
		printf("outcome ok\n");
	else
		printf("outcome fatal error: %s\n", r.res.fatal);
	for (size_t i = 0; i < r.ndec; i++) {
		const struct ex_decision *d = &r.dec[i];
		const char *name = sf_choice_name(d->kind, d->choice);

		if (d->choice == d->def)
			continue;
		printf("%s%s %s %d ", d->kind == K_PREEMPT ? "" : "other ", sf_kind_name[d->kind], site_label(d->site),
		       d->occ);
		if (name != NULL)
			printf("%s\n", name);
		else
			printf("%d\n", d->choice);
	}
	ex_free(&r);
	if (r.oom) {
		fprintf(stderr, "realgo-export: out of memory: the decision log is cut short\n");
		return 2;
	}
	return 0;
}

static int schedule(struct args *a)
{
	static uint8_t data[SF_MAX_INPUT];
	size_t len;
	long n;
	bool text;
	int rc = 0;

	if (a->input == NULL)
		return bad("%s", "schedule needs an INPUT");
	len = strlen(a->input);
	text = a->text >= 0 ? a->text == 1 : len >= 4 && strcmp(a->input + len - 4, ".txt") == 0;
	n = text ? sf_read_text_input(a->input, data, sizeof data) : sf_read_input(a->input, data, sizeof data);
	if (n < 0)
		return 2;
	if (a->tgt == NULL && (a->tgt = ex_target_in_path(a->input)) == NULL &&
	    (!text || (a->tgt = ex_target_in_text(a->input)) == NULL))
		return bad("cannot tell the target of '%s' from its path: give --target", a->input);
	if (a->var != NULL)
		return block(a, data, (size_t)n, a->var);
	if (a->tgt->variant != NULL)
		return block(a, data, (size_t)n, sf_variant_lookup(a->tgt->variant));
	/* The differential target runs every row: one block each. */
	for (int i = 0; i < sf_nvariants && rc == 0; i++) {
		if (i > 0)
			printf("\n");
		rc = block(a, data, (size_t)n, &sf_variants[i]);
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct args a = {0};
	int rc;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc < 2)
		return bad("%s", "no command given");
	if ((rc = parse(argc, argv, &a)) != 0)
		return rc;
	if (strcmp(argv[1], "rows") == 0)
		return rows(&a);
	if (strcmp(argv[1], "sites") == 0)
		return sites(&a);
	if (strcmp(argv[1], "schedule") == 0)
		return schedule(&a);
	return bad("unknown command '%s'", argv[1]);
}
