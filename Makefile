# SPDX-License-Identifier: Apache-2.0
# schedfuzz makefile
#
#   make                  build/simulate and the replay drivers (SANITIZER=, CC=)
#   make check            install what is missing, build with ASan+UBSan, run every test
#   make fuzz             the main job: libFuzzer on the shipped corpus (TARGET= ENGINE= TIME=)
#   make bench            benchmarks, written to docs/benchmarks.md (about 10 min; FULL=1: the long run)
#   make libfuzzer|afl    the engine builds, build/<engine>/<target>
#   make corpus           regenerate corpus/<target>/ and fuzz/*.dict from text
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
FEEDBACK  ?= 0
MUTATOR   ?= 1
PREFIX    ?= 0
AFL_CC    ?= afl-clang-fast
LFDIR     ?= build/libfuzzer
AFLDIR    ?= build/afl

WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
STD       := -std=c11 -D_GNU_SOURCE
CFLAGS_BASE = $(STD) $(OPT) -g -fno-omit-frame-pointer $(WARN) -DSF_CHECK=$(CHECK) -DSF_FEEDBACK=$(FEEDBACK)

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
# gcc has no MemorySanitizer.
ifeq ($(SANITIZER),memory)
ifeq ($(findstring clang,$(shell $(CC) --version 2>/dev/null | head -n 1)),)
$(error SANITIZER=memory needs clang: make SANITIZER=memory CC=clang)
endif
endif

ifeq ($(V),1)
Q :=
else
Q := @
MAKEFLAGS += --no-print-directory
endif

RUNTIME_SRC := $(sort $(wildcard runtime/*.c))
TOOLS_SRC   := tools/readfile.c tools/cli.c
HDRS        := $(wildcard runtime/*.h tools/*.h fuzz/*.h tests/*.h)
# runtime_test: its main (runtime_test.c) and a test table per concern;
# tests/search_test.c is a program of its own (mk/search.mk).
TEST_SRC    := tests/runtime_test.c tests/checker_test.c tests/detector_test.c tests/input_test.c tests/zoo2_test.c

FUZZ_TARGETS := cgocallback_fuzzer cgocallback_go117_fuzzer cgocallback_go117_noassert_fuzzer \
                cgocallback_differential_fuzzer cgocallback_variant_fuzzer
FUZZ_SRC     := fuzz/fuzz.c fuzz/feedback.c fuzz/stats.c

# Rebuild everything in a folder when its settings change (redis' .make-settings).
stamp = $(shell mkdir -p $(1) && echo '$(2)' | cmp -s - $(1)/.settings || echo '$(2)' > $(1)/.settings)
$(call stamp,$(BUILD),$(CC) $(SANITIZER) $(CHECK) $(OPT) $(FEEDBACK))

.PHONY: all banner check test clean fuzz bench deps warnings corpus fuzzers libfuzzer afl replay
all: banner $(BUILD)/simulate $(BUILD)/runtime_test $(BUILD)/schedtext replay

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

$(BUILD)/runtime_test: $(TEST_SRC:%.c=$(OBJ)/%.o) $(TOOLS_OBJ) $(RUNTIME_OBJ)
	@echo "  LINK    $@"
	$(Q)$(CC) $(SANFLAGS) -o $@ $^

$(BUILD)/schedtext: $(OBJ)/tools/schedtext.o $(TOOLS_OBJ) $(RUNTIME_OBJ)
	@echo "  LINK    $@"
	$(Q)$(CC) $(SANFLAGS) -o $@ $^

# ---- fuzz targets: build/<engine>/<target> ----
FUZZ_OBJ = $(FUZZ_SRC:%.c=$(1)/obj/%.o) $(RUNTIME_SRC:%.c=$(1)/obj/%.o)

# replay: a plain main() with each harness, $(CC) and $(SANITIZER).
replay: $(addprefix $(BUILD)/replay/,$(FUZZ_TARGETS))
$(addprefix $(BUILD)/replay/,$(FUZZ_TARGETS)): $(BUILD)/replay/%: $(OBJ)/fuzz/%.o $(OBJ)/fuzz/target.o $(OBJ)/fuzz/replay.o $(TOOLS_OBJ) $(call FUZZ_OBJ,$(BUILD))
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	$(Q)$(CC) $(SANFLAGS) -o $@ $^

# The whole-state checker, the dump and the feedback code are oracles and
# plumbing, not behaviour: left out of coverage, so their loops neither
# pollute the engines' feedback nor spend most of each run in CMP hooks.
# So is the decision plumbing (decoding the input, asking it or the stress
# hash for each decision: input.c, decide.c, stress.c): its branches say
# where a decision came from, not what the runtime did with it, which the
# model's own coverage shows; a quarter of a fast execution ran there.
UNINSTRUMENTED := runtime/check.c runtime/dump.c fuzz/feedback.c fuzz/stats.c runtime/stats.c runtime/cstack.c \
                  runtime/input.c runtime/decide.c runtime/stress.c
# The checker and the dump only read the model's state: no sanitizer either
# (cstack.c keeps ASan, which its poisoning needs).
UNSANITIZED := runtime/check.c runtime/dump.c fuzz/feedback.c fuzz/stats.c runtime/stats.c
# libFuzzer's default coverage less trace-cmp: CMP hooks on the model's loops
# cost more than they find (docs/benchmarks.md); the dictionary and the
# structure-aware mutator supply the values instead.  Less indirect-calls
# too: libFuzzer files caller-callee pairs only in its value profile, which
# no campaign here turns on, and the model's steps are indirect calls.
LF_COVERAGE ?= -fsanitize=fuzzer-no-link -fno-sanitize-coverage=trace-cmp,indirect-calls

# The engines fuzz the fast build (FUZZBUILD=fast): no state checker, no
# UBSan, and ASan only on cstack.c, whose poisoning is an oracle (the
# go117_noassert target's); the rest of the model never allocates, so ASan
# there finds nothing the checked build would not.  Every input an engine
# keeps or crashes on is replayed through the checked build (make checked:
# ASan+UBSan and the state checker) by make fuzz and by triage before it is
# reported.  FUZZBUILD=checked gives the engines the checked build itself;
# OSS-Fuzz and ClusterFuzzLite build with their own $CFLAGS and the checker
# (oss-fuzz/build.sh).  docs/continuous-fuzzing.md says which runs where.
FUZZBUILD ?= fast
ifeq ($(FUZZBUILD),fast)
FZ_CHECK := 0
FZ_SAN :=
FZ_LINKSAN := -fsanitize=address
FZ_ASAN_ONLY := runtime/cstack.c
else ifeq ($(FUZZBUILD),checked)
FZ_CHECK := 1
FZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FZ_LINKSAN := -fsanitize=address,undefined
FZ_ASAN_ONLY :=
else
$(error FUZZBUILD must be fast or checked; got '$(FUZZBUILD)')
endif
# Per file: coverage unless UNINSTRUMENTED, no sanitizer if UNSANITIZED,
# ASan alone on FZ_ASAN_ONLY.
fz_san = $(if $(filter $<,$(UNSANITIZED)),-fno-sanitize=all,$(if $(filter $<,$(FZ_ASAN_ONLY)),-fsanitize=address))

# libFuzzer: clang, -fsanitize=fuzzer.
LF_FLAGS := $(STD) -O2 -g -fno-omit-frame-pointer $(WARN) -DSF_CHECK=$(FZ_CHECK) -DSF_FEEDBACK=$(FEEDBACK) \
            -DSF_PREFIX=$(PREFIX) $(FZ_SAN)
$(call stamp,$(LFDIR),$(CLANG) $(LF_FLAGS) $(MUTATOR) $(LF_COVERAGE) $(UNINSTRUMENTED) $(UNSANITIZED) $(FZ_ASAN_ONLY))
LF_MUT := $(if $(filter 1,$(MUTATOR)),$(LFDIR)/obj/fuzz/libfuzzer_mutator.o $(LFDIR)/obj/fuzz/mutate.o)
libfuzzer: $(addprefix $(LFDIR)/,$(FUZZ_TARGETS))
$(LFDIR)/obj/%.o: %.c $(HDRS) $(LFDIR)/.settings
	@mkdir -p $(dir $@)
	@echo "  CC      $< (libfuzzer)"
	$(Q)$(CLANG) $(LF_FLAGS) $(if $(filter $<,$(UNINSTRUMENTED)),,$(LF_COVERAGE)) $(fz_san) -c -o $@ $<
$(addprefix $(LFDIR)/,$(FUZZ_TARGETS)): $(LFDIR)/%: $(LFDIR)/obj/fuzz/%.o $(LFDIR)/obj/fuzz/target.o $(call FUZZ_OBJ,$(LFDIR)) $(LF_MUT)
	@echo "  LINK    $@"
	$(Q)$(CLANG) -fsanitize=fuzzer $(FZ_LINKSAN) -o $@ $^
$(LFDIR)/empty_fuzzer: $(LFDIR)/obj/fuzz/empty_fuzzer.o $(call FUZZ_OBJ,$(LFDIR)) $(LF_MUT)
	@echo "  LINK    $@"
	$(Q)$(CLANG) -fsanitize=fuzzer $(FZ_LINKSAN) -o $@ $^

# AFL++: afl-clang-fast, persistent mode (fuzz/afl_main.c), the same build.
AFL_FLAGS := $(STD) -O2 -g -fno-omit-frame-pointer -DSF_CHECK=$(FZ_CHECK) -DSF_FEEDBACK=$(FEEDBACK) $(FZ_SAN)
$(call stamp,$(AFLDIR),$(AFL_CC) $(AFL_FLAGS) $(UNINSTRUMENTED) $(UNSANITIZED) $(FZ_ASAN_ONLY))
afl: $(addprefix $(AFLDIR)/,$(FUZZ_TARGETS)) $(AFLDIR)/schedfuzz_mutator.so
$(AFLDIR)/obj/%.o: %.c $(HDRS) $(AFLDIR)/.settings
	@mkdir -p $(dir $@)
	@echo "  CC      $< (afl)"
	$(Q)AFL_QUIET=1 $(if $(filter $<,$(UNINSTRUMENTED)),$(CLANG),$(AFL_CC)) $(AFL_FLAGS) $(fz_san) -c -o $@ $<
# feedback.c writes AFL's map; AFL's pass would declare the map itself.
$(AFLDIR)/obj/fuzz/feedback.o: AFL_FLAGS += -DSF_AFL_MAP=1
$(addprefix $(AFLDIR)/,$(FUZZ_TARGETS)): $(AFLDIR)/%: $(AFLDIR)/obj/fuzz/%.o $(AFLDIR)/obj/fuzz/target.o $(AFLDIR)/obj/fuzz/afl_main.o $(call FUZZ_OBJ,$(AFLDIR))
	@echo "  LINK    $@"
	$(Q)AFL_QUIET=1 $(AFL_CC) $(FZ_LINKSAN) -o $@ $^
$(AFLDIR)/schedfuzz_mutator.so: fuzz/afl_mutator.c fuzz/mutate.c $(RUNTIME_SRC) $(HDRS)
	@echo "  LINK    $@"
	$(Q)$(CC) $(STD) -O2 -fPIC -shared -o $@ fuzz/afl_mutator.c fuzz/mutate.c $(RUNTIME_SRC)

fuzzers: libfuzzer afl replay

# ---- seed corpora and dictionaries, generated from text (never hand-edited) ----
corpus: $(BUILD)/schedtext
	$(Q)bash scripts/gen-corpus "$(BUILD)/schedtext"

# ---- the main job ----
# The settings are checked before anything is built; scripts/fuzz exits 1
# when the run saved findings (make then stops with "Error 1").
shq = '$(subst ','\'',$(1))'
FUZZ_ENV = TARGET=$(call shq,$(TARGET)) ENGINE=$(call shq,$(ENGINE)) TIME=$(call shq,$(TIME)) JOBS=$(call shq,$(JOBS)) \
           LFDIR=$(call shq,$(LFDIR)) AFLDIR=$(call shq,$(AFLDIR)) CHECKED=$(call shq,$(CHECKED))
# The engines fuzz the fast build; what they keep and what crashes is
# replayed through the checked build (mk/checked.mk) at the end.
fuzz: deps
	$(Q)$(FUZZ_ENV) python3 scripts/fuzz --check-args
	$(Q)$(MAKE) $(if $(filter afl,$(ENGINE)),afl,libfuzzer) checked
	$(Q)$(FUZZ_ENV) python3 scripts/fuzz

# ---- benchmarks: docs/benchmarks.md (FULL=1: the long run) ----
FULL ?= 0
bench: deps
	$(Q)FULL='$(FULL)' python3 scripts/bench

# Further build rules, one file per concern (triage tools, continuous fuzzing).
-include mk/*.mk

# ---- checks ----
deps:
	$(Q)bash scripts/install-deps

# Full compiles (the optimiser finds warnings a syntax check cannot), output discarded.
warnings:
	@echo "  WARN    runtime/ fuzz/ tools/ with gcc and $(CLANG), -O2 $(WARN)"
	$(Q)for c in gcc $(CLANG); do for f in $(RUNTIME_SRC) $(FUZZ_SRC) fuzz/target.c fuzz/mutate.c tools/*.c; do \
		$$c $(STD) -O2 $(WARN) -DSF_FEEDBACK=1 -c -o /dev/null "$$f" || exit 1; done; done

# Every make stamps $(BUILD) with its settings: each step says the same ones.
check: deps
	$(Q)$(MAKE) warnings
	$(Q)$(MAKE) SANITIZER=address,undefined all
	$(Q)$(MAKE) SANITIZER=address,undefined libfuzzer afl
	$(Q)bash tests/run-tests "$(BUILD)"

clean:
	@echo "  CLEAN   build"
	$(Q)rm -rf build
