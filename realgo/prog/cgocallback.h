/* SPDX-License-Identifier: Apache-2.0 */
/* The C half of the real-Go test program (main.go has the walk-through). */
#ifndef SCHEDFUZZ_REALGO_CGOCALLBACK_H
#define SCHEDFUZZ_REALGO_CGOCALLBACK_H

/* Go -> C: call the export back at `level` (1 = the outermost callback). */
void sf_call(int arg, int level, int last);
/* How many C-created threads a constructor started before Go (-cthreads,
 * each calling the export -calls times), or -1 if it could not. */
int sf_cthreads_started(void);
/* The SetCgoTraceback functions: a traceback that reports no C frames and
 * the two context functions of the shape (zero, nonzero). */
void sf_traceback(void *arg);
void sf_context_zero(void *arg);
void sf_context_nonzero(void *arg);

#endif
