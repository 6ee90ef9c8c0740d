// SPDX-License-Identifier: GPL-2.0
/*
 * The offloads feature modules plug into the secnet device pair.  While an
 * offload is registered, every secnet device has its state and features;
 * unregistering takes both away from every device before the module goes.
 *
 * Two things gate the data path and the kernel's offload callbacks: the
 * registered offload and the device's state.  Both are RCU pointers, so
 * neither path takes a lock per packet.  When the module goes, the devices
 * lose its features first, so that the stack marks no more packets for it;
 * only then is it unpublished, and a packet marked before that is dropped
 * rather than sent as it is (in plaintext) by a device without the offload.
 * When the device goes, its state is cleared first.
 *
 * The features follow the offloads through ndo_fix_features: a device asks
 * for every offload feature from its registration on (so wanted_features
 * has them), advertises in hw_features those of the offloads registered,
 * and secnet_offload_fix_features() takes out the rest, whenever the core
 * calls netdev_update_features() as an offload comes or goes.
 *
 * The kernel-facing ops of each kind (offload_xfrm.c, offload_macsec.c,
 * offload_tls.c) are the core's, so that a late callback never enters a
 * module that is gone; for MACsec and kTLS they also pin the module while
 * an object it offloads lives (see struct secnet_offload).
 */

#include <kunit/visibility.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/dst_metadata.h>
#include <net/macsec.h>
#include <net/tls.h>
#include <net/xfrm.h>

#include "device.h"
#include "offload.h"
#include "version.h"

static const struct secnet_offload __rcu *secnet_offloads[SECNET_OFFLOAD_KINDS];
/*
 * Under RTNL: the offloads whose features the devices have.  Set after an
 * offload is published, cleared before it is unpublished.
 */
static const struct secnet_offload *secnet_offloads_featured[SECNET_OFFLOAD_KINDS];

/* The features each kind may give. */
static const netdev_features_t secnet_offload_kind_features[] = {
	[SECNET_OFFLOAD_KTLS]	= NETIF_F_HW_TLS_TX | NETIF_F_HW_TLS_RX,
	[SECNET_OFFLOAD_XFRM]	= NETIF_F_HW_ESP | NETIF_F_HW_ESP_TX_CSUM |
				  NETIF_F_GSO_ESP,
	[SECNET_OFFLOAD_MACSEC]	= NETIF_F_HW_MACSEC,
};

const struct secnet_offload *secnet_offload_rcu(enum secnet_offload_kind kind)
{
	return rcu_dereference(secnet_offloads[kind]);
}

const struct secnet_offload *secnet_offload_rtnl(enum secnet_offload_kind kind)
{
	return rtnl_dereference(secnet_offloads[kind]);
}

const struct secnet_offload *secnet_offload_get(enum secnet_offload_kind kind)
{
	const struct secnet_offload *off;

	rcu_read_lock();
	off = rcu_dereference(secnet_offloads[kind]);
	if (off && !try_module_get(off->owner))
		off = NULL;
	rcu_read_unlock();
	return off;
}

void secnet_offload_put(const struct secnet_offload *off)
{
	module_put(off->owner);
}

static void *secnet_offload_priv_rtnl(const struct net_device *dev,
				      enum secnet_offload_kind kind)
{
	const struct secnet_device *sd = netdev_priv(dev);

	return rtnl_dereference(sd->offload[kind]);
}

/*
 * The state is cleared under RTNL and the device's offload_lock, and freed
 * after a grace period: each of the three keeps it.
 */
void *secnet_offload_priv(const struct net_device *dev,
			  enum secnet_offload_kind kind)
{
	const struct secnet_device *sd = netdev_priv(dev);

	return rcu_dereference_check(sd->offload[kind],
				     lockdep_rtnl_is_held() ||
				     lockdep_is_held(&sd->offload_lock));
}
EXPORT_SYMBOL_GPL(secnet_offload_priv);

/* Under RTNL: sets @dev's state of @kind, and returns the old one. */
static void *secnet_offload_swap(struct net_device *dev, int kind, void *priv)
{
	struct secnet_device *sd = netdev_priv(dev);
	void *old;

	mutex_lock(&sd->offload_lock);
	old = rcu_replace_pointer(sd->offload[kind], priv,
				  lockdep_rtnl_is_held());
	mutex_unlock(&sd->offload_lock);
	return old;
}

/*
 * Pins @dev's state of the offload @kind for a callback that may sleep, and
 * returns it, or NULL (nothing pinned) if the device has none.
 */
void *secnet_offload_priv_lock(struct net_device *dev,
			       enum secnet_offload_kind kind)
{
	struct secnet_device *sd = netdev_priv(dev);
	void *priv;

	mutex_lock(&sd->offload_lock);
	priv = secnet_offload_priv(dev, kind);
	if (!priv)
		mutex_unlock(&sd->offload_lock);
	return priv;
}

void secnet_offload_priv_unlock(struct net_device *dev)
{
	struct secnet_device *sd = netdev_priv(dev);

	mutex_unlock(&sd->offload_lock);
}

/*
 * Under RTNL: the features the offloads give now (@enc: those that hold
 * for encapsulated packets too).
 */
static netdev_features_t secnet_offload_allowed(bool enc)
{
	const struct secnet_offload *off;
	netdev_features_t features = 0;
	int kind;

	for (kind = 0; kind < SECNET_OFFLOAD_KINDS; kind++) {
		off = secnet_offloads_featured[kind];
		if (off)
			features |= enc ? off->hw_enc_features : off->features;
	}
	return features;
}

netdev_features_t secnet_offload_fix_features(struct net_device *dev,
					      netdev_features_t features)
{
	const struct secnet_device *sd = netdev_priv(dev);

	features &= ~SECNET_OFFLOAD_FEATURES | secnet_offload_allowed(false);
	/*
	 * macsec tells the device a SecY is gone only while the device has
	 * the feature: it stays until the last offloaded SecY goes.
	 */
	if (sd->macsec_secys && secnet_offloads_featured[SECNET_OFFLOAD_MACSEC])
		features |= dev->features & NETIF_F_HW_MACSEC;
	return features;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_offload_fix_features);

void secnet_offload_update_features(struct net_device *dev)
{
	ASSERT_RTNL();
	dev->hw_features = (dev->hw_features & ~SECNET_OFFLOAD_FEATURES) |
			   secnet_offload_allowed(false);
	dev->hw_enc_features = (dev->hw_enc_features &
				~SECNET_OFFLOAD_FEATURES) |
			       secnet_offload_allowed(true);
	netdev_update_features(dev);
}

static int secnet_offload_attach(struct net_device *dev,
				 const struct secnet_offload *off)
{
	void *priv;
	int err;

	/* Charged to whoever makes the device, or loads the module. */
	priv = kzalloc(off->priv_size, GFP_KERNEL_ACCOUNT);
	if (!priv)
		return -ENOMEM;
	if (off->dev_init) {
		err = off->dev_init(dev, priv);
		if (err) {
			kfree(priv);
			return err;
		}
	}
	secnet_offload_swap(dev, off->kind, priv);
	return 0;
}

/* The second half of a detach, once no reader can see the state. */
static void secnet_offload_release(struct net_device *dev,
				   const struct secnet_offload *off)
{
	void *priv = secnet_offload_swap(dev, off->kind, NULL);

	if (!priv)
		return;
	if (off->dev_uninit)
		off->dev_uninit(dev, priv);
	kfree(priv);
}

int secnet_offload_dev_init(struct net_device *dev)
{
	const struct secnet_offload *off;
	int kind, err;

	for (kind = 0; kind < SECNET_OFFLOAD_KINDS; kind++) {
		off = rtnl_dereference(secnet_offloads[kind]);
		if (!off)
			continue;
		err = secnet_offload_attach(dev, off);
		if (err)
			goto undo;
	}
	return 0;

undo:
	/* Not registered yet: nothing can have seen the states. */
	while (--kind >= 0) {
		off = rtnl_dereference(secnet_offloads[kind]);
		if (off)
			secnet_offload_release(dev, off);
	}
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_offload_dev_init);

void secnet_offload_dev_uninit(struct net_device *dev)
{
	const struct secnet_offload *off;
	void *priv[SECNET_OFFLOAD_KINDS];
	bool any = false;
	int kind;

	for (kind = 0; kind < SECNET_OFFLOAD_KINDS; kind++) {
		priv[kind] = secnet_offload_swap(dev, kind, NULL);
		any |= !!priv[kind];
	}
	if (!any)
		return;
	/* The peer's transmit may be inside this device's receive hook. */
	synchronize_net();
	for (kind = 0; kind < SECNET_OFFLOAD_KINDS; kind++) {
		off = rtnl_dereference(secnet_offloads[kind]);
		if (!priv[kind])
			continue;
		if (off->dev_uninit)
			off->dev_uninit(dev, priv[kind]);
		kfree(priv[kind]);
	}
}
EXPORT_SYMBOL_IF_KUNIT(secnet_offload_dev_uninit);

/* Whether @off has the ops of its kind with what the core's ops call. */
static bool secnet_offload_ops_valid(const struct secnet_offload *off)
{
	const struct xfrmdev_ops *x = off->xfrm;
	const struct macsec_ops *m = off->macsec;
	const struct tlsdev_ops *t = off->tls;

	switch (off->kind) {
	case SECNET_OFFLOAD_XFRM:
		return x && !m && !t && x->xdo_dev_state_add &&
		       x->xdo_dev_state_delete && x->xdo_dev_state_free &&
		       x->xdo_dev_offload_ok;
	case SECNET_OFFLOAD_MACSEC:
		return m && !x && !t && m->mdo_add_secy && m->mdo_del_secy &&
		       m->mdo_add_rxsc && m->mdo_del_rxsc && m->mdo_add_rxsa &&
		       m->mdo_del_rxsa && m->mdo_add_txsa && m->mdo_del_txsa;
	case SECNET_OFFLOAD_KTLS:
		return t && !x && !m && t->tls_dev_add && t->tls_dev_del &&
		       (t->tls_dev_resync ||
			!(off->features & NETIF_F_HW_TLS_RX));
	default:
		return false;
	}
}

bool secnet_offload_valid(const struct secnet_offload *off)
{
	return off->kind < SECNET_OFFLOAD_KINDS && off->priv_size &&
	       (!off->n_stats || off->read_stats) &&
	       !(off->features & ~secnet_offload_kind_features[off->kind]) &&
	       !(off->hw_enc_features & ~off->features) &&
	       secnet_offload_ops_valid(off);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_offload_valid);

int secnet_offload_register(const struct secnet_offload *off)
{
	struct secnet_device *sd;
	int err = 0;

	if (WARN_ON(!secnet_offload_valid(off)))
		return -EINVAL;

	rtnl_lock();
	if (rtnl_dereference(secnet_offloads[off->kind])) {
		err = -EBUSY;
		goto out;
	}
	list_for_each_entry(sd, &secnet_devices, node) {
		err = secnet_offload_attach(sd->dev, off);
		if (err)
			break;
	}
	if (err) {
		/* Unpublished, with no feature: nothing used the states. */
		list_for_each_entry(sd, &secnet_devices, node)
			secnet_offload_release(sd->dev, off);
		goto out;
	}
	rcu_assign_pointer(secnet_offloads[off->kind], off);
	/* Packets are marked for it only once it is there to finish them. */
	secnet_offloads_featured[off->kind] = off;
	list_for_each_entry(sd, &secnet_devices, node)
		secnet_offload_update_features(sd->dev);
out:
	rtnl_unlock();
	return err;
}
EXPORT_SYMBOL_GPL(secnet_offload_register);

void secnet_offload_unregister(const struct secnet_offload *off)
{
	struct secnet_device *sd;

	rtnl_lock();
	if (WARN_ON(rtnl_dereference(secnet_offloads[off->kind]) != off))
		goto out;
	secnet_offloads_featured[off->kind] = NULL;
	list_for_each_entry(sd, &secnet_devices, node)
		secnet_offload_update_features(sd->dev);
	/*
	 * Transmits that saw the features, and so may carry packets the stack
	 * left for the device to finish, still find the offload.
	 */
	synchronize_net();
	RCU_INIT_POINTER(secnet_offloads[off->kind], NULL);
	/* Packets and callbacks already inside the module finish first. */
	synchronize_net();
	list_for_each_entry(sd, &secnet_devices, node)
		secnet_offload_release(sd->dev, off);
out:
	rtnl_unlock();
}
EXPORT_SYMBOL_GPL(secnet_offload_unregister);

static void *secnet_offload_active(const struct net_device *dev, int kind,
				   const struct secnet_offload **off)
{
	const struct secnet_device *sd = netdev_priv(dev);

	*off = rcu_dereference(secnet_offloads[kind]);
	return *off ? rcu_dereference(sd->offload[kind]) : NULL;
}

/*
 * Whether the stack left @skb for the offload @kind to finish on transmit:
 * sent as it is, it would leave unencrypted (or without its MACsec tag).
 */
static bool secnet_offload_marked(const struct sk_buff *skb, int kind)
{
	const struct metadata_dst *md;
	const struct xfrm_offload *xo;

	switch (kind) {
	case SECNET_OFFLOAD_KTLS:
#if IS_ENABLED(CONFIG_TLS_DEVICE)
		return skb->decrypted;
#else
		return false;
#endif
	case SECNET_OFFLOAD_XFRM:
		xo = xfrm_offload((struct sk_buff *)skb);
		return xo && (xo->flags & XFRM_XMIT);
	case SECNET_OFFLOAD_MACSEC:
		md = skb_metadata_dst(skb);
		return md && md->type == METADATA_MACSEC;
	}
	return false;
}

struct sk_buff *secnet_offload_xmit(struct net_device *dev,
				    struct sk_buff *skb)
{
	struct secnet_device *sd = netdev_priv(dev);
	const struct secnet_offload *off;
	void *priv;
	int kind;

	for (kind = 0; skb && kind < SECNET_OFFLOAD_KINDS; kind++) {
		priv = secnet_offload_active(dev, kind, &off);
		if (priv && off->xmit) {
			skb = off->xmit(dev, priv, skb);
		} else if (!priv && secnet_offload_marked(skb, kind)) {
			atomic_long_inc(&sd->tx_offload_gone);
			kfree_skb(skb);
			return NULL;
		}
	}
	return skb;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_offload_xmit);

struct sk_buff *secnet_offload_receive(struct net_device *dev,
				       struct sk_buff *skb)
{
	const struct secnet_offload *off;
	void *priv;
	int kind;

	for (kind = SECNET_OFFLOAD_KINDS - 1; skb && kind >= 0; kind--) {
		priv = secnet_offload_active(dev, kind, &off);
		if (priv && off->receive)
			skb = off->receive(dev, priv, skb);
	}
	return skb;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_offload_receive);

/*
 * The offload @kind and @dev's state of it if both are there; ethtool runs
 * under RTNL, which keeps them still.
 */
static void *secnet_offload_active_rtnl(struct net_device *dev, int kind,
					const struct secnet_offload **off)
{
	*off = rtnl_dereference(secnet_offloads[kind]);
	return *off ? secnet_offload_priv_rtnl(dev, kind) : NULL;
}

/* The device's own counters, before those of each offload. */
static const char secnet_offload_stat_names[][ETH_GSTRING_LEN] = {
	"tx_dropped_offload_gone",
};

static int secnet_offload_get_sset_count(struct net_device *dev, int sset)
{
	const struct secnet_offload *off;
	int kind, n = ARRAY_SIZE(secnet_offload_stat_names);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	for (kind = 0; kind < SECNET_OFFLOAD_KINDS; kind++)
		if (secnet_offload_active_rtnl(dev, kind, &off))
			n += off->n_stats;
	return n;
}

static void secnet_offload_get_strings(struct net_device *dev, u32 sset,
				       u8 *data)
{
	const struct secnet_offload *off;
	unsigned int i;
	int kind;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(secnet_offload_stat_names); i++)
		ethtool_sprintf(&data, "%s", secnet_offload_stat_names[i]);
	for (kind = 0; kind < SECNET_OFFLOAD_KINDS; kind++) {
		if (!secnet_offload_active_rtnl(dev, kind, &off))
			continue;
		for (i = 0; i < off->n_stats; i++)
			ethtool_sprintf(&data, "%s", off->stat_names[i]);
	}
}

static void secnet_offload_get_stats(struct net_device *dev,
				     struct ethtool_stats *stats, u64 *data)
{
	const struct secnet_device *sd = netdev_priv(dev);
	const struct secnet_offload *off;
	void *priv;
	int kind;

	*data++ = atomic_long_read(&sd->tx_offload_gone);
	for (kind = 0; kind < SECNET_OFFLOAD_KINDS; kind++) {
		priv = secnet_offload_active_rtnl(dev, kind, &off);
		if (!priv)
			continue;
		off->read_stats(dev, priv, data);
		data += off->n_stats;
	}
}

static void secnet_offload_get_drvinfo(struct net_device *dev,
				       struct ethtool_drvinfo *info)
{
	strscpy(info->driver, "secnet", sizeof(info->driver));
	strscpy(info->version, SECNET_VERSION, sizeof(info->version));
}

const struct ethtool_ops secnet_offload_ethtool_ops = {
	.get_drvinfo		= secnet_offload_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_sset_count		= secnet_offload_get_sset_count,
	.get_strings		= secnet_offload_get_strings,
	.get_ethtool_stats	= secnet_offload_get_stats,
};
