# SPDX-License-Identifier: Apache-2.0
# explain --svg/--chrome-trace never overwrite an input or a file that is
# not an earlier output of explain (tools/explain_out.c).  Run by
# tests/run-tests (uses $build, record, run_capture, scratch from tests/lib.sh).
# tier: fast
# min-checks: 11

section "explain: the pictures never overwrite what they should not"
scratch xo
cp corpus/regressions/issue47441.txt "$xo/crash.txt"
"$build/schedtext" encode "$xo/crash.txt" "$xo/crash-bin"
cp runtime/proc.c "$xo/proc.c"
xo_sum() { sha1sum "$xo/crash.txt" "$xo/crash-bin" "$xo/proc.c" | cut -d' ' -f1 | tr '\n' ' '; }
xo_before=$(xo_sum)
xo_refused() { # xo_refused NAME WHY -- ARGS...: explain refuses (exit 2, says WHY), nothing changed
	local name=$1 why=$2
	shift 3
	run_capture "$build/explain" --target cgocallback_go117_fuzzer "$@"
	[ "$rc" -eq 2 ] && [[ "$err" == *"$why"* ]] && [ "$(xo_sum)" = "$xo_before" ] && [ -z "$out" ]
	record $? "$name" "exit $rc: $err"
}
xo_refused "--svg onto a source file is refused, the file untouched" "not an earlier output of explain" -- \
	--svg "$xo/proc.c" "$xo/crash.txt"
xo_refused "--chrome-trace onto a source file is refused" "not an earlier output of explain" -- \
	--chrome-trace "$xo/proc.c" "$xo/crash.txt"
xo_refused "--svg onto the text input is refused" "the input being explained" -- --svg "$xo/crash.txt" "$xo/crash.txt"
xo_refused "--chrome-trace onto the binary input is refused" "the input being explained" -- \
	--binary --chrome-trace "$xo/crash-bin" "$xo/crash-bin"
ln "$xo/crash-bin" "$xo/hardlink"
xo_refused "... also through another name of the same file" "the input being explained" -- \
	--binary --svg "$xo/hardlink" "$xo/crash-bin"
xo_refused "one file for both pictures is refused" "the same file" -- \
	--svg "$xo/both" --chrome-trace "$xo/both" "$xo/crash.txt"
[ ! -e "$xo/both" ]
record $? "... and nothing is created"
xo_refused "a good --svg does not let a bad --chrome-trace through" "not an earlier output" -- \
	--svg "$xo/t.svg" --chrome-trace "$xo/proc.c" "$xo/crash.txt"
[ ! -e "$xo/t.svg" ]
record $? "... and the good one is not written either"
run_capture "$build/explain" --svg "$xo/t.svg" --chrome-trace "$xo/t.json" "$xo/crash.txt"
rc1=$rc
run_capture "$build/explain" --svg "$xo/t.svg" --chrome-trace "$xo/t.json" "$xo/crash.txt"
[ "$rc1" -eq 0 ] && [ "$rc" -eq 0 ] && grep -q 'written by schedfuzz explain' "$xo/t.svg" &&
	python3 -m json.tool "$xo/t.json" >/dev/null
record $? "new files are written, and an earlier output of explain is rewritten" "exit $rc1, $rc: $err"
run_capture env BUILD="$build" bash scripts/explain --target cgocallback_go117_fuzzer --svg "$xo/proc.c" -- "$xo/crash.txt"
[ "$rc" -eq 2 ] && [ "$(xo_sum)" = "$xo_before" ]
record $? "scripts/explain refuses the same" "exit $rc: $err"
suite_end
