// SPDX-License-Identifier: GPL-2.0
/*
 * secnet_ktls.ko: kTLS device offload for the secnet device pair, and the
 * "ktls" subsystem of the secnet family.
 */

#include <linux/init.h>
#include <linux/module.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "secnet_ktls.h"

#define SECNET_KTLS_VERSION	"0.1.0"

struct secnet_ktls_net {
	atomic64_t ctrs[SECNET_KTLS_NET_CTRS];
};

static unsigned int secnet_ktls_net_id __read_mostly;

static struct pernet_operations secnet_ktls_net_ops = {
	.id	= &secnet_ktls_net_id,
	.size	= sizeof(struct secnet_ktls_net),
};

void secnet_ktls_net_count(struct net *net, enum secnet_ktls_net_ctr c)
{
	struct secnet_ktls_net *kn = net_generic(net, secnet_ktls_net_id);

	atomic64_inc(&kn->ctrs[c]);
}

static const char *const secnet_ktls_counter_names[] = {
	[SECNET_KTLS_NET_TX_ADDED] = "tx_offloaded",
	[SECNET_KTLS_NET_RX_ADDED] = "rx_offloaded",
	[SECNET_KTLS_NET_DECLINED] = "declined",
	[SECNET_KTLS_NET_REFUSED] = "refused",
};

static void secnet_ktls_read_counters(struct net *net, u64 *values)
{
	struct secnet_ktls_net *kn = net_generic(net, secnet_ktls_net_id);
	int i;

	for (i = 0; i < SECNET_KTLS_NET_CTRS; i++)
		values[i] = atomic64_read(&kn->ctrs[i]);
}

static struct secnet_subsys secnet_ktls_subsys = {
	.name		= "ktls",
	.version	= SECNET_KTLS_VERSION,
	.feature	= SECNET_FEATURE_KTLS,
	.owner		= THIS_MODULE,
	.ops		= secnet_ktls_cmd_ops,
	.counter_names	= secnet_ktls_counter_names,
	.n_counters	= ARRAY_SIZE(secnet_ktls_counter_names),
	.read_counters	= secnet_ktls_read_counters,
};

static int __init secnet_ktls_init(void)
{
	int err;

	err = secnet_ktls_conn_init();
	if (err)
		return err;
	err = register_pernet_subsys(&secnet_ktls_net_ops);
	if (err)
		goto err_conn;
	secnet_ktls_subsys.n_ops = secnet_ktls_n_cmd_ops;
	err = secnet_subsys_register(&secnet_ktls_subsys);
	if (err)
		goto err_net;
	/* Last: from here on sockets are offloaded, and counted. */
	err = secnet_offload_register(&secnet_ktls_offload);
	if (err)
		goto err_subsys;
	return 0;

err_subsys:
	secnet_subsys_unregister(&secnet_ktls_subsys);
err_net:
	unregister_pernet_subsys(&secnet_ktls_net_ops);
err_conn:
	secnet_ktls_conn_exit();
	return err;
}

/* Every offloaded socket holds the module: none is left here. */
static void __exit secnet_ktls_exit(void)
{
	secnet_offload_unregister(&secnet_ktls_offload);
	secnet_subsys_unregister(&secnet_ktls_subsys);
	unregister_pernet_subsys(&secnet_ktls_net_ops);
	secnet_ktls_conn_exit();
}

module_init(secnet_ktls_init);
module_exit(secnet_ktls_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("secnet: kTLS device offload on secnet devices");
MODULE_VERSION(SECNET_KTLS_VERSION);
