/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host benchmark's shim of RCU.  One thread both changes and reads the
 * classifier, never at once: an RCU pointer is a plain pointer, a read-side
 * section nothing, and no reader can be left when an update returns, so
 * what waits for a grace period is freed at once.
 */
#ifndef _SHIM_LINUX_RCUPDATE_H
#define _SHIM_LINUX_RCUPDATE_H

#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#define rcu_read_lock()			do { } while (0)
#define rcu_read_unlock()		do { } while (0)
#define rcu_preempt_depth()		0

#define rcu_dereference(p)			READ_ONCE(p)
#define rcu_dereference_check(p, c)		READ_ONCE(p)
#define rcu_dereference_protected(p, c)		(p)
#define rcu_access_pointer(p)			READ_ONCE(p)
#define rcu_assign_pointer(p, v)		WRITE_ONCE(p, v)
#define RCU_INIT_POINTER(p, v)			((p) = (v))

#define rcu_replace_pointer(rcu_ptr, ptr, c) ({				\
	__typeof__(ptr) __old = (rcu_ptr);				\
	rcu_assign_pointer(rcu_ptr, ptr);				\
	__old;								\
})

#define kfree_rcu(ptr, rhf)	kfree(ptr)
#define kvfree_rcu(ptr, rhf)	kvfree(ptr)

#endif
