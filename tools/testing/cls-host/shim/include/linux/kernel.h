/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host benchmark's shim of the kernel's everyday helpers: what
 * linux/kernel.h, linux/bits.h, linux/log2.h, linux/overflow.h,
 * linux/limits.h, linux/bug.h and the byte order helpers give the
 * classifier's sources.
 */
#ifndef _SHIM_LINUX_KERNEL_H
#define _SHIM_LINUX_KERNEL_H

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <linux/container_of.h>
#include <linux/types.h>

#define U8_MAX		((u8)~0U)
#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)
#define U64_MAX		((u64)~0ULL)

#define BITS_PER_LONG		64
#define BIT(n)			(1UL << (n))
#define BIT_ULL(n)		(1ULL << (n))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define PAGE_SIZE		4096UL

#define min(a, b)		((a) < (b) ? (a) : (b))
#define max(a, b)		((a) > (b) ? (a) : (b))
#define min_t(type, a, b)	min((type)(a), (type)(b))
#define rounddown(x, y)		((x) - ((x) % (y)))

/* Only ever given constants, or values the callers keep well in range. */
#define ilog2(n)		((int)(63 - __builtin_clzll((u64)(n) | 1)))
#define roundup_pow_of_two(n)	((n) <= 1 ? 1UL : 1UL << (ilog2((n) - 1) + 1))

/* Sizes that would overflow become SIZE_MAX, which no allocation gets. */
static inline size_t shim_struct_size(size_t head, size_t elem, size_t n)
{
	size_t bytes;

	if (__builtin_mul_overflow(elem, n, &bytes) ||
	    __builtin_add_overflow(bytes, head, &bytes))
		return SIZE_MAX;
	return bytes;
}

#define struct_size(p, member, count) \
	shim_struct_size(sizeof(*(p)), sizeof(*(p)->member), (count))
#define struct_size_t(type, member, count) \
	struct_size((type *)NULL, member, count)

#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), #cond)

/* A kernel WARN: said once on stderr, and the value passed on. */
#define WARN_ON_ONCE(cond) ({						\
	static bool __warned;						\
	bool __c = !!(cond);						\
	if (__c && !__warned) {						\
		__warned = true;					\
		fprintf(stderr, "WARNING: %s:%d: %s\n", __FILE__,	\
			__LINE__, #cond);				\
	}								\
	__c;								\
})

/* One task on one CPU: nothing to yield to. */
#define cond_resched()		do { } while (0)

/*
 * A kernel function the benchmark never reaches: its call sites compile,
 * and would stop the program if reached.
 */
#define shim_unreachable() ({						\
	fprintf(stderr, "%s: not available in the host shim\n", __func__); \
	abort();							\
})

#endif
