/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host benchmark's shim of the kernel's compiler attributes: the same
 * meaning to gcc, and the sparse annotations (__rcu, __force, ...) empty,
 * as they are to the kernel's own gcc builds.
 */
#ifndef _SHIM_LINUX_COMPILER_H
#define _SHIM_LINUX_COMPILER_H

/* The C library defines these two as well, the same way: its first. */
#include <sys/cdefs.h>

#ifndef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#endif
#define __pure			__attribute__((__pure__))
#ifndef __attribute_const__
#define __attribute_const__	__attribute__((__const__))
#endif
#define __aligned(x)		__attribute__((__aligned__(x)))
#define fallthrough		__attribute__((__fallthrough__))
/* The host build clears no stack variable on its own: nothing to skip. */
#define __uninitialized
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#define __rcu
#define __percpu
#define __force
#define __bitwise

/* One access the compiler may neither split, merge nor repeat. */
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	(*(volatile __typeof__(x) *)&(x) = (val))

#endif
