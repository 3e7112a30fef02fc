# SPDX-License-Identifier: Apache-2.0
# Helpers for the shell tests: each check prints "ok" or "FAIL" and counts.
passed=0
failed=0

# scratch VAR: VAR names a new temporary folder, removed when the run ends.
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

record() { # record STATUS(0 ok) NAME [DETAIL]
	if [ "$1" -eq 0 ]; then
		passed=$((passed + 1))
		printf '  ok   %s\n' "$2"
	else
		failed=$((failed + 1))
		printf '  FAIL %s\n' "$2"
		[ -z "${3:-}" ] || printf '%s\n' "$3" | head -n 30 | sed 's/^/       | /'
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

expect_exit() { # expect_exit CODE NAME -- CMD...
	local want=$1 name=$2
	shift 3
	run_capture "$@"
	[ "$rc" -eq "$want" ]
	record $? "$name" "exit $rc, want $want; stderr: $err"
}

expect_stdout() { # expect_stdout TEXT NAME -- CMD...
	local want=$1 name=$2
	shift 3
	run_capture "$@"
	case "$out" in *"$want"*) record 0 "$name" ;; *) record 1 "$name" "stdout lacks '$want': $out $err" ;; esac
}

expect_stderr() { # expect_stderr TEXT NAME -- CMD...
	local want=$1 name=$2
	shift 3
	run_capture "$@"
	case "$err" in *"$want"*) record 0 "$name" ;; *) record 1 "$name" "stderr lacks '$want': $err" ;; esac
}

summary() {
	printf '\n%d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" -eq 0 ]
}
