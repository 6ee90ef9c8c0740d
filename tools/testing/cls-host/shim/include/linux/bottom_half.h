/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim: no softirqs to hold off. */
#ifndef _SHIM_LINUX_BOTTOM_HALF_H
#define _SHIM_LINUX_BOTTOM_HALF_H

#define local_bh_disable()	do { } while (0)
#define local_bh_enable()	do { } while (0)

#endif
