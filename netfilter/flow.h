/* SPDX-License-Identifier: GPL-2.0 */
/* A flow, for flow.c and its netlink side, flow_netlink.c. */
#ifndef _SECNET_NF_FLOW_H
#define _SECNET_NF_FLOW_H

#include <linux/rhashtable.h>
#include <net/netfilter/nf_conntrack.h>

#include "secnet_nf.h"

/**
 * struct secnet_nf_kept - a verdict kept on a flow
 * @gen: the low half of the ruleset generation it was given under; 0: none
 *	(a generation's low half is never 0)
 * @rule: the rule that gave it, or NULL for the hook's policy
 */
struct secnet_nf_kept {
	u32 gen;
	struct secnet_nf_rule *rule;
};

/**
 * struct secnet_nf_flow - secnet's state on one connection
 * @node: in the netns' table, by @ct
 * @ct: the connection; the flow holds a reference on it
 * @id: secnet's id of it, the key of the netns' @ids
 * @verdict: secnet's latest verdict on a packet of it (SECNET_NF_ACTION_*)
 * @home: per direction, 1 + the index of the hook that counts its packets,
 *	the first that saw one; 0 before
 * @accepted: (1 + hook index) << 32 | handle of the first rule (0: policy)
 *	that accepted a packet of it; 0 before
 * @dev: per direction, the ifindex its first packet came in by and went
 *	out by (0: not seen yet)
 * @kept_seq: lets packets read an entry of @kept whole
 * @kept: per hook and direction, a kept verdict
 * @packets: per direction, what the hooks saw of it
 * @bytes: the same, in bytes
 * @rcu: freed after a grace period
 */
struct secnet_nf_flow {
	struct rhash_head node;
	struct nf_conn *ct;
	u32 id;
	u8 verdict;
	u8 home[IP_CT_DIR_MAX];
	u64 accepted;
	int dev[IP_CT_DIR_MAX][2];
	spinlock_t kept_lock;		/* writers of @kept */
	seqcount_spinlock_t kept_seq;
	struct secnet_nf_kept kept[SECNET_NF_INGRESS][IP_CT_DIR_MAX];
	atomic64_t packets[IP_CT_DIR_MAX];
	atomic64_t bytes[IP_CT_DIR_MAX];
	struct rcu_head rcu;
};

/* Sets up a new flow @flow on @ct, whose reference it takes over. */
void secnet_nf_flow_init(struct secnet_nf_flow *flow, struct nf_conn *ct);

/*
 * Ends @flow: out of the tables, its FLOW_DEL sent, its reference dropped.
 * Under its netns' flows.end_lock.
 */
void secnet_nf_flow_end(struct net *net, struct secnet_nf_flow *flow);
#if IS_ENABLED(CONFIG_KUNIT)
/* Whether conntrack is done with @ct, or never took it: the flow may go. */
bool secnet_nf_flow_ended(const struct nf_conn *ct);
#endif

/* Sends @event (SECNET_NF_EVENT_FLOW_*) about @flow to its listeners. */
void secnet_nf_flow_notify(struct net *net, const struct secnet_nf_flow *flow,
			   u8 event, gfp_t gfp);

#endif /* _SECNET_NF_FLOW_H */
