/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim: one program, nothing to export. */
#ifndef _SHIM_LINUX_EXPORT_H
#define _SHIM_LINUX_EXPORT_H

#define EXPORT_SYMBOL(sym)

#endif
