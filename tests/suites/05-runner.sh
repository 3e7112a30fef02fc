# SPDX-License-Identifier: Apache-2.0
# The test runner and its helpers fail when a suite or a check is broken:
# tests/run-tests on a scratch tree of small suites, each broken one way.
# tier: fast
# min-checks: 14

section "test runner"
scratch rt
mkdir -p "$rt/tests/suites"
cp tests/run-tests tests/lib.sh "$rt/tests/"
good='# tier: fast
# min-checks: 2
record 0 one
record 0 two
suite_end'
# runner_on NAME SUITE-TEXT: run the scratch runner on one suite next to a good one.
runner_on() {
	rm -f "$rt"/tests/suites/*
	printf '%s\n' "$good" >"$rt/tests/suites/10-good.sh"
	printf '%s\n' "$2" >"$rt/tests/suites/20-$1.sh"
	run_capture bash "$rt/tests/run-tests" "$build"
}
runner_on fine "$good"
[ "$rc" -eq 0 ] && [[ "$out" == *"7 passed, 0 failed"* ]]
record $? "two good suites pass: 4 checks, 2 suite checks and 'at least one suite ran'" "exit $rc: $out"
runner_on syntax '# tier: fast
# min-checks: 2
record 0 one
if then fi
record 0 two
suite_end'
[ "$rc" -ne 0 ] && [[ "$out" == *"FAIL tests/suites/20-syntax.sh ran to its end"* ]]
record $? "a syntax error in a suite fails the run" "exit $rc: $out"
runner_on exits '# tier: fast
# min-checks: 2
record 0 one
exit 0
record 0 two
suite_end'
[ "$rc" -ne 0 ] && [[ "$out" == *"FAIL tests/suites/20-exits.sh ran to its end"* ]]
record $? "an early exit 0 in a suite fails the run" "exit $rc: $out"
runner_on dropped '# tier: fast
# min-checks: 3
record 0 one
record 0 two
suite_end'
[ "$rc" -ne 0 ] && [[ "$out" == *"FAIL tests/suites/20-dropped.sh ran to its end: 2 checks (at least 3)"* ]]
record $? "a suite that runs fewer checks than it declares fails the run" "exit $rc: $out"
runner_on undeclared 'record 0 one
suite_end'
[ "$rc" -ne 0 ] && [[ "$out" == *"FAIL tests/suites/20-undeclared.sh declares its tier and minimum"* ]]
record $? "a suite without its tier and minimum fails the run" "exit $rc: $out"
runner_on slow '# tier: slow
# min-checks: 1
record 1 "a slow failure"
suite_end'
[ "$rc" -ne 0 ]
record $? "a failing check fails the run" "exit $rc: $out"
run_capture bash "$rt/tests/run-tests" --fast "$build"
[ "$rc" -eq 0 ] && [[ "$out" != *"a slow failure"* ]]
record $? "--fast runs only the suites of tier fast" "exit $rc: $out"
run_capture bash "$rt/tests/run-tests" "$build"
[[ "$out" == *"time tests/suites/10-good.sh: "*" s wall, "*" s CPU"* ]] && [[ "$out" == *"suites by CPU time"* ]]
record $? "the runner times each suite it runs (wall and CPU seconds) and lists them" "exit $rc: $out"
runner_on failfast '# tier: fast
# min-checks: 3
record 0 one
record 1 two
record 0 three
suite_end'
run_capture bash "$rt/tests/run-tests" --fail-fast "$build"
[ "$rc" -ne 0 ] && [[ "$out" == *"FAIL two"* ]] && [[ "$out" != *"ok   three"* ]]
record $? "--fail-fast stops at the first failing check" "exit $rc: $out"

section "test helpers"
# The helpers themselves, each made to fail the way they must.
runner_on helpers '# tier: fast
# min-checks: 4
expect_stdout 0 "hello" "a zero exit with the text" -- sh -c "echo hello"
expect_stdout 0 "hello" "right text, wrong exit status" -- sh -c "echo hello; exit 3"
expect_stderr 3 "oops" "wrong text on stderr" -- sh -c "echo fine >&2; exit 3"
expect_stdout "hello" "an old-style call without the status" -- sh -c "echo hello"
expect_exit 1 "the wrong exit status" -- true
suite_end'
[[ "$out" == *"ok   a zero exit with the text"* ]]
record $? "expect_stdout passes on the right status and text" "$out"
[[ "$out" == *"FAIL right text, wrong exit status"* ]]
record $? "expect_stdout checks the exit status" "$out"
[[ "$out" == *"FAIL wrong text on stderr"* ]]
record $? "expect_stderr checks the text" "$out"
[[ "$out" == *"FAIL an old-style call without the status"* ]]
record $? "a call without the exit status is a failing check, not a pass" "$out"
[[ "$out" == *"FAIL the wrong exit status"* ]]
record $? "expect_exit checks the exit status" "$out"
suite_end
