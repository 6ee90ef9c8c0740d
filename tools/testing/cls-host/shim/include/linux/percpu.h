/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of per-CPU data: one CPU, one copy. */
#ifndef _SHIM_LINUX_PERCPU_H
#define _SHIM_LINUX_PERCPU_H

#include <linux/slab.h>

#define DECLARE_PER_CPU(type, name)	extern __typeof__(type) name
#define DEFINE_PER_CPU(type, name)	__typeof__(type) name
#define for_each_possible_cpu(cpu)	for ((cpu) = 0; (cpu) < 1; (cpu)++)
#define per_cpu_ptr(p, cpu)		((void)(cpu), (p))
#define this_cpu_ptr(p)			(p)
#define get_cpu_ptr(p)			(p)
#define put_cpu_ptr(p)			do { } while (0)
#define alloc_percpu_gfp(type, gfp)	((type *)kzalloc(sizeof(type), (gfp)))
#define free_percpu(p)			kfree(p)

#endif
