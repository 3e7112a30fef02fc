# SPDX-License-Identifier: Apache-2.0
# The regressions of the rows that no fuzz target of their own runs: each
# '# expect row ROW: SIG' line of corpus/regressions/*.txt says how the
# regression ends on that row of runtime/variants.c ('pass', or the fatal
# signature).  Such a file sets every shape field, so the scenario simulate
# starts from does not matter.  Run by tests/run-tests (uses $build,
# record, run_capture from tests/lib.sh).
# tier: fast
# min-checks: 24

section "regressions on their rows (corpus/regressions, '# expect row')"
for f in corpus/regressions/*.txt; do
	grep -q '^# expect row ' "$f" || continue
	missing=""
	for field in goroutines calls cthreads gomaxprocs locked nest context lockexit; do
		grep -q "^shape $field " "$f" || missing="$missing $field"
	done
	[ -z "$missing" ]
	record $? "$(basename "$f") sets every shape field" "missing:$missing"
	expect_rows TracebackContextPreemption "$f"
done

section "explain: signals and what their handler saw"
scratch xs
run_capture scripts/explain --target cgocallback_fuzzer --text --lanes all --svg "$xs/sig.svg" corpus/regressions/issue50936.txt
[[ "$out" == *"! SIGPROF on t1 inside dropg: TLS g=g0, m2.curg=g4, g4.m=nil"*"cgo branch: traceback from curg.syscallsp; C traceback: sigContext"* ]]
record $? "the lanes show the SIGPROF inside dropg with the torn link the handler saw" "exit $rc: $(printf '%s\n' "$out" | grep -n '!' | head -n 5)"
grep -q '<path d="M[0-9]*,[0-9]* l4,5 l-4,5 l-4,-5 z" fill="#ff9f1c"[^>]*><title>step 24: SIGPROF on t1 inside dropg' "$xs/sig.svg"
record $? "the SVG marks it, the handler's view in its title" "$(grep -c ff9f1c "$xs/sig.svg" 2>&1)"
suite_end
