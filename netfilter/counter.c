// SPDX-License-Identifier: GPL-2.0
/*
 * The packet and byte counters of rules, chains and namespaces, per CPU.
 *
 * A counter is an id; each CPU has a page of counters for every
 * SECNET_NF_CTR_PER_PAGE ids, found through its directory.  The pages are
 * kmalloc'd, so a packet's counter is in the kernel's direct map rather
 * than in the vmalloc'd chunks alloc_percpu() hands out past its first:
 * under QEMU's software TLB that cost a packet at 10,000 firewall rules
 * about 100 ns (README).  Pages stay until the module goes; ids are handed
 * out lowest first, so the pages stay full.
 */

#include <kunit/visibility.h>
#include <linux/idr.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "secnet_nf.h"

DEFINE_PER_CPU(struct secnet_nf_ctr_dir __rcu *, secnet_nf_ctr_dir);

/* Id 0 is never handed out: it names no counter. */
static DEFINE_IDA(secnet_nf_ctr_ids);
/* Adds pages; ids come and go without it. */
static DEFINE_MUTEX(secnet_nf_ctr_lock);
/* Under the lock: the pages each CPU has, and its directory's room. */
static unsigned int secnet_nf_ctr_pages, secnet_nf_ctr_room;

static struct secnet_nf_ctr_dir *secnet_nf_ctr_dir_of(int cpu)
{
	return rcu_dereference_protected(per_cpu(secnet_nf_ctr_dir, cpu),
					 lockdep_is_held(&secnet_nf_ctr_lock));
}

/* Under the lock: twice the room in every CPU's directory, or no change. */
static int secnet_nf_ctr_grow(void)
{
	unsigned int room = max(2 * secnet_nf_ctr_room, 16U);
	struct secnet_nf_ctr_dir **dirs, *old;
	int cpu, err = -ENOMEM;

	dirs = kcalloc(nr_cpu_ids, sizeof(*dirs), GFP_KERNEL);
	if (!dirs)
		return -ENOMEM;
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
			       secnet_nf_ctr_pages * sizeof(old->page[0]));
		rcu_assign_pointer(per_cpu(secnet_nf_ctr_dir, cpu), dirs[cpu]);
		dirs[cpu] = NULL;
		if (old)
			kfree_rcu(old, rcu);
	}
	secnet_nf_ctr_room = room;
	err = 0;
out:
	for_each_possible_cpu(cpu)
		kfree(dirs[cpu]);
	kfree(dirs);
	return err;
}

/* Under the lock: one more page on every CPU, or no change. */
static int secnet_nf_ctr_add_page(void)
{
	unsigned int n = secnet_nf_ctr_pages, i;
	struct secnet_nf_ctr *page;
	int cpu, err;

	if (n == secnet_nf_ctr_room) {
		err = secnet_nf_ctr_grow();
		if (err)
			return err;
	}
	for_each_possible_cpu(cpu) {
		page = kzalloc_node(PAGE_SIZE, GFP_KERNEL_ACCOUNT,
				    cpu_to_node(cpu));
		if (!page)
			goto err;
		for (i = 0; i < SECNET_NF_CTR_PER_PAGE; i++)
			u64_stats_init(&page[i].syncp);
		/* Past the ids handed out: no packet reads it yet. */
		secnet_nf_ctr_dir_of(cpu)->page[n] = page;
	}
	secnet_nf_ctr_pages = n + 1;
	return 0;

err:
	for_each_possible_cpu(cpu) {
		kfree(secnet_nf_ctr_dir_of(cpu)->page[n]);
		secnet_nf_ctr_dir_of(cpu)->page[n] = NULL;
	}
	return -ENOMEM;
}

/* A counter of its own for each CPU, at zero: its id, or 0 if no memory. */
u32 secnet_nf_ctr_alloc(void)
{
	struct secnet_nf_ctr *c;
	int id, cpu;

	id = ida_alloc_min(&secnet_nf_ctr_ids, 1, GFP_KERNEL);
	if (id < 0)
		return 0;
	mutex_lock(&secnet_nf_ctr_lock);
	while (id / SECNET_NF_CTR_PER_PAGE >= secnet_nf_ctr_pages) {
		if (secnet_nf_ctr_add_page()) {
			mutex_unlock(&secnet_nf_ctr_lock);
			ida_free(&secnet_nf_ctr_ids, id);
			return 0;
		}
	}
	/* A freed id's counts are left: no packet counts on it any more. */
	for_each_possible_cpu(cpu) {
		c = secnet_nf_ctr_at(secnet_nf_ctr_dir_of(cpu), id);
		u64_stats_set(&c->packets, 0);
		u64_stats_set(&c->bytes, 0);
	}
	mutex_unlock(&secnet_nf_ctr_lock);
	return id;
}

/* Any context; once no packet can count on @id (0: none) any more. */
void secnet_nf_ctr_free(u32 id)
{
	if (id)
		ida_free(&secnet_nf_ctr_ids, id);
}

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
	for_each_possible_cpu(cpu) {
		dir = rcu_dereference_protected(per_cpu(secnet_nf_ctr_dir, cpu),
						true);
		if (!dir)
			continue;
		for (i = 0; i < secnet_nf_ctr_pages; i++)
			kfree(dir->page[i]);
		kfree(dir);
	}
	ida_destroy(&secnet_nf_ctr_ids);
}
