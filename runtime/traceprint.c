/* SPDX-License-Identifier: Apache-2.0 */
/* Rendering a trace as text: one line per event. */
#include <stdio.h>

#include "input.h"
#include "runtime.h"
#include "sites.h"

void sf_event_print(void *file, const struct sf_event *e, bool stepno)
{
	FILE *f = file;
	char m[16] = "-", g[16] = "g0", n[16] = "";

	if (e->m)
		snprintf(m, sizeof m, "m%d", e->m - 1);
	if (e->g)
		snprintf(g, sizeof g, "g%d", e->g);
	if (stepno)
		snprintf(n, sizeof n, "%6u  ", e->step);
	switch (e->kind) {
	case EV_STEP:
		if (e->thread == 255)
			fprintf(f, "%ssysmon        %s\n", n, site_name[e->site]);
		else
			fprintf(f, "%st%-2d %-4s %-4s %s\n", n, e->thread, m, g, site_name[e->site]);
		break;
	case EV_DECISION: {
		const char *name = sf_choice_name(e->dkind, e->choice);
		char off[24] = "default", num[8];

		if (e->off >= 0)
			snprintf(off, sizeof off, "input@%d", e->off);
		else if (e->off == -2)
			snprintf(off, sizeof off, "seed");
		if (name == NULL) {
			snprintf(num, sizeof num, "%d", e->choice);
			name = num;
		}
		fprintf(f, "%sdecide %s %s %u = %s (of %d) [%s]\n", stepno ? "        " : "  ", sf_kind_name[e->dkind],
			site_name[e->site], e->occ, name, e->nchoice, off);
		break;
	}
	case EV_THROW:
		fprintf(f, "%st%-2d %-4s %-4s fatal\n", n, e->thread, m, g);
		break;
	}
}

void sf_trace_print(void *file, const struct sf_trace *t)
{
	FILE *f = file;

	for (size_t i = 0; i < t->n; i++)
		sf_event_print(f, &t->ev[i], true);
	if (t->dropped)
		fprintf(f, "# %llu events past the buffer not shown\n", (unsigned long long)t->dropped);
	fprintf(f, "# trace hash %016llx\n", (unsigned long long)t->hash);
}
