/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of linux/stddef.h: the C library's. */
#ifndef _SHIM_LINUX_STDDEF_H
#define _SHIM_LINUX_STDDEF_H

#include <stddef.h>

#endif
