# SPDX-License-Identifier: Apache-2.0
"""The environment OSS-Fuzz's images set: the ENV instructions of their
Dockerfiles, read in order, each value expanded with the ones before it
(as docker does), so the flags come from the checkout, not from a copy."""
import re
import shlex

VAR = re.compile(r'\$(?:\{(\w+)\}|(\w+))')


def instructions(path):
    """(INSTRUCTION, ARGUMENTS) of a Dockerfile, continuation lines joined."""
    out, cur = [], ''
    with open(path) as f:
        for raw in f:
            line = raw.rstrip('\n')
            if not cur and (not line.strip() or line.lstrip().startswith('#')):
                continue
            if cur and line.lstrip().startswith('#'):
                continue  # comments inside a continued instruction
            if line.endswith('\\'):
                cur += line[:-1] + ' '
                continue
            cur += line
            word, _, rest = cur.strip().partition(' ')
            out.append((word.upper(), rest.strip()))
            cur = ''
    return out


def expand(value, env):
    return VAR.sub(lambda m: env.get(m.group(1) or m.group(2), ''), value)


def unquote(value):
    if len(value) >= 2 and value[0] == value[-1] and value[0] in '"\'':
        return value[1:-1]
    return value


def apply(path, env, skip=()):
    """Add the ENV instructions of PATH to ENV (KEY=VALUE pairs, or the
    older KEY VALUE form); keys in SKIP are left alone."""
    for word, rest in instructions(path):
        if word != 'ENV':
            continue
        if re.match(r'^\w+=', rest):
            pairs = [tok.partition('=')[::2] for tok in shlex.split(rest, posix=True)]
        else:
            key, _, value = rest.partition(' ')
            pairs = [(key, unquote(' '.join(value.split())))]
        for key, value in pairs:
            if key not in skip:
                env[key] = expand(value, env)
    return env


def workdir(path, env):
    """The last WORKDIR of a Dockerfile, expanded; None without one."""
    found = None
    for word, rest in instructions(path):
        if word == 'WORKDIR':
            found = expand(unquote(rest), env)
    return found
