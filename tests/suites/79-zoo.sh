# SPDX-License-Identifier: Apache-2.0
# The rows of Go 1.21-1.25's callbacks from C-created threads (bug zoo,
# part 1): each hand-built regression says, in '# expect row ROW: SIG'
# lines, which row it fails with which signature and which rows pass; each
# buggy row's failure is one of its own listed bugs.  79-rows replays every
# such line; this suite counts them and checks the rows' listing, hooks and
# explanations.  Sourced by tests/run-tests (uses $build, record,
# run_capture from tests/lib.sh).
# tier: fast
# min-checks: 40

section "Go 1.21-1.25 rows (corpus/regressions, '# expect row' lines)"
zoo_rows=0
for f in corpus/regressions/*.txt; do
	zoo_rows=$((zoo_rows + $(grep -c '^# expect row ' "$f")))
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
	expect_stdout 0 "runs=1 ok=1 failed=0" "$(basename "$f") passes on go125" -- \
		"$build/simulate" --scenario CgoCallbackFromCThread --ordering go125 --schedule "$f"
done

# The detectors without their usual trigger: #72870's state is seen by the
# whole-state checker without a SIGPROF, and only by it; #60540's counters
# are checked at quiescence in every build.
scratch zoo
grep -v '^sigprof' corpus/regressions/issue72870.txt >"$zoo/nosig.txt"
run_capture "$build/simulate" --scenario CgoCallbackFromCThread --ordering go124 --schedule "$zoo/nosig.txt"
[ "$rc" -eq 1 ] && [[ "$out" == *"fatal error: checkstate: Go code running on an M flagged isExtraInC"* ]]
record $? "go124 without the SIGPROF: the checker sees Go code running flagged isExtraInC" "exit $rc: $out"
expect_stdout 0 "runs=1 ok=1 failed=0" "go124 without the SIGPROF and without the checker: nothing sees it" -- \
	"$build/simulate" --scenario CgoCallbackFromCThread --ordering go124 --schedule "$zoo/nosig.txt" --no-checkstate
run_capture "$build/simulate" --scenario CgoCallbackFromCThread --ordering bindm-60540 --schedule corpus/regressions/issue60540.txt --no-checkstate
[ "$rc" -eq 1 ] && [[ "$out" == *"fatal error: checkstate: extraMInUse does not match the extra Ms in use"* ]] && [[ "$out" != *"steps=1 "* ]]
record $? "bindm-60540 without the checker fails at quiescence on the counters" "exit $rc: $out"

# The g0 check reads the bounds the row computed: with the default g0use
# the #62440(c) window is one depth (31 KiB); the largest g0use widens it.
for depth in 30 32; do
	sed "s/^cdepth context 1 31/cdepth context 1 $depth/" corpus/regressions/issue62440c.txt >"$zoo/c$depth.txt"
	expect_stdout 0 "runs=1 ok=1 failed=0" "go1220 passes #62440(c) $depth KiB deep (outside the window)" -- \
		"$build/simulate" --scenario CgoCallbackFromCThread --ordering go1220 --schedule "$zoo/c$depth.txt"
done
printf 'g0use userfn 1 24KiB\n' | cat "$zoo/c30.txt" - >"$zoo/c30big.txt"
expect_stdout 1 "fatal error: morestack on g0" "go1220 fails #62440(c) 30 KiB deep when the callback's g0 work needs 24 KiB" -- \
	"$build/simulate" --scenario CgoCallbackFromCThread --ordering go1220 --schedule "$zoo/c30big.txt"

# SCHEDFUZZ_BUG must name a known bug of the target's row.
run_capture env SCHEDFUZZ_BUG=62440b "$build/replay/cgocallback_go117_fuzzer" --text corpus/src/common/canonical.txt
[ "$rc" -eq 2 ] && [[ "$err" == *"SCHEDFUZZ_BUG=62440b is no known bug of the row go117; its bugs: golang/go#47441"* ]]
record $? "SCHEDFUZZ_BUG naming no bug of the row is an error that lists its bugs" "exit $rc: $err"

# explain on a zoo schedule through the differential target: the header
# names each buggy row's outcome, and the exited thread's freed (poisoned)
# stack is not walked for frames.
run_capture "$build/explain" --target cgocallback_differential_fuzzer corpus/regressions/issue62440b.txt
[ "$rc" -eq 1 ] && [[ "$out" == *"go122 morestack on g0"* ]] && [[ "$out" == *"cdepth context #0              0..47"* ]]
record $? "explain: #62440(b) through the differential target names go122's failure and the cdepth range" "exit $rc: $out $err"

# explain on a zoo row (the variant target): each extra M's g0 bounds,
# their source and verdict, isExtraInC and the extra-M counters, a '!' note
# on the steps whose bounds do not fit, and an orange frame in the SVG.
scratch zoosvg
run_capture env SCHEDFUZZ_VARIANT=go1220 "$build/explain" --target cgocallback_variant_fuzzer \
	--svg "$zoosvg/t.svg" corpus/regressions/issue62440c.txt
[ "$rc" -eq 0 ] && [[ "$out" == *"outcome   fatal error: morestack on g0"* ]] &&
	[[ "$out" == *"(guessed), sp +"*": no room for g0 frames"* ]] &&
	printf '%s\n' "$out" | grep -q '^  m1 .* guessed .* no  *BAD: sp outside the bounds or too near lo' &&
	[[ "$out" == *"extra-M list: extraMLength=1 extraMInUse=1 extraMWaiters=0"* ]] && grep -q orange "$zoosvg/t.svg"
record $? "explain: #62440(c) on go1220 shows the kept guessed bounds, the counters and a marked step" "exit $rc: $out $err"
suite_end
