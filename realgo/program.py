# SPDX-License-Identifier: Apache-2.0
"""Running the real test program (realgo/prog) and classifying each run.

A shape is the model's (struct sf_shape, runtime/runtime.h): each field is a
flag of the program.  A run passes when the program prints OK and exits 0.
A failure is one of the kinds the issue's test reports: the checkm throw
("m changed unexpectedly in cgocallbackg"), a SIGSEGV with no output (the
pre-70fd4e47 symptom: a return to C on another thread's stack), another
fatal error, or a timeout.
"""

import os
import re
import signal
import statistics
import subprocess
import time

FIELDS = ("goroutines", "calls", "cthreads", "gomaxprocs", "locked", "nest", "context", "lockexit", "unwind", "goexit")
CONTEXTS = ("none", "zero", "nonzero")
# TracebackContextPreemption as upstream runs it: 10 goroutines x 1e5 calls.
DEFAULT_SHAPE = {"goroutines": 10, "calls": 100000, "cthreads": 0, "gomaxprocs": 2, "locked": 0, "nest": 1,
                 "context": "nonzero", "lockexit": 0, "unwind": 0, "goexit": 0}

KINDS = ("checkm", "sigsegv", "other", "timeout")
KIND_TEXT = {
    "checkm": "fatal error: m changed unexpectedly in cgocallbackg",
    "sigsegv": "SIGSEGV with no output",
    "other": "other fatal errors",
    "timeout": "timeouts",
}
CHECKM = "fatal error: m changed unexpectedly in cgocallbackg"
MADE = re.compile(r"^schedule: (\d+) of (\d+) preemption requests made$", re.M)


def callbacks(shape):
    return (shape["goroutines"] + shape["cthreads"]) * shape["calls"] * shape["nest"]


def flags(shape):
    out = []
    for f in FIELDS:
        out += ["-" + f, str(shape[f])]
    return out


def describe(shape):
    return " ".join("%s=%s" % (f, shape[f]) for f in FIELDS)


class Run:
    def __init__(self, kind, detail, seconds, made=None):
        self.kind = kind      # "ok" or one of KINDS
        self.detail = detail  # the first line that names the failure
        self.seconds = seconds
        self.made = made      # (made, requested) from the schedule hook, when it reported


def classify(rc, out, err, timed_out):
    if timed_out:
        return "timeout", "timeout"
    if rc == 0 and out.strip() == "OK":
        return "ok", ""
    if CHECKM in err:
        return "checkm", CHECKM
    for line in err.splitlines():
        if line.startswith(("fatal error:", "panic:", "unexpected signal", "SIGSEGV", "signal ")):
            return "other", line.strip()
    if rc == -signal.SIGSEGV:
        return "sigsegv", "killed by SIGSEGV, no output"
    if rc < 0:
        return "other", "killed by signal %d, no output" % -rc
    return "other", "exit status %d%s" % (rc, (": " + err.strip().splitlines()[0]) if err.strip() else "")


def environ(schedule=None):
    """The runs' environment: the caller's, with the schedule hook's variable
    set to schedule or removed (every runtime copy reads it)."""
    env = dict(os.environ)
    env.pop("SCHEDFUZZ_SCHEDULE", None)
    if schedule:
        env["SCHEDFUZZ_SCHEDULE"] = schedule
    return env


def run_once(binary, shape, schedule=None, timeout=60):
    env = environ(schedule)
    start = time.monotonic()
    try:
        r = subprocess.run([binary] + flags(shape), capture_output=True, text=True, env=env, timeout=timeout,
                           stdin=subprocess.DEVNULL, errors="replace")
        kind, detail = classify(r.returncode, r.stdout, r.stderr, False)
        m = MADE.search(r.stderr)
        made = (int(m.group(1)), int(m.group(2))) if m else None
    except subprocess.TimeoutExpired:
        kind, detail, made = "timeout", "timeout after %d s" % timeout, None
    return Run(kind, detail, time.monotonic() - start, made)


class Stats:
    """R runs of one configuration."""

    def __init__(self, shape, runs):
        self.shape = shape
        self.runs = runs
        self.n = len(runs)
        self.count = {k: sum(1 for r in runs if r.kind == k) for k in KINDS}
        self.failed = sum(self.count.values())
        self.details = {}
        for r in runs:
            if r.kind != "ok":
                self.details[r.detail] = self.details.get(r.detail, 0) + 1
        self.per_run = self.failed / self.n if self.n else 0.0
        # Failing runs count whole: a lower bound on the rate per callback.
        self.per_callback = self.failed / (self.n * callbacks(shape)) if self.n else 0.0
        self.seconds = statistics.median(r.seconds for r in runs) if runs else 0.0
        self.total_seconds = sum(r.seconds for r in runs)
        self.made = sum(1 for r in runs if r.made and r.made[0] == r.made[1] and r.made[1] > 0)

    def kinds(self):
        return ", ".join("%d %s" % (self.count[k], k) for k in KINDS if self.count[k]) or "none"


def run_many(binary, shape, runs, schedule=None, timeout=60, progress=None):
    out = []
    for i in range(runs):
        out.append(run_once(binary, shape, schedule, timeout))
        if progress:
            progress(i + 1, out[-1])
    return Stats(shape, out)


def rate(x):
    return "0" if x == 0 else "%.2g" % x
