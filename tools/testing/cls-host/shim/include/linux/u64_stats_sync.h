/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of 64-bit statistics: plain 64-bit words. */
#ifndef _SHIM_LINUX_U64_STATS_SYNC_H
#define _SHIM_LINUX_U64_STATS_SYNC_H

#include <linux/percpu.h>
#include <linux/types.h>

typedef struct {
	u64 v;
} u64_stats_t;

struct u64_stats_sync {
	char none;
};

#define u64_stats_init(s)		((void)(s))
#define u64_stats_update_begin(s)	((void)(s))
#define u64_stats_update_end(s)		((void)(s))
#define u64_stats_fetch_begin(s)	((void)(s), 0U)
#define u64_stats_fetch_retry(s, start)	((void)(s), (void)(start), false)
#define u64_stats_read(p)		((p)->v)
#define u64_stats_inc(p)		((p)->v++)
#define u64_stats_add(p, n)		((p)->v += (n))

#endif
