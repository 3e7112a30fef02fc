/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The byte feed: a fuzz input decoded into sparse decision overrides.
 *
 * An input is a sequence of 3-byte records [key][occ][val]; a trailing
 * partial record is ignored, so every byte string is valid and truncation is
 * a shrink.  key (mod the number of keys) names either a decision site, as
 * (kind, site), or a shape field.  A decision record says: the occ-th time
 * this (kind, site) decision is taken in the run, choose val (mod the number
 * of choices).  A shape record sets one field of the shape to val (clamped).
 * Every decision without a record takes its documented default, so the empty
 * input is the canonical run.  When two records name the same decision the
 * later one wins.
 *
 * One more key is the stress field: a record [stress][hi][lo] gives 16 bits
 * of a seed, and then every decision without a record of its own is drawn
 * from the stress distribution (stress.c) under that seed instead of taking
 * its default, and so is every shape field without a shape record
 * (sf_shape_mix, the draw of `simulate --shape mixed`): a stress input is
 * one seeded run of the random baseline, with its explicit records on top.
 * Several stress records make one wider seed: their 16-bit values in input
 * order are its digits in base 65536, the last the lowest (the last four
 * count, 64 bits).  So one record is seeds 0 to 65535, as before, and
 * `stress N` is `simulate --seed N` for every seed simulate takes.
 *
 * The last key is the search field: a record [search][k][strategy] names
 * the strategy the seed drives, as `simulate --search` does: strategy mod
 * 10 is random (0), PCT of that depth (1 to 8) or POS (9), and PCT's
 * expected run length is 64 * (k + 1) steps.  Under PCT or POS the
 * strategy makes the scheduling decisions no record names (search.c) and
 * the seed draws the rest, so `search pos` with `stress N` is
 * `simulate --search pos --seed N`.  A search record without a stress
 * record runs under seed 0.  docs/input-format.md argues the design.
 */
#ifndef SCHEDFUZZ_INPUT_H
#define SCHEDFUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "runtime.h"

#define SF_MAX_INPUT 4096 /* bytes; longer inputs are cut here (AFL ignores max_len) */
#define SF_RECSIZE 3
#define SF_MAXREC (SF_MAX_INPUT / SF_RECSIZE)

enum sf_shapefield {
	SH_GOROUTINES, SH_CALLS, SH_CTHREADS, SH_GOMAXPROCS, SH_LOCKED, SH_NEST, SH_CONTEXT,
	SH_LIBC, SH_RESPAWN, SH_REPEAT, /* appended: existing text seeds keep their meaning */
	SH_LOCKEXIT, SH_UNWIND, SH_GOEXIT, /* appended after them (issue 11) */
	NSHAPEFIELDS
};
extern const char *const sf_shapefield_name[NSHAPEFIELDS];
/*
 * The shape fields by enum sf_shapefield: where each is in struct sf_shape
 * and how sf_shape_mix draws it.  Shape records, their text and the mix
 * reach a field only through this table.
 */
struct sf_shapefieldinfo {
	size_t off;        /* offsetof(struct sf_shape, ...) */
	int lo;            /* the least value a run takes (sf_shape_clamp's floor) */
	bool pergoroutine; /* at most the goroutines: drawn up to those drawn, not up to sf_fuzz_max's */
	int draw;          /* its draw in sf_shape_mix: fields appended keep the earlier fields' draws */
};
extern const struct sf_shapefieldinfo sf_shapefields[NSHAPEFIELDS];
int *sf_shape_ref(struct sf_shape *s, int field);        /* NULL if no such enum sf_shapefield */
int sf_shape_field(const struct sf_shape *s, int field); /* the value of one enum sf_shapefield */

/* A key: a decision (kind >= 0, site), a shape field (kind == SF_KEY_SHAPE),
 * the stress field (kind == SF_KEY_STRESS) or the search field
 * (kind == SF_KEY_SEARCH). */
#define SF_KEY_SHAPE (-1)
#define SF_KEY_STRESS (-2)
#define SF_KEY_SEARCH (-3)
struct sf_key {
	int kind;
	int site; /* or enum sf_shapefield */
};

/* Whether a key of this kind belongs to the input's random schedule (the
 * stress seed, or the strategy the seed drives) rather than to an explicit
 * choice: what triage materialises, explain attributes to the seed, and
 * the mutator's local operations leave alone. */
static inline bool sf_kind_seeded(int kind)
{
	return kind == SF_KEY_STRESS || kind == SF_KEY_SEARCH;
}

int sf_nkeys(void);
const struct sf_key *sf_key_at(int key);
int sf_key_index(int kind, int site); /* -1 if no such key; the stress and search keys have site 0 */
int sf_kind_choices(int kind);        /* fixed choice count, 0 if it depends on the state */
const char *sf_choice_name(int kind, int choice); /* NULL when numeric */
int sf_kind_names(int kind);                      /* how many choices have names */

struct sf_rec {
	uint8_t key, occ, val;
	int16_t off;
};

struct sf_input {
	struct sf_decider d;
	struct sf_shape shape; /* defaults overridden by shape records (and drawn under a stress seed) */
	unsigned shapeset;     /* the fields a shape record set: bit per enum sf_shapefield */
	bool stressed;         /* a stress record was given: undecided decisions are drawn */
	uint64_t stress;       /* the seed of the stress records */
	struct sf_stress st;   /* ... with its chances */
	uint8_t searchval;     /* the search record's bytes (0, 0: random) */
	uint8_t searchk;
	struct sf_search srch; /* the strategy's state in a run, under PCT or POS */
	int nrec;
	struct sf_rec rec[SF_MAXREC]; /* grouped by key, then by occ, stable */
	int first[256];               /* first record of each key */
	int cur[256];                 /* cursor per key during a run */
};

/* Decode; `defaults` is the target's default shape. */
void sf_input_decode(struct sf_input *in, const uint8_t *data, size_t size, const struct sf_shape *defaults);
/* The search field's strategy (enum sf_search_kind), PCT's depth and its
 * expected run length in steps. */
int sf_input_search(const struct sf_input *in, int *depth, uint64_t *ksteps);
/* What a decider that wraps the input's calls after each step (the
 * strategy's stepped hook; nothing under random search). */
void sf_input_step(struct sf_input *in, int thread);
/* Rewind the cursors (and the strategy) so the same decoded input can drive
 * another run. */
void sf_input_rewind(struct sf_input *in);

/*
 * Text form, one record a line:
 *     shape <field> <value>
 *     stress <seed 0 to 2^64 - 1: one record per 16 bits, at least one>
 *     search random | pos | pct <depth 1 to 8> <steps: a multiple of 64 from 64 to 16384>
 *     <kind> <site> <occ> <choice>
 * '#' starts a comment.  Encoding returns the byte count, or -1 with a
 * message in err naming the line.
 */
long sf_text_encode(const char *text, uint8_t *out, size_t cap, char *err, size_t errlen);
void sf_text_decode(FILE *f, const uint8_t *data, size_t size);

#endif
