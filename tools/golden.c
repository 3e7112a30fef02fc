/* SPDX-License-Identifier: Apache-2.0 */
/*
 * golden: the run of one input on every row of runtime/variants.c, as the
 * text that tests/golden/ pins (scripts/golden writes and checks it).
 *
 *   golden [--text] INPUT
 *
 * The input is decoded as the fuzz targets decode it (their shape and
 * clamps); each row runs it with the M-identity assertion and the checker
 * on, recovered, so a failing row still prints its steps.  Per row: one line
 * per step (thread, M, G, site) in step order, each decision indented under
 * the step that took it (kind, site, occurrence, choice, where it came
 * from), then the outcome.  No step numbers: a step more or less early in a
 * run changes one line, not every line after it.  Exit 0, or 2 on a usage
 * or input error.
 */
#include <stdio.h>
#include <string.h>

#include "../fuzz/fuzz.h"
#include "readfile.h"

#ifndef SF_CHECK
#define SF_CHECK 1
#endif

static struct sf_event events[1 << 16];

int main(int argc, char **argv)
{
	static uint8_t buf[SF_MAX_INPUT];
	static struct sf_input in;
	bool text = argc == 3 && strcmp(argv[1], "--text") == 0;
	const char *path = argv[argc - 1];
	long n;

	if (argc != 2 + text || path[0] == '-') {
		fprintf(stderr, "usage: golden [--text] INPUT\n");
		return 2;
	}
	n = text ? sf_read_text_input(path, buf, sizeof buf) : sf_read_input(path, buf, sizeof buf);
	if (n < 0)
		return 2;
	sf_set_detail_stream(NULL);
	for (int v = 0; v < sf_nvariants; v++) {
		const struct sf_variant *var = &sf_variants[v];
		struct sf_options opt = {.checkm = true, .checkstate = SF_CHECK};
		struct sf_trace tr = {.ev = events, .cap = sizeof events / sizeof events[0]};
		struct sf_result res;

		sf_fuzz_decode(&in, buf, (size_t)n);
		sf_run(&in.shape, var, &opt, &in.d, &tr, true, &res);
		printf("%s== row %s\n", v ? "\n" : "", var->name);
		for (size_t i = 0; i < tr.n; i++)
			sf_event_print(stdout, &tr.ev[i], false);
		if (tr.dropped)
			printf("# %llu events past the buffer not shown\n", (unsigned long long)tr.dropped);
		if (res.status == SF_OK)
			printf("-- %s passes: %llu steps, %d callbacks\n", var->name, (unsigned long long)res.steps,
			       res.callbacks);
		else
			printf("-- %s dies at step %llu after %d callbacks: fatal error: %s\n", var->name,
			       (unsigned long long)res.steps, res.callbacks, res.fatal);
	}
	return 0;
}
