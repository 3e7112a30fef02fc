# SPDX-License-Identifier: Apache-2.0
# Determinism: one input, one run, whatever ran before it and in whichever
# process or build.  The seed corpora give byte-identical AFL++ coverage
# maps (afl-showmap) and identical trace hashes, run twice in one process
# and again in a second process, in the AFL++, ASan+UBSan and plain
# builds; a short AFL++ campaign measures stability 100.00%.  Sourced by
# tests/run-tests (uses $build, record, run_capture, scratch from
# tests/lib.sh).
# tier: slow
# min-checks: 10

section "determinism"
scratch det
det_targets=(cgocallback_fuzzer cgocallback_go117_fuzzer cgocallback_go117_noassert_fuzzer cgocallback_differential_fuzzer)

for t in "${det_targets[@]}"; do
	# Every input twice in one folder: a.N then b.N, so the second run of
	# each input comes after all the others in the same process.  (AFL++
	# never runs an empty input; the replay checks below do.)
	mkdir -p "$det/$t/in" "$det/$t/one" "$det/$t/two"
	n=0
	for f in corpus/"$t"/*; do
		[ -s "$f" ] || continue
		n=$((n + 1))
		cp "$f" "$det/$t/in/a.$(printf '%04d' "$n")"
		cp "$f" "$det/$t/in/b.$(printf '%04d' "$n")"
	done
	AFL_QUIET=1 afl-showmap -q -m none -i "$det/$t/in" -o "$det/$t/one" -- "build/afl/$t" >/dev/null 2>&1
	AFL_QUIET=1 afl-showmap -q -m none -i "$det/$t/in" -o "$det/$t/two" -- "build/afl/$t" >/dev/null 2>&1
	bad=""
	for k in $(seq -f '%04g' 1 "$n"); do
		[ -s "$det/$t/one/a.$k" ] || bad="$bad no-map:$k"
		cmp -s "$det/$t/one/a.$k" "$det/$t/one/b.$k" || bad="$bad in-process:$k"
		cmp -s "$det/$t/one/a.$k" "$det/$t/two/a.$k" || bad="$bad across-processes:$k"
	done
	[ "$n" -gt 0 ] && [ -z "$bad" ]
	record $? "build/afl/$t: $n inputs, identical coverage maps twice in one process and in a second process" "$bad"
done

for t in "${det_targets[@]}"; do
	# The replay driver prints each input's trace hash; the folder twice.
	run_capture "$build/replay/$t" "corpus/$t" "corpus/$t"
	asan1=$out rc1=$rc
	run_capture "$build/replay/$t" "corpus/$t" "corpus/$t"
	asan2=$out rc2=$rc
	run_capture "$build/speed/replay/$t" "corpus/$t" "corpus/$t"
	plain=$out rc3=$rc
	half=$(($(printf '%s\n' "$asan1" | wc -l) / 2))
	first=$(printf '%s\n' "$asan1" | head -n "$half")
	second=$(printf '%s\n' "$asan1" | tail -n "$half")
	[ "$rc1$rc2$rc3" = 000 ] && [ "$half" -gt 0 ] && [ "$first" = "$second" ] && [ "$asan1" = "$asan2" ] &&
		[ "$asan1" = "$plain" ] && [[ "$first" == *"trace="* ]]
	record $? "$t: identical trace hashes twice in one process, in a second process, and in the plain build" \
		"exit $rc1/$rc2/$rc3; $(diff <(printf '%s\n' "$asan1") <(printf '%s\n' "$plain") | head -n 6)"
done

# A short campaign: AFL++ calibrates every seed and every new path several
# times and reports the share of map bytes that were always the same.
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_QUIET=1 AFL_NO_AFFINITY=1
for t in cgocallback_fuzzer cgocallback_differential_fuzzer; do
	afl-fuzz -V 6 -m none -i "corpus/$t" -o "$det/afl-$t" -- "build/afl/$t" >"$det/afl-$t.log" 2>&1
	stats="$det/afl-$t/default/fuzzer_stats"
	stab=$(sed -n 's/^stability *: *//p' "$stats" 2>/dev/null)
	var=$(sed -n 's/^var_byte_count *: *//p' "$stats" 2>/dev/null)
	execs=$(sed -n 's/^execs_done *: *//p' "$stats" 2>/dev/null)
	[ "$stab" = "100.00%" ] && [ "$var" = 0 ] && [ "${execs:-0}" -gt 1000 ]
	record $? "afl-fuzz 6 s on $t: stability ${stab:-?} over ${execs:-0} execs, ${var:-?} variable bytes" \
		"$(tail -n 8 "$det/afl-$t.log")"
done
suite_end
