// SPDX-License-Identifier: GPL-2.0
/*
 * The firewall's change notifications, as "monitor" prints them: one line
 * per change, what it was and who made it,
 *
 *	rule new hook input handle 5 proto tcp action drop by pid 123 (secnetctl) uid 0
 *
 * and in JSON one object, {"event": "rule-new", "rule": {...}, "portid",
 * "pid", "uid", "comm"}.
 */
#include <stdio.h>
#include <linux/secnet.h>

#include "names.h"
#include "nf.h"
#include "nl.h"
#include "print.h"
#include "secnetctl.h"

/* The rule of RULE_NEW or RULE_DEL, as "rule list" prints it. */
static int print_rule(const struct nlattr *const *top)
{
	const uint32_t required = NF_HAS(SECNET_A_NF_RULE_HANDLE) |
				  NF_HAS(SECNET_A_NF_RULE_HOOK) |
				  NF_HAS(SECNET_A_NF_RULE_ACTION);
	struct nf_rule r;

	if (nl_require(top, &attrs_top, SECNET_A_NF_RULE) ||
	    nf_rule_get(top[SECNET_A_NF_RULE], &attrs_nf_rule, required, &r))
		return -1;
	print_string(PRINT_FP, NULL, " ", "");
	nf_rule_print("rule", &r, false);
	return 0;
}

/*
 * The hook of FLUSH (none: every hook) or POLICY, and POLICY's policy:
 * "rule flush hook input", "hook input policy drop".
 */
static int print_hook(const struct nlattr *nest, bool policy)
{
	const struct nlattr *tb[SECNET_A_NF_HOOK_MAX + 1];
	uint8_t v;

	if (!nest)
		return policy ? -1 : 0;
	if (nl_parse_nest(nest, &attrs_nf_hook, tb) ||
	    nl_require(tb, &attrs_nf_hook, SECNET_A_NF_HOOK_HOOK) ||
	    (policy && nl_require(tb, &attrs_nf_hook, SECNET_A_NF_HOOK_POLICY)))
		return -1;
	v = nl_attr_u8(tb[SECNET_A_NF_HOOK_HOOK]);
	print_enum(PRINT_ANY, "hook", policy ? " %s" : " hook %s",
		   name_of(&names_nf_hook, v), v);
	if (policy) {
		v = nl_attr_u8(tb[SECNET_A_NF_HOOK_POLICY]);
		print_enum(PRINT_ANY, "policy", " policy %s",
			   name_of(&names_nf_policy, v), v);
	}
	return 0;
}

static int print_load(const struct nlattr *nest)
{
	const struct nlattr *tb[SECNET_A_NF_LOAD_MAX + 1];

	if (!nest || nl_parse_nest(nest, &attrs_nf_load, tb) ||
	    nl_require(tb, &attrs_nf_load, SECNET_A_NF_LOAD_RULES))
		return -1;
	print_uint(PRINT_ANY, "rules", " rules %s",
		   nl_attr_u32(tb[SECNET_A_NF_LOAD_RULES]));
	return 0;
}

/* Who made the change. */
static void print_who(const struct nlattr *const *tb)
{
	print_uint(PRINT_JSON, "portid", NULL,
		   nl_attr_u32(tb[SECNET_A_NF_EVENT_PORTID]));
	print_uint(PRINT_ANY, "pid", " by pid %s",
		   nl_attr_u32(tb[SECNET_A_NF_EVENT_PID]));
	print_string(PRINT_ANY, "comm", " (%s)",
		     nl_attr_str(tb[SECNET_A_NF_EVENT_COMM]));
	print_uint(PRINT_ANY, "uid", " uid %s",
		   nl_attr_u32(tb[SECNET_A_NF_EVENT_UID]));
}

int nf_event_print(const struct nlmsghdr *nlh)
{
	const struct nlattr *top[SECNET_A_MAX + 1];
	const struct nlattr *tb[SECNET_A_NF_EVENT_MAX + 1];
	/* The text before the event's own fields, by type. */
	static const char *const what[] = {
		[SECNET_NF_EVENT_RULE_NEW]	= "rule new",
		[SECNET_NF_EVENT_RULE_DEL]	= "rule del",
		[SECNET_NF_EVENT_FLUSH]		= "rule flush",
		[SECNET_NF_EVENT_POLICY]	= "hook",
		[SECNET_NF_EVENT_LOAD]		= "ruleset load",
	};
	static const unsigned int who[] = {
		SECNET_A_NF_EVENT_TYPE, SECNET_A_NF_EVENT_PORTID,
		SECNET_A_NF_EVENT_PID, SECNET_A_NF_EVENT_UID,
		SECNET_A_NF_EVENT_COMM,
	};
	uint8_t type;
	int ret;

	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_NF_EVENT) ||
	    nl_parse_nest(top[SECNET_A_NF_EVENT], &attrs_nf_event, tb) ||
	    nl_require_all(tb, &attrs_nf_event, who, ARRAY_SIZE(who)))
		return -1;
	type = nl_attr_u8(tb[SECNET_A_NF_EVENT_TYPE]);

	print_open_object(NULL);
	print_enum(PRINT_JSON, "event", NULL, name_of(&names_nf_event, type),
		   type);
	if (type < ARRAY_SIZE(what) && what[type])
		print_string(PRINT_FP, NULL, "%s", what[type]);
	else
		print_uint(PRINT_FP, NULL, "event %s", type);
	switch (type) {
	case SECNET_NF_EVENT_RULE_NEW:
	case SECNET_NF_EVENT_RULE_DEL:
		ret = print_rule(top);
		break;
	case SECNET_NF_EVENT_FLUSH:
	case SECNET_NF_EVENT_POLICY:
		ret = print_hook(top[SECNET_A_NF_HOOK],
				 type == SECNET_NF_EVENT_POLICY);
		break;
	case SECNET_NF_EVENT_LOAD:
		ret = print_load(top[SECNET_A_NF_LOAD]);
		break;
	default:
		/* A newer kernel's event: who made it is still worth a line. */
		ret = 0;
	}
	if (!ret)
		print_who(tb);
	print_nl(PRINT_FP);
	print_close_object();
	return ret;
}
