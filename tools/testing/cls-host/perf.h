/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hardware counters around a stretch of the benchmark, by
 * perf_event_open(2): the events `perf stat -e instructions,cycles,
 * cache-misses` counts, user space only, of this thread.
 */
#ifndef _CLS_HOST_PERF_H
#define _CLS_HOST_PERF_H

#include <stdbool.h>
#include <stdint.h>

enum { PERF_INSTRUCTIONS, PERF_CYCLES, PERF_CACHE_MISSES, PERF_EVENTS };

extern const char *const perf_event_names[PERF_EVENTS];

struct perf_counters {
	int fd[PERF_EVENTS];
};

/*
 * Opens the counters, stopped; false if the host has them not (a guest
 * without a virtual PMU, or perf_event_paranoid), with why in @why.
 */
bool perf_open(struct perf_counters *pc, char *why, unsigned int len);
void perf_start(struct perf_counters *pc);
/* Stops them and adds what they counted since perf_start() to @sum. */
void perf_stop(struct perf_counters *pc, uint64_t sum[PERF_EVENTS]);
void perf_close(struct perf_counters *pc);

#endif
