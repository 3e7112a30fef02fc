/* SPDX-License-Identifier: Apache-2.0 */
/* Names of the sites, for traces, text inputs and dictionaries. */
#include "sites.h"

const char *const site_name[NSITES] = {
#define X(e, name, flags, what) name,
	SITES(X)
#undef X
};

const char *const site_what[NSITES] = {
#define X(e, name, flags, what) what,
	SITES(X)
#undef X
};

const unsigned char site_flags[NSITES] = {
#define X(e, name, flags, what) flags,
	SITES(X)
#undef X
};

const char *site_label(int s)
{
	return s >= 0 && s < NSITES ? site_name[s] : "-";
}
