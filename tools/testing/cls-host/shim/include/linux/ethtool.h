/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of linux/ethtool.h. */
#ifndef _SHIM_LINUX_ETHTOOL_H
#define _SHIM_LINUX_ETHTOOL_H

#define ETH_GSTRING_LEN	32

#endif
