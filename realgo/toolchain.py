# SPDX-License-Identifier: Apache-2.0
"""The real Go runtimes: private copies of Debian's Go 1.19, one per ordering.

Debian's golang-1.19-go and golang-1.19-src (installed by scripts/install-deps)
are never modified.  For each ordering, src/ is copied to
BUILD/realgo/goroot-ORDERING, the project's patches (realgo/patches/) are
applied and checked to apply exactly (no fuzz, no offset), and the schedule
hook (realgo/hook/) is added; the compiler, linker and tools are the system's,
linked in.  A copy is built under a temporary name and renamed only when it is
complete, with a stamp naming everything it was made from, so a half-made or
stale copy is never used.  The test program is built per (ordering, hook) with
go build and one GOCACHE under BUILD/realgo, so a second build is a cache hit.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# Where Debian installs Go 1.19; REALGO_GO119 names another tree of that layout.
DEBIAN_GOROOT = os.environ.get("REALGO_GO119", "/usr/lib/go-1.19")
GO = os.path.join(DEBIAN_GOROOT, "bin", "go")
PACKAGES = ("golang-1.19-go", "golang-1.19-src")

# The rows of runtime/variants.c that have a real runtime here, and how it
# is made.  Any other row (go122-386, go122: Go 1.22) has none.
ORDERINGS = {
    "go117": {
        "patches": ["go117-unlock-in-unwindm.patch"],
        "what": "Go 1.19.8 with realgo/patches/go117-unlock-in-unwindm.patch: unlockOSThread back at the end "
                "of unwindm (the ordering before 70fd4e47), checkm kept",
    },
    "fixed": {
        "patches": [],
        "what": "Go 1.19.8 as Debian ships it (70fd4e47's ordering and the checkm throw)",
    },
}

HOOK_FILE = os.path.join(HERE, "hook", "schedfuzz_hook.go")
PROG_DIR = os.path.join(HERE, "prog")
HOOK_FUNC = "runtime.schedfuzzHook"


def _module(path):
    with open(os.path.join(path, "go.mod")) as f:
        return next(line.split()[1] for line in f if line.startswith("module "))


PROG_PKG = _module(PROG_DIR)

# -gcflags per hook.  The schedule hook goes into every package whose
# functions a model site stands for (realgo/sites-go1.19.tsv): the runtime,
# the program, fmt and sync.  The always-preempt hook is upstream's, runtime
# only.
HOOKS = {
    "none": [],
    "schedule": ["-gcflags=%s=-d=maymorestack=%s" % (pkg, HOOK_FUNC) for pkg in ("runtime", PROG_PKG, "fmt", "sync")],
    "always": ["-gcflags=runtime=-d=maymorestack=runtime.mayMoreStackPreempt"],
}


class Error(Exception):
    """A setup or input problem: printed as one line, exit status 2."""


def say(msg):
    print("realgo: " + msg, file=sys.stderr, flush=True)


def realgo_dir(build):
    return os.path.join(build, "realgo")


def have_toolchain():
    return os.access(GO, os.X_OK) and os.path.isfile(os.path.join(DEBIAN_GOROOT, "src", "runtime", "cgocall.go"))


def ensure_toolchain():
    """Install Debian's Go 1.19 with scripts/install-deps if it is missing."""
    if have_toolchain() and shutil.which("patch"):
        return
    say("Go 1.19 is not installed: running scripts/install-deps")
    r = subprocess.run(["bash", os.path.join(ROOT, "scripts", "install-deps")])
    if r.returncode != 0 or not have_toolchain() or not shutil.which("patch"):
        raise Error("the Go 1.19 toolchain (Debian %s, and patch) is missing and could not be installed; "
                    "install it with apt-get, or run scripts/install-deps as root" % " and ".join(PACKAGES))


def go_version():
    with open(os.path.join(DEBIAN_GOROOT, "VERSION")) as f:
        return f.read().split()[0].replace("go", "", 1)


def debian_version():
    r = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", PACKAGES[0]], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else "unknown"


def _digest(paths, extra):
    h = hashlib.sha256()
    for p in paths:
        with open(p, "rb") as f:
            h.update(os.path.basename(p).encode() + b"\0" + f.read() + b"\0")
    h.update(extra.encode())
    return h.hexdigest()


def _stamp(ordering):
    patches = [os.path.join(HERE, "patches", p) for p in ORDERINGS[ordering]["patches"]]
    return "%s %s %s\n" % (go_version(), debian_version(), _digest(patches + [HOOK_FILE], ordering))


def _apply(patch, goroot):
    """Apply one patch exactly: it must match without fuzz or offset."""
    for dry in (True, False):
        cmd = ["patch", "-p1", "--batch", "--forward", "--fuzz=0", "-d", goroot, "-i", patch]
        if dry:
            cmd.append("--dry-run")
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0 or "offset" in r.stdout or "fuzz" in r.stdout:
            raise Error("%s does not apply cleanly to Go %s: %s" % (
                os.path.relpath(patch, ROOT), go_version(), (r.stdout + r.stderr).strip().replace("\n", "; ")))


def goroot(build, ordering):
    """The private GOROOT of an ordering, made if missing or stale."""
    if ordering not in ORDERINGS:
        raise Error("ordering '%s' has no real runtime here (real runtimes: %s)" % (ordering, ", ".join(ORDERINGS)))
    ensure_toolchain()
    final = os.path.join(realgo_dir(build), "goroot-" + ordering)
    stamp = _stamp(ordering)
    try:
        with open(os.path.join(final, ".schedfuzz-stamp")) as f:
            if f.read() == stamp:
                return final
    except OSError:
        pass
    os.makedirs(realgo_dir(build), exist_ok=True)
    say("making the %s runtime: %s" % (ordering, final))
    tmp = tempfile.mkdtemp(prefix="goroot-%s." % ordering, dir=realgo_dir(build))
    try:
        shutil.copytree(os.path.join(DEBIAN_GOROOT, "src"), os.path.join(tmp, "src"), symlinks=True)
        os.makedirs(os.path.join(tmp, "pkg"))
        # The compiler, linker and headers are the system's: read, never written.
        for sub in ("tool", "include"):
            os.symlink(os.path.realpath(os.path.join(DEBIAN_GOROOT, "pkg", sub)), os.path.join(tmp, "pkg", sub))
        shutil.copy(os.path.join(DEBIAN_GOROOT, "VERSION"), tmp)
        for p in ORDERINGS[ordering]["patches"]:
            _apply(os.path.join(HERE, "patches", p), tmp)
        shutil.copy(HOOK_FILE, os.path.join(tmp, "src", "runtime"))
        with open(os.path.join(tmp, ".schedfuzz-stamp"), "w") as f:
            f.write(stamp)
        if os.path.lexists(final):
            shutil.rmtree(final)
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def go_env(build, gr):
    env = dict(os.environ)
    for k in list(env):
        if k.startswith("GO") or k in ("CGO_CFLAGS", "CGO_LDFLAGS"):
            del env[k]
    rd = realgo_dir(build)
    env.update(GOROOT=gr, GOCACHE=os.path.join(rd, "gocache"), GOPATH=os.path.join(rd, "gopath"),
               GOENV="off", GO111MODULE="on", GOPROXY="off", CGO_ENABLED="1")
    return env


def go_tool(build, ordering, args):
    """Run `go ARGS` with an ordering's GOROOT; returns stdout."""
    gr = goroot(build, ordering)
    r = subprocess.run([GO] + args, env=go_env(build, gr), capture_output=True, text=True)
    if r.returncode != 0:
        raise Error("go %s failed: %s" % (" ".join(args[:2]), r.stderr.strip()[-2000:]))
    return r.stdout


def program(build, ordering, hook):
    """The test program built on an ordering's runtime with a hook."""
    if hook not in HOOKS:
        raise Error("unknown hook '%s' (none, schedule, always)" % hook)
    gr = goroot(build, ordering)
    out_dir = os.path.join(realgo_dir(build), "bin", "%s-%s" % (ordering, hook))
    os.makedirs(out_dir, exist_ok=True)
    final = os.path.join(out_dir, "cgocallback")
    tmp = final + ".tmp"
    cmd = [GO, "build", "-buildvcs=false", "-o", tmp] + HOOKS[hook] + ["."]
    r = subprocess.run(cmd, cwd=PROG_DIR, env=go_env(build, gr), capture_output=True, text=True)
    if r.returncode != 0:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise Error("building the test program (%s, hook %s) failed:\n%s" % (ordering, hook, r.stderr.strip()))
    os.replace(tmp, final)
    return final
