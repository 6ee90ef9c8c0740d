// SPDX-License-Identifier: GPL-2.0
/*
 * The "macsec" subsystem's commands: the SecYs the devices hold (never a
 * key or a salt), and each device's fault injection.  The tables change
 * under RTNL only, so the commands read them under it.
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "secnet_macsec.h"

static const struct nla_policy
secnet_macsec_secy_req_policy[SECNET_A_MACSEC_SECY_MAX + 1] = {
	[SECNET_A_MACSEC_SECY_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* The counts are atomic_t. */
static struct netlink_range_validation secnet_macsec_count_range = {
	.max = INT_MAX,
};

static struct netlink_range_validation secnet_macsec_left_range = {
	.min = 1,
	.max = INT_MAX,
};

static const struct nla_policy
secnet_macsec_fault_policy[SECNET_A_MACSEC_FAULT_MAX + 1] = {
	[SECNET_A_MACSEC_FAULT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[SECNET_A_MACSEC_FAULT_REFUSE_ADD] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &secnet_macsec_count_range),
	[SECNET_A_MACSEC_FAULT_CORRUPT_ICV] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &secnet_macsec_count_range),
	[SECNET_A_MACSEC_FAULT_PN_LEFT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &secnet_macsec_left_range),
	[SECNET_A_MACSEC_FAULT_MACSEC_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[SECNET_A_MACSEC_FAULT_AN] = NLA_POLICY_MAX(NLA_U8, MACSEC_NUM_AN - 1),
};

/* enum secnet_macsec_fault to its attribute. */
static const u16 secnet_macsec_fault_attr[SECNET_MACSEC_FAULTS] = {
	[SECNET_MACSEC_FAULT_REFUSE_ADD] = SECNET_A_MACSEC_FAULT_REFUSE_ADD,
	[SECNET_MACSEC_FAULT_CORRUPT_ICV] = SECNET_A_MACSEC_FAULT_CORRUPT_ICV,
};

static int secnet_macsec_put_counters(struct sk_buff *skb, int type,
				      struct secnet_ctrs __percpu *ctrs,
				      const char *const *names, unsigned int n)
{
	u64 v[SECNET_MACSEC_SECY_CTRS];
	struct nlattr *nest, *entry;
	unsigned int i;

	BUILD_BUG_ON((int)SECNET_MACSEC_RXSC_CTRS > (int)SECNET_MACSEC_SECY_CTRS);
	secnet_ctrs_sum(ctrs, n, v);
	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		entry = nla_nest_start(skb, SECNET_A_COUNTERS_ENTRY);
		if (!entry ||
		    nla_put_string(skb, SECNET_A_COUNTER_NAME, names[i]) ||
		    nla_put_u64_64bit(skb, SECNET_A_COUNTER_VALUE, v[i],
				      SECNET_A_COUNTER_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, entry);
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int secnet_macsec_put_sa(struct sk_buff *skb, int type,
				const struct secnet_macsec_sa *sa, bool xpn,
				bool tx)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest ||
	    nla_put_u8(skb, SECNET_A_MACSEC_SA_AN, sa->an) ||
	    (READ_ONCE(sa->active) &&
	     nla_put_flag(skb, SECNET_A_MACSEC_SA_ACTIVE)) ||
	    nla_put_u64_64bit(skb, SECNET_A_MACSEC_SA_NEXT_PN,
			      atomic64_read(&sa->next_pn),
			      SECNET_A_MACSEC_SA_PAD) ||
	    (xpn && nla_put_u32(skb, SECNET_A_MACSEC_SA_SSCI,
				be32_to_cpu((__force __be32)sa->crypto.ssci))) ||
	    secnet_macsec_put_counters(skb, SECNET_A_MACSEC_SA_COUNTERS,
				       sa->ctrs,
				       tx ? secnet_macsec_txsa_ctr_names :
					    secnet_macsec_rxsa_ctr_names,
				       tx ? SECNET_MACSEC_TXSA_CTRS :
					    SECNET_MACSEC_RXSA_CTRS))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int secnet_macsec_put_rxsc(struct sk_buff *skb,
				  const struct secnet_macsec_rxsc *rxsc)
{
	struct nlattr *nest = nla_nest_start(skb, SECNET_A_MACSEC_SECY_RXSC);
	const struct secnet_macsec_sa *sa;
	int an;

	if (!nest ||
	    nla_put_u64_64bit(skb, SECNET_A_MACSEC_RXSC_SCI,
			      be64_to_cpu((__force __be64)rxsc->sc.sci),
			      SECNET_A_MACSEC_RXSC_PAD) ||
	    (rxsc->active && nla_put_flag(skb, SECNET_A_MACSEC_RXSC_ACTIVE)) ||
	    secnet_macsec_put_counters(skb, SECNET_A_MACSEC_RXSC_COUNTERS,
				       rxsc->ctrs, secnet_macsec_rxsc_ctr_names,
				       SECNET_MACSEC_RXSC_CTRS))
		return -EMSGSIZE;
	for (an = 0; an < MACSEC_NUM_AN; an++) {
		sa = rtnl_dereference(rxsc->sa[an]);
		if (sa && secnet_macsec_put_sa(skb, SECNET_A_MACSEC_RXSC_RXSA,
					       sa, rxsc->secy->xpn, false))
			return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static u8 secnet_macsec_cipher(const struct secnet_macsec_secy *secy)
{
	if (secy->xpn)
		return secy->key_len == 16 ? SECNET_MACSEC_CIPHER_GCM_AES_XPN_128 :
					     SECNET_MACSEC_CIPHER_GCM_AES_XPN_256;
	return secy->key_len == 16 ? SECNET_MACSEC_CIPHER_GCM_AES_128 :
				     SECNET_MACSEC_CIPHER_GCM_AES_256;
}

/* enum macsec_validation_type to the family's. */
static const u8 secnet_macsec_validate[] = {
	[MACSEC_VALIDATE_DISABLED] = SECNET_MACSEC_VALIDATE_DISABLED,
	[MACSEC_VALIDATE_CHECK] = SECNET_MACSEC_VALIDATE_CHECK,
	[MACSEC_VALIDATE_STRICT] = SECNET_MACSEC_VALIDATE_STRICT,
};

static int secnet_macsec_put_flag(struct sk_buff *skb, int type, bool on)
{
	return on ? nla_put_flag(skb, type) : 0;
}

static int secnet_macsec_fill_secy(struct sk_buff *skb, struct net_device *dev,
				   void *obj)
{
	const struct secnet_macsec_secy *secy = obj;
	const struct net_device *mdev = secy->ksecy->netdev;
	const struct secnet_macsec_rxsc *rxsc;
	const struct secnet_macsec_sa *sa;
	struct nlattr *nest;
	int an;

	nest = nla_nest_start(skb, SECNET_A_MACSEC_SECY);
	if (!nest ||
	    nla_put_u32(skb, SECNET_A_MACSEC_SECY_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, SECNET_A_MACSEC_SECY_IFNAME, dev->name) ||
	    nla_put_u32(skb, SECNET_A_MACSEC_SECY_MACSEC_IFINDEX,
			mdev->ifindex) ||
	    nla_put_string(skb, SECNET_A_MACSEC_SECY_MACSEC_IFNAME,
			   mdev->name) ||
	    nla_put_u64_64bit(skb, SECNET_A_MACSEC_SECY_SCI,
			      be64_to_cpu((__force __be64)secy->sc.sci),
			      SECNET_A_MACSEC_SECY_PAD) ||
	    nla_put_u8(skb, SECNET_A_MACSEC_SECY_CIPHER,
		       secnet_macsec_cipher(secy)) ||
	    nla_put_u8(skb, SECNET_A_MACSEC_SECY_ICV_LEN, secy->icv_len) ||
	    nla_put_u8(skb, SECNET_A_MACSEC_SECY_ENCODING_SA,
		       secy->encoding_sa) ||
	    nla_put_u8(skb, SECNET_A_MACSEC_SECY_VALIDATE,
		       secnet_macsec_validate[secy->validate]) ||
	    (secy->replay_protect &&
	     nla_put_u32(skb, SECNET_A_MACSEC_SECY_REPLAY_WINDOW,
			 secy->replay_window)) ||
	    secnet_macsec_put_flag(skb, SECNET_A_MACSEC_SECY_ENCRYPT,
				   secy->encrypt) ||
	    secnet_macsec_put_flag(skb, SECNET_A_MACSEC_SECY_SEND_SCI,
				   secy->send_sci) ||
	    secnet_macsec_put_flag(skb, SECNET_A_MACSEC_SECY_END_STATION,
				   secy->end_station) ||
	    secnet_macsec_put_flag(skb, SECNET_A_MACSEC_SECY_SCB, secy->scb) ||
	    secnet_macsec_put_flag(skb, SECNET_A_MACSEC_SECY_PROTECT,
				   secy->protect) ||
	    secnet_macsec_put_flag(skb, SECNET_A_MACSEC_SECY_REPLAY_PROTECT,
				   secy->replay_protect) ||
	    secnet_macsec_put_flag(skb, SECNET_A_MACSEC_SECY_OPERATIONAL,
				   READ_ONCE(secy->ksecy->operational)) ||
	    secnet_macsec_put_counters(skb, SECNET_A_MACSEC_SECY_COUNTERS,
				       secy->ctrs, secnet_macsec_secy_ctr_names,
				       SECNET_MACSEC_SECY_CTRS))
		return -EMSGSIZE;
	for (an = 0; an < MACSEC_NUM_AN; an++) {
		sa = rtnl_dereference(secy->tx_sa[an]);
		if (sa && secnet_macsec_put_sa(skb, SECNET_A_MACSEC_SECY_TXSA,
					       sa, secy->xpn, true))
			return -EMSGSIZE;
	}
	list_for_each_entry(rxsc, &secy->rxscs, list)
		if (secnet_macsec_put_rxsc(skb, rxsc))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static const struct secnet_offload_dump secnet_macsec_secy_dump = {
	.kind	= SECNET_OFFLOAD_MACSEC,
	.cmd	= SECNET_CMD_MACSEC_GET_SECY,
	.list	= offsetof(struct secnet_macsec_dev, secys),
	.node	= offsetof(struct secnet_macsec_secy, list),
	.fill	= secnet_macsec_fill_secy,
};

static int secnet_macsec_get_secy_dumpit(struct sk_buff *skb,
					 struct netlink_callback *cb)
{
	struct nlattr *tb[SECNET_A_MACSEC_SECY_MAX + 1];
	int err;

	err = secnet_nl_parse_nest(genl_dumpit_info(cb)->attrs,
				   SECNET_A_MACSEC_SECY,
				   SECNET_A_MACSEC_SECY_MAX,
				   secnet_macsec_secy_req_policy, tb,
				   cb->extack);
	if (err)
		return err;
	return secnet_offload_dumpit(&secnet_macsec_secy_dump, skb, cb,
				     tb[SECNET_A_MACSEC_SECY_IFINDEX]);
}

/* PN_LEFT: the one-off fault, done at once. */
static int secnet_macsec_fault_act(void *priv, struct nlattr **tb,
				   struct netlink_ext_ack *extack)
{
	struct nlattr *sel = tb[SECNET_A_MACSEC_FAULT_MACSEC_IFINDEX];
	struct nlattr *an = tb[SECNET_A_MACSEC_FAULT_AN];
	struct nlattr *left = tb[SECNET_A_MACSEC_FAULT_PN_LEFT];

	if (!left) {
		if (!sel && !an)
			return 0;
		NL_SET_ERR_MSG_ATTR(extack, sel ?: an,
				    "macsec-dev, an: only with pn-left");
		return -EINVAL;
	}
	if (!secnet_macsec_pn_jump(priv, sel ? nla_get_u32(sel) : 0,
				   an ? nla_get_u8(an) : -1,
				   nla_get_u32(left))) {
		NL_SET_ERR_MSG_ATTR(extack, left,
				    "pn-left: no offloaded TX SA to move");
		return -ENOENT;
	}
	return 1;
}

static const struct secnet_faults secnet_macsec_faults = {
	.kind		= SECNET_OFFLOAD_MACSEC,
	.offset		= offsetof(struct secnet_macsec_dev, faults),
	.n		= SECNET_MACSEC_FAULTS,
	.attrs		= secnet_macsec_fault_attr,
	.cmd_get	= SECNET_CMD_MACSEC_GET_FAULT,
	.nest		= SECNET_A_MACSEC_FAULT,
	.maxtype	= SECNET_A_MACSEC_FAULT_MAX,
	.policy		= secnet_macsec_fault_policy,
	.ifindex	= SECNET_A_MACSEC_FAULT_IFINDEX,
	.ifname		= SECNET_A_MACSEC_FAULT_IFNAME,
	.none_given	= "no fault given (refuse-add, corrupt-icv or pn-left)",
	.act		= secnet_macsec_fault_act,
};

static int secnet_macsec_get_fault_doit(struct sk_buff *skb,
					struct genl_info *info)
{
	return secnet_faults_get_doit(&secnet_macsec_faults, info);
}

static int secnet_macsec_get_fault_dumpit(struct sk_buff *skb,
					  struct netlink_callback *cb)
{
	return secnet_faults_get_dumpit(&secnet_macsec_faults, skb, cb);
}

static int secnet_macsec_set_fault_doit(struct sk_buff *skb,
					struct genl_info *info)
{
	return secnet_faults_set_doit(&secnet_macsec_faults, info);
}

const struct secnet_cmd_ops secnet_macsec_cmd_ops[] = {
	{
		.cmd	= SECNET_CMD_MACSEC_GET_SECY,
		.dumpit	= secnet_macsec_get_secy_dumpit,
	},
	{
		.cmd	= SECNET_CMD_MACSEC_GET_FAULT,
		.doit	= secnet_macsec_get_fault_doit,
		.dumpit	= secnet_macsec_get_fault_dumpit,
	},
	{
		.cmd	= SECNET_CMD_MACSEC_SET_FAULT,
		.doit	= secnet_macsec_set_fault_doit,
	},
};

const unsigned int secnet_macsec_n_cmd_ops = ARRAY_SIZE(secnet_macsec_cmd_ops);
