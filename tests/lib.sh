# SPDX-License-Identifier: Apache-2.0
# Helpers for the shell tests.  tests/run-tests runs every suite in its own
# bash process with this file sourced first and $build set.  A suite:
#
#   - declares, in its header comment, its tier and how many checks it runs
#     at the least (tests/run-tests reads them from the file, so a suite
#     that dies early still has them):
#         # tier: fast          (fast: make check-fast and make check;
#                                slow: make check only, e.g. engine campaigns)
#         # min-checks: 40
#   - ends with the line `suite_end`, the sentinel that it ran to its end: a
#     syntax error or an `exit` anywhere in it makes the run fail.
#
# Each check prints "ok" or "FAIL" and counts.  With SF_FAIL_FAST=1 (make
# mutate) the suite stops at its first failing check.
passed=0
failed=0

# scratch VAR: VAR names a new temporary folder, removed when the suite ends.
scratch_dirs=()
scratch() {
	local d
	d=$(mktemp -d)
	scratch_dirs+=("$d")
	printf -v "$1" '%s' "$d"
}
cleanup_scratch() { [ "${#scratch_dirs[@]}" -eq 0 ] || rm -rf "${scratch_dirs[@]}"; }
trap cleanup_scratch EXIT

section() { printf '\n== %s\n' "$1"; }

# The counts go to the file tests/run-tests named; only suite_end (or a
# fail-fast stop) writes "finished", so a suite cut short is told apart.
suite_report() { # suite_report finished|stopped
	[ -z "${SF_RESULT:-}" ] || printf '%s %d %d\n' "$1" "$passed" "$failed" >"$SF_RESULT"
}
suite_end() {
	suite_report finished
	exit 0
}

record() { # record STATUS(0 ok) NAME [DETAIL]
	if [ "$1" -eq 0 ]; then
		passed=$((passed + 1))
		printf '  ok   %s\n' "$2"
	else
		failed=$((failed + 1))
		printf '  FAIL %s\n' "$2"
		[ -z "${3:-}" ] || printf '%s\n' "$3" | head -n 30 | sed 's/^/       | /'
		if [ "${SF_FAIL_FAST:-0}" = 1 ]; then
			suite_report stopped
			exit 1
		fi
	fi
}

# run_capture CMD...: sets rc, out (stdout), err (stderr)
run_capture() {
	local o e
	o=$(mktemp) e=$(mktemp)
	# A death test's abort must not reach this shell as a signal death, or
	# bash prints "Aborted ..." on a passing run: the inner shell waits for
	# the command (the "exit" keeps bash from exec'ing it in place), takes
	# the notice into /dev/null and exits with 128+signal.
	("$@" >"$o" 2>"$e" </dev/null; exit $?) 2>/dev/null
	rc=$?
	out=$(cat "$o")
	err=$(cat "$e")
	rm -f "$o" "$e"
}

# A call written for the old helpers (no exit status) is a failing check,
# not a silent pass: say how to write it.
bad_call() { # bad_call HELPER NAME
	record 1 "$2" "$1: wrong arguments; write: $1 STATUS TEXT NAME -- CMD... (STATUS: the exit status it must have)"
}

expect_exit() { # expect_exit STATUS NAME -- CMD...
	local want=$1 name=$2
	[ "${3:-}" = -- ] || { bad_call expect_exit "$name"; return; }
	shift 3
	run_capture "$@"
	[ "$rc" -eq "$want" ]
	record $? "$name" "exit $rc, want $want; stderr: $err"
}

# expect_output STREAM STATUS TEXT NAME -- CMD...: the command exits with
# STATUS and STREAM (stdout or stderr) contains TEXT.
expect_output() {
	local stream=$1 want=$2 text=$3 name=$4 got
	shift 5
	run_capture "$@"
	got=$out
	[ "$stream" = stdout ] || got=$err
	if [ "$rc" -ne "$want" ]; then
		record 1 "$name" "exit $rc, want $want; stdout: $(printf '%s' "$out" | tail -n 5); stderr: $(printf '%s' "$err" | tail -n 10)"
	else
		case "$got" in
		*"$text"*) record 0 "$name" ;;
		*) record 1 "$name" "$stream lacks '$text': $(printf '%s' "$got" | tail -n 15)" ;;
		esac
	fi
}
expect_stdout() { # expect_stdout STATUS TEXT NAME -- CMD...
	if [ "${4:-}" != -- ] || ! [[ $1 =~ ^[0-9]+$ ]]; then bad_call expect_stdout "$(call_name "$@")"; return; fi
	expect_output stdout "$@"
}
expect_stderr() { # expect_stderr STATUS TEXT NAME -- CMD...
	if [ "${4:-}" != -- ] || ! [[ $1 =~ ^[0-9]+$ ]]; then bad_call expect_stderr "$(call_name "$@")"; return; fi
	expect_output stderr "$@"
}
call_name() { if [ "${3:-}" = -- ]; then printf '%s' "$2"; else printf '%s' "${3:-?}"; fi; }

# The decisions a trace (replay --trace, simulate --trace) took from input
# records, one "KIND SITE OCC = CHOICE @OFFSET" per line.
taken_decisions() {
	sed -n 's/^ *decide \([a-z]*\) \([a-z0-9]*\) \([0-9]*\) = \([a-z0-9]*\) (of [0-9]*) \[input@\([0-9]*\)\]$/\1 \2 \3 = \4 @\5/p'
}

# expect_rows SCENARIO FILE: replay each '# expect row ROW: SIG' line of
# the regression FILE with simulate, starting from SCENARIO: SIG is 'pass'
# or the fatal signature (with or without its "fatal error: ").  "ROW
# --no-checkstate" replays without the checker, for a row whose other bug
# the checker would report first.
expect_rows() {
	local scenario=$1 f=$2 line row sig rowargs
	while IFS= read -r line; do
		row=${line#\# expect row }
		row=${row%%:*}
		sig=${line#*: }
		read -r -a rowargs <<<"$row"
		run_capture "$build/simulate" --scenario "$scenario" --ordering "${rowargs[@]}" --schedule "$f"
		if [ "$sig" = pass ]; then
			[ "$rc" -eq 0 ] && [[ "$out" == *"runs=1 ok=1 failed=0"* ]]
			record $? "$(basename "$f") passes on $row ($scenario)" "exit $rc: $(printf '%s' "$out" | tail -n 3) $(printf '%s' "$err" | tail -n 3)"
		else
			[ "$rc" -eq 1 ] && [[ "$out" == *"fatal error: ${sig#fatal error: }"* ]]
			record $? "$(basename "$f") fails $row with '$sig' ($scenario)" "exit $rc: $(printf '%s' "$out" | tail -n 3)"
		fi
	done < <(grep '^# expect row ' "$f")
}
