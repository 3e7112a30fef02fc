# SPDX-License-Identifier: Apache-2.0
# The rows of Go 1.21-1.25's callbacks from C-created threads (bug zoo,
# part 1): each hand-built regression says, in '# expect row ROW: SIG'
# lines, which row it fails with which signature and which rows pass; each
# buggy row's failure is one of its own listed bugs.  Sourced by
# tests/run-tests (uses $build, record, run_capture from tests/lib.sh).

section "Go 1.21-1.25 rows (corpus/regressions, '# expect row' lines)"
zoo_rows=0
for f in corpus/regressions/*.txt; do
	while IFS= read -r line; do
		row=${line#\# expect row }
		row=${row%%:*}
		sig=${line#*: }
		zoo_rows=$((zoo_rows + 1))
		run_capture "$build/simulate" --scenario CgoCallbackFromCThread --ordering "$row" --schedule "$f"
		if [ "$sig" = pass ]; then
			[ "$rc" -eq 0 ] && [[ "$out" == *"runs=1 ok=1 failed=0"* ]]
			record $? "$(basename "$f") passes on $row" "exit $rc: $(printf '%s' "$out" | tail -n 3)"
		else
			[ "$rc" -eq 1 ] && [[ "$out" == *"$sig"* ]]
			record $? "$(basename "$f") fails $row with '$sig'" "exit $rc: $(printf '%s' "$out" | tail -n 3)"
		fi
	done < <(grep '^# expect row [a-z0-9-]*: ' "$f")
done
[ "$zoo_rows" -ge 20 ]
record $? "the zoo regressions state $zoo_rows row outcomes"

# Every row is listed, with its upstream commit.
run_capture "$build/simulate" --list
for row in bindm-59294 bindm-60540 go121 go122-386 go122 go1220 go123 go124 go125; do
	printf '%s\n' "$out" | grep -q "^$row "
	record $? "simulate --list shows the row $row" "$out"
done

# The fixed end of the chain passes every hand-built schedule (the
# differential target holds the others to their listed bugs).
for f in corpus/regressions/*.txt; do
	expect_stdout "runs=1 ok=1 failed=0" "$(basename "$f") passes on go125" -- \
		"$build/simulate" --scenario CgoCallbackFromCThread --ordering go125 --schedule "$f"
done
