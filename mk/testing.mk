# SPDX-License-Identifier: Apache-2.0
# Testing the tests (docs/testing.md).  Included by the Makefile.
#
#   make check-fast   the fast tiers of the suites: the model, golden traces,
#                     replay, triage; no engine campaigns (about a minute)
#   make golden       rewrite tests/golden/ from the model (then review git diff)
#   make mutate       apply each mutant of tests/mutants/ to a scratch copy and
#                     run make check-fast on it; the score goes to the terminal
#                     and build/mutate/report.md (MUTANTS="name ..." runs some)

.PHONY: check-fast golden mutate
all: $(BUILD)/golden

$(BUILD)/golden: $(OBJ)/tools/golden.o $(FUZZ_SRC:%.c=$(OBJ)/%.o) $(TOOLS_OBJ) $(RUNTIME_OBJ)
	@echo "  LINK    $@"
	$(Q)$(CC) $(SANFLAGS) -o $@ $^

# The builds the fast suites use, with make check's settings (nothing rebuilt
# between the two).
check-fast: deps
	$(Q)$(MAKE) SANITIZER=address,undefined all
	$(Q)$(MAKE) SANITIZER=address,undefined libfuzzer
	$(Q)bash tests/run-tests --fast $(if $(FAIL_FAST),--fail-fast) "$(BUILD)"

golden:
	$(Q)$(MAKE) SANITIZER=address,undefined $(BUILD)/golden
	$(Q)python3 scripts/golden --build "$(BUILD)" write

MUTANTS ?=
mutate:
	$(Q)python3 scripts/mutate $(MUTANTS)
