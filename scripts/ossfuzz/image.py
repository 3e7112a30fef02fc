# SPDX-License-Identifier: Apache-2.0
"""OSS-Fuzz's builder and runner images, without docker: the checkout's
scripts copied into a scratch folder and the environment read from its
Dockerfiles, with the few shims a plain Debian machine needs.  Every shim is
recorded with its reason, and the check prints them all: what is run is
OSS-Fuzz's script text except for the substitutions listed."""
import glob
import os
import shutil
import stat
import subprocess

from . import checkout, dockerenv

BUILDER_IMAGES = ('base-image', 'base-clang', 'base-builder')
RUNNER_IMAGES = ('base-image', 'base-runner')
SYSCTL = 'sysctl -w vm.mmap_rnd_bits=28'
NO_SYSCTL = 'an unprivileged container cannot set it; ASan copes with the default'
OWN_TMP = 'a container has its own /tmp; here each check has one, so checks running side by side share no file'


class ShimError(Exception):
    pass


def llvm_bin():
    if os.environ.get('LLVM_BIN'):
        return os.environ['LLVM_BIN']
    ver = subprocess.run(['clang', '-dumpversion'], stdout=subprocess.PIPE, text=True, check=True).stdout
    return f'/usr/lib/llvm-{ver.split(".")[0]}/bin'


class Image:
    """One scratch "container": $SRC, $WORK, $OUT and the image's own files."""

    def __init__(self, top, scratch, engine, sanitizer, language):
        self.top, self.root = top, scratch
        self.engine, self.sanitizer, self.language = engine, sanitizer, language
        self.shims = []
        self.src, self.work, self.out = (os.path.join(scratch, d) for d in ('src', 'work', 'out'))
        self.bin = os.path.join(scratch, 'image', 'bin')  # the scripts, where the images have them
        self.tmp = os.path.join(scratch, 'image', 'tmp')
        self.llvm = llvm_bin()
        for d in (self.src, self.work, self.out, self.bin, self.tmp):
            os.makedirs(d, exist_ok=True)
        self.lib_fuzzing_engine = os.path.join(scratch, 'image', 'libFuzzingEngine.a')

    def shim(self, what, why):
        self.shims.append(f'{what}: {why}')

    # ---- the scripts, with their substitutions ----

    def install(self, folder, name, subs=()):
        """Copy NAME from the checkout's FOLDER into the image's bin, with
        SUBS (old, new, why) applied; an old text that is no longer there
        means the pinned script changed, and the shim must be revisited."""
        with open(os.path.join(self.top, folder, name)) as f:
            text = f.read()
        for old, new, why in subs:
            if old not in text:
                raise ShimError(f"{folder}/{name} no longer contains {old!r}: the shim '{why}' needs revisiting")
            text = text.replace(old, new)
            self.shim(f'{name}: {old!r} -> {new!r}', why)
        dest = os.path.join(self.bin, name)
        with open(dest, 'w') as f:
            f.write(text)
        os.chmod(dest, stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)

    def install_builder(self):
        local_lib = os.path.join(self.root, 'image', 'usr-local-lib')
        local_inc = os.path.join(self.root, 'image', 'usr-local-include')
        msan = os.path.join(self.root, 'image', 'msan')
        for d in (local_lib, local_inc, os.path.join(msan, 'lib'), os.path.join(msan, 'include')):
            os.makedirs(d, exist_ok=True)
        # compile copies the MSan-built libc++ with a glob that must match.
        for d in ('lib', 'include'):
            with open(os.path.join(msan, d, 'NOTHING-HERE'), 'w') as f:
                f.write('A stand-in: C targets need no MSan-built libc++.\n')
        libfuzzer = glob.glob(os.path.join(os.path.dirname(self.llvm), 'lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a'))
        if not libfuzzer:
            raise ShimError(f'no libclang_rt.fuzzer-x86_64.a under {os.path.dirname(self.llvm)} (install libclang-rt-dev)')
        b = checkout.BUILDER
        self.install(b, 'compile', [
            (SYSCTL, 'true  # ' + SYSCTL, NO_SYSCTL),
            ('/usr/msan/', msan + '/', 'there is no MSan-built libc++ here: C targets do not need one (an empty stand-in)'),
            ('/usr/local/lib/x86_64-unknown-linux-gnu/', local_lib + '/',
             "the image's own library folder, not the machine's"),
            ('/usr/include /usr/local/include $GOPATH', '$GOPATH',
             'coverage builds copy the system headers into $OUT for the coverage report, which is not run here'),
            ('/usr/local/include', local_inc, "the image's own include folder, not the machine's"),
        ])
        self.install(b, 'compile_libfuzzer', [
            ('/usr/local/lib/clang/*/lib/$ARCHITECTURE-unknown-linux-gnu/libclang_rt.fuzzer.a', libfuzzer[0],
             "Debian's libFuzzer (libclang-rt-dev), where base-clang has its own"),
        ])
        self.install(b, 'compile_afl')
        if self.engine == 'afl':
            self.lay_out_afl()

    def lay_out_afl(self):
        """base-builder keeps AFL++ in $SRC/aflplusplus: Debian's, as links."""
        afl = os.path.join(self.src, 'aflplusplus')
        os.makedirs(afl, exist_ok=True)
        for path in sorted(glob.glob('/usr/bin/afl-*') + glob.glob('/usr/lib/afl/*')):
            name = os.path.basename(path)
            if not os.path.exists(os.path.join(afl, name)):
                os.symlink(path, os.path.join(afl, name))
        if not os.path.exists(os.path.join(afl, 'libAFLDriver.a')):
            raise ShimError('no /usr/lib/afl/libAFLDriver.a (install afl++)')
        self.shim('$SRC/aflplusplus', "Debian's afl++ laid out as links (afl-* from /usr/bin, the rest from /usr/lib/afl)")

    def install_runner(self):
        r = checkout.RUNNER
        self.install(r, 'test_all.py', [('/tmp/not-out', self.tmp + '/not-out', OWN_TMP)])
        self.install(r, 'bad_build_check', [('/tmp/', self.tmp + '/', OWN_TMP)])
        self.install(r, 'run_fuzzer', [(SYSCTL, 'true  # ' + SYSCTL, NO_SYSCTL), ('/tmp/', self.tmp + '/', OWN_TMP)])
        self.install(r, 'reproduce')
        self.install(r, 'parse_options.py')

    # ---- the environments ----

    def base_env(self):
        path = ':'.join([self.bin, self.llvm, os.environ.get('PATH', '/usr/bin:/bin'), self.out])
        return {'PATH': path, 'HOME': self.work, 'LANG': 'C', 'TMPDIR': self.tmp}

    def read_images(self, images, env):
        preset = {'OUT': self.out, 'SRC': self.src, 'WORK': self.work, 'CXXFLAGS_EXTRA': ''}
        env.update(preset)
        for image in images:
            dockerenv.apply(os.path.join(self.top, 'infra/base-images', image, 'Dockerfile'), env,
                            skip=tuple(preset) + ('PATH',))
        for key in ('LIB_FUZZING_ENGINE', 'LIB_FUZZING_ENGINE_DEPRECATED'):
            if env.get(key) == '/usr/lib/libFuzzingEngine.a':
                env[key] = self.lib_fuzzing_engine
        return env

    def builder_env(self):
        env = self.read_images(BUILDER_IMAGES, self.base_env())
        # What helper.py's build_fuzzers passes to the container.
        env.update({'SANITIZER': self.sanitizer, 'FUZZING_ENGINE': self.engine, 'ARCHITECTURE': 'x86_64',
                    'FUZZING_LANGUAGE': self.language, 'PROJECT_NAME': 'schedfuzz'})
        return env

    def runner_env(self):
        env = self.read_images(RUNNER_IMAGES, self.base_env())
        env.update({'SANITIZER': self.sanitizer, 'FUZZING_ENGINE': self.engine, 'ARCHITECTURE': 'x86_64',
                    'FUZZING_LANGUAGE': self.language})
        return env

    def common_shims(self):
        self.shim('/src, /work, /out', f'folders of a scratch directory ({self.root})')
        self.shim('CXXFLAGS_EXTRA', "-stdlib=libc++ dropped: Debian's libFuzzer is built against libstdc++ and "
                                    'there is no libc++ here (schedfuzz has no C++)')
        self.shim('LIB_FUZZING_ENGINE(_DEPRECATED)', '/usr/lib/libFuzzingEngine.a is a file of the image folder')
        self.shim('PATH', f'the image scripts first, then {self.llvm} (llvm-symbolizer, as in base-clang), '
                          'then this machine\'s PATH, then $OUT')


def copy_tree(root, dest):
    """The source tree as a Dockerfile's COPY or git clone would see it:
    tracked and untracked files, not what .gitignore ignores (build/,
    findings/)."""
    os.makedirs(dest, exist_ok=True)
    ls = subprocess.run(['git', '-C', root, 'ls-files', '-z', '-c', '-o', '--exclude-standard'],
                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    if ls.returncode == 0:
        names = [n for n in ls.stdout.decode().split('\0') if n and os.path.lexists(os.path.join(root, n))]
    else:
        names = []
        for d, dirs, fs in os.walk(root):
            rel = os.path.relpath(d, root)
            dirs[:] = [x for x in dirs if not (rel == '.' and x in ('build', 'findings', '.git'))]
            names += [os.path.normpath(os.path.join(rel, f)) for f in fs]
    for n in names:
        target = os.path.join(dest, n)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(os.path.join(root, n), target, follow_symlinks=False)
