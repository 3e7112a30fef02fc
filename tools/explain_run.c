/* SPDX-License-Identifier: Apache-2.0 */
/*
 * In-process, observed runs of a target's input (explain_run.h).
 */
#include <stdlib.h>
#include <string.h>

#include "../fuzz/fuzz.h"
#include "../runtime/cstack.h"
#include "../runtime/input.h"
#include "../runtime/proc.h"
#include "explain_run.h"

#if defined(__SANITIZE_ADDRESS__)
#define EX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EX_ASAN 1
#endif
#endif
#ifdef EX_ASAN
#include <sanitizer/asan_interface.h>
#endif

#ifndef SF_CHECK
#define SF_CHECK 1
#endif

const struct sf_target *ex_target_in_path(const char *path)
{
	const struct sf_target *found = NULL;
	const char *p = path;

	while (*p != '\0') {
		size_t len = strcspn(p, "/");
		char comp[4096];

		if (len > 0 && len < sizeof comp) {
			memcpy(comp, p, len);
			comp[len] = '\0';
			for (int i = 0; i < sf_ntargets; i++)
				if (strstr(comp, sf_targets[i].name) != NULL)
					found = &sf_targets[i];
		}
		p += len;
		if (*p == '/')
			p++;
	}
	return found;
}

/* A text input names its targets in '# expect T: ...' lines. */
const struct sf_target *ex_target_in_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	const struct sf_target *t = NULL;

	if (f == NULL)
		return NULL;
	while (t == NULL && fgets(line, sizeof line, f) != NULL) {
		char name[128];

		if (sscanf(line, "# expect %127[a-z0-9_]:", name) == 1)
			t = sf_target_named(name);
	}
	fclose(f);
	return t;
}

bool ex_asan(void)
{
#ifdef EX_ASAN
	return true;
#else
	return false;
#endif
}

/* ---- the observed run ---- */

/* The decision feed: the decoded input, watched and maybe overridden. */
struct feed {
	struct sf_decider d;
	struct sf_input *in;
	struct ex_run *r;
};

struct lastpre {
	int site, choice;
	uint32_t step;
};

static struct sf_input input;
static struct sf_event events[4096];
static struct sf_trace trace = {.ev = events, .cap = sizeof events / sizeof events[0]};
static struct lastpre lastpre[MAXG + 2]; /* per G; [0]: any G */
static int pendingpre;                  /* a non-default preempt taken in the current step */
static int lastm[MAXG + 2];             /* M id + 1 each G last ran on */

static bool grow(void **p, size_t *cap, size_t n, size_t size)
{
	void *q;
	size_t c;

	if (n < *cap)
		return true;
	c = *cap ? 2 * *cap : 256;
	q = realloc(*p, c * size);
	if (q == NULL)
		return false;
	*p = q;
	*cap = c;
	return true;
}

static int curm(void)
{
	return sched.cur && sched.cur->m ? sched.cur->m->id + 1 : 0;
}

static int curg(void)
{
	return sched.cur && sched.cur->m && sched.cur->m->curg ? sched.cur->m->curg->id : 0;
}

static int feed_decide(struct sf_decider *d, int kind, int site, uint32_t occ, int n, int def, int *off)
{
	struct feed *f = (struct feed *)(void *)d;
	struct ex_run *r = f->r;
	int c = f->in->d.decide(&f->in->d, kind, site, occ, n, def, off);
	int g = curg();

	/* Asking the input first keeps its cursors where they would be. */
	if (r->rkind == kind && r->rsite == site && (uint32_t)r->rocc == occ) {
		c = def;
		*off = -1;
	}
	if (kind == K_PREEMPT && c != 0) {
		struct lastpre lp = {site, c, (uint32_t)sched.step};

		lastpre[0] = lp;
		if (g > 0 && g <= MAXG)
			lastpre[g] = lp;
		pendingpre = c;
	}
	if (r->keep && !r->oom) {
		if (!grow((void **)&r->dec, &r->capdec, r->ndec, sizeof *r->dec)) {
			r->oom = true;
			return c;
		}
		r->dec[r->ndec++] = (struct ex_decision){
			.step = (uint32_t)sched.step, .kind = kind, .site = site, .occ = (int)occ, .n = n,
			.def = def, .choice = c, .off = *off, .m = curm(), .g = g,
		};
	}
	return c;
}

/* Make every thread's C stack readable again: the frame check, not ASan,
 * judges the next return to C. */
static void unpoison(void)
{
#ifdef EX_ASAN
	for (int i = 0; i < sched.nt; i++)
		if (sched.allt[i].stk != NULL && !sched.allt[i].done)
			ASAN_UNPOISON_MEMORY_REGION(sched.allt[i].stk->lo,
						    (size_t)(sched.allt[i].stk->hi - sched.allt[i].stk->lo));
#endif
}

static void fill_after(struct ex_row *w)
{
	const struct m *mp;

	if (w->thread == 255 || w->thread >= sched.nt)
		return;
	w->cdepth = ex_cframes(w->thread, NULL);
	w->lvl = w->g > 0 && w->g <= sched.ng ? sched.allg[w->g - 1].lvl : -1;
	if (w->m == 0)
		return;
	mp = &sched.allm[w->m - 1];
	w->lockedg = mp->lockedg ? mp->lockedg->id : 0;
	w->lockedint = (int)mp->lockedInt;
	w->lockedext = (int)mp->lockedExt;
	w->incgo = mp->incgo;
	w->curg = mp->curg ? mp->curg->id : 0;
	if (mp->extra) {
		w->extram = true;
		w->accurate = mp->g0StackAccurate;
		w->extrainc = mp->isExtraInC;
		w->g0lo = mp->g0.stacklo ? cstack_off(mp->g0.stacklo) : 0;
		w->g0hi = mp->g0.stackhi ? cstack_off(mp->g0.stackhi) : 0;
		w->g0sp = mp->g0.sched.sp ? cstack_off((uintptr_t)mp->g0.sched.sp) : 0;
		w->badbound = ex_badbound(mp);
	}
}

bool ex_badbound(const struct m *mp)
{
	uintptr_t sp = (uintptr_t)mp->g0.sched.sp;

	if (!mp->extra || mp->curg == NULL || mp->curg->lvl < 0 || sp == 0)
		return false;
	return sp > mp->g0.stackhi || sp < mp->g0.stackguard0 + G0FRAME;
}

/* Turn the trace events since the last call into rows. */
static void collect(struct ex_run *r, bool dead)
{
	struct ex_row *last = NULL;

	for (size_t i = 0; i < trace.n; i++) {
		const struct sf_event *e = &trace.ev[i];
		struct ex_row w;

		if (e->kind == EV_THROW) {
			r->throwthread = e->thread;
			r->throwm = e->m;
			r->throwg = e->g;
			continue;
		}
		if (e->kind != EV_STEP)
			continue;
		memset(&w, 0, sizeof w);
		w.step = e->step;
		w.thread = e->thread;
		w.m = e->m;
		w.g = e->g;
		w.site = e->site;
		if (w.g > 0 && w.g <= MAXG && w.m != 0) {
			if (lastm[w.g] != 0 && lastm[w.g] != w.m)
				w.fromm = lastm[w.g];
			lastm[w.g] = w.m;
		}
		r->throwsite = w.site;
		if (!r->keep || r->oom)
			continue;
		if (!grow((void **)&r->row, &r->caprow, r->nrow, sizeof *r->row)) {
			r->oom = true;
			continue;
		}
		r->row[r->nrow] = w;
		last = &r->row[r->nrow++];
	}
	trace.n = 0;
	if (last != NULL) {
		last->preempt = pendingpre;
		fill_after(last);
	} else if (dead && r->nrow > 0) {
		last = &r->row[r->nrow - 1];
	}
	pendingpre = 0;
	if (dead && last != NULL) {
		last->fatal = true;
		fill_after(last);
	}
}

static struct ex_run *cur; /* the run onsignal records into */

static void record_signal(struct ex_run *r, const struct sf_sigview *v)
{
	if (!r->keep || r->oom)
		return;
	if (!grow((void **)&r->sig, &r->capsig, r->nsig, sizeof *r->sig)) {
		r->oom = true;
		return;
	}
	r->sig[r->nsig++] = (struct ex_signal){(uint32_t)sched.step, *v};
}

static void onsignal(const struct sf_sigview *v)
{
	record_signal(cur, v);
}

static void afterstep(void *arg)
{
	unpoison();
	collect(arg, false);
}

static void feed_stepped(struct sf_decider *d, int thread)
{
	sf_input_step(((struct feed *)(void *)d)->in, thread);
}

int ex_run_input(struct ex_run *r, const uint8_t *data, size_t size)
{
	struct feed f = {.d.decide = feed_decide, .d.stepped = feed_stepped, .in = &input, .r = r};
	struct sf_options opt = {.checkm = r->tgt->checkm, .checkstate = SF_CHECK, .afterstep = afterstep,
				 .afterstep_arg = r, .onsignal = onsignal};
	const struct sf_variant *var = r->var;

	if (var == NULL)
		var = sf_target_variant(r->tgt);
	for (int i = 0; var == NULL && i < sf_nvariants; i++)
		if (!sf_variant_buggy(&sf_variants[i]))
			var = &sf_variants[i];
	r->var = var;
	r->ndec = r->nrow = r->nsig = 0;
	cur = r;
	r->oom = false;
	r->throwthread = r->throwm = r->throwg = r->throwsite = -1;
	r->preemptsite = r->preemptchoice = -1;
	r->preemptstep = 0;
	memset(lastpre, 0xff, sizeof lastpre);
	memset(lastm, 0, sizeof lastm);
	pendingpre = 0;
	sf_fuzz_decode(&input, data, size);
	r->shape = input.shape;
	sf_set_detail_stream(NULL);
	sf_run(&input.shape, var, &opt, &f.d, &trace, true, &r->res);
	sf_set_detail_stream(stderr);
	if (r->res.status == SF_OK) {
		trace.n = 0;
		r->throwsite = -1;
		return SF_OK;
	}
	collect(r, true);
	unpoison();
	/* Died inside a signal handler: its view, as far as it got. */
	if (sched.inhandler)
		record_signal(r, &sched.sig);
	/* The failing G's own preemption; else the last one of any G. */
	if (r->throwg > 0 && r->throwg <= MAXG && lastpre[r->throwg].site >= 0) {
		r->preemptsite = lastpre[r->throwg].site;
		r->preemptchoice = lastpre[r->throwg].choice;
		r->preemptstep = lastpre[r->throwg].step;
	} else if (lastpre[0].site >= 0) {
		r->preemptsite = lastpre[0].site;
		r->preemptchoice = lastpre[0].choice;
		r->preemptstep = lastpre[0].step;
	}
	return r->res.status;
}

void ex_free(struct ex_run *r)
{
	free(r->dec);
	free(r->row);
	free(r->sig);
	r->dec = NULL;
	r->row = NULL;
	r->sig = NULL;
	r->ndec = r->nrow = r->capdec = r->caprow = r->nsig = r->capsig = 0;
}

/* ---- C stacks at the end of a run ---- */

static const char *framekind(uint32_t k)
{
	switch (k) {
	case CF_CTHREAD: return "cthread";
	case CF_ASMCGOCALL: return "asmcgocall";
	case CF_CGOCALLBACK: return "cgocallback";
	case CF_COROUTINE: return "coroutine";
	case CF_CFUNC: return "C code";
	}
	return NULL;
}

/* The frame above f, or NULL past the top or at a bad size. */
static const char *nextframe(const struct cstack *s, const char *sp)
{
	const struct cframe *f = (const struct cframe *)(const void *)sp;
	const char *top = cstack_mstart_sp(s);

	if (f->size < sizeof *f || f->size > (size_t)(top - sp))
		return NULL;
	sp += f->size;
	return sp < top ? sp : NULL;
}

int ex_cframes(int thread, struct ex_frame *top)
{
	const struct cstack *s;
	const char *base;
	const struct cframe *f;
	int n = 0;

	if (top != NULL)
		memset(top, 0, sizeof *top);
	/* An exited thread's stack is freed (and poisoned): it has no frames. */
	if (thread < 0 || thread >= sched.nt || (s = sched.allt[thread].stk) == NULL || sched.allt[thread].done ||
	    !s->live)
		return 0;
	base = cstack_mstart_sp(s);
	if (s->sp >= base || s->sp < s->lo)
		return 0;
	if (top != NULL) {
		f = (const struct cframe *)(const void *)s->sp;
		top->kind = framekind(f->kind);
		top->m = f->m;
		top->g = f->g;
		top->level = f->level;
		top->seq = f->seq;
	}
	for (const char *sp = s->sp; sp != NULL; sp = nextframe(s, sp))
		n++;
	return n;
}

void ex_describe_g0sp(int m, char *buf, size_t len)
{
	const struct m *mp;
	const char *sp;

	if (m <= 0 || m > sched.nm) {
		snprintf(buf, len, "-");
		return;
	}
	mp = &sched.allm[m - 1];
	sp = mp->g0.sched.sp;
	if (sp == NULL) {
		snprintf(buf, len, "nil");
		return;
	}
	for (int i = 0; i < sched.nt; i++) {
		const struct cstack *s = sched.allt[i].stk;
		const char *base;
		bool live = false;

		if (s == NULL || sched.allt[i].done || sp < s->lo || sp >= s->hi)
			continue;
		base = cstack_mstart_sp(s);
		for (const char *p = s->sp; p != NULL && !live; p = nextframe(s, p))
			live = p == sp;
		if (sp == base) {
			snprintf(buf, len, "t%d's mstart area: no callback frame", i);
		} else if (live) {
			const struct cframe *f = (const struct cframe *)(const void *)sp;
			const char *k = framekind(f->kind);

			snprintf(buf, len, "live %s frame of g%d (m%d, seq %u) on t%d", k ? k : "junk", f->g,
				 f->m - 1, f->seq, i);
		} else {
			snprintf(buf, len, "t%d stack+%ld: not a live frame", i, (long)(sp - s->lo));
		}
		return;
	}
	snprintf(buf, len, "outside every C stack");
}

int ex_callback_frame_thread(int g)
{
	const struct g *gp;
	uint32_t seq;

	if (g <= 0 || g > sched.ng)
		return -1;
	gp = &sched.allg[g - 1];
	if (gp->lvl < 0)
		return -1;
	seq = gp->lv[gp->lvl].seq;
	for (int i = 0; i < sched.nt; i++) {
		const struct cstack *s = sched.allt[i].stk;

		if (s == NULL || sched.allt[i].done || s->sp >= cstack_mstart_sp(s))
			continue;
		for (const char *sp = s->sp; sp != NULL; sp = nextframe(s, sp)) {
			const struct cframe *f = (const struct cframe *)(const void *)sp;

			if (f->kind == CF_CGOCALLBACK && f->g == g && f->seq == seq)
				return i;
		}
	}
	return -1;
}

/* ---- SHA-256 (FIPS 180-4) ---- */

static const uint32_t sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, int n)
{
	return x >> n | x << (32 - n);
}

static void sha_block(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64], a[8];

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(a, h, sizeof a);
	for (int i = 0; i < 64; i++) {
		uint32_t s1 = ror(a[4], 6) ^ ror(a[4], 11) ^ ror(a[4], 25);
		uint32_t ch = (a[4] & a[5]) ^ (~a[4] & a[6]);
		uint32_t t1 = a[7] + s1 + ch + sha_k[i] + w[i];
		uint32_t s0 = ror(a[0], 2) ^ ror(a[0], 13) ^ ror(a[0], 22);
		uint32_t maj = (a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]);

		memmove(&a[1], &a[0], 7 * sizeof a[0]);
		a[4] += t1;
		a[0] = t1 + s0 + maj;
	}
	for (int i = 0; i < 8; i++)
		h[i] += a[i];
}

void ex_sha256_hex(const uint8_t *data, size_t size, char out[65])
{
	uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	uint8_t tail[128] = {0};
	size_t full = size / 64 * 64, rest = size - full, ntail;
	uint64_t bits = (uint64_t)size * 8;

	for (size_t i = 0; i < full; i += 64)
		sha_block(h, data + i);
	if (rest > 0)
		memcpy(tail, data + full, rest);
	tail[rest] = 0x80;
	ntail = rest + 1 + 8 <= 64 ? 64 : 128;
	for (int i = 0; i < 8; i++)
		tail[ntail - 1 - i] = (uint8_t)(bits >> (8 * i));
	for (size_t i = 0; i < ntail; i += 64)
		sha_block(h, tail + i);
	for (int i = 0; i < 8; i++)
		snprintf(out + 8 * i, 9, "%08x", h[i]);
}

/* ---- JSON strings ---- */

/* Length of the UTF-8 sequence at s (n bytes left), 0 if it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) || (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	return len;
}

void ex_json_string(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (size_t i = 0; i < n;) {
		size_t len = utf8_len(p + i, n - i);

		if (len == 1) {
			unsigned char c = p[i];

			if (c == '"' || c == '\\')
				fprintf(f, "\\%c", c);
			else if (c == '\n')
				fputs("\\n", f);
			else if (c == '\t')
				fputs("\\t", f);
			else if (c < 0x20 || c == 0x7f)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
			i++;
		} else if (len > 1) {
			fwrite(p + i, 1, len, f);
			i += len;
		} else {
			fprintf(f, "\\u%04x", p[i]); /* not UTF-8: keep the byte as Latin-1 */
			i++;
		}
	}
	fputc('"', f);
}
