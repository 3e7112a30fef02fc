# SPDX-License-Identifier: Apache-2.0
# The soak: libFuzzer and AFL++ side by side on the targets that must never
# crash, for hours (scripts/soak).  Included by the Makefile.
#
#   make soak [HOURS=1 | MINUTES=M] [SOAK_OUT=findings/soak-DATE]
#             [SOAK_RECORD=docs/benchmarks.md]
#
# Ends with a table (executions, crashes, timeouts, leaks, RSS at start and
# end, peak RSS, AFL++ stability), also in SOAK_OUT/report.md; SOAK_RECORD
# writes it into that file's "## Soak" section.  Exit 0 when nothing
# crashed, timed out or leaked.
HOURS       ?= 1
MINUTES     ?=
SOAK_OUT    ?=
SOAK_RECORD ?=

.PHONY: soak
soak: deps
	$(Q)$(MAKE) libfuzzer afl
	$(Q)python3 scripts/soak $(if $(MINUTES),--minutes "$(MINUTES)",--hours "$(HOURS)") \
		--libfuzzer "$(LFDIR)" --afl "$(AFLDIR)" \
		$(if $(SOAK_OUT),--out "$(SOAK_OUT)") $(if $(SOAK_RECORD),--record "$(SOAK_RECORD)")
