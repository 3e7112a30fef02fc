# SPDX-License-Identifier: Apache-2.0
# Triage tools (docs/triage.md): explain and triage-tool, linked with the
# model and the fuzz harness (for the targets' default shape).
EXPLAIN_OBJ := $(OBJ)/tools/explain_run.o $(OBJ)/tools/explain_out.o $(FUZZ_SRC:%.c=$(OBJ)/%.o) $(TOOLS_OBJ) $(RUNTIME_OBJ)

.PHONY: triage-tools
all: $(BUILD)/explain $(BUILD)/triage-tool
triage-tools: $(BUILD)/explain $(BUILD)/triage-tool $(BUILD)/schedtext replay

$(BUILD)/explain: $(OBJ)/tools/explain.o $(EXPLAIN_OBJ)
	@echo "  LINK    $@"
	$(Q)$(CC) $(SANFLAGS) -o $@ $^

$(BUILD)/triage-tool: $(OBJ)/tools/triage_tool.o $(EXPLAIN_OBJ)
	@echo "  LINK    $@"
	$(Q)$(CC) $(SANFLAGS) -o $@ $^
