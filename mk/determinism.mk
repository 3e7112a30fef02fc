# SPDX-License-Identifier: Apache-2.0
# AFL++ coverage of the persistent-mode driver itself: the first pass of
# __AFL_LOOP enters the loop body by another edge than every later pass, so
# instrumenting fuzz/afl_main.c makes the first input of each process look
# different to AFL++ (stability below 100%).  The driver is plumbing, like
# fuzz/stats.c: AFL++'s deny list leaves it out of the map.  Included by
# the Makefile.
$(AFLDIR)/obj/fuzz/afl_main.o: fuzz/afl_main.denylist
$(AFLDIR)/obj/fuzz/afl_main.o: export AFL_LLVM_DENYLIST = $(CURDIR)/fuzz/afl_main.denylist
