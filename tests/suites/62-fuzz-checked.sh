# SPDX-License-Identifier: Apache-2.0
# make fuzz (scripts/fuzz) with JOBS=N: libFuzzer -jobs/-workers, executions
# summed from every job's own count, the CPU of the campaign, and the
# checked replay at the end (every new corpus input and crash through the
# checked build).  Sourced by tests/run-tests (uses $build, record,
# run_capture, scratch from tests/lib.sh); needs the engine builds `make
# check` makes.
# tier: slow
# min-checks: 5

section "make fuzz: jobs, the CPU it used, the checked replay"
scratch fc
fc_field() { printf '%s\n' "$1" | sed -n "s|^  $2  *||p" | tail -n 1; }

run_capture env TARGET=cgocallback_fuzzer TIME=4 JOBS=2 FINDINGS="$fc/j2" CHECKED="$build" python3 scripts/fuzz
logs=("$fc"/j2/libfuzzer-cgocallback_fuzzer/logs/fuzz-*.log)
sum=0
for l in "${logs[@]}"; do
	n=$(sed -n 's/^schedfuzz-stats: execs=\([0-9]*\) .*/\1/p' "$l" | tail -n 1)
	sum=$((sum + ${n:-0}))
done
execs=$(fc_field "$out" executions)
[ "$rc" -eq 0 ] && [ "${#logs[@]}" -eq 2 ] && [ "$sum" -gt 0 ] && [[ "$execs" == "$sum (summed over the 2 jobs"* ]]
record $? "JOBS=2 runs two libFuzzer jobs; the executions are the sum of their own counts ($sum)" "exit $rc: $out $err"
[[ "$(fc_field "$out" cpu)" =~ ^[0-9]+\.[0-9]\ s\ \(every\ libFuzzer\ process ]]
record $? "the summary says the CPU the campaign used" "$(printf '%s\n' "$out" | grep '^  ')"
added=$(find "$fc/j2/libfuzzer-cgocallback_fuzzer/corpus" -type f | wc -l)
[[ "$(fc_field "$out" checked)" == "$added new corpus input(s) and 0 new crash file(s) replayed through $build"*"0 fail only there"* ]]
record $? "every input the run added ($added) is replayed through the checked build" "$(fc_field "$out" checked)"
[ -z "$(find /dev/shm -maxdepth 1 -name 'schedfuzz-fuzz.*' -newer "$fc" 2>/dev/null)" ]
record $? "the scratch folder on /dev/shm is gone at the end"

# A checked build that fails what the fast build passes: the go117 driver
# stands in for the fixed target's, so the run's stress inputs that expose
# go117 are findings of the checked build alone.
mkdir -p "$fc/fake/replay"
ln -s "$PWD/$build/replay/cgocallback_go117_fuzzer" "$fc/fake/replay/cgocallback_fuzzer"
run_capture env TARGET=cgocallback_fuzzer TIME=2 FINDINGS="$fc/fake-run" CHECKED="$fc/fake" TRIAGE=0 python3 scripts/fuzz
saved=$(find "$fc/fake-run/libfuzzer-cgocallback_fuzzer/crashes" -name 'checked-*' | wc -l)
[ "$rc" -eq 1 ] && [ "$saved" -gt 0 ] && [[ "$out" == *"fails only in the checked build: fatal error: m changed unexpectedly"* ]]
record $? "an input only the checked build fails on is saved as crashes/checked-* and makes the run exit 1 ($saved)" \
	"exit $rc: $(printf '%s\n' "$out" | tail -n 20)"

run_capture env TARGET=cgocallback_go117_fuzzer TIME=10 FINDINGS="$fc/go117" CHECKED="$build" python3 scripts/fuzz
[ "$rc" -eq 1 ] && [[ "$(fc_field "$out" checked)" == *"1 new crash file(s)"*"every crash reproduces"* ]]
record $? "the go117 crash reproduces in the checked build" "exit $rc: $(fc_field "$out" checked)"
suite_end
