# SPDX-License-Identifier: Apache-2.0
# docs/benchmarks.md: its notes are docs/benchmarks-notes.md rendered with
# the values of the run whose tables they sit under (scripts/bench-notes),
# and every cited fact resolves in a clone.  Run by tests/run-tests
# (uses record, run_capture, scratch from tests/lib.sh).
# tier: fast
# min-checks: 9

section "benchmark notes agree with the tables; references resolve in a clone"
run_capture python3 scripts/bench-notes check docs/benchmarks.md docs/benchmarks-notes.md
record $rc "docs/benchmarks.md's notes are docs/benchmarks-notes.md with its run's values, each in its tables" "$out $err"
run_capture python3 scripts/bench-notes lint docs/benchmarks-notes.md
record $rc "docs/benchmarks-notes.md writes no measured number by hand" "$err"

scratch bn
cp docs/benchmarks.md "$bn/report.md"
# A note edited by hand in the report: the check finds it.
sed -i '/^## Notes/,/^<!--/s/^\(- \*\*Scaling\*\*: `JOBS=2` gave \)[0-9.]*x/\19.99x/' "$bn/report.md"
run_capture python3 scripts/bench-notes check "$bn/report.md" docs/benchmarks-notes.md
[ "$rc" -eq 1 ] && [[ "$out" == *"9.99x"* ]]
record $? "a number changed by hand in the notes is caught" "exit $rc: $out $err"
# A table number changed without its value: the check finds that too.
cp docs/benchmarks.md "$bn/report2.md"
eps=$(sed -n 's/^eps_empty //p' docs/benchmarks.md)
sed -i "s/^\(| empty_fuzzer [^|]*| | \)$eps /\11$eps /" "$bn/report2.md"
run_capture python3 scripts/bench-notes check "$bn/report2.md" docs/benchmarks-notes.md
[ "$rc" -eq 1 ] && [[ "$err" == *"values not in its tables: eps_empty $eps"* ]]
record $? "a table that no longer shows a value the notes quote is caught" "exit $rc: $err"
# A note quoting a value the run did not produce is refused, naming it.
{ cat docs/benchmarks-notes.md; echo '- **New.** {no_such_value} inputs.'; } >"$bn/notes.md"
cp "$bn/report.md" "$bn/report-before.md"
run_capture python3 scripts/bench-notes update "$bn/report.md" "$bn/notes.md"
[ "$rc" -eq 1 ] && [[ "$err" == *"'no_such_value' is not a value of this run"* ]] && cmp -s "$bn/report.md" "$bn/report-before.md"
record $? "a note quoting a value the run did not produce is not rendered" "exit $rc: $err"
printf -- '- **Old.** JOBS=2 gave 1.23x, 72.2%% of lines, 10592 exec/s; issue #47441 needs 1 in 16.\n' >"$bn/hand.md"
run_capture python3 scripts/bench-notes lint "$bn/hand.md"
[ "$rc" -eq 1 ] && [[ "$err" == *"'1.23x'"* && "$err" == *"'72.2%'"* && "$err" == *"'10592'"* && "$err" != *"47441"* ]]
record $? "lint flags hand-written ratios, percentages and counts, not issue numbers" "exit $rc: $err"
# A number that needs arithmetic on a value that is not a number (a skipped part) is refused.
printf 'found_afl -\ntrials 20\n' >"$bn/values"
printf '{100 * found_afl / trials:.0f}%%\n' >"$bn/t.md"
run_capture python3 scripts/bench-notes render "$bn/t.md" "$bn/values"
[ "$rc" -eq 1 ] && [[ "$err" == *"'found_afl' is '-' in this run, not a number"* ]]
record $? "arithmetic on a value the run did not measure is refused" "exit $rc: $err"
printf '{__import__("os").system("true")}\n' >"$bn/t2.md"
run_capture python3 scripts/bench-notes render "$bn/t2.md" "$bn/values"
[ "$rc" -eq 1 ]
record $? "a placeholder is arithmetic on values, never code" "exit $rc: $out $err"

refs=$(grep -rn '\.\./shared' docs/ scripts/bench README.md 2>/dev/null | grep -v 'OSSFUZZ_DIR\|oss-fuzz checkout' || true)
[ -z "$refs" ]
record $? "docs/, README.md and scripts/bench cite nothing outside the repository (../shared)" "$refs"
suite_end
