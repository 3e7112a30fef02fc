# SPDX-License-Identifier: Apache-2.0
"""Where the oss-fuzz checkout is, and what of it the check runs."""
import os
import subprocess

# The scripts run from the checkout, and the Dockerfiles the environment
# comes from, relative to its top.
BUILDER = 'infra/base-images/base-builder'
RUNNER = 'infra/base-images/base-runner'
REQUIRED = [
    'infra/base-images/base-image/Dockerfile',
    'infra/base-images/base-clang/Dockerfile',
    f'{BUILDER}/Dockerfile', f'{BUILDER}/compile', f'{BUILDER}/compile_libfuzzer', f'{BUILDER}/compile_afl',
    f'{RUNNER}/Dockerfile', f'{RUNNER}/test_all.py', f'{RUNNER}/bad_build_check', f'{RUNNER}/run_fuzzer',
    f'{RUNNER}/reproduce', f'{RUNNER}/parse_options.py',
    'infra/presubmit.py',
]

HOW_TO_GET = """OSS-Fuzz's own scripts run from a checkout of google/oss-fuzz:
    git clone --depth 1 https://github.com/google/oss-fuzz /path/to/oss-fuzz
    make oss-fuzz-check OSSFUZZ_DIR=/path/to/oss-fuzz
(without OSSFUZZ_DIR, the check looks for ../shared/oss-fuzz beside the
repository; only the files of infra/ listed in docs/continuous-fuzzing.md
are used, and nothing needs docker)."""


def candidates(root):
    """OSSFUZZ_DIR, else ../shared/oss-fuzz beside this tree and beside the
    main repository (a git worktree's main checkout)."""
    env = os.environ.get('OSSFUZZ_DIR')
    if env:
        return [env], True
    found = [os.path.join(root, '..', 'shared', 'oss-fuzz')]
    try:
        common = subprocess.run(['git', '-C', root, 'rev-parse', '--path-format=absolute', '--git-common-dir'],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, check=False).stdout.strip()
        if common:
            found.append(os.path.join(os.path.dirname(common), '..', 'shared', 'oss-fuzz'))
    except OSError:
        pass
    return found, False


def missing(top):
    return [f for f in REQUIRED if not os.path.isfile(os.path.join(top, f))]


def find(root):
    """(path, None) for a usable checkout; (None, why) when there is none;
    raises ValueError when OSSFUZZ_DIR names one that is incomplete."""
    paths, explicit = candidates(root)
    for p in paths:
        if not os.path.isdir(p):
            continue
        lack = missing(p)
        if not lack:
            return os.path.realpath(p), None
        if explicit:
            raise ValueError(f"OSSFUZZ_DIR='{p}' is not an oss-fuzz checkout: it lacks {', '.join(lack)}")
    if explicit:
        raise ValueError(f"OSSFUZZ_DIR='{paths[0]}' does not exist")
    return None, 'no oss-fuzz checkout (looked for ' + ', '.join(os.path.normpath(p) for p in paths) + ')'


def describe(top):
    rev = subprocess.run(['git', '-C', top, 'rev-parse', '--short=12', 'HEAD'], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, check=False).stdout.strip()
    return f'{top} (commit {rev})' if rev else f'{top} (not a git checkout)'
