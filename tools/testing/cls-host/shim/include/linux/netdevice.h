/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of linux/netdevice.h: a device is its name. */
#ifndef _SHIM_LINUX_NETDEVICE_H
#define _SHIM_LINUX_NETDEVICE_H

#include <linux/atomic.h>
#include <linux/if.h>
#include <linux/percpu.h>
#include <linux/types.h>

typedef u64 netdev_features_t;

struct net;

struct net_device {
	char name[IFNAMSIZ];
};

#endif
