# SPDX-License-Identifier: Apache-2.0
# Continuous fuzzing: the OSS-Fuzz integration check, corpus minimisation and
# coverage reports (docs/continuous-fuzzing.md).  Included by the Makefile.
#
#   make oss-fuzz-check [OSS_FUZZ_CONFIGS="libfuzzer/address afl/address"] [OSSFUZZ_DIR=...]
#        OSS-Fuzz's own compile, test_all.py, run_fuzzer, reproduce and
#        presubmit checks on oss-fuzz/, from an oss-fuzz checkout (default
#        ../shared/oss-fuzz beside the repository), for every engine and
#        sanitizer that builds here; then the project's stricter checks.
#        Without a checkout: the project's checks only, and exit 3
#   make corpus-min [TARGET=] [ENGINE=libfuzzer|afl] [CORPUS_DIRS="dir ..."]
#                   [CORPUS_MIN_OUT=findings/corpus-min/TARGET]
#        merge corpus/TARGET and CORPUS_DIRS, minimise without losing
#        coverage, write to CORPUS_MIN_OUT (never into corpus/: generated)
#   make coverage [TARGET=] [CORPUS_DIRS="dir ..."] [COVERAGE_DIR=$(BUILD)/coverage]
#        source-based coverage of a corpus replay; HTML in COVERAGE_DIR/html.
#        Without TARGET= on the command line: both shipped targets, each on
#        its own corpus/TARGET.

.PHONY: oss-fuzz-check corpus-min coverage

OSS_FUZZ_CONFIGS ?=
CORPUS_DIRS      ?=
CORPUS_MIN_OUT   ?= findings/corpus-min/$(TARGET)
COVERAGE_DIR     ?= $(BUILD)/coverage

oss-fuzz-check: deps
	$(Q)python3 scripts/oss-fuzz-check $(OSS_FUZZ_CONFIGS)

ifneq ($(filter corpus-min,$(MAKECMDGOALS)),)
ifeq ($(filter $(TARGET),$(FUZZ_TARGETS)),)
$(error TARGET must be one of: $(FUZZ_TARGETS); got '$(TARGET)')
endif
ifeq ($(filter $(ENGINE),libfuzzer afl),)
$(error ENGINE must be libfuzzer or afl for corpus-min; got '$(ENGINE)')
endif
endif
corpus-min: $(LFDIR)/$(TARGET) $(BUILD)/schedtext $(BUILD)/replay/$(TARGET) $(if $(filter afl,$(ENGINE)),$(AFLDIR)/$(TARGET))
	$(Q)bash scripts/corpus-min -t "$(TARGET)" -e "$(ENGINE)" -o "$(CORPUS_MIN_OUT)" \
		-L "$(LFDIR)/$(TARGET)" -A "$(AFLDIR)/$(TARGET)" -R "$(BUILD)/replay/$(TARGET)" \
		-S "$(BUILD)/schedtext" $(CORPUS_DIRS)

# TARGET has a default in the Makefile; only an explicit one narrows coverage.
COVERAGE_TARGETS := $(if $(filter command line,$(origin TARGET)),$(TARGET))
coverage:
	$(Q)CLANG="$(CLANG)" bash scripts/coverage -b "$(COVERAGE_DIR)" \
		$(foreach t,$(COVERAGE_TARGETS),-t "$(t)") $(CORPUS_DIRS)
