// SPDX-License-Identifier: GPL-2.0
/*
 * secnet_xfrm.ko: IPsec ESP crypto offload for the secnet device pair, and
 * the "xfrm" subsystem of the secnet family.
 */

#include <linux/init.h>
#include <linux/module.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "secnet_xfrm.h"

#define SECNET_XFRM_VERSION	"0.1.0"

struct secnet_xfrm_net {
	atomic64_t ctrs[SECNET_XFRM_NET_CTRS];
};

static unsigned int secnet_xfrm_net_id __read_mostly;

static struct pernet_operations secnet_xfrm_net_ops = {
	.id	= &secnet_xfrm_net_id,
	.size	= sizeof(struct secnet_xfrm_net),
};

void secnet_xfrm_net_count(struct net *net, enum secnet_xfrm_net_ctr c)
{
	struct secnet_xfrm_net *xn = net_generic(net, secnet_xfrm_net_id);

	atomic64_inc(&xn->ctrs[c]);
}

static const char *const secnet_xfrm_counter_names[] = {
	[SECNET_XFRM_NET_SA_ADDED] = "sa_offloaded",
	[SECNET_XFRM_NET_SA_DECLINED] = "sa_declined",
	[SECNET_XFRM_NET_SA_REFUSED] = "sa_refused",
	[SECNET_XFRM_NET_SA_FREED] = "sa_freed",
};

static void secnet_xfrm_read_counters(struct net *net, u64 *values)
{
	struct secnet_xfrm_net *xn = net_generic(net, secnet_xfrm_net_id);
	int i;

	for (i = 0; i < SECNET_XFRM_NET_CTRS; i++)
		values[i] = atomic64_read(&xn->ctrs[i]);
}

struct secnet_subsys secnet_xfrm_subsys = {
	.name		= "xfrm",
	.version	= SECNET_XFRM_VERSION,
	.feature	= SECNET_FEATURE_XFRM,
	.owner		= THIS_MODULE,
	.ops		= secnet_xfrm_cmd_ops,
	.counter_names	= secnet_xfrm_counter_names,
	.n_counters	= ARRAY_SIZE(secnet_xfrm_counter_names),
	.read_counters	= secnet_xfrm_read_counters,
};

static int __init secnet_xfrm_init(void)
{
	int err;

	err = secnet_xfrm_sa_init();
	if (err)
		return err;
	err = register_pernet_subsys(&secnet_xfrm_net_ops);
	if (err)
		goto err_sa;
	secnet_xfrm_subsys.n_ops = secnet_xfrm_n_cmd_ops;
	err = secnet_subsys_register(&secnet_xfrm_subsys);
	if (err)
		goto err_net;
	/* Last: from here on states are offloaded, and counted. */
	err = secnet_offload_register(&secnet_xfrm_offload);
	if (err)
		goto err_subsys;
	return 0;

err_subsys:
	secnet_subsys_unregister(&secnet_xfrm_subsys);
err_net:
	unregister_pernet_subsys(&secnet_xfrm_net_ops);
err_sa:
	secnet_xfrm_sa_exit();
	return err;
}

static void __exit secnet_xfrm_exit(void)
{
	secnet_offload_unregister(&secnet_xfrm_offload);
	secnet_subsys_unregister(&secnet_xfrm_subsys);
	unregister_pernet_subsys(&secnet_xfrm_net_ops);
	secnet_xfrm_sa_exit();
}

module_init(secnet_xfrm_init);
module_exit(secnet_xfrm_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("secnet: IPsec ESP crypto offload on secnet devices");
MODULE_VERSION(SECNET_XFRM_VERSION);
MODULE_SOFTDEP("pre: esp4_offload esp6_offload");
