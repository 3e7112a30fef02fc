# SPDX-License-Identifier: Apache-2.0
"""Replaying a model finding on the real runtime (scripts/realgo --export).

The input runs in the model first (realgo-export schedule): its shape becomes
the program's flags, and each preemption the model took that the default
would not becomes a request of the schedule hook: "at the N-th prologue of
the 1.19 function of that site" (realgo/sites-go1.19.tsv), N being the
model's occurrence count, which like the hook's counts entries of the
prologue and not its rerun after a preemption.  A GC preemption (preemptPark)
is requested as sysmon's: outside a GC cycle nothing would resume a G parked
in _Gpreempted.  The other decisions (which thread runs, which run queue a
scheduler takes from, sysmon retakes, context values, SIGPROF) cannot be
forced on a real machine; they are listed.  The program then runs R times
with the schedule, R times with no schedule, and R times with the
always-preempt hook (runtime.mayMoreStackPreempt), on each row of the input
that has a real runtime.
"""

import shlex

import model
import program
import sites
import toolchain
from toolchain import Error


class Block:
    """One row's model run of the input."""

    def __init__(self, lines):
        self.target = self.ordering = self.outcome = None
        self.shape = {}
        self.preempts = []  # (site, occ, choice)
        self.others = []    # "kind site occ choice"
        for line in lines:
            key, _, rest = line.partition(" ")
            if key in ("target", "ordering", "outcome"):
                setattr(self, key, rest)
            elif key == "shape":
                f, v = rest.split()
                self.shape[f] = v if f == "context" else int(v)
            elif key == "preempt":
                site, occ, choice = rest.split()
                self.preempts.append((site, int(occ), choice))
            elif key == "other":
                self.others.append(rest)

    def fails(self):
        return self.outcome != "ok"


def model_blocks(build, args):
    out = model.export_cmd(build, ["schedule"] + args)
    return [Block(b.splitlines()) for b in out.strip().split("\n\n")]


class Plan:
    """The real run of one block: binaries, schedule and notes."""

    def __init__(self, build, block, table):
        self.block = block
        self.ordering = block.ordering
        self.shape = dict(block.shape)
        self.notes = []
        hooked = toolchain.program(build, self.ordering, "schedule")
        binary = sites.Binary(build, self.ordering, hooked)
        self.entries = []
        for site, occ, choice in block.preempts:
            fn = sites.function_for(table, site)
            if table[site].entries == "shared":
                self.notes.append("not forced: preempt %s #%d %s (%s is also entered by the runtime's own code: its "
                                  "#%d is not the site's)" % (site, occ, choice, fn, occ))
                continue
            symbol, check, what = binary.prologue(fn)
            if not check:
                raise Error("the schedule preempts at site '%s', but %s in the %s build (%s): there is no "
                            "prologue to preempt at" % (site, fn, self.ordering, what))
            # The runtime names functions without the tools' ABI suffix.
            name = symbol[:-len(".abi0")] if symbol.endswith(".abi0") else symbol
            self.entries.append("%s@%d" % (name, occ))
            if choice == "gc":
                self.notes.append("preempt %s #%d gc: requested as sysmon's (gopreempt_m); a G parked by "
                                  "preemptPark outside a GC cycle would never be resumed" % (site, occ))
        if len(self.entries) > 16 or len({e.split("@")[0] for e in self.entries}) > 16:
            raise Error("the schedule has %d requests: the hook takes at most 16" % len(self.entries))
        for o in block.others:
            self.notes.append("not forced: %s (a choice of the machine's threads and scheduler)" % o)
        self.binaries = {"schedule": hooked, "none": toolchain.program(build, self.ordering, "none"),
                         "always": toolchain.program(build, self.ordering, "always")}
        self.schedule = " ".join(self.entries)

    def command(self):
        pre = "SCHEDFUZZ_SCHEDULE=%s " % shlex.quote(self.schedule) if self.schedule else ""
        return pre + " ".join(shlex.quote(w) for w in [self.binaries["schedule"]] + program.flags(self.shape))

    def run(self, runs, timeout):
        return {hook: program.run_many(self.binaries[hook], self.shape, runs,
                                       self.schedule if hook == "schedule" else None, timeout)
                for hook in ("schedule", "none", "always")}


def plans(build, args, table):
    """Plans for the rows of the input that have a real runtime."""
    blocks = model_blocks(build, args)
    real = [b for b in blocks if b.ordering in toolchain.ORDERINGS]
    if not real:
        rows = ", ".join(b.ordering for b in blocks)
        raise Error("the input's row (%s) has no real runtime on this machine; real runtimes: %s (Go %s)" % (
            rows, ", ".join(toolchain.ORDERINGS), toolchain.go_version()))
    skipped = [b.ordering for b in blocks if b not in real]
    return [Plan(build, b, table) for b in real], skipped


def report(input_path, plan, res, runs):
    b = plan.block
    lines = ["%s on the real runtime (%s): %s" % (input_path, plan.ordering, toolchain.ORDERINGS[plan.ordering]["what"]),
             "  model (%s, %s): %s" % (b.target, b.ordering, "passes" if b.outcome == "ok" else b.outcome),
             "  shape      %s" % program.describe(plan.shape),
             "  schedule   %s" % (plan.schedule or "(none: the model took no preemption)")]
    for site, occ, choice in b.preempts:
        lines.append("             preempt %s #%d %s" % (site, occ, choice))
    for n in plan.notes:
        lines.append("  note       " + n)
    lines.append("  %d runs each:" % runs)
    for hook, label in (("schedule", "with the schedule"), ("none", "no schedule"), ("always", "always-preempt")):
        s = res[hook]
        lines.append("    %-18s %3d/%d failed (%s)%s" % (label, s.failed, s.n, s.kinds(),
                                                          "; requests made in %d/%d passing runs" % (
                                                              s.made, s.n - s.failed) if hook == "schedule" and plan.schedule else ""))
    lines.append("  command    " + plan.command())
    return "\n".join(lines)
