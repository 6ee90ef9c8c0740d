/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of net/netns/generic.h: no namespaces. */
#ifndef _SHIM_NET_NETNS_GENERIC_H
#define _SHIM_NET_NETNS_GENERIC_H

#include <linux/kernel.h>

#define net_generic(net, id) ({						\
	(void)(net);							\
	(void)(id);							\
	shim_unreachable();						\
	(void *)NULL;							\
})

#endif
