# SPDX-License-Identifier: Apache-2.0
# golang/go#42207: a user signal inside needm (runtime/badsignal.c, the row
# go115-needm): explain shows the signal and what its handler saw, in the
# lanes and the SVG, on the buggy row (badsignal with TLS g nil, the run
# dying in it, the extra-M list locked by the same thread) and on fixed (the
# signal blocked, delivered at minit on g0, ignored).  The regression's
# '# expect row' lines are replayed by 79-rows.  Run by tests/run-tests
# (uses $build, record, run_capture, scratch from tests/lib.sh).
# tier: fast
# min-checks: 5

section "explain: a user signal inside needm (#42207)"
scratch xn
seed=corpus/regressions/issue42207.txt
SCHEDFUZZ_VARIANT=go115-needm run_capture scripts/explain --target cgocallback_variant_fuzzer --text --lanes all \
	--svg "$xn/buggy.svg" "$seed"
[ "$rc" -eq 0 ] && [[ "$out" == *"! user signal on t1 inside lockextra: TLS g=nil; badsignal: needm, sigsend, dropm; the run died in the handler"* ]]
record $? "go115-needm: the lanes show the user signal at lockextra running badsignal with TLS g nil, dying there" "exit $rc: $(printf '%s\n' "$out" | grep -n '!' | head -n 5)"
[[ "$out" == *"extra-M list: "*", locked by t1"* ]]
record $? "go115-needm: the state at the failure says the extra-M list is locked by the signalled thread" "$(printf '%s\n' "$out" | grep 'extra-M list' | head -n 2)"
grep -q '<path d="M[0-9]*,[0-9]* l4,5 l-4,5 l-4,-5 z" fill="#d62728"[^>]*><title>step 6: user signal on t1 inside lockextra: TLS g=nil; badsignal' "$xn/buggy.svg"
record $? "go115-needm: the SVG marks it (red: the run died in the handler), the handler's view in its title" "$(grep -c d62728 "$xn/buggy.svg" 2>&1)"

run_capture scripts/explain --target cgocallback_fuzzer --text --lanes all --svg "$xn/fixed.svg" "$seed"
[ "$rc" -eq 1 ] && [[ "$out" == *"! user signal on t1 inside lockextra, blocked, delivered at minit: TLS g=g0, m1.curg=g2"*"sighandler: not notified, ignored"* ]]
record $? "fixed: the lanes show the same signal blocked, delivered at minit on g0 and ignored (the run passes: exit 1)" "exit $rc: $(printf '%s\n' "$out" | grep -n '!' | head -n 5)"
grep -q '<path d="M[0-9]*,[0-9]* l4,5 l-4,5 l-4,-5 z" fill="#ff9f1c"[^>]*><title>step 6: user signal on t1 inside lockextra, blocked, delivered at minit' "$xn/fixed.svg"
record $? "fixed: the SVG marks it (the handler returned)" "$(grep -c ff9f1c "$xn/fixed.svg" 2>&1)"
suite_end
