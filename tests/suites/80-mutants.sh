# SPDX-License-Identifier: Apache-2.0
# The mutants of tests/mutants/ still apply to the code they mutate (make
# mutate runs them; docs/testing.md).  A mutant whose old text is gone is
# stale: refresh it in its file, keeping the bug it stands for.  Tier slow,
# not for its time: make mutate runs check-fast on a tree it has mutated.
# tier: slow
# min-checks: 5

section "mutants (tests/mutants, make mutate)"
run_capture python3 scripts/mutate --stale
[ "$rc" -eq 0 ]
record $? "every mutant applies exactly once to the current source (none stale)" "$out $err"
n=$(python3 scripts/mutate --list | wc -l)
[ "$n" -ge 60 ]
record $? "tests/mutants lists $n mutants (at least 60)"
run_capture python3 scripts/mutate --list
bad=$(printf '%s\n' "$out" | awk '{ print $2 }' | sort -u | while read -r f; do [ -f "$f" ] || echo "$f"; done)
[ -z "$bad" ]
record $? "each mutant names a file of the tree" "$bad"
# A mutant whose text is gone is reported stale; a broken mutant file is an
# error that names the mutant.  Neither is skipped.
scratch mt
mkdir -p "$mt/scripts" "$mt/tests/mutants"
cp scripts/mutate "$mt/scripts/"
printf 'all:\n' >"$mt/Makefile"
printf 'mutant: x\nfile: Makefile\nbreaks: nothing\n@@ old\nno such text\n@@ new\n@@ end\n' >"$mt/tests/mutants/a.txt"
run_capture python3 "$mt/scripts/mutate" --stale
[ "$rc" -eq 1 ] && [[ "$out" == *"mutate: x (tests/mutants/a.txt:1): stale: its old text is no longer in Makefile"* ]]
record $? "a mutant whose old text is gone is reported stale, with where it is" "exit $rc: $out $err"
printf 'mutant: y\nfile: Makefile\n' >>"$mt/tests/mutants/a.txt"
run_capture python3 "$mt/scripts/mutate" --stale
[ "$rc" -eq 2 ] && [[ "$err" == *"mutant y lacks breaks, old, new"* ]]
record $? "a mutant without its fields is an error naming it" "exit $rc: $err"
suite_end
