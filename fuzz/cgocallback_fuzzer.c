/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cgocallback_fuzzer: the continuous-fuzzing target: the fixed ordering
 * (70fd4e47) with every detector on; it must never crash.
 */
#include "fuzz.h"

const char sf_this_target_name[] = "cgocallback_fuzzer";
