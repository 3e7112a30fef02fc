# SPDX-License-Identifier: Apache-2.0
"""The preemption-site table of Go 1.19, read from compiled code.

Whether a function on the callback path can be preempted is a fact of the
compiled runtime: a splittable function's prologue compares SP with
g.stackguard0 and calls runtime.morestack when it fails; a nosplit function,
or a small leaf the compiler exempts, has no such call.  For each row with a
real runtime this module disassembles the test program built on that row's
runtime (go tool objdump), finds each function of realgo/sites-go1.19.tsv,
and compares what it finds with the row's sites as the model has them
(realgo-export sites, from runtime/sites.h and the row's nopp).
"""

import fnmatch
import os
import re
import subprocess
import tempfile

import model
import toolchain
from toolchain import Error

DEFAULT_TABLE = os.path.join(toolchain.HERE, "sites-go1.19.tsv")


ENTRIES = ("site", "shared", "-")


class Entry:
    def __init__(self, site, function, at, nosplit, entries, note):
        self.site, self.function, self.at, self.entries, self.note = site, function, at, entries, note
        self.nosplit = [] if nosplit == "-" else nosplit.split(",")


def read_table(path=DEFAULT_TABLE):
    table = {}
    try:
        with open(path) as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise Error("cannot read the site table %s: %s" % (path, e.strerror))
    for i, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 6:
            raise Error("%s:%d: want 6 tab-separated columns (site, function, at, nosplit, entries, note)" % (path, i))
        if cols[4] not in ENTRIES:
            raise Error("%s:%d: entries is one of %s, not '%s'" % (path, i, ", ".join(ENTRIES), cols[4]))
        table[cols[0]] = Entry(*cols)
    return table


class Binary:
    """Symbols and disassembly of one built program."""

    def __init__(self, build, ordering, path):
        self.build, self.ordering, self.path = build, ordering, path
        self.goroot = toolchain.goroot(build, ordering)
        self.funcs = {}  # name -> {"file", "locs": {(base, line)}, "check"}
        cur = None
        for line in toolchain.go_tool(build, ordering, ["tool", "objdump", path]).splitlines():
            if line.startswith("TEXT "):
                name = line[5:line.index("(SB)")]
                cur = self.funcs[name] = {"file": line.split()[-1], "locs": set(), "check": False}
            elif cur is not None and "\t" in line:
                cols = line.strip().split("\t")
                f, _, n = cols[0].rpartition(":")
                if n.isdigit():
                    cur["locs"].add((f, int(n)))
                if re.match(r"CALL runtime\.morestack", cols[-1]):
                    cur["check"] = True

    def resolve(self, pattern):
        """The one function a name or glob names, or None."""
        hits = [n for n in self.funcs if fnmatch.fnmatchcase(n, pattern)]
        return hits[0] if len(hits) == 1 else None

    def _source(self, name):
        """(file, first line, last line) of a package-level func's source."""
        pkg, _, fn = name.rpartition(".")
        d = toolchain.PROG_DIR if pkg == "main" else os.path.join(self.goroot, "src", pkg)
        head = "func %s(" % fn
        for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            if not f.endswith(".go") or f.endswith("_test.go"):
                continue
            with open(os.path.join(d, f)) as fh:
                src = fh.read().splitlines()
            for i, line in enumerate(src):
                if line.startswith(head):
                    j = i
                    while j < len(src) and src[j] != "}":
                        j += 1
                    return f, i + 1, j + 1
        return None

    def inlined_into(self, name):
        """The functions whose code comes from name's body (name inlined)."""
        src = self._source(name)
        if src is None:
            return []
        f, lo, hi = src
        return sorted(c for c, fn in self.funcs.items() if any(b == f and lo <= n <= hi for b, n in fn["locs"]))

    def has_check(self, name):
        return self.funcs[name]["check"]

    def from_source(self, name, text):
        """Whether some instruction of name comes from a line of its file containing text."""
        fn = self.funcs[name]
        if not os.path.isfile(fn["file"]):
            return False
        with open(fn["file"]) as f:
            src = f.read().splitlines()
        base = os.path.basename(fn["file"])
        return any(b == base and 0 < n <= len(src) and text in src[n - 1] for b, n in fn["locs"])

    def prologue(self, pattern):
        """(symbol or None, has a stack check, what was found) for a table name."""
        s = self.resolve(pattern)
        if s is not None:
            return s, self.funcs[s]["check"], "stack check" if self.funcs[s]["check"] else "no stack check"
        into = self.inlined_into(pattern)
        if into:
            return None, False, "inlined into " + ", ".join(into)
        return None, None, "not in the program"


class Row:
    """One site of one ordering: the model's view and the compiled code's."""

    def __init__(self, site, entry, model_pp, symbol, compiled, problems, verdict):
        self.site, self.entry, self.model_pp = site, entry, model_pp
        self.symbol, self.compiled, self.problems, self.verdict = symbol, compiled, problems, verdict


def compare(build, ordering, table):
    """[Row] for one ordering; a Row's problems are the differences."""
    binary = Binary(build, ordering, toolchain.program(build, ordering, "none"))
    pps = model.site_pps(build, ordering)
    rows = []
    for site, pp, _ in pps:
        e = table.get(site)
        if e is None:
            rows.append(Row(site, None, pp, None, None, ["not in %s: add the 1.19 function it stands for" %
                                                         os.path.basename(DEFAULT_TABLE)], "missing"))
            continue
        problems, symbol, compiled = [], None, None
        if e.function == "model":
            verdict = "model step"
            if pp:
                problems.append("the model has a PP here, but the table calls it a model step with no 1.19 function")
        elif e.function == "-":
            verdict = "C or assembly"
            if pp:
                problems.append("the model has a PP here, but in 1.19 this step is C or assembly (no Go prologue)")
        else:
            symbol, compiled, verdict = binary.prologue(e.function)
            if compiled is None:
                problems.append("%s: not in the built program" % e.function)
            elif compiled != pp:
                problems.append("%s: %s in the 1.19 build, but the model %s a PP here" % (
                    symbol or e.function, verdict, "has" if pp else "has no"))
            if symbol and e.at != "-" and not binary.from_source(symbol, e.at):
                problems.append("%s has no code from a line with '%s'" % (symbol, e.at))
            if pp and e.entries == "-":
                problems.append("a PP whose entries the table does not say (site or shared)")
        for n in e.nosplit:
            s, check, what = binary.prologue(n)
            if check is None:
                problems.append("%s: not in the built program" % n)
            elif check:
                problems.append("%s runs inside this step and has a stack check: a PP the model lacks" % s)
        rows.append(Row(site, e, pp, symbol, compiled, problems, verdict))
    for site in table:
        if site not in {p[0] for p in pps}:
            rows.append(Row(site, table[site], False, None, None, ["no such site in runtime/sites.h"], "stale"))
    return rows


# The go122 rows stand for Go 1.22 on 386 (PIE, no open-coded defers), not on
# this machine: sites.h and runtime/sites.tsv keep their sites by hand.  The
# one site there that hangs on the architecture is unwindm: with 70fd4e47's
# body it calls nothing, and amd64 compiles that small leaf with no stack
# check, but the compiler's leaf rule is amd64's only (obj6.go).  Go 1.19
# compiled for 386 PIE shows what that body gets there.
ARCH_ROWS = ("go122-386", "go122")
ARCH_FLAGS = ["-buildmode=pie", "-gcflags=runtime=-S"]


def unwindm_386(build):
    """(has a stack check, what was found) for runtime.unwindm compiled by
    Go 1.19 for GOARCH=386 -buildmode=pie; None when it was not found."""
    env = toolchain.go_env(build, toolchain.goroot(build, "fixed"))
    with tempfile.TemporaryDirectory() as cache:  # a fresh cache: -S prints only what it compiles
        env.update(GOARCH="386", GOCACHE=cache, CGO_ENABLED="0")
        r = subprocess.run([toolchain.GO, "build"] + ARCH_FLAGS + ["-o", os.devnull, "runtime"], env=env,
                           capture_output=True, text=True)
    if r.returncode != 0:
        raise Error("compiling the 1.19 runtime for 386 failed:\n%s" % r.stderr.strip()[-2000:])
    body = None
    for line in (r.stdout + r.stderr).splitlines():
        if line.startswith("runtime.unwindm STEXT"):
            body = [line]
        elif body is not None and " STEXT" in line and not line.startswith("\t"):
            break
        elif body is not None:
            body.append(line)
    if body is None:
        return None, "runtime.unwindm not in the 386 build"
    check = any(re.search(r"CALL\s+runtime\.morestack", l) for l in body)
    return check, "stack check" if check else "no stack check"


def arch_rows(build):
    """[(row, compiled, model has a PP, problems)] for unwindm in ARCH_ROWS."""
    compiled, what = unwindm_386(build)
    out = []
    for row in ARCH_ROWS:
        pp = next(p for s, p, _ in model.site_pps(build, row) if s == "unwindm")
        problems = []
        if compiled is None:
            problems.append(what)
        elif compiled != pp:
            problems.append("unwindm: %s on 386, but the model has %s PP there" % (what, "a" if pp else "no"))
        out.append((row, what, pp, problems))
    return out


def function_for(table, site):
    """The 1.19 function a schedule entry at site names, or an Error."""
    e = table.get(site)
    if e is None or e.function in ("-", "model"):
        why = "not in the site table" if e is None else (
            "C or assembly code there" if e.function == "-" else "a step of the model's program or scheduler")
        raise Error("the schedule names site '%s', which has no Go 1.19 function to preempt at (%s)" % (site, why))
    return e.function
