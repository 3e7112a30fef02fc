# schedfuzz makefile
#
#   make                  build/simulate and the replay drivers (SANITIZER=, CC=)
#   make check            install what is missing, build with ASan+UBSan, run every test
#   make fuzz             the main job: libFuzzer on the shipped corpus (TARGET= ENGINE= TIME=)
#   make bench            benchmarks, written to docs/benchmarks.md
#   make clean
#
# SANITIZER is one of: none address undefined address,undefined memory
# V=1 shows every command.

# ---- settings (keep in sync with the banner) ----
CC        ?= cc
CLANG     ?= clang
SANITIZER ?= none
CHECK     ?= 1
OPT       ?= -O2
BUILD     ?= build
TARGET    ?= cgocallback_fuzzer
ENGINE    ?= libfuzzer
TIME      ?= 60
JOBS      ?= 1

WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
STD       := -std=c11 -D_GNU_SOURCE
CFLAGS_BASE = $(STD) $(OPT) -g -fno-omit-frame-pointer $(WARN) -DSF_CHECK=$(CHECK)

SANITIZERS := none address undefined address,undefined memory
ifeq ($(filter $(SANITIZER),$(SANITIZERS)),)
$(error SANITIZER must be one of: $(SANITIZERS); got '$(SANITIZER)')
endif
SANFLAGS_none :=
SANFLAGS_address := -fsanitize=address
SANFLAGS_undefined := -fsanitize=undefined -fno-sanitize-recover=undefined
SANFLAGS_address,undefined := -fsanitize=address,undefined -fno-sanitize-recover=undefined
SANFLAGS_memory := -fsanitize=memory -fsanitize-memory-track-origins
SANFLAGS := $(SANFLAGS_$(SANITIZER))

ifeq ($(V),1)
Q :=
else
Q := @
MAKEFLAGS += --no-print-directory
endif

RUNTIME_SRC := $(sort $(wildcard runtime/*.c))
TOOLS_SRC   := tools/readfile.c
HDRS        := $(wildcard runtime/*.h tools/*.h fuzz/*.h)

# Rebuild everything in $(BUILD) when the settings change (redis' .make-settings).
SETTINGS := $(CC) $(SANITIZER) $(CHECK) $(OPT)
$(shell mkdir -p $(BUILD) && echo '$(SETTINGS)' | cmp -s - $(BUILD)/.settings || echo '$(SETTINGS)' > $(BUILD)/.settings)

.PHONY: all banner check test clean fuzz bench deps warnings
all: banner $(BUILD)/simulate $(BUILD)/runtime_test

banner:
	@echo "schedfuzz: CC=$(CC) SANITIZER=$(SANITIZER) CHECK=$(CHECK) OPT=$(OPT) BUILD=$(BUILD)"

# ---- the model and its tools, with $(CC) and $(SANITIZER) ----
OBJ := $(BUILD)/obj
$(OBJ)/%.o: %.c $(HDRS) $(BUILD)/.settings
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_BASE) $(SANFLAGS) -c -o $@ $<

RUNTIME_OBJ := $(RUNTIME_SRC:%.c=$(OBJ)/%.o)
TOOLS_OBJ   := $(TOOLS_SRC:%.c=$(OBJ)/%.o)

$(BUILD)/simulate: $(OBJ)/tools/simulate.o $(TOOLS_OBJ) $(RUNTIME_OBJ)
	@echo "  LINK    $@"
	$(Q)$(CC) $(SANFLAGS) -o $@ $^

$(BUILD)/runtime_test: $(OBJ)/tests/runtime_test.o $(TOOLS_OBJ) $(RUNTIME_OBJ)
	@echo "  LINK    $@"
	$(Q)$(CC) $(SANFLAGS) -o $@ $^

# ---- checks ----
deps:
	$(Q)bash scripts/install-deps

warnings:
	@echo "  WARN    runtime/ with gcc and clang"
	$(Q)for c in gcc $(CLANG); do for f in $(RUNTIME_SRC); do \
		$$c $(STD) -O2 $(WARN) -fsyntax-only "$$f" || exit 1; done; done

check: deps
	$(Q)$(MAKE) warnings
	$(Q)$(MAKE) SANITIZER=address,undefined all
	$(Q)bash tests/run-tests "$(BUILD)"

clean:
	@echo "  CLEAN   build"
	$(Q)rm -rf build
