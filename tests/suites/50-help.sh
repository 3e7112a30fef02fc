# SPDX-License-Identifier: Apache-2.0
# --help on every program and script: the usage on stdout, exit 0, and
# nothing else done (no build, no run, no file touched).  Run by
# tests/run-tests (uses $build, record, run_capture from tests/lib.sh).
# tier: slow
# min-checks: 44
# (slow: it needs the AFL++ builds, which make check-fast does not make)

section "--help on every program and script"
help_tree_sum() { # the tracked and generated inputs --help must leave alone
	find corpus fuzz -type f -print0 | sort -z | xargs -0 sha1sum | sha1sum
}
help_before=$(help_tree_sum)
help_progs=("$build/simulate" "$build/schedtext" "$build/explain" "$build/triage-tool" build/afl/cgocallback_fuzzer)
for t in cgocallback_fuzzer cgocallback_go117_fuzzer cgocallback_go117_noassert_fuzzer cgocallback_differential_fuzzer; do
	help_progs+=("$build/replay/$t")
done
for f in scripts/*; do
	[ -f "$f" ] && [ -x "$f" ] && help_progs+=("$f")
done
for p in "${help_progs[@]}"; do
	for flag in --help -h; do
		run_capture timeout 30 "$p" "$flag"
		[ "$rc" -eq 0 ] && [ -z "$err" ] && printf '%s' "$out" | grep -qi 'usage'
		record $? "$p $flag: the usage on stdout, exit 0" "exit $rc; stdout: $(printf '%s' "$out" | head -n 3); stderr: $err"
	done
done
# A replay driver takes --help wherever it is among the options, before running anything.
run_capture "$build/replay/cgocallback_go117_fuzzer" --text corpus/regressions/issue47441.txt --help
[ "$rc" -eq 0 ] && [[ "$out" == *usage* ]] && [[ "$err" != *"m changed"* ]]
record $? "a replay driver given inputs and --help only prints the usage" "exit $rc: $err"
[ "$(help_tree_sum)" = "$help_before" ]
record $? "no --help changed corpus/ or fuzz/"
suite_end
