// SPDX-License-Identifier: GPL-2.0
/*
 * Rule-change notifications: SECNET_CMD_NF_NTF to the "events" group of the
 * namespace a change was made in, once it succeeded.  Each says who made
 * it: the request's netlink port, and the process that sent it, in whose
 * context a doit runs.  Nothing is built while no one listens.
 *
 * A message takes NLMSG_GOODSIZE, far more than the largest rule: sizing
 * it exactly would repeat the rule's fill function attribute by attribute.
 */

#include <linux/cred.h>
#include <linux/sched.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "secnet_nf.h"

/* Frees @msg, which could not be built: its listeners miss one. */
static struct sk_buff *secnet_nf_event_lost(struct genl_info *info,
					    struct sk_buff *msg)
{
	nlmsg_free(msg);
	secnet_notify_lost(genl_info_net(info), SECNET_GROUP_EVENTS);
	return NULL;
}

/*
 * A notification of @type with SECNET_A_NF_EVENT filled in, its header in
 * @hdr; NULL if no one listens or memory is short.
 */
static struct sk_buff *secnet_nf_event_begin(struct genl_info *info,
					     u8 type, void **hdr)
{
	struct net *net = genl_info_net(info);
	char comm[TASK_COMM_LEN];
	struct nlattr *nest;
	struct sk_buff *msg;

	if (!secnet_has_listeners(net, SECNET_GROUP_EVENTS))
		return NULL;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		secnet_notify_lost(net, SECNET_GROUP_EVENTS);
		return NULL;
	}
	get_task_comm(comm, current);
	*hdr = secnet_msg_put(msg, 0, 0, 0, SECNET_CMD_NF_NTF);
	nest = *hdr ? nla_nest_start(msg, SECNET_A_NF_EVENT) : NULL;
	if (WARN_ON_ONCE(!nest ||
			 nla_put_u8(msg, SECNET_A_NF_EVENT_TYPE, type) ||
			 nla_put_u32(msg, SECNET_A_NF_EVENT_PORTID,
				     info->snd_portid) ||
			 nla_put_u32(msg, SECNET_A_NF_EVENT_PID,
				     task_tgid_vnr(current)) ||
			 nla_put_u32(msg, SECNET_A_NF_EVENT_UID,
				     from_kuid_munged(net->user_ns,
						      current_uid())) ||
			 nla_put_string(msg, SECNET_A_NF_EVENT_COMM, comm)))
		return secnet_nf_event_lost(info, msg);
	nla_nest_end(msg, nest);
	return msg;
}

struct sk_buff *secnet_nf_event_rule(struct genl_info *info, u8 type,
				     const struct secnet_nf_rule *r)
{
	struct sk_buff *msg;
	void *hdr;

	msg = secnet_nf_event_begin(info, type, &hdr);
	if (!msg)
		return NULL;
	if (WARN_ON_ONCE(secnet_nf_fill_rule(msg, r)))
		return secnet_nf_event_lost(info, msg);
	genlmsg_end(msg, hdr);
	return msg;
}

void secnet_nf_event_send(struct genl_info *info, struct sk_buff *msg)
{
	if (msg)
		secnet_notify(genl_info_net(info), SECNET_GROUP_EVENTS, msg,
			      GFP_KERNEL);
}

/* FLUSH and POLICY: SECNET_A_NF_HOOK of @hook and @policy, each if not 0. */
static void secnet_nf_event_hook(struct genl_info *info, u8 type,
				 u8 hook, u8 policy)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	msg = secnet_nf_event_begin(info, type, &hdr);
	if (!msg)
		return;
	if (hook) {
		nest = nla_nest_start(msg, SECNET_A_NF_HOOK);
		if (WARN_ON_ONCE(!nest ||
				 nla_put_u8(msg, SECNET_A_NF_HOOK_HOOK, hook) ||
				 (policy &&
				  nla_put_u8(msg, SECNET_A_NF_HOOK_POLICY,
					     policy)))) {
			secnet_nf_event_lost(info, msg);
			return;
		}
		nla_nest_end(msg, nest);
	}
	genlmsg_end(msg, hdr);
	secnet_nf_event_send(info, msg);
}

void secnet_nf_event_flush(struct genl_info *info, u8 hook)
{
	secnet_nf_event_hook(info, SECNET_NF_EVENT_FLUSH, hook, 0);
}

void secnet_nf_event_policy(struct genl_info *info, u8 hook, u8 policy)
{
	secnet_nf_event_hook(info, SECNET_NF_EVENT_POLICY, hook, policy);
}

void secnet_nf_event_load(struct genl_info *info, u32 rules)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	msg = secnet_nf_event_begin(info, SECNET_NF_EVENT_LOAD, &hdr);
	if (!msg)
		return;
	nest = nla_nest_start(msg, SECNET_A_NF_LOAD);
	if (WARN_ON_ONCE(!nest ||
			 nla_put_u32(msg, SECNET_A_NF_LOAD_RULES, rules))) {
		secnet_nf_event_lost(info, msg);
		return;
	}
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	secnet_nf_event_send(info, msg);
}

void secnet_nf_event_limit(struct net *net, const struct secnet_nf_rule *r,
			   const struct secnet_nf_lsrc *src, u64 n, bool log)
{
	const struct secnet_nf_match *m = &r->m;
	struct nlattr *ev, *rule, *lim;
	struct sk_buff *msg;
	void *hdr;

	if (!secnet_has_listeners(net, SECNET_GROUP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		goto lost;
	/* The kernel's own event: no one made it. */
	hdr = secnet_msg_put(msg, 0, 0, 0, SECNET_CMD_NF_NTF);
	ev = hdr ? nla_nest_start(msg, SECNET_A_NF_EVENT) : NULL;
	if (!ev ||
	    nla_put_u8(msg, SECNET_A_NF_EVENT_TYPE,
		       log ? SECNET_NF_EVENT_LOG : SECNET_NF_EVENT_LIMIT) ||
	    nla_put_u32(msg, SECNET_A_NF_EVENT_PORTID, 0) ||
	    nla_put_u32(msg, SECNET_A_NF_EVENT_PID, 0) ||
	    nla_put_u32(msg, SECNET_A_NF_EVENT_UID, 0) ||
	    nla_put_string(msg, SECNET_A_NF_EVENT_COMM, "kernel"))
		goto free;
	nla_nest_end(msg, ev);
	rule = nla_nest_start(msg, SECNET_A_NF_RULE);
	if (!rule ||
	    nla_put_u32(msg, SECNET_A_NF_RULE_HANDLE, r->handle) ||
	    nla_put_u8(msg, SECNET_A_NF_RULE_HOOK, r->hook + 1) ||
	    nla_put_u8(msg, SECNET_A_NF_RULE_ACTION, r->action) ||
	    (log && (m->present & SECNET_NF_M_SRC_SET) &&
	     nla_put_string(msg, SECNET_A_NF_RULE_SRC_SET,
			    secnet_nf_set_name(m->sset))) ||
	    (log && (m->present & SECNET_NF_M_DST_SET) &&
	     nla_put_string(msg, SECNET_A_NF_RULE_DST_SET,
			    secnet_nf_set_name(m->dset))))
		goto free;
	lim = nla_nest_start(msg, SECNET_A_NF_RULE_LIMIT);
	if (!lim ||
	    nla_put_u64_64bit(msg, log ? SECNET_A_NF_LIMIT_HITS :
					 SECNET_A_NF_LIMIT_DROPS, n,
			      SECNET_A_NF_LIMIT_PAD) ||
	    (src &&
	     (nla_put(msg, SECNET_A_NF_LIMIT_SRC,
		      src->family == SECNET_NF_FAMILY_IPV4 ? 4 : 16, src->key) ||
	      nla_put_u8(msg, SECNET_A_NF_LIMIT_SRC_LEN, src->len))))
		goto free;
	nla_nest_end(msg, lim);
	nla_nest_end(msg, rule);
	genlmsg_end(msg, hdr);
	secnet_notify(net, SECNET_GROUP_EVENTS, msg, GFP_KERNEL);
	return;

free:
	nlmsg_free(msg);
lost:
	secnet_notify_lost(net, SECNET_GROUP_EVENTS);
}
