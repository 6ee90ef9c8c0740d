/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "secnet" link type: a pair of Ethernet devices, each delivering what
 * it sends to the other, into which feature modules plug their offloads.
 */
#ifndef _SECNET_DEVICE_H
#define _SECNET_DEVICE_H

#include <linux/init.h>
#include <linux/list.h>
#include <linux/netdevice.h>

#include "secnet.h"

/**
 * struct secnet_device - one end of a pair
 * @peer: the other end; NULL once the pair is being torn down.  Written
 *	under RTNL, read under RCU on transmit.
 * @offload: each offload's state for this device, NULL while it has none;
 *	written under RTNL, read under RCU
 * @dev: the device this is the private part of
 * @node: in the list of all secnet devices, under RTNL
 */
struct secnet_device {
	struct net_device __rcu *peer;
	void __rcu *offload[SECNET_OFFLOAD_KINDS];
	struct net_device *dev;
	struct list_head node;
};

/* Every registered secnet device, in every namespace; under RTNL. */
extern struct list_head secnet_devices;

int __init secnet_device_init(void);
void secnet_device_exit(void);

#endif /* _SECNET_DEVICE_H */
