# SPDX-License-Identifier: Apache-2.0
# Triage of what real libFuzzer campaigns find on cgocallback_go117_fuzzer.
# Run by tests/run-tests (uses $build, record, run_capture and scratch from
# tests/lib.sh); needs the libFuzzer build of `make check`.
# tier: slow
# min-checks: 4

. tests/triagelib.sh
scratch tw

section "triage: crashes of libFuzzer campaigns"
crashdir=$tw/lf-cgocallback_go117_fuzzer
mkdir -p "$crashdir/corpus"
for seed in 1 2 3; do
	(cd "$crashdir" && "$tri_build/libfuzzer/cgocallback_go117_fuzzer" -seed=$seed -runs=300000 -max_len=1023 corpus) \
		>"$crashdir/log$seed" 2>&1
done
ncrash=$(ls "$crashdir"/crash-* 2>/dev/null | wc -l)
[ "$ncrash" -gt 0 ]
record $? "three libFuzzer campaigns left $ncrash crash file(s)" "$(tail -n 5 "$crashdir/log1")"
run_capture triage -o "$tw/report" "$crashdir"
[ "$rc" -eq 0 ] && valid_json "$tw/report/report.json"
record $? "triage of the campaigns' crashes: exit 0, a valid report.json" "exit $rc: $err"
# The fast build's campaigns find stress inputs: a minimal input spells out
# the decisions a stress record drew, so it may be longer than its original.
pycheck "every crash reproduces 3/3 into a bucket of the assertion at dwrap1" "$tri_rules"'
import json, subprocess, sys
d = json.load(open(sys.argv[1]))
stressed = lambda p: "\nstress " in "\n" + subprocess.run([sys.argv[3], "decode", p], capture_output=True, text=True).stdout
errs = bucket_errors(d, int(sys.argv[2]))
for b in d["buckets"]:
    errs += go117_errors(b)
    if b["minimal"]["size"] > b["original"]["size"] and not stressed(b["original"]["path"]): errs.append("bucket %d: minimal %d > original %d" % (b["id"], b["minimal"]["size"], b["original"]["size"]))
    if b["minimal"]["reproducible"] != "3/3": errs.append("bucket %d: minimal %s" % (b["id"], b["minimal"]["reproducible"]))
    if stressed(b["minimal"]["path"]): errs.append("bucket %d: the minimal input still has a stress record" % b["id"])
print("; ".join(errs)); sys.exit(1 if errs else 0)' "$tw/report/report.json" "$ncrash" "$build/schedtext"
ok=0
for bd in "$tw"/report/buckets/*/; do
	run_capture sh -c '"$@"' sh "$build/replay/cgocallback_go117_fuzzer" -- "$bd/minimal"
	{ [ "$rc" -ne 0 ] && has "$err" "fatal error: m changed unexpectedly in cgocallbackg"; } || { ok=1 && echo "    $bd: exit $rc"; }
done
record $ok "each bucket's minimal input dies with the assertion"
suite_end
