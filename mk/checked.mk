# SPDX-License-Identifier: Apache-2.0
# The checked build, for verdicts: ASan+UBSan and the state checker on the
# replay drivers and the triage tools, in a folder of its own so that no
# other build configuration ever rebuilds it.  The engines fuzz the fast
# build (the Makefile's FUZZBUILD); make fuzz and triage replay what they
# keep and what crashes through this one.  Included by the Makefile.
#
#   make checked     $(CHECKED)/replay/<target>, explain, triage-tool, schedtext
#
# CHECKED is $(BUILD) itself when that is already built this way (make
# check's build), else $(BUILD)/checked.
comma := ,
CHECKED ?= $(if $(and $(filter address$(comma)undefined,$(SANITIZER)),$(filter 1,$(CHECK))),$(BUILD),$(BUILD)/checked)

.PHONY: checked
checked:
	$(Q)$(MAKE) BUILD="$(CHECKED)" SANITIZER=address,undefined CHECK=1 replay triage-tools
