# SPDX-License-Identifier: Apache-2.0
# The schedule sources' tests (tests/search_test.c: the stress field, PCT,
# POS, the mutator's stress operations, the checker's verify mode), run by
# tests/suites/25-search.sh.  Included by the Makefile.
all: $(BUILD)/search_test

$(BUILD)/search_test: $(OBJ)/tests/search_test.o $(OBJ)/fuzz/mutate.o $(TOOLS_OBJ) $(RUNTIME_OBJ)
	@echo "  LINK    $@"
	$(Q)$(CC) $(SANFLAGS) -o $@ $^
