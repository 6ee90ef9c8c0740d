// SPDX-License-Identifier: GPL-2.0
/*
 * The "ktls" subsystem's commands: the connections the devices hold (never
 * a key or a salt), and each device's fault injection.  The control path
 * publishes connections on the device's list with RCU and frees them after
 * a grace period, so the dump reads the list under RCU.
 */

#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "secnet_ktls.h"

static const struct nla_policy
secnet_ktls_conn_req_policy[SECNET_A_KTLS_CONN_MAX + 1] = {
	[SECNET_A_KTLS_CONN_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* The counts are atomic_t. */
static struct netlink_range_validation secnet_ktls_count_range = {
	.max = INT_MAX,
};

static const struct nla_policy
secnet_ktls_fault_policy[SECNET_A_KTLS_FAULT_MAX + 1] = {
	[SECNET_A_KTLS_FAULT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[SECNET_A_KTLS_FAULT_REFUSE_ADD] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &secnet_ktls_count_range),
	[SECNET_A_KTLS_FAULT_DESYNC] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &secnet_ktls_count_range),
};

/* enum secnet_ktls_fault to its attribute. */
static const u16 secnet_ktls_fault_attr[SECNET_KTLS_FAULTS_N] = {
	[SECNET_KTLS_FAULT_REFUSE_ADD] = SECNET_A_KTLS_FAULT_REFUSE_ADD,
	[SECNET_KTLS_FAULT_DESYNC] = SECNET_A_KTLS_FAULT_DESYNC,
};

/* conn.c keeps an IPv4 address v4-mapped: one form for both families. */
static int secnet_ktls_put_addr(struct sk_buff *skb, int type, u16 family,
				const struct in6_addr *addr)
{
	if (family == AF_INET)
		return nla_put_in_addr(skb, type, addr->s6_addr32[3]);
	return nla_put_in6_addr(skb, type, addr);
}

static int secnet_ktls_fill_conn(struct sk_buff *skb, struct net_device *dev,
				 void *obj)
{
	struct secnet_ktls_conn *c = obj;
	bool rx = c->dir == TLS_OFFLOAD_CTX_DIR_RX;
	u64 rcd_sn, records, bytes, resyncs;
	struct nlattr *nest;
	bool synced;
	u32 seq;

	/* The data path updates them in BH: read them at one time. */
	spin_lock_bh(&c->lock);
	seq = c->next_seq;
	rcd_sn = c->rcd_sn;
	synced = c->synced;
	records = c->records;
	bytes = c->bytes;
	resyncs = c->resyncs;
	spin_unlock_bh(&c->lock);

	nest = nla_nest_start(skb, SECNET_A_KTLS_CONN);
	if (!nest ||
	    nla_put_u32(skb, SECNET_A_KTLS_CONN_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, SECNET_A_KTLS_CONN_IFNAME, dev->name) ||
	    nla_put_u8(skb, SECNET_A_KTLS_CONN_DIR,
		       rx ? SECNET_KTLS_DIR_RX : SECNET_KTLS_DIR_TX) ||
	    nla_put_u16(skb, SECNET_A_KTLS_CONN_FAMILY, c->family) ||
	    secnet_ktls_put_addr(skb, SECNET_A_KTLS_CONN_SADDR, c->family,
				 &c->saddr) ||
	    secnet_ktls_put_addr(skb, SECNET_A_KTLS_CONN_DADDR, c->family,
				 &c->daddr) ||
	    nla_put_u16(skb, SECNET_A_KTLS_CONN_SPORT, ntohs(c->sport)) ||
	    nla_put_u16(skb, SECNET_A_KTLS_CONN_DPORT, ntohs(c->dport)) ||
	    nla_put_u8(skb, SECNET_A_KTLS_CONN_CIPHER,
		       c->cipher == TLS_CIPHER_AES_GCM_256 ?
		       SECNET_KTLS_CIPHER_AES_GCM_256 :
		       SECNET_KTLS_CIPHER_AES_GCM_128) ||
	    nla_put_u16(skb, SECNET_A_KTLS_CONN_VERSION, c->version) ||
	    nla_put_u32(skb, SECNET_A_KTLS_CONN_NEXT_SEQ, seq) ||
	    nla_put_u64_64bit(skb, SECNET_A_KTLS_CONN_RECORD_SN, rcd_sn,
			      SECNET_A_KTLS_CONN_PAD) ||
	    (rx && synced && nla_put_flag(skb, SECNET_A_KTLS_CONN_SYNCED)) ||
	    nla_put_u64_64bit(skb, SECNET_A_KTLS_CONN_RECORDS, records,
			      SECNET_A_KTLS_CONN_PAD) ||
	    nla_put_u64_64bit(skb, SECNET_A_KTLS_CONN_BYTES, bytes,
			      SECNET_A_KTLS_CONN_PAD) ||
	    nla_put_u64_64bit(skb, SECNET_A_KTLS_CONN_RESYNCS, resyncs,
			      SECNET_A_KTLS_CONN_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static const struct secnet_offload_dump secnet_ktls_conn_dump = {
	.kind	= SECNET_OFFLOAD_KTLS,
	.cmd	= SECNET_CMD_KTLS_GET_CONN,
	.list	= offsetof(struct secnet_ktls_dev, conns),
	.node	= offsetof(struct secnet_ktls_conn, node),
	.fill	= secnet_ktls_fill_conn,
};

static int secnet_ktls_get_conn_dumpit(struct sk_buff *skb,
				       struct netlink_callback *cb)
{
	struct nlattr *tb[SECNET_A_KTLS_CONN_MAX + 1];
	int err;

	err = secnet_nl_parse_nest(genl_dumpit_info(cb)->attrs,
				   SECNET_A_KTLS_CONN, SECNET_A_KTLS_CONN_MAX,
				   secnet_ktls_conn_req_policy, tb, cb->extack);
	if (err)
		return err;
	return secnet_offload_dumpit(&secnet_ktls_conn_dump, skb, cb,
				     tb[SECNET_A_KTLS_CONN_IFINDEX]);
}

const struct secnet_faults secnet_ktls_faults = {
	.kind		= SECNET_OFFLOAD_KTLS,
	.offset		= offsetof(struct secnet_ktls_dev, faults),
	.n		= SECNET_KTLS_FAULTS_N,
	.attrs		= secnet_ktls_fault_attr,
	.cmd_get	= SECNET_CMD_KTLS_GET_FAULT,
	.nest		= SECNET_A_KTLS_FAULT,
	.maxtype	= SECNET_A_KTLS_FAULT_MAX,
	.policy		= secnet_ktls_fault_policy,
	.ifindex	= SECNET_A_KTLS_FAULT_IFINDEX,
	.ifname		= SECNET_A_KTLS_FAULT_IFNAME,
	.none_given	= "no fault count given (refuse-add or desync)",
};

static int secnet_ktls_get_fault_doit(struct sk_buff *skb,
				      struct genl_info *info)
{
	return secnet_faults_get_doit(&secnet_ktls_faults, info);
}

static int secnet_ktls_get_fault_dumpit(struct sk_buff *skb,
					struct netlink_callback *cb)
{
	return secnet_faults_get_dumpit(&secnet_ktls_faults, skb, cb);
}

static int secnet_ktls_set_fault_doit(struct sk_buff *skb,
				      struct genl_info *info)
{
	return secnet_faults_set_doit(&secnet_ktls_faults, info);
}

const struct secnet_cmd_ops secnet_ktls_cmd_ops[] = {
	{
		.cmd	= SECNET_CMD_KTLS_GET_CONN,
		.dumpit	= secnet_ktls_get_conn_dumpit,
	},
	{
		.cmd	= SECNET_CMD_KTLS_GET_FAULT,
		.doit	= secnet_ktls_get_fault_doit,
		.dumpit	= secnet_ktls_get_fault_dumpit,
	},
	{
		.cmd	= SECNET_CMD_KTLS_SET_FAULT,
		.doit	= secnet_ktls_set_fault_doit,
	},
};

const unsigned int secnet_ktls_n_cmd_ops = ARRAY_SIZE(secnet_ktls_cmd_ops);
