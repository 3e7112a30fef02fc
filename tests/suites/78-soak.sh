# SPDX-License-Identifier: Apache-2.0
# make soak's script refuses what it cannot do well; the soak itself is
# hours long and is not part of make check (docs/benchmarks.md, Soak).
# Sourced by tests/run-tests (uses record, expect_*, scratch from tests/lib.sh).
# tier: fast
# min-checks: 5

section "soak (scripts/soak): arguments"
scratch soakdir
expect_stderr 2 "at least a minute" "a soak shorter than a minute is refused" -- python3 scripts/soak --minutes 0.5
expect_exit 2 "--hours with --minutes is a usage error" -- python3 scripts/soak --hours 1 --minutes 5
mkdir -p "$soakdir/earlier"
expect_stderr 2 "never writes over an earlier one" "an existing --out folder is refused" -- \
	python3 scripts/soak --minutes 1 --out "$soakdir/earlier" --libfuzzer "$soakdir/none"
expect_stderr 2 "is missing" "a missing engine build is named" -- \
	python3 scripts/soak --minutes 1 --libfuzzer "$soakdir/none" --out "$soakdir/new"
[ ! -e "$soakdir/new" ]
record $? "nothing is created when the builds are missing"
suite_end
