// SPDX-License-Identifier: GPL-2.0
/*
 * The family and its dispatch.  A family's operations are fixed once it is
 * registered, so it declares every command, each with the same trampolines,
 * and a trampoline looks up the subsystem owning the command when a request
 * arrives.  The family is not parallel_ops: trampolines run under the genl
 * mutex, which is also what the registry changes under.  resv_start_op is 0:
 * every command gets strict validation.
 *
 * Dumps: netlink pins secnet.ko, the family's module, for the life of a
 * dump, and not the module owning the command, which may be unloaded between
 * two recvmsg() calls.  So a dump keeps no pointer into a subsystem: each
 * call looks the owner up again.  cb->args[0] holds the registry generation
 * when the dump started (0 before its first call); messages put after the
 * registry changed carry NLM_F_DUMP_INTR, and so does the NLMSG_DONE.
 * There is no start or done callback: in 6.1 a dump's start has no extack to
 * explain a refusal with, so the first dumpit call does the checks, and a
 * dump holds nothing that would need releasing.
 *
 * Permissions are the family's, not the subsystems': each operation carries
 * its command's flags from secnet_nl_perm below, so genl checks them before
 * a trampoline runs, and `genl ctrl get name secnet` shows them.
 */

#include <kunit/visibility.h>
#include <linux/err.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "netlink.h"
#include "pernet.h"
#include "subsys.h"

static const struct genl_multicast_group secnet_nl_mcgrps[] = {
	[SECNET_GROUP_EVENTS] = { .name = SECNET_MCGRP_EVENTS },
	[SECNET_GROUP_FLOWS] = { .name = SECNET_MCGRP_FLOWS },
};

/*
 * Every top-level attribute is a nest, whichever command it comes with; the
 * handler parses the inside strictly, with its own policy.
 */
VISIBLE_IF_KUNIT const struct nla_policy secnet_nl_policy[SECNET_A_MAX + 1] = {
	[SECNET_A_UNSPEC + 1 ... SECNET_A_MAX] = { .type = NLA_NESTED },
};
EXPORT_SYMBOL_IF_KUNIT(secnet_nl_policy);

/*
 * Who may use each command, for every subsystem, declared once.  As with
 * nfnetlink and XFRM_MSG_GETSA, whatever changes state and every dump of
 * rules, hooks, SAs or faults needs CAP_NET_ADMIN in the user namespace that
 * owns the netns: GENL_UNS_ADMIN_PERM, which genl checks first (in 6.1 it
 * answers -EPERM with no extack message).  The version and the subsystems'
 * status are open, as `ip link show` is.  A command missing here needs
 * CAP_NET_ADMIN; one appended to enum secnet_cmd must be listed to build.
 */
enum secnet_nl_perm {
	SECNET_NL_ADMIN,
	SECNET_NL_OPEN,
};

static const u8 secnet_nl_perm[] = {
	[SECNET_CMD_GET_VERSION]	= SECNET_NL_OPEN,
	[SECNET_CMD_GET_STATUS]		= SECNET_NL_OPEN,
	[SECNET_CMD_SET_SUBSYS]		= SECNET_NL_ADMIN,
	/* Never a request: anyone is told so. */
	[SECNET_CMD_SUBSYS_NTF]		= SECNET_NL_OPEN,
	[SECNET_CMD_XFRM_GET_SA]	= SECNET_NL_ADMIN,
	[SECNET_CMD_XFRM_GET_FAULT]	= SECNET_NL_ADMIN,
	[SECNET_CMD_XFRM_SET_FAULT]	= SECNET_NL_ADMIN,
	[SECNET_CMD_NF_GET_RULE]	= SECNET_NL_ADMIN,
	[SECNET_CMD_NF_NEW_RULE]	= SECNET_NL_ADMIN,
	[SECNET_CMD_NF_DEL_RULE]	= SECNET_NL_ADMIN,
	[SECNET_CMD_NF_FLUSH]		= SECNET_NL_ADMIN,
	[SECNET_CMD_NF_GET_HOOK]	= SECNET_NL_ADMIN,
	[SECNET_CMD_NF_SET_HOOK]	= SECNET_NL_ADMIN,
	[SECNET_CMD_NF_LOAD]		= SECNET_NL_ADMIN,
	[SECNET_CMD_MACSEC_GET_SECY]	= SECNET_NL_ADMIN,
	[SECNET_CMD_MACSEC_GET_FAULT]	= SECNET_NL_ADMIN,
	[SECNET_CMD_MACSEC_SET_FAULT]	= SECNET_NL_ADMIN,
	[SECNET_CMD_KTLS_GET_CONN]	= SECNET_NL_ADMIN,
	[SECNET_CMD_KTLS_GET_FAULT]	= SECNET_NL_ADMIN,
	[SECNET_CMD_KTLS_SET_FAULT]	= SECNET_NL_ADMIN,
	[SECNET_CMD_NF_GET_FLOW]	= SECNET_NL_ADMIN,
	[SECNET_CMD_NF_DEL_FLOW]	= SECNET_NL_ADMIN,
	[SECNET_CMD_NF_NTF]		= SECNET_NL_OPEN,
	[SECNET_CMD_NF_FLOW_NTF]	= SECNET_NL_OPEN,
	[SECNET_CMD_NF_GET_SET]		= SECNET_NL_ADMIN,
	[SECNET_CMD_NF_NEW_SET]		= SECNET_NL_ADMIN,
	[SECNET_CMD_NF_DEL_SET]		= SECNET_NL_ADMIN,
	[SECNET_CMD_NF_SET_ELEMS]	= SECNET_NL_ADMIN,
	[SECNET_CMD_NF_LOAD_SET]	= SECNET_NL_ADMIN,
};

static_assert(ARRAY_SIZE(secnet_nl_perm) == SECNET_CMD_MAX + 1);

VISIBLE_IF_KUNIT struct genl_ops secnet_nl_ops[SECNET_CMD_MAX] __ro_after_init;
EXPORT_SYMBOL_IF_KUNIT(secnet_nl_ops);

static struct genl_family secnet_nl_family __ro_after_init = {
	.name = SECNET_GENL_NAME,
	.version = SECNET_GENL_VERSION,
	.maxattr = SECNET_A_MAX,
	.policy = secnet_nl_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = secnet_nl_ops,
	.n_ops = ARRAY_SIZE(secnet_nl_ops),
	.mcgrps = secnet_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(secnet_nl_mcgrps),
};

/*
 * The handlers of @cmd, with a reference on its owner's module, dropped by
 * secnet_subsys_put(*@owner).
 */
VISIBLE_IF_KUNIT const struct secnet_cmd_ops *
secnet_nl_op_get(u8 cmd, bool dump, struct secnet_subsys **owner,
		 struct netlink_ext_ack *extack)
{
	const struct secnet_cmd_ops *op;
	struct secnet_subsys *ss;

	op = secnet_subsys_cmd(cmd, &ss);
	if (!op) {
		NL_SET_ERR_MSG(extack,
			       "command not available: load the secnet module that provides it");
		return ERR_PTR(-EOPNOTSUPP);
	}
	if (!op->doit && !op->dumpit) {
		NL_SET_ERR_MSG(extack, "notification only");
		return ERR_PTR(-EOPNOTSUPP);
	}
	if (dump && !op->dumpit) {
		NL_SET_ERR_MSG(extack, "command cannot be dumped");
		return ERR_PTR(-EOPNOTSUPP);
	}
	if (!dump && !op->doit) {
		NL_SET_ERR_MSG(extack, "command must be dumped");
		return ERR_PTR(-EOPNOTSUPP);
	}
	if (!secnet_subsys_get(ss)) {
		NL_SET_ERR_MSG(extack,
			       "command not available: its module is being unloaded");
		return ERR_PTR(-EOPNOTSUPP);
	}
	*owner = ss;
	return op;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nl_op_get);

static int secnet_nl_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct secnet_pernet *pn = secnet_pernet(net);
	const struct secnet_cmd_ops *op;
	struct secnet_subsys *ss;
	int err;

	atomic64_inc(&pn->requests);
	op = secnet_nl_op_get(info->genlhdr->cmd, false, &ss, info->extack);
	if (IS_ERR(op)) {
		err = PTR_ERR(op);
	} else {
		err = op->doit(skb, info);
		secnet_subsys_put(ss);
	}
	if (err)
		atomic64_inc(&pn->errors);
	return err;
}

static int secnet_nl_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(cb->skb->sk);
	struct secnet_pernet *pn = secnet_pernet(net);
	unsigned int gen = secnet_subsys_generation();
	const struct secnet_cmd_ops *op;
	struct secnet_subsys *ss;
	int err;

	if (!cb->args[0]) {
		atomic64_inc(&pn->requests);
		cb->args[0] = gen;
	}
	cb->seq = gen;
	op = secnet_nl_op_get(genl_dumpit_info(cb)->op.cmd, true, &ss,
			      cb->extack);
	if (IS_ERR(op)) {
		err = PTR_ERR(op);
	} else {
		err = op->dumpit(skb, cb);
		secnet_subsys_put(ss);
	}
	if (err < 0)
		atomic64_inc(&pn->errors);
	/* Mark the NLMSG_DONE that may follow as secnet_dump_put() would. */
	cb->prev_seq = cb->args[0];
	return err;
}

/**
 * secnet_msg_put - start a message of the secnet family
 * @skb: the message buffer
 * @portid: destination port, 0 for a notification
 * @seq: sequence number of the request answered, 0 for a notification
 * @flags: netlink message flags
 * @cmd: SECNET_CMD_*
 *
 * Return: the user header to pass to genlmsg_end(), or NULL if @skb is full.
 */
void *secnet_msg_put(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		     u8 cmd)
{
	return genlmsg_put(skb, portid, seq, &secnet_nl_family, flags, cmd);
}
EXPORT_SYMBOL_GPL(secnet_msg_put);

/**
 * secnet_dump_put - start one message of a dump
 * @skb: the dump's buffer
 * @cb: the dump
 * @cmd: SECNET_CMD_*
 *
 * The message is marked NLM_F_DUMP_INTR if a subsystem registered or
 * unregistered since the dump started.
 *
 * Return: the user header to pass to genlmsg_end(), or NULL if @skb is full.
 */
void *secnet_dump_put(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &secnet_nl_family, NLM_F_MULTI, cmd);
	/*
	 * Compared with the dump's start, not with the previous message as
	 * nl_dump_check_consistent() does: a marked message cancelled for want
	 * of room would take the mark with it.
	 */
	if (hdr && cb->seq != cb->args[0])
		genlmsg_nlhdr(hdr)->nlmsg_flags |= NLM_F_DUMP_INTR;
	return hdr;
}
EXPORT_SYMBOL_GPL(secnet_dump_put);

/**
 * secnet_has_listeners - whether a notification to @net would reach anyone
 * @net: the namespace
 * @group: the multicast group
 *
 * Return: true if a socket of @net is subscribed to @group.
 */
bool secnet_has_listeners(struct net *net, enum secnet_group group)
{
	return genl_has_listeners(&secnet_nl_family, net, group);
}
EXPORT_SYMBOL_GPL(secnet_has_listeners);

/**
 * secnet_notify - send a notification to a multicast group of @net
 * @net: the namespace
 * @group: the group
 * @skb: the finished message, consumed
 * @gfp: what the delivery may allocate with
 *
 * Context: process context for GFP_KERNEL, any with GFP_ATOMIC.
 */
void secnet_notify(struct net *net, enum secnet_group group,
		   struct sk_buff *skb, gfp_t gfp)
{
	if (!genlmsg_multicast_netns(&secnet_nl_family, net, skb, 0, group,
				     gfp))
		atomic64_inc(&secnet_pernet(net)->events);
}
EXPORT_SYMBOL_GPL(secnet_notify);

/**
 * secnet_notify_lost - tell the listeners of @group in @net they missed one
 * @net: the namespace
 * @group: the group
 */
void secnet_notify_lost(struct net *net, enum secnet_group group)
{
	genl_set_err(&secnet_nl_family, net, 0, group, -ENOBUFS);
}
EXPORT_SYMBOL_GPL(secnet_notify_lost);

/**
 * secnet_nl_check_attrs - reject top-level attributes a request cannot carry
 * @attrs: the request's attributes, as parsed by the family's policy
 * @allowed: BIT(SECNET_A_*) for each attribute the request may carry
 * @extack: where to report the first attribute not allowed
 *
 * Return: 0 or -EINVAL.
 */
int secnet_nl_check_attrs(struct nlattr **attrs, unsigned long allowed,
			  struct netlink_ext_ack *extack)
{
	unsigned int type;

	BUILD_BUG_ON(SECNET_A_MAX >= BITS_PER_LONG);

	for (type = SECNET_A_UNSPEC + 1; type <= SECNET_A_MAX; type++) {
		if (attrs[type] && !(allowed & BIT(type))) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[type],
					    "attribute not valid in this request");
			return -EINVAL;
		}
	}
	return 0;
}
EXPORT_SYMBOL_GPL(secnet_nl_check_attrs);

int secnet_nl_parse_nest(struct nlattr **attrs, int type, int maxtype,
			 const struct nla_policy *policy, struct nlattr **tb,
			 struct netlink_ext_ack *extack)
{
	int err;

	err = secnet_nl_check_attrs(attrs, BIT(type), extack);
	if (err)
		return err;
	memset(tb, 0, (maxtype + 1) * sizeof(*tb));
	if (!attrs[type])
		return 0;
	return nla_parse_nested(tb, maxtype, attrs[type], policy, extack);
}
EXPORT_SYMBOL_GPL(secnet_nl_parse_nest);

int __init secnet_nl_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(secnet_nl_ops); i++) {
		u8 cmd = SECNET_CMD_UNSPEC + 1 + i;

		secnet_nl_ops[i].cmd = cmd;
		if (secnet_nl_perm[cmd] != SECNET_NL_OPEN)
			secnet_nl_ops[i].flags = GENL_UNS_ADMIN_PERM;
		secnet_nl_ops[i].doit = secnet_nl_doit;
		secnet_nl_ops[i].dumpit = secnet_nl_dumpit;
	}
	return genl_register_family(&secnet_nl_family);
}

void secnet_nl_exit(void)
{
	genl_unregister_family(&secnet_nl_family);
}
