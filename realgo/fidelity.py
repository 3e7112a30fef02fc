# SPDX-License-Identifier: Apache-2.0
"""make realgo: the model beside the real runtime, written to docs/fidelity.md.

One run measures everything the page reports: the preemption-site table of
the compiled 1.19 code against the model's, the failure rates of the test
program on the go117 and fixed runtimes next to the model's (simulate) on the
matching scenario, and the replay of every regression in corpus/regressions/
whose row has a real runtime.  The run counts below keep it under 10 minutes
on a 2-core machine; the page records how long it took.
"""

import datetime
import glob
import math
import os
import platform
import sys
import time

import export
import model
import program
import sites
import toolchain

# (label, real shape changes, hook, {ordering: runs}, model scenario, simulate flags)
CONFIGS = [
    ("default shape, context function (TracebackContextPreemption)", {}, "none",
     {"go117": 100, "fixed": 500}, "TracebackContextPreemption", []),
    ("no context function", {"context": "none"}, "none",
     {"go117": 30, "fixed": 20}, "TracebackContextNone", []),
    ("a context function that leaves the context 0", {"context": "zero"}, "none",
     {"go117": 20}, "TracebackContextPreemption", ["--context", "zero"]),
    ("always-preempt hook (mayMoreStackPreempt), 10 x 100 calls", {"calls": 100}, "always",
     {"go117": 20, "fixed": 20}, "TracebackContextPreemption", ["--preempt", "always"]),
    ("C-created threads: 2 goroutines + 3 C threads", {"goroutines": 2, "cthreads": 3}, "none",
     {"go117": 20, "fixed": 10}, "CgoCallbackFromCThread", []),
    ("GOMAXPROCS 1", {"gomaxprocs": 1}, "none",
     {"go117": 30, "fixed": 20}, "TracebackContextPreemption", ["--gomaxprocs", "1"]),
]
MODEL_RUNS = 1000
# The replayed programs are small (a few callbacks): many runs are cheap.
REPLAY_RUNS = {"go117": 100, "fixed": 10}


def log(msg):
    print("realgo: " + msg, file=sys.stderr, flush=True)


def wilson(k, n):
    """95% Wilson interval of a proportion."""
    if n == 0:
        return 0.0, 0.0
    z = 1.96
    p = k / n
    c = (p + z * z / (2 * n)) / (1 + z * z / n)
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, c - h), min(1.0, c + h)


def pct(k, n):
    lo, hi = wilson(k, n)
    return "%d/%d = %.1f%% [%.1f, %.1f]" % (k, n, 100.0 * k / n if n else 0, 100 * lo, 100 * hi)


def overlap(s1, s2):
    """Whether two runs' 95% intervals of the failure rate overlap."""
    a, b = wilson(s1.failed, s1.n), wilson(s2.failed, s2.n)
    return a[0] <= b[1] and b[0] <= a[1]


def fisher_greater(a, n1, b, n2):
    """One-sided Fisher exact p: a/n1 failures is more than b/n2 by chance."""
    k, n = a + b, n1 + n2

    def h(x):
        return math.comb(n1, x) * math.comb(n2, k - x) / math.comb(n, k)
    return sum(h(x) for x in range(a, min(k, n1) + 1))


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d CPU(s), Linux %s" % (cpu, os.cpu_count() or 0, platform.release())


def load():
    try:
        return "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        return "?"


def site_section(build, out):
    table = sites.read_table()
    rows = {o: sites.compare(build, o, table) for o in toolchain.ORDERINGS}
    arch = sites.arch_rows(build)
    bad = sum(len(r.problems) for rs in rows.values() for r in rs) + sum(len(p) for _, _, _, p in arch)
    out.append("## 1. Preemption sites: the compiled 1.19 code against the model\n")
    out.append("`scripts/realgo --sites` disassembles the test program built on each runtime (`go tool objdump`) and "
               "reads, for the function each model site stands for (`realgo/sites-go1.19.tsv`), whether its prologue "
               "has a stack check (a call of `runtime.morestack`): only there can a preemption request stop a "
               "goroutine.  It compares that with the row's sites in the model (`runtime/sites.h` and the row's "
               "`nopp`), and also checks that the Go functions run inside each step without a PP of their own have "
               "no stack check, and (below) the 386 rows' `unwindm`.  Result of this run: **%s**.\n" % (
                   "%d difference(s)" % bad if bad else "the compiled code and the model agree on every site"))
    out.append("| site | Go 1.19 function | go117: compiled | go117: model | fixed: compiled | fixed: model | note |")
    out.append("|---|---|---|---|---|---|---|")
    by = {o: {r.site: r for r in rs} for o, rs in rows.items()}
    for r in rows["go117"]:
        f = by["fixed"].get(r.site)
        cells = []
        for x in (r, f):
            if x is None:
                cells += ["?", "?"]
                continue
            mark = " **(differs)**" if x.problems else ""
            cells += [x.verdict + mark, "PP" if x.model_pp else "-"]
        fn = r.symbol or (r.entry.function if r.entry else "?")
        note = r.entry.note if r.entry else ""
        out.append("| `%s` | `%s` | %s | %s | %s | %s | %s |" % (r.site, fn, cells[0], cells[1], cells[2], cells[3], note))
    out.append("\nThe rows for Go versions that are not on this machine (`go122-386`, `go122`: Go 1.22 on 386 PIE, "
               "golang/go#62102) keep their sites by hand (`runtime/sites.tsv`, with the 1.17 lines cited), and their "
               "flags in `runtime/variants.c` (docs/model.md, section 1): without open-coded defers `deferreturn` is "
               "splittable between deferred calls.  One of their sites hangs on the architecture, and this run checks "
               "it: `unwindm` with 70fd4e47's body calls nothing, and the compiler marks a small leaf nosplit on amd64 "
               "only (cmd/internal/obj/x86/obj6.go:622 in go1.17 tests for AMD64), which is why `fixed` has no PP "
               "there.  Go 1.19 compiled for GOARCH=386 %s gives `runtime.unwindm` %s; the model gives %s.  On 386 "
               "the check is there whatever the body calls, so `go122`, whose `unwindm` differs, keeps it too." % (
                   " ".join(sites.ARCH_FLAGS), ("a " + arch[0][1] if arch[0][1] == "stack check" else arch[0][1]) if arch else "?",
                   ", ".join("%s %s" % (row, "a PP" if pp else "no PP") for row, _, pp, _ in arch)))
    problems = ["- %s, `unwindm` (386): %s" % (row, "; ".join(p)) for row, _, _, p in arch if p]
    problems += ["- %s, `%s`: %s" % (o, r.site, "; ".join(r.problems)) for o, rs in rows.items() for r in rs if r.problems]
    if problems:
        out.append("\nDifferences:\n")
        out += problems
    out.append("")
    return bad


def rates_section(build, out, results):
    out.append("## 2. Failure rates: the real runtime beside the model\n")
    out.append("Real: the test program (`realgo/prog`) on the private runtimes, each run a new process; a failure is "
               "any run that does not print OK (the kinds: `checkm` is the \"m changed unexpectedly in cgocallbackg\" "
               "throw, `sigsegv` a SIGSEGV with no output).  Per run: failed/runs with a 95%% Wilson interval; per "
               "callback: failures over runs x callbacks a run (a failing run counts whole, so a lower bound).  "
               "Model: `build/simulate` on the named scenario, %d seeded runs, the seeded feed (a preempt request at "
               "1 PP in 16, a quarter of them GC); per callback: failures over the callbacks the runs made.  The "
               "model's shapes are small (its clamps: at most 16 calls per goroutine); the real default is "
               "upstream's 10 goroutines x 100,000 calls.\n" % MODEL_RUNS)
    out.append("| configuration | ordering | real shape | real: failed/runs | kinds | per callback | s/run | model: failed/runs | per callback |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for label, changes, hook, runs, scenario, simflags in CONFIGS:
        shape = dict(program.DEFAULT_SHAPE, **changes)
        for o in runs:
            s = results[(label, o)]
            mr, mf, mc = model.simulate(build, scenario, o, MODEL_RUNS, simflags)
            results[("model", label, o)] = (mr, mf, mc)
            out.append("| %s | %s | %s%s | %s | %s | %s | %.3f | %s | %s |" % (
                label, o, program.describe(shape).replace(" ", ", "), ", hook %s" % hook if hook != "none" else "",
                pct(s.failed, s.n), s.kinds(), program.rate(s.per_callback), s.seconds,
                pct(mf, mr), program.rate(mf / mc if mc else 0)))
    out.append("")


def replay_section(build, out, results):
    out.append("## 3. Replaying the regressions on the real runtime\n")
    out.append("`scripts/realgo --export FILE` for each file of `corpus/regressions/`: the model runs the input on the "
               "row of its targets (its `# expect` lines) and, for contrast, on `fixed`; each preemption the model "
               "took becomes a request of the schedule hook at the N-th prologue of the site's 1.19 function; the "
               "program runs with the schedule, with no schedule, and with the always-preempt hook.  The other "
               "decisions of the schedule cannot be forced and are listed.  p: the one-sided Fisher exact test that the "
               "runs with the schedule fail more often than those without.\n")
    out.append("| regression | row | model | schedule (hook requests) | not forced | real: with the schedule | no schedule | p | always-preempt |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    table = sites.read_table()
    for path in sorted(glob.glob(os.path.join(toolchain.ROOT, "corpus", "regressions", "*.txt"))):
        rel = os.path.relpath(path, toolchain.ROOT)
        for o, runs in REPLAY_RUNS.items():
            plans, _ = export.plans(build, ["--ordering", o, "--", path], table)
            plan = plans[0]
            log("replaying %s on %s (%d runs x 3)" % (rel, o, runs))
            res = plan.run(runs, 30)
            results[("replay", rel, o)] = (plan, res)
            b = plan.block
            sched = "; ".join("`%s` (%s #%d %s)" % (e, s, n, c) for e, (s, n, c) in zip(plan.entries, b.preempts))
            others = ", ".join("`%s`" % x for x in b.others) or "-"
            p = fisher_greater(res["schedule"].failed, runs, res["none"].failed, runs)
            out.append("| `%s` | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                os.path.basename(rel), o, "fails" if b.fails() else "passes", sched or "-", others,
                pct(res["schedule"].failed, runs), pct(res["none"].failed, runs), "%.2g" % p,
                pct(res["always"].failed, runs)))
    out.append("")


def differs_section(out, results):
    def g(label, o):
        return results[(label, o)]

    def m(label, o):
        runs, failed, cbs = results[("model", label, o)]
        return failed, runs, cbs

    def mp(label, o):
        failed, runs, _ = m(label, o)
        return pct(failed, runs)

    def verb(n, yes, no):
        return yes if n else no

    d, none_, zero, always, ct, gp1 = (c[0] for c in CONFIGS)
    dg, df = g(d, "go117"), g(d, "fixed")
    out.append("## 4. What agrees, what differs, and why\n")

    fixed_runs = [(c[0], g(c[0], "fixed")) for c in CONFIGS if "fixed" in c[3]]
    fixed_replays = [(k[1], v[1]) for k, v in results.items() if k[0] == "replay" and k[2] == "fixed"]
    nf = sum(s.failed for _, s in fixed_runs) + sum(r[h].failed for _, r in fixed_replays for h in r)
    nr = sum(s.n for _, s in fixed_runs) + sum(r[h].n for _, r in fixed_replays for h in r)
    if nf == 0:
        out.append("- **fixed never failed**: %d real runs (%s of the default shape, %d callbacks each; the rest in "
                   "the other configurations and replays), 0 failures; the model's fixed row: 0 failures in every "
                   "configuration.  They agree." % (nr, pct(df.failed, df.n), program.callbacks(df.shape)))
    else:
        out.append("- **fixed FAILED %d of %d real runs**: %s.  The model says this ordering cannot fail; a failure "
                   "here is a bug in the model's reading of the runtime (or in the program) to investigate." % (
                       nf, nr, "; ".join("%s: %s" % (label, s.kinds()) for label, s in fixed_runs if s.failed)))
    mf, mr, mc = m(d, "go117")
    per_cb = "about once in {:,} callbacks".format(int(round(1 / dg.per_callback))) if dg.failed else \
        "less than once in {:,} callbacks".format(dg.n * program.callbacks(dg.shape))
    out.append("- **go117, default shape**: the real runtime %s (%s, %s per callback, %s); the model %s (%s, %s per "
               "callback).  %s  The rates differ by orders of magnitude, as they should: on the real runtime sysmon "
               "asks a goroutine to stop only after it has run for 10 ms, so the real failure comes %s, "
               "while the model's seeded feed requests a preemption at one PP in 16 and interleaves the threads "
               "step by step.  The model exists to reach the window at once; the rate it gives is not the real one." % (
                   verb(dg.failed, "failed", "did not fail"), pct(dg.failed, dg.n), program.rate(dg.per_callback),
                   dg.kinds(), verb(mf, "failed", "did not fail"), pct(mf, mr), program.rate(mf / mc if mc else 0),
                   verb(dg.count["checkm"], "Both fail with the same signature, the checkm throw (the go117 runtime "
                                            "keeps 70fd4e47's check; without it the real failure is a SIGSEGV).",
                        "The real runs showed no checkm throw this time."), per_cb))
    ng, zg = g(none_, "go117"), g(zero, "go117")
    nm, zm = m(none_, "go117")[0], m(zero, "go117")[0]
    if ng.failed + zg.failed + nm + zm == 0:
        out.append("- **Without a context function, or with one that leaves the context 0, go117 does not fail**, "
                   "real (%s and %s) or modelled (%s and %s): with no context there is no deferred pop, hence no "
                   "unlocked prologue: dwrap.1 is the only one, as the model has it (docs/model.md, section 3)." % (
                       pct(ng.failed, ng.n), pct(zg.failed, zg.n), mp(none_, "go117"), mp(zero, "go117")))
    else:
        out.append("- **Without a context (none / zero)** go117 failed: real %s and %s, model %s and %s.  The model "
                   "says dwrap.1 is the only unlocked PP; a failure without it is a PP the model misses." % (
                       pct(ng.failed, ng.n), pct(zg.failed, zg.n), mp(none_, "go117"), mp(zero, "go117")))
    ag, af = g(always, "go117"), g(always, "fixed")
    out.append("- **A preemption request at every prologue** (upstream's mayMoreStackPreempt, in the runtime only): "
               "go117 %s, fixed %s; the model with `--preempt always`: %s and %s.  With every prologue preempted, "
               "dwrap.1's always is; the goroutine fails when another M runs it before its own M takes it back, "
               "which with ten goroutines queued behind it is %s." % (
                   pct(ag.failed, ag.n), pct(af.failed, af.n), mp(always, "go117"), mp(always, "fixed"),
                   verb(ag.failed * 2 > ag.n, "most of the time", "not most of the time on this machine")))
    cg = g(ct, "go117")
    out.append("- **C-created threads** (2 goroutines, 3 C threads): real go117 %s, model %s.  Callbacks on an extra "
               "M stay locked (oneNewExtraM leaves lockedInt = 1), so only the two Go-created goroutines have the "
               "window, in both; the real rate per run falls with their share of the callbacks (%s per callback, "
               "against %s with ten goroutines)." % (
                   pct(cg.failed, cg.n), mp(ct, "go117"), program.rate(cg.per_callback), program.rate(dg.per_callback)))
    pg = g(gp1, "go117")
    out.append("- **GOMAXPROCS 1**: real go117 %s against %s with 2; model %s.  With one P, another M runs Go code "
               "only when sysmon takes the P from a goroutine in C.  retake does that to a P whose schedtick has not "
               "moved for 10 ms, in the same pass that asks its goroutine to stop (preemptone), so in a loop of C "
               "calls the P is retaken about as often as the goroutine is preempted; %s.  The model takes it as a "
               "retake decision." % (
                   pct(pg.failed, pg.n), pct(dg.failed, dg.n), mp(gp1, "go117"),
                   "the two rates' 95% intervals overlap" if overlap(pg, dg) else
                   "yet the two rates differ beyond their 95% intervals"))
    rep = [(k[1], v) for k, v in results.items() if k[0] == "replay" and k[2] == "go117"]
    lines = []
    for rel, (plan, res) in rep:
        lines.append("`%s` %s with the schedule, %s without, %s with always-preempt" % (
            os.path.basename(rel), pct(res["schedule"].failed, res["schedule"].n),
            pct(res["none"].failed, res["none"].n), pct(res["always"].failed, res["always"].n)))
    # Only the replays with a schedule: the hook reports nothing without one.
    made = sum(r["schedule"].made for _, (plan, r) in rep if plan.schedule)
    passed = sum(r["schedule"].n - r["schedule"].failed for _, (plan, r) in rep if plan.schedule)

    def rep_of(name):
        return next((r for rel, (_, r) in rep if os.path.basename(rel) == name), None)

    hand, dflt = rep_of("issue47441.txt"), rep_of("issue47441-default-picks.txt")
    out.append("- **Replays on go117**: %s.  The schedule makes the preemptions the model took happen where it took "
               "them (the hook made all its requests in %d of the %d runs with the schedule that finished); what it "
               "cannot make happen is the rest.  After gopreempt_m the goroutine is on the global run queue, and its "
               "own M, at its next schedule, takes it back unless that M has other work in its local run queue; the "
               "failure needs another M to look at the global queue first.  `issue47441` (built by hand) gets there "
               "by a `pick` with which the preempting M steals from the other P before it looks at the global "
               "queue, an order the real findrunnable never uses (local queue, global queue, netpoll, then "
               "stealing): one of the model's over-approximations (docs/model.md, section 6), so on the real "
               "runtime it reproduces only when the machine's timing hands the goroutine to another M (%s).  "
               "`issue47441-default-picks` is the same bug with every choice left to the model's defaults, which "
               "follow findrunnable's order: two preemptions at dwrap1, the second while the preempting M's P still "
               "holds a goroutine in its local queue, so that M runs it and the other M, its own queue empty, takes "
               "the preempted goroutine from the global queue.  The real runtime realises that by itself: %s with "
               "the schedule (%s), %s without; `sigsegv` is the symptom from before 70fd4e47, a return to C on "
               "another thread's stack.  `one-p-retake` "
               "and `nested-outer-dwrap1` also need sysmon to take the only P from a goroutine in C, which retake "
               "does to a P that has stayed in one C call across a sysmon tick (20 us at the least) or run one "
               "goroutine for 10 ms: the replayed programs' C calls return at once and their goroutines finish long "
               "before.  A GC preemption is requested as sysmon's: a goroutine parked by preemptPark outside a GC "
               "cycle would never be resumed." % (
                   "; ".join(lines), made, passed,
                   pct(hand["schedule"].failed, hand["schedule"].n) if hand else "not replayed",
                   pct(dflt["schedule"].failed, dflt["schedule"].n) if dflt else "not replayed",
                   dflt["schedule"].kinds() if dflt else "-",
                   pct(dflt["none"].failed, dflt["none"].n) if dflt else "-"))
    out.append("- **What the model gets right, by the real runtime**: where the PPs are (section 1), that fixed "
               "never fails, that go117 fails only with a context function and only by returning to C on another "
               "M, that extra-M callbacks cannot fail.  **What it does not claim**: rates, and which M the "
               "scheduler picks; its findings are interleavings the runtime allows, some of which the real "
               "scheduler's order makes rare.\n")


def main(build, path):
    t0 = time.monotonic()
    start = datetime.datetime.now(datetime.timezone.utc)
    load0 = load()
    toolchain.ensure_toolchain()
    log("building the runtimes and programs")
    tb = time.monotonic()
    for o in toolchain.ORDERINGS:
        for h in toolchain.HOOKS:
            toolchain.program(build, o, h)
    build_s = time.monotonic() - tb
    results = {}
    for label, changes, hook, runs, _, _ in CONFIGS:
        shape = dict(program.DEFAULT_SHAPE, **changes)
        for o, r in runs.items():
            log("%s: %s, %d runs" % (label, o, r))
            s = program.run_many(toolchain.program(build, o, hook), shape, r, None,
                                 max(60, program.callbacks(shape) // 10000))
            results[(label, o)] = s
    body = []
    bad = site_section(build, body)
    rates_section(build, body, results)
    replay_section(build, body, results)
    differs_section(body, results)
    total = time.monotonic() - t0
    head = ["<!-- Generated by make realgo (scripts/realgo --fidelity): do not edit by hand. -->",
            "# Fidelity: the model against the real Go runtime\n",
            "Made by one `make realgo` run on %s UTC: %s; Go %s (Debian golang-1.19-go %s); load average %s at the "
            "start, %s at the end (the machine is shared); %.0f s in all, of which %.0f s building the runtimes and "
            "programs (cached in `%s`).  Real runtimes: go117 = %s; fixed = %s.\n" % (
                start.strftime("%Y-%m-%d %H:%M"), machine(), toolchain.go_version(), toolchain.debian_version(), load0,
                load(), total, build_s, os.path.relpath(toolchain.realgo_dir(build), toolchain.ROOT),
                toolchain.ORDERINGS["go117"]["what"], toolchain.ORDERINGS["fixed"]["what"]),
            "Everything here comes from that run; `scripts/realgo` repeats any line of it (`--sites`, `--export "
            "FILE`, or a shape with `--ordering`, `--runs`, `--hook` and the shape flags).\n"]
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(head + body).rstrip() + "\n")
    os.replace(tmp, path)
    log("wrote %s in %.0f s" % (path, total))
    return 1 if bad else 0
