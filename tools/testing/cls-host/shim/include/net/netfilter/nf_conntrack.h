/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host benchmark's shim of net/netfilter/nf_conntrack.h.  The
 * benchmark's packets come parsed, their conntrack state given: nothing
 * asks conntrack.
 */
#ifndef _SHIM_NET_NETFILTER_NF_CONNTRACK_H
#define _SHIM_NET_NETFILTER_NF_CONNTRACK_H

#include <linux/skbuff.h>

enum ip_conntrack_info {
	IP_CT_ESTABLISHED,
	IP_CT_RELATED,
	IP_CT_NEW,
	IP_CT_IS_REPLY,
	IP_CT_UNTRACKED = 7,
};

enum ip_conntrack_dir {
	IP_CT_DIR_ORIGINAL,
	IP_CT_DIR_REPLY,
	IP_CT_DIR_MAX
};

struct nf_conn {
	u32 mark;
};

static inline struct nf_conn *nf_ct_get(const struct sk_buff *skb,
					enum ip_conntrack_info *ctinfo)
{
	shim_unreachable();
}

static inline bool nf_ct_is_template(const struct nf_conn *ct)
{
	shim_unreachable();
}

#endif
