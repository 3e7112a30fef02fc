# SPDX-License-Identifier: Apache-2.0
"""Stage 1: OSS-Fuzz's own scripts, as its infrastructure runs them.

  compile        base-builder's build (compile, which sources
                 compile_<engine> and runs $SRC/build.sh), in the
                 environment the builder images set
  test_all.py    base-runner's build check (helper.py check_build): every
                 fuzz target in $OUT through bad_build_check, with $OUT moved
  run_fuzzer     a short run as ClusterFuzz starts one: the seed zip,
                 the .options file (parse_options.py), the dictionary
  reproduce      a testcase replayed as `helper.py reproduce` does
  presubmit      infra/presubmit.py's checks on projects/schedfuzz/

After compile the build's $SRC and $WORK are deleted (the runner image has
neither) and every runner script runs from an empty folder."""
import os
import re
import shutil
import subprocess
import sys
import time

from . import dockerenv
from .image import copy_tree

# infra/constants.py, which presubmit.py imports, when a checkout lacks it
# (the pinned copy has only the scripts): the values it allows, as
# google/oss-fuzz defines them.
CONSTANTS_SHIM = '''LANGUAGES = ['c', 'c++', 'go', 'javascript', 'jvm', 'python', 'rust', 'swift', 'ruby']
SANITIZERS = ['address', 'none', 'memory', 'undefined', 'thread', 'coverage', 'introspector', 'hwaddress']
ARCHITECTURES = ['i386', 'x86_64', 'aarch64']
ENGINES = ['libfuzzer', 'afl', 'honggfuzz', 'centipede', 'none']
'''


def run(cmd, env, cwd, log, timeout=None, stdin=subprocess.DEVNULL):
    with open(log, 'w') as f:
        try:
            return subprocess.run(cmd, env=env, cwd=cwd, stdout=f, stderr=subprocess.STDOUT, stdin=stdin,
                                  timeout=timeout, check=False).returncode
        except subprocess.TimeoutExpired:
            f.write(f'\n(oss-fuzz-check: stopped after {timeout} s)\n')
            return 124


def text(log):
    with open(log, errors='replace') as f:
        return f.read()


def build(img, rep, root, build_sh, dockerfile):
    """compile, in a copy of the tree at the project Dockerfile's WORKDIR."""
    env = img.builder_env()
    workdir = dockerenv.workdir(dockerfile, env) or os.path.join(img.src, 'schedfuzz')
    copy_tree(root, workdir)
    shutil.copy(build_sh, os.path.join(img.src, 'build.sh'))
    log = os.path.join(img.root, 'compile.log')
    t0 = time.time()
    rc = run(['bash', '-eu', os.path.join(img.bin, 'compile')], env, workdir, log)
    ok = rc == 0 and os.path.isdir(img.out)
    rep.check(ok, f'compile ({time.time() - t0:.0f} s; $SRC/{os.path.relpath(workdir, img.src)} is this tree, '
                  f'$SRC/build.sh is {os.path.relpath(build_sh, root)})', log)
    # What the build got, as compile prints it.
    for var in ('CC', 'CFLAGS', 'CXXFLAGS'):
        m = re.search(rf'^{var}=(.*)$', text(log), re.M)
        if m:
            rep.note(f'{var}={m.group(1)}')
    return ok


def to_runner(img):
    """The runner container: no $SRC, no $WORK, an empty working folder."""
    shutil.rmtree(img.src, ignore_errors=True)
    shutil.rmtree(img.work, ignore_errors=True)
    cwd = os.path.join(img.root, 'cwd')
    os.makedirs(cwd, exist_ok=True)
    return cwd


def test_all(img, rep, cwd):
    env = img.runner_env()
    log = os.path.join(img.root, 'test_all.log')
    t0 = time.time()
    rc = run([sys.executable, os.path.join(img.bin, 'test_all.py')], env, cwd, log, timeout=600)
    bad = sorted(set(re.findall(r'BAD BUILD:? [^\n]*', text(log))))
    name = f'test_all.py: bad_build_check passes on every fuzz target ({time.time() - t0:.0f} s)'
    return rep.check(rc == 0, name, text='\n'.join(bad) if bad else None, log=None if bad else log)


def run_fuzzer(img, rep, cwd, target):
    env = dict(img.runner_env(), RUN_FUZZER_MODE='batch')
    log = os.path.join(img.root, f'run_fuzzer-{target}.log')
    if img.engine == 'afl':
        rc = run([os.path.join(img.bin, 'run_fuzzer'), target, '-V', '3'], env, cwd, log, timeout=120)
        out = text(log)
        crashes = [f for f in _walk(os.path.join(img.tmp, f'{target}_afl_{img.sanitizer}_out')) if '/crashes/id:' in f]
        ok = rc == 0 and 'All set and ready to roll' in out and not crashes and ' -x ' in out
        return rep.check(ok, f'run_fuzzer {target} -V 3: afl-fuzz with the seed corpus and the dictionary, '
                             f'no crash ({len(crashes)})', log)
    rc = run([os.path.join(img.bin, 'run_fuzzer'), target, '-runs=500'], env, cwd, log, timeout=300)
    out = text(log)
    opts = re.search(r'-max_len=\d+', out)
    dict_entries = re.search(r'Dictionary: (\d+) entries', out)
    ok = (rc == 0 and 'Using seed corpus' in out and 'Done 500 runs' in out and opts is not None
          and dict_entries is not None and int(dict_entries.group(1)) > 0)
    return rep.check(ok, f'run_fuzzer {target} -runs=500: the seed corpus, {opts.group(0) if opts else "no -max_len"} '
                         f'from the .options (parse_options.py), {dict_entries.group(1) if dict_entries else "no"} '
                         f'dictionary entries', log)


def reproduce(img, rep, cwd, target, testcase, label):
    env = dict(img.runner_env(), TESTCASE=testcase)
    log = os.path.join(img.root, f'reproduce-{target}.log')
    rc = run([os.path.join(img.bin, 'reproduce'), target, '-runs=10'], env, cwd, log, timeout=120)
    out = text(log)
    clean = not re.search(r'ERROR: (AddressSanitizer|MemorySanitizer|UndefinedBehaviorSanitizer|libFuzzer)|'
                          r'runtime error:|fatal error:', out)
    ran = f'Executed {testcase}' in out
    return rep.check(rc == 0 and clean and ran, f'reproduce {target} {label}: runs it, clean (exit {rc})', log)


def presubmit(top, rep, scratch, files, others):
    """infra/presubmit.py's checks (licence headers, project.yaml, the
    engine library, seed corpora, apt-get) on the project's FILES, laid
    out as projects/schedfuzz/ in an oss-fuzz tree; OTHERS, outside
    projects/, get the checks that apply anywhere (the licence header)."""
    proj = os.path.join(scratch, 'presubmit', 'projects', 'schedfuzz')
    os.makedirs(proj, exist_ok=True)
    paths = []
    for src, name in files:
        shutil.copy(src, os.path.join(proj, name))
        paths.append(os.path.join(proj, name))
    paths += others
    shims = []
    path = [os.path.join(top, 'infra')]
    if not os.path.isfile(os.path.join(top, 'infra', 'constants.py')):
        d = os.path.join(scratch, 'presubmit', 'shim')
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, 'constants.py'), 'w') as f:
            f.write(CONSTANTS_SHIM)
        path.insert(0, d)
        shims.append('infra/constants.py: the checkout has none; the allowed languages, sanitizers, '
                     'architectures and engines of google/oss-fuzz stand in for it')
    code = ('import sys; sys.path[:0] = sys.argv[1].split(":"); import presubmit; '
            'sys.exit(0 if presubmit.do_checks(sys.argv[2:]) else 1)')
    log = os.path.join(scratch, 'presubmit.log')
    try:
        import yaml  # noqa: F401  presubmit.py needs it
    except ImportError:
        rep.bad('presubmit.py runs', text='PyYAML is missing (Debian: python3-yaml; make deps installs it)')
        return shims
    rc = run([sys.executable, '-c', code, ':'.join(path)] + paths, None, scratch, log)
    rep.check(rc == 0, 'infra/presubmit.py: projects/schedfuzz/{' + ','.join(name for _, name in files)
              + '} and ' + ', '.join(os.path.basename(os.path.dirname(p)) + '/' + os.path.basename(p) for p in others)
              + ' pass its checks (licence header, project.yaml keys and values, $LIB_FUZZING_ENGINE, '
                'no seed zip, apt-get update)', log)
    return shims


def _walk(top):
    for d, _, fs in os.walk(top):
        for f in fs:
            yield os.path.join(d, f)
