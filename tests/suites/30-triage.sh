# SPDX-License-Identifier: Apache-2.0
# Triage and explain (docs/triage.md): scripts/triage, scripts/explain and
# their C halves, $build/explain and $build/triage-tool.  Run by
# tests/run-tests (uses $build, record, expect_*, run_capture and scratch
# from tests/lib.sh).  Crashes from engine campaigns: 35-triage-campaign.sh.
# tier: fast
# min-checks: 50

. tests/triagelib.sh
scratch tw

section "triage: in-process runs agree with the replay driver"
# explain and triage-tool mirror the harness (default shape, its clamps,
# the detectors): the same input must make the same trace.
for t in "${tri_targets[@]}"; do
	bad=
	n=0
	while IFS= read -r line; do
		f=${line%%: ok *}
		want=${line##*trace=}
		got=$("$build/triage-tool" signature --target "$t" -- "$f" | sed -n 's/^trace=//p')
		n=$((n + 1))
		[ "$got" = "$want" ] || bad="$bad $f ($got != $want)"
	done < <("$build/replay/$t" "corpus/$t" 2>/dev/null | grep ': ok steps=')
	[ -z "$bad" ] && [ "$n" -gt 0 ]
	record $? "$t: $n corpus inputs give the replay driver's trace hashes in-process" "$bad"
done

section "explain"
run_capture "$build/explain" "$tri_reg"
[ "$rc" -eq 0 ] && has "$out" "fatal error: m changed unexpectedly in cgocallbackg" && has "$out" "target    cgocallback_go117_fuzzer"
record $? "issue47441.txt: target from its '# expect' line, explained with exit 0" "exit $rc: $err"
# The bytes of the regression's dwrap1 record (the fifth), as the encoder makes them.
tri_rec=$("$build/schedtext" encode "$tri_reg" - | od -An -tx1 -v | tr -s ' \n' ' ' | cut -d' ' -f14-16)
ok=0
for want in "sha256    " "ordering  go117" "shape     goroutines=3 (input@0) calls=1 (input@3)" "replay    $tri_build/replay/cgocallback_go117_fuzzer --text -- " \
	"default switch/sigprof decisions not shown" "preempt dwrap1 #0" "input@12 [$tri_rec]" "lanes: one column per M" \
	"> g3 moved" "X fatal error" "state at the failure" "<- failing G" "<- failing M" "mstart area: no callback frame" \
	"counterfactual" "reverted: passes   <- needed" "2 of 2 input decision(s) are each needed"; do
	has "$out" "$want" || { ok=1 && echo "    missing: $want"; }
done
record $ok "explain prints the header, decisions with their input bytes, lanes, the failure table and the counterfactual"
n=$(printf '%s\n' "$out" | grep -c '^ *[0-9]* *switch after ' || true)
[ "$n" -eq 0 ]
record $? "default switch decisions are skipped (and counted)"

run_capture "$build/explain" --target cgocallback_go117_noassert_fuzzer --svg "$tw/na.svg" --chrome-trace "$tw/na.json" -- "$tri_reg"
[ "$rc" -eq 0 ] && has "$out" "fatal error: return to C on a foreign C stack frame" && has "$out" "C-frame check" &&
	! has "$err" "AddressSanitizer"
record $? "noassert target: the frame check reports it in-process (no ASan report), and says so" "exit $rc: $err"
valid_svg "$tw/na.svg"
record $? "--svg writes a valid SVG"
valid_json "$tw/na.json"
record $? "--chrome-trace writes valid JSON"
pycheck "the SVG has a lane per M, steps, the preemption, the migration and the failure" '
import sys, xml.etree.ElementTree as E
ns = "{http://www.w3.org/2000/svg}"
r = E.parse(sys.argv[1]).getroot()
rects = r.findall(ns + "rect"); paths = r.findall(ns + "path"); lines = r.findall(ns + "line")
texts = [t.text or "" for t in r.iter(ns + "text")]
errs = []
if len(rects) < 30: errs.append("only %d rects" % len(rects))
if not any("preempted" in (p.findtext(ns + "title") or "") for p in paths): errs.append("no preemption mark")
if not any("moved" in (l.findtext(ns + "title") or "") for l in lines): errs.append("no migration arrow")
if not any(l.get("stroke") == "#d62728" for l in lines): errs.append("no failure line")
if not {"m0", "m2"} <= set(texts): errs.append("lanes: %s" % texts[:8])
print("; ".join(errs)); sys.exit(1 if errs else 0)' "$tw/na.svg"
pycheck "the Chrome trace has steps per M, a preemption, a migration flow and the failure" '
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
errs = []
if sum(e.get("ph") == "X" for e in ev) < 30: errs.append("few steps")
if sum(e.get("name") == "thread_name" for e in ev) < 2: errs.append("fewer than two lanes")
if not any(e.get("cat") == "preempt" for e in ev): errs.append("no preemption")
if not ({"s", "f"} <= {e.get("ph") for e in ev if e.get("cat") == "migration"}): errs.append("no migration flow")
if not any(e.get("cat") == "fatal" and "foreign C stack" in e.get("name", "") for e in ev): errs.append("no failure")
print("; ".join(errs)); sys.exit(1 if errs else 0)' "$tw/na.json"

run_capture "$build/explain" --target cgocallback_differential_fuzzer "$tri_reg"
[ "$rc" -eq 1 ] && has "$out" "buggy rows: go117 m changed unexpectedly in cgocallbackg" && has "$out" "ordering  fixed"
record $? "differential target: the row that must pass is explained, the buggy rows' outcomes listed" "exit $rc: $out"
run_capture "$build/explain" --target cgocallback_fuzzer "$tri_reg"
[ "$rc" -eq 1 ] && has "$out" "the run passes"
record $? "an input that passes: exit 1, 'the run passes'" "exit $rc: $out"
expect_exit 2 "explain: missing input" -- "$build/explain" --target cgocallback_fuzzer "$tw/no such file"
expect_stderr 2 "no such file" "explain: the missing input is named" -- "$build/explain" --target cgocallback_fuzzer "$tw/no such file"
printf 'x' >"$tw/anonymous"
expect_stderr 2 "give --target" "explain: a path that names no target asks for --target" -- "$build/explain" "$tw/anonymous"
expect_exit 2 "explain: unknown target" -- "$build/explain" --target nope "$tri_reg"
expect_exit 2 "explain: unknown option" -- "$build/explain" --bogus "$tri_reg"
"$build/schedtext" encode "$tri_reg" "$tw/-odd 'name\" here"
expect_exit 0 "explain: a file named with a dash, quotes and spaces (after --)" -- "$build/explain" --target cgocallback_go117_fuzzer -- "$tw/-odd 'name\" here"
# Over the 4096-byte cap: the crash in front, then 2048 copies of a
# harmless shape record (6150 bytes).
printf 'shape gomaxprocs 2\n' >"$tw/rec.txt"
"$build/schedtext" encode "$tw/rec.txt" "$tw/tail"
for ((i = 0; i < 11; i++)); do cat "$tw/tail" "$tw/tail" >"$tw/tail2" && mv "$tw/tail2" "$tw/tail"; done
cat "$tw/-odd 'name\" here" "$tw/tail" >"$tw/big"
run_capture "$build/explain" --target cgocallback_go117_fuzzer "$tw/big"
[ "$rc" -eq 0 ] && has "$err" "4096" && has "$out" "the targets read at most 4096"
record $? "explain: an input over the 4096-byte cap is cut as the targets cut it, with a note" "exit $rc: $err"
run_capture env BUILD="$build" bash scripts/explain --target cgocallback_go117_fuzzer -- "$tw/-odd 'name\" here"
[ "$rc" -eq 0 ] && has "$out" "counterfactual"
record $? "scripts/explain runs $build/explain" "exit $rc: $err"

section "triage: crash files"
lfbin=
for d in "$build/libfuzzer" build/libfuzzer; do
	if [ -x "$d/cgocallback_go117_fuzzer" ]; then
		case $d in /*) lfbin=$d ;; *) lfbin=$PWD/$d ;; esac
		break
	fi
done
[ -n "$lfbin" ]
record $? "a libFuzzer build for -minimize_crash ($lfbin)"
# The regressions that crash go117 as libFuzzer crash files, and each again with records no
# run reaches appended: duplicates that share its bucket and lose to it as
# the bucket's representative (the smallest).
crashdir=$tw/lf-cgocallback_go117_fuzzer
mkdir -p "$crashdir"
for f in corpus/regressions/*.txt; do
	grep -q '^# expect cgocallback_go117_fuzzer: fatal error' "$f" || continue
	n=$(basename "$f" .txt)
	"$build/schedtext" encode "$f" "$crashdir/crash-$n"
	{ cat "$f" && printf 'sigprof creturn 250 yes\npreempt userfn 251 gc\n'; } >"$tw/padded.txt"
	"$build/schedtext" encode "$tw/padded.txt" "$crashdir/crash-$n-padded"
done
ncrash=$(ls "$crashdir"/crash-* | wc -l)
# The noassert target on the same bug, in files named every awkward way.
nadir=$tw/cgocallback_go117_noassert_fuzzer
mkdir -p "$nadir"
"$build/schedtext" encode "$tri_reg" "$nadir/-odd 'name\" here"
"$build/schedtext" encode "$tri_reg" "$nadir/with space"
"$build/schedtext" encode "$tri_reg" "$nadir/\$(touch pwned)\`touch pwned\`"
run_capture triage -o "$tw/report" "$crashdir" "$nadir"
[ "$rc" -eq 0 ] && [ -f "$tw/report/report.md" ] && [ -f "$tw/report/report.json" ]
record $? "triage of $ncrash go117 crashes and 3 noassert inputs: exit 0, report.md and report.json" "exit $rc: $err"
valid_json "$tw/report/report.json"
record $? "report.json is valid JSON"
[ ! -e pwned ] && [ ! -e "$tw/pwned" ] && [ ! -e "$nadir/pwned" ]
record $? "nothing in a file name is executed"
pycheck "buckets: one per (target, signature), duplicates grouped, every input 3/3" "$tri_rules"'
import json, sys
d = json.load(open(sys.argv[1])); ncrash = int(sys.argv[2]); nasig = sys.argv[3]; nadet = sys.argv[4]
bs = d["buckets"]
errs = bucket_errors(d, ncrash + 3)
go = [b for b in bs if b["target"] == "cgocallback_go117_fuzzer"]
na = [b for b in bs if b["target"] == "cgocallback_go117_noassert_fuzzer"]
if not go or max(b["count"] for b in go) < 2: errs.append("go117 duplicates not grouped")
for b in go:
    errs += go117_errors(b)
    if b["detector"] != "M-identity assertion": errs.append(b["detector"])
if len(na) != 1 or na[0]["count"] != 3: errs.append("noassert: %s" % [(b["signature"], b["count"]) for b in na])
elif not na[0]["signature"].startswith(nasig) or na[0]["detector"] != nadet: errs.append(na[0]["signature"] + " / " + na[0]["detector"])
elif sorted(na[0]["inputs"]) != sorted(sys.argv[5:]): errs.append("odd names: %s" % na[0]["inputs"])
print("; ".join(errs)); sys.exit(1 if errs else 0)' "$tw/report/report.json" "$ncrash" "$tri_noassert_sig" "$tri_noassert_det" \
	"$nadir/-odd 'name\" here" "$nadir/with space" "$nadir/\$(touch pwned)\`touch pwned\`"
# A stress input shrinks into explicit records, which may take more bytes
# than its seed: the minimal is then no bigger than what the seed drew.
pycheck "each bucket: minimal <= original (or a stress input made explicit), same signature 3/3, sha256s, replay command, explanation, pictures" '
import hashlib, json, os, subprocess, sys
d = json.load(open(sys.argv[1])); build = sys.argv[2]; lf = sys.argv[3]
errs = []
sha = lambda p: hashlib.sha256(open(p, "rb").read()).hexdigest()
stressed = lambda p: "\nstress " in "\n" + subprocess.run([build + "/schedtext", "decode", p], capture_output=True, text=True).stdout
for b in d["buckets"]:
    o, m = b["original"], b["minimal"]
    n = "bucket %d: " % b["id"]
    if (m["size"] > o["size"] and not stressed(o["path"])) or os.path.getsize(m["path"]) != m["size"]: errs.append(n + "minimal %d > original %d" % (m["size"], o["size"]))
    if o["size"] != min(os.path.getsize(p) for p in b["inputs"]): errs.append(n + "the original (%d bytes) is not its smallest input" % o["size"])
    if stressed(m["path"]): errs.append(n + "the minimal input still has a stress record")
    if m["reproducible"] != "3/3": errs.append(n + "minimal " + m["reproducible"])
    if sha(m["path"]) != m["sha256"] or sha(o["path"]) != o["sha256"]: errs.append(n + "sha256")
    if not b["replay"].startswith(build + "/replay/" + b["target"] + " -- "): errs.append(n + b["replay"])
    if "counterfactual" not in b["explanation"] or "<- needed" not in b["explanation"]: errs.append(n + "explanation")
    if ("sha256    " + m["sha256"]) not in b["explanation"]: errs.append(n + "the explanation is not of the minimal input")
    if not (os.path.getsize(b["svg"]) and os.path.getsize(b["chrome_trace"])): errs.append(n + "pictures")
    if "decision-level shrinking (" not in b["minimised_by"]: errs.append(n + b["minimised_by"])
    if lf and b["target"] == "cgocallback_go117_fuzzer" and "libFuzzer -minimize_crash" not in b["minimised_by"]: errs.append(n + b["minimised_by"])
print("; ".join(errs)); sys.exit(1 if errs else 0)' "$tw/report/report.json" "$tri_build" "$lfbin"
ok=0
for bd in "$tw"/report/buckets/*/; do
	t=$(sed -n 's/^  target    \([a-z0-9_]*\).*/\1/p' "$bd/explain.txt")
	sig="fatal error: m changed unexpectedly in cgocallbackg"
	[ "$t" != cgocallback_go117_noassert_fuzzer ] || sig=$tri_noassert_replay
	run_capture sh -c '"$@"' sh "$build/replay/$t" -- "$bd/minimal" # sh: no "Aborted" notice
	{ [ "$rc" -ne 0 ] && has "$err" "$sig"; } || { ok=1 && echo "    $bd: exit $rc"; }
	"$build/schedtext" encode "$bd/minimal.txt" "$tw/roundtrip" && cmp -s "$tw/roundtrip" "$bd/minimal" || { ok=1 && echo "    $bd: minimal.txt"; }
	{ valid_svg "$bd/timeline.svg" && valid_json "$bd/trace.json"; } || { ok=1 && echo "    $bd: pictures"; }
	[ "$(wc -c <"$bd/minimal")" -le "$(wc -c <"$bd/original")" ] || "$build/schedtext" decode "$bd/original" | grep -q '^stress ' ||
		{ ok=1 && echo "    $bd: bigger"; }
done
record $ok "every minimal input dies with its bucket's signature, its text form encodes back to it, its pictures parse"
md=$(cat "$tw/report/report.md")
has "$md" "## Bucket 1: " && has "$md" "| signature | \`fatal error: m changed" && has "$md" '```text' && has "$md" "| replay | \`$tri_build/replay/"
record $? "report.md: a section per bucket with signature, replay command, text form and explanation"

section "triage: bad input"
expect_exit 2 "missing path: exit 2" -- triage -o "$tw/r-missing" "$tw/no such file"
expect_stderr 2 "no such file or folder" "missing path: named" -- triage -o "$tw/r-missing" "$tw/no such file"
mkdir -p "$tw/empty dir"
expect_stderr 2 "no inputs in this folder" "an empty folder" -- triage -o "$tw/r-empty" "$tw/empty dir"
expect_exit 2 "an empty folder: exit 2" -- triage -o "$tw/r-empty" "$tw/empty dir"
expect_stderr 2 "give --target" "a path that names no target asks for --target" -- triage -o "$tw/r-anon" "$tw/anonymous"
expect_exit 2 "unknown target" -- triage --target nope "$tw/anonymous"
expect_exit 2 "unknown option" -- triage --bogus "$tw/anonymous"
# Relative names that start with a dash: an option unless after --.
indir() { local d=$1; shift; cd "$d" && "$@"; }
expect_stderr 2 "goes after --" "a relative path with a leading dash is an option before --" -- \
	indir "$tw" triage --target cgocallback_go117_fuzzer -o r-dash "-odd 'name\" here"
run_capture indir "$tw" triage --target cgocallback_go117_fuzzer -o r-dash -- "-odd 'name\" here"
[ "$rc" -eq 0 ] && [ -f "$tw/r-dash/report.json" ] && grep -qF '"path": "-odd '"'"'name\" here"' "$tw/r-dash/report.json"
record $? "... and a file after --, named with a dash, quotes and spaces" "exit $rc: $err"
expect_exit 2 "--runs 0" -- triage --runs 0 "$tw/anonymous"
mkdir -p "$tw/precious"
: >"$tw/precious/keep"
expect_exit 2 "-o refuses a folder that is not an earlier report" -- triage -o "$tw/precious" --target cgocallback_go117_fuzzer "$tw/anonymous"
[ -f "$tw/precious/keep" ]
record $? "... and leaves it alone"
odd=$tw/odd-inputs
mkdir -p "$odd"
: >"$odd/empty"
cp corpus/cgocallback_go117_fuzzer/canonical "$odd/passes"
cp "$tw/big" "$odd/big"
run_capture env LFDIR="$tw/no-libfuzzer" BUILD="$build" bash scripts/triage --target cgocallback_go117_fuzzer -o "$tw/r-odd" "$odd" "$tw/missing"
[ "$rc" -eq 2 ] && has "$err" "empty input" && has "$err" "over the 4096-byte cap" && has "$err" "not reproducible"
record $? "empty, passing, oversized and missing inputs: messages, exit 2" "exit $rc: $err"
pycheck "... and their verdicts in report.json" '
import json, os, sys
d = json.load(open(sys.argv[1])); errs = []
v = {os.path.basename(i["path"]): i for i in d["inputs"]}
if v["empty"]["verdict"] != "not reproducible" or "empty input" not in (v["empty"]["notes"] or ""): errs.append("empty")
if v["passes"]["verdict"] != "not reproducible" or v["passes"]["reproducible"] != "0/3": errs.append("passes")
if not v["big"]["verdict"].startswith("bucket") or "4096" not in (v["big"]["notes"] or ""): errs.append("big")
b = d["buckets"][0] if d["buckets"] else {}
if not b or b["minimal"]["size"] > 4096 or "skipped: no libFuzzer build" not in b["minimised_by"]: errs.append("big bucket: %s" % b.get("minimised_by"))
elif os.path.getsize(b["original"]["copy"]) != 4096: errs.append("the big input was triaged whole (%d bytes), not as the targets read it" % os.path.getsize(b["original"]["copy"]))
if len(d["errors"]) != 1 or "no such file" not in d["errors"][0]: errs.append("errors: %s" % d["errors"])
print("; ".join(errs)); sys.exit(1 if errs else 0)' "$tw/r-odd/report.json"
grep -q "## Not reproducible" "$tw/r-odd/report.md"
record $? "report.md lists what did not reproduce"
run_capture triage --target cgocallback_go117_fuzzer -o "$tw/r-pass" "$odd/passes"
[ "$rc" -eq 1 ] && has "$out" "not reproducible: $odd/passes"
record $? "an input that does not crash: 'not reproducible', exit 1" "exit $rc: $out $err"

section "triage: AFL++ folders and OSS-Fuzz testcases"
# A -M/-S sync folder as afl-fuzz leaves it; the target only in fuzzer_stats.
sync=$tw/sync
for inst in main sec1; do
	mkdir -p "$sync/$inst/crashes" "$sync/$inst/hangs" "$sync/$inst/queue"
	printf 'start_time        : 1\ncommand_line      : afl-fuzz -M %s -i corpus/x -o %s -- %s\n' "$inst" "$sync" \
		"build/afl/cgocallback_go117_fuzzer" >"$sync/$inst/fuzzer_stats"
	printf 'Command line used to find this crash:\n' >"$sync/$inst/crashes/README.txt"
done
"$build/schedtext" encode corpus/regressions/one-p-retake.txt "$sync/main/crashes/id:000000,sig:06,src:000000,time:120,execs:345,op:havoc,rep:2"
"$build/schedtext" encode "$tri_reg" "$sync/sec1/crashes/id:000000,sig:06,src:000001,time:88,execs:200,op:splice,rep:4"
cp "$sync/main/crashes/id:"* "$sync/sec1/crashes/id:000001,sig:06,src:000002,time:99,execs:300,op:havoc,rep:1"
mkdir -p "$tw/oss"
"$build/schedtext" encode corpus/regressions/gc-preempt-dwrap1.txt "$tw/oss/clusterfuzz-testcase-minimized-cgocallback_go117_fuzzer-5765797395709952"
run_capture triage -o "$tw/r-afl" "$sync" "$tw/oss/clusterfuzz-testcase-minimized-cgocallback_go117_fuzzer-5765797395709952"
[ "$rc" -eq 0 ]
record $? "a sync folder and an OSS-Fuzz testcase: exit 0" "exit $rc: $err"
pycheck "... targets from fuzzer_stats and the testcase name, README.txt skipped" '
import json, sys
d = json.load(open(sys.argv[1])); errs = []
ins = d["inputs"]
if len(ins) != 4: errs.append("%d inputs: %s" % (len(ins), [i["path"] for i in ins]))
if any(i["target"] != "cgocallback_go117_fuzzer" for i in ins): errs.append("targets")
if sorted(i["origin"] for i in ins) != ["AFL++ crash"] * 3 + ["OSS-Fuzz testcase"]: errs.append("origins")
if any("README" in i["path"] for i in ins): errs.append("README.txt triaged")
if any(i["verdict"] == "not reproducible" for i in ins): errs.append("not reproducible")
print("; ".join(errs)); sys.exit(1 if errs else 0)' "$tw/r-afl/report.json"
run_capture triage -o "$tw/r-afl2" "$sync/sec1/crashes"
[ "$rc" -eq 0 ] && has "$out" "2 input(s): 2 in"
record $? "an instance's crashes/ folder: the target from the instance's fuzzer_stats" "exit $rc: $out $err"

section "triage: timeouts"
# A replay driver that never finishes stands in for a hang.
fake=$tw/fake-build
mkdir -p "$fake/replay"
for x in triage-tool explain schedtext; do ln -s "$tri_build/$x" "$fake/$x"; done
printf '#!/bin/sh\nexec sleep 30\n' >"$fake/replay/cgocallback_go117_fuzzer"
chmod +x "$fake/replay/cgocallback_go117_fuzzer"
run_capture env BUILD="$fake" LFDIR="$tw/no-libfuzzer" bash scripts/triage --runs 1 --timeout 1 -o "$tw/r-timeout" \
	--target cgocallback_go117_fuzzer "$tw/-odd 'name\" here"
[ "$rc" -eq 0 ] && has "$out" "bucket 1: cgocallback_go117_fuzzer: timeout (1 input(s), 1/1"
record $? "a replay that outlives --timeout is classified as a timeout" "exit $rc: $out $err"
suite_end
