# SPDX-License-Identifier: Apache-2.0
# The unit tests of the schedule sources (tests/search_test.c): the stress
# field and its text form, the mutator and crossover, PCT and POS, the
# checker's verify mode.  A fast suite, so that make mutate (which runs the
# fast tier) sees them.  Sourced by tests/run-tests (uses $build, record,
# run_capture from tests/lib.sh).
# tier: fast
# min-checks: 12

section "schedule sources (search_test)"
run_capture "$build/search_test"
printf '%s\n' "$out" | grep -E '^(ok|FAIL)' | sed 's/^/  /'
printf '%s\n' "$out" | grep -E '^       \|' | head -n 20
p=$(printf '%s' "$out" | sed -n 's/^search_test: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
f=$(printf '%s' "$out" | sed -n 's/^search_test: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
if [ -z "$p" ]; then
	record 1 "search_test ran to its summary line" "$out $err"
else
	passed=$((passed + p))
	failed=$((failed + f))
fi
suite_end
