// SPDX-License-Identifier: GPL-2.0
/*
 * The "ktls" subsystem's commands: the connections the devices hold (never
 * a key or a salt), and each device's fault injection.  The control path
 * publishes connections on the device's list with RCU and frees them after
 * a grace period, so the dump reads the list under RCU alone.
 */

#include <linux/netdevice.h>
#include <linux/rcupdate.h>
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

#define SECNET_KTLS_NO_DEV	"dev: no secnet device with this index"

/* The kTLS state of the secnet device @ifindex in @net, under RCU, or NULL. */
static struct secnet_ktls_dev *secnet_ktls_nl_dev(struct net *net, u32 ifindex)
{
	struct net_device *dev;

	dev = dev_get_by_index_rcu(net, ifindex);
	if (!dev || !secnet_is_device(dev))
		return NULL;
	return secnet_offload_priv(dev, SECNET_OFFLOAD_KTLS);
}

/* What the engines change of a connection, read at one time. */
struct secnet_ktls_conn_state {
	u32 next_seq;
	u64 rcd_sn;
	bool synced;
	u64 records;
	u64 bytes;
	u64 resyncs;
};

static int secnet_ktls_put_addr(struct sk_buff *skb, int type, u16 family,
				const struct in6_addr *addr)
{
	if (family == AF_INET)
		return nla_put_in_addr(skb, type, addr->s6_addr32[3]);
	return nla_put_in6_addr(skb, type, addr);
}

static int secnet_ktls_fill_conn(struct sk_buff *skb, struct net_device *dev,
				 struct secnet_ktls_conn *c)
{
	bool rx = c->dir == TLS_OFFLOAD_CTX_DIR_RX;
	struct secnet_ktls_conn_state s;
	struct nlattr *nest;

	/* The data path updates these in BH, one flow at a time. */
	spin_lock_bh(&c->lock);
	s.next_seq = c->next_seq;
	s.rcd_sn = c->rcd_sn;
	s.synced = c->synced;
	s.records = c->records;
	s.bytes = c->bytes;
	s.resyncs = c->resyncs;
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
	    nla_put_u32(skb, SECNET_A_KTLS_CONN_NEXT_SEQ, s.next_seq) ||
	    nla_put_u64_64bit(skb, SECNET_A_KTLS_CONN_RECORD_SN, s.rcd_sn,
			      SECNET_A_KTLS_CONN_PAD) ||
	    (rx && s.synced && nla_put_flag(skb, SECNET_A_KTLS_CONN_SYNCED)) ||
	    nla_put_u64_64bit(skb, SECNET_A_KTLS_CONN_RECORDS, s.records,
			      SECNET_A_KTLS_CONN_PAD) ||
	    nla_put_u64_64bit(skb, SECNET_A_KTLS_CONN_BYTES, s.bytes,
			      SECNET_A_KTLS_CONN_PAD) ||
	    nla_put_u64_64bit(skb, SECNET_A_KTLS_CONN_RESYNCS, s.resyncs,
			      SECNET_A_KTLS_CONN_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * cb->args[1]: secnet devices of the namespace done; args[2]: connections
 * of the next one done; args[3]: the device asked for, or 0.
 */
static int secnet_ktls_get_conn_dumpit(struct sk_buff *skb,
				       struct netlink_callback *cb)
{
	struct nlattr **attrs = genl_dumpit_info(cb)->attrs;
	struct nlattr *tb[SECNET_A_KTLS_CONN_MAX + 1];
	struct net *net = sock_net(skb->sk);
	struct secnet_ktls_conn *c;
	struct secnet_ktls_dev *kd;
	struct net_device *dev;
	long didx = 0, idx;
	void *hdr;
	int err;

	err = secnet_nl_parse_nest(attrs, SECNET_A_KTLS_CONN,
				   SECNET_A_KTLS_CONN_MAX,
				   secnet_ktls_conn_req_policy, tb, cb->extack);
	if (err)
		return err;
	rcu_read_lock();
	if (tb[SECNET_A_KTLS_CONN_IFINDEX]) {
		cb->args[3] = nla_get_u32(tb[SECNET_A_KTLS_CONN_IFINDEX]);
		if (!secnet_ktls_nl_dev(net, cb->args[3])) {
			rcu_read_unlock();
			NL_SET_ERR_MSG_ATTR(cb->extack,
					    tb[SECNET_A_KTLS_CONN_IFINDEX],
					    SECNET_KTLS_NO_DEV);
			return -ENODEV;
		}
	}
	for_each_netdev_rcu(net, dev) {
		if (!secnet_is_device(dev) ||
		    (cb->args[3] && dev->ifindex != cb->args[3]))
			continue;
		kd = secnet_offload_priv(dev, SECNET_OFFLOAD_KTLS);
		if (!kd || didx++ < cb->args[1])
			continue;
		idx = 0;
		list_for_each_entry_rcu(c, &kd->conns, node) {
			if (idx++ < cb->args[2])
				continue;
			hdr = secnet_dump_put(skb, cb, SECNET_CMD_KTLS_GET_CONN);
			if (!hdr)
				goto out;
			if (secnet_ktls_fill_conn(skb, dev, c)) {
				genlmsg_cancel(skb, hdr);
				goto out;
			}
			genlmsg_end(skb, hdr);
			cb->args[2] = idx;
		}
		cb->args[1] = didx;
		cb->args[2] = 0;
	}
out:
	rcu_read_unlock();
	return skb->len;
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
