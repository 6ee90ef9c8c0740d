/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host benchmark's kernel configuration, given to every kernel source
 * it compiles (-include), as the kernel's own build gives its autoconf.h:
 * x86-64's settings, for what the kernel's headers ask.
 */
#ifndef _SHIM_KCONFIG_H
#define _SHIM_KCONFIG_H

#define CONFIG_64BIT 1
#define CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS 1

/* In #if only, where an option not set above is an identifier #if reads as 0. */
#define IS_ENABLED(option) (option)

#endif
