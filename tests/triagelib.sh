# SPDX-License-Identifier: Apache-2.0
# What the triage suites share: the build as an absolute path, the
# signatures the replay drivers show, and checks of JSON and SVG output.
# Sourced after tests/lib.sh, with $build set.

case $build in /*) tri_build=$build ;; *) tri_build=$PWD/$build ;; esac
tri_targets=(cgocallback_fuzzer cgocallback_go117_fuzzer cgocallback_go117_noassert_fuzzer cgocallback_differential_fuzzer)
tri_reg=corpus/regressions/issue47441.txt
tri_py=$(command -v python3 || true)
# What the replay drivers report for the go117 bug (20-fuzz.sh's rule).
if nm "$build/replay/cgocallback_fuzzer" 2>/dev/null | grep -q __asan_init; then
	tri_noassert_sig="AddressSanitizer: use-after-poison | cframe_read < cframe_pop < cgocallback_ret"
	tri_noassert_det="ASan bad stack access"
	tri_noassert_replay="AddressSanitizer: use-after-poison"
else
	tri_noassert_sig="fatal error: return to C on a foreign C stack frame"
	tri_noassert_det="C-frame check (bad stack access)"
	tri_noassert_replay="fatal error: return to C on a foreign C stack frame"
fi

tri_script=$PWD/scripts/triage
triage() { env BUILD="$tri_build" bash "$tri_script" "$@"; }
has() { case $1 in *"$2"*) return 0 ;; esac; return 1; }

# valid_json FILE / valid_svg FILE: parse them (python3, else jq/xmllint).
valid_json() {
	if [ -n "$tri_py" ]; then
		"$tri_py" -m json.tool "$1" >/dev/null 2>&1
	else
		jq . "$1" >/dev/null 2>&1
	fi
}
valid_svg() {
	if [ -n "$tri_py" ]; then
		"$tri_py" -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); sys.exit(0 if r.tag.endswith("svg") else 1)' "$1" || return 1
	fi
	if command -v xmllint >/dev/null 2>&1; then
		xmllint --noout "$1" || return 1
	fi
	[ -n "$tri_py" ] || command -v xmllint >/dev/null 2>&1
}

# The rules every triage report keeps, in python for pycheck scripts to start
# with: bucket_errors(report, n) for n inputs, each in a bucket 3/3, the
# counts adding up, one bucket per (target, signature); go117_errors(bucket)
# for a bucket of the go117 bug's assertion.
tri_rules='
GO117_SIG = "fatal error: m changed unexpectedly in cgocallbackg | site dwrap1 | preempt "
def bucket_errors(d, n):
    ins, bs = d["inputs"], d["buckets"]
    errs = [] if len(ins) == n else ["%d inputs, not %d" % (len(ins), n)]
    errs += ["%s: %s %s" % (i["path"], i["verdict"], i["reproducible"]) for i in ins
             if not i["verdict"].startswith("bucket") or i["reproducible"] != "3/3"]
    if sum(b["count"] for b in bs) != len(ins): errs.append("bucket counts do not add up")
    if len({(b["target"], b["signature"]) for b in bs}) != len(bs): errs.append("two buckets share a signature")
    return errs
def go117_errors(b):
    return [] if b["signature"].startswith(GO117_SIG) else [b["signature"]]
'

# pycheck NAME SCRIPT ARGS...: a python3 check that prints what is wrong.
pycheck() {
	local name=$1 script=$2
	shift 2
	if [ -z "$tri_py" ]; then
		record 1 "$name" "python3 is needed for this check"
		return
	fi
	run_capture "$tri_py" -c "$script" "$@"
	[ "$rc" -eq 0 ]
	record $? "$name" "$out $err"
}
