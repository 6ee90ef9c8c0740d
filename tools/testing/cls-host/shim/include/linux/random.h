/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host benchmark's shim of the kernel's random numbers: a fixed
 * sequence (shim.c), so that a run's hash seeds, and so its tables, are
 * the same every time.
 */
#ifndef _SHIM_LINUX_RANDOM_H
#define _SHIM_LINUX_RANDOM_H

#include <linux/types.h>

u64 get_random_u64(void);

#endif
