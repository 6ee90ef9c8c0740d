// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <linux/secnet.h>

#include "names.h"
#include "secnetctl.h"

#define TABLE(var, array) \
	const struct name_table var = { \
		.names = array, \
		.count = ARRAY_SIZE(array), \
	}

static const char *const feature[] = {
	[SECNET_FEATURE_CORE]		= "core",
	[SECNET_FEATURE_NETFILTER]	= "netfilter",
	[SECNET_FEATURE_XFRM]		= "xfrm",
	[SECNET_FEATURE_MACSEC]		= "macsec",
	[SECNET_FEATURE_KTLS]		= "ktls",
};
_Static_assert(ARRAY_SIZE(feature) == __SECNET_FEATURE_MAX,
	       "name every SECNET_FEATURE_*");
TABLE(names_feature, feature);

/* UNSPEC has no name: it is never a valid state to print or to set. */
static const char *const state[] = {
	[SECNET_SUBSYS_STATE_UP]	= "up",
	[SECNET_SUBSYS_STATE_DOWN]	= "down",
};
_Static_assert(ARRAY_SIZE(state) == __SECNET_SUBSYS_STATE_MAX,
	       "name every SECNET_SUBSYS_STATE_*");
TABLE(names_state, state);

static const char *const event[] = {
	[SECNET_SUBSYS_EVENT_ADD]	= "add",
	[SECNET_SUBSYS_EVENT_DEL]	= "del",
	[SECNET_SUBSYS_EVENT_CHANGE]	= "change",
};
_Static_assert(ARRAY_SIZE(event) == __SECNET_SUBSYS_EVENT_MAX,
	       "name every SECNET_SUBSYS_EVENT_*");
TABLE(names_event, event);

static const char *const xfrm_dir[] = {
	[SECNET_XFRM_DIR_IN]		= "in",
	[SECNET_XFRM_DIR_OUT]		= "out",
};
_Static_assert(ARRAY_SIZE(xfrm_dir) == __SECNET_XFRM_DIR_MAX,
	       "name every SECNET_XFRM_DIR_*");
TABLE(names_xfrm_dir, xfrm_dir);

static const char *const xfrm_mode[] = {
	[SECNET_XFRM_MODE_TRANSPORT]	= "transport",
	[SECNET_XFRM_MODE_TUNNEL]	= "tunnel",
};
_Static_assert(ARRAY_SIZE(xfrm_mode) == __SECNET_XFRM_MODE_MAX,
	       "name every SECNET_XFRM_MODE_*");
TABLE(names_xfrm_mode, xfrm_mode);

const char *name_of(const struct name_table *t, uint64_t value)
{
	return value < t->count ? t->names[value] : NULL;
}

int name_value(const struct name_table *t, const char *name)
{
	unsigned int i;

	for (i = 0; i < t->count; i++)
		if (t->names[i] && !strcmp(t->names[i], name))
			return (int)i;
	return -1;
}
