# SPDX-License-Identifier: Apache-2.0
# Continuous fuzzing: the OSS-Fuzz/ClusterFuzzLite integration (built and
# checked as OSS-Fuzz would, and shown to catch broken build scripts),
# corpus minimisation and coverage reports.  Sourced by tests/run-tests
# (uses $build, record, expect_*, run_capture, scratch from tests/lib.sh);
# needs the builds `make check` makes (build/libfuzzer, build/afl, $build).

scratch ofz
shipped_targets=(cgocallback_fuzzer cgocallback_differential_fuzzer)

section "OSS-Fuzz build, checked as OSS-Fuzz checks it (scripts/oss-fuzz-check)"
t0=$(date +%s)
run_capture bash scripts/oss-fuzz-check -k "$ofz/keep"
secs=$(($(date +%s) - t0))
summary_line=$(printf '%s\n' "$out" | grep '^oss-fuzz-check:' | tail -n 1)
npassed=$(printf '%s' "$summary_line" | sed -n 's/^oss-fuzz-check: \([0-9]*\) passed, 0 failed.*/\1/p')
[ "$rc" -eq 0 ] && [ "${npassed:-0}" -ge 100 ]
record $? "every engine/sanitizer build passes its checks (${npassed:-?} checks, $secs s)" \
	"exit $rc: $(printf '%s\n' "$out" | grep -E 'FAIL|^ +\||oss-fuzz-check:' | head -n 25) $err"
for c in libfuzzer/address libfuzzer/undefined libfuzzer/memory libfuzzer/coverage afl/address; do
	[[ "$out" == *"== ${c%/*} / ${c#*/}"* ]]
	record $? "oss-fuzz-check covered $c"
done

# What was shipped, checked here independently of the checker.
want=$(for t in "${shipped_targets[@]}"; do printf '%s\n' "$t" "$t.dict" "$t.options" "${t}_seed_corpus.zip"; done | sort)
for d in libfuzzer-address afl-address; do
	have=$(cd "$ofz/keep/$d" 2>/dev/null && ls -A | sort)
	[ "$have" = "$want" ]
	record $? "\$OUT ($d): the two shipped fuzzers with zip, dict, options; no go117 target" "$have"
done
for t in "${shipped_targets[@]}"; do
	rm -rf "$ofz/unzip"
	mkdir -p "$ofz/unzip"
	unzip -q "$ofz/keep/libfuzzer-address/${t}_seed_corpus.zip" -d "$ofz/unzip" 2>/dev/null
	diff -r "$ofz/unzip" "corpus/$t" >/dev/null 2>&1
	record $? "${t}_seed_corpus.zip holds exactly the bytes of corpus/$t"
done
issue=$ofz/issue47441
"$build/schedtext" encode corpus/regressions/issue47441.txt "$issue"
run_capture sh -c '"$1" - <"$2"' sh "$ofz/keep/afl-address/cgocallback_fuzzer" "$issue"
[ "$rc" -eq 0 ]
record $? "the OSS-Fuzz AFL++ build runs the issue 47441 schedule clean from stdin" "exit $rc: $err"

section "oss-fuzz-check fails on a broken build.sh or project.yaml"
# Each variant of build.sh is built once, with UBSan (the quickest build).
python3 - "$ofz" <<'PY'
import sys
d = sys.argv[1]
good = open('oss-fuzz/build.sh').read()
def variant(name, old, new):
    assert old in good, (name, old)
    open(f'{d}/{name}.sh', 'w').write(good.replace(old, new, 1))
ship = 'SHIPPED=(cgocallback_fuzzer cgocallback_differential_fuzzer)'
variant('ships-go117', ship, 'SHIPPED=(cgocallback_fuzzer cgocallback_differential_fuzzer cgocallback_go117_fuzzer)')
variant('hardcoded-engine', '-o "$OUT/$t" $LIB_FUZZING_ENGINE', '-o "$OUT/$t" $LIB_FUZZING_ENGINE -fsanitize=fuzzer')
variant('ignores-cflags', '$CC $CFLAGS "${PROJECT_CFLAGS[@]}"', '$CC "${PROJECT_CFLAGS[@]}"')
# A launcher script that runs the real binary from $WORK: works in the
# build tree, not on a runner.
variant('needs-work', '\tcp "fuzz/$t.options" "$OUT/$t.options"\n',
        '\tcp "fuzz/$t.options" "$OUT/$t.options"\n\tmv "$OUT/$t" "$WORK/$t.real"\n'
        '\tprintf \'#!/bin/sh\\nexec %s "$@"\\n\' "$WORK/$t.real" >"$OUT/$t"\n\tchmod +x "$OUT/$t"\n')
PY
broken() { # broken VARIANT EXPECTED-FAILURE NAME
	run_capture bash scripts/oss-fuzz-check -b "$ofz/$1.sh" libfuzzer/undefined
	[ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -F "FAIL $2" >/dev/null
	record $? "$3" "exit $rc: $(printf '%s\n' "$out" | grep -E 'FAIL|oss-fuzz-check:' | head -n 8) $err"
}
broken ships-go117 "cgocallback_go117_fuzzer (crashes by design) is not shipped" "shipping a go117 target fails"
broken hardcoded-engine "build.sh hard-codes no sanitizer" "a hard-coded -fsanitize=fuzzer fails"
broken ignores-cflags "cgocallback_fuzzer: -seed=1337 -runs=4 prints 'Done 4 runs' with >= 100 edges" \
	"compiling without \$CFLAGS (no coverage instrumentation) fails"
broken needs-work "cgocallback_fuzzer: -seed=1337 -runs=4" "a fuzzer that needs \$WORK after the build fails"
sed 's/^fuzzing_engines:/engines:/' oss-fuzz/project.yaml >"$ofz/bad-project.yaml"
run_capture bash scripts/oss-fuzz-check -p "$ofz/bad-project.yaml" static
[ "$rc" -eq 1 ] && [[ "$out" == *"unknown key 'engines'"* ]]
record $? "a project.yaml key OSS-Fuzz does not know fails" "exit $rc: $out $err"
expect_exit 2 "an unknown engine/sanitizer is a usage error" -- bash scripts/oss-fuzz-check afl/undefined
expect_stderr "no build script" "a missing build script is named" -- bash scripts/oss-fuzz-check -b "$ofz/none.sh"

section "ClusterFuzzLite build script"
run_capture bash scripts/oss-fuzz-check -b .clusterfuzzlite/build.sh libfuzzer/address
[ "$rc" -eq 0 ]
record $? ".clusterfuzzlite/build.sh passes the same checks (libfuzzer/address)" \
	"exit $rc: $(printf '%s\n' "$out" | grep -E 'FAIL|oss-fuzz-check:' | head -n 8)"
for f in .github/workflows/cflite_pr.yml .github/workflows/cflite_batch.yml .github/workflows/cflite_cron.yml; do
	# With PyYAML: parse and list the run_fuzzers modes; without: the modes
	# by pattern, and no tab (YAML forbids them in indentation).
	run_capture python3 -c 'import re, sys
text = open(sys.argv[1]).read()
try:
    import yaml
except ImportError:
    assert "\t" not in text, "tab in YAML"
    print(" ".join(re.findall(r"^ +mode: *(\S+)", text, re.M)))
    sys.exit(0)
d = yaml.safe_load(text)
print(" ".join(s["with"]["mode"] for j in d["jobs"].values() for s in j["steps"] if "mode" in s.get("with", {})))' "$f"
	[ "$rc" -eq 0 ] && [ -n "${out// /}" ]
	record $? "$f parses; run_fuzzers modes: ${out:-none}" "$err"
done

section "corpus-min"
lf=build/libfuzzer/cgocallback_fuzzer
corpus_sum() { find corpus -type f -print0 | sort -z | xargs -0 sha1sum | sha1sum; }
before_sum=$(corpus_sum)
mkdir -p "$ofz/grown"
( cd "$ofz" && "$OLDPWD/$lf" -seed=3 -runs=4000 -max_len=1023 grown "$OLDPWD/corpus/cgocallback_fuzzer" ) >"$ofz/grow.log" 2>&1
ngrown=$(ls "$ofz/grown" | wc -l)
run_capture bash scripts/corpus-min -t cgocallback_fuzzer -o "$ofz/min" -L "$lf" -R "$build/replay/cgocallback_fuzzer" \
	-S "$build/schedtext" "$ofz/grown"
nmin=$(find "$ofz/min" -type f 2>/dev/null | wc -l)
[ "$rc" -eq 0 ] && [ "$nmin" -gt 0 ] && [ "$nmin" -lt $((ngrown + 15)) ]
record $? "libFuzzer merge: $((ngrown + 15)) inputs -> $nmin" "exit $rc: $out $err"
b=$(printf '%s\n' "$out" | sed -n 's/^  before: //p') a=$(printf '%s\n' "$out" | sed -n 's/^  after:  //p')
[ -n "$b" ] && [ "$b" = "$a" ]
record $? "it prints cov/ft before and after, and they are equal ($b)" "$out"
# Independently: libFuzzer's features over all inputs and over the result.
ft_of() { "$lf" -runs=0 -max_len=4096 "$@" 2>&1 | sed -nE 's/.*INITED cov: [0-9]+ ft: ([0-9]+).*/\1/p' | tail -n 1; }
ft_all=$(ft_of "$ofz/grown" corpus/cgocallback_fuzzer) ft_min=$(ft_of "$ofz/min")
[ -n "$ft_all" ] && [ "$ft_all" = "$ft_min" ]
record $? "no coverage lost: ft $ft_all over every input, $ft_min over the minimised corpus"
extra=0
declare -A ofz_known=()
for f in "$ofz/grown"/* corpus/cgocallback_fuzzer/*; do ofz_known[$(sha1sum <"$f" | cut -d' ' -f1)]=1; done
for f in "$ofz/min"/*; do [ -n "${ofz_known[$(sha1sum <"$f" | cut -d' ' -f1)]:-}" ] || extra=$((extra + 1)); done
[ "$extra" -eq 0 ]
record $? "every minimised input is one of the inputs ($extra are not)"
printf '%s\n' "$out" | grep -q "schedtext decode .* > corpus/src/common/NAME.txt  # same trace as text"
record $? "it says how to keep a new input as a text source, and that its text form replays the same" "$out"
[ "$(corpus_sum)" = "$before_sum" ]
record $? "corpus/ is left exactly as it was"
expect_stderr "generated from corpus/src" "writing into corpus/ is refused and explained" -- \
	bash scripts/corpus-min -t cgocallback_fuzzer -o corpus/cgocallback_fuzzer -L "$lf"
[ "$(corpus_sum)" = "$before_sum" ]
record $? "corpus/ is still as it was after the refused run"
mkdir -p "$ofz/mine"
printf 'notes\n' >"$ofz/mine/README"
expect_exit 2 "a non-empty folder that is not a corpus-min output is refused" -- \
	bash scripts/corpus-min -t cgocallback_fuzzer -o "$ofz/mine" -L "$lf"
[ -f "$ofz/mine/README" ]
record $? "... and left alone"
expect_exit 2 "an unknown target is a usage error" -- bash scripts/corpus-min -t nope_fuzzer
expect_exit 2 "a missing input folder is an error" -- bash scripts/corpus-min -t cgocallback_fuzzer -L "$lf" "$ofz/none"
run_capture bash scripts/corpus-min -t cgocallback_fuzzer -e afl -o "$ofz/min-afl" -L "$lf" \
	-A build/afl/cgocallback_fuzzer "$ofz/grown"
edges=$(printf '%s\n' "$out" | sed -n 's/^  AFL++ map edges (afl-showmap -C): \([0-9]*\) -> \([0-9]*\)$/\1 \2/p')
[ "$rc" -eq 0 ] && [ -n "$edges" ] && [ "${edges% *}" = "${edges#* }" ] && [ "$(ls "$ofz/min-afl" | wc -l)" -lt $((ngrown + 15)) ]
record $? "afl-cmin: fewer inputs, the same AFL++ edges ($edges)" "exit $rc: $out $err"
run_capture make --no-print-directory corpus-min TARGET=nope_fuzzer
[ "$rc" -ne 0 ] && [[ "$err" == *"TARGET must be one of"* ]]
record $? "make corpus-min checks TARGET" "exit $rc: $err"

section "coverage (clang source-based, replay driver)"
run_capture bash scripts/coverage -b "$ofz/cov"
line=$(printf '%s\n' "$out" | grep '^coverage: runtime/' | head -n 1)
lines_pct=$(printf '%s' "$line" | sed -nE 's/.*lines [0-9]+\/[0-9]+ \(([0-9]+)\.[0-9]%\).*/\1/p')
branch_pct=$(printf '%s' "$line" | sed -nE 's/.*branches [0-9]+\/[0-9]+ \(([0-9]+)\.[0-9]%\).*/\1/p')
[ "$rc" -eq 0 ] && [ "${lines_pct:-0}" -ge 50 ] && [ "${branch_pct:-0}" -ge 40 ]
record $? "the shipped seeds cover runtime/: ${line#coverage: }" "exit $rc: $out $err"
grep -q 'runtime/proc.c' "$ofz/cov/html/index.html" 2>/dev/null && [ -n "$(find "$ofz/cov/html" -name 'proc.c.html')" ]
record $? "the HTML report has an index and a page per runtime/ file"
mkdir -p "$ofz/one"
cp corpus/cgocallback_fuzzer/canonical "$ofz/one/"
run_capture bash scripts/coverage -b "$ofz/cov1" -t cgocallback_fuzzer "$ofz/one"
one_pct=$(printf '%s\n' "$out" | sed -nE 's/^coverage: runtime\/: lines [0-9]+\/[0-9]+ \(([0-9]+)\.[0-9]%\).*/\1/p')
[ "$rc" -eq 0 ] && [ -n "$one_pct" ] && [ "$one_pct" -lt "${lines_pct:-0}" ]
record $? "one input covers less than the corpus (${one_pct:-?}% < ${lines_pct:-?}% of lines)" "exit $rc: $out $err"
mkdir -p "$ofz/mixed"
cp "$issue" "$ofz/mixed/issue47441"
cp corpus/cgocallback_go117_fuzzer/canonical "$ofz/mixed/"
run_capture bash scripts/coverage -b "$ofz/cov2" -t cgocallback_go117_fuzzer "$ofz/mixed"
[ "$rc" -eq 0 ] && [[ "$err" == *"1 input(s) crashed"*issue47441* ]] && [[ "$out" == *"; 1 input(s) through"* ]]
record $? "a crashing input is reported and left out; the others still count" "exit $rc: $out $err"
expect_exit 2 "a missing corpus folder is an error" -- bash scripts/coverage -b "$ofz/cov3" "$ofz/none"
expect_exit 2 "an unknown target is an error" -- bash scripts/coverage -b "$ofz/cov3" -t nope_fuzzer
