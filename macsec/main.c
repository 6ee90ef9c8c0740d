// SPDX-License-Identifier: GPL-2.0
/*
 * secnet_macsec.ko: MACsec offload for the secnet device pair, and the
 * "macsec" subsystem of the secnet family.
 */

#include <linux/init.h>
#include <linux/module.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "secnet_macsec.h"

#define SECNET_MACSEC_VERSION	"0.1.0"

struct secnet_macsec_net {
	atomic64_t ctrs[SECNET_MACSEC_NET_CTRS];
};

static unsigned int secnet_macsec_net_id __read_mostly;

static struct pernet_operations secnet_macsec_net_ops = {
	.id	= &secnet_macsec_net_id,
	.size	= sizeof(struct secnet_macsec_net),
};

void secnet_macsec_net_count(struct net *net, enum secnet_macsec_net_ctr c)
{
	struct secnet_macsec_net *mn = net_generic(net, secnet_macsec_net_id);

	atomic64_inc(&mn->ctrs[c]);
}

static const char *const secnet_macsec_counter_names[] = {
	[SECNET_MACSEC_NET_SECY_ADDED] = "secy_offloaded",
	[SECNET_MACSEC_NET_SECY_DECLINED] = "secy_declined",
	[SECNET_MACSEC_NET_REFUSED] = "refused",
	[SECNET_MACSEC_NET_SA_ADDED] = "sa_offloaded",
};

static void secnet_macsec_read_counters(struct net *net, u64 *values)
{
	struct secnet_macsec_net *mn = net_generic(net, secnet_macsec_net_id);
	int i;

	for (i = 0; i < SECNET_MACSEC_NET_CTRS; i++)
		values[i] = atomic64_read(&mn->ctrs[i]);
}

struct secnet_subsys secnet_macsec_subsys = {
	.name		= "macsec",
	.version	= SECNET_MACSEC_VERSION,
	.feature	= SECNET_FEATURE_MACSEC,
	.owner		= THIS_MODULE,
	.ops		= secnet_macsec_cmd_ops,
	.counter_names	= secnet_macsec_counter_names,
	.n_counters	= ARRAY_SIZE(secnet_macsec_counter_names),
	.read_counters	= secnet_macsec_read_counters,
};

static int __init secnet_macsec_init(void)
{
	int err;

	err = secnet_macsec_table_init();
	if (err)
		return err;
	err = register_pernet_subsys(&secnet_macsec_net_ops);
	if (err)
		goto err_table;
	secnet_macsec_subsys.n_ops = secnet_macsec_n_cmd_ops;
	err = secnet_subsys_register(&secnet_macsec_subsys);
	if (err)
		goto err_net;
	/* Last: from here on SecYs are offloaded, and counted. */
	err = secnet_offload_register(&secnet_macsec_offload);
	if (err)
		goto err_subsys;
	return 0;

err_subsys:
	secnet_subsys_unregister(&secnet_macsec_subsys);
err_net:
	unregister_pernet_subsys(&secnet_macsec_net_ops);
err_table:
	secnet_macsec_table_exit();
	return err;
}

/* Every SecY holds the module: none is left here. */
static void __exit secnet_macsec_exit(void)
{
	secnet_offload_unregister(&secnet_macsec_offload);
	secnet_subsys_unregister(&secnet_macsec_subsys);
	unregister_pernet_subsys(&secnet_macsec_net_ops);
	secnet_macsec_table_exit();
}

module_init(secnet_macsec_init);
module_exit(secnet_macsec_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("secnet: MACsec offload on secnet devices");
MODULE_VERSION(SECNET_MACSEC_VERSION);
