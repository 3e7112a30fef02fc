#!/bin/bash -eu
# Copyright 2026 The schedfuzz Authors
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
#
################################################################################
# OSS-Fuzz / ClusterFuzzLite build script for schedfuzz.
#
# Runs inside the base-builder image with the working directory set to the
# checkout ($SRC/schedfuzz), as `bash -eux $SRC/build.sh`.  It uses only what
# the builder provides:
#   $CC $CFLAGS                     compile (the sanitizer and coverage flags
#                                   for this build are already in $CFLAGS)
#   $CXX $CXXFLAGS $LIB_FUZZING_ENGINE   link (a C project still links with
#                                   $CXX, so every engine's C++ runtime links)
#   $OUT $WORK $FUZZING_ENGINE      where binaries go, scratch space, engine
# and never names a sanitizer, an engine library or -fsanitize=fuzzer itself:
# the same script serves libfuzzer, afl, honggfuzz and centipede builds with
# address, undefined, memory and coverage.
#
# What goes into $OUT, per shipped fuzzer F:
#   F                    the fuzz target
#   F_seed_corpus.zip    corpus/F/*  (generated from corpus/src by scripts/gen-corpus)
#   F.dict               fuzz/F.dict
#   F.options            fuzz/F.options ([libfuzzer] max_len, dict = F.dict)
#
# Shipped: cgocallback_fuzzer and cgocallback_differential_fuzzer.
# NOT shipped: cgocallback_go117_fuzzer and cgocallback_go117_noassert_fuzzer.
# They run the Go 1.17 pre-release ordering, which is wrong on purpose: they
# find "m changed unexpectedly in cgocallbackg" (or an ASan use-after-poison)
# within seconds, by design, as a benchmark for the engines.  On OSS-Fuzz
# that is a never-fixable bug report per build, so they are left out simply
# by not being in SHIPPED below (nothing of theirs is compiled or copied).
# Run them locally with `make fuzz TARGET=cgocallback_go117_fuzzer`.
#
# Checked on this machine by `make oss-fuzz-check` (scripts/oss-fuzz-check),
# which runs this script with the variables OSS-Fuzz sets.
set -euo pipefail

SHIPPED=(cgocallback_fuzzer cgocallback_differential_fuzzer)

for v in CC CXX OUT WORK; do
	if [ -z "${!v:-}" ]; then
		echo "build.sh: \$$v is not set; run this under OSS-Fuzz/ClusterFuzzLite or scripts/oss-fuzz-check" >&2
		exit 1
	fi
done
if [ ! -f runtime/runtime.h ] || [ ! -f fuzz/fuzz.h ]; then
	echo "build.sh: run from the top of the schedfuzz checkout (the Dockerfile's WORKDIR); cwd is $PWD" >&2
	exit 1
fi
FUZZING_ENGINE=${FUZZING_ENGINE:-libfuzzer}

# The project's own flags: C11, the model's consistency checks on, and the
# interleaving feedback off, as in the Makefile's default (fuzz/feedback.c;
# docs/benchmarks.md measures both and found no consistent gain yet; set
# SF_FEEDBACK=1 here to follow `make FEEDBACK=1`).  No -Werror: the
# builder's clang is newer than ours and may warn about new things.
PROJECT_CFLAGS=(-std=c11 -D_GNU_SOURCE -DSF_CHECK=1 -DSF_FEEDBACK=0)

obj="$WORK/schedfuzz-obj"
rm -rf "$obj"
mkdir -p "$obj" "$OUT"

compile() { # compile SRC: one object in $obj, named after its path
	local src=$1 o
	o="$obj/$(printf '%s' "${src%.c}" | tr '/' '_').o"
	# shellcheck disable=SC2086  # $CFLAGS is a list of flags by design
	$CC $CFLAGS "${PROJECT_CFLAGS[@]}" -c "$src" -o "$o"
	printf '%s\n' "$o"
}

# The model and the shared harness, once for every target.
common=()
for src in runtime/*.c fuzz/fuzz.c fuzz/feedback.c fuzz/stats.c; do
	common+=("$(compile "$src")")
done
# The structure-aware mutator only for libFuzzer: the AFL++ and honggfuzz
# drivers never call LLVMFuzzerCustomMutator, and it calls LLVMFuzzerMutate,
# which only libFuzzer defines.
if [ "$FUZZING_ENGINE" = libfuzzer ]; then
	common+=("$(compile fuzz/libfuzzer_mutator.c)" "$(compile fuzz/mutate.c)")
fi

# The entry point every target shares; each fuzz/<target>.c names its row.
common+=("$(compile fuzz/target.c)")

for t in "${SHIPPED[@]}"; do
	target_obj=$(compile "fuzz/$t.c")
	# shellcheck disable=SC2086  # $CXXFLAGS and $LIB_FUZZING_ENGINE are flag lists
	$CXX $CXXFLAGS "$target_obj" "${common[@]}" -o "$OUT/$t" $LIB_FUZZING_ENGINE

	rm -f "$OUT/${t}_seed_corpus.zip"
	# -j: flat archive; -X: no owner/time extras.  The files are the
	# generated seeds, checked by the test suite against corpus/src.
	zip -q -j -X "$OUT/${t}_seed_corpus.zip" "corpus/$t"/*
	cp "fuzz/$t.dict" "$OUT/$t.dict"
	cp "fuzz/$t.options" "$OUT/$t.options"
done
