/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of linux/module.h. */
#ifndef _SHIM_LINUX_MODULE_H
#define _SHIM_LINUX_MODULE_H

#include <linux/export.h>

struct module;

#endif
