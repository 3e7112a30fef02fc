/* SPDX-License-Identifier: Apache-2.0 */
/* Reading inputs from files, with errors that name the file and the cause. */
#ifndef SCHEDFUZZ_READFILE_H
#define SCHEDFUZZ_READFILE_H

#include <stddef.h>
#include <stdint.h>

/* Whole file into buf (at most cap bytes; a longer file is cut, as the fuzz
 * targets cut it, with a note).  Returns the length, or -1 after printing
 * an error. */
long sf_read_input(const char *path, uint8_t *buf, size_t cap);
/* A text input (runtime/input.h), encoded into buf.  -1 after an error. */
long sf_read_text_input(const char *path, uint8_t *buf, size_t cap);

#endif
