# SPDX-License-Identifier: Apache-2.0
# The notes of docs/benchmarks.md (scripts/bench-notes), and the bug zoo's
# detection matrix.  Included by the Makefile.
#
#   make bench-zoo     the detection matrix (section 3 of scripts/bench) on
#                      every buggy row but the founding two, every engine
#                      and baseline, into docs/benchmarks-zoo.md (about 30
#                      min; CONFIGS=, BUDGET= as for make bench)
#   make bench-notes   re-render the notes of docs/benchmarks.md from
#                      docs/benchmarks-notes.md and the values of the run
#                      recorded in the report (after editing the notes; no
#                      benchmark is run)

.PHONY: bench-notes bench-zoo
BUDGET ?= 5
bench-zoo: deps
	$(Q)ROWS=zoo SECTIONS=3 BUDGET='$(BUDGET)' BENCH_OUT=docs/benchmarks-zoo.md python3 scripts/bench

bench-notes:
	$(Q)python3 scripts/bench-notes lint docs/benchmarks-notes.md
	$(Q)python3 scripts/bench-notes update docs/benchmarks.md docs/benchmarks-notes.md
	@echo "  NOTES   docs/benchmarks.md"
