/* SPDX-License-Identifier: Apache-2.0 */
/*
 * In-process runs of a fuzz target's input, for explain and triage-tool.
 *
 * A run here is what the target's LLVMFuzzerTestOneInput does (same default
 * shape, ordering and detectors), but recovered (sf_run with recover set)
 * and observed: every decision, one row per step with the state the step
 * left, and a summary of the failure.  C stacks are kept unpoisoned between
 * steps so that the model's own frame check, not an ASan report that would
 * end the process, reports a return to C on the wrong stack.
 */
#ifndef SCHEDFUZZ_EXPLAIN_RUN_H
#define SCHEDFUZZ_EXPLAIN_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../fuzz/fuzz.h"
#include "../runtime/runtime.h"

/* The targets are fuzz/fuzz.c's table: sf_targets, sf_target_named. */
/* The target a path names: the deepest path component (file name
 * included) that contains a target's name.  No name is a substring of
 * another, so the match is unambiguous.  NULL when none does. */
const struct sf_target *ex_target_in_path(const char *path);
/* The target a text input names in its first '# expect T:' line; NULL
 * when it names none (or cannot be read). */
const struct sf_target *ex_target_in_text(const char *path);

/* One decision as the feed saw it (defaults included). */
struct ex_decision {
	uint32_t step; /* the step it was taken in; a switch picks the thread of step+1 */
	int kind, site, occ, n, def, choice;
	int off;  /* input offset behind it, -1 default */
	int m, g; /* M id + 1 and G id of the thread deciding (0 none) */
};

/* One step: who ran what, and the state of that thread afterwards. */
struct ex_row {
	uint32_t step;
	int thread; /* 255: sysmon */
	int m, g;   /* M id + 1 (0 none) and G id (0 g0) at the start of the step */
	int site;
	/* after the step (or at the throw, for the failing step) */
	int lockedg, lockedint, lockedext, incgo, curg;
	int cdepth;     /* live C frames on the thread's stack */
	int lvl;        /* the G's cgo nesting level (-1 outside cgo) */
	int preempt;    /* non-default preempt choice taken in this step, 0 none */
	int fromm;      /* the G last ran on this M (id + 1) when it migrated here, else 0 */
	/* An extra M's g0 stack (Go 1.21+ rows): bounds and SP as arena
	 * offsets, whether they came from pthread, and isExtraInC. */
	bool extram, accurate, extrainc;
	long g0lo, g0hi, g0sp;
	bool badbound; /* in a callback, and g0.sched.sp is outside the bounds or too near lo for a g0 frame */
	bool fatal;
};

/* A signal delivered in the run, with what its handler saw. */
struct ex_signal {
	uint32_t step; /* the step it landed in (a signal point) or after */
	struct sf_sigview v;
};

struct ex_run {
	/* set by the caller */
	const struct sf_target *tgt;
	const struct sf_variant *var; /* NULL: the target's (differential: the first row that must pass) */
	bool keep;                    /* keep decisions and rows (explain) */
	int rkind, rsite, rocc;       /* revert this decision to its default; rkind -1: none */

	/* filled by ex_run_input */
	struct sf_shape shape;
	struct sf_result res;
	struct ex_decision *dec;
	size_t ndec, capdec;
	struct ex_row *row;
	size_t nrow, caprow;
	struct ex_signal *sig; /* every signal; the last one's v.returned is false when the run died in its handler */
	size_t nsig, capsig;
	int throwthread, throwm, throwg, throwsite; /* -1 when the run passed */
	int preemptsite, preemptchoice;             /* the failing G's last non-default preempt, -1 none */
	uint32_t preemptstep;
	bool oom; /* a log could not grow: it is cut short */
};

/* Run once.  Returns res.status.  ex_free releases the logs. */
int ex_run_input(struct ex_run *r, const uint8_t *data, size_t size);
void ex_free(struct ex_run *r);

/* Whether this build poisons C stacks (ASan): then the target's own build
 * reports a bad frame read as use-after-poison, and these runs do not. */
bool ex_asan(void);

/* The live C frames of thread t: count, and the top one (kind name, M id +
 * 1, G, seq; kind NULL when the stack holds none). */
struct ex_frame {
	const char *kind;
	int m, g, level;
	uint32_t seq;
};
int ex_cframes(int thread, struct ex_frame *top);
/* Where an M's g0.sched.sp points: a short description into buf. */
void ex_describe_g0sp(int m, char *buf, size_t len);
/* The thread whose stack holds G's live callback frame of its current
 * cgo level, -1 if none does. */
int ex_callback_frame_thread(int g);
/* Whether an extra M in a callback has g0 bounds its g0.sched.sp does not
 * fit: outside them, or less than the prologue guard plus a runtime
 * frame above lo (the next g0 use throws "morestack on g0"). */
struct m;
bool ex_badbound(const struct m *mp);

/* SHA-256 of data, as 64 hex digits and a NUL. */
void ex_sha256_hex(const uint8_t *data, size_t size, char out[65]);
/* A JSON string literal of s (n bytes) on f; bytes that are not UTF-8 are
 * written as \u00XX so the result is always valid JSON. */
void ex_json_string(FILE *f, const char *s, size_t n);

#endif
