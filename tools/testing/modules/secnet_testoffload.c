// SPDX-License-Identifier: GPL-2.0
/*
 * secnet_testoffload.ko: a MACsec and a kTLS offload that only count, for
 * the tests of the core's offload API: SecYs and TLS contexts added and
 * deleted, and the frames marked for them, which it drops, since it
 * encrypts nothing and must never send them.  `ethtool -S` shows the
 * counts.  TLS is offered for transmit only.
 */

#include <linux/atomic.h>
#include <linux/ethtool.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <net/dst_metadata.h>
#include <net/macsec.h>
#include <net/tls.h>

#include "secnet.h"

enum { TO_ADDS, TO_DELS, TO_DROPPED, TO_CTRS };

struct testoffload_dev {
	atomic_long_t ctrs[TO_CTRS];
};

static void testoffload_count(struct net_device *dev,
			      enum secnet_offload_kind kind, int ctr)
{
	struct testoffload_dev *td = secnet_offload_priv(dev, kind);

	if (td)
		atomic_long_inc(&td->ctrs[ctr]);
}

static struct sk_buff *testoffload_drop(struct sk_buff *skb,
					struct testoffload_dev *td)
{
	atomic_long_inc(&td->ctrs[TO_DROPPED]);
	kfree_skb(skb);
	return NULL;
}

static void testoffload_read_stats(struct net_device *dev, void *priv,
				   u64 *values)
{
	struct testoffload_dev *td = priv;
	int i;

	for (i = 0; i < TO_CTRS; i++)
		values[i] = atomic_long_read(&td->ctrs[i]);
}

static int testoffload_add_secy(struct macsec_context *ctx)
{
	testoffload_count(ctx->netdev, SECNET_OFFLOAD_MACSEC, TO_ADDS);
	return 0;
}

static int testoffload_del_secy(struct macsec_context *ctx)
{
	testoffload_count(ctx->netdev, SECNET_OFFLOAD_MACSEC, TO_DELS);
	return 0;
}

/* Secure channels and associations: taken, and forgotten. */
static int testoffload_mdo(struct macsec_context *ctx)
{
	return 0;
}

static const struct macsec_ops testoffload_macsec_ops = {
	.mdo_add_secy	= testoffload_add_secy,
	.mdo_del_secy	= testoffload_del_secy,
	.mdo_add_rxsc	= testoffload_mdo,
	.mdo_del_rxsc	= testoffload_mdo,
	.mdo_add_rxsa	= testoffload_mdo,
	.mdo_del_rxsa	= testoffload_mdo,
	.mdo_add_txsa	= testoffload_mdo,
	.mdo_del_txsa	= testoffload_mdo,
};

static struct sk_buff *testoffload_macsec_xmit(struct net_device *dev,
					       void *priv, struct sk_buff *skb)
{
	const struct metadata_dst *md = skb_metadata_dst(skb);

	if (md && md->type == METADATA_MACSEC)
		return testoffload_drop(skb, priv);
	return skb;
}

static const char testoffload_macsec_stats[][ETH_GSTRING_LEN] = {
	"test_secy_adds", "test_secy_dels", "test_macsec_dropped",
};

static const struct secnet_offload testoffload_macsec = {
	.kind		= SECNET_OFFLOAD_MACSEC,
	.owner		= THIS_MODULE,
	.features	= NETIF_F_HW_MACSEC,
	.priv_size	= sizeof(struct testoffload_dev),
	.xmit		= testoffload_macsec_xmit,
	.stat_names	= testoffload_macsec_stats,
	.n_stats	= ARRAY_SIZE(testoffload_macsec_stats),
	.read_stats	= testoffload_read_stats,
	.macsec		= &testoffload_macsec_ops,
};

static int testoffload_tls_add(struct net_device *dev, struct sock *sk,
			       enum tls_offload_ctx_dir dir,
			       struct tls_crypto_info *info, u32 tcp_sn)
{
	if (dir != TLS_OFFLOAD_CTX_DIR_TX)
		return -EOPNOTSUPP;
	testoffload_count(dev, SECNET_OFFLOAD_KTLS, TO_ADDS);
	return 0;
}

static void testoffload_tls_del(struct net_device *dev,
				struct tls_context *ctx,
				enum tls_offload_ctx_dir dir)
{
	testoffload_count(dev, SECNET_OFFLOAD_KTLS, TO_DELS);
}

static const struct tlsdev_ops testoffload_tls_ops = {
	.tls_dev_add	= testoffload_tls_add,
	.tls_dev_del	= testoffload_tls_del,
};

static struct sk_buff *testoffload_tls_xmit(struct net_device *dev,
					    void *priv, struct sk_buff *skb)
{
	if (skb->decrypted)
		return testoffload_drop(skb, priv);
	return skb;
}

static const char testoffload_tls_stats[][ETH_GSTRING_LEN] = {
	"test_tls_adds", "test_tls_dels", "test_tls_dropped",
};

static const struct secnet_offload testoffload_tls = {
	.kind		= SECNET_OFFLOAD_KTLS,
	.owner		= THIS_MODULE,
	.features	= NETIF_F_HW_TLS_TX,
	.priv_size	= sizeof(struct testoffload_dev),
	.xmit		= testoffload_tls_xmit,
	.stat_names	= testoffload_tls_stats,
	.n_stats	= ARRAY_SIZE(testoffload_tls_stats),
	.read_stats	= testoffload_read_stats,
	.tls		= &testoffload_tls_ops,
};

static int __init testoffload_init(void)
{
	int err;

	err = secnet_offload_register(&testoffload_macsec);
	if (err)
		return err;
	err = secnet_offload_register(&testoffload_tls);
	if (err)
		secnet_offload_unregister(&testoffload_macsec);
	return err;
}

static void __exit testoffload_exit(void)
{
	secnet_offload_unregister(&testoffload_tls);
	secnet_offload_unregister(&testoffload_macsec);
}

module_init(testoffload_init);
module_exit(testoffload_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("secnet test offload: MACsec and kTLS that only count");
