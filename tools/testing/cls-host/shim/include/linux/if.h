/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of linux/if.h. */
#ifndef _SHIM_LINUX_IF_H
#define _SHIM_LINUX_IF_H

#define IFNAMSIZ	16

#endif
