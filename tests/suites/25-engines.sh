# SPDX-License-Identifier: Apache-2.0
# Engine campaigns: libFuzzer and AFL++ runs on the fuzz targets, and the
# AFL++ builds on odd inputs (stdin).  Run by tests/run-tests (uses $build,
# record, run_capture from tests/lib.sh); needs the builds of `make check`.
# tier: slow
# min-checks: 40

. tests/fuzzlib.sh
scratch work

section "the AFL++ builds survive odd inputs (stdin)"
odd_inputs "$work/odd"
for t in "${all_targets[@]}"; do
	for f in "$work"/odd/*; do
		run_capture sh -c '"$1" <"$2"' sh "build/afl/$t" "$f"
		[ "$rc" -eq 0 ] || { [ -n "${signature[$t]:-}" ] && [[ "$err" == *"${signature[$t]}"* ]]; }
		record $? "build/afl/$t (stdin): $(basename "$f")" "exit $rc: $(printf '%s' "$err" | tail -n 5)"
	done
done

section "libFuzzer"
mkdir -p "$work/lf-fixed"
cp corpus/cgocallback_fuzzer/* "$work/lf-fixed/"
( cd "$work" && "$OLDPWD/build/libfuzzer/cgocallback_fuzzer" -seed=1 -runs=30000 -max_len=1023 \
	-dict="$OLDPWD/fuzz/cgocallback_fuzzer.dict" lf-fixed ) >"$work/lf-fixed.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -q "Done 30000 runs" "$work/lf-fixed.log" && ! ls "$work"/crash-* >/dev/null 2>&1
record $? "cgocallback_fuzzer: 30000 runs from the shipped corpus find nothing" "$(tail -n 15 "$work/lf-fixed.log")"

frame_check="fatal error: return to C on a foreign C stack frame"
for t in cgocallback_go117_fuzzer cgocallback_go117_noassert_fuzzer; do
	for seed in 1 2 3; do
		d="$work/lf-$t-$seed"
		mkdir -p "$d/corpus"
		( cd "$d" && "$OLDPWD/build/libfuzzer/$t" -seed=$seed -runs=300000 -max_len=1023 corpus ) >"$d/log" 2>&1
		crash=$(ls "$d"/crash-* 2>/dev/null | head -n 1)
		# Without the assertion: ASan, or the model's frame check when the G
		# came back to its own M into another G's live frame (docs/model.md).
		[ -n "$crash" ] && { grep -qF "${signature[$t]}" "$d/log" ||
			{ [ "$t" = cgocallback_go117_noassert_fuzzer ] && grep -qF "$frame_check" "$d/log"; }; }
		record $? "$t -seed=$seed from an empty corpus finds '${signature[$t]}'" "$(grep -v '^runtime:' "$d/log" | tail -n 12)"
		rc=- err="no crash file to replay"
		[ -z "$crash" ] || run_capture "$build/replay/$t" "$crash"
		[ -n "$crash" ] && [ "$rc" -ne 0 ] && [[ "$err" == *"$(replay_signature "$t")"* ||
			("$t" = cgocallback_go117_noassert_fuzzer && "$err" == *"$frame_check"*) ]]
		record $? "$t -seed=$seed: the replay driver reproduces the crash file's signature" "exit $rc: $(printf '%s' "$err" | tail -n 5)"
	done
done

section "AFL++ (persistent mode, ASan)"
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_QUIET=1 AFL_NO_AFFINITY=1
afl() { # afl TARGET SECONDS OUTDIR [env...]
	local t=$1 secs=$2 outdir=$3
	shift 3
	env "$@" afl-fuzz -V "$secs" -m none -i "corpus/$t" -o "$outdir" -- "build/afl/$t" >"$outdir.log" 2>&1
}
afl cgocallback_fuzzer 5 "$work/afl-fixed"
execs=$(sed -n 's/^execs_done *: *//p' "$work/afl-fixed/default/fuzzer_stats" 2>/dev/null)
crashes=$(ls "$work/afl-fixed/default/crashes/" 2>/dev/null | grep -c '^id:')
[ "${execs:-0}" -gt 1000 ] && [ "$crashes" -eq 0 ]
record $? "afl-fuzz 5 s on cgocallback_fuzzer: ${execs:-0} execs, no crash" "$(tail -n 15 "$work/afl-fixed.log")"
afl cgocallback_go117_fuzzer 30 "$work/afl-go117" AFL_BENCH_UNTIL_CRASH=1 AFL_CUSTOM_MUTATOR_LIBRARY="$PWD/build/afl/schedfuzz_mutator.so"
crash=$(ls "$work"/afl-go117/default/crashes/id:* 2>/dev/null | head -n 1)
[ -n "$crash" ]
record $? "afl-fuzz on cgocallback_go117_fuzzer (custom mutator) saves a crash" "$(tail -n 15 "$work/afl-go117.log")"
rc=- err="no crash file to replay"
[ -z "$crash" ] || run_capture "$build/replay/cgocallback_go117_fuzzer" "$crash"
# The assertion, or the frame check when the G came back to its own M
# into another G's live callback frame (docs/model.md, Detectors).
[ -n "$crash" ] && [ "$rc" -ne 0 ] && [[ "$err" == *"${signature[cgocallback_go117_fuzzer]}"* ||
	"$err" == *"fatal error: return to C on a foreign C stack frame"* ]]
record $? "the AFL++ crash replays to the assertion or the frame check" "exit $rc: $(printf '%s' "$err" | tail -n 5)"
suite_end
