# SPDX-License-Identifier: Apache-2.0
# The adversarial sweep (tools/sweep.c): every row of runtime/variants.c
# over the whole grid of shapes, every decision uniform over its choices.
# Included by the Makefile.
#
#   make sweep [SWEEP_RUNS=70] [SWEEP_ROWS=all]   build and run it
#
# make check runs over 100,000 runs of the fixed rows with the speed build's
# copy (mk/speed.mk) and a smaller share with $(BUILD)/sweep under
# ASan+UBSan (tests/suites/75-adversarial.sh): the full grid under ASan
# takes about 2.5 times as long (docs/benchmarks.md).
SWEEP_RUNS ?= 70
SWEEP_ROWS ?= all

.PHONY: sweep
all: $(BUILD)/sweep

$(BUILD)/sweep: $(OBJ)/tools/sweep.o $(TOOLS_OBJ) $(RUNTIME_OBJ)
	@echo "  LINK    $@"
	$(Q)$(CC) $(SANFLAGS) -o $@ $^

sweep: $(BUILD)/sweep
	$(Q)"$(BUILD)/sweep" --runs "$(SWEEP_RUNS)" --rows "$(SWEEP_ROWS)"
