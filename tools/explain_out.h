/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The files explain may write (--svg, --chrome-trace): a new file, or one
 * an earlier explain wrote, never the input and never anything else.  A
 * picture written to a source file or over the crash being explained is
 * data lost, so every output carries EX_OUT_MARK near its start and an
 * existing regular file without it is refused before anything runs.
 */
#ifndef SCHEDFUZZ_EXPLAIN_OUT_H
#define SCHEDFUZZ_EXPLAIN_OUT_H

#define EX_OUT_MARK "written by schedfuzz explain"

/* 0 when PATH may be written; else prints why not (naming OPTION) and
 * returns 2, the tools' exit code for a usage error.  OTHER is the other
 * picture's path (NULL when there is none): both may not be one file. */
int ex_out_check(const char *option, const char *path, const char *input, const char *other);

#endif
