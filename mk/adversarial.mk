# SPDX-License-Identifier: Apache-2.0
# The adversarial sweep (tools/sweep.c): every row of runtime/variants.c
# over the whole grid of shapes, every decision uniform over its choices.
# Included by the Makefile.
#
#   make sweep [SWEEP_RUNS=70] [SWEEP_ROWS=all]   build and run it
#
# Besides $(BUILD)/sweep (with $(SANITIZER)), `all` builds a speed copy,
# $(BUILD)/speed/sweep: no sanitizer, the whole-state checker on.  make
# check runs 100,800 runs of the fixed rows with it and a smaller share
# under ASan+UBSan (tests/suites/50-adversarial.sh): the full grid under
# ASan takes about 2.5 times as long (docs/benchmarks.md).
SWEEP_RUNS ?= 70
SWEEP_ROWS ?= all
SPEED_BUILD := $(BUILD)/speed

.PHONY: sweep sweep-speed-build
all: $(BUILD)/sweep sweep-speed-build

$(BUILD)/sweep: $(OBJ)/tools/sweep.o $(TOOLS_OBJ) $(RUNTIME_OBJ)
	@echo "  LINK    $@"
	$(Q)$(CC) $(SANFLAGS) -o $@ $^

# Its own folder and settings; the sub-make builds only the sweep there.
sweep-speed-build:
	$(Q)$(MAKE) BUILD="$(SPEED_BUILD)" SANITIZER=none CHECK=1 OPT=-O2 "$(SPEED_BUILD)/sweep"

sweep: $(BUILD)/sweep
	$(Q)"$(BUILD)/sweep" --runs "$(SWEEP_RUNS)" --rows "$(SWEEP_ROWS)"
