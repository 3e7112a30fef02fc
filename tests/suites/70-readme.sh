# SPDX-License-Identifier: Apache-2.0
# The README's examples do what it says they do.  Run by tests/run-tests
# (uses $build, record, run_capture from tests/lib.sh).
# tier: fast
# min-checks: 4

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
run_capture make --no-print-directory -n SANITIZER=memory CC=gcc
[ "$rc" -ne 0 ] && [[ "$err" == *"SANITIZER=memory needs clang: make SANITIZER=memory CC=clang"* ]]
record $? "SANITIZER=memory with gcc says it needs CC=clang" "exit $rc: $err"
suite_end
