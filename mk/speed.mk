# SPDX-License-Identifier: Apache-2.0
# The speed build: $(BUILD)/speed, no sanitizer, the whole-state checker on,
# -O2.  `all` builds it beside the main build, so that make check has a
# plain build next to its ASan+UBSan one: the adversarial sweep runs its
# volume there (tests/suites/75-adversarial.sh) and the determinism tests
# compare both (tests/suites/76-determinism.sh).  Included by the Makefile.
SPEED_BUILD := $(BUILD)/speed
SPEED_PROGRAMS := $(SPEED_BUILD)/sweep $(addprefix $(SPEED_BUILD)/replay/,$(FUZZ_TARGETS))

.PHONY: speed-build
all: speed-build

# Its own folder and settings; the sub-make builds only these programs.
speed-build:
	$(Q)$(MAKE) BUILD="$(SPEED_BUILD)" SANITIZER=none CHECK=1 OPT=-O2 $(SPEED_PROGRAMS)
