# SPDX-License-Identifier: Apache-2.0
# make fuzz (scripts/fuzz): settings checked before any build, exit 1 with
# findings, a summary that counts what the engine counts and says so, live
# AFL++ progress, a clean triage.  Run by tests/run-tests (uses $build,
# record, run_capture, scratch from tests/lib.sh); needs the engine builds
# `make check` makes.
# tier: slow
# min-checks: 20

section "make fuzz: the settings are checked before anything is built"
scratch mf
mf_built() { # the objects and programs a build would leave under the scratch build folders
	find "$mf/b" "$mf/lf" "$mf/afl" \( -name '*.o' -o \( -type f -perm -u+x \) \) 2>/dev/null | wc -l
}
mf_bad() { # mf_bad NAME WANT-IN-STDERR MAKE-ARGS...
	local name=$1 want=$2
	shift 2
	run_capture make --no-print-directory fuzz BUILD="$mf/b" LFDIR="$mf/lf" AFLDIR="$mf/afl" FINDINGS="$mf/findings" "$@"
	[ "$rc" -ne 0 ] && [[ "$err" == *"$want"* ]] && [ "$(mf_built)" -eq 0 ] && [ ! -e "$mf/findings" ]
	record $? "$name" "exit $rc; built $(mf_built); stderr: $err"
}
mf_bad "an unknown TARGET is refused, naming every valid target" \
	"TARGET must be one of: cgocallback_fuzzer, cgocallback_go117_fuzzer, cgocallback_go117_noassert_fuzzer, cgocallback_differential_fuzzer; got 'bogus'" \
	TARGET=bogus
mf_bad "an empty TARGET is refused" "got ''" TARGET=
mf_bad "a TARGET with a quote is refused, not a shell error" "got 'a'b'" "TARGET=a'b"
mf_bad "an unknown ENGINE is refused" "ENGINE must be libfuzzer or afl; got 'honggfuzz'" ENGINE=honggfuzz
mf_bad "TIME=0 is refused" "TIME must be a whole number of seconds" TIME=0
mf_bad "TIME=1m is refused" "got '1m'" TIME=1m
mf_bad "JOBS=0 is refused" "JOBS must be a whole number from 1 to 64; got '0'" JOBS=0
mf_bad "JOBS=65 is refused" "got '65'" JOBS=65

section "make fuzz: findings, exit codes and the summary"
mf_settings=$(cat "$build/.settings" 2>/dev/null)
# summary_field OUT KEY: the value of a summary line ("  KEY   value")
summary_field() { printf '%s\n' "$1" | sed -n "s|^  $2  *||p" | tail -n 1; }
# With $build's own settings, so that nothing in it is rebuilt.
read -r mf_cc mf_san mf_check mf_opt mf_fb <<<"$mf_settings"
run_capture make --no-print-directory fuzz BUILD="$build" CC="$mf_cc" SANITIZER="$mf_san" CHECK="$mf_check" OPT="$mf_opt" \
	FEEDBACK="$mf_fb" TARGET=cgocallback_go117_fuzzer TIME=20 FINDINGS="$mf/f1"
ran=$(summary_field "$out" ran)
[ "$rc" -ne 0 ] && [[ "$err" == *"fuzz] Error 1"* ]] && [[ "$out" == *"new finding(s): exit 1"* ]]
record $? "make fuzz on a go117 target fails (scripts/fuzz exits 1, make says Error 1)" "exit $rc: $err"
[[ "$ran" == *"stopped at the first crash"* ]] && [[ "$(summary_field "$out" 'exec/s')" != 0* ]]
record $? "the summary says libFuzzer stopped at the first crash (not '0 s', 'exec/s 0')" "$(printf '%s\n' "$out" | grep '^  ')"
# The go117 bug's two signatures with the assertion on: the assertion, or the
# frame check when the G came back to its own M (docs/model.md, Detectors).
[ -f "$mf/f1/libfuzzer-cgocallback_go117_fuzzer/triage/report.md" ] &&
	[[ "$out" == *"bucket 1: cgocallback_go117_fuzzer: fatal error: m changed unexpectedly"* ||
		"$out" == *"bucket 1: cgocallback_go117_fuzzer: fatal error: return to C on a foreign C stack frame"* ]]
record $? "the crash is triaged into findings/libfuzzer-cgocallback_go117_fuzzer/triage" "$out"
[ "$(cat "$build/.settings" 2>/dev/null)" = "$mf_settings" ]
record $? "the test left $build's build settings as make check made them"

lf=build/libfuzzer/cgocallback_fuzzer
for jobs in 1 2; do
	run_capture env TARGET=cgocallback_fuzzer TIME=6 JOBS=$jobs FINDINGS="$mf/j$jobs" python3 scripts/fuzz
	[ "$rc" -eq 0 ] && [[ "$(summary_field "$out" crashes)" == "0 new in this run"* ]]
	record $? "JOBS=$jobs on the fixed target: exit 0, no finding" "exit $rc: $out $err"
	# What libFuzzer itself counts over what the run left, independently.
	init=$("$lf" -runs=0 -seed=1 -max_len=1023 "$mf/j$jobs/libfuzzer-cgocallback_fuzzer/corpus" corpus/cgocallback_fuzzer 2>&1 |
		sed -nE 's/.*INITED cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+).*/\1 \2 \3/p')
	read -r icov ift icorp <<<"$init"
	[[ "$(summary_field "$out" corpus)" == "$icorp inputs that add coverage"*"as libFuzzer counts them in a -runs=0 pass"* ]] &&
		[[ "$(summary_field "$out" coverage)" == "$icov of "*" edges, $ift features (cov: and ft: of that pass)"* ]]
	record $? "JOBS=$jobs: corpus and coverage are libFuzzer's own count ($icorp inputs, cov $icov, ft $ift) and say so" \
		"$(printf '%s\n' "$out" | grep '^  ')"
done
# fuzz/campaign.flags reaches libFuzzer: with -entropic=0 it never announces
# the entropic schedule, with -print_funcs=0 it prints no NEW_FUNC line, and
# it knows every flag of the list.
lflog="$mf/j1/libfuzzer-cgocallback_fuzzer/libfuzzer.log"
[ -s "$lflog" ] && ! grep -q 'entropic power schedule\|NEW_FUNC\|unrecognized flag' "$lflog"
record $? "make fuzz runs libFuzzer with fuzz/campaign.flags (no entropic schedule, no NEW_FUNC, no unknown flag)" \
	"$(grep -m3 'entropic\|NEW_FUNC\|unrecognized' "$lflog" 2>&1)"

section "make fuzz ENGINE=afl: live progress, the engine's counts, a clean triage"
run_capture env TARGET=cgocallback_go117_fuzzer ENGINE=afl TIME=12 FINDINGS="$mf/a1" python3 scripts/fuzz
progress=$(printf '%s\n' "$out" | sed -nE 's/^ +[0-9]+s  execs ([0-9]+) .*/\1/p')
[ "$(printf '%s\n' "$progress" | grep -c .)" -ge 2 ] && printf '%s\n' "$progress" | awk 'NR > 1 && $1 <= prev { bad = 1 } { prev = $1 } END { exit bad }'
record $? "the progress lines read live numbers (executions grow every line: $(echo $progress))" "$out"
[ "$rc" -eq 1 ] && [[ "$err" != *"no inputs"* ]] && [ -f "$mf/a1/afl-cgocallback_go117_fuzzer/triage/report.md" ]
record $? "crashes: exit 1, triaged, no false 'no inputs' warning" "exit $rc: $err"
stats_sum=$(cat "$mf/a1/afl-cgocallback_go117_fuzzer/afl"/*/fuzzer_stats | awk '$1 == "execs_done" { s += $3 } END { print s }')
main_count=$(awk '$1 == "corpus_count" { print $3 }' "$mf/a1/afl-cgocallback_go117_fuzzer/afl/main/fuzzer_stats")
[[ "$(summary_field "$out" executions)" == "$stats_sum "* ]] && [[ "$(summary_field "$out" corpus)" == "$main_count inputs (AFL++'s corpus_count"* ]]
record $? "executions and corpus are AFL++'s own ($stats_sum, $main_count) and say so" "$(printf '%s\n' "$out" | grep '^  ')"
suite_end
