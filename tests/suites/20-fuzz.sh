# SPDX-License-Identifier: Apache-2.0
# The fuzz targets: corpora, replay, the harness, the libFuzzer builds on odd
# inputs, the regressions.  Run by tests/run-tests (uses $build, record,
# expect_* from tests/lib.sh); the builds it needs are made by `make check`.
# Engine campaigns are in 25-engines.sh.
# tier: fast
# min-checks: 82

. tests/fuzzlib.sh
scratch work

section "seed corpora and dictionaries"
bash scripts/gen-corpus "$build/schedtext" "$work/gen"
diff -r "$work/gen/corpus" corpus --exclude=src --exclude=regressions >"$work/diff" 2>&1 &&
	for t in "${all_targets[@]}"; do cmp -s "$work/gen/fuzz/$t.dict" "fuzz/$t.dict" || echo "fuzz/$t.dict differs" >>"$work/diff"; done
[ ! -s "$work/diff" ]
record $? "corpus/ and fuzz/*.dict are exactly what scripts/gen-corpus makes from the text sources" "$(cat "$work/diff")"
# What the generator itself makes, whatever is committed: the regressions
# that must pass are seeds of the fixed targets, and never of a go117 one.
bad=
for f in corpus/regressions/*.txt; do
	r=$(basename "$f" .txt)
	"$build/schedtext" encode "$f" "$work/want-$r"
	for t in "${fixed_targets[@]}"; do
		cmp -s "$work/want-$r" "$work/gen/corpus/$t/$r" || bad="$bad $t/$r:missing"
	done
	for t in cgocallback_go117_fuzzer cgocallback_go117_noassert_fuzzer; do
		[ ! -e "$work/gen/corpus/$t/$r" ] || bad="$bad $t/$r:present"
	done
done
[ -z "$bad" ] && [ -n "$(ls corpus/regressions/*.txt)" ]
record $? "scripts/gen-corpus seeds the fixed targets with every regression, the go117 targets with none" "$bad"

for t in "${fixed_targets[@]}"; do
	run_capture "$build/replay/$t" "corpus/$t"
	first=$out rc1=$rc
	run_capture "$build/replay/$t" "corpus/$t"
	[ "$rc1" -eq 0 ] && [ "$rc" -eq 0 ] && [ "$first" = "$out" ] && [ -n "$out" ]
	record $? "corpus/$t replays clean twice under ASan+UBSan with identical trace hashes" "$err"
	# The harness runs the whole-state checker after every step.
	bad=$(printf '%s\n' "$out" | awk '/: ok steps=/ { s = c = ""; for (i = 1; i <= NF; i++) { if ($i ~ /^steps=/) s = substr($i, 7); if ($i ~ /^checks=/) c = substr($i, 8) } if (s == "" || s == 0 || s != c) print }')
	[ -z "$bad" ] && [[ "$out" == *" checks="* ]]
	record $? "$t: each input runs, with the whole-state checker after every step (checks = steps > 0)" "$bad"
done
# The harness's own clamps, tighter than the model's: at most 8 goroutines,
# 4 calls and 3 C threads, whatever the input asks.
printf 'shape goroutines 200\nshape calls 200\nshape cthreads 200\n' >"$work/huge.txt"
expect_stdout 0 "callbacks=44 " "a fuzz input asking for 200 goroutines, calls and C threads runs (8 + 3) x 4 callbacks" -- \
	"$build/replay/cgocallback_fuzzer" --text "$work/huge.txt"
for t in cgocallback_go117_fuzzer cgocallback_go117_noassert_fuzzer; do
	expect_exit 0 "corpus/$t (its seeds) replays clean" -- "$build/replay/$t" "corpus/$t"
done

section "replay driver: bad input"
expect_stderr 2 "No such file" "missing path" -- "$build/replay/cgocallback_fuzzer" "$work/none"
expect_exit 2 "missing path exits 2" -- "$build/replay/cgocallback_fuzzer" "$work/none"
mkdir -p "$work/empty dir"
expect_stderr 2 "no inputs" "empty folder" -- "$build/replay/cgocallback_fuzzer" "$work/empty dir"
printf 'x' >"$work/-odd 'name\" here"
expect_exit 0 "a file named with a dash, quotes and spaces" -- "$build/replay/cgocallback_fuzzer" -- "$work/-odd 'name\" here"
expect_exit 2 "unknown option" -- "$build/replay/cgocallback_fuzzer" --bogus

section "the libFuzzer builds and replay drivers survive odd inputs"
odd_inputs "$work/odd"
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
done

section "the differential target: a buggy row's known bugs are not findings"
# tests/schedules/own-m.txt fails go117 with the frame check, not the
# assertion; both are go117's known bug (#47441), so the differential
# target, which runs go117 beside the fixed rows, passes it.
run_capture "$build/replay/cgocallback_go117_fuzzer" --text tests/schedules/own-m.txt
[ "$rc" -ne 0 ] && [[ "$err" == *"fatal error: return to C on a foreign C stack frame"* ]]
record $? "go117 fails the own-M schedule with the frame check" "exit $rc: $(printf '%s' "$err" | tail -n 5)"
expect_exit 0 "cgocallback_differential_fuzzer passes it: go117's frame-check failure is its known bug, not a finding" -- \
	"$build/replay/cgocallback_differential_fuzzer" --text tests/schedules/own-m.txt

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
	# A bug's schedule passes the fixed target only if the target took every
	# decision it sets, each from its own record.  (A regression that passes
	# every target, such as issue 8's C-thread ones, is the schedule of a
	# fixed model bug, minimised against an older model: which of its records
	# the model still takes is pinned by its golden trace.)
	grep -q '^# expect [a-z0-9_]*: fatal error' "$f" || continue
	want=$(awk '$1 != "shape" && $1 !~ /^#/ && NF == 4 { print $1, $2, $3 }' "$f" | sort)
	got=$("$build/replay/cgocallback_fuzzer" --text --trace "$f" 2>/dev/null | taken_decisions | awk '{ print $1, $2, $3 }' | sort)
	[ "$got" = "$want" ]
	record $? "$(basename "$f"): cgocallback_fuzzer takes each of its decisions from the input" "taken: $got; want: $want"
done
suite_end
