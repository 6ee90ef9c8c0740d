// SPDX-License-Identifier: GPL-2.0
/*
 * The data path of secnet_macsec.ko (macsec/offload.c) against what the
 * kernel's software SecY (drivers/net/macsec.c) does with the same frames:
 * the transmit PN, the receive replay window and XPN PN recovery, and
 * frames through the devices' real transmit and receive.
 *
 * Each case builds a pair of unregistered secnet devices holding the
 * MACsec offload's state, and gives them SecYs, SCs and SAs through the
 * module's own mdo_* calls, as macsec would: one device transmits (SCI A,
 * TX SA 0), the other receives (an RX SC for SCI A, RX SA 0).  The cases
 * assert rather than expect: KUnit 6.1 keeps 512 bytes of a case's log.
 */

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/kthread.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <asm/unaligned.h>

#include "device.h"
#include "offload.h"
#include "secnet_macsec.h"

#define DP_SCI_A	((__force sci_t)cpu_to_be64(0x0200000000010001ULL))
#define DP_SCI_B	((__force sci_t)cpu_to_be64(0x0200000000020001ULL))
#define DP_SCI_NONE	((__force sci_t)cpu_to_be64(0x0200000000090001ULL))
#define DP_SSCI		((__force ssci_t)cpu_to_be32(0x7a30c118))
#define DP_ICV_LEN	MACSEC_DEFAULT_ICV_LEN
#define DP_PAYLOAD	46
#define DP_FRAME	(ETH_HLEN + DP_PAYLOAD)
/* Where the SecTAG's PN sits in a frame at DA. */
#define DP_PN_AT	(ETH_HLEN + 2)
#define DP_HELD		32

/**
 * struct dp_side - one device of the pair and its SecY as macsec holds it
 * @dev: the device
 * @mdev: its MACsec engine
 * @secy: the kernel's SecY
 * @added: the device holds @secy
 */
struct dp_side {
	struct net_device *dev;
	struct secnet_macsec_dev *mdev;
	struct macsec_secy secy;
	bool added;
};

/**
 * struct dp - a pair, what macsec would hold, and the frames of the case
 * @tx: sends with @tx_sa
 * @rx: receives with @rx_sa of @rx_sc
 * @tx_sa: the kernel's TX SA 0 of @tx
 * @rx_sc: the kernel's RX SC (SCI A) of @rx
 * @rx_sa: its RX SA 0
 * @md: the metadata dst macsec marks @tx's frames with
 * @held: frames freed when the case ends
 * @n_held: entries in @held
 */
struct dp {
	struct dp_side tx, rx;
	struct macsec_tx_sa tx_sa;
	struct macsec_rx_sc rx_sc;
	struct macsec_rx_sa rx_sa;
	struct metadata_dst *md;
	struct sk_buff *held[DP_HELD];
	unsigned int n_held;
};

static const u8 dp_key[16] = {
	0xad, 0x7a, 0x2b, 0xd0, 0x3e, 0xac, 0x83, 0x5a,
	0x6f, 0x62, 0x0f, 0xdc, 0xb5, 0x06, 0xb3, 0x45,
};

static const u8 dp_salt[MACSEC_SALT_LEN] = {
	0xe6, 0x30, 0xe8, 0x1a, 0x48, 0xde, 0x86, 0xa2,
	0x1c, 0x66, 0xfa, 0x6d,
};

/* The plaintext frame: DA, SA, IPv4's EtherType, a payload of 1, 2, ... */
static void dp_plain_bytes(u8 *p)
{
	static const u8 macs[2 * ETH_ALEN] = {
		0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
		0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	};
	unsigned int i;

	memcpy(p, macs, sizeof(macs));
	put_unaligned_be16(ETH_P_IP, p + 2 * ETH_ALEN);
	for (i = 0; i < DP_PAYLOAD; i++)
		p[ETH_HLEN + i] = i + 1;
}

static int dp_mdo(int (*mdo)(struct macsec_context *ctx),
		  struct macsec_context *ctx)
{
	int err;

	rtnl_lock();
	err = mdo(ctx);
	rtnl_unlock();
	return err;
}

static struct macsec_context dp_ctx(struct dp_side *side)
{
	struct macsec_context ctx = {
		.netdev = side->dev,
		.offload = MACSEC_OFFLOAD_MAC,
		.secy = &side->secy,
	};

	return ctx;
}

/* An unregistered secnet device with the offloads' states, as dev_init. */
static int dp_dev_init(struct dp_side *side)
{
	struct secnet_device *sd;
	struct net_device *dev;
	int err;

	dev = alloc_netdev(sizeof(*sd), "snk%d", NET_NAME_ENUM, ether_setup);
	if (!dev)
		return -ENOMEM;
	sd = netdev_priv(dev);
	sd->dev = dev;
	mutex_init(&sd->offload_lock);
	rtnl_lock();
	err = secnet_offload_dev_init(dev);
	side->mdev = secnet_offload_priv(dev, SECNET_OFFLOAD_MACSEC);
	rtnl_unlock();
	if (err) {
		free_netdev(dev);
		return err;
	}
	side->dev = dev;
	return side->mdev ? 0 : -ENODEV;
}

/* As macsec and the device take the SecY down, then the device. */
static void dp_dev_free(struct dp_side *side)
{
	struct macsec_context ctx = dp_ctx(side);

	if (!side->dev)
		return;
	rtnl_lock();
	if (side->added)
		secnet_macsec_mdo_ops.mdo_del_secy(&ctx);
	secnet_offload_dev_uninit(side->dev);
	rtnl_unlock();
	free_netdev(side->dev);
}

static void dp_free(struct kunit_resource *res)
{
	struct dp *dp = res->data;

	while (dp->n_held)
		kfree_skb(dp->held[--dp->n_held]);
	dp_dev_free(&dp->tx);
	dp_dev_free(&dp->rx);
	if (dp->md)
		dst_release(&dp->md->dst);
	kfree(dp);
}

static int dp_init(struct kunit_resource *res, void *context)
{
	struct dp *dp = kzalloc(sizeof(*dp), GFP_KERNEL);
	int err;

	if (!dp)
		return -ENOMEM;
	res->data = dp;
	dp->md = metadata_dst_alloc(0, METADATA_MACSEC, GFP_KERNEL);
	err = dp->md ? dp_dev_init(&dp->tx) : -ENOMEM;
	if (!err)
		err = dp_dev_init(&dp->rx);
	if (err) {
		dp_free(res);
		return err;
	}
	dp->md->u.macsec_info.sci = DP_SCI_A;
	return 0;
}

/* A SecY as `ip link add ... type macsec` leaves it: strict, protected. */
static void dp_secy(struct dp_side *side, sci_t sci, bool xpn, u32 window)
{
	struct macsec_secy *k = &side->secy;

	k->netdev = side->dev;
	k->sci = sci;
	k->key_len = sizeof(dp_key);
	k->icv_len = DP_ICV_LEN;
	k->validate_frames = MACSEC_VALIDATE_STRICT;
	k->xpn = xpn;
	k->operational = true;
	k->protect_frames = true;
	k->replay_protect = true;
	k->replay_window = window;
	k->tx_sc.active = true;
	k->tx_sc.encrypt = true;
	k->tx_sc.send_sci = true;
}

/* The frame owned by the case from now on; NULL stays NULL. */
static struct sk_buff *dp_hold(struct kunit *test, struct dp *dp,
			       struct sk_buff *skb)
{
	if (!skb)
		return NULL;
	if (dp->n_held == DP_HELD) {
		kfree_skb(skb);
		KUNIT_ASSERT_FAILURE(test, "more than %d frames", DP_HELD);
	}
	dp->held[dp->n_held++] = skb;
	return skb;
}

/*
 * A pair with SecYs, the TX SA and the RX SC and SA, all on and at PN 1,
 * replay protection with a window of @window.
 */
static struct dp *dp_new(struct kunit *test, bool xpn, u32 window)
{
	struct macsec_context ctx;
	struct dp *dp;

	dp = kunit_alloc_resource(test, dp_init, dp_free, GFP_KERNEL, NULL);
	KUNIT_ASSERT_NOT_NULL_MSG(test, dp, "no device pair");

	dp_secy(&dp->tx, DP_SCI_A, xpn, window);
	ctx = dp_ctx(&dp->tx);
	KUNIT_ASSERT_EQ(test, dp_mdo(secnet_macsec_mdo_ops.mdo_add_secy, &ctx),
			0);
	dp->tx.added = true;
	spin_lock_init(&dp->tx_sa.lock);
	dp->tx_sa.next_pn = 1;
	dp->tx_sa.active = true;
	dp->tx_sa.ssci = DP_SSCI;
	memcpy(dp->tx_sa.key.salt.bytes, dp_salt, sizeof(dp_salt));
	memcpy(ctx.sa.key, dp_key, sizeof(dp_key));
	ctx.sa.tx_sa = &dp->tx_sa;
	KUNIT_ASSERT_EQ(test, dp_mdo(secnet_macsec_mdo_ops.mdo_add_txsa, &ctx),
			0);

	dp_secy(&dp->rx, DP_SCI_B, xpn, window);
	dp->rx.secy.n_rx_sc = 1;
	ctx = dp_ctx(&dp->rx);
	KUNIT_ASSERT_EQ(test, dp_mdo(secnet_macsec_mdo_ops.mdo_add_secy, &ctx),
			0);
	dp->rx.added = true;
	dp->rx_sc.sci = DP_SCI_A;
	dp->rx_sc.active = true;
	ctx.rx_sc = &dp->rx_sc;
	KUNIT_ASSERT_EQ(test, dp_mdo(secnet_macsec_mdo_ops.mdo_add_rxsc, &ctx),
			0);
	spin_lock_init(&dp->rx_sa.lock);
	dp->rx_sa.next_pn = 1;
	dp->rx_sa.active = true;
	dp->rx_sa.ssci = DP_SSCI;
	memcpy(dp->rx_sa.key.salt.bytes, dp_salt, sizeof(dp_salt));
	dp->rx_sa.sc = &dp->rx_sc;
	memcpy(ctx.sa.key, dp_key, sizeof(dp_key));
	ctx.sa.rx_sa = &dp->rx_sa;
	KUNIT_ASSERT_EQ(test, dp_mdo(secnet_macsec_mdo_ops.mdo_add_rxsa, &ctx),
			0);
	return dp;
}

/* `ip macsec set ... sa 0 [pn @pn] on|off` on the TX SA. */
static void dp_tx_sa_set(struct kunit *test, struct dp *dp, bool update_pn,
			 u64 pn, bool active)
{
	struct macsec_context ctx = dp_ctx(&dp->tx);

	if (update_pn)
		dp->tx_sa.next_pn = pn;
	dp->tx_sa.active = active;
	ctx.sa.update_pn = update_pn;
	ctx.sa.tx_sa = &dp->tx_sa;
	KUNIT_ASSERT_EQ(test, dp_mdo(secnet_macsec_mdo_ops.mdo_upd_txsa, &ctx),
			0);
}

/* The same on the RX SA. */
static void dp_rx_sa_set(struct kunit *test, struct dp *dp, u64 pn,
			 bool active)
{
	struct macsec_context ctx = dp_ctx(&dp->rx);

	dp->rx_sa.next_pn = pn;
	dp->rx_sa.active = active;
	ctx.sa.update_pn = true;
	ctx.sa.rx_sa = &dp->rx_sa;
	KUNIT_ASSERT_EQ(test, dp_mdo(secnet_macsec_mdo_ops.mdo_upd_rxsa, &ctx),
			0);
}

/* `ip link set ... type macsec ...`: @side's SecY settings, as changed. */
static void dp_secy_update(struct kunit *test, struct dp_side *side)
{
	struct macsec_context ctx = dp_ctx(side);

	KUNIT_ASSERT_EQ(test, dp_mdo(secnet_macsec_mdo_ops.mdo_upd_secy, &ctx),
			0);
}

/* The device's next PN for the TX SA, or the RX SA's window top. */
static u64 dp_next_pn(struct dp_side *side, bool rx)
{
	struct secnet_macsec_secy *secy;
	struct secnet_macsec_rxsc *rxsc;
	struct secnet_macsec_sa *sa;
	u64 pn;

	rcu_read_lock();
	if (rx) {
		rxsc = secnet_macsec_rxsc_find_rcu(side->mdev, DP_SCI_A);
		sa = rcu_dereference(rxsc->sa[0]);
	} else {
		secy = secnet_macsec_secy_find_rcu(side->mdev, DP_SCI_A);
		sa = rcu_dereference(secy->tx_sa[0]);
	}
	pn = atomic64_read(&sa->next_pn);
	rcu_read_unlock();
	return pn;
}

static u64 dp_dev_ctr(struct dp_side *side, enum secnet_macsec_dev_ctr c)
{
	u64 v[SECNET_MACSEC_DEV_CTRS];

	secnet_ctrs_sum(side->mdev->ctrs, SECNET_MACSEC_DEV_CTRS, v);
	return v[c];
}

/* An RX SC's counters, in the order of struct macsec_rx_sc_stats. */
struct dp_rxsc_stats {
	u64 v[SECNET_MACSEC_RXSC_CTRS];
};

static struct dp_rxsc_stats dp_rxsc_stats(struct kunit *test, struct dp *dp)
{
	struct macsec_context ctx = dp_ctx(&dp->rx);
	struct dp_rxsc_stats s = { };

	ctx.rx_sc = &dp->rx_sc;
	ctx.stats.rx_sc_stats = (struct macsec_rx_sc_stats *)s.v;
	KUNIT_ASSERT_EQ(test,
			dp_mdo(secnet_macsec_mdo_ops.mdo_get_rx_sc_stats, &ctx),
			0);
	return s;
}

/* One of a SecY's counters (struct macsec_dev_stats). */
static u64 dp_secy_ctr(struct kunit *test, struct dp_side *side,
		       enum secnet_macsec_secy_ctr c)
{
	struct macsec_context ctx = dp_ctx(side);
	u64 v[SECNET_MACSEC_OUT_PKTS_PROTECTED] = { };

	ctx.stats.dev_stats = (struct macsec_dev_stats *)v;
	KUNIT_ASSERT_EQ(test,
			dp_mdo(secnet_macsec_mdo_ops.mdo_get_dev_stats, &ctx),
			0);
	return v[c];
}

/*
 * The plaintext frame as macsec hands it to the lower device of an
 * offloaded SecY: data at DA, the TX SC's metadata dst attached.
 */
static struct sk_buff *dp_plain(struct kunit *test, struct dp *dp)
{
	struct sk_buff *skb = alloc_skb(DP_FRAME + 128, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 64);
	dp_plain_bytes(skb_put(skb, DP_FRAME));
	skb_reset_mac_header(skb);
	skb->protocol = htons(ETH_P_IP);
	skb->dev = dp->tx.dev;
	dst_hold(&dp->md->dst);
	skb_dst_set(skb, &dp->md->dst);
	return skb;
}

/* The device's transmit on @skb, as from its ndo_start_xmit. */
static struct sk_buff *dp_xmit(struct net_device *dev, struct sk_buff *skb)
{
	local_bh_disable();
	rcu_read_lock();
	skb = secnet_offload_xmit(dev, skb);
	rcu_read_unlock();
	local_bh_enable();
	return skb;
}

/* A plaintext frame sent on the TX device: what leaves it, or NULL. */
static struct sk_buff *dp_send(struct kunit *test, struct dp *dp)
{
	return dp_hold(test, dp, dp_xmit(dp->tx.dev, dp_plain(test, dp)));
}

/* The MACsec frame of PN @pn (the TX SA moved there), data at DA. */
static struct sk_buff *dp_sealed(struct kunit *test, struct dp *dp, u64 pn)
{
	struct sk_buff *skb;

	dp_tx_sa_set(test, dp, true, pn, true);
	skb = dp_send(test, dp);
	KUNIT_ASSERT_NOT_NULL_MSG(test, skb, "PN %llx not sent", pn);
	KUNIT_ASSERT_EQ(test, get_unaligned_be16(skb->data + 2 * ETH_ALEN),
			ETH_P_MACSEC);
	KUNIT_ASSERT_EQ(test, get_unaligned_be32(skb->data + DP_PN_AT),
			lower_32_bits(pn));
	return skb;
}

/*
 * @skb as the RX device gets it after crossing the pair (data past the
 * EtherType), through its receive: what goes up, or NULL.
 */
static struct sk_buff *dp_deliver(struct dp *dp, struct sk_buff *skb)
{
	skb->protocol = eth_type_trans(skb, dp->rx.dev);
	local_bh_disable();
	rcu_read_lock();
	skb = secnet_offload_receive(dp->rx.dev, skb);
	rcu_read_unlock();
	local_bh_enable();
	return skb;
}

/* A copy of the MACsec frame @frame received: what goes up, or NULL. */
static struct sk_buff *dp_recv(struct kunit *test, struct dp *dp,
			       const struct sk_buff *frame)
{
	struct sk_buff *skb = skb_copy(frame, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	return dp_hold(test, dp, dp_deliver(dp, skb));
}

/* What went up is the plaintext frame, steered to the RX SC's SecY. */
static void dp_assert_plain(struct kunit *test, struct dp *dp,
			    const struct sk_buff *skb, const char *what)
{
	struct secnet_macsec_rxsc *rxsc;
	struct metadata_dst *md;
	u8 want[DP_FRAME];
	u8 got[DP_PAYLOAD];

	dp_plain_bytes(want);
	KUNIT_ASSERT_NOT_NULL_MSG(test, skb, "%s: dropped", what);
	KUNIT_ASSERT_EQ_MSG(test, skb->len, DP_PAYLOAD, "%s", what);
	KUNIT_ASSERT_EQ_MSG(test, ntohs(skb->protocol), ETH_P_IP, "%s", what);
	KUNIT_ASSERT_EQ_MSG(test, skb->data - skb_mac_header(skb), ETH_HLEN,
			    "%s", what);
	KUNIT_ASSERT_EQ_MSG(test, memcmp(skb_mac_header(skb), want, ETH_HLEN),
			    0, "%s: Ethernet header", what);
	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, got, DP_PAYLOAD), 0);
	KUNIT_ASSERT_EQ_MSG(test, memcmp(got, want + ETH_HLEN, DP_PAYLOAD), 0,
			    "%s: payload", what);
	md = skb_metadata_dst(skb);
	KUNIT_ASSERT_NOT_NULL_MSG(test, md, "%s: no md_dst", what);
	KUNIT_ASSERT_EQ_MSG(test, (int)md->type, METADATA_MACSEC, "%s", what);
	KUNIT_ASSERT_TRUE_MSG(test, md->u.macsec_info.sci == DP_SCI_A, "%s",
			      what);
	rcu_read_lock();
	rxsc = secnet_macsec_rxsc_find_rcu(dp->rx.mdev, DP_SCI_A);
	KUNIT_EXPECT_PTR_EQ(test, md, rxsc ? rxsc->md_dst : NULL);
	rcu_read_unlock();
}

/*
 * The frame @skb, the last the case holds, through receive: it must go up
 * as it is, for software (the same skb, data untouched, no md_dst).
 */
static void dp_assert_passed_on(struct kunit *test, struct dp *dp,
				struct sk_buff *skb, const char *what)
{
	unsigned int len = skb->len;
	struct sk_buff *up;
	u8 *before, *data;

	KUNIT_ASSERT_PTR_EQ(test, dp->held[dp->n_held - 1], skb);
	before = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, before);
	memcpy(before, skb->data, len);
	/* Receive gets the held frame itself, and the slot what comes back. */
	dp->n_held--;
	data = skb->data + ETH_HLEN;
	up = dp_hold(test, dp, dp_deliver(dp, skb));
	KUNIT_ASSERT_PTR_EQ_MSG(test, up, skb, "%s: not passed on", what);
	KUNIT_ASSERT_PTR_EQ(test, up->data, data);
	KUNIT_ASSERT_EQ(test, up->len + ETH_HLEN, len);
	KUNIT_ASSERT_EQ(test, ntohs(up->protocol), ETH_P_MACSEC);
	KUNIT_ASSERT_EQ_MSG(test, memcmp(up->data - ETH_HLEN, before, len), 0,
			    "%s: changed", what);
	KUNIT_ASSERT_NULL(test, skb_dst(up));
}

/* Group 1: the transmit PN. */

/*
 * The PNs go up from next_pn; the SA sends the 32-bit space's last PN,
 * 2^32 - 1, then stops, as tx_sa_update_pn() and __macsec_pn_wrapped() do
 * (the kernel's SA and SecY go off); switched on again without a new PN it
 * sends nothing, never PN 0 or a PN again.
 */
static void dp_tx_pn_sequence(struct kunit *test)
{
	struct dp *dp = dp_new(test, false, 0);
	struct sk_buff *skb, *last;
	unsigned int i;

	for (i = 1; i <= 3; i++) {
		skb = dp_send(test, dp);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		KUNIT_ASSERT_EQ(test, get_unaligned_be32(skb->data + DP_PN_AT),
				i);
	}
	KUNIT_ASSERT_EQ(test, dp_next_pn(&dp->tx, false), 4);

	dp_tx_sa_set(test, dp, true, U32_MAX - 1, true);
	skb = dp_send(test, dp);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, get_unaligned_be32(skb->data + DP_PN_AT),
			U32_MAX - 1);
	KUNIT_ASSERT_TRUE(test, dp->tx_sa.active);
	last = dp_send(test, dp);
	KUNIT_ASSERT_NOT_NULL_MSG(test, last, "the last PN was not sent");
	KUNIT_ASSERT_EQ(test, get_unaligned_be32(last->data + DP_PN_AT),
			U32_MAX);
	/* macsec_pn_wrapped(): the kernel's SA and SecY went off */
	KUNIT_ASSERT_FALSE(test, dp->tx_sa.active);
	KUNIT_ASSERT_FALSE(test, dp->tx.secy.operational);
	KUNIT_ASSERT_EQ(test, dp_dev_ctr(&dp->tx, SECNET_MACSEC_TX_PN_EXHAUSTED),
			1);
	KUNIT_ASSERT_NULL_MSG(test, dp_send(test, dp),
			      "a frame after the last PN was sent");
	KUNIT_ASSERT_EQ(test, dp_dev_ctr(&dp->tx, SECNET_MACSEC_TX_DROPPED), 1);

	/* `ip macsec set ... sa 0 on` without a PN: still nothing */
	dp_tx_sa_set(test, dp, false, 0, true);
	for (i = 0; i < 2; i++)
		KUNIT_ASSERT_NULL_MSG(test, dp_send(test, dp),
				      "the wrapped SA sent again (%u)", i);
	KUNIT_ASSERT_EQ(test, dp_dev_ctr(&dp->tx, SECNET_MACSEC_TX_PN_EXHAUSTED),
			1);
	KUNIT_ASSERT_EQ(test, dp_dev_ctr(&dp->tx, SECNET_MACSEC_TX_DROPPED), 3);

	/* the frame with the last PN is a good one */
	dp_assert_plain(test, dp, dp_recv(test, dp, last), "PN 2^32 - 1");
}

/*
 * XPN: the same at 2^64 - 1, where the PN's low half on the wire wraps
 * through 0 before (a low half of 0 is a PN like any) but the PN never
 * does.  The peer opens the last frames with the 64-bit PN in the IV.
 */
static void dp_tx_pn_xpn(struct kunit *test)
{
	struct dp *dp = dp_new(test, true, 0);
	struct sk_buff *skb;

	/* 0x1_FFFFFFFF, then 0x2_00000000: low half 0 */
	skb = dp_sealed(test, dp, 0x1ffffffffULL);
	dp_rx_sa_set(test, dp, 0x1fffffff0ULL, true);
	dp_assert_plain(test, dp, dp_recv(test, dp, skb), "0x1_FFFFFFFF");
	skb = dp_send(test, dp);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, get_unaligned_be32(skb->data + DP_PN_AT), 0);
	dp_assert_plain(test, dp, dp_recv(test, dp, skb), "0x2_00000000");

	skb = dp_sealed(test, dp, U64_MAX - 1);
	dp_rx_sa_set(test, dp, U64_MAX - 1, true);
	dp_assert_plain(test, dp, dp_recv(test, dp, skb), "2^64 - 2");
	skb = dp_send(test, dp);
	KUNIT_ASSERT_NOT_NULL_MSG(test, skb, "the last PN was not sent");
	KUNIT_ASSERT_EQ(test, get_unaligned_be32(skb->data + DP_PN_AT),
			U32_MAX);
	dp_assert_plain(test, dp, dp_recv(test, dp, skb), "2^64 - 1");
	KUNIT_ASSERT_FALSE(test, dp->tx_sa.active);
	KUNIT_ASSERT_NULL(test, dp_send(test, dp));
	dp_tx_sa_set(test, dp, false, 0, true);
	KUNIT_ASSERT_NULL_MSG(test, dp_send(test, dp),
			      "the wrapped SA sent PN 0");
	KUNIT_ASSERT_EQ(test, dp_dev_ctr(&dp->tx, SECNET_MACSEC_TX_PN_EXHAUSTED),
			1);
}

#define DP_THREADS	2
#define DP_TAKES	4096

/**
 * struct dp_thread - one of DP_THREADS threads a case runs at once
 * @work: what it does
 * @ready: threads ready, so that they start together
 * @done: completed when it is through
 */
struct dp_thread {
	void (*work)(struct dp_thread *t);
	atomic_t *ready;
	struct completion done;
};

static int dp_thread_fn(void *arg)
{
	struct dp_thread *t = arg;

	atomic_inc(t->ready);
	while (atomic_read(t->ready) < DP_THREADS)
		cond_resched();
	t->work(t);
	complete(&t->done);
	return 0;
}

/*
 * Runs @work in DP_THREADS threads at once, each given one of the structs
 * at @base, @size bytes apart, that start with a struct dp_thread; returns
 * when all are through.
 */
static void dp_run_threads(struct kunit *test, void *base, size_t size,
			   void (*work)(struct dp_thread *t))
{
	atomic_t ready = ATOMIC_INIT(0);
	struct task_struct *task;
	struct dp_thread *t;
	unsigned int i;

	for (i = 0; i < DP_THREADS; i++) {
		t = base + i * size;
		t->work = work;
		t->ready = &ready;
		init_completion(&t->done);
		task = kthread_run(dp_thread_fn, t, "dp_thread%u", i);
		if (IS_ERR(task))
			break;
	}
	if (i < DP_THREADS) {
		/* Those started wait for the others: let them go. */
		atomic_add(DP_THREADS, &ready);
	}
	while (i--) {
		t = base + i * size;
		wait_for_completion(&t->done);
	}
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(task), "kthread_run: %ld",
			       PTR_ERR(task));
}

/**
 * struct dp_taker - a thread taking PNs of a shared SA
 * @thread: the thread
 * @sa: the SA
 * @xpn: its PN space
 * @pns: the PNs it took
 * @taken: entries in @pns
 * @lasts: takes that said "last"
 */
struct dp_taker {
	struct dp_thread thread;
	struct secnet_macsec_sa *sa;
	bool xpn;
	u64 pns[DP_TAKES];
	unsigned int taken;
	unsigned int lasts;
};

static void dp_taker_work(struct dp_thread *thread)
{
	struct dp_taker *t = container_of(thread, struct dp_taker, thread);
	unsigned int i;
	bool last;
	u64 pn;

	for (i = 0; i < DP_TAKES; i++) {
		if (!secnet_macsec_pn_take(t->sa, t->xpn, &pn, &last))
			continue;
		t->pns[t->taken++] = pn;
		t->lasts += last;
	}
}

/*
 * Threads take PNs from one SA with DP_TAKES left, each trying for all of
 * them: together they get each exactly once, one of them the last, and
 * nothing after.
 */
static void dp_tx_pn_concurrent_space(struct kunit *test, bool xpn)
{
	u64 max = secnet_macsec_pn_max(xpn), first = max - DP_TAKES + 1;
	unsigned int i, j, taken = 0, lasts = 0;
	struct secnet_macsec_sa *sa;
	struct dp_taker *t;
	unsigned long *seen;
	bool last;
	u64 pn;

	sa = kunit_kzalloc(test, sizeof(*sa), GFP_KERNEL);
	t = kunit_kcalloc(test, DP_THREADS, sizeof(*t), GFP_KERNEL);
	seen = kunit_kcalloc(test, BITS_TO_LONGS(DP_TAKES), sizeof(long),
			     GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, sa && t && seen);
	atomic64_set(&sa->next_pn, first);
	for (i = 0; i < DP_THREADS; i++) {
		t[i].sa = sa;
		t[i].xpn = xpn;
	}
	dp_run_threads(test, t, sizeof(*t), dp_taker_work);

	for (i = 0; i < DP_THREADS; i++) {
		taken += t[i].taken;
		lasts += t[i].lasts;
		for (j = 0; j < t[i].taken; j++) {
			pn = t[i].pns[j];
			KUNIT_ASSERT_TRUE_MSG(test, pn >= first && pn <= max,
					      "xpn %d: PN %llx out of range",
					      xpn, pn);
			KUNIT_ASSERT_FALSE_MSG(test,
					       __test_and_set_bit(pn - first,
								  seen),
					       "xpn %d: PN %llx taken twice",
					       xpn, pn);
		}
	}
	KUNIT_ASSERT_EQ_MSG(test, taken, DP_TAKES, "xpn %d", xpn);
	KUNIT_ASSERT_EQ_MSG(test, lasts, 1, "xpn %d", xpn);
	KUNIT_ASSERT_FALSE_MSG(test,
			       secnet_macsec_pn_take(sa, xpn, &pn, &last),
			       "xpn %d: PN %llx after the last", xpn, pn);
}

static void dp_tx_pn_concurrent(struct kunit *test)
{
	dp_tx_pn_concurrent_space(test, false);
	dp_tx_pn_concurrent_space(test, true);
}

/* Group 2: the receive replay window and XPN PN recovery. */

#define DP_ASSERT_RXSC(test, s, ctr, want)				\
	KUNIT_ASSERT_EQ_MSG(test, (s).v[SECNET_MACSEC_##ctr], (u64)(want),	\
			    secnet_macsec_rxsc_ctr_names[SECNET_MACSEC_##ctr])

/*
 * 32-bit PNs, window 4, as macsec_handle_frame() and
 * macsec_post_decrypt() count them:
 *   PN 1, 2, 3 in order: InPktsOK 3, next_pn 4.
 *   PN 10: InPktsOK 4, next_pn 11, so lowest_pn = 11 - 4 = 7.
 *   PN 8, then 7, out of order in the window: delivered; not
 *   "pn < lowest_pn", so InPktsOK 6 (never InPktsDelayed); next_pn 11.
 *   PN 6 < 7: InPktsLate 1, dropped.
 *   PN 5 < 7 with a bad ICV: InPktsLate 2 and not InPktsNotValid, since
 *   the kernel drops late frames before macsec_decrypt().
 *   replay_protect off, PN 5: delivered, "pn < lowest_pn" so
 *   InPktsDelayed 1; next_pn stays 11.
 */
static void dp_rx_replay_window(struct kunit *test)
{
	struct dp *dp = dp_new(test, false, 4);
	struct dp_rxsc_stats s;
	struct sk_buff *f[11], *bad;
	unsigned int pn;

	for (pn = 1; pn <= 10; pn++)
		f[pn] = dp_sealed(test, dp, pn);

	for (pn = 1; pn <= 3; pn++)
		dp_assert_plain(test, dp, dp_recv(test, dp, f[pn]), "in order");
	s = dp_rxsc_stats(test, dp);
	DP_ASSERT_RXSC(test, s, IN_PKTS_OK, 3);
	KUNIT_ASSERT_EQ(test, dp_next_pn(&dp->rx, true), 4);

	dp_assert_plain(test, dp, dp_recv(test, dp, f[10]), "PN 10");
	KUNIT_ASSERT_EQ(test, dp_next_pn(&dp->rx, true), 11);
	dp_assert_plain(test, dp, dp_recv(test, dp, f[8]), "PN 8 in window");
	dp_assert_plain(test, dp, dp_recv(test, dp, f[7]), "PN 7 in window");
	KUNIT_ASSERT_EQ(test, dp_next_pn(&dp->rx, true), 11);
	s = dp_rxsc_stats(test, dp);
	DP_ASSERT_RXSC(test, s, IN_PKTS_OK, 6);
	DP_ASSERT_RXSC(test, s, IN_PKTS_DELAYED, 0);
	DP_ASSERT_RXSC(test, s, IN_PKTS_LATE, 0);

	KUNIT_ASSERT_NULL_MSG(test, dp_recv(test, dp, f[6]),
			      "PN 6 below the window delivered");
	s = dp_rxsc_stats(test, dp);
	DP_ASSERT_RXSC(test, s, IN_PKTS_LATE, 1);
	DP_ASSERT_RXSC(test, s, IN_PKTS_OK, 6);

	bad = dp_hold(test, dp, skb_copy(f[5], GFP_KERNEL));
	KUNIT_ASSERT_NOT_NULL(test, bad);
	bad->data[bad->len - 1] ^= 1;
	KUNIT_ASSERT_NULL(test, dp_recv(test, dp, bad));
	s = dp_rxsc_stats(test, dp);
	DP_ASSERT_RXSC(test, s, IN_PKTS_LATE, 2);
	DP_ASSERT_RXSC(test, s, IN_PKTS_NOT_VALID, 0);
	KUNIT_ASSERT_EQ_MSG(test,
			    dp_dev_ctr(&dp->rx, SECNET_MACSEC_RX_ICV_FAIL), 0,
			    "a late frame was decrypted");

	dp->rx.secy.replay_protect = false;
	dp_secy_update(test, &dp->rx);
	dp_assert_plain(test, dp, dp_recv(test, dp, f[5]),
			"PN 5, replay protection off");
	s = dp_rxsc_stats(test, dp);
	DP_ASSERT_RXSC(test, s, IN_PKTS_DELAYED, 1);
	DP_ASSERT_RXSC(test, s, IN_PKTS_OK, 6);
	DP_ASSERT_RXSC(test, s, IN_PKTS_LATE, 2);
	KUNIT_ASSERT_EQ(test, dp_next_pn(&dp->rx, true), 11);
	KUNIT_ASSERT_EQ(test, dp_dev_ctr(&dp->rx, SECNET_MACSEC_RX_DECRYPTED),
			7);
}

/*
 * XPN, window 16, the RX SA at next_pn 0x1_FFFFFFF0, so lowest_pn (of the
 * low halves) is 0xFFFFFFE0.  What macsec.c computes for each frame, by
 * its low half hdr_pn:
 *   0xFFFFFFE8: not late; macsec_decrypt(): hdr_pn < 0xFFFFFFF0 in the same
 *   half, so the PN is 0x1_FFFFFFE8; InPktsOK (not below lowest_pn);
 *   next_pn stays.
 *   0xFFFFFFD0: below lowest_pn in its half (pn_same_half()): InPktsLate.
 *   0x00000005: below lowest_pn but in the other half: not late;
 *   hdr_pn < 0xFFFFFFF0 in the other half, so upper++: PN 0x2_00000005;
 *   macsec_post_decrypt() counts it InPktsDelayed ("pn < lowest_pn" on the
 *   low halves) and, not the same half, moves next_pn to 0x2_00000006.
 *   Then 0x1_FFFFFFF8 again (low 0xFFFFFFF8): lowest_pn is 0 (6 < 16), not
 *   late; not below next_pn's low half 6, so the PN taken is 0x2_FFFFFFF8:
 *   the ICV fails, InPktsNotValid, dropped.
 */
static void dp_rx_xpn_recovery(struct kunit *test)
{
	struct dp *dp = dp_new(test, true, 16);
	struct sk_buff *in_win, *below, *next_hi, *old;
	struct dp_rxsc_stats s;

	in_win = dp_sealed(test, dp, 0x1ffffffe8ULL);
	below = dp_sealed(test, dp, 0x1ffffffd0ULL);
	next_hi = dp_sealed(test, dp, 0x200000005ULL);
	old = dp_sealed(test, dp, 0x1fffffff8ULL);
	dp_rx_sa_set(test, dp, 0x1fffffff0ULL, true);

	dp_assert_plain(test, dp, dp_recv(test, dp, in_win), "0x1_FFFFFFE8");
	KUNIT_ASSERT_EQ(test, dp_next_pn(&dp->rx, true), 0x1fffffff0ULL);
	s = dp_rxsc_stats(test, dp);
	DP_ASSERT_RXSC(test, s, IN_PKTS_OK, 1);

	KUNIT_ASSERT_NULL_MSG(test, dp_recv(test, dp, below),
			      "0x1_FFFFFFD0 below the window delivered");
	s = dp_rxsc_stats(test, dp);
	DP_ASSERT_RXSC(test, s, IN_PKTS_LATE, 1);

	dp_assert_plain(test, dp, dp_recv(test, dp, next_hi),
			"0x2_00000005 across 2^32");
	KUNIT_ASSERT_EQ(test, dp_next_pn(&dp->rx, true), 0x200000006ULL);
	s = dp_rxsc_stats(test, dp);
	DP_ASSERT_RXSC(test, s, IN_PKTS_DELAYED, 1);
	DP_ASSERT_RXSC(test, s, IN_PKTS_OK, 1);

	KUNIT_ASSERT_NULL_MSG(test, dp_recv(test, dp, old),
			      "0x1_FFFFFFF8 opened as 0x2_FFFFFFF8");
	s = dp_rxsc_stats(test, dp);
	DP_ASSERT_RXSC(test, s, IN_PKTS_NOT_VALID, 1);
	DP_ASSERT_RXSC(test, s, IN_PKTS_LATE, 1);
	KUNIT_ASSERT_EQ(test, dp_next_pn(&dp->rx, true), 0x200000006ULL);
}

#define DP_RACE_FRAMES	512

/**
 * struct dp_frames - MACsec frames a case keeps until it ends
 * @n: entries in @skb
 * @skb: the frames
 */
struct dp_frames {
	unsigned int n;
	struct sk_buff *skb[DP_RACE_FRAMES];
};

static int dp_frames_init(struct kunit_resource *res, void *context)
{
	struct dp_frames *f = kzalloc(sizeof(*f), GFP_KERNEL);

	res->data = f;
	return f ? 0 : -ENOMEM;
}

static void dp_frames_free(struct kunit_resource *res)
{
	struct dp_frames *f = res->data;

	while (f->n)
		kfree_skb(f->skb[--f->n]);
	kfree(f);
}

/**
 * struct dp_receiver - a thread receiving a copy of each of the frames
 * @thread: the thread
 * @dp: the pair
 * @frames: the frames, in PN order
 * @delivered: copies that went up
 * @nomem: a copy could not be made
 */
struct dp_receiver {
	struct dp_thread thread;
	struct dp *dp;
	const struct dp_frames *frames;
	unsigned int delivered;
	bool nomem;
};

static void dp_receiver_work(struct dp_thread *thread)
{
	struct dp_receiver *r = container_of(thread, struct dp_receiver,
					     thread);
	struct sk_buff *skb;
	unsigned int i;

	for (i = 0; i < r->frames->n; i++) {
		skb = skb_copy(r->frames->skb[i], GFP_KERNEL);
		if (!skb) {
			r->nomem = true;
			return;
		}
		skb = dp_deliver(r->dp, skb);
		r->delivered += !!skb;
		kfree_skb(skb);
	}
}

/*
 * Window 0 (strict order): each frame reaches the RX device twice, on two
 * CPUs at once, as a replayed copy would.  Each PN goes up once and only
 * once: the copy seen second is late.  macsec_post_decrypt() checks the
 * window and moves it under the RX SA's lock, so two copies never both
 * pass the check.
 */
static void dp_rx_replay_concurrent(struct kunit *test)
{
	struct dp *dp = dp_new(test, false, 0);
	struct dp_rxsc_stats s;
	unsigned int i, delivered = 0;
	struct dp_receiver *r;
	struct dp_frames *f;

	f = kunit_alloc_resource(test, dp_frames_init, dp_frames_free,
				 GFP_KERNEL, NULL);
	r = kunit_kcalloc(test, DP_THREADS, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, f && r);
	while (f->n < DP_RACE_FRAMES) {
		f->skb[f->n] = dp_xmit(dp->tx.dev, dp_plain(test, dp));
		KUNIT_ASSERT_NOT_NULL(test, f->skb[f->n]);
		f->n++;
	}
	for (i = 0; i < DP_THREADS; i++) {
		r[i].dp = dp;
		r[i].frames = f;
	}
	dp_run_threads(test, r, sizeof(*r), dp_receiver_work);

	for (i = 0; i < DP_THREADS; i++) {
		KUNIT_ASSERT_FALSE(test, r[i].nomem);
		delivered += r[i].delivered;
	}
	s = dp_rxsc_stats(test, dp);
	KUNIT_ASSERT_EQ_MSG(test, delivered, DP_RACE_FRAMES,
			    "copies delivered (InPktsOK %llu, InPktsLate %llu)",
			    s.v[SECNET_MACSEC_IN_PKTS_OK],
			    s.v[SECNET_MACSEC_IN_PKTS_LATE]);
	DP_ASSERT_RXSC(test, s, IN_PKTS_OK, DP_RACE_FRAMES);
	DP_ASSERT_RXSC(test, s, IN_PKTS_LATE, DP_RACE_FRAMES * (DP_THREADS - 1));
	KUNIT_ASSERT_EQ(test, dp_next_pn(&dp->rx, true), DP_RACE_FRAMES + 1);
}

/* Group 3: frames through the devices' transmit and receive. */

/*
 * A frame macsec marked for the SecY leaves the TX device as a MACsec
 * frame (SC, E and C, the SCI) and comes out of the RX device's receive as
 * the plaintext frame, with its RX SC's md_dst, counted on both sides.
 */
static void dp_round_trip(struct kunit *test)
{
	struct dp *dp = dp_new(test, false, 0);
	struct dp_rxsc_stats s;
	struct sk_buff *skb;
	sci_t sci;

	skb = dp_send(test, dp);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_NULL(test, skb_dst(skb));
	KUNIT_ASSERT_EQ(test, skb->len, secnet_macsec_hdr_len(true) + 2 +
			DP_PAYLOAD + DP_ICV_LEN);
	KUNIT_ASSERT_EQ(test, get_unaligned_be16(skb->data + 2 * ETH_ALEN),
			ETH_P_MACSEC);
	KUNIT_ASSERT_EQ(test, skb->data[ETH_HLEN],
			SECNET_MACSEC_TCI_SC | SECNET_MACSEC_TCI_E |
			SECNET_MACSEC_TCI_C);
	memcpy(&sci, skb->data + ETH_HLEN + SECNET_MACSEC_TAG_LEN, sizeof(sci));
	KUNIT_ASSERT_TRUE(test, sci == DP_SCI_A);
	/* encrypted: the payload is not there in clear */
	KUNIT_ASSERT_NE(test, skb->data[secnet_macsec_hdr_len(true) + 2], 1);
	KUNIT_ASSERT_EQ(test, dp_dev_ctr(&dp->tx, SECNET_MACSEC_TX_ENCRYPTED),
			1);

	dp_assert_plain(test, dp, dp_recv(test, dp, skb), "round trip");
	s = dp_rxsc_stats(test, dp);
	DP_ASSERT_RXSC(test, s, IN_PKTS_OK, 1);
	DP_ASSERT_RXSC(test, s, IN_OCTETS_DECRYPTED, 2 + DP_PAYLOAD);
	KUNIT_ASSERT_EQ(test, dp_dev_ctr(&dp->rx, SECNET_MACSEC_RX_DECRYPTED),
			1);
	KUNIT_ASSERT_EQ(test, dp_next_pn(&dp->rx, true), 2);
}

/*
 * A MACsec frame of an SCI the device has no RX SC for goes up as it is,
 * for software: the same skb, its data untouched.
 */
static void dp_unknown_sci(struct kunit *test)
{
	struct dp *dp = dp_new(test, false, 0);
	sci_t none = DP_SCI_NONE;
	struct sk_buff *skb;

	skb = dp_send(test, dp);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	memcpy(skb->data + ETH_HLEN + SECNET_MACSEC_TAG_LEN, &none,
	       sizeof(none));
	dp_assert_passed_on(test, dp, skb, "unknown SCI");
	KUNIT_ASSERT_EQ(test, dp_dev_ctr(&dp->rx, SECNET_MACSEC_RX_UNKNOWN_SCI),
			1);
	KUNIT_ASSERT_EQ(test, dp_dev_ctr(&dp->rx, SECNET_MACSEC_RX_DROPPED), 0);
}

/*
 * TCI.E without TCI.C is the encoding 802.1AE reserves for frames not to be
 * delivered to the Controlled Port: macsec_handle_frame() passes such a
 * frame on (RX_HANDLER_PASS) before looking for its SC, with no counter
 * and the window untouched.  The device leaves it as it is too.
 */
static void dp_e_without_c(struct kunit *test)
{
	struct dp *dp = dp_new(test, false, 0);
	struct dp_rxsc_stats s;
	struct sk_buff *skb;
	unsigned int i;

	skb = dp_send(test, dp);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb->data[ETH_HLEN] &= ~SECNET_MACSEC_TCI_C;
	dp_assert_passed_on(test, dp, skb, "E without C");
	s = dp_rxsc_stats(test, dp);
	for (i = 0; i < SECNET_MACSEC_RXSC_CTRS; i++)
		KUNIT_ASSERT_EQ_MSG(test, s.v[i], 0, "%s",
				    secnet_macsec_rxsc_ctr_names[i]);
	KUNIT_ASSERT_EQ(test, dp_next_pn(&dp->rx, true), 1);
}

/*
 * Once macsec deletes the RX SC, the device no longer opens its frames:
 * they go up as they are, of an unknown SCI.
 */
static void dp_rxsc_deleted(struct kunit *test)
{
	struct dp *dp = dp_new(test, false, 0);
	struct macsec_context ctx = dp_ctx(&dp->rx);
	struct sk_buff *skb;

	skb = dp_send(test, dp);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	dp->rx.secy.n_rx_sc = 0;
	ctx.rx_sc = &dp->rx_sc;
	KUNIT_ASSERT_EQ(test, dp_mdo(secnet_macsec_mdo_ops.mdo_del_rxsc, &ctx),
			0);
	dp_assert_passed_on(test, dp, skb, "deleted RX SC");
	KUNIT_ASSERT_EQ(test, dp_dev_ctr(&dp->rx, SECNET_MACSEC_RX_UNKNOWN_SCI),
			1);
}

/*
 * With the RX SA off, a frame with C set is dropped and counted
 * InPktsNotUsingSA (10.6.1); so is one for an AN that has no SA.
 */
static void dp_not_using_sa(struct kunit *test)
{
	struct dp *dp = dp_new(test, false, 0);
	struct dp_rxsc_stats s;
	struct sk_buff *skb;

	skb = dp_send(test, dp);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	dp_rx_sa_set(test, dp, 1, false);
	KUNIT_ASSERT_NULL_MSG(test, dp_recv(test, dp, skb),
			      "delivered with the RX SA off");
	s = dp_rxsc_stats(test, dp);
	DP_ASSERT_RXSC(test, s, IN_PKTS_NOT_USING_SA, 1);
	DP_ASSERT_RXSC(test, s, IN_PKTS_OK, 0);

	dp_rx_sa_set(test, dp, 1, true);
	skb->data[ETH_HLEN] |= 2;	/* AN 2: no SA */
	KUNIT_ASSERT_NULL_MSG(test, dp_recv(test, dp, skb),
			      "delivered for an AN with no SA");
	s = dp_rxsc_stats(test, dp);
	DP_ASSERT_RXSC(test, s, IN_PKTS_NOT_USING_SA, 2);
	KUNIT_ASSERT_EQ(test, dp_dev_ctr(&dp->rx, SECNET_MACSEC_RX_NO_SA), 2);
}

/*
 * validate check: an integrity-only frame (C clear) with a bad ICV is
 * delivered and counted InPktsInvalid (10.6.5); an encrypted one (C set)
 * is dropped, InPktsNotValid.
 */
static void dp_validate_check(struct kunit *test)
{
	struct dp *dp = dp_new(test, false, 0);
	struct dp_rxsc_stats s;
	struct sk_buff *skb, *up;

	dp->rx.secy.validate_frames = MACSEC_VALIDATE_CHECK;
	dp_secy_update(test, &dp->rx);
	dp->tx.secy.tx_sc.encrypt = false;
	dp_secy_update(test, &dp->tx);

	skb = dp_send(test, dp);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, skb->data[ETH_HLEN], SECNET_MACSEC_TCI_SC);
	skb->data[skb->len - 1] ^= 1;
	up = dp_recv(test, dp, skb);
	KUNIT_ASSERT_NOT_NULL_MSG(test, up, "bad ICV, validate check: dropped");
	KUNIT_ASSERT_EQ(test, up->len, DP_PAYLOAD);
	s = dp_rxsc_stats(test, dp);
	DP_ASSERT_RXSC(test, s, IN_PKTS_INVALID, 1);
	DP_ASSERT_RXSC(test, s, IN_PKTS_OK, 0);
	DP_ASSERT_RXSC(test, s, IN_OCTETS_VALIDATED, 2 + DP_PAYLOAD);

	dp->tx.secy.tx_sc.encrypt = true;
	dp_secy_update(test, &dp->tx);
	skb = dp_send(test, dp);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb->data[skb->len - 1] ^= 1;
	KUNIT_ASSERT_NULL_MSG(test, dp_recv(test, dp, skb),
			      "bad ICV with C set delivered");
	s = dp_rxsc_stats(test, dp);
	DP_ASSERT_RXSC(test, s, IN_PKTS_NOT_VALID, 1);
	DP_ASSERT_RXSC(test, s, IN_PKTS_INVALID, 1);
}

/* protect off: the SecY's frames leave untagged, counted OutPktsUntagged. */
static void dp_protect_off(struct kunit *test)
{
	struct dp *dp = dp_new(test, false, 0);
	struct sk_buff *skb;
	u8 want[DP_FRAME];

	dp->tx.secy.protect_frames = false;
	dp_secy_update(test, &dp->tx);
	skb = dp_send(test, dp);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	dp_plain_bytes(want);
	KUNIT_ASSERT_EQ(test, skb->len, DP_FRAME);
	KUNIT_ASSERT_EQ(test, memcmp(skb->data, want, DP_FRAME), 0);
	KUNIT_ASSERT_NULL(test, skb_dst(skb));
	KUNIT_ASSERT_EQ(test, dp_secy_ctr(test, &dp->tx,
					  SECNET_MACSEC_OUT_PKTS_UNTAGGED), 1);
	KUNIT_ASSERT_EQ(test, dp_next_pn(&dp->tx, false), 1);
	KUNIT_ASSERT_EQ(test, dp_dev_ctr(&dp->tx, SECNET_MACSEC_TX_UNTAGGED), 1);
}

static struct kunit_case dp_cases[] = {
	KUNIT_CASE(dp_tx_pn_sequence),
	KUNIT_CASE(dp_tx_pn_xpn),
	KUNIT_CASE(dp_tx_pn_concurrent),
	KUNIT_CASE(dp_rx_replay_window),
	KUNIT_CASE(dp_rx_xpn_recovery),
	KUNIT_CASE(dp_rx_replay_concurrent),
	KUNIT_CASE(dp_round_trip),
	KUNIT_CASE(dp_unknown_sci),
	KUNIT_CASE(dp_e_without_c),
	KUNIT_CASE(dp_rxsc_deleted),
	KUNIT_CASE(dp_not_using_sa),
	KUNIT_CASE(dp_validate_check),
	KUNIT_CASE(dp_protect_off),
	{}
};

static struct kunit_suite dp_suite = {
	.name = "secnet_macsec_datapath",
	.test_cases = dp_cases,
};

kunit_test_suite(dp_suite);
