/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cgocallback_variant_fuzzer: the row of runtime/variants.c that
 * SCHEDFUZZ_VARIANT names, with the M-identity assertion: the benchmark's
 * detection matrix fuzzes every buggy row through this one target, so a
 * new row needs no new target.  Not shipped.
 */
#include "fuzz.h"

const char sf_this_target_name[] = "cgocallback_variant_fuzzer";
