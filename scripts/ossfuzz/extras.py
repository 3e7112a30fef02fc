# SPDX-License-Identifier: Apache-2.0
"""Stage 2: the project's own checks, stricter than OSS-Fuzz's, on the
same $OUT (moved, its sources gone, from an empty folder):

  static     build.sh names no sanitizer, engine library or compiler and
             links with $CXX ... $LIB_FUZZING_ENGINE; project.yaml lists
             each engine and sanitizer that builds here; the Dockerfiles start
             from base-builder, copy build.sh to $SRC/ and work in
             $SRC/schedfuzz
  shipped    each shipped fuzzer has its seed zip (exactly corpus/<fuzzer>/),
             .dict and .options ([libfuzzer] max_len, dict = <fuzzer>.dict);
             the crash-by-design go117 targets are absent
  libFuzzer  at least 100 instrumented edges (bad_build_check only warns
             below that), nothing written into the working folder, every
             seed replays without a crash or a sanitizer report
             (bad_build_check's seed corpus check is switched off upstream);
             coverage builds write a profile llvm-cov reads
  AFL++      a testcase runs from stdin (-) and as a file, every seed
             replays clean, afl-showmap sees at least 100 edges with the seed
             that reaches most
Other files in $OUT (llvm-symbolizer, the AFL++ tools, a coverage build's
sources) are OSS-Fuzz's business and allowed."""
import configparser
import os
import re
import subprocess
import zipfile

# Every engine and sanitizer that builds here (OSS-Fuzz's coverage build too).
CONFIGS = ('libfuzzer/address', 'libfuzzer/undefined', 'libfuzzer/memory', 'libfuzzer/coverage', 'afl/address')
SHIPPED = ('cgocallback_fuzzer', 'cgocallback_differential_fuzzer')
NOT_SHIPPED = ('cgocallback_go117_fuzzer', 'cgocallback_go117_noassert_fuzzer')
MIN_EDGES = 100
DIRTY = re.compile(r'runtime error:|ERROR: (Address|Memory|UndefinedBehavior|Leak)Sanitizer|deadly signal|==ERROR')
# Where a placeholder waits for a real value before a submission.
PLACEHOLDER = re.compile(r'OWNER|example\.org')


def code_of(path):
    """A shell script without its comments."""
    out = []
    with open(path) as f:
        for line in f:
            if line.lstrip().startswith('#'):
                continue
            out.append(re.sub(r'\s#.*', '', line))
    return ''.join(out)


def static(rep, root, build_sh, project_yaml):
    code = code_of(build_sh)
    # A wrapper that runs the OSS-Fuzz script (.clusterfuzzlite/build.sh) is judged with it.
    if 'oss-fuzz/build.sh' in code:
        code += code_of(os.path.join(root, 'oss-fuzz/build.sh'))
    hard = [l for l in code.splitlines() if re.search(
        r'-fsanitize|FuzzingEngine|libAFLDriver|libhfuzz|(^|[^\w$./-])(clang|clang\+\+|gcc|g\+\+|afl-clang[\w+-]*|hfuzz-clang[\w+]*)(\s|$)', l)]
    rep.check(not hard, 'build.sh hard-codes no sanitizer, engine library or compiler', text='\n'.join(hard))
    rep.check(re.search(r'\$\{?CXX\}?[^\w].*\$\{?LIB_FUZZING_ENGINE', code) is not None,
              'build.sh links with $CXX ... $LIB_FUZZING_ENGINE')
    try:
        import yaml
        data = yaml.safe_load(open(project_yaml))
    except ImportError:
        rep.bad('project.yaml read', text='PyYAML is missing (Debian: python3-yaml; make deps installs it)')
        data = None
    if isinstance(data, dict):
        rep.check(data.get('language') == 'c', f'{os.path.relpath(project_yaml, root)}: language c')
        cfl = yaml.safe_load(open(os.path.join(root, '.clusterfuzzlite/project.yaml')))
        rep.check(isinstance(cfl, dict) and cfl.get('language') == 'c', '.clusterfuzzlite/project.yaml: language c')
        sans = [next(iter(s)) if isinstance(s, dict) else s for s in data.get('sanitizers', [])]
        engines = list(data.get('fuzzing_engines', []))
        for c in CONFIGS:
            engine, san = c.split('/')
            if san != 'coverage':  # built for every C project without being listed
                rep.check(engine in engines and san in sans, f'project.yaml lists {engine} and {san}')
    for d in ('oss-fuzz/Dockerfile', '.clusterfuzzlite/Dockerfile'):
        t = open(os.path.join(root, d)).read()
        ok = (re.search(r'^FROM gcr\.io/oss-fuzz-base/base-builder', t, re.M) and
              re.search(r'^COPY .*build\.sh \$SRC/?$', t, re.M) and re.search(r'^WORKDIR \$SRC/schedfuzz$', t, re.M))
        rep.check(bool(ok), f'{d}: FROM base-builder, build.sh copied to $SRC/, WORKDIR $SRC/schedfuzz')


def placeholders(root):
    """The fill-ins of oss-fuzz/ left before a submission: (file:line, text)."""
    left = []
    for name in sorted(os.listdir(os.path.join(root, 'oss-fuzz'))):
        path = os.path.join(root, 'oss-fuzz', name)
        for i, line in enumerate(open(path, errors='replace'), 1):
            if PLACEHOLDER.search(line) and not line.lstrip().startswith('#'):
                left.append((f'oss-fuzz/{name}:{i}', line.strip()))
    return left


def run(cmd, cwd, log, env=None, stdin=None, timeout=120):
    with open(log, 'w') as f:
        try:
            return subprocess.run(cmd, cwd=cwd, stdout=f, stderr=subprocess.STDOUT, env=env,
                                  stdin=stdin if stdin is not None else subprocess.DEVNULL, timeout=timeout,
                                  check=False).returncode
        except subprocess.TimeoutExpired:
            return 124


def read(log):
    return open(log, errors='replace').read()


def seeds_of(out, target, dest):
    os.makedirs(dest, exist_ok=True)
    with zipfile.ZipFile(os.path.join(out, f'{target}_seed_corpus.zip')) as z:
        z.extractall(dest)
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(dest) for f in fs)


def shipped(rep, root, out, scratch, engine, sanitizer, runner_env, llvm):
    for t in NOT_SHIPPED:
        rep.check(not os.path.exists(os.path.join(out, t)), f'{t} (crashes by design) is not shipped')
    cwd = os.path.join(scratch, 'cwd2')
    os.makedirs(cwd, exist_ok=True)
    for t in SHIPPED:
        have = [f for f in (t, f'{t}_seed_corpus.zip', f'{t}.dict', f'{t}.options') if os.path.isfile(os.path.join(out, f))]
        if not rep.check(len(have) == 4, f'{t}: the fuzzer, its seed zip, .dict and .options are in $OUT',
                         text='has only: ' + ' '.join(have)):
            continue
        log = os.path.join(scratch, f'{t}.log')
        cp = configparser.ConfigParser()
        cp.read(os.path.join(out, f'{t}.options'))
        lf = cp['libfuzzer'] if cp.has_section('libfuzzer') else {}
        max_len = lf.get('max_len', '')
        rep.check(max_len.isdigit() and int(max_len) > 0 and lf.get('dict') == f'{t}.dict',
                  f'{t}.options: [libfuzzer] max_len = {max_len or "?"}, dict = {lf.get("dict", "?")} (shipped)')
        try:
            seeds = seeds_of(out, t, os.path.join(scratch, f'seeds-{t}'))
        except (zipfile.BadZipFile, OSError) as e:
            rep.bad(f'{t}_seed_corpus.zip opens', text=str(e))
            continue
        want = sorted(open(os.path.join(root, 'corpus', t, f), 'rb').read() for f in os.listdir(os.path.join(root, 'corpus', t)))
        got = sorted(open(f, 'rb').read() for f in seeds)
        rep.check(want == got and got, f'{t}_seed_corpus.zip holds exactly the {len(want)} seeds of corpus/{t}')
        binary = os.path.join(out, t)
        if engine == 'libfuzzer':
            libfuzzer(rep, binary, t, seeds, scratch, cwd, sanitizer, runner_env, llvm, log)
        else:
            afl(rep, binary, t, seeds, scratch, cwd, runner_env, log)


def libfuzzer(rep, binary, t, seeds, scratch, cwd, sanitizer, env, llvm, log):
    prof = os.path.join(scratch, f'prof-{t}')
    env = dict(env, LLVM_PROFILE_FILE=os.path.join(prof, '%p.profraw'))
    for f in os.listdir(cwd):  # what an earlier fuzzer's crash left
        os.remove(os.path.join(cwd, f))
    if sanitizer != 'coverage':
        # Coverage builds carry no fuzzing instrumentation; the runner only replays through them.
        rc = run([binary, '-seed=1337', '-runs=4'], cwd, log, env)
        m = re.search(r'Loaded \d+ modules? +\((\d+) inline 8-bit counters\)', read(log))
        n = int(m.group(1)) if m else 0
        rep.check(rc == 0 and n >= MIN_EDGES, f'{t}: {n} instrumented edges (at least {MIN_EDGES})', log)
        left = os.listdir(cwd)
        rep.check(not left, f'{t}: writes nothing into the working folder', text=' '.join(left[:5]))
    rc = run([binary, '-rss_limit_mb=2560', '-timeout=25', '-runs=0', os.path.dirname(seeds[0])], cwd, log, env)
    rep.check(rc == 0 and 'INITED' in read(log) and not DIRTY.search(read(log)),
              f'{t}: every seed replays clean (-runs=0, no sanitizer report)', log)
    if sanitizer == 'coverage':
        raws = [os.path.join(prof, f) for f in os.listdir(prof)] if os.path.isdir(prof) else []
        merged = os.path.join(prof, 'merged.profdata')
        ok = bool(raws) and run([os.path.join(llvm, 'llvm-profdata'), 'merge', '-sparse'] + raws + ['-o', merged],
                                cwd, log) == 0
        report = os.path.join(scratch, f'cov-{t}.txt')
        ok = ok and run([os.path.join(llvm, 'llvm-cov'), 'report', binary, f'-instr-profile={merged}'], cwd, report) == 0
        rep.check(ok and 'runtime/proc.c' in read(report), f'{t}: the coverage build writes a profile llvm-cov reads',
                  report if ok else log)


def afl(rep, binary, t, seeds, scratch, cwd, env, log):
    # libAFLDriver runs a file argument, or stdin given `-`; the largest seed is a real schedule.
    first = max(seeds, key=os.path.getsize)
    with open(first, 'rb') as f:
        rc = run([binary, '-'], cwd, log, env, stdin=f)
    rep.check(rc == 0 and not DIRTY.search(read(log)), f'{t}: runs a testcase from stdin (-)', log)
    rc = run([binary, first], cwd, log, env)
    rep.check(rc == 0 and 'Execution successful' in read(log) and not DIRTY.search(read(log)),
              f'{t}: runs a testcase given as a file', log)
    bad = []
    for s in seeds:
        with open(s, 'rb') as f:
            if run([binary, '-'], cwd, log, env, stdin=f) != 0 or DIRTY.search(read(log)):
                bad.append(os.path.basename(s))
    rep.check(not bad, f'{t}: every seed replays clean from stdin', text=' '.join(bad))
    # The edges of the seed that reaches most: the largest seed need not
    # (a long schedule of a small shape covers less than a short busy one).
    mapfile = os.path.join(scratch, f'{t}.map')
    n = 0
    for s in seeds:
        with open(s, 'rb') as f:
            run(['afl-showmap', '-q', '-o', mapfile, '--', binary, '-'], cwd, log, dict(env, AFL_QUIET='1'), stdin=f)
        n = max(n, sum(1 for _ in open(mapfile)) if os.path.isfile(mapfile) else 0)
    rep.check(n >= MIN_EDGES, f'{t}: afl-showmap sees {n} edges with its best seed (at least {MIN_EDGES})', log)
