// SPDX-License-Identifier: GPL-2.0
/*
 * What a rule sets on the connection of a packet it accepts or continues:
 * a connlabel bit and the mark, the kernel's own, which nftables' "ct label"
 * and "ct mark", iptables' connlabel and CONNMARK, and conntrack(8) read
 * and write too.  Each change is told to conntrack's event cache, as
 * nft_ct's does, so that ctnetlink's listeners learn of it.
 *
 * A connection has room for labels only if it began while some rule of its
 * namespace wanted them (nf_connlabels_get()); on an older one, a label is
 * not set (nf_connlabels_replace() would say -ENOSPC), and the mark is.
 */

#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_ecache.h>
#include <net/netfilter/nf_conntrack_labels.h>

#include "secnet_nf.h"

void secnet_nf_ct_set(struct sk_buff *skb, const struct secnet_nf_rule *r)
{
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct = nf_ct_get(skb, &ctinfo);
	struct nf_conn_labels *labels;

	if (!ct || nf_ct_is_template(ct))
		return;
	if ((r->set & SECNET_NF_SET_MARK) &&
	    READ_ONCE(ct->mark) != r->set_mark) {
		WRITE_ONCE(ct->mark, r->set_mark);
		nf_conntrack_event_cache(IPCT_MARK, ct);
	}
	if (!(r->set & SECNET_NF_SET_LABEL))
		return;
	labels = nf_ct_labels_find(ct);
	/* Tested first: most packets of a connection find the bit set. */
	if (labels && !test_bit(r->set_label, labels->bits) &&
	    !test_and_set_bit(r->set_label, labels->bits))
		nf_conntrack_event_cache(IPCT_LABEL, ct);
}
