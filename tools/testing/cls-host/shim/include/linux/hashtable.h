/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of linux/hashtable.h: its type, no more. */
#ifndef _SHIM_LINUX_HASHTABLE_H
#define _SHIM_LINUX_HASHTABLE_H

#include <linux/types.h>

#define DECLARE_HASHTABLE(name, bits)	struct hlist_head name[1 << (bits)]

#endif
