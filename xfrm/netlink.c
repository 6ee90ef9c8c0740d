// SPDX-License-Identifier: GPL-2.0
/*
 * The "xfrm" subsystem's commands: the offloaded SAs (never their keys) and
 * the fault injection knobs of each device.
 */

#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "secnet_xfrm.h"

static const struct nla_policy
secnet_xfrm_sa_req_policy[SECNET_A_XFRM_SA_MAX + 1] = {
	[SECNET_A_XFRM_SA_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* The counts are atomic_t. */
static struct netlink_range_validation secnet_xfrm_fault_range = {
	.max = INT_MAX,
};

#define SECNET_XFRM_FAULT_POLICY \
	NLA_POLICY_FULL_RANGE(NLA_U32, &secnet_xfrm_fault_range)

static const struct nla_policy
secnet_xfrm_fault_policy[SECNET_A_XFRM_FAULT_MAX + 1] = {
	[SECNET_A_XFRM_FAULT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[SECNET_A_XFRM_FAULT_REFUSE_ADD] = SECNET_XFRM_FAULT_POLICY,
	[SECNET_A_XFRM_FAULT_CORRUPT_ICV] = SECNET_XFRM_FAULT_POLICY,
	[SECNET_A_XFRM_FAULT_DROP_TX] = SECNET_XFRM_FAULT_POLICY,
	[SECNET_A_XFRM_FAULT_DROP_RX] = SECNET_XFRM_FAULT_POLICY,
};

/* enum secnet_xfrm_fault to its attribute. */
static const u16 secnet_xfrm_fault_attr[SECNET_XFRM_FAULTS] = {
	[SECNET_XFRM_FAULT_REFUSE_ADD] = SECNET_A_XFRM_FAULT_REFUSE_ADD,
	[SECNET_XFRM_FAULT_CORRUPT_ICV] = SECNET_A_XFRM_FAULT_CORRUPT_ICV,
	[SECNET_XFRM_FAULT_DROP_TX] = SECNET_A_XFRM_FAULT_DROP_TX,
	[SECNET_XFRM_FAULT_DROP_RX] = SECNET_A_XFRM_FAULT_DROP_RX,
};

/* The engine of the secnet device @attr names in @net, under RCU, or NULL. */
static struct secnet_xfrm_dev *secnet_xfrm_nl_dev(struct net *net,
						  const struct nlattr *attr)
{
	struct net_device *dev;

	dev = dev_get_by_index_rcu(net, nla_get_u32(attr));
	if (!dev || !secnet_is_device(dev))
		return NULL;
	return secnet_offload_priv(dev, SECNET_OFFLOAD_XFRM);
}

#define SECNET_XFRM_NO_DEV	"dev: no secnet device with this index"

static int secnet_xfrm_fill_sa(struct sk_buff *skb, struct secnet_xfrm_sa *sa)
{
	const struct xfrm_state *x = sa->x;
	unsigned int alen = x->props.family == AF_INET ? 4 : 16;
	struct net_device *dev = sa->sdev->dev;
	u64 ctrs[SECNET_XFRM_SA_CTRS];
	struct nlattr *nest;

	secnet_ctrs_sum(sa->ctrs, SECNET_XFRM_SA_CTRS, ctrs);
	nest = nla_nest_start(skb, SECNET_A_XFRM_SA);
	if (!nest ||
	    nla_put_u32(skb, SECNET_A_XFRM_SA_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, SECNET_A_XFRM_SA_IFNAME, dev->name) ||
	    nla_put_u8(skb, SECNET_A_XFRM_SA_DIR,
		       sa->dir == XFRM_DEV_OFFLOAD_IN ? SECNET_XFRM_DIR_IN :
							SECNET_XFRM_DIR_OUT) ||
	    nla_put_u16(skb, SECNET_A_XFRM_SA_FAMILY, x->props.family) ||
	    nla_put(skb, SECNET_A_XFRM_SA_SADDR, alen, &x->props.saddr) ||
	    nla_put(skb, SECNET_A_XFRM_SA_DADDR, alen, &x->id.daddr) ||
	    nla_put_u32(skb, SECNET_A_XFRM_SA_SPI, ntohl(x->id.spi)) ||
	    nla_put_u8(skb, SECNET_A_XFRM_SA_MODE,
		       x->props.mode == XFRM_MODE_TUNNEL ?
		       SECNET_XFRM_MODE_TUNNEL : SECNET_XFRM_MODE_TRANSPORT) ||
	    nla_put_string(skb, SECNET_A_XFRM_SA_ALG, x->aead->alg_name) ||
	    nla_put_u32(skb, SECNET_A_XFRM_SA_KEY_BITS,
			x->aead->alg_key_len - SECNET_XFRM_SALT_LEN * 8) ||
	    nla_put_u32(skb, SECNET_A_XFRM_SA_ICV_BITS,
			x->aead->alg_icv_len) ||
	    (sa->crypto.esn && nla_put_flag(skb, SECNET_A_XFRM_SA_ESN)) ||
	    nla_put_u64_64bit(skb, SECNET_A_XFRM_SA_PACKETS,
			      ctrs[SECNET_XFRM_SA_PACKETS],
			      SECNET_A_XFRM_SA_PAD) ||
	    nla_put_u64_64bit(skb, SECNET_A_XFRM_SA_BYTES,
			      ctrs[SECNET_XFRM_SA_BYTES],
			      SECNET_A_XFRM_SA_PAD) ||
	    nla_put_u64_64bit(skb, SECNET_A_XFRM_SA_AUTH_FAILS,
			      ctrs[SECNET_XFRM_SA_AUTH_FAILS],
			      SECNET_A_XFRM_SA_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* cb->args[1]: the id to go on from; args[2]: the device asked for, or 0. */
static int secnet_xfrm_get_sa_dumpit(struct sk_buff *skb,
				     struct netlink_callback *cb)
{
	struct nlattr **attrs = genl_dumpit_info(cb)->attrs;
	struct nlattr *tb[SECNET_A_XFRM_SA_MAX + 1];
	struct net *net = sock_net(skb->sk);
	unsigned long id = cb->args[1];
	struct secnet_xfrm_sa *sa;
	void *hdr;
	int err;

	err = secnet_nl_parse_nest(attrs, SECNET_A_XFRM_SA,
				   SECNET_A_XFRM_SA_MAX,
				   secnet_xfrm_sa_req_policy, tb, cb->extack);
	if (err)
		return err;
	if (tb[SECNET_A_XFRM_SA_IFINDEX]) {
		rcu_read_lock();
		if (!secnet_xfrm_nl_dev(net, tb[SECNET_A_XFRM_SA_IFINDEX]))
			err = -ENODEV;
		rcu_read_unlock();
		if (err) {
			NL_SET_ERR_MSG_ATTR(cb->extack,
					    tb[SECNET_A_XFRM_SA_IFINDEX],
					    SECNET_XFRM_NO_DEV);
			return err;
		}
		cb->args[2] = nla_get_u32(tb[SECNET_A_XFRM_SA_IFINDEX]);
	}

	xa_lock_bh(&secnet_xfrm_sas);
	xa_for_each_start(&secnet_xfrm_sas, id, sa, cb->args[1]) {
		if (sa->dead || !net_eq(dev_net(sa->sdev->dev), net) ||
		    (cb->args[2] && sa->sdev->dev->ifindex != cb->args[2]))
			continue;
		hdr = secnet_dump_put(skb, cb, SECNET_CMD_XFRM_GET_SA);
		if (!hdr)
			break;
		if (secnet_xfrm_fill_sa(skb, sa)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[1] = id + 1;
	}
	xa_unlock_bh(&secnet_xfrm_sas);
	return skb->len;
}

static const struct secnet_faults secnet_xfrm_faults = {
	.kind		= SECNET_OFFLOAD_XFRM,
	.offset		= offsetof(struct secnet_xfrm_dev, faults),
	.n		= SECNET_XFRM_FAULTS,
	.attrs		= secnet_xfrm_fault_attr,
	.cmd_get	= SECNET_CMD_XFRM_GET_FAULT,
	.nest		= SECNET_A_XFRM_FAULT,
	.maxtype	= SECNET_A_XFRM_FAULT_MAX,
	.policy		= secnet_xfrm_fault_policy,
	.ifindex	= SECNET_A_XFRM_FAULT_IFINDEX,
	.ifname		= SECNET_A_XFRM_FAULT_IFNAME,
	.none_given	= "no fault count given (refuse-add, corrupt-icv, drop-tx or drop-rx)",
};

static int secnet_xfrm_get_fault_doit(struct sk_buff *skb,
				      struct genl_info *info)
{
	return secnet_faults_get_doit(&secnet_xfrm_faults, info);
}

static int secnet_xfrm_get_fault_dumpit(struct sk_buff *skb,
					struct netlink_callback *cb)
{
	return secnet_faults_get_dumpit(&secnet_xfrm_faults, skb, cb);
}

static int secnet_xfrm_set_fault_doit(struct sk_buff *skb,
				      struct genl_info *info)
{
	return secnet_faults_set_doit(&secnet_xfrm_faults, info);
}

const struct secnet_cmd_ops secnet_xfrm_cmd_ops[] = {
	{
		.cmd	= SECNET_CMD_XFRM_GET_SA,
		.dumpit	= secnet_xfrm_get_sa_dumpit,
	},
	{
		.cmd	= SECNET_CMD_XFRM_GET_FAULT,
		.doit	= secnet_xfrm_get_fault_doit,
		.dumpit	= secnet_xfrm_get_fault_dumpit,
	},
	{
		.cmd	= SECNET_CMD_XFRM_SET_FAULT,
		.doit	= secnet_xfrm_set_fault_doit,
	},
};

const unsigned int secnet_xfrm_n_cmd_ops = ARRAY_SIZE(secnet_xfrm_cmd_ops);
