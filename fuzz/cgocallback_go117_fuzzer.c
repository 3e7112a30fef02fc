/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cgocallback_go117_fuzzer: the Go 1.17 pre-release ordering with the
 * M-identity assertion: finds "m changed unexpectedly in cgocallbackg".
 */
#include "fuzz.h"

const char sf_this_target_name[] = "cgocallback_go117_fuzzer";
