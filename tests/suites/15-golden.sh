# SPDX-License-Identifier: Apache-2.0
# Golden traces: every row of runtime/variants.c runs every seed of
# corpus/src/common (the canonical run and #62102 among them) and every
# regression, step for step and decision for decision, as pinned in
# tests/golden/ (scripts/golden; `make golden` rewrites them).
# tier: fast
# min-checks: 23

section "golden traces (tests/golden, make golden rewrites them)"
golden=(python3 scripts/golden --build "$build")
names=$("${golden[@]}" list)
for n in $names; do
	run_capture "${golden[@]}" check "$n"
	[ "$rc" -eq 0 ]
	record $? "every row runs $n as tests/golden/$n.txt pins it" "$out $err"
done
want=$(for f in corpus/src/common/*.txt corpus/regressions/*.txt; do basename "$f" .txt; done | sort)
[ "$names" = "$want" ] && printf '%s\n' "$names" | grep -qx canonical && printf '%s\n' "$names" | grep -qx issue62102
record $? "the golden schedules are every seed and every regression ($(echo $names | wc -w))" "$names"
run_capture "${golden[@]}" check
[ "$rc" -eq 0 ]
record $? "no golden file is missing or pins a schedule that is gone" "$out $err"

# The check itself: one step dropped from a copy fails, names the row and
# the step, and shows the line.
scratch gw
cp tests/golden/*.txt "$gw/"
awk '/^== row go122$/ { row = 1 } row && / deferreturn$/ && !done { done = 1; next } { print }' \
	tests/golden/canonical.txt >"$gw/canonical.txt"
run_capture "${golden[@]}" --dir "$gw" check canonical
[ "$rc" -eq 1 ] && [[ "$out" == *"first at row go122, step "* ]] && [[ "$out" == *"+t"*"deferreturn"* ]]
record $? "a go122 deferreturn step missing from its golden trace is a failure that shows it" "exit $rc: $out"
run_capture "${golden[@]}" --dir "$gw" write
[ "$rc" -eq 0 ] && cmp -s "$gw/canonical.txt" tests/golden/canonical.txt
record $? "scripts/golden write puts it back" "exit $rc: $out $err"
suite_end
