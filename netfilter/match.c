// SPDX-License-Identifier: GPL-2.0
/*
 * Whether a rule matches a packet, in full, and the prefix masks rules
 * use.  What a packet is made of to be matched: parse.h.
 */

#include <kunit/visibility.h>
#include <linux/string.h>

#include "secnet_nf.h"

void secnet_nf_prefix_mask(__be32 *mask, unsigned int len)
{
	unsigned int i, bits;

	for (i = 0; i < 4; i++, len -= bits) {
		bits = min(len, 32U);
		mask[i] = bits ? htonl(~0U << (32 - bits)) : 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_prefix_mask);

/* Matches on conntrack and devices, which few rules give. */
#define SECNET_NF_M_RARE	(SECNET_NF_M_CT_STATE | SECNET_NF_M_CT_META | \
				 SECNET_NF_M_IIF | SECNET_NF_M_OIF | \
				 SECNET_NF_M_SETS)

/* Whether the SECNET_NF_M_RARE matches of @m hold for @p. */
static bool secnet_nf_match_rare(const struct secnet_nf_match *m,
				 const struct secnet_nf_pkt *p)
{
	u16 has = m->present;

	if ((has & SECNET_NF_M_CT_STATE) && !(p->ct_state & m->ct_state))
		return false;
	/* Without a connection there is no mark or label to match. */
	if (has & SECNET_NF_M_CT_META) {
		if (!p->ct_meta)
			return false;
		if ((has & SECNET_NF_M_CT_MARK) &&
		    (p->ct_mark & m->ct_mark_mask) != m->ct_mark)
			return false;
		if ((has & SECNET_NF_M_CT_LABEL) &&
		    !test_bit(m->ct_label, p->ct_labels))
			return false;
	}
	if ((has & SECNET_NF_M_IIF) &&
	    (!p->iif || strncmp(p->iif, m->iif, IFNAMSIZ)))
		return false;
	if ((has & SECNET_NF_M_SRC_SET) && !secnet_nf_set_lookup(m->sset, p, true))
		return false;
	if ((has & SECNET_NF_M_DST_SET) && !secnet_nf_set_lookup(m->dset, p, false))
		return false;
	return !(has & SECNET_NF_M_OIF) ||
	       (p->oif && !strncmp(p->oif, m->oif, IFNAMSIZ));
}

bool secnet_nf_match(const struct secnet_nf_match *m,
		     const struct secnet_nf_pkt *p)
{
	u16 has = m->present;
	bool v6;

	if (m->family && m->family != p->family)
		return false;
	v6 = m->family == SECNET_NF_FAMILY_IPV6;
	if (!secnet_nf_prefix(p->src, m->src, m->smask, v6) ||
	    !secnet_nf_prefix(p->dst, m->dst, m->dmask, v6))
		return false;
	if ((has & SECNET_NF_M_PROTO) && p->proto != m->proto)
		return false;
	if (has & SECNET_NF_M_L4) {
		if (!p->l4 ||
		    !secnet_nf_ports(has, p, m->sport_lo, m->sport_hi,
				     m->dport_lo, m->dport_hi))
			return false;
		if ((has & SECNET_NF_M_TCP_FLAGS) &&
		    (p->tcp_flags & m->tcp_mask) != m->tcp_flags)
			return false;
		if ((has & SECNET_NF_M_ICMP_TYPE) && p->icmp_type != m->icmp_type)
			return false;
		if ((has & SECNET_NF_M_ICMP_CODE) && p->icmp_code != m->icmp_code)
			return false;
	}
	return !(has & SECNET_NF_M_RARE) || secnet_nf_match_rare(m, p);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_match);
