/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cgocallback_differential_fuzzer: every ordering of runtime/variants.c on
 * each schedule: the non-buggy rows must pass; whether the buggy rows fail
 * is feedback and is reported by the replay driver.
 */
#include "fuzz.h"

const char sf_this_target_name[] = "cgocallback_differential_fuzzer";
