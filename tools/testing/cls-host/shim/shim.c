// SPDX-License-Identifier: GPL-2.0
/*
 * The host benchmark's shim: the kernel functions the classifier's sources
 * call that are no header's inline, and what the module's other files
 * define for them.
 */

#include <malloc.h>

#include <linux/random.h>
#include <linux/slab.h>

#include "secnet_nf.h"

/* ruleset.c's: held around every change, as the module does. */
DEFINE_MUTEX(secnet_nf_mutex);

/* main.c's: the shim's work runs at once, on no queue. */
struct workqueue_struct *secnet_nf_wq;

/* What the classifier holds: its allocations, as the C library sized them. */
static size_t live_bytes;

size_t shim_live_bytes(void)
{
	return live_bytes;
}

void *kmalloc(size_t size, gfp_t gfp)
{
	void *p = gfp & __GFP_ZERO ? calloc(1, size) : malloc(size);

	if (!p && (gfp & __GFP_NOFAIL)) {
		fprintf(stderr, "kmalloc: %zu bytes with __GFP_NOFAIL: out of memory\n",
			size);
		abort();
	}
	live_bytes += malloc_usable_size(p);
	return p;
}

void kfree(const void *p)
{
	live_bytes -= malloc_usable_size((void *)p);
	free((void *)p);
}

/* splitmix64 (Steele, Lea and Flood) from a fixed seed. */
u64 get_random_u64(void)
{
	static u64 state = 0x5ec4e7c1a55ULL;
	u64 z = (state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* counter.c's: no rule of a benchmark counts (no COUNT rule), so none. */
DEFINE_PER_CPU(struct secnet_nf_ctr_dir __rcu *, secnet_nf_ctr_dir);

/* set.c's: no rule of a benchmark names a set. */
bool secnet_nf_set_lookup(const struct secnet_nf_set *s,
			  const struct secnet_nf_pkt *p, bool src)
{
	shim_unreachable();
}
