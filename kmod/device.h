/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "secnet" link type: a pair of Ethernet devices, each delivering what
 * it sends to the other, into which feature modules plug their offloads.
 */
#ifndef _SECNET_DEVICE_H
#define _SECNET_DEVICE_H

#include <linux/init.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/ptr_ring.h>

#include "secnet.h"

/**
 * struct secnet_device - one end of a pair
 * @peer: the other end; NULL once the pair is being torn down.  Written
 *	under RTNL, read under RCU on transmit.
 * @offload: each offload's state for this device, NULL while it has none;
 *	written under RTNL and @offload_lock, read under RCU, RTNL or
 *	@offload_lock
 * @offload_lock: held by the offload callbacks that sleep (an xfrm state
 *	add) for as long as they use a state of @offload, and by whoever
 *	clears and frees one, so that the two never interleave
 * @macsec_secys: MACsec SecYs offloaded to the device, under RTNL
 * @tx_offload_gone: frames dropped on transmit because they were marked for
 *	an offload the device no longer has (`ethtool -S`, in tx_dropped too)
 * @rx_ring: frames the peer sent, waiting for @napi; the peer's transmit
 *	produces (under the ring's producer lock, since it takes no lock of
 *	its own), @napi consumes
 * @napi: the receive queue: runs the receive offloads and hands the frames
 *	to the stack, threaded by default so that it runs on a CPU of the
 *	scheduler's choosing rather than in the sender's transmit
 * @dev: the device this is the private part of
 * @node: in the list of all secnet devices, under RTNL
 */
struct secnet_device {
	struct net_device __rcu *peer;
	void __rcu *offload[SECNET_OFFLOAD_KINDS];
	/* See @offload_lock above. */
	struct mutex offload_lock;
	unsigned int macsec_secys;
	atomic_long_t tx_offload_gone;
	struct ptr_ring rx_ring;
	struct napi_struct napi;
	struct net_device *dev;
	struct list_head node;
};

/* Every registered secnet device, in every namespace; under RTNL. */
extern struct list_head secnet_devices;

int __init secnet_device_init(void);
void secnet_device_exit(void);

#endif /* _SECNET_DEVICE_H */
