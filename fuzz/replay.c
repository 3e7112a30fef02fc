/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The plain main() replay driver, linked with each harness (libxml2's
 * testFuzzer.c): replays files and folders through the same
 * LLVMFuzzerTestOneInput the engines call, for tests, triage and engines
 * without libFuzzer.  A finding ends the process exactly as under the
 * engine (throw's abort, or the sanitizer's report).
 *
 *   <target> [--text] [--trace] [-q] [--] PATH...
 *
 * Prints "PATH: ok steps=N callbacks=N checks=N trace=HASH" per input
 * (checks: the whole-state checks the harness ran).  Exit 0 when
 * every input ran clean, 2 when a path was missing, unreadable or held no
 * inputs (after running the rest).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../tools/cli.h"
#include "../tools/readfile.h"
#include "fuzz.h"

static const char usage[] =
	"usage: %s [--text] [--trace] [-q] [--] PATH...\n"
	"Replays each file (each file of each folder, in name order) through this\n"
	"target's harness, as the engines do; a finding ends the process as under\n"
	"the engine (an abort, exit 134, or the sanitizer's report).\n"
	"  --text   the inputs are in the text form (docs/input-format.md)\n"
	"  --trace  print the run's events\n"
	"  -q       no line per input\n"
	"Prints 'PATH: ok steps=N callbacks=N trace=HASH' per input.  Exit 0 when\n"
	"every input ran clean, 2 when a path was missing, unreadable or empty.\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool text, trace, quiet;
static struct sf_event events[1 << 16];
static uint8_t buf[SF_MAX_INPUT + 1];

static int replay_file(const char *path)
{
	struct sf_trace tr = {.ev = trace ? events : NULL, .cap = trace ? sizeof events / sizeof events[0] : 0};
	long n = text ? sf_read_text_input(path, buf, SF_MAX_INPUT) : sf_read_input(path, buf, SF_MAX_INPUT);

	if (n < 0)
		return 2;
	fprintf(stderr, "replay: running %s (%ld bytes)\n", path, n);
	sf_fuzz_trace = &tr;
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	sf_fuzz_trace = NULL;
	if (trace)
		sf_trace_print(stdout, &tr);
	if (!quiet) {
		bool tolerated = sf_fuzz_result.status == SF_TOLERATED;

		printf("%s: %s%s steps=%llu callbacks=%d checks=%llu trace=%016llx\n", path,
		       tolerated ? "tolerated (SCHEDFUZZ_BUG) " : "ok", tolerated ? sf_fuzz_result.fatal : "",
		       (unsigned long long)sf_fuzz_result.steps, sf_fuzz_result.callbacks,
		       (unsigned long long)sf_fuzz_result.checks, (unsigned long long)tr.hash);
	}
	for (int i = 0; i < sf_nvariants; i++)
		if (sf_target_variant(sf_target_named(sf_this_target_name)) == NULL && sf_variant_buggy(&sf_variants[i]) && !quiet)
			printf("%s: %s %s\n", path, sf_variants[i].name,
			       sf_fuzz_buggy_fatal[i] ? sf_fuzz_buggy_fatal[i] : "ok");
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int replay_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0, ran = 0;

	if (d == NULL) {
		perror(path);
		return 2;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof *names);
			if (names == NULL) {
				fprintf(stderr, "replay: out of memory\n");
				exit(2);
			}
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, cmp);
	for (size_t i = 0; i < n; i++) {
		char *p = malloc(strlen(path) + strlen(names[i]) + 2);
		struct stat st;

		sprintf(p, "%s/%s", path, names[i]);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			int r = replay_file(p);

			rc = r > rc ? r : rc;
			ran++;
		}
		free(p);
		free(names[i]);
	}
	free(names);
	if (ran == 0) {
		fprintf(stderr, "replay: %s: no inputs in this folder\n", path);
		return 2;
	}
	return rc;
}

int main(int argc, char **argv)
{
	int rc = 0, npaths = 0;
	bool opts = true;

	/* --help before anything runs, wherever it is among the options. */
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (sf_is_help(argv[i])) {
			printf(usage, argv[0]);
			return 0;
		}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		struct stat st;
		int r;

		if (opts && strcmp(a, "--") == 0) {
			opts = false;
			continue;
		}
		if (opts && a[0] == '-' && a[1] != '\0') {
			if (strcmp(a, "--text") == 0)
				text = true;
			else if (strcmp(a, "--trace") == 0)
				trace = true;
			else if (strcmp(a, "-q") == 0)
				quiet = true;
			else {
				fprintf(stderr, "%s: unknown option '%s'\n", sf_this_target_name, a);
				fprintf(stderr, usage, argv[0]);
				return 2;
			}
			continue;
		}
		npaths++;
		if (stat(a, &st) != 0) {
			perror(a);
			rc = 2;
			continue;
		}
		r = S_ISDIR(st.st_mode) ? replay_dir(a) : replay_file(a);
		rc = r > rc ? r : rc;
	}
	if (npaths == 0) {
		fprintf(stderr, usage, argv[0]);
		return 2;
	}
	return rc;
}
