// SPDX-License-Identifier: GPL-2.0
/*
 * The packet and byte counters of rules, chains and namespaces, per CPU.
 *
 * A counter is an id; each CPU has a page of counters for every
 * SECNET_NF_CTR_PER_PAGE ids, found through its directory.  The pages are
 * kmalloc'd, so a packet's counter is in the kernel's direct map rather
 * than in the vmalloc'd chunks alloc_percpu() hands out past its first:
 * under QEMU's software TLB that cost a packet at 10,000 firewall rules
 * about 100 ns (README).  A page goes once none of its ids is handed out
 * (a ruleset of 100,000 rules flushed would otherwise keep 1.5 MiB a CPU);
 * ids are handed out lowest first, so the pages in use stay full.
 */

#include <kunit/visibility.h>
#include <linux/idr.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "secnet_nf.h"

DEFINE_PER_CPU(struct secnet_nf_ctr_dir __rcu *, secnet_nf_ctr_dir);

/* Id 0 is never handed out: it names no counter. */
static DEFINE_IDA(secnet_nf_ctr_ids);
/* Adds and removes pages; ids come and go without it. */
static DEFINE_MUTEX(secnet_nf_ctr_lock);
/* Under the lock: each CPU's directory's room, in pages. */
static unsigned int secnet_nf_ctr_room;
/*
 * The ids handed out on each page: raised under secnet_nf_ctr_lock, as a
 * page is made; lowered in any context as ids go, hence a spinlock.
 */
static unsigned int *secnet_nf_ctr_live;
static DEFINE_SPINLOCK(secnet_nf_ctr_live_lock);

static void secnet_nf_ctr_trim(struct work_struct *work);
static DECLARE_WORK(secnet_nf_ctr_trim_work, secnet_nf_ctr_trim);

static struct secnet_nf_ctr_dir *secnet_nf_ctr_dir_of(int cpu)
{
	return rcu_dereference_protected(per_cpu(secnet_nf_ctr_dir, cpu),
					 lockdep_is_held(&secnet_nf_ctr_lock));
}

/* Under the lock: twice the room in every CPU's directory, or no change. */
static int secnet_nf_ctr_grow(void)
{
	unsigned int room = max(2 * secnet_nf_ctr_room, 16U), *live;
	struct secnet_nf_ctr_dir **dirs, *old;
	int cpu, err = -ENOMEM;

	dirs = kcalloc(nr_cpu_ids, sizeof(*dirs), GFP_KERNEL);
	live = kcalloc(room, sizeof(*live), GFP_KERNEL_ACCOUNT);
	if (!dirs || !live)
		goto out;
	for_each_possible_cpu(cpu) {
		dirs[cpu] = kzalloc_node(struct_size(dirs[cpu], page, room),
					 GFP_KERNEL_ACCOUNT, cpu_to_node(cpu));
		if (!dirs[cpu])
			goto out;
	}
	for_each_possible_cpu(cpu) {
		old = secnet_nf_ctr_dir_of(cpu);
		if (old)
			memcpy(dirs[cpu]->page, old->page,
			       secnet_nf_ctr_room * sizeof(old->page[0]));
		rcu_assign_pointer(per_cpu(secnet_nf_ctr_dir, cpu), dirs[cpu]);
		dirs[cpu] = NULL;
		if (old)
			kfree_rcu(old, rcu);
	}
	spin_lock_irq(&secnet_nf_ctr_live_lock);
	if (secnet_nf_ctr_live)
		memcpy(live, secnet_nf_ctr_live,
		       secnet_nf_ctr_room * sizeof(*live));
	swap(live, secnet_nf_ctr_live);
	spin_unlock_irq(&secnet_nf_ctr_live_lock);
	secnet_nf_ctr_room = room;
	err = 0;
out:
	if (dirs)
		for_each_possible_cpu(cpu)
			kfree(dirs[cpu]);
	kfree(dirs);
	kfree(live);
	return err;
}

/* Under the lock: whether page @n is there (on every CPU, or on none). */
static bool secnet_nf_ctr_has_page(unsigned int n)
{
	return n < secnet_nf_ctr_room &&
	       secnet_nf_ctr_dir_of(cpumask_first(cpu_possible_mask))->page[n];
}

/* Under the lock: page @n off every CPU. */
static void secnet_nf_ctr_drop_page(unsigned int n)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		kfree(secnet_nf_ctr_dir_of(cpu)->page[n]);
		secnet_nf_ctr_dir_of(cpu)->page[n] = NULL;
	}
}

/* Under the lock: page @n on every CPU, or no change. */
static int secnet_nf_ctr_add_page(unsigned int n)
{
	struct secnet_nf_ctr *page;
	unsigned int i;
	int cpu, err;

	while (n >= secnet_nf_ctr_room) {
		err = secnet_nf_ctr_grow();
		if (err)
			return err;
	}
	for_each_possible_cpu(cpu) {
		page = kzalloc_node(PAGE_SIZE, GFP_KERNEL_ACCOUNT,
				    cpu_to_node(cpu));
		if (!page) {
			secnet_nf_ctr_drop_page(n);
			return -ENOMEM;
		}
		for (i = 0; i < SECNET_NF_CTR_PER_PAGE; i++)
			u64_stats_init(&page[i].syncp);
		/* None of its ids is handed out: no packet reads it yet. */
		secnet_nf_ctr_dir_of(cpu)->page[n] = page;
	}
	return 0;
}

/* The pages no id is on any more go, under the lock that adds pages. */
static void secnet_nf_ctr_trim(struct work_struct *work)
{
	unsigned int n;
	bool idle;

	mutex_lock(&secnet_nf_ctr_lock);
	for (n = 0; n < secnet_nf_ctr_room; n++) {
		/* Only secnet_nf_ctr_alloc() raises it, under our lock. */
		spin_lock_irq(&secnet_nf_ctr_live_lock);
		idle = !secnet_nf_ctr_live[n];
		spin_unlock_irq(&secnet_nf_ctr_live_lock);
		if (idle && secnet_nf_ctr_has_page(n))
			secnet_nf_ctr_drop_page(n);
	}
	mutex_unlock(&secnet_nf_ctr_lock);
}

/* A counter of its own for each CPU, at zero: its id, or 0 if no memory. */
u32 secnet_nf_ctr_alloc(void)
{
	struct secnet_nf_ctr *c;
	unsigned int n;
	int id, cpu;

	id = ida_alloc_min(&secnet_nf_ctr_ids, 1, GFP_KERNEL);
	if (id < 0)
		return 0;
	n = id / SECNET_NF_CTR_PER_PAGE;
	mutex_lock(&secnet_nf_ctr_lock);
	if (!secnet_nf_ctr_has_page(n) && secnet_nf_ctr_add_page(n)) {
		mutex_unlock(&secnet_nf_ctr_lock);
		ida_free(&secnet_nf_ctr_ids, id);
		return 0;
	}
	spin_lock_irq(&secnet_nf_ctr_live_lock);
	secnet_nf_ctr_live[n]++;
	spin_unlock_irq(&secnet_nf_ctr_live_lock);
	/* A freed id's counts are left: no packet counts on it any more. */
	for_each_possible_cpu(cpu) {
		c = secnet_nf_ctr_at(secnet_nf_ctr_dir_of(cpu), id);
		u64_stats_set(&c->packets, 0);
		u64_stats_set(&c->bytes, 0);
	}
	mutex_unlock(&secnet_nf_ctr_lock);
	return id;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_ctr_alloc);

/* Any context; once no packet can count on @id (0: none) any more. */
void secnet_nf_ctr_free(u32 id)
{
	unsigned long flags;
	bool idle;

	if (!id)
		return;
	spin_lock_irqsave(&secnet_nf_ctr_live_lock, flags);
	idle = !--secnet_nf_ctr_live[id / SECNET_NF_CTR_PER_PAGE];
	spin_unlock_irqrestore(&secnet_nf_ctr_live_lock, flags);
	ida_free(&secnet_nf_ctr_ids, id);
	/* Its page goes in process context, where pages are made. */
	if (idle)
		queue_work(secnet_nf_wq, &secnet_nf_ctr_trim_work);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_ctr_free);

#if IS_ENABLED(CONFIG_KUNIT)
/* The pages each CPU holds, once the frees so far are done. */
unsigned int secnet_nf_ctr_pages(void)
{
	unsigned int n, pages = 0;

	flush_work(&secnet_nf_ctr_trim_work);
	mutex_lock(&secnet_nf_ctr_lock);
	for (n = 0; n < secnet_nf_ctr_room; n++)
		pages += secnet_nf_ctr_has_page(n);
	mutex_unlock(&secnet_nf_ctr_lock);
	return pages;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_ctr_pages);
#endif

void secnet_nf_ctr_read(u32 id, u64 *packets, u64 *bytes)
{
	const struct secnet_nf_ctr *c;
	unsigned int start;
	u64 pk, by;
	int cpu;

	*packets = 0;
	*bytes = 0;
	rcu_read_lock();
	for_each_possible_cpu(cpu) {
		c = secnet_nf_ctr_at(rcu_dereference(per_cpu(secnet_nf_ctr_dir,
							     cpu)), id);
		do {
			start = u64_stats_fetch_begin(&c->syncp);
			pk = u64_stats_read(&c->packets);
			by = u64_stats_read(&c->bytes);
		} while (u64_stats_fetch_retry(&c->syncp, start));
		*packets += pk;
		*bytes += by;
	}
	rcu_read_unlock();
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_ctr_read);

/* As the module goes, once every counter is freed. */
void secnet_nf_ctr_exit(void)
{
	struct secnet_nf_ctr_dir *dir;
	unsigned int i;
	int cpu;

	WARN_ON(!ida_is_empty(&secnet_nf_ctr_ids));
	/* Its queue is gone, drained: no trim runs or comes. */
	for_each_possible_cpu(cpu) {
		dir = rcu_dereference_protected(per_cpu(secnet_nf_ctr_dir, cpu),
						true);
		if (!dir)
			continue;
		for (i = 0; i < secnet_nf_ctr_room; i++)
			kfree(dir->page[i]);
		kfree(dir);
	}
	kfree(secnet_nf_ctr_live);
	ida_destroy(&secnet_nf_ctr_ids);
}
