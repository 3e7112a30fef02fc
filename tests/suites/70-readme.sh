# SPDX-License-Identifier: Apache-2.0
# The README's examples do what it says they do.  Run by tests/run-tests
# (uses $build, record, run_capture from tests/lib.sh).
# tier: fast
# min-checks: 8

section "README: the examples do what it says"
grep -q '^apt-get update && apt-get install -y make git$' README.md
record $? "it installs make and git before the two commands"
# "exit status 134 is the expected outcome"
run_capture "$build/replay/cgocallback_go117_fuzzer" --text corpus/regressions/issue47441.txt
[ "$rc" -eq 134 ] && [[ "$err" == *"fatal error: m changed unexpectedly in cgocallbackg"* ]] && grep -q 'exit status 134 is the expected outcome' README.md
record $? "the replay example aborts with the finding: exit 134" "exit $rc: $(printf '%s' "$err" | grep -v '^runtime:' | tail -n 3)"
run_capture "$build/replay/cgocallback_fuzzer" --text corpus/regressions/issue47441.txt
[ "$rc" -eq 0 ] && [[ "$out" == *": ok steps="* ]]
record $? "... and passes on the fixed target" "exit $rc: $err"
# A failing random run is the fuzz input `stress N`, a seed past one record's 16 bits included.
run_capture "$build/simulate" --scenario TracebackContextPreemption --ordering go117 --goroutines 3 --calls 1 \
	--search random --shape mixed --runs 1 --seed 4294967332
scratch rd
printf 'stress 4294967332\n' >"$rd/s.txt"
sim=$out
run_capture env SCHEDFUZZ_VARIANT=go117 "$build/explain" --target cgocallback_variant_fuzzer --text "$rd/s.txt"
[[ "$sim" == *"seed=4294967332 fatal error: m changed unexpectedly in cgocallbackg (step 182,"* ]] &&
	[[ "$out" == *"outcome   fatal error: m changed unexpectedly in cgocallbackg"*"at step 182,"* ]] &&
	grep -q "run \`seed=N\` is the input \`stress N\`" README.md
record $? "simulate's failing run 4294967332 is the input 'stress 4294967332', as the README says" "$sim / $out"
# ... and a failing PCT or POS run is its search record, then `stress N`:
# explain, from that input, fails at the same step (POS redraws priorities
# after every step, so a decider that dropped the strategy's per-step hook
# would run another schedule).
search_is_input() { # search_is_input STRATEGY RECORD-PREFIX
	local sim seed record step
	run_capture "$build/simulate" --scenario TracebackContextPreemption --ordering go111-lockedext --goroutines 3 \
		--calls 1 --search "$1" --shape mixed --runs 400 --until-failure
	sim=$(printf '%s\n' "$out" | grep '^seed=' | head -n 1)
	seed=${sim#seed=}
	seed=${seed%% *}
	record=${sim##*\[}
	record=${record%\]}
	printf '%s\nstress %s\n' "$record" "$seed" >"$rd/p.txt"
	run_capture env SCHEDFUZZ_VARIANT=go111-lockedext "$build/explain" --target cgocallback_variant_fuzzer --text "$rd/p.txt"
	step=${sim##*(step }
	step=${step%%,*}
	[[ "$sim" == "seed="*" fatal error: newm: new thread cloned from a locked thread (step "*") [$2"*"]" ]] &&
		[[ "$out" == *"outcome   fatal error: newm: new thread cloned from a locked thread"*"at step $step,"* ]]
	record $? "simulate's failing $1 run is its search record then 'stress N': explain fails at its step" "$sim / $out"
}
search_is_input pct:2 "search pct 2 "
search_is_input pos "search pos"
grep -q 'the input is `search pct 2 1152` then `stress N`' README.md
record $? "the README says how a failing PCT run becomes an input"
run_capture make --no-print-directory -n SANITIZER=memory CC=gcc
[ "$rc" -ne 0 ] && [[ "$err" == *"SANITIZER=memory needs clang: make SANITIZER=memory CC=clang"* ]]
record $? "SANITIZER=memory with gcc says it needs CC=clang" "exit $rc: $err"
suite_end
