# SPDX-License-Identifier: Apache-2.0
# The real Go runtime as the judge (docs/fidelity.md, scripts/realgo).
# Included by the Makefile.
#
#   make realgo    install Debian's Go 1.19 if missing, build a private runtime
#                  per ordering under $(BUILD)/realgo, derive the preemption-site
#                  table from the compiled code and compare it with the model,
#                  run the model and the real runtime side by side, replay the
#                  regressions, and write docs/fidelity.md (REALGO_OUT=)
REALGO_OUT ?= docs/fidelity.md

.PHONY: realgo
all: $(BUILD)/realgo-export

# realgo-export runs inputs in-process like explain (mk/triage.mk's objects).
.SECONDEXPANSION:
$(BUILD)/realgo-export: $(OBJ)/tools/realgo_export.o $$(EXPLAIN_OBJ)
	@echo "  LINK    $@"
	$(Q)$(CC) $(SANFLAGS) -o $@ $^

realgo: deps $(BUILD)/realgo-export $(BUILD)/simulate
	$(Q)BUILD='$(BUILD)' nice -n 10 python3 scripts/realgo --fidelity '$(REALGO_OUT)'
