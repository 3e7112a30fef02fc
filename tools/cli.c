/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int sf_usage_error(const char *prog, const char *usage, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", usage);
	return 2;
}

int sf_is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

long sf_number_arg(const char *prog, const char *usage, const char *opt, const char *v, long lo, long hi)
{
	char *end;
	long n;

	if (v == NULL)
		exit(sf_usage_error(prog, usage, "%s needs a value", opt));
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || end == v || n < lo || n > hi) {
		fprintf(stderr, "%s: %s wants a whole number from %ld to %ld, not '%s'\n%s", prog, opt, lo, hi, v,
			usage);
		exit(2);
	}
	return n;
}
