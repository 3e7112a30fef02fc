# SPDX-License-Identifier: Apache-2.0
# The adversarial feed: every decision uniform over all its choices, over
# every scenario, GOMAXPROCS 1-4, 0-3 C threads, nesting 1-3 and each
# context setting (tools/sweep.c).  The fixed rows must never fail; the
# buggy rows must still fail, on the same detector.  Sourced by
# tests/run-tests (uses $build, record, expect_* from tests/lib.sh).
# tier: slow
# min-checks: 14

section "adversarial feed (tools/sweep.c)"
speed="$build/speed/sweep"

# 47 runs of each of the 720 shapes per fixed row (three fixed rows: over
# 100,000 runs): the speed build (no sanitizer, the whole-state checker on)
# carries the volume.
run_capture "$speed" --runs 47 --rows fixed --seed 1
total=$(printf '%s\n' "$out" | awk '$2 == "no" && $4 == 0 { n += $3 } END { print n + 0 }')
[ "$rc" -eq 0 ] && [ "$total" -ge 100000 ]
record $? "$total adversarial runs of the fixed rows, every scenario and shape: no failure" "exit $rc: $out $err"

# A share of it again under ASan+UBSan, with other seeds.
run_capture "$build/sweep" --runs 3 --rows fixed --seed 9000001
asan_total=$(printf '%s\n' "$out" | awk '$2 == "no" && $4 == 0 { n += $3 } END { print n + 0 }')
[ "$rc" -eq 0 ] && [ "$asan_total" -gt 0 ]
record $? "the fixed rows under ASan+UBSan: $asan_total more adversarial runs, no failure" "exit $rc: $out $err"

# The buggy rows still fail under it, each only with the signatures of its
# listed bugs: #47441 and #62102 on the M-identity assertion (or the frame
# check, when the G came back to its own M into another G's frame), the
# Go 1.21-1.25 rows on theirs (docs/model.md, section 7).
run_capture "$build/sweep" --runs 2 --rows buggy --seed 1
buggy_out=$out
[ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | awk '$2 == "yes" && $5 > 0' | wc -l)" -ge 2 ]
record $? "the #47441-family rows fail under the adversarial feed on the assertion; no buggy row fails with an unknown signature" "exit $rc: $out $err"

# A failure names the simulate command that replays it alone.
cmd=$(printf '%s\n' "$buggy_out" | sed -n 's/^  first failure: simulate \(.*\): \(.*\)$/\1/p' | head -n 1)
sig=$(printf '%s\n' "$buggy_out" | sed -n 's/^  first failure: simulate .*: \(.*\)$/\1/p' | head -n 1)
read -r -a argv <<<"$cmd"
run_capture "$build/simulate" "${argv[@]}"
[ -n "$cmd" ] && [ "$rc" -eq 1 ] && [[ "$out" == *"fatal error: $sig"* ]] && [[ "$out" == *"runs=1 ok=0 failed=1"* ]]
record $? "the first failure's simulate command replays it: $cmd" "exit $rc: $out"
! printf '%s\n' "$buggy_out" | grep -q '^FAIL'
record $? "a buggy row's failures on its detectors print no FAIL line" "$buggy_out"

# The shapes and seeds sweep runs are simulate's: the same seed, the same run.
run_capture "$build/simulate" --scenario TracebackContextPreemption --ordering go117 --feed adversarial \
	--gomaxprocs 2 --threads 0 --nest 1 --context nonzero --calls 1 --runs 50 --seed 1
[ "$rc" -eq 1 ] && [[ "$out" == *"failed="* ]] && ! printf '%s\n' "$out" | grep 'fatal error' | grep -qv 'm changed unexpectedly'
record $? "simulate --feed adversarial: go117 fails, on the assertion only" "exit $rc: $out"
a=$("$build/simulate" --scenario NestedCallback --ordering fixed --feed adversarial --runs 1 --seed 77 --trace | tail -n 2)
b=$("$build/simulate" --scenario NestedCallback --ordering fixed --feed adversarial --runs 1 --seed 77 --trace | tail -n 2)
[ -n "$a" ] && [ "$a" = "$b" ]
record $? "simulate --feed adversarial: one seed, one trace" "$a / $b"
expect_exit 2 "--feed with a bad name is a usage error" -- "$build/simulate" --scenario NestedCallback --ordering fixed --feed gentle
expect_stderr 2 "an input gives its own decisions" "--feed with a schedule is a usage error" -- \
	"$build/simulate" --scenario NestedCallback --ordering fixed --feed adversarial --schedule corpus/regressions/issue47441.txt
expect_exit 2 "sweep: an unknown row is a usage error" -- "$speed" --rows fixed,nope
expect_exit 2 "sweep: --runs 0 is a usage error" -- "$speed" --runs 0
expect_stdout 0 "usage: sweep" "sweep --help prints the usage" -- "$speed" --help

# The stress runs that crashed the fixed ordering before runtime.main's
# start-up and the WaitGroup were modelled as upstream (issue 8).
for shape in "--goroutines 0 --threads 1" "--goroutines 1 --threads 2"; do
	# shellcheck disable=SC2086
	expect_stdout 0 "runs=3000 ok=3000 failed=0" "fixed, CgoCallbackFromCThread $shape --calls 1: 3000 seeds pass" -- \
		"$build/simulate" --scenario CgoCallbackFromCThread --ordering fixed $shape --calls 1 --runs 3000
done
suite_end
