# SPDX-License-Identifier: Apache-2.0
# The model: its C unit, behaviour and death tests ($build/runtime_test), and
# the simulate command line.
# tier: fast
# min-checks: 92

section "runtime model (runtime_test)"
# Each test of runtime_test is one check here; its messages follow a FAIL.
rt_out=$("$build/runtime_test" 2>&1)
rt_rc=$?
rt_n=0
rt_name=
rt_detail=
rt_running=
rt_flush() {
	[ -n "$rt_name" ] || return 0
	[ "$rt_status" -eq 0 ]
	record $? "$rt_name" "$rt_detail"
	rt_n=$((rt_n + 1))
	rt_name=
	rt_detail=
}
while IFS= read -r line; do
	case $line in
	"run  "*) rt_running=${line#run  } ;;
	"ok   "*) rt_flush; rt_status=0 rt_name=${line#ok   } ;;
	"FAIL "*) rt_flush; rt_status=1 rt_name=${line#FAIL } ;;
	"       | "*) rt_detail="$rt_detail${rt_detail:+$'\n'}${line#       | }" ;;
	esac
done <<<"$rt_out"
rt_flush
rt_sum=$(printf '%s\n' "$rt_out" | sed -n 's/^runtime_test: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
rt_ok=1
[ -n "$rt_sum" ] && [ "$((${rt_sum% *} + ${rt_sum#* }))" -eq "$rt_n" ] && { [ "$rt_rc" -eq 0 ] || [ "${rt_sum#* }" -ne 0 ]; } && rt_ok=0
rt_what="runtime_test ran to its summary line"
[ -n "$rt_sum" ] || rt_what="runtime_test died in its test '$rt_running'"
record $rt_ok "$rt_what ($rt_n tests, exit $rt_rc)" "$(printf '%s\n' "$rt_out" | tail -n 20)"

section "simulate command line"
sim="$build/simulate"
tc=(--scenario TracebackContextPreemption)
m_changed="fatal error: m changed unexpectedly in cgocallbackg"
foreign="fatal error: return to C on a foreign C stack frame"
expect_exit 2 "no arguments is a usage error" -- "$sim"
expect_stderr 2 "--scenario is required" "usage error says what is missing" -- "$sim" --ordering fixed
expect_stderr 2 "--ordering wants one of: go117, fixed" "unknown ordering: the valid ones are listed" -- "$sim" "${tc[@]}" --ordering go1.16
expect_stderr 2 "wants a whole number" "non-numeric --calls" -- "$sim" "${tc[@]}" --ordering fixed --calls x
expect_stderr 2 "from 1 to 16, not '0'" "--calls out of range" -- "$sim" "${tc[@]}" --ordering fixed --calls 0
expect_stderr 2 "unknown scenario" "unknown scenario" -- "$sim" --scenario Nope --ordering fixed
expect_stdout 0 "TracebackContextPreemption" "--list names the first scenario" -- "$sim" --list
expect_stdout 0 "runs=300 ok=300 failed=0 callbacks=30000" "fixed ordering: 300 stress runs pass" -- "$sim" "${tc[@]}" --ordering fixed --runs 300
# Every failing run names one of go117's two signatures, nothing else.
run_capture "$sim" "${tc[@]}" --ordering go117 --runs 50
nfail=$(printf '%s\n' "$out" | sed -n 's/^runs=50 ok=[0-9]* failed=\([0-9]*\) .*/\1/p')
others=$(printf '%s\n' "$out" | grep '^seed=' | grep -v -e "$m_changed (" -e "$foreign (" || true)
[ "$rc" -eq 1 ] && [ "${nfail:-0}" -gt 25 ] && [ -z "$others" ] &&
	[ "$(printf '%s\n' "$out" | grep -c "^seed=[0-9]* $m_changed")" -gt 0 ]
record $? "go117 ordering: most of 50 stress runs fail, each with go117's signature" "exit $rc, failed=$nfail; $others"
expect_stdout 1 "seed=1 $m_changed" "go117 failure line names seed and signature" -- "$sim" "${tc[@]}" --ordering go117 --seed 1 --runs 3
expect_stdout 0 "runs=100 ok=100 failed=0 callbacks=10000" "go117 with no context function passes" -- "$sim" "${tc[@]}" --ordering go117 --context none --runs 100
expect_stdout 1 "$m_changed" "go117 replays the issue 47441 schedule" -- "$sim" "${tc[@]}" --ordering go117 --schedule corpus/regressions/issue47441.txt
expect_stdout 1 "$m_changed" "go122-386 replays the issue 62102 schedule" -- "$sim" "${tc[@]}" --ordering go122-386 --schedule corpus/src/common/issue62102.txt

# A passing schedule counts only when its decisions were taken: the trace's
# decision lines, with the input offsets they came from.
passes_taking() { # passes_taking NAME WANT-DECISIONS -- SIMULATE-ARGS...
	local name=$1 want=$2 got
	shift 3
	run_capture "$sim" "$@" --trace
	got=$(printf '%s\n' "$out" | taken_decisions)
	[ "$rc" -eq 0 ] && [[ "$out" == *"runs=1 ok=1 failed=0"* ]] && [ "$got" = "$want" ]
	record $? "$name" "exit $rc; decisions taken from the input:
$got
want:
$want
$(printf '%s\n' "$out" | tail -n 3) $err"
}
scratch tmp
printf 'shape goroutines 3\nshape calls 1\nshape gomaxprocs 2\nshape context none\n' >"$tmp/s62102"
{ cat "$tmp/s62102" && printf 'preempt deferreturn %d sysmon\n' 0 1 2; } >"$tmp/go122.txt"
passes_taking "go122 passes with each of its deferreturn prologues preempted (the #62102 place), each taken" \
	"$(printf 'preempt deferreturn %d = sysmon @%d\n' 0 12 1 15 2 18)" -- "${tc[@]}" --ordering go122 --schedule "$tmp/go122.txt"
passes_taking "fixed replays the issue 47441 schedule clean, both its decisions taken" \
	"$(printf 'preempt dwrap1 0 = sysmon @12\npick schedule 2 = 1 @15')" -- \
	"${tc[@]}" --ordering fixed --schedule corpus/regressions/issue47441.txt
run_capture "$sim" "${tc[@]}" --ordering fixed --schedule corpus/src/common/issue62102.txt --trace
[ "$rc" -eq 0 ] && ! printf '%s\n' "$out" | grep -q ' deferreturn$'
record $? "the fixed row has no deferreturn step: the #62102 schedule is not one for it" "exit $rc"
run_capture "$sim" "${tc[@]}" --ordering go117 --preempt always --calls 1
[ "$rc" -eq 1 ] && [[ "$out" == *"runs=1 ok=0 failed=1"* ]] && [[ "$out" == *"$m_changed"* ]]
record $? "go117 with always-preempt fails at 1 call per goroutine, with the assertion" "exit $rc: $out"
expect_stderr 2 "no-such-file" "missing schedule file is named" -- "$sim" "${tc[@]}" --ordering fixed --schedule no-such-file
printf 'preempt dwrap1 0 sysmon\nbogus line here\n' >"$tmp/bad schedule.txt"
expect_stderr 2 "line 2" "bad schedule text names its line" -- "$sim" "${tc[@]}" --ordering fixed --schedule "$tmp/bad schedule.txt"
suite_end
