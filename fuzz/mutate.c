/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Structure-aware mutation of schedules.  One operation per call, chosen at
 * random:
 *   add     a new non-default decision, biased to preemption points and
 *           small occurrences (most bugs need one to three preemptions early
 *           in a run); on an input with no records, a stress record
 *           instead (one decision on the canonical run is what the
 *           canonical run's neighbours already are: mostly nothing new);
 *   reseed  a new seed in the stress records (a whole new random schedule
 *           under the input's explicit records; 32 bits, two records), or
 *           a stress record where there is none: so the engine samples at
 *           least as widely as simulate's random search, and keeps what
 *           coverage finds.  A search record stays: the new seed drives
 *           the strategy the parent named (the mutator writes none itself:
 *           docs/search.md, "A portfolio of strategies");
 *   pin     the shape the parent ran (its stress seed's draw included)
 *           becomes shape records, then a new seed: new decisions on the
 *           same shape.  A parent kept for new coverage mostly owes it to
 *           its shape (a C thread, nesting, musl), and so do the bugs that
 *           need one: its children stay there instead of drawing it again;
 *   flip    change one decision's choice;
 *   move    shift one decision to the previous or next occurrence;
 *   clone   copy one decision to another site of the same kind;
 *   delete  drop one record;
 *   prefix  run the parent (where the engine lets the mutator run the
 *           model), pick one decision it took and add a record that takes
 *           another choice there: every decision before it stays as it was
 *           (the stress draws are a hash of the decision, not a stream), so
 *           this is schedule-prefix mutation, aimed at decisions the run
 *           really reached;
 *   raw     the engine's byte mutation (kept in the mix: it finds shape and
 *           key values the structured operations never propose).
 * Trailing partial records are dropped first, so the output is always whole
 * records (plus nothing): every output is a valid input, as every input is.
 */
#include <stdbool.h>
#include <string.h>

#include "../runtime/input.h"
#include "../runtime/sites.h"
#include "mutate.h"

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned below(uint64_t *s, unsigned n)
{
	return n ? (unsigned)(next(s) % n) : 0;
}

/* A random key of a kind (SF_KEY_SHAPE: a shape field). */
static int pickkey(uint64_t *s, int kind)
{
	int n = sf_nkeys(), cand[256], nc = 0;

	for (int k = 0; k < n; k++)
		if (sf_key_at(k)->kind == kind)
			cand[nc++] = k;
	return nc ? cand[below(s, (unsigned)nc)] : 0;
}

static void stressrecord(uint64_t *s, uint8_t *r)
{
	uint64_t x = next(s);

	r[0] = (uint8_t)sf_key_index(SF_KEY_STRESS, 0);
	r[1] = (uint8_t)(x >> 8);
	r[2] = (uint8_t)x;
}

/* A new seed: a fresh value in every stress record of data (n records),
 * and a second record after the first when it is alone and there is room.
 * A seed of two records is 32 bits: the pure-stress inputs of a long
 * campaign would run through the 65,536 seeds of one record in seconds.
 * Returns the new number of records. */
static size_t reseed(uint64_t *s, uint8_t *data, size_t n, size_t maxrec)
{
	int key = sf_key_index(SF_KEY_STRESS, 0), nkeys = sf_nkeys();
	size_t nstress = 0, at = 0;

	for (size_t i = 0; i < n; i++)
		if (data[i * SF_RECSIZE] % nkeys == key) {
			stressrecord(s, data + i * SF_RECSIZE);
			nstress++;
			at = i + 1;
		}
	if (nstress == 1 && n < maxrec) {
		memmove(data + (at + 1) * SF_RECSIZE, data + at * SF_RECSIZE, (n - at) * SF_RECSIZE);
		stressrecord(s, data + at * SF_RECSIZE);
		n++;
	}
	return n;
}

/* The last stress record of data (n records), or NULL. */
static uint8_t *stressof(uint8_t *data, size_t n)
{
	int key = sf_key_index(SF_KEY_STRESS, 0), nkeys = sf_nkeys();

	for (size_t i = n; i-- > 0;)
		if (data[i * SF_RECSIZE] % nkeys == key)
			return data + i * SF_RECSIZE;
	return NULL;
}

/* Whether a record is an explicit choice: not part of the input's random
 * schedule (its seed, and the strategy the seed drives). */
static bool explicit(const uint8_t *r)
{
	return !sf_kind_seeded(sf_key_at(r[0] % sf_nkeys())->kind);
}

/* An explicit record of data (n records), at random; NULL when there is
 * none. */
static uint8_t *explicitrecord(uint64_t *s, uint8_t *data, size_t n)
{
	size_t nexplicit = 0, k;

	for (size_t i = 0; i < n; i++)
		nexplicit += explicit(data + i * SF_RECSIZE);
	if (nexplicit == 0)
		return NULL;
	k = below(s, (unsigned)nexplicit);
	for (size_t i = 0; i < n; i++)
		if (explicit(data + i * SF_RECSIZE) && k-- == 0)
			return data + i * SF_RECSIZE;
	return NULL;
}

static void newrecord(uint64_t *s, uint8_t *r)
{
	unsigned dice = below(s, 100);
	int kind = dice < 50 ? K_PREEMPT : dice < 62 ? K_PICK : dice < 74 ? K_SWITCH : dice < 82 ? K_RETAKE
		   : dice < 88 ? K_CTXT : dice < 94 ? K_SIGPROF : SF_KEY_SHAPE;
	int key = pickkey(s, kind);
	unsigned o = below(s, 100);
	int nch = kind >= 0 ? sf_kind_choices(kind) : 0;

	r[0] = (uint8_t)key;
	/* Mostly geometric (occurrence k with probability 2^-(k+1)): schedules
	 * that expose bugs tend to deviate early; sometimes anywhere. */
	r[1] = (uint8_t)(o < 75 ? (unsigned)__builtin_ctzll(next(s) | (1ULL << 40)) : o < 95 ? below(s, 32) : below(s, 256));
	if (kind == SF_KEY_SHAPE)
		r[2] = (uint8_t)below(s, 8); /* shape values: small */
	else if (nch > 0)
		r[2] = (uint8_t)(1 + below(s, (unsigned)nch - 1)); /* not the default */
	else
		r[2] = (uint8_t)(1 + below(s, 3));
}

/* The operations and their weights, out of 32 (raw only when the engine
 * gives its byte mutator; otherwise its share goes to reseed).  Reseeding
 * dominates because it measured best (docs/benchmarks-zoo.md): with half
 * the operations reseeding (14 of 32), libFuzzer needed about twice the
 * executions of random search on the zoo's rows; with 20 and then 26 it
 * came within a few executions of it, the deepest row gaining most.  A
 * local change to a schedule that did not fail is, on these bugs, a worse
 * bet than a new one; the local operations stay, each at 1 in 32, for the
 * explicit records coverage keeps. */
enum { OP_RAW, OP_RESEED, OP_PIN, OP_ADD, OP_FLIP, OP_MOVE, OP_CLONE, OP_DELETE, OP_PREFIX, NOPS };
static const uint8_t opweight[NOPS] = {1, 24, 1, 1, 1, 1, 1, 1, 1};

static int pickop(uint64_t *s, bool raw, bool observe)
{
	unsigned r = below(s, 32);

	for (int op = 0; op < NOPS; op++) {
		if (r < opweight[op]) {
			if (op == OP_RAW && !raw)
				return OP_RESEED;
			return op == OP_PREFIX && !observe ? OP_ADD : op;
		}
		r -= opweight[op];
	}
	return OP_RESEED;
}

/* A record that changes one decision the parent took. */
static bool prefixrecord(uint64_t *s, const uint8_t *data, size_t size, sf_observer observe, uint8_t *r)
{
	static struct sf_taken taken[4096];
	int n = observe(data, size, taken, (int)(sizeof taken / sizeof taken[0])), nok = 0, key;
	const struct sf_taken *d;

	for (int i = 0; i < n; i++)
		if (taken[i].occ <= 255 && taken[i].n >= 2)
			taken[nok++] = taken[i];
	if (nok == 0)
		return false;
	d = &taken[below(s, (unsigned)nok)];
	if ((key = sf_key_index(d->kind, d->site)) < 0)
		return false;
	r[0] = (uint8_t)key;
	r[1] = (uint8_t)d->occ;
	r[2] = (uint8_t)((d->choice + 1 + below(s, (unsigned)d->n - 1)) % d->n);
	return true;
}

/* Shape records for every field data's shape does not set, with the value
 * the run had (the stress draw or the default): appended, up to maxrec. */
static size_t pinshape(uint8_t *data, size_t n, size_t maxrec)
{
	static struct sf_input in;

	sf_input_decode(&in, data, n * SF_RECSIZE, &sf_fuzz_shape);
	for (int f = 0; f < NSHAPEFIELDS && n < maxrec; f++) {
		uint8_t *r = data + n * SF_RECSIZE;

		if (in.shapeset >> f & 1)
			continue;
		r[0] = (uint8_t)sf_key_index(SF_KEY_SHAPE, f);
		r[1] = 0;
		r[2] = (uint8_t)sf_shape_field(&in.shape, f);
		n++;
	}
	return n;
}

size_t sf_mutate(uint8_t *data, size_t size, size_t maxsize, uint64_t seed, sf_rawmutator raw, sf_observer observe)
{
	uint64_t s = seed * 0x2545f4914f6cdd1dULL + size;
	size_t n = size / SF_RECSIZE, maxrec = maxsize / SF_RECSIZE;
	int op = pickop(&s, raw != NULL, observe != NULL);
	uint8_t *r;

	if (op == OP_RAW)
		return raw(data, size, maxsize);
	size = n * SF_RECSIZE;
	if (op == OP_PREFIX) {
		if (n < maxrec && prefixrecord(&s, data, size, observe, data + size))
			return size + SF_RECSIZE;
		op = OP_RESEED;
	}
	r = stressof(data, n);
	if (op == OP_PIN && r != NULL)
		return reseed(&s, data, pinshape(data, n, maxrec), maxrec) * SF_RECSIZE;
	if (op == OP_PIN)
		op = OP_RESEED;
	if (op == OP_RESEED && r != NULL)
		return reseed(&s, data, n, maxrec) * SF_RECSIZE;
	if (n == 0 || op == OP_RESEED || op == OP_ADD) {
		/* A stress record first: an input without one is a single
		 * schedule, one with one is a new one per seed. */
		bool stress = r == NULL && (op == OP_RESEED || n == 0 || below(&s, 2) == 0);
		size_t at;

		if (n >= maxrec)
			return size;
		at = below(&s, (unsigned)n + 1);
		memmove(data + (at + 1) * SF_RECSIZE, data + at * SF_RECSIZE, (n - at) * SF_RECSIZE);
		if (stress)
			stressrecord(&s, data + at * SF_RECSIZE);
		else
			newrecord(&s, data + at * SF_RECSIZE);
		return size + SF_RECSIZE;
	}
	/* The local operations edit an explicit record.  On a parent whose
	 * only records are its seed (and strategy) they would give back the
	 * parent (clone) or a run without the seed (delete), schedules that
	 * already ran or say nothing new: a new seed instead. */
	if ((r = explicitrecord(&s, data, n)) == NULL)
		return reseed(&s, data, n, maxrec) * SF_RECSIZE;
	switch (op) {
	case OP_FLIP:
		r[2] = (uint8_t)(r[2] + 1 + below(&s, 3));
		break;
	case OP_MOVE:
		r[1] = (uint8_t)(r[1] + (below(&s, 2) ? 1 : -1));
		break;
	case OP_CLONE: { /* to another site of the same kind */
		const struct sf_key *k = sf_key_at(r[0] % sf_nkeys());

		if (n >= maxrec)
			break;
		memcpy(data + size, r, SF_RECSIZE);
		data[size] = (uint8_t)pickkey(&s, k->kind);
		return size + SF_RECSIZE;
	}
	default: /* delete */
		memmove(r, r + SF_RECSIZE, (size_t)(data + size - r - SF_RECSIZE));
		return size - SF_RECSIZE;
	}
	return size;
}

/*
 * Recombination: a prefix of a's explicit records, then a suffix of b's,
 * under a new stress seed when either parent has one: the records are
 * what coverage kept, the seed is the random part, and a seed drawn again
 * is a new sample where an inherited one is a near-copy of a parent that
 * did not fail.  Without stress parents, a result equal to a parent gets a
 * seed too, so a crossover never spends an execution on a schedule that
 * already ran.
 */
size_t sf_crossover(const uint8_t *a, size_t asize, const uint8_t *b, size_t bsize, uint8_t *out, size_t maxsize,
		    uint64_t seed)
{
	uint64_t s = seed ^ 0x5851f42d4c957f2dULL;
	size_t na = asize / SF_RECSIZE, nb = bsize / SF_RECSIZE;
	size_t ka = below(&s, (unsigned)na + 1), kb = below(&s, (unsigned)nb + 1);
	size_t n = 0, maxrec = maxsize / SF_RECSIZE;
	int key = sf_key_index(SF_KEY_STRESS, 0), nkeys = sf_nkeys();
	const uint8_t *st = stressof((uint8_t *)a, na);

	if (st == NULL)
		st = stressof((uint8_t *)b, nb);
	if (maxrec == 0)
		return 0;
	if (st != NULL) {
		memcpy(out, st, SF_RECSIZE);
		n++;
	}
	for (size_t i = 0; i < ka && n < maxrec; i++)
		if (a[i * SF_RECSIZE] % nkeys != key)
			memcpy(out + n++ * SF_RECSIZE, a + i * SF_RECSIZE, SF_RECSIZE);
	for (size_t i = kb; i < nb && n < maxrec; i++)
		if (b[i * SF_RECSIZE] % nkeys != key)
			memcpy(out + n++ * SF_RECSIZE, b + i * SF_RECSIZE, SF_RECSIZE);
	if (st != NULL) {
		n = reseed(&s, out, n, maxrec);
	} else if ((n * SF_RECSIZE == asize && memcmp(out, a, asize) == 0) ||
		   (n * SF_RECSIZE == bsize && memcmp(out, b, bsize) == 0) || n == 0) {
		if (n < maxrec) {
			memmove(out + SF_RECSIZE, out, n * SF_RECSIZE);
			n++;
		}
		out[0] = (uint8_t)key; /* reseed draws its value */
		n = reseed(&s, out, n, maxrec);
	}
	return n * SF_RECSIZE;
}
