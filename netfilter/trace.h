/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of the firewall's data path, system "secnet":
 *
 *	perf record -e secnet:secnet_nf_drop -a
 *	perf trace -e secnet:*
 *
 * secnet_nf_verdict: every verdict secnet_nf_run() gives a packet it
 * parsed or found invalid; secnet_nf_drop: every packet it drops, and why.
 * A handle of 0 is the hook's policy (or, for an invalid packet, no rule).
 * Off, each costs a static branch: the arguments are what the data path
 * holds anyway, and what the events record is read from them only when on.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM secnet

#ifndef _SECNET_NF_TRACE_TYPES
#define _SECNET_NF_TRACE_TYPES

/* Why secnet_nf_drop dropped a packet. */
enum secnet_nf_drop_reason {
	SECNET_NF_DROP_RULE,		/* a DROP rule */
	SECNET_NF_DROP_POLICY,		/* the hook's policy, DROP */
	SECNET_NF_DROP_REJECT,		/* a REJECT rule, which answered it */
	SECNET_NF_DROP_INVALID,		/* headers cut short or overlapping */
};

#endif /* _SECNET_NF_TRACE_TYPES */

#if !defined(_SECNET_NF_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _SECNET_NF_TRACE_H

#include <linux/tracepoint.h>
#include <net/net_namespace.h>

#include "secnet_nf.h"

/* The values the events print by name; perf reads them from the format. */
TRACE_DEFINE_ENUM(SECNET_NF_HOOK_PREROUTING);
TRACE_DEFINE_ENUM(SECNET_NF_HOOK_INPUT);
TRACE_DEFINE_ENUM(SECNET_NF_HOOK_FORWARD);
TRACE_DEFINE_ENUM(SECNET_NF_HOOK_OUTPUT);
TRACE_DEFINE_ENUM(SECNET_NF_HOOK_POSTROUTING);
TRACE_DEFINE_ENUM(SECNET_NF_HOOK_INGRESS);
TRACE_DEFINE_ENUM(SECNET_NF_FAMILY_IPV4);
TRACE_DEFINE_ENUM(SECNET_NF_FAMILY_IPV6);
TRACE_DEFINE_ENUM(SECNET_NF_ACTION_ACCEPT);
TRACE_DEFINE_ENUM(SECNET_NF_ACTION_DROP);
TRACE_DEFINE_ENUM(SECNET_NF_ACTION_REJECT);
TRACE_DEFINE_ENUM(SECNET_NF_ACTION_COUNT);
TRACE_DEFINE_ENUM(SECNET_NF_ACTION_CONTINUE);
TRACE_DEFINE_ENUM(SECNET_NF_DROP_RULE);
TRACE_DEFINE_ENUM(SECNET_NF_DROP_POLICY);
TRACE_DEFINE_ENUM(SECNET_NF_DROP_REJECT);
TRACE_DEFINE_ENUM(SECNET_NF_DROP_INVALID);

#define SECNET_NF_TRACE_HOOK(h)						\
	__print_symbolic(h,						\
			 { SECNET_NF_HOOK_PREROUTING, "prerouting" },	\
			 { SECNET_NF_HOOK_INPUT, "input" },		\
			 { SECNET_NF_HOOK_FORWARD, "forward" },		\
			 { SECNET_NF_HOOK_OUTPUT, "output" },		\
			 { SECNET_NF_HOOK_POSTROUTING, "postrouting" },	\
			 { SECNET_NF_HOOK_INGRESS, "ingress" })

/*
 * @hook is the hook's index, @p the packet as parsed (an invalid one as far
 * as parsing got), @r the deciding rule or NULL for the policy.
 */
TRACE_EVENT(secnet_nf_verdict,
	    TP_PROTO(const struct net *net, unsigned int hook,
		     const struct secnet_nf_pkt *p,
		     const struct secnet_nf_rule *r, u8 verdict),
	    TP_ARGS(net, hook, p, r, verdict),
	    TP_STRUCT__entry(__field(u32, netns)
			     __field(u32, handle)
			     __field(u8, hook)
			     __field(u8, family)
			     __field(u8, proto)
			     __field(u8, verdict)),
	    TP_fast_assign(__entry->netns = net->ns.inum;
			   __entry->handle = r ? r->handle : 0;
			   __entry->hook = hook + 1;
			   __entry->family = p->family;
			   __entry->proto = p->proto;
			   __entry->verdict = verdict;),
	    TP_printk("netns=%u hook=%s family=%s proto=%u handle=%u verdict=%s",
		      __entry->netns, SECNET_NF_TRACE_HOOK(__entry->hook),
		      __print_symbolic(__entry->family,
				       { SECNET_NF_FAMILY_IPV4, "ipv4" },
				       { SECNET_NF_FAMILY_IPV6, "ipv6" }),
		      __entry->proto, __entry->handle,
		      __print_symbolic(__entry->verdict,
				       { SECNET_NF_ACTION_ACCEPT, "accept" },
				       { SECNET_NF_ACTION_DROP, "drop" },
				       { SECNET_NF_ACTION_REJECT, "reject" },
				       { SECNET_NF_ACTION_COUNT, "count" },
				       { SECNET_NF_ACTION_CONTINUE, "continue" }))
);

TRACE_EVENT(secnet_nf_drop,
	    TP_PROTO(const struct net *net, unsigned int hook,
		     const struct secnet_nf_rule *r,
		     enum secnet_nf_drop_reason reason),
	    TP_ARGS(net, hook, r, reason),
	    TP_STRUCT__entry(__field(u32, netns)
			     __field(u32, handle)
			     __field(u8, hook)
			     __field(u8, reason)),
	    TP_fast_assign(__entry->netns = net->ns.inum;
			   __entry->handle = r ? r->handle : 0;
			   __entry->hook = hook + 1;
			   __entry->reason = reason;),
	    TP_printk("netns=%u hook=%s handle=%u reason=%s",
		      __entry->netns, SECNET_NF_TRACE_HOOK(__entry->hook),
		      __entry->handle,
		      __print_symbolic(__entry->reason,
				       { SECNET_NF_DROP_RULE, "rule" },
				       { SECNET_NF_DROP_POLICY, "policy" },
				       { SECNET_NF_DROP_REJECT, "reject" },
				       { SECNET_NF_DROP_INVALID, "invalid" }))
);

#endif /* _SECNET_NF_TRACE_H */

/* Out of the kernel's tree: trace.c's CFLAGS put this folder on the path. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
