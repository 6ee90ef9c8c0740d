/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of net/ip.h. */
#ifndef _SHIM_NET_IP_H
#define _SHIM_NET_IP_H

#include <linux/ip.h>
#include <linux/skbuff.h>

#define IP_OFFSET	0x1FFF

#endif
