// SPDX-License-Identifier: GPL-2.0
/*
 * secnet_nf.ko: the firewall, and the "netfilter" subsystem of the secnet
 * family.
 */

#include <linux/init.h>
#include <linux/module.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "secnet_nf.h"

#define SECNET_NF_VERSION	"0.1.0"

/* 4 million rules fit the orders' number space; a million is plenty. */
#define SECNET_NF_MAX_RULES_LIMIT	1000000

unsigned int secnet_nf_max_rules __read_mostly = 100000;

static int secnet_nf_max_rules_set(const char *val,
				   const struct kernel_param *kp)
{
	unsigned int n;
	int err;

	err = kstrtouint(val, 0, &n);
	if (err)
		return err;
	if (!n || n > SECNET_NF_MAX_RULES_LIMIT)
		return -ERANGE;
	WRITE_ONCE(secnet_nf_max_rules, n);
	return 0;
}

static const struct kernel_param_ops secnet_nf_max_rules_ops = {
	.set = secnet_nf_max_rules_set,
	.get = param_get_uint,
};

module_param_cb(max_rules, &secnet_nf_max_rules_ops, &secnet_nf_max_rules,
		0644);
MODULE_PARM_DESC(max_rules,
		 "most rules a namespace's ruleset holds (1 to 1000000, default 100000)");

struct workqueue_struct *secnet_nf_wq;
unsigned int secnet_nf_net_id __read_mostly;

struct secnet_nf_ruleset *secnet_nf_rs(struct secnet_nf_net *nn)
{
	return secnet_nf_deref(nn->rs);
}

static int __net_init secnet_nf_net_init(struct net *net)
{
	struct secnet_nf_net *nn = secnet_nf_net(net);
	struct secnet_nf_ruleset *rs;

	INIT_LIST_HEAD(&nn->loads);
	INIT_LIST_HEAD(&nn->sets);
	INIT_LIST_HEAD(&nn->ingress);
	secnet_nf_hooks_net_init(net);
	secnet_nf_limit_net_init(nn);
	nn->invalid = secnet_nf_ctr_alloc();
	nn->kept = secnet_nf_ctr_alloc();
	if (!nn->invalid || !nn->kept)
		goto err_ctr;
	rs = secnet_nf_ruleset_alloc();
	if (!rs)
		goto err_ctr;
	if (secnet_nf_flows_init(net))
		goto err_rs;
	rcu_assign_pointer(nn->rs, rs);
	return 0;

err_rs:
	secnet_nf_ruleset_free(rs);
err_ctr:
	secnet_nf_ctr_free(nn->kept);
	secnet_nf_ctr_free(nn->invalid);
	return -ENOMEM;
}

/* The hooks went in pre_exit, and a grace period has passed since. */
static void __net_exit secnet_nf_net_exit(struct net *net)
{
	struct secnet_nf_net *nn = secnet_nf_net(net);

	/* Before conntrack's own exit, which waits for every reference. */
	secnet_nf_flows_exit(net);
	cancel_delayed_work_sync(&nn->limit_work);
	mutex_lock(&secnet_nf_mutex);
	secnet_nf_hooks_cc_put(net, false);
	secnet_nf_loads_free(nn);
	secnet_nf_ruleset_unbind_sets(secnet_nf_rs(nn));
	secnet_nf_sets_exit(net);
	secnet_nf_ruleset_free_rcu(secnet_nf_rs(nn));
	RCU_INIT_POINTER(nn->rs, NULL);
	mutex_unlock(&secnet_nf_mutex);
	secnet_nf_ctr_free(nn->kept);
	secnet_nf_ctr_free(nn->invalid);
}

static struct pernet_operations secnet_nf_net_ops = {
	.init	= secnet_nf_net_init,
	.exit	= secnet_nf_net_exit,
	.id	= &secnet_nf_net_id,
	.size	= sizeof(struct secnet_nf_net),
};

static void __net_exit secnet_nf_net_pre_exit(struct net *net)
{
	mutex_lock(&secnet_nf_mutex);
	secnet_nf_hooks_exit(net);
	mutex_unlock(&secnet_nf_mutex);
}

/*
 * The hooks go in pre_exit, as iptables' and nf_tables' do: the grace
 * period that cleanup_net() and unregister_pernet_subsys() wait for between
 * pre_exit and exit lets the packets still in a hook finish before exit
 * frees what they read.  These are apart from secnet_nf_net_ops so that the
 * module's exit can unhook every namespace, then unregister the subsystem
 * whose state the hooks read, and free the data last.
 */
static struct pernet_operations secnet_nf_hook_net_ops = {
	.pre_exit	= secnet_nf_net_pre_exit,
};

static const char *const secnet_nf_counter_names[] = {
	"rules",
	"hooks",
	"ingress_devices",
	"last_change_ns",
	"invalid_dropped",
	"flows",
	"fast_path",
};

static void secnet_nf_read_counters(struct net *net, u64 *values)
{
	struct secnet_nf_net *nn = secnet_nf_net(net);
	u64 bytes;

	mutex_lock(&secnet_nf_mutex);
	values[0] = secnet_nf_rs(nn)->nrules;
	mutex_unlock(&secnet_nf_mutex);
	values[1] = hweight8(nn->hooked);
	values[2] = READ_ONCE(nn->n_ingress);
	values[3] = atomic64_read(&nn->last_change_ns);
	secnet_nf_ctr_read(nn->invalid, &values[4], &bytes);
	values[5] = atomic_read(&nn->flows.count);
	secnet_nf_ctr_read(nn->kept, &values[6], &bytes);
}

struct secnet_subsys secnet_nf_subsys = {
	.name		= "netfilter",
	.version	= SECNET_NF_VERSION,
	.feature	= SECNET_FEATURE_NETFILTER,
	.owner		= THIS_MODULE,
	.ops		= secnet_nf_cmd_ops,
	.counter_names	= secnet_nf_counter_names,
	.n_counters	= ARRAY_SIZE(secnet_nf_counter_names),
	.read_counters	= secnet_nf_read_counters,
};

static int __init secnet_nf_init(void)
{
	int err;

	secnet_nf_limit_init();
	secnet_nf_wq = alloc_workqueue("secnet_nf", 0, 0);
	if (!secnet_nf_wq)
		return -ENOMEM;
	err = register_pernet_subsys(&secnet_nf_net_ops);
	if (err)
		goto err_wq;
	err = register_pernet_subsys(&secnet_nf_hook_net_ops);
	if (err)
		goto err_net;
	err = secnet_nf_hooks_init();
	if (err)
		goto err_hook_net;
	err = secnet_nf_load_init();
	if (err)
		goto err_hooks;
	secnet_nf_subsys.n_ops = secnet_nf_n_cmd_ops;
	err = secnet_subsys_register(&secnet_nf_subsys);
	if (err)
		goto err_load;
	return 0;

err_load:
	secnet_nf_load_exit();
err_hooks:
	secnet_nf_hooks_cleanup();
err_hook_net:
	unregister_pernet_subsys(&secnet_nf_hook_net_ops);
err_net:
	unregister_pernet_subsys(&secnet_nf_net_ops);
err_wq:
	destroy_workqueue(secnet_nf_wq);
	secnet_nf_ctr_exit();
	return err;
}

static void __exit secnet_nf_exit(void)
{
	/*
	 * Every hook goes first, with the packets in them: the hooks ask the
	 * subsystem's state, which is not to be asked once it is unregistered.
	 * Its requests still run until then, so none may hook anew, and the
	 * per-netns data they use goes last.
	 */
	secnet_nf_hooks_close();
	unregister_pernet_subsys(&secnet_nf_hook_net_ops);
	secnet_subsys_unregister(&secnet_nf_subsys);
	secnet_nf_load_exit();
	secnet_nf_hooks_cleanup();
	unregister_pernet_subsys(&secnet_nf_net_ops);
	/* The frees queued after grace periods, then the queue. */
	rcu_barrier();
	destroy_workqueue(secnet_nf_wq);
	/* Last: nf_conncount's own RCU callbacks ran in the barrier. */
	secnet_nf_cc_symbols_put();
	secnet_nf_ctr_exit();
}

module_init(secnet_nf_init);
module_exit(secnet_nf_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("secnet: firewall with a rule classifier that scales");
MODULE_VERSION(SECNET_NF_VERSION);
