/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host benchmark's shim of mutexes: one thread, so a mutex only
 * records that it is held, for lockdep_is_held().
 */
#ifndef _SHIM_LINUX_MUTEX_H
#define _SHIM_LINUX_MUTEX_H

#include <linux/kernel.h>
#include <linux/spinlock.h>

struct mutex {
	unsigned int held;
};

#define DEFINE_MUTEX(name)	struct mutex name = { 0 }

static inline void mutex_lock(struct mutex *m)
{
	m->held++;
}

static inline void mutex_unlock(struct mutex *m)
{
	m->held--;
}

#define lockdep_is_held(m)	((m)->held != 0)

#endif
