/* SPDX-License-Identifier: Apache-2.0 */
/* Small pieces shared by the command-line tools. */
#ifndef SCHEDFUZZ_CLI_H
#define SCHEDFUZZ_CLI_H

/* Print "PROG: <fmt with arg>" and the usage text to stderr; returns 2,
 * the tools' exit code for a usage error. */
int sf_usage_error(const char *prog, const char *usage, const char *fmt, const char *arg);

/* Whether ARG asks for the usage (--help or -h): every tool then prints it
 * on stdout and exits 0. */
int sf_is_help(const char *arg);

/* The value of option `opt` as a whole number in [lo, hi]; anything else
 * (or no value) is a usage error: message, usage, exit 2. */
long sf_number_arg(const char *prog, const char *usage, const char *opt, const char *v, long lo, long hi);

#endif
