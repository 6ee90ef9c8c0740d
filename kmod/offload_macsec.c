// SPDX-License-Identifier: GPL-2.0
/*
 * The macsec_ops of every secnet device, passing each mdo_* on to the
 * registered MACsec offload.  macsec calls them all under RTNL, in process
 * context, and RTNL also keeps the offload registered (registering and
 * unregistering take it) and the device's state of it.  Without the
 * offload, or without its state on the device, every call is refused with
 * -EOPNOTSUPP: a SecY is then not offloaded.
 *
 * Detach or refuse: an offloaded SecY's frames leave macsec in plaintext,
 * for the device to tag and encrypt, and a device without the module could
 * only drop them.  So each SecY holds a reference on the module from a
 * successful mdo_add_secy to its mdo_del_secy, and rmmod refuses while one
 * exists.  macsec calls mdo_del_secy wherever an offloaded SecY ends: the
 * macsec link deleted (by itself, with its lower device, with its
 * namespace) or its offload switched off.  It does so only while the lower
 * device has NETIF_F_HW_MACSEC, which the device keeps for that while it
 * has SecYs (secnet_offload_fix_features()).
 */

#include <kunit/visibility.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/macsec.h>

#include "device.h"
#include "offload.h"

/* The offload, if @ctx's device has its state; under RTNL. */
static const struct secnet_offload *
secnet_offload_macsec_rtnl(const struct macsec_context *ctx)
{
	const struct secnet_offload *off;

	ASSERT_RTNL();
	off = secnet_offload_rtnl(SECNET_OFFLOAD_MACSEC);
	if (!off || ctx->offload != MACSEC_OFFLOAD_MAC ||
	    !secnet_offload_priv(ctx->netdev, SECNET_OFFLOAD_MACSEC))
		return NULL;
	return off;
}

static int secnet_offload_macsec_add_secy(struct macsec_context *ctx)
{
	struct secnet_device *sd = netdev_priv(ctx->netdev);
	const struct secnet_offload *off = secnet_offload_macsec_rtnl(ctx);
	int err;

	/* A module on its way out (waiting for RTNL to unregister) refuses. */
	if (!off || !try_module_get(off->owner))
		return -EOPNOTSUPP;
	err = off->macsec->mdo_add_secy(ctx);
	if (err) {
		module_put(off->owner);
		return err;
	}
	/* The SecY keeps the reference until mdo_del_secy. */
	sd->macsec_secys++;
	return 0;
}

/*
 * Always succeeds, and drops the SecY's reference: macsec ignores an error
 * where the SecY ends, and were the offload to stay on after a refused
 * "ip macsec offload ... off", the next delete would drop it again.
 */
static int secnet_offload_macsec_del_secy(struct macsec_context *ctx)
{
	struct secnet_device *sd = netdev_priv(ctx->netdev);
	const struct secnet_offload *off;
	int err;

	ASSERT_RTNL();
	off = secnet_offload_rtnl(SECNET_OFFLOAD_MACSEC);
	if (WARN_ON_ONCE(!off || !sd->macsec_secys))
		return 0;
	err = off->macsec->mdo_del_secy(ctx);
	if (err)
		netdev_warn(ctx->netdev, "MACsec offload: SecY delete: %d\n",
			    err);
	sd->macsec_secys--;
	module_put(off->owner);
	return 0;
}

/*
 * Every other mdo_*: passed on, or refused; an optional one the module
 * lacks returns @none.
 */
#define SECNET_OFFLOAD_MDO(name, none)					\
static int secnet_offload_mdo_##name(struct macsec_context *ctx)	\
{									\
	const struct secnet_offload *off;				\
									\
	off = secnet_offload_macsec_rtnl(ctx);				\
	if (!off)							\
		return -EOPNOTSUPP;					\
	if (!off->macsec->mdo_##name)					\
		return none;						\
	return off->macsec->mdo_##name(ctx);				\
}

SECNET_OFFLOAD_MDO(dev_open, 0)
SECNET_OFFLOAD_MDO(dev_stop, 0)
SECNET_OFFLOAD_MDO(upd_secy, -EOPNOTSUPP)
SECNET_OFFLOAD_MDO(add_rxsc, -EOPNOTSUPP)
SECNET_OFFLOAD_MDO(upd_rxsc, -EOPNOTSUPP)
SECNET_OFFLOAD_MDO(del_rxsc, -EOPNOTSUPP)
SECNET_OFFLOAD_MDO(add_rxsa, -EOPNOTSUPP)
SECNET_OFFLOAD_MDO(upd_rxsa, -EOPNOTSUPP)
SECNET_OFFLOAD_MDO(del_rxsa, -EOPNOTSUPP)
SECNET_OFFLOAD_MDO(add_txsa, -EOPNOTSUPP)
SECNET_OFFLOAD_MDO(upd_txsa, -EOPNOTSUPP)
SECNET_OFFLOAD_MDO(del_txsa, -EOPNOTSUPP)
SECNET_OFFLOAD_MDO(get_dev_stats, -EOPNOTSUPP)
SECNET_OFFLOAD_MDO(get_tx_sc_stats, -EOPNOTSUPP)
SECNET_OFFLOAD_MDO(get_tx_sa_stats, -EOPNOTSUPP)
SECNET_OFFLOAD_MDO(get_rx_sc_stats, -EOPNOTSUPP)
SECNET_OFFLOAD_MDO(get_rx_sa_stats, -EOPNOTSUPP)

const struct macsec_ops secnet_offload_macsec_ops = {
	.mdo_dev_open		= secnet_offload_mdo_dev_open,
	.mdo_dev_stop		= secnet_offload_mdo_dev_stop,
	.mdo_add_secy		= secnet_offload_macsec_add_secy,
	.mdo_upd_secy		= secnet_offload_mdo_upd_secy,
	.mdo_del_secy		= secnet_offload_macsec_del_secy,
	.mdo_add_rxsc		= secnet_offload_mdo_add_rxsc,
	.mdo_upd_rxsc		= secnet_offload_mdo_upd_rxsc,
	.mdo_del_rxsc		= secnet_offload_mdo_del_rxsc,
	.mdo_add_rxsa		= secnet_offload_mdo_add_rxsa,
	.mdo_upd_rxsa		= secnet_offload_mdo_upd_rxsa,
	.mdo_del_rxsa		= secnet_offload_mdo_del_rxsa,
	.mdo_add_txsa		= secnet_offload_mdo_add_txsa,
	.mdo_upd_txsa		= secnet_offload_mdo_upd_txsa,
	.mdo_del_txsa		= secnet_offload_mdo_del_txsa,
	.mdo_get_dev_stats	= secnet_offload_mdo_get_dev_stats,
	.mdo_get_tx_sc_stats	= secnet_offload_mdo_get_tx_sc_stats,
	.mdo_get_tx_sa_stats	= secnet_offload_mdo_get_tx_sa_stats,
	.mdo_get_rx_sc_stats	= secnet_offload_mdo_get_rx_sc_stats,
	.mdo_get_rx_sa_stats	= secnet_offload_mdo_get_rx_sa_stats,
	/* Steer received frames by the md_dst the device attaches, not MAC. */
	.rx_uses_md_dst		= true,
};
EXPORT_SYMBOL_IF_KUNIT(secnet_offload_macsec_ops);
