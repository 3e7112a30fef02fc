/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cgocallback_row_fuzzer: the row of runtime/variants.c that SCHEDFUZZ_ROW
 * names, with the M-identity assertion: the benchmark's detection matrix
 * fuzzes every buggy row through this one target.  Not shipped.
 */
#include "fuzz.h"

const char sf_this_target_name[] = "cgocallback_row_fuzzer";
