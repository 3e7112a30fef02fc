# SPDX-License-Identifier: Apache-2.0
# The fuzz targets: corpora, replay, every engine build.  Sourced by
# tests/run-tests (uses $build, record, expect_* from tests/lib.sh); the
# builds it needs are made by `make check`.

fixed_targets=(cgocallback_fuzzer cgocallback_differential_fuzzer)
all_targets=(cgocallback_fuzzer cgocallback_go117_fuzzer cgocallback_go117_noassert_fuzzer cgocallback_differential_fuzzer)
declare -A signature=(
	[cgocallback_go117_fuzzer]="fatal error: m changed unexpectedly in cgocallbackg"
	[cgocallback_go117_noassert_fuzzer]="AddressSanitizer: use-after-poison"
)
# Without ASan the frame check reports the bad stack access instead.
if nm "$build/replay/cgocallback_fuzzer" 2>/dev/null | grep -q __asan_init; then
	replay_noassert="AddressSanitizer: use-after-poison"
else
	replay_noassert="fatal error: return to C on a foreign C stack frame"
fi
replay_signature() { # the signature a replay build shows for TARGET
	if [ "$1" = cgocallback_go117_noassert_fuzzer ]; then echo "$replay_noassert"; else echo "${signature[$1]}"; fi
}
scratch work

# Deterministic pseudo-random bytes: gen_bytes SEED N FILE
gen_bytes() {
	LC_ALL=C awk -v s="$1" -v n="$2" 'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%c", int(rand() * 256) }' >"$3"
}

section "seed corpora and dictionaries"
bash scripts/gen-corpus "$build/schedtext" "$work/gen"
diff -r "$work/gen/corpus" corpus --exclude=src --exclude=regressions >"$work/diff" 2>&1 &&
	for t in "${all_targets[@]}"; do cmp -s "$work/gen/fuzz/$t.dict" "fuzz/$t.dict" || echo "fuzz/$t.dict differs" >>"$work/diff"; done
[ ! -s "$work/diff" ]
record $? "corpus/ and fuzz/*.dict are exactly what scripts/gen-corpus makes from the text sources" "$(cat "$work/diff")"

for t in "${fixed_targets[@]}"; do
	run_capture "$build/replay/$t" "corpus/$t"
	first=$out rc1=$rc
	run_capture "$build/replay/$t" "corpus/$t"
	[ "$rc1" -eq 0 ] && [ "$rc" -eq 0 ] && [ "$first" = "$out" ] && [ -n "$out" ]
	record $? "corpus/$t replays clean twice under ASan+UBSan with identical trace hashes" "$err"
done
for t in cgocallback_go117_fuzzer cgocallback_go117_noassert_fuzzer; do
	expect_exit 0 "corpus/$t (its seeds) replays clean" -- "$build/replay/$t" "corpus/$t"
done

section "replay driver: bad input"
expect_stderr "No such file" "missing path" -- "$build/replay/cgocallback_fuzzer" "$work/none"
expect_exit 2 "missing path exits 2" -- "$build/replay/cgocallback_fuzzer" "$work/none"
mkdir -p "$work/empty dir"
expect_stderr "no inputs" "empty folder" -- "$build/replay/cgocallback_fuzzer" "$work/empty dir"
printf 'x' >"$work/-odd 'name\" here"
expect_exit 0 "a file named with a dash, quotes and spaces" -- "$build/replay/cgocallback_fuzzer" -- "$work/-odd 'name\" here"
expect_exit 2 "unknown option" -- "$build/replay/cgocallback_fuzzer" --bogus

section "every engine build survives odd inputs"
mkdir -p "$work/odd"
: >"$work/odd/empty"
printf '\377' >"$work/odd/one"
gen_bytes 1 3 "$work/odd/r3"
gen_bytes 2 100 "$work/odd/r100"
gen_bytes 3 1023 "$work/odd/r1023"
gen_bytes 4 5000 "$work/odd/r5000"
for t in "${all_targets[@]}"; do
	for f in "$work"/odd/*; do
		for bin in "build/libfuzzer/$t" "$build/replay/$t"; do
			run_capture "$bin" "$f"
			if [ "$rc" -eq 0 ]; then
				record 0 "$bin: $(basename "$f")"
			elif [ -n "${signature[$t]:-}" ] && [[ "$err" == *"$(replay_signature "$t")"* || "$err" == *"${signature[$t]}"* ]]; then
				record 0 "$bin: $(basename "$f") (found its bug)"
			else
				record 1 "$bin: $(basename "$f")" "exit $rc: $(printf '%s' "$err" | grep -v '^runtime:' | tail -n 8)"
			fi
		done
	done
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
		if [ -n "$crash" ]; then
			run_capture "$build/replay/$t" "$crash"
			[ "$rc" -ne 0 ] && [[ "$err" == *"$(replay_signature "$t")"* ||
				("$t" = cgocallback_go117_noassert_fuzzer && "$err" == *"$frame_check"*) ]]
			record $? "$t -seed=$seed: the replay driver reproduces the crash file's signature" "exit $rc: $(printf '%s' "$err" | tail -n 5)"
		fi
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
if [ -n "$crash" ]; then
	# The assertion, or the frame check when the G came back to its own M
	# into another G's live callback frame (docs/model.md, Detectors).
	run_capture "$build/replay/cgocallback_go117_fuzzer" "$crash"
	[ "$rc" -ne 0 ] && [[ "$err" == *"${signature[cgocallback_go117_fuzzer]}"* ||
		"$err" == *"fatal error: return to C on a foreign C stack frame"* ]]
	record $? "the AFL++ crash replays to the assertion or the frame check" "$(printf '%s' "$err" | tail -n 5)"
fi

section "regressions (corpus/regressions)"
# Every regression passes on every fixed target; each '# expect T: SIG'
# line says how it dies on T, or that it passes ('pass').
for f in corpus/regressions/*.txt; do
	for t in "${fixed_targets[@]}"; do
		expect_exit 0 "$(basename "$f") passes on $t" -- "$build/replay/$t" --text "$f"
	done
	found=0
	while IFS= read -r line; do
		t=${line#\# expect }
		t=${t%%:*}
		sig=${line#*: }
		found=1
		if [ "$sig" = pass ]; then
			expect_exit 0 "$(basename "$f") passes on $t, as its expect line says" -- "$build/replay/$t" --text "$f"
			continue
		fi
		[ "$t" != cgocallback_go117_noassert_fuzzer ] || sig=$replay_noassert
		run_capture "$build/replay/$t" --text "$f"
		[ "$rc" -ne 0 ] && [[ "$err" == *"$sig"* ]]
		record $? "$(basename "$f") dies on $t with '$sig'" "exit $rc: $(printf '%s' "$err" | tail -n 5)"
	done < <(grep '^# expect [a-z0-9_]*: ' "$f")
	[ "$found" -eq 1 ]
	record $? "$(basename "$f") states its expected outcomes"
done
