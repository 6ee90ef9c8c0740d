// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace state: the administrative state of every subsystem slot and
 * the core's counters.  All of it is read locklessly (atomic bitops and
 * atomic64), so the data path can ask about a subsystem from any context.
 */

#include <kunit/visibility.h>
#include <linux/bitops.h>
#include <linux/rcupdate.h>
#include <net/netns/generic.h>

#include "pernet.h"

static unsigned int secnet_pernet_id __read_mostly;

struct secnet_pernet *secnet_pernet(const struct net *net)
{
	return net_generic(net, secnet_pernet_id);
}

bool secnet_pernet_slot_up(const struct net *net, unsigned int slot)
{
	return !test_bit(slot, secnet_pernet(net)->down);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_pernet_slot_up);

void secnet_pernet_set_slot(const struct net *net, unsigned int slot, bool up)
{
	unsigned long *down = secnet_pernet(net)->down;

	if (up)
		clear_bit(slot, down);
	else
		set_bit(slot, down);
}

/*
 * A freshly allocated slot must not inherit the state its previous owner
 * left behind.  Namespaces created meanwhile start zeroed, so walking the
 * ones already listed is enough.
 */
void secnet_pernet_reset_slot(unsigned int slot)
{
	struct net *net;

	rcu_read_lock();
	for_each_net_rcu(net)
		secnet_pernet_set_slot(net, slot, true);
	rcu_read_unlock();
}

static struct pernet_operations secnet_pernet_ops = {
	.id = &secnet_pernet_id,
	.size = sizeof(struct secnet_pernet),
};

int secnet_pernet_init(void)
{
	return register_pernet_subsys(&secnet_pernet_ops);
}

void secnet_pernet_exit(void)
{
	unregister_pernet_subsys(&secnet_pernet_ops);
}
