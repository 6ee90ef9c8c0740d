/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host benchmark's shim of work queues.  Work after a grace period
 * (queue_rcu_work) runs at once: no reader can be left (see rcupdate.h).
 */
#ifndef _SHIM_LINUX_WORKQUEUE_H
#define _SHIM_LINUX_WORKQUEUE_H

#include <linux/kernel.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	work_func_t func;
};

struct delayed_work {
	struct work_struct work;
};

struct rcu_work {
	struct work_struct work;
};

struct workqueue_struct;

#define INIT_WORK(w, f)		((w)->func = (f))
#define INIT_RCU_WORK(w, f)	INIT_WORK(&(w)->work, (f))

static inline struct rcu_work *to_rcu_work(struct work_struct *work)
{
	return container_of(work, struct rcu_work, work);
}

static inline bool queue_rcu_work(struct workqueue_struct *wq,
				  struct rcu_work *rwork)
{
	(void)wq;
	rwork->work.func(&rwork->work);
	return true;
}

#endif
