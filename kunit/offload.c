// SPDX-License-Identifier: GPL-2.0
/*
 * The devices' transmit without the offload a frame was marked for: such a
 * frame is what the stack left the device to finish (an ESP packet without
 * its IV, ciphertext and ICV; a frame for MACsec to tag; a TLS record to
 * encrypt), so it must be dropped and counted, never sent as it is.
 */

#include <kunit/resource.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/dst_metadata.h>
#include <net/xfrm.h>

#include "device.h"
#include "offload.h"
#include "secnet_kunit.h"

static int offload_dev_init(struct kunit_resource *res, void *context)
{
	struct secnet_device *sd;
	struct net_device *dev;

	dev = alloc_netdev(sizeof(*sd), "snk%d", NET_NAME_ENUM, ether_setup);
	if (!dev)
		return -ENOMEM;
	sd = netdev_priv(dev);
	sd->dev = dev;
	mutex_init(&sd->offload_lock);
	res->data = dev;
	return 0;
}

static void offload_dev_free(struct kunit_resource *res)
{
	free_netdev(res->data);
}

/* A secnet device as transmit sees it, with no offload's state. */
static struct net_device *offload_dev(struct kunit *test)
{
	struct net_device *dev;

	dev = kunit_alloc_resource(test, offload_dev_init, offload_dev_free,
				   GFP_KERNEL, NULL);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	return dev;
}

static struct sk_buff *offload_skb(struct kunit *test)
{
	struct sk_buff *skb = alloc_skb(128, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_zero(skb, 64);
	return skb;
}

static long offload_gone(struct net_device *dev)
{
	struct secnet_device *sd = netdev_priv(dev);

	return atomic_long_read(&sd->tx_offload_gone);
}

/* Consumes @skb; true if transmit passed it on. */
static bool offload_sent(struct net_device *dev, struct sk_buff *skb)
{
	struct sk_buff *out;

	rcu_read_lock();
	out = secnet_offload_xmit(dev, skb);
	rcu_read_unlock();
	kfree_skb(out);
	return out;
}

static void offload_plain_frame_passes(struct kunit *test)
{
	struct net_device *dev = offload_dev(test);

	KUNIT_EXPECT_TRUE(test, offload_sent(dev, offload_skb(test)));
	KUNIT_EXPECT_EQ(test, offload_gone(dev), 0);
}

/* A frame that went through xfrm offload's output, with @flags. */
static struct sk_buff *offload_xfrm_skb(struct kunit *test, u32 flags)
{
	struct xfrm_offload *xo;
	struct xfrm_state *x;
	struct sec_path *sp;
	struct sk_buff *skb;

	x = xfrm_state_alloc(&init_net);
	KUNIT_ASSERT_NOT_NULL(test, x);
	/* Never inserted: the secpath's put frees it. */
	x->km.state = XFRM_STATE_DEAD;
	skb = offload_skb(test);
	sp = secpath_set(skb);
	if (!sp) {
		xfrm_state_put(x);
		kfree_skb(skb);
		KUNIT_ASSERT_FAILURE(test, "no secpath");
	}
	sp->xvec[sp->len++] = x;
	sp->olen++;
	xo = xfrm_offload(skb);
	memset(xo, 0, sizeof(*xo));
	xo->flags = flags;
	return skb;
}

static void offload_xfrm_marked_dropped(struct kunit *test)
{
	struct net_device *dev = offload_dev(test);

	/* What esp_xmit() leaves for the device: no IV, no ICV. */
	KUNIT_EXPECT_FALSE(test,
			   offload_sent(dev, offload_xfrm_skb(test, XFRM_XMIT)));
	KUNIT_EXPECT_EQ(test, offload_gone(dev), 1);

	/* Software ESP's packets (no XFRM_XMIT) are the device's to send. */
	KUNIT_EXPECT_TRUE(test,
			  offload_sent(dev,
				       offload_xfrm_skb(test, CRYPTO_FALLBACK)));
	KUNIT_EXPECT_EQ(test, offload_gone(dev), 1);
}

static void offload_macsec_marked_dropped(struct kunit *test)
{
	struct net_device *dev = offload_dev(test);
	struct sk_buff *skb = offload_skb(test);
	struct metadata_dst *md;

	md = metadata_dst_alloc(0, METADATA_MACSEC, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, md);
	skb_dst_set(skb, &md->dst);
	KUNIT_EXPECT_FALSE(test, offload_sent(dev, skb));
	KUNIT_EXPECT_EQ(test, offload_gone(dev), 1);
}

static void offload_tls_marked_dropped(struct kunit *test)
{
	struct net_device *dev = offload_dev(test);
	struct sk_buff *skb = offload_skb(test);

	if (!IS_ENABLED(CONFIG_TLS_DEVICE)) {
		kfree_skb(skb);
		kunit_skip(test, "no CONFIG_TLS_DEVICE");
	}
#if IS_ENABLED(CONFIG_TLS_DEVICE)
	skb->decrypted = 1;
#endif
	KUNIT_EXPECT_FALSE(test, offload_sent(dev, skb));
	KUNIT_EXPECT_EQ(test, offload_gone(dev), 1);
}

static struct kunit_case offload_cases[] = {
	KUNIT_CASE(offload_plain_frame_passes),
	KUNIT_CASE(offload_xfrm_marked_dropped),
	KUNIT_CASE(offload_macsec_marked_dropped),
	KUNIT_CASE(offload_tls_marked_dropped),
	{}
};

static struct kunit_suite offload_suite = {
	.name = "secnet_offload_gone",
	.test_cases = offload_cases,
};

kunit_test_suite(offload_suite);
