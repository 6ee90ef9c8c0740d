// SPDX-License-Identifier: GPL-2.0
/*
 * The counters as one group, so that they count over the same instants;
 * each read with its time enabled and running, and scaled if the PMU had
 * to share them out (as perf stat does).
 */

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "perf.h"

const char *const perf_event_names[PERF_EVENTS] = {
	[PERF_INSTRUCTIONS] = "instructions",
	[PERF_CYCLES] = "cycles",
	[PERF_CACHE_MISSES] = "cache-misses",
};

static const uint64_t perf_configs[PERF_EVENTS] = {
	[PERF_INSTRUCTIONS] = PERF_COUNT_HW_INSTRUCTIONS,
	[PERF_CYCLES] = PERF_COUNT_HW_CPU_CYCLES,
	[PERF_CACHE_MISSES] = PERF_COUNT_HW_CACHE_MISSES,
};

bool perf_open(struct perf_counters *pc, char *why, unsigned int len)
{
	struct perf_event_attr attr;
	int i;

	for (i = 0; i < PERF_EVENTS; i++)
		pc->fd[i] = -1;
	for (i = 0; i < PERF_EVENTS; i++) {
		memset(&attr, 0, sizeof(attr));
		attr.size = sizeof(attr);
		attr.type = PERF_TYPE_HARDWARE;
		attr.config = perf_configs[i];
		attr.disabled = !i;
		attr.exclude_kernel = 1;
		attr.exclude_hv = 1;
		attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
				   PERF_FORMAT_TOTAL_TIME_RUNNING;
		pc->fd[i] = syscall(SYS_perf_event_open, &attr, 0, -1,
				    i ? pc->fd[0] : -1, 0);
		if (pc->fd[i] < 0) {
			snprintf(why, len, "perf_event_open(%s): %s",
				 perf_event_names[i], strerror(errno));
			perf_close(pc);
			return false;
		}
	}
	return true;
}

void perf_start(struct perf_counters *pc)
{
	ioctl(pc->fd[0], PERF_EVENT_IOC_RESET, PERF_IOC_FLAG_GROUP);
	ioctl(pc->fd[0], PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
}

void perf_stop(struct perf_counters *pc, uint64_t sum[PERF_EVENTS])
{
	uint64_t v[3];
	int i;

	ioctl(pc->fd[0], PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
	for (i = 0; i < PERF_EVENTS; i++) {
		if (read(pc->fd[i], v, sizeof(v)) != sizeof(v) || !v[2])
			continue;
		sum[i] += v[2] < v[1] ? (uint64_t)((double)v[0] * v[1] / v[2]) : v[0];
	}
}

void perf_close(struct perf_counters *pc)
{
	int i;

	for (i = 0; i < PERF_EVENTS; i++) {
		if (pc->fd[i] >= 0)
			close(pc->fd[i]);
		pc->fd[i] = -1;
	}
}
