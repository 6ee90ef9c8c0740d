// SPDX-License-Identifier: GPL-2.0
/*
 * The engine on the wire: transmit tags and protects the frames macsec left
 * for it, receive checks and opens the frames of the RX SCs it holds.  Each
 * step follows IEEE 802.1AE (10.5 transmit, 10.6 receive) as the kernel's
 * software SecY does, so that a software peer sees the same frames, and
 * counts what it did where the kernel's statistics would.
 */

#include <kunit/visibility.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <asm/unaligned.h>

#include "secnet_macsec.h"

static void secnet_macsec_dev_count(struct secnet_macsec_dev *mdev,
				    enum secnet_macsec_dev_ctr c)
{
	secnet_ctrs_add(mdev->ctrs, c, 1);
}

/*
 * Takes the SA's next PN, as tx_sa_update_pn() does: false once the PN
 * space is used up.  *@last is set when this is the space's last PN, and
 * the SA must stop after it.
 */
VISIBLE_IF_KUNIT bool secnet_macsec_pn_take(struct secnet_macsec_sa *sa,
					    bool xpn, u64 *pn, bool *last)
{
	u64 max = secnet_macsec_pn_max(xpn);
	s64 old = atomic64_read(&sa->next_pn);

	do {
		if (!old || (u64)old > max)
			return false;
	} while (!atomic64_try_cmpxchg(&sa->next_pn, &old,
				       (u64)old == max ? 0 : old + 1));
	*pn = old;
	*last = (u64)old == max;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_macsec_pn_take);

/*
 * The frame's SA, active, and its PN; NULL (counted) when the SecY cannot
 * send.  An SA that has just used its last PN is switched off here and in
 * the kernel (macsec_pn_wrapped(), as the software SecY does).
 */
static struct secnet_macsec_sa *
secnet_macsec_tx_sa(struct secnet_macsec_secy *secy, u8 an, u64 *pn)
{
	struct secnet_macsec_dev *mdev = secy->mdev;
	struct secnet_macsec_sa *sa;
	bool last;

	sa = rcu_dereference(secy->tx_sa[an]);
	if (unlikely(!sa || !READ_ONCE(sa->active)))
		return NULL;
	if (unlikely(!secnet_macsec_pn_take(sa, secy->xpn, pn, &last)))
		return NULL;
	if (unlikely(last)) {
		WRITE_ONCE(sa->active, false);
		macsec_pn_wrapped(secy->ksecy, sa->ksa);
		secnet_macsec_dev_count(mdev, SECNET_MACSEC_TX_PN_EXHAUSTED);
	}
	return sa;
}

static void secnet_macsec_tx_count(struct secnet_macsec_secy *secy,
				   struct secnet_macsec_sa *sa, bool encrypt,
				   unsigned int msdu_len)
{
	secnet_ctrs_add(secy->ctrs, encrypt ? SECNET_MACSEC_OUT_PKTS_ENCRYPTED :
					      SECNET_MACSEC_OUT_PKTS_PROTECTED,
			1);
	secnet_ctrs_add(secy->ctrs,
			encrypt ? SECNET_MACSEC_OUT_OCTETS_ENCRYPTED :
				  SECNET_MACSEC_OUT_OCTETS_PROTECTED, msdu_len);
	secnet_ctrs_add(sa->ctrs, encrypt ? SECNET_MACSEC_TXSA_ENCRYPTED :
					    SECNET_MACSEC_TXSA_PROTECTED, 1);
	secnet_macsec_dev_count(secy->mdev, encrypt ?
				SECNET_MACSEC_TX_ENCRYPTED :
				SECNET_MACSEC_TX_PROTECTED);
}

/* The fault injection's bit flip, in the ICV's last byte. */
static void secnet_macsec_flip_last(struct sk_buff *skb)
{
	u8 b;

	if (!skb_copy_bits(skb, skb->len - 1, &b, 1)) {
		b ^= 1;
		skb_store_bits(skb, skb->len - 1, &b, 1);
	}
}

/*
 * A frame macsec left for the device: plaintext, marked with the SecY's
 * METADATA_MACSEC dst.  Whatever cannot be protected is dropped: it must
 * not leave as it is.
 */
static struct sk_buff *secnet_macsec_xmit(struct net_device *dev, void *priv,
					  struct sk_buff *skb)
{
	struct metadata_dst *md = skb_metadata_dst(skb);
	struct secnet_macsec_dev *mdev = priv;
	struct secnet_macsec_secy *secy;
	u8 iv[SECNET_MACSEC_IV_LEN];
	struct secnet_macsec_sa *sa;
	unsigned int msdu_len;
	bool encrypt, sci;
	u8 an, tci;
	u64 pn;

	if (!md || md->type != METADATA_MACSEC)
		return skb;
	secy = secnet_macsec_secy_find_rcu(mdev, md->u.macsec_info.sci);
	if (unlikely(!secy))
		goto drop;
	skb_dst_drop(skb);
	if (unlikely(!READ_ONCE(secy->protect))) {
		/* The SecY was set to send its frames unprotected. */
		secnet_ctrs_add(secy->ctrs, SECNET_MACSEC_OUT_PKTS_UNTAGGED, 1);
		secnet_macsec_dev_count(mdev, SECNET_MACSEC_TX_UNTAGGED);
		return skb;
	}
	/* macsec's device has no offloads: nothing should come unfinished. */
	if (unlikely(skb_is_gso(skb) ||
		     (skb->ip_summed == CHECKSUM_PARTIAL &&
		      skb_checksum_help(skb))))
		goto drop;
	encrypt = READ_ONCE(secy->encrypt);
	sci = READ_ONCE(secy->send_sci);
	msdu_len = skb->len - 2 * ETH_ALEN;
	/* The frame as it would leave, less its MACs and EtherType. */
	if (unlikely(msdu_len + secnet_macsec_hdr_len(sci) - ETH_HLEN +
		     secy->icv_len > dev->mtu)) {
		secnet_ctrs_add(secy->ctrs, SECNET_MACSEC_OUT_PKTS_TOO_LONG, 1);
		goto drop;
	}
	an = READ_ONCE(secy->encoding_sa);
	sa = secnet_macsec_tx_sa(secy, an, &pn);
	if (unlikely(!sa))
		goto drop;
	tci = secnet_macsec_tci(encrypt, secy->icv_len, sci,
				READ_ONCE(secy->end_station),
				READ_ONCE(secy->scb), an);
	skb = secnet_macsec_push_tag(skb, tci, pn, secy->sc.sci, secy->icv_len);
	if (unlikely(!skb))
		goto dropped;
	secnet_macsec_iv(&sa->crypto, secy->sc.sci, pn, iv);
	if (unlikely(secnet_macsec_seal(&sa->crypto, skb, iv)))
		goto drop;
	if (unlikely(secnet_macsec_fault_take(mdev,
					      SECNET_MACSEC_FAULT_CORRUPT_ICV)))
		secnet_macsec_flip_last(skb);
	secnet_macsec_tx_count(secy, sa, encrypt, msdu_len);
	return skb;

drop:
	kfree_skb(skb);
dropped:
	secnet_macsec_dev_count(mdev, SECNET_MACSEC_TX_DROPPED);
	return NULL;
}

/* The frame's SCI (802.1AE 10.6.1, as macsec_frame_sci() finds it). */
static sci_t secnet_macsec_frame_sci(struct secnet_macsec_dev *mdev,
				     const u8 *frame)
{
	const u8 *tag = frame + ETH_HLEN;
	struct secnet_macsec_secy *secy;
	struct secnet_macsec_rxsc *rxsc;
	sci_t sci;

	if (tag[0] & SECNET_MACSEC_TCI_SC) {
		memcpy(&sci, tag + SECNET_MACSEC_TAG_LEN, sizeof(sci));
		return sci;
	}
	/*
	 * Neither SCI nor ES: the peer is the one RX SC of the one SecY.
	 * The device knows only its own SecYs: one alone on it is taken as
	 * the lower device's only one.
	 */
	if (!(tag[0] & SECNET_MACSEC_TCI_ES) && READ_ONCE(mdev->n_secys) == 1) {
		secy = list_first_or_null_rcu(&mdev->secys,
					      struct secnet_macsec_secy, list);
		rxsc = secy ? list_first_or_null_rcu(&secy->rxscs,
						     struct secnet_macsec_rxsc,
						     list) : NULL;
		if (rxsc && READ_ONCE(rxsc->list.next) == &secy->rxscs &&
		    READ_ONCE(rxsc->active))
			return rxsc->sc.sci;
		return 0;
	}
	memcpy(&sci, frame + ETH_ALEN, ETH_ALEN);
	put_unaligned(MACSEC_PORT_ES, (__be16 *)((u8 *)&sci + ETH_ALEN));
	return sci;
}

/* Whether two low PN halves sit in the same half of the 32-bit space. */
static bool secnet_macsec_same_half(u32 a, u32 b)
{
	return (a >> 31) == (b >> 31);
}

/* The PN as the SA counts it: XPN recovers the high half (802.1AEbw). */
static u64 secnet_macsec_rx_pn(const struct secnet_macsec_secy *secy,
			       const struct secnet_macsec_sa *sa, u32 low)
{
	pn_t next = { .full64 = atomic64_read(&sa->next_pn) };
	pn_t pn = next;

	if (!secy->xpn)
		return low;
	pn.lower = low;
	if (low < next.lower && !secnet_macsec_same_half(low, next.lower))
		pn.upper++;
	return pn.full64;
}

/*
 * Whether @low falls below the replay window of an SA whose next PN has
 * @next for its low half; the window's bottom goes in *@lowest.
 */
static bool secnet_macsec_late(const struct secnet_macsec_secy *secy,
			       u32 next, u32 low, u32 *lowest)
{
	u32 window = READ_ONCE(secy->replay_window);

	*lowest = next >= window ? next - window : 0;
	if (!READ_ONCE(secy->replay_protect) || low >= *lowest)
		return false;
	return !secy->xpn || secnet_macsec_same_half(low, *lowest);
}

/*
 * The replay check again after decryption and, for a valid frame
 * (@advance), the window moved up past @low: one atomic step, as
 * macsec_post_decrypt() does both under the SA's lock, so that two copies
 * of a frame received at once never both pass.  False if it is late now.
 */
static bool secnet_macsec_rx_accept(const struct secnet_macsec_secy *secy,
				    struct secnet_macsec_sa *sa, u32 low,
				    bool advance, u32 *lowest)
{
	s64 old = atomic64_read(&sa->next_pn);
	pn_t next;

	do {
		next.full64 = old;
		if (secnet_macsec_late(secy, next.lower, low, lowest))
			return false;
		if (!advance)
			return true;
		if (low + 1 > next.lower) {
			next.lower = low + 1;
		} else if (secy->xpn &&
			   (low + 1 == 0 || !secnet_macsec_same_half(low, next.lower))) {
			next.upper++;
			next.lower = low + 1;
		} else {
			return true;
		}
	} while (!atomic64_try_cmpxchg(&sa->next_pn, &old, next.full64));
	return true;
}

enum secnet_macsec_rx_verdict {
	SECNET_MACSEC_RX_DELIVER,
	SECNET_MACSEC_RX_DROP,
};

/*
 * Validates and opens a frame for @rxsc (data at DA), counting as the
 * kernel's software SecY would (10.6.2 to 10.6.5).
 */
static enum secnet_macsec_rx_verdict
secnet_macsec_rx_frame(struct secnet_macsec_rxsc *rxsc, struct sk_buff *skb)
{
	struct secnet_macsec_secy *secy = rxsc->secy;
	struct secnet_macsec_dev *mdev = secy->mdev;
	u8 tci = skb->data[ETH_HLEN];
	u8 validate = READ_ONCE(secy->validate);
	u8 iv[SECNET_MACSEC_IV_LEN];
	struct secnet_macsec_sa *sa;
	unsigned int msdu_len;
	u32 low, lowest;
	bool valid;
	int err;

	if (!secnet_macsec_tag_valid(skb, secy->icv_len, secy->xpn)) {
		secnet_ctrs_add(secy->ctrs, SECNET_MACSEC_IN_PKTS_BAD_TAG, 1);
		secnet_macsec_dev_count(mdev, SECNET_MACSEC_RX_BAD_TAG);
		return SECNET_MACSEC_RX_DROP;
	}
	sa = rcu_dereference(rxsc->sa[tci & SECNET_MACSEC_AN_MASK]);
	if (!sa || !READ_ONCE(sa->active)) {
		if ((tci & SECNET_MACSEC_TCI_C) ||
		    validate == MACSEC_VALIDATE_STRICT) {
			secnet_ctrs_add(rxsc->ctrs,
					SECNET_MACSEC_IN_PKTS_NOT_USING_SA, 1);
			secnet_macsec_dev_count(mdev, SECNET_MACSEC_RX_NO_SA);
			return SECNET_MACSEC_RX_DROP;
		}
		secnet_ctrs_add(rxsc->ctrs, SECNET_MACSEC_IN_PKTS_UNUSED_SA, 1);
		return SECNET_MACSEC_RX_DELIVER;
	}
	low = get_unaligned_be32(skb->data + ETH_HLEN + 2);
	/* Late frames are not worth decrypting. */
	if (secnet_macsec_late(secy, (u32)atomic64_read(&sa->next_pn), low,
			       &lowest))
		goto late;
	valid = true;
	if ((tci & SECNET_MACSEC_TCI_C) || validate != MACSEC_VALIDATE_DISABLED) {
		secnet_macsec_iv(&sa->crypto, rxsc->sc.sci,
				 secnet_macsec_rx_pn(secy, sa, low), iv);
		err = secnet_macsec_open(&sa->crypto, skb, iv);
		if (err && err != -EBADMSG)
			return SECNET_MACSEC_RX_DROP;
		valid = !err;
	}
	/* Again: another CPU may have moved the window meanwhile. */
	if (!secnet_macsec_rx_accept(secy, sa, low, valid, &lowest))
		goto late;
	msdu_len = skb->len - secnet_macsec_hdr_len(tci & SECNET_MACSEC_TCI_SC) -
		   secy->icv_len;
	if (validate != MACSEC_VALIDATE_DISABLED)
		secnet_ctrs_add(rxsc->ctrs, tci & SECNET_MACSEC_TCI_E ?
				SECNET_MACSEC_IN_OCTETS_DECRYPTED :
				SECNET_MACSEC_IN_OCTETS_VALIDATED, msdu_len);
	if (!valid) {
		if ((tci & SECNET_MACSEC_TCI_C) ||
		    validate == MACSEC_VALIDATE_STRICT) {
			secnet_ctrs_add(rxsc->ctrs,
					SECNET_MACSEC_IN_PKTS_NOT_VALID, 1);
			secnet_ctrs_add(sa->ctrs, SECNET_MACSEC_RXSA_NOT_VALID,
					1);
			secnet_macsec_dev_count(mdev, SECNET_MACSEC_RX_ICV_FAIL);
			return SECNET_MACSEC_RX_DROP;
		}
		if (validate == MACSEC_VALIDATE_CHECK) {
			secnet_ctrs_add(rxsc->ctrs,
					SECNET_MACSEC_IN_PKTS_INVALID, 1);
			secnet_ctrs_add(sa->ctrs, SECNET_MACSEC_RXSA_INVALID, 1);
		} else {
			secnet_ctrs_add(rxsc->ctrs, low < lowest ?
					SECNET_MACSEC_IN_PKTS_DELAYED :
					SECNET_MACSEC_IN_PKTS_UNCHECKED, 1);
		}
		return SECNET_MACSEC_RX_DELIVER;
	}
	if (low < lowest) {
		secnet_ctrs_add(rxsc->ctrs, SECNET_MACSEC_IN_PKTS_DELAYED, 1);
	} else {
		secnet_ctrs_add(rxsc->ctrs, SECNET_MACSEC_IN_PKTS_OK, 1);
		secnet_ctrs_add(sa->ctrs, SECNET_MACSEC_RXSA_OK, 1);
	}
	secnet_macsec_dev_count(mdev, tci & SECNET_MACSEC_TCI_E ?
				SECNET_MACSEC_RX_DECRYPTED :
				SECNET_MACSEC_RX_VALIDATED);
	return SECNET_MACSEC_RX_DELIVER;

late:
	secnet_ctrs_add(rxsc->ctrs, SECNET_MACSEC_IN_PKTS_LATE, 1);
	secnet_macsec_dev_count(mdev, SECNET_MACSEC_RX_LATE);
	return SECNET_MACSEC_RX_DROP;
}

/*
 * A frame the peer sent, data past the EtherType.  MACsec frames of the RX
 * SCs the device holds are opened and handed to their SecY through the RX
 * SC's md_dst; every other frame goes up untouched, for software.
 */
static struct sk_buff *secnet_macsec_receive(struct net_device *dev,
					     void *priv, struct sk_buff *skb)
{
	struct secnet_macsec_dev *mdev = priv;
	struct secnet_macsec_rxsc *rxsc;
	unsigned int tag_len;
	sci_t sci;

	if (skb->protocol != htons(ETH_P_MACSEC) || !READ_ONCE(mdev->n_secys))
		return skb;
	tag_len = SECNET_MACSEC_TAG_LEN;
	if (!pskb_may_pull(skb, tag_len))
		return skb;
	/*
	 * E without C: reserved for frames not for the Controlled Port
	 * (802.1AE 9.5), which macsec_handle_frame() passes on as they are.
	 */
	if ((skb->data[0] & (SECNET_MACSEC_TCI_E | SECNET_MACSEC_TCI_C)) ==
	    SECNET_MACSEC_TCI_E)
		return skb;
	if (skb->data[0] & SECNET_MACSEC_TCI_SC)
		tag_len += SECNET_MACSEC_SCI_LEN;
	if (!pskb_may_pull(skb, tag_len))
		return skb;
	/* From here on at DA: the AAD starts there. */
	skb_push(skb, ETH_HLEN);
	sci = secnet_macsec_frame_sci(mdev, skb->data);
	rxsc = sci ? secnet_macsec_rxsc_find_rcu(mdev, sci) : NULL;
	if (!rxsc) {
		secnet_macsec_dev_count(mdev, SECNET_MACSEC_RX_UNKNOWN_SCI);
		__skb_pull(skb, ETH_HLEN);
		return skb;
	}
	if (skb_unclone(skb, GFP_ATOMIC) ||
	    secnet_macsec_rx_frame(rxsc, skb) != SECNET_MACSEC_RX_DELIVER) {
		secnet_macsec_dev_count(mdev, SECNET_MACSEC_RX_DROPPED);
		kfree_skb(skb);
		return NULL;
	}
	secnet_macsec_pull_tag(skb, rxsc->secy->icv_len);
	skb->protocol = eth_type_trans(skb, dev);
	skb_reset_network_header(skb);
	skb_reset_mac_len(skb);
	/* macsec steers the frame to the RX SC's SecY by this. */
	skb_dst_drop(skb);
	dst_hold(&rxsc->md_dst->dst);
	skb_dst_set(skb, &rxsc->md_dst->dst);
	return skb;
}

static int secnet_macsec_dev_init(struct net_device *dev, void *priv)
{
	struct secnet_macsec_dev *mdev = priv;

	mdev->dev = dev;
	INIT_LIST_HEAD(&mdev->secys);
	hash_init(mdev->tx_hash);
	hash_init(mdev->rx_hash);
	/* Charged to whoever made the device. */
	mdev->ctrs = secnet_ctrs_alloc(SECNET_MACSEC_DEV_CTRS,
				       GFP_KERNEL_ACCOUNT);
	return mdev->ctrs ? 0 : -ENOMEM;
}

/*
 * No SecY is left by then: each holds the module, and macsec deletes them
 * before their lower device goes.  Flushing covers what is left anyway.
 */
static void secnet_macsec_dev_uninit(struct net_device *dev, void *priv)
{
	struct secnet_macsec_dev *mdev = priv;

	WARN_ON_ONCE(mdev->n_secys);
	secnet_macsec_flush(mdev);
	free_percpu(mdev->ctrs);
}

static const char secnet_macsec_stat_names[][ETH_GSTRING_LEN] = {
	"macsec_secy_offloaded",
	"macsec_sa_offloaded",
	"macsec_tx_protected",
	"macsec_tx_encrypted",
	"macsec_tx_untagged",
	"macsec_tx_dropped",
	"macsec_tx_pn_exhausted",
	"macsec_rx_validated",
	"macsec_rx_decrypted",
	"macsec_rx_icv_fail",
	"macsec_rx_late",
	"macsec_rx_bad_tag",
	"macsec_rx_no_sa",
	"macsec_rx_unknown_sci",
	"macsec_rx_dropped",
	"macsec_faults_injected",
};

static void secnet_macsec_read_stats(struct net_device *dev, void *priv,
				     u64 *values)
{
	struct secnet_macsec_dev *mdev = priv;

	BUILD_BUG_ON(ARRAY_SIZE(secnet_macsec_stat_names) !=
		     SECNET_MACSEC_DEV_CTRS + 2);
	values[0] = READ_ONCE(mdev->n_secys);
	values[1] = mdev->n_sas;
	secnet_ctrs_sum(mdev->ctrs, SECNET_MACSEC_DEV_CTRS, values + 2);
}

const struct secnet_offload secnet_macsec_offload = {
	.kind		= SECNET_OFFLOAD_MACSEC,
	.owner		= THIS_MODULE,
	.features	= NETIF_F_HW_MACSEC,
	.priv_size	= sizeof(struct secnet_macsec_dev),
	.dev_init	= secnet_macsec_dev_init,
	.dev_uninit	= secnet_macsec_dev_uninit,
	.xmit		= secnet_macsec_xmit,
	.receive	= secnet_macsec_receive,
	.stat_names	= secnet_macsec_stat_names,
	.n_stats	= ARRAY_SIZE(secnet_macsec_stat_names),
	.read_stats	= secnet_macsec_read_stats,
	.macsec		= &secnet_macsec_mdo_ops,
};
