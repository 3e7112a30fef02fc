/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "explain_out.h"

/* How far into a file the mark may be: after the XML declaration, or the
 * first keys of the JSON object. */
enum { MARK_WINDOW = 512 };

static int same_file(const struct stat *a, const char *path)
{
	struct stat b;

	return stat(path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

static int refuse(const char *option, const char *path, const char *why)
{
	fprintf(stderr, "explain: %s '%s': %s; nothing was written\n", option, path, why);
	return 2;
}

static int has_mark(const char *path)
{
	char head[MARK_WINDOW + 1];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return 0;
	n = fread(head, 1, MARK_WINDOW, f);
	fclose(f);
	head[n] = '\0';
	/* The window may hold NUL bytes (a binary input): search past them. */
	for (size_t i = 0; i < n; i += strlen(head + i) + 1)
		if (strstr(head + i, EX_OUT_MARK) != NULL)
			return 1;
	return 0;
}

int ex_out_check(const char *option, const char *path, const char *input, const char *other)
{
	struct stat st;

	if (other != NULL && strcmp(path, other) == 0)
		return refuse(option, path, "the other picture goes to the same file");
	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			return 0; /* a new file (fopen reports a missing folder) */
		return refuse(option, path, strerror(errno));
	}
	if (S_ISDIR(st.st_mode))
		return refuse(option, path, "that is a folder");
	if (same_file(&st, input))
		return refuse(option, path, "that is the input being explained");
	if (other != NULL && same_file(&st, other))
		return refuse(option, path, "the other picture goes to the same file");
	/* A pipe or a terminal (/dev/stdout) holds nothing to lose. */
	if (!S_ISREG(st.st_mode))
		return 0;
	if (!has_mark(path))
		return refuse(option, path,
			      "the file exists and is not an earlier output of explain (remove it or choose another name)");
	return 0;
}
