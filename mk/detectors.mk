# SPDX-License-Identifier: Apache-2.0
# Which detector stops each go117 failure: ASan or the frame check
# (scripts/detectors; scripts/bench runs it as its section 5).  Included by
# the Makefile.
#
#   make detectors [DETECTOR_RUNS=200] [DETECTOR_FEED=stress|adversarial]
DETECTOR_RUNS ?= 200
DETECTOR_FEED ?= stress
DETECTOR_BUILD := $(BUILD)/detectors

.PHONY: detectors
detectors:
	$(Q)$(MAKE) BUILD="$(DETECTOR_BUILD)/plain" SANITIZER=none CHECK=0 "$(DETECTOR_BUILD)/plain/simulate"
	$(Q)$(MAKE) BUILD="$(DETECTOR_BUILD)/asan" SANITIZER=address,undefined "$(DETECTOR_BUILD)/asan/simulate"
	$(Q)python3 scripts/detectors --plain "$(DETECTOR_BUILD)/plain/simulate" --asan "$(DETECTOR_BUILD)/asan/simulate" \
		--runs "$(DETECTOR_RUNS)" --feed "$(DETECTOR_FEED)"
