# SPDX-License-Identifier: Apache-2.0
"""The model's side: its C tools in BUILD (realgo-export, simulate).

A missing tool is built with make, passing the settings BUILD was made with
(BUILD/.settings, as scripts/triage does), so nothing else in BUILD is
rebuilt for another configuration.
"""

import os
import subprocess

from toolchain import ROOT, Error, say


def tool(build, name):
    path = os.path.join(build, name)
    if os.access(path, os.X_OK):
        return path
    args = ["make", "-C", ROOT, "BUILD=" + build]
    try:
        with open(os.path.join(build, ".settings")) as f:
            words = f.read().split()
        for var, val in zip(("CC", "SANITIZER", "CHECK", "OPT", "FEEDBACK"), words):
            args.append("%s=%s" % (var, val))
    except OSError:
        pass
    say("building %s" % path)
    r = subprocess.run(args + [path], capture_output=True, text=True)
    if r.returncode != 0 or not os.access(path, os.X_OK):
        raise Error("building %s failed:\n%s" % (path, (r.stdout + r.stderr).strip()[-2000:]))
    return path


def export_cmd(build, args):
    """Run realgo-export; a usage or input error is an Error with its message."""
    r = subprocess.run([tool(build, "realgo-export")] + args, capture_output=True, text=True)
    if r.returncode != 0:
        msg = r.stderr.strip().splitlines()
        raise Error(msg[0].replace("realgo-export: ", "") if msg else "realgo-export failed (exit %d)" % r.returncode)
    return r.stdout


def rows_of(build, target):
    return export_cmd(build, ["rows", "--target", target]).split()


def site_pps(build, ordering):
    """[(site, is a PP in the row, is C)] in sites.h order."""
    out = []
    for line in export_cmd(build, ["sites", "--ordering", ordering]).splitlines():
        name, pp, c = line.split("\t")
        out.append((name, pp == "1", c == "1"))
    return out


def simulate(build, scenario, ordering, runs, extra=()):
    """Seeded model runs: (runs, failed, callbacks)."""
    cmd = [tool(build, "simulate"), "--scenario", scenario, "--ordering", ordering, "--runs", str(runs)] + list(extra)
    r = subprocess.run(cmd, capture_output=True, text=True)
    last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
    f = dict(w.split("=", 1) for w in last.split() if "=" in w)
    if r.returncode not in (0, 1) or "runs" not in f:
        raise Error("simulate failed: %s" % (r.stderr.strip() or last))
    return int(f["runs"]), int(f["failed"]), int(f["callbacks"])
