# SPDX-License-Identifier: Apache-2.0
# Schedule sources: simulate --search, the statistics line and the row
# target (the unit tests of the stress field, the mutator and the checker's
# verify mode are 24-search-unit.sh, a fast suite).  Sourced by tests/run-tests (uses $build, record, expect_* from
# tests/lib.sh).
# tier: slow
# min-checks: 15

section "simulate --search and the statistics line"
sim="$build/simulate"
tp=(--scenario TracebackContextPreemption --goroutines 3 --calls 2)
expect_stderr 2 "--search wants random, pct:D" "an unknown strategy is a usage error" -- "$sim" "${tp[@]}" --ordering fixed --search dfs
expect_exit 2 "pct:0 is a usage error" -- "$sim" "${tp[@]}" --ordering fixed --search pct:0
for s in random pct:3 pos; do
	expect_exit 1 "--search $s finds the go117 bug" -- "$sim" "${tp[@]}" --ordering go117 --search "$s" --runs 3000
done
run_capture env SCHEDFUZZ_STATS=1 "$sim" "${tp[@]}" --ordering fixed --runs 20
printf '%s' "$err" | grep -qE '^schedfuzz-stats: execs=20 runs=20 callbacks=120 steps=[0-9]+ cpu=[0-9.]+ startcpu=[0-9.]+ searchcpu=[0-9.]+ searchexecs=0$'
record $? "SCHEDFUZZ_STATS=1: one line with runs, callbacks, steps and CPU seconds" "$err"
run_capture "$sim" "${tp[@]}" --ordering fixed --runs 20
[ -z "$err" ]
record $? "no statistics line without SCHEDFUZZ_STATS" "$err"
scratch srch
printf 'stress 4242\n' >"$srch/stress.txt"
expect_stdout 1 "stress    seed 4242" "explain shows the stress field and what it drew (the run passes: exit 1, nothing to explain)" -- \
	"$build/explain" --target cgocallback_go117_fuzzer --text "$srch/stress.txt"

section "simulate --bug: one of a chain row's bugs"
# go1220 has #62440(c) and #72870.  On mixed shapes from seed 1 the first
# failure is #72870's; with --bug 62440(c) its runs are tolerated and the
# search goes on to #62440(c)'s signature.
zoo=(--scenario CgoCallbackFromCThread --ordering go1220 --shape mixed --seed 1 --runs 1000 --until-failure)
expect_stdout 1 "seed=1 fatal error: sigprof: Go code attributed to _ExternalCode" \
	"without --bug, #72870 stops go1220's search at once" -- "$sim" "${zoo[@]}"
run_capture "$sim" "${zoo[@]}" --bug '62440(c)'
[ "$rc" -eq 1 ] && [[ "$out" == *"fatal error: morestack on g0"* ]] &&
	! [[ "$out" == *"fatal error: sigprof"* || "$out" == *"fatal error: checkstate"* ]] &&
	[[ "$out" =~ failed=1\ callbacks=[0-9]+\ tolerated=[1-9] ]]
record $? "--bug '62440(c)' tolerates #72870 and finds #62440(c) on go1220" "exit $rc: $out $err"
expect_stdout 1 "seed=1 fatal error: sigprof: Go code attributed to _ExternalCode" \
	"--bug golang/go#72870 (the full name) finds #72870 at once" -- "$sim" "${zoo[@]}" --bug 'golang/go#72870'
expect_stderr 2 "simulate: --bug 62440(b) is no known bug of the row go1220; its bugs: golang/go#62440(c) golang/go#72870" \
	"--bug naming no bug of the row exits 2 and lists the row's bugs" -- "$sim" "${zoo[@]}" --bug '62440(b)'

section "the variant target (cgocallback_variant_fuzzer)"
expect_stderr 2 "runs the row SCHEDFUZZ_VARIANT names" "without SCHEDFUZZ_VARIANT it says what it needs" -- \
	"$build/replay/cgocallback_variant_fuzzer" --text corpus/src/common/issue62102.txt
expect_stderr 134 "m changed unexpectedly in cgocallbackg" "SCHEDFUZZ_VARIANT=go122-386 replays the issue 62102 schedule to its failure" -- \
	env SCHEDFUZZ_VARIANT=go122-386 "$build/replay/cgocallback_variant_fuzzer" --text corpus/src/common/issue62102.txt
expect_exit 0 "SCHEDFUZZ_VARIANT=go122 replays it clean" -- \
	env SCHEDFUZZ_VARIANT=go122 "$build/replay/cgocallback_variant_fuzzer" --text corpus/src/common/issue62102.txt
suite_end
