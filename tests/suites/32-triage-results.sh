# SPDX-License-Identifier: Apache-2.0
# Triage's results, checked against the behaviour they claim: buckets split
# by signature, flaky crashes said to be flaky, shrunk inputs that are
# shorter and fail the same way at the same throw site and preemption site
# (on bug zoo rows too, where a message has several) and cannot lose
# another record, explain's counterfactual agreeing with a real re-run, and
# the same minimal input from every triage of one input.  Run by
# tests/run-tests (uses $build, record, run_capture, scratch from
# tests/lib.sh).
# tier: fast
# min-checks: 22

. tests/triagelib.sh
scratch tr
tool=$build/triage-tool
go117=cgocallback_go117_fuzzer
enc() { "$build/schedtext" encode "$@"; }
# sig TARGET FILE: "status fatal throwsite preemptsite" of an in-process run.
sig() { "$tool" signature --target "$1" -- "$2" 2>/dev/null | sed -n 's/^\(status\|fatal\|throwsite\|preemptsite\)=//p' | paste -sd'|'; }

# A build folder whose replay driver is a stand-in script: the real
# triage-tool, explain and schedtext, and `replay/$go117` doing what the
# test needs of it (deterministically; it never reads the input's content
# as anything but data).
fake_build() { # fake_build DIR SCRIPT-BODY
	mkdir -p "$1/replay"
	for x in triage-tool explain schedtext; do ln -sf "$tri_build/$x" "$1/$x"; done
	printf '#!/bin/sh\n%s\n' "$2" >"$1/replay/$go117"
	chmod +x "$1/replay/$go117"
}
fake_triage() { # fake_triage BUILD ARGS...: triage with no libFuzzer minimising
	local b=$1
	shift
	run_capture env BUILD="$b" LFDIR="$tr/no-libfuzzer" bash scripts/triage --target "$go117" "$@"
}

section "triage: buckets are per signature"
# Two inputs on one target whose crashes differ: the stand-in dies with
# "alpha" on an input whose first byte is below 128, else with "beta".
fake_build "$tr/two" 'for f; do :; done
b=$(od -An -tu1 -N1 -- "$f" | tr -d " ")
if [ "${b:-0}" -lt 128 ]; then echo "fatal error: alpha" >&2; else echo "fatal error: beta" >&2; fi
exit 1'
mkdir -p "$tr/in-two"
printf '\001\000\000' >"$tr/in-two/a"
printf '\310\000\000' >"$tr/in-two/b"
printf '\002\000\000\000\000\000' >"$tr/in-two/a2"
fake_triage "$tr/two" -o "$tr/r-two" "$tr/in-two"
pycheck "two signatures on one target: two buckets, the duplicate with its like" '
import json, os, sys
d = json.load(open(sys.argv[1])); errs = []
bs = {b["signature"].split(" | ")[0]: b for b in d["buckets"]}
if sorted(bs) != ["fatal error: alpha", "fatal error: beta"]: errs.append("buckets: %s" % sorted(bs))
elif sorted(os.path.basename(p) for p in bs["fatal error: alpha"]["inputs"]) != ["a", "a2"]: errs.append("alpha: %s" % bs["fatal error: alpha"]["inputs"])
elif [os.path.basename(p) for p in bs["fatal error: beta"]["inputs"]] != ["b"]: errs.append("beta: %s" % bs["fatal error: beta"]["inputs"])
print("; ".join(errs)); sys.exit(1 if errs else 0)' "$tr/r-two/report.json"

section "triage: a crash that does not always reproduce is flaky"
# Fails on its 1st, 3rd, 4th, 6th ... call, passes on every third from the 2nd.
fake_build "$tr/flaky" 'n=$(cat "$(dirname "$0")/count" 2>/dev/null || echo 0)
n=$((n + 1))
echo "$n" >"$(dirname "$0")/count"
[ $((n % 3)) -ne 2 ] || exit 0
echo "fatal error: sometimes" >&2
exit 1'
enc "$tri_reg" "$tr/flaky-input"
fake_triage "$tr/flaky" --runs 3 -o "$tr/r-flaky" "$tr/flaky-input"
pycheck "a crash seen in 2 of 3 replays: reproducible 2/3, noted as flaky" '
import json, sys
d = json.load(open(sys.argv[1])); errs = []
i = d["inputs"][0] if len(d["inputs"]) == 1 else {}
if i.get("reproducible") != "2/3": errs.append("reproducible %s" % i.get("reproducible"))
if "flaky: 2 of 3 replays failed" not in (i.get("notes") or ""): errs.append("notes: %s" % i.get("notes"))
if not i.get("verdict", "").startswith("bucket"): errs.append("verdict %s" % i.get("verdict"))
print("; ".join(errs)); sys.exit(1 if errs else 0)' "$tr/r-flaky/report.json"
grep -q 'reproduced 2/3): flaky: 2 of 3 replays failed' "$tr/r-flaky/report.md"
record $? "report.md says it too, next to the input" "$(grep -n 'flaky-input' "$tr/r-flaky/report.md")"

section "triage-tool shrink"
# Each regression that crashes go117, and each again with records that change nothing.
mkdir -p "$tr/shrink"
# go117's window shown the other way (the frame check, where a cheaper
# schedule near it fails with the assertion): tests/schedules/own-m.txt.
enc tests/schedules/own-m.txt "$tr/shrink/own-m"
for f in corpus/regressions/*.txt; do
	grep -q '^# expect cgocallback_go117_fuzzer: fatal error' "$f" || continue # one that passes go117
	n=$(basename "$f" .txt)
	enc "$f" "$tr/shrink/$n"
	{ cat "$f" && printf 'sigprof creturn 250 yes\npreempt userfn 251 gc\nshape calls 1\n'; } >"$tr/padded.txt"
	enc "$tr/padded.txt" "$tr/shrink/$n-padded"
done
bad=
for f in "$tr"/shrink/*; do
	[ "${f%.min}" = "$f" ] || continue
	if ! "$tool" shrink --target "$go117" -- "$f" "$f.min" >/dev/null 2>&1; then
		bad="$bad $(basename "$f"):failed"
	elif [ "$(wc -c <"$f.min")" -ge "$(wc -c <"$f")" ]; then
		bad="$bad $(basename "$f"):not-shorter"
	elif [ "$(sig "$go117" "$f.min")" != "$(sig "$go117" "$f")" ]; then
		bad="$bad $(basename "$f"):$(sig "$go117" "$f.min")!=$(sig "$go117" "$f")"
	fi
done
[ -z "$bad" ]
record $? "each shrunk input is shorter, fails with the same message at the same site, preempted at the same site" "$bad"
# Shape records may stay: the shrinker prefers a smaller program to fewer bytes.
pycheck "each shrunk input is 1-minimal: no decision record can go or take a lower value" '
import glob, subprocess, sys
tool, target, schedtext, d = sys.argv[1:5]
def sig(data):
    open(d + "/cand", "wb").write(data)
    r = subprocess.run([tool, "signature", "--target", target, "--", d + "/cand"], capture_output=True, text=True)
    kv = dict(l.split("=", 1) for l in r.stdout.splitlines() if "=" in l)
    return tuple(kv.get(k) for k in ("status", "fatal", "throwsite", "preemptsite"))
def is_shape(rec):
    open(d + "/rec", "wb").write(rec)
    return subprocess.run([schedtext, "decode", d + "/rec"], capture_output=True, text=True).stdout.startswith("shape ")
errs = []
for f in sorted(glob.glob(d + "/*.min")):
    data = open(f, "rb").read(); want = sig(data)
    recs = [data[i:i + 3] for i in range(0, len(data), 3)]
    for i in range(len(recs)):
        if is_shape(recs[i]): continue
        if sig(b"".join(recs[:i] + recs[i + 1:])) == want: errs.append("%s: record %d can go" % (f, i))
        for v in range(recs[i][2]):
            if sig(b"".join(recs[:i] + [bytes([recs[i][0], recs[i][1], v])] + recs[i + 1:])) == want:
                errs.append("%s: record %d value %d -> %d fails the same way" % (f, i, recs[i][2], v)); break
print("; ".join(errs[:10])); sys.exit(1 if errs else 0)' "$tool" "$go117" "$build/schedtext" "$tr/shrink"
# one-p-retake, two goroutines wide, run four wide: the shrunk input is as
# narrow as the regression itself (its callbacks, from its own run).
callbacks() { "$tool" signature --target "$go117" -- "$1" | sed -n 's/^callbacks=//p'; }
enc corpus/regressions/one-p-retake.txt "$tr/narrow"
sed 's/^shape goroutines 2$/shape goroutines 4/' corpus/regressions/one-p-retake.txt >"$tr/wide.txt"
enc "$tr/wide.txt" "$tr/wide"
"$tool" shrink --target "$go117" -- "$tr/wide" "$tr/wide.min" >/dev/null 2>&1
cb=$(callbacks "$tr/wide.min") cbwant=$(callbacks "$tr/narrow") cbwide=$(callbacks "$tr/wide")
[ "$(sig "$go117" "$tr/wide.min")" = "$(sig "$go117" "$tr/wide")" ] && [ "${cbwide:-0}" -gt "${cbwant:-0}" ] &&
	[ "${cb:-0}" -eq "${cbwant:-0}" ]
record $? "a program wider than the failure needs shrinks to the narrowest that fails ($cbwide callbacks -> $cbwant)" \
	"callbacks=$cb; $("$build/schedtext" decode "$tr/wide.min" 2>&1)"
mkdir -p "$tr/pass"
cp corpus/cgocallback_go117_fuzzer/canonical "$tr/pass/canonical"
run_capture "$tool" shrink --target "$go117" -- "$tr/pass/canonical" "$tr/pass/out"
[ "$rc" -eq 1 ] && [ ! -e "$tr/pass/out" ] && [[ "$err" == *"does not fail"* ]]
record $? "shrinking an input that passes: exit 1, nothing written" "exit $rc: $err"

section "triage-tool shrink on a search input: the strategy's decisions become records"
# simulate --search pos run 1 fails on go117 (it prints "[search pos]"): the
# input `search pos` + `stress 1`.  Shrunk, it must need neither the seed nor
# the strategy: the yield POS asked for at dwrap1 is an explicit record.
printf 'search pos\nstress 1\n' >"$tr/pos.txt"
enc "$tr/pos.txt" "$tr/pos"
"$tool" shrink --target "$go117" -- "$tr/pos" "$tr/pos.min" >/dev/null 2>&1
posmin=$("$build/schedtext" decode "$tr/pos.min" 2>&1)
[ "$(sig "$go117" "$tr/pos.min")" = "$(sig "$go117" "$tr/pos")" ] && [[ "$posmin" != *stress* ]] &&
	[[ "$posmin" != *search* ]] && [[ "$posmin" == *"preempt dwrap1"* ]]
record $? "a POS input shrinks to explicit records only, failing the same way" "$(sig "$go117" "$tr/pos") / $posmin"

section "triage-tool shrink on bug zoo rows: the same throw site, the same preemption site"
# tests/schedules/shrink-*.txt: inputs of zoo rows whose message another,
# cheaper input also gives at another throw site or preemption site (each
# file says how): there a shrinker that ignored the site would end.  That
# other input still fails so (else the fixture guards nothing), and the
# shrinker keeps the fixture's own sites.
zoo=cgocallback_variant_fuzzer
mkdir -p "$tr/zoo"
zsig() { SCHEDFUZZ_VARIANT=$1 sig "$zoo" "$2"; } # zsig ROW FILE
# zoo_shrink NAME ROW: the shrunk fixture fails as the fixture does.
zoo_shrink() {
	local f=$tr/zoo/$1 want got
	enc "tests/schedules/$1.txt" "$f"
	SCHEDFUZZ_VARIANT=$2 "$tool" shrink --target "$zoo" -- "$f" "$f.min" >/dev/null 2>&1
	want=$(zsig "$2" "$f") got=$(zsig "$2" "$f.min")
	[ "${want%%|*}" = fatal ] && [ "$got" = "$want" ] && [ "$(wc -c <"$f.min")" -le "$(wc -c <"$f")" ]
	record $? "$2 ($1): the shrunk input fails with the same message at the same throw site, preempted at the same site" \
		"original: $want; shrunk: $got; $("$build/schedtext" decode "$f.min" 2>&1 | paste -sd';')"
}
# zoo_elsewhere NAME ROW FIELD WHAT RECORDS: RECORDS (';' between them,
# what a shrinker blind to that site made of NAME) fail with NAME's status
# and message, but field FIELD of sig (3 the throw site, 4 the preemption
# site) differs.
zoo_elsewhere() {
	local f=$tr/zoo/$1-$3 want got
	printf '%s\n' "$5" | tr ';' '\n' >"$f.txt"
	enc "$f.txt" "$f"
	want=$(zsig "$2" "$tr/zoo/$1") got=$(zsig "$2" "$f")
	[ "${want%%|*}" = fatal ] && [ "$(cut -d'|' -f1,2 <<<"$got")" = "$(cut -d'|' -f1,2 <<<"$want")" ] &&
		[ "$(cut -d'|' -f"$3" <<<"$got")" != "$(cut -d'|' -f"$3" <<<"$want")" ]
	record $? "$2 ($1): another input fails with the same message at another $4 ($(cut -d'|' -f"$3" <<<"$got"))" \
		"original: $want; other ($5): $got"
}
zoo_shrink shrink-sites-go124 go124
zoo_elsewhere shrink-sites-go124 go124 3 "throw site" \
	"shape goroutines 1;shape cthreads 1;shape nest 2;preempt dwrap1 0 sysmon"
zoo_elsewhere shrink-sites-go124 go124 4 "preemption site" \
	"shape goroutines 2;shape cthreads 1;shape nest 2;retake cgocallbackret 0 yes"
zoo_shrink shrink-preemptsite-go118dev go118dev
zoo_elsewhere shrink-preemptsite-go118dev go118dev 4 "preemption site" \
	"shape goroutines 2;shape cthreads 1;shape gomaxprocs 1;preempt init 0 sysmon;retake cgocall 1 yes;sigprof dropg 4 yes"
zoo_shrink shrink-throwsite-go115-needm go115-needm
zoo_elsewhere shrink-throwsite-go115-needm go115-needm 3 "throw site" "shape cthreads 1;signal lockextra 0 user"

section "triage: the decision-level shrinker in the pipeline"
{ cat "$tri_reg" && printf 'sigprof creturn 250 yes\npreempt userfn 251 gc\n'; } >"$tr/padded.txt"
mkdir -p "$tr/in-pad"
enc "$tr/padded.txt" "$tr/in-pad/crash-padded"
# What the checks below expect, from their sources: the padded input's size;
# the regression's decision records alone, where the shrinker ends (its
# shape is the go117 target's default, so its shape records change nothing
# and go); and triage's replays per input, the default its --help gives.
pad_size=$(wc -c <"$tr/in-pad/crash-padded")
grep -v '^shape ' "$tri_reg" >"$tr/reg-dec.txt"
enc "$tr/reg-dec.txt" "$tr/reg-dec"
dec_size=$(wc -c <"$tr/reg-dec")
runs=$(bash scripts/triage --help | sed -n 's/.*replays per input (default \([0-9]*\)).*/\1/p')
run_capture env BUILD="$tri_build" LFDIR="$tr/no-libfuzzer" bash scripts/triage --target "$go117" -o "$tr/r-pad" "$tr/in-pad"
pycheck "without libFuzzer: the bucket minimal is the shrinker's ($pad_size -> $dec_size bytes), same signature $runs/$runs" '
import json, sys
d = json.load(open(sys.argv[1])); errs = []
pad, dec, runs = sys.argv[3], len(open(sys.argv[2], "rb").read()), int(sys.argv[4])
b = d["buckets"][0] if len(d["buckets"]) == 1 else None
if d.get("runs_per_input") != runs: errs.append("runs_per_input %s, --help says %d" % (d.get("runs_per_input"), runs))
if b is None: errs.append("%d buckets" % len(d["buckets"]))
else:
    if "decision-level shrinking (%s -> %d bytes" % (pad, dec) not in b["minimised_by"]: errs.append(b["minimised_by"])
    if b["minimal"]["size"] >= b["original"]["size"]: errs.append("minimal %d bytes" % b["minimal"]["size"])
    if b["minimal"]["reproducible"] != "%d/%d" % (runs, runs): errs.append("minimal " + b["minimal"]["reproducible"])
    if open(b["minimal"]["path"], "rb").read() != open(sys.argv[2], "rb").read(): errs.append("minimal is not the decision records of issue47441")
print("; ".join(errs)); sys.exit(1 if errs else 0)' "$tr/r-pad/report.json" "$tr/reg-dec" "$pad_size" "${runs:-0}"

section "triage: each minimising step keeps only what the replay driver confirms"
# A libFuzzer stand-in whose "minimised" input passes: not kept.
lfake() { # lfake DIR SCRIPT-BODY: a stand-in for build/libfuzzer/$go117
	mkdir -p "$1"
	printf '#!/bin/sh\nout= seeded=0 in=\nfor a; do case $a in -exact_artifact_path=*) out=${a#*=} ;; -seed=*) seeded=1 ;; -*) ;; *) in=$a ;; esac; done\n%s\n' \
		"$2" >"$1/$go117"
	chmod +x "$1/$go117"
}
lfake "$tr/lf-passing" 'head -c 3 -- "$in" >"$out"'
run_capture env BUILD="$tri_build" LFDIR="$tr/lf-passing" bash scripts/triage --target "$go117" -o "$tr/r-lfp" "$tr/in-pad"
pycheck "libFuzzer's result that fails otherwise (here: passes) is not kept" '
import json, sys
d = json.load(open(sys.argv[1])); errs = []
b = d["buckets"][0] if len(d["buckets"]) == 1 else {"minimised_by": "%d buckets" % len(d["buckets"]), "minimal": {}}
if "libFuzzer -minimize_crash (its result changed the signature: not kept)" not in b["minimised_by"]: errs.append(b["minimised_by"])
if b["minimal"].get("reproducible") != "%s/%s" % (sys.argv[2], sys.argv[2]): errs.append("minimal %s" % b["minimal"].get("reproducible"))
print("; ".join(errs)); sys.exit(1 if errs else 0)' "$tr/r-lfp/report.json" "${runs:-0}"
# A replay driver that fails only on inputs bigger than the shrinker's
# result: that result is not confirmed, and is not kept.
fake_build "$tr/big-only" 'for f; do :; done
[ "$(wc -c <"$f")" -gt '"$dec_size"' ] || exit 0
echo "fatal error: m changed unexpectedly in cgocallbackg" >&2
exit 1'
fake_triage "$tr/big-only" -o "$tr/r-big" "$tr/in-pad"
pycheck "a shrunk input the replay driver does not confirm is not kept" '
import json, sys
d = json.load(open(sys.argv[1])); errs = []
b = d["buckets"][0] if len(d["buckets"]) == 1 else {"minimised_by": "%d buckets" % len(d["buckets"]), "minimal": {}}
if "decision-level shrinking (its result changed the signature: not kept)" not in b["minimised_by"]: errs.append(b["minimised_by"])
if b["minimal"].get("size") != int(sys.argv[2]): errs.append("minimal: %s bytes, not the original %s" % (b["minimal"].get("size"), sys.argv[2]))
print("; ".join(errs)); sys.exit(1 if errs else 0)' "$tr/r-big/report.json" "$pad_size"
# One that fails every time on the original, every other time on inputs as
# small as the shrinker's result, and logs each replay: the minimal input's
# count is that of its own replays, not the original's.
fake_build "$tr/small-flaky" 'for f; do :; done
d=$(dirname "$0")
if [ "$(wc -c <"$f")" -le '"$dec_size"' ]; then
	n=$(cat "$d/small" 2>/dev/null || echo 0)
	n=$((n + 1))
	echo "$n" >"$d/small"
	if [ $((n % 2)) -eq 0 ]; then printf "pass %s\n" "$f" >>"$d/log"; exit 0; fi
fi
printf "fail %s\n" "$f" >>"$d/log"
echo "fatal error: m changed unexpectedly in cgocallbackg" >&2
exit 1'
fake_triage "$tr/small-flaky" -o "$tr/r-sf" "$tr/in-pad"
pycheck "the minimal input reproducibility is measured on it: $runs/$runs for the original, its own replays' count for the minimal" '
import json, sys
d = json.load(open(sys.argv[1])); errs = []; runs = int(sys.argv[3])
b = d["buckets"][0] if len(d["buckets"]) == 1 else {"reproducible": "%d buckets" % len(d["buckets"]), "minimal": {}}
mine = [l.split(" ", 1)[0] for l in open(sys.argv[2]).read().splitlines() if l.endswith("/buckets/01/minimal")]
want = "%d/%d" % (mine.count("fail"), len(mine))
if len(mine) != runs: errs.append("the minimal was replayed %d times, not %d" % (len(mine), runs))
elif mine.count("fail") in (0, runs): errs.append("the stand-in failed the minimal %s: no test of its own count" % want)
if b["reproducible"] != "%d/%d" % (runs, runs) or b["minimal"].get("reproducible") != want:
    errs.append("%s, minimal %s (its replays: %s)" % (b["reproducible"], b["minimal"].get("reproducible"), want))
print("; ".join(errs)); sys.exit(1 if errs else 0)' "$tr/r-sf/report.json" "$tr/small-flaky/replay/log" "${runs:-0}"

section "triage: the same input, the same result"
# libFuzzer without -seed takes a new seed every run: a stand-in that
# "minimises" differently on each unseeded run, the same when seeded.
# (Its two results: the regression's decisions, and those with the input's
# last record.)
lfake "$tr/lf-random" 'n=$(cat "$(dirname "$0")/count" 2>/dev/null || echo 0)
echo $((n + 1)) >"$(dirname "$0")/count"
dec='"$(printf %q "$tr/reg-dec")"'
if [ "$seeded" -eq 1 ] || [ $((n % 2)) -eq 0 ]; then cat "$dec" >"$out"; else { cat "$dec" && tail -c 3 -- "$in"; } >"$out"; fi'
for k in 1 2; do
	run_capture env BUILD="$tri_build" LFDIR="$tr/lf-random" bash scripts/triage --target "$go117" -o "$tr/r-rand$k" "$tr/in-pad"
done
cmp -s "$tr/r-rand1/buckets/01/libfuzzer-minimized" "$tr/r-rand2/buckets/01/libfuzzer-minimized"
record $? "triage seeds libFuzzer's minimiser: two triages of one input keep the same libFuzzer result" \
	"$(grep minimised_by "$tr"/r-rand*/report.json)"
lf=$tri_build/libfuzzer
for k in 1 2; do
	run_capture env BUILD="$tri_build" LFDIR="$lf" bash scripts/triage --target "$go117" -o "$tr/r-lf$k" "$tr/in-pad"
done
a=$(cat "$tr"/r-lf1/buckets/01/libfuzzer-minimized "$tr"/r-lf1/buckets/01/minimal 2>/dev/null | sha256sum)
b=$(cat "$tr"/r-lf2/buckets/01/libfuzzer-minimized "$tr"/r-lf2/buckets/01/minimal 2>/dev/null | sha256sum)
[ -s "$tr/r-lf1/buckets/01/libfuzzer-minimized" ] && [ "$a" = "$b" ] &&
	grep -q "\"minimised_by\": \"libFuzzer -minimize_crash ($pad_size -> " "$tr/r-lf1/report.json"
record $? "two triages with libFuzzer -minimize_crash: byte-identical libFuzzer and final minimal inputs" \
	"$(grep minimised_by "$tr"/r-lf*/report.json)"

section "explain: the counterfactual agrees with re-running"
# The regression's decisions, each needed; two the failure does not need;
# and one record that asks for the default (not a decision of the input's:
# not listed).
{ cat "$tri_reg" && printf 'sigprof cgoexp 0 yes\nretake cgocall 2 yes\npreempt userfn 0 none\n'; } >"$tr/cf.txt"
enc "$tr/cf.txt" "$tr/cf"
run_capture "$build/explain" --target "$go117" -- "$tr/cf"
cf=$(printf '%s\n' "$out" | sed -n '/^counterfactual:/,$p' | grep 'reverted:')
ok=0 n=0 needed=0
while IFS= read -r line; do
	off=$(printf '%s' "$line" | sed -n 's/.* input@\([0-9]*\) .*/\1/p')
	claim=${line#*reverted: }
	# Revert it for real: the input without that record.
	head -c "$off" "$tr/cf" >"$tr/cf-rev"
	tail -c +"$((off + 4))" "$tr/cf" >>"$tr/cf-rev"
	got=$(sig "$go117" "$tr/cf-rev")
	case $claim in
	"passes"*) want="ok|"; needed=$((needed + 1)) ;;
	"still fails the same way"*) want=$(sig "$go117" "$tr/cf") ;;
	*) want="fatal|${claim#fails otherwise: }" ;;
	esac
	n=$((n + 1))
	case $got in "$want"*) ;; *) ok=1 && echo "    input@$off: explain says '$claim', the re-run gives '$got'" ;; esac
done <<<"$cf"
ndec=$((dec_size / 3))
[ "$ok" -eq 0 ] && [ "$n" -eq $((ndec + 2)) ] && [ "$needed" -eq "$ndec" ]
record $? "each of the $((ndec + 2)) input decisions: explain's verdict is what the run without its record does ($ndec needed)" "$cf"
suite_end
