// SPDX-License-Identifier: GPL-2.0
/*
 * The firewall's change notifications, as "monitor" prints them: one line
 * per change, what it was and who made it,
 *
 *	rule new hook input handle 5 proto tcp action drop by pid 123 (secnetctl) uid 0
 *
 * and in JSON one object, {"event": "rule-new", "rule": {...}, "portid",
 * "pid", "comm", "uid"}.  The kernel's own summary of a rate limit's drops
 * says which rule and source, and so does its summary of what a rule
 * marked "log" decided (with the sets the rule matches by):
 *
 *	limit hook input handle 5 src 10.0.0.0/24 drops 812
 *	log hook input handle 7 set @blocklist src 192.0.2.9/32 packets 3
 */
#include <arpa/inet.h>
#include <sys/socket.h>
#include <stdio.h>
#include <string.h>
#include <linux/secnet.h>

#include "names.h"
#include "nf.h"
#include "nl.h"
#include "print.h"
#include "secnetctl.h"

/* What an event says, checked whole before anything is printed. */
struct event {
	const struct nlattr *ev[SECNET_A_NF_EVENT_MAX + 1];
	const struct nlattr *hook[SECNET_A_NF_HOOK_MAX + 1];
	const struct nlattr *load[SECNET_A_NF_LOAD_MAX + 1];
	struct nf_rule rule;
	uint8_t type;
};

/* The members each type must have besides SECNET_A_NF_EVENT's. */
static int event_get(const struct nlattr *const *top, struct event *e)
{
	const uint64_t rule = NF_HAS(SECNET_A_NF_RULE_HANDLE) |
			      NF_HAS(SECNET_A_NF_RULE_HOOK) |
			      NF_HAS(SECNET_A_NF_RULE_ACTION);
	bool policy = e->type == SECNET_NF_EVENT_POLICY;

	switch (e->type) {
	case SECNET_NF_EVENT_RULE_NEW:
	case SECNET_NF_EVENT_RULE_DEL:
		return nl_require(top, &attrs_top, SECNET_A_NF_RULE) ||
		       nf_rule_get(top[SECNET_A_NF_RULE], &attrs_nf_rule, rule,
				   &e->rule) ? -1 : 0;
	case SECNET_NF_EVENT_POLICY:
	case SECNET_NF_EVENT_FLUSH:
		/* A flush of every hook has none. */
		if (!top[SECNET_A_NF_HOOK])
			return policy ? nl_require(top, &attrs_top,
						   SECNET_A_NF_HOOK) : 0;
		return nl_parse_nest(top[SECNET_A_NF_HOOK], &attrs_nf_hook,
				     e->hook) ||
		       nl_require(e->hook, &attrs_nf_hook,
				  SECNET_A_NF_HOOK_HOOK) ||
		       (policy && nl_require(e->hook, &attrs_nf_hook,
					     SECNET_A_NF_HOOK_POLICY)) ? -1 : 0;
	case SECNET_NF_EVENT_LIMIT:
	case SECNET_NF_EVENT_LOG:
		return nl_require(top, &attrs_top, SECNET_A_NF_RULE) ||
		       nf_rule_get(top[SECNET_A_NF_RULE], &attrs_nf_rule,
				   NF_HAS(SECNET_A_NF_RULE_HANDLE) |
				   NF_HAS(SECNET_A_NF_RULE_HOOK) |
				   NF_HAS(SECNET_A_NF_RULE_LIMIT),
				   &e->rule) ? -1 : 0;
	case SECNET_NF_EVENT_LOAD:
		return nl_require(top, &attrs_top, SECNET_A_NF_LOAD) ||
		       nl_parse_nest(top[SECNET_A_NF_LOAD], &attrs_nf_load,
				     e->load) ||
		       nl_require(e->load, &attrs_nf_load,
				  SECNET_A_NF_LOAD_RULES) ? -1 : 0;
	}
	/* A newer kernel's event: who made it is still worth a line. */
	return 0;
}

/* Text: "rule flush hook input", "hook input policy drop". */
static void print_hook(const struct event *e)
{
	bool policy = e->type == SECNET_NF_EVENT_POLICY;
	uint8_t v;

	if (!e->hook[SECNET_A_NF_HOOK_HOOK])
		return;
	v = nl_attr_u8(e->hook[SECNET_A_NF_HOOK_HOOK]);
	print_enum(PRINT_ANY, "hook", policy ? " %s" : " hook %s",
		   name_of(&names_nf_hook, v), v);
	if (!policy)
		return;
	v = nl_attr_u8(e->hook[SECNET_A_NF_HOOK_POLICY]);
	print_enum(PRINT_ANY, "policy", " policy %s",
		   name_of(&names_nf_policy, v), v);
}

/*
 * A LIMIT event: the rule, the source (without PER_SRC none), the drops;
 * a LOG event: the rule, its sets, the source, the packets.
 */
static void print_limit(const struct event *e)
{
	const struct nf_limit *l = &e->rule.limit;
	const uint64_t *v = e->rule.val;
	char buf[INET6_ADDRSTRLEN + 8];
	size_t len;

	print_enum(PRINT_ANY, "hook", " hook %s",
		   name_of(&names_nf_hook, v[SECNET_A_NF_RULE_HOOK]),
		   v[SECNET_A_NF_RULE_HOOK]);
	print_uint(PRINT_ANY, "handle", " handle %s",
		   v[SECNET_A_NF_RULE_HANDLE]);
	if (e->rule.has & NF_HAS(SECNET_A_NF_RULE_SRC_SET))
		print_string(PRINT_ANY, "src_set", " set @%s", e->rule.sset);
	if (e->rule.has & NF_HAS(SECNET_A_NF_RULE_DST_SET))
		print_string(PRINT_ANY, "dst_set", " set @%s", e->rule.dset);
	if (l->has & NF_HAS(SECNET_A_NF_LIMIT_SRC)) {
		inet_ntop(l->src.len == 4 ? AF_INET : AF_INET6, l->src.bytes,
			  buf, INET6_ADDRSTRLEN);
		len = strlen(buf);
		snprintf(buf + len, sizeof(buf) - len, "/%u",
			 (unsigned int)l->val[SECNET_A_NF_LIMIT_SRC_LEN]);
		print_string(PRINT_ANY, "src", " src %s", buf);
	}
	if (e->type == SECNET_NF_EVENT_LOG)
		print_uint(PRINT_ANY, "packets", " packets %s",
			   l->val[SECNET_A_NF_LIMIT_HITS]);
	else
		print_uint(PRINT_ANY, "drops", " drops %s",
			   l->val[SECNET_A_NF_LIMIT_DROPS]);
}

int nf_event_print(const struct nlmsghdr *nlh)
{
	/* The text before the event's own fields, by type. */
	static const char *const what[] = {
		[SECNET_NF_EVENT_RULE_NEW]	= "rule new",
		[SECNET_NF_EVENT_RULE_DEL]	= "rule del",
		[SECNET_NF_EVENT_FLUSH]		= "rule flush",
		[SECNET_NF_EVENT_POLICY]	= "hook",
		[SECNET_NF_EVENT_LOAD]		= "ruleset load",
		[SECNET_NF_EVENT_LIMIT]		= "limit",
		[SECNET_NF_EVENT_LOG]		= "log",
	};
	static const unsigned int who[] = {
		SECNET_A_NF_EVENT_TYPE, SECNET_A_NF_EVENT_PORTID,
		SECNET_A_NF_EVENT_PID, SECNET_A_NF_EVENT_UID,
		SECNET_A_NF_EVENT_COMM,
	};
	const struct nlattr *top[SECNET_A_MAX + 1];
	struct event e = { 0 };

	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_NF_EVENT) ||
	    nl_parse_nest(top[SECNET_A_NF_EVENT], &attrs_nf_event, e.ev) ||
	    nl_require_all(e.ev, &attrs_nf_event, who, ARRAY_SIZE(who)))
		return -1;
	e.type = nl_attr_u8(e.ev[SECNET_A_NF_EVENT_TYPE]);
	if (event_get(top, &e))
		return -1;

	print_open_object(NULL);
	print_enum(PRINT_JSON, "event", NULL, name_of(&names_nf_event, e.type),
		   e.type);
	if (e.type < ARRAY_SIZE(what) && what[e.type])
		print_string(PRINT_FP, NULL, "%s", what[e.type]);
	else
		print_uint(PRINT_FP, NULL, "event %s", e.type);
	if (e.type == SECNET_NF_EVENT_RULE_NEW ||
	    e.type == SECNET_NF_EVENT_RULE_DEL) {
		print_string(PRINT_FP, NULL, " ", "");
		nf_rule_print("rule", &e.rule, false);
	}
	print_hook(&e);
	if (e.type == SECNET_NF_EVENT_LIMIT || e.type == SECNET_NF_EVENT_LOG) {
		/* No one made it: the kernel's count, not a change. */
		print_limit(&e);
		print_nl(PRINT_FP);
		print_close_object();
		return 0;
	}
	if (e.load[SECNET_A_NF_LOAD_RULES])
		print_uint(PRINT_ANY, "rules", " rules %s",
			   nl_attr_u32(e.load[SECNET_A_NF_LOAD_RULES]));
	print_uint(PRINT_JSON, "portid", NULL,
		   nl_attr_u32(e.ev[SECNET_A_NF_EVENT_PORTID]));
	print_uint(PRINT_ANY, "pid", " by pid %s",
		   nl_attr_u32(e.ev[SECNET_A_NF_EVENT_PID]));
	print_string(PRINT_ANY, "comm", " (%s)",
		     nl_attr_str(e.ev[SECNET_A_NF_EVENT_COMM]));
	print_uint(PRINT_ANY, "uid", " uid %s",
		   nl_attr_u32(e.ev[SECNET_A_NF_EVENT_UID]));
	print_nl(PRINT_FP);
	print_close_object();
	return 0;
}
