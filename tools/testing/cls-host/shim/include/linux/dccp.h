/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim: the transport headers are in linux/tcp.h. */
#ifndef _SHIM_LINUX_DCCP_H
#define _SHIM_LINUX_DCCP_H

#include <linux/tcp.h>

#endif
