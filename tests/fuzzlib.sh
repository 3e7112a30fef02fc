# SPDX-License-Identifier: Apache-2.0
# What the fuzz-target suites (20-fuzz.sh, 25-engines.sh) share: the
# targets and the signature each go117 target dies with.  Sourced after
# tests/lib.sh, with $build set.

fixed_targets=(cgocallback_fuzzer cgocallback_differential_fuzzer)
all_targets=(cgocallback_fuzzer cgocallback_go117_fuzzer cgocallback_go117_noassert_fuzzer cgocallback_differential_fuzzer)
declare -A signature=(
	[cgocallback_go117_fuzzer]="fatal error: m changed unexpectedly in cgocallbackg"
	[cgocallback_go117_noassert_fuzzer]="AddressSanitizer: use-after-poison"
)
# Without ASan the frame check reports the bad stack access instead.
if nm "$build/replay/cgocallback_fuzzer" 2>/dev/null | grep -q __asan_init; then
	replay_noassert="AddressSanitizer: use-after-poison"
else
	replay_noassert="fatal error: return to C on a foreign C stack frame"
fi
replay_signature() { # the signature a replay build shows for TARGET
	if [ "$1" = cgocallback_go117_noassert_fuzzer ]; then echo "$replay_noassert"; else echo "${signature[$1]}"; fi
}

# Deterministic pseudo-random bytes: gen_bytes SEED N FILE
gen_bytes() {
	LC_ALL=C awk -v s="$1" -v n="$2" 'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%c", int(rand() * 256) }' >"$3"
}

# odd_inputs DIR: empty, one byte, random bytes of odd sizes, over the cap.
odd_inputs() {
	mkdir -p "$1"
	: >"$1/empty"
	printf '\377' >"$1/one"
	gen_bytes 1 3 "$1/r3"
	gen_bytes 2 100 "$1/r100"
	gen_bytes 3 1023 "$1/r1023"
	gen_bytes 4 5000 "$1/r5000"
}
