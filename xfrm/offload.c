// SPDX-License-Identifier: GPL-2.0
/*
 * The engine as the kernel and the device see it: the xfrmdev_ops the core
 * passes on, the transmit and receive hooks, and `ethtool -S`.
 *
 * Only single packets reach the device (it advertises neither ESP GSO nor
 * inner checksum offload, so the stack segments and checksums first), each
 * with its ESP trailer in place: transmit has only the IV and ICV to write.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/skbuff.h>
#include <asm/unaligned.h>
#include <net/ip.h>
#include <net/xfrm.h>

#include "secnet_xfrm.h"

static unsigned int max_sas = 1024;
module_param(max_sas, uint, 0644);
MODULE_PARM_DESC(max_sas, "SAs one device can hold, like a NIC's SA table (default 1024)");

/* @x's device is the real one: a bond's active slave, not the bond. */
static int secnet_xfrm_state_add(struct xfrm_state *x)
{
	struct net_device *dev = x->xso.real_dev;
	struct secnet_xfrm_dev *sdev;
	struct net *net = dev_net(dev);
	const char *reason;
	int err;

	sdev = secnet_offload_priv(dev, SECNET_OFFLOAD_XFRM);
	if (!secnet_subsys_is_up(net, &secnet_xfrm_subsys)) {
		secnet_xfrm_net_count(net, SECNET_XFRM_NET_SA_DECLINED);
		return -EOPNOTSUPP;
	}
	if (secnet_xfrm_fault_take(sdev, SECNET_XFRM_FAULT_REFUSE_ADD)) {
		netdev_dbg(dev, "SA %#x refused: injected fault\n",
			   ntohl(x->id.spi));
		secnet_xfrm_net_count(net, SECNET_XFRM_NET_SA_REFUSED);
		return -EIO;
	}
	err = secnet_xfrm_sa_check(x, &reason);
	if (err) {
		netdev_dbg(dev, "SA %#x kept in software: %s\n",
			   ntohl(x->id.spi), reason);
		secnet_xfrm_net_count(net, SECNET_XFRM_NET_SA_DECLINED);
		return err;
	}
	err = secnet_xfrm_sa_add(sdev, x, READ_ONCE(max_sas));
	secnet_xfrm_net_count(net, err ? SECNET_XFRM_NET_SA_REFUSED :
					 SECNET_XFRM_NET_SA_ADDED);
	return err;
}

static bool secnet_xfrm_offload_ok(struct sk_buff *skb, struct xfrm_state *x)
{
	struct secnet_xfrm_sa *sa = secnet_xfrm_sa_find(x);

	return sa && !READ_ONCE(sa->dead) && secnet_xfrm_sa_ready(sa);
}

static const struct xfrmdev_ops secnet_xfrm_xfrmdev_ops = {
	.xdo_dev_state_add	= secnet_xfrm_state_add,
	.xdo_dev_state_delete	= secnet_xfrm_sa_delete,
	.xdo_dev_state_free	= secnet_xfrm_sa_free,
	.xdo_dev_offload_ok	= secnet_xfrm_offload_ok,
};

static void secnet_xfrm_count(struct secnet_xfrm_sa *sa, unsigned int dev_ctr,
			      unsigned int len)
{
	secnet_ctrs_add(sa->sdev->ctrs, dev_ctr, 1);
	secnet_ctrs_add(sa->sdev->ctrs, dev_ctr + 1, len);
	secnet_ctrs_add(sa->ctrs, SECNET_XFRM_SA_PACKETS, 1);
	secnet_ctrs_add(sa->ctrs, SECNET_XFRM_SA_BYTES, len);
}

/* The AAD and IV, the head's rest and every page of one frame. */
#define SECNET_XFRM_MAX_SG	(SECNET_XFRM_SG_HEAD + 1 + MAX_SKB_FRAGS)

/*
 * Hardware reads the frame and writes the wire.  In memory the payload may
 * sit in pages the sender keeps (TCP's segments share them with its
 * retransmit queue), which must not see it encrypted: the ciphertext goes to
 * a new page fragment that takes their place, as software ESP does.  Frames
 * that cannot be rebuilt so (cloned, chained, from a page pool, larger than
 * a page) are copied whole and sealed in place.  Sets @icv to the frame's
 * last byte.
 */
static int secnet_xfrm_seal_skb(const struct secnet_xfrm_crypto *c,
				struct sk_buff *skb, u64 seq, u8 **icv)
{
	unsigned int off = skb_transport_offset(skb) + SECNET_XFRM_HDR_LEN;
	struct scatterlist src[SECNET_XFRM_MAX_SG];
	struct scatterlist dst[SECNET_XFRM_SG_HEAD + 1];
	unsigned int len = skb->len - off;
	struct page *page;
	u8 *buf = NULL;
	int i, err;

	if (!skb_cloned(skb) && !skb_has_frag_list(skb) && !skb->pp_recycle &&
	    len <= PAGE_SIZE)
		buf = netdev_alloc_frag(len);
	if (!buf) {
		if (skb_linearize_cow(skb))
			return -ENOMEM;
		*icv = skb_tail_pointer(skb) - 1;
		return secnet_xfrm_seal(c, skb_transport_header(skb),
					len + SECNET_XFRM_HDR_LEN, seq);
	}

	sg_init_table(src, ARRAY_SIZE(src));
	err = skb_to_sgvec(skb, src + SECNET_XFRM_SG_HEAD, off, len);
	if (err >= 0) {
		sg_init_table(dst, ARRAY_SIZE(dst));
		sg_set_buf(&dst[SECNET_XFRM_SG_HEAD], buf, len);
		err = secnet_xfrm_seal_sg(c, skb_transport_header(skb), src,
					  dst, len, seq);
	}
	if (err) {
		skb_free_frag(buf);
		return err;
	}
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++)
		skb_frag_unref(skb, i);
	skb_set_tail_pointer(skb, off);
	page = virt_to_head_page(buf);
	__skb_fill_page_desc(skb, 0, page, buf - (u8 *)page_address(page),
			     len);
	skb_shinfo(skb)->nr_frags = 1;
	skb->data_len = len;
	*icv = buf + len - 1;
	return 0;
}

/*
 * The packet's own 64-bit sequence number.  The low half is the one in its
 * ESP header, which esp_xmit() wrote for this very segment: xo->seq may be
 * the next packet's, since for a segment of a GSO skb esp_xmit() advances it
 * in the secpath all segments share before this one gets its own copy.  The
 * high half is xo->seq.hi, less one where that advance wrapped the low half
 * past the header's (esp_xmit() then raised it too).
 */
static u64 secnet_xfrm_tx_seq(const struct xfrm_offload *xo, const u8 *esph,
			      bool esn)
{
	u32 low = get_unaligned_be32(esph + 4);
	u32 hi = 0;

	if (esn)
		hi = xo->seq.hi - (low > xo->seq.low);
	return (u64)hi << 32 | low;
}

static struct sk_buff *secnet_xfrm_xmit(struct net_device *dev, void *priv,
					struct sk_buff *skb)
{
	struct xfrm_offload *xo = xfrm_offload(skb);
	struct secnet_xfrm_dev *sdev = priv;
	struct secnet_xfrm_sa *sa;
	unsigned int len;
	u64 seq;
	u8 *icv;

	if (!xo || !(xo->flags & XFRM_XMIT))
		return skb;
	sa = secnet_xfrm_sa_find(xfrm_input_state(skb));
	if (unlikely(!sa || sa->sdev != sdev || !secnet_xfrm_sa_ready(sa) ||
		     sa->dir != XFRM_DEV_OFFLOAD_OUT ||
		     !skb_transport_header_was_set(skb)))
		goto drop;
	len = skb->len - skb_transport_offset(skb);
	if (unlikely(len < SECNET_XFRM_HDR_LEN + SECNET_XFRM_ICV_LEN ||
		     skb_headlen(skb) < skb_transport_offset(skb) +
					SECNET_XFRM_HDR_LEN))
		goto drop;
	if (unlikely(secnet_xfrm_fault_take(sdev, SECNET_XFRM_FAULT_DROP_TX)))
		goto drop;
	seq = secnet_xfrm_tx_seq(xo, skb_transport_header(skb),
				 sa->crypto.esn);
	if (unlikely(secnet_xfrm_seal_skb(&sa->crypto, skb, seq, &icv)))
		goto drop;
	if (unlikely(secnet_xfrm_fault_take(sdev,
					    SECNET_XFRM_FAULT_CORRUPT_ICV)))
		*icv ^= 1;
	secnet_xfrm_count(sa, SECNET_XFRM_TX_PACKETS, len);
	return skb;

drop:
	secnet_ctrs_add(sdev->ctrs, SECNET_XFRM_TX_DROPPED, 1);
	kfree_skb(skb);
	return NULL;
}

/*
 * Where the ESP header of an unfragmented IPv4 or IPv6 packet starts and the
 * packet ends; false for anything else, which the stack handles itself.
 */
static bool secnet_xfrm_parse(struct sk_buff *skb, unsigned short *family,
			      xfrm_address_t *daddr, unsigned int *off,
			      unsigned int *end)
{
	const struct ipv6hdr *ip6h;
	const struct iphdr *iph;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		if (!pskb_may_pull(skb, sizeof(*iph)))
			return false;
		iph = (const struct iphdr *)skb->data;
		if (iph->protocol != IPPROTO_ESP || iph->ihl < 5 ||
		    ip_is_fragment(iph))
			return false;
		*family = AF_INET;
		daddr->a4 = iph->daddr;
		*off = iph->ihl * 4;
		*end = ntohs(iph->tot_len);
		break;
	case htons(ETH_P_IPV6):
		if (!pskb_may_pull(skb, sizeof(*ip6h)))
			return false;
		ip6h = (const struct ipv6hdr *)skb->data;
		if (ip6h->nexthdr != IPPROTO_ESP)
			return false;
		*family = AF_INET6;
		daddr->in6 = ip6h->daddr;
		*off = sizeof(*ip6h);
		*end = *off + ntohs(ip6h->payload_len);
		break;
	default:
		return false;
	}
	return *end <= skb->len &&
	       *end >= *off + SECNET_XFRM_HDR_LEN + SECNET_XFRM_ICV_LEN &&
	       pskb_may_pull(skb, *off + SECNET_XFRM_HDR_LEN);
}

/*
 * Decrypts in place, as software ESP does, where the frame is the
 * receiver's alone; a cloned one is copied first.
 */
static int secnet_xfrm_open_skb(const struct secnet_xfrm_crypto *c,
				struct sk_buff *skb, unsigned int off,
				unsigned int end, u32 seq_hi)
{
	struct scatterlist sg[SECNET_XFRM_MAX_SG];
	unsigned int len = end - off - SECNET_XFRM_HDR_LEN;
	int err;

	if ((skb_cloned(skb) || skb_has_frag_list(skb)) &&
	    skb_linearize_cow(skb))
		return -ENOMEM;
	sg_init_table(sg, ARRAY_SIZE(sg));
	err = skb_to_sgvec(skb, sg + SECNET_XFRM_SG_HEAD,
			   off + SECNET_XFRM_HDR_LEN, len);
	if (err < 0)
		return err;
	return secnet_xfrm_open_sg(c, skb->data + off, sg, len, seq_hi);
}

/* Hands @skb up as decrypted by the device: @err is 0 or -EBADMSG (ICV). */
static int secnet_xfrm_mark_done(struct sk_buff *skb, struct xfrm_state *x,
				 int err)
{
	struct xfrm_offload *xo;
	struct sec_path *sp;

	sp = secpath_set(skb);
	if (!sp)
		return -ENOMEM;
	/* The secpath takes over the reference on @x. */
	sp->xvec[sp->len++] = x;
	sp->olen++;
	xo = xfrm_offload(skb);
	memset(xo, 0, sizeof(*xo));
	xo->flags = CRYPTO_DONE;
	if (!err)
		xo->status = CRYPTO_SUCCESS;
	else if (x->props.mode == XFRM_MODE_TUNNEL)
		xo->status = CRYPTO_TUNNEL_ESP_AUTH_FAILED;
	else
		xo->status = CRYPTO_TRANSPORT_ESP_AUTH_FAILED;
	/* The inner checksum was never checked by the device. */
	skb->ip_summed = CHECKSUM_NONE;
	return 0;
}

static struct sk_buff *secnet_xfrm_receive(struct net_device *dev, void *priv,
					   struct sk_buff *skb)
{
	struct secnet_xfrm_dev *sdev = priv;
	xfrm_address_t daddr = {};
	struct secnet_xfrm_sa *sa;
	unsigned int off, end;
	unsigned short family;
	struct xfrm_state *x;
	u32 seq_hi = 0;
	__be32 spi;
	int err;

	if (!secnet_xfrm_parse(skb, &family, &daddr, &off, &end))
		return skb;
	spi = *(__be32 *)(skb->data + off);
	sa = secnet_xfrm_sa_lookup_rx(sdev, family, &daddr, spi);
	/* Not offloaded to this device: software ESP decrypts it. */
	if (!sa)
		return skb;
	if (unlikely(secnet_xfrm_fault_take(sdev, SECNET_XFRM_FAULT_DROP_RX)))
		goto drop;
	x = sa->x;
	if (unlikely(!refcount_inc_not_zero(&x->refcnt)))
		return skb;
	if (sa->crypto.esn)
		seq_hi = xfrm_replay_seqhi(x, *(__be32 *)(skb->data + off + 4));
	err = secnet_xfrm_open_skb(&sa->crypto, skb, off, end, seq_hi);
	if (unlikely(err && err != -EBADMSG))
		goto drop_put;
	if (unlikely(secnet_xfrm_mark_done(skb, x, err)))
		goto drop_put;
	if (likely(!err)) {
		secnet_xfrm_count(sa, SECNET_XFRM_RX_PACKETS, end - off);
	} else {
		/* The stack drops it and counts XfrmInStateProtoError. */
		secnet_ctrs_add(sdev->ctrs, SECNET_XFRM_RX_AUTH_FAIL, 1);
		secnet_ctrs_add(sa->ctrs, SECNET_XFRM_SA_AUTH_FAILS, 1);
	}
	return skb;

drop_put:
	xfrm_state_put(x);
drop:
	secnet_ctrs_add(sdev->ctrs, SECNET_XFRM_RX_DROPPED, 1);
	kfree_skb(skb);
	return NULL;
}

static int secnet_xfrm_dev_init(struct net_device *dev, void *priv)
{
	struct secnet_xfrm_dev *sdev = priv;

	sdev->dev = dev;
	INIT_LIST_HEAD(&sdev->sas);
	/* Charged to whoever made the device. */
	sdev->ctrs = secnet_ctrs_alloc(SECNET_XFRM_DEV_CTRS,
				       GFP_KERNEL_ACCOUNT);
	return sdev->ctrs ? 0 : -ENOMEM;
}

static void secnet_xfrm_dev_uninit(struct net_device *dev, void *priv)
{
	struct secnet_xfrm_dev *sdev = priv;

	secnet_xfrm_sa_flush(sdev);
	free_percpu(sdev->ctrs);
}

static const char secnet_xfrm_stat_names[][ETH_GSTRING_LEN] = {
	"esp_sa_offloaded",
	"esp_tx_packets",
	"esp_tx_bytes",
	"esp_rx_packets",
	"esp_rx_bytes",
	"esp_rx_auth_fail",
	"esp_tx_dropped",
	"esp_rx_dropped",
	"esp_faults_injected",
};

static void secnet_xfrm_read_stats(struct net_device *dev, void *priv,
				   u64 *values)
{
	struct secnet_xfrm_dev *sdev = priv;

	BUILD_BUG_ON(ARRAY_SIZE(secnet_xfrm_stat_names) !=
		     SECNET_XFRM_DEV_CTRS + 1);
	values[0] = READ_ONCE(sdev->n_sas);
	secnet_ctrs_sum(sdev->ctrs, SECNET_XFRM_DEV_CTRS, values + 1);
}

const struct secnet_offload secnet_xfrm_offload = {
	.kind		= SECNET_OFFLOAD_XFRM,
	.owner		= THIS_MODULE,
	.features	= NETIF_F_HW_ESP,
	/* ESP output marks its packets encapsulated: these are what count. */
	.hw_enc_features = NETIF_F_HW_ESP,
	.priv_size	= sizeof(struct secnet_xfrm_dev),
	.dev_init	= secnet_xfrm_dev_init,
	.dev_uninit	= secnet_xfrm_dev_uninit,
	.xmit		= secnet_xfrm_xmit,
	.receive	= secnet_xfrm_receive,
	.stat_names	= secnet_xfrm_stat_names,
	.n_stats	= ARRAY_SIZE(secnet_xfrm_stat_names),
	.read_stats	= secnet_xfrm_read_stats,
	.xfrm		= &secnet_xfrm_xfrmdev_ops,
};
