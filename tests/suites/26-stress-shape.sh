# SPDX-License-Identifier: Apache-2.0
# The stress field draws the shape too (issue 9): an input that is only
# `stress S` is exactly the S-th run of the random baseline
# (`simulate --search random --shape mixed --seed S` on the fuzz targets'
# default shape), explicit shape records override single fields, and an
# input without a stress field keeps the default shape.  Sourced by
# tests/run-tests (uses $build, record, expect_*, run_capture and scratch
# from tests/lib.sh).
# tier: fast
# min-checks: 6

section "stress field: the shape of one random-baseline run"
scratch ss
sim="$build/simulate"
fs=(--scenario TracebackContextPreemption --goroutines 3 --calls 1) # = sf_fuzz_shape (runtime/shape.c)
summary='^(runs=|seed=|fatal error|tolerated)'
bad=
drawn=0
# Seeds of one record, and wider ones: two records (65536 on), three, four
# (simulate's largest seed, 2^63 - 1).
wide="65536 65537 3000000000 4294967296 281474976710655 281474976710656 9223372036854775807"
for s in $(seq 0 39) $wide; do
	printf 'stress %d\n' "$s" >"$ss/s.txt"
	a=$("$sim" "${fs[@]}" --ordering go117 --search random --shape mixed --runs 1 --seed "$s" --trace 2>&1 | grep -Ev "$summary")
	b=$("$sim" "${fs[@]}" --ordering go117 --schedule "$ss/s.txt" --trace 2>&1 | grep -Ev "$summary")
	[ -n "$a" ] && [ "$a" = "$b" ] || bad="$bad $s"
	"$build/explain" --target cgocallback_go117_fuzzer --text "$ss/s.txt" 2>/dev/null | grep -q 'cthreads=[1-9] (stress)' &&
		drawn=$((drawn + 1))
done
[ -z "$bad" ]
record $? "stress S traces as random-baseline run S (seeds 0-39, and $wide)" "differ:$bad"
[ "$drawn" -ge 7 ] && [ "$drawn" -le 40 ]
record $? "about half the seeds draw C threads, and explain marks them (stress): $drawn of 47" ""
printf 'stress 4294967296\n' >"$ss/w.txt"
"$build/schedtext" encode "$ss/w.txt" "$ss/w.bin"
[ "$(wc -c <"$ss/w.bin")" -eq 9 ] && [ "$("$build/schedtext" decode "$ss/w.bin")" = "stress 4294967296" ]
record $? "a seed of 33 bits is three stress records, and decodes back to one line" "$(od -An -tx1 "$ss/w.bin")"
run_capture "$build/explain" --target cgocallback_go117_fuzzer --text "$ss/w.txt"
[[ "$out" == *"stress    seed 4294967296 (its records, the last at input@6)"* ]]
record $? "explain shows the whole seed of several stress records" "$out"

# Seed 11 fails go117 as the baseline's run 11 does, through the fuzz target itself.
printf 'stress 11\n' >"$ss/s11.txt"
expect_stderr 134 "m changed unexpectedly in cgocallbackg" "the go117 target fails on 'stress 11' like random run 11" -- \
	"$build/replay/cgocallback_go117_fuzzer" --text -- "$ss/s11.txt"

# An explicit record overrides its field only; every other drawn field stays.
run_capture "$build/explain" --target cgocallback_fuzzer --text "$ss/s11.txt"
base=$(printf '%s\n' "$out" | sed -n 's/^  shape     //p')
printf 'stress 11\nshape cthreads 0\n' >"$ss/over.txt"
run_capture "$build/explain" --target cgocallback_fuzzer --text "$ss/over.txt"
over=$(printf '%s\n' "$out" | sed -n 's/^  shape     //p')
want=$(printf '%s\n' "$base" | sed -E 's/cthreads=[0-9]+( \(stress\))?/cthreads=0 (input@3)/')
[ -n "$base" ] && [ "$base" != "$over" ] && [ "$over" = "$want" ]
record $? "a shape record overrides one drawn field and moves no other" "base: $base
over: $over"

# No stress field: the default shape, nothing drawn.
printf 'preempt dwrap1 0 sysmon\n' >"$ss/plain.txt"
run_capture "$build/explain" --target cgocallback_fuzzer --text "$ss/plain.txt"
printf '%s\n' "$out" | grep -q '^  shape     goroutines=3 calls=1 cthreads=0 gomaxprocs=2 ' &&
	! printf '%s\n' "$out" | grep -q '(stress)'
record $? "an input without a stress field keeps the default shape" "$out"
# Triage turns the drawn shape into shape records with the drawn decisions:
# the normalised input (a budget of two runs: the original, then its
# explicit form) has no seed, carries the drawn shape and fails the same way.
run_capture "$build/triage-tool" shrink --target cgocallback_go117_fuzzer --budget 2 --text "$ss/s11.txt" "$ss/s11.min"
min=$("$build/schedtext" decode "$ss/s11.min" 2>&1)
sig() { "$build/triage-tool" signature --target cgocallback_go117_fuzzer "$@" 2>/dev/null | grep -v '^trace='; }
[ -n "$min" ] && ! printf '%s\n' "$min" | grep -q '^stress' && printf '%s\n' "$min" | grep -q '^shape cthreads 3$' &&
	[ "$(sig "$ss/s11.min")" = "$(sig --text "$ss/s11.txt")" ] && [[ $err != *"keeping the original"* ]]
record $? "triage makes 'stress 11' explicit (its drawn shape too): the same run, without the seed" "$err
$(printf '%s\n' "$min" | head -n 8)"

suite_end
