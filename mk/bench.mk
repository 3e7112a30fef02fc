# SPDX-License-Identifier: Apache-2.0
# The notes of docs/benchmarks.md (scripts/bench-notes).  Included by the Makefile.
#
#   make bench-notes   re-render the notes of docs/benchmarks.md from
#                      docs/benchmarks-notes.md and the values of the run
#                      recorded in the report (after editing the notes; no
#                      benchmark is run)

.PHONY: bench-notes
bench-notes:
	$(Q)python3 scripts/bench-notes lint docs/benchmarks-notes.md
	$(Q)python3 scripts/bench-notes update docs/benchmarks.md docs/benchmarks-notes.md
	@echo "  NOTES   docs/benchmarks.md"
