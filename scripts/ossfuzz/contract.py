# SPDX-License-Identifier: Apache-2.0
"""The build without an oss-fuzz checkout: oss-fuzz/build.sh run with the
variables it relies on and nothing else (a clean environment, the source at
$SRC/schedfuzz, then $SRC and $WORK deleted).  The flags here are the
project's own minimum, not OSS-Fuzz's: only stage 2 runs on this build, and
the check says that OSS-Fuzz's scripts did not run."""
import os
import shutil
import subprocess

from .image import copy_tree

BASE = '-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION'
SANITIZER_FLAGS = {
    'address': '-fsanitize=address',
    'undefined': '-fsanitize=undefined -fno-sanitize-recover=undefined',
    'memory': '-fsanitize=memory -fsanitize-memory-track-origins',
    'coverage': '-fprofile-instr-generate -fcoverage-mapping',
}


def build(root, build_sh, scratch, engine, sanitizer):
    """(ok, $OUT, log)."""
    src, work, out = (os.path.join(scratch, d) for d in ('src', 'work', 'out'))
    for d in (work, out):
        os.makedirs(d, exist_ok=True)
    copy_tree(root, os.path.join(src, 'schedfuzz'))
    shutil.copy(build_sh, os.path.join(src, 'build.sh'))
    cflags = f'{BASE} {SANITIZER_FLAGS[sanitizer]}'
    if engine == 'libfuzzer' and sanitizer != 'coverage':
        cflags += ' -fsanitize=fuzzer-no-link'
    env = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'HOME': work, 'LANG': 'C', 'SRC': src, 'WORK': work,
           'OUT': out, 'SANITIZER': sanitizer, 'FUZZING_ENGINE': engine, 'ARCHITECTURE': 'x86_64',
           'FUZZING_LANGUAGE': 'c', 'CFLAGS': cflags, 'CXXFLAGS': cflags}
    if engine == 'afl':
        env.update(CC='afl-clang-fast', CXX='afl-clang-fast++', LIB_FUZZING_ENGINE='/usr/lib/afl/libAFLDriver.a',
                   AFL_QUIET='1')
    else:
        env.update(CC='clang', CXX='clang++', LIB_FUZZING_ENGINE='-fsanitize=fuzzer')
    log = os.path.join(scratch, 'build.log')
    with open(log, 'w') as f:
        rc = subprocess.run(['bash', '-eux', os.path.join(src, 'build.sh')], cwd=os.path.join(src, 'schedfuzz'),
                            env=env, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, check=False).returncode
    shutil.rmtree(src, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return rc == 0, out, log
