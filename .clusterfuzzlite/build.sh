#!/bin/bash -eu
# ClusterFuzzLite build script: the OSS-Fuzz one, from the checkout (the
# working directory is $SRC/schedfuzz, see .clusterfuzzlite/Dockerfile).
# ClusterFuzzLite fuzzes with libFuzzer only; build.sh handles that too.
exec bash -eu oss-fuzz/build.sh
