/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of net/netfilter/nf_conntrack_labels.h. */
#ifndef _SHIM_NET_NETFILTER_NF_CONNTRACK_LABELS_H
#define _SHIM_NET_NETFILTER_NF_CONNTRACK_LABELS_H

#include <linux/bitops.h>
#include <net/netfilter/nf_conntrack.h>

#define NF_CT_LABELS_MAX_SIZE	(128 / 8)

struct nf_conn_labels {
	unsigned long bits[NF_CT_LABELS_MAX_SIZE / sizeof(long)];
};

static inline struct nf_conn_labels *nf_ct_labels_find(const struct nf_conn *ct)
{
	shim_unreachable();
}

#endif
