# SPDX-License-Identifier: Apache-2.0
"""scripts/realgo: the real Go 1.19 runtime as the judge of the model.

Exit status: 0 done (run mode: every run passed; --sites: the tables agree);
1 some run failed (run mode) or the tables differ (--sites); 2 a usage,
input or setup error (a row with no real runtime, a site with no 1.19
function, a missing toolchain, a patch that does not apply).
"""

import argparse
import os
import subprocess
import sys

import export
import model
import program
import sites
import toolchain
from toolchain import Error

USAGE = """scripts/realgo [--ordering go117|fixed]... [--runs R] [--hook none|schedule|always] [--schedule SPEC]
                      [--timeout S] [--goroutines N] [--calls N] [--cthreads N] [--gomaxprocs N]
                      [--locked N] [--nest N] [--context none|zero|nonzero]
       scripts/realgo --export INPUT [--target T] [--ordering O] [--text|--binary] [--runs R] [--timeout S]
       scripts/realgo --sites [--site-table FILE]
       scripts/realgo --fidelity FILE
       scripts/realgo --build
       scripts/realgo --has-runtime TARGET"""

EPILOG = """run mode runs the test program (realgo/prog) R times per ordering (default: both) and prints runs,
failures by kind and the rate per run and per callback.  --export replays a model input (binary or
text, any target) on each of its rows that has a real runtime.  --sites derives the preemption-site
table from the compiled 1.19 code and compares it with the model's.  --fidelity runs everything
docs/fidelity.md reports.  --build makes the runtimes and programs (cached in $BUILD/realgo).
--has-runtime exits 0 when a target's row has a real runtime.  BUILD (default build) is the build
folder.  SPEC: "FUNC@N ...": preempt at the N-th prologue of FUNC (the schedule hook)."""


class Parser(argparse.ArgumentParser):
    def error(self, message):
        print("realgo: %s\nusage: %s" % (message, USAGE), file=sys.stderr)
        sys.exit(2)


def count(lo, hi):
    def parse(v):
        try:
            n = int(v)
        except ValueError:
            raise argparse.ArgumentTypeError("wants a whole number from %d to %d, not '%s'" % (lo, hi, v))
        if not lo <= n <= hi:
            raise argparse.ArgumentTypeError("wants a whole number from %d to %d, not '%s'" % (lo, hi, v))
        return n
    return parse


def parser():
    p = Parser(prog="scripts/realgo", usage=USAGE, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--export", metavar="INPUT")
    mode.add_argument("--sites", action="store_true")
    mode.add_argument("--fidelity", metavar="FILE")
    mode.add_argument("--build", action="store_true")
    mode.add_argument("--has-runtime", metavar="TARGET")
    p.add_argument("--ordering", action="append")
    p.add_argument("--runs", type=count(1, 100000))
    p.add_argument("--timeout", type=count(1, 3600), default=None)
    p.add_argument("--hook", choices=sorted(toolchain.HOOKS))
    p.add_argument("--schedule", metavar="SPEC")
    p.add_argument("--target")
    p.add_argument("--site-table", default=sites.DEFAULT_TABLE)
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--text", action="store_true")
    fmt.add_argument("--binary", action="store_true")
    for f in program.FIELDS:
        if f == "context":
            p.add_argument("--context", choices=program.CONTEXTS)
        else:
            p.add_argument("--" + f, type=count(0, 1000000000))
    return p


def build_dir():
    b = os.environ.get("BUILD", "build")
    return b if os.path.isabs(b) else os.path.join(toolchain.ROOT, b)


def do_build(build):
    for o in toolchain.ORDERINGS:
        for h in toolchain.HOOKS:
            print(toolchain.program(build, o, h))
    return 0


def do_sites(build, table_path):
    table = sites.read_table(table_path)
    bad = 0
    for o in toolchain.ORDERINGS:
        rows = sites.compare(build, o, table)
        print("%s: %s" % (o, toolchain.ORDERINGS[o]["what"]))
        print("  %-15s %-34s %-15s %-6s %s" % ("site", "Go 1.19 function", "compiled", "model", "verdict"))
        for r in rows:
            fn = r.symbol or (r.entry.function if r.entry else "?")
            print("  %-15s %-34s %-15s %-6s %s" % (r.site, fn, r.verdict, "PP" if r.model_pp else "-",
                                                  "DIFFERS: " + "; ".join(r.problems) if r.problems else "agrees"))
            bad += len(r.problems)
    print("go122-386, go122 (Go 1.22 on 386, not on this machine): unwindm (70fd4e47's body calls nothing: a leaf "
          "on amd64) in Go 1.19 built for GOARCH=386 %s" % " ".join(sites.ARCH_FLAGS))
    for row, what, pp, problems in sites.arch_rows(build):
        print("  %-15s %-34s %-15s %-6s %s" % ("unwindm", "runtime.unwindm (" + row + ")", what, "PP" if pp else "-",
                                              "DIFFERS: " + "; ".join(problems) if problems else "agrees"))
        bad += len(problems)
    print("site table: %s" % ("%d difference(s)" % bad if bad else "the compiled code and the model agree"))
    return 1 if bad else 0


def do_has_runtime(build, target):
    rows = model.rows_of(build, target)
    return 0 if any(r in toolchain.ORDERINGS for r in rows) else 1


def do_export(build, a):
    table = sites.read_table(a.site_table)
    args = []
    if a.target:
        args += ["--target", a.target]
    if a.ordering:
        if len(a.ordering) > 1:
            raise Error("--export takes one --ordering")
        args += ["--ordering", a.ordering[0]]
    if a.text:
        args.append("--text")
    if a.binary:
        args.append("--binary")
    if not os.path.isfile(a.export):
        raise Error("%s: no such file" % a.export)
    plans, skipped = export.plans(build, args + ["--", a.export], table)
    runs = a.runs or 20
    for o in skipped:
        print("%s: row %s has no real runtime here: not run" % (a.export, o))
    for plan in plans:
        res = plan.run(runs, a.timeout or 30)
        print(export.report(a.export, plan, res, runs))
    return 0


def do_runs(build, a):
    shape = dict(program.DEFAULT_SHAPE)
    for f in program.FIELDS:
        if getattr(a, f) is not None:
            shape[f] = getattr(a, f)
    hook = a.hook or ("schedule" if a.schedule else "none")
    if a.schedule and hook != "schedule":
        raise Error("--schedule needs --hook schedule")
    orderings = a.ordering or list(toolchain.ORDERINGS)
    for o in orderings:
        if o not in toolchain.ORDERINGS:
            raise Error("ordering '%s' has no real runtime here (real runtimes: %s)" % (o, ", ".join(toolchain.ORDERINGS)))
    runs = a.runs or 10
    binaries = {o: toolchain.program(build, o, hook) for o in orderings}
    check = subprocess.run([binaries[orderings[0]], "-check"] + program.flags(shape), capture_output=True, text=True,
                           env=program.environ(a.schedule))
    if check.returncode != 0:
        msg = (check.stderr.strip().splitlines() or ["exit status %d" % check.returncode])[0]
        raise Error(("bad --schedule: " if msg.startswith("schedfuzz:") else "bad shape: ") +
                    msg.replace("cgocallback: ", "").replace("schedfuzz: SCHEDFUZZ_SCHEDULE: ", ""))
    timeout = a.timeout or max(60, program.callbacks(shape) // 10000)
    print("realgo: Go %s (Debian %s); shape %s; %d callback(s) a run; hook %s%s" % (
        toolchain.go_version(), toolchain.debian_version(), program.describe(shape), program.callbacks(shape), hook,
        " (%s)" % a.schedule if a.schedule else ""))
    print("%-8s %6s %6s %6s %6s %6s %7s %10s %13s %7s" % ("ordering", "runs", "failed", "checkm", "sigsegv", "other",
                                                         "timeout", "fail/run", "fail/callback", "s/run"))
    failed = 0
    for o in orderings:
        s = program.run_many(binaries[o], shape, runs, a.schedule, timeout)
        failed += s.failed
        print("%-8s %6d %6d %6d %6d %6d %7d %10s %13s %7.3f" % (o, s.n, s.failed, s.count["checkm"], s.count["sigsegv"],
                                                               s.count["other"], s.count["timeout"], program.rate(s.per_run),
                                                               program.rate(s.per_callback), s.seconds))
        for d, n in sorted(s.details.items(), key=lambda x: -x[1]):
            print("         %dx %s" % (n, d))
    return 1 if failed else 0


def main(argv):
    a = parser().parse_args(argv)
    build = build_dir()
    try:
        if a.has_runtime:
            return do_has_runtime(build, a.has_runtime)
        if a.sites:
            return do_sites(build, a.site_table)
        if a.build:
            return do_build(build)
        if a.export:
            return do_export(build, a)
        if a.fidelity:
            import fidelity
            return fidelity.main(build, a.fidelity)
        return do_runs(build, a)
    except Error as e:
        toolchain.say(str(e))
        return 2
    except KeyboardInterrupt:
        return 130
