# SPDX-License-Identifier: Apache-2.0
# Continuous fuzzing: the OSS-Fuzz/ClusterFuzzLite integration (checked with
# OSS-Fuzz's own scripts from an oss-fuzz checkout, then the project's
# stricter checks, and shown to catch broken build scripts), corpus
# minimisation and coverage reports.  Run by tests/run-tests (uses
# $build, record, expect_*, run_capture, scratch from tests/lib.sh); needs
# the builds `make check` makes (build/libfuzzer, build/afl, $build).
#
# Without an oss-fuzz checkout (OSSFUZZ_DIR, or ../shared/oss-fuzz beside the
# repository) OSS-Fuzz's scripts cannot run: the suite then says so on a
# "note" line, checks that oss-fuzz-check says so too (exit 3, how to get a
# checkout) and that the project's own checks pass, and still runs every
# broken-build test against them.  With a checkout, each broken build must
# be caught by OSS-Fuzz's own scripts.
# tier: slow
# min-checks: 54
# (54 without an oss-fuzz checkout; 59 with one)

scratch ofz
shipped_targets=(cgocallback_fuzzer cgocallback_differential_fuzzer)
ofz_top=$(python3 -c 'import sys; sys.path.insert(0, "scripts"); from ossfuzz import checkout; print(checkout.find(".")[0] or "")' 2>/dev/null)
issue=$ofz/issue47441
"$build/schedtext" encode corpus/regressions/issue47441.txt "$issue"
ofz_fails() { printf '%s\n' "$out" | grep -E 'FAIL|oss-fuzz-check:' | head -n 12; }

section "OSS-Fuzz integration: oss-fuzz-check (OSS-Fuzz's scripts, then the project's)"
if [ -n "$ofz_top" ]; then
	printf '  note OSS-Fuzz checkout: %s\n' "$ofz_top"
else
	printf '  note no oss-fuzz checkout here: OSS-Fuzz'\''s own scripts are NOT run, only the project'\''s checks (set OSSFUZZ_DIR)\n'
fi
t0=$(date +%s)
run_capture python3 scripts/oss-fuzz-check -k "$ofz/keep"
secs=$(($(date +%s) - t0))
ofz_all=$out
npassed=$(printf '%s\n' "$out" | sed -n 's/^oss-fuzz-check: \([0-9]*\) passed, 0 failed.*/\1/p')
if [ -n "$ofz_top" ]; then
	[ "$rc" -eq 0 ] && [ "${npassed:-0}" -ge 100 ]
	record $? "every engine/sanitizer build passes OSS-Fuzz's scripts and the project's checks (${npassed:-?} checks, $secs s)" \
		"exit $rc: $(ofz_fails) $err"
	for step in "compile (" "test_all.py: bad_build_check passes on every fuzz target" "run_fuzzer cgocallback_fuzzer -runs=500" \
		"run_fuzzer cgocallback_fuzzer -V 3" "reproduce cgocallback_fuzzer" "infra/presubmit.py: projects/schedfuzz/{project.yaml,Dockerfile,build.sh}"; do
		[[ "$out" == *"  ok   $step"* ]]
		record $? "OSS-Fuzz's own step ran and passed: $step"
	done
	nshims=$(printf '%s\n' "$out" | grep -c '^  shim ')
	[[ "$out" == *"shim compile: 'sysctl -w vm.mmap_rnd_bits=28'"* && "$out" == *"shim CXXFLAGS_EXTRA: -stdlib=libc++ dropped"* ]] && [ "$nshims" -ge 8 ]
	record $? "each shim a machine without docker needs is printed ($nshims)" "$out"
	ubsan=$(printf '%s\n' "$out" | sed -n '/^== libfuzzer \/ undefined/,/^==/p' | grep '^  note CFLAGS=')
	[[ "$ubsan" == *"-fno-sanitize=function"* && "$ubsan" == *"unsigned-integer-overflow"* && "$ubsan" != *"float-divide-by-zero"* ]]
	record $? "UBSan flags are OSS-Fuzz's own, from its Dockerfiles and compile (-fno-sanitize=function, no float-divide-by-zero)" "$ubsan"
else
	[ "$rc" -eq 3 ] && [ "${npassed:-0}" -ge 60 ] && [[ "$out" == *"git clone --depth 1 https://github.com/google/oss-fuzz"* ]]
	record $? "no checkout: the project's checks pass (${npassed:-?}), exit 3, and it says how to get one ($secs s)" "exit $rc: $(ofz_fails) $err"
fi
for c in libfuzzer/address libfuzzer/undefined libfuzzer/memory libfuzzer/coverage afl/address; do
	[[ "$out" == *"== ${c%/*} / ${c#*/}"* ]]
	record $? "oss-fuzz-check covered $c"
done
left=$(printf '%s\n' "$out" | sed -n '/^== left before a submission/,/^$/p')
[[ "$left" == *"oss-fuzz/project.yaml:"*"homepage:"* && "$left" == *"main_repo:"* && "$left" == *"primary_contact:"* &&
	"$left" == *"oss-fuzz/Dockerfile:"*"OWNER"* ]]
record $? "it lists the placeholders left before a submission (homepage, main_repo, primary_contact, the clone URL)" "$left"

# What was shipped, checked here independently of the checker; $OUT may hold
# more (llvm-symbolizer, the AFL++ tools), as on OSS-Fuzz.
for d in libfuzzer-address afl-address; do
	missing=
	for t in "${shipped_targets[@]}"; do
		for f in "$t" "$t.dict" "$t.options" "${t}_seed_corpus.zip"; do [ -f "$ofz/keep/$d/$f" ] || missing="$missing $f"; done
	done
	[ -z "$missing" ] && [ ! -e "$ofz/keep/$d/cgocallback_go117_fuzzer" ] && [ ! -e "$ofz/keep/$d/cgocallback_go117_noassert_fuzzer" ]
	record $? "\$OUT ($d): the two shipped fuzzers with zip, dict, options; no go117 target" "missing:$missing"
done
for t in "${shipped_targets[@]}"; do
	rm -rf "$ofz/unzip"
	mkdir -p "$ofz/unzip"
	unzip -q "$ofz/keep/libfuzzer-address/${t}_seed_corpus.zip" -d "$ofz/unzip" 2>/dev/null
	diff -r "$ofz/unzip" "corpus/$t" >/dev/null 2>&1
	record $? "${t}_seed_corpus.zip holds exactly the bytes of corpus/$t"
done
run_capture sh -c '"$1" - <"$2"' sh "$ofz/keep/afl-address/cgocallback_fuzzer" "$issue"
[ "$rc" -eq 0 ]
record $? "the OSS-Fuzz AFL++ build runs the issue 47441 schedule clean from stdin" "exit $rc: $err"

section "oss-fuzz-check without a checkout, and with a bad one"
# A copy of the tree with no oss-fuzz checkout beside it: a clone on a fresh machine.
mkdir -p "$ofz/clone"
git ls-files -z -c -o --exclude-standard | xargs -0 cp --parents -t "$ofz/clone" 2>/dev/null
run_capture env -u OSSFUZZ_DIR python3 "$ofz/clone/scripts/oss-fuzz-check" libfuzzer/undefined
[ "$rc" -eq 3 ] && [[ "$out" == *"OSS-Fuzz's own scripts will NOT run"* && "$out" == *"OSSFUZZ_DIR=/path/to/oss-fuzz"* ]] &&
	[[ "$out" == *"  ok   cgocallback_fuzzer: every seed replays clean"* && "$out" == *", 0 failed; the project's checks;"* ]]
record $? "no checkout: exit 3, how to get one, and the project's checks still run and pass" "exit $rc: $(ofz_fails) $err"
mkdir -p "$ofz/not-oss-fuzz/infra"
run_capture env OSSFUZZ_DIR="$ofz/not-oss-fuzz" python3 scripts/oss-fuzz-check static
[ "$rc" -eq 2 ] && [[ "$err" == *"is not an oss-fuzz checkout: it lacks"*"base-builder/compile"* ]]
record $? "an OSSFUZZ_DIR that is not a checkout is a clear error (exit 2)" "exit $rc: $err"

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
# The go117 ordering shipped under the fixed target's name: its seeds crash.
variant('crashes-on-seeds', 'target_obj=$(compile "fuzz/$t.c")',
        'target_obj=$(compile "fuzz/${t/cgocallback_fuzzer/cgocallback_go117_fuzzer}.c")')
PY
broken() { # broken VARIANT CONFIG NAME EXPECTED-FAILURE... : exit 1 and every expected FAIL line
	local v=$1 config=$2 name=$3 ok=0 want args=()
	shift 3
	# With a checkout, the failures that OSS-Fuzz's scripts must catch are
	# looked for with those scripts alone; the project's own, with its checks alone.
	case $1 in upstream:*) args=(--only upstream) ;; *) args=(--only extras) ;; esac
	[ -n "$ofz_top" ] || args=()
	run_capture python3 scripts/oss-fuzz-check -b "$ofz/$v.sh" "${args[@]}" "$config"
	for want in "$@"; do
		case $want in
		upstream:*) [ -n "$ofz_top" ] || continue; want=${want#upstream:} ;;
		extras:*) [ -z "$ofz_top" ] || continue; want=${want#extras:} ;;
		esac
		[[ "$out" == *"FAIL $want"* ]] || ok=1
	done
	[ "$rc" -eq 1 ] && [ "$ok" -eq 0 ]
	record $? "$name" "exit $rc: $(ofz_fails) $err"
}
broken ships-go117 libfuzzer/undefined "shipping a go117 target fails" "cgocallback_go117_fuzzer (crashes by design) is not shipped"
broken hardcoded-engine static "a hard-coded -fsanitize=fuzzer fails" "build.sh hard-codes no sanitizer"
broken ignores-cflags libfuzzer/undefined "compiling without \$CFLAGS (no coverage instrumentation) fails" \
	"upstream:test_all.py: bad_build_check passes" "extras:cgocallback_fuzzer: 0 instrumented edges"
broken needs-work libfuzzer/undefined "a fuzzer that needs \$WORK after the build fails" \
	"upstream:test_all.py: bad_build_check passes" "extras:cgocallback_fuzzer: 0 instrumented edges"
broken crashes-on-seeds libfuzzer/undefined "a fixed target that crashes on its seeds fails" \
	"upstream:run_fuzzer cgocallback_fuzzer -runs=500" "upstream:reproduce cgocallback_fuzzer" \
	"extras:cgocallback_fuzzer: every seed replays clean"
sed 's/^fuzzing_engines:/engines:/' oss-fuzz/project.yaml >"$ofz/bad-project.yaml"
run_capture python3 scripts/oss-fuzz-check -p "$ofz/bad-project.yaml" static
[ "$rc" -eq 1 ] && [[ "$out" == *"FAIL project.yaml lists libfuzzer and address"* ]] &&
	{ [ -z "$ofz_top" ] || [[ "$out" == *"FAIL infra/presubmit.py"* && "$out" == *"engines is not a valid section name"* ]]; }
record $? "a project.yaml key OSS-Fuzz does not know fails (presubmit.py, with a checkout)" "exit $rc: $out $err"
if [ -n "$ofz_top" ]; then
	# Keys OSS-Fuzz added since (presubmit.py's list) are accepted.
	{ cat oss-fuzz/project.yaml; printf 'base_os_version: ubuntu-24-04\ndisable_remediation: true\n'; } >"$ofz/new-keys.yaml"
	run_capture python3 scripts/oss-fuzz-check -p "$ofz/new-keys.yaml" static
	[ "$rc" -eq 0 ] && [[ "$out" == *"  ok   infra/presubmit.py"* ]]
	record $? "project.yaml keys presubmit.py accepts (base_os_version, disable_remediation) pass" "exit $rc: $(ofz_fails) $err"
	grep -v 'www.apache.org/licenses/LICENSE-2.0' oss-fuzz/build.sh >"$ofz/no-licence.sh"
	run_capture python3 scripts/oss-fuzz-check -b "$ofz/no-licence.sh" static
	[ "$rc" -eq 1 ] && [[ "$out" == *"FAIL infra/presubmit.py"* && "$out" == *"Missing license header in file"*"build.sh"* ]]
	record $? "a build.sh without the Apache-2.0 header fails presubmit.py's licence check" "exit $rc: $(ofz_fails) $err"
	sed 's|^primary_contact: .*|primary_contact: "nobody"|' oss-fuzz/project.yaml >"$ofz/bad-mail.yaml"
	run_capture python3 scripts/oss-fuzz-check -p "$ofz/bad-mail.yaml" static
	[ "$rc" -eq 1 ] && [[ "$out" == *"nobody is an invalid email address"* ]]
	record $? "presubmit.py's own messages come through (an invalid e-mail address)" "exit $rc: $(ofz_fails) $err"
fi
expect_exit 2 "an unknown engine/sanitizer is a usage error" -- python3 scripts/oss-fuzz-check afl/undefined
expect_stderr 2 "no build script" "a missing build script is named" -- python3 scripts/oss-fuzz-check -b "$ofz/none.sh"

section "ClusterFuzzLite"
run_capture python3 scripts/oss-fuzz-check -b .clusterfuzzlite/build.sh libfuzzer/address
[ "$rc" -eq 0 ] || { [ -z "$ofz_top" ] && [ "$rc" -eq 3 ]; }
record $? ".clusterfuzzlite/build.sh passes the same checks (libfuzzer/address)" "exit $rc: $(ofz_fails)"
for f in .github/workflows/cflite_pr.yml .github/workflows/cflite_batch.yml .github/workflows/cflite_cron.yml .github/workflows/cflite_build.yml; do
	run_capture python3 - "$f" <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
errs, modes = [], []
for name, job in d["jobs"].items():
    steps = job["steps"]
    for i, s in enumerate(steps):
        uses, w = s.get("uses", ""), s.get("with", {})
        if "/actions/" not in uses or "clusterfuzzlite" not in uses:
            continue
        if w.get("language") != "c":
            errs.append(f"{name}: {uses} without language: c")
        if "run_fuzzers" in uses:
            modes.append(w.get("mode", "?"))
            if w.get("output-sarif"):
                # A SARIF file is written, so a later step must upload it, with the right to.
                up = [t for t in steps[i + 1:] if t.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
                if not up or up[0]["with"].get("sarif_file") != "cifuzz-sarif/results.sarif" or "always()" not in up[0].get("if", ""):
                    errs.append(f"{name}: output-sarif without an upload-sarif step of cifuzz-sarif/results.sarif that runs after a crash")
                if job.get("permissions", {}).get("security-events") != "write":
                    errs.append(f"{name}: upload-sarif needs permissions: security-events: write")
print(" ".join(modes))
sys.exit("; ".join(errs) if errs else 0)
PY
	[ "$rc" -eq 0 ]
	record $? "$f: language c on every ClusterFuzzLite step; modes: ${out:-none}; a SARIF file is uploaded if written" "$err"
done
grep -q 'code-scanning\|code scanning' .github/workflows/cflite_batch.yml && grep -q 'upload-sarif' .github/workflows/cflite_batch.yml
record $? "cflite_batch.yml claims code-scanning alerts and uploads the SARIF file"

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
expect_stderr 2 "generated from corpus/src" "writing into corpus/ is refused and explained" -- \
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
# (Scratch build folders: any make run stamps its build folders with its settings.)
run_capture make --no-print-directory corpus-min TARGET=nope_fuzzer BUILD="$ofz/mk" LFDIR="$ofz/mk/lf" AFLDIR="$ofz/mk/afl"
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
suite_end
