// SPDX-License-Identifier: GPL-2.0
/*
 * The "netfilter" subsystem's commands: rules one at a time, hooks and
 * their policies.  The atomic load of a whole ruleset is in load.c.
 */

#include <kunit/visibility.h>
#include <linux/ktime.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "secnet_nf.h"

static const struct nla_policy
secnet_nf_rule_policy[SECNET_A_NF_RULE_MAX + 1] = {
	[SECNET_A_NF_RULE_HANDLE]	= NLA_POLICY_MIN(NLA_U32, 1),
	[SECNET_A_NF_RULE_HOOK]		= NLA_POLICY_RANGE(NLA_U8, 1,
							   SECNET_NF_HOOK_MAX),
	[SECNET_A_NF_RULE_FAMILY]	= NLA_POLICY_MAX(NLA_U8,
							 SECNET_NF_FAMILY_MAX),
	[SECNET_A_NF_RULE_SRC]		= { .type = NLA_BINARY, .len = 16 },
	[SECNET_A_NF_RULE_SRC_LEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[SECNET_A_NF_RULE_DST]		= { .type = NLA_BINARY, .len = 16 },
	[SECNET_A_NF_RULE_DST_LEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[SECNET_A_NF_RULE_PROTO]	= { .type = NLA_U8 },
	[SECNET_A_NF_RULE_SPORT_LO]	= { .type = NLA_U16 },
	[SECNET_A_NF_RULE_SPORT_HI]	= { .type = NLA_U16 },
	[SECNET_A_NF_RULE_DPORT_LO]	= { .type = NLA_U16 },
	[SECNET_A_NF_RULE_DPORT_HI]	= { .type = NLA_U16 },
	[SECNET_A_NF_RULE_TCP_FLAGS]	= { .type = NLA_U8 },
	[SECNET_A_NF_RULE_TCP_FLAGS_MASK] = { .type = NLA_U8 },
	[SECNET_A_NF_RULE_ICMP_TYPE]	= { .type = NLA_U8 },
	[SECNET_A_NF_RULE_ICMP_CODE]	= { .type = NLA_U8 },
	[SECNET_A_NF_RULE_IIF]		= { .type = NLA_NUL_STRING,
					    .len = IFNAMSIZ - 1 },
	[SECNET_A_NF_RULE_OIF]		= { .type = NLA_NUL_STRING,
					    .len = IFNAMSIZ - 1 },
	[SECNET_A_NF_RULE_CT_STATE]	= NLA_POLICY_MASK(NLA_U32,
							  SECNET_NF_CT_ALL),
	[SECNET_A_NF_RULE_ACTION]	= NLA_POLICY_RANGE(NLA_U8, 1,
							   SECNET_NF_ACTION_MAX),
	[SECNET_A_NF_RULE_LINE]		= { .type = NLA_U32 },
	[SECNET_A_NF_RULE_BEFORE]	= NLA_POLICY_MIN(NLA_U32, 1),
	[SECNET_A_NF_RULE_AFTER]	= NLA_POLICY_MIN(NLA_U32, 1),
	/* Labels up to 255 pass, for secnet_nf_parse_ct_meta() to name. */
	[SECNET_A_NF_RULE_CT_LABEL]	= { .type = NLA_U8 },
	[SECNET_A_NF_RULE_CT_MARK]	= { .type = NLA_U32 },
	[SECNET_A_NF_RULE_CT_MARK_MASK]	= { .type = NLA_U32 },
	[SECNET_A_NF_RULE_SET_LABEL]	= { .type = NLA_U8 },
	[SECNET_A_NF_RULE_SET_MARK]	= { .type = NLA_U32 },
	[SECNET_A_NF_RULE_LIMIT]	= { .type = NLA_NESTED },
	[SECNET_A_NF_RULE_CT_COUNT]	= { .type = NLA_NESTED },
	[SECNET_A_NF_RULE_LOG]		= { .type = NLA_FLAG },
	[SECNET_A_NF_RULE_SRC_SET]	= { .type = NLA_NUL_STRING,
					    .len = SECNET_NF_SET_NAME_LEN - 1 },
	[SECNET_A_NF_RULE_DST_SET]	= { .type = NLA_NUL_STRING,
					    .len = SECNET_NF_SET_NAME_LEN - 1 },
};

const struct nla_policy secnet_nf_hook_policy[SECNET_A_NF_HOOK_MAX + 1] = {
	[SECNET_A_NF_HOOK_HOOK]		= NLA_POLICY_RANGE(NLA_U8, 1,
							   SECNET_NF_HOOK_MAX),
	[SECNET_A_NF_HOOK_POLICY]	= NLA_POLICY_RANGE(NLA_U8,
							   SECNET_NF_ACTION_ACCEPT,
							   SECNET_NF_ACTION_DROP),
};

/*
 * The field of a rule each attribute is, by the keyword secnetctl's rules
 * and ruleset files give it (both of a pair: "dport" is DPORT_LO and
 * DPORT_HI), for error messages.
 */
static const char *const secnet_nf_rule_attr_names[SECNET_A_NF_RULE_MAX + 1] = {
	[SECNET_A_NF_RULE_HANDLE]	= "handle",
	[SECNET_A_NF_RULE_HOOK]		= "hook",
	[SECNET_A_NF_RULE_FAMILY]	= "family",
	[SECNET_A_NF_RULE_SRC]		= "src",
	[SECNET_A_NF_RULE_SRC_LEN]	= "src",
	[SECNET_A_NF_RULE_DST]		= "dst",
	[SECNET_A_NF_RULE_DST_LEN]	= "dst",
	[SECNET_A_NF_RULE_PROTO]	= "proto",
	[SECNET_A_NF_RULE_SPORT_LO]	= "sport",
	[SECNET_A_NF_RULE_SPORT_HI]	= "sport",
	[SECNET_A_NF_RULE_DPORT_LO]	= "dport",
	[SECNET_A_NF_RULE_DPORT_HI]	= "dport",
	[SECNET_A_NF_RULE_TCP_FLAGS]	= "tcp-flags",
	[SECNET_A_NF_RULE_TCP_FLAGS_MASK] = "tcp-flags",
	[SECNET_A_NF_RULE_ICMP_TYPE]	= "icmp-type",
	[SECNET_A_NF_RULE_ICMP_CODE]	= "icmp-code",
	[SECNET_A_NF_RULE_IIF]		= "iif",
	[SECNET_A_NF_RULE_OIF]		= "oif",
	[SECNET_A_NF_RULE_CT_STATE]	= "ct-state",
	[SECNET_A_NF_RULE_ACTION]	= "action",
	[SECNET_A_NF_RULE_LINE]		= "line",
	[SECNET_A_NF_RULE_BEFORE]	= "before",
	[SECNET_A_NF_RULE_AFTER]	= "after",
	[SECNET_A_NF_RULE_CT_LABEL]	= "ct-label",
	[SECNET_A_NF_RULE_CT_MARK]	= "ct-mark",
	[SECNET_A_NF_RULE_CT_MARK_MASK]	= "ct-mark",
	[SECNET_A_NF_RULE_SET_LABEL]	= "set-label",
	[SECNET_A_NF_RULE_SET_MARK]	= "set-mark",
	[SECNET_A_NF_RULE_LIMIT]	= "limit",
	[SECNET_A_NF_RULE_CT_COUNT]	= "ct-count",
	[SECNET_A_NF_RULE_LOG]		= "log",
	[SECNET_A_NF_RULE_SRC_SET]	= "src",
	[SECNET_A_NF_RULE_DST_SET]	= "dst",
};

const char *secnet_nf_rule_attr_name(const struct nlattr *nest,
				     const struct nlattr *bad)
{
	const struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem)
		if (a == bad && nla_type(a) <= SECNET_A_NF_RULE_MAX)
			return secnet_nf_rule_attr_names[nla_type(a)];
	return NULL;
}

#define SECNET_NF_FAIL(attr, msg) ({					\
	NL_SET_ERR_MSG_ATTR(extack, (attr), msg);		\
	-EINVAL;							\
})

/* The same for one of a pair of fields: source (@src) or destination. */
#define SECNET_NF_FAIL2(attr, src, s, d) ({				\
	const struct nlattr *__attr = (attr);				\
	(src) ? SECNET_NF_FAIL(__attr, s) : SECNET_NF_FAIL(__attr, d);	\
})

#define SECNET_NF_PORTS "needs proto tcp, udp, udplite, sctp or dccp"

u32 secnet_nf_rule_line(const struct nlattr *nest)
{
	const struct nlattr *a = nla_find_nested(nest, SECNET_A_NF_RULE_LINE);

	return a && nla_len(a) == sizeof(u32) ? nla_get_u32(a) : 0;
}

/* An address and prefix length into @addr and @mask; 0 or -EINVAL. */
static int secnet_nf_parse_prefix(struct nlattr **tb, int a_addr, int a_len,
				  u8 *family, __be32 *addr, __be32 *mask,
				  u8 *plen, struct netlink_ext_ack *extack)
{
	const struct nlattr *attr = tb[a_addr];
	unsigned int bits, i, len;
	u8 fam;

	bool src = a_addr == SECNET_A_NF_RULE_SRC;

	if (!attr) {
		if (tb[a_len])
			return SECNET_NF_FAIL2(tb[a_len], src,
					       "src: a prefix length without an address",
					       "dst: a prefix length without an address");
		return 0;
	}
	len = nla_len(attr);
	if (len != 4 && len != 16)
		return SECNET_NF_FAIL2(attr, src,
				       "src: not 4 (IPv4) or 16 (IPv6) bytes",
				       "dst: not 4 (IPv4) or 16 (IPv6) bytes");
	fam = len == 4 ? SECNET_NF_FAMILY_IPV4 : SECNET_NF_FAMILY_IPV6;
	if (*family && *family != fam)
		return SECNET_NF_FAIL2(attr, src,
				       "src: not of the rule's family",
				       "dst: not of the rule's family (family or src)");
	*family = fam;
	bits = len * 8;
	*plen = tb[a_len] ? nla_get_u8(tb[a_len]) : bits;
	if (*plen > bits)
		return SECNET_NF_FAIL2(tb[a_len], src,
				       "src: prefix length longer than the address",
				       "dst: prefix length longer than the address");
	memcpy(addr, nla_data(attr), len);
	secnet_nf_prefix_mask(mask, *plen);
	for (i = 0; i < 4; i++)
		if (addr[i] & ~mask[i])
			return SECNET_NF_FAIL2(attr, src,
					       "src: host bits set beyond the prefix length",
					       "dst: host bits set beyond the prefix length");
	return 0;
}

static bool secnet_nf_proto_has_ports(u8 proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_UDPLITE || proto == IPPROTO_SCTP ||
	       proto == IPPROTO_DCCP;
}

/*
 * A source (@src) or destination port range, if given; one end alone is a
 * single port.
 */
static int secnet_nf_parse_ports(struct nlattr **tb, bool src,
				 struct secnet_nf_match *m,
				 struct netlink_ext_ack *extack)
{
	int a_lo = src ? SECNET_A_NF_RULE_SPORT_LO : SECNET_A_NF_RULE_DPORT_LO;
	int a_hi = src ? SECNET_A_NF_RULE_SPORT_HI : SECNET_A_NF_RULE_DPORT_HI;
	u16 *lo = src ? &m->sport_lo : &m->dport_lo;
	u16 *hi = src ? &m->sport_hi : &m->dport_hi;
	const struct nlattr *attr = tb[a_lo] ?: tb[a_hi];

	if (!attr)
		return 0;
	m->present |= src ? SECNET_NF_M_SPORT : SECNET_NF_M_DPORT;

	*lo = nla_get_u16(attr);
	*hi = tb[a_hi] ? nla_get_u16(tb[a_hi]) : *lo;
	if (!tb[a_lo])
		*lo = *hi;
	if (*hi < *lo)
		return SECNET_NF_FAIL2(tb[a_hi], src,
				       "sport: range is reversed (high end below low end)",
				       "dport: range is reversed (high end below low end)");
	if (!(m->present & SECNET_NF_M_PROTO) ||
	    !secnet_nf_proto_has_ports(m->proto))
		return SECNET_NF_FAIL2(attr, src,
				       "sport: " SECNET_NF_PORTS,
				       "dport: " SECNET_NF_PORTS);
	return 0;
}

static int secnet_nf_parse_l4(struct nlattr **tb, struct secnet_nf_match *m,
			      struct netlink_ext_ack *extack)
{
	const struct nlattr *attr;
	int err;

	err = secnet_nf_parse_ports(tb, true, m, extack) ?:
	      secnet_nf_parse_ports(tb, false, m, extack);
	if (err)
		return err;
	attr = tb[SECNET_A_NF_RULE_TCP_FLAGS] ?: tb[SECNET_A_NF_RULE_TCP_FLAGS_MASK];
	if (attr) {
		if (!(m->present & SECNET_NF_M_PROTO) || m->proto != IPPROTO_TCP)
			return SECNET_NF_FAIL(attr, "tcp-flags: needs proto tcp");
		m->present |= SECNET_NF_M_TCP_FLAGS;
		m->tcp_flags = tb[SECNET_A_NF_RULE_TCP_FLAGS] ?
			       nla_get_u8(tb[SECNET_A_NF_RULE_TCP_FLAGS]) : 0;
		m->tcp_mask = tb[SECNET_A_NF_RULE_TCP_FLAGS_MASK] ?
			      nla_get_u8(tb[SECNET_A_NF_RULE_TCP_FLAGS_MASK]) :
			      m->tcp_flags;
		if (m->tcp_flags & ~m->tcp_mask)
			return SECNET_NF_FAIL(attr, "tcp-flags: flags outside the mask");
	}
	attr = tb[SECNET_A_NF_RULE_ICMP_TYPE] ?: tb[SECNET_A_NF_RULE_ICMP_CODE];
	if (attr) {
		if (!(m->present & SECNET_NF_M_PROTO) ||
		    (m->proto != IPPROTO_ICMP && m->proto != IPPROTO_ICMPV6))
			return SECNET_NF_FAIL2(attr, attr == tb[SECNET_A_NF_RULE_ICMP_TYPE],
					       "icmp-type: needs proto icmp or icmpv6",
					       "icmp-code: needs proto icmp or icmpv6");
	}
	if (tb[SECNET_A_NF_RULE_ICMP_TYPE]) {
		m->present |= SECNET_NF_M_ICMP_TYPE;
		m->icmp_type = nla_get_u8(tb[SECNET_A_NF_RULE_ICMP_TYPE]);
	}
	if (tb[SECNET_A_NF_RULE_ICMP_CODE]) {
		m->present |= SECNET_NF_M_ICMP_CODE;
		m->icmp_code = nla_get_u8(tb[SECNET_A_NF_RULE_ICMP_CODE]);
	}
	return 0;
}

/* The device matches and conntrack, as the hook allows them. */
static int secnet_nf_parse_hook_bound(struct nlattr **tb,
				      struct secnet_nf_rule *r,
				      struct netlink_ext_ack *extack)
{
	struct secnet_nf_match *m = &r->m;
	const struct nlattr *attr;
	bool ingress = r->hook == SECNET_NF_INGRESS;

	attr = tb[SECNET_A_NF_RULE_IIF];
	if (attr) {
		if (r->hook == SECNET_NF_HOOK_OUTPUT - 1 ||
		    r->hook == SECNET_NF_HOOK_POSTROUTING - 1)
			return SECNET_NF_FAIL(attr, "iif: no input device at this hook");
		if (!nla_len(attr) || !*(char *)nla_data(attr))
			return SECNET_NF_FAIL(attr, "iif: empty");
		m->present |= SECNET_NF_M_IIF;
		nla_strscpy(m->iif, attr, IFNAMSIZ);
	} else if (ingress) {
		NL_SET_ERR_MSG(extack,
			       "iif: required at ingress (the device to hook)");
		return -EINVAL;
	}
	attr = tb[SECNET_A_NF_RULE_OIF];
	if (attr) {
		if (r->hook != SECNET_NF_HOOK_FORWARD - 1 &&
		    r->hook != SECNET_NF_HOOK_OUTPUT - 1 &&
		    r->hook != SECNET_NF_HOOK_POSTROUTING - 1)
			return SECNET_NF_FAIL(attr, "oif: no output device at this hook");
		if (!nla_len(attr) || !*(char *)nla_data(attr))
			return SECNET_NF_FAIL(attr, "oif: empty");
		m->present |= SECNET_NF_M_OIF;
		nla_strscpy(m->oif, attr, IFNAMSIZ);
	}
	attr = tb[SECNET_A_NF_RULE_CT_STATE];
	if (attr) {
		if (ingress)
			return SECNET_NF_FAIL(attr,
					      "ct-state: conntrack has not seen packets at ingress");
		m->ct_state = nla_get_u32(attr);
		if (!m->ct_state)
			return SECNET_NF_FAIL(attr, "ct-state: no state given");
		m->present |= SECNET_NF_M_CT_STATE;
	}
	if (ingress && r->action == SECNET_NF_ACTION_REJECT)
		return SECNET_NF_FAIL(tb[SECNET_A_NF_RULE_ACTION],
				      "action: reject is not available at ingress");
	return 0;
}

/* A connlabel bit, 0 to 127: the policy lets a u8 through. */
#define SECNET_NF_LABEL_OK(attr)	(nla_get_u8(attr) < SECNET_NF_LABEL_BITS)

/*
 * The connection's label and mark, matched or set: not at ingress, where
 * conntrack has not seen the packet yet; set only by a rule that lets it
 * through (ACCEPT or CONTINUE).
 */
static int secnet_nf_parse_ct_meta(struct nlattr **tb,
				   struct secnet_nf_rule *r,
				   struct netlink_ext_ack *extack)
{
	const struct nlattr *label = tb[SECNET_A_NF_RULE_CT_LABEL];
	const struct nlattr *mark = tb[SECNET_A_NF_RULE_CT_MARK];
	const struct nlattr *mask = tb[SECNET_A_NF_RULE_CT_MARK_MASK];
	const struct nlattr *set_label = tb[SECNET_A_NF_RULE_SET_LABEL];
	const struct nlattr *set_mark = tb[SECNET_A_NF_RULE_SET_MARK];
	bool ingress = r->hook == SECNET_NF_INGRESS;
	struct secnet_nf_match *m = &r->m;

	if (label) {
		if (ingress)
			return SECNET_NF_FAIL(label,
					      "ct-label: conntrack has not seen packets at ingress");
		if (!SECNET_NF_LABEL_OK(label))
			return SECNET_NF_FAIL(label,
					      "ct-label: not a connlabel bit (0 to 127)");
		m->present |= SECNET_NF_M_CT_LABEL;
		m->ct_label = nla_get_u8(label);
	}
	if (mark || mask) {
		if (ingress)
			return SECNET_NF_FAIL(mark ?: mask,
					      "ct-mark: conntrack has not seen packets at ingress");
		if (!mark)
			return SECNET_NF_FAIL(mask, "ct-mark: a mask without a mark");
		m->ct_mark = nla_get_u32(mark);
		m->ct_mark_mask = mask ? nla_get_u32(mask) : U32_MAX;
		if (m->ct_mark & ~m->ct_mark_mask)
			return SECNET_NF_FAIL(mark, "ct-mark: mark bits outside the mask");
		m->present |= SECNET_NF_M_CT_MARK;
	}
	if (!set_label && !set_mark)
		return 0;
	if (ingress)
		return SECNET_NF_FAIL2(set_label ?: set_mark, set_label,
				       "set-label: conntrack has not seen packets at ingress",
				       "set-mark: conntrack has not seen packets at ingress");
	if (r->action != SECNET_NF_ACTION_ACCEPT &&
	    r->action != SECNET_NF_ACTION_CONTINUE)
		return SECNET_NF_FAIL2(set_label ?: set_mark, set_label,
				       "set-label: needs action accept or continue",
				       "set-mark: needs action accept or continue");
	if (set_label) {
		if (!SECNET_NF_LABEL_OK(set_label))
			return SECNET_NF_FAIL(set_label,
					      "set-label: not a connlabel bit (0 to 127)");
		r->set |= SECNET_NF_SET_LABEL;
		r->set_label = nla_get_u8(set_label);
	}
	if (set_mark) {
		r->set |= SECNET_NF_SET_MARK;
		r->set_mark = nla_get_u32(set_mark);
	}
	return 0;
}

/**
 * secnet_nf_rule_parse - a rule from its nest
 * @nest: SECNET_A_NF_RULE or SECNET_A_NF_LOAD_RULE
 * @r: a new rule, filled in
 * @load: part of a load, where BEFORE and AFTER have no meaning
 * @extack: names the field at fault
 *
 * Return: 0 or -EINVAL.
 */
int secnet_nf_rule_parse(const struct nlattr *nest,
			 struct secnet_nf_rule *r, bool load,
			 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SECNET_A_NF_RULE_MAX + 1];
	struct secnet_nf_match *m = &r->m;
	u8 family = 0;
	int err;

	err = nla_parse_nested(tb, SECNET_A_NF_RULE_MAX, nest,
			       secnet_nf_rule_policy, extack);
	if (err)
		return err;
	if (!tb[SECNET_A_NF_RULE_HOOK]) {
		NL_SET_ERR_MSG(extack, "hook: required");
		return -EINVAL;
	}
	if (!tb[SECNET_A_NF_RULE_ACTION]) {
		NL_SET_ERR_MSG(extack, "action: required");
		return -EINVAL;
	}
	if (load && (tb[SECNET_A_NF_RULE_BEFORE] || tb[SECNET_A_NF_RULE_AFTER]))
		return SECNET_NF_FAIL2(tb[SECNET_A_NF_RULE_BEFORE] ?: tb[SECNET_A_NF_RULE_AFTER],
				       tb[SECNET_A_NF_RULE_BEFORE],
				       "before: not valid in a load (the order is the load's)",
				       "after: not valid in a load (the order is the load's)");
	if (tb[SECNET_A_NF_RULE_BEFORE] && tb[SECNET_A_NF_RULE_AFTER])
		return SECNET_NF_FAIL(tb[SECNET_A_NF_RULE_AFTER],
				      "after: before is given too");
	r->hook = nla_get_u8(tb[SECNET_A_NF_RULE_HOOK]) - 1;
	r->action = nla_get_u8(tb[SECNET_A_NF_RULE_ACTION]);
	if (tb[SECNET_A_NF_RULE_HANDLE])
		r->handle = nla_get_u32(tb[SECNET_A_NF_RULE_HANDLE]);
	if (tb[SECNET_A_NF_RULE_FAMILY])
		family = nla_get_u8(tb[SECNET_A_NF_RULE_FAMILY]);
	err = secnet_nf_parse_prefix(tb, SECNET_A_NF_RULE_SRC,
				     SECNET_A_NF_RULE_SRC_LEN, &family, m->src,
				     m->smask, &m->src_len, extack);
	if (err)
		return err;
	err = secnet_nf_parse_prefix(tb, SECNET_A_NF_RULE_DST,
				     SECNET_A_NF_RULE_DST_LEN, &family, m->dst,
				     m->dmask, &m->dst_len, extack);
	if (err)
		return err;
	m->family = family;
	if (tb[SECNET_A_NF_RULE_SRC])
		m->present |= SECNET_NF_M_SRC;
	if (tb[SECNET_A_NF_RULE_DST])
		m->present |= SECNET_NF_M_DST;
	if (tb[SECNET_A_NF_RULE_PROTO]) {
		m->present |= SECNET_NF_M_PROTO;
		m->proto = nla_get_u8(tb[SECNET_A_NF_RULE_PROTO]);
	}
	err = secnet_nf_parse_l4(tb, m, extack) ?:
	      secnet_nf_parse_hook_bound(tb, r, extack) ?:
	      secnet_nf_parse_ct_meta(tb, r, extack);
	if (err)
		return err;
	if (tb[SECNET_A_NF_RULE_LOG]) {
		r->log = secnet_nf_log_alloc();
		if (!r->log)
			return -ENOMEM;
	}
	return secnet_nf_limit_parse(r, tb[SECNET_A_NF_RULE_LIMIT],
				     tb[SECNET_A_NF_RULE_CT_COUNT], extack);
}

static int secnet_nf_put_prefix(struct sk_buff *skb, const struct secnet_nf_match *m,
				bool src)
{
	unsigned int len = m->family == SECNET_NF_FAMILY_IPV4 ? 4 : 16;

	if (!(m->present & (src ? SECNET_NF_M_SRC : SECNET_NF_M_DST)))
		return 0;
	if (src)
		return nla_put(skb, SECNET_A_NF_RULE_SRC, len, m->src) ||
		       nla_put_u8(skb, SECNET_A_NF_RULE_SRC_LEN, m->src_len);
	return nla_put(skb, SECNET_A_NF_RULE_DST, len, m->dst) ||
	       nla_put_u8(skb, SECNET_A_NF_RULE_DST_LEN, m->dst_len);
}

static int secnet_nf_put_match(struct sk_buff *skb, const struct secnet_nf_match *m)
{
	u16 has = m->present;

	if ((m->family && nla_put_u8(skb, SECNET_A_NF_RULE_FAMILY, m->family)) ||
	    secnet_nf_put_prefix(skb, m, true) ||
	    secnet_nf_put_prefix(skb, m, false) ||
	    ((has & SECNET_NF_M_PROTO) &&
	     nla_put_u8(skb, SECNET_A_NF_RULE_PROTO, m->proto)) ||
	    ((has & SECNET_NF_M_SPORT) &&
	     (nla_put_u16(skb, SECNET_A_NF_RULE_SPORT_LO, m->sport_lo) ||
	      nla_put_u16(skb, SECNET_A_NF_RULE_SPORT_HI, m->sport_hi))) ||
	    ((has & SECNET_NF_M_DPORT) &&
	     (nla_put_u16(skb, SECNET_A_NF_RULE_DPORT_LO, m->dport_lo) ||
	      nla_put_u16(skb, SECNET_A_NF_RULE_DPORT_HI, m->dport_hi))) ||
	    ((has & SECNET_NF_M_TCP_FLAGS) &&
	     (nla_put_u8(skb, SECNET_A_NF_RULE_TCP_FLAGS, m->tcp_flags) ||
	      nla_put_u8(skb, SECNET_A_NF_RULE_TCP_FLAGS_MASK, m->tcp_mask))) ||
	    ((has & SECNET_NF_M_ICMP_TYPE) &&
	     nla_put_u8(skb, SECNET_A_NF_RULE_ICMP_TYPE, m->icmp_type)) ||
	    ((has & SECNET_NF_M_ICMP_CODE) &&
	     nla_put_u8(skb, SECNET_A_NF_RULE_ICMP_CODE, m->icmp_code)) ||
	    ((has & SECNET_NF_M_IIF) &&
	     nla_put_string(skb, SECNET_A_NF_RULE_IIF, m->iif)) ||
	    ((has & SECNET_NF_M_OIF) &&
	     nla_put_string(skb, SECNET_A_NF_RULE_OIF, m->oif)) ||
	    ((has & SECNET_NF_M_CT_STATE) &&
	     nla_put_u32(skb, SECNET_A_NF_RULE_CT_STATE, m->ct_state)) ||
	    ((has & SECNET_NF_M_CT_LABEL) &&
	     nla_put_u8(skb, SECNET_A_NF_RULE_CT_LABEL, m->ct_label)) ||
	    ((has & SECNET_NF_M_CT_MARK) &&
	     (nla_put_u32(skb, SECNET_A_NF_RULE_CT_MARK, m->ct_mark) ||
	      nla_put_u32(skb, SECNET_A_NF_RULE_CT_MARK_MASK, m->ct_mark_mask))) ||
	    ((has & SECNET_NF_M_SRC_SET) &&
	     nla_put_string(skb, SECNET_A_NF_RULE_SRC_SET,
			    secnet_nf_set_name(m->sset))) ||
	    ((has & SECNET_NF_M_DST_SET) &&
	     nla_put_string(skb, SECNET_A_NF_RULE_DST_SET,
			    secnet_nf_set_name(m->dset))))
		return -EMSGSIZE;
	return 0;
}

static int secnet_nf_put_set(struct sk_buff *skb, const struct secnet_nf_rule *r)
{
	if (((r->set & SECNET_NF_SET_LABEL) &&
	     nla_put_u8(skb, SECNET_A_NF_RULE_SET_LABEL, r->set_label)) ||
	    ((r->set & SECNET_NF_SET_MARK) &&
	     nla_put_u32(skb, SECNET_A_NF_RULE_SET_MARK, r->set_mark)))
		return -EMSGSIZE;
	return 0;
}

int secnet_nf_fill_rule(struct sk_buff *skb, const struct secnet_nf_rule *r)
{
	struct nlattr *nest;
	u64 packets, bytes;

	secnet_nf_ctr_read(r->ctr, &packets, &bytes);
	nest = nla_nest_start(skb, SECNET_A_NF_RULE);
	if (!nest ||
	    nla_put_u32(skb, SECNET_A_NF_RULE_HANDLE, r->handle) ||
	    nla_put_u8(skb, SECNET_A_NF_RULE_HOOK, r->hook + 1) ||
	    secnet_nf_put_match(skb, &r->m) ||
	    nla_put_u8(skb, SECNET_A_NF_RULE_ACTION, r->action) ||
	    secnet_nf_put_set(skb, r) ||
	    (r->limit && secnet_nf_limit_fill(skb, r->limit)) ||
	    (r->log && nla_put_flag(skb, SECNET_A_NF_RULE_LOG)) ||
	    nla_put_u64_64bit(skb, SECNET_A_NF_RULE_PACKETS, packets,
			      SECNET_A_NF_RULE_PAD) ||
	    nla_put_u64_64bit(skb, SECNET_A_NF_RULE_BYTES, bytes,
			      SECNET_A_NF_RULE_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

void secnet_nf_changed(struct net *net, u64 start)
{
	struct secnet_nf_net *nn = secnet_nf_net(net);

	secnet_nf_ruleset_touch(secnet_nf_rs(nn));
	nn->gen++;
	atomic64_set(&nn->last_change_ns, ktime_get_ns() - start);
	secnet_nf_hooks_trim(net);
}

static int secnet_nf_parse_rule_req(struct genl_info *info, struct nlattr **tb)
{
	return secnet_nl_parse_nest(info->attrs, SECNET_A_NF_RULE,
				    SECNET_A_NF_RULE_MAX, secnet_nf_rule_policy,
				    tb, info->extack);
}

/* The rule BEFORE or AFTER names, which must be in @r's chain. */
static int secnet_nf_new_rule_at(struct secnet_nf_ruleset *rs,
				 const struct secnet_nf_rule *r,
				 struct nlattr **tb,
				 struct secnet_nf_rule **next,
				 struct netlink_ext_ack *extack)
{
	const struct nlattr *attr = tb[SECNET_A_NF_RULE_BEFORE] ?:
				    tb[SECNET_A_NF_RULE_AFTER];
	struct secnet_nf_rule *at;

	*next = NULL;
	if (!attr)
		return 0;
	at = xa_load(&rs->handles, nla_get_u32(attr));
	if (!at || at->hook != r->hook) {
		if (tb[SECNET_A_NF_RULE_BEFORE])
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "before: no rule with this handle at this hook");
		else
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "after: no rule with this handle at this hook");
		return -ENOENT;
	}
	if (tb[SECNET_A_NF_RULE_BEFORE])
		*next = at;
	else if (!list_is_last(&at->list, &rs->chains[r->hook].rules))
		*next = list_next_entry(at, list);
	return 0;
}

static int secnet_nf_new_rule_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[SECNET_A_NF_RULE_MAX + 1];
	struct net *net = genl_info_net(info);
	struct secnet_nf_ruleset *rs = secnet_nf_rs(secnet_nf_net(net));
	struct secnet_nf_rule *r, *next;
	struct sk_buff *msg;
	u64 start;
	void *hdr;
	int err;

	err = secnet_nf_parse_rule_req(info, tb);
	if (err)
		return err;
	if (!info->attrs[SECNET_A_NF_RULE]) {
		NL_SET_ERR_MSG(info->extack, "NF_RULE: required");
		return -EINVAL;
	}
	if (rs->nrules >= READ_ONCE(secnet_nf_max_rules)) {
		NL_SET_ERR_MSG(info->extack,
			       "the ruleset is full (max_rules, a parameter of secnet_nf)");
		return -ENOSPC;
	}
	r = secnet_nf_rule_alloc();
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!r || !msg) {
		err = -ENOMEM;
		goto err_free;
	}
	err = secnet_nf_rule_parse(info->attrs[SECNET_A_NF_RULE], r,
				   false, info->extack) ?:
	      secnet_nf_rule_bind_sets(net, info->attrs[SECNET_A_NF_RULE], r,
				       info->extack);
	if (err)
		goto err_free;
	err = secnet_nf_new_rule_at(rs, r, tb, &next, info->extack);
	if (err)
		goto err_free;
	if (r->handle && xa_load(&rs->handles, r->handle)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SECNET_A_NF_RULE_HANDLE],
				    "handle: in use");
		err = -EEXIST;
		goto err_free;
	}
	start = ktime_get_ns();
	err = secnet_nf_hooks_need(net, rs, r);
	if (!err) {
		err = secnet_nf_ruleset_insert(rs, r, next);
		if (err)
			secnet_nf_hooks_drop(net, NULL, r);
	}
	secnet_nf_changed(net, start);
	if (err)
		goto err_free;
	secnet_nf_event_send(info, secnet_nf_event_rule(info,
							SECNET_NF_EVENT_RULE_NEW, r));
	hdr = secnet_msg_put(msg, info->snd_portid, info->snd_seq, 0,
			     SECNET_CMD_NF_NEW_RULE);
	if (!hdr || secnet_nf_fill_rule(msg, r)) {
		/* The rule is in; only its echo is lost. */
		nlmsg_free(msg);
		return 0;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	if (r)
		secnet_nf_rule_free(r);
	return err;
}

static int secnet_nf_del_rule_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[SECNET_A_NF_RULE_MAX + 1];
	struct net *net = genl_info_net(info);
	struct secnet_nf_ruleset *rs = secnet_nf_rs(secnet_nf_net(net));
	struct secnet_nf_rule *r;
	struct sk_buff *ntf;
	unsigned int type;
	u64 start;
	int err;

	err = secnet_nf_parse_rule_req(info, tb);
	if (err)
		return err;
	if (!tb[SECNET_A_NF_RULE_HANDLE]) {
		NL_SET_ERR_MSG(info->extack, "handle: required");
		return -EINVAL;
	}
	for (type = 0; type <= SECNET_A_NF_RULE_MAX; type++) {
		if (tb[type] && type != SECNET_A_NF_RULE_HANDLE) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[type],
					    "only handle names the rule to delete");
			return -EINVAL;
		}
	}
	r = xa_load(&rs->handles, nla_get_u32(tb[SECNET_A_NF_RULE_HANDLE]));
	if (!r) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SECNET_A_NF_RULE_HANDLE],
				    "handle: no such rule");
		return -ENOENT;
	}
	/* Described first: the rule is freed after a grace period. */
	ntf = secnet_nf_event_rule(info, SECNET_NF_EVENT_RULE_DEL, r);
	start = ktime_get_ns();
	secnet_nf_hooks_drop(net, NULL, r);
	secnet_nf_ruleset_delete(rs, r);
	secnet_nf_changed(net, start);
	secnet_nf_event_send(info, ntf);
	return 0;
}

static int secnet_nf_parse_hook(struct genl_info *info, struct nlattr **tb)
{
	return secnet_nl_parse_nest(info->attrs, SECNET_A_NF_HOOK,
				    SECNET_A_NF_HOOK_MAX, secnet_nf_hook_policy,
				    tb, info->extack);
}

static int secnet_nf_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[SECNET_A_NF_HOOK_MAX + 1];
	struct net *net = genl_info_net(info);
	struct secnet_nf_ruleset *rs = secnet_nf_rs(secnet_nf_net(net));
	unsigned int h, first = 0, last = SECNET_NF_HOOKS - 1;
	u64 start;
	int err;

	err = secnet_nf_parse_hook(info, tb);
	if (err)
		return err;
	if (tb[SECNET_A_NF_HOOK_POLICY]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SECNET_A_NF_HOOK_POLICY],
				    "policy: a flush keeps the policies");
		return -EINVAL;
	}
	if (tb[SECNET_A_NF_HOOK_HOOK]) {
		first = nla_get_u8(tb[SECNET_A_NF_HOOK_HOOK]) - 1;
		last = first;
	}
	start = ktime_get_ns();
	for (h = first; h <= last && !err; h++)
		err = secnet_nf_ruleset_flush(net, rs, h);
	secnet_nf_changed(net, start);
	if (!err)
		secnet_nf_event_flush(info, tb[SECNET_A_NF_HOOK_HOOK] ?
					    first + 1 : 0);
	return err;
}

static int secnet_nf_set_hook_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[SECNET_A_NF_HOOK_MAX + 1];
	struct net *net = genl_info_net(info);
	struct secnet_nf_ruleset *rs = secnet_nf_rs(secnet_nf_net(net));
	struct secnet_nf_chain *ch;
	u8 old;
	u64 start;
	int err;

	err = secnet_nf_parse_hook(info, tb);
	if (err)
		return err;
	if (!tb[SECNET_A_NF_HOOK_HOOK]) {
		NL_SET_ERR_MSG(info->extack, "hook: required");
		return -EINVAL;
	}
	if (!tb[SECNET_A_NF_HOOK_POLICY]) {
		NL_SET_ERR_MSG(info->extack, "policy: required");
		return -EINVAL;
	}
	ch = &rs->chains[nla_get_u8(tb[SECNET_A_NF_HOOK_HOOK]) - 1];
	old = ch->policy;
	start = ktime_get_ns();
	WRITE_ONCE(ch->policy, nla_get_u8(tb[SECNET_A_NF_HOOK_POLICY]));
	err = secnet_nf_hooks_need(net, rs, NULL);
	if (err)
		WRITE_ONCE(ch->policy, old);
	secnet_nf_changed(net, start);
	if (!err)
		secnet_nf_event_policy(info, nla_get_u8(tb[SECNET_A_NF_HOOK_HOOK]),
				       ch->policy);
	return err;
}

static int secnet_nf_fill_hook(struct sk_buff *skb,
			       const struct secnet_nf_ruleset *rs,
			       unsigned int h)
{
	const struct secnet_nf_chain *ch = &rs->chains[h];
	struct nlattr *nest;
	u64 packets, bytes;

	secnet_nf_ctr_read(ch->ctr, &packets, &bytes);
	nest = nla_nest_start(skb, SECNET_A_NF_HOOK);
	if (!nest ||
	    nla_put_u8(skb, SECNET_A_NF_HOOK_HOOK, h + 1) ||
	    nla_put_u8(skb, SECNET_A_NF_HOOK_POLICY, ch->policy) ||
	    nla_put_u32(skb, SECNET_A_NF_HOOK_RULES, ch->nrules) ||
	    nla_put_u64_64bit(skb, SECNET_A_NF_HOOK_PACKETS, packets,
			      SECNET_A_NF_HOOK_PAD) ||
	    nla_put_u64_64bit(skb, SECNET_A_NF_HOOK_BYTES, bytes,
			      SECNET_A_NF_HOOK_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* cb->args[1]: hooks done. */
static int secnet_nf_get_hook_dumpit(struct sk_buff *skb,
				     struct netlink_callback *cb)
{
	struct secnet_nf_ruleset *rs;
	void *hdr;
	int err;

	err = secnet_nl_check_attrs(genl_dumpit_info(cb)->attrs, 0,
				    cb->extack);
	if (err)
		return err;
	rs = secnet_nf_rs(secnet_nf_net(sock_net(skb->sk)));
	for (; cb->args[1] < SECNET_NF_HOOKS; cb->args[1]++) {
		hdr = secnet_dump_put(skb, cb, SECNET_CMD_NF_GET_HOOK);
		if (!hdr)
			break;
		if (secnet_nf_fill_hook(skb, rs, cb->args[1])) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	return skb->len;
}

/*
 * cb->args[1]: the hook index the dump is at; [2]: the handle of the last
 * rule sent there, 0 for none; [3]: 1 + the hook asked for, or 0 for all;
 * [4]: the ruleset generation when the dump began.
 */
static int secnet_nf_get_rule_dumpit(struct sk_buff *skb,
				     struct netlink_callback *cb)
{
	struct nlattr **attrs = genl_dumpit_info(cb)->attrs;
	struct nlattr *tb[SECNET_A_NF_RULE_MAX + 1];
	struct secnet_nf_net *nn = secnet_nf_net(sock_net(skb->sk));
	struct secnet_nf_ruleset *rs = secnet_nf_rs(nn);
	struct secnet_nf_rule *r, *last;
	struct secnet_nf_chain *ch;
	unsigned int type;
	void *hdr;
	int err;

	if (!cb->args[4]) {
		err = secnet_nl_parse_nest(attrs, SECNET_A_NF_RULE,
					   SECNET_A_NF_RULE_MAX,
					   secnet_nf_rule_policy, tb, cb->extack);
		if (err)
			return err;
		for (type = 0; type <= SECNET_A_NF_RULE_MAX; type++) {
			if (tb[type] && type != SECNET_A_NF_RULE_HOOK) {
				NL_SET_ERR_MSG_ATTR(cb->extack, tb[type],
						    "only hook selects what to list");
				return -EINVAL;
			}
		}
		if (tb[SECNET_A_NF_RULE_HOOK]) {
			cb->args[3] = nla_get_u8(tb[SECNET_A_NF_RULE_HOOK]);
			cb->args[1] = cb->args[3] - 1;
		}
		/* Never 0, so that 0 means "not begun". */
		cb->args[4] = (unsigned long)nn->gen << 1 | 1;
	}
	for (; cb->args[1] < SECNET_NF_HOOKS; cb->args[1]++, cb->args[2] = 0) {
		if (cb->args[3] && cb->args[1] != cb->args[3] - 1)
			break;
		ch = &rs->chains[cb->args[1]];
		r = list_first_entry(&ch->rules, struct secnet_nf_rule, list);
		if (cb->args[2]) {
			last = xa_load(&rs->handles, cb->args[2]);
			/* It is gone: the rest of its chain is lost to a change. */
			if (!last || last->hook != cb->args[1])
				continue;
			r = list_next_entry(last, list);
		}
		list_for_each_entry_from(r, &ch->rules, list) {
			hdr = secnet_dump_put(skb, cb, SECNET_CMD_NF_GET_RULE);
			if (!hdr)
				return skb->len;
			if (cb->args[4] != ((unsigned long)nn->gen << 1 | 1))
				genlmsg_nlhdr(hdr)->nlmsg_flags |= NLM_F_DUMP_INTR;
			if (secnet_nf_fill_rule(skb, r)) {
				genlmsg_cancel(skb, hdr);
				return skb->len;
			}
			genlmsg_end(skb, hdr);
			cb->args[2] = r->handle;
		}
	}
	return skb->len;
}

/* Every command reads or changes the rules under secnet_nf_mutex. */
#define SECNET_NF_LOCKED_DOIT(fn)					\
static int fn##_locked(struct sk_buff *skb, struct genl_info *info)	\
{									\
	int err;							\
									\
	mutex_lock(&secnet_nf_mutex);					\
	err = fn(skb, info);						\
	mutex_unlock(&secnet_nf_mutex);					\
	return err;							\
}

#define SECNET_NF_LOCKED_DUMPIT(fn)					\
static int fn##_locked(struct sk_buff *skb, struct netlink_callback *cb) \
{									\
	int err;							\
									\
	mutex_lock(&secnet_nf_mutex);					\
	err = fn(skb, cb);						\
	mutex_unlock(&secnet_nf_mutex);					\
	return err;							\
}

SECNET_NF_LOCKED_DUMPIT(secnet_nf_get_rule_dumpit)
SECNET_NF_LOCKED_DOIT(secnet_nf_new_rule_doit)
SECNET_NF_LOCKED_DOIT(secnet_nf_del_rule_doit)
SECNET_NF_LOCKED_DOIT(secnet_nf_flush_doit)
SECNET_NF_LOCKED_DUMPIT(secnet_nf_get_hook_dumpit)
SECNET_NF_LOCKED_DOIT(secnet_nf_set_hook_doit)
SECNET_NF_LOCKED_DOIT(secnet_nf_load_doit)
SECNET_NF_LOCKED_DUMPIT(secnet_nf_get_flow_dumpit)
SECNET_NF_LOCKED_DOIT(secnet_nf_del_flow_doit)
SECNET_NF_LOCKED_DUMPIT(secnet_nf_get_set_dumpit)
SECNET_NF_LOCKED_DOIT(secnet_nf_get_set_doit)
SECNET_NF_LOCKED_DOIT(secnet_nf_new_set_doit)
SECNET_NF_LOCKED_DOIT(secnet_nf_del_set_doit)
SECNET_NF_LOCKED_DOIT(secnet_nf_set_elems_doit)
SECNET_NF_LOCKED_DOIT(secnet_nf_load_set_doit)

const struct secnet_cmd_ops secnet_nf_cmd_ops[] = {
	{
		.cmd	= SECNET_CMD_NF_GET_RULE,
		.dumpit	= secnet_nf_get_rule_dumpit_locked,
	},
	{
		.cmd	= SECNET_CMD_NF_NEW_RULE,
		.doit	= secnet_nf_new_rule_doit_locked,
	},
	{
		.cmd	= SECNET_CMD_NF_DEL_RULE,
		.doit	= secnet_nf_del_rule_doit_locked,
	},
	{
		.cmd	= SECNET_CMD_NF_FLUSH,
		.doit	= secnet_nf_flush_doit_locked,
	},
	{
		.cmd	= SECNET_CMD_NF_GET_HOOK,
		.dumpit	= secnet_nf_get_hook_dumpit_locked,
	},
	{
		.cmd	= SECNET_CMD_NF_SET_HOOK,
		.doit	= secnet_nf_set_hook_doit_locked,
	},
	{
		.cmd	= SECNET_CMD_NF_LOAD,
		.doit	= secnet_nf_load_doit_locked,
	},
	{
		.cmd	= SECNET_CMD_NF_GET_FLOW,
		.dumpit	= secnet_nf_get_flow_dumpit_locked,
	},
	{
		.cmd	= SECNET_CMD_NF_DEL_FLOW,
		.doit	= secnet_nf_del_flow_doit_locked,
	},
	{
		.cmd	= SECNET_CMD_NF_GET_SET,
		.doit	= secnet_nf_get_set_doit_locked,
		.dumpit	= secnet_nf_get_set_dumpit_locked,
	},
	{
		.cmd	= SECNET_CMD_NF_NEW_SET,
		.doit	= secnet_nf_new_set_doit_locked,
	},
	{
		.cmd	= SECNET_CMD_NF_DEL_SET,
		.doit	= secnet_nf_del_set_doit_locked,
	},
	{
		.cmd	= SECNET_CMD_NF_SET_ELEMS,
		.doit	= secnet_nf_set_elems_doit_locked,
	},
	{
		.cmd	= SECNET_CMD_NF_LOAD_SET,
		.doit	= secnet_nf_load_set_doit_locked,
	},
	/* Notifications only: a request for one is told so. */
	{ .cmd	= SECNET_CMD_NF_NTF },
	{ .cmd	= SECNET_CMD_NF_FLOW_NTF },
};

const unsigned int secnet_nf_n_cmd_ops = ARRAY_SIZE(secnet_nf_cmd_ops);
