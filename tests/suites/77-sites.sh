# SPDX-License-Identifier: Apache-2.0
# The preemption points against their upstream facts: runtime/sites.tsv
# says, with a Go 1.17 citation, which sites are prologues of splittable
# functions and in which rows; the model's SITE_PP flags, each row's PP set
# in runtime/variants.c (the flags less the row's nopp) and the sites at
# which each row takes preemption decisions (seen by tools/sweep.c over the
# whole grid) must agree with it exactly.  Sourced
# by tests/run-tests (uses $build, record from tests/lib.sh).
# tier: fast
# min-checks: 2

section "preemption points (runtime/sites.tsv)"
run_capture "$build/speed/sweep" --runs 1 --rows all --preemption-points
[ "$rc" -eq 0 ]
record $? "the sweep that lists the preemption points ran" "exit $rc: $err"
sites_report=$(printf '%s\n' "$out" | python3 -c '
import re, sys

facts, problems = {}, []
for n, line in enumerate(open("runtime/sites.tsv"), 1):
    if line.startswith("#") or not line.strip():
        continue
    f = line.rstrip("\n").split("\t")
    if len(f) != 4:
        problems.append("sites.tsv:%d: want 4 tab-separated fields, got %d" % (n, len(f)))
        continue
    site, pp, why, cite = f
    if not why.strip() or not re.fullmatch(r"src/[\w./-]+:[0-9]+", cite):
        problems.append("sites.tsv:%d: %s lacks a reason or a go1.17 file:line citation" % (n, site))
    facts[site] = pp

flags, rows, tables = {}, {}, {}
for line in sys.stdin:
    m = re.match(r"site (\S+) (pp|-)$", line)
    if m:
        flags[m.group(1)] = m.group(2) == "pp"
    m = re.match(r"(row|rowpp) (\S+):(.*)$", line)
    if m:
        (rows if m.group(1) == "row" else tables)[m.group(2)] = set(m.group(3).split())

for site in sorted(set(flags) ^ set(facts)):
    problems.append("%s: in %s only" % (site, "the model" if site in flags else "sites.tsv"))
for site, pp in facts.items():
    listed = set(pp.split(",")) if pp not in ("yes", "no") else set()
    for r in sorted(listed - set(rows)):
        problems.append("%s: sites.tsv names row %s, which the table does not have" % (site, r))
    if site in flags and flags[site] != (pp != "no"):
        problems.append("%s: SITE_PP is %s, sites.tsv says %s" % (site, flags[site], pp))
checks = ((tables, "variants.c makes %s a PP, sites.tsv does not", "sites.tsv makes %s a PP, variants.c does not (its nopp)"),
          (rows, "a preemption decision at %s, which sites.tsv says is no PP there", "no preemption decision ever at %s, a PP by sites.tsv"))
for got, extra, missing in checks:
    for row, have in sorted(got.items()):
        want = {s for s, pp in facts.items() if pp == "yes" or row in pp.split(",")}
        problems += ["row %s: " % row + extra % s for s in sorted(have - want)]
        problems += ["row %s: " % row + missing % s for s in sorted(want - have)]
if not rows or not flags or set(rows) != set(tables):
    problems.append("the sweep listed no sites, no rows, or not a PP table for every row")
print("\n".join(problems))
')
[ -z "$sites_report" ]
record $? "every site's PP flag, every row's PP table and the preemption points it reaches match runtime/sites.tsv" "$sites_report"
suite_end
