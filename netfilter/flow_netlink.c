// SPDX-License-Identifier: GPL-2.0
/*
 * Flows over netlink: the dump of a netns' flows and the ending of those a
 * filter picks (SECNET_CMD_NF_GET_FLOW, _DEL_FLOW), and their events on the
 * "flows" group.
 */

#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_labels.h>

#include "flow.h"

static const struct nla_policy
secnet_nf_tuple_policy[SECNET_A_NF_TUPLE_MAX + 1] = {
	[SECNET_A_NF_TUPLE_SRC]		= { .type = NLA_BINARY, .len = 16 },
	[SECNET_A_NF_TUPLE_DST]		= { .type = NLA_BINARY, .len = 16 },
	[SECNET_A_NF_TUPLE_SPORT]	= { .type = NLA_U16 },
	[SECNET_A_NF_TUPLE_DPORT]	= { .type = NLA_U16 },
	[SECNET_A_NF_TUPLE_SRC_LEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[SECNET_A_NF_TUPLE_DST_LEN]	= NLA_POLICY_MAX(NLA_U8, 128),
};

/* What a filter may give; the rest of SECNET_A_NF_FLOW is for replies. */
static const struct nla_policy
secnet_nf_flow_policy[SECNET_A_NF_FLOW_MAX + 1] = {
	[SECNET_A_NF_FLOW_ID]		= NLA_POLICY_MIN(NLA_U32, 1),
	[SECNET_A_NF_FLOW_FAMILY]	= NLA_POLICY_RANGE(NLA_U8,
							   SECNET_NF_FAMILY_IPV4,
							   SECNET_NF_FAMILY_IPV6),
	[SECNET_A_NF_FLOW_PROTO]	= { .type = NLA_U8 },
	[SECNET_A_NF_FLOW_ORIG]		=
		NLA_POLICY_NESTED(secnet_nf_tuple_policy),
	[SECNET_A_NF_FLOW_REPLY]	=
		NLA_POLICY_NESTED(secnet_nf_tuple_policy),
	[SECNET_A_NF_FLOW_STATE]	=
		NLA_POLICY_MASK(NLA_U8, SECNET_NF_CT_NEW |
					SECNET_NF_CT_ESTABLISHED),
	[SECNET_A_NF_FLOW_RULE]		= { .type = NLA_U32 },
	[SECNET_A_NF_FLOW_LABEL]	=
		NLA_POLICY_MAX(NLA_U8, SECNET_NF_LABEL_BITS - 1),
};

/* One direction's tuple in a filter. */
struct secnet_nf_tuple_filter {
	__be32 src[4], smask[4];
	__be32 dst[4], dmask[4];
	u16 sport, dport;
	bool has_sport, has_dport;
};

/* Which flows a request is about: zero fields match anything. */
struct secnet_nf_flow_filter {
	u32 id;
	u8 family;
	u8 proto;
	u8 state;
	bool has_rule;
	u32 rule;
	int label;
	struct secnet_nf_tuple_filter t[IP_CT_DIR_MAX];
};

/*
 * Conntrack's id as conntrack(8) shows it: ctnetlink puts the number in
 * CTA_ID unswapped, and the tool reads it as big-endian.
 */
static u32 secnet_nf_flow_id(const struct nf_conn *ct)
{
	return be32_to_cpu((__force __be32)nf_ct_get_id(ct));
}

static u8 secnet_nf_flow_family(const struct nf_conn *ct)
{
	return nf_ct_l3num(ct) == NFPROTO_IPV4 ? SECNET_NF_FAMILY_IPV4 :
						 SECNET_NF_FAMILY_IPV6;
}

static bool secnet_nf_flow_has_ports(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
	case IPPROTO_DCCP:
		return true;
	}
	return false;
}

static bool secnet_nf_flow_is_icmp(u8 proto)
{
	return proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6;
}

/* An address and prefix length of a filter's tuple; 0 or -EINVAL. */
static int secnet_nf_flow_parse_addr(struct nlattr **tb, int a_addr,
				     int a_len, u8 *family, __be32 *addr,
				     __be32 *mask,
				     struct netlink_ext_ack *extack)
{
	unsigned int bytes, bits;

	if (!tb[a_addr]) {
		if (tb[a_len]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[a_len],
					    "prefix length: needs an address");
			return -EINVAL;
		}
		return 0;
	}
	bytes = nla_len(tb[a_addr]);
	if (bytes != 4 && bytes != 16) {
		NL_SET_ERR_MSG_ATTR(extack, tb[a_addr],
				    "address: 4 or 16 bytes");
		return -EINVAL;
	}
	if (*family && *family != (bytes == 4 ? SECNET_NF_FAMILY_IPV4 :
						SECNET_NF_FAMILY_IPV6)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[a_addr],
				    "address: not of the filter's family");
		return -EINVAL;
	}
	*family = bytes == 4 ? SECNET_NF_FAMILY_IPV4 : SECNET_NF_FAMILY_IPV6;
	bits = tb[a_len] ? nla_get_u8(tb[a_len]) : bytes * 8;
	if (bits > bytes * 8) {
		NL_SET_ERR_MSG_ATTR(extack, tb[a_len],
				    "prefix length: longer than the address");
		return -EINVAL;
	}
	memcpy(addr, nla_data(tb[a_addr]), bytes);
	secnet_nf_prefix_mask(mask, bits);
	return 0;
}

static int secnet_nf_flow_parse_tuple(const struct nlattr *nest,
				      struct secnet_nf_flow_filter *f,
				      struct secnet_nf_tuple_filter *t,
				      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SECNET_A_NF_TUPLE_MAX + 1];
	int err;

	if (!nest)
		return 0;
	err = nla_parse_nested(tb, SECNET_A_NF_TUPLE_MAX, nest,
			       secnet_nf_tuple_policy, extack);
	if (err)
		return err;
	err = secnet_nf_flow_parse_addr(tb, SECNET_A_NF_TUPLE_SRC,
					SECNET_A_NF_TUPLE_SRC_LEN, &f->family,
					t->src, t->smask, extack) ?:
	      secnet_nf_flow_parse_addr(tb, SECNET_A_NF_TUPLE_DST,
					SECNET_A_NF_TUPLE_DST_LEN, &f->family,
					t->dst, t->dmask, extack);
	if (err)
		return err;
	if (tb[SECNET_A_NF_TUPLE_SPORT]) {
		t->has_sport = true;
		t->sport = nla_get_u16(tb[SECNET_A_NF_TUPLE_SPORT]);
	}
	if (tb[SECNET_A_NF_TUPLE_DPORT]) {
		t->has_dport = true;
		t->dport = nla_get_u16(tb[SECNET_A_NF_TUPLE_DPORT]);
	}
	return 0;
}

/* The filter of a request's SECNET_A_NF_FLOW, if any, into @f. */
static int secnet_nf_flow_parse_filter(struct nlattr **attrs,
				       struct secnet_nf_flow_filter *f,
				       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SECNET_A_NF_FLOW_MAX + 1];
	unsigned int type;
	int err;

	memset(f, 0, sizeof(*f));
	f->label = -1;
	err = secnet_nl_parse_nest(attrs, SECNET_A_NF_FLOW,
				   SECNET_A_NF_FLOW_MAX, secnet_nf_flow_policy,
				   tb, extack);
	if (err)
		return err;
	for (type = 0; type <= SECNET_A_NF_FLOW_MAX; type++) {
		if (tb[type] && !secnet_nf_flow_policy[type].type) {
			NL_SET_ERR_MSG_ATTR(extack, tb[type],
					    "not a filter: only id, family, proto, state, rule, label and the tuples select flows");
			return -EINVAL;
		}
	}
	if (tb[SECNET_A_NF_FLOW_ID])
		f->id = nla_get_u32(tb[SECNET_A_NF_FLOW_ID]);
	if (tb[SECNET_A_NF_FLOW_FAMILY])
		f->family = nla_get_u8(tb[SECNET_A_NF_FLOW_FAMILY]);
	if (tb[SECNET_A_NF_FLOW_PROTO])
		f->proto = nla_get_u8(tb[SECNET_A_NF_FLOW_PROTO]);
	if (tb[SECNET_A_NF_FLOW_STATE])
		f->state = nla_get_u8(tb[SECNET_A_NF_FLOW_STATE]);
	if (tb[SECNET_A_NF_FLOW_RULE]) {
		f->has_rule = true;
		f->rule = nla_get_u32(tb[SECNET_A_NF_FLOW_RULE]);
	}
	if (tb[SECNET_A_NF_FLOW_LABEL])
		f->label = nla_get_u8(tb[SECNET_A_NF_FLOW_LABEL]);
	return secnet_nf_flow_parse_tuple(tb[SECNET_A_NF_FLOW_ORIG], f,
					  &f->t[IP_CT_DIR_ORIGINAL], extack) ?:
	       secnet_nf_flow_parse_tuple(tb[SECNET_A_NF_FLOW_REPLY], f,
					  &f->t[IP_CT_DIR_REPLY], extack);
}

static u8 secnet_nf_flow_state(const struct nf_conn *ct)
{
	return test_bit(IPS_SEEN_REPLY_BIT, &ct->status) ?
	       SECNET_NF_CT_ESTABLISHED : SECNET_NF_CT_NEW;
}

/* The port of a tuple's side as a filter and the dump see it; -1: none. */
static int secnet_nf_tuple_port(const struct nf_conntrack_tuple *t, bool src)
{
	u8 proto = t->dst.protonum;

	if (secnet_nf_flow_has_ports(proto))
		return ntohs(src ? t->src.u.all : t->dst.u.all);
	if (secnet_nf_flow_is_icmp(proto) && src)
		return ntohs(t->src.u.icmp.id);
	return -1;
}

static bool secnet_nf_tuple_match(const struct secnet_nf_tuple_filter *f,
				  const struct nf_conntrack_tuple *t, bool v6)
{
	return secnet_nf_prefix(t->src.u3.ip6, f->src, f->smask, v6) &&
	       secnet_nf_prefix(t->dst.u3.ip6, f->dst, f->dmask, v6) &&
	       (!f->has_sport || secnet_nf_tuple_port(t, true) == f->sport) &&
	       (!f->has_dport || secnet_nf_tuple_port(t, false) == f->dport);
}

/* The rule that accepted @flow: its handle, and 1 + its hook index. */
static u32 secnet_nf_flow_rule(const struct secnet_nf_flow *flow, u8 *hook)
{
	u64 accepted = READ_ONCE(flow->accepted);

	*hook = upper_32_bits(accepted);
	return lower_32_bits(accepted);
}

static bool secnet_nf_flow_match(const struct secnet_nf_flow_filter *f,
				 const struct secnet_nf_flow *flow)
{
	const struct nf_conn *ct = flow->ct;
	bool v6 = nf_ct_l3num(ct) == NFPROTO_IPV6;
	struct nf_conn_labels *labels;
	u8 hook;
	int dir;

	/* What conntrack no longer lists is no flow any more. */
	if (!nf_ct_is_confirmed(ct) || nf_ct_is_dying(ct) ||
	    nf_ct_is_expired(ct))
		return false;
	if ((f->id && secnet_nf_flow_id(ct) != f->id) ||
	    (f->family && secnet_nf_flow_family(ct) != f->family) ||
	    (f->proto && nf_ct_protonum(ct) != f->proto) ||
	    (f->state && !(secnet_nf_flow_state(ct) & f->state)) ||
	    (f->has_rule && (secnet_nf_flow_rule(flow, &hook) != f->rule ||
			     !hook)))
		return false;
	if (f->label >= 0) {
		labels = nf_ct_labels_find(ct);
		if (!labels || !test_bit(f->label, labels->bits))
			return false;
	}
	for (dir = 0; dir < IP_CT_DIR_MAX; dir++)
		if (!secnet_nf_tuple_match(&f->t[dir],
					   &ct->tuplehash[dir].tuple, v6))
			return false;
	return true;
}

static int secnet_nf_flow_put_tuple(struct sk_buff *skb, int type,
				    const struct nf_conntrack_tuple *t,
				    bool v6)
{
	unsigned int len = v6 ? 16 : 4;
	struct nlattr *nest;
	int sport = secnet_nf_tuple_port(t, true);
	int dport = secnet_nf_tuple_port(t, false);

	nest = nla_nest_start(skb, type);
	if (!nest ||
	    nla_put(skb, SECNET_A_NF_TUPLE_SRC, len, t->src.u3.all) ||
	    nla_put(skb, SECNET_A_NF_TUPLE_DST, len, t->dst.u3.all) ||
	    (sport >= 0 && nla_put_u16(skb, SECNET_A_NF_TUPLE_SPORT, sport)) ||
	    (dport >= 0 && nla_put_u16(skb, SECNET_A_NF_TUPLE_DPORT, dport)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int secnet_nf_flow_put_labels(struct sk_buff *skb,
				     const struct nf_conn *ct)
{
	struct nf_conn_labels *labels = nf_ct_labels_find(ct);

	if (!labels || bitmap_empty(labels->bits, SECNET_NF_LABEL_BITS))
		return 0;
	return nla_put(skb, SECNET_A_NF_FLOW_LABELS, sizeof(labels->bits),
		       labels->bits);
}

static int secnet_nf_flow_put_counts(struct sk_buff *skb,
				     const struct secnet_nf_flow *flow)
{
	static const int attrs[IP_CT_DIR_MAX][2] = {
		{ SECNET_A_NF_FLOW_PACKETS_ORIG, SECNET_A_NF_FLOW_BYTES_ORIG },
		{ SECNET_A_NF_FLOW_PACKETS_REPLY, SECNET_A_NF_FLOW_BYTES_REPLY },
	};
	int dir;

	for (dir = 0; dir < IP_CT_DIR_MAX; dir++)
		if (nla_put_u64_64bit(skb, attrs[dir][0],
				      atomic64_read(&flow->packets[dir]),
				      SECNET_A_NF_FLOW_PAD) ||
		    nla_put_u64_64bit(skb, attrs[dir][1],
				      atomic64_read(&flow->bytes[dir]),
				      SECNET_A_NF_FLOW_PAD))
			return -EMSGSIZE;
	return 0;
}

static int secnet_nf_flow_fill(struct sk_buff *skb,
			       const struct secnet_nf_flow *flow)
{
	const struct nf_conn *ct = flow->ct;
	bool v6 = nf_ct_l3num(ct) == NFPROTO_IPV6;
	u8 proto = nf_ct_protonum(ct);
	struct nlattr *nest;
	u32 rule;
	u8 hook;

	rule = secnet_nf_flow_rule(flow, &hook);
	nest = nla_nest_start(skb, SECNET_A_NF_FLOW);
	if (!nest ||
	    nla_put_u32(skb, SECNET_A_NF_FLOW_ID, secnet_nf_flow_id(ct)) ||
	    nla_put_u8(skb, SECNET_A_NF_FLOW_FAMILY,
		       secnet_nf_flow_family(ct)) ||
	    nla_put_u8(skb, SECNET_A_NF_FLOW_PROTO, proto) ||
	    secnet_nf_flow_put_tuple(skb, SECNET_A_NF_FLOW_ORIG,
				     &ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple,
				     v6) ||
	    secnet_nf_flow_put_tuple(skb, SECNET_A_NF_FLOW_REPLY,
				     &ct->tuplehash[IP_CT_DIR_REPLY].tuple,
				     v6) ||
	    nla_put_u8(skb, SECNET_A_NF_FLOW_STATE, secnet_nf_flow_state(ct)) ||
	    (proto == IPPROTO_TCP &&
	     nla_put_u8(skb, SECNET_A_NF_FLOW_TCP_STATE,
			READ_ONCE(ct->proto.tcp.state))) ||
	    nla_put_u32(skb, SECNET_A_NF_FLOW_TIMEOUT,
			nf_ct_expires(ct) / HZ) ||
	    (hook && (nla_put_u8(skb, SECNET_A_NF_FLOW_HOOK, hook) ||
		      nla_put_u32(skb, SECNET_A_NF_FLOW_RULE, rule))) ||
	    nla_put_u8(skb, SECNET_A_NF_FLOW_VERDICT, READ_ONCE(flow->verdict)) ||
	    nla_put_u32(skb, SECNET_A_NF_FLOW_MARK, READ_ONCE(ct->mark)) ||
	    secnet_nf_flow_put_labels(skb, ct) ||
	    secnet_nf_flow_put_counts(skb, flow))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

void secnet_nf_flow_notify(struct net *net, const struct secnet_nf_flow *flow,
			   u8 event, gfp_t gfp)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	if (!secnet_has_listeners(net, SECNET_GROUP_FLOWS))
		return;
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, gfp);
	if (!msg)
		goto lost;
	hdr = secnet_msg_put(msg, 0, 0, 0, SECNET_CMD_NF_FLOW_NTF);
	if (!hdr)
		goto free;
	nest = nla_nest_start(msg, SECNET_A_NF_EVENT);
	if (!nest || nla_put_u8(msg, SECNET_A_NF_EVENT_TYPE, event))
		goto free;
	nla_nest_end(msg, nest);
	if (secnet_nf_flow_fill(msg, flow))
		goto free;
	genlmsg_end(msg, hdr);
	secnet_notify(net, SECNET_GROUP_FLOWS, msg, gfp);
	return;
free:
	nlmsg_free(msg);
lost:
	secnet_notify_lost(net, SECNET_GROUP_FLOWS);
}

/* cb->args[1]: the id to go on from. */
int secnet_nf_get_flow_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct secnet_nf_flows *fl = &secnet_nf_net(sock_net(skb->sk))->flows;
	struct secnet_nf_flow_filter f;
	struct secnet_nf_flow *flow;
	unsigned long id = cb->args[1];
	void *hdr;
	int err;

	err = secnet_nf_flow_parse_filter(genl_dumpit_info(cb)->attrs, &f,
					  cb->extack);
	if (err)
		return err;
	mutex_lock(&fl->end_lock);
	xa_for_each_start(&fl->ids, id, flow, id) {
		if (!secnet_nf_flow_match(&f, flow))
			continue;
		hdr = secnet_dump_put(skb, cb, SECNET_CMD_NF_GET_FLOW);
		if (!hdr)
			break;
		if (secnet_nf_flow_fill(skb, flow)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[1] = id + 1;
	}
	mutex_unlock(&fl->end_lock);
	return skb->len;
}

int secnet_nf_del_flow_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct secnet_nf_flows *fl = &secnet_nf_net(net)->flows;
	struct secnet_nf_flow_filter f;
	struct secnet_nf_flow *flow;
	struct nlattr *nest;
	struct sk_buff *msg;
	unsigned long id;
	u32 ended = 0;
	void *hdr;
	int err;

	err = secnet_nf_flow_parse_filter(info->attrs, &f, info->extack);
	if (err)
		return err;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&fl->end_lock);
	xa_for_each(&fl->ids, id, flow) {
		if (!secnet_nf_flow_match(&f, flow))
			continue;
		nf_ct_delete(flow->ct, info->snd_portid,
			     nlmsg_report(info->nlhdr));
		secnet_nf_flow_end(net, flow);
		ended++;
		cond_resched();
	}
	mutex_unlock(&fl->end_lock);
	hdr = secnet_msg_put(msg, info->snd_portid, info->snd_seq, 0,
			     SECNET_CMD_NF_DEL_FLOW);
	nest = hdr ? nla_nest_start(msg, SECNET_A_NF_FLOW) : NULL;
	if (!nest || nla_put_u32(msg, SECNET_A_NF_FLOW_COUNT, ended)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}
