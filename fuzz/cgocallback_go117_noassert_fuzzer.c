/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cgocallback_go117_noassert_fuzzer: the Go 1.17 pre-release ordering
 * without the assertion: AddressSanitizer alone reports the return to C on
 * the wrong stack.
 */
#include "fuzz.h"

const char sf_this_target_name[] = "cgocallback_go117_noassert_fuzzer";
