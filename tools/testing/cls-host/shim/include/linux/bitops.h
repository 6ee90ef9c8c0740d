/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of test_bit(), __ffs64() and hweight8/32(). */
#ifndef _SHIM_LINUX_BITOPS_H
#define _SHIM_LINUX_BITOPS_H

#include <linux/kernel.h>

static inline bool test_bit(unsigned long nr, const unsigned long *addr)
{
	return addr[nr / BITS_PER_LONG] & BIT(nr % BITS_PER_LONG);
}

static inline unsigned long __ffs64(u64 word)
{
	return __builtin_ctzll(word);
}

static inline unsigned int hweight8(unsigned int w)
{
	return __builtin_popcount(w & 0xff);
}

static inline unsigned int hweight32(unsigned int w)
{
	return __builtin_popcount(w);
}

/* As the kernel's on a CPU with POPCNT: one instruction, not libgcc's call. */
static inline unsigned int hweight64(unsigned long long w)
{
#ifdef __x86_64__
	unsigned long long n;

	asm("popcntq %1, %0" : "=r" (n) : "rm" (w));
	return n;
#else
	return __builtin_popcountll(w);
#endif
}

#endif
