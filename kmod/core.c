// SPDX-License-Identifier: GPL-2.0
/*
 * The core's own subsystem, "core" (SECNET_FEATURE_CORE): the version, the
 * status of every subsystem, and their administrative state in each
 * namespace.  Setting "core" down in a namespace takes every subsystem there
 * down with it.
 */

#include <kunit/visibility.h>
#include <linux/build_bug.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/utsname.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "core.h"
#include "netlink.h"
#include "pernet.h"
#include "subsys.h"
#include "version.h"

enum secnet_core_counter {
	SECNET_CORE_REQUESTS,
	SECNET_CORE_ERRORS,
	SECNET_CORE_EVENTS,
};

static const char *const secnet_core_counter_names[] = {
	[SECNET_CORE_REQUESTS] = "requests",
	[SECNET_CORE_ERRORS] = "errors",
	[SECNET_CORE_EVENTS] = "events",
};

#define SECNET_CORE_NAME_POLICY \
	{ .type = NLA_NUL_STRING, .len = SECNET_SUBSYS_NAME_LEN - 1 }

static const struct nla_policy
secnet_core_status_policy[SECNET_A_SUBSYS_MAX + 1] = {
	[SECNET_A_SUBSYS_NAME] = SECNET_CORE_NAME_POLICY,
};

static const struct nla_policy
secnet_core_set_policy[SECNET_A_SUBSYS_MAX + 1] = {
	[SECNET_A_SUBSYS_NAME] = SECNET_CORE_NAME_POLICY,
	[SECNET_A_SUBSYS_STATE] = NLA_POLICY_RANGE(NLA_U8,
						   SECNET_SUBSYS_STATE_UP,
						   SECNET_SUBSYS_STATE_DOWN),
};

/*
 * The largest status message the limits in secnet.h allow: a counter is an
 * entry nest, a name, a value and maybe a pad before it.
 */
#define SECNET_NLA_SIZE(len)	NLA_ALIGN(NLA_HDRLEN + (len))
#define SECNET_CORE_COUNTER_MAX					\
	(2 * SECNET_NLA_SIZE(0) + SECNET_NLA_SIZE(sizeof(u64)) +	\
	 SECNET_NLA_SIZE(SECNET_COUNTER_NAME_LEN))
#define SECNET_CORE_STATUS_MAX						\
	(NLMSG_HDRLEN + GENL_HDRLEN + 2 * SECNET_NLA_SIZE(0) +		\
	 SECNET_NLA_SIZE(SECNET_SUBSYS_NAME_LEN) +			\
	 SECNET_NLA_SIZE(SECNET_SUBSYS_VERSION_LEN) +			\
	 SECNET_NLA_SIZE(sizeof(u32)) + SECNET_NLA_SIZE(sizeof(u8)) +	\
	 SECNET_COUNTERS_MAX * SECNET_CORE_COUNTER_MAX)

/**
 * secnet_subsys_is_up - whether a subsystem should act in a namespace
 * @net: the namespace
 * @ss: a registered subsystem
 *
 * Context: any; lockless.
 * Return: true if both @ss and the core are administratively up in @net.
 */
bool secnet_subsys_is_up(const struct net *net, const struct secnet_subsys *ss)
{
	return secnet_subsys_up_in(secnet_pernet(net)->down, ss);
}
EXPORT_SYMBOL_GPL(secnet_subsys_is_up);

/**
 * secnet_subsys_states - the administrative states of a namespace
 * @net: the namespace
 *
 * For a data path that keeps the pointer rather than look @net up for
 * every packet: secnet_subsys_up_in() reads it.
 *
 * Context: any; lockless.
 * Return: the states, which live as long as @net.
 */
const unsigned long *secnet_subsys_states(const struct net *net)
{
	return secnet_pernet(net)->down;
}
EXPORT_SYMBOL_GPL(secnet_subsys_states);

static u8 secnet_core_state(const struct net *net,
			    const struct secnet_subsys *ss)
{
	return secnet_pernet_slot_up(net, ss->slot) ? SECNET_SUBSYS_STATE_UP :
						      SECNET_SUBSYS_STATE_DOWN;
}

static void secnet_core_read_counters(struct net *net, u64 *values)
{
	struct secnet_pernet *pn = secnet_pernet(net);

	values[SECNET_CORE_REQUESTS] = atomic64_read(&pn->requests);
	values[SECNET_CORE_ERRORS] = atomic64_read(&pn->errors);
	values[SECNET_CORE_EVENTS] = atomic64_read(&pn->events);
}

/* Payload of a SUBSYS nest: a notification if @event, else a status. */
VISIBLE_IF_KUNIT size_t secnet_core_subsys_size(const struct secnet_subsys *ss,
						u8 event)
{
	size_t size = nla_total_size(0) +
		      nla_total_size(strlen(ss->name) + 1) +
		      nla_total_size(strlen(ss->version) + 1) +
		      nla_total_size(sizeof(u32)) +
		      nla_total_size(sizeof(u8));
	unsigned int i;

	if (event)
		return size + nla_total_size(sizeof(u8));

	size += nla_total_size(0);
	for (i = 0; i < ss->n_counters; i++)
		size += nla_total_size(0) +
			nla_total_size(strlen(ss->counter_names[i]) + 1) +
			nla_total_size_64bit(sizeof(u64));
	return size;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_core_subsys_size);

static int secnet_core_fill_counters(struct sk_buff *skb, struct net *net,
				     const struct secnet_subsys *ss)
{
	struct nlattr *counters, *entry;
	unsigned int i;
	u64 *values;
	int err = -EMSGSIZE;

	if (!ss->n_counters)
		return 0;
	/* Zeroed: what read_counters() forgets must not leak to userspace. */
	values = kcalloc(ss->n_counters, sizeof(*values), GFP_KERNEL);
	if (!values)
		return -ENOMEM;
	ss->read_counters(net, values);

	counters = nla_nest_start(skb, SECNET_A_SUBSYS_COUNTERS);
	if (!counters)
		goto out;
	for (i = 0; i < ss->n_counters; i++) {
		entry = nla_nest_start(skb, SECNET_A_COUNTERS_ENTRY);
		if (!entry ||
		    nla_put_string(skb, SECNET_A_COUNTER_NAME,
				   ss->counter_names[i]) ||
		    nla_put_u64_64bit(skb, SECNET_A_COUNTER_VALUE, values[i],
				      SECNET_A_COUNTER_PAD))
			goto out;
		nla_nest_end(skb, entry);
	}
	nla_nest_end(skb, counters);
	err = 0;
out:
	kfree(values);
	return err;
}

/*
 * Puts the SUBSYS nest describing @ss in @net: a notification of @event, or
 * with no @event a status, which reads the counters and so may only be built
 * under a reference on the module of @ss.
 */
VISIBLE_IF_KUNIT int secnet_core_fill_subsys(struct sk_buff *skb,
					     struct net *net,
					     const struct secnet_subsys *ss,
					     u8 event)
{
	struct nlattr *nest;
	int err = -EMSGSIZE;

	nest = nla_nest_start(skb, SECNET_A_SUBSYS);
	if (!nest)
		return -EMSGSIZE;
	if ((event && nla_put_u8(skb, SECNET_A_SUBSYS_EVENT, event)) ||
	    nla_put_string(skb, SECNET_A_SUBSYS_NAME, ss->name) ||
	    nla_put_string(skb, SECNET_A_SUBSYS_VERSION, ss->version) ||
	    (ss->feature >= 0 &&
	     nla_put_u32(skb, SECNET_A_SUBSYS_FEATURE, ss->feature)) ||
	    nla_put_u8(skb, SECNET_A_SUBSYS_STATE, secnet_core_state(net, ss)))
		goto cancel;
	if (!event) {
		err = secnet_core_fill_counters(skb, net, ss);
		if (err)
			goto cancel;
	}
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_core_fill_subsys);

/* A status of @ss, or -ENODEV if its module is going away. */
static int secnet_core_fill_status(struct sk_buff *skb, struct net *net,
				   const struct secnet_subsys *ss)
{
	int err;

	if (!secnet_subsys_get(ss))
		return -ENODEV;
	err = secnet_core_fill_subsys(skb, net, ss, 0);
	secnet_subsys_put(ss);
	return err;
}

static void secnet_core_notify(struct net *net, const struct secnet_subsys *ss,
			       u8 event)
{
	struct sk_buff *msg;
	void *hdr;

	if (!secnet_has_listeners(net, SECNET_GROUP_EVENTS))
		return;
	msg = genlmsg_new(secnet_core_subsys_size(ss, event), GFP_KERNEL);
	if (!msg)
		goto lost;
	hdr = secnet_msg_put(msg, 0, 0, 0, SECNET_CMD_SUBSYS_NTF);
	/* The size is computed exactly: failing here is a bug. */
	if (WARN_ON_ONCE(!hdr ||
			 secnet_core_fill_subsys(msg, net, ss, event))) {
		nlmsg_free(msg);
		goto lost;
	}
	genlmsg_end(msg, hdr);
	secnet_notify(net, SECNET_GROUP_EVENTS, msg, GFP_KERNEL);
	return;
lost:
	secnet_notify_lost(net, SECNET_GROUP_EVENTS);
}

/* Sends @event about @ss to every namespace; genl_lock() held. */
void secnet_core_notify_all(const struct secnet_subsys *ss, u8 event)
{
	struct net *net;

	/* net_rwsem rather than RCU: building a message may sleep. */
	down_read(&net_rwsem);
	for_each_net(net)
		secnet_core_notify(net, ss, event);
	up_read(&net_rwsem);
}

/* Sets @ss to @state in @net; true if that changed it (and was notified). */
VISIBLE_IF_KUNIT bool secnet_core_set_state(struct net *net,
					    const struct secnet_subsys *ss,
					    u8 state)
{
	bool up = state == SECNET_SUBSYS_STATE_UP;

	if (secnet_pernet_slot_up(net, ss->slot) == up)
		return false;
	secnet_pernet_set_slot(net, ss->slot, up);
	secnet_core_notify(net, ss, SECNET_SUBSYS_EVENT_CHANGE);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_core_set_state);

/*
 * Validates a GET_STATUS (@cmd) doit or a SET_SUBSYS request in full and
 * resolves the subsystem it names, without changing anything.
 */
VISIBLE_IF_KUNIT int secnet_core_parse_req(struct nlattr **attrs, u8 cmd,
					   struct secnet_core_req *req,
					   struct netlink_ext_ack *extack)
{
	bool set = cmd == SECNET_CMD_SET_SUBSYS;
	struct nlattr *tb[SECNET_A_SUBSYS_MAX + 1];
	struct nlattr *nest = attrs[SECNET_A_SUBSYS];
	int err;

	err = secnet_nl_check_attrs(attrs, BIT(SECNET_A_SUBSYS), extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, NULL, attrs, SECNET_A_SUBSYS)) {
		NL_SET_ERR_MSG(extack, "SUBSYS: required");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, SECNET_A_SUBSYS_MAX, nest,
			       set ? secnet_core_set_policy :
				     secnet_core_status_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, SECNET_A_SUBSYS_NAME)) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "SUBSYS.NAME: required");
		return -EINVAL;
	}
	if (set && NL_REQ_ATTR_CHECK(extack, nest, tb, SECNET_A_SUBSYS_STATE)) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "SUBSYS.STATE: required");
		return -EINVAL;
	}
	req->ss = secnet_subsys_find(nla_data(tb[SECNET_A_SUBSYS_NAME]));
	if (!req->ss) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SECNET_A_SUBSYS_NAME],
				    "SUBSYS.NAME: no such subsystem");
		return -ENODEV;
	}
	req->state = set ? nla_get_u8(tb[SECNET_A_SUBSYS_STATE]) :
			   SECNET_SUBSYS_STATE_UNSPEC;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_core_parse_req);

VISIBLE_IF_KUNIT int secnet_core_fill_version(struct sk_buff *skb)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, SECNET_A_VERSION);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, SECNET_A_VERSION_MODULE, SECNET_VERSION) ||
	    nla_put_u32(skb, SECNET_A_VERSION_GENL, SECNET_GENL_VERSION) ||
	    nla_put_string(skb, SECNET_A_VERSION_KERNEL,
			   init_utsname()->release) ||
	    nla_put_u64_64bit(skb, SECNET_A_VERSION_FEATURES,
			      secnet_subsys_features(), SECNET_A_VERSION_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_core_fill_version);

static size_t secnet_core_version_size(void)
{
	return nla_total_size(0) +
	       nla_total_size(sizeof(SECNET_VERSION)) +
	       nla_total_size(sizeof(u32)) +
	       nla_total_size(strlen(init_utsname()->release) + 1) +
	       nla_total_size_64bit(sizeof(u64));
}

/* A reply to @info of @size bytes of attributes, and its user header. */
static struct sk_buff *secnet_core_reply_new(struct genl_info *info,
					     size_t size, void **hdr)
{
	struct sk_buff *msg;

	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		return NULL;
	*hdr = secnet_msg_put(msg, info->snd_portid, info->snd_seq, 0,
			      info->genlhdr->cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Sends @msg if it was filled (@err is 0), else drops it. */
static int secnet_core_reply(struct genl_info *info, struct sk_buff *msg,
			     void *hdr, int err)
{
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int secnet_core_version_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = secnet_nl_check_attrs(info->attrs, 0, info->extack);
	if (err)
		return err;
	msg = secnet_core_reply_new(info, secnet_core_version_size(), &hdr);
	if (!msg)
		return -ENOMEM;
	return secnet_core_reply(info, msg, hdr, secnet_core_fill_version(msg));
}

static int secnet_core_status_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct secnet_core_req req;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = secnet_core_parse_req(info->attrs, SECNET_CMD_GET_STATUS, &req,
				    info->extack);
	if (err)
		return err;
	msg = secnet_core_reply_new(info, secnet_core_subsys_size(req.ss, 0),
				    &hdr);
	if (!msg)
		return -ENOMEM;
	err = secnet_core_fill_status(msg, net, req.ss);
	if (err == -ENODEV)
		GENL_SET_ERR_MSG(info, "SUBSYS.NAME: subsystem being removed");
	return secnet_core_reply(info, msg, hdr, err);
}

/*
 * One message per subsystem, in registration order; cb->args[1] is the
 * registration number of the last one sent (see secnet_subsys_next()).
 */
static int secnet_core_status_dumpit(struct sk_buff *skb,
				     struct netlink_callback *cb)
{
	struct net *net = sock_net(cb->skb->sk);
	unsigned long cursor = cb->args[1];
	struct secnet_subsys *ss;
	void *hdr;
	int err;

	err = secnet_nl_check_attrs(genl_dumpit_info(cb)->attrs, 0, cb->extack);
	if (err)
		return err;

	for (; (ss = secnet_subsys_next(&cursor)); cb->args[1] = cursor) {
		hdr = secnet_dump_put(skb, cb, SECNET_CMD_GET_STATUS);
		if (!hdr)
			break;
		err = secnet_core_fill_status(skb, net, ss);
		if (!err) {
			genlmsg_end(skb, hdr);
			continue;
		}
		genlmsg_cancel(skb, hdr);
		/* Its module is leaving: as if it were gone already. */
		if (err == -ENODEV)
			continue;
		if (err != -EMSGSIZE)
			return err;
		break;
	}
	/* Stopped for room: fine unless even an empty buffer was too small. */
	return ss && !skb->len ? -EMSGSIZE : skb->len;
}

static int secnet_core_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct secnet_core_req req;
	int err;

	err = secnet_core_parse_req(info->attrs, SECNET_CMD_SET_SUBSYS, &req,
				    info->extack);
	if (err)
		return err;
	secnet_core_set_state(genl_info_net(info), req.ss, req.state);
	return 0;
}

static const struct secnet_cmd_ops secnet_core_ops[] = {
	{
		.cmd = SECNET_CMD_GET_VERSION,
		.doit = secnet_core_version_doit,
	},
	{
		.cmd = SECNET_CMD_GET_STATUS,
		.doit = secnet_core_status_doit,
		.dumpit = secnet_core_status_dumpit,
	},
	{
		.cmd = SECNET_CMD_SET_SUBSYS,
		.doit = secnet_core_set_doit,
	},
	{
		/* Notification only: owned so that requests are told so. */
		.cmd = SECNET_CMD_SUBSYS_NTF,
	},
};

static struct secnet_subsys secnet_core = {
	.name = "core",
	.version = SECNET_VERSION,
	.feature = SECNET_FEATURE_CORE,
	.owner = THIS_MODULE,
	.ops = secnet_core_ops,
	.n_ops = ARRAY_SIZE(secnet_core_ops),
	.counter_names = secnet_core_counter_names,
	.n_counters = ARRAY_SIZE(secnet_core_counter_names),
	.read_counters = secnet_core_read_counters,
};

int __init secnet_core_init(void)
{
	int err;

	/* A status always fits a dump's buffer, which has at least this. */
	BUILD_BUG_ON(SECNET_CORE_STATUS_MAX > NLMSG_GOODSIZE);

	err = secnet_subsys_register(&secnet_core);
	/* The first registered, before any module that needs it can load. */
	WARN_ON(!err && secnet_core.slot != SECNET_CORE_SLOT);
	return err;
}

void secnet_core_exit(void)
{
	secnet_subsys_unregister(&secnet_core);
}
