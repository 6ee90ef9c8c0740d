// SPDX-License-Identifier: GPL-2.0
/*
 * The offload API: what registration accepts for each kind, and the core's
 * MACsec and kTLS ops: refused without an offload, passed on with one, and
 * holding a reference on the offload's module for each SecY and TLS context
 * it took, until the kernel deletes it.
 */

#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/macsec.h>
#include <net/tls.h>
#include <net/xfrm.h>

#include "device.h"
#include "offload.h"
#include "secnet_kunit.h"

#if IS_ENABLED(CONFIG_MACSEC) && IS_ENABLED(CONFIG_TLS_DEVICE)

static int api_calls, api_add_err;

static int api_mdo(struct macsec_context *ctx)
{
	api_calls++;
	return api_add_err;
}

static const struct macsec_ops api_macsec_ops = {
	.mdo_add_secy = api_mdo, .mdo_del_secy = api_mdo,
	.mdo_add_rxsc = api_mdo, .mdo_del_rxsc = api_mdo,
	.mdo_add_rxsa = api_mdo, .mdo_del_rxsa = api_mdo,
	.mdo_add_txsa = api_mdo, .mdo_del_txsa = api_mdo,
};

static int api_tls_add(struct net_device *dev, struct sock *sk,
		       enum tls_offload_ctx_dir dir,
		       struct tls_crypto_info *info, u32 tcp_sn)
{
	api_calls++;
	return api_add_err;
}

static void api_tls_del(struct net_device *dev, struct tls_context *ctx,
			enum tls_offload_ctx_dir dir)
{
	api_calls++;
}

static const struct tlsdev_ops api_tls_ops = {
	.tls_dev_add = api_tls_add,
	.tls_dev_del = api_tls_del,
};

static bool api_xfrm_ok(struct sk_buff *skb, struct xfrm_state *x)
{
	return false;
}

static int api_xfrm_add(struct xfrm_state *x)
{
	return 0;
}

static void api_xfrm_state(struct xfrm_state *x)
{
}

static const struct xfrmdev_ops api_xfrm_ops = {
	.xdo_dev_state_add	= api_xfrm_add,
	.xdo_dev_state_delete	= api_xfrm_state,
	.xdo_dev_state_free	= api_xfrm_state,
	.xdo_dev_offload_ok	= api_xfrm_ok,
};

static const struct secnet_offload api_macsec = {
	.kind = SECNET_OFFLOAD_MACSEC, .owner = THIS_MODULE,
	.features = NETIF_F_HW_MACSEC, .priv_size = 8,
	.macsec = &api_macsec_ops,
};

static const struct secnet_offload api_tls = {
	.kind = SECNET_OFFLOAD_KTLS, .owner = THIS_MODULE,
	.features = NETIF_F_HW_TLS_TX, .priv_size = 8,
	.tls = &api_tls_ops,
};

static const struct secnet_offload api_xfrm = {
	.kind = SECNET_OFFLOAD_XFRM, .owner = THIS_MODULE,
	.features = NETIF_F_HW_ESP, .hw_enc_features = NETIF_F_HW_ESP,
	.priv_size = 8, .xfrm = &api_xfrm_ops,
};

static void api_valid_per_kind(struct kunit *test)
{
	struct macsec_ops macsec = api_macsec_ops;
	struct tlsdev_ops tls = api_tls_ops;
	struct xfrmdev_ops xfrm = api_xfrm_ops;
	struct secnet_offload off;

	KUNIT_EXPECT_TRUE(test, secnet_offload_valid(&api_macsec));
	KUNIT_EXPECT_TRUE(test, secnet_offload_valid(&api_tls));
	KUNIT_EXPECT_TRUE(test, secnet_offload_valid(&api_xfrm));

	/* A required callback missing, kind by kind. */
	off = api_macsec;
	off.macsec = &macsec;
	macsec.mdo_del_rxsa = NULL;
	KUNIT_EXPECT_FALSE(test, secnet_offload_valid(&off));
	macsec = api_macsec_ops;
	macsec.mdo_add_secy = NULL;
	KUNIT_EXPECT_FALSE(test, secnet_offload_valid(&off));
	macsec = api_macsec_ops;
	macsec.mdo_upd_secy = NULL;
	macsec.mdo_dev_open = NULL;
	KUNIT_EXPECT_TRUE(test, secnet_offload_valid(&off));

	off = api_tls;
	off.tls = &tls;
	tls.tls_dev_del = NULL;
	KUNIT_EXPECT_FALSE(test, secnet_offload_valid(&off));
	tls = api_tls_ops;
	/* Receive offload needs resync (tls_dev_event would refuse it). */
	off.features |= NETIF_F_HW_TLS_RX;
	KUNIT_EXPECT_FALSE(test, secnet_offload_valid(&off));

	off = api_xfrm;
	off.xfrm = &xfrm;
	xfrm.xdo_dev_offload_ok = NULL;
	KUNIT_EXPECT_FALSE(test, secnet_offload_valid(&off));

	/* No ops at all. */
	off = api_macsec;
	off.macsec = NULL;
	KUNIT_EXPECT_FALSE(test, secnet_offload_valid(&off));
}

static void api_wrong_kind(struct kunit *test)
{
	struct secnet_offload off;

	/* Ops of another kind beside its own, or instead of them. */
	off = api_macsec;
	off.tls = &api_tls_ops;
	KUNIT_EXPECT_FALSE(test, secnet_offload_valid(&off));
	off = api_tls;
	off.xfrm = &api_xfrm_ops;
	KUNIT_EXPECT_FALSE(test, secnet_offload_valid(&off));
	off = api_xfrm;
	off.xfrm = NULL;
	off.macsec = &api_macsec_ops;
	KUNIT_EXPECT_FALSE(test, secnet_offload_valid(&off));

	/* Features of another kind, or encapsulated ones not among them. */
	off = api_macsec;
	off.features |= NETIF_F_HW_ESP;
	KUNIT_EXPECT_FALSE(test, secnet_offload_valid(&off));
	off = api_tls;
	off.hw_enc_features = NETIF_F_HW_MACSEC;
	KUNIT_EXPECT_FALSE(test, secnet_offload_valid(&off));
	off = api_xfrm;
	off.kind = SECNET_OFFLOAD_KINDS;
	KUNIT_EXPECT_FALSE(test, secnet_offload_valid(&off));
}

/* An unregistered secnet device with the states of the offloads there. */
static struct net_device *api_dev(struct kunit *test)
{
	struct secnet_device *sd;
	struct net_device *dev;
	int err;

	dev = alloc_netdev(sizeof(*sd), "snk%d", NET_NAME_ENUM, ether_setup);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	sd = netdev_priv(dev);
	sd->dev = dev;
	mutex_init(&sd->offload_lock);
	rtnl_lock();
	err = secnet_offload_dev_init(dev);
	rtnl_unlock();
	if (err)
		free_netdev(dev);
	KUNIT_ASSERT_EQ(test, err, 0);
	return dev;
}

static void api_dev_free(struct net_device *dev)
{
	rtnl_lock();
	secnet_offload_dev_uninit(dev);
	rtnl_unlock();
	free_netdev(dev);
}

static int api_secy(struct net_device *dev, bool add)
{
	struct macsec_context ctx = {
		.netdev = dev,
		.offload = MACSEC_OFFLOAD_MAC,
	};
	int err;

	rtnl_lock();
	if (add)
		err = secnet_offload_macsec_ops.mdo_add_secy(&ctx);
	else
		err = secnet_offload_macsec_ops.mdo_del_secy(&ctx);
	rtnl_unlock();
	return err;
}

static int api_tls_ctx_add(struct net_device *dev)
{
	return secnet_offload_tlsdev_ops.tls_dev_add(dev, NULL,
						     TLS_OFFLOAD_CTX_DIR_TX,
						     NULL, 0);
}

static void api_refused_without_offload(struct kunit *test)
{
	struct net_device *dev = api_dev(test);
	unsigned int refs = module_refcount(THIS_MODULE);
	struct macsec_context ctx = {
		.netdev = dev,
		.offload = MACSEC_OFFLOAD_MAC,
	};

	api_calls = 0;
	KUNIT_EXPECT_EQ(test, api_secy(dev, true), -EOPNOTSUPP);
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, secnet_offload_macsec_ops.mdo_add_txsa(&ctx),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, secnet_offload_macsec_ops.mdo_dev_open(&ctx),
			-EOPNOTSUPP);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, api_tls_ctx_add(dev), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test,
			secnet_offload_tlsdev_ops.tls_dev_resync(dev, NULL, 0,
								 NULL, 0),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), refs);
	KUNIT_EXPECT_EQ(test, secnet_offload_fix_features(dev,
							  NETIF_F_HW_MACSEC |
							  NETIF_F_HW_TLS_TX |
							  NETIF_F_SG),
			NETIF_F_SG);
	api_dev_free(dev);
}

static struct kunit_case api_cases[] = {
	KUNIT_CASE(api_valid_per_kind),
	KUNIT_CASE(api_wrong_kind),
	KUNIT_CASE(api_refused_without_offload),
	{}
};

static struct kunit_suite api_suite = {
	.name = "secnet_offload_api",
	.test_cases = api_cases,
};

/* The suite below runs with api_macsec and api_tls registered. */
static int api_refs_init(struct kunit *test)
{
	int err;

	api_calls = 0;
	api_add_err = 0;
	err = secnet_offload_register(&api_macsec);
	if (err)
		return err;
	err = secnet_offload_register(&api_tls);
	if (err)
		secnet_offload_unregister(&api_macsec);
	return err;
}

static void api_refs_exit(struct kunit *test)
{
	secnet_offload_unregister(&api_tls);
	secnet_offload_unregister(&api_macsec);
}

static void api_secy_holds_module(struct kunit *test)
{
	struct net_device *dev = api_dev(test);
	struct secnet_device *sd = netdev_priv(dev);
	unsigned int refs = module_refcount(THIS_MODULE);

	KUNIT_EXPECT_EQ(test, api_secy(dev, true), 0);
	KUNIT_EXPECT_EQ(test, api_secy(dev, true), 0);
	KUNIT_EXPECT_EQ(test, api_calls, 2);
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), refs + 2);
	KUNIT_EXPECT_EQ(test, sd->macsec_secys, 2);

	/* The device keeps the feature while a SecY is offloaded. */
	dev->features |= NETIF_F_HW_MACSEC;
	KUNIT_EXPECT_EQ(test, secnet_offload_fix_features(dev, 0),
			NETIF_F_HW_MACSEC);

	KUNIT_EXPECT_EQ(test, api_secy(dev, false), 0);
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), refs + 1);
	/* A module's failed delete still ends the SecY, and its reference. */
	api_add_err = -EIO;
	KUNIT_EXPECT_EQ(test, api_secy(dev, false), 0);
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), refs);
	KUNIT_EXPECT_EQ(test, sd->macsec_secys, 0);
	KUNIT_EXPECT_EQ(test, secnet_offload_fix_features(dev, 0), 0);

	/* A SecY the module refused holds nothing. */
	KUNIT_EXPECT_EQ(test, api_secy(dev, true), -EIO);
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), refs);
	KUNIT_EXPECT_EQ(test, sd->macsec_secys, 0);
	api_dev_free(dev);
}

static void api_tls_holds_module(struct kunit *test)
{
	struct net_device *dev = api_dev(test);
	unsigned int refs = module_refcount(THIS_MODULE);

	KUNIT_EXPECT_EQ(test, api_tls_ctx_add(dev), 0);
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), refs + 1);
	KUNIT_EXPECT_EQ(test, secnet_offload_fix_features(dev,
							  NETIF_F_HW_TLS_TX |
							  NETIF_F_HW_ESP),
			NETIF_F_HW_TLS_TX);
	secnet_offload_tlsdev_ops.tls_dev_del(dev, NULL,
					      TLS_OFFLOAD_CTX_DIR_TX);
	KUNIT_EXPECT_EQ(test, api_calls, 2);
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), refs);

	api_add_err = -ENOSPC;
	KUNIT_EXPECT_EQ(test, api_tls_ctx_add(dev), -ENOSPC);
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), refs);
	/* No resync without HW_TLS_RX: declined, not passed on. */
	KUNIT_EXPECT_EQ(test,
			secnet_offload_tlsdev_ops.tls_dev_resync(dev, NULL, 0,
								 NULL, 0),
			-EOPNOTSUPP);
	api_dev_free(dev);
}

static void api_register_busy(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, secnet_offload_register(&api_macsec), -EBUSY);
	KUNIT_EXPECT_EQ(test, secnet_offload_register(&api_tls), -EBUSY);
}

static struct kunit_case api_refs_cases[] = {
	KUNIT_CASE(api_secy_holds_module),
	KUNIT_CASE(api_tls_holds_module),
	KUNIT_CASE(api_register_busy),
	{}
};

static struct kunit_suite api_refs_suite = {
	.name = "secnet_offload_refs",
	.init = api_refs_init,
	.exit = api_refs_exit,
	.test_cases = api_refs_cases,
};

kunit_test_suites(&api_suite, &api_refs_suite);

#endif
