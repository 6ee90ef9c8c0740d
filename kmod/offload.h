/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The offloads registered with the core, as the device and the kernel's
 * offload callbacks see them.
 */
#ifndef _SECNET_OFFLOAD_H
#define _SECNET_OFFLOAD_H

#include <linux/ethtool.h>
#include <linux/netdevice.h>

#include "secnet.h"

/* Every feature an offload may give a device. */
#define SECNET_OFFLOAD_FEATURES	(NETIF_F_HW_ESP | NETIF_F_HW_ESP_TX_CSUM | \
				 NETIF_F_GSO_ESP | NETIF_F_HW_MACSEC |	  \
				 NETIF_F_HW_TLS_TX | NETIF_F_HW_TLS_RX)

/* Under RTNL, when a device is registered and unregistered. */
int secnet_offload_dev_init(struct net_device *dev);
void secnet_offload_dev_uninit(struct net_device *dev);

/* What secnet_offload_register() accepts: see struct secnet_offload. */
bool secnet_offload_valid(const struct secnet_offload *off);

/* The device's ndo_fix_features: takes out what no offload gives now. */
netdev_features_t secnet_offload_fix_features(struct net_device *dev,
					      netdev_features_t features);
/*
 * Under RTNL, on a registered device: advertises the features of the
 * offloads registered now, and has the device take them or leave them.
 */
void secnet_offload_update_features(struct net_device *dev);

/* The data path, in BH under RCU; NULL if an offload consumed the skb. */
struct sk_buff *secnet_offload_xmit(struct net_device *dev,
				    struct sk_buff *skb);
struct sk_buff *secnet_offload_receive(struct net_device *dev,
				       struct sk_buff *skb);

/*
 * The offload @kind, with a reference on its module (drop it with
 * secnet_offload_put()), or NULL if none is registered or it is going away.
 */
const struct secnet_offload *secnet_offload_get(enum secnet_offload_kind kind);
void secnet_offload_put(const struct secnet_offload *off);
/*
 * @dev's state of @kind, held still until secnet_offload_priv_unlock(); NULL
 * (and nothing to unlock) if it has none.  May sleep.
 */
void *secnet_offload_priv_lock(struct net_device *dev,
			       enum secnet_offload_kind kind);
void secnet_offload_priv_unlock(struct net_device *dev);
/* The offload @kind or NULL; under RCU, usable until rcu_read_unlock(). */
const struct secnet_offload *secnet_offload_rcu(enum secnet_offload_kind kind);
/* The same under RTNL, which keeps it registered. */
const struct secnet_offload *secnet_offload_rtnl(enum secnet_offload_kind kind);

extern const struct ethtool_ops secnet_offload_ethtool_ops;

#ifdef CONFIG_XFRM_OFFLOAD
extern const struct xfrmdev_ops secnet_offload_xfrmdev_ops;
#endif
#if IS_ENABLED(CONFIG_MACSEC)
extern const struct macsec_ops secnet_offload_macsec_ops;
#endif
#if IS_ENABLED(CONFIG_TLS_DEVICE)
extern const struct tlsdev_ops secnet_offload_tlsdev_ops;
#endif

#endif /* _SECNET_OFFLOAD_H */
