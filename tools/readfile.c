/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../runtime/input.h"
#include "readfile.h"

#define MAXTEXT (1 << 20)

static FILE *openregular(const char *path)
{
	struct stat st;
	FILE *f;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "schedfuzz: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "schedfuzz: %s: not a regular file\n", path);
		return NULL;
	}
	f = fopen(path, "rb");
	if (f == NULL)
		fprintf(stderr, "schedfuzz: %s: %s\n", path, strerror(errno));
	return f;
}

long sf_read_input(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = openregular(path);
	size_t n;
	int extra;

	if (f == NULL)
		return -1;
	n = fread(buf, 1, cap, f);
	if (ferror(f)) {
		fprintf(stderr, "schedfuzz: %s: read error\n", path);
		fclose(f);
		return -1;
	}
	extra = fgetc(f);
	fclose(f);
	if (extra != EOF)
		fprintf(stderr, "schedfuzz: %s: longer than %zu bytes; the fuzz targets read only the first %zu\n",
			path, cap, cap);
	return (long)n;
}

long sf_read_text_input(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = openregular(path);
	char *text, err[256];
	size_t n;
	long len;

	if (f == NULL)
		return -1;
	text = malloc(MAXTEXT + 1);
	if (text == NULL) {
		fclose(f);
		fprintf(stderr, "schedfuzz: out of memory\n");
		return -1;
	}
	n = fread(text, 1, MAXTEXT + 1, f);
	fclose(f);
	if (n > MAXTEXT) {
		fprintf(stderr, "schedfuzz: %s: a text input is at most %d bytes\n", path, MAXTEXT);
		free(text);
		return -1;
	}
	if (memchr(text, '\0', n) != NULL) {
		fprintf(stderr, "schedfuzz: %s: not a text input (it holds a NUL byte); give binary inputs with --input\n", path);
		free(text);
		return -1;
	}
	text[n] = '\0';
	len = sf_text_encode(text, buf, cap, err, sizeof err);
	free(text);
	if (len < 0)
		fprintf(stderr, "schedfuzz: %s: %s\n", path, err);
	return len;
}
