# SPDX-License-Identifier: Apache-2.0
# The real Go runtime as the judge (scripts/realgo, docs/fidelity.md): the
# private Go 1.19 runtimes and the test program (built once, cached in
# $build/realgo), the preemption-site table read from the compiled code
# against the model's, a few runs of each ordering, the schedule hook, the
# replay of a model finding, and the errors.  Sourced by tests/run-tests
# (uses $build, record, expect_*, run_capture and scratch from tests/lib.sh).
# tier: slow
# min-checks: 31

case $build in /*) rg_build=$build ;; *) rg_build=$PWD/$build ;; esac
realgo() { env BUILD="$rg_build" python3 scripts/realgo "$@"; }
rg_has() { case $1 in *"$2"*) return 0 ;; esac; return 1; }

section "realgo: the runtimes, the program and the site table"
run_capture realgo --build
[ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | grep -c '/cgocallback$')" -eq 6 ]
record $? "--build makes go117 and fixed, each with no hook, the schedule hook and always-preempt" "$err"
[ -f "$rg_build/realgo/goroot-go117/.schedfuzz-stamp" ] && ! [ -e /usr/lib/go-1.19/src/runtime/schedfuzz_hook.go ] &&
	grep -q 'unlockOSThread()' <(sed -n '/^func unwindm/,/^}/p' "$rg_build/realgo/goroot-go117/src/runtime/cgocall.go") &&
	! grep -q 'unlockOSThread()' <(sed -n '/^func unwindm/,/^}/p' "$rg_build/realgo/goroot-fixed/src/runtime/cgocall.go")
record $? "the go117 copy unlocks at the end of unwindm, the fixed copy does not, the system's runtime is untouched"

run_capture realgo --sites
[ "$rc" -eq 0 ] && rg_has "$out" "the compiled code and the model agree"
record $? "--sites: the compiled 1.19 code and the model's go117 and fixed rows agree" "$(printf '%s\n' "$out" | grep -v agrees)"
rg_has "$out" "runtime.cgocallbackg1.func2" && rg_has "$out" "unwindm         runtime.unwindm                    no stack check" &&
	rg_has "$out" "unwindm         runtime.unwindm (go122-386)        stack check     PP     agrees"
record $? "--sites names dwrap1's wrapper, finds fixed's unwindm without a stack check (amd64) and the same body with one on 386" "$out"

scratch rg_tmp
sed 's/^dwrap1\truntime\.cgocallbackg1\.func2\t[^\t]*/dwrap1\truntime.cgocallbackg1.func1\t-/' realgo/sites-go1.19.tsv >"$rg_tmp/wrong.tsv"
run_capture realgo --sites --site-table "$rg_tmp/wrong.tsv"
[ "$rc" -eq 1 ] && rg_has "$out" "runtime.cgocallbackg1.func1: no stack check in the 1.19 build, but the model has a PP here"
record $? "--sites fails on a table that maps dwrap1 to the pop closure (a leaf)" "exit $rc; $out"

section "realgo: runs"
run_capture realgo --ordering fixed --runs 3
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -Eq '^fixed +3 +0 '
record $? "fixed: 3 runs of the default shape (1e6 callbacks each) pass" "$out $err"
run_capture realgo --ordering go117 --hook always --calls 10 --runs 5
[ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -Eq '^go117 +5 +[1-5] +[1-5] ' && rg_has "$out" "m changed unexpectedly in cgocallbackg"
record $? "go117 with the always-preempt hook fails with the checkm throw" "$out $err"
run_capture realgo --ordering fixed --hook always --calls 10 --runs 5
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -Eq '^fixed +5 +0 '
record $? "fixed with the always-preempt hook passes" "$out $err"
run_capture "$rg_build/realgo/bin/fixed-none/cgocallback" -goroutines 0 --cthreads=2 -calls 3
[ "$rc" -eq 0 ] && [ "$out" = OK ]
record $? "C threads alone: a constructor starts them before Go from the same flags (-f v, --f=v)" "exit $rc; $out $err"
run_capture "$rg_build/realgo/bin/fixed-none/cgocallback" -goroutines 3 -calls 3 -nest 2 -unwind 2 -lockexit 1
[ "$rc" -eq 0 ] && [ "$out" = OK ]
record $? "-unwind: a panic through two levels of C frames, recovered in the goroutine; -lockexit: a goroutine exits locked" "exit $rc; $out $err"
run_capture "$rg_build/realgo/bin/fixed-none/cgocallback" -cthreads 65
[ "$rc" -eq 2 ] && rg_has "$err" "-cthreads wants 0 to 64, not 65"
record $? "a -cthreads out of range starts no C thread and is named by init" "exit $rc; $err"
run_capture realgo --ordering fixed --goroutines 2 --cthreads 2 --locked 1 --nest 3 --calls 50 --context zero \
	--lockexit 1 --unwind 1 --goexit 1 --runs 2
[ "$rc" -eq 0 ] && rg_has "$out" "goroutines=2 calls=50 cthreads=2 gomaxprocs=2 locked=1 nest=3 context=zero lockexit=1 unwind=1 goexit=1; 600 callback(s)"
record $? "every shape field is a flag of the program: C threads, LockOSThread, nesting, context, exiting locked, unwinding by Goexit" "$out $err"

section "realgo: the schedule hook"
# One goroutine, two calls: fmt.Sprintf's prologue is entered twice.  The
# request at #0 preempts the G there; its prologue's rerun when it resumes
# does not call the hook, so the next entry, on the same G, is #1.
rg_prog=$rg_build/realgo/bin/fixed-schedule/cgocallback
run_capture env SCHEDFUZZ_SCHEDULE="fmt.Sprintf@0 fmt.Sprintf@1 fmt.Sprintf@2" "$rg_prog" -goroutines 1 -calls 2
[ "$rc" -eq 0 ] && rg_has "$err" "schedule: 2 of 3 preemption requests made"
record $? "the hook counts each prologue entry once: #0 and #1 of two, never #2" "$err"
run_capture env SCHEDFUZZ_SCHEDULE="main.worker@2 fmt.Sprintf@2 runtime.cgocallbackg1.func2@1" "$rg_prog" -goroutines 3 -calls 1
[ "$rc" -eq 0 ] && rg_has "$err" "schedule: 3 of 3 preemption requests made"
record $? "the hook reaches functions of the program, fmt and the runtime" "$err"
# The table's entries column: for a "site" function every entry is one of
# the site's occurrences (3 goroutines, 2 C threads with 2 calls each); a
# "shared" one is entered by the runtime's own code too.
rg_entries() { # FUNC: how many of 16 requests at its prologues were made
	local s="" i
	for i in $(seq 0 15); do s="$s $1@$i"; done
	SCHEDFUZZ_SCHEDULE="$s" "$rg_prog" -goroutines 3 -calls 2 -cthreads 2 2>&1 |
		sed -n 's/^schedule: \([0-9]*\) of 16 preemption requests made$/\1/p'
}
rg_counts=""
for rg_f in runtime.startTemplateThread main.init.0 runtime.closechan 'sync.(*WaitGroup).Wait' main.worker.func1 \
	runtime.newproc runtime.chanrecv; do
	rg_counts="$rg_counts $rg_f=$(rg_entries "$rg_f")"
done
[ "$rg_counts" = " runtime.startTemplateThread=1 main.init.0=1 runtime.closechan=1 sync.(*WaitGroup).Wait=1 main.worker.func1=3 runtime.newproc=6 runtime.chanrecv=6" ] &&
	grep -Eq '^newproc	runtime.newproc	.*	shared	' realgo/sites-go1.19.tsv &&
	grep -Eq '^initwait	runtime.chanrecv	.*	shared	' realgo/sites-go1.19.tsv &&
	grep -Eq '^goexit	main.worker.func1	.*	site	' realgo/sites-go1.19.tsv
record $? "the hook counts the start-up sites' functions once each, goexit's once a goroutine; newproc's and initwait's (the runtime's own go statements and receives first) are shared" "$rg_counts"
run_capture env SCHEDFUZZ_SCHEDULE="runtime.nosuchfunction@1" "$rg_prog" -goroutines 1 -calls 1
[ "$rc" -eq 2 ] && rg_has "$err" "no function of that name in this program: runtime.nosuchfunction"
record $? "a schedule naming no function of the program is an error" "exit $rc; $err"

section "realgo: replaying a model finding"
run_capture realgo --export corpus/regressions/issue47441.txt --runs 5
rg_made=$(printf '%s\n' "$out" | sed -n 's/.*with the schedule *\([0-9]*\)\/5 failed.*requests made in \([0-9]*\)\/\([0-9]*\) passing runs.*/\1 \2 \3/p')
read -r rg_f rg_m rg_p <<<"${rg_made:-x x x}"
[ "$rc" -eq 0 ] && rg_has "$out" "schedule   runtime.cgocallbackg1.func2@0" && rg_has "$out" "not forced: pick schedule 2 1" &&
	[ "$rg_m" = "$rg_p" ] && [ "$((rg_f + rg_p))" -eq 5 ]
record $? "--export issue47441: dwrap1 #0 becomes a request at runtime.cgocallbackg1.func2's first prologue, made in every run" "$out $err"
run_capture realgo --export corpus/regressions/issue47441-default-picks.txt --runs 10
rg_f=$(printf '%s\n' "$out" | sed -n 's/.*with the schedule *\([0-9]*\)\/10 failed.*/\1/p')
[ "$rc" -eq 0 ] && rg_has "$out" "schedule   runtime.cgocallbackg1.func2@0 runtime.cgocallbackg1.func2@1" &&
	! rg_has "$out" "not forced" && [ "${rg_f:-0}" -ge 1 ]
record $? "--export issue47441-default-picks: two requests and nothing unforced; it fails on the real go117 in at least 1 of 10 runs" "$out $err"
run_capture realgo --export corpus/regressions/issue47441.txt --ordering fixed --runs 5
[ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | grep -Ec ' 0/5 failed \(none\)')" -eq 3 ]
record $? "--export on the fixed runtime: the same schedule never fails" "$out $err"
rg_bin=$rg_tmp/issue47441.bin
"$build/schedtext" encode corpus/regressions/issue47441.txt "$rg_bin"
run_capture realgo --export "$rg_bin" --target cgocallback_differential_fuzzer --runs 2
[ "$rc" -eq 0 ] && rg_has "$out" "row go122-386 has no real runtime here: not run" && rg_has "$out" "on the real runtime (go117)" &&
	rg_has "$out" "on the real runtime (fixed)"
record $? "--export of a binary differential input runs its rows with a real runtime and names the others" "$out $err"

section "realgo: bad input"
run_capture realgo --export corpus/src/common/issue62102.txt --target cgocallback_differential_fuzzer --ordering go122-386
[ "$rc" -eq 2 ] && rg_has "$err" "row (go122-386) has no real runtime on this machine"
record $? "an input whose row has no real runtime" "exit $rc; $err"
sed 's/^dwrap1\truntime\.cgocallbackg1\.func2\t[^\t]*/dwrap1\t-\t-/' realgo/sites-go1.19.tsv >"$rg_tmp/nodwrap1.tsv"
run_capture realgo --export corpus/regressions/issue47441.txt --runs 1 --site-table "$rg_tmp/nodwrap1.tsv"
[ "$rc" -eq 2 ] && rg_has "$err" "the schedule names site 'dwrap1', which has no Go 1.19 function"
record $? "a schedule naming a site with no 1.19 function" "exit $rc; $err"
run_capture realgo --export "$rg_tmp/no such file.txt"
[ "$rc" -eq 2 ] && rg_has "$err" "no such file"
record $? "a missing input" "exit $rc; $err"
run_capture realgo --ordering go122 --runs 1
[ "$rc" -eq 2 ] && rg_has "$err" "ordering 'go122' has no real runtime here"
record $? "--ordering of a row with no real runtime" "exit $rc; $err"
run_capture realgo --ordering fixed --locked 11
[ "$rc" -eq 2 ] && rg_has "$err" "bad shape: -locked wants 0 to -goroutines (10), not 11"
record $? "a shape the program refuses, before any run" "exit $rc; $err"
expect_exit 2 "--runs 0" -- env BUILD="$rg_build" python3 scripts/realgo --runs 0
run_capture env BUILD="$rg_tmp/b1" REALGO_GO119="$rg_tmp/none" python3 scripts/realgo --build
[ "$rc" -eq 2 ] && rg_has "$err" "the Go 1.19 toolchain" && ! [ -e "$rg_tmp/b1/realgo/goroot-go117" ]
record $? "a missing toolchain: a clear error, nothing made" "exit $rc; $err"
# A Go tree whose cgocall.go the go117 patch does not fit.
mkdir -p "$rg_tmp/go/src/runtime" "$rg_tmp/go/bin" "$rg_tmp/go/pkg"
ln -s /usr/lib/go-1.19/bin/go "$rg_tmp/go/bin/go"
cp /usr/lib/go-1.19/VERSION "$rg_tmp/go/"
ln -s /usr/lib/go-1.19/pkg/tool "$rg_tmp/go/pkg/tool"
ln -s /usr/lib/go-1.19/pkg/include "$rg_tmp/go/pkg/include"
sed 's/defer unlockOSThread()/defer unlockOSThread() \/\/ moved/' /usr/lib/go-1.19/src/runtime/cgocall.go >"$rg_tmp/go/src/runtime/cgocall.go"
run_capture env BUILD="$rg_tmp/b2" REALGO_GO119="$rg_tmp/go" python3 scripts/realgo --ordering go117 --runs 1
[ "$rc" -eq 2 ] && rg_has "$err" "go117-unlock-in-unwindm.patch does not apply cleanly" &&
	[ -z "$(ls -A "$rg_tmp/b2/realgo" 2>/dev/null | grep goroot)" ]
record $? "a patch that does not apply: a clear error, no runtime copy left behind" "exit $rc; $err; $(ls -A "$rg_tmp/b2/realgo" 2>&1)"

run_capture "$build/realgo-export" --help
[ "$rc" -eq 0 ] && [ -z "$err" ] && rg_has "$out" "usage: realgo-export"
record $? "realgo-export --help: the usage on stdout, exit 0" "exit $rc; $err"

section "realgo: triage offers the replay"
expect_exit 0 "--has-runtime for the go117 target" -- env BUILD="$rg_build" python3 scripts/realgo --has-runtime cgocallback_go117_fuzzer
expect_exit 2 "--has-runtime for an unknown target" -- env BUILD="$rg_build" python3 scripts/realgo --has-runtime nope
mkdir -p "$rg_tmp/in"
"$build/schedtext" encode corpus/regressions/issue47441.txt "$rg_tmp/in/crash-47441"
run_capture env BUILD="$rg_build" bash scripts/triage --target cgocallback_go117_fuzzer --lf-runs 0 --runs 1 -o "$rg_tmp/tri" "$rg_tmp/in"
grep -q '| on real Go | `BUILD=.*scripts/realgo --export .*buckets/01/minimal --target cgocallback_go117_fuzzer`' "$rg_tmp/tri/report.md" &&
	grep -q '"realgo_command": "BUILD=' "$rg_tmp/tri/report.json"
record $? "triage's report gives each bucket with a real runtime its scripts/realgo --export command" "$out $err"
suite_end
