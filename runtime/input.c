/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Decoding fuzz inputs into decision overrides, and their text form.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "sites.h"

const char *const sf_shapefield_name[NSHAPEFIELDS] = {
	"goroutines", "calls", "cthreads", "gomaxprocs", "locked", "nest", "context", "libc", "respawn", "repeat",
	"lockexit", "unwind", "goexit",
};
static const char *const context_names[] = {"none", "zero", "nonzero"};
static const char *const libc_names[] = {"glibc", "musl"};

static struct sf_key keys[256];
static int nkeys;
static short keyof[NKINDS][NSITES];

/* Which sites each kind of decision is taken at. */
static bool kind_at(int kind, int site)
{
	switch (kind) {
	case K_PREEMPT: return (site_flags[site] & SITE_PP) != 0;
	case K_SWITCH: return (site_flags[site] & SITE_SIG) == 0;
	case K_PICK: return site == SITE_SCHEDULE;
	case K_CTXT: return site == SITE_C_CONTEXT;
	case K_RETAKE: return (site_flags[site] & SITE_SIG) == 0;
	/* needm's signal points take user signals only: a SIGPROF with TLS
	 * g == nil is sigprofNonGoPC, which never calls needm. */
	case K_SIGPROF: return site != SITE_LOCKEXTRA && site != SITE_UNLOCKEXTRA;
	case K_SIGNAL: return site == SITE_LOCKEXTRA || site == SITE_UNLOCKEXTRA;
	case K_CDEPTH: return site == SITE_C_CONTEXT;
	case K_CSTACK: return site == SITE_CT_LOOP;
	case K_CALLOC: return site == SITE_CT_LOOP || site == SITE_CT_START;
	case K_G0USE: return site == SITE_USERFN;
	}
	return false;
}

/*
 * The key tables are built once, before main: built lazily, the first
 * input of a process would run code no later input runs, and a fuzz
 * engine would see the same input give different coverage (AFL++'s
 * stability).
 */
static void addkey(int kind, int site)
{
	if (nkeys == 255) { /* a key byte, and first[nkeys], must reach them all */
		fprintf(stderr, "schedfuzz: more input keys than a key byte holds\n");
		abort();
	}
	keys[nkeys++] = (struct sf_key){kind, site};
}

__attribute__((constructor)) static void initkeys(void)
{
	memset(keyof, -1, sizeof keyof);
	nkeys = 0;
	for (int k = 0; k < NKINDS; k++)
		for (int s = 0; s < NSITES; s++)
			if (kind_at(k, s)) {
				keyof[k][s] = (short)nkeys;
				addkey(k, s);
			}
	for (int f = 0; f < NSHAPEFIELDS; f++)
		addkey(SF_KEY_SHAPE, f);
	addkey(SF_KEY_STRESS, 0);
	addkey(SF_KEY_SEARCH, 0);
}

int sf_nkeys(void)
{
	return nkeys;
}

const struct sf_key *sf_key_at(int key)
{
	return key >= 0 && key < nkeys ? &keys[key] : NULL;
}

int sf_key_index(int kind, int site)
{
	if (kind == SF_KEY_SEARCH)
		return site == 0 ? nkeys - 1 : -1;
	if (kind == SF_KEY_STRESS)
		return site == 0 ? nkeys - 2 : -1;
	if (kind == SF_KEY_SHAPE)
		return site >= 0 && site < NSHAPEFIELDS ? nkeys - 2 - NSHAPEFIELDS + site : -1;
	if (kind < 0 || kind >= NKINDS || site < 0 || site >= NSITES)
		return -1;
	return keyof[kind][site];
}

static const char *const preempt_names[] = {"none", "sysmon", "gc"};
static const char *const ctxt_names[] = {"own", "zero", "nonzero"};
static const char *const yesno_names[] = {"no", "yes"};
static const char *const cstack_names[] = {"stay", "coroutine", "thread"};
static const char *const g0use_names[] = {"256B", "none", "2KiB", "8KiB", "24KiB"};
static const char *const signal_names[] = {"no", "user"};

/* Per kind: a fixed choice count (0: it depends on the state, as a switch's
 * runnable threads do), and the names of its first choices, if any. */
#define NAMES(a) .names = a, .nnames = sizeof a / sizeof a[0]
static const struct {
	int choices;
	const char *const *names;
	int nnames;
} kinds[NKINDS] = {
	[K_PREEMPT] = {3, NAMES(preempt_names)},
	[K_CTXT] = {3, NAMES(ctxt_names)},
	[K_RETAKE] = {0, NAMES(yesno_names)}, /* a P's index beyond "yes" (the first P) */
	[K_SIGPROF] = {2, NAMES(yesno_names)},
	[K_CDEPTH] = {48, NULL, 0},
	[K_CSTACK] = {3, NAMES(cstack_names)},
	[K_G0USE] = {5, NAMES(g0use_names)},
	[K_SIGNAL] = {2, NAMES(signal_names)},
};
#undef NAMES

int sf_kind_choices(int kind)
{
	return kind >= 0 && kind < NKINDS ? kinds[kind].choices : 0;
}

int sf_kind_names(int kind)
{
	return kind >= 0 && kind < NKINDS ? kinds[kind].nnames : 0;
}

/* A fixed-count kind's choice is taken modulo its count, as decide() does;
 * a state-dependent one is named only while it is one of the names. */
const char *sf_choice_name(int kind, int choice)
{
	int n = sf_kind_names(kind);

	if (n == 0 || choice < 0)
		return NULL;
	if (kinds[kind].choices == 0)
		return choice < n ? kinds[kind].names[choice] : NULL;
	return kinds[kind].names[choice % n];
}

#define FIELD(f) offsetof(struct sf_shape, f)
const struct sf_shapefieldinfo sf_shapefields[NSHAPEFIELDS] = {
	[SH_GOROUTINES] = {FIELD(goroutines), 0, false, 0},
	[SH_CALLS] = {FIELD(calls), 1, false, 1},
	[SH_CTHREADS] = {FIELD(cthreads), 0, false, 2},
	[SH_GOMAXPROCS] = {FIELD(gomaxprocs), 1, false, 3},
	[SH_LOCKED] = {FIELD(locked), 0, true, 6},
	[SH_NEST] = {FIELD(nest), 1, false, 4},
	[SH_CONTEXT] = {FIELD(context), SF_CONTEXT_NONE, false, 5},
	[SH_LIBC] = {FIELD(libc), SF_LIBC_GLIBC, false, 7},
	[SH_RESPAWN] = {FIELD(respawn), 0, false, 8},
	[SH_REPEAT] = {FIELD(repeat), 1, false, 9},
	[SH_LOCKEXIT] = {FIELD(lockexit), 0, true, 10},
	[SH_UNWIND] = {FIELD(unwind), 0, true, 11},
	[SH_GOEXIT] = {FIELD(goexit), 0, false, 12},
};
#undef FIELD

int *sf_shape_ref(struct sf_shape *s, int field)
{
	return field >= 0 && field < NSHAPEFIELDS ? (int *)(void *)((char *)s + sf_shapefields[field].off) : NULL;
}

static void shape_set(struct sf_shape *s, int field, int v)
{
	int *p = sf_shape_ref(s, field);

	/* The enumerated fields take any byte, modulo their count. */
	if (p != NULL)
		*p = field == SH_CONTEXT ? v % 3 : field == SH_LIBC || field == SH_GOEXIT ? v % 2 : v;
}

int sf_shape_field(const struct sf_shape *s, int field)
{
	struct sf_shape c = *s;
	int *p = sf_shape_ref(&c, field);

	return p != NULL ? *p : 0;
}

static int input_decide(struct sf_decider *d, int kind, int site, uint32_t occ, int n, int def, int *off)
{
	struct sf_input *in = (struct sf_input *)(void *)d;
	int key = keyof[kind][site];
	int i = in->cur[key], end = in->first[key + 1];
	int hit = -1;

	while (i < end && in->rec[i].occ < occ)
		i++;
	while (i < end && in->rec[i].occ == occ)
		hit = i++;
	in->cur[key] = i;
	if (hit < 0 && in->srch.kind != SF_SEARCH_RANDOM)
		return in->srch.d.decide(&in->srch.d, kind, site, occ, n, def, off);
	if (hit < 0 && in->stressed) {
		*off = -2; /* drawn under the stress field */
		return sf_stress_pick(&in->st, kind, site, occ, n, def);
	}
	if (hit < 0)
		return def;
	*off = in->rec[hit].off;
	return in->rec[hit].val % n;
}

/* The search field's value: a strategy, and PCT's depth. */
#define SEARCH_VALUES (1 + SF_PCT_MAXDEPTH + 1)

int sf_input_search(const struct sf_input *in, int *depth, uint64_t *ksteps)
{
	int v = in->searchval % SEARCH_VALUES;

	*depth = v >= 1 && v <= SF_PCT_MAXDEPTH ? v : 1;
	*ksteps = 64 * ((uint64_t)in->searchk + 1);
	return v == 0 ? SF_SEARCH_RANDOM : v <= SF_PCT_MAXDEPTH ? SF_SEARCH_PCT : SF_SEARCH_POS;
}

/* The strategy's decisions reach the run through the input's decider: its
 * records first, the strategy for the rest; and the strategy sees every
 * step (a decider wrapping the input's passes them on). */
void sf_input_step(struct sf_input *in, int thread)
{
	if (in->srch.kind != SF_SEARCH_RANDOM)
		in->srch.d.stepped(&in->srch.d, thread);
}

static void input_stepped(struct sf_decider *d, int thread)
{
	sf_input_step((struct sf_input *)(void *)d, thread);
}

static void search_begin(struct sf_input *in)
{
	int depth;
	uint64_t ksteps;
	int kind = sf_input_search(in, &depth, &ksteps);

	in->d.stepped = NULL;
	in->srch.kind = SF_SEARCH_RANDOM;
	if (kind == SF_SEARCH_RANDOM)
		return;
	sf_search_init(&in->srch, kind, depth, in->stress, ksteps);
	in->d.stepped = input_stepped;
}

void sf_input_rewind(struct sf_input *in)
{
	memcpy(in->cur, in->first, sizeof(int) * (size_t)nkeys);
	search_begin(in);
}

void sf_input_decode(struct sf_input *in, const uint8_t *data, size_t size, const struct sf_shape *defaults)
{
	int count[256] = {0};
	size_t nrec;

	in->d.decide = input_decide;
	in->d.stepped = NULL;
	in->shape = *defaults;
	in->shapeset = 0;
	in->stressed = false;
	in->stress = 0;
	in->searchval = in->searchk = 0;
	if (size > SF_MAX_INPUT)
		size = SF_MAX_INPUT;
	nrec = size / SF_RECSIZE;
	for (size_t r = 0; r < nrec; r++)
		count[data[r * SF_RECSIZE] % nkeys]++;
	in->first[0] = 0;
	for (int k = 0; k < nkeys; k++)
		in->first[k + 1] = in->first[k] + count[k];
	memcpy(in->cur, in->first, sizeof(int) * (size_t)nkeys);
	for (size_t r = 0; r < nrec; r++) {
		const uint8_t *b = data + r * SF_RECSIZE;
		int key = b[0] % nkeys;

		if (keys[key].kind == SF_KEY_SHAPE) {
			shape_set(&in->shape, keys[key].site, b[2]);
			in->shapeset |= 1u << keys[key].site;
			continue;
		}
		if (keys[key].kind == SF_KEY_STRESS) {
			in->stressed = true;
			in->stress = in->stress << 16 | (uint64_t)(b[1] << 8 | b[2]);
			continue;
		}
		if (keys[key].kind == SF_KEY_SEARCH) {
			in->stressed = true; /* under seed 0 until a stress record says */
			in->searchk = b[1];
			in->searchval = b[2];
			continue;
		}
		in->rec[in->cur[key]++] = (struct sf_rec){(uint8_t)key, b[1], b[2], (int16_t)(r * SF_RECSIZE)};
	}
	/* Within each key, order by occ; insertion sort keeps equal occs in
	 * input order, so the later record of a pair is the one that wins. */
	for (int k = 0; k < nkeys; k++) {
		for (int i = in->first[k] + 1; i < in->cur[k]; i++) {
			struct sf_rec x = in->rec[i];
			int j = i;

			while (j > in->first[k] && in->rec[j - 1].occ > x.occ) {
				in->rec[j] = in->rec[j - 1];
				j--;
			}
			in->rec[j] = x;
		}
	}
	/* Shape, stress and search records are consumed; only decision
	 * records keep a slot.  Under a stress seed the shape is drawn too, as one seeded run
	 * of `simulate --search random --shape mixed` draws it: every field
	 * without a record of its own, near the defaults, by the same code. */
	if (in->stressed) {
		sf_stress_init(&in->st, in->stress);
		sf_shape_clamp(&in->shape);
		sf_shape_mix(&in->shape, in->stress, in->shapeset);
	}
	in->nrec = 0;
	for (int k = 0; k < nkeys; k++) {
		int from = in->first[k], to = in->cur[k];

		in->first[k] = in->nrec;
		memmove(&in->rec[in->nrec], &in->rec[from], sizeof(struct sf_rec) * (size_t)(to - from));
		in->nrec += to - from;
	}
	in->first[nkeys] = in->nrec;
	sf_input_rewind(in);
	sf_shape_clamp(&in->shape);
}

/* ---- text form ---- */

static int lookup(const char *const *names, int n, const char *w)
{
	for (int i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], w) == 0)
			return i;
	return -1;
}

/* The kind names, comma-separated, for error messages. */
static const char *kindnames(void)
{
	static char buf[256];
	size_t n = 0;

	for (int k = 0; k < NKINDS && n < sizeof buf; k++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", k ? ", " : "", sf_kind_name[k]);
	return buf;
}

static int parse_uint(const char *w, long max)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)w[0]))
		return -1;
	v = strtol(w, &end, 10);
	if (*end != '\0' || v < 0 || v > max)
		return -1;
	return (int)v;
}

/* A decimal number of 64 bits at most: 0 when it is one. */
static int parse_u64(const char *w, uint64_t *v)
{
	char *end;

	if (!isdigit((unsigned char)w[0]))
		return -1;
	errno = 0;
	*v = strtoull(w, &end, 10);
	return *end != '\0' || errno == ERANGE ? -1 : 0;
}

long sf_text_encode(const char *text, uint8_t *out, size_t cap, char *err, size_t errlen)
{
	size_t n = 0;
	int lineno = 0;
	const char *p = text;

	while (*p != '\0') {
		char line[512], *w[6], *save = NULL;
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		int nw = 0, key, occ = 0, val;

		lineno++;
		if (len >= sizeof line) {
			snprintf(err, errlen, "line %d: longer than %zu characters", lineno, sizeof line - 1);
			return -1;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + (nl ? 1 : 0);
		if (strchr(line, '#'))
			*strchr(line, '#') = '\0';
		for (char *t = strtok_r(line, " \t\r", &save); t && nw < 6; t = strtok_r(NULL, " \t\r", &save))
			w[nw++] = t;
		if (nw == 0)
			continue;
		if (strcmp(w[0], "shape") == 0) {
			int f = lookup(sf_shapefield_name, NSHAPEFIELDS, nw > 1 ? w[1] : "");

			if (nw != 3 || f < 0) {
				snprintf(err, errlen, "line %d: expected 'shape FIELD VALUE' with FIELD one of goroutines, calls, cthreads, gomaxprocs, locked, nest, context, libc, respawn, repeat, lockexit, unwind, goexit", lineno);
				return -1;
			}
			val = f == SH_CONTEXT ? lookup(context_names, 3, w[2])
			      : f == SH_LIBC  ? lookup(libc_names, 2, w[2])
					      : parse_uint(w[2], 255);
			if (val < 0) {
				snprintf(err, errlen, "line %d: bad value '%s' for shape %s", lineno, w[2], w[1]);
				return -1;
			}
			key = sf_key_index(SF_KEY_SHAPE, f);
		} else if (strcmp(w[0], "stress") == 0) {
			/* One record per 16 bits of the seed, the highest first, as
			 * few as hold it. */
			uint64_t seed;
			int digits = 1;

			if (nw != 2 || parse_u64(w[1], &seed) != 0) {
				snprintf(err, errlen, "line %d: expected 'stress SEED' with SEED a number from 0 to %llu", lineno,
					 (unsigned long long)UINT64_MAX);
				return -1;
			}
			while (digits < 4 && seed >> (16 * digits) != 0)
				digits++;
			if (n + (size_t)digits * SF_RECSIZE > cap) {
				snprintf(err, errlen, "line %d: the input would exceed %zu bytes", lineno, cap);
				return -1;
			}
			key = sf_key_index(SF_KEY_STRESS, 0);
			for (int d = digits - 1; d > 0; d--) {
				out[n++] = (uint8_t)key;
				out[n++] = (uint8_t)(seed >> (16 * d + 8));
				out[n++] = (uint8_t)(seed >> (16 * d));
			}
			occ = (int)(seed >> 8 & 0xff);
			val = (int)(seed & 0xff);
		} else if (strcmp(w[0], "search") == 0) {
			int depth = nw == 4 ? parse_uint(w[2], SF_PCT_MAXDEPTH) : -1;
			int steps = nw == 4 ? parse_uint(w[3], 16384) : -1;

			key = sf_key_index(SF_KEY_SEARCH, 0);
			if (nw == 2 && strcmp(w[1], "random") == 0) {
				val = 0;
			} else if (nw == 2 && strcmp(w[1], "pos") == 0) {
				val = SEARCH_VALUES - 1;
			} else if (nw == 4 && strcmp(w[1], "pct") == 0 && depth >= 1 && steps >= 64 && steps % 64 == 0) {
				val = depth;
				occ = steps / 64 - 1;
			} else {
				snprintf(err, errlen, "line %d: expected 'search random', 'search pos' or 'search pct DEPTH STEPS' with DEPTH from 1 to %d and STEPS a multiple of 64 from 64 to 16384", lineno, SF_PCT_MAXDEPTH);
				return -1;
			}
		} else {
			int kind = lookup(sf_kind_name, NKINDS, w[0]);
			int site = nw > 1 ? lookup(site_name, NSITES, w[1]) : -1;

			if (kind < 0 || nw != 4) {
				snprintf(err, errlen, "line %d: expected 'KIND SITE OCC CHOICE', 'shape FIELD VALUE', 'stress SEED' or 'search STRATEGY', KIND one of %s", lineno, kindnames());
				return -1;
			}
			if (site < 0 || (key = sf_key_index(kind, site)) < 0) {
				snprintf(err, errlen, "line %d: no %s decision is taken at site '%s'", lineno, w[0], w[1]);
				return -1;
			}
			occ = parse_uint(w[2], 255);
			if (occ < 0) {
				snprintf(err, errlen, "line %d: occurrence '%s' is not a number from 0 to 255", lineno, w[2]);
				return -1;
			}
			val = parse_uint(w[3], 255);
			for (int c = 0; val < 0 && c < sf_kind_names(kind); c++)
				if (sf_choice_name(kind, c) != NULL && strcmp(sf_choice_name(kind, c), w[3]) == 0)
					val = c;
			if (val < 0) {
				snprintf(err, errlen, "line %d: bad choice '%s' for %s", lineno, w[3], w[0]);
				return -1;
			}
		}
		if (n + SF_RECSIZE > cap) {
			snprintf(err, errlen, "line %d: the input would exceed %zu bytes", lineno, cap);
			return -1;
		}
		out[n++] = (uint8_t)key;
		out[n++] = (uint8_t)occ;
		out[n++] = (uint8_t)val;
	}
	return (long)n;
}

void sf_text_decode(FILE *f, const uint8_t *data, size_t size)
{
	if (size > SF_MAX_INPUT) {
		fprintf(f, "# input cut at %d bytes of %zu\n", SF_MAX_INPUT, size);
		size = SF_MAX_INPUT;
	}
	for (size_t r = 0; r + SF_RECSIZE <= size; r += SF_RECSIZE) {
		const struct sf_key *k = &keys[data[r] % nkeys];
		int val = data[r + 2];

		if (k->kind == SF_KEY_STRESS) {
			/* A run of stress records is one line when `stress N`
			 * encodes back to it (at most four records, the first not
			 * zero unless alone), else a line per record. */
			size_t end = r;
			uint64_t seed = 0;

			while (end + SF_RECSIZE <= size && keys[data[end] % nkeys].kind == SF_KEY_STRESS)
				end += SF_RECSIZE;
			for (size_t q = r; q < end; q += SF_RECSIZE)
				seed = seed << 16 | (uint64_t)(data[q + 1] << 8 | data[q + 2]);
			if (end - r == SF_RECSIZE || (end - r <= 4 * SF_RECSIZE && (data[r + 1] | val) != 0))
				fprintf(f, "stress %llu\n", (unsigned long long)seed);
			else
				for (size_t q = r; q < end; q += SF_RECSIZE)
					fprintf(f, "stress %d\n", data[q + 1] << 8 | data[q + 2]);
			r = end - SF_RECSIZE;
			continue;
		}
		if (k->kind == SF_KEY_SEARCH) {
			int v = val % SEARCH_VALUES;

			if (v == 0)
				fprintf(f, "search random\n");
			else if (v <= SF_PCT_MAXDEPTH)
				fprintf(f, "search pct %d %d\n", v, 64 * (data[r + 1] + 1));
			else
				fprintf(f, "search pos\n");
			continue;
		}
		if (k->kind == SF_KEY_SHAPE) {
			if (k->site == SH_CONTEXT)
				fprintf(f, "shape context %s\n", context_names[val % 3]);
			else if (k->site == SH_LIBC)
				fprintf(f, "shape libc %s\n", libc_names[val % 2]);
			else
				fprintf(f, "shape %s %d\n", sf_shapefield_name[k->site], val);
			continue;
		}
		if (sf_choice_name(k->kind, val) != NULL)
			fprintf(f, "%s %s %d %s\n", sf_kind_name[k->kind], site_name[k->site], data[r + 1],
				sf_choice_name(k->kind, val));
		else
			fprintf(f, "%s %s %d %d\n", sf_kind_name[k->kind], site_name[k->site], data[r + 1], val);
	}
	if (size % SF_RECSIZE != 0)
		fprintf(f, "# %zu trailing byte(s) ignored\n", size % SF_RECSIZE);
}
