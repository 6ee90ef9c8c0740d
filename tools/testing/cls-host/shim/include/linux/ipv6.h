/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim: the IP headers are in linux/ip.h. */
#ifndef _SHIM_LINUX_IPV6_H
#define _SHIM_LINUX_IPV6_H

#include <linux/ip.h>

#endif
